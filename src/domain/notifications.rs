//! Recipient notifications (Art. 19) as the layers above the store see them. Plain data.

use uuid::Uuid;

use super::SubjectId;

/// Where a notification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationStatus {
    /// Not delivered yet, still being tried.
    Pending,
    Delivered,
    /// Given up after the last allowed attempt failed.
    Failed,
}

impl NotificationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "delivered" => Some(Self::Delivered),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }
}

/// A stored notification; times in microseconds since the Unix epoch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRecord {
    pub id: Uuid,
    pub client: String,
    pub subject_id: SubjectId,
    pub action: String,
    pub created_at_us: i64,
    pub attempts: i32,
    /// When the next attempt is due (or, while one runs, the end of its lease).
    pub next_attempt_at_us: i64,
    pub delivered_at_us: Option<i64>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub gave_up_at_us: Option<i64>,
    /// For action `trigger`: the automation rule that fired.
    pub trigger: Option<String>,
}

impl NotificationRecord {
    pub fn status(&self) -> NotificationStatus {
        if self.delivered_at_us.is_some() {
            NotificationStatus::Delivered
        } else if self.gave_up_at_us.is_some() {
            NotificationStatus::Failed
        } else {
            NotificationStatus::Pending
        }
    }
}

/// Filters of the DPO's listing; `None` means "any". Ordered by id (UUIDv7: creation order).
#[derive(Debug, Clone, Default)]
pub struct NotificationFilter {
    pub status: Option<NotificationStatus>,
    pub subject: Option<SubjectId>,
    pub client: Option<String>,
    /// Continue after this id (the previous page's last).
    pub after: Option<Uuid>,
    pub limit: i64,
}
