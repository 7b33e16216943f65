// The cross-source checks side by side (issue 5): for each check code, column headings and one
// row per finding holding the values each source has (the band in the accounts, on the 2020 bill
// and from the Valuation Office…), read from the staged rows the finding links to, with the
// finding's id ("r<id>", as review/findings has it) and its review state. Returned direct debits
// are not findings but the officer checks them the same way, so they are listed here too.
import type { Database } from 'better-sqlite3';
import type { FindingState, ReconcileCodeView, ReconcileView } from '../../../shared/api/contract';
import { sqlPresent } from '../../../shared/reconcile/accountFacts';
import { CHECKS, CHECK_CODES } from '../../../shared/insight/labels';
import { AppError } from '../../../shared/errors';
import { formatMoneyForDisplay } from '../../../shared/values/money';
import { RECONCILIATION_FKEY_SQL } from '../review/rowKeys';
import { cell, leadLiableName, readRow, sourceOfTable, type DbRow } from './display';

export const RETURNED_DD = 'RETURNED_DD';

interface RowRef {
  table: string;
  rowId: number;
  line: number | null;
}

/** The finding's review state, kept by the review (finding_states) under its stable key. */
const STATE_JOIN = `LEFT JOIN finding_states s ON s.kind = 'reconciliation' AND s.source = r.source AND s.rule = r.code AND s.fkey = ${RECONCILIATION_FKEY_SQL('r')}`;

interface FindingRow {
  id: number;
  state: FindingState;
  code: string;
  severity: 'error' | 'warning' | 'info';
  account: string | null;
  source: string | null;
  ref: string | null;
  message: string;
  rows: string;
}

/** What a column is computed from: the finding, the rows it links to, and the account's own rows. */
interface Ctx {
  f: FindingRow;
  refs: RowRef[];
  /** The first linked row of each staging table. */
  first: (table: string) => DbRow | undefined;
  /** The account's usable accounts row (linked or looked up). */
  acc: DbRow | undefined;
  /** The account's band after the Valuation Office update. */
  bandAfter: string;
  db: Database;
}

type Column = [heading: string, value: (c: Ctx) => string];

const none = (s: string): string => (s.trim() === '' ? 'none' : s);
const lines = (c: Ctx, table?: string): string =>
  c.refs
    .filter((r) => table === undefined || r.table === table)
    .map((r) => r.line)
    .filter((l): l is number => l !== null)
    .join(', ');
const fileOf = (c: Ctx, table: string): string => {
  const r = c.refs.find((x) => x.table === table);
  if (!r) return '';
  const name = c.db
    .prepare(`SELECT ib.file_name FROM ${table} x JOIN import_batches ib ON ib.id = x._batch_id WHERE x._row_id = ?`)
    .pluck()
    .get(r.rowId) as string | undefined;
  return `${name ?? ''}${r.line !== null ? `, line ${r.line}` : ''}`;
};

const ACCOUNT: Column = ['Account', (c) => c.f.account ?? ''];
const NAME: Column = ['Name in accounts', (c) => leadLiableName(c.acc)];
const BAND_ACC: Column = ['Band in accounts', (c) => none(cell('accounts', c.acc, 'vo_band'))];
const BAND_AFTER: Column = ['Band after the Valuation Office update', (c) => none(c.bandAfter)];

const COLUMNS: Record<string, Column[]> = {
  BAND_FDM: [ACCOUNT, NAME, BAND_ACC, BAND_AFTER, ['Band on the 2020 bill', (c) => none(cell('fdm_bills', c.first('stg_fdm_bills'), 'vo_band'))], ['Print file', (c) => fileOf(c, 'stg_fdm_bills')]],
  BAND_FDM_EXEMPT: [
    ACCOUNT,
    NAME,
    BAND_ACC,
    BAND_AFTER,
    ['Band on the exemption notice', (c) => none(cell('fdm_exemptions', c.first('stg_fdm_exemptions'), 'vo_band'))],
    ['Exemption class', (c) => cell('fdm_exemptions', c.first('stg_fdm_exemptions'), 'exemption_class')],
    ['Notice file', (c) => fileOf(c, 'stg_fdm_exemptions')],
  ],
  BAND_VO: [
    ACCOUNT,
    ['Property ref', (c) => cell('accounts', c.acc, 'property_ref')],
    BAND_ACC,
    BAND_AFTER,
    ['Valuation Office band', (c) => none(cell('valuation_office_bands', c.first('stg_valuation_office_bands'), 'vo_band'))],
    ['New band from schedule', (c) => cell('valuation_office_bands', c.first('stg_valuation_office_bands'), 'new_band_from_schedule')],
    ['Schedule date', (c) => cell('valuation_office_bands', c.first('stg_valuation_office_bands'), 'vo_schedule_date')],
  ],
  NAME_FDM: [
    ACCOUNT,
    ['Lead liable name in accounts', (c) => leadLiableName(c.acc)],
    ['Name and last name in accounts', (c) => [cell('accounts', c.acc, 'lead_liable_name'), cell('accounts', c.acc, 'lead_liable_lastname')].filter(Boolean).join(' ')],
    ['Lead name on the 2020 bill', (c) => cell('fdm_bills', c.first('stg_fdm_bills'), 'lead_name')],
    ['Print file', (c) => fileOf(c, 'stg_fdm_bills')],
  ],
  CTR_NOT_IN_FDM: [
    ACCOUNT,
    NAME,
    ['Working-age award', (c) => {
      const w = c.first('stg_working_age_ctr');
      return [cell('working_age_ctr', w, 'w_age_ctr'), cell('working_age_ctr', w, 'claim_id') && `claim ${cell('working_age_ctr', w, 'claim_id')}`].filter(Boolean).join(', ');
    }],
    ['Award period', (c) => {
      const w = c.first('stg_working_age_ctr');
      const from = cell('working_age_ctr', w, 'from_date');
      const to = cell('working_age_ctr', w, 'to_date');
      return from || to ? `${from || '?'} to ${to || 'open'}` : '';
    }],
    ['Reduction on the 2020 bill', (c) => {
      const bills = c.db
        .prepare(`SELECT reduction, reduction_amount FROM stg_fdm_bills WHERE account_number = ? AND _flagged = 0 AND _excluded = 0 AND _duplicate_of IS NULL`)
        .all(c.f.account ?? '') as { reduction: string | null; reduction_amount: number | null }[];
      if (bills.length === 0) return 'No 2020 bill';
      const with_ = bills.filter((b) => b.reduction !== null && b.reduction.trim() !== '');
      return with_.length === 0 ? 'Bill has no reduction' : with_.map((b) => `${b.reduction}${typeof b.reduction_amount === 'number' ? ` ${formatMoneyForDisplay(b.reduction_amount)}` : ''}`).join('; ');
    }],
  ],
  ORPHAN: [
    ACCOUNT,
    ['File', (c) => c.f.source ?? ''],
    ['Rows', (c) => String(c.refs.length)],
    ['Lines', (c) => lines(c)],
    ['In the accounts file', () => 'No'],
  ],
  DUPLICATE: [
    ['Account or key', (c) => c.f.account ?? c.f.ref ?? ''],
    ['File', (c) => c.f.source ?? ''],
    ['Lines', (c) => lines(c)],
    ['Rows', (c) => String(c.refs.length)],
  ],
  DEATH_UNMATCHED: [
    ['Entry', (c) => c.f.ref ?? ''],
    ['Name of deceased', (c) => cell('death_list', c.first('stg_death_list'), 'names')],
    ['Date of death', (c) => cell('death_list', c.first('stg_death_list'), 'date_of_death')],
    ['Usual address', (c) => cell('death_list', c.first('stg_death_list'), 'address')],
    ['Proposed account', (c) => String(c.first('stg_death_list')?._proposed_account ?? '') || 'none'],
    ['Name on the proposed account', (c) => leadLiableName(c.acc)],
  ],
  BREAKDOWN_RATIO: [
    ['Band and service', (c) => c.f.ref ?? ''],
    ['Band D amount', (c) => (c.refs.length > 1 ? cell('vo_bands_breakdown', readRow(c.db, c.refs[0].table, c.refs[0].rowId), 'amount') : 'none')],
    ['Amount in the breakdown', (c) => {
      const r = c.refs[c.refs.length - 1];
      return r ? cell('vo_bands_breakdown', readRow(c.db, r.table, r.rowId), 'amount') : '';
    }],
    ['Lines', (c) => lines(c)],
  ],
  ESTIMATE_DIFF: [
    ACCOUNT,
    NAME,
    ['Estimated 2021/22 charge', (c) => cell('accounts', c.acc, 'estimated_21_22_charge')],
    ['Net on the latest bill', (c) => {
      const net = c.db
        .prepare('SELECT b.net FROM run_bills b JOIN bill_runs r ON r.id = b.run_id WHERE b.account = ? ORDER BY r.number DESC LIMIT 1')
        .pluck()
        .get(c.f.account ?? '') as number | undefined;
      return net === undefined ? '' : formatMoneyForDisplay(net);
    }],
  ],
};

const RETURNED_COLUMNS = [
  'Account',
  'Name in accounts',
  'Payment method in accounts',
  'Payment method after the update',
  'Returned direct debit (not by ADDACS)',
  'ADDACS',
  'Direct debits taken',
];

function usableAccountsRow(db: Database, account: string | null): DbRow | undefined {
  if (account === null || account === '') return undefined;
  return db
    .prepare('SELECT * FROM stg_accounts WHERE mail_merge_reference = ? AND _flagged = 0 AND _excluded = 0 AND _duplicate_of IS NULL ORDER BY _row_id LIMIT 1')
    .get(account) as DbRow | undefined;
}

function bandAfter(db: Database, account: string | null, acc: DbRow | undefined): string {
  if (account === null) return '';
  const d = db.prepare('SELECT vo_band FROM account_derived WHERE mail_merge_reference = ?').get(account) as { vo_band: string | null } | undefined;
  return d ? (d.vo_band ?? '') : cell('accounts', acc, 'vo_band');
}

const presentDd = `(${sqlPresent('dd.returned_dd_not_by_addacs')} OR ${sqlPresent('dd.addacs')})`;

function returnedDirectDebits(db: Database, offset: number, limit: number): ReconcileView {
  const where = `FROM stg_direct_debit_discrepancies dd WHERE dd._flagged = 0 AND dd._excluded = 0 AND dd._duplicate_of IS NULL AND ${presentDd}`;
  const total = db.prepare(`SELECT count(*) ${where}`).pluck().get() as number;
  const dds = db.prepare(`SELECT dd.* ${where} ORDER BY dd._line, dd._row_id LIMIT ? OFFSET ?`).all(limit, offset) as DbRow[];
  const derived = db.prepare('SELECT payment_method_code_updated FROM account_derived WHERE mail_merge_reference = ?').pluck();
  return {
    code: RETURNED_DD,
    title: CHECKS[RETURNED_DD].title,
    description: CHECKS[RETURNED_DD].description,
    columns: RETURNED_COLUMNS,
    total,
    rows: dds.map((dd) => {
      const account = cell('direct_debit_discrepancies', dd, 'mail_merge_reference');
      const acc = usableAccountsRow(db, account);
      const after = (derived.get(account) as string | null | undefined) ?? '';
      return {
        findingId: null,
        state: null,
        severity: 'warning' as const,
        account,
        message: `Account ${account}'s direct debit was returned or cancelled: it is billed as cash (CASHM) and excluded from this bill run.`,
        values: [
          account,
          leadLiableName(acc) || (acc ? '' : 'Not in the accounts'),
          cell('accounts', acc, 'payment_method_code'),
          after,
          cell('direct_debit_discrepancies', dd, 'returned_dd_not_by_addacs'),
          cell('direct_debit_discrepancies', dd, 'addacs'),
          cell('direct_debit_discrepancies', dd, 'direct_debit_taken'),
        ],
      };
    }),
  };
}

/** One check's findings side by side, paged. */
export function reconcileView(db: Database, code: string, offset = 0, limit = 200): ReconcileView {
  const info = CHECKS[code];
  if (!info) throw new AppError('NOT_FOUND', `There is no check called ${code}. The checks are ${CHECK_CODES.join(', ')}.`);
  if (code === RETURNED_DD) return returnedDirectDebits(db, offset, limit);
  const columns = COLUMNS[code];
  const total = db.prepare('SELECT count(*) FROM reconciliation_findings WHERE code = ?').pluck().get(code) as number;
  const findings = db
    .prepare(
      `SELECT r.id, coalesce(s.state, 'open') AS state, r.code, r.severity, r.account, r.source, r.ref, r.message, r.rows
         FROM reconciliation_findings r ${STATE_JOIN} WHERE r.code = ? ORDER BY r.id LIMIT ? OFFSET ?`,
    )
    .all(code, limit, offset) as FindingRow[];
  return {
    code,
    title: info.title,
    description: info.description,
    columns: columns.map(([h]) => h),
    total,
    rows: findings.map((f) => {
      const refs = (JSON.parse(f.rows) as RowRef[]).filter((r) => sourceOfTable(r.table) !== null);
      const cache = new Map<string, DbRow | undefined>();
      const first = (table: string): DbRow | undefined => {
        if (!cache.has(table)) {
          const r = refs.find((x) => x.table === table);
          cache.set(table, r ? readRow(db, table, r.rowId) : undefined);
        }
        return cache.get(table);
      };
      const accRef = first('stg_accounts');
      const acc = accRef ?? usableAccountsRow(db, f.account);
      const ctx: Ctx = { f, refs, first, acc, bandAfter: bandAfter(db, f.account, acc), db };
      return { findingId: `r${f.id}`, state: f.state, severity: f.severity, account: f.account, message: f.message, values: columns.map(([, v]) => v(ctx)) };
    }),
  };
}

/** Every check with its number of findings (all listed, 0 included) and how many are still open. */
export function reconcileCodes(db: Database): ReconcileCodeView[] {
  const counts = new Map(
    (
      db.prepare(`SELECT r.code, count(*) AS n, coalesce(sum(s.state IS NULL), 0) AS open FROM reconciliation_findings r ${STATE_JOIN} GROUP BY r.code`).all() as {
        code: string;
        n: number;
        open: number;
      }[]
    ).map((r) => [r.code, r]),
  );
  return CHECK_CODES.map((code) => {
    let count: number;
    let open: number;
    if (code === RETURNED_DD) {
      count = db
        .prepare(`SELECT count(*) FROM stg_direct_debit_discrepancies dd WHERE dd._flagged = 0 AND dd._excluded = 0 AND dd._duplicate_of IS NULL AND ${presentDd}`)
        .pluck()
        .get() as number;
      open = count;
    } else {
      count = counts.get(code)?.n ?? 0;
      open = counts.get(code)?.open ?? 0;
    }
    return { code, title: CHECKS[code].title, description: CHECKS[code].description, count, open };
  });
}
