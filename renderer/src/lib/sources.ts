import { IMPORTABLE_SOURCE_NAMES, sourceDef, type ImportableSource } from '../../../shared/sources/catalog';

export function isImportableSource(source: string): source is ImportableSource {
  return (IMPORTABLE_SOURCE_NAMES as string[]).includes(source);
}

/** The officer-facing name of a source ("Academy accounts"), or the name itself if unknown. */
export function sourceLabel(source: string): string {
  return isImportableSource(source) ? sourceDef(source).label : source;
}
