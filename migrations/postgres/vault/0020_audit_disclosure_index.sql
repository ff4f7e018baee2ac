-- The subject index of the audit log covers only what it is searched for: allowed
-- disclosures to clients, the Art. 15 answer's recipients and disclosures and the Art. 19
-- notifications' recipients (`VaultStore::subject_disclosures`, `disclosure_recipients`).
-- Every other entry (contact decisions, consent changes, collection, DPO actions, refusals)
-- no longer writes a random leaf of it: that leaf was half the cost of a batch of contact
-- decisions (benches/README.md, 2026-12-06). The DPO's audit search walks the log in seq
-- order and never used it.
--
-- The action list is `crate::audit::DISCLOSURE_ACTIONS`, written out as the queries write it
-- (`disclosed!` in src/store/audit.rs), so that their WHERE implies this one; the test
-- `store::audit::tests::subject_disclosures_are_read_through_the_partial_index` fails when
-- they part.
DROP INDEX audit_log_by_subject;
CREATE INDEX audit_log_disclosures ON audit_log (subject_id, seq)
    WHERE decision = 'allowed' AND actor_role = 'client'
      AND action IN ('subject.read', 'subject.lookup', 'profile.read', 'events.read',
                     'segment.query', 'recommendations.read', 'preferences.read');
