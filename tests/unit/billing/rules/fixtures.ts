// A clean account that every rule lets through as DD100, and small builders to vary it.
import type { AccountInput, DirectDebitInput, FdmBillInput } from '../../../../shared/billing/rules/accountInput';
import type { BandBreakdown } from '../../../../shared/billing/rules/breakdown';

export const BREAKDOWN: BandBreakdown = new Map([
  [
    'B',
    [
      { recipient: 'LONDON BOROUGH OF HACKNEY', amountPence: 85062, pctHundredths: 199 },
      { recipient: 'ADULT SOCIAL CARE', amountPence: 3088, pctHundredths: 300 },
      { recipient: 'GREATER LONDON AUTHORITY', amountPence: 31050, pctHundredths: 951 },
    ],
  ],
  [
    'C',
    [
      { recipient: 'LONDON BOROUGH OF HACKNEY', amountPence: 97214, pctHundredths: 199 },
      { recipient: 'ADULT SOCIAL CARE', amountPence: 3529, pctHundredths: 300 },
      { recipient: 'GREATER LONDON AUTHORITY', amountPence: 35485, pctHundredths: 951 },
    ],
  ],
  [
    'H',
    [
      { recipient: 'LONDON BOROUGH OF HACKNEY', amountPence: 218732, pctHundredths: 199 },
      { recipient: 'ADULT SOCIAL CARE', amountPence: 7940, pctHundredths: 300 },
      { recipient: 'GREATER LONDON AUTHORITY', amountPence: 79842, pctHundredths: 951 },
    ],
  ],
]);

export function ddRow(over: Partial<DirectDebitInput> = {}): DirectDebitInput {
  return {
    directDebitTaken: '11',
    diffDdGrossChargePence: 0,
    diffDdGrossCharge25Pence: null,
    diffCashPaidGrossDebit10Pence: null,
    diffCashPaidGross25OffDebit10Pence: null,
    returnedDdNotByAddacs: '#N/A',
    addacs: '',
    ...over,
  };
}

export function fdmBill(over: Partial<FdmBillInput> = {}): FdmBillInput {
  return {
    run: 'dd',
    discount1: '',
    discount1AmountPence: null,
    discount2: '',
    discount2AmountPence: null,
    reduction: '',
    reductionAmountPence: null,
    premium: '',
    additionalNames: [],
    ...over,
  };
}

export const SPD_BILL = fdmBill({ discount1: 'Single Person Discount 25%', discount1AmountPence: 32763 });

export function account(over: Partial<AccountInput> = {}): AccountInput {
  return {
    accountNumber: '393889566',
    leadLiable: { title: 'Miss', forename: 'Ali', middlename: '', surname: 'Testfield' },
    paymentMethodCode: 'DD1',
    occupiedDate: '2001-05-01',
    charge2021Pence: 131050,
    estimate2122Pence: 136228,
    band: 'C',
    propertyAddress: { lines: ['Flat 7', '90 Mock Terrace', 'London', ''], postcode: 'E8 3YU' },
    forwardingAddress: { lines: ['', '', '', ''], postcode: '' },
    fdmBills: [fdmBill()],
    exemptionClass: null,
    workingAgeCtr: false,
    deathConfirmed: false,
    directDebit: ddRow(),
    cashPaidPence: 0,
    overrides: {},
    alreadyBilled: false,
    reissue: false,
    ...over,
  };
}

/** A cash account (no DD row) that has paid nothing: its money conditions all fail. */
export function cashAccount(over: Partial<AccountInput> = {}): AccountInput {
  return account({ paymentMethodCode: 'CASHM', directDebit: null, fdmBills: [fdmBill({ run: 'cash' })], ...over });
}
