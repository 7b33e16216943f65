// Billing-year settings (billing-rules.md, "Billing-year settings"). Everything that depends on
// the year lives here; the rules take a BillingSettings and assume nothing else about the year.
import type { PreviousYear } from '../../reconcile/accountFacts';
import { isoDayNumber } from '../../reconcile/accountFacts';

/** When instalments fall: `count` consecutive calendar months from `firstMonth` (`YYYY-MM`). */
export interface InstalmentSchedule {
  count: number;
  firstMonth: string;
}

export interface BillingSettings {
  /** The year being billed, ISO dates, both inclusive. */
  billingPeriod: { start: string; end: string };
  /** The date printed on the bills. */
  issueDate: string;
  /** The previous year, used for days occupied and the apportioned charge. */
  previousYear: PreviousYear;
  /** Direct-debit instalments (12, April–March by default). */
  ddInstalments: InstalmentSchedule;
  /** Cash instalments (10, April–January by default). */
  cashInstalments: InstalmentSchedule;
  /** The ± tolerance of `within(x)`, in pence (500 = £5.00). */
  tolerancePence: number;
  /** `ESTIMATE_DIFF` warns when net and estimate differ by more than this, in pence (100 = £1.00). */
  estimateWarningPence: number;
  /** The bill number of the first bill of the first run in a workspace. */
  firstBillNumber: number;
  /** Digits that start a cash bill's payment barcode. */
  cashBarcodePrefix: string;
  /** Encoding of the bill files handed to the print house. */
  fileEncoding: 'iso-8859-1' | 'windows-1252' | 'utf-8';
  /** Line ending of the bill files. */
  lineEnding: '\n' | '\r\n';
}

export const DEFAULT_SETTINGS_2021_22: BillingSettings = Object.freeze({
  billingPeriod: Object.freeze({ start: '2021-04-01', end: '2022-03-31' }),
  issueDate: '2021-03-10',
  previousYear: Object.freeze({ start: '2020-04-01', end: '2021-03-31', days: 365 }),
  ddInstalments: Object.freeze({ count: 12, firstMonth: '2021-04' }),
  cashInstalments: Object.freeze({ count: 10, firstMonth: '2021-04' }),
  tolerancePence: 500,
  estimateWarningPence: 100,
  firstBillNumber: 1,
  cashBarcodePrefix: '98263',
  fileEncoding: 'iso-8859-1',
  lineEnding: '\n',
}) as BillingSettings;

const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

/** Month index (year × 12 + month − 1) of `YYYY-MM`, or null when it is not a month. */
function monthIndex(yearMonth: string): number | null {
  const m = YEAR_MONTH.exec(yearMonth);
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return Number(m[1]) * 12 + month - 1;
}

function fromMonthIndex(index: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${year.toString().padStart(4, '0')}-${month.toString().padStart(2, '0')}`;
}

/** The instalment months as `YYYY-MM`, in order (`2021-04` … `2022-03` for DD by default). */
export function instalmentMonths(schedule: InstalmentSchedule): string[] {
  const first = monthIndex(schedule.firstMonth);
  if (first === null) throw new RangeError(`not a month: ${schedule.firstMonth}`);
  return Array.from({ length: schedule.count }, (_, i) => fromMonthIndex(first + i));
}

/** Whole days from `start` to `end`, both inclusive, or null when either is not a date. */
function inclusiveDays(start: string, end: string): number | null {
  const a = isoDayNumber(start);
  const b = isoDayNumber(end);
  return a === null || b === null ? null : b - a + 1;
}

export interface SettingsProblem {
  /** The setting concerned, as named in BillingSettings (`previousYear.days`). */
  field: string;
  /** What is wrong, for an officer. */
  message: string;
}

function datePairProblems(field: string, label: string, range: { start: string; end: string }): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (isoDayNumber(range.start) === null) problems.push({ field: `${field}.start`, message: `The start of the ${label} is not a date.` });
  if (isoDayNumber(range.end) === null) problems.push({ field: `${field}.end`, message: `The end of the ${label} is not a date.` });
  const days = inclusiveDays(range.start, range.end);
  if (days !== null && days < 1) problems.push({ field, message: `The ${label} ends before it starts.` });
  return problems;
}

function scheduleProblems(field: string, label: string, schedule: InstalmentSchedule, period: { start: string; end: string }): SettingsProblem[] {
  if (!Number.isInteger(schedule.count) || schedule.count < 1 || schedule.count > 12) {
    return [{ field: `${field}.count`, message: `The number of ${label} instalments must be a whole number from 1 to 12.` }];
  }
  const first = monthIndex(schedule.firstMonth);
  if (first === null) return [{ field: `${field}.firstMonth`, message: `The first ${label} instalment month must be written YYYY-MM.` }];
  const periodStart = monthIndex(period.start.slice(0, 7));
  const periodEnd = monthIndex(period.end.slice(0, 7));
  if (periodStart === null || periodEnd === null) return [];
  if (first < periodStart || first + schedule.count - 1 > periodEnd) {
    return [{ field, message: `The ${label} instalments (${schedule.count} from ${schedule.firstMonth}) must fall inside the billing period.` }];
  }
  return [];
}

/** Every problem with the settings, in plain English; an empty list means they can be used. */
export function validateSettings(s: BillingSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [
    ...datePairProblems('billingPeriod', 'billing period', s.billingPeriod),
    ...datePairProblems('previousYear', 'previous year', s.previousYear),
  ];
  const previousDays = inclusiveDays(s.previousYear.start, s.previousYear.end);
  if (!Number.isInteger(s.previousYear.days) || s.previousYear.days < 1) {
    problems.push({ field: 'previousYear.days', message: 'The length of the previous year must be a whole number of days.' });
  } else if (previousDays !== null && previousDays >= 1 && previousDays !== s.previousYear.days) {
    problems.push({
      field: 'previousYear.days',
      message: `The previous year is said to have ${s.previousYear.days} days, but ${s.previousYear.start} to ${s.previousYear.end} is ${previousDays} days.`,
    });
  }
  const periodStart = isoDayNumber(s.billingPeriod.start);
  const previousEnd = isoDayNumber(s.previousYear.end);
  if (periodStart !== null && previousEnd !== null && previousEnd + 1 !== periodStart) {
    problems.push({ field: 'previousYear.end', message: 'The previous year must end the day before the billing period starts.' });
  }
  const issue = isoDayNumber(s.issueDate);
  if (issue === null) problems.push({ field: 'issueDate', message: 'The issue date is not a date.' });
  problems.push(...scheduleProblems('ddInstalments', 'direct-debit', s.ddInstalments, s.billingPeriod));
  problems.push(...scheduleProblems('cashInstalments', 'cash', s.cashInstalments, s.billingPeriod));
  if (!Number.isInteger(s.tolerancePence) || s.tolerancePence < 0) {
    problems.push({ field: 'tolerancePence', message: 'The tolerance must be a whole number of pence, zero or more.' });
  }
  if (!Number.isInteger(s.estimateWarningPence) || s.estimateWarningPence < 0) {
    problems.push({ field: 'estimateWarningPence', message: 'The estimate warning limit must be a whole number of pence, zero or more.' });
  }
  if (!Number.isSafeInteger(s.firstBillNumber) || s.firstBillNumber < 1) {
    problems.push({ field: 'firstBillNumber', message: 'The first bill number must be a whole number, 1 or more.' });
  }
  if (!/^\d{1,9}$/.test(s.cashBarcodePrefix)) {
    problems.push({ field: 'cashBarcodePrefix', message: 'The cash barcode prefix must be 1 to 9 digits.' });
  }
  if (!['iso-8859-1', 'windows-1252', 'utf-8'].includes(s.fileEncoding)) {
    problems.push({ field: 'fileEncoding', message: 'The file encoding must be iso-8859-1, windows-1252 or utf-8.' });
  }
  if (s.lineEnding !== '\n' && s.lineEnding !== '\r\n') {
    problems.push({ field: 'lineEnding', message: 'The line ending must be LF or CRLF.' });
  }
  return problems;
}
