import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { CELL_RULES, formatStagedValue, validateCellValue, type StagedValue } from '../../../shared/import/validateRow';
import { parseMoney } from '../../../shared/values/money';
import { IMPORTABLE_SOURCE_NAMES, sourceDef, type ImportableSource } from '../../../shared/sources/catalog';
import type { StagedRow } from '../../../shared/api/contract';
import { stagedRowById } from '../staging/stagedRows';
import { q, stagingTable } from '../staging/tables';
import type { Workspace } from '../workspace/workspace';
import { resolveFindings } from './reviewFindings';
import { RECONCILIATION_FKEY_SQL } from './rowKeys';

// The officer's changes to staged data and findings: review states, exclusions and cell
// corrections. Each runs in one transaction with its audit entry and an undo record, then
// re-runs the derived updates and checks (`refresh`) so everything shown agrees.

type Refresh = (db: Database) => void;

interface StateRow {
  kind: string;
  source: string;
  rule: string;
  fkey: string;
  state: string;
  note: string | null;
  by: string;
  at: string;
  severity?: string | null;
  account?: string | null;
  message?: string | null;
}
interface StateKey {
  kind: string;
  source: string;
  rule: string;
  fkey: string;
}
interface ExclusionRow {
  source: string;
  row_key: string;
  note: string;
  by: string;
  at: string;
}
interface EditRow {
  id: number;
  source: string;
  row_key: string;
  column_name: string;
  original: string | null;
  value: string | null;
  typed: string;
  note: string | null;
  by: string;
  at: string;
}

/** What an undo puts back: snapshots of the review tables by key, and staged cell values. */
interface UndoPayload {
  states?: { keys: StateKey[]; rows: StateRow[] };
  /** Every override row of one account (active and history), as it was. */
  overrides?: { account: string; rows: Record<string, unknown>[] };
  /** The decision columns of the death entries, as they were. */
  deaths?: { entries: DeathDecisionRow[] };
  /** Exclusions in several sources, undone as one step. */
  many?: UndoPayload[];
  exclusions?: { source: ImportableSource; keys: string[]; rows: ExclusionRow[] };
  edit?: { source: ImportableSource; rowKey: string; column: string; row: EditRow | null; cells: Record<string, StagedValue> };
}

interface DeathDecisionRow {
  _entry_id: string;
  _status: string;
  account_number: string | null;
  account_matched_name: string | null;
  _decided_by: string | null;
  _decided_at: string | null;
}

const now = (): string => new Date().toISOString();
const bind = (v: StagedValue): StagedValue | bigint => (typeof v === 'number' ? BigInt(v) : v);

function snapshotStates(db: Database, keys: StateKey[]): { keys: StateKey[]; rows: StateRow[] } {
  const get = db.prepare('SELECT * FROM finding_states WHERE kind = ? AND source = ? AND rule = ? AND fkey = ?');
  const rows = keys.map((k) => get.get(k.kind, k.source, k.rule, k.fkey) as StateRow | undefined).filter((r): r is StateRow => r !== undefined);
  return { keys, rows };
}

function snapshotExclusions(db: Database, source: ImportableSource, keys: string[]): { source: ImportableSource; keys: string[]; rows: ExclusionRow[] } {
  const get = db.prepare('SELECT * FROM row_exclusions WHERE source = ? AND row_key = ?');
  const rows = keys.map((k) => get.get(source, k) as ExclusionRow | undefined).filter((r): r is ExclusionRow => r !== undefined);
  return { source, keys, rows };
}

/** The account's override rows, for undoing an override set or removed after this. */
export function snapshotOverrides(db: Database, account: string): NonNullable<UndoPayload['overrides']> {
  return { account, rows: db.prepare('SELECT * FROM overrides WHERE account = ? ORDER BY id').all(account) as Record<string, unknown>[] };
}

/** The death entries' decisions (the list is short: one report's entries). */
export function snapshotDeaths(db: Database): NonNullable<UndoPayload['deaths']> {
  return { entries: db.prepare('SELECT _entry_id, _status, account_number, account_matched_name, _decided_by, _decided_at FROM stg_death_list').all() as DeathDecisionRow[] };
}

/** Records a change the officer can undo (the payload says what to put back). */
export function recordUndo(db: Database, actor: string, label: string, payload: UndoPayload): void {
  db.prepare('INSERT INTO undo_log (at, actor, label, payload) VALUES (?, ?, ?, ?)').run(now(), actor, label, JSON.stringify(payload));
}

/** A cross-source finding's state with a copy of what it said (see migration 5). */
const settleState = (db: Database) =>
  db.prepare(
    `INSERT INTO finding_states (kind, source, rule, fkey, state, note, by, at, severity, account, message) VALUES ('reconciliation', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, source, rule, fkey) DO UPDATE SET state = excluded.state, note = excluded.note, by = excluded.by, at = excluded.at,
         severity = excluded.severity, account = excluded.account, message = excluded.message`,
  );

interface ReportedCheck {
  rule: string;
  source: string;
  fkey: string;
  severity: string;
  account: string | null;
  message: string;
}

/** What the checks report right now (ESTIMATE_DIFF is the bill run's, not re-checked here). */
function reportedChecks(db: Database): ReportedCheck[] {
  return db
    .prepare(`SELECT code AS rule, source, ${RECONCILIATION_FKEY_SQL('r')} AS fkey, severity, account, message FROM reconciliation_findings r WHERE code <> 'ESTIMATE_DIFF'`)
    .all() as ReportedCheck[];
}

/**
 * Re-runs the checks and keeps each cross-source finding the change settled (reported before,
 * not after) as fixed or excluded, with what it said. Returns the states' prior records for undo.
 */
export function refreshAndSettle(db: Database, refresh: Refresh, state: 'fixed' | 'excluded', note: string, actor: string): { keys: StateKey[]; rows: StateRow[] } {
  const before = reportedChecks(db);
  refresh(db);
  const still = new Set(reportedChecks(db).map((f) => `${f.rule}|${f.source}|${f.fkey}`));
  const settled = before.filter((f) => !still.has(`${f.rule}|${f.source}|${f.fkey}`));
  const prior = snapshotStates(db, settled.map((f) => ({ kind: 'reconciliation', source: f.source, rule: f.rule, fkey: f.fkey })));
  const settle = settleState(db);
  const at = now();
  for (const f of settled) settle.run(f.source, f.rule, f.fkey, state, note, actor, at, f.severity, f.account, f.message);
  return prior;
}

const mergeStates = (...parts: ({ keys: StateKey[]; rows: StateRow[] } | undefined)[]): { keys: StateKey[]; rows: StateRow[] } => ({
  keys: parts.flatMap((p) => p?.keys ?? []),
  rows: parts.flatMap((p) => p?.rows ?? []),
});

const upsertState = (db: Database) =>
  db.prepare(
    `INSERT INTO finding_states (kind, source, rule, fkey, state, note, by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, source, rule, fkey) DO UPDATE SET state = excluded.state, note = excluded.note, by = excluded.by, at = excluded.at`,
  );

/** A row is flagged while it has an error finding that has not been fixed. */
function recomputeFlags(db: Database, source: ImportableSource, rowIds: readonly number[]): void {
  const table = stagingTable(source);
  const update = db.prepare(
    `UPDATE ${table} SET _flagged = EXISTS (
        SELECT 1 FROM findings f
         WHERE f.source = ? AND f.row_id = ${table}._row_id AND f.batch_id = ${table}._batch_id AND f.severity = 'error'
           AND NOT EXISTS (SELECT 1 FROM finding_states s WHERE s.kind = 'validation' AND s.source = f.source AND s.rule = f.rule AND s.fkey = f.fkey AND s.state = 'fixed'))
      WHERE _row_id = ?`,
  );
  for (const id of rowIds) update.run(source, id);
}

function recomputeEdited(db: Database, source: ImportableSource, rowKey: string): void {
  const columns = db.prepare('SELECT column_name FROM row_edits WHERE source = ? AND row_key = ? ORDER BY column_name').pluck().all(source, rowKey) as string[];
  db.prepare(`UPDATE ${stagingTable(source)} SET _edited = ? WHERE _row_key = ?`).run(columns.length ? JSON.stringify(columns) : null, rowKey);
}

function rowKeysOf(db: Database, source: ImportableSource, rowIds: readonly number[]): { rowId: number; rowKey: string }[] {
  const get = db.prepare(`SELECT _row_key FROM ${stagingTable(source)} WHERE _row_id = ?`).pluck();
  return rowIds.map((rowId) => {
    const rowKey = get.get(rowId) as string | null | undefined;
    if (rowKey === undefined) throw new AppError('NOT_FOUND', `Row ${rowId} of ${sourceDef(source).label} is no longer staged (a newer import replaced it). Refresh and try again.`);
    if (rowKey === null) throw new AppError('INTERNAL', `Row ${rowId} of ${sourceDef(source).label} has no review key.`);
    return { rowId, rowKey };
  });
}

// ---- Finding states ----

/** Marks findings reviewed (with a note) or open again. */
export function setFindingStates(ws: Workspace, ids: readonly string[], state: 'reviewed' | 'open', note: string, actor: string): number {
  if (state === 'reviewed' && note.trim() === '') throw new AppError('BAD_REQUEST', 'Say why the findings are acceptable: a note is required to mark them reviewed.');
  return ws.db.transaction(() => {
    // A settled cross-source finding ("s…") is already fixed or excluded: reviewing it adds nothing.
    const targets = resolveFindings(ws.db, ids).filter((t) => !(state === 'reviewed' && t.id.startsWith('s')));
    if (targets.length === 0) return 0;
    const keys = targets.map((t) => ({ kind: t.kind, source: t.source, rule: t.rule, fkey: t.fkey }));
    const before = snapshotStates(ws.db, keys);
    const priorState = new Map(before.rows.map((r) => [`${r.kind}|${r.source}|${r.rule}|${r.fkey}`, r.state]));
    const at = now();
    const upsert = upsertState(ws.db);
    const remove = ws.db.prepare('DELETE FROM finding_states WHERE kind = ? AND source = ? AND rule = ? AND fkey = ?');
    for (const t of targets) {
      const prior = priorState.get(`${t.kind}|${t.source}|${t.rule}|${t.fkey}`) ?? 'open';
      if (state === 'reviewed') upsert.run(t.kind, t.source, t.rule, t.fkey, 'reviewed', note.trim(), actor, at);
      else remove.run(t.kind, t.source, t.rule, t.fkey);
      ws.audit({ actor, action: state === 'reviewed' ? 'finding.review' : 'finding.reopen', entity: t.source, entityKey: t.fkey.split('|')[0] || undefined, before: { finding: t.label, state: prior }, after: { finding: t.label, state }, note: note.trim() || undefined }, ws.db);
    }
    const label = state === 'reviewed' ? `Marked ${plural(targets.length, 'finding')} reviewed` : `Reopened ${plural(targets.length, 'finding')}`;
    recordUndo(ws.db, actor, label, { states: before });
    return targets.length;
  })();
}

// ---- Exclusions ----

function applyExclusions(db: Database, source: ImportableSource, rows: { rowId: number; rowKey: string }[], excluded: boolean, note: string, actor: string): number {
  const table = stagingTable(source);
  const at = now();
  const insert = db.prepare(
    `INSERT INTO row_exclusions (source, row_key, note, by, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (source, row_key) DO UPDATE SET note = excluded.note, by = excluded.by, at = excluded.at`,
  );
  const remove = db.prepare('DELETE FROM row_exclusions WHERE source = ? AND row_key = ?');
  const mark = db.prepare(`UPDATE ${table} SET _excluded = ? WHERE _row_key = ?`);
  const was = db.prepare(`SELECT _excluded, _line FROM ${table} WHERE _row_id = ?`);
  const audit = db.prepare('INSERT INTO audit_log (at, actor, action, entity, entity_key, before, after, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  let changed = 0;
  for (const r of rows) {
    const before = was.get(r.rowId) as { _excluded: number; _line: number };
    if (excluded) insert.run(source, r.rowKey, note, actor, at);
    else remove.run(source, r.rowKey);
    mark.run(excluded ? 1 : 0, r.rowKey);
    if ((before._excluded === 1) !== excluded) changed += 1;
    audit.run(at, actor, excluded ? 'row.exclude' : 'row.include', source, r.rowKey, JSON.stringify({ line: before._line, excluded: before._excluded === 1 }), JSON.stringify({ line: before._line, excluded }), note || null);
  }
  return changed;
}

/** Excludes rows from (or includes them back in) checks, bills and pushes. */
export function setRowsExcluded(ws: Workspace, source: ImportableSource, rowIds: readonly number[], excluded: boolean, note: string, actor: string, refresh: Refresh): number {
  if (excluded && note.trim() === '') throw new AppError('BAD_REQUEST', 'Say why the rows are excluded: a note is required.');
  return ws.db.transaction(() => {
    const rows = rowKeysOf(ws.db, source, [...new Set(rowIds)]);
    const snapshot = snapshotExclusions(ws.db, source, rows.map((r) => r.rowKey));
    const changed = applyExclusions(ws.db, source, rows, excluded, note.trim(), actor);
    const settled = excluded ? refreshAndSettle(ws.db, refresh, 'excluded', `Rows excluded: ${note.trim()}`, actor) : (refresh(ws.db), undefined);
    recordUndo(ws.db, actor, `${excluded ? 'Excluded' : 'Included'} ${plural(rows.length, 'row')} of ${sourceDef(source).label}`, { exclusions: snapshot, states: settled });
    return changed;
  })();
}

/** Excludes the rows the findings are about; a cross-source finding is marked excluded too. */
export function excludeFindingRows(ws: Workspace, ids: readonly string[], note: string, actor: string, refresh: Refresh): number {
  if (note.trim() === '') throw new AppError('BAD_REQUEST', 'Say why the rows are excluded: a note is required.');
  return ws.db.transaction(() => {
    // A settled finding ("s…") has no rows left to exclude.
    const targets = resolveFindings(ws.db, ids).filter((t) => !t.id.startsWith('s'));
    const bySource = new Map<ImportableSource, Set<number>>();
    for (const t of targets) {
      for (const r of t.rows) {
        if (!(IMPORTABLE_SOURCE_NAMES as string[]).includes(r.source)) continue;
        const set = bySource.get(r.source as ImportableSource) ?? new Set<number>();
        set.add(r.rowId);
        bySource.set(r.source as ImportableSource, set);
      }
    }
    if (bySource.size === 0) {
      throw new AppError('BAD_REQUEST', `${targets.length === 1 ? 'This finding is' : 'These findings are'} about the file as a whole, not a row, so there is nothing to exclude. Mark ${targets.length === 1 ? 'it' : 'them'} reviewed with a note instead.`);
    }
    const payload: UndoPayload = {};
    let excluded = 0;
    const reconciliation = targets.filter((t) => t.kind === 'reconciliation').map((t) => ({ kind: t.kind, source: t.source, rule: t.rule, fkey: t.fkey }));
    if (reconciliation.length) payload.states = snapshotStates(ws.db, reconciliation);
    // One undo record per source's exclusions would split one action in two; a multi-source
    // selection is undone as one step by recording each source's snapshot in its own entry
    // under the same label.
    const snapshots: NonNullable<UndoPayload['exclusions']>[] = [];
    for (const [source, ids2] of bySource) {
      const rows = rowKeysOf(ws.db, source, [...ids2]);
      snapshots.push(snapshotExclusions(ws.db, source, rows.map((r) => r.rowKey)));
      excluded += applyExclusions(ws.db, source, rows, true, note.trim(), actor);
    }
    const at = now();
    // The chosen cross-source findings are excluded even if the checks still report them
    // (other rows keep them alive); those the exclusion settles are kept as excluded too.
    const settle = settleState(ws.db);
    for (const t of targets.filter((x) => x.kind === 'reconciliation')) settle.run(t.source, t.rule, t.fkey, 'excluded', note.trim(), actor, at, t.severity, t.account, t.message);
    const settled = refreshAndSettle(ws.db, refresh, 'excluded', note.trim(), actor);
    const label = `Excluded the rows of ${plural(targets.length, 'finding')}`;
    recordUndo(ws.db, actor, label, { ...payload, states: mergeStates(payload.states, settled), many: snapshots.map((s) => ({ exclusions: s })) });
    return excluded;
  })();
}

// ---- Cell corrections ----

export interface EditRequest {
  source: ImportableSource;
  rowId: number;
  column: string;
  value: string;
  note?: string;
}

/** The columns of a source an officer may correct. */
export function editableColumn(source: ImportableSource, column: string) {
  if (source === 'death_list') throw new AppError('BAD_REQUEST', 'Death entries are not edited in the grid: decide each one on the Deaths screen.');
  const def = sourceDef(source);
  const col = def.columns.find((c) => c.name === column);
  if (!col) throw new AppError('BAD_REQUEST', `${def.label} has no column "${column}".`);
  if (col.derivedFrom) throw new AppError('BAD_REQUEST', `${col.label} is worked out from ${def.columns.find((c) => c.name === col.derivedFrom)?.label ?? col.derivedFrom}: correct that column instead.`);
  if (col.type === 'list') throw new AppError('BAD_REQUEST', `${col.label} is a list read from the print file and cannot be edited.`);
  return col;
}

/** Writes a corrected value (and the columns derived from it) into a staged row. */
function writeCell(db: Database, source: ImportableSource, rowId: number, column: string, value: StagedValue): void {
  const def = sourceDef(source);
  const table = stagingTable(source);
  db.prepare(`UPDATE ${table} SET ${q(column)} = ? WHERE _row_id = ?`).run(bind(value), rowId);
  for (const d of def.columns.filter((c) => c.derivedFrom === column)) {
    const r = typeof value === 'string' ? parseMoney(value) : null;
    db.prepare(`UPDATE ${table} SET ${q(d.name)} = ? WHERE _row_id = ?`).run(r && r.kind === 'ok' ? BigInt(r.pence) : null, rowId);
  }
}

/** The cell-level findings on a row's column (the ones a correction can fix). */
function cellFindingKeys(db: Database, source: ImportableSource, rowId: number, column: string): StateKey[] {
  const rules = Object.keys(CELL_RULES);
  return (
    db
      .prepare(`SELECT rule, fkey FROM findings WHERE source = ? AND row_id = ? AND column_name = ? AND rule IN (${rules.map(() => '?').join(', ')}) AND fkey IS NOT NULL`)
      .all(source, rowId, column, ...rules) as { rule: string; fkey: string }[]
  ).map((f) => ({ kind: 'validation', source, rule: f.rule, fkey: f.fkey }));
}

/**
 * Corrects one cell. The value is checked by the column's import rules first (a bad value
 * changes nothing); then the cell's findings are marked fixed, the row's flag re-worked,
 * and the checks re-run.
 */
export function editCell(ws: Workspace, req: EditRequest, actor: string, refresh: Refresh): { row: StagedRow; fixed: number; resolved: number; stillFlagged: boolean } {
  const col = editableColumn(req.source, req.column);
  const def = sourceDef(req.source);
  const checked = validateCellValue(col, req.value);
  if (!checked.ok) throw new AppError('INVALID_VALUE', `${checked.message} Nothing was changed.`);
  const table = stagingTable(req.source);
  return ws.db.transaction(() => {
    const current = ws.db.prepare(`SELECT * FROM ${table} WHERE _row_id = ?`).get(req.rowId) as Record<string, StagedValue> | undefined;
    if (!current) throw new AppError('NOT_FOUND', `That row of ${def.label} is no longer staged (a newer import replaced it). Refresh and try again.`);
    const rowKey = current._row_key as string;
    const cells: Record<string, StagedValue> = { [col.name]: current[col.name] };
    for (const d of def.columns.filter((c) => c.derivedFrom === col.name)) cells[d.name] = current[d.name];
    const priorEdit = (ws.db.prepare('SELECT * FROM row_edits WHERE source = ? AND row_key = ? AND column_name = ?').get(req.source, rowKey, col.name) as EditRow | undefined) ?? null;
    const findingKeys = cellFindingKeys(ws.db, req.source, req.rowId, col.name);
    const states = snapshotStates(ws.db, findingKeys);

    writeCell(ws.db, req.source, req.rowId, col.name, checked.value);
    const original = priorEdit ? priorEdit.original : JSON.stringify(current[col.name]);
    const at = now();
    if (original === JSON.stringify(checked.value)) {
      // Back to the value as imported: the correction is withdrawn, not stacked.
      ws.db.prepare('DELETE FROM row_edits WHERE source = ? AND row_key = ? AND column_name = ?').run(req.source, rowKey, col.name);
    } else {
      ws.db
        .prepare(
          `INSERT INTO row_edits (source, row_key, column_name, original, value, typed, note, by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (source, row_key, column_name) DO UPDATE SET value = excluded.value, typed = excluded.typed, note = excluded.note, by = excluded.by, at = excluded.at`,
        )
        .run(req.source, rowKey, col.name, original, JSON.stringify(checked.value), req.value, req.note?.trim() || null, actor, at);
    }
    recomputeEdited(ws.db, req.source, rowKey);
    const upsert = upsertState(ws.db);
    const shown = formatStagedValue(col, checked.value);
    for (const k of findingKeys) upsert.run(k.kind, k.source, k.rule, k.fkey, 'fixed', `Corrected to "${shown}".${req.note?.trim() ? ` ${req.note.trim()}` : ''}`, actor, at);
    recomputeFlags(ws.db, req.source, [req.rowId]);
    ws.audit(
      {
        actor,
        action: 'row.edit',
        entity: req.source,
        entityKey: rowKey,
        before: { line: current._line, column: col.label, value: formatStagedValue(col, current[col.name]) },
        after: { line: current._line, column: col.label, value: shown },
        note: req.note?.trim() || undefined,
      },
      ws.db,
    );
    // Cross-source findings the correction settled disappear when the checks re-run: they are
    // kept as fixed, with what they said, so the officer sees where they went.
    const settled = refreshAndSettle(ws.db, refresh, 'fixed', `Settled by correcting ${col.label} on line ${String(current._line)} of ${def.label} to "${shown}".`, actor);
    recordUndo(ws.db, actor, `Changed ${col.label} on line ${String(current._line)} of ${def.label} to "${shown}"`, {
      states: mergeStates(states, settled),
      edit: { source: req.source, rowKey, column: col.name, row: priorEdit, cells },
    });
    const row = stagedRowById(ws.db, req.source, req.rowId)!;
    return { row, fixed: findingKeys.length, resolved: settled.keys.length, stillFlagged: row.flagged };
  })();
}

// ---- Re-import ----

/**
 * Re-applies exclusions and corrections to rows that arrived in an import, by row key.
 * Runs inside the import's transaction after the keys are assigned.
 */
export function reapplyReview(db: Database): void {
  for (const source of IMPORTABLE_SOURCE_NAMES) {
    const table = stagingTable(source);
    db.prepare(`UPDATE ${table} SET _excluded = 1 WHERE _excluded = 0 AND _row_key IN (SELECT row_key FROM row_exclusions WHERE source = ?)`).run(source);
    const edits = db.prepare('SELECT * FROM row_edits WHERE source = ?').all(source) as EditRow[];
    if (edits.length === 0) continue;
    const find = db.prepare(`SELECT _row_id FROM ${table} WHERE _row_key = ? AND (_edited IS NULL OR NOT EXISTS (SELECT 1 FROM json_each(_edited) WHERE value = ?))`).pluck();
    const touched = new Map<string, number[]>();
    for (const e of edits) {
      const ids = find.all(e.row_key, e.column_name) as number[];
      if (ids.length === 0) continue;
      const value = e.value === null ? null : (JSON.parse(e.value) as StagedValue);
      for (const id of ids) writeCell(db, source, id, e.column_name, value);
      touched.set(e.row_key, [...(touched.get(e.row_key) ?? []), ...ids]);
    }
    for (const [rowKey, ids] of touched) {
      recomputeEdited(db, source, rowKey);
      recomputeFlags(db, source, ids);
    }
  }
}

export interface UnappliedChange {
  kind: 'edit' | 'exclusion';
  source: string;
  rowKey: string;
  column: string | null;
  value: string | null;
  note: string | null;
  by: string;
  at: string;
}

/** Corrections and exclusions whose row is not in the current import (listed, never dropped). */
export function unappliedChanges(db: Database): UnappliedChange[] {
  const out: UnappliedChange[] = [];
  for (const source of IMPORTABLE_SOURCE_NAMES) {
    const table = stagingTable(source);
    for (const e of db.prepare(`SELECT * FROM row_edits e WHERE source = ? AND NOT EXISTS (SELECT 1 FROM ${table} s WHERE s._row_key = e.row_key) ORDER BY at`).all(source) as EditRow[]) {
      out.push({ kind: 'edit', source, rowKey: e.row_key, column: e.column_name, value: e.typed, note: e.note, by: e.by, at: e.at });
    }
    for (const x of db.prepare(`SELECT * FROM row_exclusions x WHERE source = ? AND NOT EXISTS (SELECT 1 FROM ${table} s WHERE s._row_key = x.row_key) ORDER BY at`).all(source) as ExclusionRow[]) {
      out.push({ kind: 'exclusion', source, rowKey: x.row_key, column: null, value: null, note: x.note, by: x.by, at: x.at });
    }
  }
  return out;
}

// ---- Undo ----

const UNDO_WINDOW = 20;

/** The officer's recent changes, newest first; only the newest of the workspace can be undone. */
export function listUndoable(db: Database, actor: string): { id: number; at: string; actor: string; label: string }[] {
  // A change made before the latest import cannot be undone: its snapshot is of older rows.
  return db
    .prepare(
      `SELECT id, at, actor, label FROM undo_log
        WHERE actor = ? AND undone_at IS NULL AND at >= coalesce((SELECT max(imported_at) FROM import_batches), '')
        ORDER BY id DESC LIMIT ?`,
    )
    .all(actor, UNDO_WINDOW) as {
    id: number;
    at: string;
    actor: string;
    label: string;
  }[];
}

function restoreStates(db: Database, s: NonNullable<UndoPayload['states']>): void {
  const remove = db.prepare('DELETE FROM finding_states WHERE kind = ? AND source = ? AND rule = ? AND fkey = ?');
  for (const k of s.keys) remove.run(k.kind, k.source, k.rule, k.fkey);
  const insert = db.prepare('INSERT INTO finding_states (kind, source, rule, fkey, state, note, by, at, severity, account, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const r of s.rows) insert.run(r.kind, r.source, r.rule, r.fkey, r.state, r.note, r.by, r.at, r.severity ?? null, r.account ?? null, r.message ?? null);
}

function restoreExclusions(db: Database, x: NonNullable<UndoPayload['exclusions']>): void {
  const table = stagingTable(x.source);
  const remove = db.prepare('DELETE FROM row_exclusions WHERE source = ? AND row_key = ?');
  const mark = db.prepare(`UPDATE ${table} SET _excluded = ? WHERE _row_key = ?`);
  for (const k of x.keys) {
    remove.run(x.source, k);
    mark.run(0, k);
  }
  const insert = db.prepare('INSERT INTO row_exclusions (source, row_key, note, by, at) VALUES (?, ?, ?, ?, ?)');
  for (const r of x.rows) {
    insert.run(r.source, r.row_key, r.note, r.by, r.at);
    mark.run(1, r.row_key);
  }
}

function restoreEdit(db: Database, e: NonNullable<UndoPayload['edit']>): void {
  const table = stagingTable(e.source);
  db.prepare('DELETE FROM row_edits WHERE source = ? AND row_key = ? AND column_name = ?').run(e.source, e.rowKey, e.column);
  if (e.row) {
    const r = e.row;
    db.prepare('INSERT INTO row_edits (id, source, row_key, column_name, original, value, typed, note, by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      r.id,
      r.source,
      r.row_key,
      r.column_name,
      r.original,
      r.value,
      r.typed,
      r.note,
      r.by,
      r.at,
    );
  }
  const ids = db.prepare(`SELECT _row_id FROM ${table} WHERE _row_key = ?`).pluck().all(e.rowKey) as number[];
  for (const id of ids) {
    for (const [column, value] of Object.entries(e.cells)) db.prepare(`UPDATE ${table} SET ${q(column)} = ? WHERE _row_id = ?`).run(bind(value), id);
  }
  recomputeEdited(db, e.source, e.rowKey);
  recomputeFlags(db, e.source, ids);
}

function restoreOverrides(db: Database, o: NonNullable<UndoPayload['overrides']>): void {
  db.prepare('DELETE FROM overrides WHERE account = ?').run(o.account);
  for (const r of o.rows) {
    const cols = Object.keys(r);
    db.prepare(`INSERT INTO overrides (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => r[c]));
  }
}

function restoreDeaths(db: Database, d: NonNullable<UndoPayload['deaths']>): void {
  const update = db.prepare('UPDATE stg_death_list SET _status = ?, account_number = ?, account_matched_name = ?, _decided_by = ?, _decided_at = ? WHERE _entry_id = ?');
  for (const e of d.entries) update.run(e._status, e.account_number, e.account_matched_name, e._decided_by, e._decided_at, e._entry_id);
}

/** Undoes the newest change, if it is this officer's and nothing has been changed since. */
export function undoChange(ws: Workspace, id: number, actor: string, refresh: Refresh): string {
  return ws.db.transaction(() => {
    const entry = ws.db.prepare('SELECT * FROM undo_log WHERE id = ?').get(id) as { id: number; actor: string; label: string; payload: string; undone_at: string | null } | undefined;
    if (!entry || entry.undone_at) throw new AppError('NOT_FOUND', 'That change has already been undone.');
    if (entry.actor !== actor) throw new AppError('FORBIDDEN', `That change was made by ${entry.actor}; only they can undo it.`);
    const newest = ws.db.prepare('SELECT max(id) FROM undo_log WHERE undone_at IS NULL').pluck().get() as number;
    if (newest !== entry.id) throw new AppError('BAD_REQUEST', 'Only the most recent change can be undone. Undo the newer changes first.');
    const lastImport = ws.db.prepare('SELECT max(imported_at) FROM import_batches').pluck().get() as string | null;
    if (lastImport !== null && lastImport > (ws.db.prepare('SELECT at FROM undo_log WHERE id = ?').pluck().get(entry.id) as string)) {
      throw new AppError('BAD_REQUEST', 'A file has been imported since that change, so it can no longer be undone. Make the change again instead (it is on the audit trail).');
    }
    const payload = JSON.parse(entry.payload) as UndoPayload & { many?: UndoPayload[] };
    if (payload.edit) restoreEdit(ws.db, payload.edit);
    for (const part of payload.many ?? []) if (part.exclusions) restoreExclusions(ws.db, part.exclusions);
    if (payload.exclusions) restoreExclusions(ws.db, payload.exclusions);
    if (payload.states) restoreStates(ws.db, payload.states);
    if (payload.overrides) restoreOverrides(ws.db, payload.overrides);
    if (payload.deaths) restoreDeaths(ws.db, payload.deaths);
    ws.db.prepare('UPDATE undo_log SET undone_at = ? WHERE id = ?').run(now(), entry.id);
    ws.audit({ actor, action: 'undo', entity: 'change', entityKey: String(entry.id), before: { change: entry.label }, after: { change: entry.label, undone: true } }, ws.db);
    refresh(ws.db);
    return entry.label;
  })();
}

function plural(n: number, one: string): string {
  return `${n} ${n === 1 ? one : `${one}s`}`;
}
