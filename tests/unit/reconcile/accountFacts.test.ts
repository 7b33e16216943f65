import { describe, expect, it } from 'vitest';
import {
  accountFacts,
  apportionedCharge,
  charge75,
  daysOccupied,
  DEFAULT_PREVIOUS_YEAR,
  divideHalfUp,
  formattedDate,
  isPresent,
  isoDayNumber,
  quarterHalfUp,
} from '../../../shared/reconcile/accountFacts';

describe('divideHalfUp', () => {
  it('rounds a half away from zero and everything else to the nearest', () => {
    expect(divideHalfUp(5, 2)).toBe(3n);
    expect(divideHalfUp(7, 2)).toBe(4n);
    expect(divideHalfUp(-5, 2)).toBe(-3n);
    expect(divideHalfUp(5, -2)).toBe(-3n);
    expect(divideHalfUp(4, 3)).toBe(1n);
    expect(divideHalfUp(5, 3)).toBe(2n);
    expect(divideHalfUp(0, 7)).toBe(0n);
    expect(divideHalfUp(-4, 3)).toBe(-1n);
  });
  it('refuses division by zero', () => {
    expect(() => divideHalfUp(1, 0)).toThrow(RangeError);
  });
  it('is exact far beyond float precision', () => {
    expect(divideHalfUp(2n ** 80n + 1n, 2n)).toBe(2n ** 79n + 1n);
  });
});

describe('25% and the 75% charge (EXPECTED.md choice 3)', () => {
  it('£1,310.50 → discount £327.63 (327.625 half-up) → £982.87', () => {
    expect(quarterHalfUp(131050)).toBe(32763);
    expect(charge75(131050)).toBe(98287);
  });
  it('exact quarters and the other remainders', () => {
    expect(charge75(100)).toBe(75);
    expect(quarterHalfUp(1)).toBe(0); // 0.25p
    expect(quarterHalfUp(2)).toBe(1); // 0.5p rounds up
    expect(quarterHalfUp(3)).toBe(1); // 0.75p
    expect(charge75(0)).toBe(0);
  });
  it('a credit (negative charge) rounds its half away from zero', () => {
    expect(quarterHalfUp(-131050)).toBe(-32763);
    expect(charge75(-131050)).toBe(-98287);
  });
  it('refuses a fraction of a penny', () => {
    expect(() => quarterHalfUp(1.5)).toThrow(RangeError);
  });
});

describe('daysOccupied', () => {
  it('moved in on the first day of the year: the whole year, 365 days', () => {
    expect(daysOccupied('2020-04-01')).toBe(365);
  });
  it('moved in before the year: the year length', () => {
    expect(daysOccupied('2020-03-31')).toBe(365);
    expect(daysOccupied('1994-07-13')).toBe(365);
  });
  it('no or unreadable date: the year length', () => {
    expect(daysOccupied(null)).toBe(365);
    expect(daysOccupied('13/07/1994')).toBe(365);
  });
  it('4 May 2020 → 332 days; 15 June 2020 → 290 days (EXPECTED.md worked examples)', () => {
    expect(daysOccupied('2020-05-04')).toBe(332);
    expect(daysOccupied('2020-06-15')).toBe(290);
  });
  it('moved in on the last day: 1 day; after the year: 0', () => {
    expect(daysOccupied('2021-03-31')).toBe(1);
    expect(daysOccupied('2021-04-01')).toBe(0);
  });
  it('follows the settings: a leap previous year', () => {
    const leap = { start: '2019-04-01', end: '2020-03-31', days: 366 };
    expect(daysOccupied('2019-04-01', leap)).toBe(366);
    expect(daysOccupied('2020-02-28', leap)).toBe(33);
    expect(daysOccupied('2019-03-31', leap)).toBe(366);
  });
  it('refuses settings that are not dates', () => {
    expect(() => daysOccupied('2020-05-04', { ...DEFAULT_PREVIOUS_YEAR, end: 'soon' })).toThrow(RangeError);
  });
});

describe('apportionedCharge', () => {
  it('£1,474.31 ÷ 365 × 332 = £1,341.0162… → £1,341.02', () => {
    expect(apportionedCharge(147431, 332, 365)).toBe(134102);
  });
  it('£982.87 ÷ 365 × 290 = £780.9104… → £780.91', () => {
    expect(apportionedCharge(98287, 290, 365)).toBe(78091);
  });
  it('the whole year gives the charge back exactly', () => {
    expect(apportionedCharge(131050, 365, 365)).toBe(131050);
  });
  it('half a penny rounds up', () => {
    // 1p × 1 ÷ 2 = 0.5p → 1p
    expect(apportionedCharge(1, 1, 2)).toBe(1);
    expect(apportionedCharge(3, 1, 2)).toBe(2);
  });
  it('0 days gives 0; refuses a zero year', () => {
    expect(apportionedCharge(131050, 0, 365)).toBe(0);
    expect(() => apportionedCharge(131050, 10, 0)).toThrow(RangeError);
  });
});

describe('dates', () => {
  it('ISO day numbers and real calendar dates only', () => {
    expect(isoDayNumber('1970-01-01')).toBe(0);
    expect(isoDayNumber('2021-03-31')! - isoDayNumber('2020-04-01')!).toBe(364);
    expect(isoDayNumber('2021-02-29')).toBeNull();
    expect(isoDayNumber('2020-02-29')).not.toBeNull();
    expect(formattedDate('2020-06-15')).toBe('2020-06-15');
    expect(formattedDate('15/06/2020')).toBeNull();
    expect(formattedDate(null)).toBeNull();
    expect(formattedDate(20200615)).toBeNull();
  });
});

describe('accountFacts (derived update 5)', () => {
  it('332452801: band C charge, moved in 15 June 2020', () => {
    expect(accountFacts('2020-06-15', 131050)).toEqual({
      formattedOccupiedDate: '2020-06-15',
      daysOccupied: 290,
      charge: 131050,
      charge75: 98287,
      apportionedCharge100: 104122, // 1310.50 × 290 / 365 = 1041.2192…
    });
  });
  it('no charge: the money facts are absent', () => {
    expect(accountFacts('2010-01-01', null)).toEqual({ formattedOccupiedDate: '2010-01-01', daysOccupied: 365, charge: null, charge75: null, apportionedCharge100: null });
  });
});

describe('isPresent (the no-value tokens)', () => {
  it.each([[''], ['  '], ['#N/A'], ['N/A'], ['n/a'], ['-'], [' - '], [null], [undefined]])('%j is not present', (v) => {
    expect(isPresent(v)).toBe(false);
  });
  it.each([['PAYER DECEASED'], ['0'], ['1 - INSTRUCTION CANCELLED'], [0]])('%j is present', (v) => {
    expect(isPresent(v)).toBe(true);
  });
});
