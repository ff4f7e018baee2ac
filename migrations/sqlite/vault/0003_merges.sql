-- Merges of two subjects found to be one person, with what is needed to undo them.
ALTER TABLE subjects ADD COLUMN merged_into BLOB;

CREATE TABLE merges (
    id                TEXT PRIMARY KEY NOT NULL,
    target_id         BLOB NOT NULL,
    source_id         BLOB NOT NULL,
    created_at_us     INTEGER NOT NULL,
    created_by        TEXT NOT NULL,
    request_id        TEXT NOT NULL,
    -- JSON: field names copied from the source to the target.
    copied_fields     TEXT NOT NULL,
    -- JSON: [[id_type, blind index hex], …] moved from the source to the target.
    moved_identifiers TEXT NOT NULL,
    -- JSON: {purpose: consent record id or null}: the target's own consent before the merge,
    -- for each purpose whose state the merge changed.
    consents_before   TEXT NOT NULL,
    undone_at_us      INTEGER
);
CREATE INDEX merges_by_target ON merges (target_id);
