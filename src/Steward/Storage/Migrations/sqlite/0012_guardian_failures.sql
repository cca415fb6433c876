-- Failed sends only: the guardian asks "any failure in the last 24 hours?" after every successful send, and skips its
-- window counts when there is none.
CREATE INDEX ix_guardian_send_outcomes_failures ON guardian_send_outcomes (org_id, at) WHERE succeeded = 0;
