// Builds a copy of better-sqlite3's native binding for Electron's ABI into build/native/,
// leaving node_modules built for Node (tests and the CLI keep working). The Electron main
// process loads the copy through better-sqlite3's `nativeBinding` option. Runs before
// `npm start` / `npm run dev`; does nothing once the copy exists.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

let electronVersion;
try {
  // Reads Electron's version from its package metadata; nothing of Electron is loaded.
  electronVersion = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('electron')), 'package.json'), 'utf8')).version;
} catch {
  console.error('Electron is not installed. Run `npm install` first.');
  process.exit(1);
}
const target = path.join(root, 'build', 'native', `electron-${electronVersion}-${process.platform}-${process.arch}`, 'better_sqlite3.node');
if (fs.existsSync(target)) process.exit(0);

const source = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ctb-native-'));
const copy = path.join(work, 'better-sqlite3');
fs.cpSync(source, copy, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) && !p.endsWith(`${path.sep}build`) });
// The copy needs to resolve its own build tools (node-addon-api headers, prebuild-install).
fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'junction');

const run = (cmd, args) => execFileSync(cmd, args, { cwd: copy, stdio: 'inherit', env: { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion, npm_config_disturl: 'https://electronjs.org/headers' } });

console.log(`Preparing the SQLite driver for Electron ${electronVersion}…`);
try {
  // A prebuilt binary when one is published for this Electron version…
  run(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch]);
} catch {
  // …otherwise compile it against Electron's headers (needs the C++ build tools).
  const nodeGyp = process.env.npm_config_node_gyp || path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  run(process.execPath, [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers', `--arch=${process.arch}`]);
}
const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
if (!fs.existsSync(built)) {
  console.error('Could not build the SQLite driver for Electron; see the messages above.');
  process.exit(1);
}
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(built, target);
fs.rmSync(work, { recursive: true, force: true });
console.log(`SQLite driver for Electron ready: ${path.relative(root, target)}`);
