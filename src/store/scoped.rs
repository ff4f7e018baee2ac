//! The behaviour store as one purpose sees it (ePrivacy, Art. 5(1)(b) and (e)): each event
//! carries the purposes it was collected for (`events.purposes`, written `|a|b|`), and a
//! purpose reads and aggregates only those events, and only within its own retention period.
//! Segments read `purpose_profiles`, the per-purpose aggregates rebuilt with every change to a
//! pseudonym's events and refreshed as events age out of a purpose's period
//! ([`BehaviourStore::refresh_purpose_profiles`]).

use sqlx::Row;

use super::attention::needs_attention;
use super::behaviour::{
    add_to_profile, aggregate_from, aggregate_select, event_from, lock_pseudonyms,
    net_revenue_column, new_events_cte, order_columns, profile_columns, pseudonym_lock_keys,
    rebuild_profiles,
};
use super::positional::{numbered, EngineSql};
use super::{now_us, on_db, Aggregate, BehaviourStore, ChannelStats, SegmentFilter, StoreError};
use crate::domain::{EventQuery, EventRecord};

/// The aggregates of pseudonym `$1`'s events that scope `$2` (pattern), `$3` (since) may see.
pub(super) const SCOPED_AGGREGATE: &str = concat!(
    "SELECT CAST(COALESCE(MIN(occurred_at_us), 0) AS BIGINT) AS first_seen_us, \
     CAST(COALESCE(MAX(occurred_at_us), 0) AS BIGINT) AS last_seen_us, \
     COUNT(*) AS event_count, ",
    order_columns!(),
    " FROM events WHERE pseudonym = $1 AND purposes LIKE CAST($2 AS TEXT) ESCAPE '!' \
     AND occurred_at_us >= $3"
);

/// Activity per channel of pseudonym `$1` in scope `$2`, `$3`, over `types` event types
/// bound from `$4` on.
pub(super) fn channel_stats_sql(types: usize) -> String {
    format!(
        "SELECT channel, MIN(occurred_at_us) AS first_seen_us, MAX(occurred_at_us) AS last_seen_us, \
         COUNT(*) AS events FROM events WHERE pseudonym = $1 \
         AND purposes LIKE CAST($2 AS TEXT) ESCAPE '!' AND occurred_at_us >= $3 AND event_type IN ({}) \
         GROUP BY channel ORDER BY channel",
        numbered(4, types)
    )
}

pub(super) fn channel_stats_from<R: Row>(r: &R) -> Result<ChannelStats, sqlx::Error>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    i64: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    String: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(ChannelStats {
        channel: r.try_get("channel")?,
        first_seen_us: r.try_get("first_seen_us")?,
        last_seen_us: r.try_get("last_seen_us")?,
        events: r.try_get("events")?,
    })
}

/// The most frequent categories (at most `$2`) of pseudonym `$1` in scope `$3`, `$4`, over
/// `types` event types bound from `$5` on.
pub(super) fn top_categories_sql(types: usize) -> String {
    format!(
        "SELECT category, COUNT(*) AS n FROM events WHERE pseudonym = $1 \
         AND category IS NOT NULL AND purposes LIKE CAST($3 AS TEXT) ESCAPE '!' AND occurred_at_us >= $4 \
         AND event_type IN ({}) GROUP BY category ORDER BY n DESC, category LIMIT $2",
        numbered(5, types)
    )
}

/// A purpose and how long it may use what was collected for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurposeWindow {
    pub purpose: String,
    pub retention_days: u32,
    /// The period runs from the end of the datum's year (see
    /// [`crate::policy::Purpose::retention_cutoff_us`]).
    pub from_year_end: bool,
}

impl PurposeWindow {
    /// The `LIKE` pattern (escape `!`) that matches a `purposes` tag holding this purpose;
    /// `_` is a wildcard in `LIKE`, so it is escaped. Bound through a cast
    /// (`CAST($n AS TEXT)`), never as a bare parameter after `LIKE`: SQLite marks a statement
    /// whose `LIKE` pattern is a bare parameter to be prepared again whenever that parameter
    /// is bound (the pattern might allow an index), so every scoped read parsed and planned
    /// its statement anew (a seventh of a profile read's CPU). The cast is the same text, and
    /// the statement stays prepared.
    pub(super) fn pattern(&self) -> String {
        format!("%|{}|%", self.purpose.replace('_', "!_"))
    }

    /// Events that occurred before this are past the purpose's retention period.
    pub(super) fn since_us(&self, now_us: i64) -> i64 {
        crate::policy::retention_cutoff_us(now_us, self.retention_days, self.from_year_end)
    }

    /// What this purpose may read now.
    pub fn scope(&self, now_us: i64) -> EventScope {
        EventScope {
            purpose: self.purpose.clone(),
            pattern: self.pattern(),
            since_us: self.since_us(now_us),
        }
    }
}

/// One purpose's view of the events: collected for it, and not older than `since_us`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventScope {
    pub(crate) purpose: String,
    pub(super) pattern: String,
    pub(super) since_us: i64,
}

impl EventScope {
    /// The `LIKE` pattern (escape `!`) of the purpose's tag, for queries in other store files.
    pub(super) fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The oldest event time the purpose may still use.
    pub(super) fn since_us(&self) -> i64 {
        self.since_us
    }

    /// Every event, whatever it was collected for and however old: the data subject's own
    /// access (Art. 15), never a purpose's read.
    pub fn everything() -> Self {
        Self {
            purpose: String::new(),
            pattern: "%".to_owned(),
            since_us: i64::MIN,
        }
    }
}

/// The `purposes` column for an event collected for `purposes`: `|a|b|`.
pub fn purposes_tag<'a>(purposes: impl IntoIterator<Item = &'a str>) -> String {
    let mut tag = String::from("|");
    for p in purposes {
        tag.push_str(p);
        tag.push('|');
    }
    tag
}

/// Deletes a pseudonym's per-purpose aggregates (`$1`).
pub(super) const PURPOSE_REBUILD_DELETE: &str = "DELETE FROM purpose_profiles WHERE pseudonym = $1";

/// The purposes of `windows` as a table of (purpose, pattern, since) triples bound from
/// `$first` on.
fn windows_table(first: usize, windows: usize) -> String {
    (0..windows)
        .map(|i| {
            let k = first + 3 * i;
            format!(
                "SELECT ${} AS purpose, CAST(${} AS TEXT) AS pattern, ${} AS since_us",
                k,
                k + 1,
                k + 2
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

/// The per-purpose aggregates of the events `e` (rows of `source`) that `condition`
/// selects, one row per pseudonym and purpose (of `windows`, bound from `$first`) that may
/// see any of them.
fn purpose_aggregates_sql(source: &str, condition: &str, first: usize, windows: usize) -> String {
    format!(
        concat!(
            "INSERT INTO purpose_profiles (purpose, pseudonym, ",
            profile_columns!(),
            ") SELECT w.purpose, e.pseudonym, {} FROM {} e JOIN ({}) w \
             ON e.purposes LIKE w.pattern ESCAPE '!' AND e.occurred_at_us >= w.since_us \
             WHERE {} AND e.event_type <> 'message_sent' GROUP BY w.purpose, e.pseudonym"
        ),
        aggregate_select!(),
        source,
        windows_table(first, windows),
        condition
    )
}

/// Rebuilds pseudonym `$1`'s per-purpose aggregates for `windows` purposes, bound after it as
/// (purpose, pattern, since) triples: one row per purpose that may see any of its events.
pub(super) fn purpose_rebuild_sql(windows: usize) -> String {
    purpose_aggregates_sql("events", "e.pseudonym = $1", 2, windows)
}

/// Adds `events` new events (bound first, as [`new_events_cte`] says) to the per-purpose
/// aggregates of `windows` purposes, bound after them as (purpose, pattern, since) triples.
pub(super) fn purpose_add_sql(events: usize, windows: usize) -> String {
    format!(
        "{} {} ON CONFLICT (purpose, pseudonym){}",
        new_events_cte(events),
        purpose_aggregates_sql("new_events", "1 = 1", 1 + 5 * events, windows),
        add_to_profile!("purpose_profiles")
    )
}

/// Every customer the behaviour store knows (`pseudonym_profiles`) is a candidate; the
/// conditions are evaluated on the purpose's own aggregates (`purpose_profiles`, none: zero
/// orders and revenue), so a segment without conditions reaches everyone the purpose may
/// reach, and one with conditions selects only on what was collected for the purpose.
const SEGMENT_SQL: &str = concat!(
    "SELECT a.pseudonym, \
    COALESCE(p.first_seen_us, 0) AS first_seen_us, COALESCE(p.last_seen_us, 0) AS last_seen_us, \
    COALESCE(p.event_count, 0) AS event_count, COALESCE(p.order_count, 0) AS order_count, \
    COALESCE(p.revenue_cents, 0) AS revenue_cents, p.last_purchase_us \
    FROM pseudonym_profiles a LEFT JOIN purpose_profiles p \
    ON p.pseudonym = a.pseudonym AND p.purpose = $12 WHERE \
    ($1 IS NULL OR p.last_purchase_us >= $1) AND ($2 IS NULL OR p.last_purchase_us < $2) \
    AND ($3 IS NULL OR COALESCE(p.order_count, 0) >= $3) \
    AND ($4 IS NULL OR COALESCE(p.order_count, 0) <= $4) \
    AND ($5 IS NULL OR COALESCE(p.revenue_cents, 0) >= $5) \
    AND ($6 IS NULL OR COALESCE(p.revenue_cents, 0) <= $6) \
    AND ($7 IS NULL OR EXISTS (SELECT 1 FROM events e WHERE e.pseudonym = a.pseudonym \
        AND e.channel = $7 AND e.event_type <> 'message_sent' AND e.purposes LIKE CAST($13 AS TEXT) ESCAPE '!' AND e.occurred_at_us >= $14)) \
    AND ($8 IS NULL OR (SELECT COUNT(*) FROM events e WHERE e.pseudonym = a.pseudonym \
        AND e.event_type = $8 AND e.purposes LIKE CAST($13 AS TEXT) ESCAPE '!' \
        AND e.occurred_at_us >= $14) >= $9) \
    AND ($10 IS NULL OR a.pseudonym > $10) \
    AND ($15 IS NULL OR ",
    needs_attention!("$13", "$14", "$16", "$17"),
    " = $15) ORDER BY a.pseudonym LIMIT $11"
);

impl BehaviourStore {
    /// One page of a pseudonym's events that `scope` may see, newest first.
    pub async fn events_page(
        &self,
        pseudonym: &[u8],
        q: &EventQuery,
        scope: &EventScope,
    ) -> Result<Vec<EventRecord>, StoreError> {
        let sql = format!(
            "SELECT id, source_client, client_event_id, event_type, channel, occurred_at_us, \
             received_at_us, properties FROM events WHERE pseudonym = $1 \
             AND ($2 IS NULL OR channel = $2) AND ($3 IS NULL OR occurred_at_us >= $3) \
             AND ($4 IS NULL OR occurred_at_us < $4) \
             AND ($5 IS NULL OR occurred_at_us < $5 OR (occurred_at_us = $5 AND id < $6)) \
             AND purposes LIKE CAST($8 AS TEXT) ESCAPE '!' AND occurred_at_us >= $9 \
             AND event_type IN ({}) ORDER BY occurred_at_us DESC, id DESC LIMIT $7",
            numbered(10, q.types.len())
        );
        let (before_us, before_id) = match q.before {
            Some((us, id)) => (Some(us), Some(id)),
            None => (None, None),
        };
        on_db!(self.db(), pool => {
            let mut query = pool.dynamic_query(&sql)
                .bind(pseudonym)
                .bind(&q.channel)
                .bind(q.from_us)
                .bind(q.to_us)
                .bind(before_us)
                .bind(before_id)
                .bind(q.limit)
                .bind(&scope.pattern)
                .bind(scope.since_us);
            for t in &q.types {
                query = query.bind(t);
            }
            let rows = query.fetch_all(pool).await?;
            rows.iter()
                .map(event_from)
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// The aggregates of a pseudonym's events that `scope` may see, computed now (one
    /// customer's events: an index range, not a scan).
    pub async fn scoped_aggregate(
        &self,
        pseudonym: &[u8],
        scope: &EventScope,
    ) -> Result<Aggregate, StoreError> {
        on_db!(self.db(), pool => {
            let row = sqlx::query(SCOPED_AGGREGATE)
            .bind(pseudonym)
            .bind(&scope.pattern)
            .bind(scope.since_us)
            .fetch_one(pool)
            .await?;
            aggregate_from(&row).map_err(StoreError::from)
        })
    }

    /// Activity per channel over the given event types that `scope` may see.
    pub async fn channel_stats(
        &self,
        pseudonym: &[u8],
        types: &[String],
        scope: &EventScope,
    ) -> Result<Vec<ChannelStats>, StoreError> {
        if types.is_empty() {
            return Ok(Vec::new());
        }
        let sql = channel_stats_sql(types.len());
        on_db!(self.db(), pool => {
            let mut query = pool.dynamic_query(&sql)
                .bind(pseudonym)
                .bind(&scope.pattern)
                .bind(scope.since_us);
            for t in types {
                query = query.bind(t);
            }
            let rows = query.fetch_all(pool).await?;
            rows.iter()
                .map(channel_stats_from)
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Up to `limit` pseudonyms matching `f` in `scope`'s aggregates, in pseudonym order
    /// after `after`.
    pub async fn segment_scan(
        &self,
        f: &SegmentFilter,
        after: Option<&[u8]>,
        limit: i64,
        scope: &EventScope,
    ) -> Result<Vec<(Vec<u8>, Aggregate)>, StoreError> {
        let (event_type, min_count) = match &f.event_count {
            Some((t, n)) => (Some(t.as_str()), *n),
            None => (None, 0),
        };
        let (since90, since30) = super::attention::windows(now_us());
        on_db!(self.db(), pool => {
            let rows = sqlx::query(SEGMENT_SQL)
                .bind(f.last_purchase_after_us)
                .bind(f.last_purchase_before_us)
                .bind(f.min_orders)
                .bind(f.max_orders)
                .bind(f.min_revenue_cents)
                .bind(f.max_revenue_cents)
                .bind(&f.channel)
                .bind(event_type)
                .bind(min_count)
                .bind(after)
                .bind(limit)
                .bind(&scope.purpose)
                .bind(&scope.pattern)
                .bind(scope.since_us)
                .bind(f.needs_attention)
                .bind(since90)
                .bind(since30)
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|r| Ok((r.try_get("pseudonym")?, aggregate_from(r)?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Every pseudonym's net revenue as `scope`'s purpose sees it (for ABC classes), highest
    /// first.
    pub async fn revenues_desc(&self, scope: &EventScope) -> Result<Vec<i64>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(
                "SELECT revenue_cents FROM purpose_profiles WHERE purpose = $1 \
                 ORDER BY revenue_cents DESC",
            )
            .bind(&scope.purpose)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| r.try_get::<i64, _>("revenue_cents"))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Rebuilds the per-purpose aggregates that hold an event now past its purpose's period,
    /// so segments stop counting it (run with retention). Returns the pseudonyms rebuilt.
    pub async fn refresh_purpose_profiles(&self) -> Result<u64, StoreError> {
        let now = now_us();
        let mut stale: Vec<Vec<u8>> = Vec::new();
        for w in self.windows() {
            on_db!(self.db(), pool => {
                let rows = sqlx::query(
                    "SELECT pseudonym FROM purpose_profiles WHERE purpose = $1 \
                     AND first_seen_us < $2",
                )
                .bind(&w.purpose)
                .bind(w.since_us(now))
                .fetch_all(pool)
                .await?;
                for r in &rows {
                    let p: Vec<u8> = r.try_get("pseudonym")?;
                    if !stale.contains(&p) {
                        stale.push(p);
                    }
                }
            });
        }
        self.rebuild_all(&stale).await?;
        Ok(stale.len() as u64)
    }

    /// Tags events stored before purposes were recorded (`purposes = ''`) with `tags`
    /// (event type → tag), then, when the per-purpose aggregates are empty but events exist
    /// (the first start after the migration), builds them for every pseudonym. Idempotent.
    pub async fn tag_untagged_events(&self, tags: &[(String, String)]) -> Result<u64, StoreError> {
        let mut tagged = 0;
        for (event_type, tag) in tags {
            on_db!(self.db(), pool => {
                tagged += sqlx::query(
                    "UPDATE events SET purposes = $1 WHERE purposes = '' AND event_type = $2",
                )
                .bind(tag)
                .bind(event_type)
                .execute(pool)
                .await?
                .rows_affected();
            });
        }
        let pseudonyms: Vec<Vec<u8>> = on_db!(self.db(), pool => {
            let built: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT 1 FROM purpose_profiles LIMIT 1) x")
                .fetch_one(pool)
                .await?;
            if built > 0 {
                Vec::new()
            } else {
                sqlx::query("SELECT pseudonym FROM pseudonym_profiles")
                    .fetch_all(pool)
                    .await?
                    .iter()
                    .map(|r| r.try_get::<Vec<u8>, _>("pseudonym"))
                    .collect::<Result<Vec<_>, sqlx::Error>>()?
            }
        });
        self.rebuild_all(&pseudonyms).await?;
        Ok(tagged)
    }

    /// Keeps only a pseudonym's events collected for one of `scopes`' purposes, now tagged
    /// for those purposes alone (`tag`), and deletes the rest with their merge bookkeeping:
    /// an erasure blocked by a retention duty. Returns the events deleted.
    pub async fn keep_only_for(
        &self,
        pseudonym: &[u8],
        scopes: &[EventScope],
        tag: &str,
    ) -> Result<i64, StoreError> {
        let kept: Vec<String> = (0..scopes.len())
            .map(|i| format!("purposes LIKE CAST(${} AS TEXT) ESCAPE '!'", i + 2))
            .collect();
        let others = if kept.is_empty() {
            "1 = 1".to_owned()
        } else {
            format!("NOT ({})", kept.join(" OR "))
        };
        let moves = format!(
            "DELETE FROM merge_moves WHERE event_id IN \
             (SELECT id FROM events WHERE pseudonym = $1 AND {others})"
        );
        let delete = format!("DELETE FROM events WHERE pseudonym = $1 AND {others}");
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            let mut deleted = 0;
            for sql in [&moves, &delete] {
                let mut q = pool.dynamic_query(sql).bind(pseudonym);
                for scope in scopes {
                    q = q.bind(&scope.pattern);
                }
                deleted = q.execute(&mut *tx).await?.rows_affected();
            }
            sqlx::query("UPDATE events SET purposes = $2 WHERE pseudonym = $1")
                .bind(pseudonym)
                .bind(tag)
                .execute(&mut *tx)
                .await?;
            lock_pseudonyms!(pool, tx, pseudonym_lock_keys([pseudonym]));
            rebuild_profiles!(pool, tx, pseudonym, self.windows());
            tx.commit().await?;
            Ok(i64::try_from(deleted).unwrap_or(i64::MAX))
        })
    }

    /// Rebuilds the aggregates of `pseudonyms`, a transaction per hundred.
    async fn rebuild_all(&self, pseudonyms: &[Vec<u8>]) -> Result<(), StoreError> {
        for chunk in pseudonyms.chunks(100) {
            on_db!(self.db(), pool => {
                let mut tx = pool.begin().await?;
                lock_pseudonyms!(pool, tx, pseudonym_lock_keys(chunk.iter().map(Vec::as_slice)));
                for p in chunk {
                    rebuild_profiles!(pool, tx, p.as_slice(), self.windows());
                }
                tx.commit().await?;
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_patterns_match_whole_purpose_names_only() {
        let tag = purposes_tag(["email_marketing", "analytics"]);
        assert_eq!(tag, "|email_marketing|analytics|");
        let w = PurposeWindow {
            purpose: "email_marketing".into(),
            retention_days: 2,
            from_year_end: false,
        };
        // `_` is escaped: it must not match any character.
        assert_eq!(w.pattern(), "%|email!_marketing|%");
        const DAY_US: i64 = 86_400_000_000;
        assert_eq!(w.since_us(10 * DAY_US), 8 * DAY_US);
        assert_eq!(purposes_tag([]), "|");
    }

    /// See [`PurposeWindow::pattern`]: a bare parameter after `LIKE` would make SQLite prepare
    /// the statement again at every bind.
    #[test]
    fn no_like_pattern_is_a_bare_parameter() {
        let needles = [["LIKE", "$"].join(" "), ["LIKE", "\",", "$"].join(" ")];
        let bare: Vec<String> = crate::store::source_files()
            .into_iter()
            .filter(|(_, text)| {
                let squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
                needles.iter().any(|n| squeezed.contains(n.as_str()))
            })
            .map(|(path, _)| path.display().to_string())
            .collect();
        assert!(bare.is_empty(), "LIKE with a bare parameter in {bare:?}");
    }

    #[test]
    fn the_rebuild_binds_three_values_per_purpose() {
        let sql = purpose_rebuild_sql(2);
        assert!(sql.contains("SELECT $2 AS purpose, CAST($3 AS TEXT) AS pattern, $4 AS since_us"));
        assert!(sql.contains(
            "UNION ALL SELECT $5 AS purpose, CAST($6 AS TEXT) AS pattern, $7 AS since_us"
        ));
        assert!(!sql.contains("$8"));
    }
}
