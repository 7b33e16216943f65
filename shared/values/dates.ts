import { isNoValue } from './noValue';

/** A calendar date as `YYYY-MM-DD`; never a Date object, so no time zone can shift it. */
export type IsoDate = string;

export type DateParse = { kind: 'none' } | { kind: 'ok'; iso: IsoDate } | { kind: 'bad'; reason: string };

const MONTHS: Record<string, number> = {
  JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12,
};

// An optional time part after the date: ` 00:00`, ` 00:00:00`, `T00:00:00.000Z`.
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}$`);
const ISO = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME}$`);
const DAY_MON_YEAR = new RegExp(String.raw`^(\d{1,2})-([A-Za-z]{3})-(\d{4})${TIME}$`);

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

export function toIsoDate(y: number, m: number, d: number): IsoDate | null {
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${y.toString().padStart(4, '0')}-${m.toString().padStart(2, '0')}-${d.toString().padStart(2, '0')}`;
}

/**
 * UK day-first always: `04/05/2020` is 4 May 2020. Accepts `DD/MM/YYYY`, `D/M/YYYY`,
 * `YYYY-MM-DD` and `DD-MON-YYYY`, each with an optional time part. Impossible dates are bad.
 */
export function parseDate(raw: string): DateParse {
  const text = raw.trim();
  if (isNoValue(text)) return { kind: 'none' };
  let y: number, m: number, d: number;
  let match = DAY_FIRST.exec(text);
  if (match) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = ISO.exec(text))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = DAY_MON_YEAR.exec(text))) {
    const month = MONTHS[match[2].toUpperCase()];
    if (!month) return { kind: 'bad', reason: `unknown month "${match[2]}"` };
    [d, m, y] = [Number(match[1]), month, Number(match[3])];
  } else {
    return { kind: 'bad', reason: 'not a date in a known format' };
  }
  const iso = toIsoDate(y, m, d);
  return iso ? { kind: 'ok', iso } : { kind: 'bad', reason: 'no such calendar date' };
}
