/** Shared test fixtures for the bill-file writer: the 2021/22 default settings and one sample bill. */
import type { BillToPrint, PrintSettings } from '../../../../shared/billing/printFile/billToPrint';

const isoMonths = (startYear: number, startMonth: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => {
    const m = startMonth - 1 + i;
    return `${startYear + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });

/** The 2021/22 defaults of billing-rules.md ("Billing-year settings"). */
export const SETTINGS_2021: PrintSettings = {
  periodStart: '2021-04-01',
  periodEnd: '2022-03-31',
  issueDate: '2021-03-10',
  ddInstalmentMonths: isoMonths(2021, 4, 12),
  cashInstalmentMonths: isoMonths(2021, 4, 10),
};

export const DD_MONTHS = ['Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar'];

/** 393889566, DD75, band B: the bill EXPECTED.md shows in full. */
export const BILL_393889566: BillToPrint = {
  template: 'dd_75',
  profile: 'DD75',
  account: '393889566',
  billNumber: 25,
  leadName: 'Miss Ali Testfield',
  additionalNames: [],
  correspondence: { lines: ['Flat 7', '90 Mock Terrace', 'London', ''], postcode: 'E8 3YU' },
  propertyLines: ['Flat 7', '90 Mock Terrace', 'London', ''],
  band: 'B',
  grossPence: 119200,
  discountPence: 29800,
  netPence: 89400,
  overallPctHundredths: 387,
  recipients: [
    { service: 'LONDON BOROUGH OF HACKNEY', amountPence: 85062, pctHundredths: 199 },
    { service: 'ADULT SOCIAL CARE', amountPence: 3088, pctHundredths: 300 },
    { service: 'GREATER LONDON AUTHORITY', amountPence: 31050, pctHundredths: 951 },
  ],
  discountText: 'Single Person Discount 25%',
  instalments: { n: 12, firstPence: 6900, otherPence: 7500, months: DD_MONTHS },
  barcode: '',
};

/** The bill exactly as EXPECTED.md prints it (without line ends). */
export const BILL_393889566_TEXT = `----------
|1 April 2021 to 31 March 2022|
10 March 2021|
MISS ALI TESTFIELD|
|
Flat 7|
90 Mock Terrace|
London|
|
E8 3YU|
Flat 7|
90 Mock Terrace|
London|
|
B|
393889566   25|
|
£1,192.00|
3.87%|
LONDON BOROUGH OF HACKNEY|
£850.62|
1.99%|
ADULT SOCIAL CARE|
£30.88|
3.00%|
GREATER LONDON AUTHORITY|
£310.50|
9.51%|
|
This bill is for Council Tax for the period from 1 April 2021 to 31 March 2022.|
|
Council Tax due for period 01.04.2021 to 31.03.2022|
£1,192.00|
Single Person Discount 25% -£298.00|
|
Total Charge for Period|
£894.00|
|
Total amount due for period 01.04.2021 to 31.03.2022|
£894.00|
12 PAYMENTS WILL BE DEBITED DIRECTLY FROM YOUR BANK ACCOUNT AS FOLLOWS:|
Apr|£69.00|Oct|£75.00|
May|£75.00|Nov|£75.00|
Jun|£75.00|Dec|£75.00|
Jul|£75.00|Jan|£75.00|
Aug|£75.00|Feb|£75.00|
Sep|£75.00|Mar|£75.00|`.split('\n');
