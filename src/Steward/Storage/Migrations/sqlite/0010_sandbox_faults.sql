-- Failures an admin injects into an org's sandbox shop, so the guardian and reconciliation can be seen working in the
-- demo: the next `remaining` replies to its boards are refused ('refuse') or stored with their answer lost ('lost').
CREATE TABLE sandbox_faults (
    org_id    TEXT PRIMARY KEY REFERENCES orgs(id),
    mode      TEXT NOT NULL CHECK (mode IN ('refuse', 'lost')),
    remaining INTEGER NOT NULL CHECK (remaining >= 0),
    set_at    BIGINT NOT NULL,
    set_by    TEXT NOT NULL
);
