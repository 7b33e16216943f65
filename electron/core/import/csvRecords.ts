import { Readable } from 'node:stream';
import Papa from 'papaparse';
import type { FileFacts } from './fileSniff';
import { decodedText } from './fileSniff';

export interface CsvRecord {
  /** Line on which the record starts, counting line ends from 1 (a CRLF pair is one). */
  line: number;
  /** Row number as Excel shows it when it opens the CSV (header = 1, blank lines count). */
  excelRow: number;
  fields: string[];
  /** Set when the record could not be split into fields reliably. */
  problem?: string;
}

export interface CsvReadOptions {
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
  /** Stop after this many records (used to read just the header and a sample). */
  maxRecords?: number;
}

const NEWLINES = { CRLF: '\r\n', LF: '\n', CR: '\r', none: '\n' } as const;

/**
 * Streams a CSV file through papaparse, calling `onRecord` synchronously for each record so
 * the caller can stage it at once (memory stays flat whatever the file size). Papaparse's
 * cursor is a character offset; we keep just the text between cursors to turn it into the
 * line number officers need.
 */
export function readCsvRecords(file: string, facts: FileFacts, onRecord: (r: CsvRecord) => void, options: CsvReadOptions = {}): Promise<{ records: number; aborted: boolean }> {
  return new Promise((resolve, reject) => {
    let pending = ''; // decoded text not yet consumed by a record
    let pendingStart = 0; // character offset of pending[0]
    let line = 1;
    let excelRow = 0;
    let records = 0;
    let aborted = false;
    const newlineChar = facts.lineEnding === 'CR' ? '\r' : '\n';

    async function* feed() {
      for await (const text of decodedText(file, facts, options.onBytes)) {
        pending += text;
        yield text;
      }
    }

    let pos = 0; // index in `pending` up to which lines are counted
    const countNewlinesTo = (end: number): number => {
      let n = 0;
      for (let i = pending.indexOf(newlineChar, pos); i !== -1 && i < end; i = pending.indexOf(newlineChar, i + 1)) n++;
      return n;
    };

    Papa.parse(Readable.from(feed()) as unknown as File, {
      header: false,
      skipEmptyLines: false,
      newline: NEWLINES[facts.lineEnding],
      delimiter: ',',
      quoteChar: '"',
      step(result: Papa.ParseStepResult<string[]>, parser: Papa.Parser) {
        if (aborted) return;
        if (options.signal?.aborted) {
          aborted = true;
          parser.abort();
          return;
        }
        const end = result.meta.cursor - pendingStart;
        const startLine = line;
        line += countNewlinesTo(end);
        pos = end;
        // Drop consumed text now and then, not per record: slicing per record is quadratic.
        if (pos > 1 << 20) {
          pending = pending.slice(pos);
          pendingStart += pos;
          pos = 0;
        }
        excelRow++;
        const quoteError = result.errors.find((e) => e.type === 'Quotes');
        const record: CsvRecord = { line: startLine, excelRow, fields: result.data };
        if (quoteError) {
          record.problem =
            quoteError.code === 'MissingQuotes'
              ? `a quoted value that starts on line ${startLine} is never closed, so the rest of the file (to line ${line}) could not be split into columns`
              : `a quote character in the middle of a value on line ${startLine} makes the row impossible to split reliably`;
        }
        records++;
        try {
          onRecord(record);
        } catch (e) {
          aborted = true;
          parser.abort();
          reject(e);
          return;
        }
        if (options.maxRecords !== undefined && records >= options.maxRecords) {
          aborted = true;
          parser.abort();
        }
      },
      complete() {
        resolve({ records, aborted });
      },
      error(err: Error) {
        reject(err);
      },
    });
  });
}
