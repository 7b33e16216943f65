import { describe, expect, it } from 'vitest';
import {
  apportionedCharge100,
  apportionedChargeIsPaid,
  charge2021At75,
  compareRuns,
  correspondenceAddress,
  daysOccupiedInPreviousYear,
  deriveFacts,
  hasAddacs,
  hasCtr,
  hasDiscount,
  hasPremium,
  hasReturnedDd,
  isDdTaken,
  isExempt,
  isSpd,
  isUsableAddress,
  movedInDuringPreviousYear,
  paymentMethod,
  primaryFdmBill,
  within,
} from '../../../../shared/billing/rules/facts';
import { DEFAULT_SETTINGS_2021_22 as S } from '../../../../shared/billing/rules/settings';
import { account, cashAccount, ddRow, fdmBill } from './fixtures';

describe('method', () => {
  it('reads the start of the code as received', () => {
    expect(paymentMethod(account({ paymentMethodCode: 'DD1' }))).toBe('DD');
    expect(paymentMethod(account({ paymentMethodCode: 'CASHM' }))).toBe('CASH');
    expect(paymentMethod(account({ paymentMethodCode: 'ATT' }))).toBe('OTHER');
    expect(paymentMethod(account({ paymentMethodCode: '' }))).toBe('OTHER');
  });
});

describe('flags', () => {
  it('has_ctr from a print-file reduction or a working-age award', () => {
    expect(hasCtr(account())).toBe(false);
    expect(hasCtr(account({ workingAgeCtr: true }))).toBe(true);
    expect(hasCtr(account({ fdmBills: [fdmBill({ reduction: 'Council Tax Reduction', reductionAmountPence: 100 })] }))).toBe(true);
  });
  it('no-value tokens are not present', () => {
    expect(hasReturnedDd(account({ directDebit: ddRow({ returnedDdNotByAddacs: 'N/A' }) }))).toBe(false);
    expect(hasAddacs(account({ directDebit: ddRow({ addacs: '-' }) }))).toBe(false);
    expect(hasReturnedDd(account({ directDebit: ddRow({ returnedDdNotByAddacs: 'INSTRUCTION CANCELLED' }) }))).toBe(true);
    expect(hasAddacs(account({ directDebit: ddRow({ addacs: '2 - PAYER DECEASED' }) }))).toBe(true);
    expect(isExempt(account({ exemptionClass: '' }))).toBe(false);
    expect(isExempt(account({ exemptionClass: 'E' }))).toBe(true);
    expect(hasPremium(account({ fdmBills: [fdmBill({ premium: 'Long Term Empty Premium' })] }))).toBe(true);
  });
  it('dd_taken: a positive count; empty, 0 and a missing row are not taken', () => {
    expect(isDdTaken(account({ directDebit: ddRow({ directDebitTaken: '1' }) }))).toBe(true);
    expect(isDdTaken(account({ directDebit: ddRow({ directDebitTaken: '0' }) }))).toBe(false);
    expect(isDdTaken(account({ directDebit: ddRow({ directDebitTaken: '' }) }))).toBe(false);
    expect(isDdTaken(account({ directDebit: null }))).toBe(false);
  });
});

describe('discounts', () => {
  const withDiscounts = (discount1: string, discount2 = '') => account({ fdmBills: [fdmBill({ discount1, discount2 })] });
  it('a single person discount is recognised by its text alone, with no second discount', () => {
    expect(isSpd(withDiscounts('Single Person Discount 25%'))).toBe(true);
    expect(isSpd(withDiscounts('Single Person Discount'))).toBe(true);
    expect(isSpd(withDiscounts('Disregard Discount 25%'))).toBe(true);
    expect(isSpd(withDiscounts('Student Disregard 50%'))).toBe(false);
    expect(isSpd(withDiscounts('Single Person Discount 25%', 'Disabled Band Reduction'))).toBe(false);
    expect(isSpd(withDiscounts(''))).toBe(false);
    expect(hasDiscount(withDiscounts('Student Disregard 50%'))).toBe(true);
    expect(hasDiscount(withDiscounts('#N/A'))).toBe(false);
  });
  it('the print-file bill is the one from the first run in the order dd, cash, props, then others by name', () => {
    expect(['props', 'zeta', 'cash', 'alpha', 'dd'].sort(compareRuns)).toEqual(['dd', 'cash', 'props', 'alpha', 'zeta']);
    const a = account({ fdmBills: [fdmBill({ run: 'props', discount1: 'Student Disregard 50%' }), fdmBill({ run: 'cash' })] });
    expect(primaryFdmBill(a)?.run).toBe('cash');
    expect(hasDiscount(a)).toBe(false);
    expect(primaryFdmBill(account({ fdmBills: [] }))).toBeNull();
  });
});

describe('money facts', () => {
  it('charge_20_21_75 as the 2020 bill printed it: £1,310.50 → £982.87', () => {
    expect(charge2021At75(account({ charge2021Pence: 131050 }))).toBe(98287);
    expect(charge2021At75(account({ charge2021Pence: null }))).toBeNull();
  });
  it('days occupied: moved in on the first day of the previous year is the whole year; the day before is not moved in', () => {
    const first = account({ occupiedDate: '2020-04-01' });
    expect(movedInDuringPreviousYear(first, S)).toBe(true);
    expect(daysOccupiedInPreviousYear(first, S)).toBe(365);
    const before = account({ occupiedDate: '2020-03-31' });
    expect(movedInDuringPreviousYear(before, S)).toBe(false);
    expect(daysOccupiedInPreviousYear(before, S)).toBe(365);
    expect(daysOccupiedInPreviousYear(account({ occupiedDate: '2020-05-04' }), S)).toBe(332);
    expect(daysOccupiedInPreviousYear(account({ occupiedDate: '2021-03-31' }), S)).toBe(1);
    expect(movedInDuringPreviousYear(account({ occupiedDate: null }), S)).toBe(false);
  });
  it('apportioned charge and the exact "paid to the penny" test (worked examples)', () => {
    const a = account({ occupiedDate: '2020-05-04', charge2021Pence: 147431, cashPaidPence: 134102 });
    expect(apportionedCharge100(a, S)).toBe(134102);
    expect(apportionedChargeIsPaid(147431, a, S)).toBe(true);
    expect(apportionedChargeIsPaid(147431, { ...a, cashPaidPence: 134101 }, S)).toBe(false);
    expect(apportionedChargeIsPaid(147431, { ...a, cashPaidPence: 134103 }, S)).toBe(false);
    const c = account({ occupiedDate: '2020-06-15', cashPaidPence: 78091 });
    expect(apportionedChargeIsPaid(98287, c, S)).toBe(true); // 780.9104…
    expect(apportionedChargeIsPaid(98288, c, S)).toBe(false); // 780.9184… − 780.91 rounds to 0.01
  });
  it('within: ±£5.00 inclusive, £5.01 outside, absent is never within', () => {
    expect(within(500, S)).toBe(true);
    expect(within(-500, S)).toBe(true);
    expect(within(501, S)).toBe(false);
    expect(within(-501, S)).toBe(false);
    expect(within(null, S)).toBe(false);
    expect(within(0, { ...S, tolerancePence: 0 })).toBe(true);
  });
});

describe('addresses', () => {
  it('usable = a line and a postcode; the forwarding address first', () => {
    expect(isUsableAddress({ lines: ['', ' '], postcode: 'E8 3YU' })).toBe(false);
    expect(isUsableAddress({ lines: ['1 Road'], postcode: '' })).toBe(false);
    expect(isUsableAddress({ lines: ['1 Road'], postcode: 'E8 3YU' })).toBe(true);
    const fwd = { lines: ['Flat 36', '89 Fictional Parade'], postcode: 'E8 3XJ' };
    expect(correspondenceAddress(account({ forwardingAddress: fwd }))).toBe(fwd);
    const noPostcode = account({ forwardingAddress: { lines: ["155 St Example's Road"], postcode: '' } });
    expect(correspondenceAddress(noPostcode)?.postcode).toBe('E8 3YU');
    expect(correspondenceAddress(account({ propertyAddress: { lines: ['x'], postcode: '' } }))).toBeNull();
  });
});

describe('deriveFacts', () => {
  it('gathers the table for display', () => {
    const f = deriveFacts(cashAccount({ cashPaidPence: 1000 }), S);
    expect(f).toMatchObject({ method: 'CASH', ddRow: false, ddTaken: false, cashPaid: 1000, charge2021: 131050, charge2021At75: 98287, daysOccupied: 365, apportionedCharge100: 131050 });
  });
});
