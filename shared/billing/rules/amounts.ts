// Amounts on the bill (billing-rules.md, "Amounts on the bill"). Integer pence throughout;
// percentages are integer hundredths (3.87% → 387); every division rounds half-up.
import { divideHalfUp, quarterHalfUp } from '../../reconcile/accountFacts';
import type { RecipientAmount } from './breakdown';
import type { Template } from './profiles';
import type { BillingSettings } from './settings';

export interface RecipientLine extends RecipientAmount {
  /** Last year's amount: amount ÷ (1 + pct/100), half-up to the penny. */
  lastYearPence: number;
}

export interface BillAmounts {
  gross: number;
  /** 25% of gross (75% templates), else 0. */
  discount: number;
  net: number;
  recipients: RecipientLine[];
  /** (Σ this year − Σ last year) ÷ Σ last year × 100, half-up, in hundredths of a percent. */
  overallChangeHundredths: number;
}

function toNumber(v: bigint): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount too large: ${v}`);
  return n;
}

/** A 75% template (`dd_75`, `cash_75`) takes the 25% discount. */
export function isSeventyFivePercent(template: Template): boolean {
  return template === 'dd_75' || template === 'cash_75';
}

/** A direct-debit template. */
export function isDirectDebitTemplate(template: Template): boolean {
  return template === 'dd_100' || template === 'dd_75';
}

/** Sum of the recipients' amounts for the band. */
export function grossOf(recipients: readonly RecipientAmount[]): number {
  return recipients.reduce((sum, r) => sum + r.amountPence, 0);
}

/** 25% of gross, half-up to the penny, on 75% templates; 0 otherwise. */
export function discountOf(gross: number, template: Template): number {
  return isSeventyFivePercent(template) ? quarterHalfUp(gross) : 0;
}

/** A recipient's 2020/21 amount: amount ÷ (1 + pct/100) = amount × 10000 ÷ (10000 + pct hundredths), half-up. */
export function lastYearAmount(amountPence: number, pctHundredths: number): number {
  return toNumber(divideHalfUp(BigInt(amountPence) * 10000n, 10000n + BigInt(pctHundredths)));
}

/** Overall % change in hundredths, half-up; 0 when last year's total is 0. */
export function overallChangeHundredths(thisYearPence: number, lastYearPence: number): number {
  if (lastYearPence === 0) return 0;
  return toNumber(divideHalfUp((BigInt(thisYearPence) - BigInt(lastYearPence)) * 10000n, BigInt(lastYearPence)));
}

/** Every amount on the bill for a band's recipients and a template. */
export function billAmounts(recipients: readonly RecipientAmount[], template: Template): BillAmounts {
  const lines = recipients.map((r) => ({ ...r, lastYearPence: lastYearAmount(r.amountPence, r.pctHundredths) }));
  const gross = grossOf(recipients);
  const discount = discountOf(gross, template);
  const lastYear = lines.reduce((sum, r) => sum + r.lastYearPence, 0);
  return { gross, discount, net: gross - discount, recipients: lines, overallChangeHundredths: overallChangeHundredths(gross, lastYear) };
}

/** `ESTIMATE_DIFF`: net and the estimate differ by more than the warning limit (£1.00); false without an estimate. */
export function estimateDiffers(netPence: number, estimatePence: number | null, settings: BillingSettings): boolean {
  if (estimatePence === null) return false;
  return Math.abs(netPence - estimatePence) > settings.estimateWarningPence;
}

/** `3.87` from 387 hundredths (`-0.05` from −5). */
export function formatHundredths(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${(abs % 100).toString().padStart(2, '0')}`;
}
