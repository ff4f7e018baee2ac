-- Retention looks for subjects inactive since a cut-off.
CREATE INDEX subjects_by_updated ON subjects (updated_at_us);
