import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Database } from 'better-sqlite3';
import type { AuditEntry, AuditQuery } from '../../../shared/api/contract';
import { csvLine, UTF8_BOM } from '../export/csvWriter';

// The audit trail: who changed what, when, with the before and after values and the note.
// Read-only here; entries are written by each service in the transaction of its change.

/** A row of audit_log as SQLite returns it. */
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string | null;
  entity_key: string | null;
  before: string | null;
  after: string | null;
  note: string | null;
}

/** An audit_log row as the API's entry. */
export const toAuditEntry = (r: AuditRow): AuditEntry => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityKey: r.entity_key, before: r.before, after: r.after, note: r.note });

function whereOf(f: AuditQuery): { sql: string; params: string[] } {
  const where: string[] = [];
  const params: string[] = [];
  if (f.actor) {
    where.push('actor = ?');
    params.push(f.actor);
  }
  if (f.action) {
    where.push('action = ?');
    params.push(f.action);
  }
  // Dates are calendar days (YYYY-MM-DD) or full timestamps; `to` includes the whole day.
  if (f.from) {
    where.push('at >= ?');
    params.push(f.from);
  }
  if (f.to) {
    where.push('at < ?');
    params.push(/^\d{4}-\d{2}-\d{2}$/.test(f.to) ? `${f.to}T99` : f.to);
  }
  const search = f.search?.trim();
  if (search) {
    const like = `%${search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(`(entity_key LIKE ? ESCAPE '\\' OR entity LIKE ? ESCAPE '\\' OR note LIKE ? ESCAPE '\\' OR before LIKE ? ESCAPE '\\' OR after LIKE ? ESCAPE '\\')`);
    params.push(like, like, like, like, like);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export function listAudit(db: Database, f: AuditQuery): { total: number; items: AuditEntry[]; actors: string[]; actions: string[] } {
  const w = whereOf(f);
  const total = db.prepare(`SELECT count(*) FROM audit_log ${w.sql}`).pluck().get(...w.params) as number;
  const items = (db.prepare(`SELECT * FROM audit_log ${w.sql} ORDER BY id DESC LIMIT ? OFFSET ?`).all(...w.params, f.limit ?? 200, f.offset ?? 0) as AuditRow[]).map(toAuditEntry);
  const actors = db.prepare('SELECT DISTINCT actor FROM audit_log ORDER BY actor').pluck().all() as string[];
  const actions = db.prepare('SELECT DISTINCT action FROM audit_log ORDER BY action').pluck().all() as string[];
  return { total, items, actors, actions };
}

export const AUDIT_COLUMNS = ['when', 'officer', 'action', 'what', 'key', 'before', 'after', 'note'] as const;

function* iterate(db: Database, f: AuditQuery): Generator<string[]> {
  const w = whereOf(f);
  for (const r of db.prepare(`SELECT * FROM audit_log ${w.sql} ORDER BY id`).iterate(...w.params) as IterableIterator<AuditRow>) {
    yield [r.at, r.actor, r.action, r.entity ?? '', r.entity_key ?? '', r.before ?? '', r.after ?? '', r.note ?? ''];
  }
}

/** The (filtered) trail, oldest first, as CSV in UTF-8 with a byte-order mark. */
export function writeAuditCsv(db: Database, f: AuditQuery, out: string): number {
  const fd = fs.openSync(out, 'w', 0o600);
  let n = 0;
  try {
    fs.writeSync(fd, UTF8_BOM + csvLine([...AUDIT_COLUMNS]));
    for (const cells of iterate(db, f)) {
      fs.writeSync(fd, csvLine(cells));
      n++;
    }
  } finally {
    fs.closeSync(fd);
  }
  return n;
}

export async function writeAuditXlsx(db: Database, f: AuditQuery, out: string): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Council Tax Billing Plan B';
  const sheet = wb.addWorksheet('Audit trail', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: 'When', key: 'when', width: 26 },
    { header: 'Officer', key: 'officer', width: 16 },
    { header: 'Action', key: 'action', width: 18 },
    { header: 'What', key: 'what', width: 24 },
    { header: 'Key', key: 'key', width: 20 },
    { header: 'Before', key: 'before', width: 50 },
    { header: 'After', key: 'after', width: 50 },
    { header: 'Note', key: 'note', width: 50 },
  ];
  sheet.getRow(1).font = { bold: true };
  let n = 0;
  for (const c of iterate(db, f)) {
    sheet.addRow(c).commit();
    n++;
  }
  sheet.commit();
  await wb.commit();
  return n;
}
