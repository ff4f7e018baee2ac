-- The vault store: personal data, only ever as ciphertext, plus the audit log.
-- Same tables and meaning as migrations/sqlite/vault/0001_init.sql.

CREATE TABLE subjects (
    id              UUID PRIMARY KEY,
    kek_version     BIGINT NOT NULL,
    wrapped_dek     BYTEA NOT NULL,
    pseudonym_ct    BYTEA NOT NULL,
    pseudonym_index BYTEA NOT NULL UNIQUE,
    created_at_us   BIGINT NOT NULL,
    updated_at_us   BIGINT NOT NULL
);

CREATE TABLE subject_fields (
    subject_id UUID NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    ciphertext BYTEA NOT NULL,
    PRIMARY KEY (subject_id, field)
);

CREATE TABLE subject_identifiers (
    id_type       TEXT NOT NULL,
    blind_index   BYTEA NOT NULL,
    subject_id    UUID NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
    ciphertext    BYTEA NOT NULL,
    created_at_us BIGINT NOT NULL,
    PRIMARY KEY (id_type, blind_index)
);
CREATE INDEX subject_identifiers_by_subject ON subject_identifiers (subject_id);

CREATE TABLE audit_log (
    seq             BIGINT PRIMARY KEY,
    at_us           BIGINT NOT NULL,
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
    prev_hash       BYTEA NOT NULL,
    hash            BYTEA NOT NULL
);
CREATE INDEX audit_log_by_subject ON audit_log (subject_id, seq);
CREATE INDEX audit_log_by_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_by_time ON audit_log (at_us);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash BYTEA NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
