/**
 * Everything a printed 2021/22 bill needs, already resolved (fdm-print-format.md, "Writing the
 * 2021/22 bill files"; billing-rules.md, "What the bill prints"). The writer only formats: it
 * decides nothing about profiles, amounts or which address to use. Year-specific text (period,
 * issue date, instalment months) comes from `PrintSettings`, never from code. Pure.
 */

export type BillTemplate = 'dd_100' | 'dd_75' | 'cash_100' | 'cash_75';

export const BILL_TEMPLATES: readonly BillTemplate[] = ['dd_100', 'dd_75', 'cash_100', 'cash_75'];

/** The recipients in the order the bill prints them (fdm-print-format.md item 11). */
export const RECIPIENT_ORDER: readonly string[] = [
  'LONDON BOROUGH OF HACKNEY',
  'ADULT SOCIAL CARE',
  'GREATER LONDON AUTHORITY',
];

/** Lines per address group on the bill (postcode not counted). */
export const ADDRESS_LINES = 4;

export interface PrintSettings {
  /** First day of the billing period, ISO `YYYY-MM-DD` (e.g. `2021-04-01`). */
  periodStart: string;
  /** Last day of the billing period, ISO (e.g. `2022-03-31`). */
  periodEnd: string;
  /** Issue date printed on every bill, ISO (e.g. `2021-03-10`). */
  issueDate: string;
  /** Instalment months of DD bills in order, ISO `YYYY-MM` (or any ISO date in that month). */
  ddInstalmentMonths: string[];
  /** Instalment months of cash bills in order, ISO `YYYY-MM`. */
  cashInstalmentMonths: string[];
}

export interface PrintAddress {
  /** Up to 4 lines, as stored (trimmed, case unchanged); `''` prints as a `|`-only line. */
  lines: string[];
  postcode: string;
}

export interface BillRecipient {
  /** e.g. `LONDON BOROUGH OF HACKNEY`. */
  service: string;
  amountPence: number;
  /** `percentage_diff_20_21` in hundredths of a percent: 1.99% → 199. */
  pctHundredths: number;
}

export interface BillInstalments {
  /** Number of instalments (12 DD, 10 cash with the default settings). */
  n: number;
  firstPence: number;
  otherPence: number;
  /** Printed month labels, one per instalment, in order (`Apr`, `May`, …). */
  months: string[];
}

export interface BillToPrint {
  template: BillTemplate;
  /** Customer profile id (`DD100`, `CASH75_PAID`, …), for the manifest. */
  profile: string;
  /** Account number as staged, e.g. `382251954X`. */
  account: string;
  billNumber: number;
  /** Lead liable name already joined (see `joinLeadName`); the writer puts it in capitals. */
  leadName: string;
  /** Additional names from the 2020 bill, printed as staged. */
  additionalNames: string[];
  /** Where the bill goes: the forwarding address if usable, else the property address (see `correspondenceAddress`). */
  correspondence: PrintAddress;
  /** Property address lines (its postcode is not printed). */
  propertyLines: string[];
  band: string;
  grossPence: number;
  /** 0 on 100% templates. */
  discountPence: number;
  netPence: number;
  /** Overall change from last year, hundredths of a percent: 3.87% → 387. */
  overallPctHundredths: number;
  recipients: BillRecipient[];
  /** 75% templates: the 2020 bill's `discount_1` text, printed as is before ` -£…`. */
  discountText: string;
  instalments: BillInstalments;
  /** Cash templates: the payment barcode number (see `paymentBarcode`). `''` on DD templates. */
  barcode: string;
}

export const isCashTemplate = (t: BillTemplate): boolean => t === 'cash_100' || t === 'cash_75';
export const isDiscountTemplate = (t: BillTemplate): boolean => t === 'dd_75' || t === 'cash_75';

/** Title, forename, middle name and surname joined by single spaces, empty parts left out (case unchanged). */
export function joinLeadName(...parts: Array<string | null | undefined>): string {
  return parts
    .map((p) => (p ?? '').trim().replace(/\s+/g, ' '))
    .filter((p) => p !== '')
    .join(' ');
}

/** Usable = at least one non-empty line and a postcode (billing-rules.md, `address`). */
export function isUsableAddress(a: PrintAddress | null | undefined): boolean {
  if (!a) return false;
  return a.lines.some((l) => l.trim() !== '') && a.postcode.trim() !== '';
}

/**
 * The correspondence address: the forwarding address if usable, else the property address if
 * usable, else null (`NO_ADDRESS`).
 */
export function correspondenceAddress(
  forwarding: PrintAddress | null | undefined,
  property: PrintAddress | null | undefined,
): PrintAddress | null {
  if (forwarding && isUsableAddress(forwarding)) return forwarding;
  if (property && isUsableAddress(property)) return property;
  return null;
}

/** The template's instalment months from the settings. */
export function settingsMonths(settings: PrintSettings, template: BillTemplate): string[] {
  return isCashTemplate(template) ? settings.cashInstalmentMonths : settings.ddInstalmentMonths;
}
