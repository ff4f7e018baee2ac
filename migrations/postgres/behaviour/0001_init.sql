-- The behaviour store: events keyed by a random pseudonym. No subject id, no identifier, no
-- personal field. Same tables as migrations/sqlite/behaviour/0001_init.sql.
CREATE TABLE events (
    id              UUID PRIMARY KEY,
    pseudonym       BYTEA NOT NULL,
    source_client   TEXT NOT NULL,
    client_event_id TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    channel         TEXT NOT NULL,
    occurred_at_us  BIGINT NOT NULL,
    received_at_us  BIGINT NOT NULL,
    properties      TEXT NOT NULL,
    UNIQUE (source_client, client_event_id)
);
CREATE INDEX events_by_pseudonym ON events (pseudonym, occurred_at_us);
