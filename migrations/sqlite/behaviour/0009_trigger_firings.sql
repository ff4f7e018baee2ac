-- What each automation rule did for each candidate (issue 12), so a rule fires once per
-- starting event: `anchor_id` is the event that started it. `outcome` is `pending` while a run
-- decides, then `allow`, `defer` (due again at `not_before_us`) or `deny`. Pseudonyms and event
-- ids only; erasure deletes a pseudonym's rows with its events.
CREATE TABLE trigger_firings (
    trigger_name  TEXT NOT NULL,
    pseudonym     BLOB NOT NULL,
    anchor_id     BLOB NOT NULL,
    outcome       TEXT NOT NULL,
    decided_at_us INTEGER NOT NULL,
    not_before_us INTEGER,
    PRIMARY KEY (trigger_name, pseudonym, anchor_id)
);
CREATE INDEX trigger_firings_by_pseudonym ON trigger_firings (pseudonym);
