import type { Database } from 'better-sqlite3';
import reference from '../../../resources/exemption-reasons.json';

export interface ExemptionClass {
  class: string;
  reason: string;
  historic: boolean;
}

export const EXEMPTION_CLASSES: readonly ExemptionClass[] = reference.classes;

export function exemptionReason(cls: string): string | null {
  return EXEMPTION_CLASSES.find((c) => c.class === cls.trim().toUpperCase())?.reason ?? null;
}

/**
 * Upserts the shipped reference list into the workspace, so a workspace always holds the
 * reasons of the app that last opened it (and pushes carry them to the database).
 */
export function syncExemptionReasons(db: Database): void {
  const upsert = db.prepare('INSERT INTO exemption_reasons (class, reason) VALUES (?, ?) ON CONFLICT (class) DO UPDATE SET reason = excluded.reason');
  db.transaction(() => {
    for (const c of EXEMPTION_CLASSES) upsert.run(c.class, c.reason);
  })();
}
