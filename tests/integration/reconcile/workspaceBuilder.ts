// Hand-built workspaces for the reconciliation tests: a real workspace file (all migrations),
// one import batch per source or print file, and staged rows inserted directly.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { Workspace } from '../../../electron/core/workspace/workspace';
import { tempDir } from '../../fixtures/harness';

export interface Built {
  ws: Workspace;
  db: Database;
  /** Adds an active import batch and returns its id. */
  batch: (source: string, fileName?: string, run?: string | null) => string;
  /** Inserts a staged row; `_line` defaults to one more than the table's last. Returns `_row_id`. */
  row: (table: string, batchId: string, values: Record<string, unknown>) => number;
  cleanup: () => void;
}

export function buildWorkspace(): Built {
  const tmp = tempDir('ctb-reconcile-');
  const ws = Workspace.create(tmp.file('w.ctbw'));
  const db = ws.db;
  const lines = new Map<string, number>();
  return {
    ws,
    db,
    batch(source, fileName = `${source}.csv`, run = null) {
      const id = randomUUID();
      db.prepare(
        `INSERT INTO import_batches (id, source, file_name, file_size, sha256, encoding, line_ending, mapping, imported_by, imported_at, status, run)
         VALUES (?, ?, ?, 0, 'x', 'utf-8', 'lf', '[]', 'test', '2021-01-01T00:00:00Z', 'active', ?)`,
      ).run(id, source, fileName, run);
      return id;
    },
    row(table, batchId, values) {
      const line = (values._line as number | undefined) ?? (lines.get(table) ?? 1) + 1;
      lines.set(table, Math.max(line, lines.get(table) ?? 1));
      const all: Record<string, unknown> = { _batch_id: batchId, _line: line, _sheet_row: line, _hash: 'h', ...values };
      if (table === 'stg_death_list') {
        all._entry_id ??= `e-${line}`;
        all._entry_key ??= `k-${line}`;
      }
      const cols = Object.keys(all);
      const sql = `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
      return Number(db.prepare(sql).run(...cols.map((c) => all[c])).lastInsertRowid);
    },
    cleanup() {
      ws.db.close();
      tmp.cleanup();
    },
  };
}

/** A usable accounts row with sensible defaults. */
export function account(account: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    mail_merge_reference: account,
    property_ref: `P${account}`,
    vo_band: 'C',
    vo_effective_date: '1993-04-01',
    occupied_date: '2010-01-01',
    calculated_20_21_charge: 131050,
    lead_liable_title: 'Mr',
    lead_liable_forename: 'Jo',
    lead_liable_surname: 'Sample',
    lead_liable_name: 'Jo',
    lead_liable_lastname: 'Sample',
    payment_method_code: 'DD1',
    payment_method_type: '2',
    ...extra,
  };
}
