// Instalments (billing-rules.md, "Instalments"): whole pounds with the first taking the
// remainder; a pence split when that would leave the first ≤ 0. Always sums to net.
import { divideHalfUp } from '../../reconcile/accountFacts';
import { isDirectDebitTemplate } from './amounts';
import type { Template } from './profiles';
import type { BillingSettings } from './settings';

export interface InstalmentSplit {
  n: number;
  first: number;
  /** Each of the other n − 1 instalments. */
  other: number;
  /** The whole-pound split gave a first instalment ≤ 0, so the pence split was used. */
  penceSplit: boolean;
}

/** The number of instalments for a template: DD or cash, from the settings. */
export function instalmentCount(template: Template, settings: BillingSettings): number {
  return isDirectDebitTemplate(template) ? settings.ddInstalments.count : settings.cashInstalments.count;
}

/** `other` = net ÷ n half-up to whole pounds, `first` = net − (n − 1) × other. */
export function wholePoundSplit(netPence: number, n: number): { first: number; other: number } {
  const other = Number(divideHalfUp(netPence, n * 100)) * 100;
  return { first: netPence - (n - 1) * other, other };
}

/** `other` = ⌊net ÷ n⌋ pence, `first` = net − (n − 1) × other. */
export function penceSplit(netPence: number, n: number): { first: number; other: number } {
  const other = Math.floor(netPence / n);
  return { first: netPence - (n - 1) * other, other };
}

export function splitInstalments(netPence: number, n: number): InstalmentSplit {
  if (!Number.isSafeInteger(netPence)) throw new RangeError(`net must be whole pence, not ${netPence}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`the number of instalments must be 1 or more, not ${n}`);
  const pounds = wholePoundSplit(netPence, n);
  if (pounds.first > 0) return { n, ...pounds, penceSplit: false };
  return { n, ...penceSplit(netPence, n), penceSplit: true };
}

/** All n instalments in order, first included (they add up to net). */
export function instalmentList(split: InstalmentSplit): number[] {
  return [split.first, ...Array.from({ length: split.n - 1 }, () => split.other)];
}
