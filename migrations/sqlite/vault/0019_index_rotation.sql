-- Blind-index key rotation (`custodia keys rotate-index`): the public id (a fingerprint, never
-- the key) of the index key each subject's identifier indexes and pseudonym index are made
-- under. NULL: made before this migration, under the key recorded as `index` in key_marks.
-- The rotation walks the subjects not under the new key in id order through the index.
ALTER TABLE subjects ADD COLUMN index_key TEXT;
CREATE INDEX subjects_by_index_key ON subjects (index_key, id);

-- The suppression list cannot be recomputed under a new key (it holds keyed hashes only):
-- each entry keeps the id of the key it was made under, so `keys status` can count the
-- entries a `retired-index:` keyring line is still needed for.
ALTER TABLE suppressed_identifiers ADD COLUMN index_key TEXT;
