export const BANDS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type Band = (typeof BANDS)[number];

export type BandParse = { kind: 'none' } | { kind: 'ok'; band: Band } | { kind: 'bad' };

export function parseBand(raw: string): BandParse {
  const text = raw.trim().toUpperCase();
  if (text === '') return { kind: 'none' };
  return (BANDS as readonly string[]).includes(text) ? { kind: 'ok', band: text as Band } : { kind: 'bad' };
}
