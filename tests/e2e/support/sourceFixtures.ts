// One small synthetic file per source, for driving every import through the UI. Names,
// addresses and account numbers are made up; the layouts copy the real exports (CSV headers
// as officers' spreadsheets spell them, the print-house text layout of March 2020, the
// registration service's pipe-separated deaths list). Written at test time, nothing binary
// is committed.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { ImportableSource } from '../../../shared/sources/catalog';

export interface SourceFixture {
  source: ImportableSource;
  file: string;
  /** The print run to type, for print bill files. */
  run?: string;
  /** What the report step must show. */
  expect: { rowsRead: number; rowsStaged: number };
}

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** The lead liable of the first account is on the deaths list, at the same postcode. */
export const DECEASED = { account: '312345678', name: 'Alan Fixturedale', postcode: 'E8 1ZZ' };

const ACCOUNTS: (string | number)[][] = [
  ['Mail Merge Reference', 'VO Band', 'Calculated 20/21 Charge', 'lead_liable_title', 'lead_liable_forename', 'lead_liable_surname', 'Addr 1', 'Postcode'],
  [DECEASED.account, 'C', 1310.5, 'Mr', 'Alan', 'Fixturedale', '12 Example Street', DECEASED.postcode],
  ['323456789', 'B', 1146.69, 'Ms', 'Bea', 'Mockington', '3 Sample Road', 'E9 2ZY'],
  ['334567890X', 'D', 1474.31, 'Mx', 'Cal', 'Testerby', 'Flat 4, 7 Dummy Lane', 'N16 3ZX'],
];

/** Academy accounts as a workbook: the accounts on "Accounts", a second sheet of notes. */
export async function writeAccountsXlsx(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Accounts');
  ACCOUNTS.forEach((row, i) => {
    ws.getRow(i + 1).values = row;
  });
  for (let r = 2; r <= ACCOUNTS.length; r++) ws.getRow(r).getCell(3).numFmt = '"£"#,##0.00';
  const notes = wb.addWorksheet('Notes');
  notes.getRow(1).values = ['Note'];
  notes.getRow(2).values = ['Synthetic accounts for the end-to-end tests.'];
  await wb.xlsx.writeFile(file);
}

function voBandsCsv(): string {
  return crlf([
    'MAIL_MERGE_REFERENCE,property_ref,VO BAND,VO Schedule Date,New Band (from schedule),Prev Band (from schedule),Reason Altered,notes',
    `${DECEASED.account},00011111,C,01/04/1993 00:00,,,,`,
    '323456789,00022222,B,01/04/1993 00:00,,,,',
    '334567890X,00033333,E,14/10/2020 00:00,E,D,EXTENSION,',
  ]);
}

function breakdownCsv(): string {
  const lines = ['VO Band,Service,Amount,Percentage Diff 20/21'];
  for (const [band, hackney, asc] of [
    ['A', '729.11', '26.47'],
    ['B', '850.63', '30.88'],
  ]) {
    lines.push(`${band},LONDON BOROUGH OF HACKNEY,£${hackney},1.99`, `${band},ADULT SOCIAL CARE,£${asc},3.00`);
  }
  return crlf(lines);
}

function directDebitCsv(): string {
  return crlf([
    'Mail Merge Reference,20/21 Gross Debit (12 instalments),20/21 Gross Debit (10 instalments),Direct Debit Taken,Diff DD - Gross Charge,75% Charge 12 Instalments,75% Charge 10 Instalments,Diff DD - Gross Charge 25%,Returned DD (not by ADDACS),Cash Paid September,Diff Cash Paid - Gross Debit 10 Instalments,Diff Cash Paid - Gross 25% off Debit 10 Instalments,ADDACS',
    `${DECEASED.account},£109.21,£131.05,6,(£655.26),£81.91,£98.29,-£491.44,N/A,#N/A,#N/A,#N/A,-`,
    '323456789,£95.56,£114.67,8,£0.00,£71.67,£86.00,£0.00,N/A,£0.00,£0.00,£0.00,-',
  ]);
}

function cashCsv(): string {
  return crlf([
    'Entry Date,Transaction Date,area,office,machine,Receipt No,internal_ref,user,Net Amount,fund,MOP,Account',
    `06-JUL-2020,05-JUL-2020,HACKNEY,HSC,M12,R0900001,16000001,U1001,789.28,1,CARD,${DECEASED.account}`,
    '24/5/2020,21/5/2020,POST OFFICE,HSC,M12,R0900002,16000002,U1002,£60.27,1,CASH,323456789',
    '25/5/2020,25/5/2020,HACKNEY,HSC,M12,R0900003,16000003,U1002,12.00,1,CARD,334567890X',
  ]);
}

function workingAgeCsv(): string {
  return crlf([
    'CTAX_REF,W_AGE_CTR,Claim ID,From Date,To Date,property_ref,manual_ind,inc_supp_ind,type_ind,reason_ind,Local Amt,model_amt,model_ind,Posting Date,user_id,assess_id,ctax_ass_id',
    '323456789,Y,4900001,13/6/2018,31/12/2019,00022222,N,N,P,NEW,"£1,018.51","£1,019.59",B,18/6/2018,U1344,575001,166001',
    '334567890X,Y,4900002,14-JUL-2019,31-MAR-2021,00033333,N,Y,P,,88.33,88.33,B,31-JUL-2019,U8502,616002,305002',
  ]);
}

interface Bill {
  lead: string;
  additional: string[];
  address: string[];
  postcode: string;
  band: string;
  account: string;
  billNo: string;
  gross: string;
  discount?: string;
  total: string;
}

/** One bill block in the direct-debit print layout (see shared/samples/fdm_bills_dd.txt). */
function billLines(b: Bill): string[] {
  const addr = [...b.address, '', '', '', ''].slice(0, 4);
  const out = ['----------', '|1 April 2020 to 31 March 2021|', '10 March 2020|', `${b.lead}|`, ...b.additional.map((n) => `${n}|`), '|'];
  out.push(...addr.map((l) => `${l}|`), `${b.postcode}|`, ...addr.map((l) => `${l}|`));
  out.push(`${b.band}|`, `${b.account}   ${b.billNo}|`, '|');
  out.push(`${b.gross}|`, '3.99%|', 'LONDON BOROUGH OF HACKNEY|', '£714.85|', '1.99%|', 'ADULT SOCIAL CARE|', '£25.67|', '2.00%|');
  out.push('GREATER LONDON AUTHORITY|', '£242.36|', '3.60%|', '|');
  out.push('This bill is for Council Tax for the period from 1 April 2020 to 31 March 2021.|', '|');
  out.push('Council Tax due for period 01.04.2020 to 31.03.2021|', `${b.gross}|`);
  if (b.discount) out.push(`Single Person Discount -${b.discount}|`);
  out.push('|', 'Total Charge for Period|', `${b.total}|`, '|', 'Total amount due for period 01.04.2020 to 31.03.2021|', `${b.total}|`);
  out.push('12 PAYMENTS WILL BE DEBITED DIRECTLY FROM YOUR BANK ACCOUNT AS FOLLOWS:|');
  out.push('Apr|£66.16|Oct|£61.00|', 'May|£61.00|Nov|£61.00|', 'Jun|£61.00|Dec|£61.00|');
  out.push('Jul|£61.00|Jan|£61.00|', 'Aug|£61.00|Feb|£61.00|', 'Sep|£61.00|Mar|£61.00|');
  return out;
}

/** Two bills of the direct-debit run, Windows-1252 with CRLF like the print-house files. */
function fdmBillsTxt(): Buffer {
  const lines = [
    ...billLines({
      lead: 'MR ALAN FIXTUREDALE',
      additional: [],
      address: ['12 EXAMPLE STREET', 'LONDON'],
      postcode: DECEASED.postcode,
      band: 'C',
      account: DECEASED.account,
      billNo: '9900001',
      gross: '£982.88',
      discount: '£245.72',
      total: '£737.16',
    }),
    ...billLines({
      lead: 'MS BEA MOCKINGTON',
      additional: ['MR JOSÉ MOCKINGTON'],
      address: ['3 SAMPLE ROAD', 'LONDON'],
      postcode: 'E9 2ZY',
      band: 'B',
      account: '323456789',
      billNo: '9900002',
      gross: '£1,146.69',
      total: '£1,146.69',
    }),
  ];
  return Buffer.from(crlf(lines), 'latin1');
}

/** Two exemption notices (see tests/fixtures/print/exemptions.txt for the layout). */
function fdmExemptionsTxt(): Buffer {
  const notice = (lead: string[], address: string[], postcode: string, account: string, noticeNo: string, band: string, cls: string) => {
    const addr = [...address, '', '', '', ''].slice(0, 4);
    return [
      '----------',
      '|Council Tax exemption notice for 2020/2021|',
      '10 March 2020|',
      ...lead.map((n) => `${n}|`),
      '|',
      ...addr.map((l) => `${l}|`),
      `${postcode}|`,
      ...addr.map((l) => `${l}|`),
      `${account}   ${noticeNo}|`,
      '|',
      `This property is in band ${band}.|`,
      '|',
      `You do not have to pay Council Tax for this property because it falls into the category of exempt class ${cls}.|`,
      'This exemption will apply until the circumstances change.|',
    ];
  };
  const lines = [
    ...notice(['MX CAL TESTERBY'], ['FLAT 4', '7 DUMMY LANE', 'LONDON'], 'N16 3ZX', '334567890X', '8900001', 'D', 'N which is OCCUPIED - ALL OCCUPIERS ARE STUDENTS'),
    ...notice(['MRS ÉLODIE SAMPLESON', 'MR JEAN SAMPLESON'], ['9 TRIAL GROVE', 'LONDON'], 'E5 4ZW', '345678901', '8900002', 'F', 'C which is UNOCCUPIED AND SUBSTANTIALLY UNFURNISHED'),
  ];
  return Buffer.from(crlf(lines), 'latin1');
}

/** The deaths report in its pipe-separated text form: one entry matches an account. */
function deathsTxt(): string {
  return [
    'Name of Deceased|Date of Death|Usual Address',
    `${DECEASED.name}|03/01/2021|12 Example Street, London, ${DECEASED.postcode}`,
    'Nora Nomatchley|11/12/2020|Flat 9, 88 Nowhere Row, London, E5 0ZZ',
    '',
  ].join('\n');
}

/** Writes every fixture into `dir`, in the order to import them (accounts first, deaths last). */
export async function writeSourceFixtures(dir: string): Promise<SourceFixture[]> {
  fs.mkdirSync(dir, { recursive: true });
  const at = (name: string) => path.join(dir, name);
  await writeAccountsXlsx(at('academy_accounts.xlsx'));
  fs.writeFileSync(at('valuation_office_bands.csv'), voBandsCsv(), 'latin1');
  fs.writeFileSync(at('vo_bands_breakdown.csv'), breakdownCsv(), 'latin1');
  fs.writeFileSync(at('direct_debit_discrepancies.csv'), `\ufeff${directDebitCsv()}`, 'utf8');
  fs.writeFileSync(at('cash_payments.csv'), cashCsv(), 'latin1');
  fs.writeFileSync(at('working_age_ctr.csv'), workingAgeCsv(), 'latin1');
  fs.writeFileSync(at('fdm_bills_test.txt'), fdmBillsTxt());
  fs.writeFileSync(at('fdm_exemptions.txt'), fdmExemptionsTxt());
  fs.writeFileSync(at('death_list.txt'), deathsTxt(), 'utf8');
  return [
    { source: 'accounts', file: at('academy_accounts.xlsx'), expect: { rowsRead: 3, rowsStaged: 3 } },
    { source: 'valuation_office_bands', file: at('valuation_office_bands.csv'), expect: { rowsRead: 3, rowsStaged: 3 } },
    { source: 'vo_bands_breakdown', file: at('vo_bands_breakdown.csv'), expect: { rowsRead: 4, rowsStaged: 4 } },
    { source: 'direct_debit_discrepancies', file: at('direct_debit_discrepancies.csv'), expect: { rowsRead: 2, rowsStaged: 2 } },
    { source: 'cash_payments', file: at('cash_payments.csv'), expect: { rowsRead: 3, rowsStaged: 3 } },
    { source: 'working_age_ctr', file: at('working_age_ctr.csv'), expect: { rowsRead: 2, rowsStaged: 2 } },
    { source: 'fdm_bills', file: at('fdm_bills_test.txt'), run: 'dd', expect: { rowsRead: 2, rowsStaged: 2 } },
    { source: 'fdm_exemptions', file: at('fdm_exemptions.txt'), expect: { rowsRead: 2, rowsStaged: 2 } },
    { source: 'death_list', file: at('death_list.txt'), expect: { rowsRead: 2, rowsStaged: 2 } },
  ];
}
