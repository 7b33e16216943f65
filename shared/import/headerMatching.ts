import { fileColumns, type SourceDef } from '../sources/catalog';

/** Case- and punctuation-insensitive form of a header: `Calculated 20/21 Charge` → `calculated2021charge`. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** For each header position, the canonical column it feeds, or null when it is kept unmapped. */
export type ColumnMapping = (string | null)[];

/** What an officer confirmed before: normalised header → canonical column (or null = keep unmapped). */
export type SavedMapping = Record<string, string | null>;

export interface MappingProposal {
  mapping: ColumnMapping;
  /** Where each position's choice came from. */
  origin: ('saved' | 'matched' | 'none')[];
  /** Canonical columns no header feeds. */
  missing: string[];
}

export function proposeMapping(headers: readonly string[], def: SourceDef, saved: SavedMapping = {}): MappingProposal {
  const columns = fileColumns(def);
  const canonicalByNorm = new Map(columns.map((c) => [normaliseHeader(c.name), c.name]));
  const taken = new Set<string>();
  const mapping: ColumnMapping = [];
  const origin: MappingProposal['origin'] = [];
  headers.forEach((h) => {
    const norm = normaliseHeader(h);
    const remembered = Object.prototype.hasOwnProperty.call(saved, norm) ? saved[norm] : undefined;
    if (remembered !== undefined && (remembered === null || columns.some((c) => c.name === remembered))) {
      if (remembered !== null && taken.has(remembered)) {
        mapping.push(null);
        origin.push('none');
        return;
      }
      mapping.push(remembered);
      origin.push('saved');
      if (remembered) taken.add(remembered);
      return;
    }
    const matched = canonicalByNorm.get(norm);
    if (matched && !taken.has(matched)) {
      mapping.push(matched);
      origin.push('matched');
      taken.add(matched);
    } else {
      mapping.push(null);
      origin.push('none');
    }
  });
  return { mapping, origin, missing: columns.filter((c) => !taken.has(c.name)).map((c) => c.name) };
}

export interface MappingProblem {
  column: string;
  message: string;
}

/** A mapping the import can use: every required column fed once, no column fed twice. */
export function checkMapping(headers: readonly string[], mapping: ColumnMapping, def: SourceDef): MappingProblem[] {
  const problems: MappingProblem[] = [];
  if (mapping.length !== headers.length) {
    problems.push({ column: '', message: `The mapping has ${mapping.length} entries but the file has ${headers.length} columns.` });
    return problems;
  }
  const seen = new Map<string, string>();
  const columns = fileColumns(def);
  mapping.forEach((target, i) => {
    if (target === null) return;
    if (!columns.some((c) => c.name === target)) {
      problems.push({ column: target, message: `"${target}" is not a column of ${def.label}.` });
      return;
    }
    const earlier = seen.get(target);
    if (earlier !== undefined) {
      problems.push({ column: target, message: `Both "${earlier}" and "${headers[i]}" are mapped to ${target}; choose one.` });
    }
    seen.set(target, headers[i]);
  });
  for (const c of columns) {
    if (c.required && !seen.has(c.name)) {
      problems.push({ column: c.name, message: `No column is mapped to ${c.name} (${c.label}), which every row needs.` });
    }
  }
  return problems;
}

/** The remembered form of a confirmed mapping. */
export function toSavedMapping(headers: readonly string[], mapping: ColumnMapping): SavedMapping {
  const saved: SavedMapping = {};
  headers.forEach((h, i) => {
    const norm = normaliseHeader(h);
    if (norm) saved[norm] = mapping[i] ?? null;
  });
  return saved;
}
