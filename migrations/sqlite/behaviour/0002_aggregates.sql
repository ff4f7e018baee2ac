-- Values the aggregates need, lifted out of the properties at ingest so that both engines can
-- sum and filter them in plain SQL. Still no identifier of any person.
ALTER TABLE events ADD COLUMN amount_cents INTEGER;
ALTER TABLE events ADD COLUMN currency TEXT;
ALTER TABLE events ADD COLUMN category TEXT;
CREATE INDEX events_by_pseudonym_type ON events (pseudonym, event_type);

-- One row per pseudonym, rebuilt from its events after every change (ingest, merge, erasure):
-- what segments filter on, so a query over 100,000 customers reads 100,000 rows, not every event.
CREATE TABLE pseudonym_profiles (
    pseudonym         BLOB PRIMARY KEY NOT NULL,
    first_seen_us     INTEGER NOT NULL,
    last_seen_us      INTEGER NOT NULL,
    event_count       INTEGER NOT NULL,
    order_count       INTEGER NOT NULL,
    revenue_cents     INTEGER NOT NULL,
    last_purchase_us  INTEGER
);
CREATE INDEX pseudonym_profiles_by_revenue ON pseudonym_profiles (revenue_cents);
