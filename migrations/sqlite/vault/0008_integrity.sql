-- Integrity where merges, erasure and the ledgers meet (issue 18).

-- An erasure erases the whole person: the subject named and every subject merged into it
-- (transitively). Each erased subject has its own job row (its pseudonym, its events); they
-- share the person's id, so a resumed erasure finishes them together, with one receipt.
ALTER TABLE erasure_jobs ADD COLUMN person_id BLOB;

-- A merge is decided in one vault transaction; the events move afterwards (another store). A
-- merge whose events have not moved yet is completed at the next start. Merges recorded before
-- this column existed moved their events first, so they count as moved.
ALTER TABLE merges ADD COLUMN events_moved BOOLEAN NOT NULL DEFAULT TRUE;
CREATE INDEX subjects_by_merged_into ON subjects (merged_into);

-- The ledgers refuse DELETE. Consent records are kept even after erasure (Art. 7(1) proof,
-- no personal data); objections and restrictions go only with their subject's erasure, while
-- its job is pending (src/store/erasure.rs, finish_erasure).
CREATE TRIGGER consent_records_no_delete BEFORE DELETE ON consent_records
BEGIN
    SELECT RAISE(ABORT, 'consent_records is append-only');
END;
CREATE TRIGGER objections_no_delete BEFORE DELETE ON objections
WHEN NOT EXISTS (SELECT 1 FROM erasure_jobs j
                 WHERE j.subject_id = OLD.subject_id AND j.state = 'pending')
BEGIN
    SELECT RAISE(ABORT, 'objections is append-only (rows go only with an erasure)');
END;
CREATE TRIGGER restrictions_no_delete BEFORE DELETE ON restrictions
WHEN NOT EXISTS (SELECT 1 FROM erasure_jobs j
                 WHERE j.subject_id = OLD.subject_id AND j.state = 'pending')
BEGIN
    SELECT RAISE(ABORT, 'restrictions is append-only (rows go only with an erasure)');
END;
