/** The number printed on bills: `3` then 7 or 8 digits, optionally a trailing `X`. */
export const ACCOUNT_NUMBER = /^3\d{7,8}X?$/;

export type AccountParse = { kind: 'none' } | { kind: 'ok'; account: string } | { kind: 'bad' };

export function parseAccountNumber(raw: string): AccountParse {
  const text = raw.trim();
  if (text === '') return { kind: 'none' };
  // A lower-case x is the same account; spaces inside are not (they signal a mangled cell).
  const normalised = text.endsWith('x') ? `${text.slice(0, -1)}X` : text;
  return ACCOUNT_NUMBER.test(normalised) ? { kind: 'ok', account: normalised } : { kind: 'bad' };
}

/** Account-number order: by the digits as a number, then without `X` before with `X`. */
export function compareAccountNumbers(a: string, b: string): number {
  const da = a.replace(/X$/, '');
  const db = b.replace(/X$/, '');
  if (da.length !== db.length) return da.length - db.length;
  if (da !== db) return da < db ? -1 : 1;
  return Number(a.endsWith('X')) - Number(b.endsWith('X'));
}
