//! `POST /v1/events` (batch ingest) and `GET /v1/subjects/{id}/events`.

use actix_web::{web, HttpResponse};
use base64::Engine as _;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::extract::{Authenticated, Clients, PurposeHeader, Writers};
use super::format::rfc3339_us;
use super::refs::SubjectRefBody;
use super::{AppState, RequestId};
use crate::domain::EventQuery;
use crate::domain::{Channel, FieldError, SubjectId, MAX_CLOCK_SKEW};
use crate::error::{ApiError, ErrorCode};
use crate::service::{EventOutcome, IncomingEvent, SubjectRef, MAX_EVENTS_PER_BATCH};

/// Most events one page returns.
pub const MAX_EVENTS_PAGE: i64 = 500;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsBody {
    pub events: Vec<Value>,
}

/// One event as sent (design §8).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBody {
    pub id: String,
    pub subject: SubjectRefBody,
    #[serde(rename = "type")]
    pub kind: String,
    pub channel: String,
    pub occurred_at: String,
    #[serde(default)]
    pub properties: Map<String, Value>,
}

fn parse_event(value: Value, now: OffsetDateTime) -> Result<IncomingEvent, Vec<FieldError>> {
    let body: EventBody = serde_json::from_value(value).map_err(|_| {
        vec![FieldError::new(
            "",
            "not an event: needs id, subject, type, channel, occurred_at and properties, nothing else",
        )]
    })?;
    let mut errors = Vec::new();
    let id_ok = (1..=128).contains(&body.id.len())
        && body
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-'));
    if !id_ok {
        errors.push(FieldError::new(
            "/id",
            "must be the client's event id: 1 to 128 of A-Z a-z 0-9 . _ : -",
        ));
    }
    let subject = body.subject.parse().map_err(|e| errors.push(e)).ok();
    let channel = Channel::parse(&body.channel);
    if channel.is_none() {
        let channels: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
        errors.push(FieldError::new(
            "/channel",
            format!("must be one of {}", channels.join(", ")),
        ));
    }
    let occurred_at = match OffsetDateTime::parse(&body.occurred_at, &Rfc3339) {
        Ok(t) if t > now + MAX_CLOCK_SKEW => {
            errors.push(FieldError::new("/occurred_at", "must not be in the future"));
            None
        }
        Ok(t) if t.year() < 2000 => {
            errors.push(FieldError::new("/occurred_at", "must not be before 2000"));
            None
        }
        Ok(t) => Some(t),
        Err(_) => {
            errors.push(FieldError::new(
                "/occurred_at",
                "must be an RFC 3339 time such as 2026-11-23T10:00:00Z",
            ));
            None
        }
    };
    match (subject, channel, occurred_at) {
        (Some(subject), Some(channel), Some(occurred_at)) if errors.is_empty() => {
            Ok(IncomingEvent {
                client_event_id: body.id,
                subject,
                event_type: body.kind,
                channel,
                occurred_at,
                properties: body.properties,
            })
        }
        _ => Err(errors),
    }
}

fn client_event_id(value: &Value) -> Value {
    value.get("id").cloned().unwrap_or(Value::Null)
}

pub async fn ingest(
    state: web::Data<AppState>,
    caller: Authenticated<Writers>,
    rid: RequestId,
    body: web::Json<EventsBody>,
) -> Result<HttpResponse, ApiError> {
    let events = body.into_inner().events;
    if events.is_empty() || events.len() > MAX_EVENTS_PER_BATCH {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            format!("'events' must hold 1 to {MAX_EVENTS_PER_BATCH} events"),
        )
        .with_request_id(&rid.0));
    }
    let now = OffsetDateTime::now_utc();
    let ids: Vec<Value> = events.iter().map(client_event_id).collect();
    let items: Vec<_> = events.into_iter().map(|v| parse_event(v, now)).collect();
    // Each event that names its customer by identifier is a look-up, and costs one like it
    // (the request itself paid for the first).
    let lookups = items
        .iter()
        .filter(|i| matches!(i, Ok(e) if matches!(e.subject, SubjectRef::Identifier(..))))
        .count();
    if let Some(extra) = u32::try_from(lookups.saturating_sub(1))
        .ok()
        .and_then(std::num::NonZeroU32::new)
    {
        state
            .rate_limits
            .check_n(&caller.principal, extra)
            .map_err(|wait| {
                ApiError::new(
                    ErrorCode::TooManyRequests,
                    "too many customers named by identifier; retry after the time in Retry-After",
                )
                .with_retry_after(wait)
                .with_request_id(&rid.0)
            })?;
    }
    let caller = caller.caller(&rid);
    let outcomes = state
        .vault
        .ingest_events(&caller, items)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    let (mut accepted, mut duplicates, mut rejected) = (0, 0, 0);
    let results: Vec<Value> = outcomes
        .iter()
        .zip(ids)
        .enumerate()
        .map(|(index, (o, id))| match o {
            EventOutcome::Stored { id: event_id } => {
                accepted += 1;
                json!({"index": index, "id": id, "status": "accepted", "event_id": event_id})
            }
            EventOutcome::Duplicate => {
                duplicates += 1;
                json!({"index": index, "id": id, "status": "duplicate"})
            }
            EventOutcome::Rejected { reason, errors } => {
                rejected += 1;
                let errors: Vec<Value> = errors
                    .iter()
                    .map(|e| json!({"field": e.field, "message": e.message}))
                    .collect();
                json!({"index": index, "id": id, "status": "rejected", "reason": reason, "errors": errors})
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({
        "accepted": accepted,
        "duplicates": duplicates,
        "rejected": rejected,
        "results": results,
    })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    /// Comma-separated event types.
    #[serde(rename = "type")]
    kind: Option<String>,
    channel: Option<String>,
    from: Option<String>,
    to: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

fn encode_cursor(at_us: i64, id: uuid::Uuid) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{at_us}:{id}"))
}

fn decode_cursor(c: &str) -> Option<(i64, uuid::Uuid)> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(c)
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (at, id) = text.split_once(':')?;
    Some((at.parse().ok()?, id.parse().ok()?))
}

fn time_param(v: &Option<String>, name: &str, rid: &str) -> Result<Option<i64>, ApiError> {
    v.as_ref()
        .map(|s| {
            OffsetDateTime::parse(s, &Rfc3339)
                .map(|t| i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX))
                .map_err(|_| {
                    ApiError::new(
                        ErrorCode::InvalidRequest,
                        format!("'{name}' must be an RFC 3339 time"),
                    )
                    .with_request_id(rid)
                })
        })
        .transpose()
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Authenticated<Clients>,
    rid: RequestId,
    purpose: PurposeHeader,
    path: web::Path<String>,
    q: web::Query<EventsQuery>,
) -> Result<HttpResponse, ApiError> {
    let bad = |msg: &str| ApiError::new(ErrorCode::InvalidRequest, msg).with_request_id(&rid.0);
    let id: SubjectId = path
        .parse()
        .map_err(|_| bad("the subject id must be a UUID"))?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=MAX_EVENTS_PAGE).contains(&limit) {
        return Err(bad("'limit' must be between 1 and 500"));
    }
    let before = match &q.cursor {
        Some(c) => {
            Some(decode_cursor(c).ok_or_else(|| bad("'cursor' is not a cursor from this API"))?)
        }
        None => None,
    };
    let channel = match &q.channel {
        Some(c) => Some(
            Channel::parse(c)
                .ok_or_else(|| bad("'channel' is not a channel"))?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    let query = EventQuery {
        types: q
            .kind
            .as_deref()
            .map(|t| t.split(',').map(|s| s.trim().to_owned()).collect())
            .unwrap_or_default(),
        channel,
        from_us: time_param(&q.from, "from", &rid.0)?,
        to_us: time_param(&q.to, "to", &rid.0)?,
        before,
        limit,
    };
    let caller = caller.caller(&rid);
    let (purpose, rows) = state
        .vault
        .subject_events(&caller, purpose.0.as_deref(), id, query)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    let next_cursor = if rows.len() as i64 == limit {
        rows.last().map(|r| encode_cursor(r.occurred_at_us, r.id))
    } else {
        None
    };
    let events: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "event_id": r.id,
                "id": r.client_event_id,
                "source": r.source_client,
                "type": r.event_type,
                "channel": r.channel,
                "occurred_at": rfc3339_us(r.occurred_at_us),
                "received_at": rfc3339_us(r.received_at_us),
                "properties": serde_json::from_str::<Value>(&r.properties).unwrap_or_else(|_| json!({})),
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({
        "id": id,
        "purpose": purpose,
        "events": events,
        "next_cursor": next_cursor,
    })))
}
