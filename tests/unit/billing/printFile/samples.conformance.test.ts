/**
 * The bill-file writer against expected/bills_text/: every BillToPrint is rebuilt from the
 * expected answers and staged rows, each template file rendered in account order and compared
 * byte for byte with the expected file and manifest.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  BILL_TEMPLATES,
  correspondenceAddress,
  isCashTemplate,
  isDiscountTemplate,
  joinLeadName,
  settingsMonths,
  type BillTemplate,
  type BillToPrint,
} from '../../../../shared/billing/printFile/billToPrint';
import { paymentBarcode } from '../../../../shared/billing/printFile/luhn';
import {
  formatMonthLabels,
  renderBillFile,
  renderManifest,
} from '../../../../shared/billing/printFile/writeBillFile';
import { parseFdmBills } from '../../../../shared/print/fdmBills';
import { SETTINGS_2021 } from './fixtures';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const SAMPLES = path.resolve(REPO_ROOT, '../shared/samples');
const EXPECTED = path.join(SAMPLES, 'expected');

type Row = Record<string, string>;

function readCsv(rel: string): Row[] {
  const parsed = Papa.parse<Row>(fs.readFileSync(path.join(EXPECTED, rel), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** `1310.50` → 131050 (staged pounds, two decimals). */
const poundsToPence = (s: string): number => {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(s);
  if (!m) throw new Error(`not pounds with 2 dp: ${s}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};
/** `3.87` → 387. */
const pctToHundredths = (s: string): number => Math.round(Number(s) * 100);

const RUN_ORDER = ['dd', 'cash', 'props'];

function buildBills(): BillToPrint[] {
  const bills = readCsv('bills.csv');
  const profiles = new Map(readCsv('profiles.csv').map((r) => [r.account, r.profile]));

  const accounts = new Map<string, Row>();
  for (const r of readCsv('staged/accounts.csv')) {
    if (r.flagged === '1' || accounts.has(r.mail_merge_reference)) continue;
    accounts.set(r.mail_merge_reference, r);
  }

  // The 2020 bill: first run in dd, cash, props order (then others by name), first unflagged row in it.
  const fdmRows = readCsv('staged/fdm_bills.csv').filter((r) => r.flagged !== '1');
  const runRank = (run: string): [number, string] => {
    const i = RUN_ORDER.indexOf(run);
    return [i < 0 ? RUN_ORDER.length : i, run];
  };
  const fdm = new Map<string, Row>();
  const sorted = fdmRows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const [ra, na] = runRank(a.r.run);
      const [rb, nb] = runRank(b.r.run);
      return ra - rb || na.localeCompare(nb) || a.i - b.i;
    });
  for (const { r } of sorted) if (!fdm.has(r.account_number)) fdm.set(r.account_number, r);

  const breakdown = readCsv('staged/vo_bands_breakdown.csv').filter((r) => r.flagged !== '1');

  return bills.map((b): BillToPrint => {
    const template = b.template as BillTemplate;
    const acc = accounts.get(b.account);
    if (!acc) throw new Error(`no account row for ${b.account}`);
    const print2020 = fdm.get(b.account);
    const corr = correspondenceAddress(
      { lines: [acc.for_addr1, acc.for_addr2, acc.for_addr3, acc.for_addr4], postcode: acc.for_postcode },
      { lines: [acc.addr1, acc.addr2, acc.addr3, acc.addr4], postcode: acc.postcode },
    );
    if (!corr) throw new Error(`no usable address for ${b.account}`);
    const amountByService: Record<string, string> = {
      'LONDON BOROUGH OF HACKNEY': b.lbh,
      'ADULT SOCIAL CARE': b.asc,
      'GREATER LONDON AUTHORITY': b.gla,
    };
    const recipients = breakdown
      .filter((r) => r.vo_band === b.band)
      .map((r) => ({
        service: r.service,
        amountPence: Number(amountByService[r.service]),
        pctHundredths: pctToHundredths(r.percentage_diff_20_21),
      }));
    for (const r of recipients) expect(poundsToPence(breakdown.find((x) => x.vo_band === b.band && x.service === r.service)!.amount)).toBe(r.amountPence);
    return {
      template,
      profile: profiles.get(b.account) ?? '',
      account: b.account,
      billNumber: Number(b.bill_seq),
      leadName: joinLeadName(
        acc.lead_liable_title,
        acc.lead_liable_forename,
        acc.lead_liable_middlename,
        acc.lead_liable_surname,
      ),
      additionalNames: print2020 ? (JSON.parse(print2020.additional_names) as string[]) : [],
      correspondence: corr,
      propertyLines: [acc.addr1, acc.addr2, acc.addr3, acc.addr4],
      band: b.band,
      grossPence: Number(b.gross),
      discountPence: Number(b.discount),
      netPence: Number(b.net),
      overallPctHundredths: pctToHundredths(b.overall_change_pct),
      recipients,
      discountText: isDiscountTemplate(template) ? (print2020?.discount_1 ?? '') : '',
      instalments: {
        n: Number(b.n),
        firstPence: Number(b.first_instalment),
        otherPence: Number(b.other_instalment),
        months: formatMonthLabels(settingsMonths(SETTINGS_2021, template)),
      },
      barcode: isCashTemplate(template) ? paymentBarcode('98263', b.account) : '',
    };
  });
}

/** First differing line (1-based) of two byte buffers split on LF, for a readable failure. */
function firstDifference(actual: Buffer, expected: Buffer): { line: number; actual: string; expected: string } | null {
  if (actual.equals(expected)) return null;
  const a = actual.toString('latin1').split('\n');
  const e = expected.toString('latin1').split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) return { line: i + 1, actual: a[i] ?? '<end>', expected: e[i] ?? '<end>' };
  }
  return { line: -1, actual: '<bytes differ>', expected: '' };
}

const HAVE_SAMPLES = fs.existsSync(path.join(EXPECTED, 'bills.csv'));

// vitest runs a skipped describe's body to collect its tests: read the samples only if present.
describe.runIf(HAVE_SAMPLES)('bill files conform to expected/bills_text/', () => {
  const all = HAVE_SAMPLES ? buildBills() : [];

  it('rebuilds the 29 bills of bills.csv, with bill numbers 1–29', () => {
    expect(all).toHaveLength(29);
    expect(all.map((b) => b.billNumber)).toEqual(Array.from({ length: 29 }, (_, i) => i + 1));
  });

  it('barcodes of EXPECTED.md: 382251954 and 34861122', () => {
    expect(all.find((b) => b.account === '382251954')?.barcode).toBe('982633822519542');
    expect(all.find((b) => b.account === '34861122')?.barcode).toBe('982630348611225');
  });

  const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  type RunFiles = Record<string, { bills: number; sha256: string; manifest_sha256: string }>;
  const runFiles: RunFiles = HAVE_SAMPLES ? (JSON.parse(fs.readFileSync(path.join(EXPECTED, 'summary.json'), 'utf8')) as { bill_run: { files: RunFiles } }).bill_run.files : {};

  for (const template of BILL_TEMPLATES) {
    const bills = all.filter((b) => b.template === template);

    it(`${template}: bill count and SHA-256 of file and manifest as summary.json records`, () => {
      const file = Buffer.from(renderBillFile(bills, SETTINGS_2021), 'latin1');
      const manifest = Buffer.from(renderManifest(bills), 'utf8');
      expect({ bills: bills.length, sha256: sha256(file), manifest_sha256: sha256(manifest) }).toEqual(
        runFiles[template],
      );
    });

    it(`${template}.txt byte for byte`, () => {
      const actual = Buffer.from(renderBillFile(bills, SETTINGS_2021, { lineEnding: 'LF' }), 'latin1');
      const expected = fs.readFileSync(path.join(EXPECTED, 'bills_text', `${template}.txt`));
      expect(firstDifference(actual, expected)).toBeNull();
      expect(actual.equals(expected)).toBe(true);
    });

    it(`${template}.manifest.csv byte for byte`, () => {
      const actual = Buffer.from(renderManifest(bills), 'utf8');
      const expected = fs.readFileSync(path.join(EXPECTED, 'bills_text', `${template}.manifest.csv`));
      expect(firstDifference(actual, expected)).toBeNull();
      expect(actual.equals(expected)).toBe(true);
    });

    it(`${template}.txt reads back with the print-file parser`, () => {
      const { bills: parsed, problems } = parseFdmBills(renderBillFile(bills, SETTINGS_2021));
      expect(problems).toEqual([]);
      expect(parsed.map((p) => [p.account_number, p.vo_band, p.bill_kind, p.status])).toEqual(
        bills.map((b) => [b.account, b.band, isCashTemplate(b.template) ? 'cash' : 'dd', 'ok']),
      );
    });
  }
});
