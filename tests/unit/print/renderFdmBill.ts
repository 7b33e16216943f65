/**
 * Test-only renderer: writes bills in the March 2020 print layout of fdm-print-format.md
 * ("Reading"), so the property test can check that the parser gets the same fields back.
 */
import { formatMoneyForDisplay } from '../../../shared/values/money';

export type RenderKind = 'dd' | 'cash' | 'nil' | 'credit';

export interface RenderDeduction {
  label: string;
  pence: number;
}

export interface RenderBill {
  account: string;
  billNumber: string;
  lead: string;
  additional: string[];
  /** 4 forwarding lines (`''` prints a `|`-only line) + postcode, then 4 property lines. */
  forwarding: string[];
  postcode: string;
  property: string[];
  band: string;
  grossPence: number;
  discount1: RenderDeduction | null;
  discount2: RenderDeduction | null;
  reduction: RenderDeduction | null;
  /** Where the reduction is printed: among the discounts, or after the "Total Charge" subtotal. */
  reductionAfterTotal: boolean;
  premium: RenderDeduction | null;
  kind: RenderKind;
  barcode: string;
}

const money = (pence: number): string => formatMoneyForDisplay(pence);

/** The lines of one bill block, each without its line end. */
export function renderBillLines(b: RenderBill): string[] {
  const out: string[] = ['----------', '|1 April 2020 to 31 March 2021|', '10 March 2020|'];
  out.push(`${b.lead}|`, ...b.additional.map((n) => `${n}|`), '|');
  out.push(...b.forwarding.map((l) => `${l}|`), `${b.postcode}|`);
  out.push(...b.property.map((l) => `${l}|`));
  out.push(`${b.band}|`, `${b.account}   ${b.billNumber}|`);
  if (b.kind === 'cash') out.push(`${b.barcode}|`);
  out.push('|', `${money(b.grossPence)}|`, '3.99%|', 'LONDON BOROUGH OF HACKNEY|', '£1.00|', '1.99%|', '|');
  out.push('This bill is for Council Tax for the period from 1 April 2020 to 31 March 2021.|', '|');
  out.push('Council Tax due for period 01.04.2020 to 31.03.2021|', `${money(b.grossPence)}|`);
  if (b.premium) out.push(`${b.premium.label} ${money(b.premium.pence)}|`);
  if (b.discount1) out.push(`${b.discount1.label} -${money(b.discount1.pence)}|`);
  if (b.reduction && !b.reductionAfterTotal) out.push(`${b.reduction.label} -${money(b.reduction.pence)}|`);
  if (b.discount2) out.push(`${b.discount2.label} -${money(b.discount2.pence)}|`);
  out.push('|', 'Total Charge for Period|', '£100.00|');
  if (b.reduction && b.reductionAfterTotal) out.push(`${b.reduction.label} -${money(b.reduction.pence)}|`);
  if (b.kind === 'credit') out.push('|', 'Less payments received|', '-£150.00|');
  out.push('|', 'Total amount due for period 01.04.2020 to 31.03.2021|');
  switch (b.kind) {
    case 'dd':
      out.push('£100.00|', '12 PAYMENTS WILL BE DEBITED DIRECTLY FROM YOUR BANK ACCOUNT AS FOLLOWS:|');
      out.push('Apr|£9.00|Oct|£8.00|', 'May|£8.00|Nov|£8.00|');
      break;
    case 'cash':
      out.push('£100.00|', '10 PAYMENTS ARE DUE IN RESPECT OF THIS BILL:|', 'Apr|£10.00|Sep|£10.00|');
      break;
    case 'nil':
      out.push('£0.00|', 'THIS NOTICE IS FOR INFORMATION ONLY|');
      break;
    case 'credit':
      out.push('-£50.00|', 'YOUR ACCOUNT IS IN CREDIT BY -£50.00|');
      break;
  }
  return out;
}
