import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  billAmounts,
  discountOf,
  estimateDiffers,
  formatHundredths,
  lastYearAmount,
  overallChangeHundredths,
} from '../../../../shared/billing/rules/amounts';
import { breakdownFor } from '../../../../shared/billing/rules/breakdown';
import { instalmentCount, instalmentList, splitInstalments } from '../../../../shared/billing/rules/instalments';
import { DEFAULT_SETTINGS_2021_22 as S } from '../../../../shared/billing/rules/settings';
import { BREAKDOWN } from './fixtures';

const bandB = breakdownFor('B', BREAKDOWN) ?? [];
const bandC = breakdownFor('C', BREAKDOWN) ?? [];
const bandH = breakdownFor('H', BREAKDOWN) ?? [];

describe('bill amounts', () => {
  it('393889566, DD75, band B: gross £1,192.00, discount £298.00, net £894.00', () => {
    const a = billAmounts(bandB, 'dd_75');
    expect([a.gross, a.discount, a.net]).toEqual([119200, 29800, 89400]);
    expect(a.recipients.map((r) => [r.recipient, r.amountPence, r.pctHundredths])).toEqual([
      ['LONDON BOROUGH OF HACKNEY', 85062, 199],
      ['ADULT SOCIAL CARE', 3088, 300],
      ['GREATER LONDON AUTHORITY', 31050, 951],
    ]);
    expect(formatHundredths(a.overallChangeHundredths)).toBe('3.87');
  });
  it('100% templates take no discount', () => {
    const a = billAmounts(bandC, 'cash_100');
    expect([a.gross, a.discount, a.net]).toEqual([136228, 0, 136228]);
  });
  it('band H: 25% of £3,065.14 is a half penny, rounded up', () => {
    expect(discountOf(306514, 'dd_75')).toBe(76629);
    expect(billAmounts(bandH, 'cash_75').net).toBe(229885);
  });
  it('band C: each last-year amount is rounded to the penny first, so 3.88 not 3.87', () => {
    expect(lastYearAmount(97214, 199)).toBe(95317);
    expect(lastYearAmount(3529, 300)).toBe(3426);
    expect(lastYearAmount(35485, 951)).toBe(32403);
    const a = billAmounts(bandC, 'dd_100');
    expect(a.recipients.map((r) => r.lastYearPence)).toEqual([95317, 3426, 32403]);
    expect(a.overallChangeHundredths).toBe(388);
    expect(formatHundredths(a.overallChangeHundredths)).toBe('3.88');
  });
  it('overall change handles falls and a zero last year', () => {
    expect(overallChangeHundredths(9900, 10000)).toBe(-100);
    expect(overallChangeHundredths(1, 0)).toBe(0);
    expect(formatHundredths(-5)).toBe('-0.05');
  });
  it('ESTIMATE_DIFF: more than £1.00, exactly £1.00 is no warning, no estimate no warning', () => {
    expect(estimateDiffers(102172, 102272, S)).toBe(false);
    expect(estimateDiffers(136228, 136127, S)).toBe(true);
    expect(estimateDiffers(136228, 136329, S)).toBe(true);
    expect(estimateDiffers(136228, null, S)).toBe(false);
  });
});

describe('instalments', () => {
  it('n from the template and the settings', () => {
    expect(instalmentCount('dd_75', S)).toBe(12);
    expect(instalmentCount('cash_100', S)).toBe(10);
  });
  it('£982.87 over 12: other £82, first £80.87', () => {
    expect(splitInstalments(98287, 12)).toEqual({ n: 12, first: 8087, other: 8200, penceSplit: false });
  });
  it('£894.00 over 12: 74.50 rounds half-up to £75, first £69', () => {
    expect(splitInstalments(89400, 12)).toEqual({ n: 12, first: 6900, other: 7500, penceSplit: false });
  });
  it('first ≤ 0 falls back to pence: £10.67 over 12 → 88p × 11, first 99p', () => {
    expect(splitInstalments(1067, 12)).toEqual({ n: 12, first: 99, other: 88, penceSplit: true });
    expect(splitInstalments(1200, 12)).toEqual({ n: 12, first: 100, other: 100, penceSplit: false });
    expect(splitInstalments(933, 10)).toEqual({ n: 10, first: 33, other: 100, penceSplit: false });
    expect(splitInstalments(800, 10)).toEqual({ n: 10, first: 80, other: 80, penceSplit: true });
  });
  it('a nil net gives nil instalments', () => {
    expect(instalmentList(splitInstalments(0, 10))).toEqual(Array(10).fill(0));
  });
  it('refuses fractional pence and no instalments', () => {
    expect(() => splitInstalments(1.5, 12)).toThrow(RangeError);
    expect(() => splitInstalments(100, 0)).toThrow(RangeError);
  });
  it('always sums to net, the first is positive and the others are equal (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000 }), fc.integer({ min: 1, max: 12 }), (net, n) => {
        const split = splitInstalments(net, n);
        const list = instalmentList(split);
        expect(list).toHaveLength(n);
        expect(list.reduce((s, x) => s + x, 0)).toBe(net);
        expect(split.first).toBeGreaterThan(0);
        expect(new Set(list.slice(1)).size).toBeLessThanOrEqual(1);
        if (!split.penceSplit) expect(split.other % 100).toBe(0);
        else expect(split.other).toBe(Math.floor(net / n));
      }),
      { numRuns: 5000 },
    );
  });
});
