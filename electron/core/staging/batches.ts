import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { ImportBatch } from '../../../shared/api/contract';

interface BatchRow {
  id: string;
  source: string;
  run: string | null;
  sheet: string | null;
  file_name: string;
  file_size: number;
  sha256: string;
  encoding: string;
  mapping: string;
  rows_read: number;
  rows_staged: number;
  rows_flagged: number;
  rows_rejected: number;
  money_totals: string;
  imported_by: string;
  imported_at: string;
  status: 'active' | 'superseded';
}

function countsBy(db: Database, batchId: string, severity: string): Record<string, number> {
  const rows = db.prepare('SELECT rule, COUNT(*) AS n FROM findings WHERE batch_id = ? AND severity = ? GROUP BY rule ORDER BY rule').all(batchId, severity) as { rule: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.rule, r.n]));
}

function toBatch(db: Database, r: BatchRow): ImportBatch {
  const errorsByRule = countsBy(db, r.id, 'error');
  const warningsByRule = countsBy(db, r.id, 'warning');
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  return {
    id: r.id,
    source: r.source,
    run: r.run,
    sheet: r.sheet,
    fileName: r.file_name,
    fileSize: r.file_size,
    sha256: r.sha256,
    encoding: r.encoding,
    mapping: JSON.parse(r.mapping) as ImportBatch['mapping'],
    rowsRead: r.rows_read,
    rowsStaged: r.rows_staged,
    rowsFlagged: r.rows_flagged,
    rowsRejected: r.rows_rejected,
    errors: sum(errorsByRule),
    warnings: sum(warningsByRule),
    errorsByRule,
    warningsByRule,
    moneyTotals: JSON.parse(r.money_totals) as Record<string, number>,
    importedBy: r.imported_by,
    importedAt: r.imported_at,
    status: r.status,
  };
}

export function readBatch(db: Database, id: string): ImportBatch {
  const row = db.prepare('SELECT * FROM import_batches WHERE id = ?').get(id) as BatchRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'There is no such import.');
  return toBatch(db, row);
}

export function listBatches(db: Database, source?: string): ImportBatch[] {
  const rows = (
    source
      ? db.prepare('SELECT * FROM import_batches WHERE source = ? ORDER BY imported_at DESC, rowid DESC').all(source)
      : db.prepare('SELECT * FROM import_batches ORDER BY imported_at DESC, rowid DESC').all()
  ) as BatchRow[];
  return rows.map((r) => toBatch(db, r));
}
