// Benchmark: importing and browsing a whole borough's accounts. Prints ratios against
// references measured in the same run on the same machine, never absolute claims.
//   npm run bench [-- --rows 120000 --payments 500000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Papa from 'papaparse';
import { AppServices } from '../electron/core/api/appServices';
import { silentLogger } from '../electron/core/log/logger';
import { noDialogs } from '../electron/core/platform/platformPort';
import { RecentWorkspaces } from '../electron/core/workspace/recentWorkspaces';
import { queryStagedRows } from '../electron/core/staging/stagedRows';
import { writeSyntheticAccounts } from './syntheticAccounts';
import { writeCashPayments } from './syntheticCashPayments';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('--rows', 120_000);
const PAYMENTS = arg('--payments', 500_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctb-bench-'));
const file = path.join(dir, 'accounts.csv');

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

async function timeAsync<T>(fn: () => T | Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

async function main() {
  writeSyntheticAccounts(file, ROWS);
  const size = fs.statSync(file).size;
  process.stdout.write(`Synthetic accounts: ${ROWS.toLocaleString('en-GB')} rows, ${(size / 1e6).toFixed(1)} MB\n\n`);

  // Reference 1: just parsing the CSV text with papaparse, no validation, no storage.
  const text = fs.readFileSync(file, 'latin1');
  const [, parseMs] = time(() => Papa.parse(text, { header: false }));

  const services = new AppServices({ version: 'bench', transport: 'loopback', platform: noDialogs, recent: new RecentWorkspaces(path.join(dir, 'recent.json')), log: silentLogger, user: 'bench' });
  services.openWorkspace(path.join(dir, 'bench.ctbw'), 'create');
  const ref = services.files.register(file);
  const proposal = await services.handlers['import/inspect']({ file: ref.token, source: 'accounts' });
  const t0 = performance.now();
  const { jobId } = await services.handlers['import/start']({ file: ref.token, source: 'accounts', mapping: proposal.mapping });
  const state = await services.jobs.wait(jobId);
  const importMs = performance.now() - t0;
  if (state.status !== 'succeeded') throw new Error(`import ${state.status}: ${state.error?.message}`);

  const db = services.requireWorkspace().db;
  // Reference 2: a plain full scan of the staged table.
  const [, scanMs] = time(() => db.prepare('SELECT * FROM stg_accounts').all());
  const page = (q: Parameters<typeof queryStagedRows>[1]) => time(() => queryStagedRows(db, q))[1];
  const pages = {
    'first page, file order': page({ source: 'accounts', offset: 0, limit: 200 }),
    'last page, file order': page({ source: 'accounts', offset: ROWS - 200, limit: 200 }),
    'middle page, sorted by surname': page({ source: 'accounts', offset: Math.floor(ROWS / 2), limit: 200, sort: { column: 'lead_liable_surname', direction: 'asc' } }),
    'middle page, sorted by 2020/21 charge': page({ source: 'accounts', offset: Math.floor(ROWS / 2), limit: 200, sort: { column: 'calculated_20_21_charge', direction: 'desc' } }),
    'search by postcode prefix': page({ source: 'accounts', offset: 0, limit: 200, search: 'E5 1' }),
    'search by surname, sorted by charge': page({ source: 'accounts', offset: 0, limit: 200, search: 'Mock', sort: { column: 'calculated_20_21_charge', direction: 'asc' } }),
    'search by account number prefix': page({ source: 'accounts', offset: 0, limit: 200, search: '31000' }),
  };

  // The review screens at this size: findings with their states, a column filter, and an
  // officer's correction, exclusion and undo (each re-runs the derived updates and checks).
  const h = services.handlers;
  const [, findingsMs] = await timeAsync(() => h['review/findings']({ offset: 0, limit: 200, state: 'open' }));
  const [, rulesMs] = await timeAsync(() => h['review/rules']({}));
  const filterMs = page({ source: 'accounts', offset: 0, limit: 200, filter: { column: 'postcode', value: 'E5' } });
  const moneyFilterMs = page({ source: 'accounts', offset: 0, limit: 200, filter: { column: 'calculated_20_21_charge', value: '1,3' } });
  const target = queryStagedRows(db, { source: 'accounts', offset: Math.floor(ROWS / 2), limit: 1 }).rows[0];
  const [, editMs] = await timeAsync(() => h['rows/edit']({ source: 'accounts', rowId: target.rowId, column: 'lead_liable_surname', value: 'Benchmark' }));
  const [, excludeMs] = await timeAsync(() => h['rows/exclude']({ source: 'accounts', rowIds: [target.rowId], note: 'bench' }));
  const [undoList] = await timeAsync(() => h['undo/list']({}));
  const [, undoMs] = await timeAsync(() => h['undo/apply']({ id: undoList[0].id }));
  const review = {
    'findings page (open), with states': findingsMs,
    'findings counted by rule and state': rulesMs,
    'grid filter: postcode starts with': filterMs,
    'grid filter: charge starts with (money)': moneyFilterMs,
    'correct one cell (re-validate, re-check)': editMs,
    'exclude one row (re-check)': excludeMs,
    'undo the exclusion (re-check)': undoMs,
  };

  // A year of cash payments beside the accounts: the grid and a correction at that size.
  const paymentsFile = path.join(dir, 'cash_payments.csv');
  writeCashPayments(paymentsFile, 10_000, PAYMENTS);
  const pref = services.files.register(paymentsFile);
  const pprop = await h['import/inspect']({ file: pref.token, source: 'cash_payments' });
  const pjob = await h['import/start']({ file: pref.token, source: 'cash_payments', mapping: pprop.mapping });
  const pstate = await services.jobs.wait(pjob.jobId);
  if (pstate.status !== 'succeeded') throw new Error(`payments import ${pstate.status}: ${pstate.error?.message}`);
  const [, paymentsScanMs] = time(() => db.prepare('SELECT * FROM stg_cash_payments').all());
  const ppage = (q: Omit<Parameters<typeof queryStagedRows>[1], 'source'>) => time(() => queryStagedRows(db, { source: 'cash_payments', ...q }))[1];
  const someAccount = (db.prepare('SELECT account FROM stg_cash_payments WHERE _row_id = 1234').pluck().get() as string) ?? '3';
  const payment = queryStagedRows(db, { source: 'cash_payments', offset: Math.floor(PAYMENTS / 2), limit: 1 }).rows[0];
  const [, paymentEditMs] = await timeAsync(() => h['rows/edit']({ source: 'cash_payments', rowId: payment.rowId, column: 'net_amount', value: '£12.34' }));
  const payments = {
    'first page, file order': ppage({ offset: 0, limit: 200 }),
    'last page, file order': ppage({ offset: PAYMENTS - 200, limit: 200 }),
    'middle page, sorted by amount': ppage({ offset: Math.floor(PAYMENTS / 2), limit: 200, sort: { column: 'net_amount', direction: 'desc' } }),
    'search by account number': ppage({ offset: 0, limit: 200, search: someAccount }),
    'filter: receipt number starts with': ppage({ offset: 0, limit: 200, filter: { column: 'receipt_no', value: 'R0002' } }),
    'correct one amount (re-validate, re-check)': paymentEditMs,
  };

  const rss = process.memoryUsage().rss;
  process.stdout.write(`Import (sniff, parse, validate, stage, duplicates, commit) vs. papaparse alone on the same text:\n`);
  process.stdout.write(`  ratio ${(importMs / parseMs).toFixed(1)}×   (rows per second: ${Math.round(ROWS / (importMs / 1000)).toLocaleString('en-GB')})\n\n`);
  process.stdout.write(`Grid page of 200 rows vs. a full scan of the staged table (lower is better; < 1 means a page costs less than reading everything once):\n`);
  for (const [name, ms] of Object.entries(pages)) process.stdout.write(`  ${name.padEnd(40)} ratio ${(ms / scanMs).toFixed(3)}\n`);
  process.stdout.write(`\nReview operations vs. a full scan of the staged table:\n`);
  for (const [name, ms] of Object.entries(review)) process.stdout.write(`  ${name.padEnd(44)} ratio ${(ms / scanMs).toFixed(3)}\n`);
  process.stdout.write(`\nCash payments: ${PAYMENTS.toLocaleString('en-GB')} rows; grid and correction vs. a full scan of the staged payments:\n`);
  for (const [name, ms] of Object.entries(payments)) process.stdout.write(`  ${name.padEnd(44)} ratio ${(ms / paymentsScanMs).toFixed(3)}\n`);
  process.stdout.write(`\nResident memory at the end (includes the two in-memory references above): ${(rss / 1e6).toFixed(0)} MB\n`);
  services.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
