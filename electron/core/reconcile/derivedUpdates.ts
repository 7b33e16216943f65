// Derived updates (billing-rules.md, "Derived updates"), recomputed from the staged rows every
// time: the same staged data always gives the same `account_derived`, `total_cash_payments`
// and `derived_changes`, so running this twice changes nothing the second time.
//
// Only usable rows take part: `_flagged = 0` (no error finding) and `_duplicate_of IS NULL`
// (not a later repeat of a key).
//
//   1  Valuation Office band: where the VO row (joined on `mail_merge_reference`) has a
//      `new_band_from_schedule` that is a band A–H and differs from the account's `vo_band`
//      (an empty band differs), `vo_band` ← it and `vo_effective_date` ← `vo_schedule_date`.
//      Logged in `derived_changes`, one row per column.
//   2  Payment method: an account whose usable DD row has `returned_dd_not_by_addacs` or
//      `addacs` present gets `payment_method_code_updated` = `CASHM` and
//      `payment_method_type_updated` = `1`. Logged for every such account, even when the code
//      already was CASHM (as samples/expected/derived_updates.csv does).
//   3  DD `_value` columns: computed by the import from their text columns; nothing to do here
//      (count 0).
//   4  `total_cash_payments`: the sum of usable cash rows' `net_amount` per account (every
//      account number, known to `accounts` or not). Not logged (no before value).
//   5  `formatted_occupied_date`, `days_occupied`, `calculated_20_21_charge_value`,
//      `calculated_20_21_75_charge`, `apportioned_charge_100` (shared/reconcile/accountFacts).
//      Not logged (the source has no before value).
//
// The summary counts, per update: 1, 2 accounts changed; 3 always 0; 4 accounts with a total;
// 5 accounts whose derived columns were computed.
import type { Database } from 'better-sqlite3';
import { accountFacts, sqlPresent, type PreviousYear } from '../../../shared/reconcile/accountFacts';
import { BANDS } from '../../../shared/values/band';

export interface DerivedUpdateSettings {
  previousYearStart: string;
  previousYearEnd: string;
  yearDays: number;
}

export const DEFAULT_DERIVED_SETTINGS: DerivedUpdateSettings = { previousYearStart: '2020-04-01', previousYearEnd: '2021-03-31', yearDays: 365 };

export type UpdateNo = 1 | 2 | 3 | 4 | 5;

export interface DerivedUpdatesSummary {
  changes: Record<UpdateNo, number>;
}

/** `usable` filter for a staging table alias. */
export const usable = (alias: string): string => `${alias}._flagged = 0 AND ${alias}._duplicate_of IS NULL`;

interface AccountRow {
  row_id: number;
  account: string;
  vo_band: string | null;
  vo_effective_date: unknown;
  payment_method_code: string | null;
  payment_method_type: string | null;
  charge: unknown;
  occupied_date: unknown;
}

interface VoRow {
  row_id: number;
  account: string;
  new_band: string | null;
  vo_schedule_date: unknown;
}

function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : String(v);
}

export function applyDerivedUpdates(db: Database, settings: DerivedUpdateSettings = DEFAULT_DERIVED_SETTINGS): DerivedUpdatesSummary {
  const year: PreviousYear = { start: settings.previousYearStart, end: settings.previousYearEnd, days: settings.yearDays };
  const appliedAt = new Date().toISOString();
  const changes: Record<UpdateNo, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };

  const run = db.transaction(() => {
    db.exec('DELETE FROM account_derived; DELETE FROM derived_changes; DELETE FROM total_cash_payments;');

    // Every source is read by one sequential scan (`NOT INDEXED`) and joined in memory: at
    // 120,000 accounts that is much faster than an index lookup per account on a cold cache.
    const accounts = db
      .prepare(
        `SELECT a._row_id AS row_id, a.mail_merge_reference AS account, a.vo_band, a.vo_effective_date,
                a.payment_method_code, a.payment_method_type, a.calculated_20_21_charge AS charge, a.occupied_date
           FROM stg_accounts a NOT INDEXED
          WHERE ${usable('a')} AND a.mail_merge_reference IS NOT NULL AND a.mail_merge_reference <> ''
          ORDER BY a._row_id`,
      )
      .all() as AccountRow[];
    // Update 1: the first usable VO row of each account (one per account: later repeats are duplicates).
    const voByAccount = new Map<string, VoRow>();
    for (const v of db
      .prepare(
        `SELECT v._row_id AS row_id, v.mail_merge_reference AS account, v.new_band_from_schedule AS new_band, v.vo_schedule_date
           FROM stg_valuation_office_bands v NOT INDEXED
          WHERE ${usable('v')} AND v.mail_merge_reference IS NOT NULL
          ORDER BY v._row_id`,
      )
      .all() as VoRow[]) {
      if (!voByAccount.has(v.account)) voByAccount.set(v.account, v);
    }
    // Update 2: accounts with a usable DD row carrying a returned DD or an ADDACS.
    const ddByAccount = new Map<string, number>();
    for (const d of db
      .prepare(
        `SELECT d._row_id AS row_id, d.mail_merge_reference AS account
           FROM stg_direct_debit_discrepancies d NOT INDEXED
          WHERE ${usable('d')} AND d.mail_merge_reference IS NOT NULL
            AND (${sqlPresent('d.returned_dd_not_by_addacs')} OR ${sqlPresent('d.addacs')})
          ORDER BY d._row_id`,
      )
      .all() as { row_id: number; account: string }[]) {
      if (!ddByAccount.has(d.account)) ddByAccount.set(d.account, d.row_id);
    }

    const insertDerived = db.prepare(
      `INSERT OR IGNORE INTO account_derived (mail_merge_reference, vo_band, vo_effective_date, payment_method_code_updated,
         payment_method_type_updated, calculated_20_21_charge_value, calculated_20_21_75_charge, formatted_occupied_date,
         days_occupied, apportioned_charge_100) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertChange = db.prepare(
      'INSERT INTO derived_changes (update_no, account, column_name, before, after, source_row, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const bandSet = new Set<string>(BANDS);

    for (const r of accounts) {
      let band = r.vo_band;
      let effective = r.vo_effective_date;
      const vo = voByAccount.get(r.account);
      const newBand = (vo?.new_band ?? '').trim().toUpperCase();
      if (vo && bandSet.has(newBand) && newBand !== (r.vo_band ?? '').trim().toUpperCase()) {
        const sourceRow = `stg_valuation_office_bands:${vo.row_id}`;
        insertChange.run(1, r.account, 'vo_band', asText(r.vo_band), newBand, sourceRow, appliedAt);
        insertChange.run(1, r.account, 'vo_effective_date', asText(r.vo_effective_date), asText(vo.vo_schedule_date), sourceRow, appliedAt);
        band = newBand;
        effective = vo.vo_schedule_date;
        changes[1]++;
      }
      let code = r.payment_method_code;
      let type = r.payment_method_type;
      const ddRow = ddByAccount.get(r.account);
      if (ddRow !== undefined) {
        const sourceRow = `stg_direct_debit_discrepancies:${ddRow}`;
        insertChange.run(2, r.account, 'payment_method_code_updated', asText(r.payment_method_code), 'CASHM', sourceRow, appliedAt);
        insertChange.run(2, r.account, 'payment_method_type_updated', asText(r.payment_method_type), '1', sourceRow, appliedAt);
        code = 'CASHM';
        type = '1';
        changes[2]++;
      }
      const facts = accountFacts(r.occupied_date, r.charge, year);
      changes[5]++;
      insertDerived.run(r.account, band, effective, code, type, facts.charge, facts.charge75, facts.formattedOccupiedDate, facts.daysOccupied, facts.apportionedCharge100);
    }

    const totals = db
      .prepare(
        `INSERT INTO total_cash_payments (account_id, total)
         SELECT c.account, coalesce(sum(CASE WHEN typeof(c.net_amount) IN ('integer', 'real') AND c.net_amount = CAST(c.net_amount AS INTEGER)
                                  THEN CAST(c.net_amount AS INTEGER) END), 0)
           FROM stg_cash_payments c NOT INDEXED
          WHERE ${usable('c')} AND c.account IS NOT NULL AND c.account <> ''
          GROUP BY c.account`,
      )
      .run();
    changes[4] = totals.changes;
  });
  run();
  return { changes };
}
