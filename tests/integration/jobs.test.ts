import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobManager, type JobContext } from '../../electron/core/jobs/jobManager';
import { createLogger } from '../../electron/core/log/logger';
import type { JobProgress, JobState } from '../../shared/api/contract';
import { AppError } from '../../shared/errors';

function manager() {
  const progress: JobProgress[] = [];
  const finished: JobState[] = [];
  const logged: { level: string; message: string }[] = [];
  const jobs = new JobManager({ progress: (p) => progress.push(p), finished: (s) => finished.push(s) }, createLogger((e) => logged.push(e), 'test'));
  return { jobs, progress, finished, logged };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('JobManager', () => {
  it('runs a job to success with its result, and announces it once', async () => {
    const { jobs, finished } = manager();
    const jobId = jobs.start('import', async () => ({ batch: 'b1' }));
    expect(jobs.get(jobId)).toMatchObject({ jobId, kind: 'import', status: 'running' });
    const state = await jobs.wait(jobId);
    expect(state).toMatchObject({ jobId, kind: 'import', status: 'succeeded', result: { batch: 'b1' } });
    expect(finished).toEqual([state]);
    expect(jobs.get(jobId)).toEqual(state);
  });

  it('hands out the job id before any event about the job', async () => {
    const { jobs, progress } = manager();
    const jobId = jobs.start('import', async (ctx) => ctx.progress('reading rows', 0, 10));
    expect(progress).toEqual([]);
    await jobs.wait(jobId);
    expect(progress).toEqual([{ jobId, kind: 'import', phase: 'reading rows', done: 0, total: 10 }]);
  });

  it('reports each new phase and the end of a phase at once, throttles the rest', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2020-10-31T12:00:00Z'));
    const { jobs, progress } = manager();
    let ctx!: JobContext;
    let finish!: () => void;
    const jobId = jobs.start('import', (c) => {
      ctx = c;
      return new Promise<void>((r) => (finish = r));
    });
    await vi.waitFor(() => expect(ctx).toBeDefined());
    ctx.progress('checking the file', 0, 1); // new phase: reported
    ctx.progress('reading rows', 0, 100); // new phase: reported
    for (let i = 1; i < 50; i++) ctx.progress('reading rows', i, 100); // same instant: throttled
    vi.setSystemTime(Date.now() + 150);
    ctx.progress('reading rows', 60, 100); // 150 ms later: reported
    ctx.progress('reading rows', 61, 100); // throttled
    ctx.progress('reading rows', 100, 100); // done: reported
    expect(jobs.get(jobId)).toMatchObject({ phase: 'reading rows', done: 100, total: 100 });
    finish();
    await jobs.wait(jobId);
    expect(progress.map((p) => [p.phase, p.done])).toEqual([
      ['checking the file', 0],
      ['reading rows', 0],
      ['reading rows', 60],
      ['reading rows', 100],
    ]);
  });

  it('cancels: the signal aborts, throwIfCancelled throws, the job ends "cancelled"', async () => {
    const { jobs, finished } = manager();
    let ctx!: JobContext;
    const jobId = jobs.start('import', async (c) => {
      ctx = c;
      await new Promise<void>((resolve) => c.signal.addEventListener('abort', () => resolve()));
      c.throwIfCancelled();
      return 'not reached';
    });
    await vi.waitFor(() => expect(ctx).toBeDefined());
    expect(() => ctx.throwIfCancelled()).not.toThrow();
    expect(jobs.cancel(jobId)).toBe(true);
    const state = await jobs.wait(jobId);
    expect(state.status).toBe('cancelled');
    expect(state.error).toEqual({ code: 'CANCELLED', message: expect.stringContaining('Nothing was changed') });
    expect(state.result).toBeUndefined();
    expect(finished.map((s) => s.status)).toEqual(['cancelled']);
    expect(jobs.cancel(jobId)).toBe(false);
  });

  it('a job that ignores the signal but fails after a cancel is still "cancelled"', async () => {
    const { jobs } = manager();
    const jobId = jobs.start('import', async (c) => {
      await new Promise<void>((resolve) => c.signal.addEventListener('abort', () => resolve()));
      throw new Error('stream closed');
    });
    await new Promise((r) => setImmediate(r));
    jobs.cancel(jobId);
    expect((await jobs.wait(jobId)).status).toBe('cancelled');
  });

  it('keeps the code and message of an AppError', async () => {
    const { jobs, logged } = manager();
    const jobId = jobs.start('import', async () => {
      throw new AppError('MAPPING_INVALID', 'accounts.csv: No column is mapped to mail_merge_reference.');
    });
    const state = await jobs.wait(jobId);
    expect(state).toMatchObject({ status: 'failed', error: { code: 'MAPPING_INVALID', message: 'accounts.csv: No column is mapped to mail_merge_reference.' } });
    expect(logged).toEqual([]);
  });

  it('turns an unexpected error into INTERNAL and logs it', async () => {
    const { jobs, logged } = manager();
    const jobId = jobs.start('import', async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    const state = await jobs.wait(jobId);
    expect(state.status).toBe('failed');
    expect(state.error?.code).toBe('INTERNAL');
    expect(state.error?.message).toContain('import');
    expect(logged).toEqual([expect.objectContaining({ level: 'error' })]);
  });

  it('an AppError with code CANCELLED counts as cancelled even without a cancel call', async () => {
    const { jobs } = manager();
    const jobId = jobs.start('import', async () => {
      throw new AppError('CANCELLED', 'Cancelled.');
    });
    expect((await jobs.wait(jobId)).status).toBe('cancelled');
  });

  it('NOT_FOUND for a job it never started; cancel of an unknown job is false', async () => {
    const { jobs } = manager();
    expect(() => jobs.get('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    await expect(jobs.wait('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(jobs.cancel('nope')).toBe(false);
  });

  it('returns copies of its state, so callers cannot change it', async () => {
    const { jobs } = manager();
    const jobId = jobs.start('import', async () => 1);
    const state = await jobs.wait(jobId);
    state.status = 'failed';
    expect(jobs.get(jobId).status).toBe('succeeded');
  });
});
