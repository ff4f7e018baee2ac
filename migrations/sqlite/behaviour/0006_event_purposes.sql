-- The purposes each event was collected for (ePrivacy and Art. 5(1)(b)): `|purpose|…|`, so a
-- purpose reads and aggregates only what was collected for it. Events stored before this
-- migration get theirs at the next start (BehaviourStore::tag_untagged_events).
ALTER TABLE events ADD COLUMN purposes TEXT NOT NULL DEFAULT '';

-- The aggregates of each pseudonym as each purpose may see them: only events collected for the
-- purpose and within its retention period (as of the last rebuild). What segments filter on.
CREATE TABLE purpose_profiles (
    purpose           TEXT NOT NULL,
    pseudonym         BLOB NOT NULL,
    first_seen_us     INTEGER NOT NULL,
    last_seen_us      INTEGER NOT NULL,
    event_count       INTEGER NOT NULL,
    order_count       INTEGER NOT NULL,
    revenue_cents     INTEGER NOT NULL,
    last_purchase_us  INTEGER,
    PRIMARY KEY (purpose, pseudonym)
);
CREATE INDEX purpose_profiles_by_pseudonym ON purpose_profiles (pseudonym);

-- Events not yet tagged (stored before this migration): found at start without a scan.
CREATE INDEX events_untagged ON events (event_type) WHERE purposes = '';
