import { IMPORTABLE_SOURCES, fileColumns, type ImportableSource } from '../sources/catalog';
import { normaliseHeader } from './headerMatching';

export interface SourceGuess {
  source: ImportableSource;
  /** 0–1: how sure the guess is. */
  confidence: number;
  reasons: string[];
}

export interface FilePeek {
  name: string;
  /** The first line or header cells of a tabular file; empty for others. */
  headers: string[];
  /** The first few kilobytes of a text file, decoded; empty for binary formats. */
  text: string;
  kind: 'csv' | 'xlsx' | 'pdf' | 'text';
}

const NAME_HINTS: [ImportableSource, RegExp][] = [
  ['accounts', /academy|account|recover/i],
  ['fdm_bills', /fdm|bill|print/i],
  ['fdm_exemptions', /exempt/i],
  ['working_age_ctr', /ctr|reduction|working/i],
  ['valuation_office_bands', /valuation|vo[_ -]?band/i],
  ['vo_bands_breakdown', /breakdown|precept/i],
  ['direct_debit_discrepancies', /direct[_ -]?debit|dd[_ -]?disc|discrepanc/i],
  ['cash_payments', /cash[_ -]?pay|payments/i],
  ['death_list', /death|deceased/i],
];

/**
 * Proposes which of the sources a file is, from its name and its headers (or, for text files,
 * its layout), best first. The officer confirms; nothing is imported on a guess alone.
 */
export function recogniseSource(peek: FilePeek): SourceGuess[] {
  const scores = new Map<ImportableSource, { score: number; reasons: string[] }>();
  const add = (s: ImportableSource, score: number, reason: string) => {
    const e = scores.get(s) ?? { score: 0, reasons: [] };
    e.score += score;
    e.reasons.push(reason);
    scores.set(s, e);
  };
  for (const [source, re] of NAME_HINTS) if (re.test(peek.name)) add(source, 0.3, `the file name "${peek.name}"`);

  if (peek.kind === 'pdf') add('death_list', 0.6, 'it is a PDF report');
  if (peek.kind === 'text' || peek.kind === 'csv') {
    const t = peek.text;
    if (/THIS PROPERTY IS IN BAND/i.test(t) && /exempt/i.test(t)) add('fdm_exemptions', 0.7, 'it reads like exemption notices');
    else if (/Total Charge for Period|INSTALMENTS|PAYMENTS OF/i.test(t) && /\|\s*$/m.test(t)) add('fdm_bills', 0.7, 'it reads like print-house bills');
    if (/name of deceased|date of death/i.test(t)) add('death_list', 0.7, 'it lists deaths');
  }
  if (peek.headers.length) {
    const norm = new Set(peek.headers.map(normaliseHeader));
    for (const def of Object.values(IMPORTABLE_SOURCES)) {
      if (def.format !== 'tabular') continue;
      const cols = fileColumns(def);
      const matched = cols.filter((c) => norm.has(normaliseHeader(c.name))).length;
      if (matched === 0) continue;
      // Share of the source's columns present, and of the file's headers explained.
      const coverage = matched / cols.length;
      const explained = matched / peek.headers.length;
      add(def.name as ImportableSource, 0.7 * Math.min(coverage, explained) + 0.3 * coverage, `${matched} of its ${peek.headers.length} column headers are ${def.label} columns`);
    }
  }
  return [...scores.entries()]
    .map(([source, e]) => ({ source, confidence: Math.min(1, Math.round(e.score * 100) / 100), reasons: e.reasons }))
    .sort((a, b) => b.confidence - a.confidence);
}
