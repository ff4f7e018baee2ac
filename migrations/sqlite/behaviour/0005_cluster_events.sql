-- Erasure deletes every event of one pseudonym. With events in a rowid table, each of those
-- deletions also removed entries from five B-trees keyed by random values (id, client event id,
-- pseudonym+time, pseudonym+type, type+time): 2 s for a customer with 100,000 events. Here the
-- table itself is ordered by pseudonym (WITHOUT ROWID), so one customer's events, and their
-- entries in the idempotency index, are contiguous pages; only the retention index
-- (type, time) is still spread out. See benches/README.md for the numbers.
--
-- Idempotency is now per pseudonym: the same (client, client event id) sent for two different
-- customers is two events; sent again for the same customer, it is a duplicate.
CREATE TABLE events_by_pseudonym_table (
    pseudonym       BLOB NOT NULL,
    occurred_at_us  INTEGER NOT NULL,
    id              BLOB NOT NULL,
    source_client   TEXT NOT NULL,
    client_event_id TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    channel         TEXT NOT NULL,
    received_at_us  INTEGER NOT NULL,
    properties      TEXT NOT NULL,
    amount_cents    INTEGER,
    currency        TEXT,
    category        TEXT,
    PRIMARY KEY (pseudonym, occurred_at_us, id)
) WITHOUT ROWID;

INSERT INTO events_by_pseudonym_table (pseudonym, occurred_at_us, id, source_client,
    client_event_id, event_type, channel, received_at_us, properties, amount_cents, currency,
    category)
SELECT pseudonym, occurred_at_us, id, source_client, client_event_id, event_type, channel,
    received_at_us, properties, amount_cents, currency, category
FROM events;

DROP TABLE events;
ALTER TABLE events_by_pseudonym_table RENAME TO events;

CREATE UNIQUE INDEX events_client_event ON events (pseudonym, source_client, client_event_id);
CREATE INDEX events_by_type_time ON events (event_type, occurred_at_us);
