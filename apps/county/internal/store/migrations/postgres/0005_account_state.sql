-- An account can be disabled and enabled again, and deleted. A deleted
-- account keeps its row, without a password hash, so that the audit log's
-- actors stay unambiguous and its name is never given to someone else.
-- 0 means not disabled and not deleted.
ALTER TABLE county_accounts ADD COLUMN disabled_us BIGINT NOT NULL DEFAULT 0;
ALTER TABLE county_accounts ADD COLUMN deleted_us BIGINT NOT NULL DEFAULT 0;
