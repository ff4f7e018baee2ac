-- Same as migrations/sqlite/vault/0012_erasure_blocked.sql.
ALTER TABLE subjects ADD COLUMN blocked_until_us BIGINT;
