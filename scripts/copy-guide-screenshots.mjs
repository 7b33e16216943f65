#!/usr/bin/env node
// Copies the end-to-end tests' screenshots that the user guide uses into docs/images/, where
// docs/user-guide.md (and the Help screen, which bundles them) refer to them as
// images/<screen>.png. Run `npm run test:e2e` first; screenshots that do not exist are listed
// and skipped. Usage: node scripts/copy-guide-screenshots.mjs [--dry-run]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.join(root, 'tests', 'e2e', 'artifacts');
const to = path.join(root, 'docs', 'images');
const dryRun = process.argv.includes('--dry-run');

// The screens the guide shows: exact names, or a prefix ending in '*'.
const WANTED = [
  'dashboard',
  'import-*',
  'staged-rows-grid',
  'findings-screen',
  'rows-edit',
  'checks',
  'account-view',
  'deaths*',
  'bills*',
  'audit-screen',
  'workspace*',
  'help',
];

const matches = (name, pattern) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern);

if (!fs.existsSync(from)) {
  console.error(`No screenshots in ${path.relative(root, from)}: run \`npm run test:e2e\` first.`);
  process.exit(1);
}
const available = fs.readdirSync(from).filter((f) => f.endsWith('.png'));
const chosen = available.filter((f) => WANTED.some((p) => matches(f.slice(0, -'.png'.length), p))).sort();
const missing = WANTED.filter((p) => !available.some((f) => matches(f.slice(0, -'.png'.length), p)));

if (!dryRun) fs.mkdirSync(to, { recursive: true });
for (const f of chosen) {
  if (!dryRun) fs.copyFileSync(path.join(from, f), path.join(to, f));
  console.log(`${dryRun ? 'would copy' : 'copied'} ${f}`);
}
console.log(`${chosen.length} screenshot${chosen.length === 1 ? '' : 's'} ${dryRun ? 'to copy' : 'copied'} to ${path.relative(root, to)}/`);
if (missing.length) console.log(`Not found (their e2e tests have not run or do not exist yet): ${missing.join(', ')}`);

// Images the guide refers to that are still missing from docs/images/.
const guide = fs.readFileSync(path.join(root, 'docs', 'user-guide.md'), 'utf8');
const referenced = [...guide.matchAll(/!\[[^\]]*\]\(images\/([\w.-]+\.png)\)/g)].map((m) => m[1]);
const absent = referenced.filter((f) => !fs.existsSync(path.join(to, f)) && !(dryRun && chosen.includes(f)));
if (absent.length) console.log(`The guide refers to images not in docs/images/ yet: ${absent.join(', ')}`);
