// Bill numbers and cash barcodes (billing-rules.md, "Bill numbers, barcodes, runs").
import { compareAccountNumbers } from '../../values/accountNumber';
import type { BillingSettings } from './settings';

export interface NumberedAccount {
  accountNumber: string;
  /** Position in account-number order, from 1. */
  seq: number;
  billNumber: number;
}

/** Accounts in account-number order, numbered from `firstBillNumber`. */
export function assignBillNumbers(accountNumbers: readonly string[], firstBillNumber: number): NumberedAccount[] {
  return [...accountNumbers]
    .sort(compareAccountNumbers)
    .map((accountNumber, i) => ({ accountNumber, seq: i + 1, billNumber: firstBillNumber + i }));
}

/** The first number of a new run: one above the highest earlier bill number, else the configured first. */
export function nextFirstBillNumber(highestEarlierBillNumber: number | null, settings: BillingSettings): number {
  return highestEarlierBillNumber === null ? settings.firstBillNumber : highestEarlierBillNumber + 1;
}

/** The Luhn check digit for a string of digits (the digit to append). */
export function luhnCheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new RangeError(`not a string of digits: "${digits}"`);
  let sum = 0;
  // From the right: the rightmost payload digit is doubled, since the check digit follows it.
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit is the Luhn check digit of the rest. */
export function isLuhnValid(number: string): boolean {
  if (!/^\d{2,}$/.test(number)) return false;
  return luhnCheckDigit(number.slice(0, -1)) === Number(number[number.length - 1]);
}

/** Prefix + the account's digits zero-padded to 9 + Luhn check digit (an `X` account uses its digits). */
export function cashBarcode(accountNumber: string, prefix: string): string {
  const digits = accountNumber.trim().replace(/X$/i, '');
  if (!/^\d{1,9}$/.test(digits)) throw new RangeError(`not an account number: "${accountNumber}"`);
  const payload = `${prefix}${digits.padStart(9, '0')}`;
  return `${payload}${luhnCheckDigit(payload)}`;
}
