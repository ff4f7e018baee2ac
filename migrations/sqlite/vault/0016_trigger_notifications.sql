-- Trigger webhooks (issue 12): a client is told that an automation rule fired for a subject
-- (action `trigger`, the rule's name in `trigger_name`), through the same signed, retried
-- delivery as the Art. 19 notifications. SQLite cannot change a CHECK: the table is rebuilt.
CREATE TABLE notifications_new (
    id                 TEXT PRIMARY KEY NOT NULL,
    client             TEXT NOT NULL,
    subject_id         BLOB NOT NULL,
    action             TEXT NOT NULL CHECK (action IN ('rectified', 'erased', 'restricted',
                                                       'restriction_lifted', 'trigger')),
    created_at_us      INTEGER NOT NULL,
    attempts           INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at_us INTEGER NOT NULL,
    delivered_at_us    INTEGER,
    last_status        INTEGER,
    last_error         TEXT CHECK (length(last_error) <= 200),
    gave_up_at_us      INTEGER,
    trigger_name       TEXT CHECK (trigger_name IS NULL OR length(trigger_name) <= 64),
    CHECK (delivered_at_us IS NULL OR gave_up_at_us IS NULL),
    CHECK ((action = 'trigger') = (trigger_name IS NOT NULL))
);
INSERT INTO notifications_new (id, client, subject_id, action, created_at_us, attempts,
    next_attempt_at_us, delivered_at_us, last_status, last_error, gave_up_at_us)
SELECT id, client, subject_id, action, created_at_us, attempts, next_attempt_at_us,
    delivered_at_us, last_status, last_error, gave_up_at_us FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_due ON notifications (next_attempt_at_us)
    WHERE delivered_at_us IS NULL AND gave_up_at_us IS NULL;
CREATE INDEX notifications_by_subject ON notifications (subject_id, id);
CREATE INDEX notifications_by_client ON notifications (client, id);
