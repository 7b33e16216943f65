import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseFdmBills } from '../../../shared/print/fdmBills';
import { parseFdmExemptions } from '../../../shared/print/fdmExemptions';

// The shared samples live beside the repository: <repo root>/../shared/samples.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SAMPLES = path.resolve(REPO_ROOT, '../shared/samples');

type Row = Record<string, string>;

function readCsv(rel: string): Row[] {
  const parsed = Papa.parse<Row>(fs.readFileSync(path.join(SAMPLES, rel), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** Sample print files are ISO-8859-1. */
const readLatin1 = (file: string): string => fs.readFileSync(path.join(SAMPLES, file), 'latin1');

/** In the expected CSVs additional names are joined by `|` and money is integer pence, `''` for none. */
const names = (cell: string): string[] => (cell === '' ? [] : cell.split('|'));
const pence = (cell: string): number | null => (cell === '' ? null : Number(cell));

const HAVE_SAMPLES = fs.existsSync(path.join(SAMPLES, 'expected', 'fdm_expected.csv'));

// vitest runs a skipped describe's body to collect its tests, so nothing here may read the
// samples unless they exist.
describe.runIf(HAVE_SAMPLES)('print-house samples conform to expected/fdm_expected.csv', () => {
  const expected = HAVE_SAMPLES ? readCsv('expected/fdm_expected.csv') : [];
  const files = [...new Set(expected.map((r) => r.source))];

  it('covers the three sample bill files', () => {
    expect(files).toEqual(['fdm_bills_dd.txt', 'fdm_bills_cash.txt', 'fdm_bills_props.txt']);
  });

  for (const file of files) {
    it(`${file}: every bill, field by field, with its line and status`, () => {
      const rows = expected.filter((r) => r.source === file);
      const { bills, problems } = parseFdmBills(readLatin1(file));
      expect(problems).toEqual([]);
      expect(bills.map((b) => b.line)).toEqual(rows.map((r) => Number(r.line)));
      bills.forEach((bill, i) => {
        const r = rows[i];
        expect({ file, ...bill }).toEqual({
          file,
          line: Number(r.line),
          account_number: r.account_number,
          lead_name: r.lead_name,
          additional_names: names(r.additional_names),
          vo_band: r.vo_band,
          discount_1: r.discount_1,
          discount_1_amount_pence: pence(r.discount_1_amount),
          discount_2: r.discount_2,
          discount_2_amount_pence: pence(r.discount_2_amount),
          reduction: r.reduction,
          reduction_amount_pence: pence(r.reduction_amount),
          premium: r.premium,
          bill_kind: r.bill_kind,
          status: r.status,
        });
      });
    });
  }

  it('the only TRUNCATED bill is the one bad_rows.csv lists (props file, line 494)', () => {
    const { bills } = parseFdmBills(readLatin1('fdm_bills_props.txt'));
    expect(bills.filter((b) => b.status === 'TRUNCATED').map((b) => [b.line, b.account_number])).toEqual([
      [494, '368879697'],
    ]);
    const bad = readCsv('expected/bad_rows.csv').filter((r) => r.rule === 'TRUNCATED_BILL');
    expect(bad.map((r) => [r.file, Number(r.line), r.account])).toEqual([['fdm_bills_props.txt', 494, '368879697']]);
  });
});

describe.runIf(fs.existsSync(SAMPLES))('exemption notice sample conforms to expected/fdm_exemptions_expected.csv', () => {
  it('every notice, field by field, with its line', () => {
    const rows = readCsv('expected/fdm_exemptions_expected.csv');
    const { notices, problems } = parseFdmExemptions(readLatin1('fdm_exemptions.txt'));
    expect(problems).toEqual([]);
    expect(notices).toEqual(
      rows.map((r) => ({
        line: Number(r.line),
        account_number: r.account_number,
        lead_name: r.lead_name,
        additional_names: names(r.additional_names),
        vo_band: r.vo_band,
        exemption_class: r.exemption_class,
        status: 'ok',
      })),
    );
  });
});
