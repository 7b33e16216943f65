import type { Database } from 'better-sqlite3';
import { IMPORTABLE_SOURCE_NAMES, keyColumns, sourceDef, type ImportableSource } from '../../../shared/sources/catalog';
import { fileOrder } from '../staging/stagedRows';
import { q, stagingTable } from '../staging/tables';

// A staged row's review key: what an officer's edits, exclusions and finding states are kept
// by, so they find the same row again after a re-import (sources.md, "Re-importing").
// It is the row's natural key plus its occurrence among rows with that key in file order:
// "355465826#1" is the first accounts row for 355465826, "355465826#2" a repeat of it.

/** The SQL expression of a source's natural key (without the occurrence). */
export function naturalKeySql(source: ImportableSource): { key: string; partition: string } {
  if (source === 'death_list') return { key: `coalesce(_entry_key, 'line ' || _line)`, partition: `coalesce(_entry_key, 'line ' || _line)` };
  // A bill is one per account within a print run; the same account in two runs is two rows.
  if (source === 'fdm_bills') return { key: `run || '/' || coalesce(account_number, '')`, partition: `run, account_number` };
  // Cash payments have no key column: a payment is its account and receipt number.
  const columns = source === 'cash_payments' ? ['account', 'receipt_no'] : keyColumns(sourceDef(source)).map((c) => c.name);
  if (columns.length === 0) return { key: `'line ' || _line`, partition: '_row_id' };
  return {
    key: columns.map((c) => `coalesce(CAST(${q(c)} AS TEXT), '')`).join(` || ' / ' || `),
    partition: columns.map(q).join(', '),
  };
}

/**
 * Gives every staged row without one its review key, and every finding its finding key and
 * row key. Runs inside each import's transaction, before edits and exclusions are re-applied.
 */
export function assignRowKeys(db: Database): void {
  for (const source of IMPORTABLE_SOURCE_NAMES) {
    const table = stagingTable(source);
    const pending = db.prepare(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE _row_key IS NULL)`).pluck().get() as number;
    if (pending) {
      const { key, partition } = naturalKeySql(source);
      db.prepare(
        `UPDATE ${table} SET _row_key = k.row_key
           FROM (SELECT _row_id AS id, ${key} || '#' || row_number() OVER (PARTITION BY ${partition} ORDER BY ${fileOrder(source)}) AS row_key FROM ${table}) AS k
          WHERE ${table}._row_id = k.id AND ${table}._row_key IS NULL`,
      ).run();
    }
    db.prepare(
      `UPDATE findings SET row_ref = (SELECT s._row_key FROM ${table} s WHERE s._row_id = findings.row_id)
        WHERE source = ? AND fkey IS NULL AND row_id IS NOT NULL`,
    ).run(source);
  }
  // A finding about a row is keyed by the row and column; one about the file (a missing or
  // unmapped column, a repeated header, a rejected line) by its line and column.
  db.prepare(
    `UPDATE findings SET fkey = CASE WHEN row_ref IS NOT NULL THEN row_ref || '|' || coalesce(column_name, '')
                                     ELSE '@' || coalesce(line, '') || '|' || coalesce(column_name, '') END
      WHERE fkey IS NULL`,
  ).run();
}

/** The key of a cross-source finding: its account and reference within its source and code. */
export const RECONCILIATION_FKEY_SQL = (alias: string): string => `coalesce(${alias}.account, '') || '|' || coalesce(${alias}.ref, '')`;
