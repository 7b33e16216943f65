import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCashTemplate, isDiscountTemplate, type BillToPrint } from '../../../../shared/billing/printFile/billToPrint';
import { isLuhnValid, paymentBarcode } from '../../../../shared/billing/printFile/luhn';
import { formatMoney, renderBill, renderBillFile } from '../../../../shared/billing/printFile/writeBillFile';
import { parseMoney } from '../../../../shared/values/money';
import { parseFdmBills } from '../../../../shared/print/fdmBills';
import { DD_MONTHS, SETTINGS_2021 } from './fixtures';

// Synthetic names: words with apostrophes, hyphens and accents, in mixed case.
const word = fc.stringMatching(/^[A-Za-zÉÈÖéèöüß][A-Za-zéèöü]{0,8}(?:['-][A-Za-zÉéö][A-Za-z]{0,6})?$/);
const name = fc
  .tuple(
    fc.constantFrom('', 'Mr ', 'MRS ', 'Miss ', 'Mx ', 'DR '),
    fc.array(word, { minLength: 1, maxLength: 3 }),
    fc.constantFrom('', ', DECEASED'),
  )
  .map(([title, words, tail]) => `${title}${words.join(' ')}${tail}`);

const addressLine = fc.oneof(
  fc.constant(''),
  fc.constantFrom('London', 'Flat 2', "St Example's Road", 'Sample-Upon-Test Road'),
  fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('Fake Street', 'Mock Terrace')).map(([n, s]) => `${n} ${s}`),
);
const lines = fc.array(addressLine, { minLength: 0, maxLength: 4 });

const account = fc
  .tuple(fc.stringMatching(/^\d{7,8}$/), fc.boolean())
  .map(([digits, x]) => `3${digits}${x ? 'X' : ''}`);

const pence = fc.integer({ min: 0, max: 10_000_000 });
const pct = fc.integer({ min: -2000, max: 2000 });
const discountText = fc.constantFrom(
  'Single Person Discount 25%',
  'Single Person Discount',
  'Disregard Discount 25%',
  'Single Person Discount (25%)',
);

const billArb: fc.Arbitrary<BillToPrint> = fc
  .record({
    template: fc.constantFrom('dd_100', 'dd_75', 'cash_100', 'cash_75') as fc.Arbitrary<BillToPrint['template']>,
    account,
    billNumber: fc.integer({ min: 1, max: 9_999_999 }),
    leadName: name,
    additionalNames: fc.array(name, { maxLength: 3 }),
    corrLines: lines,
    postcode: fc.constantFrom('E8 1ZZ', 'N16 0ZZ', 'E5 9XY'),
    propertyLines: lines,
    band: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'),
    grossPence: pence,
    discountPence: pence,
    netPence: pence,
    overall: pct,
    pcts: fc.tuple(pct, pct, pct),
    amounts: fc.tuple(pence, pence, pence),
    discountText,
    first: pence,
    other: pence,
  })
  .map((r): BillToPrint => {
    const cash = isCashTemplate(r.template);
    const n = cash ? 10 : 12;
    return {
      template: r.template,
      profile: r.template.toUpperCase().replace('_', ''),
      account: r.account,
      billNumber: r.billNumber,
      leadName: r.leadName,
      additionalNames: r.additionalNames,
      correspondence: { lines: r.corrLines, postcode: r.postcode },
      propertyLines: r.propertyLines,
      band: r.band,
      grossPence: r.grossPence,
      discountPence: isDiscountTemplate(r.template) ? r.discountPence : 0,
      netPence: r.netPence,
      overallPctHundredths: r.overall,
      recipients: [
        { service: 'LONDON BOROUGH OF HACKNEY', amountPence: r.amounts[0], pctHundredths: r.pcts[0] },
        { service: 'ADULT SOCIAL CARE', amountPence: r.amounts[1], pctHundredths: r.pcts[1] },
        { service: 'GREATER LONDON AUTHORITY', amountPence: r.amounts[2], pctHundredths: r.pcts[2] },
      ],
      discountText: isDiscountTemplate(r.template) ? r.discountText : '',
      instalments: { n, firstPence: r.first, otherPence: r.other, months: DD_MONTHS.slice(0, n) },
      barcode: cash ? paymentBarcode('98263', r.account) : '',
    };
  });

describe('renderBill → parseFdmBills round trip', () => {
  it('the parser reads back account, names, band, kind and the discount', () => {
    fc.assert(
      fc.property(billArb, (bill) => {
        const text = renderBill(bill, SETTINGS_2021).join('\n') + '\n';
        const { bills, problems } = parseFdmBills(text);
        expect(problems).toEqual([]);
        expect(bills).toHaveLength(1);
        const [p] = bills;
        expect(p.account_number).toBe(bill.account);
        expect(p.lead_name).toBe(bill.leadName.toUpperCase());
        expect(p.additional_names).toEqual(bill.additionalNames);
        expect(p.vo_band).toBe(bill.band);
        expect(p.bill_kind).toBe(isCashTemplate(bill.template) ? 'cash' : 'dd');
        expect(p.status).toBe('ok');
        if (isDiscountTemplate(bill.template)) {
          expect(p.discount_1).toBe(bill.discountText);
          expect(p.discount_1_amount_pence).toBe(bill.discountPence);
        } else {
          expect(p.discount_1).toBe('');
          expect(p.discount_1_amount_pence).toBeNull();
        }
        expect(p.discount_2).toBe('');
        expect(p.reduction).toBe('');
        expect(p.premium).toBe('');
      }),
      { numRuns: 300 },
    );
  });

  it('a whole file reads back bill for bill, with either line ending', () => {
    fc.assert(
      fc.property(fc.array(billArb, { maxLength: 6 }), fc.constantFrom('LF', 'CRLF') as fc.Arbitrary<'LF' | 'CRLF'>, (bills, lineEnding) => {
        const { bills: parsed, problems } = parseFdmBills(renderBillFile(bills, SETTINGS_2021, { lineEnding }));
        expect(problems).toEqual([]);
        expect(parsed.map((p) => p.account_number)).toEqual(bills.map((b) => b.account));
        expect(parsed.map((p) => p.additional_names)).toEqual(bills.map((b) => b.additionalNames));
      }),
      { numRuns: 100 },
    );
  });

  it('money formatting reads back through the project money parser', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (p) => {
        expect(parseMoney(formatMoney(p))).toEqual({ kind: 'ok', pence: p });
      }),
    );
  });

  it('barcodes are 15 digits, Luhn-valid, prefix then the zero-padded digits', () => {
    fc.assert(
      fc.property(account, (acc) => {
        const code = paymentBarcode('98263', acc);
        expect(code).toMatch(/^98263\d{10}$/);
        expect(code.slice(5, 14)).toBe(acc.replace('X', '').padStart(9, '0'));
        expect(isLuhnValid(code)).toBe(true);
      }),
    );
  });
});
