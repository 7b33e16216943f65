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
//      `calculated_20_21_75_charge`, `apportioned_charge_100`: the arithmetic of
//      shared/reconcile/accountFacts, written as SQL (sqlFacts.ts; tests/unit/reconcile/
//      sqlFacts.test.ts checks the two agree) so that it runs as one INSERT … SELECT.
//      Not logged (the source has no before value).
//
// Everything is set-based SQL: one sequential scan per source, joins on temporary tables
// keyed by account number.
//
// The summary counts, per update: 1, 2 accounts changed; 3 always 0; 4 accounts with a total;
// 5 accounts whose derived columns were computed.
import type { Database } from 'better-sqlite3';
import { isoDayNumber, sqlPresent } from '../../../shared/reconcile/accountFacts';
import { BANDS } from '../../../shared/values/band';
import { sqlCharge75, sqlDaysOccupied, sqlDivideHalfUp, sqlIsoDate, sqlPence } from './sqlFacts';

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
export const usable = (alias: string): string => `${alias}._flagged = 0 AND ${alias}._excluded = 0 AND ${alias}._duplicate_of IS NULL`;

const BAND_LIST = BANDS.map((b) => `'${b}'`).join(', ');

export function applyDerivedUpdates(db: Database, settings: DerivedUpdateSettings = DEFAULT_DERIVED_SETTINGS): DerivedUpdatesSummary {
  const appliedAt = new Date().toISOString();
  const changes: Record<UpdateNo, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };

  if (!Number.isSafeInteger(settings.yearDays) || settings.yearDays <= 0) throw new RangeError(`The year length must be a positive whole number of days, not ${settings.yearDays}.`);
  for (const d of [settings.previousYearStart, settings.previousYearEnd])
    if (isoDayNumber(d) === null) throw new RangeError(`The previous year's dates must be ISO dates (YYYY-MM-DD), not ${d}.`);
  // BigInt binds as an SQL integer (a JS number binds as a real, and would turn the divisions into float ones).
  const params = { start: settings.previousYearStart, end: settings.previousYearEnd, days: BigInt(settings.yearDays) };
  const run = db.transaction(() => {
    db.exec(`
      DELETE FROM account_derived; DELETE FROM derived_changes; DELETE FROM total_cash_payments;
      DROP TABLE IF EXISTS temp.du_vo; DROP TABLE IF EXISTS temp.du_dd;
      CREATE TEMP TABLE du_vo (account TEXT PRIMARY KEY, row_id INTEGER, new_band TEXT, schedule_date);
      CREATE TEMP TABLE du_dd (account TEXT PRIMARY KEY, row_id INTEGER);
    `);
    try {
      // Every source is read by one sequential scan (NOT INDEXED): at 120,000 accounts that is
      // far faster than an index lookup per account on a cold cache.
      // Update 1's candidates: the first usable VO row of an account whose new band is A–H.
      db.prepare(
        `INSERT OR IGNORE INTO temp.du_vo
         SELECT v.mail_merge_reference, v._row_id, upper(trim(v.new_band_from_schedule)), v.vo_schedule_date
           FROM stg_valuation_office_bands v NOT INDEXED
          WHERE ${usable('v')} AND v.mail_merge_reference IS NOT NULL AND upper(trim(v.new_band_from_schedule)) IN (${BAND_LIST})
          ORDER BY v._row_id`,
      ).run();
      // Update 2's: accounts with a usable DD row carrying a returned DD or an ADDACS.
      db.prepare(
        `INSERT OR IGNORE INTO temp.du_dd
         SELECT d.mail_merge_reference, d._row_id
           FROM stg_direct_debit_discrepancies d NOT INDEXED
          WHERE ${usable('d')} AND d.mail_merge_reference IS NOT NULL
            AND (${sqlPresent('d.returned_dd_not_by_addacs')} OR ${sqlPresent('d.addacs')})
          ORDER BY d._row_id`,
      ).run();

      const bandChanges = `v.new_band <> upper(trim(coalesce(a.vo_band, '')))`;
      const usableAccounts = `${usable('a')} AND a.mail_merge_reference IS NOT NULL AND a.mail_merge_reference <> ''`;
      changes[5] = db
        .prepare(
          `INSERT OR IGNORE INTO account_derived (mail_merge_reference, vo_band, vo_effective_date, payment_method_code_updated,
             payment_method_type_updated, calculated_20_21_charge_value, calculated_20_21_75_charge, formatted_occupied_date,
             days_occupied, apportioned_charge_100)
           WITH e AS MATERIALIZED (
                  SELECT a._row_id AS row_id, a.mail_merge_reference AS account,
                         CASE WHEN v.account IS NOT NULL AND ${bandChanges} THEN v.new_band ELSE a.vo_band END AS vo_band,
                         CASE WHEN v.account IS NOT NULL AND ${bandChanges} THEN v.schedule_date ELSE a.vo_effective_date END AS vo_effective_date,
                         CASE WHEN dd.account IS NOT NULL THEN 'CASHM' ELSE a.payment_method_code END AS code,
                         CASE WHEN dd.account IS NOT NULL THEN '1' ELSE a.payment_method_type END AS type,
                         ${sqlPence('a.calculated_20_21_charge')} AS charge,
                         ${sqlIsoDate('a.occupied_date')} AS occupied
                    FROM stg_accounts a NOT INDEXED
                    LEFT JOIN temp.du_vo v ON v.account = a.mail_merge_reference
                    LEFT JOIN temp.du_dd dd ON dd.account = a.mail_merge_reference
                   WHERE ${usableAccounts}),
                -- materialised, so that each expression is computed once per account
                f AS MATERIALIZED (SELECT e.*, ${sqlDaysOccupied('e.occupied')} AS days FROM e)
           SELECT f.account, f.vo_band, f.vo_effective_date, f.code, f.type, f.charge,
                  CASE WHEN f.charge IS NOT NULL THEN ${sqlCharge75('f.charge')} END,
                  f.occupied, f.days,
                  CASE WHEN f.charge IS NOT NULL THEN ${sqlDivideHalfUp('f.charge * f.days', '@days')} END
             FROM f`,
        )
        .run(params).changes;

      // The before/after log of updates 1 and 2, in account row order.
      db.prepare(
        `INSERT INTO derived_changes (update_no, account, column_name, before, after, source_row, applied_at)
         SELECT 1, a.mail_merge_reference, c.column_name, CASE c.column_name WHEN 'vo_band' THEN a.vo_band ELSE a.vo_effective_date END,
                CASE c.column_name WHEN 'vo_band' THEN v.new_band ELSE v.schedule_date END, 'stg_valuation_office_bands:' || v.row_id, @at
           FROM temp.du_vo v
           CROSS JOIN stg_accounts a ON a.mail_merge_reference = v.account AND ${usableAccounts} AND ${bandChanges}
           CROSS JOIN (SELECT 'vo_band' AS column_name UNION ALL SELECT 'vo_effective_date') c
          ORDER BY a._row_id, c.column_name`,
      ).run({ at: appliedAt });
      db.prepare(
        `INSERT INTO derived_changes (update_no, account, column_name, before, after, source_row, applied_at)
         SELECT 2, a.mail_merge_reference, c.column_name,
                CASE c.column_name WHEN 'payment_method_code_updated' THEN a.payment_method_code ELSE a.payment_method_type END,
                CASE c.column_name WHEN 'payment_method_code_updated' THEN 'CASHM' ELSE '1' END,
                'stg_direct_debit_discrepancies:' || dd.row_id, @at
           FROM temp.du_dd dd
           CROSS JOIN stg_accounts a ON a.mail_merge_reference = dd.account AND ${usableAccounts}
           CROSS JOIN (SELECT 'payment_method_code_updated' AS column_name UNION ALL SELECT 'payment_method_type_updated') c
          ORDER BY a._row_id, c.column_name`,
      ).run({ at: appliedAt });
      const count = db.prepare('SELECT count(DISTINCT account) FROM derived_changes WHERE update_no = ?').pluck();
      changes[1] = count.get(1) as number;
      changes[2] = count.get(2) as number;

      changes[4] = db
        .prepare(
          `INSERT INTO total_cash_payments (account_id, total)
           SELECT c.account, coalesce(sum(${sqlPence('c.net_amount')}), 0)
             FROM stg_cash_payments c NOT INDEXED
            WHERE ${usable('c')} AND c.account IS NOT NULL AND c.account <> ''
            GROUP BY c.account`,
        )
        .run().changes;
    } finally {
      db.exec('DROP TABLE IF EXISTS temp.du_vo; DROP TABLE IF EXISTS temp.du_dd;');
    }
  });
  run();
  return { changes };
}
