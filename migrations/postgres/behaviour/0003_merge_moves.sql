-- Same as migrations/sqlite/behaviour/0003_merge_moves.sql.
CREATE TABLE merge_moves (
    merge_id TEXT NOT NULL,
    event_id UUID NOT NULL,
    PRIMARY KEY (merge_id, event_id)
);
