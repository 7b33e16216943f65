import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoneyForDisplay, formatPounds, parseMoney } from '../../../shared/values/money';
import { MONEY_STYLES, NEGATIVE_STYLES, poundsText, writeMoney, writeNegativeMoney } from '../../fixtures/accountsFixture';

const pence = (raw: string) => {
  const r = parseMoney(raw);
  if (r.kind !== 'ok') throw new Error(`"${raw}" did not parse: ${JSON.stringify(r)}`);
  return r.pence;
};

describe('parseMoney: every form sources.md accepts', () => {
  it.each([
    ['1234.56', 123456],
    ['1,234.56', 123456],
    ['£1,234.56', 123456],
    ['£ 1,234.56', 123456],
    ['£1234.56', 123456],
    ['1310.50', 131050],
    ['1,310.50', 131050],
    ['£1,310.50', 131050],
    ['£ 1,310.50', 131050],
    ['1310.5', 131050],
    ['1310', 131000],
    ['0.05', 5],
    ['0', 0],
    ['1,234,567.89', 123456789],
    ['  £ 1,234.56  ', 123456],
  ])('%j is %i pence', (raw, expected) => {
    expect(parseMoney(raw)).toEqual({ kind: 'ok', pence: expected });
  });

  it.each([
    ['-£3.20', -320],
    ['£-3.20', -320],
    ['(£3.20)', -320],
    ['-3.20', -320],
    ['(3.20)', -320],
    ['-1,234.56', -123456],
    ['(£1,234.56)', -123456],
    ['£ -3.20', -320],
    ['- £3.20', -320],
  ])('negative %j is %i pence', (raw, expected) => {
    expect(parseMoney(raw)).toEqual({ kind: 'ok', pence: expected });
  });

  it('gives zero, never minus zero, for a negative zero', () => {
    expect(Object.is(pence('-0.00'), 0)).toBe(true);
    expect(Object.is(pence('(£0.00)'), 0)).toBe(true);
  });

  it('keeps pence exact where binary floating point would not', () => {
    // 0.1 + 0.2 style traps: 1.15 * 100 is 114.99999999999999 in floating point.
    expect(pence('1.15')).toBe(115);
    expect(pence('4.35')).toBe(435);
    expect(pence('1,005.70')).toBe(100570);
    expect(Number.isInteger(pence('9,999,999.99'))).toBe(true);
  });
});

describe('parseMoney: no value is never zero', () => {
  it.each(['', '   ', '#N/A', '#n/a', 'N/A', 'n/a', '-', ' - '])('%j is no value', (raw) => {
    expect(parseMoney(raw)).toEqual({ kind: 'none' });
  });

  it('reads a real zero as zero', () => {
    expect(parseMoney('0.00')).toEqual({ kind: 'ok', pence: 0 });
    expect(parseMoney('£0.00')).toEqual({ kind: 'ok', pence: 0 });
  });
});

describe('parseMoney: what it refuses', () => {
  it.each(['1,23.45', '12,34', '1234,567.00', ',123.00', '1,2345.00', '1,,234.00', '1,234,56.00', '123,'])('bad grouping %j', (raw) => {
    expect(parseMoney(raw).kind).toBe('bad');
  });

  it.each(['1.234', '1310.500', '£1,234.567', '0.001'])('three decimals %j are refused, not rounded', (raw) => {
    expect(parseMoney(raw)).toEqual({ kind: 'bad', reason: 'more than two decimal places' });
  });

  it.each(['abc', '£', '£-', '()', '(£3.20', '£3.20)', '--3.20', '(-£3.20)', '-£-3.20', '.50', '1310.', '+3.20', '1e3', '3.20-', '£$3.20', '€3.20', '12/04/2020'])(
    '%j is not money',
    (raw) => {
      expect(parseMoney(raw).kind).toBe('bad');
    },
  );

  it('says when two minus signs are given', () => {
    expect(parseMoney('--3.20')).toEqual({ kind: 'bad', reason: 'two minus signs' });
    expect(parseMoney('(-3.20)')).toEqual({ kind: 'bad', reason: 'two minus signs' });
  });

  it('refuses an amount too large to hold exactly', () => {
    expect(parseMoney('123456789012345678901234.00').kind).toBe('bad');
  });

  it('refuses spaces between digits ("13 10.50", "1 2")', () => {
    expect(parseMoney('13 10.50').kind).toBe('bad');
    expect(parseMoney('1 2').kind).toBe('bad');
    expect(parseMoney(' £ 1,234.56 ')).toEqual({ kind: 'ok', pence: 123456 });
    expect(parseMoney('- £ 3.20')).toEqual({ kind: 'ok', pence: -320 });
  });
});

describe('formatPounds', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [50, '0.50'],
    [131050, '1310.50'],
    [123456789, '1234567.89'],
    [-320, '-3.20'],
    [-5, '-0.05'],
    [-1823, '-18.23'],
  ])('%i pence is %j', (p, text) => {
    expect(formatPounds(p)).toBe(text);
  });

  it('refuses anything but whole pence', () => {
    expect(() => formatPounds(1.5)).toThrow(RangeError);
    expect(() => formatPounds(Number.NaN)).toThrow(RangeError);
    expect(() => formatPounds(Number.MAX_SAFE_INTEGER + 2)).toThrow(RangeError);
  });

  it('writes pounds for people with separators and the pound sign', () => {
    expect(formatMoneyForDisplay(123456)).toBe('£1,234.56');
    expect(formatMoneyForDisplay(-320)).toBe('-£3.20');
    expect(formatMoneyForDisplay(100000000)).toBe('£1,000,000.00');
    expect(formatMoneyForDisplay(7)).toBe('£0.07');
  });
});

describe('money properties', () => {
  // Up to ten trillion pounds either way: far beyond any charge, well inside exact integers.
  const anyPence = fc.integer({ min: -1e15, max: 1e15 });
  const nonNegative = fc.integer({ min: 0, max: 1e15 });

  it('parses every accepted style of a non-negative amount back to the same pence', () => {
    fc.assert(
      fc.property(nonNegative, fc.constantFrom(...MONEY_STYLES), (p, style) => {
        expect(parseMoney(writeMoney(p, style))).toEqual({ kind: 'ok', pence: p });
      }),
      { numRuns: 500 },
    );
  });

  it('parses every negative style back to the same (negative) pence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e15 }), fc.constantFrom(...NEGATIVE_STYLES), (abs, style) => {
        expect(parseMoney(writeNegativeMoney(abs, style))).toEqual({ kind: 'ok', pence: -abs });
      }),
      { numRuns: 500 },
    );
  });

  it('formatPounds then parseMoney is the identity, and matches an independent formatter', () => {
    fc.assert(
      fc.property(anyPence, (p) => {
        const text = formatPounds(p);
        expect(text).toBe(poundsText(p));
        expect(parseMoney(text)).toEqual({ kind: 'ok', pence: p });
        expect(parseMoney(formatMoneyForDisplay(p))).toEqual({ kind: 'ok', pence: p });
      }),
      { numRuns: 500 },
    );
  });

  it('never returns a fraction of a penny', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        const r = parseMoney(s);
        if (r.kind === 'ok') expect(Number.isSafeInteger(r.pence)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
