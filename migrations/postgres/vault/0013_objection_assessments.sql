-- Same as migrations/sqlite/vault/0013_objection_assessments.sql.
CREATE TABLE objection_assessments (
    seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_id     UUID NOT NULL,
    scope          TEXT NOT NULL,
    objection_seq  BIGINT NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('overridden', 'upheld')),
    grounds        TEXT NOT NULL,
    recorded_at_us BIGINT NOT NULL,
    recorded_by    TEXT NOT NULL,
    request_id     TEXT NOT NULL
);
CREATE INDEX objection_assessments_by_objection ON objection_assessments (objection_seq);
CREATE INDEX objection_assessments_by_subject ON objection_assessments (subject_id);

-- Append-only like the other ledgers: no change ever, rows go only with an erasure.
CREATE TRIGGER objection_assessments_no_update BEFORE UPDATE ON objection_assessments
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER objection_assessments_no_delete BEFORE DELETE ON objection_assessments
    FOR EACH ROW EXECUTE FUNCTION ledger_delete_only_in_erasure();
