import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountInput } from '../../../../shared/billing/rules/accountInput';
import { classify, isProfiled, type Classification } from '../../../../shared/billing/rules/classify';
import { EXCLUSION_CODES, exclusionReasons } from '../../../../shared/billing/rules/exclusions';
import { PROFILES, templateOf } from '../../../../shared/billing/rules/profiles';
import { DEFAULT_SETTINGS_2021_22 as S } from '../../../../shared/billing/rules/settings';
import { account, BREAKDOWN, cashAccount, ddRow, fdmBill, SPD_BILL } from './fixtures';

const run = (a: AccountInput): Classification => classify(a, S, BREAKDOWN);
const profileOf = (a: AccountInput): string | null => {
  const c = run(a);
  return isProfiled(c) ? c.profile : null;
};
const codes = (a: AccountInput): string[] => {
  const c = run(a);
  return isProfiled(c) ? [] : c.exclusions.map((e) => e.code);
};

describe('profiles 1–2: direct debit', () => {
  it('DD100 at ±£5.00, DD_DISCREPANCY at ±£5.01', () => {
    expect(run(account({ directDebit: ddRow({ diffDdGrossChargePence: 500 }) }))).toEqual({ profile: 'DD100', template: 'dd_100', forced: false });
    expect(profileOf(account({ directDebit: ddRow({ diffDdGrossChargePence: -500 }) }))).toBe('DD100');
    expect(codes(account({ directDebit: ddRow({ diffDdGrossChargePence: 501 }) }))).toEqual(['DD_DISCREPANCY']);
    expect(codes(account({ directDebit: ddRow({ diffDdGrossChargePence: -501 }) }))).toEqual(['DD_DISCREPANCY']);
    expect(codes(account({ directDebit: ddRow({ diffDdGrossChargePence: null }) }))).toEqual(['DD_DISCREPANCY']);
  });
  it('DD75 judges diff_dd_gross_charge_25', () => {
    const spd = (diff25: number | null) => account({ fdmBills: [SPD_BILL], directDebit: ddRow({ diffDdGrossChargePence: 40000, diffDdGrossCharge25Pence: diff25 }) });
    expect(run(spd(-500))).toEqual({ profile: 'DD75', template: 'dd_75', forced: false });
    expect(codes(spd(-501))).toEqual(['DD_DISCREPANCY']);
  });
  it('missing DD row: NO_DD_DATA; not taken: DD_NOT_TAKEN', () => {
    expect(codes(account({ directDebit: null }))).toEqual(['NO_DD_DATA']);
    expect(codes(account({ directDebit: ddRow({ directDebitTaken: '' }) }))).toEqual(['DD_NOT_TAKEN']);
    expect(codes(account({ directDebit: ddRow({ directDebitTaken: '0' }) }))).toEqual(['DD_NOT_TAKEN']);
  });
  it('a second discount is OTHER_DISCOUNT, never DD_DISCREPANCY', () => {
    const bill = fdmBill({ discount1: 'Single Person Discount 25%', discount2: 'Disabled Band Reduction' });
    expect(codes(account({ fdmBills: [bill], directDebit: ddRow({ diffDdGrossChargePence: 43336 }) }))).toEqual(['OTHER_DISCOUNT']);
  });
  it('a non-25% discount is OTHER_DISCOUNT, with DD_NOT_TAKEN when it applies too', () => {
    const bill = fdmBill({ discount1: 'Student Disregard 50%' });
    expect(codes(account({ fdmBills: [bill] }))).toEqual(['OTHER_DISCOUNT']);
    expect(codes(account({ fdmBills: [bill], directDebit: ddRow({ directDebitTaken: '0' }) }))).toEqual(['OTHER_DISCOUNT', 'DD_NOT_TAKEN']);
  });
});

describe('profiles 3–8: cash', () => {
  it('CASH100 at ±£5.00, CASH_DISCREPANCY at ±£5.01', () => {
    const cash = (diff: number) => cashAccount({ directDebit: ddRow({ directDebitTaken: '', diffDdGrossChargePence: null, diffCashPaidGrossDebit10Pence: diff }) });
    expect(profileOf(cash(-500))).toBe('CASH100');
    expect(profileOf(cash(500))).toBe('CASH100');
    expect(codes(cash(501))).toEqual(['CASH_DISCREPANCY']);
    expect(codes(cash(-501))).toEqual(['CASH_DISCREPANCY']);
  });
  it('CASH75 at +£5.00', () => {
    const a = cashAccount({ fdmBills: [SPD_BILL], directDebit: ddRow({ directDebitTaken: '0', diffCashPaidGross25OffDebit10Pence: 500 }) });
    expect(run(a)).toEqual({ profile: 'CASH75', template: 'cash_75', forced: false });
  });
  it('paid to the penny: CASH100_PAID; a penny short or over is CASH_DISCREPANCY', () => {
    expect(profileOf(cashAccount({ cashPaidPence: 131050 }))).toBe('CASH100_PAID');
    expect(codes(cashAccount({ cashPaidPence: 131049 }))).toEqual(['CASH_DISCREPANCY']);
    expect(codes(cashAccount({ cashPaidPence: 131051 }))).toEqual(['CASH_DISCREPANCY']);
  });
  it('CASH75_PAID at the printed 75% charge (£982.87), not at £982.88', () => {
    expect(profileOf(cashAccount({ fdmBills: [SPD_BILL], cashPaidPence: 98287 }))).toBe('CASH75_PAID');
    expect(codes(cashAccount({ fdmBills: [SPD_BILL], cashPaidPence: 98288 }))).toEqual(['CASH_DISCREPANCY']);
  });
  it('moved in on the first day of the previous year and paid in full: PAID wins over MOVED_IN', () => {
    const a = cashAccount({ occupiedDate: '2020-04-01', cashPaidPence: 131050 });
    expect(profileOf(a)).toBe('CASH100_PAID');
  });
  it('CASH100_MOVED_IN / CASH75_MOVED_IN pay the apportioned charge; moved in the day before the year does not count', () => {
    expect(profileOf(cashAccount({ occupiedDate: '2020-05-04', charge2021Pence: 147431, cashPaidPence: 134102 }))).toBe('CASH100_MOVED_IN');
    expect(profileOf(cashAccount({ fdmBills: [SPD_BILL], occupiedDate: '2020-06-15', cashPaidPence: 78091 }))).toBe('CASH75_MOVED_IN');
    expect(codes(cashAccount({ occupiedDate: '2020-03-31', cashPaidPence: 0 }))).toEqual(['CASH_DISCREPANCY']);
  });
  it('DDs taken on a cash account: DD_ON_CASH_ACCOUNT only', () => {
    expect(codes(cashAccount({ directDebit: ddRow({ directDebitTaken: '2' }) }))).toEqual(['DD_ON_CASH_ACCOUNT']);
  });
  it('an unknown method', () => {
    expect(codes(account({ paymentMethodCode: 'ATT' }))).toEqual(['UNKNOWN_METHOD']);
    expect(codes(account({ paymentMethodCode: '' }))).toEqual(['UNKNOWN_METHOD']);
  });
});

describe('reasons judged on their own', () => {
  it('CTR and deceased: both reasons', () => {
    expect(codes(account({ workingAgeCtr: true, deathConfirmed: true }))).toEqual(['CTR', 'DECEASED']);
  });
  it('a premium on a cash account whose money conditions fail: PREMIUM and CASH_DISCREPANCY', () => {
    expect(codes(cashAccount({ fdmBills: [fdmBill({ premium: 'Long Term Empty Premium' })] }))).toEqual(['PREMIUM', 'CASH_DISCREPANCY']);
  });
  it('returned DD and ADDACS on a cash account whose money condition holds: no CASH_DISCREPANCY', () => {
    const dd = ddRow({ directDebitTaken: '', returnedDdNotByAddacs: 'INSTRUCTION CANCELLED', addacs: 'B', diffCashPaidGrossDebit10Pence: -61 });
    expect(codes(cashAccount({ directDebit: dd }))).toEqual(['RETURNED_DD', 'ADDACS']);
  });
  it('EXEMPT shows the class and its reason', () => {
    const c = classify(account({ exemptionClass: 'E' }), S, BREAKDOWN, (cls) => (cls === 'E' ? 'the occupier is in long-term care' : undefined));
    expect(c).toEqual({ exclusions: [{ code: 'EXEMPT', text: 'Exempt, class E: the occupier is in long-term care.' }] });
    const unknown = classify(account({ exemptionClass: 'Q' }), S, BREAKDOWN);
    expect(isProfiled(unknown) ? '' : unknown.exclusions[0].text).toBe('Exempt, class Q: reason not known.');
  });
  it('no band, or no breakdown for the band: NO_BAND', () => {
    expect(codes(account({ band: null }))).toEqual(['NO_BAND']);
    expect(codes(account({ band: 'G' }))).toEqual(['NO_BAND']);
  });
  it('no usable address: NO_ADDRESS (with any other reason that holds)', () => {
    const none = { lines: ['', ''], postcode: '' };
    expect(codes(account({ propertyAddress: none }))).toEqual(['NO_ADDRESS']);
    expect(codes(account({ propertyAddress: none, directDebit: ddRow({ diffDdGrossChargePence: 9999 }) }))).toEqual(['DD_DISCREPANCY', 'NO_ADDRESS']);
  });
  it('every reason has plain-English text', () => {
    const a = cashAccount({ workingAgeCtr: true, band: null, paymentMethodCode: 'CASH', overrides: { manualExclude: { note: 'wrong person' } } });
    const reasons = exclusionReasons(a, S, BREAKDOWN);
    expect(reasons.map((r) => r.code)).toEqual(['CTR', 'CASH_DISCREPANCY', 'NO_BAND', 'MANUAL']);
    for (const r of reasons) expect(r.text.length).toBeGreaterThan(10);
    expect(reasons[3].text).toBe('Excluded by an officer: wrong person');
  });
});

describe('overrides and earlier runs', () => {
  it('a forced profile on an excluded account', () => {
    const a = account({ workingAgeCtr: true, overrides: { forceProfile: { profile: 'DD75', note: 'checked by phone' } } });
    expect(run(a)).toEqual({ profile: 'DD75', template: 'dd_75', forced: true });
  });
  it('a forced profile cannot clear NO_BAND or NO_ADDRESS: there would be nothing to print', () => {
    const force = { forceProfile: { profile: 'DD100' as const, note: 'x' } };
    expect(codes(account({ band: 'G', workingAgeCtr: true, overrides: force }))).toEqual(['CTR', 'NO_BAND']);
    expect(codes(account({ propertyAddress: { lines: [], postcode: '' }, overrides: force }))).toEqual(['NO_ADDRESS']);
  });
  it('a manual exclusion of a profiled account gives MANUAL only; of an excluded one, MANUAL is added', () => {
    expect(codes(account({ overrides: { manualExclude: { note: 'complaint open' } } }))).toEqual(['MANUAL']);
    expect(codes(account({ deathConfirmed: true, overrides: { manualExclude: { note: 'x' } } }))).toEqual(['DECEASED', 'MANUAL']);
  });
  it('a manual exclusion beats a forced profile', () => {
    expect(codes(account({ overrides: { manualExclude: { note: 'x' }, forceProfile: { profile: 'DD100', note: 'y' } } }))).toEqual(['MANUAL']);
  });
  it('already billed in an approved run: ALREADY_BILLED, unless this run is a re-issue', () => {
    expect(codes(account({ alreadyBilled: true }))).toEqual(['ALREADY_BILLED']);
    expect(profileOf(account({ alreadyBilled: true, reissue: true }))).toBe('DD100');
    expect(codes(account({ alreadyBilled: true, workingAgeCtr: true }))).toEqual(['CTR', 'ALREADY_BILLED']);
    expect(codes(account({ alreadyBilled: true, overrides: { forceProfile: { profile: 'DD100', note: 'x' } } }))).toEqual(['ALREADY_BILLED']);
  });
  it('templates of the profiles', () => {
    expect(PROFILES.map((p) => p.id)).toEqual(['DD100', 'DD75', 'CASH100', 'CASH75', 'CASH100_PAID', 'CASH75_PAID', 'CASH100_MOVED_IN', 'CASH75_MOVED_IN']);
    expect(templateOf('CASH75_MOVED_IN')).toBe('cash_75');
    expect(templateOf('CASH100_PAID')).toBe('cash_100');
  });
});

describe('every account ends with exactly one profile or at least one reason', () => {
  const text = fc.constantFrom('', '#N/A', 'N/A', '-', 'X');
  const money = fc.option(fc.integer({ min: -2000, max: 2000 }), { nil: null });
  const arbAccount = fc.record({
    paymentMethodCode: fc.constantFrom('DD1', 'CASHM', 'ATT', ''),
    band: fc.constantFrom('B', 'C', 'G', null),
    occupiedDate: fc.constantFrom('2020-04-01', '2020-03-31', '2020-10-01', null),
    cashPaidPence: fc.constantFrom(0, 131050, 98287, 65803),
    discount1: fc.constantFrom('', 'Single Person Discount', 'Student Disregard 50%'),
    discount2: fc.constantFrom('', 'Disabled Band Reduction'),
    reduction: text,
    premium: text,
    exemptionClass: fc.constantFrom(null, '', 'E'),
    workingAgeCtr: fc.boolean(),
    deathConfirmed: fc.boolean(),
    hasDd: fc.boolean(),
    taken: fc.constantFrom('', '0', '3'),
    d1: money,
    d2: money,
    d3: money,
    d4: money,
    returned: text,
    addacs: text,
    postcode: fc.constantFrom('', 'E8 3YU'),
    manual: fc.boolean(),
    forced: fc.boolean(),
    alreadyBilled: fc.boolean(),
    reissue: fc.boolean(),
  });
  it('never both, never neither; reasons are distinct and in the spec order', () => {
    fc.assert(
      fc.property(arbAccount, (r) => {
        const a = account({
          paymentMethodCode: r.paymentMethodCode,
          band: r.band,
          occupiedDate: r.occupiedDate,
          cashPaidPence: r.cashPaidPence,
          fdmBills: [fdmBill({ discount1: r.discount1, discount2: r.discount2, reduction: r.reduction, premium: r.premium })],
          exemptionClass: r.exemptionClass,
          workingAgeCtr: r.workingAgeCtr,
          deathConfirmed: r.deathConfirmed,
          directDebit: r.hasDd
            ? ddRow({
                directDebitTaken: r.taken,
                diffDdGrossChargePence: r.d1,
                diffDdGrossCharge25Pence: r.d2,
                diffCashPaidGrossDebit10Pence: r.d3,
                diffCashPaidGross25OffDebit10Pence: r.d4,
                returnedDdNotByAddacs: r.returned,
                addacs: r.addacs,
              })
            : null,
          propertyAddress: { lines: ['1 Road'], postcode: r.postcode },
          overrides: {
            ...(r.manual ? { manualExclude: { note: 'n' } } : {}),
            ...(r.forced ? { forceProfile: { profile: 'CASH100' as const, note: 'n' } } : {}),
          },
          alreadyBilled: r.alreadyBilled,
          reissue: r.reissue,
        });
        const c = run(a);
        if (isProfiled(c)) {
          expect('exclusions' in c).toBe(false);
          if (!r.forced) expect(exclusionReasons(a, S, BREAKDOWN)).toEqual([]);
        } else {
          expect(c.exclusions.length).toBeGreaterThan(0);
          const order = c.exclusions.map((e) => EXCLUSION_CODES.indexOf(e.code));
          expect(order).toEqual([...new Set(order)].sort((x, y) => x - y));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
