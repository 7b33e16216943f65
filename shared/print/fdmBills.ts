/**
 * Reader for the March 2020 print-house bill files (fdm-print-format.md, "Reading the March 2020
 * bill files"; sources.md section 2). Pure: give it the decoded text (ISO-8859-1 is the caller's
 * job). Every field is found by what it looks like, never by position, so a missing field leaves
 * that field empty instead of shifting the next value into its place.
 */
import { parseMoney } from '../values/money';
import { findAccountLine, readNames, splitFdmBlocks, type FdmLine, type FdmProblem } from './fdmBlocks';

export type { FdmProblem } from './fdmBlocks';

export type FdmBillKind = 'dd' | 'cash' | 'nil' | 'credit' | '';

export interface FdmBill {
  /** Line the block starts on (its `----------` line). */
  line: number;
  account_number: string;
  lead_name: string;
  additional_names: string[];
  /** `A`–`H`, or `''` when the band line is empty or missing. */
  vo_band: string;
  discount_1: string;
  /** Positive pence (`-£298.00` → 29800), or null when there is no discount or the amount is unreadable. */
  discount_1_amount_pence: number | null;
  discount_2: string;
  discount_2_amount_pence: number | null;
  reduction: string;
  reduction_amount_pence: number | null;
  premium: string;
  bill_kind: FdmBillKind;
  /** `TRUNCATED`: the block has no end-of-bill line (cut off); its readable fields are kept. */
  status: 'ok' | 'TRUNCATED';
}

export interface FdmBillsResult {
  bills: FdmBill[];
  problems: FdmProblem[];
}

const END_MARKERS: ReadonlyArray<[RegExp, Exclude<FdmBillKind, ''>]> = [
  [/WILL BE DEBITED DIRECTLY FROM YOUR BANK ACCOUNT/i, 'dd'],
  [/DUE IN RESPECT OF THIS BILL/i, 'cash'],
  [/THIS NOTICE IS FOR INFORMATION ONLY/i, 'nil'],
  [/YOUR ACCOUNT IS IN CREDIT BY/i, 'credit'],
];

const BAND_LINE = /^[A-H]$/;
const DEDUCTION = /^(.*?)\s+(-\s*£.*)$/;

function endMarker(text: string): Exclude<FdmBillKind, ''> | null {
  for (const [re, kind] of END_MARKERS) if (re.test(text)) return kind;
  return null;
}

/** `-£1,310.50` → 131050; null when unreadable. */
function deductionPence(amount: string): number | null {
  const parsed = parseMoney(amount);
  return parsed.kind === 'ok' ? Math.abs(parsed.pence) : null;
}

function readBill(blockLine: number, lines: FdmLine[], problems: FdmProblem[]): FdmBill | null {
  const account = findAccountLine(lines);
  if (!account) {
    problems.push({
      line: blockLine,
      rule: 'UNREADABLE_BILL',
      message: 'bill block has no readable account line (3 + 7–8 digits, optional X, then the bill number)',
    });
    return null;
  }
  const names = readNames(lines, account.index);

  let vo_band = '';
  for (let i = account.index - 1; i >= names.end; i--) {
    if (BAND_LINE.test(lines[i].text)) {
      vo_band = lines[i].text;
      break;
    }
  }

  const bill: FdmBill = {
    line: blockLine,
    account_number: account.account,
    lead_name: names.lead,
    additional_names: names.additional,
    vo_band,
    discount_1: '',
    discount_1_amount_pence: null,
    discount_2: '',
    discount_2_amount_pence: null,
    reduction: '',
    reduction_amount_pence: null,
    premium: '',
    bill_kind: '',
    status: 'TRUNCATED',
  };

  let discounts = 0;
  for (let i = account.index + 1; i < lines.length; i++) {
    const { text, line } = lines[i];
    const kind = endMarker(text);
    if (kind) {
      // Instalment lines after the end marker belong to this bill but carry no fields we read.
      bill.bill_kind = kind;
      bill.status = 'ok';
      break;
    }
    if (/Long Term Empty/i.test(text)) {
      if (bill.premium === '') {
        const pound = text.indexOf('£');
        bill.premium = (pound >= 0 ? text.slice(0, pound) : text).trim();
      }
      continue;
    }
    const m = DEDUCTION.exec(text);
    if (!m) continue;
    const label = m[1].trim();
    const pence = deductionPence(m[2]);
    if (/^Less Council Tax/i.test(label)) {
      if (bill.reduction === '' && bill.reduction_amount_pence === null) {
        bill.reduction = label;
        bill.reduction_amount_pence = pence;
      } else {
        problems.push({ line, rule: 'EXTRA_DEDUCTION', message: `second reduction line not kept: ${text}` });
      }
      continue;
    }
    discounts++;
    if (discounts === 1) {
      bill.discount_1 = label;
      bill.discount_1_amount_pence = pence;
    } else if (discounts === 2) {
      bill.discount_2 = label;
      bill.discount_2_amount_pence = pence;
    } else {
      problems.push({ line, rule: 'EXTRA_DEDUCTION', message: `third discount line not kept: ${text}` });
    }
  }
  return bill;
}

/** Parses a decoded print-house bill file. Blocks that cannot be read become problems; the rest still parse. */
export function parseFdmBills(text: string): FdmBillsResult {
  const bills: FdmBill[] = [];
  const problems: FdmProblem[] = [];
  for (const block of splitFdmBlocks(text)) {
    if (block.lines.length === 0) continue; // an empty block (two separators in a row) holds nothing to lose
    if (!block.opened && block.lines.every((l) => l.text === '')) continue;
    const bill = readBill(block.line, block.lines, problems);
    if (bill) bills.push(bill);
  }
  return { bills, problems };
}
