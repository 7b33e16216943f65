import type { Migration } from './types';

// Version 2: the other seven sources, the reference list of exempt-dwelling classes, and the
// tables that hold derived updates and cross-source (reconciliation) findings.
export const migration002: Migration = {
  version: 2,
  name: 'all sources: tabular, print files, deaths; derived updates; reconciliation',
  up(db) {
    db.exec(`
      ALTER TABLE import_batches ADD COLUMN run TEXT;          -- print run of an fdm_bills file
      ALTER TABLE import_batches ADD COLUMN sheet TEXT;        -- worksheet read from an XLSX file
      ALTER TABLE findings ADD COLUMN sheet TEXT;

      CREATE TABLE stg_working_age_ctr (
        _row_id       INTEGER PRIMARY KEY,
        _batch_id     TEXT NOT NULL REFERENCES import_batches (id),
        _line         INTEGER NOT NULL,
        _sheet_row    INTEGER NOT NULL,
        _flagged      INTEGER NOT NULL DEFAULT 0,
        _duplicate_of INTEGER,
        _hash         TEXT NOT NULL,
        _extra        TEXT,
        ctax_ref TEXT,
        w_age_ctr TEXT,
        claim_id TEXT,
        from_date,
        to_date,
        property_ref TEXT,
        manual_ind TEXT,
        inc_supp_ind TEXT,
        type_ind TEXT,
        reason_ind TEXT,
        local_amt,
        model_amt,
        model_ind TEXT,
        posting_date,
        user_id TEXT,
        assess_id TEXT,
        ctax_ass_id TEXT
      );
      CREATE TABLE stg_valuation_office_bands (
        _row_id       INTEGER PRIMARY KEY,
        _batch_id     TEXT NOT NULL REFERENCES import_batches (id),
        _line         INTEGER NOT NULL,
        _sheet_row    INTEGER NOT NULL,
        _flagged      INTEGER NOT NULL DEFAULT 0,
        _duplicate_of INTEGER,
        _hash         TEXT NOT NULL,
        _extra        TEXT,
        mail_merge_reference TEXT,
        property_ref TEXT,
        vo_band TEXT,
        vo_schedule_date,
        new_band_from_schedule TEXT,
        prev_band_from_schedule TEXT,
        reason_altered TEXT,
        notes TEXT
      );
      CREATE TABLE stg_vo_bands_breakdown (
        _row_id       INTEGER PRIMARY KEY,
        _batch_id     TEXT NOT NULL REFERENCES import_batches (id),
        _line         INTEGER NOT NULL,
        _sheet_row    INTEGER NOT NULL,
        _flagged      INTEGER NOT NULL DEFAULT 0,
        _duplicate_of INTEGER,
        _hash         TEXT NOT NULL,
        _extra        TEXT,
        vo_band TEXT,
        service TEXT,
        amount,
        percentage_diff_20_21
      );
      CREATE TABLE stg_direct_debit_discrepancies (
        _row_id       INTEGER PRIMARY KEY,
        _batch_id     TEXT NOT NULL REFERENCES import_batches (id),
        _line         INTEGER NOT NULL,
        _sheet_row    INTEGER NOT NULL,
        _flagged      INTEGER NOT NULL DEFAULT 0,
        _duplicate_of INTEGER,
        _hash         TEXT NOT NULL,
        _extra        TEXT,
        mail_merge_reference TEXT,
        "20_21_gross_debit_12_instalments" TEXT,
        "20_21_gross_debit_10_instalments" TEXT,
        direct_debit_taken TEXT,
        diff_dd_gross_charge TEXT,
        "75_charge_12_instalments" TEXT,
        "75_charge_10_instalments" TEXT,
        diff_dd_gross_charge_25 TEXT,
        returned_dd_not_by_addacs TEXT,
        cash_paid_september TEXT,
        diff_cash_paid_gross_debit_10_instalments TEXT,
        diff_cash_paid_gross_25_off_debit_10_instalments TEXT,
        addacs TEXT,
        "20_21_gross_debit_12_instalments_value",
        "20_21_gross_debit_10_instalments_value",
        diff_dd_gross_charge_value,
        "75_charge_12_instalments_value",
        "75_charge_10_instalments_value",
        diff_dd_gross_charge_25_value,
        cash_paid_september_value,
        diff_cash_paid_gross_debit_10_instalments_value,
        diff_cash_paid_gross_25_off_debit_10_instalments_value
      );
      CREATE TABLE stg_cash_payments (
        _row_id       INTEGER PRIMARY KEY,
        _batch_id     TEXT NOT NULL REFERENCES import_batches (id),
        _line         INTEGER NOT NULL,
        _sheet_row    INTEGER NOT NULL,
        _flagged      INTEGER NOT NULL DEFAULT 0,
        _duplicate_of INTEGER,
        _hash         TEXT NOT NULL,
        _extra        TEXT,
        entry_date,
        transaction_date,
        area TEXT,
        office TEXT,
        machine TEXT,
        receipt_no TEXT,
        internal_ref TEXT,
        user TEXT,
        net_amount,
        fund TEXT,
        mop TEXT,
        account TEXT
      );

      CREATE INDEX stg_working_age_ctr_account ON stg_working_age_ctr (ctax_ref);
      CREATE INDEX stg_valuation_office_bands_account ON stg_valuation_office_bands (mail_merge_reference);
      CREATE INDEX stg_valuation_office_bands_property ON stg_valuation_office_bands (property_ref COLLATE NOCASE);
      CREATE INDEX stg_direct_debit_discrepancies_account ON stg_direct_debit_discrepancies (mail_merge_reference);
      CREATE INDEX stg_cash_payments_account ON stg_cash_payments (account);
      CREATE INDEX stg_cash_payments_receipt ON stg_cash_payments (receipt_no COLLATE NOCASE);
      CREATE INDEX stg_working_age_ctr_batch_line ON stg_working_age_ctr (_batch_id, _line);
      CREATE INDEX stg_valuation_office_bands_batch_line ON stg_valuation_office_bands (_batch_id, _line);
      CREATE INDEX stg_vo_bands_breakdown_batch_line ON stg_vo_bands_breakdown (_batch_id, _line);
      CREATE INDEX stg_direct_debit_discrepancies_batch_line ON stg_direct_debit_discrepancies (_batch_id, _line);
      CREATE INDEX stg_cash_payments_batch_line ON stg_cash_payments (_batch_id, _line);

      -- Print-house bills: one row per bill block; source = the print run (dd, cash, props…).
      CREATE TABLE stg_fdm_bills (
        _row_id       INTEGER PRIMARY KEY,
        _batch_id     TEXT NOT NULL REFERENCES import_batches (id),
        _line         INTEGER NOT NULL,
        _sheet_row    INTEGER NOT NULL,
        _flagged      INTEGER NOT NULL DEFAULT 0,
        _duplicate_of INTEGER,
        _hash         TEXT NOT NULL,
        _extra        TEXT,
        account_number TEXT,
        lead_name TEXT,
        additional_names TEXT,                  -- JSON array
        vo_band TEXT,
        discount_1 TEXT,
        discount_1_amount,
        discount_2 TEXT,
        discount_2_amount,
        reduction TEXT,
        reduction_amount,
        premium TEXT,
        bill_kind TEXT,
        source TEXT,
        run TEXT
      );
      CREATE INDEX stg_fdm_bills_account ON stg_fdm_bills (account_number);
      CREATE INDEX stg_fdm_bills_batch_line ON stg_fdm_bills (_batch_id, _line);

      CREATE TABLE stg_fdm_exemptions (
        _row_id       INTEGER PRIMARY KEY,
        _batch_id     TEXT NOT NULL REFERENCES import_batches (id),
        _line         INTEGER NOT NULL,
        _sheet_row    INTEGER NOT NULL,
        _flagged      INTEGER NOT NULL DEFAULT 0,
        _duplicate_of INTEGER,
        _hash         TEXT NOT NULL,
        _extra        TEXT,
        account_number TEXT,
        lead_name TEXT,
        additional_names TEXT,
        vo_band TEXT,
        exemption_class TEXT
      );
      CREATE INDEX stg_fdm_exemptions_account ON stg_fdm_exemptions (account_number);
      CREATE INDEX stg_fdm_exemptions_batch_line ON stg_fdm_exemptions (_batch_id, _line);

      -- Deaths: appended entry by entry; the officer's decision is kept with the entry.
      CREATE TABLE stg_death_list (
        _row_id       INTEGER PRIMARY KEY,
        _batch_id     TEXT NOT NULL REFERENCES import_batches (id),
        _line         INTEGER NOT NULL,
        _sheet_row    INTEGER NOT NULL,
        _flagged      INTEGER NOT NULL DEFAULT 0,
        _duplicate_of INTEGER,
        _hash         TEXT NOT NULL,
        _extra        TEXT,
        _entry_id        TEXT NOT NULL UNIQUE,  -- report id and position: stable, shown to officers
        _entry_key       TEXT NOT NULL,         -- normalised name, date and address (de-duplication)
        _proposed_account TEXT,
        _proposed_name   TEXT,
        _candidates      TEXT,                  -- JSON [{account, score, reasons}]
        _status          TEXT NOT NULL DEFAULT 'unmatched' CHECK (_status IN ('unmatched', 'confirmed', 'not_found')),
        _decided_by      TEXT,
        _decided_at      TEXT,
        reference INTEGER,
        names TEXT,
        date_of_death,
        address TEXT,
        account_number TEXT,
        account_matched_name TEXT
      );
      CREATE INDEX stg_death_list_key ON stg_death_list (_entry_key);
      CREATE INDEX stg_death_list_account ON stg_death_list (account_number);

      -- Reference data shipped with the app: statutory exempt-dwelling classes (England).
      CREATE TABLE exemption_reasons (
        class  TEXT PRIMARY KEY,
        reason TEXT NOT NULL
      );

      -- Derived update 4.
      CREATE TABLE total_cash_payments (
        account_id TEXT PRIMARY KEY,
        total      INTEGER NOT NULL
      );

      -- Derived updates 1, 2 and 5 per account, kept apart from the staged values as received.
      CREATE TABLE account_derived (
        mail_merge_reference          TEXT PRIMARY KEY,
        vo_band                       TEXT,
        vo_effective_date,
        payment_method_code_updated   TEXT,
        payment_method_type_updated   TEXT,
        calculated_20_21_charge_value INTEGER,
        calculated_20_21_75_charge    INTEGER,
        formatted_occupied_date,
        days_occupied                 INTEGER,
        apportioned_charge_100        INTEGER
      );

      -- Every change a derived update made, with its before and after values.
      CREATE TABLE derived_changes (
        id         INTEGER PRIMARY KEY,
        update_no  INTEGER NOT NULL,            -- 1-5 as numbered in billing-rules.md
        account    TEXT NOT NULL,
        column_name TEXT NOT NULL,
        before     TEXT,
        after      TEXT,
        source_row TEXT,                        -- the staged row that caused it (table:row id)
        applied_at TEXT NOT NULL
      );
      CREATE INDEX derived_changes_account ON derived_changes (account);

      -- Cross-source checks, re-run after each import; each links to the rows involved.
      CREATE TABLE reconciliation_findings (
        id       INTEGER PRIMARY KEY,
        code     TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
        account  TEXT,
        source   TEXT,
        ref      TEXT,
        message  TEXT NOT NULL,
        rows     TEXT NOT NULL DEFAULT '[]',    -- JSON [{table, rowId, line}]
        checked_at TEXT NOT NULL
      );
      CREATE INDEX reconciliation_findings_code ON reconciliation_findings (code);
      CREATE INDEX reconciliation_findings_account ON reconciliation_findings (account);
    `);
  },
};
