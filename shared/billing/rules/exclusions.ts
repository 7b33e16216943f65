// Exclusion reasons (billing-rules.md, "Exclusion reasons"). Each reason is judged on its own
// condition, regardless of the others; an excluded account gets every reason that holds, in the
// order of the spec's table.
import { formatMoneyForDisplay } from '../../values/money';
import type { AccountInput } from './accountInput';
import { breakdownFor, type BandBreakdown } from './breakdown';
import {
  correspondenceAddress,
  hasAddacs,
  hasCtr,
  hasDdRow,
  hasDiscount,
  hasPremium,
  hasReturnedDd,
  isDdTaken,
  isDeceased,
  isExempt,
  isSpd,
  paymentMethod,
  primaryFdmBill,
  within,
} from './facts';
import { cash75MoneyConditionHolds, cashMoneyConditionHolds } from './profiles';
import type { BillingSettings } from './settings';

export const EXCLUSION_CODES = [
  'CTR',
  'DECEASED',
  'EXEMPT',
  'RETURNED_DD',
  'ADDACS',
  'PREMIUM',
  'OTHER_DISCOUNT',
  'NO_DD_DATA',
  'DD_NOT_TAKEN',
  'DD_DISCREPANCY',
  'DD_ON_CASH_ACCOUNT',
  'CASH_DISCREPANCY',
  'UNKNOWN_METHOD',
  'NO_BAND',
  'NO_ADDRESS',
  'MANUAL',
  'ALREADY_BILLED',
] as const;

export type ExclusionCode = (typeof EXCLUSION_CODES)[number];

export interface Exclusion {
  code: ExclusionCode;
  text: string;
}

/** The reason an exemption class stands for (`E` → "…"), undefined when not known. */
export type ExemptReasonLookup = (cls: string) => string | undefined;

interface Context {
  input: AccountInput;
  settings: BillingSettings;
  breakdown: BandBreakdown;
  exemptReason: ExemptReasonLookup;
}

const money = formatMoneyForDisplay;

function differenceText(pence: number | null | undefined): string {
  return pence === null || pence === undefined ? 'no difference recorded' : `difference ${money(pence)}`;
}

// --- one condition per reason -----------------------------------------------------------------

/** `method`=DD, `dd_taken`, no discount, and `diff_dd_gross_charge` is not within tolerance. */
export function ddDiscrepancyWithoutDiscount(input: AccountInput, settings: BillingSettings): boolean {
  return paymentMethod(input) === 'DD' && isDdTaken(input) && !hasDiscount(input) && !within(input.directDebit?.diffDdGrossChargePence, settings);
}

/** `method`=DD, `dd_taken`, single person discount, and `diff_dd_gross_charge_25` is not within tolerance. */
export function ddDiscrepancyWithSpd(input: AccountInput, settings: BillingSettings): boolean {
  return paymentMethod(input) === 'DD' && isDdTaken(input) && isSpd(input) && !within(input.directDebit?.diffDdGrossCharge25Pence, settings);
}

/** `method`=CASH, not `dd_taken`, no discount, and none of the money conditions of profiles 3, 5, 7. */
export function cashDiscrepancyWithoutDiscount(input: AccountInput, settings: BillingSettings): boolean {
  return paymentMethod(input) === 'CASH' && !isDdTaken(input) && !hasDiscount(input) && !cashMoneyConditionHolds(input, settings);
}

/** `method`=CASH, not `dd_taken`, single person discount, and none of the money conditions of profiles 4, 6, 8. */
export function cashDiscrepancyWithSpd(input: AccountInput, settings: BillingSettings): boolean {
  return paymentMethod(input) === 'CASH' && !isDdTaken(input) && isSpd(input) && !cash75MoneyConditionHolds(input, settings);
}

interface ReasonRule {
  code: ExclusionCode;
  holds: (ctx: Context) => boolean;
  text: (ctx: Context) => string;
}

const REASONS: readonly ReasonRule[] = [
  {
    code: 'CTR',
    holds: ({ input }) => hasCtr(input),
    text: ({ input }) =>
      input.workingAgeCtr
        ? 'Receives Council Tax Reduction (working-age award).'
        : 'Receives Council Tax Reduction (shown on the 2020 bill).',
  },
  {
    code: 'DECEASED',
    holds: ({ input }) => isDeceased(input),
    text: () => 'An officer has confirmed a death-list entry for this account.',
  },
  {
    code: 'EXEMPT',
    holds: ({ input }) => isExempt(input),
    text: ({ input, exemptReason }) => {
      const cls = (input.exemptionClass ?? '').trim();
      const reason = exemptReason(cls);
      return `Exempt, class ${cls}: ${reason ?? 'reason not known'}.`;
    },
  },
  {
    code: 'RETURNED_DD',
    holds: ({ input }) => hasReturnedDd(input),
    text: ({ input }) => `A direct debit was returned (${input.directDebit?.returnedDdNotByAddacs.trim() ?? ''}).`,
  },
  {
    code: 'ADDACS',
    holds: ({ input }) => hasAddacs(input),
    text: ({ input }) => `The bank cancelled the direct debit through ADDACS (${input.directDebit?.addacs.trim() ?? ''}).`,
  },
  {
    code: 'PREMIUM',
    holds: ({ input }) => hasPremium(input),
    text: () => 'The 2020 bill carries a premium (for example, long-term empty).',
  },
  {
    code: 'OTHER_DISCOUNT',
    holds: ({ input }) => hasDiscount(input) && !isSpd(input),
    text: ({ input }) => {
      const bill = primaryFdmBill(input);
      const discounts = [bill?.discount1, bill?.discount2].filter((d) => d !== undefined && d.trim() !== '').join(' and ');
      return `Has a discount other than a single person discount alone (${discounts}).`;
    },
  },
  {
    code: 'NO_DD_DATA',
    holds: ({ input }) => paymentMethod(input) === 'DD' && !hasDdRow(input),
    text: () => 'Pays by direct debit, but there is no direct-debit row for the account.',
  },
  {
    code: 'DD_NOT_TAKEN',
    holds: ({ input }) => paymentMethod(input) === 'DD' && hasDdRow(input) && !isDdTaken(input),
    text: () => 'Pays by direct debit, but no direct debits were taken.',
  },
  {
    code: 'DD_DISCREPANCY',
    holds: ({ input, settings }) => ddDiscrepancyWithoutDiscount(input, settings) || ddDiscrepancyWithSpd(input, settings),
    text: ({ input, settings }) => {
      const diff = isSpd(input) ? input.directDebit?.diffDdGrossCharge25Pence : input.directDebit?.diffDdGrossChargePence;
      return `Direct debits taken do not match the 2020/21 charge within ${money(settings.tolerancePence)} (${differenceText(diff)}).`;
    },
  },
  {
    code: 'DD_ON_CASH_ACCOUNT',
    holds: ({ input }) => paymentMethod(input) === 'CASH' && isDdTaken(input),
    text: () => 'A cash account on which direct debits were taken.',
  },
  {
    code: 'CASH_DISCREPANCY',
    holds: ({ input, settings }) => cashDiscrepancyWithoutDiscount(input, settings) || cashDiscrepancyWithSpd(input, settings),
    text: ({ input, settings }) =>
      `Cash paid (${money(input.cashPaidPence)}) matches neither the instalments within ${money(settings.tolerancePence)}, nor the full charge, nor the charge for the days occupied.`,
  },
  {
    code: 'UNKNOWN_METHOD',
    holds: ({ input }) => paymentMethod(input) === 'OTHER',
    text: ({ input }) =>
      input.paymentMethodCode.trim() === ''
        ? 'No payment method.'
        : `Payment method "${input.paymentMethodCode.trim()}" is neither direct debit nor cash.`,
  },
  {
    code: 'NO_BAND',
    holds: ({ input, breakdown }) => breakdownFor(input.band, breakdown) === null,
    text: ({ input }) =>
      input.band === null || input.band.trim() === '' ? 'The account has no band.' : `There is no band breakdown for band ${input.band.trim()}.`,
  },
  {
    code: 'NO_ADDRESS',
    holds: ({ input }) => correspondenceAddress(input) === null,
    text: () => 'Neither the forwarding nor the property address has both an address line and a postcode.',
  },
  {
    code: 'MANUAL',
    holds: ({ input }) => input.overrides.manualExclude !== undefined,
    text: ({ input }) => `Excluded by an officer: ${input.overrides.manualExclude?.note ?? ''}`,
  },
  {
    code: 'ALREADY_BILLED',
    holds: ({ input }) => input.alreadyBilled && !input.reissue,
    text: () => 'Already billed in an earlier approved run, and this run is not a re-issue.',
  },
];

const UNKNOWN_REASON: ExemptReasonLookup = () => undefined;

/** Every reason whose own condition holds, in the spec's order (MANUAL and ALREADY_BILLED included). */
export function exclusionReasons(
  input: AccountInput,
  settings: BillingSettings,
  breakdown: BandBreakdown,
  exemptReason: ExemptReasonLookup = UNKNOWN_REASON,
): Exclusion[] {
  const ctx: Context = { input, settings, breakdown, exemptReason };
  return REASONS.filter((rule) => rule.holds(ctx)).map((rule) => ({ code: rule.code, text: rule.text(ctx) }));
}
