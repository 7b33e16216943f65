import fs from 'node:fs';
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';

/**
 * Streaming XLSX reader. exceljs's `WorkbookReader` unzips the workbook and parses the workbook
 * part, shared strings and styles; each worksheet's XML is then read here with exceljs's own SAX
 * helper rather than through exceljs's row objects, because those lose what an officer sees:
 * numbers go through `parseFloat` (float noise), dates through a conversion that ignores Excel's
 * 1900 leap-year bug, formula error results become NaN and rich inline strings keep only their
 * last run. Memory stays flat: one row is held at a time (exceljs spools a worksheet to a temp
 * file when it comes before the shared strings in the zip).
 */

export interface XlsxRecord {
  /** The sheet row number (as Excel shows it; the header is normally row 1). */
  line: number;
  /** Same as `line`: kept so callers can treat CSV and XLSX records alike. */
  excelRow: number;
  sheet: string;
  /** Cell texts as Excel displays them, up to the last non-empty cell of the row. */
  fields: string[];
}

export interface XlsxReadOptions {
  /** Sheet to read; default: the first sheet (in workbook order) that has data. */
  sheet?: string;
  signal?: AbortSignal;
  /** Stop after this many records (used to read just the header and a sample). */
  maxRecords?: number;
  /** Called now and then, and at the end, with the number of sheet rows read so far. */
  onProgress?: (rowsDone: number) => void;
}

export interface XlsxSheetInfo {
  name: string;
  /** Rows that have at least one non-empty cell. */
  rows: number;
  hasData: boolean;
}

// ---------------------------------------------------------------------------------------------
// exceljs internals used here (typed locally; exceljs 4.4).

type SaxEvent =
  | { eventType: 'opentag'; value: { name: string; attributes: Record<string, string> } }
  | { eventType: 'text'; value: string }
  | { eventType: 'closetag'; value: { name: string } };

const requireCjs = createRequire(import.meta.url);
const parseSax = requireCjs('exceljs/lib/utils/parse-sax.js') as (iterable: AsyncIterable<unknown>) => AsyncIterable<SaxEvent[]>;

type SharedString = string | null | { richText: { text: string | null }[] };

interface ReaderInternals {
  sharedStrings?: SharedString[];
  styles: { getStyleModel(id: number): { numFmt?: string } | null };
  properties?: { date1904?: boolean };
  model?: { sheets?: { name: string; id: number; rId: string }[] };
  workbookRels?: { Id?: string; Type?: string; Target?: string }[];
}

interface WorksheetInternals {
  name: string;
  id: number;
  iterator: AsyncIterable<unknown>;
}

const PROGRESS_EVERY = 500;

// ---------------------------------------------------------------------------------------------

async function assertZip(file: string): Promise<void> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (e) {
    throw new Error(`${file} could not be opened: ${(e as Error).message}`, { cause: e });
  }
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buf, 0, 4, 0);
    if (bytesRead < 4 || buf[0] !== 0x50 || buf[1] !== 0x4b || buf[2] !== 0x03 || buf[3] !== 0x04) {
      throw new Error(`${file} is not an Excel workbook (.xlsx): it is not a zip file. Save it from Excel as "Excel Workbook (*.xlsx)" or as CSV.`);
    }
  } finally {
    await handle.close();
  }
}

function notWorkbook(file: string, detail: string, cause?: unknown): Error {
  return new Error(`${file} is not an Excel workbook (.xlsx): ${detail}. Save it from Excel as "Excel Workbook (*.xlsx)" or as CSV.`, { cause });
}

interface SheetVisitor {
  /** Return false to stop reading the workbook. */
  row(sheet: string, rowNumber: number, fields: string[]): boolean;
}

/**
 * exceljs 4.4's single streaming pass over the zip sometimes loses the archive's last entries
 * (exceljs issues #683 and #3064: a race in its stream iteration, seen on Node ≥ 18), so a
 * worksheet can arrive before the shared strings, the workbook part or its relationships were
 * read — or not arrive at all. That is detected (before any row of the affected sheet is handed
 * on) and the pass is run again.
 */
class IncompletePass extends Error {
  constructor(what: string) {
    super(`the workbook's ${what} could not be read`);
  }
}

const PASS_ATTEMPTS = 8;

async function walkWorkbook(
  file: string,
  wantSheet: (name: string) => boolean,
  visitor: SheetVisitor,
  signal?: AbortSignal,
  /** When given, a pass may be retried even after rows were handed on: this resets the caller. */
  onRestart?: () => void,
): Promise<{ sheetNames: string[]; stopped: boolean }> {
  await assertZip(file);
  let lastError: unknown;
  for (let attempt = 1; attempt <= PASS_ATTEMPTS; attempt++) {
    const state = { rowsHandedOn: false };
    try {
      return await walkOnce(file, wantSheet, visitor, state, signal);
    } catch (e) {
      if (e instanceof VisitorError) throw e.inner;
      lastError = e;
      // Only the race is worth another pass (exceljs's own symptom of it is a TypeError on the
      // missing workbook model); a damaged zip or bad XML fails the same way every time.
      if (!(e instanceof IncompletePass || e instanceof TypeError)) break;
      // a failure after rows were handed on cannot be retried without repeating them
      if (state.rowsHandedOn) {
        if (!onRestart) break;
        onRestart();
      }
    }
  }
  const message = lastError instanceof Error ? lastError.message : String(lastError);
  throw notWorkbook(file, /^(the workbook|it has)/.test(message) ? message : `the workbook could not be read (${message})`, lastError);
}

async function walkOnce(
  file: string,
  wantSheet: (name: string) => boolean,
  visitor: SheetVisitor,
  state: { rowsHandedOn: boolean },
  signal?: AbortSignal,
): Promise<{ sheetNames: string[]; stopped: boolean }> {
  const input = fs.createReadStream(file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const internals = reader as unknown as ReaderInternals;
  let stopped = false;
  let failure: unknown = null;
  const seen = new Set<string>();
  const counting: SheetVisitor = {
    row(sheet, rowNumber, fields) {
      state.rowsHandedOn = true;
      return visitor.row(sheet, rowNumber, fields);
    },
  };
  // Once the whole zip has been read (always so when exceljs spooled the worksheets to temp
  // files because the shared strings come after them), the pass is finished by consuming what
  // is left: abandoning exceljs's generator would leak its temp files and their descriptors.
  // Otherwise (a large file still being unzipped) the input is simply closed.
  const finishQuietly = () => input.readableEnded;
  try {
    for await (const ws of reader) {
      const sheet = ws as unknown as WorksheetInternals;
      const it = sheet.iterator[Symbol.asyncIterator]();
      const rest = () => drain(it);
      if (failure !== null || stopped) {
        await rest();
        continue;
      }
      const incomplete = checkComplete(internals);
      if (incomplete !== null || signal?.aborted || !wantSheet(sheet.name)) {
        if (incomplete !== null) failure = incomplete;
        else if (signal?.aborted) stopped = true;
        else seen.add(sheet.name);
        // (after a lost entry, always finish the pass: the sheets are then spooled to temp files)
        if (failure === null && stopped && !finishQuietly()) break;
        await rest();
        continue;
      }
      seen.add(sheet.name);
      // hand the sheet's chunks on without letting an early exit close the iterator
      const chunks: AsyncIterable<unknown> = { [Symbol.asyncIterator]: () => ({ next: () => it.next() }) };
      let goOn: boolean;
      try {
        goOn = await readSheet(sheet.name, chunks, internals, counting, signal);
      } catch (e) {
        failure = e;
        goOn = false;
      }
      if (!goOn) {
        if (failure === null) stopped = true;
        if (!finishQuietly()) break;
        await rest();
      }
    }
  } finally {
    input.destroy();
  }
  if (failure !== null) throw failure;
  if (!internals.model) throw new IncompletePass('workbook part (xl/workbook.xml)');
  const sheetNames = (internals.model.sheets ?? []).map((s) => s.name);
  if (!stopped) {
    if (sheetNames.length === 0) throw new Error('it has no worksheets');
    const missing = sheetNames.filter((n) => wantSheet(n) && !seen.has(n));
    if (missing.length > 0) throw new IncompletePass(`sheet ${missing.map((n) => `"${n}"`).join(', ')}`);
  }
  return { sheetNames, stopped };
}

function checkComplete(wb: ReaderInternals): IncompletePass | null {
  if (!wb.model) return new IncompletePass('workbook part (xl/workbook.xml)');
  if (!wb.workbookRels) return new IncompletePass('relationships (xl/_rels/workbook.xml.rels)');
  const hasSharedStrings = wb.workbookRels.some((r) => /\/sharedStrings$/.test(r.Type ?? '') || /sharedStrings\.xml$/.test(r.Target ?? ''));
  if (hasSharedStrings && !wb.sharedStrings) return new IncompletePass('shared strings (xl/sharedStrings.xml)');
  return null;
}

async function drain(it: AsyncIterator<unknown>): Promise<void> {
  while (!(await it.next()).done) {
    // discard
  }
}

/** Wraps an exception thrown by the caller's callback so it is rethrown untouched. */
class VisitorError extends Error {
  constructor(readonly inner: unknown) {
    super('visitor error');
  }
}

/** Parses one worksheet's XML; returns false when the visitor asked to stop or on abort. */
async function readSheet(sheetName: string, chunks: AsyncIterable<unknown>, wb: ReaderInternals, visitor: SheetVisitor, signal?: AbortSignal): Promise<boolean> {
  const date1904 = Boolean(wb.properties?.date1904);
  let inSheetData = false;
  let rowNumber = 0;
  let lastRowNumber = 0;
  let fields: string[] | null = null;
  let nextCol = 0; // 0-based column for a <c> without an r attribute
  // current cell
  let cell: { col: number; t: string; s: number; v: string | null; inline: string | null; hasF: boolean } | null = null;
  let capture: 'v' | 't' | null = null;
  let inRph = 0;

  for await (const events of parseSax(chunks)) {
    for (const ev of events) {
      if (ev.eventType === 'opentag') {
        const { name, attributes } = ev.value;
        if (name === 'sheetData') inSheetData = true;
        else if (!inSheetData) continue;
        else if (name === 'row') {
          const r = attributes.r ? parseInt(attributes.r, 10) : NaN;
          rowNumber = Number.isFinite(r) ? r : lastRowNumber + 1;
          fields = [];
          nextCol = 0;
        } else if (name === 'c' && fields) {
          const col = attributes.r ? columnIndex(attributes.r) : nextCol;
          cell = { col: col >= 0 ? col : nextCol, t: attributes.t ?? 'n', s: attributes.s ? parseInt(attributes.s, 10) : 0, v: null, inline: null, hasF: false };
          nextCol = cell.col + 1;
        } else if (cell) {
          if (name === 'v') {
            capture = 'v';
            cell.v = '';
          } else if (name === 'f') cell.hasF = true;
          else if (name === 'rPh') inRph++;
          else if (name === 't' && inRph === 0) {
            capture = 't';
            if (cell.inline === null) cell.inline = '';
          }
        }
      } else if (ev.eventType === 'text') {
        if (cell && capture === 'v') cell.v += ev.value;
        else if (cell && capture === 't') cell.inline += ev.value;
      } else {
        const { name } = ev.value;
        if (name === 'sheetData') inSheetData = false;
        else if (name === 'v' || name === 't') capture = null;
        else if (name === 'rPh') inRph = Math.max(0, inRph - 1);
        else if (name === 'c' && cell && fields) {
          const text = cellText(cell, wb, date1904);
          if (text !== '') {
            while (fields.length < cell.col) fields.push('');
            fields[cell.col] = text;
          }
          cell = null;
          capture = null;
          inRph = 0;
        } else if (name === 'row' && fields) {
          lastRowNumber = rowNumber;
          const row = fields;
          fields = null;
          let goOn: boolean;
          try {
            goOn = visitor.row(sheetName, rowNumber, row);
          } catch (e) {
            throw new VisitorError(e);
          }
          if (!goOn) return false;
          if (signal?.aborted) return false;
        }
      }
    }
    if (signal?.aborted) return false;
  }
  return true;
}

/** "AB12" → 27 (0-based column index); -1 when the reference has no letters. */
function columnIndex(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) & ~0x20; // upper-case
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return i === 0 ? -1 : n - 1;
}

/** Excel escapes control characters in strings as _xHHHH_. */
function unescapeOoxml(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}

function sharedText(value: SharedString | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return value.richText.map((r) => r.text ?? '').join('');
}

function cellText(cell: { t: string; s: number; v: string | null; inline: string | null }, wb: ReaderInternals, date1904: boolean): string {
  switch (cell.t) {
    case 's': {
      if (cell.v === null) return '';
      return unescapeOoxml(sharedText(wb.sharedStrings?.[parseInt(cell.v, 10)]));
    }
    case 'inlineStr':
      return unescapeOoxml(cell.inline ?? cell.v ?? '');
    case 'str':
      return unescapeOoxml(cell.v ?? cell.inline ?? '');
    case 'e':
      return (cell.v ?? '').trim();
    case 'b':
      return cell.v === null || cell.v.trim() === '' ? '' : Number(cell.v) !== 0 ? 'TRUE' : 'FALSE';
    case 'd':
      return isoDateText(cell.v ?? '');
    default: {
      if (cell.v === null || cell.v.trim() === '') return '';
      const n = Number(cell.v.trim());
      if (!Number.isFinite(n)) return cell.v.trim();
      const fmt = cell.s ? (wb.styles.getStyleModel(cell.s)?.numFmt ?? 'General') : 'General';
      return formatNumber(n, fmt, date1904);
    }
  }
}

function isoDateText(v: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(v.trim());
  if (!m) return v.trim();
  const date = `${m[3]}/${m[2]}/${m[1]}`;
  return m[4] && (m[4] !== '00' || m[5] !== '00') ? `${date} ${m[4]}:${m[5]}` : date;
}

// ---------------------------------------------------------------------------------------------
// Number formats

/** The format code with quoted text, [..] blocks and escaped characters removed. */
function bareFormat(section: string): string {
  return section
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*]/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '')
    .replace(/\*./g, '');
}

function splitSections(fmt: string): string[] {
  const sections: string[] = [];
  let current = '';
  let inQuote = false;
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === '"') inQuote = !inQuote;
    if (!inQuote && (ch === '\\' || ch === '_' || ch === '*') && i + 1 < fmt.length) {
      current += ch + fmt[i + 1];
      i++;
      continue;
    }
    if (ch === ';' && !inQuote) {
      sections.push(current);
      current = '';
    } else current += ch;
  }
  sections.push(current);
  return sections;
}

function isDateSection(section: string): boolean {
  return /[dmyhs]/i.test(bareFormat(section).replace(/General/gi, '').replace(/E[+-]/gi, ''));
}

/** Formats an Excel number as Excel would display it under `fmt` (the parts that matter here). */
export function formatNumber(n: number, fmt: string, date1904 = false): string {
  if (!fmt || /^general$/i.test(fmt.trim()) || fmt.trim() === '@') return generalText(n);
  const sections = splitSections(fmt);
  if (isDateSection(sections[0])) return dateTextFromSerial(n, sections[0], date1904);
  let section = sections[0];
  let negativeSign = n < 0;
  if (n < 0 && sections.length >= 2 && sections[1] !== '') {
    section = sections[1];
    negativeSign = false; // the negative section writes its own sign
  } else if (n === 0 && sections.length >= 3 && sections[2] !== '') {
    section = sections[2];
  }
  const body = formatSection(Math.abs(n), section);
  if (body === null) return generalText(n);
  return negativeSign && /[1-9]/.test(body) ? `-${body}` : body;
}

/** One section of a number format: literals around a single #,##0.00-style placeholder. */
function formatSection(abs: number, section: string): string | null {
  let out = '';
  let placeholder = '';
  let placed = false;
  let percent = 0;
  let i = 0;
  const literals: { before: string; after: string } = { before: '', after: '' };
  while (i < section.length) {
    const ch = section[i];
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      const text = end === -1 ? section.slice(i + 1) : section.slice(i + 1, end);
      out += text;
      i = end === -1 ? section.length : end + 1;
    } else if (ch === '\\' && i + 1 < section.length) {
      out += section[i + 1];
      i += 2;
    } else if (ch === '_' && i + 1 < section.length) {
      out += ' ';
      i += 2;
    } else if (ch === '*' && i + 1 < section.length) {
      i += 2;
    } else if (ch === '[') {
      const end = section.indexOf(']', i);
      const inner = end === -1 ? '' : section.slice(i + 1, end);
      const currency = /^\$([^-\]]*)/.exec(inner);
      if (currency) out += currency[1];
      i = end === -1 ? section.length : end + 1;
    } else if (/[0#?.,]/.test(ch)) {
      if (placed) {
        // a second placeholder run (fractions, etc.): not supported
        if (/[0#?]/.test(ch)) return null;
        out += ch;
        i++;
        continue;
      }
      literals.before = out;
      out = '';
      while (i < section.length && /[0#?.,]/.test(section[i])) placeholder += section[i++];
      placed = true;
    } else if (ch === '%') {
      percent++;
      out += ch;
      i++;
    } else if (ch === 'E' || ch === 'e' || ch === '/' || ch === '@') {
      return null;
    } else {
      out += ch;
      i++;
    }
  }
  if (!placed) return out;
  literals.after = out;
  // trailing commas scale by 1000 each
  let scale = 0;
  while (placeholder.endsWith(',')) {
    scale++;
    placeholder = placeholder.slice(0, -1);
  }
  const dot = placeholder.indexOf('.');
  const intPart = dot === -1 ? placeholder : placeholder.slice(0, dot);
  const fracPart = dot === -1 ? '' : placeholder.slice(dot + 1);
  const thousands = intPart.includes(',');
  const minInt = (intPart.match(/0/g) ?? []).length;
  const minFrac = (fracPart.match(/0/g) ?? []).length;
  const maxFrac = (fracPart.match(/[0#?]/g) ?? []).length;
  const digits = decimalDigits(abs, percent * 2 - scale * 3);
  const [i0, f0] = roundDecimal(digits, maxFrac);
  let intText = i0.replace(/^0+/, '');
  while (intText.length < minInt) intText = `0${intText}`;
  if (thousands) intText = intText.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let fracText = f0;
  while (fracText.length > minFrac && fracText.endsWith('0')) fracText = fracText.slice(0, -1);
  let number = intText;
  if (fracText !== '' || (dot !== -1 && minFrac > 0)) number = `${intText}.${fracText}`;
  else if (dot !== -1 && maxFrac === 0) number = `${intText}.`;
  return literals.before + number + literals.after;
}

/** Decimal digits of `abs` × 10^shift as [integer part, fraction part], at Excel's 15 significant digits. */
function decimalDigits(abs: number, shift: number): [string, string] {
  const s = plainDecimal(Number(abs.toPrecision(15)));
  let [ip, fp = ''] = s.split('.');
  if (shift > 0) {
    fp = fp.padEnd(shift, '0');
    ip += fp.slice(0, shift);
    fp = fp.slice(shift);
  } else if (shift < 0) {
    ip = ip.padStart(-shift + 1, '0');
    fp = ip.slice(ip.length + shift) + fp;
    ip = ip.slice(0, ip.length + shift);
  }
  return [ip.replace(/^0+(?=\d)/, '') || '0', fp];
}

/** Rounds a decimal (integer, fraction digits) to `places` fraction digits, half away from zero. */
function roundDecimal([ip, fp]: [string, string], places: number): [string, string] {
  if (fp.length <= places) return [ip, fp.padEnd(places, '0')];
  const keep = ip + fp.slice(0, places);
  const roundUp = fp.charCodeAt(places) >= 53; // '5'
  let digits = keep;
  if (roundUp) {
    const arr = digits.split('');
    let k = arr.length - 1;
    while (k >= 0) {
      if (arr[k] === '9') {
        arr[k] = '0';
        k--;
      } else {
        arr[k] = String.fromCharCode(arr[k].charCodeAt(0) + 1);
        break;
      }
    }
    digits = (k < 0 ? '1' : '') + arr.join('');
  }
  const intLen = digits.length - places;
  return [digits.slice(0, intLen) || '0', digits.slice(intLen)];
}

/** A finite number as a plain decimal string (no exponent). */
function plainDecimal(n: number): string {
  const s = String(Math.abs(n));
  const m = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const digits = m[1] + (m[2] ?? '');
  const exp = parseInt(m[3], 10) - (m[2]?.length ?? 0);
  if (exp >= 0) return digits + '0'.repeat(exp);
  const pad = digits.padStart(-exp + 1, '0');
  return `${pad.slice(0, pad.length + exp)}.${pad.slice(pad.length + exp)}`;
}

/** General format: the number at Excel's 15 significant digits, without float noise. */
function generalText(n: number): string {
  if (n === 0) return '0';
  const rounded = Number(n.toPrecision(15));
  const abs = Math.abs(rounded);
  const text = abs >= 1e-9 && abs < 1e21 ? plainDecimal(rounded) : String(abs).toUpperCase();
  return rounded < 0 ? `-${text}` : text;
}

/**
 * Civil date of an Excel serial. 1900 system: serial 1 = 01/01/1900 and serial 60 is the
 * non-existent 29/02/1900 (Lotus's leap-year bug, kept by Excel); 1904 system: serial 0 =
 * 01/01/1904. Returns [year, month, day, minutes into the day].
 */
export function excelSerialToParts(serial: number, date1904 = false): [number, number, number, number] {
  let days = Math.floor(serial);
  const minutes = Math.round((serial - days) * 1440);
  if (minutes >= 1440) days += 1;
  const mins = minutes % 1440;
  if (!date1904) {
    if (days === 60) return [1900, 2, 29, mins];
    // serials 1–59 count from 31/12/1899; from 61 on, one phantom day (29/02/1900) is skipped
    const base = days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
    const d = new Date(base + days * 86_400_000);
    return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), mins];
  }
  const d = new Date(Date.UTC(1904, 0, 1) + days * 86_400_000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), mins];
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function dateTextFromSerial(serial: number, section: string, date1904: boolean): string {
  if (serial < 0 || !Number.isFinite(serial)) return generalText(serial);
  const [y, m, d, mins] = excelSerialToParts(serial, date1904);
  const bare = bareFormat(section).toLowerCase();
  const hasDate = /[dy]/.test(bare) || /m/.test(bare.replace(/h[^a-z]*m+|m+[^a-z]*s/g, ''));
  const hasTime = /[hs]/.test(bare);
  const time = `${pad2(Math.floor(mins / 60))}:${pad2(mins % 60)}`;
  if (!hasDate) return hasTime ? time : generalText(serial);
  const date = `${pad2(d)}/${pad2(m)}/${String(y).padStart(4, '0')}`;
  return hasTime && mins !== 0 ? `${date} ${time}` : date;
}

// ---------------------------------------------------------------------------------------------

/** Every worksheet in workbook order, with how many rows hold data. */
export async function listSheets(file: string): Promise<XlsxSheetInfo[]> {
  const counts = new Map<string, number>();
  const { sheetNames } = await walkWorkbook(
    file,
    () => true,
    {
      row(sheet, _rowNumber, fields) {
        if (fields.some((f) => f.trim() !== '')) counts.set(sheet, (counts.get(sheet) ?? 0) + 1);
        return true;
      },
    },
    undefined,
    () => counts.clear(),
  );
  return sheetNames.map((name) => {
    const rows = counts.get(name) ?? 0;
    return { name, rows, hasData: rows > 0 };
  });
}

/**
 * Streams one worksheet, calling `onRecord` synchronously for each row present in the sheet
 * XML (rows missing from the XML are not emitted; row numbers are the sheet's own).
 */
export async function readXlsxRecords(
  file: string,
  onRecord: (r: XlsxRecord) => void,
  options: XlsxReadOptions = {},
): Promise<{ records: number; aborted: boolean; sheet: string }> {
  let target = options.sheet;
  if (options.signal?.aborted) return { records: 0, aborted: true, sheet: target ?? '' };
  if (target === undefined) {
    const sheets = await listSheets(file);
    const first = sheets.find((s) => s.hasData) ?? sheets[0];
    if (!first) throw notWorkbook(file, 'it has no worksheets');
    target = first.name;
  }
  if (options.signal?.aborted) return { records: 0, aborted: true, sheet: target };
  let records = 0;
  let rowsDone = 0;
  let limitReached = false;
  const wanted = target;
  const { sheetNames, stopped } = await walkWorkbook(
    file,
    (name) => name === wanted,
    {
      row(sheet, rowNumber, fields) {
        rowsDone++;
        records++;
        onRecord({ line: rowNumber, excelRow: rowNumber, sheet, fields });
        if (options.onProgress && rowsDone % PROGRESS_EVERY === 0) options.onProgress(rowsDone);
        if (options.maxRecords !== undefined && records >= options.maxRecords) {
          limitReached = true;
          return false;
        }
        return true;
      },
    },
    options.signal,
  );
  if (!stopped && !sheetNames.includes(wanted)) {
    throw new Error(`There is no sheet called "${wanted}" in ${file}. Its sheets are: ${sheetNames.map((n) => `"${n}"`).join(', ')}.`);
  }
  options.onProgress?.(rowsDone);
  return { records, aborted: Boolean(options.signal?.aborted) || limitReached, sheet: wanted };
}
