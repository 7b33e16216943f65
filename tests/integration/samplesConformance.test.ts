// Conformance with the shared sample data set (../shared/samples), which lives next to the
// repository on the development machine but not in a clone or on CI: this file runs only
// where the samples exist. Every other test uses fixtures generated in tests/fixtures.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/api/contract';
import { cliFindings, cliRows, ctb, parseCsv, tempDir } from '../fixtures/harness';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const samplesDir = path.resolve(repoRoot, '../shared/samples');
const expectedDir = path.join(samplesDir, 'expected');

/** An expected-answer CSV as objects keyed by its header, only the rows about accounts.csv. */
function accountsRowsOf(file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(path.join(expectedDir, file), 'utf8')).filter((r) => r.some((f) => f !== ''));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))).filter((r) => r.file === 'accounts.csv');
}

describe.runIf(fs.existsSync(samplesDir))('conformance: ../shared/samples/accounts.csv', () => {
  const tmp = tempDir('ctb-samples-');
  const config = tmp.file('config');
  const workspace = tmp.file('samples.ctbw');
  let code: number;
  let result: {
    encoding: string;
    lineEnding: string;
    rowsRead: number;
    rowsStaged: number;
    rowsFlagged: number;
    mapping: { header: string; column: string | null }[];
  };
  let findings: Finding[];

  beforeAll(async () => {
    const run = await ctb(['import', '--workspace', workspace, '--source', 'accounts', path.join(samplesDir, 'accounts.csv'), '--json'], config);
    code = run.code;
    result = JSON.parse(run.stdout) as typeof result;
    findings = await cliFindings(workspace, config);
  });
  afterAll(() => tmp.cleanup());

  it('imports with exit 1 (a DUPLICATE error), as Windows-1252 with CRLF', () => {
    expect(code).toBe(1);
    const facts = accountsRowsOf('files.csv')[0];
    expect(facts).toMatchObject({ encoding: 'cp1252', bom: '0', line_ending: 'CRLF' });
    expect(result.encoding).toBe('Windows-1252');
    expect(result.lineEnding).toBe(facts.line_ending);
    expect(result.rowsRead).toBe(Number(facts.data_records));
  });

  it('stages exactly expected/staged/accounts.csv, byte for byte', async () => {
    expect(await cliRows(workspace, config)).toBe(fs.readFileSync(path.join(expectedDir, 'staged', 'accounts.csv'), 'utf8'));
    const summary = JSON.parse(fs.readFileSync(path.join(expectedDir, 'summary.json'), 'utf8')) as { staged_rows: { accounts: { rows: number; flagged: number } } };
    expect([result.rowsStaged, result.rowsFlagged]).toEqual([summary.staged_rows.accounts.rows, summary.staged_rows.accounts.flagged]);
  });

  it('raises every warning warnings.csv lists for accounts.csv, at its line', () => {
    const expected = accountsRowsOf('warnings.csv');
    expect(expected.map((w) => [w.line, w.rule])).toEqual(expect.arrayContaining([['33', 'REPEATED_HEADER'], ['63', 'DUPLICATE']]));
    for (const w of expected) {
      expect(findings, `${w.rule} at line ${w.line}`).toContainEqual(expect.objectContaining({ line: Number(w.line), rule: w.rule, severity: 'warning' }));
    }
    // The repeated header line is the one files.csv gives too.
    expect(accountsRowsOf('files.csv')[0].repeated_header_lines).toBe('33');
  });

  it('raises every error bad_rows.csv lists for accounts.csv, at its line and cell', () => {
    const expected = accountsRowsOf('bad_rows.csv');
    expect(expected.map((b) => [b.line, b.rule, b.account])).toEqual([['56', 'DUPLICATE', '355465826']]);
    for (const b of expected) {
      expect(findings).toContainEqual(
        expect.objectContaining({ line: Number(b.line), rule: b.rule, severity: 'error', column: b.column, rawValue: b.raw_value, rowKey: b.account }),
      );
    }
  });

  it('raises no other errors or warnings', () => {
    const expected = [...accountsRowsOf('warnings.csv').map((w) => `${w.line} ${w.rule} warning`), ...accountsRowsOf('bad_rows.csv').map((b) => `${b.line} ${b.rule} error`)];
    const actual = findings.filter((f) => f.severity !== 'info').map((f) => `${f.line} ${f.rule} ${f.severity}`);
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('reports "Equal Access Code" as an unmapped column', () => {
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'UNMAPPED_COLUMN', line: 1, column: 'Equal Access Code' }));
  });

  it('maps each header as expected/headers.csv says', () => {
    const expected = accountsRowsOf('headers.csv').map((h) => ({ header: h.header_as_written, column: h.canonical === '(unmapped)' ? null : h.canonical }));
    expect(expected.length).toBeGreaterThan(40);
    expect(result.mapping).toEqual(expected);
  });
});
