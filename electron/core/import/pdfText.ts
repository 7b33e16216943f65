// Text lines of a PDF report (the registration service's death list), read with pdf.js's legacy
// build, which runs in plain Node (no DOM, no canvas: text extraction needs neither).
//
// How lines are built, page by page:
// * pdf.js gives text items (runs of text) with a position (`transform[4]` = x, `[5]` = y, PDF
//   units, y upwards) and a width. Empty and whitespace-only items are dropped: the gaps are
//   measured from the positions instead, so reports that draw spaces and reports that move the
//   pen give the same lines.
// * Items on the same baseline — y within a tolerance of 40% of the font size, at least 1 unit —
//   form one line; lines go top to bottom, items within a line left to right.
// * Items are joined by the gap between the end of one and the start of the next, in units of
//   the font size (em): under 0.1 em nothing (a word split into two runs); under 1 em one space
//   (an ordinary word gap); 1 em or more TWO spaces — a column break (e.g. between the label
//   "Name of Deceased" and its value). Inner text of an item is kept as pdf.js gives it, so a
//   consumer that splits columns should split on /\s{2,}/ (the same convention as
//   `pdftotext -layout`, which the samples were checked with).
// * Lines that are empty after trimming are left out; every text is trimmed at both ends.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../../shared/errors';

export interface PdfLine {
  /** 1-based page number. */
  page: number;
  text: string;
}

export interface ExtractPdfOptions {
  signal?: AbortSignal;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** Gap (in em) at or above which two runs on a line are treated as separate columns. */
export const COLUMN_GAP_EM = 1;
/** Gap (in em) below which two runs are one word. */
const JOIN_GAP_EM = 0.1;
/** Baseline tolerance, as a fraction of the font size. */
const LINE_TOLERANCE_EM = 0.4;

let pdfjsLoading: Promise<{ pdfjs: PdfJs; standardFontDataUrl: string }> | null = null;

/**
 * Loads pdf.js once. In Node it runs its worker code on the main thread ("fake worker"), which it
 * imports from `GlobalWorkerOptions.workerSrc`; that defaults to a path relative to pdf.mjs, which
 * breaks once the app is bundled, so point it at the installed worker file explicitly. The
 * standard 14 fonts' data ship with the package too (pdf.js reads them with fs in Node).
 */
function loadPdfJs(): Promise<{ pdfjs: PdfJs; standardFontDataUrl: string }> {
  pdfjsLoading ??= (async () => {
    const pdfjs: PdfJs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const require = createRequire(import.meta.url);
    const packageDir = path.dirname(require.resolve('pdfjs-dist/package.json'));
    const workerFile = path.join(packageDir, 'legacy', 'build', 'pdf.worker.mjs');
    const current = pdfjs.GlobalWorkerOptions.workerSrc;
    if (!current || current === './pdf.worker.mjs') pdfjs.GlobalWorkerOptions.workerSrc = pathToFileURL(workerFile).href;
    // pdf.js insists on a trailing "/" and reads the files with fs.readFile in Node.
    const standardFontDataUrl = `${path.join(packageDir, 'standard_fonts')}/`;
    return { pdfjs, standardFontDataUrl };
  })();
  pdfjsLoading.catch(() => {
    pdfjsLoading = null;
  });
  return pdfjsLoading;
}

interface Run {
  x: number;
  y: number;
  end: number;
  size: number;
  str: string;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'Cancelled.');
}

/** Officer-readable reason for a pdf.js load failure. */
function describeLoadFailure(e: unknown): string {
  const name = e instanceof Error ? e.name : '';
  const message = (e instanceof Error ? e.message : String(e)).trim().replace(/\.+$/, '');
  if (name === 'PasswordException') return 'it is password-protected; ask the sender for a copy without a password';
  if (name === 'InvalidPDFException') return `it is damaged or incomplete (${message || 'invalid PDF structure'})`;
  return message || 'unknown error';
}

/**
 * Reads every page's text as lines (see the file comment for how items become lines). Throws an
 * `AppError` (`FILE_UNREADABLE`) naming the file when it cannot be opened or is not a readable
 * PDF, and `CANCELLED` when the signal is aborted.
 */
export async function extractPdfLines(file: string, options: ExtractPdfOptions = {}): Promise<PdfLine[]> {
  const { signal } = options;
  const name = path.basename(file);
  throwIfAborted(signal);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    throw new AppError('FILE_UNREADABLE', `${name} could not be opened: ${(e as NodeJS.ErrnoException).code ?? String(e)}. Check it still exists and is not open elsewhere.`);
  }
  if (bytes.length === 0) throw new AppError('FILE_UNREADABLE', `${name} could not be read as a PDF: the file is empty.`);
  // Cheap check first: pdf.js tolerates some junk before the header, but a file without "%PDF-"
  // in its first kilobyte is not a PDF (a CSV or Word file chosen by mistake).
  if (!bytes.subarray(0, 1024).toString('latin1').includes('%PDF-')) {
    throw new AppError('FILE_UNREADABLE', `${name} could not be read as a PDF: it is not a PDF file (it does not start with "%PDF-"). Choose the report as the registration service sent it, or its text export.`);
  }
  throwIfAborted(signal);

  const { pdfjs, standardFontDataUrl } = await loadPdfJs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    useSystemFonts: false,
    isEvalSupported: false,
    disableFontFace: true,
    standardFontDataUrl,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  const onAbort = (): void => void task.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let doc: Awaited<typeof task.promise>;
    try {
      doc = await task.promise;
    } catch (e) {
      throwIfAborted(signal);
      throw new AppError('FILE_UNREADABLE', `${name} could not be read as a PDF: ${describeLoadFailure(e)}.`);
    }
    const lines: PdfLine[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      throwIfAborted(signal);
      let runs: Run[];
      try {
        const page = await doc.getPage(p);
        const content = await page.getTextContent();
        runs = [];
        for (const item of content.items) {
          if (!('str' in item) || item.str.trim() === '') continue;
          const [a, b, c, d, x, y] = item.transform as number[];
          const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 10;
          runs.push({ x, y, end: x + item.width, size, str: item.str });
        }
        page.cleanup();
      } catch (e) {
        throwIfAborted(signal);
        throw new AppError('FILE_UNREADABLE', `${name} could not be read as a PDF: page ${p} is damaged (${describeLoadFailure(e)}).`);
      }
      for (const text of runsToLines(runs)) lines.push({ page: p, text });
    }
    throwIfAborted(signal);
    return lines;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await task.destroy().catch(() => undefined);
  }
}

/** Groups runs into lines (top to bottom) and joins each line's runs (left to right). */
function runsToLines(runs: Run[]): string[] {
  const sorted = [...runs].sort((r, s) => s.y - r.y || r.x - s.x);
  const groups: Run[][] = [];
  let current: Run[] = [];
  let anchor = Number.NaN;
  for (const run of sorted) {
    const tolerance = Math.max(1, LINE_TOLERANCE_EM * run.size);
    if (current.length > 0 && Math.abs(anchor - run.y) <= tolerance) {
      current.push(run);
    } else {
      if (current.length > 0) groups.push(current);
      current = [run];
      anchor = run.y;
    }
  }
  if (current.length > 0) groups.push(current);

  const out: string[] = [];
  for (const group of groups) {
    group.sort((r, s) => r.x - s.x);
    let text = '';
    let prev: Run | null = null;
    for (const run of group) {
      if (prev) {
        const gap = (run.x - prev.end) / Math.max(prev.size, run.size);
        if (gap >= COLUMN_GAP_EM) text = `${text.trimEnd()}  `;
        else if (gap >= JOIN_GAP_EM && !/\s$/.test(text)) text += ' ';
      }
      text += prev && /\s$/.test(text) ? run.str.trimStart() : run.str;
      prev = run;
    }
    const trimmed = text.trim();
    if (trimmed !== '') out.push(trimmed);
  }
  return out;
}
