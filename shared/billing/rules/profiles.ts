// Customer profiles (billing-rules.md, "Customer profiles"): eight named predicates, evaluated in
// order; the first that matches wins. Only an eligible account (no blocking fact, a band with a
// breakdown, a usable address) can get one.
import type { AccountInput, ProfileId } from './accountInput';
import { hasBandBreakdown, type BandBreakdown } from './breakdown';
import {
  apportionedChargeIsPaid,
  cashPaid,
  charge2021,
  charge2021At75,
  correspondenceAddress,
  hasAddacs,
  hasCtr,
  hasDiscount,
  hasPremium,
  hasReturnedDd,
  isDdTaken,
  isDeceased,
  isExempt,
  isSpd,
  movedInDuringPreviousYear,
  paymentMethod,
  within,
} from './facts';
import type { BillingSettings } from './settings';

export type Template = 'dd_100' | 'dd_75' | 'cash_100' | 'cash_75';

type Predicate = (input: AccountInput, settings: BillingSettings) => boolean;

// --- the building blocks the profiles share ---------------------------------------------------

/** `method`=DD and `dd_taken`. */
export function isDdPayer(input: AccountInput): boolean {
  return paymentMethod(input) === 'DD' && isDdTaken(input);
}

/** `method`=CASH and not `dd_taken` (a missing DD row is not taken). */
export function isCashPayer(input: AccountInput): boolean {
  return paymentMethod(input) === 'CASH' && !isDdTaken(input);
}

/** `within(diff_dd_gross_charge)`. */
export function ddGrossWithin(input: AccountInput, settings: BillingSettings): boolean {
  return within(input.directDebit?.diffDdGrossChargePence, settings);
}

/** `within(diff_dd_gross_charge_25)`. */
export function dd75Within(input: AccountInput, settings: BillingSettings): boolean {
  return within(input.directDebit?.diffDdGrossCharge25Pence, settings);
}

/** `within(diff_cash_paid_gross_debit_10_instalments)`; no DD row means no difference. */
export function cashGrossWithin(input: AccountInput, settings: BillingSettings): boolean {
  return within(input.directDebit?.diffCashPaidGrossDebit10Pence, settings);
}

/** `within(diff_cash_paid_gross_25_off_debit_10_instalments)`. */
export function cash75Within(input: AccountInput, settings: BillingSettings): boolean {
  return within(input.directDebit?.diffCashPaidGross25OffDebit10Pence, settings);
}

/** `charge_20_21` − `cash_paid` = 0. */
export function paidFullCharge(input: AccountInput): boolean {
  const charge = charge2021(input);
  return charge !== null && charge - cashPaid(input) === 0;
}

/** `charge_20_21_75` − `cash_paid` = 0. */
export function paidFull75Charge(input: AccountInput): boolean {
  const charge = charge2021At75(input);
  return charge !== null && charge - cashPaid(input) === 0;
}

/** Moved in during the previous year and paid the apportioned full charge (to the penny). */
export function paidApportionedCharge(input: AccountInput, settings: BillingSettings): boolean {
  const charge = charge2021(input);
  return charge !== null && movedInDuringPreviousYear(input, settings) && apportionedChargeIsPaid(charge, input, settings);
}

/** Moved in during the previous year and paid the apportioned 75% charge (to the penny). */
export function paidApportioned75Charge(input: AccountInput, settings: BillingSettings): boolean {
  const charge = charge2021At75(input);
  return charge !== null && movedInDuringPreviousYear(input, settings) && apportionedChargeIsPaid(charge, input, settings);
}

/** The money conditions of profiles 3, 5 and 7 (cash, no discount): at least one holds. */
export function cashMoneyConditionHolds(input: AccountInput, settings: BillingSettings): boolean {
  return cashGrossWithin(input, settings) || paidFullCharge(input) || paidApportionedCharge(input, settings);
}

/** The money conditions of profiles 4, 6 and 8 (cash, single person discount): at least one holds. */
export function cash75MoneyConditionHolds(input: AccountInput, settings: BillingSettings): boolean {
  return cash75Within(input, settings) || paidFull75Charge(input) || paidApportioned75Charge(input, settings);
}

// --- the eight profiles -----------------------------------------------------------------------

/** 1. DD, taken, no discount, DD difference within tolerance. */
export function isDd100(input: AccountInput, settings: BillingSettings): boolean {
  return isDdPayer(input) && !hasDiscount(input) && ddGrossWithin(input, settings);
}

/** 2. DD, taken, single person discount, 75% DD difference within tolerance. */
export function isDd75(input: AccountInput, settings: BillingSettings): boolean {
  return isDdPayer(input) && isSpd(input) && dd75Within(input, settings);
}

/** 3. Cash, no DD taken, no discount, cash difference within tolerance. */
export function isCash100(input: AccountInput, settings: BillingSettings): boolean {
  return isCashPayer(input) && !hasDiscount(input) && cashGrossWithin(input, settings);
}

/** 4. Cash, no DD taken, single person discount, 75% cash difference within tolerance. */
export function isCash75(input: AccountInput, settings: BillingSettings): boolean {
  return isCashPayer(input) && isSpd(input) && cash75Within(input, settings);
}

/** 5. Cash, no DD taken, no discount, paid the 2020/21 charge exactly. */
export function isCash100Paid(input: AccountInput): boolean {
  return isCashPayer(input) && !hasDiscount(input) && paidFullCharge(input);
}

/** 6. Cash, no DD taken, single person discount, paid the printed 75% charge exactly. */
export function isCash75Paid(input: AccountInput): boolean {
  return isCashPayer(input) && isSpd(input) && paidFull75Charge(input);
}

/** 7. Cash, no DD taken, no discount, moved in during the year and paid the apportioned charge. */
export function isCash100MovedIn(input: AccountInput, settings: BillingSettings): boolean {
  return isCashPayer(input) && !hasDiscount(input) && paidApportionedCharge(input, settings);
}

/** 8. As 7, with a single person discount and the 75% charge. */
export function isCash75MovedIn(input: AccountInput, settings: BillingSettings): boolean {
  return isCashPayer(input) && isSpd(input) && paidApportioned75Charge(input, settings);
}

export interface ProfileRule {
  id: ProfileId;
  template: Template;
  matches: Predicate;
}

/** The profiles in evaluation order. */
export const PROFILES: readonly ProfileRule[] = [
  { id: 'DD100', template: 'dd_100', matches: isDd100 },
  { id: 'DD75', template: 'dd_75', matches: isDd75 },
  { id: 'CASH100', template: 'cash_100', matches: isCash100 },
  { id: 'CASH75', template: 'cash_75', matches: isCash75 },
  { id: 'CASH100_PAID', template: 'cash_100', matches: isCash100Paid },
  { id: 'CASH75_PAID', template: 'cash_75', matches: isCash75Paid },
  { id: 'CASH100_MOVED_IN', template: 'cash_100', matches: isCash100MovedIn },
  { id: 'CASH75_MOVED_IN', template: 'cash_75', matches: isCash75MovedIn },
];

/** The template a profile's bill uses. */
export function templateOf(profile: ProfileId): Template {
  const rule = PROFILES.find((p) => p.id === profile);
  if (rule === undefined) throw new RangeError(`unknown profile ${String(profile)}`);
  return rule.template;
}

/** None of the facts that stop a profile: CTR, deceased, exempt, returned DD, ADDACS, premium. */
export function hasNoBlockingFact(input: AccountInput): boolean {
  const blocking = [hasCtr, isDeceased, isExempt, hasReturnedDd, hasAddacs, hasPremium];
  return !blocking.some((fact) => fact(input));
}

/** Can get a profile at all: no blocking fact, a band with a breakdown and a usable address. */
export function isEligibleForProfile(input: AccountInput, breakdown: BandBreakdown): boolean {
  return hasNoBlockingFact(input) && hasBandBreakdown(input.band, breakdown) && correspondenceAddress(input) !== null;
}

/** The first profile that matches an eligible account, or null. */
export function matchProfile(input: AccountInput, settings: BillingSettings, breakdown: BandBreakdown): ProfileRule | null {
  if (!isEligibleForProfile(input, breakdown)) return null;
  return PROFILES.find((rule) => rule.matches(input, settings)) ?? null;
}
