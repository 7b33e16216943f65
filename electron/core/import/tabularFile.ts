import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { readCsvRecords, type CsvRecord } from './csvRecords';
import { describeEncoding, sniffFile, type FileFacts } from './fileSniff';
import { listSheets, readXlsxRecords } from './xlsxRecords';

/** A CSV or XLSX file, opened for reading records one at a time. */
export interface TabularFile {
  kind: 'csv' | 'xlsx';
  facts: FileFacts;
  /** XLSX: every sheet, and the one being read. */
  sheets: string[];
  sheet: string | null;
}

export type TabularRecord = CsvRecord & { sheet?: string };

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

function looksLikeXlsx(file: string, displayName: string): boolean {
  if (/\.xls[xm]$/i.test(displayName)) return true;
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    fs.readSync(fd, head, 0, 4, 0);
    return head.equals(ZIP_MAGIC);
  } finally {
    fs.closeSync(fd);
  }
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Opens a CSV (sniffing its encoding and line ends) or a workbook (choosing its sheet). */
export async function openTabular(file: string, displayName: string, options: { sheet?: string; signal?: AbortSignal } = {}): Promise<TabularFile> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new AppError('FILE_UNREADABLE', `${displayName} could not be opened. Check it still exists and is not open elsewhere.`);
  if (/\.xls$/i.test(displayName)) throw new AppError('FILE_UNREADABLE', `${displayName} is an old-style Excel file (.xls). Open it in Excel and save it as an Excel Workbook (.xlsx) or CSV.`);
  if (!looksLikeXlsx(file, displayName)) {
    return { kind: 'csv', facts: await sniffFile(file, displayName, options.signal), sheets: [], sheet: null };
  }
  let sheets: { name: string; rows: number; hasData: boolean }[];
  try {
    sheets = await listSheets(file);
  } catch (e) {
    throw new AppError('FILE_UNREADABLE', `${displayName} could not be read as an Excel workbook: ${(e as Error).message}`);
  }
  const chosen = options.sheet ? sheets.find((s) => s.name === options.sheet) : (sheets.find((s) => s.hasData) ?? sheets[0]);
  if (!chosen) {
    throw new AppError('FILE_UNREADABLE', options.sheet ? `${displayName} has no sheet called "${options.sheet}". Its sheets are: ${sheets.map((s) => s.name).join(', ')}.` : `${displayName} has no worksheets.`);
  }
  const size = fs.statSync(file).size;
  return {
    kind: 'xlsx',
    facts: { size, sha256: await hashFile(file), encoding: 'utf-8', bom: false, lineEnding: 'none', lines: Math.max(1, chosen.rows), mixedLineEndings: false },
    sheets: sheets.map((s) => s.name),
    sheet: chosen.name,
  };
}

export function describeTabular(t: TabularFile): string {
  return t.kind === 'xlsx' ? 'Excel workbook' : describeEncoding(t.facts);
}

/** Reads every record, calling `onRecord` synchronously; CSV records carry lines, XLSX sheet rows. */
export async function readTabularRecords(
  file: string,
  t: TabularFile,
  onRecord: (r: TabularRecord) => void,
  options: { signal?: AbortSignal; maxRecords?: number } = {},
): Promise<{ records: number; aborted: boolean }> {
  if (t.kind === 'csv') return readCsvRecords(file, t.facts, onRecord, options);
  try {
    const r = await readXlsxRecords(file, (x) => onRecord({ line: x.line, excelRow: x.excelRow, fields: x.fields, sheet: x.sheet }), { sheet: t.sheet ?? undefined, signal: options.signal, maxRecords: options.maxRecords });
    return { records: r.records, aborted: r.aborted };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('FILE_UNREADABLE', `${path.basename(file)} could not be read as an Excel workbook: ${(e as Error).message}`);
  }
}
