import type { Database } from 'better-sqlite3';
import type { SavedMapping } from '../../../shared/import/headerMatching';

/** The column mappings officers confirmed, remembered per source for the next file. */
export function loadSavedMapping(db: Database, source: string): SavedMapping {
  const rows = db.prepare('SELECT header_norm, canonical FROM column_mappings WHERE source = ?').all(source) as { header_norm: string; canonical: string | null }[];
  return Object.fromEntries(rows.map((r) => [r.header_norm, r.canonical]));
}

export function saveMapping(db: Database, source: string, saved: SavedMapping, actor: string): void {
  const upsert = db.prepare(
    `INSERT INTO column_mappings (source, header_norm, canonical, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (source, header_norm) DO UPDATE SET canonical = excluded.canonical, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const now = new Date().toISOString();
  for (const [norm, canonical] of Object.entries(saved)) upsert.run(source, norm, canonical, now, actor);
}
