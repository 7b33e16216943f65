import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { ImportBatch } from '../../../shared/api/contract';
import { parseFdmBills, parseFdmExemptions } from '../../../shared/print';
import type { StagedValue } from '../../../shared/import/validateRow';
import { FDM_BILLS, FDM_EXEMPTIONS, type SourceDef } from '../../../shared/sources/catalog';
import type { JobContext } from '../jobs/jobManager';
import { readBatch } from '../staging/batches';
import { q, stagingTable } from '../staging/tables';
import type { Workspace } from '../workspace/workspace';
import { describeEncoding, sniffFile, type FileFacts } from './fileSniff';
import { markDuplicates, rowHash, type PendingFinding } from './tabularImport';

/** A print run name: `dd`, `cash`, `props` or the officer's own, in lower case. */
export function normaliseRun(run: string): string {
  const r = run.trim().toLowerCase().replace(/\s+/g, '_');
  if (!/^[a-z0-9_-]{1,40}$/.test(r)) throw new AppError('BAD_REQUEST', `"${run}" cannot be used as a print run name: use letters, digits, - or _ (for example dd, cash or props).`);
  return r;
}

/** Guesses the run from a file name such as `fdm_bills_dd.txt`. */
export function suggestRun(fileName: string): string | null {
  const m = /(?:^|[^a-z])(dd|direct[ _-]?debit|cash|props?|other)(?:[^a-z]|$)/i.exec(fileName.replace(/\.[^.]+$/, ''));
  if (!m) return null;
  const w = m[1].toLowerCase();
  return w.startsWith('direct') || w === 'dd' ? 'dd' : w === 'cash' ? 'cash' : 'props';
}

/**
 * Print files are plain text of at most a few tens of megabytes; they are read whole and
 * parsed block by block. Decoded as UTF-8 only when the whole file is valid UTF-8, otherwise
 * as Windows-1252 (a superset of the ISO-8859-1 the print house uses: `£` is byte A3).
 */
function readText(file: string, facts: FileFacts): string {
  const bytes = fs.readFileSync(file);
  // Decoded in stream mode: a one-shot windows-1252 decode in Node 20 maps 0x80–0x9F as
  // Latin-1 (’ becomes U+0092); the streaming path maps them as Windows-1252.
  const decoder = new TextDecoder(facts.encoding);
  const text = decoder.decode(bytes, { stream: true }) + decoder.decode();
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

interface PrintRequest {
  workspace: Workspace;
  file: string;
  fileName: string;
  actor: string;
  ctx: JobContext;
  /** fdm_bills only: which print run this file is. */
  run?: string;
  /** Runs inside the import's transaction before it commits (derived updates, checks). */
  afterStage?: (db: Database) => void;
}

interface ParsedRecord {
  line: number;
  values: StagedValue[];
  truncated: boolean;
  key: string;
}

/** Imports a print-house bill file as one print run, replacing that run's earlier rows. */
export function importFdmBills(req: PrintRequest): Promise<ImportBatch> {
  if (!req.run) throw new AppError('BAD_REQUEST', 'Say which print run this bill file is (for example dd, cash or props).');
  const run = normaliseRun(req.run);
  return importPrint(req, FDM_BILLS, run, (text) => {
    const { bills, problems } = parseFdmBills(text);
    const records: ParsedRecord[] = bills.map((b) => ({
      line: b.line,
      truncated: b.status === 'TRUNCATED',
      key: b.account_number,
      values: [
        b.account_number,
        b.lead_name,
        JSON.stringify(b.additional_names),
        b.vo_band,
        b.discount_1,
        b.discount_1_amount_pence,
        b.discount_2,
        b.discount_2_amount_pence,
        b.reduction,
        b.reduction_amount_pence,
        b.premium,
        b.bill_kind,
        run,
        run,
      ],
    }));
    return { records, problems };
  });
}

/** Imports the exemption notice print file, replacing the notices staged before. */
export function importFdmExemptions(req: PrintRequest): Promise<ImportBatch> {
  return importPrint(req, FDM_EXEMPTIONS, null, (text) => {
    const { notices, problems } = parseFdmExemptions(text);
    const records: ParsedRecord[] = notices.map((n) => ({
      line: n.line,
      truncated: n.status === 'TRUNCATED',
      key: n.account_number,
      values: [n.account_number, n.lead_name, JSON.stringify(n.additional_names), n.vo_band, n.exemption_class],
    }));
    return { records, problems };
  });
}

async function importPrint(
  req: PrintRequest,
  def: SourceDef,
  run: string | null,
  parse: (text: string) => { records: ParsedRecord[]; problems: { line: number; rule: string; message: string }[] },
): Promise<ImportBatch> {
  const { workspace, file, fileName, actor, ctx } = req;
  return workspace.exclusive(`importing ${fileName}`, async () => {
    ctx.progress('checking the file', 0, 1);
    const facts = await sniffFile(file, fileName, ctx.signal);
    ctx.throwIfCancelled();
    ctx.progress('reading bills', 0, facts.lines);
    const { records, problems } = parse(readText(file, facts));
    if (records.length === 0) {
      throw new AppError('FILE_UNREADABLE', `${fileName} has no ${def.format === 'fdm_bills' ? 'bills' : 'notices'} that could be read${problems.length ? ` (${problems[0].message})` : ''}. Check it is a ${def.label} file. The workspace is unchanged.`);
    }
    ctx.throwIfCancelled();
    const table = stagingTable(def.name);
    const committed = await workspace.inWriteTransaction(async (db) => {
      const batchId = randomUUID();
      db.prepare(
        `INSERT INTO import_batches (id, source, run, file_name, file_size, sha256, encoding, line_ending, mapping, imported_by, imported_at, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, 'active')`,
      ).run(batchId, def.name, run, fileName, facts.size, facts.sha256, describeEncoding(facts), facts.lineEnding, actor, new Date().toISOString());
      const names = def.columns.map((c) => c.name);
      const insertRow = db.prepare(`INSERT INTO ${table} (_batch_id, _line, _sheet_row, _flagged, _hash, ${names.map(q).join(', ')}) VALUES (?, ?, ?, ?, ?, ${names.map(() => '?').join(', ')})`);
      const insertFinding = db.prepare(
        `INSERT INTO findings (batch_id, source, file_name, line, column_name, cell_ref, raw_value, rule, severity, message, row_id, row_key) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
      );
      const addFinding = (f: PendingFinding) => insertFinding.run(batchId, def.name, fileName, f.line, f.column, f.raw, f.rule, f.severity, f.message, f.rowId, f.rowKey);
      const what = def.format === 'fdm_bills' ? 'bill' : 'notice';
      for (const r of records) {
        const info = insertRow.run(batchId, r.line, r.line, r.truncated ? 1 : 0, rowHash(r.values), ...r.values.map((v) => (typeof v === 'number' ? BigInt(v) : v)));
        if (r.truncated) {
          addFinding({
            line: r.line,
            column: null,
            cellRef: null,
            raw: r.key,
            rule: def.format === 'fdm_bills' ? 'TRUNCATED_BILL' : 'TRUNCATED_NOTICE',
            severity: 'error',
            message: `The ${what} for account ${r.key} starting at line ${r.line} is cut off before its end. Its readable fields are kept; it is flagged and takes no part until an officer resolves it.`,
            rowId: Number(info.lastInsertRowid),
            rowKey: r.key,
          });
        }
      }
      for (const p of problems) {
        addFinding({ line: p.line, column: null, cellRef: null, raw: null, rule: p.rule, severity: p.rule === 'EXTRA_DEDUCTION' ? 'warning' : 'error', message: p.message, rowId: null, rowKey: null });
      }
      markDuplicates(db, def, table, batchId, def.columns.map(() => undefined), addFinding);
      // Messages of duplicate findings in print files speak of bills, not rows.
      db.prepare(`UPDATE findings SET message = replace(replace(message, 'the row at line', 'the ${what} at line'), 'this one is flagged', 'this ${what} is flagged') WHERE batch_id = ? AND rule = 'DUPLICATE'`).run(batchId);

      // Replace: the rows of the same run (bills) or of the whole source (notices).
      if (run) {
        db.prepare(`DELETE FROM ${table} WHERE run = ? AND _batch_id <> ?`).run(run, batchId);
        db.prepare(`UPDATE import_batches SET status = 'superseded' WHERE source = ? AND run = ? AND id <> ? AND status = 'active'`).run(def.name, run, batchId);
      } else {
        db.prepare(`DELETE FROM ${table} WHERE _batch_id <> ?`).run(batchId);
        db.prepare(`UPDATE import_batches SET status = 'superseded' WHERE source = ? AND id <> ? AND status = 'active'`).run(def.name, batchId);
      }
      const counts = db.prepare(`SELECT COUNT(*) AS staged, COALESCE(SUM(_flagged), 0) AS flagged FROM ${table} WHERE _batch_id = ?`).get(batchId) as { staged: number; flagged: number };
      const moneyTotals: Record<string, number> = {};
      for (const c of def.columns.filter((c) => c.type === 'money')) {
        moneyTotals[c.name] = (
          db.prepare(`SELECT COALESCE(SUM(${q(c.name)}), 0) AS t FROM ${table} WHERE _batch_id = ? AND _flagged = 0 AND _duplicate_of IS NULL AND typeof(${q(c.name)}) = 'integer'`).get(batchId) as { t: number }
        ).t;
      }
      db.prepare('UPDATE import_batches SET rows_read = ?, rows_staged = ?, rows_flagged = ?, rows_rejected = ?, money_totals = ? WHERE id = ?').run(
        records.length + problems.filter((p) => p.rule !== 'EXTRA_DEDUCTION').length,
        counts.staged,
        counts.flagged,
        problems.filter((p) => p.rule !== 'EXTRA_DEDUCTION').length,
        JSON.stringify(moneyTotals),
        batchId,
      );
      req.afterStage?.(db);
      ctx.throwIfCancelled();
      workspace.audit({ actor, action: 'import', entity: run ? `${def.name}:${run}` : def.name, entityKey: batchId, after: { file: fileName, sha256: facts.sha256, bills: records.length } }, db);
      return batchId;
    });
    return readBatch(workspace.db, committed);
  });
}
