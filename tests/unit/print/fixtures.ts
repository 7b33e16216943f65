import fs from 'node:fs';

/** Reads a hand-written print fixture the way the import does: bytes decoded as ISO-8859-1. */
export function readPrintFixture(name: string): string {
  return fs.readFileSync(new URL(`../../fixtures/print/${name}`, import.meta.url), 'latin1');
}
