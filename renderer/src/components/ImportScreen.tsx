import { useCallback, useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import {
  importBatch,
  type FileRef,
  type ImportBatch,
  type JobProgress,
  type JobState,
  type MappingProposalView,
} from '../../../shared/api/contract';
import type { ImportableSource } from '../../../shared/sources/catalog';
import { api, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { plural } from '../lib/format';
import { useFocusOnShow } from '../lib/useFocusOnShow';
import { ChooseFileStep } from './ChooseFileStep';
import { MappingStep } from './MappingStep';
import { NeedWorkspace } from './NeedWorkspace';
import { ProgressStep } from './ProgressStep';
import { ReportStep } from './ReportStep';
import { StepIndicator } from './StepIndicator';
import { StoppedStep } from './StoppedStep';

export interface Inspected {
  file: FileRef;
  source: ImportableSource;
  proposal: MappingProposalView;
  /** For print bill files: the print run the officer confirmed. */
  run: string;
}

type Step =
  | { kind: 'choose'; source: ImportableSource }
  | { kind: 'mapping'; inspected: Inspected; mapping: (string | null)[] }
  | { kind: 'progress'; inspected: Inspected; mapping: (string | null)[]; jobId: string | null }
  | { kind: 'stopped'; inspected: Inspected; mapping: (string | null)[]; outcome: 'cancelled' | 'failed'; message: string }
  | { kind: 'report'; batch: ImportBatch };

const jobResult = z.object({ batch: importBatch });

export const CANCELLED_MESSAGE = 'Import cancelled. The workspace is unchanged.';

export function ImportScreen({ active }: { active: boolean }) {
  const { workspace, announce } = useApp();
  const heading = useFocusOnShow<HTMLHeadingElement>(active);
  const [step, setStep] = useState<Step>({ kind: 'choose', source: 'accounts' });
  const [progress, setProgress] = useState<JobProgress | null>(null);

  // Job events can arrive before `import/start` has answered with the job id (a small file
  // finishes at once), so finished states are kept by id until the id is known.
  const currentJob = useRef<string | null>(null);
  const finishedEarly = useRef(new Map<string, JobState>());
  const handled = useRef(new Set<string>());

  const finish = useCallback(
    (state: JobState) => {
      if (handled.current.has(state.jobId)) return;
      handled.current.add(state.jobId);
      currentJob.current = null;
      setStep((s) => {
        if (s.kind !== 'progress') return s;
        const { inspected, mapping } = s;
        if (state.status === 'succeeded') {
          const parsed = jobResult.safeParse(state.result);
          if (parsed.success) return { kind: 'report', batch: parsed.data.batch };
          console.warn('[import] job result was not { batch }', state.result);
          return { kind: 'stopped', inspected, mapping, outcome: 'failed', message: 'The import finished but its report could not be read. Look at Staged rows and Findings to check it.' };
        }
        if (state.status === 'cancelled') return { kind: 'stopped', inspected, mapping, outcome: 'cancelled', message: CANCELLED_MESSAGE };
        return {
          kind: 'stopped',
          inspected,
          mapping,
          outcome: 'failed',
          message: state.error?.message ?? 'The import stopped because of a problem. The workspace is unchanged.',
        };
      });
      if (state.status === 'succeeded') {
        const parsed = jobResult.safeParse(state.result);
        if (parsed.success) {
          const b = parsed.data.batch;
          announce(`Import finished. ${plural(b.rowsRead, 'row')} read, ${plural(b.errors, 'error')}, ${plural(b.warnings, 'warning')}.`);
        }
      } else if (state.status === 'cancelled') {
        announce(CANCELLED_MESSAGE);
      } else {
        announce('The import stopped because of a problem.');
      }
    },
    [announce],
  );

  useEffect(() => {
    const offProgress = api.on('job/progress', (p) => {
      if (p.jobId === currentJob.current) setProgress(p);
    });
    const offFinished = api.on('job/finished', (s) => {
      if (s.jobId === currentJob.current) finish(s);
      else if (!handled.current.has(s.jobId)) finishedEarly.current.set(s.jobId, s);
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, [finish]);

  const startImport = async (inspected: Inspected, mapping: (string | null)[]) => {
    setProgress(null);
    setStep({ kind: 'progress', inspected, mapping, jobId: null });
    announce('Import started.');
    let jobId: string;
    try {
      const format = inspected.proposal.format;
      jobId = (
        await api.call('import/start', {
          file: inspected.file.token,
          source: inspected.source,
          mapping: format === 'tabular' ? mapping : [],
          run: format === 'fdm_bills' ? inspected.run.trim() : undefined,
          sheet: format === 'tabular' && inspected.proposal.sheet ? inspected.proposal.sheet : undefined,
        })
      ).jobId;
    } catch (e) {
      setStep({ kind: 'stopped', inspected, mapping, outcome: 'failed', message: errorMessage(e) });
      return;
    }
    currentJob.current = jobId;
    setStep((s) => (s.kind === 'progress' ? { ...s, jobId } : s));
    const early = finishedEarly.current.get(jobId);
    if (early) {
      finishedEarly.current.delete(jobId);
      finish(early);
      return;
    }
    // Catch up in case the finished event went by before we were listening for this id.
    try {
      const state = await api.call('jobs/get', { jobId });
      if (state.status !== 'running') finish(state);
      else if (currentJob.current === jobId) setProgress((p) => p ?? { jobId, kind: state.kind, phase: state.phase, done: state.done, total: state.total });
    } catch {
      // events will still tell us
    }
  };

  const cancel = async (jobId: string) => {
    try {
      await api.call('jobs/cancel', { jobId });
      announce('Cancelling the import…');
    } catch (e) {
      announce(errorMessage(e));
    }
  };

  const restart = (source: ImportableSource = 'accounts') => {
    setProgress(null);
    setStep({ kind: 'choose', source });
  };

  const stepNumber = step.kind === 'choose' ? 1 : step.kind === 'mapping' ? 2 : step.kind === 'report' ? 4 : 3;

  return (
    <section aria-labelledby="import-heading" data-testid="import-screen" hidden={!active}>
      <h1 className="heading-l" id="import-heading" ref={heading} tabIndex={-1}>
        Import a file
      </h1>
      {!workspace && step.kind === 'choose' ? (
        <NeedWorkspace />
      ) : (
        <>
          <StepIndicator current={stepNumber} />
          {step.kind === 'choose' && (
            <ChooseFileStep
              initialSource={step.source}
              onInspected={(inspected) => setStep({ kind: 'mapping', inspected, mapping: inspected.proposal.mapping })}
            />
          )}
          {step.kind === 'mapping' && (
            <MappingStep
              inspected={step.inspected}
              mapping={step.mapping}
              onChange={(mapping) => setStep({ ...step, mapping })}
              onInspected={(inspected) => setStep({ kind: 'mapping', inspected, mapping: inspected.proposal.mapping })}
              onImport={() => startImport(step.inspected, step.mapping)}
              onBack={() => restart(step.inspected.source)}
            />
          )}
          {step.kind === 'progress' && (
            <ProgressStep
              fileName={step.inspected.file.name}
              progress={progress}
              canCancel={step.jobId !== null}
              onCancel={() => step.jobId && cancel(step.jobId)}
            />
          )}
          {step.kind === 'stopped' && (
            <StoppedStep
              outcome={step.outcome}
              message={step.message}
              onBackToMapping={() => setStep({ kind: 'mapping', inspected: step.inspected, mapping: step.mapping })}
              onRestart={() => restart(step.inspected.source)}
            />
          )}
          {step.kind === 'report' && <ReportStep batch={step.batch} onImportAnother={() => restart()} />}
        </>
      )}
    </section>
  );
}
