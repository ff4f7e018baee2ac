-- Same as migrations/sqlite/vault/0003_merges.sql.
ALTER TABLE subjects ADD COLUMN merged_into UUID;

CREATE TABLE merges (
    id                TEXT PRIMARY KEY,
    target_id         UUID NOT NULL,
    source_id         UUID NOT NULL,
    created_at_us     BIGINT NOT NULL,
    created_by        TEXT NOT NULL,
    request_id        TEXT NOT NULL,
    copied_fields     TEXT NOT NULL,
    moved_identifiers TEXT NOT NULL,
    consents_before   TEXT NOT NULL,
    undone_at_us      BIGINT
);
CREATE INDEX merges_by_target ON merges (target_id);
