// The streaming XLSX reader: cell texts as Excel shows them, sheet choice, errors, cancellation.
// Workbooks are generated into a temp dir (tests/fixtures/xlsx); the conformance block at the
// end runs only where the shared samples exist (next to the repository, not in a clone or CI).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumber, listSheets, readXlsxRecords, type XlsxRecord } from '../../electron/core/import/xlsxRecords';
import { makeTempDir, writeEmptyFirstSheet, writeLargeWorkbook, writeMixedWorkbook } from '../fixtures/xlsx/workbooks';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const samplesDir = path.resolve(repoRoot, '../shared/samples');

async function readAll(file: string, options: Parameters<typeof readXlsxRecords>[2] = {}) {
  const records: XlsxRecord[] = [];
  const result = await readXlsxRecords(file, (r) => records.push(r), options);
  return { records, result };
}

const MIXED_ROWS: [number, string[]][] = [
  [1, ['ref', 'amount', 'date', 'number', 'status']],
  [2, ['00012345', '£1,277.12', '01/04/1993', '1310.5', '#N/A']],
  [3, ['Flat 1, Rich House', '-£3.20', '04/06/2020', '£2,554.24', 'TRUE']],
  [4, ['01/04/1993', '29/02/1900', '01/03/1900', '0.3', '#N/A']],
  [7, ['last']],
];

describe('readXlsxRecords', () => {
  const tmp = makeTempDir();
  const shared = tmp.file('shared.xlsx');
  const inline = tmp.file('inline.xlsx');
  const emptyFirst = tmp.file('empty-first.xlsx');
  const large = tmp.file('large.xlsx');

  beforeAll(async () => {
    await writeMixedWorkbook(shared);
    await writeMixedWorkbook(inline, { inline: true });
    await writeEmptyFirstSheet(emptyFirst);
    await writeLargeWorkbook(large, 5000);
  });
  afterAll(() => tmp.cleanup());

  it.each([
    ['shared strings', () => shared],
    ['inline strings', () => inline],
  ])('reads cells as Excel shows them (%s)', async (_label, file) => {
    const { records, result } = await readAll(file());
    expect(result).toEqual({ records: 5, aborted: false, sheet: 'Data' });
    expect(records.map((r) => [r.line, r.fields])).toEqual(MIXED_ROWS);
    // gap rows 5–6 are not emitted; numbers are the sheet's own
    expect(records.map((r) => r.excelRow)).toEqual([1, 2, 3, 4, 7]);
    expect(records.every((r) => r.sheet === 'Data')).toBe(true);
  });

  it('lists sheets in workbook order with their data rows', async () => {
    expect(await listSheets(shared)).toEqual([
      { name: 'Data', rows: 5, hasData: true },
      { name: 'Notes', rows: 2, hasData: true },
    ]);
    expect(await listSheets(emptyFirst)).toEqual([
      { name: 'Cover', rows: 0, hasData: false },
      { name: 'Rows', rows: 2, hasData: true },
    ]);
  });

  it('reads a sheet chosen by name, and defaults to the first sheet with data', async () => {
    const notes = await readAll(shared, { sheet: 'Notes' });
    expect(notes.result.sheet).toBe('Notes');
    expect(notes.records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['Prepared by', 'Revenues']],
      [2, ['42']],
    ]);
    const rows = await readAll(emptyFirst);
    expect(rows.result.sheet).toBe('Rows');
    expect(rows.records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('names the sheets when the sheet asked for does not exist', async () => {
    await expect(readAll(shared, { sheet: 'Sheet1' })).rejects.toThrow(/no sheet called "Sheet1".*"Data", "Notes"/);
  });

  it('says a file that is not a workbook is not one', async () => {
    const csv = tmp.file('accounts.xlsx');
    fs.writeFileSync(csv, 'account,name\r\n1,A\r\n');
    await expect(readAll(csv)).rejects.toThrow(/is not an Excel workbook \(\.xlsx\)/);
    await expect(listSheets(csv)).rejects.toThrow(/is not an Excel workbook \(\.xlsx\)/);
    const empty = tmp.file('empty.xlsx');
    fs.writeFileSync(empty, '');
    await expect(readAll(empty)).rejects.toThrow(/is not an Excel workbook \(\.xlsx\)/);
  });

  it('stops when the signal is aborted, and after maxRecords', async () => {
    const controller = new AbortController();
    let seen = 0;
    const result = await readXlsxRecords(
      large,
      () => {
        if (++seen === 100) controller.abort();
      },
      { signal: controller.signal },
    );
    expect(result.aborted).toBe(true);
    expect(result.records).toBe(100);

    const pre = new AbortController();
    pre.abort();
    expect((await readAll(large, { sheet: 'Big', signal: pre.signal })).result).toMatchObject({ records: 0, aborted: true });

    const { records, result: limited } = await readAll(large, { maxRecords: 3 });
    expect(limited).toEqual({ records: 3, aborted: true, sheet: 'Big' });
    expect(records.map((r) => r.fields)).toEqual([
      ['account', 'amount', 'note'],
      ['300000001', '0.01', 'row 1'],
      ['300000002', '0.02', 'row 2'],
    ]);
  });

  it('reports progress and rethrows an error from the record callback', async () => {
    const progress: number[] = [];
    const { result } = await readAll(large, { onProgress: (n) => progress.push(n) });
    expect(result.records).toBe(5001);
    expect(progress.at(-1)).toBe(5001);
    expect(progress.length).toBeGreaterThan(2);
    await expect(
      readXlsxRecords(large, () => {
        throw new Error('staging failed');
      }),
    ).rejects.toThrow('staging failed');
  });
});

describe('formatNumber', () => {
  it.each([
    [1277.12, '"£"#,##0.00;\\-"£"#,##0.00', '£1,277.12'],
    [-3.2, '"£"#,##0.00;\\-"£"#,##0.00', '-£3.20'],
    [-3.2, '"£"#,##0.00', '-£3.20'],
    [-686.3, '#,##0.00;(#,##0.00)', '(686.30)'],
    [1234, '[$£-809]#,##0.00', '£1,234.00'],
    [1277.12, '_-"£"* #,##0.00_-;-"£"* #,##0.00_-;_-"£"* "-"??_-;_-@_-', ' £1,277.12 '],
    [-1277.12, '_-"£"* #,##0.00_-;-"£"* #,##0.00_-;_-"£"* "-"??_-;_-@_-', '-£1,277.12 '],
    [12345.678, '#,##0', '12,346'],
    [1.005, '0.00', '1.01'],
    [0.5, '0%', '50%'],
    [0.1 + 0.2, 'General', '0.3'],
    [1310.5, 'General', '1310.5'],
    [60, 'mm-dd-yy', '29/02/1900'],
    [59, 'dd/mm/yyyy', '28/02/1900'],
    [61, 'd-mmm-yy', '01/03/1900'],
    [1, 'dd/mm/yyyy', '01/01/1900'],
    [44000.5, 'dd/mm/yyyy hh:mm', '18/06/2020 12:00'],
  ])('%s under %s → %s', (n, fmt, text) => {
    expect(formatNumber(n, fmt)).toBe(text);
  });
});

// ---------------------------------------------------------------------------------------------

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** A date as the samples write it (DD/MM/YYYY, YYYY-MM-DD, DD-MON-YYYY, with or without a midnight time) → YYYY-MM-DD. */
function isoDate(text: string): string {
  const time = '(?: 00:00(?::00)?)?';
  let m = new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})${time}$`).exec(text);
  if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  m = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})${time}$`).exec(text);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = new RegExp(`^(\\d{1,2})-([A-Za-z]{3})-(\\d{4})${time}$`).exec(text);
  const month = m ? MONTHS.indexOf(m[2].toUpperCase()) + 1 : 0;
  if (m && month > 0) return `${m[3]}-${String(month).padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return text;
}

function csvRows(file: string): string[][] {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false });
  const [header, ...rest] = parsed.data;
  const key = (r: string[]) => r.join('\u0000');
  return rest.filter((r) => r.some((f) => f.trim() !== '') && key(r) !== key(header));
}

/** Rows keyed by "account#occurrence". */
function byAccount(rows: string[][]): Map<string, string[]> {
  const seen = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const account = r[0].trim();
    const n = (seen.get(account) ?? 0) + 1;
    seen.set(account, n);
    out.set(`${account}#${n}`, r);
  }
  return out;
}

describe.runIf(fs.existsSync(samplesDir))('conformance: XLSX twins in ../shared/samples', () => {
  it.each([
    ['valuation_office_bands', 'VO Bands', [['34861122', [4, 61]]]],
    [
      'direct_debit_discrepancies',
      'DD Discrepancies',
      [
        ['397646829', [35, 36]],
        ['382251954X', [52, 53]],
      ],
    ],
  ] as [string, string, [string, number[]][]][])('%s.xlsx has the cells of its CSV twin', async (name, sheet, duplicates) => {
    const { records, result } = await readAll(path.join(samplesDir, `${name}.xlsx`));
    expect(result.sheet).toBe(sheet);
    const [header, ...data] = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
    expect(header.line).toBe(1);
    const csv = csvRows(path.join(samplesDir, `${name}.csv`));
    expect(data.length).toBe(csv.length);

    const xlsxByAccount = byAccount(data.map((r) => r.fields));
    const csvByAccount = byAccount(csv);
    expect([...xlsxByAccount.keys()].sort()).toEqual([...csvByAccount.keys()].sort());
    const mismatches: string[] = [];
    for (const [key, csvRow] of csvByAccount) {
      const xlsxRow = xlsxByAccount.get(key) ?? [];
      for (let c = 0; c < Math.max(csvRow.length, header.fields.length); c++) {
        const want = isoDate((csvRow[c] ?? '').trim());
        const got = isoDate((xlsxRow[c] ?? '').trim());
        if (got !== want) mismatches.push(`${key} ${header.fields[c]}: got ${JSON.stringify(got)}, CSV ${JSON.stringify(want)}`);
      }
    }
    expect(mismatches).toEqual([]);

    for (const [account, rows] of duplicates) {
      expect(data.filter((r) => r.fields[0].trim() === account).map((r) => r.line)).toEqual(rows);
    }
  });
});
