import type { Migration } from './types';

// Version 4: officer overrides and the workspace's billing-year settings (billing-rules.md,
// "Exclusion reasons" and "Billing-year settings"). An override is never deleted: removing one
// stamps removed_by/removed_at, so the history stays; at most one is active per account.
export const migration004: Migration = {
  version: 4,
  name: 'overrides and billing settings',
  up(db) {
    db.exec(`
      CREATE TABLE overrides (
        id          INTEGER PRIMARY KEY,
        account     TEXT NOT NULL,
        action      TEXT NOT NULL CHECK (action IN ('force_profile', 'exclude')),
        profile     TEXT,                          -- the forced profile (force_profile only)
        note        TEXT NOT NULL CHECK (length(trim(note)) > 0),
        created_by  TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        removed_by  TEXT,
        removed_at  TEXT,
        CHECK ((action = 'force_profile') = (profile IS NOT NULL))
      );
      CREATE UNIQUE INDEX overrides_active_account ON overrides (account) WHERE removed_at IS NULL;
      CREATE INDEX overrides_account ON overrides (account);

      CREATE TABLE billing_settings (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        settings    TEXT NOT NULL,                 -- JSON BillingSettings
        updated_by  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );
    `);
  },
};
