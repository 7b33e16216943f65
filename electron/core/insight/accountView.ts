// One account across every source (issue 5): its staged rows in each file, its findings, the
// profile or exclusion reasons the bills would give it now, what the derived updates changed,
// its override, its history in the audit log and its bills in earlier runs. Also the account
// search (account number prefix, surname or postcode, all indexed).
import type { Database } from 'better-sqlite3';
import type { AccountSummary, AccountView, AccountClassificationView } from '../../../shared/api/contract';
import { PROFILES, isProfiled } from '../../../shared/billing/rules';
import { AppError } from '../../../shared/errors';
import { profileLabel } from '../../../shared/insight/labels';
import { IMPORTABLE_SOURCE_NAMES, sourceDef, type ImportableSource } from '../../../shared/sources/catalog';
import { listOverrides } from '../billing/overrides';
import { toAuditEntry, type AuditRow } from '../review/auditTrail';
import { queryReviewFindings } from '../review/reviewFindings';
import { fileOrder, gridColumns } from '../staging/stagedRows';
import { q, stagingTable } from '../staging/tables';
import { classifyAccounts, usableSettings } from './classificationPreview';
import { cell, joinAddress, leadLiableName, rowValues, type DbRow } from './display';

/** More rows than this of one source for one account are cut (cash payments can be many). */
const ROW_LIMIT = 500;

export const normaliseAccount = (account: string): string => account.trim().toUpperCase();

function summaryOf(row: DbRow): AccountSummary {
  const forwarding = joinAddress(row, 'for_');
  const property = joinAddress(row, '');
  return {
    account: String(row.mail_merge_reference ?? ''),
    name: leadLiableName(row),
    address: property || forwarding,
    postcode: cell('accounts', row, 'postcode') || cell('accounts', row, 'for_postcode'),
    band: cell('accounts', row, 'vo_band'),
  };
}

/** The account's accounts row: the usable one if there is one, else the first. */
function accountsRow(db: Database, account: string): DbRow | undefined {
  return db
    .prepare(
      `SELECT * FROM stg_accounts WHERE mail_merge_reference = ?
        ORDER BY (_flagged = 0 AND _excluded = 0 AND _duplicate_of IS NULL) DESC, _row_id LIMIT 1`,
    )
    .get(account) as DbRow | undefined;
}

function rowsOf(db: Database, source: ImportableSource, account: string, band: string | null): { rows: DbRow[]; note: string | null } {
  const table = stagingTable(source);
  const order = fileOrder(source);
  if (source === 'vo_bands_breakdown') {
    if (band === null || band === '') return { rows: [], note: 'The account has no band, so no band breakdown applies.' };
    const rows = db.prepare(`SELECT * FROM ${table} WHERE upper(trim(vo_band)) = ? ORDER BY ${order} LIMIT ?`).all(band, ROW_LIMIT) as DbRow[];
    return { rows, note: `The breakdown of band ${band}, the account's band after the Valuation Office update.` };
  }
  if (source === 'death_list') {
    const rows = db.prepare(`SELECT * FROM ${table} WHERE account_number = ? OR _proposed_account = ? ORDER BY ${order} LIMIT ?`).all(account, account, ROW_LIMIT) as DbRow[];
    return { rows, note: rows.length > 0 ? 'Death entries confirmed to, or proposed for, this account.' : null };
  }
  const column = sourceDef(source).accountColumn;
  const rows = db.prepare(`SELECT * FROM ${table} WHERE ${q(column)} = ? ORDER BY ${order} LIMIT ?`).all(account, ROW_LIMIT + 1) as DbRow[];
  return { rows: rows.slice(0, ROW_LIMIT), note: rows.length > ROW_LIMIT ? `Only the first ${ROW_LIMIT} rows are shown.` : null };
}

function classification(db: Database, account: string, row: DbRow | undefined): AccountClassificationView {
  if (!row) return { kind: 'not_billable', why: 'The account is not in the Academy accounts, so it cannot be billed.' };
  if (row._flagged !== 0) return { kind: 'not_billable', why: 'Its accounts row has an error, so it takes no part in the bills until the error is fixed.' };
  if (row._excluded !== 0) return { kind: 'not_billable', why: 'An officer excluded its accounts row, so it takes no part in the bills.' };
  const { settings, problems } = usableSettings(db);
  if (settings === null) return { kind: 'not_billable', why: `The billing settings are not valid: ${problems.join(' ')}` };
  const [c] = classifyAccounts(db, settings, account);
  if (!c) return { kind: 'not_billable', why: 'Its accounts row takes no part in the bills.' };
  if (isProfiled(c.result)) return { kind: 'profile', profile: c.result.profile, label: profileLabel(c.result.profile), template: c.result.template, forced: c.result.forced };
  return { kind: 'excluded', reasons: c.result.exclusions.map((x) => ({ code: x.code, text: x.text })) };
}

export function accountView(db: Database, requested: string): AccountView {
  const account = normaliseAccount(requested);
  const row = accountsRow(db, account);
  const derived = db.prepare('SELECT vo_band FROM account_derived WHERE mail_merge_reference = ?').get(account) as { vo_band: string | null } | undefined;
  const band = (derived?.vo_band ?? (row ? cell('accounts', row, 'vo_band') : '')).trim().toUpperCase() || null;

  let deathRows: DbRow[] = [];
  const sources = IMPORTABLE_SOURCE_NAMES.map((source) => {
    const { rows, note } = rowsOf(db, source, account, band);
    if (source === 'death_list') deathRows = rows;
    return {
      source,
      label: sourceDef(source).label,
      columns: gridColumns(source),
      rows: rows.map((r) => ({ rowId: r._row_id, line: r._line, flagged: r._flagged !== 0, duplicate: r._duplicate_of !== null, values: rowValues(source, r) })),
      note,
    };
  });

  const findings = queryReviewFindings(db, { account, offset: 0, limit: 1000 }).items;
  if (!row && findings.length === 0 && sources.every((s) => s.source === 'vo_bands_breakdown' || s.rows.length === 0)) {
    throw new AppError('NOT_FOUND', `There is no account ${account} in any imported file.`);
  }

  const derivedChanges = (
    db.prepare('SELECT update_no, column_name, before, after, applied_at FROM derived_changes WHERE account = ? ORDER BY id').all(account) as {
      update_no: number;
      column_name: string;
      before: string | null;
      after: string | null;
      applied_at: string;
    }[]
  ).map((d) => ({ update: d.update_no, column: d.column_name, before: d.before, after: d.after, appliedAt: d.applied_at }));

  const deathEntries = deathRows.map((r) => String(r._entry_id));
  const history = (
    db
      .prepare(
        // The account itself (overrides, finding reviews), its staged rows by row key ("<account>#2",
        // "<account> / …"), and the decisions on death entries confirmed to or proposed for it: all by entity_key, indexed.
        `SELECT id, at, actor, action, entity, entity_key, before, after, note FROM audit_log
          WHERE entity_key = ? OR (entity_key >= ? AND entity_key < ?) OR (entity_key >= ? AND entity_key < ?)
             OR (entity = 'death_list' AND entity_key IN (SELECT value FROM json_each(?)))
          ORDER BY id DESC LIMIT 200`,
      )
      .all(account, `${account}#`, `${account}#\uffff`, `${account} / `, `${account} / \uffff`, JSON.stringify(deathEntries)) as AuditRow[]
  ).map(toAuditEntry);

  const bills = (
    db
      .prepare(
        `SELECT r.number, r.status, r.created_at, b.profile, b.template, b.bill_number, b.gross, b.net
           FROM run_bills b JOIN bill_runs r ON r.id = b.run_id WHERE b.account = ? ORDER BY r.number`,
      )
      .all(account) as { number: number; status: string; created_at: string; profile: string; template: string; bill_number: number; gross: number; net: number }[]
  ).map((b) => ({ runNumber: b.number, runStatus: b.status, runAt: b.created_at, profile: b.profile, template: b.template, billNumber: b.bill_number, gross: b.gross, net: b.net }));

  return {
    account,
    inAccounts: row !== undefined && row._flagged === 0 && row._excluded === 0,
    summary: row ? summaryOf(row) : null,
    bandAfterUpdate: row ? band : null,
    sources,
    findings,
    classification: classification(db, account, row),
    derivedChanges,
    override: listOverrides(db).find((o) => o.account === account) ?? null,
    history,
    bills,
    profiles: PROFILES.map((p) => ({ id: p.id, label: profileLabel(p.id) })),
  };
}

/** Up to 20 accounts by account-number prefix, surname prefix or postcode prefix (each an indexed lookup). */
export function searchAccounts(db: Database, text: string): AccountSummary[] {
  const t = text.trim();
  if (t === '') return [];
  const upper = t.toUpperCase();
  const like = `${t.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const ids = db
    .prepare(
      `SELECT _row_id FROM (SELECT _row_id FROM stg_accounts WHERE mail_merge_reference >= ? AND mail_merge_reference < ? LIMIT 100)
       UNION SELECT _row_id FROM (SELECT _row_id FROM stg_accounts WHERE lead_liable_surname LIKE ? ESCAPE '\\' LIMIT 100)
       UNION SELECT _row_id FROM (SELECT _row_id FROM stg_accounts WHERE postcode LIKE ? ESCAPE '\\' LIMIT 100)
       UNION SELECT _row_id FROM (SELECT _row_id FROM stg_accounts WHERE for_postcode LIKE ? ESCAPE '\\' LIMIT 100)`,
    )
    .pluck()
    .all(upper, `${upper}\uffff`, like, like, like) as number[];
  if (ids.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT * FROM stg_accounts WHERE _row_id IN (SELECT value FROM json_each(?))
        ORDER BY (mail_merge_reference >= ? AND mail_merge_reference < ?) DESC, lead_liable_surname, mail_merge_reference, _row_id`,
    )
    .all(JSON.stringify(ids), upper, `${upper}\uffff`) as DbRow[];
  const seen = new Set<string>();
  const out: AccountSummary[] = [];
  for (const r of rows) {
    const s = summaryOf(r);
    if (s.account === '' || seen.has(s.account)) continue;
    seen.add(s.account);
    out.push(s);
    if (out.length === 20) break;
  }
  return out;
}
