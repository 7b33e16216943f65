/** Tokens that mean "no value" in money and date cells (sources.md, "Values"). */
const NO_VALUE_TOKENS = new Set(['', '#N/A', 'N/A', '-']);

export function isNoValue(text: string): boolean {
  return NO_VALUE_TOKENS.has(text.trim().toUpperCase());
}
