//! What a customer's profile reads of the behaviour store, on one connection: one acquire
//! instead of four, each of which cost a hand-off (SQLite) or a round trip (PostgreSQL) on
//! top of its statement (benches/README.md, 2026-12-06, midday). Only the events the purpose's
//! scope may see count, as in each statement on its own.

use super::attention::{counts_from, windows, COUNTS_SQL};
use super::behaviour::aggregate_from;
use super::positional::EngineSql;
use super::scoped::{channel_stats_from, channel_stats_sql, top_categories_sql, SCOPED_AGGREGATE};
use super::{on_db, Aggregate, BehaviourStore, ChannelStats, EventScope, StoreError};
use crate::domain::AttentionReason;

/// Which parts of a profile the decision gave (an empty list of types: that part is not read).
#[derive(Debug, Clone, Copy)]
pub struct ProfileAsk<'a> {
    /// Activity per channel over these event types.
    pub channel_types: &'a [String],
    /// The order aggregates (count, revenue, last purchase).
    pub orders: bool,
    /// The most frequent categories over these event types, at most `categories_limit`.
    pub category_types: &'a [String],
    pub categories_limit: i64,
    /// The attention counts as of this instant.
    pub attention_at_us: Option<i64>,
}

/// The parts of a profile that were asked for, each `None` (or empty) when not.
#[derive(Debug, Default)]
pub struct ProfileFacts {
    pub channels: Vec<ChannelStats>,
    pub orders: Option<Aggregate>,
    pub categories: Option<Vec<(String, i64)>>,
    pub attention: Option<Vec<(AttentionReason, i64)>>,
}

impl BehaviourStore {
    /// The profile parts `ask` names for `pseudonym`, within `scope` (see the module).
    #[tracing::instrument(name = "store.profile_facts", skip_all)]
    pub async fn profile_facts(
        &self,
        pseudonym: &[u8],
        scope: &EventScope,
        ask: &ProfileAsk<'_>,
    ) -> Result<ProfileFacts, StoreError> {
        on_db!(self.db(), pool => {
            let mut conn = pool.acquire().await?;
            let mut facts = ProfileFacts::default();
            if !ask.channel_types.is_empty() {
                let sql = channel_stats_sql(ask.channel_types.len());
                let mut query = pool
                    .dynamic_query(&sql)
                    .bind(pseudonym)
                    .bind(&scope.pattern)
                    .bind(scope.since_us);
                for t in ask.channel_types {
                    query = query.bind(t);
                }
                facts.channels = query
                    .fetch_all(&mut *conn)
                    .await?
                    .iter()
                    .map(channel_stats_from)
                    .collect::<Result<_, _>>()?;
            }
            if ask.orders {
                let row = sqlx::query(SCOPED_AGGREGATE)
                    .bind(pseudonym)
                    .bind(&scope.pattern)
                    .bind(scope.since_us)
                    .fetch_one(&mut *conn)
                    .await?;
                facts.orders = Some(aggregate_from(&row)?);
            }
            if !ask.category_types.is_empty() {
                let sql = top_categories_sql(ask.category_types.len());
                let mut query = pool
                    .dynamic_query(&sql)
                    .bind(pseudonym)
                    .bind(ask.categories_limit)
                    .bind(&scope.pattern)
                    .bind(scope.since_us);
                for t in ask.category_types {
                    query = query.bind(t);
                }
                facts.categories = Some(
                    query
                        .fetch_all(&mut *conn)
                        .await?
                        .iter()
                        .map(|r| Ok((sqlx::Row::try_get(r, "category")?, sqlx::Row::try_get(r, "n")?)))
                        .collect::<Result<_, sqlx::Error>>()?,
                );
            }
            if let Some(now_us) = ask.attention_at_us {
                let (since90, since30) = windows(now_us);
                let row = sqlx::query(COUNTS_SQL)
                    .bind(pseudonym)
                    .bind(&scope.pattern)
                    .bind(scope.since_us)
                    .bind(since90)
                    .bind(since30)
                    .fetch_one(&mut *conn)
                    .await?;
                facts.attention = Some(counts_from(&row)?);
            }
            Ok(facts)
        })
    }
}
