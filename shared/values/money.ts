import { isNoValue } from './noValue';

/** Money is always integer pence. These results never carry a float. */
export type MoneyParse =
  | { kind: 'none' }
  | { kind: 'ok'; pence: number }
  | { kind: 'bad'; reason: string };

const PLAIN = /^(\d+)(?:\.(\d{1,2}))?$/;
const GROUPED = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/;
const MAX_PENCE = Number.MAX_SAFE_INTEGER;

/**
 * Parses money as officers' files write it: `1234.56`, `1,234.56`, `£1,234.56`, `£ 1,234.56`,
 * `-£3.20`, `£-3.20`, `(£3.20)`. Empty, `#N/A`, `N/A` and `-` are "no value", never zero.
 * More than two decimal places is refused rather than rounded: pence must be exact.
 */
export function parseMoney(raw: string): MoneyParse {
  const text = raw.trim();
  if (isNoValue(text)) return { kind: 'none' };
  // Spaces may stand beside the sign, the pound sign and brackets (`£ 1,234.56`), never between digits.
  let s = text.replace(/\s*([£()-])\s*/g, '$1');
  if (/\s/.test(s)) return { kind: 'bad', reason: 'spaces inside the number' };
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-')) {
    if (negative) return { kind: 'bad', reason: 'two minus signs' };
    negative = true;
    s = s.slice(1);
  }
  if (s.startsWith('£')) s = s.slice(1);
  if (s.startsWith('-')) {
    if (negative) return { kind: 'bad', reason: 'two minus signs' };
    negative = true;
    s = s.slice(1);
  }
  const m = PLAIN.exec(s) ?? GROUPED.exec(s);
  if (!m) {
    if (/^\d*\.\d{3,}$/.test(s.replace(/,/g, ''))) return { kind: 'bad', reason: 'more than two decimal places' };
    return { kind: 'bad', reason: 'not an amount of money' };
  }
  const pounds = m[1].replace(/,/g, '');
  const pence = (m[2] ?? '').padEnd(2, '0');
  const value = Number(pounds) * 100 + Number(pence);
  if (!Number.isSafeInteger(value) || value > MAX_PENCE) return { kind: 'bad', reason: 'amount too large' };
  return { kind: 'ok', pence: negative && value !== 0 ? -value : value };
}

/** Pounds with two decimals and no separators: `1310.50`, `-18.23`. */
export function formatPounds(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`not a whole number of pence: ${pence}`);
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100);
  const rest = abs % 100;
  return `${sign}${pounds}.${rest.toString().padStart(2, '0')}`;
}

/** `£1,234.56` / `-£3.20`, for people. */
export function formatMoneyForDisplay(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}£${pounds}.${(abs % 100).toString().padStart(2, '0')}`;
}
