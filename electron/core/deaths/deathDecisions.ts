import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { Workspace } from '../workspace/workspace';

export interface DeathEntryView {
  entryId: string;
  reference: number;
  names: string;
  dateOfDeath: string;
  address: string;
  status: 'unmatched' | 'confirmed' | 'not_found';
  account: string | null;
  matchedName: string | null;
  proposedAccount: string | null;
  proposedName: string | null;
  candidates: { account: string; score: number; reasons: string[] }[];
  decidedBy: string | null;
  decidedAt: string | null;
}

interface Row {
  _entry_id: string;
  reference: number;
  names: string;
  date_of_death: string;
  address: string;
  _status: DeathEntryView['status'];
  account_number: string | null;
  account_matched_name: string | null;
  _proposed_account: string | null;
  _proposed_name: string | null;
  _candidates: string | null;
  _decided_by: string | null;
  _decided_at: string | null;
}

const toView = (r: Row): DeathEntryView => ({
  entryId: r._entry_id,
  reference: r.reference,
  names: r.names,
  dateOfDeath: r.date_of_death,
  address: r.address,
  status: r._status,
  account: r.account_number,
  matchedName: r.account_matched_name,
  proposedAccount: r._proposed_account,
  proposedName: r._proposed_name,
  candidates: r._candidates ? (JSON.parse(r._candidates) as DeathEntryView['candidates']) : [],
  decidedBy: r._decided_by,
  decidedAt: r._decided_at,
});

export function listDeathEntries(db: Database): DeathEntryView[] {
  return (db.prepare('SELECT * FROM stg_death_list ORDER BY _row_id').all() as Row[]).map(toView);
}

/** An entry by its stable id, or by its reference number when that is unambiguous. */
function findEntry(db: Database, ref: string): Row {
  const byId = db.prepare('SELECT * FROM stg_death_list WHERE _entry_id = ?').get(ref) as Row | undefined;
  if (byId) return byId;
  if (/^\d+$/.test(ref)) {
    const rows = db.prepare('SELECT * FROM stg_death_list WHERE reference = ?').all(Number(ref)) as Row[];
    if (rows.length === 1) return rows[0];
    if (rows.length > 1) throw new AppError('BAD_REQUEST', `More than one report has an entry ${ref}; use its id (${rows.map((r) => r._entry_id).join(', ')}).`);
  }
  throw new AppError('NOT_FOUND', `There is no death entry "${ref}". List them with \`ctb deaths\`.`);
}

export type DeathDecision = { kind: 'confirm'; ref: string; account: string } | { kind: 'not_found'; ref: string };

/**
 * Records an officer's decision on an entry, with before and after in the audit log. The
 * account confirmed must be a usable staged account.
 */
export function decideDeath(workspace: Workspace, decision: DeathDecision, actor: string, db: Database = workspace.db): DeathEntryView {
  const row = findEntry(db, decision.ref);
  const before = toView(row);
  let account: string | null = null;
  let name: string | null = null;
  if (decision.kind === 'confirm') {
    const acc = db
      .prepare(
        `SELECT mail_merge_reference AS account, trim(coalesce(lead_liable_title,'') || ' ' || coalesce(lead_liable_forename,'') || ' ' || coalesce(lead_liable_surname,'')) AS name
         FROM stg_accounts WHERE mail_merge_reference = ? AND _flagged = 0 AND _excluded = 0 AND _duplicate_of IS NULL`,
      )
      .get(decision.account.trim().toUpperCase()) as { account: string; name: string } | undefined;
    if (!acc) throw new AppError('NOT_FOUND', `Account ${decision.account} is not among the staged accounts (or its row is flagged).`);
    account = acc.account;
    name = acc.name.replace(/\s+/g, ' ');
  }
  const now = new Date().toISOString();
  db.prepare('UPDATE stg_death_list SET _status = ?, account_number = ?, account_matched_name = ?, _decided_by = ?, _decided_at = ? WHERE _entry_id = ?').run(
    decision.kind === 'confirm' ? 'confirmed' : 'not_found',
    account,
    name,
    actor,
    now,
    row._entry_id,
  );
  const after = toView(db.prepare('SELECT * FROM stg_death_list WHERE _entry_id = ?').get(row._entry_id) as Row);
  workspace.audit(
    {
      actor,
      action: decision.kind === 'confirm' ? 'death.confirm' : 'death.not_found',
      entity: 'death_list',
      entityKey: row._entry_id,
      before: { status: before.status, account: before.account },
      after: { status: after.status, account: after.account },
    },
    db,
  );
  return after;
}

/** Confirms every current proposal and marks the other undecided entries not found. */
export function confirmProposed(workspace: Workspace, actor: string, db: Database = workspace.db): { confirmed: number; notFound: number } {
  let confirmed = 0;
  let notFound = 0;
  db.transaction(() => {
    for (const r of db.prepare("SELECT * FROM stg_death_list WHERE _status = 'unmatched' ORDER BY _row_id").all() as Row[]) {
      if (r._proposed_account) {
        decideDeath(workspace, { kind: 'confirm', ref: r._entry_id, account: r._proposed_account }, actor, db);
        confirmed++;
      } else {
        decideDeath(workspace, { kind: 'not_found', ref: r._entry_id }, actor, db);
        notFound++;
      }
    }
  })();
  return { confirmed, notFound };
}
