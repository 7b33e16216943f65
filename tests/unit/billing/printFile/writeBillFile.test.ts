import { describe, expect, it } from 'vitest';
import {
  correspondenceAddress,
  isUsableAddress,
  joinLeadName,
  settingsMonths,
  type BillToPrint,
} from '../../../../shared/billing/printFile/billToPrint';
import { isLuhnValid, luhnCheckDigit, paymentBarcode } from '../../../../shared/billing/printFile/luhn';
import {
  addressLines,
  closingLine,
  formatDotDate,
  formatDotPeriod,
  formatLongDate,
  formatMoney,
  formatMonthLabel,
  formatMonthLabels,
  formatPct,
  formatPeriod,
  formatPoundsPlain,
  instalmentLines,
  MANIFEST_HEADER,
  orderRecipients,
  renderBill,
  renderBillFile,
  renderManifest,
  unencodableInLatin1,
} from '../../../../shared/billing/printFile/writeBillFile';
import { BILL_393889566, BILL_393889566_TEXT, DD_MONTHS, SETTINGS_2021 } from './fixtures';

const cashBill = (over: Partial<BillToPrint> = {}): BillToPrint => ({
  ...BILL_393889566,
  template: 'cash_100',
  profile: 'CASH100',
  account: '34861122',
  billNumber: 2,
  leadName: 'Miss Inès James Protowell',
  correspondence: { lines: ['212 Sample Street', 'London'], postcode: 'E5 3XE' },
  propertyLines: ['212 Sample Street', 'London'],
  band: 'D',
  grossPence: 153257,
  discountPence: 0,
  netPence: 153257,
  discountText: '',
  instalments: { n: 10, firstPence: 15557, otherPence: 15300, months: DD_MONTHS.slice(0, 10) },
  barcode: '982630348611225',
  ...over,
});

describe('money', () => {
  it.each([
    [0, '£0.00'],
    [5, '£0.05'],
    [100, '£1.00'],
    [89400, '£894.00'],
    [100000, '£1,000.00'],
    [119200, '£1,192.00'],
    [123456789, '£1,234,567.89'],
    [-32763, '-£327.63'],
  ])('%i pence → %s', (pence, text) => expect(formatMoney(pence)).toBe(text));

  it('manifest pounds: two decimals, no £, no separators', () => {
    expect(formatPoundsPlain(89400)).toBe('894.00');
    expect(formatPoundsPlain(306514)).toBe('3065.14');
    expect(formatPoundsPlain(0)).toBe('0.00');
    expect(formatPoundsPlain(-1823)).toBe('-18.23');
  });

  it('refuses fractions of a penny', () => {
    expect(() => formatMoney(1.5)).toThrow(RangeError);
    expect(() => formatPoundsPlain(Number.NaN)).toThrow(RangeError);
  });
});

describe('percentages', () => {
  it.each([
    [300, '3.00%'],
    [199, '1.99%'],
    [951, '9.51%'],
    [387, '3.87%'],
    [0, '0.00%'],
    [5, '0.05%'],
    [-50, '-0.50%'],
    [10000, '100.00%'],
  ])('%i hundredths → %s', (h, text) => expect(formatPct(h)).toBe(text));
});

describe('dates and months from settings', () => {
  it('long and dotted dates', () => {
    expect(formatLongDate('2021-04-01')).toBe('1 April 2021');
    expect(formatLongDate('2022-03-31')).toBe('31 March 2022');
    expect(formatLongDate('2021-03-10')).toBe('10 March 2021');
    expect(formatDotDate('2021-04-01')).toBe('01.04.2021');
    expect(formatDotDate('2022-03-31')).toBe('31.03.2022');
  });

  it('periods', () => {
    expect(formatPeriod(SETTINGS_2021)).toBe('1 April 2021 to 31 March 2022');
    expect(formatDotPeriod(SETTINGS_2021)).toBe('01.04.2021 to 31.03.2022');
    const next = { ...SETTINGS_2021, periodStart: '2022-04-01', periodEnd: '2023-03-31' };
    expect(formatPeriod(next)).toBe('1 April 2022 to 31 March 2023');
  });

  it('refuses what is not a calendar date', () => {
    for (const bad of ['2021-02-29', '2021-13-01', '01/04/2021', '2021-4-1', '']) {
      expect(() => formatLongDate(bad)).toThrow(RangeError);
    }
    expect(formatLongDate('2024-02-29')).toBe('29 February 2024');
  });

  it('month labels', () => {
    expect(formatMonthLabel('2021-04')).toBe('Apr');
    expect(formatMonthLabel('2022-01-15')).toBe('Jan');
    expect(() => formatMonthLabel('2021-00')).toThrow(RangeError);
    expect(formatMonthLabels(settingsMonths(SETTINGS_2021, 'dd_75'))).toEqual(DD_MONTHS);
    expect(formatMonthLabels(settingsMonths(SETTINGS_2021, 'cash_100'))).toEqual(DD_MONTHS.slice(0, 10));
  });
});

describe('instalment table and closing line', () => {
  it('12 instalments: Apr–Sep | Oct–Mar, first takes the remainder', () => {
    expect(instalmentLines({ n: 12, firstPence: 6900, otherPence: 7500, months: DD_MONTHS })).toEqual([
      'Apr|£69.00|Oct|£75.00|',
      'May|£75.00|Nov|£75.00|',
      'Jun|£75.00|Dec|£75.00|',
      'Jul|£75.00|Jan|£75.00|',
      'Aug|£75.00|Feb|£75.00|',
      'Sep|£75.00|Mar|£75.00|',
    ]);
  });

  it('10 instalments: Apr–Aug | Sep–Jan, thousands separators', () => {
    const lines = instalmentLines({ n: 10, firstPence: 123456, otherPence: 100000, months: DD_MONTHS.slice(0, 10) });
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('Apr|£1,234.56|Sep|£1,000.00|');
    expect(lines[4]).toBe('Aug|£1,000.00|Jan|£1,000.00|');
  });

  it('an odd count leaves one pair on the last line; every month once', () => {
    const months = ['M1', 'M2', 'M3'];
    expect(instalmentLines({ n: 3, firstPence: 1, otherPence: 2, months })).toEqual(['M1|£0.01|M3|£0.02|', 'M2|£0.02|']);
  });

  it('month labels must match the count', () => {
    expect(() => instalmentLines({ n: 12, firstPence: 1, otherPence: 1, months: DD_MONTHS.slice(0, 10) })).toThrow(
      RangeError,
    );
  });

  it('closing line counts the instalments', () => {
    expect(closingLine(BILL_393889566)).toBe(
      '12 PAYMENTS WILL BE DEBITED DIRECTLY FROM YOUR BANK ACCOUNT AS FOLLOWS:|',
    );
    expect(closingLine(cashBill())).toBe('10 PAYMENTS ARE DUE IN RESPECT OF THIS BILL:|');
  });
});

describe('names and addresses', () => {
  it('lead name joined by single spaces, empty parts left out, case unchanged', () => {
    expect(joinLeadName('Miss', 'Inès', 'James', 'Protowell')).toBe('Miss Inès James Protowell');
    expect(joinLeadName('Mr', ' Taylor ', '', 'Fixtureby')).toBe('Mr Taylor Fixtureby');
    expect(joinLeadName('', 'Sam', null, undefined)).toBe('Sam');
  });

  it('address group: 4 lines, empty lines printed as `|`, postcode last', () => {
    expect(addressLines(['212 Sample Street', 'London'], 'E5 3XE')).toEqual([
      '212 Sample Street|',
      'London|',
      '|',
      '|',
      'E5 3XE|',
    ]);
    expect(addressLines(['Flat 7', '', 'London', ''])).toEqual(['Flat 7|', '|', 'London|', '|']);
    expect(addressLines([])).toEqual(['|', '|', '|', '|']);
    expect(() => addressLines(['1', '2', '3', '4', '5'])).toThrow(RangeError);
  });

  it('usable address needs a line and a postcode', () => {
    expect(isUsableAddress({ lines: ['1 Road'], postcode: 'E8 1ZZ' })).toBe(true);
    expect(isUsableAddress({ lines: ['1 Road', 'London'], postcode: '' })).toBe(false);
    expect(isUsableAddress({ lines: ['', ''], postcode: 'E8 1ZZ' })).toBe(false);
  });

  it('correspondence: the forwarding address first when usable, else the property', () => {
    const forwarding = { lines: ['Flat 36', '89 Fictional Parade', 'London'], postcode: 'E8 3XJ' };
    const property = { lines: ['179 Template Row', 'London'], postcode: 'N16 2ZL' };
    expect(correspondenceAddress(forwarding, property)).toBe(forwarding);
    expect(correspondenceAddress({ ...forwarding, postcode: '' }, property)).toBe(property);
    expect(correspondenceAddress(null, property)).toBe(property);
    expect(correspondenceAddress({ ...forwarding, postcode: '' }, { ...property, postcode: '' })).toBeNull();
  });

  it('the bill prints the forwarding address, then the property lines without their postcode', () => {
    const lines = renderBill(
      cashBill({
        correspondence: { lines: ['Flat 36', '89 Fictional Parade', 'London'], postcode: 'E8 3XJ' },
        propertyLines: ['179 Template Row', 'London'],
      }),
      SETTINGS_2021,
    );
    const start = lines.indexOf('|', 3) + 1;
    expect(lines.slice(start, start + 10)).toEqual([
      'Flat 36|',
      '89 Fictional Parade|',
      'London|',
      '|',
      'E8 3XJ|',
      '179 Template Row|',
      'London|',
      '|',
      '|',
      'D|',
    ]);
  });

  it('recipients print in the spec order whatever order they come in', () => {
    const r = BILL_393889566.recipients;
    expect(orderRecipients([r[2], r[0], r[1]])).toEqual(r);
    expect(renderBill({ ...BILL_393889566, recipients: [r[2], r[1], r[0]] }, SETTINGS_2021)).toEqual(
      BILL_393889566_TEXT,
    );
  });
});

describe('renderBill', () => {
  it('reproduces the DD75 bill of 393889566 from EXPECTED.md line for line', () => {
    expect(renderBill(BILL_393889566, SETTINGS_2021)).toEqual(BILL_393889566_TEXT);
  });

  it('capitals with Unicode upper case; additional names as given', () => {
    const lines = renderBill(cashBill({ additionalNames: ['Mr Zoë Example', 'THE EXECUTORS, DECEASED'] }), SETTINGS_2021);
    expect(lines.slice(3, 7)).toEqual(['MISS INÈS JAMES PROTOWELL|', 'Mr Zoë Example|', 'THE EXECUTORS, DECEASED|', '|']);
  });

  it('cash bills carry the barcode after the account line; no discount line on 100% bills', () => {
    const lines = renderBill(cashBill(), SETTINGS_2021);
    const i = lines.indexOf('34861122   2|');
    expect(lines[i + 1]).toBe('982630348611225|');
    expect(lines[i + 2]).toBe('|');
    expect(lines.some((l) => l.includes(' -£'))).toBe(false);
    expect(lines.at(-6)).toBe('10 PAYMENTS ARE DUE IN RESPECT OF THIS BILL:|');
  });

  it('75% discount line: the 2020 text exactly, then -£ and the amount', () => {
    const lines = renderBill({ ...BILL_393889566, discountText: 'Single Person Discount', discountPence: 38314 }, SETTINGS_2021);
    expect(lines).toContain('Single Person Discount -£383.14|');
  });

  it('refuses bills that would break the layout', () => {
    expect(() => renderBill({ ...BILL_393889566, leadName: ' ' }, SETTINGS_2021)).toThrow(/lead name/);
    expect(() => renderBill({ ...BILL_393889566, additionalNames: [''] }, SETTINGS_2021)).toThrow(/additional/);
    expect(() => renderBill({ ...BILL_393889566, leadName: 'A|B' }, SETTINGS_2021)).toThrow(RangeError);
    expect(() => renderBill({ ...BILL_393889566, discountText: '' }, SETTINGS_2021)).toThrow(/discount text/);
    expect(() => renderBill(cashBill({ barcode: '' }), SETTINGS_2021)).toThrow(/barcode/);
  });

  it('every year-specific string comes from the settings', () => {
    const settings = {
      ...SETTINGS_2021,
      periodStart: '2022-04-01',
      periodEnd: '2023-03-31',
      issueDate: '2022-03-09',
    };
    const lines = renderBill(BILL_393889566, settings);
    expect(lines.slice(1, 3)).toEqual(['|1 April 2022 to 31 March 2023|', '9 March 2022|']);
    expect(lines).toContain('This bill is for Council Tax for the period from 1 April 2022 to 31 March 2023.|');
    expect(lines).toContain('Council Tax due for period 01.04.2022 to 31.03.2023|');
    expect(lines).toContain('Total amount due for period 01.04.2022 to 31.03.2023|');
  });
});

describe('renderBillFile and renderManifest', () => {
  it('every line ended, the last one too; LF by default, CRLF on request; empty file for no bills', () => {
    const lf = renderBillFile([BILL_393889566, BILL_393889566], SETTINGS_2021);
    expect(lf).toBe([...BILL_393889566_TEXT, ...BILL_393889566_TEXT].map((l) => `${l}\n`).join(''));
    const crlf = renderBillFile([BILL_393889566], SETTINGS_2021, { lineEnding: 'CRLF' });
    expect(crlf).toBe(BILL_393889566_TEXT.map((l) => `${l}\r\n`).join(''));
    expect(renderBillFile([], SETTINGS_2021)).toBe('');
  });

  it('manifest: header, one row per bill, pounds with 2 dp, LF', () => {
    expect(renderManifest([BILL_393889566, cashBill()])).toBe(
      `${MANIFEST_HEADER}\n393889566,DD75,dd_75,25,1192.00,298.00,894.00,69.00,75.00,12\n` +
        '34861122,CASH100,cash_100,2,1532.57,0.00,1532.57,155.57,153.00,10\n',
    );
    expect(renderManifest([])).toBe(`${MANIFEST_HEADER}\n`);
  });

  it('reports characters ISO-8859-1 cannot hold', () => {
    expect(unencodableInLatin1('INÈS £1')).toEqual([]);
    expect(unencodableInLatin1('ŁUKASZ – Ł')).toEqual(['Ł', '–']);
  });
});

describe('payment barcode (Luhn)', () => {
  it('examples of EXPECTED.md', () => {
    expect(paymentBarcode('98263', '382251954')).toBe('982633822519542');
    expect(paymentBarcode('98263', '34861122')).toBe('982630348611225');
    expect(paymentBarcode('98263', '382251954X')).toBe('982633822519542');
  });

  it('Luhn check digits', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('79927398710')).toBe(false);
    expect(() => luhnCheckDigit('12a')).toThrow(RangeError);
    expect(() => paymentBarcode('98263', 'ABC')).toThrow(RangeError);
  });
});
