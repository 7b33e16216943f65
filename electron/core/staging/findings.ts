import type { Database } from 'better-sqlite3';
import type { Finding } from '../../../shared/api/contract';

interface FindingRow {
  id: number;
  batch_id: string;
  source: string;
  file_name: string;
  sheet: string | null;
  line: number | null;
  column_name: string | null;
  cell_ref: string | null;
  raw_value: string | null;
  rule: string;
  severity: Finding['severity'];
  message: string;
  row_id: number | null;
  row_key: string | null;
}

function toFinding(r: FindingRow): Finding {
  return {
    id: r.id,
    batchId: r.batch_id,
    source: r.source,
    fileName: r.file_name,
    sheet: r.sheet,
    line: r.line,
    column: r.column_name,
    cellRef: r.cell_ref,
    rawValue: r.raw_value,
    rule: r.rule,
    severity: r.severity,
    message: r.message,
    rowId: r.row_id,
    rowKey: r.row_key,
  };
}

export interface FindingsFilter {
  batchId?: string;
  source?: string;
  severity?: Finding['severity'];
  rule?: string;
  offset: number;
  limit: number;
}

/** Findings in file order. Without a batch, only those of each source's current import. */
export function listFindings(db: Database, f: FindingsFilter): { total: number; items: Finding[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.batchId) {
    where.push('batch_id = ?');
    params.push(f.batchId);
  } else {
    where.push("batch_id IN (SELECT id FROM import_batches WHERE status = 'active')");
  }
  if (f.source) {
    where.push('source = ?');
    params.push(f.source);
  }
  if (f.severity) {
    where.push('severity = ?');
    params.push(f.severity);
  }
  if (f.rule) {
    where.push('rule = ?');
    params.push(f.rule);
  }
  const whereSql = `WHERE ${where.join(' AND ')}`;
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM findings ${whereSql}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * FROM findings ${whereSql} ORDER BY source, COALESCE(line, 0), id LIMIT ? OFFSET ?`)
    .all(...params, f.limit, f.offset) as FindingRow[];
  return { total, items: rows.map(toFinding) };
}

/** Findings of a batch grouped by rule, with one example message each. */
export function summariseFindings(db: Database, batchId: string): { rule: string; severity: Finding['severity']; count: number; message: string }[] {
  return db
    .prepare(
      `SELECT rule, severity, COUNT(*) AS count, MIN(message) AS message FROM findings WHERE batch_id = ?
       GROUP BY rule, severity ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, rule`,
    )
    .all(batchId) as { rule: string; severity: Finding['severity']; count: number; message: string }[];
}

export function* iterateFindings(db: Database, batchIds: string[]): Generator<Finding> {
  if (!batchIds.length) return;
  const stmt = db.prepare(`SELECT * FROM findings WHERE batch_id IN (${batchIds.map(() => '?').join(',')}) ORDER BY source, COALESCE(line, 0), id`);
  for (const r of stmt.iterate(...batchIds) as IterableIterator<FindingRow>) yield toFinding(r);
}
