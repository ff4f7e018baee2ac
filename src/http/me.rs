//! `/v1/me…`: the same rights for a customer holding a `subject` token (`sub` = subject id).
//! Every route acts on the token's own subject only; there is no id in the path to change.

use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{Map, Value};

use super::consents::{
    lift_restriction_for, object_for, overview_for, record_for, restrict_for,
    withdraw_objections_for, ConsentBody, ObjectionBody, ObjectionWithdrawalBody, RestrictionBody,
};
use super::extract::{Authenticated, Subjects};
use super::{AppState, RequestId};
use crate::domain::SubjectId;
use crate::error::{ApiError, ErrorCode};

pub(super) fn own_id(
    caller: &Authenticated<Subjects>,
    rid: &RequestId,
) -> Result<SubjectId, ApiError> {
    caller.principal.subject_id().ok_or_else(|| {
        ApiError::new(
            ErrorCode::Unauthorized,
            "the token's sub is not a subject id",
        )
        .with_request_id(&rid.0)
    })
}

/// Everything held on the customer, events included (Art. 15, 20).
pub async fn export(
    state: web::Data<AppState>,
    caller: Authenticated<Subjects>,
    rid: RequestId,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = own_id(&caller, &rid)?;
    let c = caller.caller(&rid);
    let head = state
        .vault
        .export(&c, id)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(if super::export::wants_csv(&req) {
        super::export::stream_csv(state, head)
    } else {
        super::export::stream(state, head)
    })
}

/// `GET /v1/me`: the same document as the export.
pub async fn get(
    state: web::Data<AppState>,
    caller: Authenticated<Subjects>,
    rid: RequestId,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    export(state, caller, rid, req).await
}

pub async fn rectify(
    state: web::Data<AppState>,
    caller: Authenticated<Subjects>,
    rid: RequestId,
    body: web::Json<Map<String, Value>>,
) -> Result<HttpResponse, ApiError> {
    let id = own_id(&caller, &rid)?;
    super::subjects::rectify_subject(&state, &caller.principal, &rid, id, &body).await
}

pub async fn erase(
    state: web::Data<AppState>,
    caller: Authenticated<Subjects>,
    rid: RequestId,
) -> Result<HttpResponse, ApiError> {
    let id = own_id(&caller, &rid)?;
    let c = caller.caller(&rid);
    let receipt = state
        .vault
        .erase_subject(&c, id)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok().json(receipt))
}

pub async fn consents(
    state: web::Data<AppState>,
    caller: Authenticated<Subjects>,
    rid: RequestId,
) -> Result<HttpResponse, ApiError> {
    let id = own_id(&caller, &rid)?;
    overview_for(&state, &caller.principal, &rid, id).await
}

pub async fn put_consent(
    state: web::Data<AppState>,
    caller: Authenticated<Subjects>,
    rid: RequestId,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<ConsentBody>,
) -> Result<HttpResponse, ApiError> {
    let id = own_id(&caller, &rid)?;
    record_for(&state, &caller.principal, &rid, &req, id, &path, &body).await
}

/// `POST /v1/me/objections`: the customer objects (Art. 21), as on the subject route.
pub async fn object(
    state: web::Data<AppState>,
    caller: Authenticated<Subjects>,
    rid: RequestId,
    body: web::Json<ObjectionBody>,
) -> Result<HttpResponse, ApiError> {
    let id = own_id(&caller, &rid)?;
    object_for(&state, &caller.caller(&rid), &rid, id, &body).await
}

/// `POST /v1/me/objections/withdrawals`: the customer lifts objections.
pub async fn withdraw_objections(
    state: web::Data<AppState>,
    caller: Authenticated<Subjects>,
    rid: RequestId,
    body: web::Json<ObjectionWithdrawalBody>,
) -> Result<HttpResponse, ApiError> {
    let id = own_id(&caller, &rid)?;
    withdraw_objections_for(&state, &caller.caller(&rid), &rid, id, &body).await
}

/// `POST /v1/me/restriction`: the customer restricts processing (Art. 18).
pub async fn restrict(
    state: web::Data<AppState>,
    caller: Authenticated<Subjects>,
    rid: RequestId,
    body: web::Json<RestrictionBody>,
) -> Result<HttpResponse, ApiError> {
    let id = own_id(&caller, &rid)?;
    restrict_for(&state, &caller.caller(&rid), &rid, id, &body).await
}

/// `DELETE /v1/me/restriction`: the customer lifts their restriction.
pub async fn lift_restriction(
    state: web::Data<AppState>,
    caller: Authenticated<Subjects>,
    rid: RequestId,
) -> Result<HttpResponse, ApiError> {
    let id = own_id(&caller, &rid)?;
    lift_restriction_for(&state, &caller.caller(&rid), &rid, id).await
}
