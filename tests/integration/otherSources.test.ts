// Every source other than the accounts export, through the CLI as an officer would use it:
// tabular sources from CSV and XLSX, print-house runs, exemption notices and the deaths report.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cliFindings, ctb, snapshotWorkspace, tempDir } from '../fixtures/harness';

const tmp = tempDir('ctb-sources-');
const config = tmp.file('config');
afterAll(() => tmp.cleanup());
const printFixture = (name: string) => new URL(`../fixtures/print/${name}`, import.meta.url).pathname;
let n = 0;
const freshWorkspace = () => tmp.file(`ws${++n}.ctbw`);
const rows = async (ws: string, source: string) => {
  const run = await ctb(['rows', '--workspace', ws, '--source', source], config);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.trim().split('\n');
};

describe('tabular sources', () => {
  it('working-age reductions: a repeated claim written in other styles is an identical duplicate', async () => {
    const ws = freshWorkspace();
    const file = tmp.file('wac.csv');
    fs.writeFileSync(
      file,
      '\ufeffCTAX_REF,W_AGE_CTR,Claim ID,From Date,To Date,Local Amt\n312345678,Y,4100006,14-JUL-2019,31/03/2021,88.33\n322345678,Y,4100007,13/6/2018,2019-12-31,"£1,218.51"\n312345678,Y,4100006,14/07/2019,31-MAR-2021,£88.33\n\n\n',
    );
    const run = await ctb(['import', '--workspace', ws, '--source', 'working_age_ctr', file, '--json'], config);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ encoding: 'UTF-8 with BOM', rowsRead: 3, rowsStaged: 3, rowsFlagged: 0, warningsByRule: { DUPLICATE: 1 } });
    const staged = await rows(ws, 'working_age_ctr');
    expect(staged[1]).toBe('312345678,Y,4100006,2019-07-14,2021-03-31,,,,,,88.33,,,,,,,0');
    expect(staged[2]).toContain('1218.51');
    const dup = (await cliFindings(ws, config)).find((f) => f.rule === 'DUPLICATE')!;
    expect(dup).toMatchObject({ line: 4, severity: 'warning' });
    expect(dup.message).toContain('claim id 4100006');
  });

  it('direct-debit rows keep the money text and derive the value; no-value tokens stay as written', async () => {
    const ws = freshWorkspace();
    const file = tmp.file('dd.csv');
    fs.writeFileSync(file, 'Mail Merge Reference,Direct Debit Taken,Diff DD - Gross Charge,Returned DD (not by ADDACS),ADDACS\r\n312345678,8,(£686.30),N/A,-\r\n322345678,,#N/A,INSTRUCTION CANCELLED,2 - PAYER DECEASED\r\n332345678,x,£ 81.91,,\r\n');
    const run = await ctb(['import', '--workspace', ws, '--source', 'direct_debit_discrepancies', file, '--json'], config);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).errorsByRule).toEqual({ BAD_NUMBER: 1 });
    const [header, a, b] = await rows(ws, 'direct_debit_discrepancies');
    const cols = header.split(',');
    const at = (line: string, col: string) => line.split(',')[cols.indexOf(col)];
    expect(at(a, 'diff_dd_gross_charge')).toBe('(£686.30)');
    expect(at(a, 'diff_dd_gross_charge_value')).toBe('-686.30');
    expect(at(a, 'returned_dd_not_by_addacs')).toBe('N/A');
    expect(at(a, 'addacs')).toBe('-');
    expect(at(b, 'diff_dd_gross_charge')).toBe('#N/A');
    expect(at(b, 'diff_dd_gross_charge_value')).toBe('');
  });

  it('cash payments: a repeated receipt number is a warning and both payments count', async () => {
    const ws = freshWorkspace();
    const file = tmp.file('cash.csv');
    fs.writeFileSync(file, Buffer.from('Entry Date,Receipt No,Net Amount,Account\n06/07/2020,R1,£10.00,312345678\n07/07/2020,R1,-£3.20,312345678\n08/07/2020,R2,(£1.00),322345678\n', 'latin1'));
    const run = await ctb(['import', '--workspace', ws, '--source', 'cash_payments', file, '--json'], config);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ encoding: 'Windows-1252', rowsStaged: 3, warningsByRule: { REPEATED_RECEIPT_NO: 1 } });
    expect(result.moneyTotals).toEqual({ net_amount: 1000 - 320 - 100 });
  });

  it('band breakdown: percentages keep two decimals', async () => {
    const ws = freshWorkspace();
    const file = tmp.file('breakdown.csv');
    fs.writeFileSync(file, 'VO Band,Service,Amount,Percentage Diff 20/21\nD,GREATER LONDON AUTHORITY,£399.21,9.5\nA,ADULT SOCIAL CARE,26.47,3\n');
    expect((await ctb(['import', '--workspace', ws, '--source', 'vo_bands_breakdown', file], config)).code).toBe(0);
    expect((await rows(ws, 'vo_bands_breakdown')).slice(1)).toEqual(['D,GREATER LONDON AUTHORITY,399.21,9.50,0', 'A,ADULT SOCIAL CARE,26.47,3.00,0']);
  });

  it('a workbook: reads the first sheet with data, cell references name the sheet, --sheet chooses another', async () => {
    const file = tmp.file('vo.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['nothing here']);
    const vo = wb.addWorksheet('VO Bands');
    vo.addRow(['MAIL_MERGE_REFERENCE', 'property_ref', 'VO BAND', 'VO Schedule Date']);
    vo.addRow(['312345678', '00012345', 'C', new Date(Date.UTC(2020, 8, 11))]);
    vo.getCell('D2').numFmt = 'dd/mm/yyyy';
    vo.addRow(['312345678', '00012345', 'D', '11/09/2020']);
    wb.getWorksheet('Notes')!.state = 'visible';
    await wb.xlsx.writeFile(file);
    const ws = freshWorkspace();
    const run = await ctb(['import', '--workspace', ws, '--source', 'valuation_office_bands', file, '--sheet', 'VO Bands', '--json'], config);
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ encoding: 'Excel workbook', sheet: 'VO Bands', rowsStaged: 2, rowsFlagged: 1 });
    expect((await rows(ws, 'valuation_office_bands'))[1]).toBe('312345678,00012345,C,2020-09-11,,,,,0');
    const dup = (await cliFindings(ws, config)).find((f) => f.rule === 'DUPLICATE')!;
    expect(dup).toMatchObject({ sheet: 'VO Bands', line: 3, cellRef: "'VO Bands'!A3", severity: 'error' });

    const wrong = await ctb(['import', '--workspace', freshWorkspace(), '--source', 'valuation_office_bands', file, '--sheet', 'Bands'], config);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Notes, VO Bands');
  });
});

describe('print-house files', () => {
  it('bill runs: each run replaces only its own rows; truncated and repeated bills are reported', async () => {
    const ws = freshWorkspace();
    const dd = tmp.file('fdm_bills_dd.txt');
    fs.copyFileSync(printFixture('bills_quirks.txt'), dd);
    const first = await ctb(['import', '--workspace', ws, '--source', 'fdm_bills', dd, '--json'], config);
    expect([0, 1]).toContain(first.code);
    const r1 = JSON.parse(first.stdout);
    expect(r1).toMatchObject({ run: 'dd', encoding: 'Windows-1252' });
    expect(r1.rowsStaged).toBeGreaterThanOrEqual(5);
    const ddRows = r1.rowsStaged as number;

    const other = tmp.file('march bills.txt');
    fs.copyFileSync(printFixture('bills_crlf.txt'), other);
    const noRun = await ctb(['import', '--workspace', ws, '--source', 'fdm_bills', other], config);
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toContain('--run');
    const second = await ctb(['import', '--workspace', ws, '--source', 'fdm_bills', other, '--run', 'Cash', '--json'], config);
    expect(JSON.parse(second.stdout)).toMatchObject({ run: 'cash', rowsStaged: 2 });
    const all = await rows(ws, 'fdm_bills');
    expect(all.length - 1).toBe(ddRows + 2);
    // DD rows first, then cash.
    expect(all.slice(1, ddRows + 1).every((l) => /,dd,dd,[01]$/.test(l))).toBe(true);
    expect(all.slice(ddRows + 1).every((l) => /,cash,cash,[01]$/.test(l))).toBe(true);

    // Importing the DD run again replaces the DD rows only.
    await ctb(['import', '--workspace', ws, '--source', 'fdm_bills', dd], config);
    expect((await rows(ws, 'fdm_bills')).length - 1).toBe(ddRows + 2);
    const snap = await snapshotWorkspace(ws, config);
    const batches = snap.batches as { source: string; run: string | null; status: string }[];
    expect(batches.filter((b) => b.source === 'fdm_bills' && b.status === 'active').map((b) => b.run).sort()).toEqual(['cash', 'dd']);
  });

  it('a file that is not a print file is refused and changes nothing', async () => {
    const ws = freshWorkspace();
    fs.copyFileSync(printFixture('exemptions.txt'), tmp.file('exemptions.txt'));
    await ctb(['import', '--workspace', ws, '--source', 'fdm_exemptions', tmp.file('exemptions.txt')], config);
    const before = await snapshotWorkspace(ws, config);
    fs.writeFileSync(tmp.file('notes.txt'), 'Dear colleague,\nplease find the bills attached.\n');
    const run = await ctb(['import', '--workspace', ws, '--source', 'fdm_bills', tmp.file('notes.txt'), '--run', 'dd'], config);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/notes\.txt has no bills/);
    expect(await snapshotWorkspace(ws, config)).toEqual(before);
  });
});

describe('the deaths report', () => {
  const text = ['Name of Deceased|Date of Death|Usual Address', 'Ann Testfield|15/01/2021|Flat 2, 1 Sample Street, London, E9 3YZ', 'Bo Mockley|25/12/2020|3 Example Road, London, E5 4YZ', 'Ann Testfield|15/01/2021|Flat 2, 1 Sample Street, London, E9 3YZ', '', ''].join('\r\n');

  it('appends new entries with proposals; decisions are recorded and audited; a re-import adds nothing', async () => {
    const ws = freshWorkspace();
    const accounts = tmp.file('acc.csv');
    fs.writeFileSync(accounts, 'Mail Merge Reference,lead_liable_title,lead_liable_forename,lead_liable_surname,postcode,for_postcode\n312345678,Ms,Ann,Testfield,E9 3YZ,\n322345678,Mr,Bo,Mockley,E5 1ZZ,\n');
    expect((await ctb(['import', '--workspace', ws, '--source', 'accounts', accounts], config)).code).toBe(0);
    const report = tmp.file('deaths.txt');
    fs.writeFileSync(report, Buffer.from(text, 'latin1'));
    const imported = await ctb(['import', '--workspace', ws, '--source', 'death_list', report, '--json'], config);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rowsRead: 3, rowsStaged: 2 });

    const list = JSON.parse((await ctb(['deaths', '--workspace', ws, '--json'], config)).stdout) as { entryId: string; reference: number; status: string; proposedAccount: string | null }[];
    expect(list.map((e) => [e.reference, e.status, e.proposedAccount])).toEqual([
      [1, 'unmatched', '312345678'],
      [2, 'unmatched', null],
    ]);
    expect(list[0].entryId).toMatch(/^[0-9a-f]{8}-1$/);

    expect((await ctb(['deaths', '--workspace', ws, '--confirm', '2', '399999999'], config)).code).toBe(2);
    const confirmed = await ctb(['deaths', '--workspace', ws, '--confirm', list[0].entryId, '312345678'], config);
    expect(confirmed.stdout).toContain('confirmed as account 312345678 (Ms Ann Testfield)');
    expect((await ctb(['deaths', '--workspace', ws, '--not-found', '2'], config)).code).toBe(0);
    const after = JSON.parse((await ctb(['deaths', '--workspace', ws, '--json'], config)).stdout) as { status: string; account: string | null; decidedBy: string }[];
    expect(after.map((e) => [e.status, e.account, e.decidedBy])).toEqual([
      ['confirmed', '312345678', 'test-officer'],
      ['not_found', null, 'test-officer'],
    ]);
    const db = new Database(ws, { readonly: true });
    const audit = db.prepare("SELECT action, entity_key, before, after FROM audit_log WHERE action LIKE 'death.%' ORDER BY id").all() as { action: string; before: string; after: string }[];
    db.close();
    expect(audit.map((a) => a.action)).toEqual(['death.confirm', 'death.not_found']);
    expect(JSON.parse(audit[0].before)).toEqual({ status: 'unmatched', account: null });

    const again = await ctb(['import', '--workspace', ws, '--source', 'death_list', report, '--json'], config);
    expect(JSON.parse(again.stdout)).toMatchObject({ rowsStaged: 0 });
    expect((await rows(ws, 'death_list')).length - 1).toBe(2);
  });

  it('--confirm-proposed confirms proposals and marks the rest not found', async () => {
    const ws = freshWorkspace();
    const accounts = tmp.file('acc2.csv');
    fs.writeFileSync(accounts, 'Mail Merge Reference,lead_liable_surname,postcode\n312345678,Testfield,E9 3YZ\n');
    await ctb(['import', '--workspace', ws, '--source', 'accounts', accounts], config);
    fs.writeFileSync(tmp.file('d2.txt'), text);
    await ctb(['import', '--workspace', ws, '--source', 'death_list', tmp.file('d2.txt')], config);
    const run = await ctb(['deaths', '--workspace', ws, '--confirm-proposed'], config);
    expect(run.stdout).toContain('Confirmed 1 proposed matches; marked 1 entries not found.');
  });
});

describe('the validation report', () => {
  it('exports as CSV with a byte-order mark and as a workbook with a summary, findings and checks', async () => {
    const ws = freshWorkspace();
    const file = tmp.file('cash2.csv');
    fs.writeFileSync(file, 'Entry Date,Receipt No,Net Amount,Account\n31/02/2020,R1,£10.00,312345678\n07/07/2020,R1,1.0.0,312345678\n');
    await ctb(['import', '--workspace', ws, '--source', 'cash_payments', file], config);
    const csv = tmp.file('report.csv');
    expect((await ctb(['findings', '--workspace', ws, '--format', 'csv', '--out', csv], config)).code).toBe(0);
    const text = fs.readFileSync(csv, 'utf8');
    expect(text.startsWith('\ufefffile,sheet,line,column,cell,raw_value,rule,severity,message,row_key\n')).toBe(true);
    expect(text).toContain('BAD_DATE');
    const xlsx = tmp.file('report.xlsx');
    const run = await ctb(['findings', '--workspace', ws, '--format', 'xlsx', '--out', xlsx], config);
    expect(run.stdout).toContain('Wrote 4 findings'); // BAD_DATE, BAD_MONEY, REPEATED_RECEIPT_NO and the MISSING_COLUMN note
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'Findings', 'Cross-source checks']);
    expect(wb.getWorksheet('Findings')!.rowCount).toBe(5);
    const summaryRules = wb.getWorksheet('Summary')!.getColumn(1).values.slice(2);
    expect(summaryRules).toEqual(expect.arrayContaining(['BAD_DATE', 'BAD_MONEY', 'REPEATED_RECEIPT_NO']));
    expect((await ctb(['findings', '--workspace', ws, '--format', 'xlsx'], config)).code).toBe(2);
  });
});
