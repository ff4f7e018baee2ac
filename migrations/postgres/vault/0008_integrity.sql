-- Same as migrations/sqlite/vault/0008_integrity.sql.
ALTER TABLE erasure_jobs ADD COLUMN person_id UUID;

ALTER TABLE merges ADD COLUMN events_moved BOOLEAN NOT NULL DEFAULT TRUE;
CREATE INDEX subjects_by_merged_into ON subjects (merged_into);

CREATE TRIGGER consent_records_no_delete BEFORE DELETE ON consent_records
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- Objections and restrictions: DELETE only while the subject's erasure job is pending.
CREATE FUNCTION ledger_delete_only_in_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM erasure_jobs j
               WHERE j.subject_id = OLD.subject_id AND j.state = 'pending') THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only (rows go only with an erasure)', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER objections_no_delete BEFORE DELETE ON objections
    FOR EACH ROW EXECUTE FUNCTION ledger_delete_only_in_erasure();
CREATE TRIGGER restrictions_no_delete BEFORE DELETE ON restrictions
    FOR EACH ROW EXECUTE FUNCTION ledger_delete_only_in_erasure();
