import type { SourceName } from '../../../shared/sources/catalog';

/** The SQLite table that stages a source. Names come from the closed catalog, never from input. */
export function stagingTable(source: SourceName): string {
  return `stg_${source}`;
}

/** A quoted SQL identifier: some canonical columns start with a digit (`20_21_…`). */
export function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
