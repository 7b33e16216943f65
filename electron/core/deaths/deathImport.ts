import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { ImportBatch } from '../../../shared/api/contract';
import { dedupeEntries, entryKey, parseDeathListText, parseDeathReportLines, type DeathEntry } from '../../../shared/deaths/deathEntries';
import { createMatcher, type MatchAccount } from '../../../shared/deaths/matching';
import type { JobContext } from '../jobs/jobManager';
import { extractPdfLines } from '../import/pdfText';
import { describeEncoding, sniffFile } from '../import/fileSniff';
import { rowHash } from '../import/tabularImport';
import { readBatch } from '../staging/batches';
import type { Workspace } from '../workspace/workspace';

export interface DeathImportRequest {
  workspace: Workspace;
  file: string;
  fileName: string;
  actor: string;
  ctx: JobContext;
  afterStage?: (db: Database) => void;
}

/** Accounts the matcher may propose: usable rows of the staged Academy accounts. */
export function matchAccounts(db: Database): MatchAccount[] {
  const rows = db
    .prepare(
      `SELECT mail_merge_reference AS account, lead_liable_title AS title, lead_liable_forename AS forename, lead_liable_surname AS surname,
              postcode, for_postcode AS forPostcode
       FROM stg_accounts WHERE _flagged = 0 AND _excluded = 0 AND _duplicate_of IS NULL AND mail_merge_reference IS NOT NULL`,
    )
    .all() as { account: string; title: string | null; forename: string | null; surname: string | null; postcode: string | null; forPostcode: string | null }[];
  return rows.map((r) => ({
    account: r.account,
    surname: r.surname ?? '',
    postcode: r.postcode ?? '',
    forPostcode: r.forPostcode ?? '',
    leadName: [r.title, r.forename, r.surname].filter((p) => p && p.trim()).join(' '),
  }));
}

async function readEntries(file: string, fileName: string, signal: AbortSignal): Promise<{ entries: DeathEntry[]; problems: { line: number | null; page: number | null; message: string }[]; sha256: string; size: number; encoding: string; lineEnding: string }> {
  const isPdf = /\.pdf$/i.test(fileName) || fs.readFileSync(file, { encoding: null }).subarray(0, 5).toString('latin1') === '%PDF-';
  if (isPdf) {
    const { createHash } = await import('node:crypto');
    const bytes = fs.readFileSync(file);
    const lines = await extractPdfLines(file, { signal });
    const parsed = parseDeathReportLines(lines);
    return { entries: parsed.entries, problems: parsed.problems, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, encoding: 'PDF', lineEnding: 'none' };
  }
  const facts = await sniffFile(file, fileName, signal);
  const decoder = new TextDecoder(facts.encoding);
  const bytes = fs.readFileSync(file);
  let text = decoder.decode(bytes, { stream: true }) + decoder.decode();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = parseDeathListText(text);
  return { entries: parsed.entries, problems: parsed.problems, sha256: facts.sha256, size: facts.size, encoding: describeEncoding(facts), lineEnding: facts.lineEnding };
}

/**
 * Appends the entries of a deaths report that are not already staged (same name, date and
 * address), each with a stable id — the report's hash prefix and its position — and the
 * account the postcode + surname rule proposes. Nothing is confirmed: an officer decides.
 */
export async function importDeathList(req: DeathImportRequest): Promise<ImportBatch> {
  const { workspace, file, fileName, actor, ctx } = req;
  return workspace.exclusive(`importing ${fileName}`, async () => {
    ctx.progress('reading the report', 0, 1);
    const read = await readEntries(file, fileName, ctx.signal);
    ctx.throwIfCancelled();
    if (read.entries.length === 0) {
      throw new AppError('FILE_UNREADABLE', `${fileName} has no death entries that could be read${read.problems.length ? ` (${read.problems[0].message})` : ''}. The workspace is unchanged.`);
    }
    const reportId = read.sha256.slice(0, 8);
    const committed = await workspace.inWriteTransaction(async (db) => {
      const batchId = randomUUID();
      db.prepare(
        `INSERT INTO import_batches (id, source, file_name, file_size, sha256, encoding, line_ending, mapping, imported_by, imported_at, status)
         VALUES (?, 'death_list', ?, ?, ?, ?, ?, '[]', ?, ?, 'active')`,
      ).run(batchId, fileName, read.size, read.sha256, read.encoding, read.lineEnding, actor, new Date().toISOString());
      const staged = db.prepare('SELECT names, date_of_death, address FROM stg_death_list').all() as { names: string; date_of_death: string; address: string }[];
      const { kept, duplicates } = dedupeEntries(read.entries, staged);
      const matcher = createMatcher(matchAccounts(db));
      const insert = db.prepare(
        `INSERT INTO stg_death_list (_batch_id, _line, _sheet_row, _flagged, _hash, _entry_id, _entry_key, _proposed_account, _proposed_name, _candidates, _status,
                                     reference, names, date_of_death, address, account_number, account_matched_name)
         VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, 'unmatched', ?, ?, ?, ?, NULL, NULL)`,
      );
      const insertFinding = db.prepare(
        `INSERT INTO findings (batch_id, source, file_name, line, rule, severity, message, row_key) VALUES (?, 'death_list', ?, ?, ?, ?, ?, ?)`,
      );
      for (const e of kept) {
        const m = matcher.propose(e);
        const entryId = `${reportId}-${e.reference}`;
        insert.run(
          batchId,
          e.line ?? e.reference,
          e.line ?? e.reference,
          rowHash([e.reference, e.names, e.date_of_death, e.address]),
          entryId,
          entryKey(e),
          m.proposal?.account ?? null,
          m.proposal?.matchedName ?? null,
          JSON.stringify(m.candidates),
          e.reference,
          e.names,
          e.date_of_death,
          e.address,
        );
      }
      for (const d of duplicates) {
        insertFinding.run(
          batchId,
          fileName,
          d.entry.line,
          'DUPLICATE_ENTRY',
          'info',
          d.firstReference === null
            ? `Entry ${d.entry.reference} (${d.entry.names}, ${d.entry.date_of_death}) was loaded from an earlier report; it was skipped.`
            : `Entry ${d.entry.reference} (${d.entry.names}, ${d.entry.date_of_death}) repeats entry ${d.firstReference} of this report; it was skipped.`,
          `${reportId}-${d.entry.reference}`,
        );
      }
      for (const p of read.problems) {
        insertFinding.run(batchId, fileName, p.line, 'UNREADABLE_ENTRY', 'error', `${p.page ? `Page ${p.page}: ` : ''}${p.message}`, null);
      }
      db.prepare('UPDATE import_batches SET rows_read = ?, rows_staged = ?, rows_flagged = 0, rows_rejected = ? WHERE id = ?').run(
        read.entries.length + read.problems.length,
        kept.length,
        read.problems.length,
        batchId,
      );
      req.afterStage?.(db);
      ctx.throwIfCancelled();
      workspace.audit({ actor, action: 'import', entity: 'death_list', entityKey: batchId, after: { file: fileName, sha256: read.sha256, entries: read.entries.length, added: kept.length, skipped: duplicates.length } }, db);
      return batchId;
    });
    return readBatch(workspace.db, committed);
  });
}
