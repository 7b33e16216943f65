// An import that fails part-way is all or nothing: the job fails with a code, and the
// workspace is exactly as it was. Storage failures are simulated with SQLite triggers.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateAccountsFixture } from '../fixtures/accountsFixture';
import { call, ctb, makeServices, snapshotWorkspace, tempDir } from '../fixtures/harness';

const tmp = tempDir('ctb-failure-');
const config = tmp.file('config');
const good = generateAccountsFixture({ accounts: 12, seed: 21 });
const next = generateAccountsFixture({ accounts: 20, seed: 22 });
let base: string;

beforeAll(async () => {
  fs.writeFileSync(tmp.file('good.csv'), good.bytes);
  fs.writeFileSync(tmp.file('next.csv'), next.bytes);
  base = tmp.file('base.ctbw');
  expect((await ctb(['import', '--workspace', base, '--source', 'accounts', tmp.file('good.csv')], config)).code).toBe(1);
});
afterAll(() => tmp.cleanup());

let n = 0;
function copyWithTrigger(sql?: string): string {
  const ws = tmp.file(`fail${++n}.ctbw`);
  fs.copyFileSync(base, ws);
  if (sql) {
    const db = new Database(ws);
    db.exec(sql);
    db.close();
  }
  return ws;
}

async function importViaServices(ws: string, file: string, beforeStart?: () => void) {
  const services = makeServices(config);
  try {
    await call(services, 'workspace/open', { path: ws });
    const ref = await call(services, 'files/registerPath', { path: file });
    const proposal = await call(services, 'import/inspect', { file: ref.token, source: 'accounts' });
    beforeStart?.();
    const { jobId } = await call(services, 'import/start', { file: ref.token, source: 'accounts', mapping: proposal.mapping });
    return await services.jobs.wait(jobId);
  } finally {
    services.dispose();
  }
}

describe('an import that fails part-way changes nothing', () => {
  it('the file vanishes between inspecting and importing: FILE_UNREADABLE', async () => {
    const ws = copyWithTrigger();
    const before = await snapshotWorkspace(ws, config);
    const file = tmp.file('vanishing.csv');
    fs.writeFileSync(file, next.bytes);
    const state = await importViaServices(ws, file, () => fs.rmSync(file));
    expect(state.status).toBe('failed');
    expect(state.error).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('vanishing.csv') });
    expect(await snapshotWorkspace(ws, config)).toEqual(before);
  });

  it('recording the import fails: the job fails INTERNAL and everything is rolled back', async () => {
    const ws = copyWithTrigger(`CREATE TRIGGER no_new_batches BEFORE INSERT ON import_batches BEGIN SELECT RAISE(FAIL, 'simulated disk I/O error'); END;`);
    const before = await snapshotWorkspace(ws, config);
    const state = await importViaServices(ws, tmp.file('next.csv'));
    expect(state.status).toBe('failed');
    expect(state.error?.code).toBe('INTERNAL');
    expect(await snapshotWorkspace(ws, config)).toEqual(before);
  });

  it('a failure after every row is staged (while marking duplicates) rolls back every row', async () => {
    const ws = copyWithTrigger(`CREATE TRIGGER no_duplicates BEFORE INSERT ON findings WHEN NEW.rule = 'DUPLICATE' BEGIN SELECT RAISE(FAIL, 'simulated disk I/O error'); END;`);
    const before = await snapshotWorkspace(ws, config);
    const state = await importViaServices(ws, tmp.file('next.csv'));
    expect(state.status).toBe('failed');
    expect(state.error?.code).toBe('INTERNAL');
    expect(await snapshotWorkspace(ws, config)).toEqual(before);
  });

  it('the CLI reports a failed import with exit 2 and leaves the workspace as it was', async () => {
    const ws = copyWithTrigger(`CREATE TRIGGER no_new_batches BEFORE INSERT ON import_batches BEGIN SELECT RAISE(FAIL, 'simulated disk I/O error'); END;`);
    const before = await snapshotWorkspace(ws, config);
    // The CLI logs the unexpected error's detail to the process's stderr (not to its `io`).
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let logged: string;
    const run = await ctb(['import', '--workspace', ws, '--source', 'accounts', tmp.file('next.csv'), '--json'], config).finally(() => {
      logged = stderr.mock.calls.map((c) => String(c[0])).join('');
      stderr.mockRestore();
    });
    expect(logged!).toContain('simulated disk I/O error');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unexpected problem/);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, status: 'failed', error: { code: 'INTERNAL' } });
    expect(await snapshotWorkspace(ws, config)).toEqual(before);
  });

  it('a storage error while staging a row fails the import and rolls everything back', async () => {
    const ws = copyWithTrigger(`CREATE TRIGGER full_disk BEFORE INSERT ON stg_accounts WHEN NEW._line = 7 BEGIN SELECT RAISE(FAIL, 'simulated disk I/O error'); END;`);
    const before = await snapshotWorkspace(ws, config);
    const state = await importViaServices(ws, tmp.file('next.csv'));
    expect(state.status).toBe('failed');
    expect(state.error?.code).toBe('INTERNAL');
    expect(await snapshotWorkspace(ws, config)).toEqual(before);
  });

  it('a file with a header and no data rows is refused and changes nothing', async () => {
    const ws = copyWithTrigger();
    const before = await snapshotWorkspace(ws, config);
    fs.writeFileSync(tmp.file('header-only.csv'), 'Mail Merge Reference,postcode\r\n\r\n');
    const state = await importViaServices(ws, tmp.file('header-only.csv'));
    expect(state.status).toBe('failed');
    expect(state.error).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('no data rows') });
    expect(await snapshotWorkspace(ws, config)).toEqual(before);
  });
});
