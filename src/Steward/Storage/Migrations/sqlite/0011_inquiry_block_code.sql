-- The gate's stable reason code next to its words (block_reason), so the review queue can be filtered by why an
-- inquiry was not sent automatically, and shadow mode's would-be sends can be counted.
ALTER TABLE inquiries ADD COLUMN block_code TEXT NULL;
CREATE INDEX ix_inquiries_block_code ON inquiries (org_id, block_code, created_at);
