import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';

export type TextEncoding = 'utf-8' | 'windows-1252';
export type LineEnding = 'CRLF' | 'LF' | 'CR' | 'none';

export interface FileFacts {
  size: number;
  sha256: string;
  encoding: TextEncoding;
  bom: boolean;
  lineEnding: LineEnding;
  /** Lines in the file (line ends + 1): the total that progress is measured against. */
  lines: number;
  /** Both CRLF and bare LF occur (two exports joined together). */
  mixedLineEndings: boolean;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const BINARY_PROBE = 64 * 1024;

/** Human-readable encoding, as the validation report says it. */
export function describeEncoding(f: Pick<FileFacts, 'encoding' | 'bom'>): string {
  return f.encoding === 'utf-8' ? (f.bom ? 'UTF-8 with BOM' : 'UTF-8') : 'Windows-1252';
}

/**
 * One streaming pass over a file: its SHA-256, whether it is text at all, its encoding and
 * its line ending. Encoding: a file that decodes as UTF-8 throughout is UTF-8; otherwise it
 * is Windows-1252 (a superset of ISO-8859-1 for printable text: `£` is byte A3 in both).
 */
export async function sniffFile(file: string, displayName: string, signal?: AbortSignal): Promise<FileFacts> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new AppError('FILE_UNREADABLE', `${displayName} could not be opened. Check it still exists and is not open elsewhere.`);
  }
  if (!stat.isFile()) throw new AppError('FILE_UNREADABLE', `${displayName} is not a file.`);
  if (stat.size === 0) throw new AppError('FILE_UNREADABLE', `${displayName} is empty.`);

  const hash = createHash('sha256');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let isUtf8 = true;
  let bom = false;
  let first = true;
  let probed = 0;
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  let prevCr = false;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024 })) {
    if (signal?.aborted) throw new AppError('CANCELLED', 'Cancelled.');
    const buf = chunk as Buffer;
    hash.update(buf);
    if (first) {
      first = false;
      bom = buf.length >= 3 && UTF8_BOM.every((b, i) => buf[i] === b);
    }
    if (probed < BINARY_PROBE) {
      const end = Math.min(buf.length, BINARY_PROBE - probed);
      if (buf.subarray(0, end).includes(0)) {
        throw new AppError('FILE_UNREADABLE', `${displayName} is not a text file (it contains binary data). If it is an Excel workbook, PDF or picture, choose the CSV export instead.`);
      }
      probed += end;
    }
    if (isUtf8) {
      try {
        utf8.decode(buf, { stream: true });
      } catch {
        isUtf8 = false;
      }
    }
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i];
      if (b === 0x0a) {
        if (prevCr) crlf++;
        else lf++;
        prevCr = false;
      } else {
        if (prevCr) cr++;
        prevCr = b === 0x0d;
      }
    }
  }
  if (prevCr) cr++;
  if (isUtf8) {
    try {
      utf8.decode();
    } catch {
      isUtf8 = false;
    }
  }
  const lineEnding: LineEnding = crlf + lf + cr === 0 ? 'none' : crlf >= lf && crlf >= cr ? 'CRLF' : lf >= cr ? 'LF' : 'CR';
  return { size: stat.size, sha256: hash.digest('hex'), encoding: isUtf8 ? 'utf-8' : 'windows-1252', bom, lineEnding, lines: crlf + lf + cr + 1, mixedLineEndings: crlf > 0 && lf > 0 };
}

/** The file's text, decoded chunk by chunk (BOM removed). `onBytes` reports progress in bytes. */
export async function* decodedText(file: string, facts: FileFacts, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder(facts.encoding, { ignoreBOM: false });
  let bytes = 0;
  // Small chunks keep each decoded string under V8's large-object size, so it dies young
  // instead of piling up in the old generation until a full collection (peak memory).
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 32 * 1024 })) {
    const buf = chunk as Buffer;
    bytes += buf.length;
    const text = decoder.decode(buf, { stream: true });
    onBytes?.(bytes);
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}
