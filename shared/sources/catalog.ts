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

export type ColumnType = 'account' | 'text' | 'money' | 'date' | 'band';

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
}

export type LoadRule = 'replace';

export interface SourceDef {
  name: SourceName;
  label: string;
  description: string;
  columns: readonly ColumnDef[];
  load: LoadRule;
  /** One row per key: later rows with the same key are DUPLICATE findings. */
  uniqueKey: boolean;
}

function col(name: string, type: ColumnType, label: string, extra: Partial<ColumnDef> = {}): ColumnDef {
  return { name, type, label, ...extra };
}

const text = (name: string, label: string, extra: Partial<ColumnDef> = {}): ColumnDef => col(name, 'text', label, extra);

export const ACCOUNTS: SourceDef = {
  name: 'accounts',
  label: 'Academy accounts',
  description: 'The October 2020 backup of the revenues system: one row per council tax account.',
  load: 'replace',
  uniqueKey: true,
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

/** Sources the app can import today. The others arrive with the sources issue. */
export const IMPORTABLE_SOURCES = { accounts: ACCOUNTS } as const satisfies Partial<Record<SourceName, SourceDef>>;
export type ImportableSource = keyof typeof IMPORTABLE_SOURCES;
export const IMPORTABLE_SOURCE_NAMES = Object.keys(IMPORTABLE_SOURCES) as ImportableSource[];

export function sourceDef(name: ImportableSource): SourceDef {
  return IMPORTABLE_SOURCES[name];
}

export function keyColumns(def: SourceDef): ColumnDef[] {
  return def.columns.filter((c) => c.key);
}
