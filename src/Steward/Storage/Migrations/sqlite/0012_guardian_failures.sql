-- The guardian's windows after every send: failed sends get partial indexes (org-wide and per account), so "any
-- failure in the last 24 hours?" and "how many failures in this window?" read failed rows only; the window indexes
-- carry `succeeded`, so the bounded count of all sends reads the index alone.
DROP INDEX ix_guardian_send_outcomes_org_at;
DROP INDEX ix_guardian_send_outcomes_account_at;
CREATE INDEX ix_guardian_send_outcomes_org_at ON guardian_send_outcomes (org_id, at, succeeded);
CREATE INDEX ix_guardian_send_outcomes_account_at ON guardian_send_outcomes (org_id, account_id, at, succeeded);
CREATE INDEX ix_guardian_send_outcomes_failures ON guardian_send_outcomes (org_id, at) WHERE succeeded = 0;
CREATE INDEX ix_guardian_send_outcomes_account_failures ON guardian_send_outcomes (org_id, account_id, at) WHERE succeeded = 0;
