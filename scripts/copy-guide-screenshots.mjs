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

// Exactly the images docs/user-guide.md refers to (the Help screen bundles every image in
// docs/images/, so nothing else is copied).
const guide = fs.readFileSync(path.join(root, 'docs', 'user-guide.md'), 'utf8');
const referenced = [...new Set([...guide.matchAll(/!\[[^\]]*\]\(images\/([\w.-]+\.png)\)/g)].map((m) => m[1]))];

if (!fs.existsSync(from)) {
  console.error(`No screenshots in ${path.relative(root, from)}: run \`npm run test:e2e\` first.`);
  process.exit(1);
}
const chosen = referenced.filter((f) => fs.existsSync(path.join(from, f))).sort();
const missing = referenced.filter((f) => !chosen.includes(f));

if (!dryRun) fs.mkdirSync(to, { recursive: true });
for (const f of chosen) {
  if (!dryRun) fs.copyFileSync(path.join(from, f), path.join(to, f));
  console.log(`${dryRun ? 'would copy' : 'copied'} ${f}`);
}
console.log(`${chosen.length} screenshot${chosen.length === 1 ? '' : 's'} ${dryRun ? 'to copy' : 'copied'} to ${path.relative(root, to)}/`);
if (missing.length) console.log(`The guide refers to screenshots the e2e tests did not make: ${missing.join(', ')}`);
