// The bill run summary (billing-rules.md, "A bill run is recorded…"; "The summary includes a proof
// rendering of the first bill of each template"): one printable HTML page and the same content as
// an A4 PDF, written to the run's folder as `summary.html` and `summary.pdf`.
//
// Both are built only from the `RunSummaryInput` passed in — nothing is read from the clock, the
// environment or the workspace — so the same input (including `generatedAt`) gives the same bytes.
// The PDF uses the standard fonts (Helvetica, Courier for proofs and hashes), which are not
// embedded and can only show WinAnsi characters: any other character is replaced by its unaccented
// form (NFKD, combining marks dropped) or `?`. The HTML escapes every piece of text.
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import {
  BILL_TEMPLATES,
  formatLongDate,
  formatMoney,
  renderBill,
  type BillTemplate,
  type BillToPrint,
  type PrintSettings,
} from '../../../shared/billing/printFile';

// ---------------------------------------------------------------------------------------------
// Input

/** Money per template (or profile), all in pence — the shape of billRun's `TemplateTotals`. */
export interface SummaryTotals {
  bills: number;
  gross: number;
  discount: number;
  net: number;
}

/** A written file — the shape of billRun's `BillRunFile`. */
export interface SummaryFile {
  bytes: number;
  sha256: string;
}

export interface SummaryProof {
  template: BillTemplate;
  /** The bill as `renderBill` gives it (the `----------` line first). */
  lines: string[];
}

export interface RunSummaryInput {
  /** When this summary was made, ISO timestamp; the only thing that may differ between two writes. */
  generatedAt: string;
  runNumber: number;
  /** Optional: shown in small print. */
  runId?: string;
  /** ISO timestamp of the run. */
  createdAt: string;
  createdBy: string;
  /** `draft`, `approved`, … (shown with a capital first letter). */
  status: string;
  /** Optional approval details (shown when given). */
  approvedBy?: string | null;
  approvedAt?: string | null;
  approvalNote?: string | null;
  /** A re-issue run. */
  reissue?: boolean;
  settings: {
    /** ISO dates, both inclusive (BillingSettings.billingPeriod). */
    billingPeriod: { start: string; end: string };
    /** ISO date printed on the bills. */
    issueDate: string;
    firstBillNumber: number | null;
    lastBillNumber: number | null;
  };
  /** Accounts per profile id (billRun's `profiles`); shown in the order given. */
  profiles: Record<string, number>;
  /** Accounts per exclusion reason code (billRun's `reasons`); shown in the order given. */
  reasons: Record<string, number>;
  /** Per template, pence (billRun's `totals`). Templates missing here show as 0. */
  totals: Partial<Record<BillTemplate, SummaryTotals>>;
  /** Control counts (billRun's `control`: rowsRead, flaggedRows, …); known keys get plain labels. */
  control: Record<string, number>;
  /** Further control lines, printed as given (e.g. "Totals per profile agree with the files."). */
  controlNotes?: string[];
  /** Accounts whose net differs from the estimate by more than the limit (optional). */
  estimateDiffs?: number;
  /** File name → size and SHA-256 (billRun's `files`); listed by name. */
  files: Record<string, SummaryFile>;
  /** The first bill of each template, rendered (see `proofsFromBills`). */
  proofs: SummaryProof[];
  /** Optional plain-English names for profile ids / reason codes, overriding the built-in ones. */
  profileLabels?: Record<string, string>;
  reasonLabels?: Record<string, string>;
}

/** The proof of each template: its first bill in the order given (bill-number order), rendered. */
export function proofsFromBills(bills: readonly BillToPrint[], settings: PrintSettings): SummaryProof[] {
  const proofs: SummaryProof[] = [];
  for (const template of BILL_TEMPLATES) {
    const first = bills.find((b) => b.template === template);
    if (first) proofs.push({ template, lines: renderBill(first, settings) });
  }
  return proofs;
}

// ---------------------------------------------------------------------------------------------
// Wording

const TEMPLATE_LABELS: Record<BillTemplate, string> = {
  dd_100: 'Direct Debit, full charge (dd_100)',
  dd_75: 'Direct Debit, single person discount (dd_75)',
  cash_100: 'Cash, full charge (cash_100)',
  cash_75: 'Cash, single person discount (cash_75)',
};

const PROFILE_LABELS: Record<string, string> = {
  DD100: 'Direct Debit, full charge',
  DD75: 'Direct Debit, single person discount',
  CASH100: 'Cash, full charge',
  CASH75: 'Cash, single person discount',
  CASH100_PAID: 'Cash, full charge, last year paid in full',
  CASH75_PAID: 'Cash, single person discount, last year paid in full',
  CASH100_MOVED_IN: 'Cash, full charge, moved in last year',
  CASH75_MOVED_IN: 'Cash, single person discount, moved in last year',
};

const REASON_LABELS: Record<string, string> = {
  CTR: 'Council Tax Reduction',
  DECEASED: 'Liable person has died',
  EXEMPT: 'Exempt property',
  RETURNED_DD: 'Direct Debit returned',
  ADDACS: 'Direct Debit cancelled (ADDACS)',
  PREMIUM: 'Empty homes premium',
  OTHER_DISCOUNT: 'Other discount',
  NO_DD_DATA: 'No Direct Debit record',
  DD_NOT_TAKEN: 'Direct Debit not taken',
  DD_DISCREPANCY: 'Direct Debit amounts differ',
  DD_ON_CASH_ACCOUNT: 'Direct Debit on a cash account',
  CASH_DISCREPANCY: 'Cash payments differ',
  UNKNOWN_METHOD: 'Unknown payment method',
  NO_BAND: 'No band or band charges',
  NO_ADDRESS: 'No usable address',
  MANUAL: 'Excluded by an officer',
  ALREADY_BILLED: 'Already billed in an approved run',
};

const CONTROL_LABELS: Record<string, string> = {
  rowsRead: 'Account rows read',
  flaggedRows: 'Rows left out: an error finding, or excluded by an officer',
  identicalDuplicateRows: 'Identical repeated rows',
  accounts: 'Accounts considered',
  profiled: 'Accounts billed (given a profile)',
  excluded: 'Accounts not billed',
};

interface Bar {
  key: string;
  label: string;
  count: number;
}

interface Model {
  title: string;
  generated: string;
  details: Array<[string, string]>;
  templates: Array<{ template: BillTemplate; label: string; totals: SummaryTotals }>;
  grand: SummaryTotals;
  profiles: Bar[];
  reasons: Bar[];
  control: Array<[string, string]>;
  controlNotes: string[];
  files: Array<{ name: string; bytes: number; sha256: string }>;
  proofs: SummaryProof[];
}

/** Whole number with thousands separators: 12345 → `12,345`. */
const count = (n: number): string => {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
};

/** ISO timestamp → `3 December 2026, 16:17 UTC` (invalid input is shown as given). */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = formatLongDate(d.toISOString().slice(0, 10));
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${date}, ${hh}:${mm} UTC`;
}

function bars(values: Record<string, number>, labels: Record<string, string>): Bar[] {
  return Object.entries(values).map(([key, n]) => ({ key, label: labels[key] ?? key, count: n }));
}

function buildModel(s: RunSummaryInput): Model {
  const st = s.settings;
  const billNumbers =
    st.firstBillNumber === null || st.lastBillNumber === null ? 'No bills' : `${st.firstBillNumber} to ${st.lastBillNumber}`;
  const status = s.status === '' ? s.status : s.status[0].toUpperCase() + s.status.slice(1);
  const details: Array<[string, string]> = [
    ['Run number', String(s.runNumber)],
    ['Status', status],
    ['Made by', s.createdBy],
    ['Made on', formatTimestamp(s.createdAt)],
  ];
  if (s.approvedBy) details.push(['Approved by', s.approvedBy]);
  if (s.approvedAt) details.push(['Approved on', formatTimestamp(s.approvedAt)]);
  if (s.approvalNote) details.push(['Approval note', s.approvalNote]);
  details.push(
    ['Type of run', s.reissue ? 'Re-issue' : 'First issue'],
    ['Billing period', `${formatLongDate(st.billingPeriod.start)} to ${formatLongDate(st.billingPeriod.end)}`],
    ['Issue date on the bills', formatLongDate(st.issueDate)],
    ['Bill numbers', billNumbers],
  );
  if (s.runId) details.push(['Run reference', s.runId]);

  const zero: SummaryTotals = { bills: 0, gross: 0, discount: 0, net: 0 };
  const templates = BILL_TEMPLATES.map((template) => ({
    template,
    label: TEMPLATE_LABELS[template],
    totals: s.totals[template] ?? zero,
  }));
  const grand = templates.reduce<SummaryTotals>(
    (a, t) => ({
      bills: a.bills + t.totals.bills,
      gross: a.gross + t.totals.gross,
      discount: a.discount + t.totals.discount,
      net: a.net + t.totals.net,
    }),
    { ...zero },
  );

  const control: Array<[string, string]> = Object.entries(s.control).map(([k, v]) => [CONTROL_LABELS[k] ?? k, count(v)]);
  if (s.estimateDiffs !== undefined) {
    control.push(['Bills that differ from the estimated charge by more than the limit', count(s.estimateDiffs)]);
  }

  return {
    title: `Bill run ${s.runNumber}: summary`,
    generated: formatTimestamp(s.generatedAt),
    details,
    templates,
    grand,
    profiles: bars(s.profiles, { ...PROFILE_LABELS, ...s.profileLabels }),
    reasons: bars(s.reasons, { ...REASON_LABELS, ...s.reasonLabels }),
    control,
    controlNotes: s.controlNotes ?? [],
    files: Object.keys(s.files)
      .sort()
      .map((name) => ({ name, bytes: s.files[name].bytes, sha256: s.files[name].sha256 })),
    proofs: [...s.proofs].sort((a, b) => BILL_TEMPLATES.indexOf(a.template) - BILL_TEMPLATES.indexOf(b.template)),
  };
}

// ---------------------------------------------------------------------------------------------
// HTML

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const CSS = `
body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; background: #fff; margin: 0; font-size: 16px; line-height: 1.4; }
main { max-width: 960px; margin: 0 auto; padding: 24px; }
h1 { font-size: 32px; margin: 0 0 8px; }
h2 { font-size: 24px; margin: 32px 0 12px; border-bottom: 2px solid #0b0c0c; padding-bottom: 4px; }
h3 { font-size: 19px; margin: 24px 0 8px; }
p.caption { color: #505a5f; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 0 0 16px; }
caption { text-align: left; font-weight: bold; padding: 0 0 8px; }
th, td { text-align: left; padding: 8px 12px 8px 0; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
th { font-weight: bold; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td, tfoot th { font-weight: bold; border-top: 2px solid #0b0c0c; }
dl.details { display: grid; grid-template-columns: max-content 1fr; gap: 4px 24px; margin: 0; }
dl.details dt { font-weight: bold; }
dl.details dd { margin: 0; }
figure { margin: 0 0 24px; }
figcaption { font-weight: bold; margin: 0 0 8px; }
svg text { font-family: Arial, Helvetica, sans-serif; font-size: 14px; fill: #0b0c0c; }
svg rect.bar { fill: #1d70b8; }
pre { font-family: "Courier New", Courier, monospace; font-size: 13px; border: 1px solid #b1b4b6; padding: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
code.hash { font-family: "Courier New", Courier, monospace; font-size: 13px; overflow-wrap: anywhere; }
.proof { break-inside: avoid; }
@media print { main { max-width: none; padding: 0; } h2 { break-after: avoid; } .proof { break-before: page; } }
`.trim();

function htmlBarChart(id: string, caption: string, items: Bar[], keyHeader: string): string {
  const labelWidth = 340;
  const barArea = 420;
  const rowHeight = 28;
  const width = labelWidth + barArea + 60;
  const height = Math.max(1, items.length) * rowHeight + 8;
  const max = Math.max(0, ...items.map((i) => i.count));
  const rows = items.map((item, i) => {
    const y = 4 + i * rowHeight;
    const w = max > 0 ? Math.round((item.count / max) * barArea * 10) / 10 : 0;
    const label = `${item.label} (${item.key})`;
    return [
      `<g>`,
      `<title>${escapeHtml(`${label}: ${count(item.count)}`)}</title>`,
      `<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end">${escapeHtml(item.label)}</text>`,
      `<rect class="bar" x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 10}"/>`,
      `<text x="${labelWidth + w + 6}" y="${y + 18}">${escapeHtml(count(item.count))}</text>`,
      `</g>`,
    ].join('');
  });
  const table = [
    `<table>`,
    `<thead><tr><th scope="col">${escapeHtml(keyHeader)}</th><th scope="col">Code</th><th scope="col" class="num">Accounts</th></tr></thead>`,
    `<tbody>`,
    ...items.map(
      (i) => `<tr><th scope="row">${escapeHtml(i.label)}</th><td>${escapeHtml(i.key)}</td><td class="num">${escapeHtml(count(i.count))}</td></tr>`,
    ),
    `</tbody>`,
    `</table>`,
  ].join('\n');
  const svg =
    items.length === 0
      ? `<p>None.</p>`
      : `<svg id="${id}-chart" role="img" aria-labelledby="${id}-caption" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">\n${rows.join('\n')}\n</svg>`;
  return [`<figure id="${id}">`, `<figcaption id="${id}-caption">${escapeHtml(caption)}</figcaption>`, svg, table, `</figure>`].join('\n');
}

function renderHtml(m: Model): string {
  const money = (p: number): string => escapeHtml(formatMoney(p));
  const out: string[] = [];
  out.push(
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(m.title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(m.title)}</h1>`,
    `<p class="caption">Summary made on ${escapeHtml(m.generated)}.</p>`,
    '<h2>About this run</h2>',
    '<dl class="details">',
    ...m.details.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`),
    '</dl>',
    '<h2>Bills to print</h2>',
    '<table>',
    '<caption>Bills and amounts per bill template</caption>',
    '<thead><tr><th scope="col">Template</th><th scope="col" class="num">Bills</th><th scope="col" class="num">Gross charge</th><th scope="col" class="num">Discount</th><th scope="col" class="num">Net charge</th></tr></thead>',
    '<tbody>',
    ...m.templates.map(
      (t) =>
        `<tr><th scope="row">${escapeHtml(t.label)}</th><td class="num">${escapeHtml(count(t.totals.bills))}</td><td class="num">${money(t.totals.gross)}</td><td class="num">${money(t.totals.discount)}</td><td class="num">${money(t.totals.net)}</td></tr>`,
    ),
    '</tbody>',
    `<tfoot><tr><th scope="row">All templates</th><td class="num">${escapeHtml(count(m.grand.bills))}</td><td class="num">${money(m.grand.gross)}</td><td class="num">${money(m.grand.discount)}</td><td class="num">${money(m.grand.net)}</td></tr></tfoot>`,
    '</table>',
    '<h2>Accounts billed, by profile</h2>',
    htmlBarChart('profiles', 'Accounts billed, by profile', m.profiles, 'Profile'),
    '<h2>Accounts not billed, by reason</h2>',
    '<p>An account not billed is counted once under each of its reasons.</p>',
    htmlBarChart('reasons', 'Accounts not billed, by reason', m.reasons, 'Reason'),
    '<h2>Control totals</h2>',
    '<table>',
    '<thead><tr><th scope="col">Check</th><th scope="col" class="num">Number</th></tr></thead>',
    '<tbody>',
    ...m.control.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td class="num">${escapeHtml(v)}</td></tr>`),
    '</tbody>',
    '</table>',
  );
  if (m.controlNotes.length > 0) out.push('<ul>', ...m.controlNotes.map((n) => `<li>${escapeHtml(n)}</li>`), '</ul>');
  out.push(
    '<h2>Files written</h2>',
    '<table>',
    '<thead><tr><th scope="col">File</th><th scope="col" class="num">Size (bytes)</th><th scope="col">SHA-256</th></tr></thead>',
    '<tbody>',
    ...m.files.map(
      (f) =>
        `<tr><th scope="row">${escapeHtml(f.name)}</th><td class="num">${escapeHtml(count(f.bytes))}</td><td><code class="hash">${escapeHtml(f.sha256)}</code></td></tr>`,
    ),
    '</tbody>',
    '</table>',
    '<h2>Proofs: the first bill of each template</h2>',
  );
  if (m.proofs.length === 0) out.push('<p>No bills were produced, so there is nothing to proof.</p>');
  for (const p of m.proofs) {
    out.push(
      `<section class="proof" id="proof-${escapeHtml(p.template)}">`,
      `<h3>${escapeHtml(TEMPLATE_LABELS[p.template])}</h3>`,
      `<pre>${escapeHtml(p.lines.join('\n'))}</pre>`,
      '</section>',
    );
  }
  out.push('</main>', '</body>', '</html>', '');
  return out.join('\n');
}

/** The summary as a self-contained HTML page. */
export function renderSummaryHtml(summary: RunSummaryInput): string {
  return renderHtml(buildModel(summary));
}

// ---------------------------------------------------------------------------------------------
// PDF

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const CONTENT_WIDTH = A4[0] - 2 * MARGIN;
const BLACK = rgb(0.043, 0.047, 0.047);
const GREY = rgb(0.69, 0.706, 0.714);
const BLUE = rgb(0.114, 0.439, 0.722);

/** Characters the standard fonts can show; anything else → unaccented form or `?`. */
function winAnsiSanitizer(font: PDFFont): (text: string) => string {
  const supported = new Set(font.getCharacterSet());
  return (text) => {
    let out = '';
    for (const ch of text.replace(/[\t\r\n]/g, ' ')) {
      const cp = ch.codePointAt(0) ?? 63;
      if (supported.has(cp)) {
        out += ch;
        continue;
      }
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base !== '' && [...base].every((c) => supported.has(c.codePointAt(0) ?? 63)) ? base : '?';
    }
    return out;
  };
}

class PdfWriter {
  page!: PDFPage;
  y = 0;
  pageCount = 0;
  readonly clean: (t: string) => string;

  constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    readonly mono: PDFFont,
    readonly footer: string,
  ) {
    this.clean = winAnsiSanitizer(regular);
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.pageCount += 1;
    this.y = A4[1] - MARGIN;
    this.page.drawText(this.clean(`${this.footer} - page ${this.pageCount}`), {
      x: MARGIN,
      y: MARGIN / 2,
      size: 8,
      font: this.regular,
      color: BLACK,
    });
  }

  ensure(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  width(text: string, size: number, font: PDFFont = this.regular): number {
    return font.widthOfTextAtSize(this.clean(text), size);
  }

  text(text: string, x: number, size: number, font: PDFFont = this.regular, align: 'left' | 'right' = 'left'): void {
    const t = this.clean(text);
    const dx = align === 'right' ? -font.widthOfTextAtSize(t, size) : 0;
    this.page.drawText(t, { x: x + dx, y: this.y, size, font, color: BLACK });
  }

  /** Cuts text to fit a width, with `...`. */
  fit(text: string, maxWidth: number, size: number, font: PDFFont = this.regular): string {
    let t = this.clean(text);
    if (font.widthOfTextAtSize(t, size) <= maxWidth) return t;
    while (t.length > 0 && font.widthOfTextAtSize(`${t}...`, size) > maxWidth) t = t.slice(0, -1);
    return `${t}...`;
  }

  /** Wraps text at spaces to a width. */
  wrap(text: string, maxWidth: number, size: number, font: PDFFont = this.regular): string[] {
    const words = this.clean(text).split(' ');
    const lines: string[] = [];
    let line = '';
    for (const w of words) {
      const next = line === '' ? w : `${line} ${w}`;
      if (line !== '' && font.widthOfTextAtSize(next, size) > maxWidth) {
        lines.push(line);
        line = w;
      } else line = next;
    }
    lines.push(line);
    return lines;
  }

  heading(text: string, size = 15): void {
    this.ensure(size + 40);
    this.y -= size + 10;
    this.text(text, MARGIN, size, this.bold);
    this.y -= 6;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + CONTENT_WIDTH, y: this.y }, thickness: 1.5, color: BLACK });
    this.y -= 6;
  }

  paragraph(text: string, size = 10): void {
    for (const line of this.wrap(text, CONTENT_WIDTH, size)) {
      this.ensure(size + 4);
      this.y -= size + 4;
      this.text(line, MARGIN, size);
    }
  }

  /**
   * A table: columns given by their right edge (numbers, right-aligned) or left edge (text).
   * `header` is bold; `boldLast` makes the last row bold (totals).
   */
  table(columns: Array<{ x: number; align: 'left' | 'right'; width: number }>, header: string[], rows: string[][], boldLast = false): void {
    const size = 9;
    const rowHeight = 16;
    const draw = (cells: string[], font: PDFFont, rule: number): void => {
      this.ensure(rowHeight + 2);
      this.y -= rowHeight - 4;
      cells.forEach((c, i) => {
        const col = columns[i];
        const t = this.fit(c, col.width, size, font);
        this.text(t, col.x, size, font, col.align);
      });
      this.y -= 4;
      this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + CONTENT_WIDTH, y: this.y }, thickness: rule, color: rule > 1 ? BLACK : GREY });
    };
    draw(header, this.bold, 1.2);
    rows.forEach((r, i) => draw(r, boldLast && i === rows.length - 1 ? this.bold : this.regular, 0.5));
    this.y -= 6;
  }

  barChart(caption: string, items: Bar[]): void {
    const size = 9;
    const rowHeight = 16;
    const labelWidth = 230;
    const barArea = CONTENT_WIDTH - labelWidth - 50;
    const max = Math.max(0, ...items.map((i) => i.count));
    this.ensure(rowHeight * 2 + 4);
    this.y -= 14;
    this.text(caption, MARGIN, 10, this.bold);
    this.y -= 4;
    if (items.length === 0) {
      this.y -= 14;
      this.text('None.', MARGIN, size);
    }
    for (const item of items) {
      this.ensure(rowHeight);
      this.y -= rowHeight;
      const labelX = MARGIN + labelWidth - 6;
      this.text(this.fit(item.label, labelWidth - 8, size), labelX, size, this.regular, 'right');
      const w = max > 0 ? (item.count / max) * barArea : 0;
      if (w > 0) this.page.drawRectangle({ x: MARGIN + labelWidth, y: this.y - 3, width: w, height: rowHeight - 4, color: BLUE });
      this.text(count(item.count), MARGIN + labelWidth + w + 4, size);
    }
    this.y -= 10;
  }

  monoLines(lines: string[], size: number): void {
    const charWidth = this.mono.widthOfTextAtSize('M', size);
    const perLine = Math.max(1, Math.floor(CONTENT_WIDTH / charWidth));
    const lineHeight = size + 2.5;
    for (const raw of lines) {
      const line = this.clean(raw);
      const chunks = line === '' ? [''] : (line.match(new RegExp(`.{1,${perLine}}`, 'g')) ?? ['']);
      for (const chunk of chunks) {
        this.ensure(lineHeight);
        this.y -= lineHeight;
        if (chunk !== '') this.text(chunk, MARGIN, size, this.mono);
      }
    }
  }
}

function barTable(w: PdfWriter, items: Bar[], keyHeader: string): void {
  w.table(
    [
      { x: MARGIN, align: 'left', width: 300 },
      { x: MARGIN + 310, align: 'left', width: 120 },
      { x: MARGIN + CONTENT_WIDTH, align: 'right', width: 60 },
    ],
    [keyHeader, 'Code', 'Accounts'],
    items.map((i) => [i.label, i.key, count(i.count)]),
  );
}

async function renderPdf(m: Model, generatedAt: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const date = new Date(generatedAt);
  if (Number.isNaN(date.getTime())) throw new RangeError(`generatedAt is not an ISO timestamp: ${JSON.stringify(generatedAt)}`);
  doc.setTitle(m.title);
  doc.setAuthor('Council Tax Billing');
  doc.setCreator('Council Tax Billing');
  doc.setProducer('Council Tax Billing (pdf-lib)');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const mono = await doc.embedFont(StandardFonts.Courier);
  const w = new PdfWriter(doc, regular, bold, mono, `${m.title} - made on ${m.generated}`);

  w.y -= 20;
  w.text(m.title, MARGIN, 20, bold);
  w.y -= 8;
  w.paragraph(`Summary made on ${m.generated}.`);

  w.heading('About this run');
  for (const [k, v] of m.details) {
    const lines = w.wrap(v, CONTENT_WIDTH - 150, 10);
    lines.forEach((line, i) => {
      w.ensure(14);
      w.y -= 14;
      if (i === 0) w.text(k, MARGIN, 10, bold);
      w.text(line, MARGIN + 150, 10);
    });
  }

  w.heading('Bills to print');
  const moneyCols = [
    { x: MARGIN, align: 'left' as const, width: 200 },
    { x: MARGIN + 250, align: 'right' as const, width: 45 },
    { x: MARGIN + 335, align: 'right' as const, width: 80 },
    { x: MARGIN + 415, align: 'right' as const, width: 75 },
    { x: MARGIN + CONTENT_WIDTH, align: 'right' as const, width: 75 },
  ];
  w.table(
    moneyCols,
    ['Template', 'Bills', 'Gross charge', 'Discount', 'Net charge'],
    [
      ...m.templates.map((t) => [t.label, count(t.totals.bills), formatMoney(t.totals.gross), formatMoney(t.totals.discount), formatMoney(t.totals.net)]),
      ['All templates', count(m.grand.bills), formatMoney(m.grand.gross), formatMoney(m.grand.discount), formatMoney(m.grand.net)],
    ],
    true,
  );

  w.heading('Accounts billed, by profile');
  w.barChart('Accounts billed, by profile', m.profiles);
  barTable(w, m.profiles, 'Profile');

  w.heading('Accounts not billed, by reason');
  w.paragraph('An account not billed is counted once under each of its reasons.');
  w.barChart('Accounts not billed, by reason', m.reasons);
  barTable(w, m.reasons, 'Reason');

  w.heading('Control totals');
  w.table(
    [
      { x: MARGIN, align: 'left', width: 400 },
      { x: MARGIN + CONTENT_WIDTH, align: 'right', width: 80 },
    ],
    ['Check', 'Number'],
    m.control.map(([k, v]) => [k, v]),
  );
  for (const n of m.controlNotes) w.paragraph(`- ${n}`);

  w.heading('Files written');
  for (const f of m.files) {
    w.ensure(30);
    w.y -= 13;
    w.text(w.fit(f.name, CONTENT_WIDTH - 110, 10, bold), MARGIN, 10, bold);
    w.text(`${count(f.bytes)} bytes`, MARGIN + CONTENT_WIDTH, 9, regular, 'right');
    w.y -= 11;
    w.text(`SHA-256 ${f.sha256}`, MARGIN, 8, mono);
    w.y -= 5;
  }

  // Each proof starts on a new page, like the bill it shows.
  if (m.proofs.length === 0) {
    w.heading('Proofs: the first bill of each template');
    w.paragraph('No bills were produced, so there is nothing to proof.');
  }
  for (const p of m.proofs) {
    w.newPage();
    w.heading(`Proof: ${TEMPLATE_LABELS[p.template]}`);
    w.paragraph('The first bill of this template, as it appears in the print file.', 9);
    w.y -= 4;
    w.monoLines(p.lines, 8.5);
  }

  return doc.save({ useObjectStreams: false });
}

/** The summary as PDF bytes. */
export function renderSummaryPdf(summary: RunSummaryInput): Promise<Uint8Array> {
  return renderPdf(buildModel(summary), summary.generatedAt);
}

/** Writes `summary.html` and `summary.pdf` into `outDir` (created if missing); returns their paths. */
export async function writeSummary(outDir: string, summary: RunSummaryInput): Promise<{ html: string; pdf: string }> {
  const model = buildModel(summary);
  const html = renderHtml(model);
  const pdf = await renderPdf(model, summary.generatedAt);
  fs.mkdirSync(outDir, { recursive: true });
  const htmlPath = path.join(outDir, 'summary.html');
  const pdfPath = path.join(outDir, 'summary.pdf');
  fs.writeFileSync(htmlPath, html, 'utf8');
  fs.writeFileSync(pdfPath, pdf);
  return { html: htmlPath, pdf: pdfPath };
}
