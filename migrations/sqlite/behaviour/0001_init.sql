-- The behaviour store: events keyed by a random pseudonym. No subject id, no identifier, no
-- personal field: handing this database to an analytics team hands over no person.
CREATE TABLE events (
    id              BLOB PRIMARY KEY NOT NULL,
    pseudonym       BLOB NOT NULL,
    source_client   TEXT NOT NULL,
    client_event_id TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    channel         TEXT NOT NULL,
    occurred_at_us  INTEGER NOT NULL,
    received_at_us  INTEGER NOT NULL,
    properties      TEXT NOT NULL,
    UNIQUE (source_client, client_event_id)
);
CREATE INDEX events_by_pseudonym ON events (pseudonym, occurred_at_us);
