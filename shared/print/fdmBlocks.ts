/**
 * Block splitting shared by the print-house ("FDM") readers (fdm-print-format.md, "Reading").
 * Pure: takes text already decoded (the files are ISO-8859-1; the caller decodes).
 *
 * Line numbers count line ends from 1: CRLF is one line end, a lone LF is one, and a form feed is
 * an ordinary character inside a line (it is removed from the line's content here).
 */

/** One content line of a block: its text without the `|` terminator, trimmed. */
export interface FdmLine {
  /** 1-based line number in the file. */
  line: number;
  /** Content with form feeds removed, one trailing `|` removed, trimmed. `''` for a `|`-only line. */
  text: string;
}

export interface FdmBlock {
  /** Line of the `----------` separator that opens the block (or of its first line if none). */
  line: number;
  /** Field lines (lines ending `|`), in order. Page headers and other noise are left out. */
  lines: FdmLine[];
  /** False for content found before the first separator. */
  opened: boolean;
}

export interface FdmProblem {
  line: number;
  rule: string;
  message: string;
}

const SEPARATOR = /^-{10,}\|?$/;

/** Splits decoded text into blocks. Lines that do not end with `|` (page headers) are dropped. */
export function splitFdmBlocks(text: string): FdmBlock[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rawLines = source.split(/\r?\n/);
  // A final line end does not start another line.
  if (rawLines.length > 0 && rawLines[rawLines.length - 1] === '') rawLines.pop();
  const blocks: FdmBlock[] = [];
  let current: FdmBlock | null = null;
  rawLines.forEach((raw, i) => {
    const lineNo = i + 1;
    const cleaned = raw.replace(/\f/g, '').trim();
    if (SEPARATOR.test(cleaned)) {
      current = { line: lineNo, lines: [], opened: true };
      blocks.push(current);
      return;
    }
    if (!cleaned.endsWith('|')) return; // page header, blank line, or a line cut off mid-way
    const content = cleaned.slice(0, -1).trim();
    if (current === null) {
      current = { line: lineNo, lines: [], opened: false };
      blocks.push(current);
    }
    current.lines.push({ line: lineNo, text: content });
  });
  return blocks;
}

/** `3` + 7–8 digits, optional `X`, then spaces and the bill number (the number may be cut off). */
const ACCOUNT_LINE = /^(3\d{7,8}[Xx]?)(?:\s+(\d+))?$/;
const ISSUE_DATE = /^\d{1,2}\s+[A-Za-z]+\s+\d{4}$/;

export function findAccountLine(lines: FdmLine[]): { index: number; account: string; billNumber: string } | null {
  for (let i = 0; i < lines.length; i++) {
    const m = ACCOUNT_LINE.exec(lines[i].text);
    if (m) return { index: i, account: m[1].toUpperCase(), billNumber: m[2] ?? '' };
  }
  return null;
}

/**
 * Names: the line after the issue-date line is the lead name, further lines up to the next
 * `|`-only line are additional names. A name line never starts with a digit, so a digit line
 * ends the group too (a missing separator must not turn an address into a name).
 */
export function readNames(lines: FdmLine[], stopAt: number): { lead: string; additional: string[]; end: number } {
  let start = -1;
  for (let i = 0; i < stopAt; i++) {
    if (ISSUE_DATE.test(lines[i].text)) {
      start = i + 1;
      break;
    }
  }
  if (start < 0) {
    // No readable issue date: names follow the period line (`|1 April 2020 to …|`) if present.
    const period = lines.findIndex((l, i) => i < stopAt && l.text.startsWith('|'));
    start = period >= 0 ? period + 1 : 0;
  }
  const names: string[] = [];
  let i = start;
  for (; i < stopAt; i++) {
    const t = lines[i].text;
    if (t === '' || /^\d/.test(t) || t.startsWith('|')) break;
    names.push(t);
  }
  // Step over the separator that ends the group.
  const end = i < stopAt && lines[i].text === '' ? i + 1 : i;
  return { lead: names[0] ?? '', additional: names.slice(1), end };
}
