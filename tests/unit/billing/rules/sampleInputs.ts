// Builds the billing rules' per-account input from the expected staged CSVs of the shared
// samples (the state after import): unflagged rows, the first row per key, the Valuation Office
// band update applied here, cash paid summed, and the one confirmed death of EXPECTED.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import type { AccountInput, DirectDebitInput, FdmBillInput } from '../../../../shared/billing/rules/accountInput';
import type { BandBreakdown, RecipientAmount } from '../../../../shared/billing/rules/breakdown';
import { isPresent } from '../../../../shared/reconcile/accountFacts';
import { parseBand } from '../../../../shared/values/band';
import { parseMoney } from '../../../../shared/values/money';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const SAMPLES = path.resolve(REPO_ROOT, '../shared/samples');
export const HAS_SAMPLES = fs.existsSync(path.join(SAMPLES, 'expected', 'staged'));

export type Row = Record<string, string>;

export function readText(rel: string): string {
  return fs.readFileSync(path.join(SAMPLES, rel), 'utf8');
}

export function readCsv(rel: string): Row[] {
  const parsed = Papa.parse<Row>(fs.readFileSync(path.join(SAMPLES, rel), 'utf8').replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length > 0) throw new Error(`${rel}: ${JSON.stringify(parsed.errors)}`);
  return parsed.data;
}

const staged = (table: string): Row[] => readCsv(`expected/staged/${table}.csv`).filter((r) => r.flagged !== '1');

/** First row per key, file order. */
function firstByKey(rows: Row[], key: (r: Row) => string): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const r of rows) if (!out.has(key(r))) out.set(key(r), r);
  return out;
}

function pence(text: string | undefined): number | null {
  const m = parseMoney(text ?? '');
  if (m.kind === 'bad') throw new Error(`bad money "${text}"`);
  return m.kind === 'ok' ? m.pence : null;
}

function hundredths(text: string): number {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`bad percentage "${text}"`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
}

/** The band breakdown from a CSV (`vo_band,service,amount,percentage_diff_20_21[,flagged]`). */
export function readBreakdown(rel: string): BandBreakdown {
  const out = new Map<string, RecipientAmount[]>();
  for (const r of readCsv(rel).filter((row) => row.flagged !== '1')) {
    const lines = out.get(r.vo_band) ?? [];
    lines.push({ recipient: r.service, amountPence: pence(r.amount) ?? 0, pctHundredths: hundredths(r.percentage_diff_20_21) });
    out.set(r.vo_band, lines);
  }
  return out;
}

/** Derived update 1: a valid new band that differs from the account's band replaces it. */
function bandAfterVoUpdate(accountBand: string, vo: Row | undefined): string | null {
  const current = accountBand.trim() === '' ? null : accountBand.trim().toUpperCase();
  const proposed = vo === undefined ? ({ kind: 'none' } as const) : parseBand(vo.new_band_from_schedule);
  if (proposed.kind === 'ok' && proposed.band !== current) return proposed.band;
  return current;
}

function fdmBill(r: Row): FdmBillInput {
  return {
    run: r.run,
    discount1: r.discount_1,
    discount1AmountPence: pence(r.discount_1_amount),
    discount2: r.discount_2,
    discount2AmountPence: pence(r.discount_2_amount),
    reduction: r.reduction,
    reductionAmountPence: pence(r.reduction_amount),
    premium: r.premium,
    additionalNames: JSON.parse(r.additional_names === '' ? '[]' : r.additional_names) as string[],
  };
}

function directDebit(r: Row | undefined): DirectDebitInput | null {
  if (r === undefined) return null;
  return {
    directDebitTaken: r.direct_debit_taken,
    diffDdGrossChargePence: pence(r.diff_dd_gross_charge_value),
    diffDdGrossCharge25Pence: pence(r.diff_dd_gross_charge_25_value),
    diffCashPaidGrossDebit10Pence: pence(r.diff_cash_paid_gross_debit_10_instalments_value),
    diffCashPaidGross25OffDebit10Pence: pence(r.diff_cash_paid_gross_25_off_debit_10_instalments_value),
    returnedDdNotByAddacs: r.returned_dd_not_by_addacs,
    addacs: r.addacs,
  };
}

/** EXPECTED.md: the officer confirms the one proposed match (entry 1 → 367992182). */
export const CONFIRMED_DEATHS = new Set(['367992182']);

export function sampleInputs(): AccountInput[] {
  const accounts = firstByKey(staged('accounts'), (r) => r.mail_merge_reference);
  const vo = firstByKey(staged('valuation_office_bands'), (r) => r.mail_merge_reference);
  const dd = firstByKey(staged('direct_debit_discrepancies'), (r) => r.mail_merge_reference);
  const exemptions = firstByKey(staged('fdm_exemptions'), (r) => r.account_number);
  const bills = [...firstByKey(staged('fdm_bills'), (r) => `${r.account_number}|${r.run}`).values()];
  const ctr = new Set(staged('working_age_ctr').map((r) => r.ctax_ref));
  const cash = new Map<string, number>();
  for (const r of staged('cash_payments')) cash.set(r.account, (cash.get(r.account) ?? 0) + (pence(r.net_amount) ?? 0));

  return [...accounts.values()].map((a) => {
    const account = a.mail_merge_reference;
    const exemption = exemptions.get(account);
    return {
      accountNumber: account,
      leadLiable: {
        title: a.lead_liable_title,
        forename: a.lead_liable_forename,
        middlename: a.lead_liable_middlename,
        surname: a.lead_liable_surname,
      },
      paymentMethodCode: a.payment_method_code,
      occupiedDate: a.occupied_date === '' ? null : a.occupied_date,
      charge2021Pence: pence(a.calculated_20_21_charge),
      estimate2122Pence: pence(a.estimated_21_22_charge),
      band: bandAfterVoUpdate(a.vo_band, vo.get(account)),
      propertyAddress: { lines: [a.addr1, a.addr2, a.addr3, a.addr4], postcode: a.postcode },
      forwardingAddress: { lines: [a.for_addr1, a.for_addr2, a.for_addr3, a.for_addr4], postcode: a.for_postcode },
      fdmBills: bills.filter((b) => b.account_number === account).map(fdmBill),
      exemptionClass: exemption !== undefined && isPresent(exemption.exemption_class) ? exemption.exemption_class : null,
      workingAgeCtr: ctr.has(account),
      deathConfirmed: CONFIRMED_DEATHS.has(account),
      directDebit: directDebit(dd.get(account)),
      cashPaidPence: cash.get(account) ?? 0,
      overrides: {},
      alreadyBilled: false,
      reissue: false,
    };
  });
}
