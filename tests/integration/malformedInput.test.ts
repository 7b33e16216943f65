// Files that are broken in the ways real exports break. A file that cannot be imported leaves
// the workspace exactly as it was; a file with broken rows is imported without them (each one
// reported), and the previous import is kept, superseded, as it was.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/api/contract';
import { csvField, encodeWindows1252, generateAccountsFixture } from '../fixtures/accountsFixture';
import { cliFindings, cliRows, ctb, snapshotWorkspace, tempDir, type WorkspaceSnapshot } from '../fixtures/harness';

const tmp = tempDir('ctb-malformed-');
const config = tmp.file('config');
const good = generateAccountsFixture({ accounts: 12, quirks: false, seed: 5 });
let base: string;

beforeAll(async () => {
  fs.writeFileSync(tmp.file('good.csv'), good.bytes);
  base = tmp.file('base.ctbw');
  const run = await ctb(['import', '--workspace', base, '--source', 'accounts', tmp.file('good.csv')], config);
  expect(run.code).toBe(0);
  for (const suffix of ['-wal', '-shm']) expect(fs.existsSync(base + suffix)).toBe(false);
});
afterAll(() => tmp.cleanup());

let n = 0;
/** A workspace holding one good import of `good`, and its snapshot. */
async function workspaceWithGoodImport(): Promise<{ ws: string; before: WorkspaceSnapshot }> {
  const ws = tmp.file(`ws${++n}.ctbw`);
  fs.copyFileSync(base, ws);
  const before = await snapshotWorkspace(ws, config);
  expect(before.rows).toBe(good.expectedRowsCsv);
  return { ws, before };
}

function writeFile(name: string, content: string | Buffer): string {
  const file = tmp.file(name);
  fs.writeFileSync(file, content);
  return file;
}

const importInto = (ws: string, file: string, source = 'accounts') => ctb(['import', '--workspace', ws, '--source', source, file], config);

describe('files that cannot be imported: exit 2, workspace unchanged', () => {
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00]);
  const simple = (headers: string[], rows: string[][]) => [headers, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

  const cases: { name: string; file?: () => string; args?: (ws: string) => string[]; stderr: RegExp[] }[] = [
    { name: 'a picture saved as .csv (PNG bytes)', file: () => writeFile('scan.csv', PNG), stderr: [/scan\.csv/, /not a text file/] },
    { name: 'text with NUL bytes in it', file: () => writeFile('nuls.csv', Buffer.concat([Buffer.from('Mail Merge Reference,postcode\r\n3123'), Buffer.alloc(64), Buffer.from('\r\n')])), stderr: [/nuls\.csv/, /binary/] },
    { name: 'an empty file', file: () => writeFile('empty.csv', ''), stderr: [/empty\.csv/, /empty/] },
    { name: 'only blank lines', file: () => writeFile('blank.csv', '\r\n\r\n  \r\n'), stderr: [/blank\.csv/, /no header/] },
    {
      name: 'no account-number column',
      file: () => writeFile('noaccount.csv', simple(['Occupied Date', 'VO Band', 'postcode'], [['04/05/2020', 'C', 'E8 9ZZ']])),
      stderr: [/noaccount\.csv/, /mail_merge_reference/, /Account number/],
    },
    {
      name: 'a header row with a quote that is never closed',
      file: () => writeFile('badheader.csv', 'Mail Merge Reference,"postcode\r\n312345678,E8 9ZZ\r\n'),
      stderr: [/badheader\.csv/, /header/],
    },
    { name: 'a file that does not exist', args: (ws) => ['import', '--workspace', ws, '--source', 'accounts', tmp.file('nowhere.csv')], stderr: [/nowhere\.csv/] },
    { name: 'a folder instead of a file', args: (ws) => ['import', '--workspace', ws, '--source', 'accounts', tmp.dir], stderr: [/not a file/] },
    { name: 'a wrong --source', args: (ws) => ['import', '--workspace', ws, '--source', 'acounts', tmp.file('good.csv')], stderr: [/acounts/, /accounts/] },
    { name: 'no --source', args: (ws) => ['import', '--workspace', ws, tmp.file('good.csv')], stderr: [/--source/] },
    { name: 'an unknown command', args: (ws) => ['imprt', '--workspace', ws], stderr: [/imprt/] },
  ];

  it.each(cases)('$name', async ({ file, args, stderr }) => {
    const { ws, before } = await workspaceWithGoodImport();
    const run = args ? await ctb(args(ws), config) : await importInto(ws, file!());
    expect(run.code).toBe(2);
    for (const re of stderr) expect(run.stderr).toMatch(re);
    expect(await snapshotWorkspace(ws, config)).toEqual(before);
  });

  it('does not create a workspace for a file it cannot import', async () => {
    const ws = tmp.file('never-created.ctbw');
    const run = await importInto(ws, writeFile('empty2.csv', ''));
    expect(run.code).toBe(2);
    for (const suffix of ['', '-wal', '-shm']) expect(fs.existsSync(ws + suffix)).toBe(false);
  });
});

describe('files with broken rows: imported without them, each reported', () => {
  /** After a partial import: the old batch is kept as it was, only superseded. */
  function expectPreviousBatchKept(before: WorkspaceSnapshot, after: WorkspaceSnapshot): void {
    const old = before.batches[0] as { id: string };
    expect(after.batches).toHaveLength(2);
    expect(after.batches[0]).toEqual({ ...old, status: 'superseded' });
    expect((after.batches[1] as { status: string }).status).toBe('active');
    expect(after.findings.filter((f) => (f as { batch_id: string }).batch_id === old.id)).toEqual(before.findings);
  }

  const headers = ['Mail Merge Reference', 'addr1', 'postcode', 'Calculated 20/21 Charge'];
  const rows = Array.from({ length: 8 }, (_, i) => [`3123456${String(70 + i)}`, `${i + 1} Sample Street`, `E8 ${i}ZZ`, `${1000 + i}.50`]);
  const expectedRow = (r: string[]) => {
    const out = Array<string>(51).fill('');
    out[0] = r[0];
    out[26] = r[1];
    out[30] = r[2];
    out[8] = r[3];
    out[50] = '0';
    return out.map(csvField).join(',');
  };
  const canonicalHeader = good.expectedRowsCsv.slice(0, good.expectedRowsCsv.indexOf('\n') + 1);

  it('an unbalanced quote mid-file: the rows before it are staged, the broken record is not, and it is reported', async () => {
    const { ws, before } = await workspaceWithGoodImport();
    const lines = [headers, ...rows].map((r) => r.join(','));
    lines[4] = lines[4].replace(',4 Sample Street,', ',"4 Sample Street,'); // line 5, never closed
    const run = await importInto(ws, writeFile('quote.csv', `${lines.join('\r\n')}\r\n`));
    expect(run.code).toBe(1);
    expect(await cliRows(ws, config)).toBe(canonicalHeader + rows.slice(0, 3).map((r) => `${expectedRow(r)}\n`).join(''));
    const findings = await cliFindings(ws, config);
    const q = findings.filter((f) => f.rule === 'UNBALANCED_QUOTES');
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ line: 5, severity: 'error' });
    expect(q[0].message).toMatch(/never closed/);
    expect(q[0].message).toMatch(/line 5/);
    expectPreviousBatchKept(before, await snapshotWorkspace(ws, config));
  });

  it('an unclosed quote names the last line of the file, not the one after it', async () => {
    const { ws } = await workspaceWithGoodImport();
    const lines = [headers, ...rows].map((r) => r.join(','));
    lines[4] = lines[4].replace(',4 Sample Street,', ',"4 Sample Street,');
    await importInto(ws, writeFile('quote-end.csv', `${lines.join('\r\n')}\r\n`));
    const q = (await cliFindings(ws, config)).filter((f) => f.rule === 'UNBALANCED_QUOTES');
    expect(q[0].message).toContain('lines 5 to 9');
    expect(q[0].message).not.toContain('10');
  });

  it('a stray quote after a quoted value that swallows the rest of the file says so', async () => {
    const { ws } = await workspaceWithGoodImport();
    const text = ['Mail Merge Reference,addr1,postcode', '312345678,1 Sample Street,E8 9ZZ', '312345679,"2 Sample" Street,E8 9ZY', '312345680,3 Sample Street,E8 9ZX', '312345681,4 Sample Street,E8 9ZW'].join('\r\n') + '\r\n';
    await importInto(ws, writeFile('stray.csv', text));
    const q = (await cliFindings(ws, config)).filter((f) => f.rule === 'UNBALANCED_QUOTES');
    expect(q).toHaveLength(1);
    expect(q[0].line).toBe(3);
    expect(q[0].message).toContain('lines 3 to 5');
    expect(q[0].message).toMatch(/rest of the file/);
  });

  it('a row with too few fields: FIELD_COUNT, rejected, the rest imported', async () => {
    const { ws, before } = await workspaceWithGoodImport();
    const fx = generateAccountsFixture({ accounts: 12, quirks: false, seed: 6 });
    const lines = fx.text.split('\r\n');
    const broken = 6; // line 7
    // The last columns never hold commas or quotes, so cutting at a comma drops whole fields.
    lines[broken] = lines[broken].split(',').slice(0, -3).join(',');
    const run = await importInto(ws, writeFile('short.csv', encodeWindows1252(lines.join('\r\n'))));
    expect(run.code).toBe(1);
    const expectedRows = fx.expectedRowsCsv.split('\n');
    expectedRows.splice(broken, 1); // header is element 0, as line 1 is
    expect(await cliRows(ws, config)).toBe(expectedRows.join('\n'));
    const findings = await cliFindings(ws, config);
    const fc = findings.filter((f) => f.rule === 'FIELD_COUNT');
    expect(fc).toEqual([expect.objectContaining({ line: 7, severity: 'error' })]);
    expect(fc[0].message).toContain(`${fx.headers.length - 3} values`);
    expect(fc[0].message).toContain(`${fx.headers.length} columns`);
    const after = await snapshotWorkspace(ws, config);
    expect((after.batches[1] as { rows_rejected: number; rows_read: number }).rows_rejected).toBe(1);
    expect((after.batches[1] as { rows_read: number }).rows_read).toBe(12);
    expectPreviousBatchKept(before, after);
  });

  it('a row with extra values is rejected; trailing empty values are not extra', async () => {
    const { ws } = await workspaceWithGoodImport();
    const lines = [headers, ...rows].map((r) => r.join(','));
    lines[2] += ',surprise';
    lines[3] += ',,';
    const run = await importInto(ws, writeFile('extra.csv', `${lines.join('\r\n')}\r\n`));
    expect(run.code).toBe(1);
    const findings = (await cliFindings(ws, config)).filter((f) => f.severity === 'error');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['FIELD_COUNT', 3]]);
    expect(await cliRows(ws, config)).toBe(canonicalHeader + rows.filter((_, i) => i !== 1).map((r) => `${expectedRow(r)}\n`).join(''));
  });

  it('bad date, money and band cells: rows flagged, raw text kept, findings name the cell', async () => {
    const { ws, before } = await workspaceWithGoodImport();
    const fx = generateAccountsFixture({ badCells: true, seed: 8 });
    const run = await importInto(ws, writeFile('badcells.csv', fx.bytes));
    expect(run.code).toBe(1);
    expect(await cliRows(ws, config)).toBe(fx.expectedRowsCsv);
    const findings = await cliFindings(ws, config);
    const cell = (rule: string) => findings.find((f: Finding) => f.rule === rule);
    expect(cell('BAD_DATE')).toMatchObject({ line: 5, cellRef: 'E5', column: 'occupied_date', rawValue: '31/02/2020', severity: 'error' });
    expect(cell('BAD_MONEY')).toMatchObject({ line: 6, cellRef: 'I6', column: 'calculated_20_21_charge', rawValue: '1,31.50', severity: 'error' });
    expect(cell('BAD_BAND')).toMatchObject({ line: 7, cellRef: 'G7', column: 'vo_band', rawValue: 'Z', severity: 'error' });
    expectPreviousBatchKept(before, await snapshotWorkspace(ws, config));
  });

  it('a file mixing CRLF and LF line ends stages every line as its own row', async () => {
    const { ws } = await workspaceWithGoodImport();
    const text = 'Mail Merge Reference,addr1,postcode\r\n312345678,1 Sample Street,E8 9ZZ\r\n312345679,"2 Sample\r\nStreet",E8 9ZY\r\n312345680,3 Sample Street,E8 9ZX\n312345681,4 Sample Street,E8 9ZW\n';
    const run = await importInto(ws, writeFile('mixed.csv', text));
    expect(run.code).toBe(0);
    const staged = (await cliRows(ws, config)).trim().split('\n').slice(1).filter((l) => /^3\d/.test(l));
    expect(staged.map((l) => l.slice(0, 9))).toEqual(['312345678', '312345679', '312345680', '312345681']);
    const snapshot = await snapshotWorkspace(ws, config);
    expect(snapshot.rows).toContain('312345681');
    const findings = (await cliFindings(ws, config)).filter((f) => f.severity === 'error');
    expect(findings).toEqual([]);
  });
});
