// The staging names of sources.md and, for each source the app can read, its canonical
// columns in the spec's order. Column order here is the order of every export and grid.

export const SOURCE_NAMES = [
  'accounts',
  'fdm_bills',
  'fdm_exemptions',
  'working_age_ctr',
  'valuation_office_bands',
  'vo_bands_breakdown',
  'direct_debit_discrepancies',
  'cash_payments',
  'death_list',
] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

export type ColumnType =
  | 'account' // an account number: 3 then 7–8 digits, optional X
  | 'text' // trimmed text, no-value tokens kept as written
  | 'money' // integer pence
  | 'money_text' // money kept as the text received; its value goes to a derived money column
  | 'date' // ISO calendar date
  | 'band' // A–H
  | 'number' // a decimal number kept as its canonical text (counts, fund codes)
  | 'decimal2' // a decimal with two places, stored as integer hundredths (percentages)
  | 'list'; // a JSON array of text

export interface ColumnDef {
  name: string;
  type: ColumnType;
  /** Officer-facing label for grids and reports. */
  label: string;
  /** Part of the row's natural key. */
  key?: boolean;
  /** The import refuses a file whose mapping lacks this column. */
  required?: boolean;
  /** Searched by the grid's quick search (indexed). */
  searchable?: boolean;
  /** Computed at import from another column (`from`), not read from the file. */
  derivedFrom?: string;
}

/** How a source's file is read. */
export type SourceFormat = 'tabular' | 'fdm_bills' | 'fdm_exemptions' | 'death_list';

/**
 * How a new file's rows relate to what is staged: replace everything, replace the rows of the
 * same print run, or append entries not seen before.
 */
export type LoadRule = 'replace' | 'replace_run' | 'append_new';

/** Which repeated rows within one file are findings. */
export type DuplicateRule = 'unique_key' | 'repeated_receipt' | 'none';

export interface SourceDef {
  name: SourceName;
  label: string;
  description: string;
  format: SourceFormat;
  /** File types accepted, by extension. */
  extensions: readonly string[];
  columns: readonly ColumnDef[];
  load: LoadRule;
  duplicates: DuplicateRule;
  /** The column holding the account number, for cross-source checks. */
  accountColumn: string;
}

function col(name: string, type: ColumnType, label: string, extra: Partial<ColumnDef> = {}): ColumnDef {
  return { name, type, label, ...extra };
}

const text = (name: string, label: string, extra: Partial<ColumnDef> = {}): ColumnDef => col(name, 'text', label, extra);

/** The columns read from a file (everything but derived columns), in order. */
export function fileColumns(def: SourceDef): ColumnDef[] {
  return def.columns.filter((c) => !c.derivedFrom);
}

export const ACCOUNTS: SourceDef = {
  name: 'accounts',
  label: 'Academy accounts',
  description: 'The October 2020 backup of the revenues system: one row per council tax account.',
  format: 'tabular',
  extensions: ['csv', 'xlsx'],
  load: 'replace',
  duplicates: 'unique_key',
  accountColumn: 'mail_merge_reference',
  columns: [
    col('mail_merge_reference', 'account', 'Account number', { key: true, required: true, searchable: true }),
    text('account_ref', 'Account ref'),
    text('account_cd', 'Account cd'),
    text('property_ref', 'Property ref'),
    col('occupied_date', 'date', 'Occupied date'),
    col('date_last_modified_occupancy', 'date', 'Occupancy last modified'),
    col('vo_band', 'band', 'Band'),
    col('vo_effective_date', 'date', 'Band effective date'),
    col('calculated_20_21_charge', 'money', '2020/21 charge'),
    col('estimated_21_22_charge', 'money', '2021/22 estimate'),
    text('lead_liable_title', 'Title'),
    text('lead_liable_forename', 'Forename'),
    text('lead_liable_middlename', 'Middle name'),
    text('lead_liable_surname', 'Surname', { searchable: true }),
    text('lead_liable_name', 'First names'),
    text('lead_liable_lastname', 'Last name'),
    text('lead_liable_pos', 'Lead liable pos'),
    text('lead_liable_status', 'Lead liable status'),
    text('lead_consent_ind', 'Consent ind'),
    text('for_addr1', 'Forwarding address 1'),
    text('for_addr2', 'Forwarding address 2'),
    text('for_addr3', 'Forwarding address 3'),
    text('for_addr4', 'Forwarding address 4'),
    text('for_postcode', 'Forwarding postcode', { searchable: true }),
    text('for_district', 'Forwarding district'),
    text('for_addr_last_updated', 'Forwarding address updated'),
    text('addr1', 'Address 1'),
    text('addr2', 'Address 2'),
    text('addr3', 'Address 3'),
    text('addr4', 'Address 4'),
    text('postcode', 'Postcode', { searchable: true }),
    text('payment_method_code', 'Payment method'),
    text('payment_method_type', 'Payment method type'),
    text('prev_payment_method_code', 'Previous payment method'),
    text('prev_payment_method_type', 'Previous payment method type'),
    text('employee_ind', 'Employee ind'),
    text('employee_no', 'Employee no'),
    text('swipe_issue', 'Swipe issue'),
    text('swipe_card', 'Swipe card'),
    text('hb_sar', 'HB SAR'),
    text('fast_track', 'Fast track'),
    text('hb_archive_ind', 'HB archive ind'),
    text('party_ref', 'Party ref'),
    text('last_updated_int', 'Last updated int'),
    text('documerge_excl_ind', 'Documerge excl ind'),
    text('fund_no', 'Fund no'),
    text('parish_code', 'Parish code'),
    text('street_code', 'Street code'),
    text('house_id', 'House id'),
    text('nfi_spd_figures', 'NFI SPD figures'),
  ],
};

export const WORKING_AGE_CTR: SourceDef = {
  name: 'working_age_ctr',
  label: 'Working-age reductions',
  description: 'Council tax reduction awards to working-age claimants (August 2020).',
  format: 'tabular',
  extensions: ['csv', 'xlsx'],
  load: 'replace',
  duplicates: 'unique_key',
  accountColumn: 'ctax_ref',
  columns: [
    col('ctax_ref', 'account', 'Account number', { key: true, required: true, searchable: true }),
    text('w_age_ctr', 'Working-age CTR'),
    text('claim_id', 'Claim id', { key: true, required: true }),
    col('from_date', 'date', 'From'),
    col('to_date', 'date', 'To'),
    text('property_ref', 'Property ref'),
    text('manual_ind', 'Manual ind'),
    text('inc_supp_ind', 'Income support ind'),
    text('type_ind', 'Type ind'),
    text('reason_ind', 'Reason ind'),
    col('local_amt', 'money', 'Local amount'),
    col('model_amt', 'money', 'Model amount'),
    text('model_ind', 'Model ind'),
    col('posting_date', 'date', 'Posting date'),
    text('user_id', 'User id'),
    text('assess_id', 'Assessment id'),
    text('ctax_ass_id', 'CTax assessment id'),
  ],
};

export const VALUATION_OFFICE_BANDS: SourceDef = {
  name: 'valuation_office_bands',
  label: 'Valuation Office bands',
  description: 'Property bands from the Valuation Office (January 2021), one row per account.',
  format: 'tabular',
  extensions: ['csv', 'xlsx'],
  load: 'replace',
  duplicates: 'unique_key',
  accountColumn: 'mail_merge_reference',
  columns: [
    col('mail_merge_reference', 'account', 'Account number', { key: true, required: true, searchable: true }),
    text('property_ref', 'Property ref', { searchable: true }),
    col('vo_band', 'band', 'Band'),
    col('vo_schedule_date', 'date', 'Schedule date'),
    text('new_band_from_schedule', 'New band (schedule)'),
    text('prev_band_from_schedule', 'Previous band (schedule)'),
    text('reason_altered', 'Reason altered'),
    text('notes', 'Notes'),
  ],
};

export const VO_BANDS_BREAKDOWN: SourceDef = {
  name: 'vo_bands_breakdown',
  label: 'Band breakdown',
  description: 'The annual charge per band for each precepting body, for the new billing year.',
  format: 'tabular',
  extensions: ['csv', 'xlsx'],
  load: 'replace',
  duplicates: 'unique_key',
  accountColumn: '',
  columns: [
    col('vo_band', 'band', 'Band', { key: true, required: true }),
    text('service', 'Service', { key: true, required: true }),
    col('amount', 'money', 'Amount', { required: true }),
    col('percentage_diff_20_21', 'decimal2', 'Change from 2020/21 (%)'),
  ],
};

const ddMoneyText = (name: string, label: string) => col(name, 'money_text', label);
const ddValue = (from: string, label: string) => col(`${from}_value`, 'money', `${label} (value)`, { derivedFrom: from });

export const DIRECT_DEBIT_DISCREPANCIES: SourceDef = {
  name: 'direct_debit_discrepancies',
  label: 'Direct-debit reconciliation',
  description: "The income team's comparison of direct debits collected with what was due, one row per account.",
  format: 'tabular',
  extensions: ['csv', 'xlsx'],
  load: 'replace',
  duplicates: 'unique_key',
  accountColumn: 'mail_merge_reference',
  columns: [
    col('mail_merge_reference', 'account', 'Account number', { key: true, required: true, searchable: true }),
    ddMoneyText('20_21_gross_debit_12_instalments', '2020/21 gross, 12 instalments'),
    ddMoneyText('20_21_gross_debit_10_instalments', '2020/21 gross, 10 instalments'),
    col('direct_debit_taken', 'number', 'Direct debits taken'),
    ddMoneyText('diff_dd_gross_charge', 'DD minus gross charge'),
    ddMoneyText('75_charge_12_instalments', '75% charge, 12 instalments'),
    ddMoneyText('75_charge_10_instalments', '75% charge, 10 instalments'),
    ddMoneyText('diff_dd_gross_charge_25', 'DD minus 75% charge'),
    text('returned_dd_not_by_addacs', 'Returned DD (not ADDACS)'),
    ddMoneyText('cash_paid_september', 'Cash paid by September'),
    ddMoneyText('diff_cash_paid_gross_debit_10_instalments', 'Cash paid minus gross, 10 instalments'),
    ddMoneyText('diff_cash_paid_gross_25_off_debit_10_instalments', 'Cash paid minus 75% gross, 10 instalments'),
    text('addacs', 'ADDACS'),
    ddValue('20_21_gross_debit_12_instalments', '2020/21 gross, 12 instalments'),
    ddValue('20_21_gross_debit_10_instalments', '2020/21 gross, 10 instalments'),
    ddValue('diff_dd_gross_charge', 'DD minus gross charge'),
    ddValue('75_charge_12_instalments', '75% charge, 12 instalments'),
    ddValue('75_charge_10_instalments', '75% charge, 10 instalments'),
    ddValue('diff_dd_gross_charge_25', 'DD minus 75% charge'),
    ddValue('cash_paid_september', 'Cash paid by September'),
    ddValue('diff_cash_paid_gross_debit_10_instalments', 'Cash paid minus gross, 10 instalments'),
    ddValue('diff_cash_paid_gross_25_off_debit_10_instalments', 'Cash paid minus 75% gross, 10 instalments'),
  ],
};

export const CASH_PAYMENTS: SourceDef = {
  name: 'cash_payments',
  label: 'Cash payments',
  description: 'Every cash payment from April to December 2020, one row per payment.',
  format: 'tabular',
  extensions: ['csv', 'xlsx'],
  load: 'replace',
  duplicates: 'repeated_receipt',
  accountColumn: 'account',
  columns: [
    col('entry_date', 'date', 'Entry date'),
    col('transaction_date', 'date', 'Transaction date'),
    text('area', 'Area'),
    text('office', 'Office'),
    text('machine', 'Machine'),
    text('receipt_no', 'Receipt no', { searchable: true }),
    text('internal_ref', 'Internal ref'),
    text('user', 'User'),
    col('net_amount', 'money', 'Net amount', { required: true }),
    col('fund', 'number', 'Fund'),
    text('mop', 'Method of payment'),
    col('account', 'account', 'Account number', { required: true, searchable: true }),
  ],
};

export const FDM_BILLS: SourceDef = {
  name: 'fdm_bills',
  label: 'Print-house bills (March 2020)',
  description: 'The bill files Academy sent to the print house in March 2020, one per print run (direct debit, cash, other).',
  format: 'fdm_bills',
  extensions: ['txt'],
  load: 'replace_run',
  duplicates: 'unique_key',
  accountColumn: 'account_number',
  columns: [
    col('account_number', 'account', 'Account number', { key: true, required: true, searchable: true }),
    text('lead_name', 'Lead name', { searchable: true }),
    col('additional_names', 'list', 'Additional names'),
    col('vo_band', 'band', 'Band'),
    text('discount_1', 'Discount 1'),
    col('discount_1_amount', 'money', 'Discount 1 amount'),
    text('discount_2', 'Discount 2'),
    col('discount_2_amount', 'money', 'Discount 2 amount'),
    text('reduction', 'Reduction'),
    col('reduction_amount', 'money', 'Reduction amount'),
    text('premium', 'Premium'),
    text('bill_kind', 'Bill kind'),
    text('source', 'Print run'),
    text('run', 'Run'),
  ],
};

export const FDM_EXEMPTIONS: SourceDef = {
  name: 'fdm_exemptions',
  label: 'Exemption notices (March 2020)',
  description: 'The exemption notice print file of March 2020.',
  format: 'fdm_exemptions',
  extensions: ['txt'],
  load: 'replace',
  duplicates: 'unique_key',
  accountColumn: 'account_number',
  columns: [
    col('account_number', 'account', 'Account number', { key: true, required: true, searchable: true }),
    text('lead_name', 'Lead name', { searchable: true }),
    col('additional_names', 'list', 'Additional names'),
    col('vo_band', 'band', 'Band'),
    text('exemption_class', 'Exemption class'),
  ],
};

export const DEATH_LIST: SourceDef = {
  name: 'death_list',
  label: 'Recently deceased',
  description: 'The registration service report of deaths registered in the period (PDF, or its pipe-separated text form).',
  format: 'death_list',
  extensions: ['pdf', 'txt'],
  load: 'append_new',
  duplicates: 'none',
  accountColumn: 'account_number',
  columns: [
    col('reference', 'number', 'Entry'),
    text('names', 'Name of deceased', { searchable: true }),
    col('date_of_death', 'date', 'Date of death'),
    text('address', 'Usual address'),
    text('account_number', 'Confirmed account', { searchable: true }),
    text('account_matched_name', 'Matched name'),
  ],
};

/** Every source, by staging name. */
export const IMPORTABLE_SOURCES = {
  accounts: ACCOUNTS,
  fdm_bills: FDM_BILLS,
  fdm_exemptions: FDM_EXEMPTIONS,
  working_age_ctr: WORKING_AGE_CTR,
  valuation_office_bands: VALUATION_OFFICE_BANDS,
  vo_bands_breakdown: VO_BANDS_BREAKDOWN,
  direct_debit_discrepancies: DIRECT_DEBIT_DISCREPANCIES,
  cash_payments: CASH_PAYMENTS,
  death_list: DEATH_LIST,
} as const satisfies Record<SourceName, SourceDef>;
export type ImportableSource = keyof typeof IMPORTABLE_SOURCES;
export const IMPORTABLE_SOURCE_NAMES = Object.keys(IMPORTABLE_SOURCES) as ImportableSource[];
export const TABULAR_SOURCE_NAMES = IMPORTABLE_SOURCE_NAMES.filter((n) => IMPORTABLE_SOURCES[n].format === 'tabular');

export function sourceDef(name: ImportableSource): SourceDef {
  return IMPORTABLE_SOURCES[name];
}

export function keyColumns(def: SourceDef): ColumnDef[] {
  return def.columns.filter((c) => c.key);
}
