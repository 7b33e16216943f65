// "Facts derived per account" (billing-rules.md), one function per fact. Money is integer pence;
// the arithmetic is shared with derived update 5 (reconcile/accountFacts).
import { apportionedCharge, charge75, daysOccupied, divideHalfUp, isoDayNumber, isPresent } from '../../reconcile/accountFacts';
import type { AccountInput, Address, FdmBillInput } from './accountInput';
import type { BillingSettings } from './settings';

export type PaymentMethod = 'DD' | 'CASH' | 'OTHER';

/** `DD` / `CASH` from the start of `payment_method_code` as received, else `OTHER`. */
export function paymentMethod(input: AccountInput): PaymentMethod {
  const code = input.paymentMethodCode.trim().toUpperCase();
  if (code.startsWith('DD')) return 'DD';
  if (code.startsWith('CASH')) return 'CASH';
  return 'OTHER';
}

/** A print-file bill carries a reduction, or the account has a working-age CTR award. */
export function hasCtr(input: AccountInput): boolean {
  return input.workingAgeCtr || input.fdmBills.some((bill) => isPresent(bill.reduction));
}

/** A confirmed death-list entry points at the account. */
export function isDeceased(input: AccountInput): boolean {
  return input.deathConfirmed;
}

/** The account's exemption notice has a class. */
export function isExempt(input: AccountInput): boolean {
  return isPresent(input.exemptionClass);
}

/** `returned_dd_not_by_addacs` is present on the DD row. */
export function hasReturnedDd(input: AccountInput): boolean {
  return isPresent(input.directDebit?.returnedDdNotByAddacs);
}

/** `addacs` is present on the DD row. */
export function hasAddacs(input: AccountInput): boolean {
  return isPresent(input.directDebit?.addacs);
}

/** The account has a `direct_debit_discrepancies` row. */
export function hasDdRow(input: AccountInput): boolean {
  return input.directDebit !== null;
}

/** `direct_debit_taken` > 0 (a missing row or an empty count is not taken). */
export function isDdTaken(input: AccountInput): boolean {
  const text = input.directDebit?.directDebitTaken.trim() ?? '';
  if (!/^\d+(?:\.\d+)?$/.test(text)) return false;
  return Number(text) > 0;
}

const RUN_ORDER = ['dd', 'cash', 'props'];

function runRank(run: string): number {
  const i = RUN_ORDER.indexOf(run.trim().toLowerCase());
  return i === -1 ? RUN_ORDER.length : i;
}

/** Print runs in the order `dd`, `cash`, `props`, then the others by name. */
export function compareRuns(a: string, b: string): number {
  const byRank = runRank(a) - runRank(b);
  if (byRank !== 0) return byRank;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The account's 2020 print-file bill: the one from the first run that has the account, in the
 * order `dd`, `cash`, `props`, then other runs by name. Its discount, additional names and
 * discount text are the ones the rules and the new bill use; null when there is none.
 */
export function primaryFdmBill(input: AccountInput): FdmBillInput | null {
  const bills = [...input.fdmBills].sort((a, b) => compareRuns(a.run, b.run));
  return bills[0] ?? null;
}

/** The print-file bill has a `discount_1`. */
export function hasDiscount(input: AccountInput): boolean {
  return isPresent(primaryFdmBill(input)?.discount1);
}

/** A discount text that names a 25% discount: it mentions `25%` or `Single Person`. */
export function isTwentyFivePercentText(text: string): boolean {
  return /25\s*%/.test(text) || /single\s+person/i.test(text);
}

/** The only discount is a 25% (single person) discount: `discount_1` says so and `discount_2` is absent. */
export function isSpd(input: AccountInput): boolean {
  const bill = primaryFdmBill(input);
  if (bill === null || !isPresent(bill.discount1)) return false;
  if (isPresent(bill.discount2)) return false;
  return isTwentyFivePercentText(bill.discount1);
}

/** A print-file bill carries a premium. */
export function hasPremium(input: AccountInput): boolean {
  return input.fdmBills.some((bill) => isPresent(bill.premium));
}

/** Total cash paid in pence, 0 when none. */
export function cashPaid(input: AccountInput): number {
  return input.cashPaidPence;
}

/** `calculated_20_21_charge` in pence, null when absent. */
export function charge2021(input: AccountInput): number | null {
  return input.charge2021Pence;
}

/** The 75% charge as the 2020/21 bill printed it (charge − 25% rounded half-up). */
export function charge2021At75(input: AccountInput): number | null {
  return input.charge2021Pence === null ? null : charge75(input.charge2021Pence);
}

/** The occupied date is on or after the start of the previous year. */
export function movedInDuringPreviousYear(input: AccountInput, settings: BillingSettings): boolean {
  if (input.occupiedDate === null) return false;
  const occupied = isoDayNumber(input.occupiedDate);
  const start = isoDayNumber(settings.previousYear.start);
  return occupied !== null && start !== null && occupied >= start;
}

/** Days occupied in the previous year, both ends inclusive; the year's length when occupied before it. */
export function daysOccupiedInPreviousYear(input: AccountInput, settings: BillingSettings): number {
  return daysOccupied(input.occupiedDate, settings.previousYear);
}

/** `charge_20_21` ÷ year length × days occupied, half-up to the penny; null without a charge. */
export function apportionedCharge100(input: AccountInput, settings: BillingSettings): number | null {
  if (input.charge2021Pence === null) return null;
  return apportionedCharge(input.charge2021Pence, daysOccupiedInPreviousYear(input, settings), settings.previousYear.days);
}

/**
 * round(`charge` ÷ year length × days occupied − `cash_paid`, 2 dp) = 0, computed exactly:
 * (charge × days − paid × length) ÷ length, rounded half-up to the penny, is zero.
 */
export function apportionedChargeIsPaid(chargePence: number, input: AccountInput, settings: BillingSettings): boolean {
  const days = BigInt(daysOccupiedInPreviousYear(input, settings));
  const length = BigInt(settings.previousYear.days);
  const owedTimesLength = BigInt(chargePence) * days - BigInt(cashPaid(input)) * length;
  return divideHalfUp(owedTimesLength, length) === 0n;
}

/** At least one non-empty line and a postcode. */
export function isUsableAddress(address: Address): boolean {
  return address.lines.some((line) => line.trim() !== '') && address.postcode.trim() !== '';
}

/** The forwarding address if usable, else the property address if usable, else null. */
export function correspondenceAddress(input: AccountInput): Address | null {
  if (isUsableAddress(input.forwardingAddress)) return input.forwardingAddress;
  if (isUsableAddress(input.propertyAddress)) return input.propertyAddress;
  return null;
}

/** −tolerance ≤ x ≤ tolerance, with x present. */
export function within(x: number | null | undefined, settings: BillingSettings): boolean {
  if (x === null || x === undefined) return false;
  return -settings.tolerancePence <= x && x <= settings.tolerancePence;
}

/** The facts table for one account, all at once (for display and for the rules). */
export interface DerivedFacts {
  method: PaymentMethod;
  hasCtr: boolean;
  deceased: boolean;
  exempt: boolean;
  returnedDd: boolean;
  addacs: boolean;
  ddRow: boolean;
  ddTaken: boolean;
  discount: boolean;
  spd: boolean;
  premium: boolean;
  cashPaid: number;
  charge2021: number | null;
  charge2021At75: number | null;
  daysOccupied: number;
  apportionedCharge100: number | null;
  correspondenceAddress: Address | null;
}

export function deriveFacts(input: AccountInput, settings: BillingSettings): DerivedFacts {
  return {
    method: paymentMethod(input),
    hasCtr: hasCtr(input),
    deceased: isDeceased(input),
    exempt: isExempt(input),
    returnedDd: hasReturnedDd(input),
    addacs: hasAddacs(input),
    ddRow: hasDdRow(input),
    ddTaken: isDdTaken(input),
    discount: hasDiscount(input),
    spd: isSpd(input),
    premium: hasPremium(input),
    cashPaid: cashPaid(input),
    charge2021: charge2021(input),
    charge2021At75: charge2021At75(input),
    daysOccupied: daysOccupiedInPreviousYear(input, settings),
    apportionedCharge100: apportionedCharge100(input, settings),
    correspondenceAddress: correspondenceAddress(input),
  };
}
