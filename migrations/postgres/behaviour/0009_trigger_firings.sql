-- Same as migrations/sqlite/behaviour/0009_trigger_firings.sql.
CREATE TABLE trigger_firings (
    trigger_name  TEXT NOT NULL,
    pseudonym     BYTEA NOT NULL,
    anchor_id     UUID NOT NULL,
    outcome       TEXT NOT NULL,
    decided_at_us BIGINT NOT NULL,
    not_before_us BIGINT,
    PRIMARY KEY (trigger_name, pseudonym, anchor_id)
);
CREATE INDEX trigger_firings_by_pseudonym ON trigger_firings (pseudonym);
