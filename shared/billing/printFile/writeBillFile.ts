/**
 * Writer for the 2021/22 print-house bill files and their manifests (fdm-print-format.md,
 * "Writing the 2021/22 bill files"; EXPECTED.md "Choices the spec leaves open" 1–13). Pure: it
 * returns text; encoding to ISO-8859-1 (or whatever the settings say) is the caller's job.
 */
import {
  ADDRESS_LINES,
  RECIPIENT_ORDER,
  isCashTemplate,
  isDiscountTemplate,
  type BillToPrint,
  type PrintSettings,
} from './billToPrint';

export type LineEnding = 'LF' | 'CRLF' | '\n' | '\r\n';

export interface BillFileOptions {
  /** Line end written after every line, including the last. Default LF. */
  lineEnding?: LineEnding;
}

export const BLOCK_SEPARATOR = '----------';

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

// ---------------------------------------------------------------------------------------------
// Formatters

function assertPence(pence: number, what = 'amount'): void {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`${what} is not a whole number of pence: ${pence}`);
}

/** Pounds with thousands separators and two decimals: 123456 → `£1,234.56`; −320 → `-£3.20`. */
export function formatMoney(pence: number): string {
  assertPence(pence);
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}£${pounds}.${String(abs % 100).padStart(2, '0')}`;
}

/** Pounds with two decimals, no `£`, no separators (manifests): 89400 → `894.00`. */
export function formatPoundsPlain(pence: number): string {
  assertPence(pence);
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Hundredths of a percent, two decimals: 300 → `3.00%`, 951 → `9.51%`, −5 → `-0.05%`. */
export function formatPct(hundredths: number): string {
  if (!Number.isSafeInteger(hundredths)) throw new RangeError(`percentage is not whole hundredths: ${hundredths}`);
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

interface IsoDate {
  year: number;
  month: number;
  day: number;
}

function parseIsoDate(iso: string): IsoDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(iso)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: ${JSON.stringify(iso)}`);
  }
  return { year, month, day };
}

/** `2021-04-01` → `1 April 2021` (day without leading zero, full English month name). */
export function formatLongDate(iso: string): string {
  const d = parseIsoDate(iso);
  return `${d.day} ${MONTH_NAMES[d.month - 1]} ${d.year}`;
}

/** `2021-04-01` → `01.04.2021`. */
export function formatDotDate(iso: string): string {
  const d = parseIsoDate(iso);
  return `${String(d.day).padStart(2, '0')}.${String(d.month).padStart(2, '0')}.${d.year}`;
}

/** `2021-04` (or `2021-04-15`) → `Apr`. */
export function formatMonthLabel(isoMonth: string): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(isoMonth.trim());
  const month = m ? Number(m[2]) : NaN;
  if (!m || month < 1 || month > 12) throw new RangeError(`not an ISO month (YYYY-MM): ${JSON.stringify(isoMonth)}`);
  if (m[3] !== undefined) parseIsoDate(isoMonth);
  return MONTH_NAMES[month - 1].slice(0, 3);
}

/** Printed month labels for a list of ISO months from the settings. */
export function formatMonthLabels(isoMonths: readonly string[]): string[] {
  return isoMonths.map(formatMonthLabel);
}

/** `1 April 2021 to 31 March 2022`. */
export function formatPeriod(settings: PrintSettings): string {
  return `${formatLongDate(settings.periodStart)} to ${formatLongDate(settings.periodEnd)}`;
}

/** `01.04.2021 to 31.03.2022`. */
export function formatDotPeriod(settings: PrintSettings): string {
  return `${formatDotDate(settings.periodStart)} to ${formatDotDate(settings.periodEnd)}`;
}

/**
 * The instalment table: two `{month}|{amount}|` pairs per line, months in order down the first
 * column, then the second (12: Apr–Sep | Oct–Mar; 10: Apr–Aug | Sep–Jan). An odd count leaves
 * the last line with one pair. Lines returned with their `|` terminators.
 */
export function instalmentLines(inst: BillToPrint['instalments']): string[] {
  const { n, firstPence, otherPence, months } = inst;
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`instalment count must be a positive integer: ${n}`);
  if (months.length !== n) throw new RangeError(`${n} instalments but ${months.length} month labels`);
  const cell = (i: number): string => `${months[i]}|${formatMoney(i === 0 ? firstPence : otherPence)}|`;
  const rows = Math.ceil(n / 2);
  const out: string[] = [];
  for (let r = 0; r < rows; r++) out.push(r + rows < n ? cell(r) + cell(r + rows) : cell(r));
  return out;
}

/** Closing line before the instalment table (its count is the number of instalments). */
export function closingLine(b: Pick<BillToPrint, 'template' | 'instalments'>): string {
  return isCashTemplate(b.template)
    ? `${b.instalments.n} PAYMENTS ARE DUE IN RESPECT OF THIS BILL:|`
    : `${b.instalments.n} PAYMENTS WILL BE DEBITED DIRECTLY FROM YOUR BANK ACCOUNT AS FOLLOWS:|`;
}

/** An address group: exactly 4 lines (missing ones print as `|`-only lines), then the postcode if given. */
export function addressLines(lines: readonly string[], postcode?: string): string[] {
  if (lines.length > ADDRESS_LINES) {
    throw new RangeError(`an address has at most ${ADDRESS_LINES} lines, got ${lines.length}`);
  }
  const out: string[] = [];
  for (let i = 0; i < ADDRESS_LINES; i++) out.push(`${(lines[i] ?? '').trim()}|`);
  if (postcode !== undefined) out.push(`${postcode.trim()}|`);
  return out;
}

/** Recipients in the printed order: the known ones as `RECIPIENT_ORDER`, any other after them as given. */
export function orderRecipients<T extends { service: string }>(recipients: readonly T[]): T[] {
  const rank = (r: T): number => {
    const i = RECIPIENT_ORDER.indexOf(r.service.trim().toUpperCase());
    return i < 0 ? RECIPIENT_ORDER.length : i;
  };
  return recipients
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map((x) => x.r);
}

// ---------------------------------------------------------------------------------------------
// Bills

/** A field value must not hold a line end or the `|` terminator: it would break the layout for the print house. */
function field(value: string, what: string): string {
  if (/[|\r\n\f]/.test(value)) throw new RangeError(`${what} must not contain '|' or a line end: ${JSON.stringify(value)}`);
  return value;
}

/** The lines of one bill, `----------` first, each without its line end. */
export function renderBill(b: BillToPrint, settings: PrintSettings): string[] {
  const lead = field(b.leadName.trim(), 'lead name').toUpperCase();
  if (lead === '') throw new RangeError(`account ${b.account}: the lead name is empty`);
  const additional = b.additionalNames.map((n, i) => {
    const name = field(n.trim(), 'additional name');
    if (name === '') throw new RangeError(`account ${b.account}: additional name ${i + 1} is empty`);
    return name;
  });
  for (const l of [...b.correspondence.lines, b.correspondence.postcode, ...b.propertyLines]) field(l, 'address line');
  field(b.account, 'account');
  field(b.band, 'band');
  if (!Number.isSafeInteger(b.billNumber) || b.billNumber < 0) {
    throw new RangeError(`account ${b.account}: bill number must be a whole number, got ${b.billNumber}`);
  }
  const cash = isCashTemplate(b.template);
  const discounted = isDiscountTemplate(b.template);
  if (cash && !/^\d+$/.test(b.barcode)) {
    throw new RangeError(`account ${b.account}: a cash bill needs a payment barcode of digits, got ${JSON.stringify(b.barcode)}`);
  }
  const discountText = field(b.discountText.trim(), 'discount text');
  if (discounted && discountText === '') throw new RangeError(`account ${b.account}: a 75% bill needs its discount text`);

  const dotPeriod = formatDotPeriod(settings);
  const out: string[] = [BLOCK_SEPARATOR, `|${formatPeriod(settings)}|`, `${formatLongDate(settings.issueDate)}|`];
  out.push(`${lead}|`, ...additional.map((n) => `${n}|`), '|');
  out.push(...addressLines(b.correspondence.lines, b.correspondence.postcode));
  out.push(...addressLines(b.propertyLines));
  out.push(`${b.band.trim()}|`, `${b.account.trim()}   ${b.billNumber}|`);
  if (cash) out.push(`${b.barcode}|`);
  out.push('|', `${formatMoney(b.grossPence)}|`, `${formatPct(b.overallPctHundredths)}|`);
  for (const r of orderRecipients(b.recipients)) {
    out.push(`${field(r.service.trim(), 'recipient')}|`, `${formatMoney(r.amountPence)}|`, `${formatPct(r.pctHundredths)}|`);
  }
  out.push('|', `This bill is for Council Tax for the period from ${formatPeriod(settings)}.|`, '|');
  out.push(`Council Tax due for period ${dotPeriod}|`, `${formatMoney(b.grossPence)}|`);
  if (discounted) out.push(`${discountText} -${formatMoney(b.discountPence)}|`);
  out.push('|', 'Total Charge for Period|', `${formatMoney(b.netPence)}|`);
  out.push('|', `Total amount due for period ${dotPeriod}|`, `${formatMoney(b.netPence)}|`);
  out.push(closingLine(b), ...instalmentLines(b.instalments));
  return out;
}

function eol(option: LineEnding | undefined): string {
  return option === 'CRLF' || option === '\r\n' ? '\r\n' : '\n';
}

/**
 * One template's whole file: the bills in the order given (the caller passes account order),
 * every line ended, the last one too. No header, page break or trailer; no bills → `''`.
 */
export function renderBillFile(
  bills: readonly BillToPrint[],
  settings: PrintSettings,
  options: BillFileOptions = {},
): string {
  const end = eol(options.lineEnding);
  let text = '';
  for (const b of bills) for (const line of renderBill(b, settings)) text += line + end;
  return text;
}

export const MANIFEST_HEADER =
  'account,profile,template,bill_number,gross,discount,net,first_instalment,other_instalment,instalments';

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One manifest row (no line end). */
export function manifestRow(b: BillToPrint): string {
  return [
    b.account.trim(),
    b.profile,
    b.template,
    String(b.billNumber),
    formatPoundsPlain(b.grossPence),
    formatPoundsPlain(b.discountPence),
    formatPoundsPlain(b.netPence),
    formatPoundsPlain(b.instalments.firstPence),
    formatPoundsPlain(b.instalments.otherPence),
    String(b.instalments.n),
  ]
    .map(csvCell)
    .join(',');
}

/** The manifest CSV: header, one row per bill in the order given; LF line ends, no BOM. */
export function renderManifest(bills: readonly BillToPrint[]): string {
  return [MANIFEST_HEADER, ...bills.map(manifestRow)].map((l) => `${l}\n`).join('');
}

/** Characters of `text` that ISO-8859-1 cannot hold (each once, in order of appearance). */
export function unencodableInLatin1(text: string): string[] {
  const bad = new Set<string>();
  for (const ch of text) if (ch.codePointAt(0)! > 0xff) bad.add(ch);
  return [...bad];
}
