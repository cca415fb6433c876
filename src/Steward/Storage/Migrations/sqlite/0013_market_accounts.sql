-- An org's connected seller accounts on a market (Cafe24 malls for now): where its API is, the sealed access token
-- (AES-GCM under SECRET_KEY, bound to the row), which boards hold the customers' questions and whether to poll them.
CREATE TABLE market_accounts (
    org_id       TEXT NOT NULL REFERENCES orgs(id),
    market_code  TEXT NOT NULL,
    account_id   TEXT NOT NULL,
    base_url     TEXT NOT NULL,
    token_sealed TEXT NOT NULL,
    boards       TEXT NOT NULL,
    member_id    TEXT NULL,
    poll         BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    created_by   TEXT NOT NULL,
    PRIMARY KEY (org_id, market_code, account_id)
);
