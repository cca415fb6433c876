-- Per-org overrides of the partial-auto gates' settings (seed 000). Without a row an org uses the defaults from the
-- configuration (the seed's environment names).
CREATE TABLE partial_auto_settings (
    org_id     TEXT PRIMARY KEY REFERENCES orgs(id),
    settings   TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NULL
);
