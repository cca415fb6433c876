-- Knowledge base: documents (versioned, soft-deleted), their chunks, and a per-org revision that tells every instance
-- when to rebuild its in-memory search index.
CREATE TABLE kb_documents (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES orgs(id),
    source       TEXT NOT NULL,
    title        TEXT NOT NULL,
    format       TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    version      INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER NULL
);
CREATE UNIQUE INDEX ux_kb_documents_live_source ON kb_documents (org_id, source) WHERE deleted_at IS NULL;

CREATE TABLE kb_chunks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    document_id TEXT NOT NULL REFERENCES kb_documents(id),
    ordinal     INTEGER NOT NULL,
    heading     TEXT NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX ix_kb_chunks_org ON kb_chunks (org_id, document_id, ordinal);

CREATE TABLE kb_state (
    org_id   TEXT PRIMARY KEY REFERENCES orgs(id),
    revision INTEGER NOT NULL
);
