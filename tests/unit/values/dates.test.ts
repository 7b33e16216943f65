import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth, isLeapYear, parseDate, toIsoDate } from '../../../shared/values/dates';
import { DATE_STYLES, writeDate } from '../../fixtures/accountsFixture';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

describe('parseDate: UK day-first, always', () => {
  it.each([
    ['04/05/2020', '2020-05-04'],
    ['4/5/2020', '2020-05-04'],
    ['13/6/2018', '2018-06-13'],
    ['2020-05-04', '2020-05-04'],
    ['01-APR-2020', '2020-04-01'],
    ['14-JUL-2019', '2019-07-14'],
    ['4-May-2020', '2020-05-04'],
    ['04-may-2020', '2020-05-04'],
    ['04-mAy-2020', '2020-05-04'],
    ['31/12/2019', '2019-12-31'],
    ['  04/05/2020  ', '2020-05-04'],
  ])('%j is %s', (raw, iso) => {
    expect(parseDate(raw)).toEqual({ kind: 'ok', iso });
  });

  it.each([
    ['04/05/2020 00:00', '2020-05-04'],
    ['04/05/2020 00:00:00', '2020-05-04'],
    ['4/5/2020 13:45', '2020-05-04'],
    ['2020-05-04 00:00:00', '2020-05-04'],
    ['2020-05-04T00:00:00', '2020-05-04'],
    ['2020-05-04T00:00:00.000Z', '2020-05-04'],
    ['2020-05-04T23:30:00+01:00', '2020-05-04'],
    ['01-APR-2020 00:00:00', '2020-04-01'],
    ['01-Apr-2020 09:30', '2020-04-01'],
  ])('with a time part: %j is %s (no time zone moves the day)', (raw, iso) => {
    expect(parseDate(raw)).toEqual({ kind: 'ok', iso });
  });

  it('knows leap years', () => {
    expect(parseDate('29/02/2020')).toEqual({ kind: 'ok', iso: '2020-02-29' });
    expect(parseDate('29/02/2000')).toEqual({ kind: 'ok', iso: '2000-02-29' });
    expect(parseDate('29/02/2021')).toEqual({ kind: 'bad', reason: 'no such calendar date' });
    expect(parseDate('29/02/1900')).toEqual({ kind: 'bad', reason: 'no such calendar date' });
    expect(parseDate('29-FEB-2021').kind).toBe('bad');
    expect(parseDate('2021-02-29').kind).toBe('bad');
  });

  it.each(['31/04/2020', '00/01/2020', '01/00/2020', '01/13/2020', '32/01/2020', '30-FEB-2020', '2020-13-01', '2020-00-10', '31-JUN-2020'])(
    'impossible date %j is bad',
    (raw) => {
      expect(parseDate(raw)).toEqual({ kind: 'bad', reason: 'no such calendar date' });
    },
  );

  it('names an unknown month', () => {
    expect(parseDate('01-XYZ-2020')).toEqual({ kind: 'bad', reason: 'unknown month "XYZ"' });
  });

  it.each(['2020/05/04', '04/05/20', '04.05.2020', '4 May 2020', '01-APRIL-2020', '2020-5-4', 'yesterday', '43952', '04/05/2020 lunchtime', '04/05/2020x'])(
    '%j is not a date in a known format',
    (raw) => {
      expect(parseDate(raw).kind).toBe('bad');
    },
  );

  it.each(['', '   ', '#N/A', 'N/A', 'n/a', '-'])('%j is no value', (raw) => {
    expect(parseDate(raw)).toEqual({ kind: 'none' });
  });
});

describe('calendar helpers', () => {
  it('isLeapYear follows the Gregorian rule', () => {
    expect([1900, 2000, 2019, 2020, 2100, 2400].map(isLeapYear)).toEqual([false, true, false, true, false, true]);
  });

  it('daysInMonth', () => {
    expect(Array.from({ length: 12 }, (_, i) => daysInMonth(2021, i + 1))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2020, 2)).toBe(29);
  });

  it('toIsoDate pads and refuses impossible dates', () => {
    expect(toIsoDate(2020, 5, 4)).toBe('2020-05-04');
    expect(toIsoDate(2021, 2, 29)).toBeNull();
    expect(toIsoDate(2020, 13, 1)).toBeNull();
    expect(toIsoDate(2020, 1, 0)).toBeNull();
  });
});

describe('date properties', () => {
  const calendarDate = fc
    .record({ y: fc.integer({ min: 1800, max: 2200 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
    .filter(({ y, m, d }) => d <= new Date(Date.UTC(y, m, 0)).getUTCDate());
  const iso = ({ y, m, d }: { y: number; m: number; d: number }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const time = fc.constantFrom('', ' 00:00', ' 00:00:00', ' 23:59:59', 'T00:00:00.000Z', ' 7:05');

  it('every written style of a valid calendar date parses back to the same ISO date', () => {
    fc.assert(
      fc.property(calendarDate, fc.constantFrom(...DATE_STYLES), (date, style) => {
        expect(parseDate(writeDate(date, style))).toEqual({ kind: 'ok', iso: iso(date) });
      }),
      { numRuns: 1000 },
    );
  });

  it('DD/MM/YYYY, D/M/YYYY, YYYY-MM-DD and DD-MON-YYYY in any case, with or without a time', () => {
    fc.assert(
      fc.property(calendarDate, time, fc.constantFrom('upper', 'lower', 'title'), (date, t, monthCase) => {
        const { y, m, d } = date;
        const dd = String(d).padStart(2, '0');
        const mm = String(m).padStart(2, '0');
        const mon = monthCase === 'upper' ? MONTHS[m - 1] : monthCase === 'lower' ? MONTHS[m - 1].toLowerCase() : MONTHS[m - 1][0] + MONTHS[m - 1].slice(1).toLowerCase();
        for (const written of [`${dd}/${mm}/${y}`, `${d}/${m}/${y}`, `${y}-${mm}-${dd}`, `${dd}-${mon}-${y}`, `${d}-${mon}-${y}`]) {
          expect(parseDate(written + t)).toEqual({ kind: 'ok', iso: iso(date) });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a day past the end of its month is always bad, in every style', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1800, max: 2200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 3 }), (y, m, over) => {
        const d = new Date(Date.UTC(y, m, 0)).getUTCDate() + over;
        if (d > 99) return;
        for (const style of DATE_STYLES) expect(parseDate(writeDate({ y, m, d }, style)).kind).toBe('bad');
      }),
      { numRuns: 300 },
    );
  });
});
