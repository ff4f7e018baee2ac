-- Consent statistics (GET /v1/consent-statistics): the ledger counted by recording time,
-- purpose, source and status. Covering, so the count reads the index alone, never the rows'
-- evidence.
CREATE INDEX consent_records_by_recorded_at
    ON consent_records (recorded_at_us, purpose, source, status);
