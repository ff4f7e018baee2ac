-- Same as migrations/sqlite/vault/0014_time_limited_proof.sql.
CREATE FUNCTION consent_delete_only_after_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM erased_subjects e WHERE e.subject_id = OLD.subject_id) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only (proof of an erased subject expires)', TG_TABLE_NAME;
END;
$$;
DROP TRIGGER consent_records_no_delete ON consent_records;
CREATE TRIGGER consent_records_no_delete BEFORE DELETE ON consent_records
    FOR EACH ROW EXECUTE FUNCTION consent_delete_only_after_erasure();
DELETE FROM suppressed_identifiers WHERE id_type NOT IN ('email', 'phone');
CREATE INDEX erased_subjects_by_time ON erased_subjects (erased_at_us);
CREATE INDEX suppressed_identifiers_by_time ON suppressed_identifiers (erased_at_us);
