// The life of a bill run after it is made (billing-rules.md, "Bill numbers, barcodes, runs"):
// a draft is approved, with a note, by an officer other than the one who made it; only approved
// runs count as billed and can be released to the print-house hand-off folder. Releasing checks
// every file against the SHA-256 recorded with the run before copying it, and again after.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { Workspace } from '../workspace/workspace';
import { loadSettings } from './settingsStore';

export type RunStatus = 'draft' | 'approved' | 'released';

export interface RunView {
  id: string;
  number: number;
  status: RunStatus;
  reissue: boolean;
  createdAt: string;
  createdBy: string;
  approvedBy: string | null;
  approvedAt: string | null;
  approvalNote: string | null;
  bills: number;
  excluded: number;
  firstBillNumber: number | null;
  lastBillNumber: number | null;
  outDir: string | null;
}

interface RunRow {
  id: string;
  number: number;
  status: RunStatus;
  reissue: number;
  created_at: string;
  created_by: string;
  approved_by: string | null;
  approved_at: string | null;
  approval_note: string | null;
  counts: string;
  first_bill_number: number | null;
  last_bill_number: number | null;
  files: string;
  out_dir: string | null;
}

const COLUMNS = 'id, number, status, reissue, created_at, created_by, approved_by, approved_at, approval_note, counts, first_bill_number, last_bill_number, files, out_dir';

function view(r: RunRow): RunView {
  const counts = JSON.parse(r.counts) as { profiled?: number; excluded?: number };
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    reissue: r.reissue !== 0,
    createdAt: r.created_at,
    createdBy: r.created_by,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at,
    approvalNote: r.approval_note,
    bills: counts.profiled ?? 0,
    excluded: counts.excluded ?? 0,
    firstBillNumber: r.first_bill_number,
    lastBillNumber: r.last_bill_number,
    outDir: r.out_dir,
  };
}

/** Every run, oldest first. */
export function listRuns(db: Database): RunView[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM bill_runs ORDER BY number`).all() as RunRow[]).map(view);
}

/** The run by its number (`3`) or id. */
function findRun(db: Database, run: string): RunRow {
  const key = run.trim();
  const row = (/^\d+$/.test(key)
    ? db.prepare(`SELECT ${COLUMNS} FROM bill_runs WHERE number = ?`).get(Number(key))
    : db.prepare(`SELECT ${COLUMNS} FROM bill_runs WHERE id = ?`).get(key)) as RunRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `There is no bill run ${key}.`);
  return row;
}

/** Approves a draft run; the approver must not be the officer who made it. */
export function approveRun(workspace: Workspace, request: { run: string; note: string }, actor: string): RunView {
  const note = request.note.trim();
  if (note === '') throw new AppError('BAD_REQUEST', 'Approving a run needs a note (--note).');
  const db = workspace.db;
  return db.transaction(() => {
    const row = findRun(db, request.run);
    if (row.status !== 'draft') throw new AppError('BAD_REQUEST', `Bill run ${row.number} is ${row.status}; only a draft run can be approved.`);
    if (row.created_by === actor) {
      throw new AppError('FORBIDDEN', `Bill run ${row.number} was made by ${actor}; another officer must approve it.`);
    }
    if (row.reissue === 0) {
      const twice = db
        .prepare(
          `SELECT count(DISTINCT b.account) FROM run_bills b JOIN run_bills o ON o.account = b.account JOIN bill_runs r ON r.id = o.run_id
            WHERE b.run_id = ? AND o.run_id <> b.run_id AND r.status IN ('approved', 'released')`,
        )
        .pluck()
        .get(row.id) as number;
      if (twice > 0) {
        throw new AppError('BAD_REQUEST', `Bill run ${row.number} bills ${twice} account(s) already billed in an approved run. Make a new run, or a re-issue.`);
      }
    }
    const now = new Date().toISOString();
    db.prepare(`UPDATE bill_runs SET status = 'approved', approved_by = ?, approved_at = ?, approval_note = ? WHERE id = ?`).run(actor, now, note, row.id);
    const after = findRun(db, row.id);
    workspace.audit({ actor, action: 'billing/approve', entity: 'bill_run', entityKey: row.id, before: { status: row.status }, after: { status: 'approved', number: row.number }, note }, db);
    return view(after);
  })();
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The files the print house receives: the bill files and their manifests. */
const isHandoffFile = (name: string): boolean => name.endsWith('.txt') || name.endsWith('.manifest.csv');

export interface ReleaseResult {
  run: RunView;
  /** The folder the files were copied to: `<hand-off folder>/run-<number>`. */
  folder: string;
  files: string[];
}

/** Copies an approved run's bill files and manifests to the hand-off folder and marks it released. */
export function releaseRun(workspace: Workspace, request: { run: string }, actor: string): ReleaseResult {
  const db = workspace.db;
  const row = findRun(db, request.run);
  if (row.status !== 'approved') throw new AppError('BAD_REQUEST', `Bill run ${row.number} is ${row.status}; only an approved run can be released.`);
  const handoff = loadSettings(db).handoffFolder;
  if (handoff === null) throw new AppError('BAD_REQUEST', 'No hand-off folder is set. Set one first: ctb settings --set handoffFolder=PATH.');
  if (row.out_dir === null) throw new AppError('BAD_REQUEST', `Bill run ${row.number} has no recorded folder.`);
  const recorded = JSON.parse(row.files) as Record<string, { bytes: number; sha256: string }>;
  const names = Object.keys(recorded).filter(isHandoffFile).sort();
  // Verify every file before copying any.
  const contents = new Map<string, Buffer>();
  for (const name of names) {
    const file = path.join(row.out_dir, name);
    if (!fs.existsSync(file)) throw new AppError('BAD_REQUEST', `${file} is missing, so bill run ${row.number} cannot be released.`);
    const buf = fs.readFileSync(file);
    if (sha256(buf) !== recorded[name].sha256 || buf.length !== recorded[name].bytes) {
      throw new AppError('BAD_REQUEST', `${file} has changed since bill run ${row.number} was made (its SHA-256 does not match the record), so the run cannot be released.`);
    }
    contents.set(name, buf);
  }
  const folder = path.join(path.resolve(handoff), `run-${row.number}`);
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, buf] of contents) {
    const target = path.join(folder, name);
    fs.writeFileSync(target, buf);
    if (sha256(fs.readFileSync(target)) !== recorded[name].sha256) throw new AppError('INTERNAL', `The copy of ${name} in ${folder} does not match the run.`);
  }
  return db.transaction(() => {
    const now = findRun(db, row.id);
    if (now.status !== 'approved') throw new AppError('BAD_REQUEST', `Bill run ${row.number} is ${now.status}; only an approved run can be released.`);
    db.prepare(`UPDATE bill_runs SET status = 'released' WHERE id = ?`).run(row.id);
    workspace.audit(
      { actor, action: 'billing/release', entity: 'bill_run', entityKey: row.id, before: { status: 'approved' }, after: { status: 'released', number: row.number, folder, files: names } },
      db,
    );
    return { run: view(findRun(db, row.id)), folder, files: names };
  })();
}

/** The files a run wrote that the officer may open: the recorded outputs, run.json and the summaries. */
export function runOutputs(db: Database, run: string): { number: number; outDir: string | null; files: string[] } {
  const row = findRun(db, run);
  const recorded = Object.keys(JSON.parse(row.files) as Record<string, unknown>);
  return { number: row.number, outDir: row.out_dir, files: ['summary.pdf', 'summary.html', 'run.json', ...recorded] };
}
