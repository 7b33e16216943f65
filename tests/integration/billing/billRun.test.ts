// `ctb bills` on a small synthetic workspace built from hand-written files through the CLI:
// two DD100 bills, a CASH75 and a CASH100_PAID bill, two excluded accounts, an identical
// repeated accounts row; the files, manifests, exclusions.csv and run.json it writes, the run
// it records, and byte-identical files on a second run.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFdmBills } from '../../../shared/print/fdmBills';
import { ctb, parseCsv, tempDir } from '../../fixtures/harness';

const ACCOUNT_HEADER =
  'Mail Merge Reference,Occupied Date,VO Band,Calculated 20/21 Charge,Estimated 21-22 Charge,lead_liable_title,lead_liable_forename,lead_liable_middlename,lead_liable_surname,for_addr1,for_addr2,for_addr3,for_addr4,for_postcode,addr1,addr2,addr3,addr4,postcode,Payment Method Code';
const ACCOUNT_ROWS = [
  // DD100: DDs taken, difference within £5.00, no print-file bill.
  '312000001,01/04/2010,A,"£1,000.00","£1,021.72",Mr,Sam,,Example,,,,,,12 Sample Street,London,,,E8 1ZZ,DDM',
  // CASH75: single person discount on the 2020 bill, 25% difference within £5.00; billed to the forwarding address.
  '312000002,01/04/2011,A,"£1,000.00",£766.29,Ms,Ann,Jo,Testfield,Flat 2,9 Forward Road,Hackney,,N16 0ZZ,14 Sample Street,London,,,E8 1ZZ,CASH',
  // NO_DD_DATA: a DD payer without a DD row.
  '312000003,01/04/2012,A,"£1,000.00","£1,021.72",Mr,Bo,,Mockley,,,,,,16 Sample Street,London,,,E8 1ZZ,DDM',
  // UNKNOWN_METHOD and NO_BAND.
  '312000004,01/04/2013,,"£1,000.00","£1,021.72",Mrs,Cy,,Placeholder,,,,,,18 Sample Street,London,,,E8 1ZZ,',
  // DD100 on an X account; its estimate (£1,000.00) is more than £1.00 from net: ESTIMATE_DIFF.
  '312000005X,01/04/2014,A,"£1,000.00","£1,000.00",Dr,Eve,,Sampleton,,,,,,20 Sample Street,London,,,E8 1ZZ,DDM',
  // CASH100_PAID: paid the 2020/21 charge in full, no DD row.
  '312000006,01/04/2015,A,"£1,000.00","£1,021.72",Mx,Kim,,Stubworth,,,,,,22 Sample Street,London,,,E8 1ZZ,CASH',
];
const ACCOUNTS_CSV = [ACCOUNT_HEADER, ...ACCOUNT_ROWS, ACCOUNT_ROWS[0]].join('\n') + '\n'; // the first row again: an identical duplicate

const BREAKDOWN_CSV = 'VO Band,Service,Amount,Percentage Diff 20/21\nA,LONDON BOROUGH OF HACKNEY,£729.11,1.99\nA,ADULT SOCIAL CARE,£26.47,3.00\nA,GREATER LONDON AUTHORITY,£266.14,9.51\n';

const DD_CSV =
  'Mail Merge Reference,Direct Debit Taken,Diff DD - Gross Charge,Diff DD - Gross Charge 25%,Diff Cash Paid - Gross Debit 10 Instalments,Diff Cash Paid - Gross 25% off Debit 10 Instalments,Returned DD (not by ADDACS),ADDACS\n' +
  '312000001,12,£0.00,,,,,\n' +
  '312000002,0,,,,£2.00,,\n' +
  '312000005X,12,-£4.00,,,,,\n';

const CASH_CSV = 'Entry Date,Receipt No,Net Amount,Account\n06/07/2020,R1,£600.00,312000006\n07/08/2020,R2,£400.00,312000006\n';

/** A 2020 cash bill as the print house printed it, with a single person discount and an additional name. */
const PRINT_2020 = [
  '----------',
  '|1 April 2020 to 31 March 2021|',
  '10 March 2020|',
  'MS ANN JO TESTFIELD|',
  'MR TOM TESTFIELD|',
  '|',
  '14 SAMPLE STREET|',
  'LONDON|',
  '|',
  '|',
  'E8 1ZZ|',
  '14 SAMPLE STREET|',
  'LONDON|',
  '|',
  '|',
  'A|',
  '312000002   9100001|',
  '982633120000021|',
  '|',
  '£1,000.00|',
  '3.99%|',
  'LONDON BOROUGH OF HACKNEY|',
  '£700.00|',
  '1.99%|',
  'ADULT SOCIAL CARE|',
  '£50.00|',
  '2.00%|',
  'GREATER LONDON AUTHORITY|',
  '£250.00|',
  '3.60%|',
  '|',
  'This bill is for Council Tax for the period from 1 April 2020 to 31 March 2021.|',
  '|',
  'Council Tax due for period 01.04.2020 to 31.03.2021|',
  '£1,000.00|',
  'Single Person Discount 25% -£250.00|',
  '|',
  'Total Charge for Period|',
  '£750.00|',
  '|',
  'Total amount due for period 01.04.2020 to 31.03.2021|',
  '£750.00|',
  '10 PAYMENTS ARE DUE IN RESPECT OF THIS BILL:|',
  'Apr|£75.00|Sep|£75.00|',
  'May|£75.00|Oct|£75.00|',
  'Jun|£75.00|Nov|£75.00|',
  'Jul|£75.00|Dec|£75.00|',
  'Aug|£75.00|Jan|£75.00|',
].join('\n') + '\n';

const TEMPLATES = ['dd_100', 'dd_75', 'cash_100', 'cash_75'] as const;

interface RunJson {
  settings: { firstBillNumber: number };
  billNumbers: { first: number | null; last: number | null };
  control: { rowsRead: number; flaggedRows: number; identicalDuplicateRows: number; profiled: number; excluded: number };
  counts: { profiles: Record<string, number>; reasons: Record<string, number> };
  totals: Record<string, { bills: number; gross: number; discount: number; net: number }>;
  files: Record<string, { bytes: number; sha256: string }>;
}

describe('ctb bills on a small synthetic workspace', () => {
  const tmp = tempDir('ctb-bills-');
  const config = tmp.file('config');
  const ws = tmp.file('bills.ctbw');
  const out1 = tmp.file('run1');
  const out2 = tmp.file('run2');
  let stdout = '';
  let json: { ok: boolean; runNumber: number; profiles: Record<string, number>; reasons: Record<string, number> } | null = null;

  const write = (name: string, text: string, encoding: BufferEncoding = 'utf8') => {
    fs.writeFileSync(tmp.file(name), Buffer.from(text, encoding));
    return tmp.file(name);
  };
  const imp = async (source: string, file: string, extra: string[] = []) => {
    const r = await ctb(['import', '--workspace', ws, '--source', source, file, ...extra], config);
    if (r.code === 2) throw new Error(`${source}: ${r.stderr}`);
  };

  beforeAll(async () => {
    await imp('accounts', write('accounts.csv', ACCOUNTS_CSV));
    await imp('vo_bands_breakdown', write('breakdown.csv', BREAKDOWN_CSV));
    await imp('direct_debit_discrepancies', write('dd.csv', DD_CSV));
    await imp('cash_payments', write('cash.csv', CASH_CSV));
    await imp('fdm_bills', write('fdm_bills_cash.txt', PRINT_2020, 'latin1'), ['--run', 'cash']);
    const first = await ctb(['bills', '--workspace', ws, '--out', out1], config);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    stdout = first.stdout;
    // Numbered from 1 again (an explicit first number), so its files can be compared byte for byte.
    const second = await ctb(['bills', '--workspace', ws, '--out', out2, '--first-bill-number', '1', '--json'], config);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    json = JSON.parse(second.stdout) as typeof json;
  }, 60_000);
  afterAll(() => tmp.cleanup());

  const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name));
  const runJson = (dir: string) => JSON.parse(read(dir, 'run.json').toString('utf8')) as RunJson;

  it('prints a summary with the counts per profile and reason and the totals per template', () => {
    expect(stdout).toContain('Bill run 1 (draft)');
    expect(stdout).toMatch(/DD100\s+2/);
    expect(stdout).toMatch(/CASH75\s+1/);
    expect(stdout).toMatch(/NO_DD_DATA\s+1/);
    expect(stdout).toMatch(/dd_100\s+bills\s+2\s+gross 2043.44/);
    expect(json?.ok).toBe(true);
    expect(json?.runNumber).toBe(2);
    expect(json?.profiles.CASH100_PAID).toBe(1);
    expect(json?.reasons.UNKNOWN_METHOD).toBe(1);
  });

  it('writes the four bill files, their manifests, exclusions.csv and run.json', () => {
    for (const t of TEMPLATES) {
      expect(fs.existsSync(path.join(out1, `${t}.txt`))).toBe(true);
      expect(fs.existsSync(path.join(out1, `${t}.manifest.csv`))).toBe(true);
    }
    expect(read(out1, 'dd_75.txt').length).toBe(0);
    expect(fs.existsSync(path.join(out1, 'exclusions.csv'))).toBe(true);
    // The printable summary is written with every run.
    expect(fs.readFileSync(path.join(out1, 'summary.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(fs.readFileSync(path.join(out1, 'summary.html'), 'utf8')).toContain('Bills to print');
    expect(fs.existsSync(path.join(out1, 'run.json'))).toBe(true);
  });

  it('numbers the bills in account order across the files, and the manifests parse', () => {
    const rows = TEMPLATES.flatMap((t) => {
      const [header, ...body] = parseCsv(read(out1, `${t}.manifest.csv`).toString('utf8')).filter((r) => r.length > 1);
      expect(header).toEqual(['account', 'profile', 'template', 'bill_number', 'gross', 'discount', 'net', 'first_instalment', 'other_instalment', 'instalments']);
      return body;
    });
    const byAccount = Object.fromEntries(rows.map((r) => [r[0], r.slice(1)]));
    expect(byAccount).toEqual({
      '312000001': ['DD100', 'dd_100', '1', '1021.72', '0.00', '1021.72', '86.72', '85.00', '12'],
      '312000002': ['CASH75', 'cash_75', '2', '1021.72', '255.43', '766.29', '73.29', '77.00', '10'],
      '312000005X': ['DD100', 'dd_100', '3', '1021.72', '0.00', '1021.72', '86.72', '85.00', '12'],
      '312000006': ['CASH100_PAID', 'cash_100', '4', '1021.72', '0.00', '1021.72', '103.72', '102.00', '10'],
    });
  });

  it('lists the excluded accounts with every reason in exclusions.csv (UTF-8 with a BOM)', () => {
    const raw = read(out1, 'exclusions.csv');
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(raw.toString('utf8').slice(1)).filter((r) => r.length > 1);
    expect(rows[0]).toEqual(['account', 'reasons', 'details']);
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['312000003', 'NO_DD_DATA'],
      ['312000004', 'UNKNOWN_METHOD;NO_BAND'],
    ]);
    expect(rows.slice(1).every((r) => r[2].length > 0)).toBe(true);
  });

  it('records the counts, totals in pence and file hashes in run.json, and the control totals add up', () => {
    const r = runJson(out1);
    expect(r.control).toMatchObject({ rowsRead: 7, flaggedRows: 0, identicalDuplicateRows: 1, profiled: 4, excluded: 2 });
    expect(r.control.profiled + r.control.excluded + r.control.flaggedRows + r.control.identicalDuplicateRows).toBe(r.control.rowsRead);
    expect(r.billNumbers).toEqual({ first: 1, last: 4 });
    expect(r.counts.profiles).toMatchObject({ DD100: 2, DD75: 0, CASH75: 1, CASH100_PAID: 1 });
    expect(r.counts.reasons).toMatchObject({ NO_DD_DATA: 1, UNKNOWN_METHOD: 1, NO_BAND: 1, CTR: 0 });
    expect(r.totals.dd_100).toMatchObject({ bills: 2, gross: 204344, discount: 0, net: 204344 });
    expect(r.totals.cash_75).toMatchObject({ bills: 1, gross: 102172, discount: 25543, net: 76629 });
    expect(Object.keys(r.files).sort()).toEqual([...TEMPLATES.flatMap((t) => [`${t}.manifest.csv`, `${t}.txt`]), 'exclusions.csv'].sort());
  });

  it('the bills read back with the print-file parser: same accounts, names and band', () => {
    const dd = parseFdmBills(read(out1, 'dd_100.txt').toString('latin1'));
    expect(dd.problems).toEqual([]);
    expect(dd.bills.map((b) => [b.account_number, b.lead_name, b.additional_names, b.vo_band, b.bill_kind])).toEqual([
      ['312000001', 'MR SAM EXAMPLE', [], 'A', 'dd'],
      ['312000005X', 'DR EVE SAMPLETON', [], 'A', 'dd'],
    ]);
    const cash75 = parseFdmBills(read(out1, 'cash_75.txt').toString('latin1'));
    expect(cash75.problems).toEqual([]);
    expect(cash75.bills.map((b) => [b.account_number, b.lead_name, b.additional_names, b.vo_band, b.discount_1, b.discount_1_amount_pence])).toEqual([
      ['312000002', 'MS ANN JO TESTFIELD', ['MR TOM TESTFIELD'], 'A', 'Single Person Discount 25%', 25543],
    ]);
    const text = read(out1, 'cash_75.txt').toString('latin1');
    expect(text).toContain('Flat 2|\n9 Forward Road|\nHackney|\n|\nN16 0ZZ|\n14 Sample Street|\n');
    expect(text).toContain('312000002   2|\n982633120000021|\n');
    expect(read(out1, 'cash_75.txt').includes(0xa3)).toBe(true); // £ in ISO-8859-1
  });

  it('records the run and its bills in the workspace', () => {
    const db = new Database(ws, { readonly: true });
    try {
      const runs = db.prepare('SELECT number, status, created_by, first_bill_number, last_bill_number, files FROM bill_runs ORDER BY number').all() as {
        number: number;
        status: string;
        created_by: string;
        first_bill_number: number;
        last_bill_number: number;
        files: string;
      }[];
      expect(runs.map((r) => [r.number, r.status, r.created_by, r.first_bill_number, r.last_bill_number])).toEqual([
        [1, 'draft', 'test-officer', 1, 4],
        [2, 'draft', 'test-officer', 1, 4],
      ]);
      expect(JSON.parse(runs[0].files)).toEqual(runJson(out1).files);
      expect(db.prepare('SELECT count(*) FROM run_bills').pluck().get()).toBe(8);
      expect(db.prepare('SELECT count(*) FROM run_exclusions').pluck().get()).toBe(6);
      expect(db.prepare("SELECT account, barcode FROM run_bills WHERE template LIKE 'cash%' GROUP BY account ORDER BY account").all()).toEqual([
        { account: '312000002', barcode: '982633120000021' },
        { account: '312000006', barcode: '982633120000062' },
      ]);
      // Net £766.29 vs estimate £766.29 and £1,021.72 vs £1,021.72: no ESTIMATE_DIFF; 312000005X (£1,000.00) has one.
      expect(db.prepare("SELECT account, severity FROM reconciliation_findings WHERE code = 'ESTIMATE_DIFF'").all()).toEqual([{ account: '312000005X', severity: 'warning' }]);
    } finally {
      db.close();
    }
  });

  it('a second run writes byte-identical bill files and manifests', () => {
    for (const t of TEMPLATES) {
      expect(read(out2, `${t}.txt`).equals(read(out1, `${t}.txt`))).toBe(true);
      expect(read(out2, `${t}.manifest.csv`).equals(read(out1, `${t}.manifest.csv`))).toBe(true);
    }
    expect(read(out2, 'exclusions.csv').equals(read(out1, 'exclusions.csv'))).toBe(true);
    expect(runJson(out2).files).toEqual(runJson(out1).files);
  });

  it('refuses a workspace that does not exist (exit 2)', async () => {
    const r = await ctb(['bills', '--workspace', tmp.file('none.ctbw'), '--out', tmp.file('x')], config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no workspace');
  });
});

describe('ctb bills refuses what the print file cannot hold', () => {
  const tmp = tempDir('ctb-bills-latin1-');
  const config = tmp.file('config');
  const ws = tmp.file('latin1.ctbw');
  afterAll(() => tmp.cleanup());

  it('a name outside ISO-8859-1 stops the run with a clear error (exit 2), and nothing is written or recorded', async () => {
    fs.writeFileSync(tmp.file('accounts.csv'), `${ACCOUNT_HEADER}\n${ACCOUNT_ROWS[0].replace('Sam', 'Łukasz')}\n`);
    fs.writeFileSync(tmp.file('breakdown.csv'), BREAKDOWN_CSV);
    fs.writeFileSync(tmp.file('dd.csv'), DD_CSV);
    for (const [source, name] of [['accounts', 'accounts.csv'], ['vo_bands_breakdown', 'breakdown.csv'], ['direct_debit_discrepancies', 'dd.csv']]) {
      const r = await ctb(['import', '--workspace', ws, '--source', source, tmp.file(name)], config);
      expect(r.code, r.stderr).toBeLessThan(2);
    }
    const out = tmp.file('out');
    const r = await ctb(['bills', '--workspace', ws, '--out', out], config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dd_100.txt would contain characters that iso-8859-1 cannot hold ("Ł")');
    expect(fs.existsSync(out)).toBe(false);
    const db = new Database(ws, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM bill_runs').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
