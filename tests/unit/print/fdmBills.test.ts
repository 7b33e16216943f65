import { describe, expect, it } from 'vitest';
import { parseFdmBills, type FdmBill } from '../../../shared/print/fdmBills';
import { readPrintFixture } from '../../fixtures/print/readPrintFixture';

const EMPTY: Omit<FdmBill, 'line' | 'account_number' | 'lead_name'> = {
  additional_names: [],
  vo_band: '',
  discount_1: '',
  discount_1_amount_pence: null,
  discount_2: '',
  discount_2_amount_pence: null,
  reduction: '',
  reduction_amount_pence: null,
  premium: '',
  bill_kind: '',
  status: 'ok',
};

describe('parseFdmBills on the hand-written quirks fixture (LF, latin1)', () => {
  const { bills, problems } = parseFdmBills(readPrintFixture('bills_quirks.txt'));

  it('finds every readable block, in file order, with its starting line', () => {
    expect(bills.map((b) => [b.line, b.account_number])).toEqual([
      [1, '312345678'],
      [51, '32345678X'],
      [100, '323456789'],
      [129, '334567890'],
      [166, '345678901'],
      [195, '356789012'],
    ]);
  });

  it('reads names with apostrophes, hyphens, accents and an additional name containing a comma', () => {
    expect(bills[0]).toEqual({
      ...EMPTY,
      line: 1,
      account_number: '312345678',
      lead_name: "MRS RENÉE O'DUMMY-SAMPLE",
      additional_names: ["MR JOSÉ D'ARTIFICE", 'THE EXECUTORS OF MR ALPHA SYNTHETIC, DECEASED'],
      vo_band: 'B',
      discount_1: 'Single Person Discount 25%',
      discount_1_amount_pence: 28667,
      bill_kind: 'dd',
    });
  });

  it('after a form feed + page header: empty band line, cash barcode, two discounts and a reduction among them', () => {
    expect(bills[1]).toEqual({
      ...EMPTY,
      line: 51,
      account_number: '32345678X',
      lead_name: 'Miss Zoë Fakename-Smythe',
      vo_band: '',
      discount_1: 'Student Disregard 50%',
      discount_1_amount_pence: 73716,
      discount_2: 'Single Person Discount 25%',
      discount_2_amount_pence: 18429,
      reduction: 'Less Council Tax Reduction',
      reduction_amount_pence: 20000,
      bill_kind: 'cash',
    });
  });

  it('nil bill with the reduction printed after "Total Charge for Period"', () => {
    expect(bills[2]).toEqual({
      ...EMPTY,
      line: 100,
      account_number: '323456789',
      lead_name: 'DR SYNTH TESTPERSON',
      vo_band: 'C',
      reduction: 'Less Council Tax Reduction',
      reduction_amount_pence: 131050,
      bill_kind: 'nil',
    });
  });

  it('credit bill: "IN CREDIT BY -£…" and "Less payments received" are not deductions', () => {
    expect(bills[3]).toEqual({
      ...EMPTY,
      line: 129,
      account_number: '334567890',
      lead_name: 'MX NOBODY CREDITTON',
      vo_band: 'D',
      bill_kind: 'credit',
    });
  });

  it('reports the block without an account line and keeps parsing', () => {
    expect(problems).toEqual([expect.objectContaining({ line: 158, rule: 'UNREADABLE_BILL' })]);
  });

  it('long-term-empty premium is the text before the £ and is not a discount', () => {
    expect(bills[4]).toEqual({
      ...EMPTY,
      line: 166,
      account_number: '345678901',
      lead_name: 'MR VACANT EMPTYHOUSE',
      vo_band: 'E',
      premium: 'Long Term Empty Premium 100%',
      bill_kind: 'cash',
    });
  });

  it('returns the cut-off final block (ends with `|`, no line end) as TRUNCATED with its readable fields', () => {
    expect(bills[5]).toEqual({
      ...EMPTY,
      line: 195,
      account_number: '356789012',
      lead_name: 'DR CUT OFFINGTON',
      vo_band: 'C',
      bill_kind: '',
      status: 'TRUNCATED',
    });
  });
});

describe('parseFdmBills line ends', () => {
  it('reads a CRLF file (with a form feed + page header) exactly like its LF original', () => {
    const crlf = parseFdmBills(readPrintFixture('bills_crlf.txt'));
    const lf = parseFdmBills(readPrintFixture('bills_quirks.txt'));
    expect(crlf.problems).toEqual([]);
    expect(crlf.bills).toEqual(lf.bills.slice(0, 2));
  });

  it('counts a form feed as a character inside a line, and CRLF as one line end', () => {
    const text = [
      '\f----------',
      '|1 April 2020 to 31 March 2021|',
      '10 March 2020|',
      'MR FORM FEEDER|',
      '|',
      'A|',
      '311111111   1|',
      '12 PAYMENTS WILL BE DEBITED DIRECTLY FROM YOUR BANK ACCOUNT AS FOLLOWS:|',
      '\fFDM PRINT RUN x - PAGE 2\f',
      '----------',
      '|1 April 2020 to 31 March 2021|',
      '10 March 2020|',
      'MR SECOND PAGE|',
      '|',
      'B|',
      '322222222   2|',
      'THIS NOTICE IS FOR INFORMATION ONLY|',
    ].join('\r\n');
    const { bills } = parseFdmBills(text);
    expect(bills.map((b) => [b.line, b.account_number, b.vo_band, b.bill_kind, b.status])).toEqual([
      [1, '311111111', 'A', 'dd', 'ok'],
      [10, '322222222', 'B', 'nil', 'ok'],
    ]);
  });
});

describe('parseFdmBills never shifts a value into a missing field', () => {
  const bill = (lines: string[]): string => ['----------', ...lines].join('\n') + '\n';

  it('a missing band line leaves the band empty (the address line before the account is not a band)', () => {
    const { bills } = parseFdmBills(
      bill([
        '|1 April 2020 to 31 March 2021|',
        '10 March 2020|',
        'MR NO BAND|',
        '|',
        '1 ROAD|',
        'LONDON|',
        '311111111   1|',
        'Single Person Discount 25% -£10.00|',
        '10 PAYMENTS ARE DUE IN RESPECT OF THIS BILL:|',
      ]),
    );
    expect(bills[0]).toMatchObject({ vo_band: '', lead_name: 'MR NO BAND', discount_1_amount_pence: 1000 });
  });

  it('a missing lead name (empty name group) leaves names empty instead of reading the address', () => {
    const { bills } = parseFdmBills(
      bill(['|1 April 2020 to 31 March 2021|', '10 March 2020|', '|', '1 ROAD|', 'C|', '311111111   1|']),
    );
    expect(bills[0]).toMatchObject({ lead_name: '', additional_names: [], vo_band: 'C', status: 'TRUNCATED' });
  });

  it('a names group without its separator stops at the first line starting with a digit', () => {
    const { bills } = parseFdmBills(
      bill(['|1 April 2020 to 31 March 2021|', '10 March 2020|', 'MS ONE|', '1 ROAD|', 'LONDON|', 'D|', '311111111   1|']),
    );
    expect(bills[0]).toMatchObject({ lead_name: 'MS ONE', additional_names: [], vo_band: 'D' });
  });

  it('a discount with no second discount leaves discount_2 empty; an unreadable amount is null, not shifted', () => {
    const { bills } = parseFdmBills(
      bill([
        '|p|',
        '10 March 2020|',
        'MR ODD AMOUNT|',
        '|',
        'E|',
        '311111111   1|',
        'Single Person Discount 25% -£12.3.4|',
        'Less Council Tax Reduction -£5.00|',
        '12 PAYMENTS WILL BE DEBITED DIRECTLY FROM YOUR BANK ACCOUNT AS FOLLOWS:|',
      ]),
    );
    expect(bills[0]).toMatchObject({
      discount_1: 'Single Person Discount 25%',
      discount_1_amount_pence: null,
      discount_2: '',
      discount_2_amount_pence: null,
      reduction: 'Less Council Tax Reduction',
      reduction_amount_pence: 500,
    });
  });

  it('an empty file and a file of page headers give nothing', () => {
    expect(parseFdmBills('')).toEqual({ bills: [], problems: [] });
    expect(parseFdmBills('\fFDM PRINT RUN x - PAGE 1\r\n')).toEqual({ bills: [], problems: [] });
  });
});
