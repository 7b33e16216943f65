// Backup and hand-over: a backup is a checked single-file copy of the workspace; restoring
// it somewhere else gives the same staged rows, findings and audit trail; damaged files and
// files that are not workspaces are refused with a message naming them; restoring never
// replaces a file; both are audited; an older backup is upgraded when restored.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, migrate } from '../../electron/core/workspace/migrations';
import { BACKUP_EXTENSION, backupFileName } from '../../electron/core/workspace/backup';
import type { AppServices } from '../../electron/core/api/appServices';
import { generateAccountsFixture } from '../fixtures/accountsFixture';
import { call, CallError, ctb, makeServices, tempDir } from '../fixtures/harness';

const tmp = tempDir('ctb-backup-');
const config = tmp.file('config');
const original = tmp.file('north ward.ctbw');
const fixture = generateAccountsFixture({ accounts: 25, seed: 7, badCells: true });
let services: AppServices;
let backupPath: string;
let backupName: string;

interface Snapshot {
  rows: unknown[];
  findings: unknown[];
  batches: unknown[];
  audit: { action: string; actor: string; entity: string | null; entity_key: string | null; after: string | null }[];
}

function snapshot(file: string): Snapshot {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return {
      rows: db.prepare('SELECT * FROM stg_accounts ORDER BY rowid').all(),
      findings: db.prepare('SELECT * FROM findings ORDER BY id').all(),
      batches: db.prepare('SELECT * FROM import_batches ORDER BY rowid').all(),
      audit: db.prepare('SELECT action, actor, entity, entity_key, after FROM audit_log ORDER BY id').all() as Snapshot['audit'],
    };
  } finally {
    db.close();
  }
}

async function expectRefused(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CallError);
  expect((e as CallError).code).toBe(code);
  expect((e as CallError).message).toMatch(message);
}

/** Registers a file as if the officer had chosen it, and returns its token. */
const chosen = (file: string, name?: string) => services.files.register(file, name ? { name } : {}).token;

beforeAll(async () => {
  fs.writeFileSync(tmp.file('accounts.csv'), fixture.bytes);
  const run = await ctb(['import', '--workspace', original, '--source', 'accounts', tmp.file('accounts.csv'), '--json'], config);
  expect(run.code).toBe(1); // imported, with error findings
  services = makeServices(config);
  await call(services, 'workspace/open', { path: original });
});
afterAll(() => {
  services.dispose();
  tmp.cleanup();
});

describe('backing up', () => {
  let before: Snapshot;

  it('writes a checked single-file copy named after the workspace and the day, for the officer only', async () => {
    before = snapshot(original);
    const offer = await call(services, 'workspace/backup', {});
    const today = new Date();
    expect(offer.fileName).toBe(backupFileName('north ward', today));
    expect(offer.fileName).toMatch(/^north-ward-backup-\d{4}-\d{2}-\d{2}\.ctbbackup$/);
    expect(offer.savedTo).toBeNull();
    expect(offer.downloadUrl).toMatch(/^\/download\//);
    const download = services.downloads.get(offer.downloadUrl!.slice('/download/'.length));
    expect(download?.name).toBe(offer.fileName);
    backupPath = download!.path;
    backupName = offer.fileName;
    if (process.platform !== 'win32') expect(fs.statSync(backupPath).mode & 0o777).toBe(0o600);

    const db = new Database(backupPath, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      db.close();
    }
    expect(fs.existsSync(`${backupPath}-wal`)).toBe(false);
  });

  it('holds the same rows, findings and audit trail as the workspace', () => {
    const copy = snapshot(backupPath);
    expect(copy.rows.length).toBe(fixture.rowsStaged);
    expect(copy.findings.length).toBeGreaterThan(0);
    expect(copy).toEqual(before);
  });

  it('is audited in the workspace it was taken from', () => {
    const last = snapshot(original).audit.at(-1)!;
    expect(last.action).toBe('workspace/backup');
    expect(last.actor).toBe('test-officer');
    const after = JSON.parse(last.after!) as { file: string; sha256: string; bytes: number };
    expect(after.file).toBe(backupName);
    expect(after.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(after.bytes).toBe(fs.statSync(backupPath).size);
  });

  it('makes a safe file name from any workspace name', () => {
    const day = new Date(2020, 9, 14);
    expect(backupFileName('North/Ward: Oct 2020', day)).toBe('NorthWard-Oct-2020-backup-2020-10-14.ctbbackup');
    expect(backupFileName('Café ward', day)).toBe('Cafe-ward-backup-2020-10-14.ctbbackup');
    expect(backupFileName('../..', day)).toBe('workspace-backup-2020-10-14.ctbbackup');
    expect(backupFileName('', day)).toBe('workspace-backup-2020-10-14.ctbbackup');
  });

  it('needs an open workspace', async () => {
    const other = makeServices(config);
    try {
      await expectRefused(call(other, 'workspace/backup', {}), 'NO_WORKSPACE', /Open or create a workspace first/);
    } finally {
      other.dispose();
    }
  });
});

describe('restoring on another computer', () => {
  it('copies the backup to the chosen place, opens it, and it holds the same data', async () => {
    const backupSnap = snapshot(backupPath);
    const target = tmp.file('laptop/restored.ctbw');
    const info = await call(services, 'workspace/restore', { file: chosen(backupPath, backupName), path: target });
    expect(info.path).toBe(target);
    expect(info.name).toBe('north ward');
    expect(info.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect((await call(services, 'workspace/current', {}))?.path).toBe(target);
    if (process.platform !== 'win32') expect(fs.statSync(target).mode & 0o777).toBe(0o600);

    const batches = await call(services, 'import/batches', { source: 'accounts' });
    expect(batches.map((b) => b.rowsStaged)).toEqual([fixture.rowsStaged]);

    const restored = snapshot(target);
    expect(restored.rows).toEqual(backupSnap.rows);
    expect(restored.findings).toEqual(backupSnap.findings);
    expect(restored.batches).toEqual(backupSnap.batches);
    // The same trail, plus the restore itself.
    expect(restored.audit.slice(0, -1)).toEqual(backupSnap.audit);
    const last = restored.audit.at(-1)!;
    expect(last.action).toBe('workspace/restore');
    expect(JSON.parse(last.after!)).toMatchObject({ from: backupName, to: target });
    // The backup itself is left as it was.
    expect(snapshot(backupPath)).toEqual(backupSnap);
  });

  it('adds the workspace extension when the officer leaves it off', async () => {
    const info = await call(services, 'workspace/restore', { file: chosen(backupPath), path: tmp.file('no-extension') });
    expect(info.path).toBe(tmp.file('no-extension.ctbw'));
  });

  it('never replaces an existing file', async () => {
    const target = tmp.file('laptop/restored.ctbw');
    const bytes = fs.readFileSync(target);
    await expectRefused(call(services, 'workspace/restore', { file: chosen(backupPath), path: target }), 'BAD_REQUEST', /already exists.*never replaces a file/);
    expect(fs.readFileSync(target).equals(bytes)).toBe(true);

    fs.writeFileSync(tmp.file('notes.ctbw'), 'my notes');
    await expectRefused(call(services, 'workspace/restore', { file: chosen(backupPath), path: tmp.file('notes.ctbw') }), 'BAD_REQUEST', /already exists/);
    expect(fs.readFileSync(tmp.file('notes.ctbw'), 'utf8')).toBe('my notes');

    // Leftovers of a workspace that was there before count too.
    fs.writeFileSync(tmp.file('gone.ctbw-wal'), '');
    await expectRefused(call(services, 'workspace/restore', { file: chosen(backupPath), path: tmp.file('gone.ctbw') }), 'BAD_REQUEST', /gone\.ctbw-wal.*never replaces a file/);
    expect(fs.existsSync(tmp.file('gone.ctbw'))).toBe(false);
  });

  it('refuses a damaged backup, naming it, and creates nothing', async () => {
    const damaged = tmp.file(`damaged${BACKUP_EXTENSION}`);
    const bytes = fs.readFileSync(backupPath);
    // Overwrite the middle of the file (table pages) with junk; the header stays valid.
    bytes.fill(0xa5, Math.floor(bytes.length * 0.3), Math.floor(bytes.length * 0.7));
    fs.writeFileSync(damaged, bytes);
    const target = tmp.file('from-damaged.ctbw');
    await expectRefused(call(services, 'workspace/restore', { file: chosen(damaged), path: target }), 'WORKSPACE_INVALID', /damaged\.ctbbackup is damaged/);
    expect(fs.existsSync(target)).toBe(false);
  });

  it('refuses a file that is not a workspace backup, naming it', async () => {
    fs.writeFileSync(tmp.file('accounts copy.csv'), fixture.bytes);
    await expectRefused(
      call(services, 'workspace/restore', { file: chosen(tmp.file('accounts copy.csv')), path: tmp.file('x.ctbw') }),
      'WORKSPACE_INVALID',
      /accounts copy\.csv is not a Council Tax Billing workspace backup/,
    );
    const other = new Database(tmp.file('other.sqlite'));
    other.exec('CREATE TABLE t (a)');
    other.close();
    await expectRefused(
      call(services, 'workspace/restore', { file: chosen(tmp.file('other.sqlite')), path: tmp.file('y.ctbw') }),
      'WORKSPACE_INVALID',
      /other\.sqlite is not a Council Tax Billing workspace backup/,
    );
    fs.writeFileSync(tmp.file('empty.ctbbackup'), '');
    await expectRefused(call(services, 'workspace/restore', { file: chosen(tmp.file('empty.ctbbackup')), path: tmp.file('z.ctbw') }), 'WORKSPACE_INVALID', /empty\.ctbbackup is not/);
    expect(['x.ctbw', 'y.ctbw', 'z.ctbw'].some((f) => fs.existsSync(tmp.file(f)))).toBe(false);
  });

  it('refuses a backup made by a newer version of the app', async () => {
    const newer = tmp.file(`newer${BACKUP_EXTENSION}`);
    fs.copyFileSync(backupPath, newer);
    const db = new Database(newer);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    await expectRefused(call(services, 'workspace/restore', { file: chosen(newer), path: tmp.file('newer.ctbw') }), 'WORKSPACE_INVALID', /newer\.ctbbackup was made by a newer version/);
    expect(fs.existsSync(tmp.file('newer.ctbw'))).toBe(false);
  });

  it('upgrades a backup made by an older version when it is restored', async () => {
    const old = tmp.file(`old${BACKUP_EXTENSION}`);
    const db = new Database(old);
    db.pragma(`application_id = ${0x43544257}`);
    migrate(db, 1);
    db.prepare("INSERT INTO workspace_meta (key, value) VALUES ('id', 'old-id'), ('name', 'Old ward'), ('created_at', '2020-10-01T09:00:00.000Z')").run();
    db.close();
    const info = await call(services, 'workspace/restore', { file: chosen(old), path: tmp.file('old-restored.ctbw') });
    expect(info.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(info.name).toBe('Old ward');
    const last = snapshot(tmp.file('old-restored.ctbw')).audit.at(-1)!;
    expect(JSON.parse(last.after!)).toMatchObject({ backupSchemaVersion: 1, schemaVersion: LATEST_SCHEMA_VERSION });
  });
});
