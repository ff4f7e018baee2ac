//! `GET /v1/notifications`: the DPO's view of recipient notifications (Art. 19) and their
//! delivery state. Nothing here is personal data (client ids, subject ids, action words,
//! times, HTTP statuses and short reasons), so reading it is not audited, like the audit log.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::extract::{Authenticated, Dpos};
use super::format::rfc3339_us;
use super::{AppState, RequestId};
use crate::domain::SubjectId;
use crate::domain::{NotificationFilter, NotificationRecord, NotificationStatus};
use crate::error::{ApiError, ErrorCode};

/// Most notifications one page returns.
pub const MAX_PAGE: i64 = 1_000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// `pending`, `delivered` or `failed` (given up).
    status: Option<String>,
    subject: Option<String>,
    client: Option<String>,
    limit: Option<i64>,
    /// Continue after this notification id (the previous page's `next_after`).
    after: Option<String>,
}

#[derive(Serialize)]
struct Notification<'a> {
    id: String,
    client: &'a str,
    subject: String,
    action: &'a str,
    /// For action `trigger`: the rule that fired.
    trigger: Option<&'a str>,
    status: &'static str,
    created_at: String,
    attempts: i32,
    /// When the next attempt is due; null once delivered or given up.
    next_attempt_at: Option<String>,
    delivered_at: Option<String>,
    last_status: Option<i32>,
    last_error: Option<&'a str>,
    gave_up_at: Option<String>,
}

#[derive(Serialize)]
struct Page<'a> {
    notifications: Vec<Notification<'a>>,
    next_after: Option<String>,
}

fn view(n: &NotificationRecord) -> Notification<'_> {
    let status = n.status();
    Notification {
        id: n.id.to_string(),
        client: &n.client,
        subject: n.subject_id.to_string(),
        action: &n.action,
        trigger: n.trigger.as_deref(),
        status: status.as_str(),
        created_at: rfc3339_us(n.created_at_us),
        attempts: n.attempts,
        next_attempt_at: (status == NotificationStatus::Pending)
            .then(|| rfc3339_us(n.next_attempt_at_us)),
        delivered_at: n.delivered_at_us.map(rfc3339_us),
        last_status: n.last_status,
        last_error: n.last_error.as_deref(),
        gave_up_at: n.gave_up_at_us.map(rfc3339_us),
    }
}

pub async fn list(
    state: web::Data<AppState>,
    dpo: Authenticated<Dpos>,
    rid: RequestId,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let bad =
        |detail: &str| ApiError::new(ErrorCode::InvalidRequest, detail).with_request_id(&rid.0);
    let limit = q.limit.unwrap_or(100);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(bad("'limit' must be between 1 and 1000"));
    }
    let status = match q.status.as_deref() {
        None => None,
        Some(s) => Some(
            NotificationStatus::parse(s)
                .ok_or_else(|| bad("'status' must be pending, delivered or failed"))?,
        ),
    };
    let subject = match q.subject.as_deref() {
        None => None,
        Some(s) => Some(
            s.parse::<SubjectId>()
                .map_err(|_| bad("'subject' must be a UUID"))?,
        ),
    };
    let after = match q.after.as_deref() {
        None => None,
        Some(s) => Some(
            uuid::Uuid::parse_str(s)
                .map_err(|_| bad("'after' must be the next_after value of a previous page"))?,
        ),
    };
    let filter = NotificationFilter {
        status,
        subject,
        client: q.client.clone(),
        after,
        limit,
    };
    let rows = state
        .vault
        .list_notifications(&dpo.caller(&rid), &filter)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    let next_after = if rows.len() as i64 == limit {
        rows.last().map(|n| n.id.to_string())
    } else {
        None
    };
    Ok(HttpResponse::Ok().json(Page {
        notifications: rows.iter().map(view).collect(),
        next_after,
    }))
}
