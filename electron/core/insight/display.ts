// Staged values as an officer reads them in the account view and the checks screen: money as
// pounds (£1,310.50), percentages with a % sign, lists joined, no-value cells as written.
import type { Database } from 'better-sqlite3';
import { IMPORTABLE_SOURCE_NAMES, sourceDef, type ColumnDef, type ImportableSource } from '../../../shared/sources/catalog';
import { formatMoneyForDisplay, formatPounds } from '../../../shared/values/money';
import { stagingTable } from '../staging/tables';

export type DbValue = string | number | bigint | null;
export type DbRow = Record<string, DbValue> & { _row_id: number; _line: number; _flagged: number; _duplicate_of: number | null };

export function displayValue(column: ColumnDef, value: DbValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (column.type === 'money' && (typeof value === 'number' || typeof value === 'bigint')) return formatMoneyForDisplay(Number(value));
  if (column.type === 'decimal2' && (typeof value === 'number' || typeof value === 'bigint')) return `${formatPounds(Number(value))}%`;
  if (column.type === 'list' && typeof value === 'string') {
    try {
      const list = JSON.parse(value) as unknown;
      if (Array.isArray(list)) return list.map((x) => String(x)).join(', ');
    } catch {
      // Not JSON: shown as kept.
    }
  }
  return String(value);
}

/** One column of a staged row, for display ('' when the column is unknown or empty). */
export function cell(source: ImportableSource, row: DbRow | undefined, column: string): string {
  if (!row) return '';
  const def = sourceDef(source).columns.find((c) => c.name === column);
  return def ? displayValue(def, row[column]) : String(row[column] ?? '');
}

/** Every column of a staged row in catalog order. */
export function rowValues(source: ImportableSource, row: DbRow): string[] {
  return sourceDef(source).columns.map((c) => displayValue(c, row[c.name]));
}

const TABLE_SOURCES = new Map<string, ImportableSource>();

/** The source of a staging table name (`stg_accounts` → `accounts`), or null. */
export function sourceOfTable(table: string): ImportableSource | null {
  if (TABLE_SOURCES.size === 0) {
    for (const s of IMPORTABLE_SOURCE_NAMES) TABLE_SOURCES.set(stagingTable(s), s);
  }
  return TABLE_SOURCES.get(table) ?? null;
}

/** A staged row by table and row id (the table is checked against the catalog). */
export function readRow(db: Database, table: string, rowId: number): DbRow | undefined {
  const source = sourceOfTable(table);
  if (source === null) return undefined;
  return db.prepare(`SELECT * FROM ${stagingTable(source)} WHERE _row_id = ?`).get(rowId) as DbRow | undefined;
}

/** "Mr Alan Fixturedale" from an accounts row. */
export function leadLiableName(row: DbRow | undefined): string {
  if (!row) return '';
  return ['lead_liable_title', 'lead_liable_forename', 'lead_liable_middlename', 'lead_liable_surname']
    .map((c) => (row[c] === null || row[c] === undefined ? '' : String(row[c]).trim()))
    .filter((s) => s !== '')
    .join(' ');
}

export function joinAddress(row: DbRow | undefined, prefix: '' | 'for_'): string {
  if (!row) return '';
  return [1, 2, 3, 4]
    .map((i) => row[`${prefix}addr${i}`])
    .map((v) => (v === null || v === undefined ? '' : String(v).trim()))
    .filter((s) => s !== '')
    .join(', ');
}
