-- Erasure (Art. 17): a tombstone per erased subject (so its id answers 410 Gone), the erasure
-- job that spans both stores (resumed at start if a process died in the middle), and the
-- suppression list of erased identifiers (keyed hashes only).
CREATE TABLE erased_subjects (
    subject_id    BLOB PRIMARY KEY NOT NULL,
    erased_at_us  INTEGER NOT NULL,
    -- The erasure receipt (counts and times, no personal data) and its SHA-256.
    receipt       TEXT NOT NULL,
    receipt_hash  TEXT NOT NULL
);

CREATE TABLE erasure_jobs (
    subject_id     BLOB PRIMARY KEY NOT NULL,
    -- The behaviour-store key, held only while the job runs; cleared when it is done.
    pseudonym      BLOB,
    state          TEXT NOT NULL CHECK (state IN ('pending', 'done')),
    events_deleted INTEGER,
    started_at_us  INTEGER NOT NULL,
    finished_at_us INTEGER,
    requested_by   TEXT NOT NULL,
    request_id     TEXT NOT NULL
);

CREATE TABLE suppressed_identifiers (
    id_type       TEXT NOT NULL,
    blind_index   BLOB NOT NULL,
    erased_at_us  INTEGER NOT NULL,
    PRIMARY KEY (id_type, blind_index)
);

-- A new subject that carries an identifier of an erased one is flagged, and batch imports
-- may not give it marketing consent.
ALTER TABLE subjects ADD COLUMN suppression_match BOOLEAN NOT NULL DEFAULT FALSE;
