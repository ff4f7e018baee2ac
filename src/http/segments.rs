//! `POST /v1/segments/query`.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::extract::{Authenticated, Clients, PurposeHeader};
use super::subjects::document_json;
use super::{AppState, RequestId};
use crate::domain::rfm::SEGMENTS;
use crate::domain::{Channel, FieldError};
use crate::error::{ApiError, ErrorCode};
use crate::service::{
    AbcClass, SegmentConditions, SegmentCursor, SegmentResult, ServiceError, MAX_SEGMENT_PAGE,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventCountBody {
    #[serde(rename = "type")]
    kind: String,
    min: i64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConditionsBody {
    min_recency_score: Option<u8>,
    min_frequency_score: Option<u8>,
    min_monetary_score: Option<u8>,
    #[serde(default)]
    rfm_segments: Vec<String>,
    #[serde(default)]
    abc_classes: Vec<String>,
    channel: Option<String>,
    last_purchase_after: Option<String>,
    last_purchase_before: Option<String>,
    min_orders: Option<i64>,
    max_orders: Option<i64>,
    /// A decimal amount, e.g. "100.00".
    min_revenue: Option<String>,
    event_count: Option<EventCountBody>,
    needs_attention: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentBody {
    #[serde(default)]
    conditions: ConditionsBody,
    limit: Option<usize>,
    cursor: Option<String>,
}

fn parse_conditions(c: ConditionsBody) -> Result<SegmentConditions, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut score = |v: Option<u8>, name: &str| {
        if let Some(s) = v {
            if !(1..=5).contains(&s) {
                errors.push(FieldError::new(
                    format!("/conditions/{name}"),
                    "must be 1 to 5",
                ));
            }
        }
        v
    };
    let min_recency_score = score(c.min_recency_score, "min_recency_score");
    let min_frequency_score = score(c.min_frequency_score, "min_frequency_score");
    let min_monetary_score = score(c.min_monetary_score, "min_monetary_score");
    for (i, s) in c.rfm_segments.iter().enumerate() {
        if !SEGMENTS.contains(&s.as_str()) {
            errors.push(FieldError::new(
                format!("/conditions/rfm_segments/{i}"),
                format!("must be one of {}", SEGMENTS.join(", ")),
            ));
        }
    }
    let mut abc_classes = Vec::new();
    for (i, s) in c.abc_classes.iter().enumerate() {
        match AbcClass::parse(s) {
            Some(a) => abc_classes.push(a),
            None => errors.push(FieldError::new(
                format!("/conditions/abc_classes/{i}"),
                "must be A, B or C",
            )),
        }
    }
    let channel = c.channel.as_deref().and_then(|ch| {
        let parsed = Channel::parse(ch).map(|x| x.as_str().to_owned());
        if parsed.is_none() {
            errors.push(FieldError::new("/conditions/channel", "is not a channel"));
        }
        parsed
    });
    let mut time = |v: &Option<String>, name: &str| {
        v.as_ref()
            .and_then(|s| match OffsetDateTime::parse(s, &Rfc3339) {
                Ok(t) => Some(t),
                Err(_) => {
                    errors.push(FieldError::new(
                        format!("/conditions/{name}"),
                        "must be an RFC 3339 time",
                    ));
                    None
                }
            })
    };
    let last_purchase_after = time(&c.last_purchase_after, "last_purchase_after");
    let last_purchase_before = time(&c.last_purchase_before, "last_purchase_before");
    let min_revenue_cents =
        c.min_revenue
            .as_deref()
            .and_then(|m| match crate::domain::Amount::parse(m) {
                Ok(a) if a.cents() >= 0 => Some(a.cents()),
                Ok(_) => {
                    errors.push(FieldError::new(
                        "/conditions/min_revenue",
                        "must not be negative",
                    ));
                    None
                }
                Err(e) => {
                    errors.push(FieldError::new("/conditions/min_revenue", e.to_string()));
                    None
                }
            });
    if errors.is_empty() {
        Ok(SegmentConditions {
            min_recency_score,
            min_frequency_score,
            min_monetary_score,
            rfm_segments: c.rfm_segments,
            abc_classes,
            channel,
            last_purchase_after,
            last_purchase_before,
            min_orders: c.min_orders,
            max_orders: c.max_orders,
            min_revenue_cents,
            event_count: c.event_count.map(|e| (e.kind, e.min)),
            needs_attention: c.needs_attention,
        })
    } else {
        Err(errors)
    }
}

pub async fn query(
    state: web::Data<AppState>,
    caller: Authenticated<Clients>,
    rid: RequestId,
    purpose: PurposeHeader,
    body: web::Json<SegmentBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let bad = |msg: &str| ApiError::new(ErrorCode::InvalidRequest, msg).with_request_id(&rid.0);
    let limit = body.limit.unwrap_or(100);
    if !(1..=MAX_SEGMENT_PAGE).contains(&limit) {
        return Err(bad("'limit' must be between 1 and 500"));
    }
    let cursor = match &body.cursor {
        Some(c) => Some(
            SegmentCursor::parse(c).ok_or_else(|| bad("'cursor' is not a cursor from this API"))?,
        ),
        None => None,
    };
    let conditions = parse_conditions(body.conditions)
        .map_err(|e| ApiError::from_service(ServiceError::Invalid(e), &rid.0))?;
    let caller = caller.caller(&rid);
    let purpose_name = purpose.0.clone().unwrap_or_default();
    let result = state
        .vault
        .query_segment(&caller, purpose.0.as_deref(), &conditions, limit, cursor)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok().json(match result {
        SegmentResult::Members(page) => json!({
            "purpose": purpose_name,
            "members": page.members.iter().map(document_json).collect::<Vec<_>>(),
            "next_cursor": page.next_cursor.map(|c| c.to_hex()),
        }),
        SegmentResult::Counts(c) => {
            let by_segment: Map<String, Value> = c
                .by_rfm_segment
                .iter()
                .map(|(s, n)| ((*s).to_owned(), json!(n)))
                .collect();
            let by_abc: Map<String, Value> = c
                .by_abc_class
                .iter()
                .map(|(a, n)| (a.as_str().to_owned(), json!(n)))
                .collect();
            json!({
                "purpose": purpose_name,
                "total": c.total,
                "by_rfm_segment": by_segment,
                "by_abc_class": by_abc,
                "min_cell_size": c.min_cell,
                "suppressed": "cells under min_cell_size are null",
            })
        }
    }))
}
