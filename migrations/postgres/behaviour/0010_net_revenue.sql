-- Aggregates are added to on ingest (a batch's new events), not rebuilt from every event of the
-- customer: revenue is net of returns and never below zero, so the running sum before that
-- floor is kept beside it, or a purchase after a large return would be counted from zero.
ALTER TABLE pseudonym_profiles ADD COLUMN net_revenue_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE purpose_profiles ADD COLUMN net_revenue_cents BIGINT NOT NULL DEFAULT 0;
UPDATE pseudonym_profiles SET net_revenue_cents = COALESCE((
    SELECT CAST(SUM(CASE WHEN e.event_type = 'purchase' THEN e.amount_cents
        WHEN e.event_type = 'return' THEN -e.amount_cents ELSE 0 END) AS BIGINT)
    FROM events e
    WHERE e.pseudonym = pseudonym_profiles.pseudonym AND e.event_type <> 'message_sent'), 0);
-- The per-purpose rows depend on each purpose's period, which only the policy knows: they are
-- rebuilt from the events at the next start (`tag_untagged_events` finds them empty).
DELETE FROM purpose_profiles;
