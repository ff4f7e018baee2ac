//! `POST /v1/subjects/{id}/objections/assessments`: a DPO documents the assessment of an
//! objection to a purpose that claims compelling grounds (see `service/assessment.rs`).

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::extract::{Authenticated, Dpos};
use super::format::subject_path;
use super::{AppState, RequestId};
use crate::error::ApiError;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentBody {
    purpose: String,
    outcome: String,
    grounds: String,
}

pub async fn assess(
    state: web::Data<AppState>,
    caller: Authenticated<Dpos>,
    rid: RequestId,
    path: web::Path<String>,
    body: web::Json<AssessmentBody>,
) -> Result<HttpResponse, ApiError> {
    let id = subject_path(&path, &rid.0)?;
    let done = state
        .vault
        .assess_objection(
            &caller.caller(&rid),
            id,
            &body.purpose,
            &body.outcome,
            &body.grounds,
        )
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    Ok(HttpResponse::Created().json(done))
}
