-- LLM usage per org, day (YYYY-MM-DD in the org's time zone), provider and model: one row, upserted by every request.
CREATE TABLE llm_usage (
    org_id          TEXT NOT NULL REFERENCES orgs(id),
    day             TEXT NOT NULL,
    provider        TEXT NOT NULL,
    model           TEXT NOT NULL,
    requests        BIGINT NOT NULL,
    failed_requests BIGINT NOT NULL,
    input_tokens    BIGINT NOT NULL,
    output_tokens   BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (org_id, day, provider, model)
);
