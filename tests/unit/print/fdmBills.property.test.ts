import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFdmBills } from '../../../shared/print/fdmBills';
import { renderBillLines, type RenderBill, type RenderDeduction } from './renderFdmBill';

// Synthetic names only: word pieces with apostrophes, hyphens and accents, upper or mixed case.
const word = fc.stringMatching(/^[A-ZÉÈÖ][A-Za-zéèöü]{0,8}(?:['-][A-Za-zÉéö][A-Za-z]{0,6})?$/);
const name = fc
  .tuple(
    fc.constantFrom('', 'MR ', 'MRS ', 'MISS ', 'MX ', 'DR ', 'Miss '),
    fc.array(word, { minLength: 1, maxLength: 3 }),
    fc.constantFrom('', ', DECEASED'),
  )
  .map(([title, words, tail]) => `${title}${words.join(' ')}${tail}`);

const addressLine = fc.oneof(
  fc.constant(''),
  fc.constantFrom('LONDON', 'FLAT 2', "ST SYNTH'S ROAD", 'SAMPLE-UPON-TEST ROAD'),
  fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('FAKE STREET', 'MOCK TERRACE')).map(([n, s]) => `${n} ${s}`),
);
const address = fc.array(addressLine, { minLength: 4, maxLength: 4 });

const pence = fc.integer({ min: 1, max: 500_000 });
const deduction = (labels: string[]): fc.Arbitrary<RenderDeduction> =>
  fc.record({ label: fc.constantFrom(...labels), pence });
const discountLabels = [
  'Single Person Discount',
  'Single Person Discount 25%',
  'Student Disregard 50%',
  'Disabled Band Reduction',
  'Care Leaver Discount 100%',
];

const account = fc
  .tuple(fc.stringMatching(/^\d{7,8}$/), fc.boolean())
  .map(([digits, x]) => `3${digits}${x ? 'X' : ''}`);

const billArb: fc.Arbitrary<RenderBill> = fc
  .record({
    account,
    billNumber: fc.integer({ min: 1, max: 9_999_999 }).map(String),
    lead: name,
    additional: fc.array(name, { maxLength: 3 }),
    forwarding: address,
    postcode: fc.constantFrom('E8 1ZZ', 'N16 0ZZ', ''),
    property: address,
    band: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', ''),
    grossPence: pence,
    discount1: fc.option(deduction(discountLabels), { nil: null }),
    discount2: fc.option(deduction(discountLabels), { nil: null }),
    reduction: fc.option(deduction(['Less Council Tax Reduction', 'Less Council Tax Support']), { nil: null }),
    reductionAfterTotal: fc.boolean(),
    premium: fc.option(deduction(['Long Term Empty Premium 100%', 'Long Term Empty Premium 200%']), { nil: null }),
    kind: fc.constantFrom('dd' as const, 'cash' as const, 'nil' as const, 'credit' as const),
    barcode: fc.stringMatching(/^98\d{13}$/),
  })
  // A second discount only exists after a first one.
  .map((b) => (b.discount1 ? b : { ...b, discount2: null }));

describe('parseFdmBills round trip', () => {
  it('reads back every field of randomly generated bills, with line numbers, across page breaks and line ends', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(billArb, fc.boolean()), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('\n', '\r\n'),
        (bills, eol) => {
          const lines: string[] = [];
          const starts: number[] = [];
          for (const [bill, pageBreak] of bills) {
            if (pageBreak) lines.push(`\fFDM PRINT RUN test - SYNTHETIC - PAGE ${lines.length}`);
            starts.push(lines.length + 1);
            lines.push(...renderBillLines(bill));
          }
          const parsed = parseFdmBills(lines.join(eol) + eol);
          expect(parsed.problems).toEqual([]);
          expect(parsed.bills).toEqual(
            bills.map(([b], i) => ({
              line: starts[i],
              account_number: b.account,
              lead_name: b.lead,
              additional_names: b.additional,
              vo_band: b.band,
              discount_1: b.discount1?.label ?? '',
              discount_1_amount_pence: b.discount1?.pence ?? null,
              discount_2: b.discount2?.label ?? '',
              discount_2_amount_pence: b.discount2?.pence ?? null,
              reduction: b.reduction?.label ?? '',
              reduction_amount_pence: b.reduction?.pence ?? null,
              premium: b.premium?.label ?? '',
              bill_kind: b.kind,
              status: 'ok',
            })),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cutting a bill off anywhere after its account line keeps its fields read so far and marks it TRUNCATED', () => {
    fc.assert(
      fc.property(billArb, fc.nat(), (bill, cut) => {
        const lines = renderBillLines(bill);
        const accountIdx = lines.findIndex((l) => l.startsWith(`${bill.account}   `));
        const endIdx = lines.findIndex((l) =>
          /DEBITED DIRECTLY|DUE IN RESPECT|FOR INFORMATION ONLY|IN CREDIT BY/.test(l),
        );
        const keep = accountIdx + 1 + (cut % (endIdx - accountIdx));
        const parsed = parseFdmBills(lines.slice(0, keep).join('\n')); // no final line end
        expect(parsed.problems).toEqual([]);
        expect(parsed.bills).toHaveLength(1);
        expect(parsed.bills[0]).toMatchObject({
          line: 1,
          account_number: bill.account,
          lead_name: bill.lead,
          additional_names: bill.additional,
          vo_band: bill.band,
          bill_kind: '',
          status: 'TRUNCATED',
        });
      }),
      { numRuns: 200 },
    );
  });
});
