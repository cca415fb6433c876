-- The guardian (seed 000's rollback triggers): its switches per org, the append-only history of every change, and its
-- own record of send outcomes, which the failure rules count over. Flags are 0/1 BIGINTs; timestamps epoch ms.
-- A switch is one row per (org, switch, account): account_id is '' for the org-wide switches (global_test_mode,
-- partial_auto_off, shadow_mode) and the account for account_lock.
CREATE TABLE guardian_switches (
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    switch_name TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    is_on       BIGINT NOT NULL,
    changed_at  BIGINT NOT NULL,
    changed_by  TEXT NOT NULL,
    rule        TEXT NULL,
    reason      TEXT NOT NULL,
    PRIMARY KEY (org_id, switch_name, account_id)
);

CREATE TABLE guardian_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    at          BIGINT NOT NULL,
    switch_name TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    is_on       BIGINT NOT NULL,
    changed_by  TEXT NOT NULL,
    rule        TEXT NULL,
    reason      TEXT NOT NULL,
    data        TEXT NULL
);
CREATE INDEX ix_guardian_events_org ON guardian_events (org_id, id);
CREATE TRIGGER guardian_events_append_only_update BEFORE UPDATE ON guardian_events
BEGIN
    SELECT RAISE(ABORT, 'guardian_events is append-only');
END;
CREATE TRIGGER guardian_events_append_only_delete BEFORE DELETE ON guardian_events
BEGIN
    SELECT RAISE(ABORT, 'guardian_events is append-only');
END;

CREATE TABLE guardian_send_outcomes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    at          BIGINT NOT NULL,
    market_code TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    inquiry_id  TEXT NOT NULL,
    succeeded   BIGINT NOT NULL,
    error       TEXT NULL
);
-- The org-wide windows (one hour, 24 hours, the daily buckets) and the per-account ones (streak, 24 hours).
CREATE INDEX ix_guardian_send_outcomes_org_at ON guardian_send_outcomes (org_id, at);
CREATE INDEX ix_guardian_send_outcomes_account_at ON guardian_send_outcomes (org_id, account_id, at);
