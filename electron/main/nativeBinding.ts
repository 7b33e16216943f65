import fs from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 is compiled for Node's ABI by `npm install` (tests and the CLI use that).
 * Electron has its own ABI, so `npm start` first builds a second copy into build/native/
 * (scripts/electron-native.mjs) and the main process points better-sqlite3 at it. Packaged
 * builds rebuild node_modules for Electron instead, and need no override.
 */
export function electronNativeBinding(appPath: string, versions: NodeJS.ProcessVersions, platform = process.platform, arch = process.arch): string | undefined {
  const candidate = path.join(appPath, 'build', 'native', `electron-${versions.electron}-${platform}-${arch}`, 'better_sqlite3.node');
  return fs.existsSync(candidate) ? candidate : undefined;
}
