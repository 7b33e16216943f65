// The workspace file: created private to its owner, reopened, refused when it is not ours or
// is newer than this app, and migrated when it is older. One test per migration, each on an
// in-memory database (as Signal Desktop tests its migrations).
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../electron/core/workspace/migrations';
import { RecentWorkspaces } from '../../electron/core/workspace/recentWorkspaces';
import { Workspace } from '../../electron/core/workspace/workspace';
import { loadSavedMapping, saveMapping } from '../../electron/core/import/mappingStore';
import { ACCOUNTS, IMPORTABLE_SOURCES } from '../../shared/sources/catalog';
import { AppError } from '../../shared/errors';
import { tempDir } from '../fixtures/harness';

const tmp = tempDir('ctb-workspace-');
afterAll(() => tmp.cleanup());
let n = 0;
const fresh = (ext = '.ctbw') => tmp.file(`w${++n}${ext}`);

function expectAppError(fn: () => unknown, code: string, message?: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe(code);
  if (message) expect((caught as AppError).message).toMatch(message);
}

const tables = (db: Db) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
const columns = (db: Db, table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
const indexes = (db: Db, table: string) => (db.prepare(`PRAGMA index_list(${table})`).all() as { name: string }[]).map((i) => i.name);

describe('creating and opening', () => {
  it.skipIf(process.platform === 'win32')('creates the file readable by its owner only (0600), and its WAL too', () => {
    const file = fresh();
    const ws = Workspace.create(file);
    try {
      ws.audit({ actor: 't', action: 'touch' });
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      if (fs.existsSync(`${file}-wal`)) expect(fs.statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
    } finally {
      ws.close();
    }
  });

  it('reopens a workspace with its identity and the latest schema', () => {
    const file = fresh();
    const created = Workspace.create(file);
    const info = created.info();
    created.close();
    expect(info).toMatchObject({ path: file, name: `w${n}`, schemaVersion: LATEST_SCHEMA_VERSION });
    expect(info.id).toMatch(/^[0-9a-f-]{36}$/);
    const reopened = Workspace.open(file);
    try {
      expect(reopened.info()).toEqual(info);
    } finally {
      reopened.close();
    }
  });

  it('refuses to create over an existing file, and to open a missing one', () => {
    const file = fresh();
    fs.writeFileSync(file, 'precious');
    expectAppError(() => Workspace.create(file), 'WORKSPACE_INVALID', /already exists/);
    expect(fs.readFileSync(file, 'utf8')).toBe('precious');
    expectAppError(() => Workspace.open(fresh()), 'NOT_FOUND');
  });

  it('openOrCreate creates, then opens the same workspace', () => {
    const file = fresh();
    const a = Workspace.openOrCreate(file);
    const id = a.info().id;
    a.close();
    const b = Workspace.openOrCreate(file);
    expect(b.info().id).toBe(id);
    b.close();
  });

  it('a SQLite file that is not a workspace is WORKSPACE_INVALID', () => {
    const file = fresh('.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE t (x)');
    other.close();
    expectAppError(() => Workspace.open(file), 'WORKSPACE_INVALID', /not a Council Tax Billing workspace/);
    // …and was left alone.
    const check = new Database(file, { readonly: true });
    expect(tables(check)).toEqual(['t']);
    check.close();
  });

  it('a text file is WORKSPACE_INVALID', () => {
    const file = fresh();
    fs.writeFileSync(file, 'Mail Merge Reference,postcode\r\n312345678,E8 9ZZ\r\n'.repeat(50));
    expectAppError(() => Workspace.open(file), 'WORKSPACE_INVALID');
  });

  it('an empty file is WORKSPACE_INVALID', () => {
    const file = fresh();
    fs.writeFileSync(file, '');
    expectAppError(() => Workspace.open(file), 'WORKSPACE_INVALID');
  });

  it('a workspace from a newer app is WORKSPACE_INVALID and is not touched', () => {
    const file = fresh();
    Workspace.create(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    expectAppError(() => Workspace.open(file), 'WORKSPACE_INVALID', /newer version/);
    const check = new Database(file, { readonly: true });
    expect(schemaVersion(check)).toBe(LATEST_SCHEMA_VERSION + 1);
    check.close();
  });

  it('lets one long job hold the write lock at a time', async () => {
    const ws = Workspace.create(fresh());
    try {
      let release!: () => void;
      const holding = ws.exclusive('importing a.csv', () => new Promise<void>((r) => (release = r)));
      expect(ws.busy).toBe('importing a.csv');
      await expect(ws.exclusive('importing b.csv', async () => 1)).rejects.toMatchObject({ code: 'WORKSPACE_BUSY', message: expect.stringContaining('importing a.csv') });
      release();
      await holding;
      expect(ws.busy).toBeNull();
      await expect(ws.exclusive('x', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(ws.busy).toBeNull();
    } finally {
      ws.close();
    }
  });
});

describe('migrations', () => {
  // What each migration must leave behind. Adding migration N means adding its entry here;
  // the first test fails until you do.
  // Bookkeeping columns version 5 adds to every staged table (the earlier checks ignore them).
  const ADDED_BY_5 = ['_row_key', '_excluded', '_edited'];
  const CHECKS: Record<number, (db: Db) => void> = {
    1: (db) => {
      expect(tables(db)).toEqual(expect.arrayContaining(['workspace_meta', 'import_batches', 'findings', 'column_mappings', 'audit_log', 'stg_accounts']));
      expect(columns(db, 'import_batches')).toEqual(
        expect.arrayContaining(['id', 'source', 'file_name', 'sha256', 'encoding', 'line_ending', 'mapping', 'rows_read', 'rows_staged', 'rows_flagged', 'rows_rejected', 'money_totals', 'status']),
      );
      expect(columns(db, 'findings')).toEqual(expect.arrayContaining(['batch_id', 'line', 'column_name', 'cell_ref', 'raw_value', 'rule', 'severity', 'message', 'row_id', 'row_key']));
      expect(columns(db, 'column_mappings')).toEqual(['source', 'header_norm', 'canonical', 'updated_at', 'updated_by']);
      // Staging holds every canonical column, after the bookkeeping columns.
      expect(columns(db, 'stg_accounts').filter((c) => !ADDED_BY_5.includes(c))).toEqual(['_row_id', '_batch_id', '_line', '_sheet_row', '_flagged', '_duplicate_of', '_hash', '_extra', ...ACCOUNTS.columns.map((c) => c.name)]);
      expect(indexes(db, 'stg_accounts')).toEqual(expect.arrayContaining(['stg_accounts_account', 'stg_accounts_surname', 'stg_accounts_postcode']));
      // Constraints hold: a batch status outside the two, a finding severity outside the three.
      const insertBatch = db.prepare(
        "INSERT INTO import_batches (id, source, file_name, file_size, sha256, encoding, line_ending, mapping, imported_by, imported_at, status) VALUES (?, 'accounts', 'f', 1, 'x', 'UTF-8', 'LF', '[]', 't', 'now', ?)",
      );
      expect(() => insertBatch.run('b0', 'deleted')).toThrow(/CHECK/);
      insertBatch.run('b1', 'active');
      expect(() => db.prepare("INSERT INTO findings (batch_id, source, file_name, rule, severity, message) VALUES ('b1', 'accounts', 'f', 'R', 'fatal', 'm')").run()).toThrow(/CHECK/);
    },
    2: (db) => {
      for (const def of Object.values(IMPORTABLE_SOURCES).filter((d) => d.format === 'tabular')) {
        expect(columns(db, `stg_${def.name}`).filter((c) => !ADDED_BY_5.includes(c))).toEqual(['_row_id', '_batch_id', '_line', '_sheet_row', '_flagged', '_duplicate_of', '_hash', '_extra', ...def.columns.map((c) => c.name)]);
      }
      expect(tables(db)).toEqual(
        expect.arrayContaining(['stg_fdm_bills', 'stg_fdm_exemptions', 'stg_death_list', 'exemption_reasons', 'total_cash_payments', 'account_derived', 'derived_changes', 'reconciliation_findings']),
      );
      expect(columns(db, 'import_batches')).toEqual(expect.arrayContaining(['run', 'sheet']));
      expect(columns(db, 'findings')).toContain('sheet');
      expect(columns(db, 'stg_fdm_bills')).toEqual(expect.arrayContaining(['account_number', 'additional_names', 'source', 'run']));
      expect(() => db.prepare("INSERT INTO stg_death_list (_batch_id, _line, _sheet_row, _hash, _entry_id, _entry_key, _status) VALUES ('x', 1, 1, 'h', 'e', 'k', 'maybe')").run()).toThrow(/CHECK|FOREIGN/);
    },
    3: (db) => {
      expect(tables(db)).toEqual(expect.arrayContaining(['bill_runs', 'run_bills', 'run_exclusions']));
      expect(columns(db, 'bill_runs')).toEqual(
        expect.arrayContaining(['id', 'number', 'created_at', 'created_by', 'settings', 'status', 'first_bill_number', 'last_bill_number', 'counts', 'totals', 'files']),
      );
      expect(columns(db, 'run_bills')).toEqual(
        expect.arrayContaining(['run_id', 'account', 'profile', 'template', 'bill_number', 'gross', 'discount', 'net', 'first_instalment', 'other_instalment', 'instalments', 'barcode']),
      );
      expect(columns(db, 'run_exclusions')).toEqual(['run_id', 'account', 'code', 'detail']);
      const insertRun = db.prepare("INSERT INTO bill_runs (id, number, created_at, created_by, settings, status, counts, totals, files) VALUES (?, ?, 'now', 't', '{}', ?, '{}', '{}', '{}')");
      expect(() => insertRun.run('r0', 1, 'printed')).toThrow(/CHECK/);
      insertRun.run('r1', 1, 'draft');
      expect(() => insertRun.run('r2', 1, 'draft')).toThrow(/UNIQUE/);
      const insertBill = db.prepare("INSERT INTO run_bills (run_id, account, profile, template, bill_number, gross, discount, net, first_instalment, other_instalment, instalments) VALUES (?, ?, 'DD100', ?, ?, 1, 0, 1, 1, 0, 12)");
      insertBill.run('r1', '31137908', 'dd_100', 1);
      expect(() => insertBill.run('r1', '34861122', 'dd_100', 1)).toThrow(/UNIQUE/);
      expect(() => insertBill.run('r1', '34861122', 'letter', 2)).toThrow(/CHECK/);
      expect(() => insertBill.run('nope', '34861122', 'dd_100', 2)).toThrow(/FOREIGN/);
      db.prepare("INSERT INTO run_exclusions (run_id, account, code, detail) VALUES ('r1', '35276503', 'EXEMPT', 'class E')").run();
      db.prepare("DELETE FROM bill_runs WHERE id = 'r1'").run();
      expect(db.prepare('SELECT count(*) FROM run_bills').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM run_exclusions').pluck().get()).toBe(0);
    },
    4: (db) => {
      expect(tables(db)).toEqual(expect.arrayContaining(['overrides', 'billing_settings']));
      expect(columns(db, 'overrides')).toEqual(['id', 'account', 'action', 'profile', 'note', 'created_by', 'created_at', 'removed_by', 'removed_at']);
      expect(columns(db, 'billing_settings')).toEqual(['id', 'settings', 'updated_by', 'updated_at']);
      const insert = db.prepare("INSERT INTO overrides (account, action, profile, note, created_by, created_at) VALUES (?, ?, ?, ?, 't', 'now')");
      expect(() => insert.run('31137908', 'delete', null, 'n')).toThrow(/CHECK/);
      expect(() => insert.run('31137908', 'exclude', null, '  ')).toThrow(/CHECK/);
      expect(() => insert.run('31137908', 'force_profile', null, 'n')).toThrow(/CHECK/);
      insert.run('31137908', 'exclude', null, 'gone away');
      // At most one active override per account; a removed one stays as history.
      expect(() => insert.run('31137908', 'force_profile', 'DD100', 'n')).toThrow(/UNIQUE/);
      db.prepare("UPDATE overrides SET removed_by = 't', removed_at = 'now' WHERE account = '31137908'").run();
      insert.run('31137908', 'force_profile', 'DD100', 'n');
      expect(db.prepare("SELECT count(*) FROM overrides WHERE account = '31137908'").pluck().get()).toBe(2);
      const insertSettings = db.prepare("INSERT INTO billing_settings (id, settings, updated_by, updated_at) VALUES (?, '{}', 't', 'now')");
      insertSettings.run(1);
      expect(() => insertSettings.run(2)).toThrow(/CHECK/);
    },
    5: (db) => {
      for (const name of Object.keys(IMPORTABLE_SOURCES)) {
        expect(columns(db, `stg_${name}`)).toEqual(expect.arrayContaining(['_row_key', '_excluded', '_edited']));
        expect(indexes(db, `stg_${name}`)).toContain(`stg_${name}_row_key`);
      }
      expect(columns(db, 'findings')).toEqual(expect.arrayContaining(['fkey', 'row_ref']));
      expect(tables(db)).toEqual(expect.arrayContaining(['row_edits', 'row_exclusions', 'finding_states', 'undo_log']));
      const state = db.prepare("INSERT INTO finding_states (kind, source, rule, fkey, state, by, at) VALUES (?, 'accounts', 'BAD_BAND', ?, ?, 't', 'now')");
      expect(() => state.run('validation', 'k1', 'open')).toThrow(/CHECK/);
      expect(() => state.run('import', 'k1', 'reviewed')).toThrow(/CHECK/);
      state.run('validation', 'k1', 'reviewed');
      expect(() => state.run('validation', 'k1', 'fixed')).toThrow(/UNIQUE|PRIMARY/);
      const edit = db.prepare("INSERT INTO row_edits (source, row_key, column_name, typed, by, at) VALUES ('accounts', '31137908#1', 'vo_band', 'C', 't', 'now')");
      edit.run();
      expect(() => edit.run()).toThrow(/UNIQUE/);
      // Existing rows get no exclusion by default.
      db.prepare(
        "INSERT INTO import_batches (id, source, file_name, file_size, sha256, encoding, line_ending, mapping, imported_by, imported_at, status) VALUES ('b5', 'accounts', 'f', 1, 'x', 'UTF-8', 'LF', '[]', 't', 'now', 'active')",
      ).run();
      db.prepare("INSERT INTO stg_accounts (_batch_id, _line, _sheet_row, _hash) VALUES ('b5', 2, 2, 'h')").run();
      expect(db.prepare("SELECT _excluded, _row_key, _edited FROM stg_accounts WHERE _batch_id = 'b5'").get()).toEqual({ _excluded: 0, _row_key: null, _edited: null });
    },
  };

  it('every migration has a check, numbered 1, 2, 3… in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(Object.keys(CHECKS).map(Number).sort((a, b) => a - b)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  describe.each(MIGRATIONS.map((m) => [m.version, m.name, m] as const))('migration %i (%s)', (version) => {
    it(`migrating an empty database to version ${version} applies 1…${version} and leaves what it promises`, () => {
      const db = new Database(':memory:');
      try {
        db.pragma('foreign_keys = ON');
        expect(migrate(db, version)).toEqual(MIGRATIONS.filter((m) => m.version <= version).map((m) => m.version));
        expect(schemaVersion(db)).toBe(version);
        CHECKS[version](db);
      } finally {
        db.close();
      }
    });

    it(`applies on top of version ${version - 1}, and only once`, () => {
      const db = new Database(':memory:');
      try {
        migrate(db, version - 1);
        expect(migrate(db, version)).toEqual([version]);
        expect(migrate(db, version)).toEqual([]);
        expect(schemaVersion(db)).toBe(version);
      } finally {
        db.close();
      }
    });
  });

  it('a migration that fails leaves the database at the last good version', () => {
    const db = new Database(':memory:');
    try {
      // The tables of version 1 already exist, so migration 1 fails part-way and rolls back.
      db.exec('CREATE TABLE audit_log (x)');
      expect(() => migrate(db)).toThrow();
      expect(schemaVersion(db)).toBe(0);
      expect(tables(db)).toEqual(['audit_log']);
    } finally {
      db.close();
    }
  });

  it.each(MIGRATIONS.map((m) => [m.version]))('a workspace left at version %i is migrated to the latest when opened', (version) => {
    const file = fresh();
    // As an older app would have made it: our application id, migrations up to `version`.
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('application_id = 1129595479'); // 'CTBW'
    migrate(db, version);
    db.prepare('INSERT INTO workspace_meta (key, value) VALUES (?, ?)').run('id', 'old-workspace');
    db.close();

    const ws = Workspace.open(file);
    try {
      expect(ws.info()).toMatchObject({ id: 'old-workspace', schemaVersion: LATEST_SCHEMA_VERSION });
      for (const m of MIGRATIONS) CHECKS[m.version](ws.db);
    } finally {
      ws.close();
    }
  });
});

describe('the recent-workspaces list', () => {
  it('remembers newest first, without repeats, at most ten, and says which still exist', () => {
    const list = new RecentWorkspaces(tmp.file('cfg1/recent.json'));
    expect(list.list()).toEqual([]);
    const real = fresh();
    fs.writeFileSync(real, '');
    for (let i = 0; i < 12; i++) list.remember({ path: tmp.file(`gone${i}.ctbw`), name: `gone${i}` });
    list.remember({ path: real, name: 'real' });
    list.remember({ path: tmp.file('gone11.ctbw'), name: 'gone11' });
    const items = list.list();
    expect(items).toHaveLength(10);
    expect(items.map((i) => i.name).slice(0, 3)).toEqual(['gone11', 'real', 'gone10']);
    expect(items.find((i) => i.name === 'real')!.exists).toBe(true);
    expect(items.find((i) => i.name === 'gone10')!.exists).toBe(false);
    if (process.platform !== 'win32') expect(fs.statSync(tmp.file('cfg1/recent.json')).mode & 0o777).toBe(0o600);
  });

  it('starts afresh from an unreadable list', () => {
    const file = tmp.file('recent-broken.json');
    fs.writeFileSync(file, '{ not json');
    expect(new RecentWorkspaces(file).list()).toEqual([]);
    fs.writeFileSync(file, JSON.stringify([{ path: 1 }, { path: '/x', name: 'x', openedAt: 'now' }]));
    expect(new RecentWorkspaces(file).list().map((i) => i.name)).toEqual(['x']);
  });
});

describe('the mapping store', () => {
  it('saves, overwrites and loads mappings per source, nulls included', () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      saveMapping(db, 'accounts', { acctno: 'mail_merge_reference', equalaccesscode: null, postcode: 'postcode' }, 'a');
      saveMapping(db, 'accounts', { postcode: null }, 'b');
      expect(loadSavedMapping(db, 'accounts')).toEqual({ acctno: 'mail_merge_reference', equalaccesscode: null, postcode: null });
      expect(loadSavedMapping(db, 'fdm_bills')).toEqual({});
      expect((db.prepare("SELECT updated_by FROM column_mappings WHERE header_norm = 'postcode'").get() as { updated_by: string }).updated_by).toBe('b');
    } finally {
      db.close();
    }
  });
});
