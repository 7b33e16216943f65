export { applyDerivedUpdates, DEFAULT_DERIVED_SETTINGS, type DerivedUpdateSettings, type DerivedUpdatesSummary, type UpdateNo } from './derivedUpdates';
export { runReconciliation, collectFindings, RECONCILIATION_SEVERITY, BAND_NINTHS, type ReconciliationCode, type ReconciliationFinding, type ReconciliationSummary, type RowRef } from './reconciliation';
export { refreshDerivedAndChecks, type RefreshSummary } from './afterImport';
