// Conformance with the shared sample files and their expected answers. The samples live
// beside the repository, not in it, so this runs only where they exist; the project's own
// fixtures (otherSources, accountsImport, print and deaths tests) cover the same ground.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/api/contract';
import { ctb, parseCsv, tempDir } from '../fixtures/harness';

const samples = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'shared', 'samples');
const expected = (name: string) => fs.readFileSync(path.join(samples, 'expected', name), 'utf8');

describe.runIf(fs.existsSync(path.join(samples, 'EXPECTED.md')))('every sample file imports as expected', () => {
  const tmp = tempDir('ctb-samples-all-');
  const config = tmp.file('config');
  const csvWs = tmp.file('csv.ctbw');
  const xlsxWs = tmp.file('xlsx.ctbw');
  const exitCodes: Record<string, number> = {};
  let findings: Finding[] = [];
  let xlsxFindings: Finding[] = [];

  const imp = async (ws: string, source: string, file: string, extra: string[] = []) => {
    const run = await ctb(['import', '--workspace', ws, '--source', source, path.join(samples, file), ...extra], config);
    exitCodes[file] = run.code;
    if (run.code === 2) throw new Error(`${file}: ${run.stderr}`);
  };

  beforeAll(async () => {
    for (const s of ['accounts', 'working_age_ctr', 'valuation_office_bands', 'vo_bands_breakdown', 'direct_debit_discrepancies', 'cash_payments']) await imp(csvWs, s, `${s}.csv`);
    for (const run of ['dd', 'cash', 'props']) await imp(csvWs, 'fdm_bills', `fdm_bills_${run}.txt`, ['--run', run]);
    await imp(csvWs, 'fdm_exemptions', 'fdm_exemptions.txt');
    await imp(csvWs, 'death_list', 'death_list.pdf');
    await imp(xlsxWs, 'valuation_office_bands', 'valuation_office_bands.xlsx');
    await imp(xlsxWs, 'direct_debit_discrepancies', 'direct_debit_discrepancies.xlsx');
    await imp(xlsxWs, 'death_list', 'death_list.txt');
    findings = JSON.parse((await ctb(['findings', '--workspace', csvWs, '--format', 'json'], config)).stdout) as Finding[];
    xlsxFindings = JSON.parse((await ctb(['findings', '--workspace', xlsxWs, '--format', 'json'], config)).stdout) as Finding[];
  }, 120_000);
  afterAll(() => tmp.cleanup());

  const staged = ['accounts', 'fdm_bills', 'fdm_exemptions', 'working_age_ctr', 'valuation_office_bands', 'vo_bands_breakdown', 'direct_debit_discrepancies', 'cash_payments', 'death_list'];
  it.each(staged)('stages %s exactly as expected/staged/ says', async (source) => {
    const run = await ctb(['rows', '--workspace', csvWs, '--source', source], config);
    expect(run.stdout).toBe(expected(`staged/${source}.csv`));
  });

  it.each(['valuation_office_bands', 'direct_debit_discrepancies', 'death_list'])('the XLSX (or text) twin of %s stages the same values', async (source) => {
    const run = await ctb(['rows', '--workspace', xlsxWs, '--source', source], config);
    expect(run.stdout).toBe(expected(`staged/${source}.csv`));
  });

  it('reports every expected warning at its line (sheet row for XLSX), and no other warning', () => {
    const want = parseCsv(expected('warnings.csv'))
      .slice(1)
      .filter((r) => r.length > 2)
      .map(([file, line, rule]) => `${file}:${line}:${rule}`)
      .sort();
    const got = [...findings, ...xlsxFindings]
      .filter((f) => f.severity === 'warning')
      .map((f) => `${f.fileName}:${f.line}:${f.rule}`)
      .sort();
    expect(got).toEqual(want);
  });

  it('reports every expected bad row as an error, and no other error', () => {
    const want = parseCsv(expected('bad_rows.csv'))
      .slice(1)
      .filter((r) => r.length > 2)
      .map(([file, line, , , , rule]) => `${file}:${line}:${rule}`)
      .sort();
    const got = [...findings, ...xlsxFindings]
      .filter((f) => f.severity === 'error')
      .map((f) => `${f.fileName}:${f.line}:${f.rule}`)
      .sort();
    expect(got).toEqual(want);
  });

  it('proposes the death matches deaths.csv gives, and skips the repeated entry', async () => {
    const entries = JSON.parse((await ctb(['deaths', '--workspace', csvWs, '--json'], config)).stdout) as { reference: number; proposedAccount: string | null; status: string }[];
    const want = parseCsv(expected('deaths.csv'))
      .slice(1)
      .filter((r) => r.length > 2 && r[5] !== 'skip_duplicate')
      .map((r) => [Number(r[0]), r[4] || null]);
    expect(entries.map((e) => [e.reference, e.proposedAccount])).toEqual(want);
    expect(entries.every((e) => e.status === 'unmatched')).toBe(true);
    const skipped = findings.filter((f) => f.rule === 'DUPLICATE_ENTRY');
    expect(skipped).toHaveLength(1);
    expect(skipped[0].message).toContain('Entry 4 (Mei Fictiveworth, 2020-12-25) repeats entry 2');
  });

  it('exits like a linter: 1 for the files with error findings, 0 for the rest', () => {
    const withErrors = new Set(['accounts.csv', 'direct_debit_discrepancies.csv', 'fdm_bills_props.txt', 'direct_debit_discrepancies.xlsx']);
    for (const [file, code] of Object.entries(exitCodes)) expect([file, code]).toEqual([file, withErrors.has(file) ? 1 : 0]);
  });
});
