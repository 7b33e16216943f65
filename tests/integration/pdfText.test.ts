// PDF text extraction (electron/core/import/pdfText.ts) on reports generated with pdf-lib at test
// time, and conformance with the shared samples (../shared/samples) where they exist.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { extractPdfLines } from '../../electron/core/import/pdfText';
import { dedupeEntries, parseDeathListText, parseDeathReportLines, type DeathEntry } from '../../shared/deaths/deathEntries';
import { createMatcher, type MatchAccount } from '../../shared/deaths/matching';
import { decodeCp1252 } from '../fixtures/deaths/decode';
import { makeTempDir, writeDeathReportPdf, writePasswordProtectedPdf, type ReportEntry } from '../fixtures/deaths/reportPdf';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const ENTRIES: ReportEntry[] = [
  { names: 'Oisin Patternworth', date: '15/01/2021', address: 'Flat 2, 180 Dummy Place, London, E9 3YZ' },
  { names: 'Mei Fictiveworth', date: '25/12/2020', address: 'Flat 30, 175 Trial Way, London, E5 4YZ' },
  { names: 'Renée Ó Briain', date: '10/01/2021', address: '138 Template Row, London, E9 9ZN' },
  { names: "Sean O'Brien-Smith", date: '1/2/2021', address: '7 Example Court,', addressContinued: 'Sample Road, London, N1 9AB' },
  { names: 'Mei Fictiveworth', date: '25/12/2020', address: 'Flat 30, 175 Trial Way, London, E5 4YZ' },
];

describe('extractPdfLines', () => {
  it('reads a two-page report line by line, with label and value columns two spaces apart', async () => {
    const file = tmp.file('two-pages.pdf');
    await writeDeathReportPdf(file, ENTRIES, { perPage: 3 });
    const lines = await extractPdfLines(file);
    expect(lines.filter((l) => l.page === 1).slice(0, 8)).toEqual([
      { page: 1, text: 'CONFIDENTIAL' },
      { page: 1, text: 'Deaths registered - Test Borough (synthetic test report)' },
      { page: 1, text: 'Date of report 25/01/2021  page 1 of 2' },
      { page: 1, text: 'Name of Deceased  Oisin Patternworth' },
      { page: 1, text: 'Date of Death  15/01/2021' },
      { page: 1, text: 'Usual Address  Flat 2, 180 Dummy Place, London, E9 3YZ' },
      { page: 1, text: '_'.repeat(73) },
      { page: 1, text: 'Name of Deceased  Mei Fictiveworth' },
    ]);
    expect(lines.filter((l) => l.page === 2).slice(0, 4).map((l) => l.text)).toEqual([
      'CONFIDENTIAL',
      'Deaths registered - Test Borough (synthetic test report)',
      'Date of report 25/01/2021  page 2 of 2',
      "Name of Deceased  Sean O'Brien-Smith",
    ]);

    const { entries, problems } = parseDeathReportLines(lines);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.reference, e.names, e.date_of_death, e.address, e.page])).toEqual([
      [1, 'Oisin Patternworth', '2021-01-15', 'Flat 2, 180 Dummy Place, London, E9 3YZ', 1],
      [2, 'Mei Fictiveworth', '2020-12-25', 'Flat 30, 175 Trial Way, London, E5 4YZ', 1],
      [3, 'Renée Ó Briain', '2021-01-10', '138 Template Row, London, E9 9ZN', 1],
      [4, "Sean O'Brien-Smith", '2021-02-01', '7 Example Court, Sample Road, London, N1 9AB', 2],
      [5, 'Mei Fictiveworth', '2020-12-25', 'Flat 30, 175 Trial Way, London, E5 4YZ', 2],
    ]);
    expect(dedupeEntries(entries).duplicates.map((d) => [d.entry.reference, d.firstReference])).toEqual([[5, 2]]);
  });

  it('joins runs by their gap: none inside a word, one space between words, two between columns', async () => {
    const file = tmp.file('runs.pdf');
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([595, 842]);
    const size = 10;
    const width = (t: string): number => font.widthOfTextAtSize(t, size);
    const draw = (text: string, x: number, y: number): void => page.drawText(text, { x, y, size, font });
    // One word in two runs, then the next word after an ordinary space.
    draw('Patt', 50, 700);
    draw('ernworth', 50 + width('Patt'), 700);
    draw('Oisin', 50 + width('Patternworth') + width(' '), 700);
    // A run drawn 0.5 pt lower is still on the same line; a wide gap is a column break.
    draw('Date', 50, 680);
    draw('of Death', 50 + width('Date '), 680.5);
    draw('15/01/2021', 170, 680);
    // Drawn out of order: lines still come top to bottom, runs left to right.
    draw('second', 120, 660);
    draw('first', 50, 660);
    draw('above', 50, 670);
    fs.writeFileSync(file, await doc.save());
    expect((await extractPdfLines(file)).map((l) => l.text)).toEqual(['Patternworth Oisin', 'Date of Death  15/01/2021', 'above', 'first  second']);
  });

  it('reads an entry split over a page break', async () => {
    const file = tmp.file('split.pdf');
    await writeDeathReportPdf(file, ENTRIES.slice(0, 3), { perPage: 5, splitEntry: 1 });
    const lines = await extractPdfLines(file);
    expect(new Set(lines.map((l) => l.page))).toEqual(new Set([1, 2]));
    const { entries, problems } = parseDeathReportLines(lines);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.names, e.address, e.page])).toEqual([
      ['Oisin Patternworth', 'Flat 2, 180 Dummy Place, London, E9 3YZ', 1],
      ['Mei Fictiveworth', 'Flat 30, 175 Trial Way, London, E5 4YZ', 1],
      ['Renée Ó Briain', '138 Template Row, London, E9 9ZN', 2],
    ]);
  });

  it('says clearly, naming the file, when a file is not a PDF or is damaged', async () => {
    const csv = tmp.file('deaths.csv');
    fs.writeFileSync(csv, 'Name of Deceased|Date of Death|Usual Address\r\n');
    await expect(extractPdfLines(csv)).rejects.toThrow(/^deaths\.csv could not be read as a PDF: it is not a PDF file/);

    const broken = tmp.file('broken.pdf');
    fs.writeFileSync(broken, '%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage without xref or pages\n');
    await expect(extractPdfLines(broken)).rejects.toThrow('broken.pdf could not be read as a PDF: it is damaged or incomplete (Invalid PDF structure).');

    const truncated = tmp.file('truncated.pdf');
    await writeDeathReportPdf(truncated, ENTRIES.slice(0, 1));
    const bytes = fs.readFileSync(truncated);
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 3)));
    await expect(extractPdfLines(truncated)).rejects.toThrow(/^truncated\.pdf could not be read as a PDF: /);

    const locked = tmp.file('locked.pdf');
    await writePasswordProtectedPdf(locked);
    await expect(extractPdfLines(locked)).rejects.toThrow('locked.pdf could not be read as a PDF: it is password-protected; ask the sender for a copy without a password.');
    await expect(extractPdfLines(locked)).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });

    const empty = tmp.file('empty.pdf');
    fs.writeFileSync(empty, '');
    await expect(extractPdfLines(empty)).rejects.toThrow('empty.pdf could not be read as a PDF: the file is empty.');
    await expect(extractPdfLines(tmp.file('missing.pdf'))).rejects.toThrow(/^missing\.pdf could not be opened: ENOENT/);
  });

  it('stops when cancelled', async () => {
    const file = tmp.file('cancel.pdf');
    await writeDeathReportPdf(file, ENTRIES);
    const controller = new AbortController();
    controller.abort();
    await expect(extractPdfLines(file, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

// ---------------------------------------------------------------------------------------------
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const samplesDir = path.resolve(repoRoot, '../shared/samples');
const expectedDir = path.join(samplesDir, 'expected');

function readCsv(file: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
}

describe.runIf(fs.existsSync(samplesDir))('conformance: ../shared/samples death_list.pdf and death_list.txt', () => {
  const expected = () => readCsv(path.join(expectedDir, 'deaths.csv'));
  const staged = () => readCsv(path.join(expectedDir, 'staged', 'death_list.csv'));
  const fields = (e: DeathEntry) => ({ reference: String(e.reference), names: e.names, date_of_death: e.date_of_death, address: e.address });

  function checkEntries(entries: DeathEntry[]): void {
    const exp = expected();
    expect(entries.map(fields)).toEqual(exp.map((r) => ({ reference: r.reference, names: r.names, date_of_death: r.date_of_death, address: r.address })));
    const { kept, duplicates } = dedupeEntries(entries);
    const status = new Map(duplicates.map((d) => [d.entry.reference, 'skip_duplicate']));
    expect(exp.map((r) => status.get(Number(r.reference)) === 'skip_duplicate')).toEqual(exp.map((r) => r.status === 'skip_duplicate'));
    // Staged: the repeated entry is not loaded; nothing is confirmed right after import.
    expect(kept.map((e) => ({ ...fields(e), account_number: '', account_matched_name: '', flagged: '0' }))).toEqual(staged());

    // Proposals against the staged accounts (unflagged rows).
    const accounts: MatchAccount[] = readCsv(path.join(expectedDir, 'staged', 'accounts.csv'))
      .filter((r) => r.flagged !== '1')
      .map((r) => ({
        account: r.mail_merge_reference,
        surname: r.lead_liable_surname,
        postcode: r.postcode,
        forPostcode: r.for_postcode,
        leadName: [r.lead_liable_title, r.lead_liable_forename, r.lead_liable_middlename, r.lead_liable_surname].filter((s) => s && s.trim()).join(' '),
      }));
    const matcher = createMatcher(accounts);
    expect(entries.map((e) => matcher.propose(e).proposal?.account ?? '')).toEqual(exp.map((r) => r.expected_account));
    expect(matcher.propose(entries[0]).proposal).toEqual({ account: '367992182', matchedName: 'Miss Oisin Patternworth' });
  }

  it('death_list.txt (Windows-1252, pipe-separated)', () => {
    const { entries, problems, warnings } = parseDeathListText(decodeCp1252(fs.readFileSync(path.join(samplesDir, 'death_list.txt'))));
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(entries.map((e) => String(e.line))).toEqual(expected().map((r) => r.line));
    checkEntries(entries);
  });

  it('death_list.pdf', async () => {
    const lines = await extractPdfLines(path.join(samplesDir, 'death_list.pdf'));
    const { entries, problems } = parseDeathReportLines(lines);
    expect(problems).toEqual([]);
    expect(entries.every((e) => e.page === 1)).toBe(true);
    checkEntries(entries);
  });
});
