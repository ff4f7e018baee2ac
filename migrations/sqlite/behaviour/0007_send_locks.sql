-- A counted send (a contact decision with record_send) first writes this row for its pseudonym
-- and channel, then counts the week's message_sent events and stores its own: two senders
-- racing for the last place under a frequency cap are serialised on the row (issue 11). It
-- holds no count and nothing about a person; erasure deletes it with the pseudonym's events.
CREATE TABLE send_locks (
    pseudonym BLOB NOT NULL,
    channel   TEXT NOT NULL,
    sends     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (pseudonym, channel)
);
