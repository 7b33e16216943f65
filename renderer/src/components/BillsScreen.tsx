import { useCallback, useEffect, useRef, useState } from 'react';
import {
  billRunView,
  type BillingSettingsView,
  type BillRunSummaryView,
  type BillRunView,
  type JobProgress,
  type JobState,
} from '../../../shared/api/contract';
import { formatMoneyForDisplay } from '../../../shared/values/money';
import { api, downloadFromApp, errorMessage } from '../api/client';
import { useApp } from '../lib/appContext';
import { capitalise, formatCount, formatDateTime, plural } from '../lib/format';
import { NeedWorkspace } from './NeedWorkspace';

type RunStep =
  | { kind: 'idle' }
  | { kind: 'running'; jobId: string | null; progress: JobProgress | null; cancelling: boolean }
  | { kind: 'done'; run: BillRunSummaryView }
  | { kind: 'stopped'; message: string };

/** The bills screen: the billing-year settings, a bill run with its summary, and the runs so far. */
export function BillsScreen() {
  const { workspace } = useApp();
  if (!workspace) return <NeedWorkspace />;
  return <Bills />;
}

function Bills() {
  const { announce, info } = useApp();
  const [step, setStep] = useState<RunStep>({ kind: 'idle' });
  const [reissue, setReissue] = useState(false);
  const [runs, setRuns] = useState<BillRunView[]>([]);
  const [runsError, setRunsError] = useState<string | null>(null);
  const currentJob = useRef<string | null>(null);
  const finishedEarly = useRef(new Map<string, JobState>());

  const loadRuns = useCallback(async () => {
    try {
      setRuns(await api.call('billing/runs', {}));
    } catch (e) {
      setRunsError(errorMessage(e));
    }
  }, []);

  const finish = useCallback(
    (s: JobState) => {
      currentJob.current = null;
      if (s.status === 'succeeded') {
        const parsed = billRunView.safeParse((s.result as { run?: unknown } | undefined)?.run);
        if (parsed.success) {
          setStep({ kind: 'done', run: parsed.data });
          announce(`Bill run ${parsed.data.runNumber} has finished.`);
        } else setStep({ kind: 'stopped', message: 'The run finished, but its summary could not be read. See the list of runs below.' });
      } else if (s.status === 'cancelled') {
        setStep({ kind: 'stopped', message: 'The bill run was cancelled. Nothing was written or recorded.' });
        announce('The bill run was cancelled.');
      } else setStep({ kind: 'stopped', message: s.error?.message ?? 'The bill run stopped.' });
      void loadRuns();
    },
    [announce, loadRuns],
  );

  useEffect(() => {
    void loadRuns();
    const offProgress = api.on('job/progress', (p) => {
      if (p.jobId === currentJob.current) setStep((s) => (s.kind === 'running' ? { ...s, progress: p } : s));
    });
    const offFinished = api.on('job/finished', (s) => {
      if (s.jobId === currentJob.current) finish(s);
      else if (s.kind === 'bill-run') finishedEarly.current.set(s.jobId, s);
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, [finish, loadRuns]);

  const start = async () => {
    setStep({ kind: 'running', jobId: null, progress: null, cancelling: false });
    try {
      const { jobId } = await api.call('billing/start', reissue ? { reissue: true } : {});
      currentJob.current = jobId;
      setStep((s) => (s.kind === 'running' ? { ...s, jobId } : s));
      const early = finishedEarly.current.get(jobId);
      if (early) {
        finishedEarly.current.delete(jobId);
        finish(early);
        return;
      }
      const state = await api.call('jobs/get', { jobId });
      if (state.status !== 'running' && currentJob.current === jobId) finish(state);
    } catch (e) {
      currentJob.current = null;
      setStep({ kind: 'stopped', message: errorMessage(e) });
    }
  };

  const cancel = async (jobId: string) => {
    setStep((s) => (s.kind === 'running' ? { ...s, cancelling: true } : s));
    try {
      await api.call('jobs/cancel', { jobId });
    } catch (e) {
      setStep({ kind: 'stopped', message: errorMessage(e) });
    }
  };

  return (
    <div data-testid="bills-screen">
      <h1 className="heading-l">Bills</h1>
      <SettingsPanel />

      <h2 className="heading-m">Run the bills</h2>
      {step.kind === 'running' ? (
        <RunProgress step={step} onCancel={(id) => void cancel(id)} />
      ) : (
        <>
          <p className="body">
            Every usable account is classified, and the bills are written to a new folder beside the workspace. The run is a draft until another officer approves it.
          </p>
          <div className="checkboxes__item">
            <input id="bills-reissue" type="checkbox" className="checkboxes__input" checked={reissue} onChange={(e) => setReissue(e.target.checked)} data-testid="reissue" />
            <label htmlFor="bills-reissue" className="checkboxes__label">
              Re-issue: bill again the accounts already billed in an approved run
            </label>
          </div>
          <button type="button" className="button" data-testid="run-bills" onClick={() => void start()}>
            Run bills
          </button>
        </>
      )}
      {step.kind === 'stopped' && (
        <p className="error-message" role="alert" data-testid="bill-run-error">
          {step.message}
        </p>
      )}
      {step.kind === 'done' && <RunSummary run={step.run} desktop={info?.transport === 'ipc'} />}

      <h2 className="heading-m">Bill runs</h2>
      {runsError && (
        <p className="error-message" role="alert">
          {runsError}
        </p>
      )}
      <RunsTable runs={runs} onChanged={() => void loadRuns()} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------

const SETTINGS_FIELDS = [
  { id: 'periodStart', label: 'Billing period starts (YYYY-MM-DD)' },
  { id: 'periodEnd', label: 'Billing period ends (YYYY-MM-DD)' },
  { id: 'issueDate', label: 'Issue date (YYYY-MM-DD)' },
  { id: 'firstBillNumber', label: 'First bill number' },
  { id: 'tolerancePence', label: 'Tolerance (pence)' },
  { id: 'handoffFolder', label: 'Hand-off folder for the print house (leave empty if not set)' },
] as const;
type FieldId = (typeof SETTINGS_FIELDS)[number]['id'];

function toFields(s: BillingSettingsView): Record<FieldId, string> {
  return {
    periodStart: s.billingPeriod.start,
    periodEnd: s.billingPeriod.end,
    issueDate: s.issueDate,
    firstBillNumber: String(s.firstBillNumber),
    tolerancePence: String(s.tolerancePence),
    handoffFolder: s.handoffFolder ?? '',
  };
}

function SettingsPanel() {
  const { announce } = useApp();
  const [saved, setSaved] = useState<BillingSettingsView | null>(null);
  const [fields, setFields] = useState<Record<FieldId, string> | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .call('billing/settings/get', {})
      .then((s) => {
        if (!live) return;
        setSaved(s);
        setFields(toFields(s));
      })
      .catch((e: unknown) => live && setProblems([errorMessage(e)]));
    return () => {
      live = false;
    };
  }, []);

  const save = async () => {
    if (!saved || !fields) return;
    const local: string[] = [];
    const whole = (label: string, v: string) => {
      if (!/^-?\d+$/.test(v.trim())) local.push(`${label} must be a whole number.`);
      return Number(v.trim());
    };
    const firstBillNumber = whole('The first bill number', fields.firstBillNumber);
    const tolerancePence = whole('The tolerance', fields.tolerancePence);
    setMessage(null);
    if (local.length > 0) {
      setProblems(local);
      return;
    }
    setBusy(true);
    try {
      const next = await api.call('billing/settings/set', {
        ...saved,
        billingPeriod: { start: fields.periodStart.trim(), end: fields.periodEnd.trim() },
        issueDate: fields.issueDate.trim(),
        firstBillNumber,
        tolerancePence,
        handoffFolder: fields.handoffFolder.trim() === '' ? null : fields.handoffFolder.trim(),
      });
      setSaved(next);
      setFields(toFields(next));
      setProblems([]);
      setMessage('The settings were saved.');
      announce('The billing settings were saved.');
    } catch (e) {
      setProblems([errorMessage(e)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="bills-settings-heading" data-testid="bills-settings">
      <h2 className="heading-m" id="bills-settings-heading">
        Billing settings
      </h2>
      {problems.length > 0 && (
        <div className="error-summary" role="alert" data-testid="settings-problems">
          <h3 className="error-summary__title">The settings were not saved</h3>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {fields ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {SETTINGS_FIELDS.map((f) => (
            <div className="form-group" key={f.id}>
              <label className="label label--s" htmlFor={`setting-${f.id}`}>
                {f.label}
              </label>
              <input
                id={`setting-${f.id}`}
                className="input"
                data-testid={`setting-${f.id}`}
                value={fields[f.id]}
                onChange={(e) => setFields({ ...fields, [f.id]: e.target.value })}
              />
            </div>
          ))}
          <button type="submit" className="button button--secondary" disabled={busy} data-testid="save-settings">
            Save the settings
          </button>
          {message && (
            <p className="body" role="status" data-testid="settings-message">
              {message}
            </p>
          )}
        </form>
      ) : (
        <p className="body">Loading the settings…</p>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------

const PHASES: Record<string, string> = {
  starting: 'Starting',
  'reading accounts': 'Reading the accounts',
  classifying: 'Classifying the accounts',
  'writing files': 'Writing the bill files',
};

function RunProgress({ step, onCancel }: { step: Extract<RunStep, { kind: 'running' }>; onCancel(jobId: string): void }) {
  const p = step.progress;
  const percent = p && p.total > 0 ? Math.min(100, Math.floor((p.done / p.total) * 100)) : null;
  return (
    <div data-testid="bill-progress">
      <label className="label label--s" htmlFor="bill-progress-bar">
        {p ? (PHASES[p.phase] ?? capitalise(p.phase)) : 'Starting'}
        {percent !== null ? ` – ${percent}%` : '…'}
      </label>
      {percent !== null ? (
        <progress id="bill-progress-bar" className="progress__bar" max={100} value={percent}>
          {percent}%
        </progress>
      ) : (
        <progress id="bill-progress-bar" className="progress__bar" />
      )}
      <button
        type="button"
        className="button button--warning"
        disabled={step.jobId === null || step.cancelling}
        data-testid="cancel-bill-run"
        onClick={() => step.jobId && onCancel(step.jobId)}
      >
        {step.cancelling ? 'Cancelling…' : 'Cancel the bill run'}
      </button>
    </div>
  );
}

function BarChart({ title, counts, testId }: { title: string; counts: Record<string, number>; testId: string }) {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  return (
    <figure className="bar-chart" data-testid={testId}>
      <figcaption className="heading-s">{title}</figcaption>
      {entries.length === 0 ? (
        <p className="body muted">None.</p>
      ) : (
        <ul className="bar-chart__list">
          {entries.map(([name, n]) => (
            <li key={name} className="bar-chart__row" data-testid={`${testId}-row`}>
              <span className="bar-chart__label">{name}</span>
              <span className="bar-chart__track" aria-hidden="true">
                <span className="bar-chart__bar" style={{ width: `${(n / max) * 100}%` }} />
              </span>
              <span className="bar-chart__value numeric">{formatCount(n)}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

const DOWNLOADS = [
  { file: 'summary.pdf', label: 'Download the summary (PDF)', testId: 'download-summary-pdf' },
  { file: 'summary.html', label: 'Download the summary (web page)', testId: 'download-summary-html' },
  { file: 'exclusions.csv', label: 'Download the exclusions (CSV)', testId: 'download-exclusions-csv' },
];

function RunSummary({ run, desktop }: { run: BillRunSummaryView; desktop: boolean }) {
  const { announce } = useApp();
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const open = async (file: string) => {
    setError(null);
    setMessage(null);
    try {
      const r = await api.call('billing/openFile', { runId: run.runId, file });
      if (r.downloadUrl) {
        if (!downloadFromApp(r.downloadUrl)) throw new Error('no token');
        setMessage(`${file} is downloading. Your browser saves it in its downloads folder.`);
        announce(`${file} is downloading.`);
      } else if (r.savedTo) setMessage(`Saved to ${r.savedTo}`);
      else setMessage(`${file} was not saved.`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const openFolder = async () => {
    setError(null);
    try {
      const r = await api.call('billing/openFolder', { runId: run.runId });
      setMessage(r.opened ? 'The output folder was opened.' : `The folder could not be opened. It is ${run.outDir}`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <section aria-labelledby="bill-summary-heading" data-testid="bill-summary">
      <h2 className="heading-m" id="bill-summary-heading">
        Bill run {run.runNumber}: {plural(run.control.profiled, 'bill')}, {plural(run.control.excluded, 'account')} excluded
      </h2>
      <p className="body">
        Made by {run.createdBy} on {formatDateTime(run.createdAt)}.{' '}
        {run.firstBillNumber !== null ? `Bill numbers ${run.firstBillNumber} to ${run.lastBillNumber}.` : 'No bills were numbered.'} The files are in{' '}
        <span className="code" data-testid="bill-out-dir">
          {run.outDir}
        </span>
        .
      </p>
      {run.estimateDiffs > 0 && <p className="body">{plural(run.estimateDiffs, 'bill')} differ from the estimate by more than the warning limit.</p>}
      <div className="bar-charts">
        <BarChart title="Bills per profile" counts={run.profiles} testId="profile-chart" />
        <BarChart title="Exclusions per reason" counts={run.reasons} testId="reason-chart" />
      </div>
      <table className="table table--small" data-testid="template-totals">
        <caption className="table__caption table__caption--s">Totals per template</caption>
        <thead>
          <tr>
            <th scope="col">Template</th>
            <th scope="col" className="numeric">Bills</th>
            <th scope="col" className="numeric">Gross</th>
            <th scope="col" className="numeric">Discount</th>
            <th scope="col" className="numeric">Net</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(run.totals).map(([template, t]) => (
            <tr key={template} data-testid="template-row">
              <th scope="row">{template}</th>
              <td className="numeric">{formatCount(t.bills)}</td>
              <td className="numeric">{formatMoneyForDisplay(t.gross)}</td>
              <td className="numeric">{formatMoneyForDisplay(t.discount)}</td>
              <td className="numeric">{formatMoneyForDisplay(t.net)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-group">
        {DOWNLOADS.map((d) => (
          <button key={d.file} type="button" className="button button--secondary" data-testid={d.testId} onClick={() => void open(d.file)}>
            {d.label}
          </button>
        ))}
        {desktop && (
          <button type="button" className="button button--secondary" data-testid="open-output-folder" onClick={() => void openFolder()}>
            Open the output folder
          </button>
        )}
      </div>
      {message && (
        <p className="body" role="status" data-testid="bill-file-message">
          {message}
        </p>
      )}
      {error && (
        <p className="error-message" role="alert" data-testid="bill-file-error">
          {error}
        </p>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------

function RunsTable({ runs, onChanged }: { runs: BillRunView[]; onChanged(): void }) {
  const { announce } = useApp();
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  if (runs.length === 0) return <p className="body">No bills have been run yet.</p>;

  const act = async (run: BillRunView, action: 'approve' | 'release') => {
    setError(null);
    setMessage(null);
    try {
      if (action === 'approve') {
        await api.call('billing/approve', { run: String(run.number), note: notes[run.number] ?? '' });
        setMessage(`Bill run ${run.number} was approved.`);
      } else {
        const r = await api.call('billing/release', { run: String(run.number) });
        setMessage(`Bill run ${run.number} was released to ${r.folder}.`);
      }
      announce(`Bill run ${run.number} was ${action === 'approve' ? 'approved' : 'released'}.`);
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <>
      {error && (
        <p className="error-message" role="alert" data-testid="runs-error">
          {error}
        </p>
      )}
      {message && (
        <p className="body" role="status" data-testid="runs-message">
          {message}
        </p>
      )}
      <div className="table-scroll">
        <table className="table table--small" data-testid="runs-table">
          <caption className="table__caption table__caption--s">Every bill run in this workspace, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Made</th>
              <th scope="col" className="numeric">Bills</th>
              <th scope="col" className="numeric">Excluded</th>
              <th scope="col">Approval</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} data-testid="run-row" data-status={r.status}>
                <th scope="row">
                  {r.number}
                  {r.reissue ? ' (re-issue)' : ''}
                </th>
                <td>
                  <strong className={`tag ${r.status === 'draft' ? 'tag--grey' : r.status === 'approved' ? 'tag--purple' : 'tag--green'}`}>{capitalise(r.status)}</strong>
                </td>
                <td>
                  {r.createdBy}, {formatDateTime(r.createdAt)}
                </td>
                <td className="numeric">{formatCount(r.bills)}</td>
                <td className="numeric">{formatCount(r.excluded)}</td>
                <td>{r.approvedBy ? `${r.approvedBy}: ${r.approvalNote ?? ''}` : '–'}</td>
                <td>
                  {r.status === 'draft' && (
                    <div className="input-with-button">
                      <label className="visually-hidden" htmlFor={`approve-note-${r.number}`}>
                        Approval note for run {r.number}
                      </label>
                      <input
                        id={`approve-note-${r.number}`}
                        className="input"
                        placeholder="Approval note"
                        data-testid={`approve-note-${r.number}`}
                        value={notes[r.number] ?? ''}
                        onChange={(e) => setNotes({ ...notes, [r.number]: e.target.value })}
                      />
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        data-testid={`approve-${r.number}`}
                        disabled={(notes[r.number] ?? '').trim() === ''}
                        onClick={() => void act(r, 'approve')}
                      >
                        Approve
                      </button>
                    </div>
                  )}
                  {r.status === 'approved' && (
                    <button type="button" className="button button--secondary button--small" data-testid={`release-${r.number}`} onClick={() => void act(r, 'release')}>
                      Release to the print house
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
