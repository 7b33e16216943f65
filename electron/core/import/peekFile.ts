import fs from 'node:fs';
import type { FilePeek } from '../../../shared/import/recogniseSource';
import { openTabular, readTabularRecords } from './tabularFile';

/** Just enough of a file to guess its source: its header cells and its first few KB of text. */
export async function peekFile(file: string, name: string): Promise<FilePeek> {
  const head = Buffer.alloc(8192);
  const fd = fs.openSync(file, 'r');
  const n = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const bytes = head.subarray(0, n);
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return { name, headers: [], text: '', kind: 'pdf' };
  let headers: string[] = [];
  try {
    const t = await openTabular(file, name);
    await readTabularRecords(
      file,
      t,
      (r) => {
        if (!headers.length && r.fields.some((f) => f.trim())) headers = r.fields.map((f) => f.trim());
      },
      { maxRecords: 5 },
    );
    if (t.kind === 'xlsx') return { name, headers, text: '', kind: 'xlsx' };
  } catch {
    // not readable as a table: judged by its text alone
  }
  const decoder = new TextDecoder('windows-1252');
  const text = decoder.decode(bytes, { stream: true });
  const looksTabular = headers.length >= 3;
  return { name, headers: looksTabular ? headers : [], text, kind: looksTabular ? 'csv' : 'text' };
}
