// Cross-source checks (billing-rules.md, "Reconciliation checks"), re-run from scratch over
// everything staged: `reconciliation_findings` is emptied and refilled each time. Every check
// is a set-based query over indexed columns (plus a temporary table of the usable accounts
// keyed by account number), so the run grows linearly with the staged rows.
//
// Rules common to every check:
// * Only usable rows take part: `_flagged = 0` and `_duplicate_of IS NULL` (except DUPLICATE,
//   which reports the non-flagged later repeats themselves).
// * An account not in `accounts` (no usable accounts row) is reported as ORPHAN only. While
//   no accounts file is staged at all, ORPHAN is not reported (every row would be one).
// * Band checks use the account's band after derived update 1 (`account_derived.vo_band`;
//   the staged band when the derived table has no row for the account).
// * `source` is the staging table name for tabular sources and the file name for the print
//   files (`fdm_bills_dd.txt`, `fdm_exemptions.txt`), `fdm_bills` for an account in two print
//   runs, `death_list` for death entries, `vo_bands_breakdown` for ratio findings.
// * `rows` lists `{table, rowId, line}` of every staged row involved.
// * Join order is fixed where it matters (`NOT INDEXED` scan of the staged table, then
//   `CROSS JOIN` — SQLite keeps the written order — to an indexed lookup), so the planner
//   cannot choose a per-row index walk over a large table.
//
// Severities: BREAKDOWN_RATIO is an `error` (the breakdown prices every bill of the band);
// every other code is a `warning` (the officer should look; nothing is stopped by it).
// ESTIMATE_DIFF is reported by the bill run, not here.
import type { Database } from 'better-sqlite3';
import { divideHalfUp, sqlPresent } from '../../../shared/reconcile/accountFacts';
import { leadNameMatches } from '../../../shared/reconcile/names';
import { formatPounds } from '../../../shared/values/money';
import { usable } from './derivedUpdates';

export type ReconciliationCode =
  | 'BAND_FDM'
  | 'BAND_FDM_EXEMPT'
  | 'BAND_VO'
  | 'NAME_FDM'
  | 'CTR_NOT_IN_FDM'
  | 'ORPHAN'
  | 'DUPLICATE'
  | 'DEATH_UNMATCHED'
  | 'BREAKDOWN_RATIO';

export const RECONCILIATION_SEVERITY: Record<ReconciliationCode, 'error' | 'warning' | 'info'> = {
  BAND_FDM: 'warning',
  BAND_FDM_EXEMPT: 'warning',
  BAND_VO: 'warning',
  NAME_FDM: 'warning',
  CTR_NOT_IN_FDM: 'warning',
  ORPHAN: 'warning',
  DUPLICATE: 'warning',
  DEATH_UNMATCHED: 'warning',
  BREAKDOWN_RATIO: 'error',
};

/** A staged row a finding refers to. */
export interface RowRef {
  table: string;
  rowId: number;
  line: number;
}

export interface ReconciliationFinding {
  code: ReconciliationCode;
  severity: 'error' | 'warning' | 'info';
  account: string | null;
  source: string;
  ref: string | null;
  message: string;
  rows: RowRef[];
}

export interface ReconciliationSummary {
  byCode: Record<string, number>;
}

/** Band ratios to band D, in ninths (Local Government Finance Act 1992, s.5). */
export const BAND_NINTHS: Record<string, number> = { A: 6, B: 7, C: 8, D: 9, E: 11, F: 13, G: 15, H: 18 };

/** Tables that carry an account number, with the column, and whether `source` is the file name. */
const ACCOUNT_TABLES: { source: string; column: string; byFile: boolean }[] = [
  { source: 'fdm_bills', column: 'account_number', byFile: true },
  { source: 'fdm_exemptions', column: 'account_number', byFile: true },
  { source: 'working_age_ctr', column: 'ctax_ref', byFile: false },
  { source: 'valuation_office_bands', column: 'mail_merge_reference', byFile: false },
  { source: 'direct_debit_discrepancies', column: 'mail_merge_reference', byFile: false },
  { source: 'cash_payments', column: 'account', byFile: false },
];

/**
 * True when the bill's lead name plainly matches (a subset of what `leadNameMatches` accepts):
 * exactly "name lastname", or "TITLE … SURNAME" with a title and surname of letters A–Z and digits only.
 */
const SQL_PLAIN_NAME_MATCH = `(
  (acc.name GLOB '*[A-Za-z]*' AND acc.lastname GLOB '*[A-Za-z]*'
    AND upper(trim(b.lead_name)) = upper(trim(acc.name) || ' ' || trim(acc.lastname)))
  OR (upper(trim(acc.title)) GLOB '[A-Z]*' AND upper(trim(acc.title)) NOT GLOB '*[^A-Z0-9]*'
    AND upper(trim(acc.surname)) GLOB '[A-Z]*' AND upper(trim(acc.surname)) NOT GLOB '*[^A-Z0-9]*'
    AND substr(upper(trim(b.lead_name)), 1, length(trim(acc.title)) + 1) = upper(trim(acc.title)) || ' '
    AND substr(upper(trim(b.lead_name)), -(length(trim(acc.surname)) + 1)) = ' ' || upper(trim(acc.surname))
    AND length(trim(b.lead_name)) >= length(trim(acc.title)) + length(trim(acc.surname)) + 1))`;

const rowJson = (table: string, alias: string): string => `json_object('table', '${table}', 'rowId', ${alias}._row_id, 'line', ${alias}._line)`;

const band = (b: string | null): string => (b === null || b.trim() === '' ? 'no band' : `band ${b.trim().toUpperCase()}`);

const pounds = (pence: number): string => (pence < 0 ? `-£${formatPounds(-pence)}` : `£${formatPounds(pence)}`);

function parseRows(json: string): RowRef[] {
  return (JSON.parse(json) as RowRef[]).sort((a, b) => (a.table === b.table ? a.rowId - b.rowId : a.table < b.table ? -1 : 1));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

interface AccountBandRow {
  account: string;
  row_id: number;
  line: number;
  band: string | null;
  staged_band: string | null;
}

function accountBandText(r: AccountBandRow): string {
  const after = (r.band ?? '').trim().toUpperCase();
  const before = (r.staged_band ?? '').trim().toUpperCase();
  return after === before ? band(r.band) : `${band(r.band)} (after the Valuation Office update; ${band(r.staged_band)} in accounts)`;
}

/**
 * Runs every check and replaces its findings in `reconciliation_findings`. ESTIMATE_DIFF is the
 * bill run's (it needs the bill amounts) and stays until the next run replaces it.
 */
export function runReconciliation(db: Database): ReconciliationSummary {
  const findings = collectFindings(db);
  const checkedAt = new Date().toISOString();
  const byCode: Record<string, number> = {};
  db.transaction(() => {
    db.exec("DELETE FROM reconciliation_findings WHERE code <> 'ESTIMATE_DIFF'");
    const insert = db.prepare('INSERT INTO reconciliation_findings (code, severity, account, source, ref, message, rows, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const f of findings) {
      insert.run(f.code, f.severity, f.account, f.source, f.ref, f.message, JSON.stringify(f.rows), checkedAt);
      byCode[f.code] = (byCode[f.code] ?? 0) + 1;
    }
  })();
  return { byCode };
}

/** The findings, without writing them (the temporary account table is made and dropped here). */
export function collectFindings(db: Database): ReconciliationFinding[] {
  const out: ReconciliationFinding[] = [];
  const add = (code: ReconciliationCode, account: string | null, source: string, ref: string | null, message: string, rows: RowRef[]): void => {
    out.push({ code, severity: RECONCILIATION_SEVERITY[code], account, source, ref, message, rows });
  };

  db.exec(`
    DROP TABLE IF EXISTS temp.rc_accounts;
    CREATE TEMP TABLE rc_accounts (
      account TEXT PRIMARY KEY, row_id INTEGER, line INTEGER, band TEXT, staged_band TEXT, property_ref TEXT,
      title TEXT, surname TEXT, name TEXT, lastname TEXT
    );
  `);
  try {
    db.prepare(
      `INSERT OR IGNORE INTO temp.rc_accounts
       SELECT a.mail_merge_reference, a._row_id, a._line,
              CASE WHEN d.mail_merge_reference IS NOT NULL THEN d.vo_band ELSE a.vo_band END, a.vo_band, a.property_ref,
              a.lead_liable_title, a.lead_liable_surname, a.lead_liable_name, a.lead_liable_lastname
         FROM stg_accounts a NOT INDEXED LEFT JOIN account_derived d ON d.mail_merge_reference = a.mail_merge_reference
        WHERE ${usable('a')} AND a.mail_merge_reference IS NOT NULL AND a.mail_merge_reference <> ''
        ORDER BY a._row_id`,
    ).run();
    db.exec('CREATE INDEX temp.rc_accounts_property ON rc_accounts (property_ref)');
    const haveAccounts = db.prepare('SELECT 1 FROM temp.rc_accounts LIMIT 1').get() !== undefined;
    const accRow = (r: AccountBandRow): RowRef => ({ table: 'stg_accounts', rowId: r.row_id, line: r.line });

    // BAND_FDM, BAND_FDM_EXEMPT: each usable print-file bill or notice against the account's band.
    for (const [code, table, what] of [
      ['BAND_FDM', 'stg_fdm_bills', 'bill'],
      ['BAND_FDM_EXEMPT', 'stg_fdm_exemptions', 'exemption notice'],
    ] as const) {
      const rows = db
        .prepare(
          `SELECT acc.account, acc.row_id, acc.line, acc.band, acc.staged_band, x._row_id AS x_row, x._line AS x_line, x.vo_band AS x_band, ib.file_name
             FROM ${table} x NOT INDEXED
             CROSS JOIN temp.rc_accounts acc ON acc.account = x.account_number
             JOIN import_batches ib ON ib.id = x._batch_id
            WHERE ${usable('x')} AND upper(trim(coalesce(x.vo_band, ''))) <> upper(trim(coalesce(acc.band, '')))
            ORDER BY x._row_id`,
        )
        .all() as (AccountBandRow & { x_row: number; x_line: number; x_band: string | null; file_name: string })[];
      for (const r of rows) {
        add(
          code,
          r.account,
          r.file_name,
          null,
          `Account ${r.account} has ${accountBandText(r)}, but its 2020 ${what} in ${r.file_name} (line ${r.x_line}) shows ${band(r.x_band)}.`,
          [accRow(r), { table, rowId: r.x_row, line: r.x_line }],
        );
      }
    }

    // BAND_VO: the Valuation Office row for the same property reference.
    {
      const rows = db
        .prepare(
          `SELECT acc.account, acc.row_id, acc.line, acc.band, acc.staged_band, acc.property_ref, v._row_id AS v_row, v._line AS v_line, v.vo_band AS v_band
             FROM stg_valuation_office_bands v NOT INDEXED
             CROSS JOIN temp.rc_accounts acc ON acc.property_ref = v.property_ref
            WHERE ${usable('v')} AND v.property_ref IS NOT NULL AND v.property_ref <> ''
              AND upper(trim(coalesce(v.vo_band, ''))) <> upper(trim(coalesce(acc.band, '')))
            ORDER BY v._row_id, acc.row_id`,
        )
        .all() as (AccountBandRow & { property_ref: string; v_row: number; v_line: number; v_band: string | null })[];
      for (const r of rows) {
        add(
          'BAND_VO',
          r.account,
          'valuation_office_bands',
          null,
          `Account ${r.account} has ${accountBandText(r)}, but the Valuation Office row for property ${r.property_ref} (line ${r.v_line}) gives ${band(r.v_band)}.`,
          [accRow(r), { table: 'stg_valuation_office_bands', rowId: r.v_row, line: r.v_line }],
        );
      }
    }

    // NAME_FDM: the lead name on each usable print-file bill. SQL sets aside the plain matches
    // (the exact texts "name lastname", or "TITLE … SURNAME" with a letters-only title and
    // surname of letters and digits), which leaves few rows for the full comparison of shared/reconcile/names.
    {
      const rows = db
        .prepare(
          `SELECT acc.account, acc.row_id, acc.line, acc.title, acc.surname, acc.name, acc.lastname,
                  b._row_id AS b_row, b._line AS b_line, b.lead_name, ib.file_name
             FROM stg_fdm_bills b NOT INDEXED
             CROSS JOIN temp.rc_accounts acc ON acc.account = b.account_number
             JOIN import_batches ib ON ib.id = b._batch_id
            WHERE ${usable('b')} AND NOT ${SQL_PLAIN_NAME_MATCH}
            ORDER BY b._row_id`,
        )
        .all() as {
        account: string;
        row_id: number;
        line: number;
        title: string | null;
        surname: string | null;
        name: string | null;
        lastname: string | null;
        b_row: number;
        b_line: number;
        lead_name: string | null;
        file_name: string;
      }[];
      for (const r of rows) {
        if (leadNameMatches(r.lead_name, r)) continue;
        const nameLastname = [r.name, r.lastname].filter((s) => s && s.trim()).join(' ');
        const titleSurname = [r.title, '…', r.surname].filter((s) => s && s.trim()).join(' ');
        add(
          'NAME_FDM',
          r.account,
          r.file_name,
          null,
          `The 2020 bill for account ${r.account} in ${r.file_name} (line ${r.b_line}) is addressed to "${r.lead_name ?? ''}", which matches the lead name in accounts neither as "${nameLastname}" (name, last name) nor as "${titleSurname}" (title … surname).`,
          [{ table: 'stg_accounts', rowId: r.row_id, line: r.line }, { table: 'stg_fdm_bills', rowId: r.b_row, line: r.b_line }],
        );
      }
    }

    // CTR_NOT_IN_FDM: a working-age award and no usable print-file bill carrying a reduction.
    {
      const rows = db
        .prepare(
          `SELECT w.ctax_ref AS account, count(*) AS n, json_group_array(${rowJson('stg_working_age_ctr', 'w')}) AS rows,
                  json_group_array(w.claim_id) AS claims,
                  EXISTS (SELECT 1 FROM stg_fdm_bills b WHERE b.account_number = w.ctax_ref AND ${usable('b')}) AS has_bill
             FROM stg_working_age_ctr w NOT INDEXED
             CROSS JOIN temp.rc_accounts acc ON acc.account = w.ctax_ref
            WHERE ${usable('w')}
              AND NOT EXISTS (SELECT 1 FROM stg_fdm_bills b WHERE b.account_number = w.ctax_ref AND ${usable('b')}
                                AND (${sqlPresent('b.reduction')} OR ${sqlPresent('b.reduction_amount')}))
            GROUP BY w.ctax_ref
            ORDER BY min(w._row_id)`,
        )
        .all() as { account: string; n: number; rows: string; claims: string; has_bill: number }[];
      for (const r of rows) {
        const claims = (JSON.parse(r.claims) as (string | null)[]).filter((c): c is string => !!c);
        const claimText = claims.length ? ` (claim ${claims.join(', ')})` : '';
        const why = r.has_bill ? 'none of its 2020 print-file bills carries a reduction' : 'it has no 2020 print-file bill';
        add('CTR_NOT_IN_FDM', r.account, 'working_age_ctr', null, `Account ${r.account} has a working-age CTR award${claimText}, but ${why}.`, parseRows(r.rows));
      }
    }

    // ORPHAN: usable rows whose account has no usable accounts row, one finding per source and account.
    if (haveAccounts) {
      for (const t of ACCOUNT_TABLES) {
        const table = `stg_${t.source}`;
        const rows = db
          .prepare(
            // The distinct account numbers come from the account index alone (no row reads);
            // only the rows of accounts missing from accounts are then read.
            `WITH candidates AS MATERIALIZED (
               SELECT k.account FROM (SELECT DISTINCT y.${t.column} AS account FROM ${table} y WHERE y.${t.column} IS NOT NULL AND y.${t.column} <> '') k
                WHERE NOT EXISTS (SELECT 1 FROM temp.rc_accounts acc WHERE acc.account = k.account))
             SELECT x.${t.column} AS account, ${t.byFile ? 'ib.file_name' : `'${t.source}'`} AS source, count(*) AS n,
                    json_group_array(${rowJson(table, 'x')}) AS rows
               FROM candidates c
               CROSS JOIN ${table} x ON x.${t.column} = c.account
               ${t.byFile ? 'JOIN import_batches ib ON ib.id = x._batch_id' : ''}
              WHERE ${usable('x')}
              GROUP BY ${t.byFile ? 'ib.file_name, ' : ''}x.${t.column}
              ORDER BY min(x._row_id)`,
          )
          .all() as { account: string; source: string; n: number; rows: string }[];
        for (const r of rows) {
          add('ORPHAN', r.account, r.source, null, `${r.source} has ${plural(r.n, 'row')} for account ${r.account}, which is not in accounts.`, parseRows(r.rows));
        }
      }
      const deaths = db
        .prepare(
          `SELECT x.account_number AS account, x._row_id AS row_id, x._line AS line, x.reference
             FROM stg_death_list x
            WHERE x._flagged = 0 AND x._excluded = 0 AND x._status = 'confirmed' AND x.account_number IS NOT NULL AND x.account_number <> ''
              AND NOT EXISTS (SELECT 1 FROM temp.rc_accounts acc WHERE acc.account = x.account_number)
            ORDER BY x._row_id`,
        )
        .all() as { account: string; row_id: number; line: number; reference: unknown }[];
      for (const r of deaths) {
        add('ORPHAN', r.account, 'death_list', r.reference === null ? null : String(r.reference), `Death entry ${String(r.reference ?? '')} is confirmed to account ${r.account}, which is not in accounts.`, [
          { table: 'stg_death_list', rowId: r.row_id, line: r.line },
        ]);
      }
    }

    // DUPLICATE: accounts with a later, non-flagged (identical) repeat of a key in one table or file…
    for (const t of [{ source: 'accounts', column: 'mail_merge_reference', byFile: false }, ...ACCOUNT_TABLES]) {
      const table = `stg_${t.source}`;
      const rows = db
        .prepare(
          `SELECT x.${t.column} AS account, ${t.byFile ? 'ib.file_name' : `'${t.source}'`} AS source, count(*) AS n,
                  json_group_array(${rowJson(table, 'x')}) AS rows,
                  json_group_array(json_object('table', '${table}', 'rowId', o._row_id, 'line', o._line)) AS originals
             FROM ${table} x NOT INDEXED
             CROSS JOIN temp.rc_accounts acc ON acc.account = x.${t.column}
             LEFT JOIN ${table} o ON o._row_id = x._duplicate_of
             ${t.byFile ? 'JOIN import_batches ib ON ib.id = x._batch_id' : ''}
            WHERE x._duplicate_of IS NOT NULL AND x._flagged = 0 AND x._excluded = 0
            GROUP BY ${t.byFile ? 'ib.file_name, ' : ''}x.${t.column}
            ORDER BY min(x._row_id)`,
        )
        .all() as { account: string; source: string; n: number; rows: string; originals: string }[];
      for (const r of rows) {
        const refs = uniqueRows([...parseRows(r.originals).filter((o) => o.rowId !== null), ...parseRows(r.rows)]);
        const lines = refs.map((x) => x.line).join(', ');
        add('DUPLICATE', r.account, r.source, null, `Account ${r.account} is in ${r.source} more than once, with identical values (lines ${lines}); only the first is used.`, refs);
      }
    }
    // … a repeated band and service in the breakdown (no account)…
    {
      const rows = db
        .prepare(
          `SELECT x.vo_band AS band, x.service, x._row_id AS row_id, x._line AS line, o._row_id AS o_row, o._line AS o_line
             FROM stg_vo_bands_breakdown x LEFT JOIN stg_vo_bands_breakdown o ON o._row_id = x._duplicate_of
            WHERE x._duplicate_of IS NOT NULL AND x._flagged = 0 AND x._excluded = 0
            ORDER BY x._row_id`,
        )
        .all() as { band: string | null; service: string | null; row_id: number; line: number; o_row: number | null; o_line: number | null }[];
      for (const r of rows) {
        const refs: RowRef[] = [];
        if (r.o_row !== null) refs.push({ table: 'stg_vo_bands_breakdown', rowId: r.o_row, line: r.o_line ?? 0 });
        refs.push({ table: 'stg_vo_bands_breakdown', rowId: r.row_id, line: r.line });
        add('DUPLICATE', null, 'vo_bands_breakdown', `${r.band ?? ''} / ${r.service ?? ''}`, `Band ${r.band ?? ''} ${r.service ?? ''} is in vo_bands_breakdown more than once, with identical values (line ${r.line}); only the first is used.`, refs);
      }
    }
    // … and an account printed in two or more print runs.
    {
      const rows = db
        .prepare(
          `SELECT b.account_number AS account, count(DISTINCT coalesce(b.run, b.source)) AS runs,
                  json_group_array(DISTINCT ib.file_name) AS files, json_group_array(${rowJson('stg_fdm_bills', 'b')}) AS rows
             FROM stg_fdm_bills b NOT INDEXED
             CROSS JOIN temp.rc_accounts acc ON acc.account = b.account_number
             JOIN import_batches ib ON ib.id = b._batch_id
            WHERE ${usable('b')}
            GROUP BY b.account_number
           HAVING count(DISTINCT coalesce(b.run, b.source)) > 1
            ORDER BY min(b._row_id)`,
        )
        .all() as { account: string; runs: number; files: string; rows: string }[];
      for (const r of rows) {
        const files = (JSON.parse(r.files) as string[]).sort();
        add('DUPLICATE', r.account, 'fdm_bills', null, `Account ${r.account} is in ${r.runs} print runs: ${files.join(', ')}.`, parseRows(r.rows));
      }
    }

    // DEATH_UNMATCHED: entries neither confirmed nor marked not found.
    {
      const rows = db
        .prepare(
          `SELECT _row_id AS row_id, _line AS line, _entry_id AS entry_id, reference, names, date_of_death, _proposed_account AS proposed
             FROM stg_death_list WHERE _flagged = 0 AND _excluded = 0 AND _status = 'unmatched'
            ORDER BY reference, _row_id`,
        )
        .all() as { row_id: number; line: number; entry_id: string; reference: unknown; names: string | null; date_of_death: unknown; proposed: string | null }[];
      for (const r of rows) {
        const ref = r.reference === null || r.reference === undefined ? r.entry_id : String(r.reference);
        const who = [r.names, r.date_of_death ? `died ${String(r.date_of_death)}` : null].filter(Boolean).join(', ');
        const proposal = r.proposed ? `proposed match ${r.proposed}, not yet confirmed` : 'no account proposed';
        add('DEATH_UNMATCHED', r.proposed || null, 'death_list', ref, `Death entry ${ref}${who ? ` (${who})` : ''} has not been confirmed to an account or marked not found (${proposal}).`, [
          { table: 'stg_death_list', rowId: r.row_id, line: r.line },
        ]);
      }
    }

    // BREAKDOWN_RATIO: each band's amount = band D's × ratio ÷ 9, rounded half-up to the penny.
    {
      const rows = db
        .prepare(
          `SELECT _row_id AS row_id, _line AS line, upper(trim(vo_band)) AS band, service, upper(trim(service)) AS service_key, amount
             FROM stg_vo_bands_breakdown x WHERE ${usable('x')} ORDER BY _row_id`,
        )
        .all() as { row_id: number; line: number; band: string | null; service: string | null; service_key: string | null; amount: unknown }[];
      const bandD = new Map<string, (typeof rows)[number]>();
      for (const r of rows) if (r.band === 'D' && r.service_key !== null && !bandD.has(r.service_key)) bandD.set(r.service_key, r);
      const missingD = new Set<string>();
      for (const r of rows) {
        if (r.band === null || r.band === 'D' || !(r.band in BAND_NINTHS) || r.service_key === null) continue;
        if (typeof r.amount !== 'number' || !Number.isSafeInteger(r.amount)) continue;
        const d = bandD.get(r.service_key);
        const ref = `${r.band} / ${r.service ?? ''}`;
        if (!d || typeof d.amount !== 'number' || !Number.isSafeInteger(d.amount)) {
          if (missingD.has(r.service_key)) continue;
          missingD.add(r.service_key);
          add('BREAKDOWN_RATIO', null, 'vo_bands_breakdown', `D / ${r.service ?? ''}`, `${r.service ?? ''} has no band D amount in vo_bands_breakdown, so its band ratios cannot be checked.`, [
            { table: 'stg_vo_bands_breakdown', rowId: r.row_id, line: r.line },
          ]);
          continue;
        }
        const ninths = BAND_NINTHS[r.band];
        const expected = Number(divideHalfUp(BigInt(d.amount) * BigInt(ninths), 9n));
        if (expected === r.amount) continue;
        add(
          'BREAKDOWN_RATIO',
          null,
          'vo_bands_breakdown',
          ref,
          `Band ${r.band} ${r.service ?? ''} is ${pounds(r.amount)} (line ${r.line}), but band D's ${pounds(d.amount)} × ${ninths}/9 is ${pounds(expected)}: ${pounds(r.amount - expected)} off the band ratio.`,
          [
            { table: 'stg_vo_bands_breakdown', rowId: d.row_id, line: d.line },
            { table: 'stg_vo_bands_breakdown', rowId: r.row_id, line: r.line },
          ],
        );
      }
    }
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.rc_accounts');
  }
  return out;
}

function uniqueRows(rows: RowRef[]): RowRef[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.table}:${r.rowId}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
