// Pure arithmetic of the per-account facts (billing-rules.md, "Facts derived per account", and
// derived update 5). Money is integer pence throughout; division rounds half-up (half away
// from zero for negative amounts) and is done in BigInt, so no float ever touches an amount.

/** The previous billing year, as billing-year settings give it. */
export interface PreviousYear {
  /** First day, ISO `YYYY-MM-DD` (2020-04-01 by default). */
  start: string;
  /** Last day, ISO `YYYY-MM-DD` (2021-03-31 by default). */
  end: string;
  /** The year's length in days used for apportioning (365 by default). */
  days: number;
}

export const DEFAULT_PREVIOUS_YEAR: PreviousYear = { start: '2020-04-01', end: '2021-03-31', days: 365 };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function assertWhole(name: string, n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} must be a whole number, not ${n}`);
}

/**
 * `numerator ÷ denominator` rounded half-up to a whole number (a half rounds away from zero,
 * so −2.5 → −3). Both are integers; the denominator must not be zero.
 */
export function divideHalfUp(numerator: bigint | number, denominator: bigint | number): bigint {
  let n = BigInt(numerator);
  let d = BigInt(denominator);
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const q = (2n * abs + d) / (2n * d);
  return negative ? -q : q;
}

/** Converts a BigInt result back to a number, refusing anything past the safe range. */
function toSafeNumber(v: bigint): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount too large: ${v}`);
  return n;
}

/** 25% of an amount in pence, rounded half-up to the penny (£1,310.50 → £327.63). */
export function quarterHalfUp(pence: number): number {
  assertWhole('pence', pence);
  return toSafeNumber(divideHalfUp(BigInt(pence) * 25n, 100n));
}

/** The 75% charge as the 2020/21 bill printed it: charge − 25% of it rounded half-up (£1,310.50 → £982.87). */
export function charge75(pence: number): number {
  return pence - quarterHalfUp(pence);
}

/** Day number of an ISO calendar date (days since 1970-01-01), or null when it is not one. */
export function isoDayNumber(iso: string): number | null {
  const m = ISO_DATE.exec(iso.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(ms / 86_400_000);
}

/** The ISO date when `value` is a real calendar date `YYYY-MM-DD`, else null. */
export function formattedDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return isoDayNumber(t) === null ? null : t;
}

/**
 * Days occupied in the previous year: from `occupiedDate` to the year's end, both inclusive,
 * when the account was occupied on or after the year's start; otherwise (earlier date, or no
 * date) the year's length. A date after the year's end gives 0 (not occupied that year).
 */
export function daysOccupied(occupiedDate: string | null, year: PreviousYear = DEFAULT_PREVIOUS_YEAR): number {
  assertWhole('year length', year.days);
  const start = isoDayNumber(year.start);
  const end = isoDayNumber(year.end);
  if (start === null || end === null) throw new RangeError(`the previous year ${year.start} – ${year.end} is not a pair of ISO dates`);
  const occupied = occupiedDate === null ? null : isoDayNumber(occupiedDate);
  if (occupied === null || occupied < start) return year.days;
  return Math.max(0, end - occupied + 1);
}

/** `charge ÷ year length × days`, rounded half-up to the penny (computed as charge × days ÷ year length). */
export function apportionedCharge(chargePence: number, days: number, yearDays: number): number {
  assertWhole('charge', chargePence);
  assertWhole('days', days);
  assertWhole('year length', yearDays);
  if (yearDays <= 0) throw new RangeError('the year length must be positive');
  return toSafeNumber(divideHalfUp(BigInt(chargePence) * BigInt(days), BigInt(yearDays)));
}

/** The columns derived update 5 writes for one account. */
export interface AccountFacts {
  formattedOccupiedDate: string | null;
  daysOccupied: number;
  charge: number | null;
  charge75: number | null;
  apportionedCharge100: number | null;
}

/** Derived update 5 for one account: `charge` is `calculated_20_21_charge` in pence (null when absent). */
export function accountFacts(occupiedDate: unknown, charge: unknown, year: PreviousYear = DEFAULT_PREVIOUS_YEAR): AccountFacts {
  const formatted = formattedDate(occupiedDate);
  const days = daysOccupied(formatted, year);
  const pence = typeof charge === 'number' && Number.isSafeInteger(charge) ? charge : typeof charge === 'bigint' ? Number(charge) : null;
  return {
    formattedOccupiedDate: formatted,
    daysOccupied: days,
    charge: pence,
    charge75: pence === null ? null : charge75(pence),
    apportionedCharge100: pence === null ? null : apportionedCharge(pence, days, year.days),
  };
}

/** The no-value tokens of sources.md: empty, `#N/A`, `N/A`, `-`. */
export function isPresent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  const t = String(value).trim().toUpperCase();
  return !(t === '' || t === '#N/A' || t === 'N/A' || t === '-');
}

/** SQL for "present" over a column expression, matching `isPresent` (spaces trimmed). */
export function sqlPresent(expr: string): string {
  return `(${expr} IS NOT NULL AND upper(trim(CAST(${expr} AS TEXT), ' ' || char(9, 10, 13))) NOT IN ('', '#N/A', 'N/A', '-'))`;
}
