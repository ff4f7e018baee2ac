-- Same as migrations/sqlite/behaviour/0007_send_locks.sql.
CREATE TABLE send_locks (
    pseudonym BYTEA NOT NULL,
    channel   TEXT NOT NULL,
    sends     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (pseudonym, channel)
);
