-- Inquiries: customers' questions from the marketplaces, what drafting and the gates decided, and where the reply is.
-- id is Steward's key; (market_code, account_id, market_inquiry_id) is the market's, unique per org so ingestion is
-- idempotent. send_status is NULL until a send is claimed; SENDING rows carry sending_since for reconciliation.
-- cs_metadata mirrors send_status, send_attempts, last_send_error and sent_at as JSON. Timestamps are UTC epoch ms.
CREATE TABLE inquiries (
    org_id            TEXT NOT NULL REFERENCES orgs(id),
    id                TEXT NOT NULL,
    market_code       TEXT NOT NULL,
    account_id        TEXT NOT NULL,
    market_inquiry_id TEXT NOT NULL,
    customer_text     TEXT NOT NULL,
    product_ref       TEXT NULL,
    order_ref         TEXT NULL,
    status            TEXT NOT NULL,
    send_status       TEXT NULL CHECK (send_status IS NULL OR send_status IN ('SENDING', 'SENT', 'SEND_FAILED')),
    send_attempts     BIGINT NOT NULL DEFAULT 0,
    last_send_error   TEXT NULL,
    sent_at           BIGINT NULL,
    sending_since     BIGINT NULL,
    intent            TEXT NULL,
    confidence        DOUBLE PRECISION NULL,
    draft             TEXT NULL,
    final_text        TEXT NULL,
    block_reason      TEXT NULL,
    gate_logs         TEXT NULL,
    cs_metadata       TEXT NOT NULL DEFAULT '{}',
    bot_context       TEXT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX ux_inquiries_market ON inquiries (org_id, market_code, account_id, market_inquiry_id);
CREATE INDEX ix_inquiries_status ON inquiries (org_id, status, created_at);
CREATE INDEX ix_inquiries_account_sent ON inquiries (org_id, account_id, send_status, sent_at);
CREATE INDEX ix_inquiries_sending ON inquiries (send_status, sending_since);
-- What the sender workers pick: automatic sends not yet claimed, oldest first.
CREATE INDEX ix_inquiries_due ON inquiries (status, created_at) WHERE send_status IS NULL;

-- Replies the sandbox shop received, one row per reply: a market may hold several replies to one question, so a
-- duplicate send is visible here rather than absorbed.
CREATE TABLE sandbox_replies (
    reply_no   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES orgs(id),
    board_no   BIGINT NOT NULL,
    article_no BIGINT NOT NULL,
    content    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    FOREIGN KEY (org_id, board_no, article_no) REFERENCES sandbox_articles (org_id, board_no, article_no)
);
CREATE INDEX ix_sandbox_replies_question ON sandbox_replies (org_id, board_no, article_no);
