-- The merge index holds only merged-away subjects: the look-ups that follow a merge
-- (`merged_into = $1`) still use it, and a look-up of live subjects by id (`merged_into IS
-- NULL AND id IN (…)`, every batch of contact decisions and of events) can no longer be
-- planned through it. SQLite did, and walked every live subject of the vault for each batch
-- (170 ms per 500 ids out of 100,000; benches/README.md, 2026-12-06).
DROP INDEX subjects_by_merged_into;
CREATE INDEX subjects_by_merged_into ON subjects (merged_into) WHERE merged_into IS NOT NULL;
