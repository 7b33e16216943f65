import type { Migration } from './types';

// Version 3: bill runs (billing-rules.md, "Bill numbers, barcodes, runs"). A run records its
// settings, counts, totals and the SHA-256 of every file it wrote; its bills and its excluded
// accounts are kept row by row so later runs can continue the bill numbers and know what an
// approved run has billed.
export const migration003: Migration = {
  version: 3,
  name: 'bill runs: runs, their bills and their exclusions',
  up(db) {
    db.exec(`
      CREATE TABLE bill_runs (
        id                TEXT PRIMARY KEY,
        number            INTEGER NOT NULL UNIQUE,   -- 1, 2, 3… in the order runs were made
        created_at        TEXT NOT NULL,
        created_by        TEXT NOT NULL,
        settings          TEXT NOT NULL,             -- JSON BillingSettings
        status            TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'released')),
        reissue           INTEGER NOT NULL DEFAULT 0,
        first_bill_number INTEGER,                   -- NULL when the run has no bills
        last_bill_number  INTEGER,
        counts            TEXT NOT NULL,             -- JSON {rowsRead, profiles: {…}, reasons: {…}, …}
        totals            TEXT NOT NULL,             -- JSON {template: {bills, gross, discount, net}} in pence
        files             TEXT NOT NULL,             -- JSON {file name: {bytes, sha256}}
        out_dir           TEXT,
        approved_by       TEXT,
        approved_at       TEXT,
        approval_note     TEXT
      );

      CREATE TABLE run_bills (
        run_id           TEXT NOT NULL REFERENCES bill_runs (id) ON DELETE CASCADE,
        account          TEXT NOT NULL,
        profile          TEXT NOT NULL,
        template         TEXT NOT NULL CHECK (template IN ('dd_100', 'dd_75', 'cash_100', 'cash_75')),
        bill_number      INTEGER NOT NULL,
        gross            INTEGER NOT NULL,           -- pence
        discount         INTEGER NOT NULL,
        net              INTEGER NOT NULL,
        first_instalment INTEGER NOT NULL,
        other_instalment INTEGER NOT NULL,
        instalments      INTEGER NOT NULL,
        barcode          TEXT NOT NULL DEFAULT '',   -- cash templates only
        PRIMARY KEY (run_id, account),
        UNIQUE (run_id, bill_number)
      );
      CREATE INDEX run_bills_account ON run_bills (account);
      CREATE INDEX run_bills_bill_number ON run_bills (bill_number);

      CREATE TABLE run_exclusions (
        run_id  TEXT NOT NULL REFERENCES bill_runs (id) ON DELETE CASCADE,
        account TEXT NOT NULL,
        code    TEXT NOT NULL,
        detail  TEXT NOT NULL,
        PRIMARY KEY (run_id, account, code)
      );
      CREATE INDEX run_exclusions_account ON run_exclusions (account);
    `);
  },
};
