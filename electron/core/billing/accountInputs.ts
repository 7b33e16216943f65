// Reads the staged sources of a workspace into the billing rules' per-account input
// (shared/billing/rules/accountInput.ts). Set-based: one scan per source, joined in memory on
// maps keyed by account number, so 120,000 accounts take a few seconds.
//
// Only usable rows take part (`_flagged = 0 AND _duplicate_of IS NULL`). The band is the one
// after the Valuation Office update (`account_derived.vo_band`, the staged band when the
// derived table has no row). Cash paid is `total_cash_payments`. A death counts when its entry
// is confirmed to the account.
import type { Database } from 'better-sqlite3';
import type { AccountInput, DirectDebitInput, FdmBillInput } from '../../../shared/billing/rules/accountInput';
import type { BandBreakdown, RecipientAmount } from '../../../shared/billing/rules/breakdown';
import { isPresent } from '../../../shared/reconcile/accountFacts';
import { usable } from '../reconcile/derivedUpdates';
import { sqlIsoDate, sqlPence } from '../reconcile/sqlFacts';
import { readAccountOverrides } from './overrides';

// Column positions of the accounts query (rows are read as arrays: at 120,000 accounts that is
// several times faster than one object per row).
const A = {
  account: 0, title: 1, forename: 2, middlename: 3, surname: 4, method: 5, occupied: 6, charge: 7, estimate: 8,
  stagedBand: 9, derivedBand: 10, hasDerived: 11, addr1: 12, addr2: 13, addr3: 14, addr4: 15, postcode: 16,
  forAddr1: 17, forAddr2: 18, forAddr3: 19, forAddr4: 20, forPostcode: 21,
} as const;
type AccountRow = unknown[];

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());

function bandOf(r: AccountRow): string | null {
  const band = text(r[A.hasDerived] ? r[A.derivedBand] : r[A.stagedBand]).toUpperCase();
  return band === '' ? null : band;
}

function groupFirst<T extends { account: string | null }>(rows: T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const r of rows) if (r.account !== null && !out.has(r.account)) out.set(r.account, r);
  return out;
}

function parseNames(json: unknown): string[] {
  if (typeof json !== 'string' || json.trim() === '') return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map((x) => String(x)) : [];
  } catch {
    return [];
  }
}

export interface ReadInputsOptions {
  /** This run is a re-issue: accounts billed in an approved run are not excluded. */
  reissue?: boolean;
  /** Only this account (the account view): each source is then read by an indexed lookup. */
  account?: string;
}

/** Every usable accounts row as an AccountInput, in staged row order. */
export function readAccountInputs(db: Database, options: ReadInputsOptions = {}): AccountInput[] {
  // A whole run scans each table once (NOT INDEXED); one account is looked up by its index.
  const one = options.account;
  const scan = one === undefined ? 'NOT INDEXED' : '';
  const only = (column: string): string => (one === undefined ? '' : ` AND ${column} = ?`);
  const args: string[] = one === undefined ? [] : [one];
  const accounts = db
    .prepare(
      `SELECT a.mail_merge_reference AS account,
              a.lead_liable_title AS title, a.lead_liable_forename AS forename, a.lead_liable_middlename AS middlename,
              a.lead_liable_surname AS surname, a.payment_method_code AS method,
              ${sqlIsoDate('a.occupied_date')} AS occupied,
              ${sqlPence('a.calculated_20_21_charge')} AS charge, ${sqlPence('a.estimated_21_22_charge')} AS estimate,
              a.vo_band AS staged_band, d.vo_band AS derived_band, d.mail_merge_reference IS NOT NULL AS has_derived,
              a.addr1, a.addr2, a.addr3, a.addr4, a.postcode, a.for_addr1, a.for_addr2, a.for_addr3, a.for_addr4, a.for_postcode
         FROM stg_accounts a ${scan}
         LEFT JOIN account_derived d ON d.mail_merge_reference = a.mail_merge_reference
        WHERE ${usable('a')}${only('a.mail_merge_reference')}
        ORDER BY a._row_id`,
    )
    .raw()
    .all(...args) as AccountRow[];

  const fdm = new Map<string, FdmBillInput[]>();
  const seenRun = new Set<string>();
  const fdmRows = db
    .prepare(
      `SELECT b.account_number AS account, coalesce(b.run, b.source) AS run, b.discount_1, ${sqlPence('b.discount_1_amount')} AS d1,
              b.discount_2, ${sqlPence('b.discount_2_amount')} AS d2, b.reduction, ${sqlPence('b.reduction_amount')} AS r,
              b.premium, b.additional_names
         FROM stg_fdm_bills b ${scan} WHERE ${usable('b')}${only('b.account_number')} ORDER BY b._row_id`,
    )
    .all(...args) as {
    account: string | null;
    run: string | null;
    discount_1: string | null;
    d1: number | null;
    discount_2: string | null;
    d2: number | null;
    reduction: string | null;
    r: number | null;
    premium: string | null;
    additional_names: string | null;
  }[];
  for (const b of fdmRows) {
    if (b.account === null) continue;
    const run = text(b.run);
    const key = `${b.account}\u0000${run}`;
    if (seenRun.has(key)) continue; // the first bill of an account within one run
    seenRun.add(key);
    const list = fdm.get(b.account) ?? [];
    list.push({
      run,
      discount1: text(b.discount_1),
      discount1AmountPence: b.d1,
      discount2: text(b.discount_2),
      discount2AmountPence: b.d2,
      reduction: text(b.reduction),
      reductionAmountPence: b.r,
      premium: text(b.premium),
      additionalNames: parseNames(b.additional_names),
    });
    fdm.set(b.account, list);
  }

  const exemptions = groupFirst(
    db
      .prepare(`SELECT e.account_number AS account, e.exemption_class AS cls FROM stg_fdm_exemptions e ${scan} WHERE ${usable('e')}${only('e.account_number')} ORDER BY e._row_id`)
      .all(...args) as { account: string | null; cls: string | null }[],
  );
  const ctr = new Set(
    (db.prepare(`SELECT DISTINCT w.ctax_ref FROM stg_working_age_ctr w ${scan} WHERE ${usable('w')} AND w.ctax_ref IS NOT NULL${only('w.ctax_ref')}`).pluck().all(...args) as string[]),
  );
  const deaths = new Set(
    db.prepare(`SELECT DISTINCT account_number FROM stg_death_list WHERE _status = 'confirmed' AND account_number IS NOT NULL${only('account_number')}`).pluck().all(...args) as string[],
  );
  // DD rows as arrays too: account, taken, the four differences, returned DD, ADDACS.
  const dd = new Map<string, unknown[]>();
  const ddRows = db
    .prepare(
      `SELECT d.mail_merge_reference, d.direct_debit_taken,
              ${sqlPence('d.diff_dd_gross_charge_value')}, ${sqlPence('d.diff_dd_gross_charge_25_value')},
              ${sqlPence('d.diff_cash_paid_gross_debit_10_instalments_value')},
              ${sqlPence('d.diff_cash_paid_gross_25_off_debit_10_instalments_value')},
              d.returned_dd_not_by_addacs, d.addacs
         FROM stg_direct_debit_discrepancies d ${scan} WHERE ${usable('d')}${only('d.mail_merge_reference')} ORDER BY d._row_id`,
    )
    .raw()
    .all(...args) as unknown[][];
  for (const r of ddRows) if (typeof r[0] === 'string' && !dd.has(r[0])) dd.set(r[0], r);
  const cash = new Map(
    (db.prepare(`SELECT account_id, total FROM total_cash_payments WHERE 1${only('account_id')}`).all(...args) as { account_id: string; total: number }[]).map((r) => [r.account_id, r.total]),
  );
  const billed = new Set(
    db
      .prepare(`SELECT DISTINCT b.account FROM run_bills b JOIN bill_runs r ON r.id = b.run_id WHERE r.status IN ('approved', 'released')${only('b.account')}`)
      .pluck()
      .all(...args) as string[],
  );

  const overrides = readAccountOverrides(db);

  return accounts.map((a): AccountInput => {
    const account = text(a[A.account]);
    const exemption = exemptions.get(account);
    const d = dd.get(account);
    const directDebit: DirectDebitInput | null =
      d === undefined
        ? null
        : {
            directDebitTaken: text(d[1]),
            diffDdGrossChargePence: d[2] as number | null,
            diffDdGrossCharge25Pence: d[3] as number | null,
            diffCashPaidGrossDebit10Pence: d[4] as number | null,
            diffCashPaidGross25OffDebit10Pence: d[5] as number | null,
            returnedDdNotByAddacs: text(d[6]),
            addacs: text(d[7]),
          };
    return {
      accountNumber: account,
      leadLiable: { title: text(a[A.title]), forename: text(a[A.forename]), middlename: text(a[A.middlename]), surname: text(a[A.surname]) },
      paymentMethodCode: text(a[A.method]),
      occupiedDate: typeof a[A.occupied] === 'string' ? (a[A.occupied] as string) : null,
      charge2021Pence: a[A.charge] as number | null,
      estimate2122Pence: a[A.estimate] as number | null,
      band: bandOf(a),
      propertyAddress: { lines: [text(a[A.addr1]), text(a[A.addr2]), text(a[A.addr3]), text(a[A.addr4])], postcode: text(a[A.postcode]) },
      forwardingAddress: {
        lines: [text(a[A.forAddr1]), text(a[A.forAddr2]), text(a[A.forAddr3]), text(a[A.forAddr4])],
        postcode: text(a[A.forPostcode]),
      },
      fdmBills: fdm.get(account) ?? [],
      exemptionClass: exemption !== undefined && isPresent(exemption.cls) ? text(exemption.cls) : null,
      workingAgeCtr: ctr.has(account),
      deathConfirmed: deaths.has(account),
      directDebit,
      cashPaidPence: cash.get(account) ?? 0,
      overrides: overrides.get(account.toUpperCase()) ?? {},
      alreadyBilled: billed.has(account),
      reissue: options.reissue ?? false,
    };
  });
}

/** The usable band breakdown: band → recipients in staged order (amounts in pence, % in hundredths). */
export function readBandBreakdown(db: Database): BandBreakdown {
  const rows = db
    .prepare(
      `SELECT upper(trim(b.vo_band)) AS band, trim(b.service) AS service, ${sqlPence('b.amount')} AS amount, ${sqlPence('b.percentage_diff_20_21')} AS pct
         FROM stg_vo_bands_breakdown b WHERE ${usable('b')} ORDER BY b._row_id`,
    )
    .all() as { band: string | null; service: string | null; amount: number | null; pct: number | null }[];
  const out = new Map<string, RecipientAmount[]>();
  for (const r of rows) {
    if (r.band === null || r.band === '' || r.service === null || r.amount === null) continue;
    const list = out.get(r.band) ?? [];
    list.push({ recipient: r.service, amountPence: r.amount, pctHundredths: r.pct ?? 0 });
    out.set(r.band, list);
  }
  return out;
}

/** Exemption class → its statutory reason. */
export function readExemptReasons(db: Database): Map<string, string> {
  const rows = db.prepare('SELECT class, reason FROM exemption_reasons').all() as { class: string; reason: string }[];
  return new Map(rows.map((r) => [r.class.trim().toUpperCase(), r.reason]));
}
