import type { Database } from 'better-sqlite3';
import { migration001 } from './001_initial';
import { migration002 } from './002_all_sources';
import { migration003 } from './003_bill_runs';
import { migration004 } from './004_overrides_settings';
import { migration005 } from './005_review';
import type { Migration } from './types';

/** Every migration, in order. The workspace's `user_version` is the last one applied. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005];
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies each pending migration in its own transaction, so a failure leaves the file at the
 * last good version. `upTo` lets tests stop at a given version.
 */
export function migrate(db: Database, upTo = LATEST_SCHEMA_VERSION): number[] {
  const applied: number[] = [];
  const current = schemaVersion(db);
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > upTo) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}

export type { Migration };
