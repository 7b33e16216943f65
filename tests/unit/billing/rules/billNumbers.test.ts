import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignBillNumbers, cashBarcode, isLuhnValid, luhnCheckDigit, nextFirstBillNumber } from '../../../../shared/billing/rules/billNumbers';
import { DEFAULT_SETTINGS_2021_22 as S } from '../../../../shared/billing/rules/settings';

describe('bill numbers', () => {
  it('follow account-number order: digits as a number, then without X before with X', () => {
    const numbered = assignBillNumbers(['382251954X', '310091733', '382251954', '31137908'], 101);
    expect(numbered).toEqual([
      { accountNumber: '31137908', seq: 1, billNumber: 101 },
      { accountNumber: '310091733', seq: 2, billNumber: 102 },
      { accountNumber: '382251954', seq: 3, billNumber: 103 },
      { accountNumber: '382251954X', seq: 4, billNumber: 104 },
    ]);
  });
  it('a new run starts one above the highest earlier number, the first run at the configured number', () => {
    expect(nextFirstBillNumber(null, S)).toBe(1);
    expect(nextFirstBillNumber(null, { ...S, firstBillNumber: 5000 })).toBe(5000);
    expect(nextFirstBillNumber(29, S)).toBe(30);
  });
});

describe('Luhn and the cash barcode', () => {
  it('known check digits', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('79927398710')).toBe(false);
  });
  it('the barcodes of EXPECTED.md', () => {
    expect(cashBarcode('382251954', S.cashBarcodePrefix)).toBe('982633822519542');
    expect(cashBarcode('34861122', S.cashBarcodePrefix)).toBe('982630348611225');
    expect(cashBarcode('382251954X', S.cashBarcodePrefix)).toBe('982633822519542');
  });
  it('refuses what is not an account number', () => {
    expect(() => cashBarcode('ABC', '98263')).toThrow(RangeError);
    expect(() => luhnCheckDigit('12a')).toThrow(RangeError);
  });
  it('every barcode validates, and changing any one digit breaks it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10_000_000, max: 999_999_999 }), fc.nat(13), fc.integer({ min: 1, max: 9 }), (digits, pos, delta) => {
        const code = cashBarcode(`${digits}`, '98263');
        expect(code).toHaveLength(15);
        expect(isLuhnValid(code)).toBe(true);
        const changed = code.slice(0, pos) + String((Number(code[pos]) + delta) % 10) + code.slice(pos + 1);
        expect(isLuhnValid(changed)).toBe(false);
      }),
    );
  });
});
