import { createHash, randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { ImportBatch, MappingProposalView } from '../../../shared/api/contract';
import { checkMapping, normaliseHeader, proposeMapping, toSavedMapping, type ColumnMapping } from '../../../shared/import/headerMatching';
import { cellRef, columnLetters } from '../../../shared/import/cellRef';
import { validateRow, type StagedValue } from '../../../shared/import/validateRow';
import { fileColumns, keyColumns, sourceDef, type ImportableSource, type SourceDef } from '../../../shared/sources/catalog';
import type { JobContext } from '../jobs/jobManager';
import type { Workspace } from '../workspace/workspace';
import { describeTabular, openTabular, readTabularRecords, type TabularFile, type TabularRecord } from './tabularFile';
import { loadSavedMapping, saveMapping } from './mappingStore';
import { readBatch } from '../staging/batches';
import { q, stagingTable } from '../staging/tables';

const SAMPLE_ROWS = 3;
// Control characters other than tab: a sign of binary junk inside a text file.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const JUNK = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

interface HeaderInfo {
  headers: string[];
  headerLine: number;
  samples: string[][];
}

async function readHeader(file: string, t: TabularFile, displayName: string): Promise<HeaderInfo> {
  let header: TabularRecord | undefined;
  const samples: string[][] = [];
  await readTabularRecords(
    file,
    t,
    (r) => {
      if (isBlank(r.fields)) return;
      if (!header) header = r;
      else if (samples.length < SAMPLE_ROWS) samples.push(r.fields.map((f) => f.trim()));
    },
    { maxRecords: 200 },
  );
  if (!header || header.fields.every((f) => f.trim() === '')) throw new AppError('FILE_UNREADABLE', `${displayName} has no header row.`);
  if (header.problem) throw new AppError('FILE_UNREADABLE', `${displayName}: the header row cannot be read: ${header.problem}.`);
  const headers = header.fields.map((h) => h.trim());
  // Trailing empty header cells (a trailing comma) are not columns.
  while (headers.length > 1 && headers[headers.length - 1] === '') headers.pop();
  return { headers, headerLine: header.line, samples };
}

function isBlank(fields: string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

/** Reads the header of a file and proposes a mapping for the officer to confirm. */
export async function inspectImport(db: Database, file: string, displayName: string, source: ImportableSource, sheet?: string): Promise<MappingProposalView> {
  const def = sourceDef(source);
  const t = await openTabular(file, displayName, { sheet });
  const facts = t.facts;
  const { headers, samples } = await readHeader(file, t, displayName);
  const proposal = proposeMapping(headers, def, loadSavedMapping(db, source));
  return {
    format: 'tabular',
    suggestedRun: null,
    sheets: t.sheets,
    sheet: t.sheet,
    encoding: describeTabular(t),
    bom: facts.bom,
    lineEnding: facts.lineEnding,
    headers,
    mapping: proposal.mapping,
    origin: proposal.origin,
    missing: proposal.missing,
    problems: checkMapping(headers, proposal.mapping, def),
    sampleRows: samples.map((s) => headers.map((_, i) => s[i] ?? '')),
    columns: fileColumns(def).map((c) => ({ name: c.name, label: c.label, type: c.type, required: !!c.required })),
  };
}

export interface ImportRequest {
  workspace: Workspace;
  file: string;
  fileName: string;
  source: ImportableSource;
  /** Header position → canonical column; null keeps the column unmapped. Omit to use the proposal. */
  mapping?: ColumnMapping;
  actor: string;
  ctx: JobContext;
  /** XLSX: the sheet to read (default: the first with data). */
  sheet?: string;
  /** Runs inside the import's transaction before it commits (derived updates, checks). */
  afterStage?: (db: Database) => void;
}

export interface PendingFinding {
  line: number | null;
  column: string | null;
  cellRef: string | null;
  raw: string | null;
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  rowId: number | null;
  rowKey: string | null;
}

/**
 * Imports one file into a source's staging table, all or nothing: everything happens in one
 * transaction on the job's own connection, committed only at the end, so a failure or a
 * cancel leaves the workspace exactly as it was and readers never see half a file.
 */
export async function importTabular(req: ImportRequest): Promise<ImportBatch> {
  const { workspace, file, fileName, source, actor, ctx } = req;
  const def = sourceDef(source);
  return workspace.exclusive(`importing ${fileName}`, async () => {
    ctx.progress('checking the file', 0, 1);
    const t = await openTabular(file, fileName, { sheet: req.sheet, signal: ctx.signal });
    const facts = t.facts;
    ctx.throwIfCancelled();
    const { headers, headerLine } = await readHeader(file, t, fileName);
    const mapping = req.mapping ?? proposeMapping(headers, def, loadSavedMapping(workspace.db, source)).mapping;
    const problems = checkMapping(headers, mapping, def);
    if (problems.length) throw new AppError('MAPPING_INVALID', `${fileName}: ${problems.map((p) => p.message).join(' ')}`);

    const committed = await workspace.inWriteTransaction(async (db) => {
      const batch = await stageFile(db, { def, file, fileName, t, headers, headerLine, mapping, actor, ctx });
      req.afterStage?.(db);
      ctx.throwIfCancelled();
      ctx.progress('saving', 1, 1);
      saveMapping(db, source, toSavedMapping(headers, mapping), actor);
      workspace.audit({ actor, action: 'import', entity: source, entityKey: batch.id, after: { file: fileName, sha256: facts.sha256, rowsRead: batch.rowsRead, rowsStaged: batch.rowsStaged, rowsFlagged: batch.rowsFlagged } }, db);
      return batch.id;
    });
    return readBatch(workspace.db, committed);
  });
}

interface StageArgs {
  def: SourceDef;
  file: string;
  fileName: string;
  t: TabularFile;
  headers: string[];
  headerLine: number;
  mapping: ColumnMapping;
  actor: string;
  ctx: JobContext;
}

async function stageFile(db: Database, a: StageArgs): Promise<{ id: string; rowsRead: number; rowsStaged: number; rowsFlagged: number }> {
  const { def, fileName, t, headers, mapping, ctx } = a;
  const facts = t.facts;
  const sheet = t.sheet ?? undefined;
  const table = stagingTable(def.name);
  const batchId = randomUUID();
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO import_batches (id, source, sheet, file_name, file_size, sha256, encoding, line_ending, mapping, imported_by, imported_at, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active')`,
  ).run(batchId, def.name, t.sheet, fileName, facts.size, facts.sha256, describeTabular(t), facts.lineEnding, JSON.stringify(headers.map((h, i) => ({ header: h, column: mapping[i] ?? null }))), a.actor, now);

  const columnNames = def.columns.map((c) => c.name);
  const insertRow = db.prepare(
    `INSERT INTO ${table} (_batch_id, _line, _sheet_row, _flagged, _hash, _extra, ${columnNames.map(q).join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ${columnNames.map(() => '?').join(', ')})`,
  );
  const insertFinding = db.prepare(
    `INSERT INTO findings (batch_id, source, file_name, sheet, line, column_name, cell_ref, raw_value, rule, severity, message, row_id, row_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const addFinding = (f: PendingFinding) =>
    insertFinding.run(batchId, def.name, fileName, t.sheet, f.line, f.column, f.cellRef, f.raw, f.rule, f.severity, f.message, f.rowId, f.rowKey);

  // Header-level findings: columns kept unmapped, canonical columns the file lacks.
  const positionOf = new Map<string, number>();
  mapping.forEach((m, i) => {
    if (m) positionOf.set(m, i);
  });
  headers.forEach((h, i) => {
    if (mapping[i] === null && h !== '') {
      addFinding({ line: a.headerLine, column: h, cellRef: cellRef(i, a.headerLine, sheet), raw: h, rule: 'UNMAPPED_COLUMN', severity: 'info', message: `Column "${h}" (${columnLetters(i)}) is not one of the ${def.label} columns. Its values are kept with each row but not used.`, rowId: null, rowKey: null });
    }
  });
  // Columns that are empty or constant may be left out of an export: one note lists them all.
  const absent = fileColumns(def).filter((c) => !positionOf.has(c.name) && !c.required);
  if (absent.length) {
    const names = absent.map((c) => c.name).join(', ');
    addFinding({ line: a.headerLine, column: null, cellRef: null, raw: names, rule: 'MISSING_COLUMN', severity: 'info', message: `The file has no ${absent.length === 1 ? 'column' : 'columns'} for ${names}; ${absent.length === 1 ? 'it is' : 'they are'} left empty.`, rowId: null, rowKey: null });
  }

  const unit = sheet ? 'row' : 'line';
  const headerNorm = headers.map(normaliseHeader).join('|');
  const firstHeaderNorm = normaliseHeader(headers[0]);
  const keyIndex = def.columns.findIndex((c) => c.key);
  const unmapped = headers.map((h, i) => (mapping[i] === null && h !== '' ? i : -1)).filter((i) => i >= 0);
  const canonicalPosition = def.columns.map((c) => positionOf.get(c.name));
  let rowsRead = 0;
  let rowsRejected = 0;
  let seenHeader = false;

  const reject = (r: TabularRecord, rule: string, message: string) => {
    rowsRejected++;
    addFinding({ line: r.line, column: null, cellRef: null, raw: r.fields.join(',').slice(0, 200), rule, severity: 'error', message, rowId: null, rowKey: null });
  };

  const onRecord = (r: TabularRecord) => {
    if (isBlank(r.fields) && !r.problem) return;
    if (!seenHeader) {
      seenHeader = true; // the header row itself, read already
      return;
    }
    // Cheap test on the first cell before comparing the whole row with the header.
    if (normaliseHeader(r.fields[0] ?? '') === firstHeaderNorm && r.fields.map(normaliseHeader).join('|').replace(/\|+$/, '') === headerNorm.replace(/\|+$/, '')) {
      addFinding({ line: r.line, column: null, cellRef: null, raw: null, rule: 'REPEATED_HEADER', severity: 'warning', message: `The header row appears again at ${unit} ${r.line} (two exports joined together?). It was skipped.`, rowId: null, rowKey: null });
      return;
    }
    rowsRead++;
    if (r.problem) return reject(r, 'UNBALANCED_QUOTES', `Line ${r.line} could not be read: ${r.problem}. Check the file in a text editor.`);
    if (r.fields.some((f) => JUNK.test(f))) return reject(r, 'UNREADABLE_ROW', `Line ${r.line} contains binary characters that cannot be part of a CSV export. The row was not imported.`);
    let fields = r.fields;
    // A sheet row ends at its last non-empty cell: empty cells after it are empty values.
    if (t.kind === 'xlsx' && fields.length < headers.length) fields = [...fields, ...Array<string>(headers.length - fields.length).fill('')];
    if (fields.length > headers.length && fields.slice(headers.length).every((f) => f.trim() === '')) fields = fields.slice(0, headers.length);
    if (fields.length !== headers.length) {
      return reject(r, 'FIELD_COUNT', `Line ${r.line} has ${fields.length} values but the header has ${headers.length} columns, so its values cannot be placed. The row was not imported.`);
    }
    const { values, findings } = validateRow(def, (i) => {
      const p = canonicalPosition[i];
      return p === undefined ? undefined : fields[p];
    });
    const flagged = findings.some((f) => f.severity === 'error') ? 1 : 0;
    const extra = unmapped.length ? JSON.stringify(Object.fromEntries(unmapped.map((i) => [headers[i], fields[i].trim()]))) : null;
    // Pence are bound as BigInt so SQLite stores INTEGER, never REAL.
    const info = insertRow.run(batchId, r.line, r.excelRow, flagged, rowHash(values), extra, ...values.map((v) => (typeof v === 'number' ? BigInt(v) : v)));
    const rowId = Number(info.lastInsertRowid);
    const key = keyIndex >= 0 ? (values[keyIndex] as string | null) : null;
    for (const f of findings) {
      const p = canonicalPosition[f.column];
      addFinding({ line: r.line, column: def.columns[f.column].name, cellRef: p === undefined ? null : cellRef(p, r.excelRow, sheet), raw: f.raw, rule: f.rule, severity: f.severity, message: f.message, rowId, rowKey: key === null ? null : String(key) });
    }
    if (rowsRead % 500 === 0) {
      ctx.progress('reading rows', r.line, facts.lines);
      ctx.throwIfCancelled();
    }
  };

  const { aborted } = await readTabularRecords(a.file, t, onRecord, { signal: ctx.signal });
  if (aborted) ctx.throwIfCancelled();
  ctx.throwIfCancelled();
  // A header with nothing under it is almost always the wrong file or a failed export:
  // refuse it rather than replace good staged rows with none.
  if (rowsRead === 0) throw new AppError('FILE_UNREADABLE', `${fileName} has a header row but no data rows, so nothing was imported. The workspace is unchanged.`);
  ctx.progress('reading rows', facts.lines, facts.lines);

  ctx.progress('checking for duplicates', 0, 1);
  markDuplicates(db, def, table, batchId, canonicalPosition, addFinding, sheet);

  // Replace: the previous batch of this source gives way to this one, in this transaction.
  db.prepare(`DELETE FROM ${table} WHERE _batch_id <> ?`).run(batchId);
  db.prepare(`UPDATE import_batches SET status = 'superseded' WHERE source = ? AND id <> ? AND status = 'active'`).run(def.name, batchId);

  const counts = db.prepare(`SELECT COUNT(*) AS staged, COALESCE(SUM(_flagged), 0) AS flagged FROM ${table} WHERE _batch_id = ?`).get(batchId) as { staged: number; flagged: number };
  const moneyTotals: Record<string, number> = {};
  for (const c of def.columns.filter((c) => c.type === 'money')) {
    const row = db
      .prepare(`SELECT COALESCE(SUM(${q(c.name)}), 0) AS total FROM ${table} WHERE _batch_id = ? AND _flagged = 0 AND _duplicate_of IS NULL AND typeof(${q(c.name)}) = 'integer'`)
      .get(batchId) as { total: number };
    moneyTotals[c.name] = row.total;
  }
  db.prepare('UPDATE import_batches SET rows_read = ?, rows_staged = ?, rows_flagged = ?, rows_rejected = ?, money_totals = ? WHERE id = ?').run(
    rowsRead,
    counts.staged,
    counts.flagged,
    rowsRejected,
    JSON.stringify(moneyTotals),
    batchId,
  );
  return { id: batchId, rowsRead, rowsStaged: counts.staged, rowsFlagged: counts.flagged };
}

/** Stable hash of a row's staged values: equal hashes mean "the same staged values". */
export function rowHash(values: StagedValue[]): string {
  return createHash('sha1').update(JSON.stringify(values)).digest('hex');
}

/**
 * One row per key: the first row (in file order) is used; each later row with the same key is
 * a DUPLICATE — a warning if its staged values equal the first's, an error (flagged) if not.
 * Done in SQLite with a window function, so memory does not grow with the file.
 */
export function markDuplicates(db: Database, def: SourceDef, table: string, batchId: string, canonicalPosition: (number | undefined)[], addFinding: (f: PendingFinding) => void, sheet?: string): void {
  if (def.duplicates === 'repeated_receipt') return markRepeatedReceipts(db, table, batchId, canonicalPosition, def, addFinding, sheet);
  if (def.duplicates !== 'unique_key') return;
  const keys = keyColumns(def).map((c) => c.name);
  const keyExpr = keys.map(q).join(', ');
  const later = db
    .prepare(
      `SELECT _row_id AS rowId, _line AS line, _sheet_row AS sheetRow, _hash AS hash, ${keys.map((k) => `${q(k)} AS "k_${k}"`).join(', ')}, first_line, first_hash, first_id
       FROM (
         SELECT _row_id, _line, _sheet_row, _hash, ${keyExpr},
                first_value(_line) OVER w AS first_line,
                first_value(_hash) OVER w AS first_hash,
                first_value(_row_id) OVER w AS first_id,
                row_number() OVER w AS rn
         FROM ${table}
         WHERE _batch_id = ? AND ${keys.map((k) => `${q(k)} IS NOT NULL`).join(' AND ')}
         WINDOW w AS (PARTITION BY ${keyExpr} ORDER BY _line)
       ) WHERE rn > 1 ORDER BY _line`,
    )
    .all(batchId) as Record<string, unknown>[];
  const mark = db.prepare(`UPDATE ${table} SET _duplicate_of = ?, _flagged = CASE WHEN ? THEN 1 ELSE _flagged END WHERE _row_id = ?`);
  const keyColumnIndex = def.columns.findIndex((c) => c.key);
  const keyPosition = canonicalPosition[keyColumnIndex];
  const unit = sheet ? 'sheet row' : 'line';
  for (const r of later) {
    const key = keys.map((k) => String(r[`k_${k}`])).join(' / ');
    // "Account number 323268648, claim id 4100006": the first key's label names the row.
    const described = keys.map((k, i) => (i === 0 ? String(r[`k_${k}`]) : `${def.columns.find((c) => c.name === k)!.label.toLowerCase()} ${String(r[`k_${k}`])}`)).join(', ');
    const identical = r.hash === r.first_hash;
    mark.run(r.first_id, identical ? 0 : 1, r.rowId);
    addFinding({
      line: r.line as number,
      column: def.columns[keyColumnIndex].name,
      cellRef: keyPosition === undefined ? null : cellRef(keyPosition, r.sheetRow as number, sheet),
      raw: key,
      rule: 'DUPLICATE',
      severity: identical ? 'warning' : 'error',
      message: identical
        ? `${def.columns[keyColumnIndex].label} ${described} appears again at ${unit} ${r.line}, identical to the row at ${unit} ${r.first_line}. The repeat is ignored.`
        : `${def.columns[keyColumnIndex].label} ${described} appears again at ${unit} ${r.line} with different values from the row at ${unit} ${r.first_line}. The first row is used; this one is flagged and takes no part until an officer resolves it.`,
      rowId: r.rowId as number,
      rowKey: key,
    });
  }
}


/**
 * Cash payments may repeat a receipt number: both payments count, and each later one is a
 * REPEATED_RECEIPT_NO warning for the officer to look at.
 */
function markRepeatedReceipts(db: Database, table: string, batchId: string, canonicalPosition: (number | undefined)[], def: SourceDef, addFinding: (f: PendingFinding) => void, sheet?: string): void {
  const receiptIndex = def.columns.findIndex((c) => c.name === 'receipt_no');
  const accountIndex = def.columns.findIndex((c) => c.name === def.accountColumn);
  const position = canonicalPosition[receiptIndex];
  const later = db
    .prepare(
      `SELECT _row_id AS rowId, _line AS line, _sheet_row AS sheetRow, receipt_no AS receipt, ${q(def.accountColumn)} AS account, first_line FROM (
         SELECT _row_id, _line, _sheet_row, receipt_no, ${q(def.accountColumn)}, first_value(_line) OVER w AS first_line, row_number() OVER w AS rn
         FROM ${table} WHERE _batch_id = ? AND receipt_no IS NOT NULL AND receipt_no <> ''
         WINDOW w AS (PARTITION BY receipt_no ORDER BY _line)
       ) WHERE rn > 1 ORDER BY _line`,
    )
    .all(batchId) as { rowId: number; line: number; sheetRow: number; receipt: string; account: string | null; first_line: number }[];
  for (const r of later) {
    addFinding({
      line: r.line,
      column: 'receipt_no',
      cellRef: position === undefined ? null : cellRef(position, r.sheetRow, sheet),
      raw: r.receipt,
      rule: 'REPEATED_RECEIPT_NO',
      severity: 'warning',
      message: `Receipt ${r.receipt} at ${sheet ? 'sheet row' : 'line'} ${r.line} was already used at ${sheet ? 'sheet row' : 'line'} ${r.first_line}. Both payments count; check they are not the same payment twice.`,
      rowId: r.rowId,
      rowKey: accountIndex >= 0 ? r.account : null,
    });
  }
}
