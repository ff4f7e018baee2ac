-- Which events a merge moved (so it can be undone). Ids only: nothing about a person.
CREATE TABLE merge_moves (
    merge_id TEXT NOT NULL,
    event_id BLOB NOT NULL,
    PRIMARY KEY (merge_id, event_id)
);
