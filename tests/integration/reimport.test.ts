// Re-importing a source replaces its rows (load rule "replace"): the old batch is kept as a
// superseded record, its rows give way, and the current findings are only the new batch's.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAccountsFixture } from '../fixtures/accountsFixture';
import { call, cliFindings, cliRows, ctb, makeServices, tempDir } from '../fixtures/harness';

const tmp = tempDir('ctb-reimport-');
const config = tmp.file('config');
const workspace = tmp.file('reimport.ctbw');
const first = generateAccountsFixture({ accounts: 30, seed: 1 });
const second = generateAccountsFixture({ accounts: 18, seed: 2, badCells: true });
let firstBatch: string;
let secondBatch: string;

beforeAll(async () => {
  fs.writeFileSync(tmp.file('october.csv'), first.bytes);
  fs.writeFileSync(tmp.file('november.csv'), second.bytes);
  const a = await ctb(['import', '--workspace', workspace, '--source', 'accounts', tmp.file('october.csv'), '--json'], config);
  firstBatch = (JSON.parse(a.stdout) as { batchId: string }).batchId;
  const b = await ctb(['import', '--workspace', workspace, '--source', 'accounts', tmp.file('november.csv'), '--json'], config);
  secondBatch = (JSON.parse(b.stdout) as { batchId: string }).batchId;
});
afterAll(() => tmp.cleanup());

describe('re-importing accounts', () => {
  it('stages only the new file’s rows', async () => {
    expect(await cliRows(workspace, config)).toBe(second.expectedRowsCsv);
  });

  it('keeps the old batch as superseded and the new one active', async () => {
    const services = makeServices(config);
    try {
      await call(services, 'workspace/open', { path: workspace });
      const batches = await call(services, 'import/batches', { source: 'accounts' });
      expect(batches.map((b) => [b.id, b.status, b.fileName, b.rowsStaged])).toEqual([
        [secondBatch, 'active', 'november.csv', second.rowsStaged],
        [firstBatch, 'superseded', 'october.csv', first.rowsStaged],
      ]);
      // Current findings are the new batch's; the old ones stay readable by batch.
      const current = await call(services, 'findings/list', { limit: 1000 });
      expect(current.items.length).toBeGreaterThan(0);
      expect(new Set(current.items.map((f) => f.batchId))).toEqual(new Set([secondBatch]));
      const old = await call(services, 'findings/list', { batchId: firstBatch, limit: 1000 });
      expect(old.items.map((f) => f.rule)).toContain('REPEATED_HEADER');
      expect(old.items.some((f) => f.rule === 'BAD_DATE')).toBe(false);
      // The summary groups the new batch's findings, errors first.
      const summary = await call(services, 'findings/summary', { batchId: secondBatch });
      expect(summary[0].severity).toBe('error');
      expect(summary.find((s) => s.rule === 'DUPLICATE' && s.severity === 'error')?.count).toBe(1);
    } finally {
      services.dispose();
    }
  });

  it('the CLI lists only the new batch’s findings', async () => {
    const findings = await cliFindings(workspace, config);
    expect(new Set(findings.map((f) => f.batchId))).toEqual(new Set([secondBatch]));
    expect(findings.map((f) => f.rule)).toContain('BAD_BAND');
  });

  it('records each import in the audit log', () => {
    const db = new Database(workspace, { readonly: true });
    try {
      const audit = db.prepare("SELECT actor, entity, entity_key, after FROM audit_log WHERE action = 'import' ORDER BY id").all() as { actor: string; entity: string; entity_key: string; after: string }[];
      expect(audit.map((a) => [a.actor, a.entity, a.entity_key])).toEqual([
        ['test-officer', 'accounts', firstBatch],
        ['test-officer', 'accounts', secondBatch],
      ]);
      expect(JSON.parse(audit[1].after)).toMatchObject({ file: 'november.csv', rowsRead: second.rowsRead, rowsFlagged: second.rowsFlagged });
      // No staged row of the old batch survives.
      expect((db.prepare('SELECT COUNT(*) AS n FROM stg_accounts WHERE _batch_id <> ?').get(secondBatch) as { n: number }).n).toBe(0);
    } finally {
      db.close();
    }
  });

  it('importing the same file again gives the same rows', async () => {
    const again = await ctb(['import', '--workspace', workspace, '--source', 'accounts', tmp.file('november.csv')], config);
    expect(again.code).toBe(1);
    expect(await cliRows(workspace, config)).toBe(second.expectedRowsCsv);
  });
});
