// Conformance with the shared sample data set (../shared/samples): every sample source imported
// through the CLI, then the derived updates and checks, compared with expected/reconciliation.csv
// (the `import` stage) and expected/derived_updates.csv. Runs only where the samples exist.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshDerivedAndChecks, type RefreshSummary } from '../../../electron/core/reconcile/afterImport';
import { ctb, parseCsv, tempDir } from '../../fixtures/harness';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const samplesDir = path.resolve(repoRoot, '../shared/samples');
const expectedDir = path.join(samplesDir, 'expected');

function csvObjects(file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8')).filter((r) => r.some((f) => f !== ''));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const SOURCES: [string, string][] = [
  ['accounts', 'accounts.csv'],
  ['working_age_ctr', 'working_age_ctr.csv'],
  ['valuation_office_bands', 'valuation_office_bands.csv'],
  ['vo_bands_breakdown', 'vo_bands_breakdown.csv'],
  ['direct_debit_discrepancies', 'direct_debit_discrepancies.csv'],
  ['cash_payments', 'cash_payments.csv'],
  ['fdm_bills', 'fdm_bills_dd.txt'],
  ['fdm_bills', 'fdm_bills_cash.txt'],
  ['fdm_bills', 'fdm_bills_props.txt'],
  ['fdm_exemptions', 'fdm_exemptions.txt'],
  ['death_list', 'death_list.txt'],
];

const sorted = (keys: string[][]): string[] => keys.map((k) => JSON.stringify(k)).sort();

describe.runIf(fs.existsSync(samplesDir))('conformance: reconciliation and derived updates of ../shared/samples', () => {
  const tmp = tempDir('ctb-samples-reconcile-');
  const config = tmp.file('config');
  const workspace = tmp.file('samples.ctbw');
  let db: Database.Database;
  let summary: RefreshSummary;

  beforeAll(async () => {
    for (const [source, file] of SOURCES) {
      const run = await ctb(['import', '--workspace', workspace, '--source', source, path.join(samplesDir, file)], config);
      if (!/Imported/.test(run.stdout)) throw new Error(`import of ${file} failed (${run.code}): ${run.stderr}`);
    }
    db = new Database(workspace);
    // The deaths report, if this build cannot import it yet: its three entries as staged, with the proposal.
    if ((db.prepare('SELECT count(*) FROM stg_death_list').pluck().get() as number) === 0) {
      const batch = 'deaths-by-hand';
      db.prepare(
        `INSERT INTO import_batches (id, source, file_name, file_size, sha256, encoding, line_ending, mapping, imported_by, imported_at, status)
         VALUES (?, 'death_list', 'death_list.txt', 0, 'x', 'windows-1252', 'crlf', '[]', 'test', '2021-01-01T00:00:00Z', 'active')`,
      ).run(batch);
      const proposals = new Map(csvObjects(path.join(expectedDir, 'deaths.csv')).map((d) => [d.reference, d]));
      for (const e of csvObjects(path.join(expectedDir, 'staged', 'death_list.csv'))) {
        const p = proposals.get(e.reference);
        db.prepare(
          `INSERT INTO stg_death_list (_batch_id, _line, _sheet_row, _hash, _entry_id, _entry_key, _proposed_account, _status, reference, names, date_of_death, address)
           VALUES (?, ?, ?, 'h', ?, ?, ?, 'unmatched', ?, ?, ?, ?)`,
        ).run(batch, Number(p?.line ?? 0), Number(p?.line ?? 0), `x-${e.reference}`, `k-${e.reference}`, p?.expected_account || null, Number(e.reference), e.names, e.date_of_death, e.address);
      }
    }
    summary = refreshDerivedAndChecks(db);
  }, 120_000);

  afterAll(() => {
    db?.close();
    tmp.cleanup();
  });

  it('finds exactly the import-stage findings of expected/reconciliation.csv', () => {
    const expected = csvObjects(path.join(expectedDir, 'reconciliation.csv'))
      .filter((r) => r.stage === 'import')
      .map((r) => [r.code, r.account, r.source, r.ref]);
    const actual = (db.prepare('SELECT code, account, source, ref FROM reconciliation_findings').all() as Record<string, string | null>[]).map((r) => [
      r.code ?? '',
      r.account ?? '',
      r.source ?? '',
      r.ref ?? '',
    ]);
    expect(sorted(actual)).toEqual(sorted(expected));
    const byCode: Record<string, number> = {};
    for (const [code] of expected) byCode[code] = (byCode[code] ?? 0) + 1;
    expect(summary.reconciliation.byCode).toEqual(byCode);
  });

  it('every finding has a message and links to the rows involved', () => {
    const rows = db.prepare('SELECT code, message, rows FROM reconciliation_findings').all() as { code: string; message: string; rows: string }[];
    for (const r of rows) {
      expect(r.message.length).toBeGreaterThan(20);
      const refs = JSON.parse(r.rows) as { table: string; rowId: number; line: number }[];
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) expect(db.prepare(`SELECT _line FROM ${ref.table} WHERE _row_id = ?`).pluck().get(ref.rowId)).toBe(ref.line);
    }
  });

  it('records exactly the changes of expected/derived_updates.csv', () => {
    const expected = csvObjects(path.join(expectedDir, 'derived_updates.csv')).map((r) => [r.account, r.update, r.before, r.after]);
    const actual = (db.prepare('SELECT account, column_name, before, after FROM derived_changes WHERE update_no IN (1, 2)').all() as Record<string, string | null>[]).map((r) => [
      r.account ?? '',
      r.column_name ?? '',
      r.before ?? '',
      r.after ?? '',
    ]);
    expect(sorted(actual)).toEqual(sorted(expected));
  });

  it('derived columns of the worked examples', () => {
    const get = (a: string) => db.prepare('SELECT * FROM account_derived WHERE mail_merge_reference = ?').get(a) as Record<string, unknown>;
    expect(get('394504322')).toMatchObject({ formatted_occupied_date: '2020-05-04', days_occupied: 332, calculated_20_21_charge_value: 147431, apportioned_charge_100: 134102 });
    expect(get('332452801')).toMatchObject({ formatted_occupied_date: '2020-06-15', days_occupied: 290, calculated_20_21_75_charge: 98287, apportioned_charge_100: 104122 });
    expect(get('355465826')).toMatchObject({ calculated_20_21_charge_value: 131050, calculated_20_21_75_charge: 98287, payment_method_code_updated: 'CASHM' });
    expect(get('368879697')).toMatchObject({ formatted_occupied_date: '2020-04-01', days_occupied: 365 });
    expect(get('349100706')).toMatchObject({ vo_band: 'C', vo_effective_date: '2020-11-20' });
    // N/A and - are no values: no payment-method update
    const staged = db.prepare("SELECT payment_method_code FROM stg_accounts WHERE mail_merge_reference = '381494322'").pluck().get();
    expect(get('381494322').payment_method_code_updated).toBe(staged);
    const total = (a: string) => db.prepare('SELECT total FROM total_cash_payments WHERE account_id = ?').pluck().get(a);
    expect(total('355465826')).toBe(98287);
    expect(total('320304030')).toBe(98288);
    expect(total('394504322')).toBe(134102);
    expect(total('332452801')).toBe(78091);
  });

  it('is idempotent: a second run gives the same findings and changes', () => {
    const snap = () => [
      db.prepare('SELECT code, severity, account, source, ref, message, rows FROM reconciliation_findings ORDER BY id').all(),
      db.prepare('SELECT update_no, account, column_name, before, after, source_row FROM derived_changes ORDER BY id').all(),
      db.prepare('SELECT * FROM account_derived ORDER BY 1').all(),
      db.prepare('SELECT * FROM total_cash_payments ORDER BY 1').all(),
    ];
    const before = snap();
    refreshDerivedAndChecks(db);
    expect(snap()).toEqual(before);
  });
});

describe.runIf(fs.existsSync(samplesDir))('conformance: extra/vo_bands_breakdown_bad_ratio.csv', () => {
  it('gives exactly one BREAKDOWN_RATIO finding, F / GREATER LONDON AUTHORITY', async () => {
    const tmp = tempDir('ctb-samples-ratio-');
    try {
      const workspace = tmp.file('ratio.ctbw');
      const run = await ctb(['import', '--workspace', workspace, '--source', 'vo_bands_breakdown', path.join(samplesDir, 'extra', 'vo_bands_breakdown_bad_ratio.csv')], tmp.file('config'));
      expect(run.stdout).toMatch(/Imported/);
      const db = new Database(workspace);
      try {
        refreshDerivedAndChecks(db);
        expect(db.prepare('SELECT code, account, source, ref, severity FROM reconciliation_findings').all()).toEqual([
          { code: 'BREAKDOWN_RATIO', account: null, source: 'vo_bands_breakdown', ref: 'F / GREATER LONDON AUTHORITY', severity: 'error' },
        ]);
      } finally {
        db.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});
