import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { WORKSPACE_EXTENSION, type OpenOptions, type Workspace } from './workspace';

// A backup is a consistent single-file copy of a workspace: the same SQLite format (so it
// needs no special tool to inspect), in rollback-journal mode so it really is one file,
// readable by its owner only, checked with SQLite's integrity check when it is written and
// again before it is restored.

export const BACKUP_EXTENSION = '.ctbbackup';
const APPLICATION_ID = 0x43544257; // 'CTBW', as in workspace.ts
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface BackupCheck {
  schemaVersion: number;
  bytes: number;
  sha256: string;
}

/** `<workspace-name>-backup-YYYY-MM-DD.ctbbackup`, with the name made safe for any file system. */
export function backupFileName(workspaceName: string, when: Date = new Date()): string {
  const safe =
    workspaceName
      .normalize('NFKD')
      .replace(/[^\w.\- ]+/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .replace(/^\.+/, '') || 'workspace';
  const day = `${when.getFullYear()}-${String(when.getMonth() + 1).padStart(2, '0')}-${String(when.getDate()).padStart(2, '0')}`;
  return `${safe}-backup-${day}${BACKUP_EXTENSION}`;
}

function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * Quick look at the file's header before SQLite opens it: the SQLite signature, our
 * application id and the schema version (big-endian at offsets 68 and 60 of the header).
 */
function checkHeader(file: string, name: string): void {
  let header: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      header = Buffer.alloc(100);
      const n = fs.readSync(fd, header, 0, 100, 0);
      header = header.subarray(0, n);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    throw new AppError('FILE_UNREADABLE', `${name} could not be read: ${(e as Error).message}`);
  }
  if (header.length < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC) || header.readUInt32BE(68) !== APPLICATION_ID) {
    throw new AppError('WORKSPACE_INVALID', `${name} is not a Council Tax Billing workspace backup. Choose a file ending ${BACKUP_EXTENSION} (or a workspace file ending ${WORKSPACE_EXTENSION}).`);
  }
  const version = header.readUInt32BE(60);
  if (version > LATEST_SCHEMA_VERSION) {
    throw new AppError('WORKSPACE_INVALID', `${name} was made by a newer version of this app (workspace version ${version}). Update the app to restore it.`);
  }
  if (version < 1) throw new AppError('WORKSPACE_INVALID', `${name} is not a complete workspace backup (it has no tables). Choose another backup.`);
}

/**
 * Opens the file on its own connection and runs SQLite's full integrity check, the
 * application id and the schema version. With `makeSingleFile` the copy is also switched to
 * rollback-journal mode, so it never needs `-wal`/`-shm` companions.
 */
export function verifyBackupFile(file: string, name: string, options: OpenOptions & { makeSingleFile?: boolean } = {}): BackupCheck {
  checkHeader(file, name);
  let db: Database.Database | null = null;
  let version: number;
  try {
    db = new Database(file, { nativeBinding: options.nativeBinding, readonly: !options.makeSingleFile, fileMustExist: true });
    if (options.makeSingleFile) db.pragma('journal_mode = DELETE');
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) throw new AppError('WORKSPACE_INVALID', `${name} is not a Council Tax Billing workspace backup.`);
    version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) {
      throw new AppError('WORKSPACE_INVALID', `${name} was made by a newer version of this app (workspace version ${version}). Update the app to restore it.`);
    }
    if (version < 1) throw new AppError('WORKSPACE_INVALID', `${name} is not a complete workspace backup (it has no tables). Choose another backup.`);
    const problems = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new AppError('WORKSPACE_INVALID', `${name} is damaged and cannot be used (SQLite's integrity check found: ${problems.slice(0, 3).join('; ')}). Use another backup.`);
    }
    const keys = db.pragma('foreign_key_check') as unknown[];
    if (keys.length > 0) throw new AppError('WORKSPACE_INVALID', `${name} is damaged and cannot be used (${keys.length} broken links between tables). Use another backup.`);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('WORKSPACE_INVALID', `${name} is damaged or is not a workspace backup, so it cannot be used (${(e as Error).message}). Use another backup.`);
  } finally {
    db?.close();
  }
  return { schemaVersion: version, bytes: fs.statSync(file).size, sha256: sha256File(file) };
}

/**
 * Writes a consistent copy of the open workspace to `dest` (which must not exist) with
 * `VACUUM INTO`: a snapshot of the last committed state, safe while WAL is on and while the
 * officer keeps working. The copy is created readable by its owner only and checked before
 * it is handed over; a copy that fails the check is deleted.
 */
export function writeBackup(workspace: Workspace, dest: string, options: OpenOptions = {}): BackupCheck {
  const name = path.basename(dest);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  // Create it empty with owner-only permissions first: VACUUM INTO fills an empty file and
  // keeps its mode.
  fs.closeSync(fs.openSync(dest, 'wx', 0o600));
  try {
    workspace.db.prepare('VACUUM INTO ?').run(dest);
    fs.chmodSync(dest, 0o600);
    return verifyBackupFile(dest, name, { ...options, makeSingleFile: true });
  } catch (e) {
    removeDatabaseFiles(dest);
    if (e instanceof AppError) throw e;
    throw new AppError('INTERNAL', `The backup could not be written: ${(e as Error).message}`);
  }
}

/**
 * Puts a copy of the backup at `target` for opening as a workspace. Never overwrites: an
 * existing file (or leftover `-wal`/`-shm` companions) at the target is refused. The backup
 * is checked before anything is copied, and the copy is checked against its SHA-256.
 */
export function copyBackupTo(backup: { path: string; name: string }, target: string, options: OpenOptions = {}): BackupCheck & { target: string } {
  const abs = path.resolve(target.endsWith(WORKSPACE_EXTENSION) ? target : `${target}${WORKSPACE_EXTENSION}`);
  if (path.resolve(backup.path) === abs) throw new AppError('BAD_REQUEST', 'Choose a new location for the restored workspace, not the backup file itself.');
  for (const f of [abs, `${abs}-wal`, `${abs}-shm`, `${abs}-journal`]) {
    if (fs.existsSync(f)) throw new AppError('BAD_REQUEST', `A file already exists at ${f}. Restoring never replaces a file: choose another name or folder.`);
  }
  const check = verifyBackupFile(backup.path, backup.name, options);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  let out: number;
  try {
    out = fs.openSync(abs, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new AppError('BAD_REQUEST', `A file already exists at ${abs}. Restoring never replaces a file: choose another name or folder.`);
    throw new AppError('FILE_UNREADABLE', `The restored workspace could not be created at ${abs}: ${(e as Error).message}`);
  }
  try {
    const hash = createHash('sha256');
    const input = fs.openSync(backup.path, 'r');
    try {
      const buf = Buffer.allocUnsafe(1 << 20);
      let n: number;
      while ((n = fs.readSync(input, buf, 0, buf.length, null)) > 0) {
        hash.update(buf.subarray(0, n));
        let written = 0;
        while (written < n) written += fs.writeSync(out, buf, written, n - written);
      }
    } finally {
      fs.closeSync(input);
    }
    fs.fsyncSync(out);
    fs.closeSync(out);
    if (hash.digest('hex') !== check.sha256) throw new AppError('FILE_UNREADABLE', `${backup.name} changed while it was being copied. Try again.`);
    fs.chmodSync(abs, 0o600);
  } catch (e) {
    try {
      fs.closeSync(out);
    } catch {
      // already closed
    }
    removeDatabaseFiles(abs);
    if (e instanceof AppError) throw e;
    throw new AppError('FILE_UNREADABLE', `The restored workspace could not be written at ${abs}: ${(e as Error).message}`);
  }
  return { ...check, target: abs };
}

/** Removes a database file and any companions SQLite may have left beside it. */
export function removeDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}
