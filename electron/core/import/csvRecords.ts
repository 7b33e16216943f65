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

    let failure: unknown = null;
    // Two exports joined together can mix CRLF and LF. Papaparse splits on one newline, so a
    // mixed file is read with every CRLF turned into LF (line numbers are unchanged: a CRLF
    // pair was always one line end). Files with one kind of line end are passed as they are.
    const unifyLineEnds = facts.mixedLineEndings;
    // Once the parser stops early (header sample, cancel, failure) the file must stop being
    // read too: otherwise the rest of it would pile up in `pending` with nobody consuming it.
    let stopped = false;
    async function* feed() {
      let heldCr = false;
      for await (const raw of decodedText(file, facts, options.onBytes)) {
        if (stopped) return;
        let text = raw;
        if (unifyLineEnds) {
          if (heldCr) text = `\r${text}`;
          heldCr = text.endsWith('\r');
          if (heldCr) text = text.slice(0, -1);
          text = text.replace(/\r\n/g, '\n');
        }
        pending += text;
        yield text;
      }
      if (heldCr) {
        pending += '\r';
        yield '\r';
      }
    }

    let pos = 0; // index in `pending` up to which lines are counted
    const countNewlinesTo = (end: number): number => {
      let n = 0;
      for (let i = pending.indexOf(newlineChar, pos); i !== -1 && i < end; i = pending.indexOf(newlineChar, i + 1)) n++;
      return n;
    };

    const input = Readable.from(feed());
    const stop = (parser: Papa.Parser) => {
      stopped = true;
      aborted = true;
      parser.abort();
      input.destroy();
      pending = '';
    };
    Papa.parse(input as unknown as File, {
      header: false,
      skipEmptyLines: false,
      newline: unifyLineEnds ? '\n' : NEWLINES[facts.lineEnding],
      delimiter: ',',
      quoteChar: '"',
      step(result: Papa.ParseStepResult<string[]>, parser: Papa.Parser) {
        if (aborted) return;
        if (options.signal?.aborted) {
          stop(parser);
          return;
        }
        const end = result.meta.cursor - pendingStart;
        const startLine = line;
        line += countNewlinesTo(end);
        pos = end;
        // Drop consumed text now and then, not per record (slicing per record is quadratic),
        // and often enough that the buffer stays a small, young string.
        if (pos > 1 << 15) {
          pending = pending.slice(pos);
          pendingStart += pos;
          pos = 0;
        }
        excelRow++;
        // The record's last line: a record's text ends with its own line end, if it has one.
        const endsWithNewline = end > 0 && pending[end - 1] === newlineChar;
        const lastLine = endsWithNewline ? line - 1 : line;
        const quoteErrors = result.errors.filter((e) => e.type === 'Quotes');
        const record: CsvRecord = { line: startLine, excelRow, fields: result.data };
        if (quoteErrors.some((e) => e.code === 'MissingQuotes')) {
          record.problem =
            lastLine > startLine
              ? `a quoted value on line ${startLine} is never closed, so lines ${startLine} to ${lastLine} (the rest of the file) could not be split into columns`
              : `a quoted value on line ${startLine} is never closed`;
        } else if (quoteErrors.length) {
          record.problem = `a quote character in the middle of a value on line ${startLine} makes the row impossible to split reliably`;
        }
        records++;
        try {
          onRecord(record);
        } catch (e) {
          // abort() calls complete() at once: remember the failure so complete() rejects.
          failure = e;
          stop(parser);
          return;
        }
        if (options.maxRecords !== undefined && records >= options.maxRecords) stop(parser);
      },
      complete() {
        if (failure !== null) reject(failure);
        else resolve({ records, aborted });
      },
      error(err: Error) {
        reject(err);
      },
    });
  });
}
