//! `GET /v1/subjects/{id}/profile`: the unified customer view for a purpose.

use actix_web::{web, HttpResponse};
use serde_json::{json, Value};

use super::extract::{Authenticated, Clients, PurposeHeader};
use super::format::rfc3339_us;
use super::subjects::document_json;
use super::{AppState, RequestId};
use crate::error::ApiError;

/// Cents as a decimal string, the form amounts are sent in.
fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

pub async fn get(
    state: web::Data<AppState>,
    caller: Authenticated<Clients>,
    rid: RequestId,
    purpose: PurposeHeader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = super::format::subject_path(&path, &rid.0)?;
    let caller = caller.caller(&rid);
    let p = state
        .vault
        .profile(&caller, purpose.0.as_deref(), id)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    let mut body = document_json(&p.document);
    let consents: Vec<Value> = p
        .consents
        .iter()
        .map(|c| json!({"purpose": c.purpose, "state": c.state, "effective": c.effective}))
        .collect();
    body["consents"] = json!(consents);
    body["channels"] = match &p.channels {
        Some(list) => json!(list
            .iter()
            .map(|c| json!({
                "channel": c.channel,
                "first_seen": rfc3339_us(c.first_seen_us),
                "last_seen": rfc3339_us(c.last_seen_us),
                "events": c.events,
            }))
            .collect::<Vec<_>>()),
        None => Value::Null,
    };
    body["orders"] = match &p.orders {
        Some(o) => json!({
            "count": o.count,
            "revenue": money(o.revenue_cents),
            "average_order_value": money(o.average_order_value_cents),
            "last_purchase_at": o.last_purchase_us.map(rfc3339_us),
        }),
        None => Value::Null,
    };
    body["rfm"] = match &p.rfm {
        Some((rfm, days)) => json!({
            "recency_days": days,
            "r": rfm.r, "f": rfm.f, "m": rfm.m,
            "segment": rfm.segment(),
        }),
        None => Value::Null,
    };
    body["favourite_categories"] = match &p.favourite_categories {
        Some(list) => json!(list
            .iter()
            .map(|(c, n)| json!({"category": c, "events": n}))
            .collect::<Vec<_>>()),
        None => Value::Null,
    };
    match &p.attention {
        Some(reasons) => {
            body["needs_attention"] = json!(!reasons.is_empty());
            body["attention_reasons"] =
                json!(reasons.iter().map(|r| r.as_str()).collect::<Vec<_>>());
        }
        None => {
            body["needs_attention"] = Value::Null;
            body["attention_reasons"] = Value::Null;
        }
    }
    Ok(HttpResponse::Ok().json(body))
}
