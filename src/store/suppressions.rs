//! Channel suppressions (`channel_suppressions`, vault migration 0015): the channels a customer
//! may not be reached on, and why (a hard bounce, a spam complaint). Written by negative
//! feedback at ingest (`service/feedback.rs`), lifted by a rectified address or a new consent
//! grant; read by the contact decision.

use sqlx::Row;
use uuid::Uuid;

use super::{on_db, StoreError, VaultStore};
use crate::domain::{ContactChannel, SubjectId, SuppressionCause};

/// One suppressed channel of a subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelSuppression {
    pub channel: String,
    pub cause: String,
    pub since_us: i64,
    /// The behavioural event that caused it.
    pub event_id: Option<Uuid>,
}

impl VaultStore {
    /// Suppresses `channel` for `subject` because of `cause`, naming the event that caused it.
    /// A suppression already in place is kept as it is (its first event and time stay).
    /// Returns whether a row was written. Only for a live subject.
    pub async fn suppress_channel(
        &self,
        subject: &SubjectId,
        channel: ContactChannel,
        cause: SuppressionCause,
        since_us: i64,
        event_id: Uuid,
    ) -> Result<bool, StoreError> {
        on_db!(self.db(), pool => {
            let done = sqlx::query(
                "INSERT INTO channel_suppressions (subject_id, channel, cause, since_us, event_id) \
                 SELECT $1, $2, $3, $4, $5 WHERE EXISTS \
                 (SELECT 1 FROM subjects WHERE id = $1 AND merged_into IS NULL) \
                 ON CONFLICT (subject_id, channel, cause) DO NOTHING",
            )
            .bind(subject.as_uuid())
            .bind(channel.as_str())
            .bind(cause.as_str())
            .bind(since_us)
            .bind(event_id)
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Lifts `subject`'s suppressions of `cause` on `channels`; returns the channels lifted.
    pub async fn lift_suppressions(
        &self,
        subject: &SubjectId,
        channels: &[ContactChannel],
        cause: SuppressionCause,
    ) -> Result<Vec<ContactChannel>, StoreError> {
        let mut lifted = Vec::new();
        on_db!(self.db(), pool => {
            for channel in channels {
                let done = sqlx::query(
                    "DELETE FROM channel_suppressions WHERE subject_id = $1 AND channel = $2 \
                     AND cause = $3",
                )
                .bind(subject.as_uuid())
                .bind(channel.as_str())
                .bind(cause.as_str())
                .execute(pool)
                .await?;
                if done.rows_affected() > 0 {
                    lifted.push(*channel);
                }
            }
        });
        Ok(lifted)
    }

    /// Every suppression of `subject`, by channel and cause.
    pub async fn channel_suppressions(
        &self,
        subject: &SubjectId,
    ) -> Result<Vec<ChannelSuppression>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(
                "SELECT channel, cause, since_us, event_id FROM channel_suppressions \
                 WHERE subject_id = $1 ORDER BY channel, cause",
            )
            .bind(subject.as_uuid())
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(ChannelSuppression {
                        channel: r.try_get("channel")?,
                        cause: r.try_get("cause")?,
                        since_us: r.try_get("since_us")?,
                        event_id: r.try_get("event_id")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }
}
