//! `/v1/audit`: the DPO's view of the audit log and its verification.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::extract::{Authenticated, Dpos};
use super::format::rfc3339_us;
use super::{AppState, RequestId};
use crate::error::{ApiError, ErrorCode};
use crate::service::{
    AuditAction, AuditDecision, AuditEntry, AuditOrder, AuditSearch, MAX_AUDIT_PAGE as MAX_PAGE,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    subject: Option<String>,
    client: Option<String>,
    purpose: Option<String>,
    /// RFC 3339, inclusive.
    from: Option<String>,
    /// RFC 3339, exclusive.
    to: Option<String>,
    /// `allowed` or `denied`.
    decision: Option<String>,
    /// An audit action, e.g. `subject.read`.
    action: Option<String>,
    /// Continue after this seq (the previous page's `next_after`).
    after: Option<i64>,
    /// Only entries with a smaller seq (the previous page's `next_before`).
    before: Option<i64>,
    /// `oldest` (default) or `newest` first.
    order: Option<String>,
    limit: Option<i64>,
}

#[derive(Serialize)]
struct Actor<'a> {
    id: &'a str,
    role: &'a str,
}

#[derive(Serialize)]
struct Entry<'a> {
    seq: i64,
    at: String,
    actor: Actor<'a>,
    action: &'a str,
    subject: Option<&'a str>,
    purpose: Option<&'a str>,
    fields_given: Vec<String>,
    fields_withheld: Vec<String>,
    decision: &'a str,
    reason: Option<&'a str>,
    request_id: &'a str,
    hash: String,
}

#[derive(Serialize)]
struct Page<'a> {
    entries: Vec<Entry<'a>>,
    next_after: Option<i64>,
    next_before: Option<i64>,
}

fn parse_time(value: &Option<String>, name: &str, rid: &str) -> Result<Option<i64>, ApiError> {
    let Some(v) = value else { return Ok(None) };
    let t = OffsetDateTime::parse(v, &Rfc3339).map_err(|_| {
        ApiError::new(
            ErrorCode::InvalidRequest,
            format!("'{name}' must be an RFC 3339 time such as 2026-01-31T00:00:00Z"),
        )
        .with_request_id(rid)
    })?;
    Ok(Some(
        i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX),
    ))
}

fn entry(e: &AuditEntry) -> Entry<'_> {
    Entry {
        seq: e.seq,
        at: rfc3339_us(e.at_us),
        actor: Actor {
            id: &e.actor_id,
            role: &e.actor_role,
        },
        action: &e.action,
        subject: e.subject.as_deref(),
        purpose: e.purpose.as_deref(),
        fields_given: e.fields_given.clone(),
        fields_withheld: e.fields_withheld.clone(),
        decision: &e.decision,
        reason: e.reason.as_deref(),
        request_id: &e.request_id,
        hash: e.hash.clone(),
    }
}

pub async fn query(
    state: web::Data<AppState>,
    dpo: Authenticated<Dpos>,
    rid: RequestId,
    q: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = q.limit.unwrap_or(100);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            format!("'limit' must be between 1 and {MAX_PAGE}"),
        )
        .with_request_id(&rid.0));
    }
    let subject = q
        .subject
        .as_deref()
        .map(|s| {
            s.parse::<crate::domain::SubjectId>().map_err(|_| {
                ApiError::new(ErrorCode::InvalidRequest, "'subject' must be a UUID")
                    .with_request_id(&rid.0)
            })
        })
        .transpose()?;
    let bad =
        |detail: &str| ApiError::new(ErrorCode::InvalidRequest, detail).with_request_id(&rid.0);
    let decision = q
        .decision
        .as_deref()
        .map(|d| AuditDecision::parse(d).ok_or_else(|| bad("'decision' must be allowed or denied")))
        .transpose()?;
    let action = q
        .action
        .as_deref()
        .map(|a| {
            AuditAction::parse(a).ok_or_else(|| {
                bad("'action' must be an audit action such as subject.read (see AuditEntry.action)")
            })
        })
        .transpose()?;
    let order = match q.order.as_deref() {
        None => AuditOrder::default(),
        Some(o) => AuditOrder::parse(o).ok_or_else(|| bad("'order' must be oldest or newest"))?,
    };
    let search = AuditSearch {
        subject,
        actor: q.client.clone(),
        purpose: q.purpose.clone(),
        from_us: parse_time(&q.from, "from", &rid.0)?,
        to_us: parse_time(&q.to, "to", &rid.0)?,
        action,
        decision,
        after: q.after,
        before: q.before,
        order,
        limit,
    };
    let entries = state
        .vault
        .search_audit(&dpo.caller(&rid), search)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    // A full page may have more behind it: its last seq is the cursor, in the page's direction.
    let cursor = if entries.len() as i64 == limit {
        entries.last().map(|e| e.seq)
    } else {
        None
    };
    let (next_after, next_before) = match order {
        AuditOrder::Oldest => (cursor, None),
        AuditOrder::Newest => (None, cursor),
    };
    Ok(HttpResponse::Ok().json(Page {
        entries: entries.iter().map(entry).collect(),
        next_after,
        next_before,
    }))
}

pub async fn verify(
    state: web::Data<AppState>,
    dpo: Authenticated<Dpos>,
    rid: RequestId,
) -> Result<HttpResponse, ApiError> {
    let result = state
        .vault
        .verify_audit(&dpo.caller(&rid))
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok().json(result))
}
