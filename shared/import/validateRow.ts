import { parseAccountNumber } from '../values/accountNumber';
import { parseBand } from '../values/band';
import { parseDate } from '../values/dates';
import { formatPounds, parseMoney } from '../values/money';
import { isNoValue } from '../values/noValue';
import type { ColumnDef, SourceDef } from '../sources/catalog';

/** A staged cell: text, ISO date text, integer pence, or null for no value / no column. */
export type StagedValue = string | number | null;

export interface CellFinding {
  /** Index into the source's canonical columns. */
  column: number;
  rule: string;
  severity: 'error' | 'warning';
  raw: string;
  message: string;
}

export interface ValidatedRow {
  values: StagedValue[];
  findings: CellFinding[];
}

/** Rule codes raised by cell validation, with what an officer should read about them. */
export const CELL_RULES = {
  MISSING_KEY: 'The row has no account number, so it cannot be matched to anything.',
  BAD_ACCOUNT_NUMBER: 'An account number must be 3 followed by 7 or 8 digits, optionally ending in X.',
  BAD_MONEY: 'Amounts must be pounds and pence, such as 1,234.56 or £1,234.56.',
  BAD_DATE: 'Dates must be real calendar dates, written day first, such as 04/05/2020 or 04-MAY-2020.',
  BAD_BAND: 'A band must be one letter from A to H.',
  BAD_NUMBER: 'This column holds a number, such as 6 or 0.',
  BAD_PERCENT: 'This column holds a percentage with at most two decimal places, such as 1.99.',
} as const;

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const DECIMAL2 = /^(-)?(\d+)(?:\.(\d{1,2}))?%?$/;

/** `1.99` → 199 hundredths; at most two decimal places, exact. */
export function parseDecimal2(text: string): number | null {
  const m = DECIMAL2.exec(text.replace(/\s+/g, ''));
  if (!m) return null;
  const value = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] && value !== 0 ? -value : value;
}

export function formatDecimal2(hundredths: number): string {
  return formatPounds(hundredths);
}

function validateCell(def: ColumnDef, raw: string): { value: StagedValue; rule?: keyof typeof CELL_RULES; expected?: string } {
  const text = raw.trim();
  switch (def.type) {
    case 'text':
    case 'list':
      return { value: text };
    case 'money_text': {
      // Kept as received: officers compare the text; the derived value column holds the amount.
      const r = parseMoney(text);
      if (r.kind === 'bad') return { value: text, rule: 'BAD_MONEY', expected: `an amount such as £1,234.56 (${r.reason})` };
      return { value: text };
    }
    case 'account': {
      const r = parseAccountNumber(text);
      if (r.kind === 'ok') return { value: r.account };
      if (r.kind === 'none') return def.key || def.required ? { value: null, rule: 'MISSING_KEY' } : { value: null };
      return { value: text, rule: 'BAD_ACCOUNT_NUMBER', expected: '3 followed by 7 or 8 digits, optionally ending in X' };
    }
    case 'money': {
      const r = parseMoney(text);
      if (r.kind === 'ok') return { value: r.pence };
      if (r.kind === 'none') return { value: null };
      return { value: text, rule: 'BAD_MONEY', expected: `an amount such as £1,234.56 (${r.reason})` };
    }
    case 'date': {
      const r = parseDate(text);
      if (r.kind === 'ok') return { value: r.iso };
      if (r.kind === 'none') return { value: null };
      return { value: text, rule: 'BAD_DATE', expected: `a date such as 04/05/2020 (${r.reason})` };
    }
    case 'band': {
      const r = parseBand(text);
      if (r.kind === 'ok') return { value: r.band };
      if (r.kind === 'none') return def.key || def.required ? { value: '', rule: 'BAD_BAND', expected: 'one letter from A to H' } : { value: '' };
      return { value: text, rule: 'BAD_BAND', expected: 'one letter from A to H' };
    }
    case 'number': {
      if (isNoValue(text)) return { value: null };
      return NUMBER.test(text) ? { value: text } : { value: text, rule: 'BAD_NUMBER', expected: 'a number such as 6 or 0' };
    }
    case 'decimal2': {
      if (isNoValue(text)) return { value: null };
      const v = parseDecimal2(text);
      return v === null ? { value: text, rule: 'BAD_PERCENT', expected: 'a percentage such as 1.99' } : { value: v };
    }
  }
}

/**
 * Checks one value an officer typed for a column by the same rules as an import. Returns the
 * staged value, or the message an import would have given (an empty key is refused too).
 */
export function validateCellValue(def: ColumnDef, raw: string): { ok: true; value: StagedValue } | { ok: false; rule: string; message: string } {
  const { value, rule, expected } = validateCell(def, raw);
  if (!rule) {
    if ((def.key || def.required) && (value === null || value === '')) return { ok: false, rule: 'MISSING_KEY', message: `${def.label} cannot be empty.` };
    return { ok: true, value };
  }
  if (rule === 'MISSING_KEY') return { ok: false, rule, message: `${def.label} cannot be empty.` };
  return { ok: false, rule, message: `${def.label} "${raw.trim()}" could not be read: expected ${expected}.` };
}

/**
 * Turns the raw cells of one record into staged values. `cellFor(i)` gives the raw text for
 * canonical column i, or undefined when the file has no column for it (stored as null).
 * A cell that cannot be read keeps its trimmed text and raises an error finding.
 */
export function validateRow(def: SourceDef, cellFor: (columnIndex: number) => string | undefined): ValidatedRow {
  const values: StagedValue[] = [];
  const findings: CellFinding[] = [];
  const indexOf = new Map(def.columns.map((c, i) => [c.name, i]));
  def.columns.forEach((c, i) => {
    if (c.derivedFrom) {
      // Derived money value of a text column; a bad text was reported on its own column.
      const raw = cellFor(indexOf.get(c.derivedFrom)!);
      const r = raw === undefined ? null : parseMoney(raw);
      values.push(r && r.kind === 'ok' ? r.pence : null);
      return;
    }
    const raw = cellFor(i);
    if (raw === undefined) {
      values.push(null);
      if (c.key || (c.required && c.type === 'account')) findings.push({ column: i, rule: 'MISSING_KEY', severity: 'error', raw: '', message: CELL_RULES.MISSING_KEY });
      return;
    }
    const { value, rule, expected } = validateCell(c, raw);
    values.push(value);
    if (rule) {
      const shown = raw.trim();
      const message =
        rule === 'MISSING_KEY'
          ? `${c.label} is empty, so the row cannot be matched to anything. The row is flagged until it is corrected.`
          : `${c.label} "${shown}" could not be read: expected ${expected}. The row is flagged until it is corrected.`;
      findings.push({ column: i, rule, severity: 'error', raw: shown, message });
    }
  });
  return { values, findings };
}

/** How a staged value is printed in exports and grids: pounds for money, ISO for dates. */
export function formatStagedValue(def: ColumnDef, value: StagedValue): string {
  if (value === null) return '';
  if ((def.type === 'money' || def.type === 'decimal2') && typeof value === 'number') return formatPounds(value);
  return String(value);
}
