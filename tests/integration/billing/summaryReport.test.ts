// The bill run summary (electron/core/billing/summaryReport.ts): summary.html and summary.pdf from
// a hand-built RunSummaryInput with four templates, several profiles and reasons, and proofs with
// accented and non-WinAnsi names; the PDF read back with pdf.js; byte-identical repeat writes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proofsFromBills, writeSummary, type RunSummaryInput } from '../../../electron/core/billing/summaryReport';
import { extractPdfLines, type PdfLine } from '../../../electron/core/import/pdfText';
import type { BillTemplate, BillToPrint, PrintSettings } from '../../../shared/billing/printFile';
import { tempDir } from '../../fixtures/harness';

const tmp = tempDir('ctb-summary-');
afterAll(() => tmp.cleanup());

const PRINT_SETTINGS: PrintSettings = {
  periodStart: '2021-04-01',
  periodEnd: '2022-03-31',
  issueDate: '2021-03-10',
  ddInstalmentMonths: ['2021-04', '2021-05', '2021-06', '2021-07', '2021-08', '2021-09', '2021-10', '2021-11', '2021-12', '2022-01', '2022-02', '2022-03'],
  cashInstalmentMonths: ['2021-04', '2021-05', '2021-06', '2021-07', '2021-08', '2021-09', '2021-10', '2021-11', '2021-12', '2022-01'],
};

const MONTHS = ['Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar'];

const RECIPIENTS = [
  { service: 'LONDON BOROUGH OF HACKNEY', amountPence: 72911, pctHundredths: 199 },
  { service: 'ADULT SOCIAL CARE', amountPence: 2647, pctHundredths: 300 },
  { service: 'GREATER LONDON AUTHORITY', amountPence: 26614, pctHundredths: 951 },
];

function bill(template: BillTemplate, n: number, leadName: string, additionalNames: string[] = []): BillToPrint {
  const cash = template.startsWith('cash');
  const discounted = template.endsWith('75');
  const gross = 102172;
  const discount = discounted ? 25543 : 0;
  const net = gross - discount;
  const count = cash ? 10 : 12;
  const other = Math.floor(net / count);
  return {
    template,
    profile: template.toUpperCase().replace('_', ''),
    account: `31200000${n}`,
    billNumber: 500000 + n,
    leadName,
    additionalNames,
    correspondence: { lines: [`${n} Sample Street`, 'London', '', ''], postcode: 'E8 1ZZ' },
    propertyLines: [`${n} Sample Street`, 'London'],
    band: 'A',
    grossPence: gross,
    discountPence: discount,
    netPence: net,
    overallPctHundredths: 387,
    recipients: RECIPIENTS,
    discountText: discounted ? 'Single Person Discount 25%' : '',
    instalments: {
      n: count,
      firstPence: net - other * (count - 1),
      otherPence: other,
      months: MONTHS.slice(0, count),
    },
    barcode: cash ? `98260${n}0000000001` : '',
  };
}

const BILLS: BillToPrint[] = [
  bill('dd_100', 1, 'Mr Sam Example'),
  bill('dd_100', 2, 'Mr Second Example'), // not a proof: the second dd_100 bill
  bill('dd_75', 3, 'Ms Zoë Łukasz-Ŝample', ["O'Brien & <Sons>"]),
  bill('cash_100', 4, 'Mx Kim Stubworth'),
  bill('cash_75', 5, 'Dr Renée Ó Briain'),
];

const GENERATED_AT = '2026-12-03T16:20:00.000Z';

const INPUT: RunSummaryInput = {
  generatedAt: GENERATED_AT,
  runNumber: 7,
  runId: '0b4c2f5e-1111-4222-8333-944455556666',
  createdAt: '2026-12-03T15:02:41.123Z',
  createdBy: 'officer.one',
  status: 'draft',
  settings: { billingPeriod: { start: '2021-04-01', end: '2022-03-31' }, issueDate: '2021-03-10', firstBillNumber: 500001, lastBillNumber: 501434 },
  profiles: { DD100: 812, DD75: 301, CASH100: 150, CASH75: 98, CASH100_PAID: 40, CASH75_PAID: 21, CASH100_MOVED_IN: 9, CASH75_MOVED_IN: 3 },
  reasons: { CTR: 1234, DECEASED: 17, EXEMPT: 88, NO_DD_DATA: 45, CASH_DISCREPANCY: 310, NO_ADDRESS: 2 },
  totals: {
    dd_100: { bills: 812, gross: 82963664, discount: 0, net: 82963664 },
    dd_75: { bills: 301, gross: 30753772, discount: 7688443, net: 23065329 },
    cash_100: { bills: 199, gross: 20332228, discount: 0, net: 20332228 },
    cash_75: { bills: 122, gross: 12464984, discount: 3116246, net: 9348738 },
  },
  control: { rowsRead: 3210, flaggedRows: 4, identicalDuplicateRows: 1, accounts: 3205, profiled: 1434, excluded: 1771 },
  controlNotes: ['The totals per profile agree with the totals in the bill files.'],
  estimateDiffs: 12,
  files: {
    'dd_100.txt': { bytes: 812345, sha256: 'a'.repeat(64) },
    'dd_75.txt': { bytes: 301234, sha256: 'b'.repeat(63) + '1' },
    'cash_100.txt': { bytes: 199876, sha256: 'c'.repeat(63) + '2' },
    'cash_75.txt': { bytes: 122001, sha256: '0123456789abcdef'.repeat(4) },
    'exclusions.csv': { bytes: 98765, sha256: 'd'.repeat(63) + '3' },
  },
  proofs: proofsFromBills(BILLS, PRINT_SETTINGS),
};

let html = '';
let pdfLines: PdfLine[] = [];
let pdfPath = '';

beforeAll(async () => {
  const written = await writeSummary(tmp.file('run'), INPUT);
  expect(written).toEqual({ html: path.join(tmp.dir, 'run', 'summary.html'), pdf: path.join(tmp.dir, 'run', 'summary.pdf') });
  html = fs.readFileSync(written.html, 'utf8');
  pdfPath = written.pdf;
  pdfLines = await extractPdfLines(written.pdf);
});

const pdfText = (): string => pdfLines.map((l) => l.text).join('\n');

describe('proofsFromBills', () => {
  it('takes the first bill of each template, in template order', () => {
    expect(INPUT.proofs.map((p) => p.template)).toEqual(['dd_100', 'dd_75', 'cash_100', 'cash_75']);
    expect(INPUT.proofs[0].lines).toContain('MR SAM EXAMPLE|');
    expect(INPUT.proofs[0].lines[0]).toBe('----------');
    expect(INPUT.proofs.flatMap((p) => p.lines)).not.toContain('MR SECOND EXAMPLE|');
  });
});

describe('summary.html', () => {
  it('is a self-contained page with the sections a billing officer reads', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<link|<script|src="http/);
    for (const heading of [
      '<h1>Bill run 7: summary</h1>',
      '<h2>Bills to print</h2>',
      '<h2>Accounts billed, by profile</h2>',
      '<h2>Accounts not billed, by reason</h2>',
      '<h2>Control totals</h2>',
      '<h2>Files written</h2>',
      '<h2>Proofs: the first bill of each template</h2>',
    ]) {
      expect(html).toContain(heading);
    }
    expect(html).toContain('Summary made on 3 December 2026, 16:20 UTC.');
    expect(html).toContain('<dt>Made by</dt><dd>officer.one</dd>');
    expect(html).toContain('<dt>Status</dt><dd>Draft</dd>');
    expect(html).toContain('<dt>Billing period</dt><dd>1 April 2021 to 31 March 2022</dd>');
    expect(html).toContain('<dt>Issue date on the bills</dt><dd>10 March 2021</dd>');
    expect(html).toContain('<dt>Bill numbers</dt><dd>500001 to 501434</dd>');
  });

  it('shows the totals per template and overall, in pounds', () => {
    expect(html).toContain('£829,636.64');
    expect(html).toContain('£76,884.43');
    expect(html).toContain('£230,653.29');
    // All templates: 1,434 bills; gross £1,465,146.48; discount £108,046.89; net £1,357,099.59.
    expect(html).toMatch(/All templates<\/th><td class="num">1,434<\/td><td class="num">£1,465,146.48<\/td><td class="num">£108,046.89<\/td><td class="num">£1,357,099.59<\/td>/);
  });

  it('charts accounts by profile and by reason as SVG with a caption and a data table', () => {
    const profiles = /<figure id="profiles">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? '';
    expect(profiles).toContain('<figcaption id="profiles-caption">Accounts billed, by profile</figcaption>');
    expect(profiles).toContain('aria-labelledby="profiles-caption"');
    const svg = /<svg[\s\S]*?<\/svg>/.exec(profiles)?.[0] ?? '';
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(8);
    expect(svg).toContain('>Direct Debit, full charge</text>');
    expect(svg).toContain('>812</text>');
    expect(profiles).toContain('<tr><th scope="row">Cash, single person discount, moved in last year</th><td>CASH75_MOVED_IN</td><td class="num">3</td></tr>');

    const reasons = /<figure id="reasons">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? '';
    expect(reasons.match(/<rect class="bar"/g)).toHaveLength(6);
    expect(reasons).toContain('>Council Tax Reduction</text>');
    expect(reasons).toContain('<td class="num">1,234</td>');
    // The largest count gets the full bar width.
    expect(reasons).toMatch(/<rect class="bar" x="340" y="\d+" width="420"/);
  });

  it('lists the control counts and the files with their SHA-256', () => {
    expect(html).toContain('<tr><th scope="row">Account rows read</th><td class="num">3,210</td></tr>');
    expect(html).toContain('<li>The totals per profile agree with the totals in the bill files.</li>');
    expect(html).toContain('<tr><th scope="row">Bills that differ from the estimated charge by more than the limit</th><td class="num">12</td></tr>');
    expect(html).toContain(`<tr><th scope="row">cash_75.txt</th><td class="num">122,001</td><td><code class="hash">${'0123456789abcdef'.repeat(4)}</code></td></tr>`);
    // Listed by name.
    const order = ['cash_100.txt', 'cash_75.txt', 'dd_100.txt', 'dd_75.txt', 'exclusions.csv'].map((n) => html.indexOf(`<th scope="row">${n}</th>`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('shows each proof in a <pre>, escaped', () => {
    expect(html.match(/<pre>/g)).toHaveLength(4);
    expect(html).toContain('MS ZOË ŁUKASZ-ŜAMPLE|');
    expect(html).toContain('O&#39;Brien &amp; &lt;Sons&gt;|');
    expect(html).not.toContain('<Sons>');
    expect(html).toContain('DR RENÉE Ó BRIAIN|');
    expect(html).toContain('Single Person Discount 25% -£255.43|');
    expect(html).toContain('Total Charge for Period|\n£766.29|');
  });
});

describe('summary.pdf', () => {
  it('is a PDF of several A4 pages', () => {
    const bytes = fs.readFileSync(pdfPath);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = new Set(pdfLines.map((l) => l.page));
    expect(pages.size).toBeGreaterThanOrEqual(2);
    expect(bytes.toString('latin1')).toContain('/MediaBox [ 0 0 595.28 841.89 ]');
  });

  it('has the totals, the counts and the file hashes as text', () => {
    const text = pdfText();
    expect(text).toContain('Bill run 7: summary');
    expect(text).toContain('Bills to print');
    expect(text).toContain('Accounts not billed, by reason');
    expect(text).toMatch(/All templates\s+1,434\s+£1,465,146.48\s+£108,046.89\s+£1,357,099.59/);
    expect(text).toMatch(/Direct Debit, full charge \(dd_100\)\s+812\s+£829,636.64\s+£0.00\s+£829,636.64/);
    expect(text).toMatch(/Council Tax Reduction\s+1,234/);
    expect(text).toContain(`SHA-256 ${'0123456789abcdef'.repeat(4)}`);
  });

  it('has the proofs, with names the standard fonts cannot show replaced', () => {
    const text = pdfText();
    expect(text).toContain('MR SAM EXAMPLE|');
    expect(text).toContain('Total Charge for Period|');
    expect(text).toContain('Single Person Discount 25% -£255.43|');
    // Ë and É are WinAnsi; Ŝ becomes S (accent stripped); Ł has no plain form, so "?".
    expect(text).toContain('MS ZOË ?UKASZ-SAMPLE|');
    expect(text).toContain('DR RENÉE Ó BRIAIN|');
    expect(text).toContain("O'Brien & <Sons>|");
    // Each proof starts a page of its own.
    const proofPages = pdfLines.filter((l) => l.text.startsWith('Proof: ')).map((l) => l.page);
    expect(proofPages).toHaveLength(4);
    expect(new Set(proofPages).size).toBe(4);
  });
});

describe('determinism', () => {
  it('writes the same bytes for the same input and generation time', async () => {
    const again = await writeSummary(tmp.file('again'), INPUT);
    expect(fs.readFileSync(again.html)).toEqual(fs.readFileSync(path.join(tmp.dir, 'run', 'summary.html')));
    expect(fs.readFileSync(again.pdf).equals(fs.readFileSync(pdfPath))).toBe(true);
  });

  it('differs only when the generation time does', async () => {
    const later = await writeSummary(tmp.file('later'), { ...INPUT, generatedAt: '2026-12-04T09:00:00.000Z' });
    const laterHtml = fs.readFileSync(later.html, 'utf8');
    expect(laterHtml).not.toBe(html);
    expect(laterHtml.replace('4 December 2026, 09:00 UTC', '3 December 2026, 16:20 UTC')).toBe(html);
    const pdf = fs.readFileSync(later.pdf).toString('latin1');
    expect(pdf).toContain('D:20261204090000Z');
  });
});
