// The dashboard, the account view, the account search and the side-by-side checks, over a real
// workspace built by importing one small file of every source through the contract.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../electron/core/api/appServices';
import { writeSourceFixtures } from '../../e2e/support/sourceFixtures';
import { call, CallError, makeServices, tempDir } from '../../fixtures/harness';

async function importFile(services: AppServices, file: string, source: Parameters<typeof call<'import/start'>>[2]['source'], run?: string): Promise<void> {
  const ref = await call(services, 'files/registerPath', { path: file });
  const proposal = await call(services, 'import/inspect', { file: ref.token, source });
  const { jobId } = await call(services, 'import/start', { file: ref.token, source, mapping: proposal.mapping, ...(run ? { run } : {}) });
  const state = await services.jobs.wait(jobId);
  if (state.status !== 'succeeded') throw new Error(`importing ${source}: ${state.error?.message ?? state.status}`);
}

describe('dashboard, account view and checks', () => {
  const tmp = tempDir('ctb-insight-');
  let services: AppServices;

  beforeAll(() => {
    services = makeServices(tmp.file('config'));
    services.openWorkspace(tmp.file('insight.ctbw'), 'create');
  });

  afterAll(() => {
    services.dispose();
    tmp.cleanup();
  });

  it('an empty workspace is not ready and says every file is missing', async () => {
    const d = await call(services, 'dashboard/get', {});
    expect(d.sources).toHaveLength(9);
    expect(d.sources.every((s) => s.imports.length === 0)).toBe(true);
    expect(d.readyToBill.ready).toBe(false);
    expect(d.readyToBill.blockers).toContain('No Academy accounts file has been imported.');
    expect(d.readyToBill.blockers).toContain('No deaths report has been imported.');
    expect(d.readyToPush.blockers.some((b) => b.startsWith('No bill run has been made yet'))).toBe(true);
    expect(d.preview).toBeNull();
    const codes = await call(services, 'reconcile/codes', {});
    expect(codes.every((c) => c.count === 0)).toBe(true);
  });

  it('after importing every source: the imports, the blockers and the chart data', async () => {
    for (const f of await writeSourceFixtures(tmp.file('fixtures'))) await importFile(services, f.file, f.source, f.run);
    const d = await call(services, 'dashboard/get', {});
    const accounts = d.sources.find((s) => s.source === 'accounts')!;
    expect(accounts.imports).toHaveLength(1);
    expect(accounts.imports[0]).toMatchObject({ fileName: 'academy_accounts.xlsx', importedBy: 'test-officer', rowsRead: 3, rowsStaged: 3, rowsExcluded: 0 });
    expect(d.sources.every((s) => s.imports.length > 0)).toBe(true);
    expect(d.readyToBill.blockers.some((b) => b.endsWith('has been imported.'))).toBe(false);

    // The open findings and undecided deaths are said exactly.
    const rules = await call(services, 'review/rules', {});
    const open = rules.filter((r) => r.severity !== 'info').reduce((n, r) => n + r.states.open, 0);
    const openErrors = rules.filter((r) => r.severity === 'error').reduce((n, r) => n + r.states.open, 0);
    expect(open).toBeGreaterThan(0);
    expect(d.readyToBill.blockers).toContain(
      `${open} ${open === 1 ? 'finding is' : 'findings are'} still open (${openErrors} ${openErrors === 1 ? 'error' : 'errors'}). Review, fix or exclude ${open === 1 ? 'it' : 'them'} on the Findings screen.`,
    );
    expect(d.deaths).toEqual({ entries: 2, undecided: 2 });
    expect(d.readyToBill.blockers).toContain('2 death entries have no decision. Decide them on the Deaths screen.');
    expect(d.findingsByRule.reduce((n, r) => n + r.open, 0)).toBe(rules.reduce((n, r) => n + r.states.open, 0));

    // The classification preview: every usable account has a profile or reasons.
    expect(d.preview).not.toBeNull();
    const p = d.preview!;
    expect(p.accounts).toBe(3);
    expect(p.profiled + p.excluded).toBe(p.accounts);
    expect(p.profiled + p.excluded + p.flaggedRows + p.duplicateRows).toBe(p.rowsRead);
    expect(p.reasons.find((r) => r.code === 'CTR')?.count).toBe(2);
    expect(p.reasons.find((r) => r.code === 'CTR')?.label).toBe('Council tax reduction');
  });

  it('the preview agrees with a real bill run', async () => {
    const before = (await call(services, 'dashboard/get', {})).preview!;
    const { jobId } = await call(services, 'billing/start', { outDir: tmp.file('run-1') });
    const state = await services.jobs.wait(jobId);
    expect(state.status).toBe('succeeded');
    const run = (state.result as { run: { profiles: Record<string, number>; reasons: Record<string, number>; control: { profiled: number; excluded: number } } }).run;
    expect(before.profiled).toBe(run.control.profiled);
    expect(before.excluded).toBe(run.control.excluded);
    for (const r of before.reasons) expect(r.count).toBe(run.reasons[r.code] ?? 0);
    for (const pr of before.profiles) expect(pr.count).toBe(run.profiles[pr.profile] ?? 0);
    const d = await call(services, 'dashboard/get', {});
    expect(d.readyToPush.blockers).toContain('No bill run has been approved yet: another officer must approve a run on the Bills screen.');
  });

  it('shows one account across every source', async () => {
    const v = await call(services, 'accounts/get', { account: '334567890x' });
    expect(v.account).toBe('334567890X');
    expect(v.inAccounts).toBe(true);
    expect(v.summary).toMatchObject({ name: 'Mx Cal Testerby', postcode: 'N16 3ZX', band: 'D' });
    expect(v.bandAfterUpdate).toBe('E');
    const rows = (source: string) => v.sources.find((s) => s.source === source)!;
    expect(rows('accounts').rows).toHaveLength(1);
    expect(rows('working_age_ctr').rows).toHaveLength(1);
    expect(rows('fdm_exemptions').rows).toHaveLength(1);
    expect(rows('cash_payments').rows).toHaveLength(1);
    // Money is shown in pounds.
    const cash = rows('cash_payments');
    expect(cash.rows[0].values[cash.columns.findIndex((c) => c.name === 'net_amount')]).toBe('£12.00');
    // The Valuation Office update moved the band from D to E.
    expect(v.derivedChanges.some((c) => c.update === 1 && c.column === 'vo_band' && c.before === 'D' && c.after === 'E')).toBe(true);
    expect(rows('vo_bands_breakdown').note).toContain('band E');
    // Its findings, as review/findings has them.
    const expected = await call(services, 'review/findings', { account: '334567890X', limit: 1000 });
    expect(v.findings.map((f) => f.id).sort()).toEqual(expected.items.map((f) => f.id).sort());
    expect(v.findings.some((f) => f.rule === 'BAND_FDM_EXEMPT')).toBe(true);
    // Excluded, with every reason.
    expect(v.classification.kind).toBe('excluded');
    if (v.classification.kind === 'excluded') {
      const codes = v.classification.reasons.map((r) => r.code);
      expect(codes).toEqual(expect.arrayContaining(['CTR', 'EXEMPT', 'NO_BAND']));
    }
    expect(v.override).toBeNull();
    expect(v.profiles.map((p) => p.id)).toContain('DD100');
  });

  it('shows an override, its history and the account’s bills', async () => {
    await call(services, 'overrides/set', { account: '323456789', action: 'force_profile', profile: 'DD100', note: 'Checked the DD mandate by phone.' });
    const v = await call(services, 'accounts/get', { account: '323456789' });
    expect(v.override).toMatchObject({ action: 'force_profile', profile: 'DD100', note: 'Checked the DD mandate by phone.' });
    expect(v.classification).toMatchObject({ kind: 'profile', profile: 'DD100', forced: true });
    expect(v.history[0]).toMatchObject({ action: 'overrides/set', entityKey: '323456789', note: 'Checked the DD mandate by phone.' });
    // The dashboard's preview follows the override (its cache is keyed on the audit trail).
    expect((await call(services, 'dashboard/get', {})).preview!.profiles.find((p) => p.profile === 'DD100')!.count).toBe(1);
    await call(services, 'overrides/remove', { account: '323456789', note: 'Not needed after all.' });
    const after = await call(services, 'accounts/get', { account: '323456789' });
    expect(after.override).toBeNull();
    expect((await call(services, 'dashboard/get', {})).preview!.profiles.find((p) => p.profile === 'DD100')!.count).toBe(0);
    expect(after.history.map((h) => h.action).slice(0, 2)).toEqual(['overrides/remove', 'overrides/set']);
    // A bill in the earlier run is listed when the run billed the account.
    const billed = await call(services, 'billing/runs', {});
    expect(billed).toHaveLength(1);
    for (const b of after.bills) expect(b).toMatchObject({ runNumber: 1, runStatus: 'draft' });
  });

  it('an account known only to another file is shown as not billable; an unknown one is refused', async () => {
    const v = await call(services, 'accounts/get', { account: '345678901' });
    expect(v.inAccounts).toBe(false);
    expect(v.summary).toBeNull();
    expect(v.classification).toEqual({ kind: 'not_billable', why: 'The account is not in the Academy accounts, so it cannot be billed.' });
    expect(v.sources.find((s) => s.source === 'fdm_exemptions')!.rows).toHaveLength(1);
    expect(v.findings.some((f) => f.rule === 'ORPHAN')).toBe(true);
    await expect(call(services, 'accounts/get', { account: '399999999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('searches accounts by number, surname and postcode', async () => {
    expect((await call(services, 'accounts/search', { text: '3234' })).map((a) => a.account)).toEqual(['323456789']);
    expect((await call(services, 'accounts/search', { text: 'mock' })).map((a) => a.account)).toEqual(['323456789']);
    expect((await call(services, 'accounts/search', { text: 'N16' })).map((a) => a.account)).toEqual(['334567890X']);
    expect((await call(services, 'accounts/search', { text: '3' })).length).toBe(3);
    expect(await call(services, 'accounts/search', { text: 'Nobody' })).toEqual([]);
  });

  it('lists the checks with counts and shows a check side by side', async () => {
    const codes = await call(services, 'reconcile/codes', {});
    const rules = await call(services, 'review/rules', {});
    for (const c of codes.filter((c) => c.code !== 'RETURNED_DD')) {
      const r = rules.find((x) => x.kind === 'reconciliation' && x.rule === c.code);
      expect(c.count).toBe(r?.total ?? 0);
      expect(c.open).toBe(r?.states.open ?? 0);
    }
    const exempt = await call(services, 'reconcile/view', { code: 'BAND_FDM_EXEMPT' });
    expect(exempt.columns).toEqual(['Account', 'Name in accounts', 'Band in accounts', 'Band after the Valuation Office update', 'Band on the exemption notice', 'Exemption class', 'Notice file']);
    expect(exempt.total).toBe(1);
    const row = exempt.rows[0];
    expect(row.values.slice(0, 5)).toEqual(['334567890X', 'Mx Cal Testerby', 'D', 'E', 'D']);
    expect(row.values[6]).toMatch(/^fdm_exemptions.*\.txt, line \d+$/);
    expect(row.state).toBe('open');
    const ids = (await call(services, 'review/findings', { rule: 'BAND_FDM_EXEMPT' })).items.map((f) => f.id);
    expect(ids).toEqual([row.findingId]);

    // Marked reviewed, the side-by-side row says so.
    await call(services, 'review/setState', { ids: [row.findingId!], state: 'reviewed', note: 'The notice predates the band change.' });
    const again = await call(services, 'reconcile/view', { code: 'BAND_FDM_EXEMPT' });
    expect(again.rows[0].state).toBe('reviewed');
    expect((await call(services, 'reconcile/codes', {})).find((c) => c.code === 'BAND_FDM_EXEMPT')!.open).toBe(0);

    const deaths = await call(services, 'reconcile/view', { code: 'DEATH_UNMATCHED' });
    expect(deaths.rows.map((r) => r.values[1]).sort()).toEqual(['Alan Fixturedale', 'Nora Nomatchley']);
    const alan = deaths.rows.find((r) => r.values[1] === 'Alan Fixturedale')!;
    expect(alan.values[4]).toBe('312345678');
    expect(alan.values[5]).toBe('Mr Alan Fixturedale');

    const ctr = await call(services, 'reconcile/view', { code: 'CTR_NOT_IN_FDM' });
    expect(Object.fromEntries(ctr.rows.map((r) => [r.account, r.values[4]]))).toEqual({ '323456789': 'Bill has no reduction', '334567890X': 'No 2020 bill' });

    await expect(call(services, 'reconcile/view', { code: 'NOPE' })).rejects.toBeInstanceOf(CallError);
  });

  it('a death decision shows in the account’s history and rows, and the dashboard follows', async () => {
    const entries = await call(services, 'deaths/list', {});
    const alan = entries.find((e) => e.names === 'Alan Fixturedale')!;
    await call(services, 'deaths/decide', { ref: alan.entryId, decision: 'confirm', account: '312345678' });
    const v = await call(services, 'accounts/get', { account: '312345678' });
    expect(v.history.map((h) => h.action)).toContain('death.confirm');
    expect(v.sources.find((s) => s.source === 'death_list')!.rows).toHaveLength(1);
    if (v.classification.kind === 'excluded') expect(v.classification.reasons.map((r) => r.code)).toContain('DECEASED');
    else throw new Error(`expected excluded, got ${v.classification.kind}`);
    const d = await call(services, 'dashboard/get', {});
    expect(d.deaths.undecided).toBe(1);
    expect(d.readyToBill.blockers).toContain('1 death entry has no decision. Decide it on the Deaths screen.');
  });

  it('lists returned direct debits beside the payment method update', async () => {
    const dd = tmp.file('dd-returned.csv');
    fs.writeFileSync(
      dd,
      'Mail Merge Reference,Direct Debit Taken,Diff DD - Gross Charge,Returned DD (not by ADDACS),ADDACS\r\n323456789,8,£0.00,RETURNED 05/10/2020,-\r\n312345678,6,£0.00,N/A,ADDACS 0C\r\n',
    );
    await importFile(services, dd, 'direct_debit_discrepancies');
    const codes = await call(services, 'reconcile/codes', {});
    expect(codes.find((c) => c.code === 'RETURNED_DD')!.count).toBe(2);
    const v = await call(services, 'reconcile/view', { code: 'returned_dd' });
    expect(v.columns[3]).toBe('Payment method after the update');
    const byAccount = Object.fromEntries(v.rows.map((r) => [r.account, r.values]));
    expect(byAccount['323456789'][3]).toBe('CASHM');
    expect(byAccount['323456789'][4]).toBe('RETURNED 05/10/2020');
    expect(byAccount['312345678'][5]).toBe('ADDACS 0C');
    expect(v.rows.every((r) => r.findingId === null)).toBe(true);
    expect(path.basename(dd)).toBe('dd-returned.csv');
  });
});
