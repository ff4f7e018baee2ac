-- Same as migrations/sqlite/behaviour/0002_aggregates.sql.
ALTER TABLE events ADD COLUMN amount_cents BIGINT;
ALTER TABLE events ADD COLUMN currency TEXT;
ALTER TABLE events ADD COLUMN category TEXT;
CREATE INDEX events_by_pseudonym_type ON events (pseudonym, event_type);

CREATE TABLE pseudonym_profiles (
    pseudonym         BYTEA PRIMARY KEY,
    first_seen_us     BIGINT NOT NULL,
    last_seen_us      BIGINT NOT NULL,
    event_count       BIGINT NOT NULL,
    order_count       BIGINT NOT NULL,
    revenue_cents     BIGINT NOT NULL,
    last_purchase_us  BIGINT
);
CREATE INDEX pseudonym_profiles_by_revenue ON pseudonym_profiles (revenue_cents);
