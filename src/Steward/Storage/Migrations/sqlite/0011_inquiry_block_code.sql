-- The gate's stable reason code next to its words (block_reason), so the review queue can be filtered by why an
-- inquiry was not sent automatically, and shadow mode's would-be sends can be counted (per day: the created_at index).
ALTER TABLE inquiries ADD COLUMN block_code TEXT NULL;
CREATE INDEX ix_inquiries_block_code ON inquiries (org_id, block_code, created_at);
CREATE INDEX ix_inquiries_created ON inquiries (org_id, created_at);
