-- Contact decisions (issue 11).
--
-- Communication preferences: what the customer chose, per channel, and when not to be contacted.
-- Only explicit choices are stored (a JSON document); what is left out falls back to the
-- defaults of policies/contact.toml when read. No identifier, no personal field: per-channel
-- switches and caps, quiet hours with a time zone, a channel and a language code.
CREATE TABLE contact_preferences (
    subject_id    BLOB PRIMARY KEY NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
    document      TEXT NOT NULL,
    updated_at_us INTEGER NOT NULL
);

-- Channels a customer may not be reached on, and why: `hard_bounce` (the address does not exist;
-- lifted when the address is rectified) or `spam_complaint` (marketing only; lifted by a later
-- consent grant for a purpose on the channel). `event_id` names the event in the behaviour
-- store that caused it (an id, nothing about the person).
CREATE TABLE channel_suppressions (
    subject_id BLOB NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
    channel    TEXT NOT NULL,
    cause      TEXT NOT NULL,
    since_us   INTEGER NOT NULL,
    event_id   BLOB,
    PRIMARY KEY (subject_id, channel, cause)
);
