-- Same as migrations/sqlite/behaviour/0006_event_purposes.sql.
ALTER TABLE events ADD COLUMN purposes TEXT NOT NULL DEFAULT '';

CREATE TABLE purpose_profiles (
    purpose           TEXT NOT NULL,
    pseudonym         BYTEA NOT NULL,
    first_seen_us     BIGINT NOT NULL,
    last_seen_us      BIGINT NOT NULL,
    event_count       BIGINT NOT NULL,
    order_count       BIGINT NOT NULL,
    revenue_cents     BIGINT NOT NULL,
    last_purchase_us  BIGINT,
    PRIMARY KEY (purpose, pseudonym)
);
CREATE INDEX purpose_profiles_by_pseudonym ON purpose_profiles (pseudonym);

-- Events not yet tagged (stored before this migration): found at start without a scan.
CREATE INDEX events_untagged ON events (event_type) WHERE purposes = '';
