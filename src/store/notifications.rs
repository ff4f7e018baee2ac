//! Recipient notifications (GDPR Art. 19): the queue of webhooks to send and their delivery
//! state. Rows hold the client id, the subject's random id, the action word and times; the
//! outcome of an attempt is an HTTP status or a short reason, never a response body.
//!
//! Delivery is at least once and safe on many instances: a worker *claims* due rows by moving
//! their `next_attempt_at_us` to the end of a lease in one statement (whose own conditions are
//! checked again on the locked row, so two workers never claim one row), and records an
//! outcome only if `attempts` is still what it claimed (compare-and-set). A worker that dies
//! mid-send leaves the row to be claimed again when the lease ends.

use sqlx::Row;
use uuid::Uuid;

use super::{on_db, StoreError, VaultStore};
use crate::domain::{NotificationFilter, NotificationRecord, NotificationStatus, SubjectId};

/// First retry delay; each further failure doubles it.
pub const RETRY_BASE_US: i64 = 30 * 1_000_000;
/// The longest delay between two attempts.
pub const RETRY_CAP_US: i64 = 6 * 3_600 * 1_000_000;
/// After this many failed attempts the vault gives up on a notification.
pub const MAX_ATTEMPTS: i32 = 10;
/// The longest `last_error` stored (the column's check allows 200).
const MAX_ERROR_CHARS: usize = 120;

/// The delay before the next attempt after `failed_before + 1` failures:
/// 30 s · 2^failed_before (30 s, 1 min, 2 min, …), at most 6 hours.
pub fn retry_delay_us(failed_before: i32) -> i64 {
    let shift = u32::try_from(failed_before.clamp(0, 30)).unwrap_or(0);
    RETRY_BASE_US
        .saturating_mul(1_i64 << shift)
        .min(RETRY_CAP_US)
}

/// A notification to enqueue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub id: Uuid,
    pub client: String,
    pub subject: SubjectId,
    /// `rectified`, `erased`, `restricted`, `restriction_lifted` or `trigger`.
    pub action: &'static str,
    /// For `trigger`: the automation rule that fired.
    pub trigger: Option<String>,
    pub created_at_us: i64,
}

/// The outcome of one failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailedAttempt<'a> {
    /// The HTTP status the receiver answered, if it answered.
    pub status: Option<i32>,
    /// A short reason such as `status 500` or `connection refused`; never a response body.
    pub error: &'a str,
    pub at_us: i64,
}

/// What a failed attempt did to the notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Tried again at this time.
    At(i64),
    /// The last allowed attempt failed.
    GaveUp,
    /// Another worker recorded an outcome first; nothing changed.
    Lost,
}

macro_rules! notification_columns {
    () => {
        "id, client, subject_id, action, created_at_us, attempts, next_attempt_at_us, \
         delivered_at_us, last_status, last_error, gave_up_at_us, trigger_name"
    };
}

/// Open (neither delivered nor given up) and due at `$1`.
macro_rules! open_and_due {
    () => {
        "delivered_at_us IS NULL AND gave_up_at_us IS NULL AND next_attempt_at_us <= $1"
    };
}

fn notification_from_row<R: Row>(r: &R) -> Result<NotificationRecord, sqlx::Error>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    i32: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    i64: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<i32>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<i64>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    String: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Option<String>: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    Uuid: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let id: String = r.try_get("id")?;
    let id = Uuid::parse_str(&id).map_err(|e| sqlx::Error::ColumnDecode {
        index: "id".into(),
        source: Box::new(e),
    })?;
    Ok(NotificationRecord {
        id,
        client: r.try_get("client")?,
        subject_id: SubjectId::from_uuid(r.try_get("subject_id")?),
        action: r.try_get("action")?,
        created_at_us: r.try_get("created_at_us")?,
        attempts: r.try_get("attempts")?,
        next_attempt_at_us: r.try_get("next_attempt_at_us")?,
        delivered_at_us: r.try_get("delivered_at_us")?,
        last_status: r.try_get("last_status")?,
        last_error: r.try_get("last_error")?,
        gave_up_at_us: r.try_get("gave_up_at_us")?,
        trigger: r.try_get("trigger_name")?,
    })
}

/// `error` cut to [`MAX_ERROR_CHARS`] characters.
fn short(error: &str) -> String {
    error.chars().take(MAX_ERROR_CHARS).collect()
}

impl VaultStore {
    /// The clients that received data on `subject`, from the audit log: allowed disclosures
    /// to role `client` (`crate::audit::DISCLOSURE_ACTIONS`). Sorted, each once.
    pub async fn disclosure_recipients(
        &self,
        subject: &SubjectId,
    ) -> Result<Vec<String>, StoreError> {
        on_db!(self.db(), pool => {
            let mut clients: Vec<String> = sqlx::query_scalar(super::audit::DISCLOSURE_RECIPIENTS)
                .bind(subject.to_string())
                .fetch_all(pool)
                .await?;
            clients.sort_unstable();
            Ok(clients)
        })
    }

    /// Stores new notifications (due at once), in one transaction.
    pub async fn enqueue_notifications(&self, rows: &[NewNotification]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            for n in rows {
                sqlx::query(
                    "INSERT INTO notifications (id, client, subject_id, action, created_at_us, \
                     attempts, next_attempt_at_us, trigger_name) VALUES ($1, $2, $3, $4, $5, 0, $5, $6)",
                )
                .bind(n.id.to_string())
                .bind(&n.client)
                .bind(n.subject.as_uuid())
                .bind(n.action)
                .bind(n.created_at_us)
                .bind(&n.trigger)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Up to `limit` open notifications due at `now_us`, the longest waiting first. Reading
    /// only; a worker claims with [`VaultStore::claim_due_notifications`].
    pub async fn due_notifications(
        &self,
        now_us: i64,
        limit: i64,
    ) -> Result<Vec<NotificationRecord>, StoreError> {
        let sql = concat!(
            "SELECT ",
            notification_columns!(),
            " FROM notifications WHERE ",
            open_and_due!(),
            " ORDER BY next_attempt_at_us, id LIMIT $2"
        );
        on_db!(self.db(), pool => {
            let rows = sqlx::query(sql).bind(now_us).bind(limit).fetch_all(pool).await?;
            rows.iter()
                .map(notification_from_row)
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Claims up to `limit` open notifications due at `now_us` for one worker until
    /// `lease_until_us` (their `next_attempt_at_us` moves there), and returns them as claimed,
    /// the longest waiting first. A row another worker claimed first is not returned.
    pub async fn claim_due_notifications(
        &self,
        now_us: i64,
        lease_until_us: i64,
        limit: i64,
    ) -> Result<Vec<NotificationRecord>, StoreError> {
        // The outer conditions repeat the inner ones: PostgreSQL re-checks them on a row that
        // another transaction changed meanwhile (SQLite runs one writer at a time anyway).
        let sql = concat!(
            "UPDATE notifications SET next_attempt_at_us = $2 WHERE id IN (SELECT id FROM \
             notifications WHERE ",
            open_and_due!(),
            " ORDER BY next_attempt_at_us, id LIMIT $3) AND ",
            open_and_due!(),
            " RETURNING ",
            notification_columns!()
        );
        on_db!(self.db(), pool => {
            let rows = sqlx::query(sql)
                .bind(now_us)
                .bind(lease_until_us)
                .bind(limit)
                .fetch_all(pool)
                .await?;
            let mut claimed = rows
                .iter()
                .map(notification_from_row)
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
            claimed.sort_by_key(|n| n.id);
            Ok(claimed)
        })
    }

    /// Records a delivery by the attempt that followed `attempts_before` earlier ones; false
    /// if another worker recorded an outcome first.
    pub async fn mark_notification_delivered(
        &self,
        id: &Uuid,
        attempts_before: i32,
        at_us: i64,
        status: i32,
    ) -> Result<bool, StoreError> {
        on_db!(self.db(), pool => {
            let done = sqlx::query(
                "UPDATE notifications SET attempts = $3, delivered_at_us = $4, last_status = $5, \
                 last_error = NULL WHERE id = $1 AND attempts = $2 AND delivered_at_us IS NULL \
                 AND gave_up_at_us IS NULL",
            )
            .bind(id.to_string())
            .bind(attempts_before)
            .bind(attempts_before.saturating_add(1))
            .bind(at_us)
            .bind(status)
            .execute(pool)
            .await?
            .rows_affected();
            Ok(done == 1)
        })
    }

    /// Records a failed attempt (the one after `attempts_before` earlier ones) and schedules
    /// the next after [`retry_delay_us`], or gives up when it was attempt [`MAX_ATTEMPTS`].
    pub async fn mark_notification_failed(
        &self,
        id: &Uuid,
        attempts_before: i32,
        failure: &FailedAttempt<'_>,
    ) -> Result<Retry, StoreError> {
        let attempts = attempts_before.saturating_add(1);
        let (next_at, gave_up_at, retry) = if attempts >= MAX_ATTEMPTS {
            (failure.at_us, Some(failure.at_us), Retry::GaveUp)
        } else {
            let at = failure
                .at_us
                .saturating_add(retry_delay_us(attempts_before));
            (at, None, Retry::At(at))
        };
        on_db!(self.db(), pool => {
            let done = sqlx::query(
                "UPDATE notifications SET attempts = $3, next_attempt_at_us = $4, \
                 last_status = $5, last_error = $6, gave_up_at_us = $7 WHERE id = $1 \
                 AND attempts = $2 AND delivered_at_us IS NULL AND gave_up_at_us IS NULL",
            )
            .bind(id.to_string())
            .bind(attempts_before)
            .bind(attempts)
            .bind(next_at)
            .bind(failure.status)
            .bind(short(failure.error))
            .bind(gave_up_at)
            .execute(pool)
            .await?
            .rows_affected();
            Ok(if done == 1 { retry } else { Retry::Lost })
        })
    }

    /// One page of notifications for the DPO, oldest first.
    pub async fn list_notifications(
        &self,
        f: &NotificationFilter,
    ) -> Result<Vec<NotificationRecord>, StoreError> {
        let sql = concat!(
            "SELECT ",
            notification_columns!(),
            " FROM notifications WHERE \
             ($1 IS NULL OR ($1 = 'pending' AND delivered_at_us IS NULL AND gave_up_at_us IS NULL) \
                OR ($1 = 'delivered' AND delivered_at_us IS NOT NULL) \
                OR ($1 = 'failed' AND gave_up_at_us IS NOT NULL)) \
             AND ($2 IS NULL OR subject_id = $2) \
             AND ($3 IS NULL OR client = $3) \
             AND ($4 IS NULL OR id > $4) \
             ORDER BY id LIMIT $5"
        );
        on_db!(self.db(), pool => {
            let rows = sqlx::query(sql)
                .bind(f.status.map(NotificationStatus::as_str))
                .bind(f.subject.as_ref().map(SubjectId::as_uuid))
                .bind(f.client.as_deref())
                .bind(f.after.map(|a| a.to_string()))
                .bind(f.limit)
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(notification_from_row)
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// One notification by id.
    pub async fn notification(&self, id: &Uuid) -> Result<Option<NotificationRecord>, StoreError> {
        let sql = concat!(
            "SELECT ",
            notification_columns!(),
            " FROM notifications WHERE id = $1"
        );
        on_db!(self.db(), pool => {
            let row = sqlx::query(sql).bind(id.to_string()).fetch_optional(pool).await?;
            Ok(row.map(|r| notification_from_row(&r)).transpose()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_delays_double_from_30_seconds_up_to_6_hours() {
        let secs = |n| retry_delay_us(n) / 1_000_000;
        assert_eq!(
            (0..MAX_ATTEMPTS).map(secs).collect::<Vec<_>>(),
            [30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 15360]
        );
        assert_eq!(secs(10), 21_600);
        assert_eq!(secs(1_000), 21_600);
        assert_eq!(secs(-1), 30);
    }

    #[test]
    fn status_names_round_trip() {
        for s in [
            NotificationStatus::Pending,
            NotificationStatus::Delivered,
            NotificationStatus::Failed,
        ] {
            assert_eq!(NotificationStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(NotificationStatus::parse("open"), None);
    }
}
