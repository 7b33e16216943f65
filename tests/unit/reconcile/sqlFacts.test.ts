// The SQL forms of the account facts must agree with the TypeScript ones value by value.
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { apportionedCharge, charge75, daysOccupied, DEFAULT_PREVIOUS_YEAR, divideHalfUp, formattedDate, isPresent, sqlPresent } from '../../../shared/reconcile/accountFacts';
import { sqlCharge75, sqlDaysOccupied, sqlDivideHalfUp, sqlIsoDate, sqlPence } from '../../../electron/core/reconcile/sqlFacts';

const db = new Database(':memory:');
afterAll(() => db.close());
const one = (expr: string, params: Record<string, unknown> = {}): unknown => db.prepare(`SELECT ${expr}`).pluck().get(params);
const year = { start: DEFAULT_PREVIOUS_YEAR.start, end: DEFAULT_PREVIOUS_YEAR.end, days: BigInt(DEFAULT_PREVIOUS_YEAR.days) };

describe('SQL arithmetic = TypeScript arithmetic', () => {
  it('divideHalfUp over a grid of signs and remainders', () => {
    for (let n = -50; n <= 50; n++)
      for (const d of [1, 2, 3, 4, 7, 100, 365, 366]) expect(one(sqlDivideHalfUp(String(n), String(d)))).toBe(Number(divideHalfUp(n, d)));
  });
  it('charge75 and apportioned charge on many amounts', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let i = 0; i < 500; i++) {
      const charge = (next() % 500000) - 1000;
      const days = next() % 367;
      expect(one(sqlCharge75('@c'), { c: BigInt(charge) })).toBe(charge75(charge));
      expect(one(sqlDivideHalfUp('@c * @d', '@y'), { c: BigInt(charge), d: BigInt(days), y: 365n })).toBe(apportionedCharge(charge, days, 365));
    }
    expect(one(sqlCharge75('131050'))).toBe(98287);
  });
  it('dates and days occupied', () => {
    for (const v of ['2020-04-01', '2020-03-31', '2020-05-04', '2020-06-15', '2021-03-31', '2021-04-01', '2021-02-29', '2020-02-29', '15/06/2020', ' 2020-06-15 ', '', null]) {
      const iso = one(sqlIsoDate('@v'), { v });
      expect(iso).toBe(formattedDate(v));
      expect(one(sqlDaysOccupied(sqlIsoDate('@v')), { v, ...year })).toBe(daysOccupied(formattedDate(v)));
    }
  });
  it('pence from a staged money cell', () => {
    expect(one(sqlPence('@v'), { v: 131050n })).toBe(131050);
    expect(one(sqlPence('@v'), { v: 131050 })).toBe(131050); // a JS number binds as a real
    expect(one(sqlPence('@v'), { v: 1.5 })).toBeNull();
    expect(one(sqlPence('@v'), { v: '£1,310.50' })).toBeNull();
    expect(one(sqlPence('@v'), { v: null })).toBeNull();
  });
  it('present', () => {
    for (const v of ['', '  ', '#N/A', 'n/a', '-', ' - ', 'X', 'PAYER DECEASED', '0', null, '\t-\r']) expect(one(sqlPresent('@v'), { v })).toBe(isPresent(v) ? 1 : 0);
  });
});
