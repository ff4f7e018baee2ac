-- Retention deletes events by type and age: this index keeps that from scanning every event.
CREATE INDEX events_by_type_time ON events (event_type, occurred_at_us);
