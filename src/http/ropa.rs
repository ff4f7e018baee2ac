//! `/v1/ropa` and `/v1/ropa.csv`: the records of processing activities (Art. 30), generated
//! from the policy (DPO, admin). No personal data, so not audited.

use actix_web::{web, HttpResponse};

use super::extract::{Authenticated, DpoOrAdmin};
use super::{AppState, RequestId};
use crate::error::ApiError;

pub async fn json(
    state: web::Data<AppState>,
    caller: Authenticated<DpoOrAdmin>,
    rid: RequestId,
) -> Result<HttpResponse, ApiError> {
    let ropa = state
        .vault
        .records_of_processing(&caller.caller(&rid))
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok().json(ropa))
}

pub async fn csv(
    state: web::Data<AppState>,
    caller: Authenticated<DpoOrAdmin>,
    rid: RequestId,
) -> Result<HttpResponse, ApiError> {
    let ropa = state
        .vault
        .records_of_processing(&caller.caller(&rid))
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"ropa.csv\"",
        ))
        .body(ropa.to_csv()))
}
