//! `/v1/dsr`: the data-subject request workflow. A call centre (role `client`), a DPO or an
//! admin logs a request; DPOs and admins list, read and move it along. Every successful call
//! refreshes the `custodia_dsr_open` / `custodia_dsr_overdue` gauges from the database.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

use super::extract::{Authenticated, Roles, Stewards};
use super::format::rfc3339_us;
use super::refs::SubjectRefBody;
use super::{AppState, RequestId};
use crate::domain::{Channel, FieldError, Role};
use crate::error::{ApiError, ErrorCode};
use crate::service::{
    cursor_token, parse_cursor, DsrCompletion, DsrExport, DsrExportFormat, DsrKind, DsrQuery,
    DsrReason, DsrStatusFilter, DsrView, NewDsr, ServiceError, MAX_DSR_PAGE,
};

/// Who works the requests: DPOs and vault operators.
pub struct DsrOfficers;
impl Roles for DsrOfficers {
    const ALLOWED: &'static [Role] = crate::service::permissions::DPO_OR_ADMIN;
}

/// `POST /v1/dsr` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    #[serde(rename = "type")]
    kind: String,
    subject: SubjectRefBody,
    channel: String,
    /// RFC 3339; defaults to now; not in the future.
    received_at: Option<String>,
}

/// `GET /v1/dsr` query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    status: Option<String>,
    /// RFC 3339, exclusive.
    due_before: Option<String>,
    overdue: Option<bool>,
    limit: Option<i64>,
    /// The previous page's `next_after`.
    after: Option<String>,
}

/// `POST /v1/dsr/{id}/verify` body (optional).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyBody {
    subject: Option<SubjectRefBody>,
}

/// `POST /v1/dsr/{id}/extend` and `/reject` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    reason: String,
}

/// `POST /v1/dsr/{id}/complete` body (optional).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompleteBody {
    reason: Option<String>,
    /// Which export was delivered: required for access and portability requests.
    export: Option<ExportBody>,
}

/// The `export` of a completion body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportBody {
    /// RFC 3339.
    delivered_at: String,
    /// `json` or `csv`.
    format: String,
    reference: Option<String>,
}

impl ExportBody {
    /// The export as a domain value, or every field error at once.
    fn parse(&self) -> Result<DsrExport, Vec<FieldError>> {
        let mut errors = Vec::new();
        let delivered_at = OffsetDateTime::parse(&self.delivered_at, &Rfc3339)
            .map_err(|_| {
                errors.push(FieldError::new(
                    "/export/delivered_at",
                    "must be an RFC 3339 time such as 2026-01-31T09:30:00Z",
                ))
            })
            .ok();
        let format = DsrExportFormat::parse(&self.format);
        if format.is_none() {
            errors.push(FieldError::new("/export/format", "must be json or csv"));
        }
        let reference = match self.reference.as_deref().map(DsrReason::parse) {
            None => None,
            Some(Ok(r)) => Some(r),
            Some(Err(msg)) => {
                errors.push(FieldError::new("/export/reference", msg));
                None
            }
        };
        match (delivered_at, format) {
            (Some(delivered_at), Some(format)) if errors.is_empty() => Ok(DsrExport {
                delivered_at,
                format,
                reference,
            }),
            _ => Err(errors),
        }
    }
}

fn invalid(field: &str, message: &str, rid: &str) -> ApiError {
    ApiError::from_service(
        ServiceError::Invalid(vec![FieldError::new(field, message)]),
        rid,
    )
}

/// A use-case error; `NotFound` here always means the request id names no request.
fn service_error(e: ServiceError, rid: &str) -> ApiError {
    match e {
        ServiceError::NotFound => {
            ApiError::new(ErrorCode::NotFound, "no such data-subject request").with_request_id(rid)
        }
        other => ApiError::from_service(other, rid),
    }
}

fn dsr_id(raw: &str, rid: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| {
        ApiError::new(ErrorCode::InvalidRequest, "the request id must be a UUID")
            .with_request_id(rid)
    })
}

fn reason(raw: &str, rid: &str) -> Result<DsrReason, ApiError> {
    DsrReason::parse(raw).map_err(|msg| invalid("/reason", msg, rid))
}

/// An optional JSON body: empty means `T::default()`.
fn optional_body<T: Default + for<'de> Deserialize<'de>>(
    body: &[u8],
    rid: &str,
) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|_| {
        ApiError::new(
            ErrorCode::InvalidRequest,
            "the body is not valid JSON for this operation",
        )
        .with_request_id(rid)
    })
}

/// A request as JSON. `subject` is left out for callers who may not learn it (role `client`:
/// the answer must not tell a call centre whether an identifier names a customer).
fn dsr_json(v: &DsrView, show_subject: bool, with_history: bool) -> Value {
    let r = &v.row;
    let mut out = json!({
        "id": r.id,
        "type": r.kind,
        "channel": r.channel,
        "status": r.status,
        "received_at": rfc3339_us(r.received_at_us),
        "due_at": rfc3339_us(r.due_at_us),
        "due_date": v.due_day.to_string(),
        "overdue": v.overdue,
        "late": v.late(),
        "extended": r.extended,
        "extension_reason": r.extension_reason,
        "verified_at": r.verified_at_us.map(rfc3339_us),
        "closed_at": r.closed_at_us.map(rfc3339_us),
        "outcome_reason": r.outcome_reason,
        "created_at": rfc3339_us(r.created_at_us),
        "created_by": r.created_by,
        "export": r.delivery.as_ref().map(|d| json!({
            "delivered_at": rfc3339_us(d.delivered_at_us),
            "format": d.format,
            "reference": d.reference,
        })),
    });
    if show_subject {
        out["subject"] = json!(r.subject_id);
    }
    if with_history {
        out["history"] = v
            .history
            .iter()
            .map(|e| {
                json!({
                    "action": e.action,
                    "at": rfc3339_us(e.at_us),
                    "actor": e.actor,
                    "reason": e.reason,
                })
            })
            .collect::<Vec<_>>()
            .into();
    }
    out
}

/// Sets the DSR gauges from the database. A failure is logged, never the caller's problem.
pub(crate) async fn refresh_metrics(state: &AppState, now: OffsetDateTime) {
    match state.vault.dsr_counts(now).await {
        Ok(c) => state.metrics.set_dsr_counts(c.open, c.overdue),
        Err(e) => tracing::warn!(error = %e, "DSR gauges not updated"),
    }
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Authenticated<Stewards>,
    rid: RequestId,
    body: web::Json<CreateBody>,
) -> Result<HttpResponse, ApiError> {
    let now = OffsetDateTime::now_utc();
    let body = body.into_inner();
    let mut errors = Vec::new();
    let kind = DsrKind::parse(&body.kind);
    if kind.is_none() {
        errors.push(FieldError::new(
            "/type",
            "must be one of access, rectification, erasure, restriction, objection, portability",
        ));
    }
    let channel = Channel::parse(&body.channel);
    if channel.is_none() {
        errors.push(FieldError::new(
            "/channel",
            "must be one of web, app, store, call_centre, marketplace, social, email",
        ));
    }
    let received_at = match body
        .received_at
        .as_deref()
        .map(|s| OffsetDateTime::parse(s, &Rfc3339))
    {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(_)) => {
            errors.push(FieldError::new(
                "/received_at",
                "must be an RFC 3339 time such as 2026-01-31T09:30:00Z",
            ));
            None
        }
    };
    let subject = body.subject.parse().map_err(|e| errors.push(e)).ok();
    let (Some(kind), Some(channel), Some(subject), true) =
        (kind, channel, subject, errors.is_empty())
    else {
        return Err(ApiError::from_service(
            ServiceError::Invalid(errors),
            &rid.0,
        ));
    };
    let show_subject = caller.principal.role != Role::Client;
    let caller = caller.caller(&rid);
    let view = state
        .vault
        .create_dsr(
            &caller,
            NewDsr {
                kind,
                subject,
                channel,
                received_at,
            },
            now,
        )
        .await
        .map_err(|e| service_error(e, &rid.0))?;
    refresh_metrics(&state, now).await;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/v1/dsr/{}", view.row.id)))
        .json(dsr_json(&view, show_subject, true)))
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Authenticated<DsrOfficers>,
    rid: RequestId,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let now = OffsetDateTime::now_utc();
    let bad =
        |detail: &str| ApiError::new(ErrorCode::InvalidRequest, detail).with_request_id(&rid.0);
    let limit = q.limit.unwrap_or(100);
    if !(1..=MAX_DSR_PAGE).contains(&limit) {
        return Err(bad("'limit' must be between 1 and 1000"));
    }
    let status = match &q.status {
        None => None,
        Some(s) => Some(DsrStatusFilter::parse(s).ok_or_else(|| {
            bad("'status' must be received, verified, completed, rejected, open or closed")
        })?),
    };
    let due_before = match &q.due_before {
        None => None,
        Some(s) => Some(OffsetDateTime::parse(s, &Rfc3339).map_err(|_| {
            bad("'due_before' must be an RFC 3339 time such as 2026-01-31T00:00:00Z")
        })?),
    };
    let after = match &q.after {
        None => None,
        Some(s) => Some(
            parse_cursor(s)
                .ok_or_else(|| bad("'after' must be the next_after value of a previous page"))?,
        ),
    };
    let caller = caller.caller(&rid);
    let page = state
        .vault
        .list_dsr(
            &caller,
            DsrQuery {
                status,
                due_before,
                overdue: q.overdue,
                after,
                limit,
            },
            now,
        )
        .await
        .map_err(|e| service_error(e, &rid.0))?;
    state
        .metrics
        .set_dsr_counts(page.counts.open, page.counts.overdue);
    Ok(HttpResponse::Ok().json(json!({
        "requests": page.requests.iter().map(|v| dsr_json(v, true, false)).collect::<Vec<_>>(),
        "next_after": page.next_after.as_ref().map(cursor_token),
        "counts": { "open": page.counts.open, "overdue": page.counts.overdue },
    })))
}

pub async fn get(
    state: web::Data<AppState>,
    caller: Authenticated<DsrOfficers>,
    rid: RequestId,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let now = OffsetDateTime::now_utc();
    let id = dsr_id(&path, &rid.0)?;
    let caller = caller.caller(&rid);
    let view = state
        .vault
        .dsr(&caller, id, now)
        .await
        .map_err(|e| service_error(e, &rid.0))?;
    refresh_metrics(&state, now).await;
    Ok(HttpResponse::Ok().json(dsr_json(&view, true, true)))
}

pub async fn verify(
    state: web::Data<AppState>,
    caller: Authenticated<DsrOfficers>,
    rid: RequestId,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let now = OffsetDateTime::now_utc();
    let id = dsr_id(&path, &rid.0)?;
    let body: VerifyBody = optional_body(&body, &rid.0)?;
    let subject = body
        .subject
        .map(SubjectRefBody::parse)
        .transpose()
        .map_err(|e| ApiError::from_service(ServiceError::Invalid(vec![e]), &rid.0))?;
    let caller = caller.caller(&rid);
    let view = state
        .vault
        .verify_dsr(&caller, id, subject, now)
        .await
        .map_err(|e| service_error(e, &rid.0))?;
    refresh_metrics(&state, now).await;
    Ok(HttpResponse::Ok().json(dsr_json(&view, true, true)))
}

pub async fn extend(
    state: web::Data<AppState>,
    caller: Authenticated<DsrOfficers>,
    rid: RequestId,
    path: web::Path<String>,
    body: web::Json<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    let now = OffsetDateTime::now_utc();
    let id = dsr_id(&path, &rid.0)?;
    let reason = reason(&body.reason, &rid.0)?;
    let caller = caller.caller(&rid);
    let view = state
        .vault
        .extend_dsr(&caller, id, reason, now)
        .await
        .map_err(|e| service_error(e, &rid.0))?;
    refresh_metrics(&state, now).await;
    Ok(HttpResponse::Ok().json(dsr_json(&view, true, true)))
}

pub async fn complete(
    state: web::Data<AppState>,
    caller: Authenticated<DsrOfficers>,
    rid: RequestId,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let now = OffsetDateTime::now_utc();
    let id = dsr_id(&path, &rid.0)?;
    let body: CompleteBody = optional_body(&body, &rid.0)?;
    let reason = body
        .reason
        .as_deref()
        .map(|r| reason(r, &rid.0))
        .transpose()?;
    let export = body
        .export
        .as_ref()
        .map(ExportBody::parse)
        .transpose()
        .map_err(|errors| ApiError::from_service(ServiceError::Invalid(errors), &rid.0))?;
    let caller = caller.caller(&rid);
    let view = state
        .vault
        .complete_dsr(&caller, id, DsrCompletion { reason, export }, now)
        .await
        .map_err(|e| service_error(e, &rid.0))?;
    refresh_metrics(&state, now).await;
    Ok(HttpResponse::Ok().json(dsr_json(&view, true, true)))
}

pub async fn reject(
    state: web::Data<AppState>,
    caller: Authenticated<DsrOfficers>,
    rid: RequestId,
    path: web::Path<String>,
    body: web::Json<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    let now = OffsetDateTime::now_utc();
    let id = dsr_id(&path, &rid.0)?;
    let reason = reason(&body.reason, &rid.0)?;
    let caller = caller.caller(&rid);
    let view = state
        .vault
        .reject_dsr(&caller, id, reason, now)
        .await
        .map_err(|e| service_error(e, &rid.0))?;
    refresh_metrics(&state, now).await;
    Ok(HttpResponse::Ok().json(dsr_json(&view, true, true)))
}
