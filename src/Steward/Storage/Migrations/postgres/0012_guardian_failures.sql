-- The guardian counts sends and failures in its windows after sends: the window indexes carry `succeeded`, so the
-- counts read the index alone. Failed sends also get their own partial index: after every successful send the guardian
-- asks "any failure in the last 24 hours?" and skips the counts when there is none.
DROP INDEX ix_guardian_send_outcomes_org_at;
DROP INDEX ix_guardian_send_outcomes_account_at;
CREATE INDEX ix_guardian_send_outcomes_org_at ON guardian_send_outcomes (org_id, at, succeeded);
CREATE INDEX ix_guardian_send_outcomes_account_at ON guardian_send_outcomes (org_id, account_id, at, succeeded);
CREATE INDEX ix_guardian_send_outcomes_failures ON guardian_send_outcomes (org_id, at) WHERE succeeded = 0;
