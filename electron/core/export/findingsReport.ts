import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Database } from 'better-sqlite3';
import type { Finding } from '../../../shared/api/contract';
import { iterateFindings } from '../staging/findings';
import { csvLine, UTF8_BOM } from './csvWriter';

export const FINDINGS_COLUMNS = ['file', 'sheet', 'line', 'column', 'cell', 'raw_value', 'rule', 'severity', 'message', 'row_key'] as const;

/** One finding as the cells of a report row, in FINDINGS_COLUMNS order. */
export function findingCells(f: Finding): string[] {
  return [f.fileName, f.sheet ?? '', f.line?.toString() ?? '', f.column ?? '', f.cellRef ?? '', f.rawValue ?? '', f.rule, f.severity, f.message, f.rowKey ?? ''];
}

/** The batches a report covers: each source's current imports, optionally one source only. */
export function activeBatchIds(db: Database, source?: string): string[] {
  return (
    db.prepare(`SELECT id FROM import_batches WHERE status = 'active' ${source ? 'AND source = ?' : ''} ORDER BY source, imported_at`).all(...(source ? [source] : [])) as { id: string }[]
  ).map((b) => b.id);
}

interface ReconRow {
  code: string;
  severity: string;
  account: string | null;
  source: string | null;
  ref: string | null;
  message: string;
}

function reconciliationRows(db: Database): ReconRow[] {
  return db.prepare('SELECT code, severity, account, source, ref, message FROM reconciliation_findings ORDER BY code, account, id').all() as ReconRow[];
}

/** Findings grouped by rule with a count and up to three examples, for the summary sheet. */
export function groupFindings(db: Database, batchIds: string[]): { rule: string; severity: string; count: number; examples: string[] }[] {
  const groups = new Map<string, { rule: string; severity: string; count: number; examples: string[] }>();
  for (const f of iterateFindings(db, batchIds)) {
    const k = `${f.severity}\u0000${f.rule}`;
    const g = groups.get(k) ?? { rule: f.rule, severity: f.severity, count: 0, examples: [] };
    g.count++;
    if (g.examples.length < 3) g.examples.push(`${f.fileName}${f.line !== null ? ` ${f.sheet ? 'row' : 'line'} ${f.line}` : ''}: ${f.message}`);
    groups.set(k, g);
  }
  const order = { error: 0, warning: 1, info: 2 } as Record<string, number>;
  return [...groups.values()].sort((a, b) => order[a.severity] - order[b.severity] || b.count - a.count || a.rule.localeCompare(b.rule));
}

/** The validation report as CSV (UTF-8 with a byte-order mark, for Excel). */
export function writeFindingsCsv(db: Database, batchIds: string[], out: string): number {
  const fd = fs.openSync(out, 'w');
  let n = 0;
  try {
    fs.writeSync(fd, UTF8_BOM + csvLine([...FINDINGS_COLUMNS]));
    for (const f of iterateFindings(db, batchIds)) {
      fs.writeSync(fd, csvLine(findingCells(f)));
      n++;
    }
  } finally {
    fs.closeSync(fd);
  }
  return n;
}

/**
 * The validation report as a workbook: a summary by rule (count and examples), every
 * finding, and the cross-source checks. Streamed, so a large report stays small in memory.
 */
export async function writeFindingsXlsx(db: Database, batchIds: string[], out: string): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Council Tax Billing Plan B';
  const bold = { font: { bold: true } };

  const summary = wb.addWorksheet('Summary');
  summary.columns = [
    { header: 'Rule', key: 'rule', width: 24 },
    { header: 'Severity', key: 'severity', width: 10 },
    { header: 'How many', key: 'count', width: 10 },
    { header: 'Examples', key: 'examples', width: 120 },
  ];
  summary.getRow(1).font = bold.font;
  for (const g of groupFindings(db, batchIds)) summary.addRow({ rule: g.rule, severity: g.severity, count: g.count, examples: g.examples.join('\n') }).commit();
  summary.commit();

  const sheet = wb.addWorksheet('Findings', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: 'File', key: 'file', width: 28 },
    { header: 'Sheet', key: 'sheet', width: 14 },
    { header: 'Row / line', key: 'line', width: 10 },
    { header: 'Column', key: 'column', width: 24 },
    { header: 'Cell', key: 'cell', width: 10 },
    { header: 'Value in the file', key: 'raw', width: 24 },
    { header: 'Rule', key: 'rule', width: 20 },
    { header: 'Severity', key: 'severity', width: 10 },
    { header: 'What is wrong', key: 'message', width: 100 },
    { header: 'Key', key: 'key', width: 16 },
  ];
  sheet.getRow(1).font = bold.font;
  let n = 0;
  for (const f of iterateFindings(db, batchIds)) {
    sheet.addRow({ file: f.fileName, sheet: f.sheet ?? '', line: f.line ?? '', column: f.column ?? '', cell: f.cellRef ?? '', raw: f.rawValue ?? '', rule: f.rule, severity: f.severity, message: f.message, key: f.rowKey ?? '' }).commit();
    n++;
  }
  sheet.commit();

  const recon = wb.addWorksheet('Cross-source checks', { views: [{ state: 'frozen', ySplit: 1 }] });
  recon.columns = [
    { header: 'Check', key: 'code', width: 18 },
    { header: 'Severity', key: 'severity', width: 10 },
    { header: 'Account', key: 'account', width: 14 },
    { header: 'Source', key: 'source', width: 28 },
    { header: 'Ref', key: 'ref', width: 10 },
    { header: 'What is wrong', key: 'message', width: 100 },
  ];
  recon.getRow(1).font = bold.font;
  for (const r of reconciliationRows(db)) recon.addRow({ ...r, account: r.account ?? '', source: r.source ?? '', ref: r.ref ?? '' }).commit();
  recon.commit();
  await wb.commit();
  return n;
}
