-- What stays after erasure stays for a documented period only (Recital 26; issue 17): the
-- consent records kept as proof (Art. 7(1)) and the suppression list go once the period after
-- the erasure has passed (retention deletes them, service/retention.rs). Consent records may
-- therefore be deleted, but only those of an erased subject; every other DELETE is refused.
DROP TRIGGER consent_records_no_delete;
CREATE TRIGGER consent_records_no_delete BEFORE DELETE ON consent_records
WHEN NOT EXISTS (SELECT 1 FROM erased_subjects e WHERE e.subject_id = OLD.subject_id)
BEGIN
    SELECT RAISE(ABORT, 'consent_records is append-only (proof of an erased subject expires)');
END;
-- The suppression list keeps only what an opt-out needs: email and phone.
DELETE FROM suppressed_identifiers WHERE id_type NOT IN ('email', 'phone');
CREATE INDEX erased_subjects_by_time ON erased_subjects (erased_at_us);
CREATE INDEX suppressed_identifiers_by_time ON suppressed_identifiers (erased_at_us);
