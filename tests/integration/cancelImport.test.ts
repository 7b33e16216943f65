// Cancelling an import part-way leaves the workspace exactly as it was: the previous batch
// still active, the same rows, no new findings, no new audit entries, the lock released.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress, JobState } from '../../shared/api/contract';
import { generateAccountsFixture, generateLargeAccountsCsv } from '../fixtures/accountsFixture';
import { call, ctb, makeServices, snapshotWorkspace, tempDir } from '../fixtures/harness';

const tmp = tempDir('ctb-cancel-');
const config = tmp.file('config');
const small = generateAccountsFixture({ accounts: 15, seed: 11 });
const big = generateLargeAccountsCsv(60_000, { seed: 12 });
const workspace = tmp.file('cancel.ctbw');

beforeAll(async () => {
  fs.writeFileSync(tmp.file('small.csv'), small.bytes);
  fs.writeFileSync(tmp.file('big.csv'), big);
  const run = await ctb(['import', '--workspace', workspace, '--source', 'accounts', tmp.file('small.csv')], config);
  expect(run.code).toBe(1);
});
afterAll(() => tmp.cleanup());

describe('cancelling an import', () => {
  it('stops at the first progress report of the row phase and changes nothing', async () => {
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
    const before = await snapshotWorkspace(workspace, config);
    expect(before.rows).toBe(small.expectedRowsCsv);

    const services = makeServices(config);
    try {
      await call(services, 'workspace/open', { path: workspace });
      const file = await call(services, 'files/registerPath', { path: tmp.file('big.csv') });
      const proposal = await call(services, 'import/inspect', { file: file.token, source: 'accounts' });
      expect(proposal.problems).toEqual([]);

      const progress: JobProgress[] = [];
      const finished: JobState[] = [];
      let cancelledAt: JobProgress | null = null;
      const unsubscribe = services.events.subscribe((event, payload) => {
        if (event === 'job/finished') finished.push(payload as JobState);
        if (event !== 'job/progress') return;
        const p = payload as JobProgress;
        progress.push(p);
        if (p.phase === 'reading rows' && !cancelledAt) {
          cancelledAt = p;
          expect(services.jobs.cancel(p.jobId)).toBe(true);
        }
      });
      const { jobId } = await call(services, 'import/start', { file: file.token, source: 'accounts', mapping: proposal.mapping });
      const state = await services.jobs.wait(jobId);
      unsubscribe();

      expect(cancelledAt).not.toBeNull();
      expect(cancelledAt!.jobId).toBe(jobId);
      expect(cancelledAt!.done).toBeLessThan(cancelledAt!.total);
      expect(state.status).toBe('cancelled');
      expect(state.error?.code).toBe('CANCELLED');
      expect(finished).toEqual([expect.objectContaining({ jobId, status: 'cancelled' })]);
      expect(progress.map((p) => p.phase)).not.toContain('saving');
      expect(await call(services, 'jobs/get', { jobId })).toMatchObject({ status: 'cancelled' });
      // Cancelling a finished job does nothing.
      expect(await call(services, 'jobs/cancel', { jobId })).toEqual({ cancelled: false });

      // Readers still see the previous import.
      const batches = await call(services, 'import/batches', { source: 'accounts' });
      expect(batches).toHaveLength(1);
      expect(batches[0].status).toBe('active');
      expect((await call(services, 'staging/rows', { source: 'accounts', limit: 1 })).total).toBe(small.rowsStaged);
      expect(services.current?.busy).toBeNull();
    } finally {
      services.dispose();
    }

    expect(await snapshotWorkspace(workspace, config)).toEqual(before);
  });

  it('the workspace takes the next import after a cancel', async () => {
    const services = makeServices(config);
    try {
      await call(services, 'workspace/open', { path: workspace });
      const file = await call(services, 'files/registerPath', { path: tmp.file('small.csv') });
      const proposal = await call(services, 'import/inspect', { file: file.token, source: 'accounts' });
      const { jobId } = await call(services, 'import/start', { file: file.token, source: 'accounts', mapping: proposal.mapping });
      expect((await services.jobs.wait(jobId)).status).toBe('succeeded');
    } finally {
      services.dispose();
    }
    const after = await snapshotWorkspace(workspace, config);
    expect(after.rows).toBe(small.expectedRowsCsv);
    expect(after.batches.map((b) => (b as { status: string }).status)).toEqual(['superseded', 'active']);
  });

  it('refuses a second import while one is running (WORKSPACE_BUSY) and cancels the first', async () => {
    const services = makeServices(config);
    try {
      await call(services, 'workspace/open', { path: workspace });
      const file = await call(services, 'files/registerPath', { path: tmp.file('big.csv') });
      const proposal = await call(services, 'import/inspect', { file: file.token, source: 'accounts' });
      let second: Promise<unknown> | null = null;
      let firstJob = '';
      const unsubscribe = services.events.subscribe((event, payload) => {
        if (event === 'job/progress' && (payload as JobProgress).phase === 'reading rows' && !second) {
          second = call(services, 'import/start', { file: file.token, source: 'accounts', mapping: proposal.mapping });
          services.jobs.cancel(firstJob);
        }
      });
      firstJob = (await call(services, 'import/start', { file: file.token, source: 'accounts', mapping: proposal.mapping })).jobId;
      const state = await services.jobs.wait(firstJob);
      unsubscribe();
      expect(state.status).toBe('cancelled');
      expect(second).not.toBeNull();
      await expect(second).rejects.toMatchObject({ code: 'WORKSPACE_BUSY' });
    } finally {
      services.dispose();
    }
  });
});
