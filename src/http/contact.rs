//! Contact decisions and communication preferences (issue 11):
//! `POST /v1/contact-decisions`, `POST /v1/contact-decisions:batch`,
//! `GET/PUT /v1/subjects/{id}/preferences` and `GET/PUT /v1/me/preferences`.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;

use super::extract::{Authenticated, Clients, ContactStewards, PurposeHeader, Subjects};
use super::format::subject_path;
use super::me::own_id;
use super::refs::SubjectRefBody;
use super::{AppState, RequestId};
use crate::domain::{format_clock, FieldError, PreferencesPatch, RawPreferences, SubjectId};
use crate::error::{ApiError, ErrorCode};
use crate::service::{
    Caller, CampaignId, ContactAsk, ContactDecision, PreferencesView, ServiceError,
    MAX_CONTACT_BATCH,
};

/// `POST /v1/contact-decisions` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    subject: SubjectRefBody,
    channel: String,
    campaign: Option<String>,
    #[serde(default)]
    record_send: bool,
}

/// `POST /v1/contact-decisions:batch` body: one purpose (the header), one channel, one
/// campaign, up to 1,000 customers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchBody {
    channel: String,
    campaign: Option<String>,
    #[serde(default)]
    record_send: bool,
    subjects: Vec<Value>,
}

fn campaign(raw: Option<&str>) -> Result<Option<CampaignId>, FieldError> {
    raw.map(|c| CampaignId::parse(c).map_err(|msg| FieldError::new("/campaign", msg)))
        .transpose()
}

fn decision_json(d: &ContactDecision) -> Value {
    let mut out = json!({
        "decision": d.verdict.as_str(),
        "reason": d.reason,
        "send_recorded": d.send_recorded,
    });
    if let Some(at) = d.next_allowed_at.and_then(|t| t.format(&Rfc3339).ok()) {
        out["next_allowed_at"] = at.into();
    }
    out
}

pub async fn decide(
    state: web::Data<AppState>,
    caller: Authenticated<Clients>,
    rid: RequestId,
    purpose: PurposeHeader,
    body: web::Json<DecisionBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let fail = |e: ServiceError| ApiError::from_service(e, &rid.0);
    let mut errors = Vec::new();
    let subject = body.subject.parse().map_err(|e| errors.push(e)).ok();
    let campaign = campaign(body.campaign.as_deref())
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let Some(subject) = subject.filter(|_| errors.is_empty()) else {
        return Err(fail(ServiceError::Invalid(errors)));
    };
    let d = state
        .vault
        .decide_contact(
            &caller.caller(&rid),
            purpose.0.as_deref(),
            &body.channel,
            ContactAsk { subject, campaign },
            body.record_send,
        )
        .await
        .map_err(fail)?;
    Ok(HttpResponse::Ok().json(decision_json(&d)))
}

pub async fn decide_batch(
    state: web::Data<AppState>,
    caller: Authenticated<Clients>,
    rid: RequestId,
    purpose: PurposeHeader,
    body: web::Json<BatchBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let fail = |e: ServiceError| ApiError::from_service(e, &rid.0);
    if body.subjects.is_empty() || body.subjects.len() > MAX_CONTACT_BATCH {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            format!("'subjects' must hold 1 to {MAX_CONTACT_BATCH} subjects"),
        )
        .with_request_id(&rid.0));
    }
    let campaign =
        campaign(body.campaign.as_deref()).map_err(|e| fail(ServiceError::Invalid(vec![e])))?;
    let asks = body
        .subjects
        .into_iter()
        .map(|value| {
            let subject: SubjectRefBody = serde_json::from_value(value).map_err(|_| {
                vec![FieldError::new(
                    "/subject",
                    "give either {\"id\": …} or {\"identifier\": {\"type\", \"value\"}}",
                )]
            })?;
            Ok(ContactAsk {
                subject: subject.parse().map_err(|e| vec![e])?,
                campaign: campaign.clone(),
            })
        })
        .collect();
    let results = state
        .vault
        .decide_contacts(
            &caller.caller(&rid),
            purpose.0.as_deref(),
            &body.channel,
            asks,
            body.record_send,
        )
        .await
        .map_err(fail)?;
    let mut counts: Map<String, Value> = Map::new();
    for key in ["allow", "defer", "deny", "invalid"] {
        counts.insert(key.to_owned(), 0.into());
    }
    let decisions: Vec<Value> = results
        .into_iter()
        .enumerate()
        .map(|(index, r)| {
            let (key, mut item) = match r {
                Ok(d) => (d.verdict.as_str(), decision_json(&d)),
                Err(e) => (
                    "invalid",
                    json!({ "error": ApiError::from_service(e, &rid.0).problem_body() }),
                ),
            };
            if let Some(n) = counts.get_mut(key) {
                *n = (n.as_u64().unwrap_or(0) + 1).into();
            }
            item["index"] = index.into();
            item
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "counts": counts, "decisions": decisions })))
}

fn preferences_json(v: &PreferencesView) -> Value {
    let p = &v.preferences;
    let channels: Map<String, Value> = p
        .channels
        .iter()
        .map(|(c, pref)| {
            let chosen = p.chosen.channels.contains_key(c);
            (
                c.as_str().to_owned(),
                json!({
                    "opted_in": pref.opted_in,
                    "max_per_week": pref.max_per_week,
                    "source": if chosen { "customer" } else { "default" },
                }),
            )
        })
        .collect();
    let quiet_hours = match &p.quiet_hours {
        Some((start, end, zone)) => json!({
            "start": format_clock(*start),
            "end": format_clock(*end),
            "time_zone": zone,
            "source": if p.chosen.quiet_hours.is_some() { "customer" } else { "default" },
        }),
        None => Value::Null,
    };
    json!({
        "subject_id": v.subject,
        "channels": channels,
        "quiet_hours": quiet_hours,
        "preferred_channel": p.preferred_channel.map(|c| c.as_str()),
        "language": p.language,
        "updated_at": v.updated_at.and_then(|t| t.format(&Rfc3339).ok()),
    })
}

/// The body as a change: a body that is not a preferences document is refused here (400
/// invalid-request); its parts are checked by the use case, after the caller.
fn parse_patch(
    body: Value,
    rid: &RequestId,
) -> Result<Result<PreferencesPatch, Vec<FieldError>>, ApiError> {
    let raw: RawPreferences = serde_json::from_value(body).map_err(|_| {
        ApiError::new(
            ErrorCode::InvalidRequest,
            "not a preferences document: channels, quiet_hours, preferred_channel and language, \
             nothing else",
        )
        .with_request_id(&rid.0)
    })?;
    Ok(PreferencesPatch::parse(&raw))
}

/// Reads the preferences of `id` (also the customer's own, through `/v1/me`).
async fn get_for(
    state: &AppState,
    caller: &Caller<'_>,
    purpose: Option<&str>,
    id: SubjectId,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .vault
        .preferences(caller, purpose, id)
        .await
        .map_err(|e| ApiError::from_service(e, caller.request_id))?;
    Ok(HttpResponse::Ok().json(preferences_json(&view)))
}

async fn put_for(
    state: &AppState,
    caller: &Caller<'_>,
    rid: &RequestId,
    purpose: Option<&str>,
    id: SubjectId,
    body: Value,
) -> Result<HttpResponse, ApiError> {
    let patch = parse_patch(body, rid)?;
    let view = state
        .vault
        .update_preferences(caller, purpose, id, patch)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok().json(preferences_json(&view)))
}

pub async fn get_preferences(
    state: web::Data<AppState>,
    caller: Authenticated<ContactStewards>,
    rid: RequestId,
    purpose: PurposeHeader,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = subject_path(&path, &rid.0)?;
    get_for(&state, &caller.caller(&rid), purpose.0.as_deref(), id).await
}

pub async fn put_preferences(
    state: web::Data<AppState>,
    caller: Authenticated<ContactStewards>,
    rid: RequestId,
    purpose: PurposeHeader,
    path: web::Path<String>,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let id = subject_path(&path, &rid.0)?;
    let c = caller.caller(&rid);
    put_for(
        &state,
        &c,
        &rid,
        purpose.0.as_deref(),
        id,
        body.into_inner(),
    )
    .await
}

pub async fn get_own_preferences(
    state: web::Data<AppState>,
    caller: Authenticated<Subjects>,
    rid: RequestId,
) -> Result<HttpResponse, ApiError> {
    let id = own_id(&caller, &rid)?;
    get_for(&state, &caller.caller(&rid), None, id).await
}

pub async fn put_own_preferences(
    state: web::Data<AppState>,
    caller: Authenticated<Subjects>,
    rid: RequestId,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let id = own_id(&caller, &rid)?;
    let c = caller.caller(&rid);
    put_for(&state, &c, &rid, None, id, body.into_inner()).await
}
