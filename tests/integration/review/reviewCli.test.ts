// The review, undo, audit and backup commands of the CLI, as IT or an officer would script them.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { generateAccountsFixture } from '../../fixtures/accountsFixture';
import { ctb, tempDir } from '../../fixtures/harness';

const tmp = tempDir('ctb-review-cli-');
const config = tmp.file('config');
const ws = tmp.file('cli.ctbw');
afterAll(() => tmp.cleanup());

interface Listed {
  counts: Record<'open' | 'reviewed' | 'fixed' | 'excluded', number>;
  findings: { id: string; rule: string; severity: string; state: string }[];
}
const list = async (workspace = ws, extra: string[] = []): Promise<Listed> => {
  const r = await ctb(['review', '--workspace', workspace, '--json', ...extra], config);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Listed;
};

describe('ctb review, undo, audit, backup and restore', () => {
  it('lists findings with states and changes them with a note', async () => {
    fs.writeFileSync(tmp.file('accounts.csv'), generateAccountsFixture({ accounts: 20, seed: 3, badCells: true }).bytes);
    expect((await ctb(['import', '--workspace', ws, '--source', 'accounts', tmp.file('accounts.csv')], config)).code).toBe(1);
    const before = await list();
    expect(before.counts.open).toBe(before.findings.length);
    const band = before.findings.find((f) => f.rule === 'BAD_BAND')!;
    const date = before.findings.find((f) => f.rule === 'BAD_DATE')!;

    const noNote = await ctb(['review', '--workspace', ws, '--mark-reviewed', date.id], config);
    expect(noNote.code).toBe(2);
    expect(noNote.stderr).toMatch(/--note/);
    const reviewed = await ctb(['review', '--workspace', ws, '--mark-reviewed', date.id, '--note', 'Checked with the resident'], config);
    expect(reviewed.stdout).toBe('1 marked reviewed.\n');
    const excluded = await ctb(['review', '--workspace', ws, '--exclude', band.id, '--note', 'Not ours'], config);
    expect(excluded.stdout).toBe('1 rows excluded.\n');
    const after = await list();
    expect(after.counts).toMatchObject({ open: before.counts.open - 2, reviewed: 1, excluded: 1 });
    expect((await list(ws, ['--state', 'excluded'])).findings.map((f) => f.id)).toEqual([band.id]);

    const undo = await ctb(['undo', '--workspace', ws], config);
    expect(undo.stdout).toMatch(/^Undone: Excluded the rows of 1 finding/);
    expect((await list()).counts).toMatchObject({ open: before.counts.open - 1, reviewed: 1, excluded: 0 });
  });

  it('prints and exports the audit trail', async () => {
    const text = await ctb(['audit', '--workspace', ws, '--action', 'finding.review'], config);
    expect(text.stdout).toMatch(/test-officer {2}finding\.review {2}accounts .*"Checked with the resident"/);
    const out = tmp.file('audit.csv');
    expect((await ctb(['audit', '--workspace', ws, '--format', 'csv', '--out', out], config)).stdout).toMatch(/^Wrote \d+ audit entries/);
    const csv = fs.readFileSync(out, 'utf8');
    for (const a of ['import', 'finding.review', 'row.exclude', 'undo']) expect(csv).toContain(`,${a},`);
  });

  it('backs up and restores a workspace with its review intact, never overwriting', async () => {
    const backup = tmp.file('hand-over.ctbbackup');
    const b = await ctb(['backup', '--workspace', ws, '--out', backup], config);
    expect(b.code, b.stderr).toBe(0);
    expect((await ctb(['backup', '--workspace', ws, '--out', backup], config)).stderr).toMatch(/already exists/);
    const restored = tmp.file('restored.ctbw');
    const r = await ctb(['restore', backup, '--to', restored], config);
    expect(r.code, r.stderr).toBe(0);
    expect((await list(restored)).counts).toEqual((await list()).counts);
    const again = await ctb(['restore', backup, '--to', restored], config);
    expect(again.code).toBe(2);
  });
});
