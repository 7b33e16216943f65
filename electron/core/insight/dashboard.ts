// The dashboard (issue 5): each source's current import, whether the workspace is ready to bill
// and to push (and exactly what stands in the way, in plain English), and the data of its charts:
// findings by rule, and how the accounts would be classified if the bills were run now.
import type { Database } from 'better-sqlite3';
import type { ClassificationPreviewView, DashboardView, Readiness } from '../../../shared/api/contract';
import type { BillingSettings } from '../../../shared/billing/rules';
import { IMPORTABLE_SOURCE_NAMES, sourceDef, type ImportableSource } from '../../../shared/sources/catalog';
import { findingRuleCounts, queryReviewFindings } from '../review/reviewFindings';
import { listBatches } from '../staging/batches';
import { stagingTable } from '../staging/tables';
import { classificationPreview, usableSettings } from './classificationPreview';

/** What the readiness list says when a source has never been imported. */
export const MISSING_IMPORT: Record<ImportableSource, string> = {
  accounts: 'No Academy accounts file has been imported.',
  fdm_bills: 'No print-house bill file (March 2020) has been imported.',
  fdm_exemptions: 'No exemption notices file (March 2020) has been imported.',
  working_age_ctr: 'No working-age reductions file has been imported.',
  valuation_office_bands: 'No Valuation Office bands file has been imported.',
  vo_bands_breakdown: 'No band breakdown file has been imported.',
  direct_debit_discrepancies: 'No direct-debit reconciliation file has been imported.',
  cash_payments: 'No cash payments file has been imported.',
  death_list: 'No deaths report has been imported.',
};

/**
 * The classification preview reads every account (seconds for a whole borough), so it is kept
 * until the data changes. Every change to what the rules read (imports, edits, exclusions,
 * death decisions, overrides, settings, runs and their approval) writes an audit entry, so the
 * newest audit entry, the imports and the settings together say when to classify again.
 */
const previews = new WeakMap<Database, { key: string; preview: ClassificationPreviewView }>();

function cachedPreview(db: Database, settings: BillingSettings): ClassificationPreviewView {
  const key = JSON.stringify([
    db.prepare('SELECT max(id) FROM audit_log').pluck().get(),
    db.prepare("SELECT count(*) || '/' || coalesce(max(imported_at), '') FROM import_batches").pluck().get(),
    db.prepare("SELECT count(*) || '/' || coalesce(max(number), 0) || '/' || coalesce(group_concat(status), '') FROM bill_runs").pluck().get(),
    settings,
  ]);
  const hit = previews.get(db);
  if (hit && hit.key === key) return hit.preview;
  const preview = classificationPreview(db, settings);
  previews.set(db, { key, preview });
  return preview;
}

const count = (n: number, one: string, many: string): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export function dashboard(db: Database): DashboardView {
  const sources = IMPORTABLE_SOURCE_NAMES.map((source) => {
    const excluded = db.prepare(`SELECT count(*) FROM ${stagingTable(source)} WHERE _batch_id = ? AND _excluded <> 0`).pluck();
    const imports = listBatches(db, source)
      .filter((b) => b.status === 'active')
      .map((b) => ({
        batchId: b.id,
        fileName: b.fileName,
        run: b.run,
        importedAt: b.importedAt,
        importedBy: b.importedBy,
        rowsRead: b.rowsRead,
        rowsStaged: b.rowsStaged,
        rowsFlagged: b.rowsFlagged,
        rowsExcluded: excluded.get(b.id) as number,
        errors: b.errors,
        warnings: b.warnings,
      }));
    const open = queryReviewFindings(db, { kind: 'validation', source, state: 'open', offset: 0, limit: 1 }).total;
    const openErrors = queryReviewFindings(db, { kind: 'validation', source, state: 'open', severity: 'error', offset: 0, limit: 1 }).total;
    return { source, label: sourceDef(source).label, imports, openFindings: open, openErrors };
  });

  const rules = findingRuleCounts(db);
  const findingsByRule = rules.map((r) => ({ rule: r.rule, kind: r.kind, severity: r.severity, open: r.states.open, total: r.total }));
  // Notes (severity info) say something about a file but need no decision, so they block nothing.
  const openAll = rules.filter((r) => r.severity !== 'info').reduce((n, r) => n + r.states.open, 0);
  const openErrors = rules.filter((r) => r.severity === 'error').reduce((n, r) => n + r.states.open, 0);

  const deathCounts = db
    .prepare(`SELECT count(*) AS entries, coalesce(sum(_status = 'unmatched'), 0) AS undecided FROM stg_death_list WHERE _flagged = 0 AND _excluded = 0`)
    .get() as { entries: number; undecided: number };

  // Blockers the data itself raises: both billing and pushing need them cleared.
  const dataBlockers: string[] = [];
  for (const s of sources) if (s.imports.length === 0) dataBlockers.push(MISSING_IMPORT[s.source]);
  if (openAll > 0) {
    dataBlockers.push(`${count(openAll, 'finding is', 'findings are')} still open (${count(openErrors, 'error', 'errors')}). Review, fix or exclude ${openAll === 1 ? 'it' : 'them'} on the Findings screen.`);
  }
  if (deathCounts.undecided > 0) dataBlockers.push(`${count(deathCounts.undecided, 'death entry has', 'death entries have')} no decision. Decide ${deathCounts.undecided === 1 ? 'it' : 'them'} on the Deaths screen.`);

  const billBlockers = [...dataBlockers];
  const { settings, problems } = usableSettings(db);
  if (settings === null) billBlockers.push(`The billing settings are not valid: ${problems.join(' ')}`);
  const hasAccounts = (db.prepare('SELECT count(*) FROM stg_accounts').pluck().get() as number) > 0;
  const preview = settings !== null && hasAccounts ? cachedPreview(db, settings) : null;
  if (preview !== null && preview.profiled === 0) billBlockers.push('No account would get a bill with the data as it stands: every account is excluded.');

  const pushBlockers = [...dataBlockers];
  const runs = db.prepare(`SELECT count(*) AS runs, coalesce(sum(status IN ('approved', 'released')), 0) AS approved FROM bill_runs`).get() as { runs: number; approved: number };
  if (runs.approved === 0) {
    pushBlockers.push(runs.runs === 0 ? 'No bill run has been made yet: run the bills and have another officer approve the run.' : 'No bill run has been approved yet: another officer must approve a run on the Bills screen.');
  }

  const readiness = (blockers: string[]): Readiness => ({ ready: blockers.length === 0, blockers });
  return {
    sources,
    readyToBill: readiness(billBlockers),
    readyToPush: readiness(pushBlockers),
    deaths: deathCounts,
    findingsByRule,
    preview,
  };
}
