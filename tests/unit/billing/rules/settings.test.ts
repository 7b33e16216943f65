import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS_2021_22 as S, instalmentMonths, validateSettings } from '../../../../shared/billing/rules/settings';

describe('billing-year settings', () => {
  it('the 2021/22 defaults are valid', () => {
    expect(validateSettings(S)).toEqual([]);
    expect(S).toMatchObject({ tolerancePence: 500, cashBarcodePrefix: '98263', fileEncoding: 'iso-8859-1', lineEnding: '\n' });
  });
  it('instalment months: DD April–March, cash April–January', () => {
    expect(instalmentMonths(S.ddInstalments)).toEqual([
      '2021-04', '2021-05', '2021-06', '2021-07', '2021-08', '2021-09', '2021-10', '2021-11', '2021-12', '2022-01', '2022-02', '2022-03',
    ]);
    expect(instalmentMonths(S.cashInstalments).at(-1)).toBe('2022-01');
  });
  it('another year validates when it is consistent (a leap previous year has 366 days)', () => {
    const s = {
      ...S,
      billingPeriod: { start: '2024-04-01', end: '2025-03-31' },
      issueDate: '2024-03-08',
      previousYear: { start: '2023-04-01', end: '2024-03-31', days: 366 },
      ddInstalments: { count: 12, firstMonth: '2024-04' },
      cashInstalments: { count: 10, firstMonth: '2024-04' },
    };
    expect(validateSettings(s)).toEqual([]);
  });
  it('reports each problem for an officer', () => {
    const bad = {
      ...S,
      issueDate: '31/02/2021',
      previousYear: { start: '2020-04-01', end: '2021-03-31', days: 366 },
      ddInstalments: { count: 13, firstMonth: '2021-04' },
      cashInstalments: { count: 10, firstMonth: '2021-07' },
      tolerancePence: -1,
      firstBillNumber: 0,
      cashBarcodePrefix: '98A',
    };
    const fields = validateSettings(bad).map((p) => p.field);
    expect(fields).toEqual(['previousYear.days', 'issueDate', 'ddInstalments.count', 'cashInstalments', 'tolerancePence', 'firstBillNumber', 'cashBarcodePrefix']);
    expect(validateSettings(bad)[0].message).toBe('The previous year is said to have 366 days, but 2020-04-01 to 2021-03-31 is 365 days.');
  });
  it('a previous year that does not end the day before the period', () => {
    const s = { ...S, previousYear: { start: '2019-04-01', end: '2020-03-31', days: 366 } };
    expect(validateSettings(s).map((p) => p.field)).toEqual(['previousYear.end']);
  });
});
