//! `/v1/ropa` and `/v1/ropa.csv`: the records of processing activities (Art. 30), generated
//! from the policy (DPO, admin). No personal data, so not audited.

use actix_web::{web, HttpResponse};

use super::extract::{Authenticated, DpoOrAdmin};
use super::{AppState, RequestId};
use crate::error::ApiError;

/// The records for the caller, the service's refusal as problem+json.
fn records(
    state: &AppState,
    caller: &Authenticated<DpoOrAdmin>,
    rid: &RequestId,
) -> Result<crate::service::Ropa, ApiError> {
    state
        .vault
        .records_of_processing(&caller.caller(rid))
        .map_err(|e| ApiError::from_service(e, &rid.0))
}

pub async fn json(
    state: web::Data<AppState>,
    caller: Authenticated<DpoOrAdmin>,
    rid: RequestId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(records(&state, &caller, &rid)?))
}

pub async fn csv(
    state: web::Data<AppState>,
    caller: Authenticated<DpoOrAdmin>,
    rid: RequestId,
) -> Result<HttpResponse, ApiError> {
    let ropa = records(&state, &caller, &rid)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"ropa.csv\"",
        ))
        .body(ropa.to_csv()))
}
