import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { FindingRuleCount, FindingState, ReviewFinding, ReviewFindingsQuery } from '../../../shared/api/contract';
import { RECONCILIATION_FKEY_SQL } from './rowKeys';

// Every finding an officer reviews, in one list: the validation findings of each source's
// current import ("v<id>") and the cross-source checks ("r<id>"), each with its state.
// The state is not stored on the finding (findings are rewritten by every import and check)
// but in finding_states, by kind, source, rule and key; a validation finding whose row is
// excluded is "excluded" for as long as the row is.

const VALIDATION = `
  SELECT 'v' || f.id AS id, 'validation' AS kind, f.source, f.file_name AS fileName, f.sheet, f.line, f.column_name AS "column",
         f.cell_ref AS cellRef, f.raw_value AS rawValue, f.rule, f.severity, f.message, f.row_id AS rowId, f.row_key AS rowKey,
         CASE WHEN f.row_id IS NULL OR f.row_key IS NULL OR f.source = 'vo_bands_breakdown' THEN NULL
              WHEN instr(f.row_key, ' / ') > 0 THEN substr(f.row_key, 1, instr(f.row_key, ' / ') - 1) ELSE f.row_key END AS account, NULL AS rows,
         CASE WHEN x.row_key IS NOT NULL THEN 'excluded' ELSE coalesce(s.state, 'open') END AS state,
         CASE WHEN x.row_key IS NOT NULL THEN x.note ELSE s.note END AS stateNote,
         CASE WHEN x.row_key IS NOT NULL THEN x.by ELSE s.by END AS stateBy,
         CASE WHEN x.row_key IS NOT NULL THEN x.at ELSE s.at END AS stateAt,
         f.source AS sortSource, coalesce(f.line, 0) AS sortLine, f.id AS sortId
    FROM findings f
    LEFT JOIN finding_states s ON s.kind = 'validation' AND s.source = f.source AND s.rule = f.rule AND s.fkey = f.fkey
    LEFT JOIN row_exclusions x ON x.source = f.source AND x.row_key = f.row_ref
   WHERE f.batch_id IN (SELECT id FROM import_batches WHERE status = 'active')`;

const RECONCILIATION = `
  SELECT 'r' || r.id AS id, 'reconciliation' AS kind, r.source, NULL AS fileName, NULL AS sheet, NULL AS line, NULL AS "column",
         NULL AS cellRef, r.ref AS rawValue, r.code AS rule, r.severity, r.message, NULL AS rowId, r.ref AS rowKey,
         r.account, r.rows,
         -- "fixed" means the check no longer reports it; reported again, it is open again.
         CASE WHEN s.state IS NULL OR s.state = 'fixed' THEN 'open' ELSE s.state END AS state,
         CASE WHEN s.state = 'fixed' THEN NULL ELSE s.note END AS stateNote,
         CASE WHEN s.state = 'fixed' THEN NULL ELSE s.by END AS stateBy,
         CASE WHEN s.state = 'fixed' THEN NULL ELSE s.at END AS stateAt,
         '~' || r.code AS sortSource, 0 AS sortLine, r.id AS sortId
    FROM reconciliation_findings r
    LEFT JOIN finding_states s ON s.kind = 'reconciliation' AND s.source = r.source AND s.rule = r.code AND s.fkey = ${RECONCILIATION_FKEY_SQL('r')}`;

// Cross-source findings a correction or exclusion settled: no longer reported by the checks,
// still listed as fixed or excluded from the copy kept with their state.
const SETTLED = `
  SELECT 's' || s.rowid AS id, 'reconciliation' AS kind, s.source, NULL AS fileName, NULL AS sheet, NULL AS line, NULL AS "column",
         NULL AS cellRef, NULL AS rawValue, s.rule, coalesce(s.severity, 'warning') AS severity, coalesce(s.message, s.rule) AS message,
         NULL AS rowId, NULL AS rowKey, s.account, NULL AS rows,
         s.state, s.note AS stateNote, s.by AS stateBy, s.at AS stateAt,
         '~' || s.rule AS sortSource, 0 AS sortLine, s.rowid AS sortId
    FROM finding_states s
   WHERE s.kind = 'reconciliation' AND s.state IN ('fixed', 'excluded') AND s.message IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM reconciliation_findings r WHERE r.code = s.rule AND r.source = s.source AND ${RECONCILIATION_FKEY_SQL('r')} = s.fkey)`;

/** All of them as one relation, for filtering, counting and paging in SQLite. */
const ALL = `(${VALIDATION} UNION ALL ${RECONCILIATION} UNION ALL ${SETTLED})`;

interface Row extends Omit<ReviewFinding, 'rows'> {
  rows: string | null;
}

function toFinding(r: Row): ReviewFinding {
  const rows = r.rows
    ? (JSON.parse(r.rows) as { table: string; rowId: number; line: number | null }[]).map((x) => ({ source: x.table.replace(/^stg_/, ''), rowId: x.rowId, line: x.line }))
    : [];
  return {
    id: r.id,
    kind: r.kind,
    source: r.source,
    fileName: r.fileName,
    sheet: r.sheet,
    line: r.line,
    column: r.column,
    cellRef: r.cellRef,
    rawValue: r.rawValue,
    rule: r.rule,
    severity: r.severity,
    message: r.message,
    rowId: r.rowId,
    rowKey: r.rowKey,
    account: r.account,
    rows: r.rowId !== null ? [{ source: r.source, rowId: r.rowId, line: r.line }] : rows,
    state: r.state,
    stateNote: r.stateNote,
    stateBy: r.stateBy,
    stateAt: r.stateAt,
  };
}

function whereOf(qy: ReviewFindingsQuery, withState: boolean): { sql: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (qy.kind) {
    where.push('kind = ?');
    params.push(qy.kind);
  }
  if (qy.source) {
    where.push('source = ?');
    params.push(qy.source);
  }
  if (qy.severity) {
    where.push('severity = ?');
    params.push(qy.severity);
  }
  if (qy.rule) {
    where.push('rule = ?');
    params.push(qy.rule);
  }
  if (qy.account) {
    where.push('(account = ? OR rowKey = ? OR rowKey LIKE ?)');
    params.push(qy.account, qy.account, `${qy.account} / %`);
  }
  const search = qy.search?.trim();
  if (search) {
    const like = `%${search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(`(account LIKE ? ESCAPE '\\' OR rowKey LIKE ? ESCAPE '\\' OR message LIKE ? ESCAPE '\\' OR fileName LIKE ? ESCAPE '\\' OR rule LIKE ? ESCAPE '\\')`);
    params.push(like, like, like, like, like);
  }
  if (withState && qy.state) {
    where.push('state = ?');
    params.push(qy.state);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** A page of findings with their states, and how many there are in each state. */
export function queryReviewFindings(
  db: Database,
  qy: ReviewFindingsQuery,
): { total: number; items: ReviewFinding[]; counts: Record<FindingState, number> } {
  const offset = qy.offset ?? 0;
  const limit = qy.limit ?? 200;
  const counts: Record<FindingState, number> = { open: 0, reviewed: 0, fixed: 0, excluded: 0 };
  const base = whereOf(qy, false);
  for (const c of db.prepare(`SELECT state, count(*) AS n FROM ${ALL} ${base.sql} GROUP BY state`).all(...base.params) as { state: FindingState; n: number }[]) {
    counts[c.state] = c.n;
  }
  const total = qy.state ? counts[qy.state] : counts.open + counts.reviewed + counts.fixed + counts.excluded;
  const w = whereOf(qy, true);
  // Errors first, then file order; cross-source checks after the validation findings.
  const rows = db
    .prepare(
      `SELECT * FROM ${ALL} ${w.sql}
        ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, sortSource, sortLine, sortId
        LIMIT ? OFFSET ?`,
    )
    .all(...w.params, limit, offset) as Row[];
  return { total, items: rows.map(toFinding), counts };
}

/** Findings per rule with their counts by state, for the filters and the charts. */
export function findingRuleCounts(db: Database): FindingRuleCount[] {
  const rows = db
    .prepare(
      `SELECT kind, rule, severity, state, count(*) AS n FROM ${ALL} GROUP BY kind, rule, severity, state
        ORDER BY kind DESC, CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, rule`,
    )
    .all() as { kind: FindingRuleCount['kind']; rule: string; severity: FindingRuleCount['severity']; state: FindingState; n: number }[];
  const out = new Map<string, FindingRuleCount>();
  for (const r of rows) {
    const k = `${r.kind}|${r.rule}|${r.severity}`;
    let c = out.get(k);
    if (!c) {
      c = { kind: r.kind, rule: r.rule, severity: r.severity, total: 0, states: { open: 0, reviewed: 0, fixed: 0, excluded: 0 } };
      out.set(k, c);
    }
    c.total += r.n;
    c.states[r.state] += r.n;
  }
  return [...out.values()];
}

/** What a finding id stands for: where its state is kept, and the rows it is about. */
export interface FindingTarget {
  id: string;
  kind: 'validation' | 'reconciliation';
  source: string;
  rule: string;
  fkey: string;
  label: string;
  rows: { source: string; rowId: number }[];
  severity: string;
  account: string | null;
  message: string;
}

/** Resolves finding ids of the current findings; an id that no longer exists is refused. */
export function resolveFindings(db: Database, ids: readonly string[]): FindingTarget[] {
  const settled = db.prepare(`SELECT source, rule, fkey, severity, account, message FROM finding_states WHERE rowid = ? AND kind = 'reconciliation' AND message IS NOT NULL`);
  const v = db.prepare(`SELECT id, source, rule, fkey, row_id, line, message, severity, row_key FROM findings WHERE id = ? AND batch_id IN (SELECT id FROM import_batches WHERE status = 'active')`);
  const r = db.prepare(`SELECT id, source, code, ${RECONCILIATION_FKEY_SQL('reconciliation_findings')} AS fkey, account, rows, severity, message FROM reconciliation_findings WHERE id = ?`);
  const out: FindingTarget[] = [];
  for (const id of new Set(ids)) {
    const m = /^([vrs])(\d+)$/.exec(id);
    if (!m) throw new AppError('BAD_REQUEST', `"${id}" is not a finding.`);
    if (m[1] === 'v') {
      const f = v.get(Number(m[2])) as
        | { id: number; source: string; rule: string; fkey: string | null; row_id: number | null; line: number | null; severity: string; message: string; row_key: string | null }
        | undefined;
      if (!f || f.fkey === null) throw new AppError('NOT_FOUND', 'A finding was replaced by a newer import or check. Refresh the list and try again.');
      out.push({
        id,
        kind: 'validation',
        source: f.source,
        rule: f.rule,
        fkey: f.fkey,
        label: `${f.rule} in ${f.source}${f.line !== null ? ` line ${f.line}` : ''}`,
        rows: f.row_id !== null ? [{ source: f.source, rowId: f.row_id }] : [],
        severity: f.severity,
        account: f.row_key,
        message: f.message,
      });
    } else if (m[1] === 's') {
      const f = settled.get(Number(m[2])) as { source: string; rule: string; fkey: string; severity: string | null; account: string | null; message: string } | undefined;
      if (!f) throw new AppError('NOT_FOUND', 'That finding is no longer listed. Refresh the list and try again.');
      out.push({ id, kind: 'reconciliation', source: f.source, rule: f.rule, fkey: f.fkey, label: `${f.rule}${f.account ? ` for account ${f.account}` : ''} (${f.source})`, rows: [], severity: f.severity ?? 'warning', account: f.account, message: f.message });
    } else {
      const f = r.get(Number(m[2])) as { id: number; source: string; code: string; fkey: string; account: string | null; rows: string; severity: string; message: string } | undefined;
      if (!f) throw new AppError('NOT_FOUND', 'A cross-source finding was replaced by a newer check. Refresh the list and try again.');
      out.push({
        id,
        kind: 'reconciliation',
        source: f.source,
        rule: f.code,
        fkey: f.fkey,
        label: `${f.code}${f.account ? ` for account ${f.account}` : ''} (${f.source})`,
        rows: (JSON.parse(f.rows) as { table: string; rowId: number }[]).map((x) => ({ source: x.table.replace(/^stg_/, ''), rowId: x.rowId })),
        severity: f.severity,
        account: f.account,
        message: f.message,
      });
    }
  }
  return out;
}
