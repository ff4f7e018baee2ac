-- Objections can be withdrawn (Art. 21: the subject may lift an objection, e.g. to subscribe
-- again). A withdrawal is a new row of the append-only `objections` ledger with
-- `withdrawn = TRUE`, never a change or a delete of the objection: the state of a scope is
-- its newest row (highest seq), and a scope is in force while that row is an objection.
-- `collected_at_us` and `evidence` (a JSON object of the consent ledger's evidence keys) say
-- when and how the withdrawal was collected; objections recorded before this migration, and
-- objections in general, leave them empty.
-- Same columns as migrations/postgres/vault/0009_objection_withdrawals.sql.

ALTER TABLE objections ADD COLUMN withdrawn BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE objections ADD COLUMN collected_at_us INTEGER;
ALTER TABLE objections ADD COLUMN evidence TEXT;

-- The newest row per scope of a subject (decision inputs, withdrawals, the segments' bulk
-- pre-filter).
CREATE INDEX objections_by_scope ON objections (subject_id, scope, seq);
