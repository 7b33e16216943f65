// The bill run against the shared samples: every sample file imported through the CLI (as
// samplesAllSources.test.ts does), the proposed death match confirmed, `ctb bills` run with the
// default settings, and its four bill files and manifests compared byte for byte with
// expected/bills_text/, its profiles and reasons with expected/profiles.csv. The samples live
// beside the repository, so this runs only where they exist, and nothing is read otherwise
// (vitest runs a skipped describe's body to collect its tests).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctb, parseCsv, tempDir } from '../../fixtures/harness';

const samples = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', '..', 'shared', 'samples');
const HAVE_SAMPLES = fs.existsSync(path.join(samples, 'expected', 'bills_text')) && fs.existsSync(path.join(samples, 'expected', 'profiles.csv'));
const TEMPLATES = ['dd_100', 'dd_75', 'cash_100', 'cash_75'] as const;

/** First differing line (1-based) of two byte buffers split on LF, for a readable failure. */
function firstDifference(actual: Buffer, expected: Buffer): { line: number; actual: string; expected: string } | null {
  if (actual.equals(expected)) return null;
  const a = actual.toString('latin1').split('\n');
  const e = expected.toString('latin1').split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) return { line: i + 1, actual: a[i] ?? '<end>', expected: e[i] ?? '<end>' };
  }
  return { line: -1, actual: '<bytes differ>', expected: '' };
}

describe.runIf(HAVE_SAMPLES)('ctb bills on the shared samples', () => {
  const tmp = HAVE_SAMPLES ? tempDir('ctb-bills-samples-') : null;
  const file = (name: string) => (tmp ? tmp.file(name) : name);
  const config = file('config');
  const ws = file('samples.ctbw');
  const out = file('bills');
  let run = { code: -1, stdout: '', stderr: '' };

  const imp = async (source: string, name: string, extra: string[] = []) => {
    const r = await ctb(['import', '--workspace', ws, '--source', source, path.join(samples, name), ...extra], config);
    if (r.code === 2) throw new Error(`${name}: ${r.stderr}`);
  };

  beforeAll(async () => {
    for (const s of ['accounts', 'working_age_ctr', 'valuation_office_bands', 'vo_bands_breakdown', 'direct_debit_discrepancies', 'cash_payments']) await imp(s, `${s}.csv`);
    for (const r of ['dd', 'cash', 'props']) await imp('fdm_bills', `fdm_bills_${r}.txt`, ['--run', r]);
    await imp('fdm_exemptions', 'fdm_exemptions.txt');
    await imp('death_list', 'death_list.pdf');
    const deaths = await ctb(['deaths', '--workspace', ws, '--confirm-proposed'], config);
    if (deaths.code !== 0) throw new Error(deaths.stderr);
    run = await ctb(['bills', '--workspace', ws, '--out', out, '--json'], config);
  }, 120_000);
  afterAll(() => tmp?.cleanup());

  it('runs and exits 0', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  for (const t of TEMPLATES) {
    it(`${t}.txt byte for byte`, () => {
      const actual = fs.readFileSync(path.join(out, `${t}.txt`));
      const expected = fs.readFileSync(path.join(samples, 'expected', 'bills_text', `${t}.txt`));
      expect(firstDifference(actual, expected)).toBeNull();
      expect(actual.equals(expected)).toBe(true);
    });

    it(`${t}.manifest.csv byte for byte`, () => {
      const actual = fs.readFileSync(path.join(out, `${t}.manifest.csv`));
      const expected = fs.readFileSync(path.join(samples, 'expected', 'bills_text', `${t}.manifest.csv`));
      expect(firstDifference(actual, expected)).toBeNull();
      expect(actual.equals(expected)).toBe(true);
    });
  }

  it('gives every account the profile or reasons of expected/profiles.csv', () => {
    const [header, ...rows] = parseCsv(fs.readFileSync(path.join(samples, 'expected', 'profiles.csv'), 'utf8')).filter((r) => r.length > 1);
    const col = (name: string) => header.indexOf(name);
    const want = rows.map((r) => [r[col('account')], r[col('profile')], r[col('exclusions')]]);

    const manifests = TEMPLATES.flatMap((t) => parseCsv(fs.readFileSync(path.join(out, `${t}.manifest.csv`), 'utf8')).slice(1).filter((r) => r.length > 1));
    const profiles = new Map(manifests.map((r) => [r[0], r[1]]));
    const exclusions = new Map(
      parseCsv(fs.readFileSync(path.join(out, 'exclusions.csv'), 'utf8').replace(/^\uFEFF/, ''))
        .slice(1)
        .filter((r) => r.length > 1)
        .map((r) => [r[0], r[1]]),
    );
    const got = want.map(([account]) => [account, profiles.get(account) ?? '', exclusions.get(account) ?? '']);
    expect(got).toEqual(want);
    expect(profiles.size + exclusions.size).toBe(want.length);
  });

  it('counts and totals agree with summary.json, and the files hash as it records', () => {
    const summary = JSON.parse(fs.readFileSync(path.join(samples, 'expected', 'summary.json'), 'utf8')) as {
      profiles: Record<string, number>;
      exclusions_required: Record<string, number>;
      bills_by_template: Record<string, { bills: number; gross: number; discount: number; net: number }>;
      bill_run: { files: Record<string, { bills: number; sha256: string; manifest_sha256: string }> };
    };
    const result = JSON.parse(run.stdout) as {
      profiles: Record<string, number>;
      reasons: Record<string, number>;
      totals: Record<string, { bills: number; gross: number; discount: number; net: number }>;
      files: Record<string, { sha256: string }>;
    };
    expect(result.profiles).toEqual(summary.profiles);
    expect(result.reasons).toEqual({ ...summary.exclusions_required, ALREADY_BILLED: 0 });
    for (const t of TEMPLATES) {
      expect(result.totals[t]).toEqual(summary.bills_by_template[t]);
      expect(result.files[`${t}.txt`].sha256).toBe(summary.bill_run.files[t].sha256);
      expect(result.files[`${t}.manifest.csv`].sha256).toBe(summary.bill_run.files[t].manifest_sha256);
    }
  });

  it('reports the ESTIMATE_DIFF findings of expected/reconciliation.csv', () => {
    const want = parseCsv(fs.readFileSync(path.join(samples, 'expected', 'reconciliation.csv'), 'utf8'))
      .filter((r) => r[0] === 'ESTIMATE_DIFF')
      .map((r) => `${r[1]}|${r[2]}`)
      .sort();
    const db = new Database(ws, { readonly: true });
    try {
      const got = (db.prepare("SELECT account, source FROM reconciliation_findings WHERE code = 'ESTIMATE_DIFF'").all() as { account: string; source: string }[])
        .map((r) => `${r.account}|${r.source}`)
        .sort();
      expect(got).toEqual(want);
    } finally {
      db.close();
    }
  });
});
