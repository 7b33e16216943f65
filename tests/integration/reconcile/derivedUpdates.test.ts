import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyDerivedUpdates } from '../../../electron/core/reconcile/derivedUpdates';
import { account, buildWorkspace, type Built } from './workspaceBuilder';

let w: Built;
beforeEach(() => {
  w = buildWorkspace();
});
afterEach(() => w.cleanup());

const derived = (acct: string) => w.db.prepare('SELECT * FROM account_derived WHERE mail_merge_reference = ?').get(acct) as Record<string, unknown> | undefined;
const changes = () =>
  w.db.prepare('SELECT update_no, account, column_name, before, after, source_row FROM derived_changes ORDER BY account, update_no, column_name').all() as {
    update_no: number;
    account: string;
    column_name: string;
    before: string | null;
    after: string | null;
    source_row: string;
  }[];

describe('account_derived rows', () => {
  it('one per usable accounts row: flagged rows and later duplicates take no part', () => {
    const b = w.batch('accounts');
    w.row('stg_accounts', b, account('310000001'));
    w.row('stg_accounts', b, account('310000002', { _flagged: 1 }));
    const first = w.row('stg_accounts', b, account('310000003'));
    w.row('stg_accounts', b, account('310000003', { payment_method_code: 'CASHM', _duplicate_of: first }));
    const s = applyDerivedUpdates(w.db);
    expect(s.changes[5]).toBe(2);
    expect(derived('310000001')).toBeDefined();
    expect(derived('310000002')).toBeUndefined();
    expect(derived('310000003')?.payment_method_code_updated).toBe('DD1');
  });

  it('is recomputed from scratch: running twice gives the same tables', () => {
    const b = w.batch('accounts');
    w.row('stg_accounts', b, account('310000001', { vo_band: 'E' }));
    const v = w.batch('valuation_office_bands');
    w.row('stg_valuation_office_bands', v, { mail_merge_reference: '310000001', property_ref: 'P1', vo_band: 'E', new_band_from_schedule: 'D', vo_schedule_date: '2020-06-04' });
    const c = w.batch('cash_payments');
    w.row('stg_cash_payments', c, { account: '310000001', net_amount: 1000 });
    const first = applyDerivedUpdates(w.db);
    const snap = () => [
      w.db.prepare('SELECT * FROM account_derived ORDER BY 1').all(),
      w.db.prepare('SELECT update_no, account, column_name, before, after, source_row FROM derived_changes ORDER BY id').all(),
      w.db.prepare('SELECT * FROM total_cash_payments ORDER BY 1').all(),
    ];
    const a = snap();
    const second = applyDerivedUpdates(w.db);
    expect(snap()).toEqual(a);
    expect(second).toEqual(first);
    expect(first.changes).toEqual({ 1: 1, 2: 0, 3: 0, 4: 1, 5: 1 });
  });
});

describe('update 1: Valuation Office band', () => {
  it('sets band and effective date from the schedule, logging before and after', () => {
    const b = w.batch('accounts');
    w.row('stg_accounts', b, account('332562630', { vo_band: 'E' }));
    w.row('stg_accounts', b, account('349100706', { vo_band: null }));
    w.row('stg_accounts', b, account('382712577', { vo_band: 'B' }));
    w.row('stg_accounts', b, account('381494322', { vo_band: 'C' }));
    w.row('stg_accounts', b, account('31137908', { vo_band: 'C' }));
    const v = w.batch('valuation_office_bands');
    const r1 = w.row('stg_valuation_office_bands', v, { mail_merge_reference: '332562630', vo_band: 'D', vo_schedule_date: '2020-06-04', new_band_from_schedule: 'D' });
    w.row('stg_valuation_office_bands', v, { mail_merge_reference: '349100706', vo_band: 'C', vo_schedule_date: '2020-11-20', new_band_from_schedule: 'c ' });
    w.row('stg_valuation_office_bands', v, { mail_merge_reference: '382712577', vo_band: 'B', vo_schedule_date: '2020-01-01', new_band_from_schedule: 'B' });
    w.row('stg_valuation_office_bands', v, { mail_merge_reference: '381494322', vo_band: 'C', vo_schedule_date: '2020-01-01', new_band_from_schedule: 'See notes' });
    w.row('stg_valuation_office_bands', v, { mail_merge_reference: '31137908', vo_band: 'D', vo_schedule_date: null, new_band_from_schedule: null });
    const s = applyDerivedUpdates(w.db);
    expect(s.changes[1]).toBe(2);
    expect(derived('332562630')).toMatchObject({ vo_band: 'D', vo_effective_date: '2020-06-04' });
    expect(derived('349100706')).toMatchObject({ vo_band: 'C', vo_effective_date: '2020-11-20' });
    expect(derived('382712577')).toMatchObject({ vo_band: 'B', vo_effective_date: '1993-04-01' });
    expect(derived('381494322')).toMatchObject({ vo_band: 'C' });
    expect(derived('31137908')).toMatchObject({ vo_band: 'C' });
    expect(changes()).toEqual([
      { update_no: 1, account: '332562630', column_name: 'vo_band', before: 'E', after: 'D', source_row: `stg_valuation_office_bands:${r1}` },
      { update_no: 1, account: '332562630', column_name: 'vo_effective_date', before: '1993-04-01', after: '2020-06-04', source_row: `stg_valuation_office_bands:${r1}` },
      { update_no: 1, account: '349100706', column_name: 'vo_band', before: null, after: 'C', source_row: expect.any(String) },
      { update_no: 1, account: '349100706', column_name: 'vo_effective_date', before: '1993-04-01', after: '2020-11-20', source_row: expect.any(String) },
    ]);
  });

  it('flagged and duplicate VO rows take no part', () => {
    const b = w.batch('accounts');
    w.row('stg_accounts', b, account('310000001', { vo_band: 'E' }));
    w.row('stg_accounts', b, account('310000002', { vo_band: 'E' }));
    const v = w.batch('valuation_office_bands');
    w.row('stg_valuation_office_bands', v, { mail_merge_reference: '310000001', new_band_from_schedule: 'D', vo_schedule_date: '2020-06-04', _flagged: 1 });
    const first = w.row('stg_valuation_office_bands', v, { mail_merge_reference: '310000002', new_band_from_schedule: 'E', vo_schedule_date: '2020-06-04' });
    w.row('stg_valuation_office_bands', v, { mail_merge_reference: '310000002', new_band_from_schedule: 'A', vo_schedule_date: '2020-06-04', _duplicate_of: first });
    expect(applyDerivedUpdates(w.db).changes[1]).toBe(0);
    expect(derived('310000001')?.vo_band).toBe('E');
    expect(derived('310000002')?.vo_band).toBe('E');
  });
});

describe('update 2: payment method', () => {
  it('returned DD or ADDACS present on a usable DD row → CASHM / 1, logged even when already CASHM', () => {
    const b = w.batch('accounts');
    w.row('stg_accounts', b, account('382712577', { payment_method_code: 'DD15', payment_method_type: '2' }));
    w.row('stg_accounts', b, account('397646829', { payment_method_code: 'CASHM', payment_method_type: '1' }));
    w.row('stg_accounts', b, account('310000001', { payment_method_code: 'DD1' })); // only ADDACS
    w.row('stg_accounts', b, account('381494322', { payment_method_code: 'DD1' })); // no-value tokens
    w.row('stg_accounts', b, account('310000002', { payment_method_code: 'DD1' })); // flagged DD row
    w.row('stg_accounts', b, account('310000003', { payment_method_code: 'DD1' })); // duplicate DD row
    const d = w.batch('direct_debit_discrepancies');
    w.row('stg_direct_debit_discrepancies', d, { mail_merge_reference: '382712577', returned_dd_not_by_addacs: 'INSTRUCTION CANCELLED', addacs: '2 - PAYER DECEASED' });
    w.row('stg_direct_debit_discrepancies', d, { mail_merge_reference: '397646829', returned_dd_not_by_addacs: 'PAYER DECEASED', addacs: '#N/A' });
    w.row('stg_direct_debit_discrepancies', d, { mail_merge_reference: '310000001', returned_dd_not_by_addacs: '', addacs: '1 - INSTRUCTION CANCELLED' });
    w.row('stg_direct_debit_discrepancies', d, { mail_merge_reference: '381494322', returned_dd_not_by_addacs: 'N/A', addacs: ' - ' });
    w.row('stg_direct_debit_discrepancies', d, { mail_merge_reference: '310000002', returned_dd_not_by_addacs: 'X', _flagged: 1 });
    const first = w.row('stg_direct_debit_discrepancies', d, { mail_merge_reference: '310000003', returned_dd_not_by_addacs: '#N/A' });
    w.row('stg_direct_debit_discrepancies', d, { mail_merge_reference: '310000003', returned_dd_not_by_addacs: 'X', _duplicate_of: first });
    const s = applyDerivedUpdates(w.db);
    expect(s.changes[2]).toBe(3);
    for (const a of ['382712577', '397646829', '310000001']) expect(derived(a)).toMatchObject({ payment_method_code_updated: 'CASHM', payment_method_type_updated: '1' });
    for (const a of ['381494322', '310000002', '310000003']) expect(derived(a)).toMatchObject({ payment_method_code_updated: 'DD1', payment_method_type_updated: '2' });
    const log = changes().filter((c) => c.update_no === 2);
    expect(log.map((c) => [c.account, c.column_name, c.before, c.after])).toEqual([
      ['310000001', 'payment_method_code_updated', 'DD1', 'CASHM'],
      ['310000001', 'payment_method_type_updated', '2', '1'],
      ['382712577', 'payment_method_code_updated', 'DD15', 'CASHM'],
      ['382712577', 'payment_method_type_updated', '2', '1'],
      ['397646829', 'payment_method_code_updated', 'CASHM', 'CASHM'],
      ['397646829', 'payment_method_type_updated', '1', '1'],
    ]);
    // the code as received is untouched
    expect(w.db.prepare("SELECT payment_method_code FROM stg_accounts WHERE mail_merge_reference = '382712577'").pluck().get()).toBe('DD15');
  });
});

describe('update 4: total_cash_payments', () => {
  it('sums usable cash rows per account, refunds included; flagged and duplicate rows take no part', () => {
    const b = w.batch('accounts');
    w.row('stg_accounts', b, account('368879697'));
    const c = w.batch('cash_payments');
    w.row('stg_cash_payments', c, { account: '368879697', net_amount: 100000, receipt_no: 'R1' });
    w.row('stg_cash_payments', c, { account: '368879697', net_amount: 50000, receipt_no: 'R1' }); // repeated receipt: both count
    w.row('stg_cash_payments', c, { account: '368879697', net_amount: -1823, receipt_no: 'R2' });
    w.row('stg_cash_payments', c, { account: '368879697', net_amount: 999, _flagged: 1 });
    w.row('stg_cash_payments', c, { account: '368879697', net_amount: 777, _duplicate_of: 1 });
    w.row('stg_cash_payments', c, { account: '317807942', net_amount: 500 });
    const s = applyDerivedUpdates(w.db);
    expect(s.changes[4]).toBe(2);
    expect(w.db.prepare('SELECT account_id, total FROM total_cash_payments ORDER BY account_id').all()).toEqual([
      { account_id: '317807942', total: 500 },
      { account_id: '368879697', total: 148177 },
    ]);
  });
});

describe('update 5: occupied date, days, charges', () => {
  it('the worked examples of EXPECTED.md', () => {
    const b = w.batch('accounts');
    w.row('stg_accounts', b, account('394504322', { occupied_date: '2020-05-04', calculated_20_21_charge: 147431 }));
    w.row('stg_accounts', b, account('332452801', { occupied_date: '2020-06-15', calculated_20_21_charge: 131050 }));
    w.row('stg_accounts', b, account('368879697', { occupied_date: '2020-04-01', calculated_20_21_charge: 147431 }));
    w.row('stg_accounts', b, account('341705391', { occupied_date: '1994-07-13', calculated_20_21_charge: 212955 }));
    w.row('stg_accounts', b, account('310000009', { occupied_date: null, calculated_20_21_charge: null }));
    applyDerivedUpdates(w.db);
    expect(derived('394504322')).toMatchObject({
      formatted_occupied_date: '2020-05-04',
      days_occupied: 332,
      calculated_20_21_charge_value: 147431,
      calculated_20_21_75_charge: 110573, // 1474.31 − 368.58 (368.5775 half-up)
      apportioned_charge_100: 134102,
    });
    expect(derived('332452801')).toMatchObject({ days_occupied: 290, calculated_20_21_75_charge: 98287, apportioned_charge_100: 104122 });
    expect(derived('368879697')).toMatchObject({ days_occupied: 365, apportioned_charge_100: 147431 });
    expect(derived('341705391')).toMatchObject({ formatted_occupied_date: '1994-07-13', days_occupied: 365, apportioned_charge_100: 212955 });
    expect(derived('310000009')).toMatchObject({ formatted_occupied_date: null, days_occupied: 365, calculated_20_21_charge_value: null, calculated_20_21_75_charge: null, apportioned_charge_100: null });
  });

  it('follows the previous-year settings', () => {
    const b = w.batch('accounts');
    w.row('stg_accounts', b, account('310000001', { occupied_date: '2020-02-28', calculated_20_21_charge: 366 }));
    applyDerivedUpdates(w.db, { previousYearStart: '2019-04-01', previousYearEnd: '2020-03-31', yearDays: 366 });
    expect(derived('310000001')).toMatchObject({ days_occupied: 33, apportioned_charge_100: 33 });
  });
});
