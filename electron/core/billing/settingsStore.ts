// The workspace's billing-year settings (billing-rules.md, "Billing-year settings"): one JSON row,
// the 2021/22 defaults until an officer changes them, always validated, every change audited.
import type { Database } from 'better-sqlite3';
import { DEFAULT_SETTINGS_2021_22, validateSettings, type BillingSettings } from '../../../shared/billing/rules';
import { AppError } from '../../../shared/errors';
import type { Workspace } from '../workspace/workspace';

/** Workspace settings beyond the rules' BillingSettings. */
export interface WorkspaceBillingSettings extends BillingSettings {
  /** The print-house hand-off folder that released runs are copied to; null until set. */
  handoffFolder: string | null;
}

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceBillingSettings = { ...structuredClone(DEFAULT_SETTINGS_2021_22), handoffFolder: null };

function problemsOf(s: WorkspaceBillingSettings): string[] {
  const problems = validateSettings(s).map((p) => `${p.field}: ${p.message}`);
  if (s.handoffFolder !== null && (typeof s.handoffFolder !== 'string' || s.handoffFolder.trim() === '')) {
    problems.push('handoffFolder: The hand-off folder must be a folder path.');
  }
  return problems;
}

/** The saved settings, or the defaults when none are saved (anything missing from the saved ones is defaulted). */
export function loadSettings(db: Database): WorkspaceBillingSettings {
  const json = db.prepare('SELECT settings FROM billing_settings WHERE id = 1').pluck().get() as string | undefined;
  if (json === undefined) return structuredClone(DEFAULT_WORKSPACE_SETTINGS);
  return { ...structuredClone(DEFAULT_WORKSPACE_SETTINGS), ...(JSON.parse(json) as Partial<WorkspaceBillingSettings>) };
}

/** Validates and saves the settings; audited with before and after. */
export function saveSettings(workspace: Workspace, settings: WorkspaceBillingSettings, actor: string): WorkspaceBillingSettings {
  const problems = problemsOf(settings);
  if (problems.length > 0) throw new AppError('BAD_REQUEST', `The billing settings cannot be saved: ${problems.join(' ')}`);
  const db = workspace.db;
  return db.transaction(() => {
    const before = loadSettings(db);
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO billing_settings (id, settings, updated_by, updated_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    ).run(JSON.stringify(settings), actor, now);
    workspace.audit({ actor, action: 'billing/settings/set', entity: 'billing_settings', entityKey: '1', before, after: settings }, db);
    return loadSettings(db);
  })();
}

/**
 * `key=value` changes as the CLI takes them. Keys are the settings' names, nested with dots
 * (`billingPeriod.start`, `ddInstalments.count`). Dates are ISO (`2022-04-01`), months `YYYY-MM`.
 * Money fields end in `Pence` and take whole pence (`500`) or pounds with a £ or a decimal point
 * (`£5.00`, `5.00`). `lineEnding` takes LF or CRLF; `handoffFolder` a path (empty to unset).
 */
export function applyAssignments(settings: WorkspaceBillingSettings, assignments: readonly string[]): WorkspaceBillingSettings {
  const next = structuredClone(settings) as unknown as Record<string, unknown>;
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq < 1) throw new AppError('BAD_REQUEST', `"${a}" is not key=value.`);
    const key = a.slice(0, eq).trim();
    const raw = a.slice(eq + 1).trim();
    const parts = key.split('.');
    let target = next;
    for (const p of parts.slice(0, -1)) {
      const child = target[p];
      if (child === null || typeof child !== 'object' || Array.isArray(child)) throw new AppError('BAD_REQUEST', `There is no setting ${key}.`);
      target = child as Record<string, unknown>;
    }
    const leaf = parts[parts.length - 1];
    if (!Object.hasOwn(target, leaf) || (target[leaf] !== null && typeof target[leaf] === 'object')) throw new AppError('BAD_REQUEST', `There is no setting ${key}.`);
    target[leaf] = parseValue(key, leaf, raw, target[leaf]);
  }
  return next as unknown as WorkspaceBillingSettings;
}

function parseValue(key: string, leaf: string, raw: string, current: unknown): unknown {
  if (leaf === 'handoffFolder') return raw === '' ? null : raw;
  if (leaf === 'lineEnding') {
    const v = raw.toUpperCase();
    if (v === 'LF' || raw === '\\n') return '\n';
    if (v === 'CRLF' || raw === '\\r\\n') return '\r\n';
    throw new AppError('BAD_REQUEST', `${key} must be LF or CRLF.`);
  }
  if (leaf.endsWith('Pence')) {
    const pounds = /^£?(\d+)\.(\d{2})$/.exec(raw) ?? (/^£(\d+)$/.exec(raw) ? [raw, raw.slice(1), '00'] : null);
    if (pounds) return Number(pounds[1]) * 100 + Number(pounds[2]);
    if (/^\d+$/.test(raw)) return Number(raw);
    throw new AppError('BAD_REQUEST', `${key} must be whole pence (500) or pounds (£5.00).`);
  }
  if (typeof current === 'number') {
    if (!/^-?\d+$/.test(raw)) throw new AppError('BAD_REQUEST', `${key} must be a whole number.`);
    return Number(raw);
  }
  return raw;
}
