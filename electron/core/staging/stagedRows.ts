import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { GridColumn, RowsQuery, StagedRow } from '../../../shared/api/contract';
import { formatStagedValue, type StagedValue } from '../../../shared/import/validateRow';
import { sourceDef, type ImportableSource } from '../../../shared/sources/catalog';
import { q as quote, stagingTable } from './tables';

export function gridColumns(source: ImportableSource): GridColumn[] {
  return sourceDef(source).columns.map((c) => ({ name: c.name, label: c.label, type: c.type }));
}

/**
 * File order. Print bills come from several runs: the DD run, then cash, then props, then
 * other runs by name (the order billing-rules.md uses to pick a bill's additional names).
 */
export function fileOrder(source: ImportableSource, dir: 'ASC' | 'DESC' = 'ASC'): string {
  if (source === 'fdm_bills') return `CASE run WHEN 'dd' THEN 0 WHEN 'cash' THEN 1 WHEN 'props' THEN 2 ELSE 3 END ${dir}, run ${dir}, _line ${dir}, _row_id ${dir}`;
  return `_line ${dir}, _row_id ${dir}`;
}

type DbRow = Record<string, StagedValue> & { _row_id: number; _line: number; _flagged: number; _duplicate_of: number | null; _excluded: number; _edited: string | null; _row_key: string | null };

export function toStagedRow(source: ImportableSource, r: DbRow): StagedRow {
  const def = sourceDef(source);
  return {
    rowId: r._row_id,
    line: r._line,
    flagged: r._flagged === 1,
    duplicate: r._duplicate_of !== null,
    excluded: r._excluded === 1,
    edited: r._edited ? (JSON.parse(r._edited) as string[]) : [],
    rowKey: r._row_key ?? '',
    values: def.columns.map((c) => formatStagedValue(c, r[c.name])),
  };
}

/**
 * A page of staged rows for the grid. Sorting, searching and paging all happen in SQLite so
 * the renderer never holds more than the rows on screen. Column names are checked against
 * the catalog before they reach SQL.
 */
export function queryStagedRows(db: Database, q: Required<Pick<RowsQuery, 'source' | 'offset' | 'limit'>> & RowsQuery): { total: number; rows: StagedRow[] } {
  const def = sourceDef(q.source);
  const table = stagingTable(q.source);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (q.flaggedOnly) where.push('_flagged = 1');
  if (q.excludedOnly) where.push('_excluded = 1');
  if (q.rowIds) where.push(`_row_id IN (${q.rowIds.map(Number).join(', ') || 'NULL'})`);
  if (q.filter && q.filter.value.trim() !== '') {
    const column = def.columns.find((c) => c.name === q.filter!.column);
    if (!column) throw new AppError('BAD_REQUEST', `Cannot filter by "${q.filter.column}".`);
    // Money and percentages are stored as integers: compare the text as shown (pounds).
    const value = q.filter.value.trim();
    if (column.type === 'money' || column.type === 'decimal2') {
      const v = quote(column.name);
      where.push(`(CASE WHEN ${v} < 0 THEN '-' ELSE '' END || (abs(${v}) / 100) || '.' || substr('00' || (abs(${v}) % 100), -2)) LIKE ? ESCAPE '\\'`);
    } else {
      where.push(`CAST(${quote(column.name)} AS TEXT) LIKE ? ESCAPE '\\'`);
    }
    const text = column.type === 'money' || column.type === 'decimal2' ? value.replace(/^£/, '').replace(/,/g, '') : value;
    params.push(`${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  }
  const search = q.search?.trim();
  if (search) {
    // Prefix search, one indexed lookup per searchable column, unioned into a small set of
    // row ids first; only then sorted and paged. (An OR across columns combined with ORDER BY
    // made SQLite walk the sort index and test every row.)
    const parts: string[] = [];
    for (const c of def.columns.filter((c) => c.searchable)) {
      if (c.type === 'account') {
        parts.push(`SELECT _row_id FROM ${table} WHERE ${quote(c.name)} >= ? AND ${quote(c.name)} < ?`);
        const upper = search.toUpperCase();
        params.push(upper, `${upper}\uffff`);
      } else {
        parts.push(`SELECT _row_id FROM ${table} WHERE ${quote(c.name)} LIKE ? ESCAPE '\\'`);
        params.push(`${search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
      }
    }
    where.push(`_row_id IN (${parts.join(' UNION ')})`);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  let order = fileOrder(q.source);
  if (q.sort) {
    const column = def.columns.find((c) => c.name === q.sort!.column);
    if (!column && q.sort.column !== '_line') throw new AppError('BAD_REQUEST', `Cannot sort by "${q.sort.column}".`);
    const dir = q.sort.direction === 'desc' ? 'DESC' : 'ASC';
    order = column ? `${quote(column.name)} ${dir}, ${fileOrder(q.source, dir)}` : fileOrder(q.source, dir);
  }
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM ${table} ${whereSql}`).get(...params) as { n: number }).n;
  const rows = db.prepare(`SELECT * FROM ${table} ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, q.limit, q.offset) as DbRow[];
  return { total, rows: rows.map((r) => toStagedRow(q.source, r)) };
}

/** One staged row as the grid shows it, or undefined when it is no longer staged. */
export function stagedRowById(db: Database, source: ImportableSource, rowId: number): StagedRow | undefined {
  const r = db.prepare(`SELECT * FROM ${stagingTable(source)} WHERE _row_id = ?`).get(rowId) as DbRow | undefined;
  return r ? toStagedRow(source, r) : undefined;
}

/** Every staged row in file order, for exports; iterates so memory stays flat. */
export function* iterateStagedRows(db: Database, source: ImportableSource): Generator<StagedRow> {
  const table = stagingTable(source);
  for (const r of db.prepare(`SELECT * FROM ${table} ORDER BY ${fileOrder(source)}`).iterate() as IterableIterator<DbRow>) {
    yield toStagedRow(source, r);
  }
}
