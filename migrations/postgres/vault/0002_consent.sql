-- The consent ledger and the subject's Art. 18 / Art. 21 state. All three tables are
-- append-only: the current state is derived from the newest record (highest seq).
-- Same tables as migrations/sqlite/vault/0002_consent.sql.

CREATE TABLE consent_records (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              UUID NOT NULL UNIQUE,
    subject_id      UUID NOT NULL,
    purpose         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('granted', 'withdrawn', 'refused')),
    legal_basis     TEXT NOT NULL,
    source          TEXT NOT NULL,
    collected_at_us BIGINT NOT NULL,
    recorded_at_us  BIGINT NOT NULL,
    policy_version  TEXT NOT NULL,
    evidence        TEXT NOT NULL,
    expires_at_us   BIGINT,
    operator_id     TEXT,
    recorded_by     TEXT NOT NULL,
    request_id      TEXT NOT NULL
);
CREATE INDEX consent_records_by_subject ON consent_records (subject_id, purpose, seq);

CREATE TABLE objections (
    seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_id     UUID NOT NULL,
    scope          TEXT NOT NULL,
    source         TEXT NOT NULL,
    recorded_at_us BIGINT NOT NULL,
    recorded_by    TEXT NOT NULL,
    request_id     TEXT NOT NULL
);
CREATE INDEX objections_by_subject ON objections (subject_id, seq);

CREATE TABLE restrictions (
    seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_id     UUID NOT NULL,
    restricted     BOOLEAN NOT NULL,
    reason         TEXT,
    recorded_at_us BIGINT NOT NULL,
    recorded_by    TEXT NOT NULL,
    request_id     TEXT NOT NULL
);
CREATE INDEX restrictions_by_subject ON restrictions (subject_id, seq);

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER consent_records_no_update BEFORE UPDATE ON consent_records
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER objections_no_update BEFORE UPDATE ON objections
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER restrictions_no_update BEFORE UPDATE ON restrictions
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
