//! Whether a customer needs attention (issue 11), from the events one purpose may see: a spam
//! complaint or a review rated 1 or 2 in the last 90 days, two returns in the last 30 days, a
//! support contact with negative sentiment in the last 30 days (the rules:
//! [`AttentionReason`]). The profile counts them per reason; segments select on them.
//!
//! A rating and a sentiment live in the event's properties. Both engines store them as the
//! compact JSON text ingest writes (serde_json: no spaces, keys sorted), and a string value
//! is written with its quotes escaped, so `"rating":1` or `"sentiment":"negative"` matches the
//! property itself and never text inside another value: a `LIKE` needs no JSON functions,
//! which differ between engines.

use sqlx::Row;

use crate::domain::AttentionReason;

/// The SQL condition on an `events e` row for each reason's events, without its time window
/// (`$since90` and `$since30` name the parameters holding the windows' starts).
macro_rules! attention_events {
    (spam_complaint) => {
        "e.event_type = 'spam_complaint'"
    };
    (low_review) => {
        "(e.event_type = 'review' AND (e.properties LIKE '%\"rating\":1%' \
         OR e.properties LIKE '%\"rating\":2%'))"
    };
    (repeated_returns) => {
        "e.event_type = 'return'"
    };
    (negative_support_contact) => {
        "(e.event_type = 'support_contact' AND e.properties LIKE '%\"sentiment\":\"negative\"%')"
    };
}
pub(super) use attention_events;

/// Whether pseudonym `a.pseudonym` needs attention in the events collected for a purpose
/// (`$pattern`) within its period (`$since`): a condition that is `TRUE` or `FALSE`, never
/// `NULL`.
macro_rules! needs_attention {
    ($pattern:literal, $since:literal, $since90:literal, $since30:literal) => {
        concat!(
            "(EXISTS (SELECT 1 FROM events e WHERE e.pseudonym = a.pseudonym \
             AND e.purposes LIKE CAST(",
            $pattern,
            " AS TEXT) ESCAPE '!' AND e.occurred_at_us >= ",
            $since,
            " AND ((e.occurred_at_us >= ",
            $since90,
            " AND (",
            $crate::store::attention::attention_events!(spam_complaint),
            " OR ",
            $crate::store::attention::attention_events!(low_review),
            ")) OR (e.occurred_at_us >= ",
            $since30,
            " AND ",
            $crate::store::attention::attention_events!(negative_support_contact),
            "))) OR (SELECT COUNT(*) FROM events e WHERE e.pseudonym = a.pseudonym \
             AND e.purposes LIKE CAST(",
            $pattern,
            " AS TEXT) ESCAPE '!' AND e.occurred_at_us >= ",
            $since,
            " AND e.occurred_at_us >= ",
            $since30,
            " AND ",
            $crate::store::attention::attention_events!(repeated_returns),
            ") >= 2)"
        )
    };
}
pub(super) use needs_attention;

/// Per reason, how many of pseudonym `$1`'s events in scope `$2`, `$3` fall in its window
/// (`$4` the start of the 90-day window, `$5` of the 30-day one: [`windows`]).
pub(super) const COUNTS_SQL: &str = concat!(
    "SELECT \
     CAST(COALESCE(SUM(CASE WHEN e.occurred_at_us >= $4 AND ",
    attention_events!(spam_complaint),
    " THEN 1 ELSE 0 END), 0) AS BIGINT) AS spam_complaint, \
     CAST(COALESCE(SUM(CASE WHEN e.occurred_at_us >= $4 AND ",
    attention_events!(low_review),
    " THEN 1 ELSE 0 END), 0) AS BIGINT) AS low_review, \
     CAST(COALESCE(SUM(CASE WHEN e.occurred_at_us >= $5 AND ",
    attention_events!(repeated_returns),
    " THEN 1 ELSE 0 END), 0) AS BIGINT) AS repeated_returns, \
     CAST(COALESCE(SUM(CASE WHEN e.occurred_at_us >= $5 AND ",
    attention_events!(negative_support_contact),
    " THEN 1 ELSE 0 END), 0) AS BIGINT) AS negative_support_contact \
     FROM events e WHERE e.pseudonym = $1 AND e.purposes LIKE CAST($2 AS TEXT) ESCAPE '!' \
     AND e.occurred_at_us >= $3 AND e.occurred_at_us >= $4"
);

/// The starts of the 90- and 30-day windows as of `now_us`.
pub(super) fn windows(now_us: i64) -> (i64, i64) {
    (
        AttentionReason::SpamComplaint.since_us(now_us),
        AttentionReason::RepeatedReturns.since_us(now_us),
    )
}

/// Per attention reason, the number of events that count for it in a row of [`COUNTS_SQL`].
pub(super) fn counts_from<R: Row>(r: &R) -> Result<Vec<(AttentionReason, i64)>, sqlx::Error>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    i64: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    AttentionReason::ALL
        .into_iter()
        .map(|reason| Ok((reason, r.try_get::<i64, _>(reason.as_str())?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_windows_follow_the_reasons() {
        const DAY_US: i64 = 86_400_000_000;
        assert_eq!(windows(100 * DAY_US), (10 * DAY_US, 70 * DAY_US));
        for r in AttentionReason::ALL {
            assert!(COUNTS_SQL.contains(&format!("AS {}", r.as_str())), "{r:?}");
        }
    }
}
