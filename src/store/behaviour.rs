//! The behaviour store: events keyed by pseudonym, and per-pseudonym aggregates rebuilt from
//! them. Nothing here can name a person; the vault maps subjects to pseudonyms and back.

use sqlx::Row;
use uuid::Uuid;

use std::collections::HashSet;
use std::sync::Arc;

use super::positional::{numbered, numbered_rows, EngineSql};
use super::scoped::{purpose_add_sql, PurposeWindow, PURPOSE_REBUILD_DELETE};
use super::{now_us, on_db, Db, StoreError};
use crate::domain::EventRecord;

/// An event to store. `amount_cents`, `currency` and `category` are lifted from the validated
/// properties so aggregates need no JSON functions (which differ between engines).
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub id: Uuid,
    pub pseudonym: Vec<u8>,
    pub source_client: String,
    pub client_event_id: String,
    pub event_type: String,
    pub channel: String,
    pub occurred_at_us: i64,
    pub received_at_us: i64,
    pub properties: String,
    /// The purposes the event was collected for, as [`purposes_tag`] writes them.
    pub purposes: String,
    pub amount_cents: Option<i64>,
    pub currency: Option<String>,
    pub category: Option<String>,
}

/// The aggregates of one pseudonym.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aggregate {
    pub first_seen_us: i64,
    pub last_seen_us: i64,
    pub event_count: i64,
    pub order_count: i64,
    pub revenue_cents: i64,
    pub last_purchase_us: Option<i64>,
}

/// Per-channel activity of one pseudonym.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelStats {
    pub channel: String,
    pub first_seen_us: i64,
    pub last_seen_us: i64,
    pub events: i64,
}

/// Conditions over the aggregates, for segments; every field optional.
#[derive(Debug, Clone, Default)]
pub struct SegmentFilter {
    pub last_purchase_after_us: Option<i64>,
    pub last_purchase_before_us: Option<i64>,
    pub min_orders: Option<i64>,
    pub max_orders: Option<i64>,
    pub min_revenue_cents: Option<i64>,
    pub max_revenue_cents: Option<i64>,
    pub channel: Option<String>,
    /// At least `.1` events of type `.0`.
    pub event_count: Option<(String, i64)>,
    /// Whether the customer needs attention (`store/attention.rs`), or either.
    pub needs_attention: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct BehaviourStore {
    db: Db,
    /// Every purpose of the policy with its retention: the per-purpose aggregates
    /// (`purpose_profiles`) kept beside the overall ones.
    windows: Arc<[PurposeWindow]>,
}

pub(super) const REBUILD_DELETE: &str = "DELETE FROM pseudonym_profiles WHERE pseudonym = $1";
/// Sends (`message_sent`, recorded by contact decisions) are what the shop did, not what the
/// customer did: they feed no aggregate (activity, last seen, segments), only frequency caps.
/// What an order, revenue and the last purchase are, over a set of `events` rows: the one
/// definition every aggregate (overall, per purpose, computed for one read) uses. Returns are
/// taken off revenue (the monetary value of RFM, ABC classes, segments' revenue), never below
/// zero: a customer who returned more than they bought (an order from before the purpose's
/// period, a return of goods bought elsewhere) is worth nothing, not less than nothing.
macro_rules! order_columns {
    () => {
        "CAST(COALESCE(SUM(CASE WHEN event_type = 'purchase' THEN 1 ELSE 0 END), 0) AS BIGINT) \
         AS order_count, \
         CAST(CASE WHEN COALESCE(SUM(CASE WHEN event_type = 'purchase' THEN amount_cents \
             WHEN event_type = 'return' THEN -amount_cents ELSE 0 END), 0) < 0 THEN 0 \
         ELSE COALESCE(SUM(CASE WHEN event_type = 'purchase' THEN amount_cents \
             WHEN event_type = 'return' THEN -amount_cents ELSE 0 END), 0) END AS BIGINT) \
         AS revenue_cents, \
         MAX(CASE WHEN event_type = 'purchase' THEN occurred_at_us END) AS last_purchase_us"
    };
}
pub(super) use order_columns;

/// Revenue net of returns before the floor at zero that `revenue_cents` applies: what an
/// addition to the aggregates ([`profile_add_sql`]) continues from.
macro_rules! net_revenue_column {
    () => {
        "CAST(COALESCE(SUM(CASE WHEN event_type = 'purchase' THEN amount_cents \
             WHEN event_type = 'return' THEN -amount_cents ELSE 0 END), 0) AS BIGINT) \
         AS net_revenue_cents"
    };
}
pub(super) use net_revenue_column;

/// The aggregate columns every profile table has, in the order the statements below write.
macro_rules! profile_columns {
    () => {
        "first_seen_us, last_seen_us, event_count, order_count, revenue_cents, \
         last_purchase_us, net_revenue_cents"
    };
}
pub(super) use profile_columns;

/// What `SELECT`s the aggregate columns over a set of `events` rows (after the key columns).
macro_rules! aggregate_select {
    () => {
        concat!(
            "MIN(occurred_at_us), MAX(occurred_at_us), COUNT(*), ",
            order_columns!(),
            ", ",
            net_revenue_column!()
        )
    };
}
pub(super) use aggregate_select;

/// On a conflict with a stored profile row (`$table`), adds the new events' aggregates
/// (`excluded`) to it: counts and net revenue add up, first and last seen and the last
/// purchase widen. Equal to a rebuild from every event, since each is a sum, a minimum or a
/// maximum.
macro_rules! add_to_profile {
    ($table:literal) => {
        concat!(
            " DO UPDATE SET \
             first_seen_us = CASE WHEN excluded.first_seen_us < ",
            $table,
            ".first_seen_us \
                 THEN excluded.first_seen_us ELSE ",
            $table,
            ".first_seen_us END, \
             last_seen_us = CASE WHEN excluded.last_seen_us > ",
            $table,
            ".last_seen_us \
                 THEN excluded.last_seen_us ELSE ",
            $table,
            ".last_seen_us END, \
             event_count = ",
            $table,
            ".event_count + excluded.event_count, \
             order_count = ",
            $table,
            ".order_count + excluded.order_count, \
             net_revenue_cents = ",
            $table,
            ".net_revenue_cents + excluded.net_revenue_cents, \
             revenue_cents = CASE WHEN ",
            $table,
            ".net_revenue_cents + excluded.net_revenue_cents < 0 \
                 THEN 0 ELSE ",
            $table,
            ".net_revenue_cents + excluded.net_revenue_cents END, \
             last_purchase_us = CASE WHEN excluded.last_purchase_us IS NULL \
                 THEN ",
            $table,
            ".last_purchase_us \
                 WHEN ",
            $table,
            ".last_purchase_us IS NULL \
                     OR excluded.last_purchase_us > ",
            $table,
            ".last_purchase_us \
                 THEN excluded.last_purchase_us ELSE ",
            $table,
            ".last_purchase_us END"
        )
    };
}
pub(super) use add_to_profile;

pub(super) const REBUILD_INSERT: &str = concat!(
    "INSERT INTO pseudonym_profiles (pseudonym, ",
    profile_columns!(),
    ") SELECT pseudonym, ",
    aggregate_select!(),
    " FROM events WHERE pseudonym = $1 AND event_type <> 'message_sent' GROUP BY pseudonym"
);

/// `INSERT INTO events (…) VALUES ` with the columns in the order [`bind_event`] binds them
/// ([`EVENT_COLUMNS`] of them).
macro_rules! insert_event_head {
    () => {
        "INSERT INTO events (id, pseudonym, source_client, client_event_id, event_type, \
         channel, occurred_at_us, received_at_us, properties, amount_cents, currency, category, \
         purposes) VALUES "
    };
}
pub(super) use insert_event_head;

/// The columns [`insert_event_head`] names.
pub(super) const EVENT_COLUMNS: usize = 13;

/// Binds [`NewEvent`] `$e` to query `$q` as the values of one row after [`insert_event_head`].
macro_rules! bind_event {
    ($q:expr, $e:expr) => {{
        let e: &$crate::store::NewEvent = $e;
        $q.bind(e.id)
            .bind(&e.pseudonym)
            .bind(&e.source_client)
            .bind(&e.client_event_id)
            .bind(&e.event_type)
            .bind(&e.channel)
            .bind(e.occurred_at_us)
            .bind(e.received_at_us)
            .bind(&e.properties)
            .bind(e.amount_cents)
            .bind(&e.currency)
            .bind(&e.category)
            .bind(&e.purposes)
    }};
}
pub(super) use bind_event;

/// Most events in one multi-row insert ([`EVENT_COLUMNS`] values each).
const EVENTS_PER_INSERT: usize = 250;
/// Most events in one addition to the aggregates (5 values each).
const EVENTS_PER_ADDITION: usize = 500;

/// A batch's new events as a table `new_events` of what the aggregates count, bound as
/// (pseudonym, occurred_at_us, event_type, amount_cents, purposes) per event: the additions
/// below count the batch from what it sent, not by finding its events again (on SQLite the
/// events table is ordered by pseudonym and time, so a look-up by id alone would scan it).
pub(super) fn new_events_cte(events: usize) -> String {
    format!(
        "WITH new_events (pseudonym, occurred_at_us, event_type, amount_cents, purposes) \
         AS (VALUES {})",
        numbered_rows(events, 5)
    )
}

/// Adds `events` new events (bound as [`new_events_cte`] says) to their pseudonyms'
/// aggregates.
fn profile_add_sql(events: usize) -> String {
    format!(
        concat!(
            "{} INSERT INTO pseudonym_profiles (pseudonym, ",
            profile_columns!(),
            ") SELECT pseudonym, ",
            aggregate_select!(),
            " FROM new_events WHERE event_type <> 'message_sent' GROUP BY pseudonym \
             ON CONFLICT (pseudonym)",
            add_to_profile!("pseudonym_profiles")
        ),
        new_events_cte(events)
    )
}

/// Rebuilds the aggregates of pseudonym `$p` inside transaction `$tx`: the overall row
/// (`pseudonym_profiles`) and one row per purpose that may see any of its events
/// (`purpose_profiles`, see [`PurposeWindow`]); `$pool` is the engine's pool. A macro, not a
/// function: the transaction's type differs per engine inside `on_db!`.
macro_rules! rebuild_profiles {
    ($pool:expr, $tx:expr, $p:expr, $windows:expr) => {{
        use $crate::store::behaviour::{REBUILD_DELETE, REBUILD_INSERT};
        use $crate::store::scoped::{purpose_rebuild_sql, PurposeWindow, PURPOSE_REBUILD_DELETE};
        sqlx::query(REBUILD_DELETE)
            .bind($p)
            .execute(&mut *$tx)
            .await?;
        sqlx::query(REBUILD_INSERT)
            .bind($p)
            .execute(&mut *$tx)
            .await?;
        sqlx::query(PURPOSE_REBUILD_DELETE)
            .bind($p)
            .execute(&mut *$tx)
            .await?;
        let windows: &[PurposeWindow] = &$windows;
        if !windows.is_empty() {
            let sql = purpose_rebuild_sql(windows.len());
            let now = $crate::store::now_us();
            let mut q = $crate::store::positional::EngineSql::dynamic_query($pool, &sql).bind($p);
            for w in windows {
                q = q
                    .bind(w.purpose.as_str())
                    .bind(w.pattern())
                    .bind(w.since_us(now));
            }
            q.execute(&mut *$tx).await?;
        }
    }};
}
pub(super) use rebuild_profiles;

/// The advisory-lock keys of pseudonyms, sorted and without repeats: the first 8 bytes of
/// each (a keyed hash, so spread evenly), the same on every instance and version.
pub(super) fn pseudonym_lock_keys<'a>(pseudonyms: impl IntoIterator<Item = &'a [u8]>) -> Vec<i64> {
    let mut keys: Vec<i64> = pseudonyms
        .into_iter()
        .map(|p| {
            let mut first = [0u8; 8];
            let n = p.len().min(8);
            first[..n].copy_from_slice(&p[..n]);
            i64::from_be_bytes(first)
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Holds the aggregates of these pseudonyms (keys from [`pseudonym_lock_keys`]) for the rest of
/// transaction `$tx`, before they are rebuilt or added to. On PostgreSQL two transactions
/// rebuilding one pseudonym would otherwise both delete its row and both insert one (a unique
/// violation), or each count only its own new events; with the lock the second waits, and its
/// rebuild then sees the first one's events. Taken in key order (one statement's target list
/// is evaluated left to right), so two batches cannot wait on each other. SQLite needs none:
/// its writers already take turns for the whole transaction.
macro_rules! lock_pseudonyms {
    ($pool:expr, $tx:expr, $keys:expr) => {{
        if !$crate::store::positional::EngineSql::is_sqlite($pool) {
            let keys: Vec<i64> = $keys;
            for chunk in keys.chunks(500) {
                let sql = (1..=chunk.len())
                    .map(|i| format!("pg_advisory_xact_lock(${i})"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut q = $crate::store::positional::EngineSql::dynamic_query(
                    $pool,
                    &format!("SELECT {sql}"),
                );
                for key in chunk {
                    q = q.bind(*key);
                }
                q.execute(&mut *$tx).await?;
            }
        }
    }};
}
pub(super) use lock_pseudonyms;

impl BehaviourStore {
    /// The store over `db`, keeping per-purpose aggregates for `windows` (every purpose of
    /// the policy).
    pub fn new(db: Db, windows: Vec<PurposeWindow>) -> Self {
        Self {
            db,
            windows: windows.into(),
        }
    }

    pub(super) fn windows(&self) -> &[PurposeWindow] {
        &self.windows
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Stores events in one transaction and adds the new ones to the aggregates of their
    /// pseudonyms. An event whose (source client, client event id) is already stored for the
    /// same pseudonym is skipped: the result says, per event, whether it was newly stored.
    /// A batch is a few statements, whatever its size: multi-row inserts, then one addition
    /// per aggregate table and chunk.
    #[tracing::instrument(name = "store.insert_events", skip_all)]
    pub async fn insert_events(&self, events: &[NewEvent]) -> Result<Vec<bool>, StoreError> {
        let mut stored: HashSet<Uuid> = HashSet::with_capacity(events.len());
        on_db!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            for chunk in events.chunks(EVENTS_PER_INSERT) {
                let mut q = pool.multi_row_query("insert_events", chunk.len(), || {
                    format!(
                        concat!(
                            insert_event_head!(),
                            "{} ON CONFLICT (pseudonym, source_client, client_event_id) \
                             DO NOTHING RETURNING id"
                        ),
                        numbered_rows(chunk.len(), EVENT_COLUMNS)
                    )
                });
                for e in chunk {
                    q = bind_event!(q, e);
                }
                for r in q.fetch_all(&mut *tx).await? {
                    stored.insert(r.try_get("id")?);
                }
            }
            let new: Vec<&NewEvent> = events.iter().filter(|e| stored.contains(&e.id)).collect();
            lock_pseudonyms!(pool, tx, pseudonym_lock_keys(new.iter().map(|e| e.pseudonym.as_slice())));
            let now = now_us();
            for chunk in new.chunks(EVENTS_PER_ADDITION) {
                macro_rules! bind_new_events {
                    ($q:expr) => {{
                        let mut q = $q;
                        for e in chunk {
                            q = q
                                .bind(&e.pseudonym)
                                .bind(e.occurred_at_us)
                                .bind(&e.event_type)
                                .bind(e.amount_cents)
                                .bind(&e.purposes);
                        }
                        q
                    }};
                }
                let q = pool.multi_row_query("add_to_profiles", chunk.len(), || {
                    profile_add_sql(chunk.len())
                });
                bind_new_events!(q).execute(&mut *tx).await?;
                if self.windows.is_empty() {
                    continue;
                }
                // Not cached by size like the others: the statement depends on the policy too.
                let sql = purpose_add_sql(chunk.len(), self.windows.len());
                let mut q = bind_new_events!(pool.dynamic_query(&sql));
                for w in self.windows.iter() {
                    q = q.bind(w.purpose.as_str()).bind(w.pattern()).bind(w.since_us(now));
                }
                q.execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(events.iter().map(|e| stored.contains(&e.id)).collect())
    }

    /// Every event of a pseudonym, oldest first, a page at a time after `after` (an export).
    pub async fn all_events_page(
        &self,
        pseudonym: &[u8],
        after: Option<(i64, Uuid)>,
        limit: i64,
    ) -> Result<Vec<EventRecord>, StoreError> {
        let (after_us, after_id) = match after {
            Some((us, id)) => (Some(us), Some(id)),
            None => (None, None),
        };
        on_db!(&self.db, pool => {
            let rows = sqlx::query(
                "SELECT id, source_client, client_event_id, event_type, channel, occurred_at_us, \
                 received_at_us, properties FROM events WHERE pseudonym = $1 \
                 AND ($2 IS NULL OR occurred_at_us > $2 OR (occurred_at_us = $2 AND id > $3)) \
                 ORDER BY occurred_at_us, id LIMIT $4",
            )
            .bind(pseudonym)
            .bind(after_us)
            .bind(after_id)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(event_from)
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    pub async fn aggregate(&self, pseudonym: &[u8]) -> Result<Option<Aggregate>, StoreError> {
        on_db!(&self.db, pool => {
            let row = sqlx::query(
                "SELECT first_seen_us, last_seen_us, event_count, order_count, revenue_cents, \
                 last_purchase_us FROM pseudonym_profiles WHERE pseudonym = $1",
            )
            .bind(pseudonym)
            .fetch_optional(pool)
            .await?;
            row.map(|r| aggregate_from(&r)).transpose().map_err(StoreError::from)
        })
    }

    /// Moves every event of `from` to `to` and rebuilds both aggregates; returns the ids of
    /// the events moved. With `merge_id`, the moves are recorded so the merge can be undone.
    pub async fn move_events(
        &self,
        from: &[u8],
        to: &[u8],
        merge_id: Option<&str>,
    ) -> Result<Vec<Uuid>, StoreError> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            // An event both sides hold (same client, same client event id) is one real event
            // reported for two profiles: `to` keeps its copy, the duplicate goes.
            sqlx::query(DELETE_DUPLICATES_OF_TARGET)
                .bind(from)
                .bind(to)
                .execute(&mut *tx)
                .await?;
            let ids = sqlx::query("SELECT id FROM events WHERE pseudonym = $1")
                .bind(from)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| r.try_get::<Uuid, _>("id"))
                .collect::<Result<Vec<_>, _>>()?;
            sqlx::query("UPDATE events SET pseudonym = $1 WHERE pseudonym = $2")
                .bind(to)
                .bind(from)
                .execute(&mut *tx)
                .await?;
            if let Some(merge_id) = merge_id {
                for id in &ids {
                    sqlx::query("INSERT INTO merge_moves (merge_id, event_id) VALUES ($1, $2)")
                        .bind(merge_id)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            lock_pseudonyms!(pool, tx, pseudonym_lock_keys([from, to]));
            for p in [from, to] {
                rebuild_profiles!(pool, tx, p, self.windows);
            }
            tx.commit().await?;
            Ok(ids)
        })
    }

    /// Deletes every event of a pseudonym, its aggregates, merge bookkeeping and send lock rows; returns the
    /// number of events deleted. Idempotent (an erasure resumed after a crash runs it again).
    #[tracing::instrument(name = "store.erase_pseudonym", skip_all)]
    pub async fn erase_pseudonym(&self, pseudonym: &[u8]) -> Result<i64, StoreError> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "DELETE FROM merge_moves WHERE event_id IN (SELECT id FROM events WHERE pseudonym = $1)",
            )
            .bind(pseudonym)
            .execute(&mut *tx)
            .await?;
            let deleted = sqlx::query("DELETE FROM events WHERE pseudonym = $1")
                .bind(pseudonym)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query(REBUILD_DELETE).bind(pseudonym).execute(&mut *tx).await?;
            sqlx::query(PURPOSE_REBUILD_DELETE)
                .bind(pseudonym)
                .execute(&mut *tx)
                .await?;
            for sql in [
                "DELETE FROM send_locks WHERE pseudonym = $1",
                "DELETE FROM trigger_firings WHERE pseudonym = $1",
            ] {
                sqlx::query(sql).bind(pseudonym).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(i64::try_from(deleted).unwrap_or(i64::MAX))
        })
    }

    /// Empties the SQLite WAL (see `VaultStore::checkpoint`).
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        if let Db::Sqlite(pool) = &self.db {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(pool)
                .await?;
        }
        Ok(())
    }

    /// Undoes merge `merge_id`'s event moves: the events it moved, now under `from` (the
    /// merge's target), go back to `to` (its source); both aggregates are rebuilt. One
    /// statement: the events table is ordered by pseudonym, so a lookup by event id alone
    /// would scan.
    pub async fn move_merged_events_back(
        &self,
        merge_id: &str,
        from: &[u8],
        to: &[u8],
    ) -> Result<(), StoreError> {
        on_db!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE events SET pseudonym = $1 WHERE pseudonym = $2 \
                 AND id IN (SELECT event_id FROM merge_moves WHERE merge_id = $3)",
            )
            .bind(to)
            .bind(from)
            .bind(merge_id)
            .execute(&mut *tx)
            .await?;
            lock_pseudonyms!(pool, tx, pseudonym_lock_keys([from, to]));
            for p in [from, to] {
                rebuild_profiles!(pool, tx, p, self.windows);
            }
            tx.commit().await?;
            Ok(())
        })
    }
}

/// Deletes the events of `$1` that `$2` also holds (same source client and client event id).
const DELETE_DUPLICATES_OF_TARGET: &str = "DELETE FROM events WHERE pseudonym = $1 \
    AND EXISTS (SELECT 1 FROM events t WHERE t.pseudonym = $2 \
    AND t.source_client = events.source_client AND t.client_event_id = events.client_event_id)";

pub(super) fn event_from<R: Row>(r: &R) -> Result<EventRecord, sqlx::Error>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    i64: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    String: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Uuid: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(EventRecord {
        id: r.try_get("id")?,
        source_client: r.try_get("source_client")?,
        client_event_id: r.try_get("client_event_id")?,
        event_type: r.try_get("event_type")?,
        channel: r.try_get("channel")?,
        occurred_at_us: r.try_get("occurred_at_us")?,
        received_at_us: r.try_get("received_at_us")?,
        properties: r.try_get("properties")?,
    })
}

pub(super) fn aggregate_from<R: Row>(r: &R) -> Result<Aggregate, sqlx::Error>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    i64: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<i64>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(Aggregate {
        first_seen_us: r.try_get("first_seen_us")?,
        last_seen_us: r.try_get("last_seen_us")?,
        event_count: r.try_get("event_count")?,
        order_count: r.try_get("order_count")?,
        revenue_cents: r.try_get("revenue_cents")?,
        last_purchase_us: r.try_get("last_purchase_us")?,
    })
}

/// Retention (see `service/retention.rs` for the rules): the behaviour store's half.
impl BehaviourStore {
    /// Every (event type, purposes tag) pair with at least one stored event, including
    /// types the policy no longer defines (no purpose serves those, so retention deletes
    /// them), in that order.
    pub async fn stored_event_kinds(&self) -> Result<Vec<(String, String)>, StoreError> {
        on_db!(&self.db, pool => {
            let rows = sqlx::query(
                "SELECT DISTINCT event_type, purposes FROM events ORDER BY event_type, purposes",
            )
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| Ok((r.try_get("event_type")?, r.try_get("purposes")?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Deletes up to `limit` events of `event_type` collected for `purposes` (a tag) that
    /// occurred strictly before `before_us`,
    /// with their merge bookkeeping, and rebuilds the aggregates of every pseudonym they
    /// belonged to, all in one transaction. Returns how many events were deleted and the
    /// pseudonyms rebuilt. Call again until it deletes fewer than `limit`. Safe to run on
    /// several instances at once: each event is deleted (and counted) by one of them.
    pub async fn delete_events_before(
        &self,
        (event_type, purposes): (&str, &str),
        before_us: i64,
        limit: i64,
        paused: &[Vec<u8>],
    ) -> Result<(u64, Vec<Vec<u8>>), StoreError> {
        // Pseudonyms whose deletion is paused (restricted subjects) are left out.
        let spare = if paused.is_empty() {
            String::new()
        } else {
            format!("AND pseudonym NOT IN ({})", numbered(5, paused.len()))
        };
        let sql = format!(
            "DELETE FROM events WHERE (pseudonym, occurred_at_us, id) IN \
             (SELECT pseudonym, occurred_at_us, id FROM events WHERE event_type = $1 \
             AND purposes = $4 AND occurred_at_us < $2 {spare} LIMIT $3) RETURNING id, pseudonym"
        );
        on_db!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            let mut q = pool.dynamic_query(&sql)
                .bind(event_type)
                .bind(before_us)
                .bind(limit)
                .bind(purposes);
            for p in paused {
                q = q.bind(p);
            }
            let rows = q.fetch_all(&mut *tx).await?;
            let mut ids = Vec::with_capacity(rows.len());
            let mut touched: std::collections::BTreeSet<Vec<u8>> = std::collections::BTreeSet::new();
            for r in &rows {
                ids.push(r.try_get::<Uuid, _>("id")?);
                touched.insert(r.try_get::<Vec<u8>, _>("pseudonym")?);
            }
            for chunk in ids.chunks(500) {
                let sql = format!(
                    "DELETE FROM merge_moves WHERE event_id IN ({})",
                    numbered(1, chunk.len())
                );
                let mut q = pool.dynamic_query(&sql);
                for id in chunk {
                    q = q.bind(id);
                }
                q.execute(&mut *tx).await?;
            }
            lock_pseudonyms!(pool, tx, pseudonym_lock_keys(touched.iter().map(Vec::as_slice)));
            for p in &touched {
                rebuild_profiles!(pool, tx, p, self.windows);
            }
            tx.commit().await?;
            Ok((ids.len() as u64, touched.into_iter().collect()))
        })
    }

    /// The newest event time of each of `pseudonyms` that has events (from the aggregates).
    pub async fn last_seen(
        &self,
        pseudonyms: &[Vec<u8>],
    ) -> Result<Vec<(Vec<u8>, i64)>, StoreError> {
        let mut out = Vec::with_capacity(pseudonyms.len());
        for chunk in pseudonyms.chunks(500) {
            let sql = format!(
                "SELECT pseudonym, last_seen_us FROM pseudonym_profiles WHERE pseudonym IN ({})",
                numbered(1, chunk.len())
            );
            on_db!(&self.db, pool => {
                let mut q = pool.dynamic_query(&sql);
                for p in chunk {
                    q = q.bind(p);
                }
                for r in q.fetch_all(pool).await? {
                    out.push((r.try_get("pseudonym")?, r.try_get("last_seen_us")?));
                }
            });
        }
        Ok(out)
    }
}
