-- Master-key rotation (`custodia keys rotate`) walks the data keys of one master-key version
-- in id order, and every start counts the data keys under versions the keyring lacks: both
-- through this index.
CREATE INDEX subjects_by_kek_version ON subjects (kek_version, id);

-- Public fingerprints (never the keys) of the keys whose silent change would break what is
-- stored: `index`, the blind-index key (every look-up index and the suppression list), and
-- `derive`, the root of the consent-receipt signing key and the webhook secrets. Recorded at
-- the first start; a start with a keyring that gives other keys is refused.
CREATE TABLE key_marks (
    name           TEXT PRIMARY KEY NOT NULL,
    key_id         TEXT NOT NULL,
    recorded_at_us INTEGER NOT NULL
);
