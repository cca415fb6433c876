-- Tools: per-org policies, the append-only ledger of every tool call, approvals waiting for a person, and what the
-- commerce tools write (tickets, restock subscriptions, the notifications sent), plus external MCP servers.
CREATE TABLE tool_policies (
    org_id            TEXT NOT NULL REFERENCES orgs(id),
    tool              TEXT NOT NULL,
    enabled           BIGINT NOT NULL CHECK (enabled IN (0, 1)),
    requires_approval BIGINT NOT NULL CHECK (requires_approval IN (0, 1)),
    calls_per_minute  BIGINT NOT NULL CHECK (calls_per_minute >= 0),
    updated_at        BIGINT NOT NULL,
    updated_by        TEXT NULL,
    PRIMARY KEY (org_id, tool)
);

CREATE TABLE tool_calls (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       TEXT NOT NULL REFERENCES orgs(id),
    occurred_at  BIGINT NOT NULL,
    session_id   TEXT NULL,
    caller_type  TEXT NOT NULL,
    caller_id    TEXT NULL,
    tool         TEXT NOT NULL,
    mode         TEXT NOT NULL,
    arguments    TEXT NOT NULL,
    decision     TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    error_code   TEXT NULL,
    latency_us   BIGINT NOT NULL,
    approval_id  TEXT NULL,
    bot_context  TEXT NULL
);
CREATE INDEX ix_tool_calls_org ON tool_calls (org_id, id);
CREATE INDEX ix_tool_calls_org_tool ON tool_calls (org_id, tool, id);
CREATE INDEX ix_tool_calls_org_session ON tool_calls (org_id, session_id, id);
CREATE TRIGGER tool_calls_append_only_update BEFORE UPDATE ON tool_calls
BEGIN
    SELECT RAISE(ABORT, 'tool_calls is append-only');
END;
CREATE TRIGGER tool_calls_append_only_delete BEFORE DELETE ON tool_calls
BEGIN
    SELECT RAISE(ABORT, 'tool_calls is append-only');
END;

CREATE TABLE tool_approvals (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id),
    tool        TEXT NOT NULL,
    arguments   TEXT NOT NULL,
    session_id  TEXT NULL,
    caller_type TEXT NOT NULL,
    caller_id   TEXT NULL,
    bot_context TEXT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at  BIGINT NOT NULL,
    decided_at  BIGINT NULL,
    decided_by  TEXT NULL,
    reason      TEXT NULL,
    result      TEXT NULL
);
CREATE INDEX ix_tool_approvals_org ON tool_approvals (org_id, status, created_at);

CREATE TABLE tickets (
    org_id         TEXT NOT NULL REFERENCES orgs(id),
    id             TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    category       TEXT NOT NULL,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL,
    customer_name  TEXT NULL,
    customer_phone TEXT NULL,
    order_id       TEXT NULL,
    session_id     TEXT NULL,
    created_by     TEXT NULL,
    PRIMARY KEY (org_id, id)
);
CREATE INDEX ix_tickets_org_created ON tickets (org_id, created_at);

CREATE TABLE restock_subscriptions (
    org_id          TEXT NOT NULL REFERENCES orgs(id),
    id              TEXT NOT NULL,
    product_no      BIGINT NOT NULL,
    contact         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    session_id      TEXT NULL,
    notified_at     BIGINT NULL,
    notification_id TEXT NULL,
    PRIMARY KEY (org_id, id)
);
-- One waiting subscription per contact and product: subscribing twice is the same subscription.
CREATE UNIQUE INDEX ux_restock_waiting ON restock_subscriptions (org_id, product_no, contact) WHERE notified_at IS NULL;
CREATE INDEX ix_restock_product ON restock_subscriptions (org_id, product_no, notified_at);

CREATE TABLE notifications (
    org_id     TEXT NOT NULL REFERENCES orgs(id),
    id         TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    channel    TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    message    TEXT NOT NULL,
    reference  TEXT NULL,
    PRIMARY KEY (org_id, id)
);
CREATE INDEX ix_notifications_org_created ON notifications (org_id, created_at);

CREATE TABLE mcp_servers (
    org_id           TEXT NOT NULL REFERENCES orgs(id),
    name             TEXT NOT NULL,
    transport        TEXT NOT NULL CHECK (transport IN ('stdio', 'http')),
    command          TEXT NULL,
    arguments        TEXT NULL,
    url              TEXT NULL,
    secret_protected TEXT NULL,
    created_at       BIGINT NOT NULL,
    created_by       TEXT NULL,
    PRIMARY KEY (org_id, name)
);
