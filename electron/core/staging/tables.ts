import type { SourceName } from '../../../shared/sources/catalog';

/** The SQLite table that stages a source. Names come from the closed catalog, never from input. */
export function stagingTable(source: SourceName): string {
  return `stg_${source}`;
}
