-- A DPO's documented assessment of an objection to a legitimate-interest purpose whose policy
-- claims compelling grounds (objection_stops = false, Art. 21(1)): until one is recorded, the
-- purpose is stopped for the subject (Art. 18(1)(d)). `overridden`: the grounds override the
-- objection, which then no longer counts (it stays in the ledger); `upheld`: it stands.
-- Append-only; `objection_seq` is the objection row assessed, so a new objection needs a new
-- assessment.
CREATE TABLE objection_assessments (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_id     BLOB NOT NULL,
    scope          TEXT NOT NULL,
    objection_seq  INTEGER NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('overridden', 'upheld')),
    grounds        TEXT NOT NULL,
    recorded_at_us INTEGER NOT NULL,
    recorded_by    TEXT NOT NULL,
    request_id     TEXT NOT NULL
);
CREATE INDEX objection_assessments_by_objection ON objection_assessments (objection_seq);
CREATE INDEX objection_assessments_by_subject ON objection_assessments (subject_id);

-- Append-only like the other ledgers: no change ever, rows go only with an erasure.
CREATE TRIGGER objection_assessments_no_update BEFORE UPDATE ON objection_assessments
BEGIN
    SELECT RAISE(ABORT, 'objection_assessments is append-only');
END;
CREATE TRIGGER objection_assessments_no_delete BEFORE DELETE ON objection_assessments
WHEN NOT EXISTS (SELECT 1 FROM erasure_jobs j
                 WHERE j.subject_id = OLD.subject_id AND j.state = 'pending')
BEGIN
    SELECT RAISE(ABORT, 'objection_assessments is append-only (rows go only with an erasure)');
END;
