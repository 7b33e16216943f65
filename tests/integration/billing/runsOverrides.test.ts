// Overrides, workspace settings and the life of a bill run through the CLI: forced profiles and
// MANUAL exclusions honoured and audited, settings saved and validated, bill numbers continuing
// across runs, ALREADY_BILLED after approval (not on a re-issue), approval by another officer,
// and release to the hand-off folder with every file's SHA-256 checked.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, CallError, ctb, makeServices, parseCsv, tempDir } from '../../fixtures/harness';

const ACCOUNTS_CSV =
  [
    'Mail Merge Reference,Occupied Date,VO Band,Calculated 20/21 Charge,Estimated 21-22 Charge,lead_liable_title,lead_liable_forename,lead_liable_middlename,lead_liable_surname,for_addr1,for_addr2,for_addr3,for_addr4,for_postcode,addr1,addr2,addr3,addr4,postcode,Payment Method Code',
    // DD100.
    '312000001,01/04/2010,A,"£1,000.00","£1,021.72",Mr,Sam,,Example,,,,,,12 Sample Street,London,,,E8 1ZZ,DDM',
    // NO_DD_DATA on its own; an officer forces DD100.
    '312000003,01/04/2012,A,"£1,000.00","£1,021.72",Mr,Bo,,Mockley,,,,,,16 Sample Street,London,,,E8 1ZZ,DDM',
    // DD100 on its own; an officer excludes it.
    '312000005X,01/04/2014,A,"£1,000.00","£1,021.72",Dr,Eve,,Sampleton,,,,,,20 Sample Street,London,,,E8 1ZZ,DDM',
    // DD100.
    '312000007,01/04/2016,A,"£1,000.00","£1,021.72",Ms,Flo,,Trialby,,,,,,24 Sample Street,London,,,E8 1ZZ,DDM',
  ].join('\n') + '\n';
const BREAKDOWN_CSV = 'VO Band,Service,Amount,Percentage Diff 20/21\nA,LONDON BOROUGH OF HACKNEY,£729.11,1.99\nA,ADULT SOCIAL CARE,£26.47,3.00\nA,GREATER LONDON AUTHORITY,£266.14,9.51\n';
const DD_CSV =
  'Mail Merge Reference,Direct Debit Taken,Diff DD - Gross Charge,Diff DD - Gross Charge 25%,Diff Cash Paid - Gross Debit 10 Instalments,Diff Cash Paid - Gross 25% off Debit 10 Instalments,Returned DD (not by ADDACS),ADDACS\n' +
  '312000001,12,£0.00,,,,,\n' +
  '312000005X,12,£0.00,,,,,\n' +
  '312000007,12,£0.00,,,,,\n';

const MAKER = 'test-officer';
const CHECKER = 'second-officer';

interface RunOut {
  runNumber: number;
  firstBillNumber: number | null;
  lastBillNumber: number | null;
  reasons: Record<string, number>;
  profiles: Record<string, number>;
  control: { profiled: number; excluded: number };
}
interface RunRow {
  number: number;
  status: string;
  reissue: boolean;
  createdBy: string;
  approvedBy: string | null;
  approvalNote: string | null;
  bills: number;
  firstBillNumber: number | null;
  lastBillNumber: number | null;
}

describe('overrides, settings and bill runs', () => {
  const tmp = tempDir('ctb-runs-');
  const config = tmp.file('config');
  const ws = tmp.file('runs.ctbw');
  const handoff = tmp.file('handoff');
  const out = (n: number) => tmp.file(`run${n}`);

  const write = (name: string, text: string) => {
    fs.writeFileSync(tmp.file(name), text);
    return tmp.file(name);
  };
  const imp = async (source: string, file: string) => {
    const r = await ctb(['import', '--workspace', ws, '--source', source, file], config);
    if (r.code === 2) throw new Error(`${source}: ${r.stderr}`);
  };
  const bills = async (n: number, extra: string[] = []): Promise<RunOut> => {
    const r = await ctb(['bills', '--workspace', ws, '--out', out(n), '--json', ...extra], config);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as RunOut;
  };
  const runs = async (): Promise<RunRow[]> => {
    const r = await ctb(['runs', '--workspace', ws, '--json'], config);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as RunRow[];
  };
  const audit = (action: string) => {
    const db = new Database(ws, { readonly: true });
    try {
      return db.prepare('SELECT actor, entity_key, before, after, note FROM audit_log WHERE action = ? ORDER BY id').all(action) as {
        actor: string;
        entity_key: string;
        before: string | null;
        after: string | null;
        note: string | null;
      }[];
    } finally {
      db.close();
    }
  };
  const exclusions = (n: number) => parseCsv(fs.readFileSync(path.join(out(n), 'exclusions.csv'), 'utf8').replace(/^\uFEFF/, '')).slice(1);
  const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  beforeAll(async () => {
    await imp('accounts', write('accounts.csv', ACCOUNTS_CSV));
    await imp('vo_bands_breakdown', write('breakdown.csv', BREAKDOWN_CSV));
    await imp('direct_debit_discrepancies', write('dd.csv', DD_CSV));
  }, 60_000);
  afterAll(() => tmp.cleanup());

  describe('overrides', () => {
    it('refuses an override without a note, for an unknown account or an unknown profile (exit 2)', async () => {
      const noNote = await ctb(['override', '--workspace', ws, '--account', '312000003', '--profile', 'DD100'], config);
      expect(noNote.code).toBe(2);
      expect(noNote.stderr).toMatch(/note/);
      const blankNote = await ctb(['override', '--workspace', ws, '--account', '312000003', '--exclude', '--note', '  '], config);
      expect(blankNote.code).toBe(2);
      expect(blankNote.stderr).toMatch(/note/);
      const unknown = await ctb(['override', '--workspace', ws, '--account', '399999999', '--exclude', '--note', 'x'], config);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/no account 399999999/);
      const badProfile = await ctb(['override', '--workspace', ws, '--account', '312000003', '--profile', 'DD50', '--note', 'x'], config);
      expect(badProfile.code).toBe(2);
      expect(badProfile.stderr).toMatch(/no profile DD50/);
      const both = await ctb(['override', '--workspace', ws, '--account', '312000003', '--profile', 'DD100', '--exclude', '--note', 'x'], config);
      expect(both.code).toBe(2);
      const removeNone = await ctb(['override', '--workspace', ws, '--account', '312000003', '--remove'], config);
      expect(removeNone.code).toBe(2);
      expect(audit('overrides/set')).toEqual([]);
    });

    it('sets, replaces and removes overrides, keeping the history and auditing before and after', async () => {
      expect((await ctb(['override', '--workspace', ws, '--account', '312000001', '--exclude', '--note', 'temporary'], config)).code).toBe(0);
      const removed = await ctb(['override', '--workspace', ws, '--account', '312000001', '--remove', '--note', 'set by mistake'], config);
      expect(removed.code).toBe(0);
      expect(removed.stdout).toContain('override removed');
      expect((await ctb(['override', '--workspace', ws, '--account', '312000003', '--exclude', '--note', 'first thought'], config)).code).toBe(0);
      const forced = await ctb(['override', '--workspace', ws, '--account', '312000003', '--profile', 'dd100', '--note', 'DD mandate seen on paper'], config);
      expect(forced.code).toBe(0);
      expect(forced.stdout).toContain('profile DD100 forced');
      expect((await ctb(['override', '--workspace', ws, '--account', '312000005x', '--exclude', '--note', 'Property demolished'], config)).code).toBe(0);

      const sets = audit('overrides/set');
      expect(sets.map((a) => [a.actor, a.entity_key])).toEqual([
        [MAKER, '312000001'],
        [MAKER, '312000003'],
        [MAKER, '312000003'],
        [MAKER, '312000005X'],
      ]);
      expect(JSON.parse(sets[2].before ?? 'null')).toMatchObject({ action: 'exclude', note: 'first thought' });
      expect(JSON.parse(sets[2].after ?? 'null')).toMatchObject({ action: 'force_profile', profile: 'DD100', note: 'DD mandate seen on paper', createdBy: MAKER });
      const removes = audit('overrides/remove');
      expect(removes).toHaveLength(1);
      expect(removes[0]).toMatchObject({ entity_key: '312000001', after: 'null', note: 'set by mistake' });

      const db = new Database(ws, { readonly: true });
      try {
        expect(db.prepare('SELECT account, action, profile, removed_by IS NOT NULL AS removed FROM overrides ORDER BY id').all()).toEqual([
          { account: '312000001', action: 'exclude', profile: null, removed: 1 },
          { account: '312000003', action: 'exclude', profile: null, removed: 1 },
          { account: '312000003', action: 'force_profile', profile: 'DD100', removed: 0 },
          { account: '312000005X', action: 'exclude', profile: null, removed: 0 },
        ]);
      } finally {
        db.close();
      }
    });
  });

  describe('settings', () => {
    it('prints the 2021/22 defaults until changed', async () => {
      const r = await ctb(['settings', '--workspace', ws, '--json'], config);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ billingPeriod: { start: '2021-04-01', end: '2022-03-31' }, tolerancePence: 500, firstBillNumber: 1, handoffFolder: null });
      const text = await ctb(['settings', '--workspace', ws], config);
      expect(text.stdout).toContain('billingPeriod.start = 2021-04-01');
      expect(text.stdout).toContain('lineEnding = LF');
    });

    it('refuses settings that do not validate, or unknown keys, and keeps the old ones (exit 2)', async () => {
      const bad = await ctb(['settings', '--workspace', ws, '--set', 'issueDate=10/03/2021'], config);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/issueDate: The issue date is not a date/);
      const days = await ctb(['settings', '--workspace', ws, '--set', 'previousYear.days=366'], config);
      expect(days.code).toBe(2);
      expect(days.stderr).toMatch(/previousYear.days/);
      expect((await ctb(['settings', '--workspace', ws, '--set', 'colour=blue'], config)).stderr).toMatch(/no setting colour/);
      expect((await ctb(['settings', '--workspace', ws, '--set', 'tolerancePence=five'], config)).code).toBe(2);
      expect(audit('billing/settings/set')).toEqual([]);
    });

    it('saves changes (pounds or pence), audited, and reads them back', async () => {
      const r = await ctb(['settings', '--workspace', ws, '--set', 'firstBillNumber=100', 'tolerancePence=£5.00', 'estimateWarningPence=150', `handoffFolder=${handoff}`, '--json'], config);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const back = JSON.parse((await ctb(['settings', '--workspace', ws, '--json'], config)).stdout) as Record<string, unknown>;
      expect(back).toMatchObject({ firstBillNumber: 100, tolerancePence: 500, estimateWarningPence: 150, handoffFolder: handoff, issueDate: '2021-03-10' });
      const a = audit('billing/settings/set');
      expect(a).toHaveLength(1);
      expect(JSON.parse(a[0].before ?? '{}')).toMatchObject({ firstBillNumber: 1 });
      expect(JSON.parse(a[0].after ?? '{}')).toMatchObject({ firstBillNumber: 100 });
    });
  });

  describe('the contract methods for the app', () => {
    it('lists overrides, reads and validates settings, and refuses an override without a note', async () => {
      const services = makeServices(config);
      try {
        services.openWorkspace(ws, 'open');
        expect((await call(services, 'overrides/list', {})).map((o) => [o.account, o.action, o.profile])).toEqual([
          ['312000003', 'force_profile', 'DD100'],
          ['312000005X', 'exclude', null],
        ]);
        await expect(call(services, 'overrides/set', { account: '312000007', action: 'exclude', note: ' ' })).rejects.toBeInstanceOf(CallError);
        const settings = await call(services, 'billing/settings/get', {});
        expect(settings.firstBillNumber).toBe(100);
        await expect(call(services, 'billing/settings/set', { ...settings, cashBarcodePrefix: 'ABC' })).rejects.toThrow(/cash barcode prefix/);
        expect(await call(services, 'billing/settings/set', settings)).toEqual(settings);
        expect(await call(services, 'billing/runs', {})).toEqual([]);
      } finally {
        services.dispose();
      }
    });
  });

  describe('runs', () => {
    let run1: RunOut;
    let run2: RunOut;
    beforeAll(async () => {
      run1 = await bills(1);
      run2 = await bills(2);
    }, 60_000);

    it('honours the overrides: the forced profile is billed, the excluded account shows MANUAL with its note', () => {
      expect(run1.control).toMatchObject({ profiled: 3, excluded: 1 });
      expect(run1.profiles.DD100).toBe(3);
      expect(run1.reasons.MANUAL).toBe(1);
      expect(run1.reasons.NO_DD_DATA).toBe(0);
      expect(exclusions(1)).toEqual([['312000005X', 'MANUAL', 'Excluded by an officer: Property demolished']]);
      const manifest = fs.readFileSync(path.join(out(1), 'dd_100.manifest.csv'), 'utf8');
      expect(manifest).toContain('312000003');
      const runJson = JSON.parse(fs.readFileSync(path.join(out(1), 'run.json'), 'utf8')) as { overrides: { account: string; action: string }[]; counts: { reasons: Record<string, number> } };
      expect(runJson.counts.reasons.MANUAL).toBe(1);
      expect(runJson.overrides.map((o) => [o.account, o.action])).toEqual([
        ['312000003', 'force_profile'],
        ['312000005X', 'exclude'],
      ]);
    });

    it('uses the workspace settings and continues the bill numbers from run to run', () => {
      expect([run1.firstBillNumber, run1.lastBillNumber]).toEqual([100, 102]);
      expect([run2.firstBillNumber, run2.lastBillNumber]).toEqual([103, 105]);
      // Not approved yet: nothing is ALREADY_BILLED.
      expect(run2.reasons.ALREADY_BILLED).toBe(0);
    });

    it('refuses approval by the officer who made the run, or without a note', async () => {
      const same = await ctb(['approve', '1', '--workspace', ws, '--note', 'looks right'], config, MAKER);
      expect(same.code).toBe(2);
      expect(same.stderr).toMatch(/another officer must approve/);
      const noNote = await ctb(['approve', '1', '--workspace', ws], config, CHECKER);
      expect(noNote.code).toBe(2);
      expect(noNote.stderr).toMatch(/note/);
      expect((await runs()).map((r) => r.status)).toEqual(['draft', 'draft']);
    });

    it('refuses to release a run that is not approved', async () => {
      const r = await ctb(['release', '1', '--workspace', ws], config, CHECKER);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/only an approved run can be released/);
      expect(fs.existsSync(handoff)).toBe(false);
    });

    it('approves a draft by another officer, audited, and not twice', async () => {
      const ok = await ctb(['approve', '1', '--workspace', ws, '--note', 'Checked against the totals'], config, CHECKER);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      const again = await ctb(['approve', '1', '--workspace', ws, '--note', 'again'], config, 'third-officer');
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/only a draft run can be approved/);
      // Run 2 bills the same accounts: approving it too would bill them twice.
      const twice = await ctb(['approve', '2', '--workspace', ws, '--note', 'x'], config, CHECKER);
      expect(twice.code).toBe(2);
      expect(twice.stderr).toMatch(/already billed/);
      const list = await runs();
      expect(list[0]).toMatchObject({ number: 1, status: 'approved', createdBy: MAKER, approvedBy: CHECKER, approvalNote: 'Checked against the totals', bills: 3, firstBillNumber: 100, lastBillNumber: 102 });
      expect(audit('billing/approve').map((a) => [a.actor, a.note])).toEqual([[CHECKER, 'Checked against the totals']]);
      const text = await ctb(['runs', '--workspace', ws], config);
      expect(text.stdout).toMatch(/^1 {2}approved .* by test-officer {2}bills 3, excluded 1, bill numbers 100–102; approved by second-officer/m);
    });

    it('excludes accounts billed in an approved run as ALREADY_BILLED, unless the run is a re-issue', async () => {
      const run3 = await bills(3);
      expect(run3.control.profiled).toBe(0);
      expect(run3.reasons.ALREADY_BILLED).toBe(3);
      expect(run3.firstBillNumber).toBeNull();
      expect(exclusions(3).map((r) => [r[0], r[1]])).toEqual([
        ['312000001', 'ALREADY_BILLED'],
        ['312000003', 'ALREADY_BILLED'],
        ['312000005X', 'MANUAL'],
        ['312000007', 'ALREADY_BILLED'],
      ]);
      const run4 = await bills(4, ['--reissue']);
      expect(run4.reasons.ALREADY_BILLED).toBe(0);
      expect(run4.control.profiled).toBe(3);
      expect([run4.firstBillNumber, run4.lastBillNumber]).toEqual([106, 108]);
      expect((await runs()).map((r) => [r.number, r.reissue])).toEqual([
        [1, false],
        [2, false],
        [3, false],
        [4, true],
      ]);
    });

    it('releases an approved run: copies its bill files and manifests with matching hashes, audited', async () => {
      const r = await ctb(['release', '1', '--workspace', ws, '--json'], config, CHECKER);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const res = JSON.parse(r.stdout) as { folder: string; files: string[] };
      expect(res.folder).toBe(path.join(handoff, 'run-1'));
      expect(res.files).toEqual(['cash_100.manifest.csv', 'cash_100.txt', 'cash_75.manifest.csv', 'cash_75.txt', 'dd_100.manifest.csv', 'dd_100.txt', 'dd_75.manifest.csv', 'dd_75.txt']);
      const recorded = (JSON.parse(fs.readFileSync(path.join(out(1), 'run.json'), 'utf8')) as { files: Record<string, { sha256: string }> }).files;
      for (const f of res.files) expect(sha(path.join(res.folder, f))).toBe(recorded[f].sha256);
      expect((await runs())[0].status).toBe('released');
      expect(audit('billing/release').map((a) => a.actor)).toEqual([CHECKER]);
      const again = await ctb(['release', '1', '--workspace', ws], config, CHECKER);
      expect(again.code).toBe(2);
    });

    it('refuses to release a run whose file was altered since it was made', async () => {
      expect((await ctb(['approve', '4', '--workspace', ws, '--note', 'Re-issue checked'], config, CHECKER)).code).toBe(0);
      fs.appendFileSync(path.join(out(4), 'dd_100.txt'), 'tampered\n');
      const r = await ctb(['release', '4', '--workspace', ws], config, CHECKER);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/dd_100\.txt has changed/);
      expect(fs.existsSync(path.join(handoff, 'run-4'))).toBe(false);
      expect((await runs())[3].status).toBe('approved');
    });

    it('refuses to release when no hand-off folder is set', async () => {
      expect((await ctb(['settings', '--workspace', ws, '--set', 'handoffFolder='], config)).code).toBe(0);
      const r = await ctb(['release', '4', '--workspace', ws], config, CHECKER);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/No hand-off folder is set/);
    });
  });
});
