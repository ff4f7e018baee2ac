-- Same as migrations/sqlite/vault/0004_erasure.sql.
CREATE TABLE erased_subjects (
    subject_id    UUID PRIMARY KEY,
    erased_at_us  BIGINT NOT NULL,
    receipt       TEXT NOT NULL,
    receipt_hash  TEXT NOT NULL
);

CREATE TABLE erasure_jobs (
    subject_id     UUID PRIMARY KEY,
    pseudonym      BYTEA,
    state          TEXT NOT NULL CHECK (state IN ('pending', 'done')),
    events_deleted BIGINT,
    started_at_us  BIGINT NOT NULL,
    finished_at_us BIGINT,
    requested_by   TEXT NOT NULL,
    request_id     TEXT NOT NULL
);

CREATE TABLE suppressed_identifiers (
    id_type       TEXT NOT NULL,
    blind_index   BYTEA NOT NULL,
    erased_at_us  BIGINT NOT NULL,
    PRIMARY KEY (id_type, blind_index)
);

ALTER TABLE subjects ADD COLUMN suppression_match BOOLEAN NOT NULL DEFAULT FALSE;
