// The plain per-account input the billing rules need. The caller (SQLite or PostgreSQL staging)
// joins the staged sources, skips flagged rows, keeps the first row per key, applies the derived
// updates and fills this in; the rules never look at a table.

/** One of the eight customer profiles (billing-rules.md, "Customer profiles"). */
export type ProfileId =
  | 'DD100'
  | 'DD75'
  | 'CASH100'
  | 'CASH75'
  | 'CASH100_PAID'
  | 'CASH75_PAID'
  | 'CASH100_MOVED_IN'
  | 'CASH75_MOVED_IN';

export interface Address {
  /** Address lines as stored (empty lines may be left in; they are ignored). */
  lines: readonly string[];
  postcode: string;
}

/** One unflagged `fdm_bills` row (a 2020 print-file bill) for the account. */
export interface FdmBillInput {
  /** The print run: `dd`, `cash`, `props` or another run name. */
  run: string;
  discount1: string;
  discount1AmountPence: number | null;
  discount2: string;
  discount2AmountPence: number | null;
  reduction: string;
  reductionAmountPence: number | null;
  premium: string;
  additionalNames: readonly string[];
}

/** The account's (first, unflagged) `direct_debit_discrepancies` row. */
export interface DirectDebitInput {
  /** `direct_debit_taken` as text: a count, `0` or empty. */
  directDebitTaken: string;
  diffDdGrossChargePence: number | null;
  diffDdGrossCharge25Pence: number | null;
  diffCashPaidGrossDebit10Pence: number | null;
  diffCashPaidGross25OffDebit10Pence: number | null;
  /** Text as staged; no-value tokens mean absent. */
  returnedDdNotByAddacs: string;
  addacs: string;
}

export interface AccountOverrides {
  /** An officer forced this profile on the account (with a note). */
  forceProfile?: { profile: ProfileId; note: string };
  /** An officer excluded the account (with a note). */
  manualExclude?: { note: string };
}

export interface AccountInput {
  /** `mail_merge_reference`, e.g. `382251954X`. */
  accountNumber: string;
  leadLiable: { title: string; forename: string; middlename: string; surname: string };
  /** `payment_method_code` as received (not the derived `_updated` code). */
  paymentMethodCode: string;
  /** `occupied_date` as an ISO date, null when absent. */
  occupiedDate: string | null;
  /** `calculated_20_21_charge` in pence. */
  charge2021Pence: number | null;
  /** `estimated_21_22_charge` in pence. */
  estimate2122Pence: number | null;
  /** The band after the Valuation Office update (derived update 1); null when none. */
  band: string | null;
  propertyAddress: Address;
  forwardingAddress: Address;
  /** Every unflagged 2020 print-file bill of the account, any run, any order. */
  fdmBills: readonly FdmBillInput[];
  /** `fdm_exemptions.exemption_class` of the account's notice; null or empty when none. */
  exemptionClass: string | null;
  /** The account appears as `ctax_ref` in `working_age_ctr`. */
  workingAgeCtr: boolean;
  /** A confirmed `death_list` entry points at the account. */
  deathConfirmed: boolean;
  /** The DD row, or null when the account has none. */
  directDebit: DirectDebitInput | null;
  /** `total_cash_payments.total` (sum of `cash_payments.net_amount`), 0 when none. */
  cashPaidPence: number;
  overrides: AccountOverrides;
  /** The account has a bill in an earlier approved run. */
  alreadyBilled: boolean;
  /** This run is marked as a re-issue. */
  reissue: boolean;
}
