// Officer overrides (billing-rules.md, "Exclusion reasons"): force a profile on an account, or
// exclude it (MANUAL), always with a note. Overrides are kept apart from the staged sources, so
// they survive re-imports; removing one stamps who and when and keeps the row as history. Every
// change is written to the audit log with the override before and after.
import type { Database } from 'better-sqlite3';
import { PROFILES, type AccountOverrides, type ProfileId } from '../../../shared/billing/rules';
import { AppError } from '../../../shared/errors';
import type { Workspace } from '../workspace/workspace';

export interface OverrideView {
  id: number;
  account: string;
  action: 'force_profile' | 'exclude';
  profile: string | null;
  note: string;
  createdBy: string;
  createdAt: string;
}

export type SetOverrideRequest = { account: string; note: string } & ({ action: 'force_profile'; profile: string } | { action: 'exclude' });

interface OverrideRow {
  id: number;
  account: string;
  action: 'force_profile' | 'exclude';
  profile: string | null;
  note: string;
  created_by: string;
  created_at: string;
}

const view = (r: OverrideRow): OverrideView => ({
  id: r.id,
  account: r.account,
  action: r.action,
  profile: r.profile,
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const normaliseAccount = (account: string): string => account.trim().toUpperCase();

function activeRow(db: Database, account: string): OverrideRow | undefined {
  return db
    .prepare('SELECT id, account, action, profile, note, created_by, created_at FROM overrides WHERE account = ? AND removed_at IS NULL')
    .get(account) as OverrideRow | undefined;
}

/** The active overrides, in account order. */
export function listOverrides(db: Database): OverrideView[] {
  const rows = db
    .prepare('SELECT id, account, action, profile, note, created_by, created_at FROM overrides WHERE removed_at IS NULL ORDER BY account')
    .all() as OverrideRow[];
  return rows.map(view);
}

/** The active overrides as the rules take them, by account. */
export function readAccountOverrides(db: Database): Map<string, AccountOverrides> {
  const out = new Map<string, AccountOverrides>();
  for (const o of listOverrides(db)) {
    out.set(
      o.account,
      o.action === 'force_profile' && o.profile !== null ? { forceProfile: { profile: o.profile as ProfileId, note: o.note } } : { manualExclude: { note: o.note } },
    );
  }
  return out;
}

function requireNote(note: string | undefined): string {
  const n = (note ?? '').trim();
  if (n === '') throw new AppError('BAD_REQUEST', 'An override needs a note saying why (--note).');
  return n;
}

/** Sets (or replaces) the account's override. */
export function setOverride(workspace: Workspace, request: SetOverrideRequest, actor: string): OverrideView {
  const note = requireNote(request.note);
  const account = normaliseAccount(request.account);
  const db = workspace.db;
  const known = db.prepare('SELECT 1 FROM stg_accounts WHERE upper(trim(mail_merge_reference)) = ? LIMIT 1').get(account) !== undefined;
  if (!known) throw new AppError('NOT_FOUND', `There is no account ${account} in the staged accounts.`);
  let profile: string | null = null;
  if (request.action === 'force_profile') {
    profile = request.profile.trim().toUpperCase();
    if (!PROFILES.some((p) => p.id === profile)) {
      throw new AppError('BAD_REQUEST', `There is no profile ${request.profile}. The profiles are ${PROFILES.map((p) => p.id).join(', ')}.`);
    }
  }
  return db.transaction(() => {
    const now = new Date().toISOString();
    const before = activeRow(db, account);
    if (before) db.prepare('UPDATE overrides SET removed_by = ?, removed_at = ? WHERE id = ?').run(actor, now, before.id);
    const id = Number(
      db
        .prepare('INSERT INTO overrides (account, action, profile, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(account, request.action, profile, note, actor, now).lastInsertRowid,
    );
    const after = activeRow(db, account);
    if (!after || after.id !== id) throw new AppError('INTERNAL', 'The override was not recorded.');
    workspace.audit({ actor, action: 'overrides/set', entity: 'account', entityKey: account, before: before ? view(before) : null, after: view(after), note }, db);
    return view(after);
  })();
}

/** Removes the account's active override (kept as history). Returns the removed one. */
export function removeOverride(workspace: Workspace, request: { account: string; note?: string }, actor: string): OverrideView {
  const account = normaliseAccount(request.account);
  const db = workspace.db;
  return db.transaction(() => {
    const before = activeRow(db, account);
    if (!before) throw new AppError('NOT_FOUND', `Account ${account} has no override to remove.`);
    db.prepare('UPDATE overrides SET removed_by = ?, removed_at = ? WHERE id = ?').run(actor, new Date().toISOString(), before.id);
    const note = request.note?.trim();
    workspace.audit({ actor, action: 'overrides/remove', entity: 'account', entityKey: account, before: view(before), after: null, note: note === '' ? undefined : note }, db);
    return view(before);
  })();
}
