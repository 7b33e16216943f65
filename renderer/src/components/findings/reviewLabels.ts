import type { FindingState } from '../../../../shared/api/contract';

export const STATES: FindingState[] = ['open', 'reviewed', 'fixed', 'excluded'];

/** How each review state reads to an officer. */
export const STATE_LABEL: Record<FindingState, string> = {
  open: 'Open',
  reviewed: 'Reviewed',
  fixed: 'Fixed',
  excluded: 'Excluded',
};

/** Tag colours; the state is always written out as well, never shown by colour alone. */
export const STATE_CLASS: Record<FindingState, string> = {
  open: 'tag--orange',
  reviewed: 'tag--blue',
  fixed: 'tag--green',
  excluded: 'tag--grey',
};

export const SEVERITY_CLASS = { error: 'tag--red', warning: 'tag--orange', info: 'tag--blue' } as const;

export type FindingKind = 'validation' | 'reconciliation';

export const KIND_LABEL: Record<FindingKind, string> = {
  validation: 'Check of a file',
  reconciliation: 'Cross-source check',
};

/**
 * A row's review key as an officer reads it: "373980239#1" is account 373980239, and
 * "323927779#2" its second copy in the file. Other keys are shown as they are.
 */
export function rowKeyLabel(rowKey: string): string {
  const m = /^(.*)#(\d+)$/.exec(rowKey);
  if (!m) return rowKey;
  const n = Number(m[2]);
  return n <= 1 ? m[1] : `${m[1]}, copy ${n}`;
}

// ---- The audit trail's codes and values as an officer reads them

const ACTIONS: Record<string, string> = {
  import: 'Imported a file',
  'row.edit': 'Corrected a value',
  'row.exclude': 'Excluded rows',
  'row.include': 'Included rows',
  'rows.exclude': 'Excluded rows',
  'rows.include': 'Included rows',
  exclude: 'Excluded rows',
  include: 'Included rows',
  'finding.review': 'Marked reviewed',
  'finding.reopen': 'Reopened a finding',
  undo: 'Undid a change',
  'bills/run': 'Ran the bills',
  'billing/approve': 'Approved a bill run',
  'billing/release': 'Released a bill run',
  'billing/settings/set': 'Changed the billing settings',
  'overrides/set': 'Set an override',
  'overrides/remove': 'Removed an override',
  force_profile: 'Forced a profile',
};

/** An action code as an officer reads it: "row.edit" → "Corrected a value"; unknown codes made readable. */
export function actionLabel(action: string): string {
  const known = ACTIONS[action];
  if (known) return known;
  const words = action.replace(/[/_.-]+/g, ' ').trim();
  return words.length === 0 ? action : words[0].toUpperCase() + words.slice(1);
}

function humanValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '–';
  if (v === true) return 'Yes';
  if (v === false) return 'No';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function humanKey(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.length === 0 ? key : words[0].toUpperCase() + words.slice(1);
}

/** A before/after value (JSON as the app records it) as plain "Key: value" text. */
export function describeValue(text: string | null): string {
  if (text === null || text === '') return '–';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  if (parsed === null) return '–';
  if (typeof parsed !== 'object') return humanValue(parsed);
  if (Array.isArray(parsed)) return parsed.map(humanValue).join(', ');
  return Object.entries(parsed as Record<string, unknown>)
    .map(([k, v]) => `${humanKey(k)}: ${humanValue(v)}`)
    .join('; ');
}
