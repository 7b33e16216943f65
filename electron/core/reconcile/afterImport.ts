// What every import runs last, inside its own transaction: the derived updates, then the
// cross-source checks over everything staged (sources.md, "Validation report").
import type { Database } from 'better-sqlite3';
import { applyDerivedUpdates, type DerivedUpdateSettings, type DerivedUpdatesSummary } from './derivedUpdates';
import { runReconciliation, type ReconciliationSummary } from './reconciliation';

export interface RefreshSummary {
  derived: DerivedUpdatesSummary;
  reconciliation: ReconciliationSummary;
}

/** Recomputes the derived updates and re-runs reconciliation; idempotent. Nests in a caller's transaction. */
export function refreshDerivedAndChecks(db: Database, settings?: DerivedUpdateSettings): RefreshSummary {
  return db.transaction(() => {
    const derived = applyDerivedUpdates(db, settings);
    const reconciliation = runReconciliation(db);
    return { derived, reconciliation };
  })();
}
