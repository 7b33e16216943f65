import type { MappingProposalView } from '../../../shared/api/contract';
import type { SourceDef } from '../../../shared/sources/catalog';
import { describeEncoding, sniffFile } from './fileSniff';
import { suggestRun } from './printImport';

/**
 * Print files and the deaths report have a fixed layout: nothing to map. The view still tells
 * the officer how the file was read, and for bill files which print run it looks like.
 */
export async function inspectTextSource(file: string, displayName: string, def: SourceDef): Promise<MappingProposalView> {
  const isPdf = def.format === 'death_list' && /\.pdf$/i.test(displayName);
  const facts = isPdf ? null : await sniffFile(file, displayName);
  return {
    format: def.format,
    suggestedRun: def.format === 'fdm_bills' ? suggestRun(displayName) : null,
    sheets: [],
    sheet: null,
    encoding: facts ? describeEncoding(facts) : 'PDF',
    bom: facts?.bom ?? false,
    lineEnding: facts?.lineEnding ?? 'none',
    headers: [],
    mapping: [],
    origin: [],
    missing: [],
    problems: [],
    sampleRows: [],
    columns: def.columns.map((c) => ({ name: c.name, label: c.label, type: c.type, required: !!c.required })),
  };
}
