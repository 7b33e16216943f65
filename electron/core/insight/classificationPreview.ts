// How the bills would classify the workspace's accounts if they were run now: the same inputs,
// settings, overrides and rules as a bill run (billRun.ts), but nothing is numbered, priced or
// written. Used by the dashboard's charts and the account view.
import type { Database } from 'better-sqlite3';
import { EXCLUSION_CODES, PROFILES, classify, isProfiled, validateSettings, type AccountInput, type BillingSettings, type Classification } from '../../../shared/billing/rules';
import { DEFAULT_SETTINGS_2021_22 } from '../../../shared/billing/rules';
import { exclusionLabel, profileLabel } from '../../../shared/insight/labels';
import type { ClassificationPreviewView } from '../../../shared/api/contract';
import { readAccountInputs, readBandBreakdown, readExemptReasons } from '../billing/accountInputs';
import { loadSettings } from '../billing/settingsStore';

/** The saved billing settings as the rules take them, or the problems that stop them being used. */
export function usableSettings(db: Database): { settings: BillingSettings | null; problems: string[] } {
  const saved = loadSettings(db) as unknown as Record<string, unknown>;
  const settings = Object.fromEntries(Object.keys(DEFAULT_SETTINGS_2021_22).map((k) => [k, saved[k]])) as unknown as BillingSettings;
  const problems = validateSettings(settings).map((p) => p.message);
  return problems.length > 0 ? { settings: null, problems } : { settings, problems: [] };
}

export interface Classified {
  input: AccountInput;
  result: Classification;
}

/** Every usable account with its profile or exclusion reasons (a normal run, not a re-issue). */
export function classifyAccounts(db: Database, settings: BillingSettings, onlyAccount?: string): Classified[] {
  const inputs = readAccountInputs(db, { reissue: false, ...(onlyAccount !== undefined ? { account: onlyAccount } : {}) });
  if (inputs.length === 0) return [];
  const breakdown = readBandBreakdown(db);
  const reasons = readExemptReasons(db);
  const exemptReason = (cls: string): string | undefined => reasons.get(cls.trim().toUpperCase());
  return inputs.map((input) => ({ input, result: classify(input, settings, breakdown, exemptReason) }));
}

/** Counts per profile and per exclusion reason, with the control counts of the accounts rows. */
export function classificationPreview(db: Database, settings: BillingSettings): ClassificationPreviewView {
  const control = db
    .prepare(
      `SELECT count(*) AS n,
              coalesce(sum(_flagged <> 0 OR _excluded <> 0), 0) AS flagged,
              coalesce(sum(_flagged = 0 AND _excluded = 0 AND _duplicate_of IS NOT NULL), 0) AS dup
         FROM stg_accounts`,
    )
    .get() as { n: number; flagged: number; dup: number };
  const profiles = new Map<string, number>(PROFILES.map((p) => [p.id, 0]));
  const reasons = new Map<string, number>(EXCLUSION_CODES.map((c) => [c, 0]));
  let profiled = 0;
  let excluded = 0;
  const all = classifyAccounts(db, settings);
  for (const { result } of all) {
    if (isProfiled(result)) {
      profiled += 1;
      profiles.set(result.profile, (profiles.get(result.profile) ?? 0) + 1);
    } else {
      excluded += 1;
      for (const x of result.exclusions) reasons.set(x.code, (reasons.get(x.code) ?? 0) + 1);
    }
  }
  return {
    rowsRead: control.n,
    flaggedRows: control.flagged,
    duplicateRows: control.dup,
    accounts: all.length,
    profiled,
    excluded,
    profiles: [...profiles].map(([profile, count]) => ({ profile, label: profileLabel(profile), count })),
    reasons: [...reasons].map(([code, count]) => ({ code, label: exclusionLabel(code), count })),
  };
}
