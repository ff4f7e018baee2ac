-- Data-subject requests (GDPR Art. 15-22) and their legal deadline (Art. 12(3)). No personal
-- data: a subject named by an identifier is resolved to its id through the blind index and the
-- identifier itself is not stored; reasons are short codes or texts checked for identifiers.
-- Same tables as migrations/sqlite/vault/0005_dsr.sql.

CREATE TABLE dsr_requests (
    id               TEXT PRIMARY KEY NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure',
                                                   'restriction', 'objection', 'portability')),
    -- NULL until the request is tied to a subject of the vault (or if none is ever found).
    subject_id       UUID,
    channel          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('received', 'verified', 'completed',
                                                     'rejected')),
    received_at_us   BIGINT NOT NULL,
    -- The last microsecond of the day the answer is due (see service/dsr.rs, due_date).
    due_at_us        BIGINT NOT NULL,
    extended         BOOLEAN NOT NULL DEFAULT FALSE,
    extension_reason TEXT,
    verified_at_us   BIGINT,
    closed_at_us     BIGINT,
    outcome_reason   TEXT,
    created_at_us    BIGINT NOT NULL,
    created_by       TEXT NOT NULL,
    request_id       TEXT NOT NULL,
    CHECK ((status IN ('completed', 'rejected')) = (closed_at_us IS NOT NULL)),
    CHECK (status <> 'rejected' OR outcome_reason IS NOT NULL),
    CHECK (extended OR extension_reason IS NULL)
);
CREATE INDEX dsr_requests_by_due ON dsr_requests (due_at_us, id);
CREATE INDEX dsr_requests_by_status ON dsr_requests (status, due_at_us);
CREATE INDEX dsr_requests_by_subject ON dsr_requests (subject_id);

-- A closed request is final, and what identifies a request never changes.
CREATE FUNCTION dsr_requests_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status IN ('completed', 'rejected')
       OR NEW.id <> OLD.id
       OR NEW.kind <> OLD.kind
       OR NEW.received_at_us <> OLD.received_at_us
       OR NEW.created_by <> OLD.created_by THEN
        RAISE EXCEPTION 'dsr_requests: closed requests and request identity are immutable';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER dsr_requests_guard BEFORE UPDATE ON dsr_requests
    FOR EACH ROW EXECUTE FUNCTION dsr_requests_guard();

-- The history of each request, append-only: one row per step.
CREATE TABLE dsr_events (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dsr_id     TEXT NOT NULL REFERENCES dsr_requests (id),
    action     TEXT NOT NULL,
    at_us      BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    reason     TEXT,
    request_id TEXT NOT NULL
);
CREATE INDEX dsr_events_by_request ON dsr_events (dsr_id, seq);

CREATE FUNCTION dsr_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'dsr_events is append-only';
END;
$$;
CREATE TRIGGER dsr_events_no_update BEFORE UPDATE OR DELETE ON dsr_events
    FOR EACH ROW EXECUTE FUNCTION dsr_events_append_only();
