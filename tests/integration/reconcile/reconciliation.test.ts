import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshDerivedAndChecks } from '../../../electron/core/reconcile/afterImport';
import { runReconciliation, type RowRef } from '../../../electron/core/reconcile/reconciliation';
import { account, buildWorkspace, type Built } from './workspaceBuilder';

let w: Built;
beforeEach(() => {
  w = buildWorkspace();
});
afterEach(() => w.cleanup());

interface Stored {
  code: string;
  severity: string;
  account: string | null;
  source: string | null;
  ref: string | null;
  message: string;
  rows: RowRef[];
}

function findings(code?: string): Stored[] {
  const rows = w.db.prepare('SELECT code, severity, account, source, ref, message, rows FROM reconciliation_findings ORDER BY id').all() as (Omit<Stored, 'rows'> & { rows: string })[];
  return rows.map((r) => ({ ...r, rows: JSON.parse(r.rows) as RowRef[] })).filter((r) => code === undefined || r.code === code);
}
const keys = (code?: string) => findings(code).map((f) => [f.code, f.account, f.source, f.ref]);

describe('band checks', () => {
  it('BAND_FDM: the band after the VO update against each usable print-file bill; an empty band line differs', () => {
    const a = w.batch('accounts');
    const accRow = w.row('stg_accounts', a, account('381708071', { vo_band: 'C' }));
    w.row('stg_accounts', a, account('395414102', { vo_band: 'B' }));
    w.row('stg_accounts', a, account('310694783', { vo_band: 'F' }));
    w.row('stg_accounts', a, account('380770983', { vo_band: 'A' }));
    w.row('stg_accounts', a, account('310000005', { vo_band: 'A' }));
    const v = w.batch('valuation_office_bands');
    w.row('stg_valuation_office_bands', v, { mail_merge_reference: '381708071', property_ref: 'P381708071', vo_band: 'D', new_band_from_schedule: 'D', vo_schedule_date: '2020-09-11' });
    const dd = w.batch('fdm_bills', 'fdm_bills_dd.txt', 'dd');
    const cash = w.batch('fdm_bills', 'fdm_bills_cash.txt', 'cash');
    const bill = w.row('stg_fdm_bills', dd, { account_number: '381708071', vo_band: 'C', lead_name: 'MR JO SAMPLE', source: 'dd', run: 'dd', _line: 48 });
    w.row('stg_fdm_bills', cash, { account_number: '395414102', vo_band: null, lead_name: 'MR JO SAMPLE', source: 'cash', run: 'cash' });
    w.row('stg_fdm_bills', dd, { account_number: '310694783', vo_band: 'G', lead_name: 'MR JO SAMPLE', source: 'dd', run: 'dd' });
    w.row('stg_fdm_bills', dd, { account_number: '380770983', vo_band: 'A', lead_name: 'MR JO SAMPLE', source: 'dd', run: 'dd' }); // agrees
    w.row('stg_fdm_bills', dd, { account_number: '310000005', vo_band: 'B', lead_name: 'MR JO SAMPLE', source: 'dd', run: 'dd', _flagged: 1 }); // flagged: no part
    refreshDerivedAndChecks(w.db);
    expect(keys('BAND_FDM')).toEqual([
      ['BAND_FDM', '381708071', 'fdm_bills_dd.txt', null],
      ['BAND_FDM', '395414102', 'fdm_bills_cash.txt', null],
      ['BAND_FDM', '310694783', 'fdm_bills_dd.txt', null],
    ]);
    const f = findings('BAND_FDM')[0];
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('band D');
    expect(f.message).toContain('band C');
    expect(f.rows).toEqual([
      { table: 'stg_accounts', rowId: accRow, line: 2 },
      { table: 'stg_fdm_bills', rowId: bill, line: 48 },
    ]);
    expect(findings('BAND_FDM')[1].message).toContain('no band');
  });

  it('BAND_FDM_EXEMPT: against each exemption notice', () => {
    const a = w.batch('accounts');
    w.row('stg_accounts', a, account('334278103', { vo_band: 'G' }));
    w.row('stg_accounts', a, account('35276503', { vo_band: 'D' }));
    const e = w.batch('fdm_exemptions', 'fdm_exemptions.txt');
    w.row('stg_fdm_exemptions', e, { account_number: '334278103', vo_band: 'H', exemption_class: 'T' });
    w.row('stg_fdm_exemptions', e, { account_number: '35276503', vo_band: 'D', exemption_class: 'H' });
    refreshDerivedAndChecks(w.db);
    expect(keys('BAND_FDM_EXEMPT')).toEqual([['BAND_FDM_EXEMPT', '334278103', 'fdm_exemptions.txt', null]]);
    expect(findings('BAND_FDM_EXEMPT')[0].message).toMatch(/band G.*band H/);
  });

  it('BAND_VO: the VO vo_band for the same property_ref, after the update', () => {
    const a = w.batch('accounts');
    w.row('stg_accounts', a, account('31137908', { vo_band: 'C', property_ref: '00567337' }));
    w.row('stg_accounts', a, account('381708071', { vo_band: 'C', property_ref: '00111111' }));
    w.row('stg_accounts', a, account('310000003', { vo_band: 'C', property_ref: '00222222' }));
    const v = w.batch('valuation_office_bands');
    w.row('stg_valuation_office_bands', v, { mail_merge_reference: '31137908', property_ref: '00567337', vo_band: 'D' });
    w.row('stg_valuation_office_bands', v, { mail_merge_reference: '381708071', property_ref: '00111111', vo_band: 'D', new_band_from_schedule: 'D', vo_schedule_date: '2020-09-11' });
    w.row('stg_valuation_office_bands', v, { mail_merge_reference: '310000003', property_ref: '00222222', vo_band: 'E', _flagged: 1 });
    refreshDerivedAndChecks(w.db);
    expect(keys('BAND_VO')).toEqual([['BAND_VO', '31137908', 'valuation_office_bands', null]]);
    expect(findings('BAND_VO')[0].message).toContain('00567337');
  });
});

describe('NAME_FDM', () => {
  it('reports a bill whose lead name matches neither form; flagged and duplicate bills take no part', () => {
    const a = w.batch('accounts');
    w.row('stg_accounts', a, account('320961520', { lead_liable_title: 'Ms', lead_liable_forename: 'Tomasz', lead_liable_surname: 'Pseudo', lead_liable_name: 'Tomasz', lead_liable_lastname: 'Pseudo' }));
    w.row('stg_accounts', a, account('337200037X', { lead_liable_title: 'Miss', lead_liable_forename: 'Eden', lead_liable_surname: 'Patternson', lead_liable_name: 'Eden', lead_liable_lastname: 'Patternson' }));
    w.row('stg_accounts', a, account('310091733', { lead_liable_title: 'Miss', lead_liable_forename: 'Kemi', lead_liable_surname: 'Pseudoton', lead_liable_name: 'Kemi', lead_liable_lastname: 'Pseudoton' }));
    w.row('stg_accounts', a, account('310000004'));
    const dd = w.batch('fdm_bills', 'fdm_bills_dd.txt', 'dd');
    w.row('stg_fdm_bills', dd, { account_number: '320961520', lead_name: 'MISS TOMASZ FICTIVESTONE', vo_band: 'C', run: 'dd', source: 'dd' });
    w.row('stg_fdm_bills', dd, { account_number: '337200037X', lead_name: 'EDEN PATTERNSON', vo_band: 'C', run: 'dd', source: 'dd' });
    w.row('stg_fdm_bills', dd, { account_number: '310091733', lead_name: 'MISS K PSEUDOTON', vo_band: 'C', run: 'dd', source: 'dd' });
    const first = w.row('stg_fdm_bills', dd, { account_number: '310000004', lead_name: 'MR JO SAMPLE', vo_band: 'C', run: 'dd', source: 'dd' });
    w.row('stg_fdm_bills', dd, { account_number: '310000004', lead_name: 'SOMEONE ELSE', vo_band: 'C', run: 'dd', source: 'dd', _duplicate_of: first });
    w.row('stg_fdm_bills', dd, { account_number: '310000004', lead_name: 'SOMEONE ELSE', vo_band: 'C', run: 'dd', source: 'dd', _flagged: 1 });
    refreshDerivedAndChecks(w.db);
    expect(keys('NAME_FDM')).toEqual([['NAME_FDM', '320961520', 'fdm_bills_dd.txt', null]]);
    expect(findings('NAME_FDM')[0].message).toContain('MISS TOMASZ FICTIVESTONE');
    expect(findings('NAME_FDM')[0].message).toContain('Tomasz Pseudo');
  });
});

describe('CTR_NOT_IN_FDM', () => {
  it('an award with no bill carrying a reduction, or no bill at all; unknown accounts are ORPHAN only', () => {
    const a = w.batch('accounts');
    w.row('stg_accounts', a, account('323268648'));
    w.row('stg_accounts', a, account('322642656'));
    w.row('stg_accounts', a, account('377145672'));
    w.row('stg_accounts', a, account('310000004'));
    const c = w.batch('working_age_ctr');
    for (const acct of ['323268648', '322642656', '377145672', '37190742']) w.row('stg_working_age_ctr', c, { ctax_ref: acct, claim_id: `C${acct}` });
    w.row('stg_working_age_ctr', c, { ctax_ref: '310000004', claim_id: 'X', _flagged: 1 });
    const cash = w.batch('fdm_bills', 'fdm_bills_cash.txt', 'cash');
    w.row('stg_fdm_bills', cash, { account_number: '323268648', vo_band: 'C', lead_name: 'MR JO SAMPLE', run: 'cash', source: 'cash' });
    w.row('stg_fdm_bills', cash, { account_number: '377145672', vo_band: 'C', lead_name: 'MR JO SAMPLE', reduction: 'Less Council Tax Reduction', reduction_amount: 97304, run: 'cash', source: 'cash' });
    refreshDerivedAndChecks(w.db);
    expect(keys('CTR_NOT_IN_FDM')).toEqual([
      ['CTR_NOT_IN_FDM', '323268648', 'working_age_ctr', null],
      ['CTR_NOT_IN_FDM', '322642656', 'working_age_ctr', null],
    ]);
    expect(findings('CTR_NOT_IN_FDM')[0].message).toContain('none of its 2020 print-file bills');
    expect(findings('CTR_NOT_IN_FDM')[1].message).toContain('no 2020 print-file bill');
    expect(keys('ORPHAN')).toEqual([['ORPHAN', '37190742', 'working_age_ctr', null]]);
  });

  it('a reduction only on a flagged bill does not count', () => {
    const a = w.batch('accounts');
    w.row('stg_accounts', a, account('310000001'));
    const c = w.batch('working_age_ctr');
    w.row('stg_working_age_ctr', c, { ctax_ref: '310000001', claim_id: '1' });
    const props = w.batch('fdm_bills', 'fdm_bills_props.txt', 'props');
    w.row('stg_fdm_bills', props, { account_number: '310000001', reduction: 'Less Council Tax Reduction', run: 'props', source: 'props', _flagged: 1 });
    refreshDerivedAndChecks(w.db);
    expect(keys('CTR_NOT_IN_FDM')).toEqual([['CTR_NOT_IN_FDM', '310000001', 'working_age_ctr', null]]);
  });
});

describe('ORPHAN', () => {
  it('one finding per source (print files by file name) and account; flagged and duplicate rows take no part', () => {
    const a = w.batch('accounts');
    w.row('stg_accounts', a, account('310000001'));
    w.row('stg_accounts', a, account('399999999', { _flagged: 1 })); // flagged: not "in accounts"
    const cash = w.batch('cash_payments');
    const p1 = w.row('stg_cash_payments', cash, { account: '317807942', net_amount: 100 });
    const p2 = w.row('stg_cash_payments', cash, { account: '317807942', net_amount: 200 });
    w.row('stg_cash_payments', cash, { account: '310000001', net_amount: 200 });
    w.row('stg_cash_payments', cash, { account: '318888888', net_amount: 200, _flagged: 1 });
    w.row('stg_cash_payments', cash, { account: '399999999', net_amount: 5 });
    const dd = w.batch('direct_debit_discrepancies');
    w.row('stg_direct_debit_discrepancies', dd, { mail_merge_reference: '338019825' });
    const vo = w.batch('valuation_office_bands');
    w.row('stg_valuation_office_bands', vo, { mail_merge_reference: '336204761', property_ref: 'Z' });
    const ctr = w.batch('working_age_ctr');
    w.row('stg_working_age_ctr', ctr, { ctax_ref: '37190742', claim_id: '1' });
    const fd = w.batch('fdm_bills', 'fdm_bills_dd.txt', 'dd');
    const fc = w.batch('fdm_bills', 'fdm_bills_cash.txt', 'cash');
    w.row('stg_fdm_bills', fd, { account_number: '339596610', run: 'dd', source: 'dd' });
    w.row('stg_fdm_bills', fc, { account_number: '385432606', run: 'cash', source: 'cash' });
    const fe = w.batch('fdm_exemptions', 'fdm_exemptions.txt');
    w.row('stg_fdm_exemptions', fe, { account_number: '33194803' });
    const dl = w.batch('death_list', 'death_list.txt');
    w.row('stg_death_list', dl, { reference: 1, _status: 'confirmed', account_number: '35555555' });
    w.row('stg_death_list', dl, { reference: 2, _status: 'confirmed', account_number: '310000001' });
    refreshDerivedAndChecks(w.db);
    expect(keys('ORPHAN')).toEqual([
      ['ORPHAN', '339596610', 'fdm_bills_dd.txt', null],
      ['ORPHAN', '385432606', 'fdm_bills_cash.txt', null],
      ['ORPHAN', '33194803', 'fdm_exemptions.txt', null],
      ['ORPHAN', '37190742', 'working_age_ctr', null],
      ['ORPHAN', '336204761', 'valuation_office_bands', null],
      ['ORPHAN', '338019825', 'direct_debit_discrepancies', null],
      ['ORPHAN', '317807942', 'cash_payments', null],
      ['ORPHAN', '399999999', 'cash_payments', null],
      ['ORPHAN', '35555555', 'death_list', '1'],
    ]);
    const cashOrphan = findings('ORPHAN').find((f) => f.account === '317807942');
    expect(cashOrphan?.rows.map((r) => r.rowId)).toEqual([p1, p2]);
    expect(cashOrphan?.message).toContain('2 rows');
  });

  it('nothing is an orphan while no accounts are staged', () => {
    const cash = w.batch('cash_payments');
    w.row('stg_cash_payments', cash, { account: '317807942', net_amount: 100 });
    refreshDerivedAndChecks(w.db);
    expect(findings()).toEqual([]);
  });
});

describe('DUPLICATE', () => {
  it('an identical later row (not flagged) per table or file; a differing (flagged) one is not reported; an orphan is ORPHAN only', () => {
    const a = w.batch('accounts');
    const first = w.row('stg_accounts', a, account('334628822'));
    const later = w.row('stg_accounts', a, account('334628822', { _duplicate_of: first }));
    const f2 = w.row('stg_accounts', a, account('355465826'));
    w.row('stg_accounts', a, account('355465826', { payment_method_code: 'DD1', _duplicate_of: f2, _flagged: 1 }));
    const dd = w.batch('direct_debit_discrepancies');
    const d1 = w.row('stg_direct_debit_discrepancies', dd, { mail_merge_reference: '334628822' });
    w.row('stg_direct_debit_discrepancies', dd, { mail_merge_reference: '334628822', _duplicate_of: d1 });
    const ctr = w.batch('working_age_ctr');
    const c1 = w.row('stg_working_age_ctr', ctr, { ctax_ref: '355465826', claim_id: '1' });
    w.row('stg_working_age_ctr', ctr, { ctax_ref: '355465826', claim_id: '1', _duplicate_of: c1 });
    const vo = w.batch('valuation_office_bands');
    const v1 = w.row('stg_valuation_office_bands', vo, { mail_merge_reference: '355465826', property_ref: `P355465826`, vo_band: 'C' });
    w.row('stg_valuation_office_bands', vo, { mail_merge_reference: '355465826', property_ref: `P355465826`, vo_band: 'C', _duplicate_of: v1 });
    const fd = w.batch('fdm_bills', 'fdm_bills_dd.txt', 'dd');
    const b1 = w.row('stg_fdm_bills', fd, { account_number: '334628822', vo_band: 'C', lead_name: 'MR JO SAMPLE', run: 'dd', source: 'dd' });
    w.row('stg_fdm_bills', fd, { account_number: '334628822', vo_band: 'C', lead_name: 'MR JO SAMPLE', run: 'dd', source: 'dd', _duplicate_of: b1 });
    const o1 = w.row('stg_fdm_bills', fd, { account_number: '339596610', run: 'dd', source: 'dd' });
    w.row('stg_fdm_bills', fd, { account_number: '339596610', run: 'dd', source: 'dd', _duplicate_of: o1 });
    const fe = w.batch('fdm_exemptions', 'fdm_exemptions.txt');
    const e1 = w.row('stg_fdm_exemptions', fe, { account_number: '355465826', vo_band: 'C' });
    w.row('stg_fdm_exemptions', fe, { account_number: '355465826', vo_band: 'C', _duplicate_of: e1 });
    refreshDerivedAndChecks(w.db);
    expect(keys('DUPLICATE')).toEqual([
      ['DUPLICATE', '334628822', 'accounts', null],
      ['DUPLICATE', '334628822', 'fdm_bills_dd.txt', null],
      ['DUPLICATE', '355465826', 'fdm_exemptions.txt', null],
      ['DUPLICATE', '355465826', 'working_age_ctr', null],
      ['DUPLICATE', '355465826', 'valuation_office_bands', null],
      ['DUPLICATE', '334628822', 'direct_debit_discrepancies', null],
    ]);
    const acc = findings('DUPLICATE')[0];
    expect(acc.severity).toBe('warning');
    expect(acc.rows.map((r) => r.rowId)).toEqual([first, later]);
    expect(keys('ORPHAN')).toEqual([['ORPHAN', '339596610', 'fdm_bills_dd.txt', null]]);
  });

  it('an account in two print runs, source fdm_bills; a flagged bill in the second run does not count', () => {
    const a = w.batch('accounts');
    w.row('stg_accounts', a, account('399683317'));
    w.row('stg_accounts', a, account('368879697'));
    const fd = w.batch('fdm_bills', 'fdm_bills_dd.txt', 'dd');
    const fp = w.batch('fdm_bills', 'fdm_bills_props.txt', 'props');
    w.row('stg_fdm_bills', fd, { account_number: '399683317', vo_band: 'C', lead_name: 'MR JO SAMPLE', run: 'dd', source: 'dd' });
    w.row('stg_fdm_bills', fp, { account_number: '399683317', vo_band: 'C', lead_name: 'MR JO SAMPLE', run: 'props', source: 'props' });
    w.row('stg_fdm_bills', fd, { account_number: '368879697', vo_band: 'C', lead_name: 'MR JO SAMPLE', run: 'dd', source: 'dd' });
    w.row('stg_fdm_bills', fp, { account_number: '368879697', vo_band: 'C', lead_name: 'MR JO SAMPLE', run: 'props', source: 'props', _flagged: 1 });
    refreshDerivedAndChecks(w.db);
    expect(keys('DUPLICATE')).toEqual([['DUPLICATE', '399683317', 'fdm_bills', null]]);
    expect(findings('DUPLICATE')[0].message).toContain('fdm_bills_dd.txt, fdm_bills_props.txt');
    expect(findings('DUPLICATE')[0].rows).toHaveLength(2);
  });
});

describe('DEATH_UNMATCHED', () => {
  it('every unmatched entry, with the proposed account for information; confirmed and not-found entries are settled', () => {
    w.batch('accounts');
    const a = w.batch('accounts');
    w.row('stg_accounts', a, account('367992182'));
    const dl = w.batch('death_list', 'death_list.txt');
    w.row('stg_death_list', dl, { reference: 1, names: 'Oisin Patternworth', _status: 'unmatched', _proposed_account: '367992182' });
    w.row('stg_death_list', dl, { reference: 2, names: 'Mei Fictiveworth', _status: 'unmatched' });
    w.row('stg_death_list', dl, { reference: 3, _status: 'not_found' });
    w.row('stg_death_list', dl, { reference: 4, _status: 'confirmed', account_number: '367992182' });
    w.row('stg_death_list', dl, { reference: 5, _status: 'unmatched', _flagged: 1 });
    refreshDerivedAndChecks(w.db);
    expect(keys('DEATH_UNMATCHED')).toEqual([
      ['DEATH_UNMATCHED', '367992182', 'death_list', '1'],
      ['DEATH_UNMATCHED', null, 'death_list', '2'],
    ]);
    expect(findings('DEATH_UNMATCHED')[0].message).toContain('proposed match 367992182');
    expect(findings('DEATH_UNMATCHED')[1].message).toContain('Mei Fictiveworth');
  });
});

describe('BREAKDOWN_RATIO', () => {
  const services = [
    ['LONDON BOROUGH OF HACKNEY', 109366],
    ['ADULT SOCIAL CARE', 3970],
    ['GREATER LONDON AUTHORITY', 39921],
  ] as const;
  const ninths: Record<string, number> = { A: 6, B: 7, C: 8, D: 9, E: 11, F: 13, G: 15, H: 18 };
  function breakdown(tweak: (band: string, service: string, amount: number) => number = (_b, _s, x) => x): void {
    const b = w.batch('vo_bands_breakdown');
    for (const band of Object.keys(ninths))
      for (const [service, d] of services) {
        const exact = Math.floor((2 * d * ninths[band] + 9) / 18); // half-up of d × n ÷ 9
        w.row('stg_vo_bands_breakdown', b, { vo_band: band, service, amount: tweak(band, service, exact), percentage_diff_20_21: 199 });
      }
  }
  it('amounts that follow the ratios to the penny give nothing', () => {
    breakdown();
    refreshDerivedAndChecks(w.db);
    expect(findings()).toEqual([]);
  });
  it('one penny off gives one error naming band and service', () => {
    breakdown((band, service, x) => (band === 'F' && service === 'GREATER LONDON AUTHORITY' ? x + 1 : x));
    refreshDerivedAndChecks(w.db);
    expect(keys()).toEqual([['BREAKDOWN_RATIO', null, 'vo_bands_breakdown', 'F / GREATER LONDON AUTHORITY']]);
    const f = findings()[0];
    expect(f.severity).toBe('error');
    expect(f.message).toContain('£0.01 off');
    expect(f.rows).toHaveLength(2);
  });
  it('flagged rows take no part', () => {
    breakdown();
    const b = w.batch('vo_bands_breakdown', 'more.csv');
    w.row('stg_vo_bands_breakdown', b, { vo_band: 'A', service: 'ADULT SOCIAL CARE', amount: 1, _flagged: 1 });
    refreshDerivedAndChecks(w.db);
    expect(findings()).toEqual([]);
  });
  it('a service without a band D amount cannot be checked: one finding', () => {
    const b = w.batch('vo_bands_breakdown');
    w.row('stg_vo_bands_breakdown', b, { vo_band: 'A', service: 'PARISH', amount: 100 });
    w.row('stg_vo_bands_breakdown', b, { vo_band: 'B', service: 'PARISH', amount: 117 });
    refreshDerivedAndChecks(w.db);
    expect(keys()).toEqual([['BREAKDOWN_RATIO', null, 'vo_bands_breakdown', 'D / PARISH']]);
  });
});

describe('re-running', () => {
  it('replaces the findings each time', () => {
    const a = w.batch('accounts');
    w.row('stg_accounts', a, account('310000001'));
    const c = w.batch('cash_payments');
    w.row('stg_cash_payments', c, { account: '317807942', net_amount: 1 });
    expect(refreshDerivedAndChecks(w.db).reconciliation.byCode).toEqual({ ORPHAN: 1 });
    expect(runReconciliation(w.db).byCode).toEqual({ ORPHAN: 1 });
    expect(findings()).toHaveLength(1);
    w.db.prepare('DELETE FROM stg_cash_payments').run();
    expect(runReconciliation(w.db).byCode).toEqual({});
    expect(findings()).toHaveLength(0);
  });
  it('works inside a caller transaction and rolls back with it', () => {
    const a = w.batch('accounts');
    w.row('stg_accounts', a, account('310000001'));
    const c = w.batch('cash_payments');
    w.row('stg_cash_payments', c, { account: '317807942', net_amount: 1 });
    expect(() =>
      w.db.transaction(() => {
        refreshDerivedAndChecks(w.db);
        expect(findings()).toHaveLength(1);
        throw new Error('import failed');
      })(),
    ).toThrow('import failed');
    expect(findings()).toHaveLength(0);
    expect(w.db.prepare('SELECT count(*) FROM account_derived').pluck().get()).toBe(0);
  });
});
