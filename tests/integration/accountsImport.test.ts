// Imports generated Academy accounts exports with `ctb` and compares what staging holds with
// what the fixture's independent oracle says it must hold.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/api/contract';
import { generateAccountsFixture, type AccountsFixture, type AccountsFixtureOptions, type ExpectedFinding } from '../fixtures/accountsFixture';
import { cliFindings, cliRows, ctb, tempDir } from '../fixtures/harness';

const tmp = tempDir('ctb-accounts-');
const config = tmp.file('config');
afterAll(() => tmp.cleanup());

interface Imported {
  fx: AccountsFixture;
  workspace: string;
  code: number;
  json: Record<string, unknown>;
  stderr: string;
}

let counter = 0;
async function importFixture(opts: AccountsFixtureOptions): Promise<Imported> {
  const fx = generateAccountsFixture(opts);
  const n = ++counter;
  const file = tmp.file(`${n}-${fx.fileName}`);
  fs.writeFileSync(file, fx.bytes);
  const workspace = tmp.file(`ws${n}.ctbw`);
  const run = await ctb(['import', '--workspace', workspace, '--source', 'accounts', file, '--json'], config);
  return { fx, workspace, code: run.code, json: run.stdout ? (JSON.parse(run.stdout) as Record<string, unknown>) : {}, stderr: run.stderr };
}

const key = (f: { line: number | null; rule: string; severity: string }) => `${f.line} ${f.rule} ${f.severity}`;

/** Every expected finding is there with its details; no other error or warning is. */
function expectFindings(actual: Finding[], expected: ExpectedFinding[]): void {
  for (const e of expected) {
    const match = actual.filter((f) => key(f) === key(e));
    expect(match, `finding ${key(e)}`).toHaveLength(1);
    if (e.cellRef) expect(match[0].cellRef).toBe(e.cellRef);
    if (e.raw) expect(match[0].rawValue).toBe(e.raw);
    if (e.column) expect(match[0].column).toBe(e.column);
  }
  const serious = actual.filter((f) => f.severity !== 'info').map(key);
  expect(serious.sort()).toEqual(expected.filter((f) => f.severity !== 'info').map(key).sort());
}

describe('importing the generated Academy export (Windows-1252, CRLF, every quirk)', () => {
  let imp: Imported;
  beforeAll(async () => {
    imp = await importFixture({});
  });

  it('exits 1: imported, with an error finding (the differing DUPLICATE)', () => {
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(1);
  });

  it('reports the encoding, line ending, counts and mapping', () => {
    const { fx, json } = imp;
    expect(json).toMatchObject({
      ok: true,
      source: 'accounts',
      encoding: 'Windows-1252',
      lineEnding: 'CRLF',
      rowsRead: fx.rowsRead,
      rowsStaged: fx.rowsStaged,
      rowsFlagged: fx.rowsFlagged,
      rowsRejected: 0,
      errors: 1,
      warnings: 2,
      errorsByRule: { DUPLICATE: 1 },
      warningsByRule: { DUPLICATE: 1, REPEATED_HEADER: 1 },
    });
    expect(json.mapping).toEqual(fx.headerMapping.map((m) => ({ header: m.header, column: m.canonical })));
  });

  it('stages exactly the values the oracle computed, byte for byte', async () => {
    expect(await cliRows(imp.workspace, config)).toBe(imp.fx.expectedRowsCsv);
  });

  it('raises the expected findings at the expected lines, and no others', async () => {
    const findings = await cliFindings(imp.workspace, config);
    expectFindings(findings, imp.fx.expectedFindings);
    const unmapped = findings.find((f) => f.rule === 'UNMAPPED_COLUMN')!;
    expect(unmapped.message).toContain('Equal Access Code');
    expect(findings.every((f) => f.fileName.endsWith(imp.fx.fileName))).toBe(true);
  });

  it('sums money over the rows that take part, in pence', () => {
    expect(imp.json.moneyTotals).toEqual(imp.fx.moneyTotals);
  });

  it('stores pence as SQLite integers and dates as ISO text, never floats', () => {
    const db = new Database(imp.workspace, { readonly: true });
    try {
      const types = db
        .prepare(
          `SELECT DISTINCT typeof(calculated_20_21_charge) AS a, typeof(estimated_21_22_charge) AS b, typeof(occupied_date) AS c FROM stg_accounts`,
        )
        .all() as { a: string; b: string; c: string }[];
      expect(new Set(types.flatMap((t) => [t.a, t.b]))).toEqual(new Set(['integer', 'null']));
      expect(new Set(types.map((t) => t.c))).toEqual(new Set(['text']));
      // The unknown column is kept with each row, not dropped.
      const extra = db.prepare('SELECT _extra FROM stg_accounts ORDER BY _line LIMIT 1').get() as { _extra: string };
      expect(Object.keys(JSON.parse(extra._extra) as object)).toEqual(['Equal Access Code']);
    } finally {
      db.close();
    }
  });
});

describe('other encodings and line endings stage identical values', () => {
  const cases: [string, AccountsFixtureOptions, string, string][] = [
    ['UTF-8 with BOM, LF', { encoding: 'utf-8', bom: true, lineEnding: 'LF' }, 'UTF-8 with BOM', 'LF'],
    ['UTF-8 without BOM, CRLF', { encoding: 'utf-8', lineEnding: 'CRLF' }, 'UTF-8', 'CRLF'],
    ['Windows-1252, LF, no trailing blank lines', { lineEnding: 'LF', trailingBlankLines: 0 }, 'Windows-1252', 'LF'],
  ];
  const reference = generateAccountsFixture();

  it.each(cases)('%s', async (_name, opts, encoding, lineEnding) => {
    const imp = await importFixture(opts);
    expect(imp.code).toBe(1);
    expect(imp.json).toMatchObject({ encoding, lineEnding, rowsRead: reference.rowsRead, rowsStaged: reference.rowsStaged });
    expect(imp.fx.expectedRowsCsv).toBe(reference.expectedRowsCsv);
    expect(await cliRows(imp.workspace, config)).toBe(reference.expectedRowsCsv);
    expectFindings(await cliFindings(imp.workspace, config), imp.fx.expectedFindings);
  });
});

describe('other shapes of export', () => {
  it('exits 0 when there is nothing wrong', async () => {
    const imp = await importFixture({ quirks: false, accounts: 25, seed: 99 });
    expect(imp.code).toBe(0);
    expect(imp.json).toMatchObject({ errors: 0, warnings: 0, rowsRead: 25, rowsFlagged: 0 });
    expect(await cliRows(imp.workspace, config)).toBe(imp.fx.expectedRowsCsv);
  });

  it('keeps line numbers right across read chunks in a file of over a megabyte (several read chunks)', async () => {
    const imp = await importFixture({ accounts: 6000, seed: 4242 });
    expect(imp.fx.bytes.length).toBeGreaterThan(4 * 256 * 1024);
    expect(imp.code).toBe(1);
    expect(await cliRows(imp.workspace, config)).toBe(imp.fx.expectedRowsCsv);
    expectFindings(await cliFindings(imp.workspace, config), imp.fx.expectedFindings);
  });

  it('gives the line a record starts on, and the Excel row, after a quoted line break', async () => {
    const imp = await importFixture({ multilineField: true, badCells: true });
    expect(await cliRows(imp.workspace, config)).toBe(imp.fx.expectedRowsCsv);
    const findings = await cliFindings(imp.workspace, config);
    expectFindings(findings, imp.fx.expectedFindings);
    // After the two-line record, lines run one ahead of Excel rows.
    const dup = findings.find((f) => f.rule === 'DUPLICATE' && f.severity === 'warning')!;
    expect(dup.cellRef).toBe(`A${dup.line! - 1}`);
  });

  it('flags unreadable date, money and band cells, keeping their text and naming the cell', async () => {
    const imp = await importFixture({ badCells: true });
    expect(imp.code).toBe(1);
    expect(imp.json).toMatchObject({ rowsFlagged: 4, errorsByRule: { BAD_DATE: 1, BAD_MONEY: 1, BAD_BAND: 1, DUPLICATE: 1 } });
    expect(await cliRows(imp.workspace, config)).toBe(imp.fx.expectedRowsCsv);
    const findings = await cliFindings(imp.workspace, config);
    expectFindings(findings, imp.fx.expectedFindings);
    expect(findings.find((f) => f.rule === 'BAD_DATE')).toMatchObject({ line: 5, cellRef: 'E5', rawValue: '31/02/2020', column: 'occupied_date' });
  });
});
