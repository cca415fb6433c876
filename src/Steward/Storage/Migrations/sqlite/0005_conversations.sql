-- Conversations: the live sessions (their last messages and slots, so a restart or another instance continues them),
-- every answered turn (append-only: the audit trail outlives the session), and what callers said about the answers.
-- A session id may be reused after its session expired: each life of an id is a new generation, and a turn belongs
-- to the generation it was answered in.
CREATE TABLE conversation_sessions (
    org_id         TEXT NOT NULL REFERENCES orgs(id),
    id             TEXT NOT NULL,
    generation     BIGINT NOT NULL,
    user_id        TEXT NULL,
    channel        TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    last_active_at BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    turn_count     BIGINT NOT NULL,
    slots          TEXT NOT NULL,
    context        TEXT NOT NULL,
    PRIMARY KEY (org_id, id)
);
CREATE INDEX ix_conversation_sessions_expiry ON conversation_sessions (expires_at);

CREATE TABLE conversation_turns (
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    id          TEXT NOT NULL,
    session_id  TEXT NOT NULL,
    generation  BIGINT NOT NULL,
    seq         BIGINT NOT NULL,
    channel     TEXT NOT NULL,
    at          BIGINT NOT NULL,
    user_text   TEXT NOT NULL,
    answer      TEXT NOT NULL,
    intent      TEXT NOT NULL,
    confidence  REAL NOT NULL,
    grounded    BIGINT NOT NULL CHECK (grounded IN (0, 1)),
    flags       TEXT NOT NULL,
    bot_context TEXT NULL,
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, session_id, generation, seq)
);
CREATE TRIGGER conversation_turns_append_only_update BEFORE UPDATE ON conversation_turns
BEGIN
    SELECT RAISE(ABORT, 'conversation_turns is append-only');
END;
CREATE TRIGGER conversation_turns_append_only_delete BEFORE DELETE ON conversation_turns
BEGIN
    SELECT RAISE(ABORT, 'conversation_turns is append-only');
END;

-- One rating per caller and turn: rating again replaces it. rating is 1 (helpful) or -1 (not helpful).
CREATE TABLE feedback (
    org_id     TEXT NOT NULL REFERENCES orgs(id),
    id         TEXT NOT NULL,
    turn_id    TEXT NOT NULL,
    session_id TEXT NOT NULL,
    rating     BIGINT NOT NULL CHECK (rating IN (-1, 1)),
    comment    TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, turn_id, created_by),
    FOREIGN KEY (org_id, turn_id) REFERENCES conversation_turns (org_id, id)
);
CREATE INDEX ix_feedback_org_created ON feedback (org_id, created_at);
