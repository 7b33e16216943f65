import { parseAccountNumber } from '../values/accountNumber';
import { parseBand } from '../values/band';
import { parseDate } from '../values/dates';
import { formatPounds, parseMoney } from '../values/money';
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
} as const;

function validateCell(def: ColumnDef, raw: string): { value: StagedValue; rule?: keyof typeof CELL_RULES; expected?: string } {
  const text = raw.trim();
  switch (def.type) {
    case 'text':
      return { value: text };
    case 'account': {
      const r = parseAccountNumber(text);
      if (r.kind === 'ok') return { value: r.account };
      if (r.kind === 'none') return def.key ? { value: null, rule: 'MISSING_KEY' } : { value: null };
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
      if (r.kind === 'none') return { value: '' };
      return { value: text, rule: 'BAD_BAND', expected: 'one letter from A to H' };
    }
  }
}

/**
 * Turns the raw cells of one record into staged values. `cellFor(i)` gives the raw text for
 * canonical column i, or undefined when the file has no column for it (stored as null).
 * A cell that cannot be read keeps its trimmed text and raises an error finding.
 */
export function validateRow(def: SourceDef, cellFor: (columnIndex: number) => string | undefined): ValidatedRow {
  const values: StagedValue[] = [];
  const findings: CellFinding[] = [];
  def.columns.forEach((c, i) => {
    const raw = cellFor(i);
    if (raw === undefined) {
      values.push(null);
      if (c.key) findings.push({ column: i, rule: 'MISSING_KEY', severity: 'error', raw: '', message: CELL_RULES.MISSING_KEY });
      return;
    }
    const { value, rule, expected } = validateCell(c, raw);
    values.push(value);
    if (rule) {
      const shown = raw.trim();
      const message =
        rule === 'MISSING_KEY'
          ? CELL_RULES.MISSING_KEY
          : `${c.label} "${shown}" could not be read: expected ${expected}. The row is flagged until it is corrected.`;
      findings.push({ column: i, rule, severity: 'error', raw: shown, message });
    }
  });
  return { values, findings };
}

/** How a staged value is printed in exports and grids: pounds for money, ISO for dates. */
export function formatStagedValue(def: ColumnDef, value: StagedValue): string {
  if (value === null) return '';
  if (def.type === 'money' && typeof value === 'number') return formatPounds(value);
  return String(value);
}
