-- Twin of migrations/sqlite/behaviour/0005_cluster_events.sql. PostgreSQL has no clustered
-- tables to switch to; what both engines must share is the idempotency rule: the same
-- (client, client event id) is a duplicate only for the same pseudonym.
ALTER TABLE events DROP CONSTRAINT events_source_client_client_event_id_key;
CREATE UNIQUE INDEX events_client_event ON events (pseudonym, source_client, client_event_id);
-- events_by_pseudonym (pseudonym, occurred_at_us) already serves per-customer reads by type.
DROP INDEX events_by_pseudonym_type;
