// The officer's review: finding states, cell corrections (re-validated), exclusions, undo and
// the audit trail, through the same contract the screens use, on a real workspace. States,
// corrections and exclusions are kept by row key, so a re-import of the same file keeps them.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAccountsFixture } from '../../fixtures/accountsFixture';
import { call, CallError, ctb, makeServices, tempDir } from '../../fixtures/harness';
import type { AppServices } from '../../../electron/core/api/appServices';

const tmp = tempDir('ctb-review-');
const config = tmp.file('config');
const workspace = tmp.file('review.ctbw');
const fixture = generateAccountsFixture({ accounts: 30, seed: 7, badCells: true });
let services: AppServices;

async function importAccounts(file: string): Promise<void> {
  const run = await ctb(['import', '--workspace', workspace, '--source', 'accounts', file, '--json'], config);
  expect([0, 1]).toContain(run.code);
}

async function findings(q: Parameters<typeof call<'review/findings'>>[2] = {}) {
  return call(services, 'review/findings', { limit: 1000, ...q });
}

async function expectError(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(CallError);
  expect((e as CallError).code).toBe(code);
  expect((e as CallError).message).toMatch(message);
}

beforeAll(async () => {
  fs.writeFileSync(tmp.file('accounts.csv'), fixture.bytes);
  await importAccounts(tmp.file('accounts.csv'));
  services = makeServices(config);
  await call(services, 'workspace/open', { path: workspace });
});
afterAll(() => {
  services.dispose();
  tmp.cleanup();
});

describe('reviewing findings', () => {
  it('lists every finding as open at first, with counts by state', async () => {
    const all = await findings();
    expect(all.total).toBeGreaterThan(3);
    expect(all.counts).toEqual({ open: all.total, reviewed: 0, fixed: 0, excluded: 0 });
    expect(all.items.every((f) => f.state === 'open')).toBe(true);
    const rules = await call(services, 'review/rules', {});
    expect(rules.find((r) => r.rule === 'BAD_BAND')?.states.open).toBe(1);
  });

  it('refuses a corrected value that fails the column rules, and changes nothing', async () => {
    const band = (await findings({ rule: 'BAD_BAND' })).items[0];
    await expectError(call(services, 'rows/edit', { source: 'accounts', rowId: band.rowId!, column: 'vo_band', value: 'Q' }), 'INVALID_VALUE', /Band "Q" could not be read.*Nothing was changed/);
    const rows = await call(services, 'staging/rows', { source: 'accounts', rowIds: [band.rowId!] });
    expect(rows.rows[0].flagged).toBe(true);
    expect(rows.rows[0].edited).toEqual([]);
  });

  it('a valid correction fixes the finding, re-validates the row and is audited', async () => {
    const band = (await findings({ rule: 'BAD_BAND' })).items[0];
    const r = await call(services, 'rows/edit', { source: 'accounts', rowId: band.rowId!, column: 'vo_band', value: ' c ', note: 'Band checked on the VOA site' });
    expect(r.fixed).toBe(1);
    expect(r.stillFlagged).toBe(false);
    expect(r.row.edited).toEqual(['vo_band']);
    const after = (await findings({ rule: 'BAD_BAND' })).items[0];
    expect(after.state).toBe('fixed');
    expect(after.stateNote).toMatch(/Corrected to "C"/);
    const audit = await call(services, 'audit/list', { action: 'row.edit' });
    expect(audit.items[0]).toMatchObject({ actor: 'test-officer', entity: 'accounts', note: 'Band checked on the VOA site' });
    expect(JSON.parse(audit.items[0].after!)).toMatchObject({ column: 'Band', value: 'C' });
  });

  it('excludes the row of a finding, which shows as excluded', async () => {
    const money = (await findings({ rule: 'BAD_MONEY' })).items[0];
    await expectError(call(services, 'review/excludeRows', { ids: [money.id], note: ' ' }), 'BAD_REQUEST', /note/i);
    const r = await call(services, 'review/excludeRows', { ids: [money.id], note: 'Not ours: moved out' });
    expect(r.excludedRows).toBe(1);
    expect((await findings({ rule: 'BAD_MONEY' })).items[0].state).toBe('excluded');
    const rows = await call(services, 'staging/rows', { source: 'accounts', excludedOnly: true });
    expect(rows.rows.map((x) => x.rowId)).toEqual([money.rowId]);
  });

  it('marks findings reviewed only with a note', async () => {
    const date = (await findings({ rule: 'BAD_DATE' })).items[0];
    await expectError(call(services, 'review/setState', { ids: [date.id], state: 'reviewed', note: '' }), 'BAD_REQUEST', /note is required/);
    expect((await call(services, 'review/setState', { ids: [date.id], state: 'reviewed', note: 'Date confirmed with the resident' })).updated).toBe(1);
    expect((await findings({ rule: 'BAD_DATE' })).items[0]).toMatchObject({ state: 'reviewed', stateNote: 'Date confirmed with the resident', stateBy: 'test-officer' });
  });

  it('undoes only the newest change, and the undo is audited', async () => {
    const list = await call(services, 'undo/list', {});
    expect(list[0].label).toMatch(/Marked 1 finding reviewed/);
    await expectError(call(services, 'undo/apply', { id: list[1].id }), 'BAD_REQUEST', /most recent/);
    expect((await call(services, 'undo/apply', { id: list[0].id })).undone).toMatch(/reviewed/);
    expect((await findings({ rule: 'BAD_DATE' })).items[0].state).toBe('open');
    // Then the exclusion, which puts the row back.
    const next = await call(services, 'undo/list', {});
    expect(next[0].label).toMatch(/Excluded the rows of 1 finding/);
    await call(services, 'undo/apply', { id: next[0].id });
    expect((await findings({ rule: 'BAD_MONEY' })).items[0].state).toBe('open');
    expect((await call(services, 'staging/rows', { source: 'accounts', excludedOnly: true })).total).toBe(0);
    const undos = await call(services, 'audit/list', { action: 'undo' });
    expect(undos.total).toBe(2);
    // Redo the exclusion for the re-import test below.
    const money = (await findings({ rule: 'BAD_MONEY' })).items[0];
    await call(services, 'review/excludeRows', { ids: [money.id], note: 'Not ours: moved out' });
    const date = (await findings({ rule: 'BAD_DATE' })).items[0];
    await call(services, 'review/setState', { ids: [date.id], state: 'reviewed', note: 'Date confirmed with the resident' });
  });

  it('undoing a correction puts the imported value back and reopens the finding', async () => {
    const band = (await findings({ rule: 'BAD_BAND' })).items[0];
    await call(services, 'rows/edit', { source: 'accounts', rowId: band.rowId!, column: 'vo_band', value: 'D' });
    const u = await call(services, 'undo/list', {});
    expect(u[0].label).toMatch(/Changed Band .* to "D"/);
    await call(services, 'undo/apply', { id: u[0].id });
    const row = (await call(services, 'staging/rows', { source: 'accounts', rowIds: [band.rowId!] })).rows[0];
    expect(row.values[row.values.length === 0 ? 0 : (await call(services, 'staging/columns', { source: 'accounts' })).findIndex((c) => c.name === 'vo_band')]).toBe('C');
  });

  it('keeps states, corrections and exclusions through a re-import of the same file', async () => {
    services.dispose();
    await importAccounts(tmp.file('accounts.csv'));
    services = makeServices(config);
    await call(services, 'workspace/open', { path: workspace });
    const byRule = async (rule: string) => (await findings({ rule })).items[0];
    expect((await byRule('BAD_BAND')).state).toBe('fixed');
    expect((await byRule('BAD_MONEY')).state).toBe('excluded');
    expect((await byRule('BAD_DATE')).state).toBe('reviewed');
    const band = await byRule('BAD_BAND');
    const row = (await call(services, 'staging/rows', { source: 'accounts', rowIds: [band.rowId!] })).rows[0];
    expect(row.flagged).toBe(false);
    expect(row.edited).toEqual(['vo_band']);
    expect((await call(services, 'staging/rows', { source: 'accounts', excludedOnly: true })).total).toBe(1);
    expect(await call(services, 'rows/unapplied', {})).toEqual([]);
    // Changes made before the import cannot be undone any more: their snapshots are of older rows.
    expect(await call(services, 'undo/list', {})).toEqual([]);
    const last = services.requireWorkspace().db.prepare('SELECT max(id) FROM undo_log WHERE undone_at IS NULL').pluck().get() as number;
    await expectError(call(services, 'undo/apply', { id: last }), 'BAD_REQUEST', /imported since/);
  });

  it('lists corrections and exclusions whose rows are not in a later file', async () => {
    services.dispose();
    const other = generateAccountsFixture({ accounts: 12, seed: 99 });
    fs.writeFileSync(tmp.file('other.csv'), other.bytes);
    await importAccounts(tmp.file('other.csv'));
    services = makeServices(config);
    await call(services, 'workspace/open', { path: workspace });
    const unapplied = await call(services, 'rows/unapplied', {});
    expect(unapplied.map((u) => u.kind).sort()).toEqual(['edit', 'exclusion']);
    expect(unapplied.find((u) => u.kind === 'edit')).toMatchObject({ source: 'accounts', column: 'vo_band', value: ' c ' });
  });

  it('exports the audit trail for Excel', async () => {
    const offer = await call(services, 'audit/export', { format: 'csv' });
    expect(offer.downloadUrl).toMatch(/^\/download\//);
    const file = services.downloads.get(offer.downloadUrl!.slice('/download/'.length))!;
    const text = fs.readFileSync(file.path, 'utf8');
    expect(text.startsWith('\ufeffwhen,officer,action,what,key,before,after,note\n')).toBe(true);
    for (const action of ['import', 'row.edit', 'row.exclude', 'finding.review', 'undo']) expect(text).toContain(`,${action},`);
  });
});
