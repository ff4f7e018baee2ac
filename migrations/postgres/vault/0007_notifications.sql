-- Recipient notifications (GDPR Art. 19): one row per client to tell that a subject whose data
-- it received was rectified, erased or restricted, with its delivery state. No personal data:
-- the subject's random id, the client id, the action word, times, and the outcome of the last
-- attempt as an HTTP status or a short reason (never a response body).
-- Same table as migrations/sqlite/vault/0007_notifications.sql.

CREATE TABLE notifications (
    id                 TEXT PRIMARY KEY NOT NULL,
    client             TEXT NOT NULL,
    subject_id         UUID NOT NULL,
    action             TEXT NOT NULL CHECK (action IN ('rectified', 'erased', 'restricted',
                                                       'restriction_lifted')),
    created_at_us      BIGINT NOT NULL,
    attempts           INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- When the next attempt is due; while an attempt runs, the end of its lease.
    next_attempt_at_us BIGINT NOT NULL,
    delivered_at_us    BIGINT,
    last_status        INTEGER,
    last_error         TEXT CHECK (length(last_error) <= 200),
    gave_up_at_us      BIGINT,
    CHECK (delivered_at_us IS NULL OR gave_up_at_us IS NULL)
);
-- The delivery worker's question: what is due and still open.
CREATE INDEX notifications_due ON notifications (next_attempt_at_us)
    WHERE delivered_at_us IS NULL AND gave_up_at_us IS NULL;
CREATE INDEX notifications_by_subject ON notifications (subject_id, id);
CREATE INDEX notifications_by_client ON notifications (client, id);
