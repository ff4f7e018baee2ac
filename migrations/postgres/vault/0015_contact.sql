-- Same as migrations/sqlite/vault/0015_contact.sql.
CREATE TABLE contact_preferences (
    subject_id    UUID PRIMARY KEY REFERENCES subjects (id) ON DELETE CASCADE,
    document      TEXT NOT NULL,
    updated_at_us BIGINT NOT NULL
);

CREATE TABLE channel_suppressions (
    subject_id UUID NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
    channel    TEXT NOT NULL,
    cause      TEXT NOT NULL,
    since_us   BIGINT NOT NULL,
    event_id   UUID,
    PRIMARY KEY (subject_id, channel, cause)
);
