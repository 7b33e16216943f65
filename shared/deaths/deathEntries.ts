// Death-list entries (sources.md §8): from the registration service's PDF report, as text lines
// (electron/core/import/pdfText.ts), or from its pipe-separated text export. Pure: no Node.
//
// Conventions (EXPECTED.md choice 22/23):
// * `reference` is the entry's position in the report, 1-based, counting the entries read:
//   an unreadable entry is a problem, not an entry, and takes no number; a repeated entry keeps
//   its number (entry 4 of the sample repeats entry 2: it is reference 4, skipped on load).
// * Text export: `line` is the file line (line ends counted from 1, CRLF = one line end) and
//   `page` null. PDF: `page` is the page the entry starts on and `line` the line on that page
//   as extracted (top to bottom, 1-based, empty lines not counted).
import { parseDate } from '../values/dates';

export interface DeathEntry {
  /** Position in the report, 1-based, counting entries read. */
  reference: number;
  names: string;
  /** ISO date `YYYY-MM-DD`. */
  date_of_death: string;
  address: string;
  line: number | null;
  page: number | null;
}

export interface PdfDeathProblem {
  page: number;
  line: number;
  message: string;
}

export interface TextDeathProblem {
  page: null;
  line: number;
  message: string;
}

export type DeathProblem = PdfDeathProblem | TextDeathProblem;

export interface DeathLine {
  page: number;
  text: string;
}

export interface PdfDeathParse {
  entries: DeathEntry[];
  problems: PdfDeathProblem[];
}

export interface TextDeathParse {
  entries: DeathEntry[];
  /** Lines that could not be read as an entry: reported, not staged. */
  problems: TextDeathProblem[];
  /** Lines skipped with a warning (a repeated header row). */
  warnings: TextDeathProblem[];
}

type Field = 'names' | 'date_of_death' | 'address';

const FIELD_LABEL: Record<Field, string> = {
  names: 'Name of Deceased',
  date_of_death: 'Date of Death',
  address: 'Usual Address',
};

// A label at the start of a line, optionally followed by a colon, then the value.
const LABELS: { field: Field; re: RegExp }[] = [
  { field: 'names', re: /^name\s+of\s+(?:the\s+)?deceased\b\s*:?\s*(.*)$/i },
  { field: 'date_of_death', re: /^date\s+of\s+death\b\s*:?\s*(.*)$/i },
  { field: 'address', re: /^(?:usual\s+)?address\b\s*:?\s*(.*)$/i },
];

/** An underscore (or dash / equals) rule between entries. */
const RULE = /^[_\-=\s]{5,}$/;
const PAGE_OF = /\bpage\s+\d+\s+of\s+\d+\b/i;
const CONFIDENTIAL = /^confidential\b/i;
const REPORT_DATE = /^date\s+of\s+report\b/i;
/** How many lines at the top of a page may belong to its header. */
const HEADER_WINDOW = 6;

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

function matchLabel(text: string): { field: Field; value: string } | null {
  for (const { field, re } of LABELS) {
    const m = re.exec(text);
    if (m) return { field, value: collapse(m[1]) };
  }
  return null;
}

/** Lines of a page that form its header: everything up to the last "page N of M" / report-date / CONFIDENTIAL line near the top. */
function headerLength(texts: string[]): number {
  let end = 0;
  const window = Math.min(texts.length, HEADER_WINDOW);
  for (let i = 0; i < window; i++) {
    const t = texts[i];
    if (matchLabel(t)) break;
    if (CONFIDENTIAL.test(t) || REPORT_DATE.test(t) || PAGE_OF.test(t)) end = i + 1;
  }
  return end;
}

interface Draft {
  page: number;
  line: number;
  values: Partial<Record<Field, string>>;
  last: Field | null;
  repeated: Field[];
}

/**
 * Entries of the PDF report's text lines. Page headers (CONFIDENTIAL, title, report date,
 * "page N of M") and footers with "page N of M" are ignored; entries end at an underscore rule,
 * at the next "Name of Deceased", or at the end of the report, so an entry that runs over a page
 * break is read whole (its `page` is the page it starts on). A line without a label inside an
 * entry continues the previous field (a wrapped address); text outside entries is ignored.
 */
export function parseDeathReportLines(lines: readonly DeathLine[]): PdfDeathParse {
  const entries: DeathEntry[] = [];
  const problems: PdfDeathProblem[] = [];
  // Declared through a cast so TypeScript does not narrow it to null (finish() resets it).
  let draft = null as Draft | null;

  const finish = (): void => {
    if (!draft) return;
    const d = draft;
    draft = null;
    const where = `Entry starting on page ${d.page}, line ${d.line}`;
    const missing = (Object.keys(FIELD_LABEL) as Field[]).filter((f) => !d.values[f]);
    if (d.repeated.length > 0) {
      problems.push({ page: d.page, line: d.line, message: `${where} gives ${d.repeated.map((f) => `"${FIELD_LABEL[f]}"`).join(' and ')} twice, so it cannot be read; check the report.` });
      return;
    }
    if (missing.length > 0) {
      problems.push({ page: d.page, line: d.line, message: `${where} has no ${missing.map((f) => `"${FIELD_LABEL[f]}"`).join(', ')}, so it cannot be read; check the report.` });
      return;
    }
    const rawDate = d.values.date_of_death as string;
    const date = parseDate(rawDate);
    if (date.kind !== 'ok') {
      problems.push({ page: d.page, line: d.line, message: `${where}: "Date of Death" "${rawDate}" is not a valid date (${date.kind === 'bad' ? date.reason : 'empty'}).` });
      return;
    }
    entries.push({
      reference: entries.length + 1,
      names: d.values.names as string,
      date_of_death: date.iso,
      address: d.values.address as string,
      line: d.line,
      page: d.page,
    });
  };

  // Group by page, keeping the order given.
  const pages = new Map<number, string[]>();
  for (const l of lines) {
    const list = pages.get(l.page) ?? [];
    list.push(l.text);
    pages.set(l.page, list);
  }

  for (const [page, rawTexts] of pages) {
    const texts = rawTexts.map((t) => t.trim());
    const skip = headerLength(texts);
    for (let i = skip; i < texts.length; i++) {
      const text = texts[i];
      const lineNo = i + 1;
      if (text === '') continue;
      if (RULE.test(text)) {
        finish();
        continue;
      }
      // A footer, or a header printed lower than expected.
      if (PAGE_OF.test(text) || CONFIDENTIAL.test(text) || REPORT_DATE.test(text)) continue;
      const label = matchLabel(text);
      if (label) {
        if (label.field === 'names' || !draft) {
          if (label.field === 'names') finish();
          if (!draft) draft = { page, line: lineNo, values: {}, last: null, repeated: [] };
        }
        const d: Draft = draft;
        if (d.values[label.field] !== undefined && label.field !== 'names') d.repeated.push(label.field);
        d.values[label.field] = label.value;
        d.last = label.field;
        continue;
      }
      if (draft) {
        const d: Draft = draft;
        if (d.last) {
          const before = d.values[d.last] ?? '';
          d.values[d.last] = collapse(`${before} ${text}`);
        }
      }
      // Text outside any entry (a report title, a total) is not part of the list.
    }
  }
  finish();
  return { entries, problems };
}

/** Splits text into lines: CRLF, LF and CR each end a line. */
function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
}

function unquote(field: string): string {
  const t = field.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/""/g, '"').trim();
  return t;
}

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '');

/** A header row names the fields instead of giving a date. */
function isHeader(fields: string[]): boolean {
  if (fields.length < 2) return false;
  const second = norm(fields[1]);
  return norm(fields[0]).includes('name') && (second.includes('date') || second.includes('death')) && parseDate(fields[1]).kind !== 'ok';
}

/**
 * Entries of the pipe-separated text export (`names|date|address`, header row first). Blank
 * lines are ignored; a repeated header row is skipped with a warning; a line that does not have
 * three fields, or whose name, date or address is missing or unreadable, is a problem (reported,
 * not an entry). `text` is the decoded file (the caller detects UTF-8 / Windows-1252).
 */
export function parseDeathListText(text: string): TextDeathParse {
  const entries: DeathEntry[] = [];
  const problems: TextDeathProblem[] = [];
  const warnings: TextDeathProblem[] = [];
  let headerSeen = false;
  const lines = splitLines(text);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const fields = raw.split('|').map(unquote);
    if (isHeader(fields)) {
      if (headerSeen) warnings.push({ page: null, line, message: `Line ${line} repeats the header row; skipped.` });
      headerSeen = true;
      return;
    }
    headerSeen = true;
    if (fields.length !== 3) {
      problems.push({ page: null, line, message: `Line ${line} has ${fields.length} field${fields.length === 1 ? '' : 's'} where 3 were expected (name|date of death|address), so it cannot be read.` });
      return;
    }
    const [names, rawDate, address] = fields;
    const missing = [names ? null : 'name', rawDate ? null : 'date of death', address ? null : 'address'].filter((x) => x !== null);
    if (missing.length > 0) {
      problems.push({ page: null, line, message: `Line ${line} has no ${missing.join(', ')}, so it cannot be read.` });
      return;
    }
    const date = parseDate(rawDate);
    if (date.kind !== 'ok') {
      problems.push({ page: null, line, message: `Line ${line}: date of death "${rawDate}" is not a valid date (${date.kind === 'bad' ? date.reason : 'empty'}).` });
      return;
    }
    entries.push({ reference: entries.length + 1, names: collapse(names), date_of_death: date.iso, address: collapse(address), line, page: null });
  });
  return { entries, problems, warnings };
}

export interface DeathKeyFields {
  names: string;
  date_of_death: string;
  address: string;
}

/** Case- and space-insensitive form of a field: lower case, NFC, all white space removed. */
function keyPart(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/\s+/g, '');
}

/**
 * The de-duplication key (sources.md: "same name, date and address"): each field compared
 * ignoring case and white space. Fields are joined with a separator that cannot occur in them.
 */
export function entryKey(e: DeathKeyFields): string {
  return [keyPart(e.names), e.date_of_death.trim(), keyPart(e.address)].join('\u0000');
}

export interface DuplicateEntry {
  entry: DeathEntry;
  /** Reference of the earlier entry in the same report; null when it repeats one loaded before. */
  firstReference: number | null;
}

/**
 * Splits entries into those to load and those that repeat an earlier one (in this report, or
 * among `alreadyLoaded`, e.g. entries staged from an earlier report). Order is kept.
 */
export function dedupeEntries(
  entries: readonly DeathEntry[],
  alreadyLoaded: Iterable<DeathKeyFields> = [],
): { kept: DeathEntry[]; duplicates: DuplicateEntry[] } {
  const seen = new Map<string, number | null>();
  for (const e of alreadyLoaded) seen.set(entryKey(e), null);
  const kept: DeathEntry[] = [];
  const duplicates: DuplicateEntry[] = [];
  for (const e of entries) {
    const key = entryKey(e);
    if (seen.has(key)) {
      duplicates.push({ entry: e, firstReference: seen.get(key) ?? null });
    } else {
      seen.set(key, e.reference);
      kept.push(e);
    }
  }
  return { kept, duplicates };
}
