-- The vault store: personal data, only ever as ciphertext, plus the audit log.

-- One row per customer. The data key is stored only wrapped by a master key (KEK); deleting the
-- row is crypto-shredding. The pseudonym (the link to the behaviour store) is encrypted under the
-- subject's data key; pseudonym_index is its keyed hash, the way back for segments.
CREATE TABLE subjects (
    id              BLOB PRIMARY KEY NOT NULL,
    kek_version     INTEGER NOT NULL,
    wrapped_dek     BLOB NOT NULL,
    pseudonym_ct    BLOB NOT NULL,
    pseudonym_index BLOB NOT NULL UNIQUE,
    created_at_us   INTEGER NOT NULL,
    updated_at_us   INTEGER NOT NULL
);

-- One AES-256-GCM ciphertext per personal field (AAD binds subject and field name).
CREATE TABLE subject_fields (
    subject_id BLOB NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    ciphertext BLOB NOT NULL,
    PRIMARY KEY (subject_id, field)
);

-- Channel identifiers: an HMAC blind index to find the subject, the value encrypted beside it.
CREATE TABLE subject_identifiers (
    id_type       TEXT NOT NULL,
    blind_index   BLOB NOT NULL,
    subject_id    BLOB NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
    ciphertext    BLOB NOT NULL,
    created_at_us INTEGER NOT NULL,
    PRIMARY KEY (id_type, blind_index)
);
CREATE INDEX subject_identifiers_by_subject ON subject_identifiers (subject_id);

-- Append-only, hash-chained: hash = SHA-256(prev_hash || canonical entry). Never a field value.
CREATE TABLE audit_log (
    seq             INTEGER PRIMARY KEY NOT NULL,
    at_us           INTEGER NOT NULL,
    actor_id        TEXT NOT NULL,
    actor_role      TEXT NOT NULL,
    action          TEXT NOT NULL,
    subject_id      TEXT,
    purpose         TEXT,
    fields_given    TEXT NOT NULL,
    fields_withheld TEXT NOT NULL,
    decision        TEXT NOT NULL,
    reason          TEXT,
    request_id      TEXT NOT NULL,
    prev_hash       BLOB NOT NULL,
    hash            BLOB NOT NULL
);
CREATE INDEX audit_log_by_subject ON audit_log (subject_id, seq);
CREATE INDEX audit_log_by_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_by_time ON audit_log (at_us);

-- The chain's head: the one row every writer locks first, so writers on many server instances
-- append one after another and the chain never forks.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash BLOB NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, zeroblob(32));

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
