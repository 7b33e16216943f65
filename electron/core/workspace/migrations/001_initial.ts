import type { Migration } from './types';

// Version 1: the app's own tables and the staged Academy accounts. Later sources add their
// own numbered migrations; a migration is never edited once released.
export const migration001: Migration = {
  version: 1,
  name: 'initial workspace: batches, findings, mappings, audit log, staged accounts',
  up(db) {
    db.exec(`
      CREATE TABLE workspace_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE import_batches (
        id            TEXT PRIMARY KEY,
        source        TEXT NOT NULL,
        file_name     TEXT NOT NULL,
        file_size     INTEGER NOT NULL,
        sha256        TEXT NOT NULL,
        encoding      TEXT NOT NULL,
        line_ending   TEXT NOT NULL,
        mapping       TEXT NOT NULL,          -- JSON [{header, column}]
        rows_read     INTEGER NOT NULL DEFAULT 0,
        rows_staged   INTEGER NOT NULL DEFAULT 0,
        rows_flagged  INTEGER NOT NULL DEFAULT 0,
        rows_rejected INTEGER NOT NULL DEFAULT 0,
        money_totals  TEXT NOT NULL DEFAULT '{}', -- JSON {column: pence}
        imported_by   TEXT NOT NULL,
        imported_at   TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('active', 'superseded'))
      );
      CREATE INDEX import_batches_source ON import_batches (source, status);

      CREATE TABLE findings (
        id          INTEGER PRIMARY KEY,
        batch_id    TEXT NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
        source      TEXT NOT NULL,
        file_name   TEXT NOT NULL,
        line        INTEGER,
        column_name TEXT,
        cell_ref    TEXT,
        raw_value   TEXT,
        rule        TEXT NOT NULL,
        severity    TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
        message     TEXT NOT NULL,
        row_id      INTEGER,
        row_key     TEXT
      );
      CREATE INDEX findings_batch ON findings (batch_id, line, id);
      CREATE INDEX findings_rule ON findings (rule, severity);

      CREATE TABLE column_mappings (
        source      TEXT NOT NULL,
        header_norm TEXT NOT NULL,
        canonical   TEXT,                       -- NULL = keep unmapped
        updated_at  TEXT NOT NULL,
        updated_by  TEXT NOT NULL,
        PRIMARY KEY (source, header_norm)
      );

      CREATE TABLE audit_log (
        id         INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        actor      TEXT NOT NULL,
        action     TEXT NOT NULL,
        entity     TEXT,
        entity_key TEXT,
        before     TEXT,
        after      TEXT,
        note       TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);

      CREATE TABLE stg_accounts (
        _row_id       INTEGER PRIMARY KEY,
        _batch_id     TEXT NOT NULL REFERENCES import_batches (id),
        _line         INTEGER NOT NULL,      -- line where the record starts
        _sheet_row    INTEGER NOT NULL,      -- row number as Excel shows it (header = 1)
        _flagged      INTEGER NOT NULL DEFAULT 0,
        _duplicate_of INTEGER,
        _hash         TEXT NOT NULL,
        _extra        TEXT,                     -- JSON {header: value} of unmapped columns
        mail_merge_reference TEXT,
        account_ref TEXT, account_cd TEXT, property_ref TEXT,
        occupied_date, date_last_modified_occupancy,
        vo_band TEXT,
        vo_effective_date,
        calculated_20_21_charge, estimated_21_22_charge,
        lead_liable_title TEXT, lead_liable_forename TEXT, lead_liable_middlename TEXT, lead_liable_surname TEXT,
        lead_liable_name TEXT, lead_liable_lastname TEXT,
        lead_liable_pos TEXT, lead_liable_status TEXT, lead_consent_ind TEXT,
        for_addr1 TEXT, for_addr2 TEXT, for_addr3 TEXT, for_addr4 TEXT, for_postcode TEXT, for_district TEXT, for_addr_last_updated TEXT,
        addr1 TEXT, addr2 TEXT, addr3 TEXT, addr4 TEXT, postcode TEXT,
        payment_method_code TEXT, payment_method_type TEXT, prev_payment_method_code TEXT, prev_payment_method_type TEXT,
        employee_ind TEXT, employee_no TEXT, swipe_issue TEXT, swipe_card TEXT, hb_sar TEXT, fast_track TEXT,
        hb_archive_ind TEXT, party_ref TEXT, last_updated_int TEXT, documerge_excl_ind TEXT, fund_no TEXT,
        parish_code TEXT, street_code TEXT, house_id TEXT, nfi_spd_figures TEXT
      );
      -- Typed columns (dates, money) are declared without a type on purpose: a value that
      -- parsed is stored as ISO text or integer pence, and a flagged cell keeps its raw text.
      CREATE INDEX stg_accounts_batch_line ON stg_accounts (_batch_id, _line);
      CREATE INDEX stg_accounts_account ON stg_accounts (mail_merge_reference);
      CREATE INDEX stg_accounts_surname ON stg_accounts (lead_liable_surname COLLATE NOCASE);
      CREATE INDEX stg_accounts_postcode ON stg_accounts (postcode COLLATE NOCASE);
      CREATE INDEX stg_accounts_for_postcode ON stg_accounts (for_postcode COLLATE NOCASE);
    `);
  },
};
