// Proves that importing does not hold the file in memory: generates cash-payments files of
// about 50 MB and 500 MB, imports each in a fresh process, and reports each process's peak
// resident memory. Passes when the larger is within 50 MB of the smaller and both are under
// 400 MB. Not a timed test: run it by hand or in a nightly job.
//   npm run memory-proof [-- --small-mb 50 --large-mb 500]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCashPayments } from './syntheticCashPayments';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SMALL_MB = arg('--small-mb', 50);
const LARGE_MB = arg('--large-mb', 500);

function importInChild(file: string, workspace: string): { peakMb: number; rows: number; seconds: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'memoryProofChild.ts'), file, workspace], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as { peakMb: number; rows: number; seconds: number };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctb-memory-'));
try {
  const results: { label: string; sizeMb: number; rows: number; peakMb: number; seconds: number }[] = [];
  for (const mb of [SMALL_MB, LARGE_MB]) {
    const file = path.join(dir, `cash_${mb}mb.csv`);
    const rows = writeCashPayments(file, mb);
    const sizeMb = fs.statSync(file).size / 1024 / 1024;
    process.stdout.write(`Importing ${sizeMb.toFixed(0)} MB (${rows.toLocaleString('en-GB')} payments)…\n`);
    const r = importInChild(file, path.join(dir, `w${mb}.ctbw`));
    results.push({ label: `${mb} MB`, sizeMb, rows: r.rows, peakMb: r.peakMb, seconds: r.seconds });
    fs.rmSync(file, { force: true });
    for (const f of fs.readdirSync(dir)) if (f.startsWith(`w${mb}.ctbw`)) fs.rmSync(path.join(dir, f), { force: true });
  }
  for (const r of results) process.stdout.write(`  ${r.label.padEnd(8)} file ${r.sizeMb.toFixed(0).padStart(4)} MB, ${r.rows.toLocaleString('en-GB').padStart(10)} rows staged, peak memory ${r.peakMb.toFixed(0).padStart(4)} MB, ${r.seconds.toFixed(0)} s\n`);
  const [small, large] = results;
  const growth = large.peakMb - small.peakMb;
  const ok = growth <= 50 && small.peakMb < 400 && large.peakMb < 400;
  process.stdout.write(`Peak memory grew by ${growth.toFixed(0)} MB for a ${(large.sizeMb / small.sizeMb).toFixed(0)}× larger file: ${ok ? 'PASS' : 'FAIL'} (limit: 50 MB growth, 400 MB each)\n`);
  process.exitCode = ok ? 0 : 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
