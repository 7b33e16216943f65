import type { Migration } from './types';

// The staged tables as version 5 found them (a migration never reads the live catalog,
// which may grow later).
const STAGED_TABLES = [
  'stg_accounts',
  'stg_fdm_bills',
  'stg_fdm_exemptions',
  'stg_working_age_ctr',
  'stg_valuation_office_bands',
  'stg_vo_bands_breakdown',
  'stg_direct_debit_discrepancies',
  'stg_cash_payments',
  'stg_death_list',
];

// Version 5: the officer's review (sources.md, "Re-importing"; issue 5). Edits, exclusions
// and finding states are kept by source and the row's natural key, not by row id, so they
// are re-applied when the same row arrives again in a later import. Each staged row gets:
//   _row_key  its natural key plus its occurrence in file order ("355465826#2" is the second
//             row with that account number), or "line <n>" for a source without a key;
//   _excluded 1 when an officer excluded it (it then takes no part, like a flagged row);
//   _edited   JSON list of the columns an officer corrected.
export const migration005: Migration = {
  version: 5,
  name: 'review: row keys, exclusions, edits, finding states, undo',
  up(db) {
    for (const t of STAGED_TABLES) {
      db.exec(`
        ALTER TABLE ${t} ADD COLUMN _row_key TEXT;
        ALTER TABLE ${t} ADD COLUMN _excluded INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE ${t} ADD COLUMN _edited TEXT;
        CREATE INDEX ${t}_row_key ON ${t} (_row_key);
      `);
    }
    db.exec(`
      -- The finding's stable key within its source and rule, and the _row_key of its staged
      -- row (see review/rowKeys.ts).
      ALTER TABLE findings ADD COLUMN fkey TEXT;
      ALTER TABLE findings ADD COLUMN row_ref TEXT;
      CREATE INDEX findings_fkey ON findings (source, rule, fkey);
      CREATE INDEX findings_row ON findings (source, row_id);

      -- An officer's correction of one cell. original is the value as first imported (JSON).
      CREATE TABLE row_edits (
        id          INTEGER PRIMARY KEY,
        source      TEXT NOT NULL,
        row_key     TEXT NOT NULL,
        column_name TEXT NOT NULL,
        original    TEXT,
        value       TEXT,                 -- JSON of the staged value
        typed       TEXT NOT NULL,        -- what the officer typed
        note        TEXT,
        by          TEXT NOT NULL,
        at          TEXT NOT NULL,
        UNIQUE (source, row_key, column_name)
      );

      CREATE TABLE row_exclusions (
        source  TEXT NOT NULL,
        row_key TEXT NOT NULL,
        note    TEXT NOT NULL,
        by      TEXT NOT NULL,
        at      TEXT NOT NULL,
        PRIMARY KEY (source, row_key)
      );

      -- open is the absence of a row. A validation finding is also excluded while its row is.
      -- A cross-source finding that a correction or exclusion settled disappears from the
      -- checks; its severity, account and message are kept here so it is still listed (as
      -- fixed or excluded) rather than silently gone.
      CREATE TABLE finding_states (
        kind   TEXT NOT NULL CHECK (kind IN ('validation', 'reconciliation')),
        source TEXT NOT NULL,
        rule   TEXT NOT NULL,
        fkey   TEXT NOT NULL,
        state  TEXT NOT NULL CHECK (state IN ('reviewed', 'fixed', 'excluded')),
        note   TEXT,
        by     TEXT NOT NULL,
        at     TEXT NOT NULL,
        severity TEXT,
        account  TEXT,
        message  TEXT,
        PRIMARY KEY (kind, source, rule, fkey)
      );

      -- Each undoable change: what to put back (JSON), and whether it was undone.
      CREATE TABLE undo_log (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL,
        label     TEXT NOT NULL,
        payload   TEXT NOT NULL,
        undone_at TEXT
      );
      CREATE INDEX undo_log_actor ON undo_log (actor, id);
      CREATE INDEX audit_log_actor ON audit_log (actor, at);
      CREATE INDEX audit_log_entity_key ON audit_log (entity_key);
    `);
  },
};
