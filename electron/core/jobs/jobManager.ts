import { randomUUID } from 'node:crypto';
import { AppError, isAppError } from '../../../shared/errors';
import type { JobProgress, JobState } from '../../../shared/api/contract';
import type { Logger } from '../log/logger';

export interface JobContext {
  signal: AbortSignal;
  /** Reports progress; throttled here so callers may call it per row. */
  progress(phase: string, done: number, total: number): void;
  /** Throws a CANCELLED AppError if the job was cancelled. */
  throwIfCancelled(): void;
}

export interface JobEvents {
  progress(p: JobProgress): void;
  finished(s: JobState): void;
}

const PROGRESS_INTERVAL_MS = 100;

/**
 * Long work runs as a job: started, observed through progress events, cancellable, and
 * finished with a result or an officer-readable error. The same events reach IPC and the
 * loopback transport because both subscribe to this one manager.
 */
export class JobManager {
  private readonly jobs = new Map<string, { state: JobState; controller: AbortController; done: Promise<void> }>();

  constructor(
    private readonly events: JobEvents,
    private readonly log: Logger,
  ) {}

  start(kind: string, run: (ctx: JobContext) => Promise<unknown>): string {
    const jobId = randomUUID();
    const controller = new AbortController();
    const state: JobState = { jobId, kind, status: 'running', phase: 'starting', done: 0, total: 0 };
    let lastEmit = 0;
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (phase, done, total) => {
        const phaseChanged = phase !== state.phase;
        Object.assign(state, { phase, done, total });
        const now = Date.now();
        if (phaseChanged || now - lastEmit >= PROGRESS_INTERVAL_MS || done >= total) {
          lastEmit = now;
          this.events.progress({ jobId, kind, phase, done, total });
        }
      },
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new AppError('CANCELLED', 'Cancelled.');
      },
    };
    const done = (async () => {
      // Let the caller receive the job id before any event about it.
      await new Promise((r) => setImmediate(r));
      try {
        const result = await run(ctx);
        Object.assign(state, { status: 'succeeded', result });
      } catch (e) {
        if (controller.signal.aborted || (isAppError(e) && e.code === 'CANCELLED')) {
          Object.assign(state, { status: 'cancelled', error: { code: 'CANCELLED', message: 'Cancelled. Nothing was changed.' } });
        } else if (isAppError(e)) {
          Object.assign(state, { status: 'failed', error: { code: e.code, message: e.message } });
        } else {
          this.log.error(`job ${kind} failed`, e);
          Object.assign(state, { status: 'failed', error: { code: 'INTERNAL', message: `The ${kind} stopped because of an unexpected problem: ${(e as Error).message}` } });
        }
      }
      this.events.finished({ ...state });
    })();
    this.jobs.set(jobId, { state, controller, done });
    return jobId;
  }

  get(jobId: string): JobState {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', 'There is no such job.');
    return { ...job.state };
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.state.status !== 'running') return false;
    job.controller.abort();
    return true;
  }

  /** Resolves when the job has finished (for the CLI and tests). */
  async wait(jobId: string): Promise<JobState> {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', 'There is no such job.');
    await job.done;
    return { ...job.state };
  }
}
