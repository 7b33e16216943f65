import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The version in package.json, read once. Works from source (tsx, vitest) and from the bundle. */
export function appVersion(): string {
  for (const candidate of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'council-tax-billing-plan-b' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}
