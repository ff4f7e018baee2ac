-- The consent ledger and the subject's Art. 18 / Art. 21 state. All three tables are
-- append-only: the current state is derived from the newest record (highest seq).

CREATE TABLE consent_records (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              BLOB NOT NULL UNIQUE,
    subject_id      BLOB NOT NULL,
    purpose         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('granted', 'withdrawn', 'refused')),
    legal_basis     TEXT NOT NULL,
    source          TEXT NOT NULL,
    collected_at_us INTEGER NOT NULL,
    recorded_at_us  INTEGER NOT NULL,
    policy_version  TEXT NOT NULL,
    evidence        TEXT NOT NULL,
    expires_at_us   INTEGER,
    operator_id     TEXT,
    recorded_by     TEXT NOT NULL,
    request_id      TEXT NOT NULL
);
CREATE INDEX consent_records_by_subject ON consent_records (subject_id, purpose, seq);

-- Objections (Art. 21). scope: 'purpose:<id>', 'direct_marketing' or 'sale_or_sharing'.
CREATE TABLE objections (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_id     BLOB NOT NULL,
    scope          TEXT NOT NULL,
    source         TEXT NOT NULL,
    recorded_at_us INTEGER NOT NULL,
    recorded_by    TEXT NOT NULL,
    request_id     TEXT NOT NULL
);
CREATE INDEX objections_by_subject ON objections (subject_id, seq);

-- Restriction of processing (Art. 18): set and lifted as records; the newest one counts.
CREATE TABLE restrictions (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_id     BLOB NOT NULL,
    restricted     BOOLEAN NOT NULL,
    reason         TEXT,
    recorded_at_us INTEGER NOT NULL,
    recorded_by    TEXT NOT NULL,
    request_id     TEXT NOT NULL
);
CREATE INDEX restrictions_by_subject ON restrictions (subject_id, seq);

CREATE TRIGGER consent_records_no_update BEFORE UPDATE ON consent_records
BEGIN
    SELECT RAISE(ABORT, 'consent_records is append-only');
END;
CREATE TRIGGER objections_no_update BEFORE UPDATE ON objections
BEGIN
    SELECT RAISE(ABORT, 'objections is append-only');
END;
CREATE TRIGGER restrictions_no_update BEFORE UPDATE ON restrictions
BEGIN
    SELECT RAISE(ABORT, 'restrictions is append-only');
END;
