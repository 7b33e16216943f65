import { describe, expect, it } from 'vitest';
import { ACCOUNT_NUMBER, compareAccountNumbers, parseAccountNumber } from '../../../shared/values/accountNumber';
import { BANDS, parseBand } from '../../../shared/values/band';
import { isNoValue } from '../../../shared/values/noValue';

describe('parseAccountNumber', () => {
  it.each([
    ['312345678', '312345678'],
    ['31234567', '31234567'],
    ['312345678X', '312345678X'],
    ['31234567X', '31234567X'],
    ['312345678x', '312345678X'],
    ['  312345678  ', '312345678'],
  ])('%j is account %s', (raw, account) => {
    expect(parseAccountNumber(raw)).toEqual({ kind: 'ok', account });
  });

  it.each(['3123456', '3123456789', '412345678', '3 12345678', '31234 5678', '312345678XX', 'X312345678', '312345678Y', '３12345678', 'abc'])('%j is bad', (raw) => {
    expect(parseAccountNumber(raw)).toEqual({ kind: 'bad' });
  });

  it('an empty cell is no account', () => {
    expect(parseAccountNumber('')).toEqual({ kind: 'none' });
    expect(parseAccountNumber('   ')).toEqual({ kind: 'none' });
  });

  it('the pattern is the spec regex', () => {
    expect(ACCOUNT_NUMBER.source).toBe(String.raw`^3\d{7,8}X?$`);
  });

  it('orders by the digits as a number, then without X before with X', () => {
    const sorted = ['312345679', '312345678X', '31234567', '312345678', '39999999', '31234567X'].sort(compareAccountNumbers);
    expect(sorted).toEqual(['31234567', '31234567X', '39999999', '312345678', '312345678X', '312345679']);
    expect(compareAccountNumbers('312345678', '312345678')).toBe(0);
  });
});

describe('parseBand', () => {
  it.each(BANDS.map((b) => [b]))('%s is a band, in either case', (b) => {
    expect(parseBand(b)).toEqual({ kind: 'ok', band: b });
    expect(parseBand(` ${b.toLowerCase()} `)).toEqual({ kind: 'ok', band: b });
  });

  it.each(['I', 'Z', 'AB', '1', 'D1', 'Band D'])('%j is not a band', (raw) => {
    expect(parseBand(raw)).toEqual({ kind: 'bad' });
  });

  it('an empty cell is no band', () => {
    expect(parseBand('')).toEqual({ kind: 'none' });
  });
});

describe('isNoValue', () => {
  it.each(['', ' ', '#N/A', '#n/a', 'N/A', 'n/a', '-', ' - '])('%j means no value', (t) => {
    expect(isNoValue(t)).toBe(true);
  });

  it.each(['0', '--', 'NA', 'None', 'null', '#VALUE!', '0.00'])('%j is a value', (t) => {
    expect(isNoValue(t)).toBe(false);
  });
});
