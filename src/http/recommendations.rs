//! `GET /v1/subjects/{id}/recommendations`: products for a customer, under the
//! personalisation purpose.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::extract::{Authenticated, Clients, PurposeHeader};
use super::{AppState, RequestId};
use crate::error::{ApiError, ErrorCode};
use crate::service::{DEFAULT_RECOMMENDATIONS, MAX_RECOMMENDATIONS};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecommendationsQuery {
    limit: Option<i64>,
}

pub async fn get(
    state: web::Data<AppState>,
    caller: Authenticated<Clients>,
    rid: RequestId,
    purpose: PurposeHeader,
    path: web::Path<String>,
    q: web::Query<RecommendationsQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = super::format::subject_path(&path, &rid.0)?;
    let limit = match q.limit {
        None => DEFAULT_RECOMMENDATIONS,
        Some(n) => usize::try_from(n)
            .ok()
            .filter(|n| (1..=MAX_RECOMMENDATIONS).contains(n))
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidRequest,
                    "'limit' must be between 1 and 50",
                )
                .with_request_id(&rid.0)
            })?,
    };
    let caller = caller.caller(&rid);
    let items = state
        .vault
        .recommendations(&caller, purpose.0.as_deref(), id, limit)
        .await
        .map_err(|e| ApiError::from_service(e, &rid.0))?;
    let items: Vec<_> = items
        .iter()
        .map(|r| {
            json!({
                "sku": r.sku,
                "category": r.category,
                "score": r.score,
                "because": r.because,
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "id": id, "purpose": purpose.0, "items": items })))
}
