import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { WorkspaceInfo } from '../../../shared/api/contract';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from './migrations';

export const WORKSPACE_EXTENSION = '.ctbw';
const APPLICATION_ID = 0x43544257; // 'CTBW': marks the SQLite file as ours

export interface OpenOptions {
  /** Path to a better-sqlite3 binary built for this runtime (Electron's ABI differs from Node's). */
  nativeBinding?: string;
}

function connect(file: string, options: OpenOptions, readonly = false): Db {
  const db = new Database(file, { nativeBinding: options.nativeBinding, readonly, fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // Never wait on a lock: both connections live on one thread, so waiting could never end.
  db.pragma('busy_timeout = 0');
  return db;
}

/**
 * One workspace file. `db` serves reads and small writes; a long job (an import) takes the
 * write lock and works in its own connection and transaction, so readers keep seeing the
 * last committed state until the job commits, and a failure rolls back to exactly it.
 */
export class Workspace {
  readonly db: Db;
  readonly path: string;
  private busyWith: string | null = null;

  private constructor(
    file: string,
    db: Db,
    private readonly options: OpenOptions,
  ) {
    this.path = file;
    this.db = db;
  }

  static create(file: string, options: OpenOptions = {}): Workspace {
    const abs = path.resolve(file);
    if (fs.existsSync(abs)) throw new AppError('WORKSPACE_INVALID', `A file already exists at ${abs}. Choose another name, or open it instead.`);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    // Create the file readable by its owner only before SQLite touches it; SQLite gives the
    // -wal and -shm files the same permissions.
    fs.closeSync(fs.openSync(abs, 'wx', 0o600));
    try {
      const db = connect(abs, options);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      migrate(db);
      const now = new Date().toISOString();
      const meta = db.prepare('INSERT INTO workspace_meta (key, value) VALUES (?, ?)');
      db.transaction(() => {
        meta.run('id', randomUUID());
        meta.run('created_at', now);
        meta.run('name', path.basename(abs, WORKSPACE_EXTENSION));
      })();
      return new Workspace(abs, db, options);
    } catch (e) {
      fs.rmSync(abs, { force: true });
      throw e;
    }
  }

  static open(file: string, options: OpenOptions = {}): Workspace {
    const abs = path.resolve(file);
    if (!fs.existsSync(abs)) throw new AppError('NOT_FOUND', `There is no workspace at ${abs}.`);
    let db: Db;
    try {
      db = connect(abs, options);
      const appId = db.pragma('application_id', { simple: true }) as number;
      if (appId !== APPLICATION_ID) {
        db.close();
        throw new AppError('WORKSPACE_INVALID', `${path.basename(abs)} is not a Council Tax Billing workspace.`);
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('WORKSPACE_INVALID', `${path.basename(abs)} could not be opened as a workspace: ${(e as Error).message}`);
    }
    const version = schemaVersion(db);
    if (version > LATEST_SCHEMA_VERSION) {
      db.close();
      throw new AppError('WORKSPACE_INVALID', `${path.basename(abs)} was made by a newer version of this app (workspace version ${version}). Update the app to open it.`);
    }
    migrate(db);
    return new Workspace(abs, db, options);
  }

  /** Opens whichever exists; creates otherwise. */
  static openOrCreate(file: string, options: OpenOptions = {}): Workspace {
    return fs.existsSync(path.resolve(file)) ? Workspace.open(file, options) : Workspace.create(file, options);
  }

  meta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM workspace_meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  info(): WorkspaceInfo {
    return {
      id: this.meta('id') ?? '',
      path: this.path,
      name: this.meta('name') ?? path.basename(this.path),
      createdAt: this.meta('created_at') ?? '',
      schemaVersion: schemaVersion(this.db),
    };
  }

  /** A second connection for a job's long transaction. The caller closes it. */
  openWriter(): Db {
    return connect(this.path, this.options);
  }

  /**
   * Runs `work` holding the workspace's write lock. One writer at a time: a second long job
   * is refused at once with a message rather than left waiting on a lock.
   */
  async exclusive<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.busyWith) throw new AppError('WORKSPACE_BUSY', `The workspace is busy (${this.busyWith}). Try again when it has finished.`);
    this.busyWith = what;
    try {
      return await work();
    } finally {
      this.busyWith = null;
    }
  }

  /**
   * Runs `work` in one write transaction on its own connection: committed only if it
   * returns, rolled back on any failure or cancel, so the workspace is all or nothing.
   */
  async inWriteTransaction<T>(work: (db: Db) => Promise<T> | T): Promise<T> {
    const db = this.openWriter();
    try {
      db.exec('BEGIN IMMEDIATE');
      const result = await work(db);
      db.exec('COMMIT');
      return result;
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    } finally {
      db.close();
    }
  }

  get busy(): string | null {
    return this.busyWith;
  }

  audit(entry: { actor: string; action: string; entity?: string; entityKey?: string; before?: unknown; after?: unknown; note?: string }, db: Db = this.db): void {
    db.prepare('INSERT INTO audit_log (at, actor, action, entity, entity_key, before, after, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      new Date().toISOString(),
      entry.actor,
      entry.action,
      entry.entity ?? null,
      entry.entityKey ?? null,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      entry.note ?? null,
    );
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
