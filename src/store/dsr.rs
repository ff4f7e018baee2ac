//! Data-subject requests: one row per request (its current state, changed only by
//! compare-and-set updates) and an append-only history of every step.

use sqlx::Row;
use uuid::Uuid;

use super::{on_db, StoreError, VaultStore};
use crate::domain::{DsrDelivery, SubjectId};

/// A data-subject request as stored. `status` is `received`, `verified`, `completed` or
/// `rejected`; times are microseconds since the Unix epoch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DsrRow {
    pub id: Uuid,
    pub kind: String,
    pub subject_id: Option<SubjectId>,
    pub channel: String,
    pub status: String,
    pub received_at_us: i64,
    pub due_at_us: i64,
    pub extended: bool,
    pub extension_reason: Option<String>,
    pub verified_at_us: Option<i64>,
    pub closed_at_us: Option<i64>,
    pub outcome_reason: Option<String>,
    pub created_at_us: i64,
    pub created_by: String,
    pub request_id: String,
    /// The export that answered an access or portability request, once completed.
    pub delivery: Option<DsrDelivery>,
}

/// One step in a request's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DsrEventRow {
    pub seq: i64,
    pub action: String,
    pub at_us: i64,
    pub actor: String,
    pub reason: Option<String>,
    pub request_id: String,
}

/// A step to append (the store assigns `seq`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDsrEvent<'a> {
    pub action: &'a str,
    pub at_us: i64,
    pub actor: &'a str,
    pub reason: Option<&'a str>,
    pub request_id: &'a str,
}

/// Where a listing continues: the sort key of the previous page's last row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DsrCursor {
    /// 0 for an overdue request, 1 for every other.
    pub bucket: i64,
    pub due_at_us: i64,
    pub id: String,
}

/// Filters for a listing; `None` means "any". Ordered overdue first, then by due time, then id.
#[derive(Debug, Clone)]
pub struct DsrFilter {
    /// Rows whose status is either of these (the same twice for one status).
    pub statuses: Option<(String, String)>,
    /// Due strictly before this time.
    pub due_before_us: Option<i64>,
    /// Only overdue (`true`) or only not overdue (`false`) requests.
    pub overdue: Option<bool>,
    /// The clock that decides what is overdue.
    pub now_us: i64,
    pub after: Option<DsrCursor>,
    pub limit: i64,
}

/// Open requests (received or verified) and how many of them are overdue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DsrCounts {
    pub open: i64,
    pub overdue: i64,
}

macro_rules! dsr_columns {
    () => {
        "id, kind, subject_id, channel, status, received_at_us, due_at_us, extended, \
         extension_reason, verified_at_us, closed_at_us, outcome_reason, created_at_us, \
         created_by, request_id, delivered_at_us, delivery_format, delivery_reference"
    };
}

/// 0 for an open request past its due time, 1 otherwise; `$1` is now.
macro_rules! overdue_bucket {
    () => {
        "CAST(CASE WHEN status IN ('received', 'verified') AND due_at_us < $1 THEN 0 ELSE 1 END \
         AS BIGINT)"
    };
}

fn dsr_from_row<R: Row>(r: &R) -> Result<DsrRow, sqlx::Error>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    i64: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<i64>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    bool: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    String: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<String>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<Uuid>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let id: String = r.try_get("id")?;
    let id = Uuid::parse_str(&id).map_err(|e| sqlx::Error::ColumnDecode {
        index: "id".into(),
        source: Box::new(e),
    })?;
    let subject: Option<Uuid> = r.try_get("subject_id")?;
    let delivered_at_us: Option<i64> = r.try_get("delivered_at_us")?;
    let delivery_format: Option<String> = r.try_get("delivery_format")?;
    let delivery = match (delivered_at_us, delivery_format) {
        (Some(delivered_at_us), Some(format)) => Some(DsrDelivery {
            delivered_at_us,
            format,
            reference: r.try_get("delivery_reference")?,
        }),
        _ => None,
    };
    Ok(DsrRow {
        id,
        kind: r.try_get("kind")?,
        subject_id: subject.map(SubjectId::from_uuid),
        channel: r.try_get("channel")?,
        status: r.try_get("status")?,
        received_at_us: r.try_get("received_at_us")?,
        due_at_us: r.try_get("due_at_us")?,
        extended: r.try_get("extended")?,
        extension_reason: r.try_get("extension_reason")?,
        verified_at_us: r.try_get("verified_at_us")?,
        closed_at_us: r.try_get("closed_at_us")?,
        outcome_reason: r.try_get("outcome_reason")?,
        created_at_us: r.try_get("created_at_us")?,
        created_by: r.try_get("created_by")?,
        request_id: r.try_get("request_id")?,
        delivery,
    })
}

/// `INSERT INTO dsr_events` for `$dsr` (a [`Uuid`]) and `$e` (a [`NewDsrEvent`]), bound.
macro_rules! insert_dsr_event {
    ($dsr:expr, $e:expr) => {
        sqlx::query(
            "INSERT INTO dsr_events (dsr_id, action, at_us, actor, reason, request_id) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind($dsr.to_string())
        .bind($e.action)
        .bind($e.at_us)
        .bind($e.actor)
        .bind($e.reason)
        .bind($e.request_id)
    };
}

impl VaultStore {
    /// Stores a new request and the first step of its history, in one transaction.
    #[tracing::instrument(name = "store.insert_dsr", skip_all)]
    pub async fn insert_dsr(&self, d: &DsrRow, first: &NewDsrEvent<'_>) -> Result<(), StoreError> {
        let sql = concat!(
            "INSERT INTO dsr_requests (",
            dsr_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             $17, $18)"
        );
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(sql)
                .bind(d.id.to_string())
                .bind(&d.kind)
                .bind(d.subject_id.as_ref().map(SubjectId::as_uuid))
                .bind(&d.channel)
                .bind(&d.status)
                .bind(d.received_at_us)
                .bind(d.due_at_us)
                .bind(d.extended)
                .bind(&d.extension_reason)
                .bind(d.verified_at_us)
                .bind(d.closed_at_us)
                .bind(&d.outcome_reason)
                .bind(d.created_at_us)
                .bind(&d.created_by)
                .bind(&d.request_id)
                .bind(d.delivery.as_ref().map(|x| x.delivered_at_us))
                .bind(d.delivery.as_ref().map(|x| x.format.as_str()))
                .bind(d.delivery.as_ref().and_then(|x| x.reference.as_deref()))
                .execute(&mut *tx)
                .await?;
            insert_dsr_event!(d.id, first).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Replaces the mutable state of request `new.id` with `new`, only if its stored status and
    /// extension flag are still those of `old` (compare-and-set, so two instances acting on one
    /// request at once cannot both succeed), and appends `event`, in one transaction. Returns
    /// whether the request was changed.
    #[tracing::instrument(name = "store.update_dsr", skip_all)]
    pub async fn update_dsr(
        &self,
        old: &DsrRow,
        new: &DsrRow,
        event: &NewDsrEvent<'_>,
    ) -> Result<bool, StoreError> {
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "UPDATE dsr_requests SET subject_id = $1, status = $2, due_at_us = $3, \
                 extended = $4, extension_reason = $5, verified_at_us = $6, closed_at_us = $7, \
                 outcome_reason = $8, delivered_at_us = $12, delivery_format = $13, \
                 delivery_reference = $14 WHERE id = $9 AND status = $10 AND extended = $11",
            )
            .bind(new.subject_id.as_ref().map(SubjectId::as_uuid))
            .bind(&new.status)
            .bind(new.due_at_us)
            .bind(new.extended)
            .bind(&new.extension_reason)
            .bind(new.verified_at_us)
            .bind(new.closed_at_us)
            .bind(&new.outcome_reason)
            .bind(new.id.to_string())
            .bind(&old.status)
            .bind(old.extended)
            .bind(new.delivery.as_ref().map(|x| x.delivered_at_us))
            .bind(new.delivery.as_ref().map(|x| x.format.as_str()))
            .bind(new.delivery.as_ref().and_then(|x| x.reference.as_deref()))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                tx.rollback().await?;
                return Ok(false);
            }
            insert_dsr_event!(new.id, event).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    pub async fn dsr(&self, id: &Uuid) -> Result<Option<DsrRow>, StoreError> {
        let sql = concat!(
            "SELECT ",
            dsr_columns!(),
            " FROM dsr_requests WHERE id = $1"
        );
        on_db!(self.db(), pool => {
            let row = sqlx::query(sql).bind(id.to_string()).fetch_optional(pool).await?;
            Ok(row.map(|r| dsr_from_row(&r)).transpose()?)
        })
    }

    /// A request's history, oldest first.
    pub async fn dsr_events(&self, id: &Uuid) -> Result<Vec<DsrEventRow>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(
                "SELECT seq, action, at_us, actor, reason, request_id FROM dsr_events \
                 WHERE dsr_id = $1 ORDER BY seq",
            )
            .bind(id.to_string())
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(DsrEventRow {
                        seq: r.try_get("seq")?,
                        action: r.try_get("action")?,
                        at_us: r.try_get("at_us")?,
                        actor: r.try_get("actor")?,
                        reason: r.try_get("reason")?,
                        request_id: r.try_get("request_id")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// One page of requests: overdue ones first, then by due time, then by id; each with its
    /// bucket (0 overdue, 1 not) for the next page's cursor.
    pub async fn list_dsr(&self, f: &DsrFilter) -> Result<Vec<(i64, DsrRow)>, StoreError> {
        let sql = concat!(
            "SELECT ",
            dsr_columns!(),
            ", bucket FROM (SELECT ",
            dsr_columns!(),
            ", ",
            overdue_bucket!(),
            " AS bucket FROM dsr_requests) AS d \
             WHERE ($2 IS NULL OR status = $2 OR status = $3) \
             AND ($4 IS NULL OR due_at_us < $4) \
             AND ($5 IS NULL OR (bucket = 0) = $5) \
             AND ($6 IS NULL OR bucket > $6 OR (bucket = $6 AND (due_at_us > $7 \
                  OR (due_at_us = $7 AND id > $8)))) \
             ORDER BY bucket, due_at_us, id LIMIT $9"
        );
        let (s1, s2) = match &f.statuses {
            Some((a, b)) => (Some(a.as_str()), Some(b.as_str())),
            None => (None, None),
        };
        let after = f.after.as_ref();
        on_db!(self.db(), pool => {
            let rows = sqlx::query(sql)
                .bind(f.now_us)
                .bind(s1)
                .bind(s2)
                .bind(f.due_before_us)
                .bind(f.overdue)
                .bind(after.map(|c| c.bucket))
                .bind(after.map(|c| c.due_at_us))
                .bind(after.map(|c| c.id.as_str()))
                .bind(f.limit)
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|r| Ok((r.try_get::<i64, _>("bucket")?, dsr_from_row(r)?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// How many requests are open, and how many of those are past their due time at `now_us`.
    pub async fn dsr_counts(&self, now_us: i64) -> Result<DsrCounts, StoreError> {
        on_db!(self.db(), pool => {
            let row = sqlx::query(
                "SELECT COUNT(*) AS open, \
                 SUM(CASE WHEN due_at_us < $1 THEN 1 ELSE 0 END) AS overdue \
                 FROM dsr_requests WHERE status IN ('received', 'verified')",
            )
            .bind(now_us)
            .fetch_one(pool)
            .await?;
            Ok(DsrCounts {
                open: row.try_get("open")?,
                overdue: row.try_get::<Option<i64>, _>("overdue")?.unwrap_or(0),
            })
        })
    }
}
