// A workspace the size of the real borough: 120,000 accounts, 500,000 cash payments and a row
// per account in every other source. The derived updates and checks must stay set-based; the
// time is printed, not asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshDerivedAndChecks } from '../../../electron/core/reconcile/afterImport';
import { buildWorkspace, type Built } from './workspaceBuilder';

const ACCOUNTS = 120_000;
const PAYMENTS = 500_000;
const BANDS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

let w: Built;
beforeAll(() => {
  w = buildWorkspace();
  const db = w.db;
  const acct = (i: number) => String(310_000_000 + i);
  db.transaction(() => {
    const a = w.batch('accounts');
    const insA = db.prepare(
      `INSERT INTO stg_accounts (_batch_id, _line, _sheet_row, _hash, mail_merge_reference, property_ref, vo_band, vo_effective_date, occupied_date,
         calculated_20_21_charge, lead_liable_title, lead_liable_forename, lead_liable_surname, lead_liable_name, lead_liable_lastname, payment_method_code, payment_method_type)
       VALUES (?, ?, ?, 'h', ?, ?, ?, '1993-04-01', ?, ?, 'Mr', 'Jo', ?, 'Jo', ?, ?, ?)`,
    );
    for (let i = 0; i < ACCOUNTS; i++) {
      const surname = `Sample${i}`;
      insA.run(a, i + 2, i + 2, acct(i), `P${i}`, BANDS[i % 8], i % 10 === 0 ? '2020-06-15' : '2005-01-01', 100_000 + (i % 50_000), surname, surname, i % 2 ? 'DD1' : 'CASHM', i % 2 ? '2' : '1');
    }
    const v = w.batch('valuation_office_bands');
    const insV = db.prepare(
      `INSERT INTO stg_valuation_office_bands (_batch_id, _line, _sheet_row, _hash, mail_merge_reference, property_ref, vo_band, vo_schedule_date, new_band_from_schedule)
       VALUES (?, ?, ?, 'h', ?, ?, ?, '2020-06-04', ?)`,
    );
    for (let i = 0; i < ACCOUNTS; i++) insV.run(v, i + 2, i + 2, acct(i), `P${i}`, BANDS[i % 8], i % 100 === 0 ? BANDS[(i + 1) % 8] : null);
    const d = w.batch('direct_debit_discrepancies');
    const insD = db.prepare(
      `INSERT INTO stg_direct_debit_discrepancies (_batch_id, _line, _sheet_row, _hash, mail_merge_reference, returned_dd_not_by_addacs, addacs) VALUES (?, ?, ?, 'h', ?, ?, '#N/A')`,
    );
    for (let i = 0; i < ACCOUNTS; i++) insD.run(d, i + 2, i + 2, acct(i), i % 97 === 0 ? 'PAYER DECEASED' : '#N/A');
    const runs = ['dd', 'cash', 'props'].map((r) => [r, w.batch('fdm_bills', `fdm_bills_${r}.txt`, r)]);
    const insB = db.prepare(
      `INSERT INTO stg_fdm_bills (_batch_id, _line, _sheet_row, _hash, account_number, lead_name, vo_band, reduction, run, source) VALUES (?, ?, ?, 'h', ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 0; i < ACCOUNTS + 500; i++) {
      const [run, batch] = runs[i % 3];
      insB.run(batch, i * 40 + 1, i * 40 + 1, acct(i), i % 1000 === 0 ? 'MR SOMEONE ELSE' : `MR JO SAMPLE${i}`, BANDS[i % 8], i % 7 === 0 ? 'Less Council Tax Reduction' : null, run, run);
    }
    const c = w.batch('working_age_ctr');
    const insC = db.prepare(`INSERT INTO stg_working_age_ctr (_batch_id, _line, _sheet_row, _hash, ctax_ref, claim_id) VALUES (?, ?, ?, 'h', ?, ?)`);
    for (let i = 0; i < ACCOUNTS; i += 5) insC.run(c, i + 2, i + 2, acct(i), `C${i}`);
    const p = w.batch('cash_payments');
    const insP = db.prepare(`INSERT INTO stg_cash_payments (_batch_id, _line, _sheet_row, _hash, account, net_amount, receipt_no) VALUES (?, ?, ?, 'h', ?, ?, ?)`);
    for (let i = 0; i < PAYMENTS; i++) insP.run(p, i + 2, i + 2, acct((i * 7919) % (ACCOUNTS + 1000)), 1000 + (i % 9000), `R${i}`);
    const e = w.batch('fdm_exemptions', 'fdm_exemptions.txt');
    const insE = db.prepare(`INSERT INTO stg_fdm_exemptions (_batch_id, _line, _sheet_row, _hash, account_number, vo_band) VALUES (?, ?, ?, 'h', ?, ?)`);
    for (let i = 0; i < ACCOUNTS; i += 50) insE.run(e, i + 2, i + 2, acct(i), BANDS[(i + 1) % 8]);
  })();
}, 300_000);
afterAll(() => w.cleanup());

describe('at 120,000 accounts and 500,000 payments', () => {
  it('derived updates and reconciliation complete', () => {
    const started = performance.now();
    const summary = refreshDerivedAndChecks(w.db);
    const ms = performance.now() - started;
    console.log(`refreshDerivedAndChecks: ${ACCOUNTS} accounts, ${PAYMENTS} payments in ${(ms / 1000).toFixed(2)} s`, JSON.stringify(summary));
    expect(summary.derived.changes[5]).toBe(ACCOUNTS);
    expect(summary.derived.changes[1]).toBe(ACCOUNTS / 100);
    expect(summary.derived.changes[4]).toBe(ACCOUNTS + 1000);
    expect(summary.reconciliation.byCode.ORPHAN).toBe(1000 + 500);
    expect(summary.reconciliation.byCode.DUPLICATE).toBeUndefined();
    expect(summary.reconciliation.byCode.NAME_FDM).toBe(ACCOUNTS / 1000);
    expect(summary.reconciliation.byCode.BAND_FDM_EXEMPT).toBe(ACCOUNTS / 100); // the other half agree after the VO update
  }, 300_000);
});
