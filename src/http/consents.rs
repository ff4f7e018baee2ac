//! Consent decisions, restriction and objection routes, and the receipt key set.

use std::collections::BTreeMap;

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use super::extract::{Authenticated, Stewards, Writers};
use super::format::rfc3339_us;
use super::refs::SubjectRefBody;
use super::{AppState, RequestId};
use crate::domain::{
    Channel, ConsentDecision, FieldError, ObjectionWithdrawal, RawConsentDecision,
    RawObjectionWithdrawal, RestrictionGround, SubjectId,
};
use crate::domain::{ConsentRecord, ObjectionRecord, RestrictionRecord};
use crate::error::{ApiError, ErrorCode};
use crate::service::{BatchItem, Caller, ConsentRecorded, ServiceError};

/// Most records in one `POST /v1/consents:batch`.
pub const MAX_BATCH: usize = 1_000;

/// `PUT /v1/subjects/{id}/consents/{purpose}` body (design §8).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentBody {
    status: String,
    source: String,
    collected_at: String,
    policy_version: String,
    #[serde(default)]
    evidence: BTreeMap<String, String>,
    expires_at: Option<String>,
    operator_id: Option<String>,
}

impl ConsentBody {
    /// The body as the domain's raw input, for `ConsentDecision::parse`.
    pub fn raw(&self) -> RawConsentDecision<'_> {
        RawConsentDecision {
            status: &self.status,
            source: &self.source,
            collected_at: &self.collected_at,
            policy_version: &self.policy_version,
            evidence: self.evidence.clone(),
            expires_at: self.expires_at.as_deref(),
            operator_id: self.operator_id.as_deref(),
        }
    }

    fn parse(&self) -> Result<ConsentDecision, Vec<FieldError>> {
        ConsentDecision::parse(&self.raw(), time::OffsetDateTime::now_utc())
    }
}

use super::format::subject_path as subject_id;

pub(crate) fn record_json(r: &ConsentRecord) -> Value {
    json!({
        "id": r.id,
        "subject": r.subject_id,
        "purpose": r.purpose,
        "status": r.status,
        "legal_basis": r.legal_basis,
        "source": r.source,
        "collected_at": rfc3339_us(r.collected_at_us),
        "recorded_at": rfc3339_us(r.recorded_at_us),
        "policy_version": r.policy_version,
        "evidence": serde_json::from_str::<Value>(&r.evidence).unwrap_or_else(|_| json!({})),
        "expires_at": r.expires_at_us.map(rfc3339_us),
        "operator_id": r.operator_id,
        "recorded_by": r.recorded_by,
    })
}

fn recorded_json(r: &ConsentRecorded) -> Value {
    json!({ "record": record_json(&r.record), "receipt": r.receipt })
}

/// One row of the objection ledger: an objection, or (`withdrawn`) the withdrawal of one.
pub(crate) fn objection_json(ob: &ObjectionRecord) -> Value {
    let mut v = json!({
        "scope": ob.scope,
        "withdrawn": ob.withdrawn,
        "source": ob.source,
        "recorded_at": rfc3339_us(ob.recorded_at_us),
        "recorded_by": ob.recorded_by,
    });
    if ob.withdrawn {
        v["collected_at"] = json!(ob.collected_at_us.map(rfc3339_us));
        v["evidence"] = ob
            .evidence
            .as_deref()
            .and_then(|e| serde_json::from_str::<Value>(e).ok())
            .unwrap_or_else(|| json!({}));
    }
    v
}

fn restriction_json(r: Option<&RestrictionRecord>) -> Value {
    match r {
        Some(r) if r.restricted => json!({
            "restricted": true,
            "reason": r.reason,
            "since": rfc3339_us(r.recorded_at_us),
        }),
        _ => json!({ "restricted": false }),
    }
}

/// Whether a request carries the Global Privacy Control signal (`Sec-GPC: 1`).
fn gpc(req: &HttpRequest) -> bool {
    req.headers()
        .get("sec-gpc")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() == "1")
}

pub async fn put_consent(
    state: web::Data<AppState>,
    caller: Authenticated<Writers>,
    rid: RequestId,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Json<ConsentBody>,
) -> Result<HttpResponse, ApiError> {
    let (id, purpose) = path.into_inner();
    let id = subject_id(&id, &rid.0)?;
    record_for(&state, &caller.principal, &rid, &req, id, &purpose, &body).await
}

/// Records a consent decision for `id` (also the customer's own, through `/v1/me`).
pub(super) async fn record_for(
    state: &AppState,
    principal: &crate::auth::Principal,
    rid: &RequestId,
    req: &HttpRequest,
    id: SubjectId,
    purpose: &str,
    body: &ConsentBody,
) -> Result<HttpResponse, ApiError> {
    let decision = body
        .parse()
        .map_err(|e| ApiError::from_service(ServiceError::Invalid(e), &rid.0))?;
    let caller = Caller {
        principal,
        request_id: &rid.0,
    };
    let recorded = state
        .vault
        .record_consent(&caller, id, purpose, decision, gpc(req))
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Created().json(recorded_json(&recorded)))
}

pub async fn get_consents(
    state: web::Data<AppState>,
    caller: Authenticated<Stewards>,
    rid: RequestId,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = subject_id(&path, &rid.0)?;
    overview_for(&state, &caller.principal, &rid, id).await
}

/// The consent overview of `id` (also the customer's own, through `/v1/me`).
pub(super) async fn overview_for(
    state: &AppState,
    principal: &crate::auth::Principal,
    rid: &RequestId,
    id: SubjectId,
) -> Result<HttpResponse, ApiError> {
    let caller = Caller {
        principal,
        request_id: &rid.0,
    };
    let o = state
        .vault
        .consent_overview(&caller, id)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    let current: Vec<Value> = o
        .current
        .iter()
        .map(|c| {
            json!({
                "purpose": c.purpose,
                "state": c.state,
                "effective": c.effective,
                "record": c.record.as_ref().map(record_json),
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({
        "subject": o.subject,
        "current": current,
        "history": o.history.iter().map(record_json).collect::<Vec<_>>(),
        "objections": o.objections.iter().map(objection_json).collect::<Vec<_>>(),
        "objections_in_force": o.objections_in_force,
        "restriction": restriction_json(o.restriction.as_ref()),
    })))
}

/// One record of `POST /v1/consents:batch`: the subject, the purpose and the decision fields
/// of the PUT body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchRecord {
    subject: SubjectRefBody,
    purpose: String,
    status: String,
    source: String,
    collected_at: String,
    policy_version: String,
    #[serde(default)]
    evidence: BTreeMap<String, String>,
    expires_at: Option<String>,
    operator_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchBody {
    pub records: Vec<Value>,
}

impl BatchRecord {
    /// Who the record is about, its purpose, and the decision as a PUT body would carry it.
    pub fn into_parts(self) -> (SubjectRefBody, String, ConsentBody) {
        let decision = ConsentBody {
            status: self.status,
            source: self.source,
            collected_at: self.collected_at,
            policy_version: self.policy_version,
            evidence: self.evidence,
            expires_at: self.expires_at,
            operator_id: self.operator_id,
        };
        (self.subject, self.purpose, decision)
    }
}

fn batch_item(value: Value) -> Result<BatchItem, ServiceError> {
    let invalid = |field: &str, msg: &str| ServiceError::Invalid(vec![FieldError::new(field, msg)]);
    let r: BatchRecord = serde_json::from_value(value)
        .map_err(|_| invalid("", "not a consent record: needs subject, purpose, status, source, collected_at, policy_version"))?;
    let (subject, purpose, decision) = r.into_parts();
    let subject = subject
        .parse()
        .map_err(|e| ServiceError::Invalid(vec![e]))?;
    Ok(BatchItem {
        subject,
        purpose,
        decision: decision.parse(),
    })
}

pub async fn batch(
    state: web::Data<AppState>,
    caller: Authenticated<Writers>,
    rid: RequestId,
    body: web::Json<BatchBody>,
) -> Result<HttpResponse, ApiError> {
    let records = body.into_inner().records;
    if records.is_empty() || records.len() > MAX_BATCH {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            format!("'records' must hold 1 to {MAX_BATCH} consent records"),
        )
        .with_request_id(&rid.0));
    }
    let caller = caller.caller(&rid);
    // Parse every record first; a malformed one becomes that record's rejection.
    let mut parsed = Vec::with_capacity(records.len());
    let mut outcomes: Vec<Option<Result<ConsentRecorded, ServiceError>>> = Vec::new();
    for value in records {
        match batch_item(value) {
            Ok(item) => {
                parsed.push(item);
                outcomes.push(None);
            }
            Err(e) => outcomes.push(Some(Err(e))),
        }
    }
    let mut done = state
        .vault
        .record_consent_batch(&caller, parsed)
        .await
        .into_iter();
    let results: Vec<Value> = outcomes
        .into_iter()
        .map(|o| o.or_else(|| done.next()))
        .enumerate()
        .map(|(index, outcome)| match outcome {
            Some(Ok(r)) => json!({
                "index": index,
                "status": "recorded",
                "record_id": r.record.id,
                "receipt": r.receipt,
            }),
            Some(Err(e)) => json!({
                "index": index,
                "status": "rejected",
                "error": ApiError::from_service(e, &rid.0).problem_body(),
            }),
            None => json!({ "index": index, "status": "rejected" }),
        })
        .collect();
    let recorded = results.iter().filter(|r| r["status"] == "recorded").count();
    Ok(HttpResponse::Ok().json(json!({
        "recorded": recorded,
        "rejected": results.len() - recorded,
        "results": results,
    })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestrictionBody {
    pub reason: String,
}

pub async fn restrict(
    state: web::Data<AppState>,
    caller: Authenticated<Stewards>,
    rid: RequestId,
    path: web::Path<String>,
    body: web::Json<RestrictionBody>,
) -> Result<HttpResponse, ApiError> {
    let id = subject_id(&path, &rid.0)?;
    restrict_for(&state, &caller.caller(&rid), &rid, id, &body).await
}

/// Restricts processing for `id` (also the customer's own, through `/v1/me`).
pub(super) async fn restrict_for(
    state: &AppState,
    caller: &Caller<'_>,
    rid: &RequestId,
    id: SubjectId,
    body: &RestrictionBody,
) -> Result<HttpResponse, ApiError> {
    let ground = RestrictionGround::parse(&body.reason).ok_or_else(|| {
        ApiError::from_service(
            ServiceError::Invalid(vec![FieldError::new(
                "/reason",
                "must be accuracy_contested, unlawful_processing, legal_claims or objection_pending",
            )]),
            &rid.0,
        )
    })?;
    let r = state
        .vault
        .restrict(caller, id, ground)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok().json(restriction_json(r.as_ref())))
}

pub async fn lift_restriction(
    state: web::Data<AppState>,
    caller: Authenticated<Stewards>,
    rid: RequestId,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = subject_id(&path, &rid.0)?;
    lift_restriction_for(&state, &caller.caller(&rid), &rid, id).await
}

/// Lifts the restriction of `id` (also the customer's own, through `/v1/me`).
pub(super) async fn lift_restriction_for(
    state: &AppState,
    caller: &Caller<'_>,
    rid: &RequestId,
    id: SubjectId,
) -> Result<HttpResponse, ApiError> {
    let r = state
        .vault
        .lift_restriction(caller, id)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok().json(restriction_json(r.as_ref())))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectionBody {
    #[serde(default)]
    purposes: Vec<String>,
    #[serde(default)]
    direct_marketing: bool,
    source: String,
}

pub async fn object(
    state: web::Data<AppState>,
    caller: Authenticated<Stewards>,
    rid: RequestId,
    path: web::Path<String>,
    body: web::Json<ObjectionBody>,
) -> Result<HttpResponse, ApiError> {
    let id = subject_id(&path, &rid.0)?;
    object_for(&state, &caller.caller(&rid), &rid, id, &body).await
}

/// Records an objection for `id` (also the customer's own, through `/v1/me`).
pub(super) async fn object_for(
    state: &AppState,
    caller: &Caller<'_>,
    rid: &RequestId,
    id: SubjectId,
    body: &ObjectionBody,
) -> Result<HttpResponse, ApiError> {
    let source = Channel::parse(&body.source).ok_or_else(|| {
        ApiError::from_service(
            ServiceError::Invalid(vec![FieldError::new(
                "/source",
                "must be one of web, app, store, call_centre, marketplace, social, email",
            )]),
            &rid.0,
        )
    })?;
    if body.purposes.len() > MAX_SCOPES {
        return Err(
            ApiError::new(ErrorCode::InvalidRequest, "at most 64 purposes").with_request_id(&rid.0),
        );
    }
    let scopes = state
        .vault
        .object(caller, id, &body.purposes, body.direct_marketing, source)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Created().json(json!({ "subject": id, "scopes": scopes })))
}

/// `POST /v1/subjects/{id}/objections/withdrawals` body: the scopes to lift and how the
/// customer's decision was collected.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectionWithdrawalBody {
    scopes: Vec<String>,
    source: String,
    collected_at: String,
    #[serde(default)]
    evidence: BTreeMap<String, String>,
}

impl ObjectionWithdrawalBody {
    fn parse(&self) -> Result<ObjectionWithdrawal, Vec<FieldError>> {
        ObjectionWithdrawal::parse(
            &RawObjectionWithdrawal {
                source: &self.source,
                collected_at: &self.collected_at,
                evidence: self.evidence.clone(),
            },
            time::OffsetDateTime::now_utc(),
        )
    }
}

/// Most scopes in one withdrawal (or purposes in one objection).
const MAX_SCOPES: usize = 64;

pub async fn withdraw_objections(
    state: web::Data<AppState>,
    caller: Authenticated<Stewards>,
    rid: RequestId,
    path: web::Path<String>,
    body: web::Json<ObjectionWithdrawalBody>,
) -> Result<HttpResponse, ApiError> {
    let id = subject_id(&path, &rid.0)?;
    withdraw_objections_for(&state, &caller.caller(&rid), &rid, id, &body).await
}

/// Withdraws objections of `id` (also the customer's own, through `/v1/me`).
pub(super) async fn withdraw_objections_for(
    state: &AppState,
    caller: &Caller<'_>,
    rid: &RequestId,
    id: SubjectId,
    body: &ObjectionWithdrawalBody,
) -> Result<HttpResponse, ApiError> {
    if body.scopes.len() > MAX_SCOPES {
        return Err(
            ApiError::new(ErrorCode::InvalidRequest, "at most 64 scopes").with_request_id(&rid.0),
        );
    }
    let withdrawal = body
        .parse()
        .map_err(|e| ApiError::from_service(ServiceError::Invalid(e), &rid.0))?;
    let done = state
        .vault
        .withdraw_objections(caller, id, &body.scopes, withdrawal)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Created().json(json!({
        "subject": id,
        "withdrawn": done.withdrawn,
        "in_force": done.in_force,
    })))
}

pub async fn jwks(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/jwk-set+json")
        .json(state.vault.receipt_keys())
}
