-- Foundation: organisations, people and keys that act for them, the audit trail, shared rate-limit counters,
-- and the Data Protection key ring (so every instance can read every other instance's cookies).
-- Timestamps are UTC epoch milliseconds.
CREATE TABLE orgs (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    time_zone   TEXT NOT NULL DEFAULT 'Asia/Seoul',
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES orgs(id),
    username      TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    disabled_at   BIGINT NULL,
    UNIQUE (org_id, username)
);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES orgs(id),
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    created_by   TEXT NULL,
    last_used_at BIGINT NULL,
    revoked_at   BIGINT NULL
);
CREATE INDEX ix_api_keys_org ON api_keys (org_id);

CREATE TABLE audit_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    occurred_at BIGINT NOT NULL,
    actor_type  TEXT NOT NULL,
    actor_id    TEXT NULL,
    action      TEXT NOT NULL,
    target      TEXT NULL,
    outcome     TEXT NOT NULL,
    client_ip   TEXT NULL,
    details     TEXT NULL
);
CREATE INDEX ix_audit_events_org ON audit_events (org_id, id);
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TABLE rate_limit_counters (
    bucket       TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    count        BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX ix_rate_limit_counters_expiry ON rate_limit_counters (expires_at);

CREATE TABLE data_protection_keys (
    id         TEXT PRIMARY KEY,
    xml        TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
