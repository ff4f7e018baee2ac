//! Liveness (no authentication) and metrics (role `admin`), for load balancers and Prometheus;
//! no personal data in either.

use actix_web::{web, HttpResponse};
use serde_json::json;

use super::extract::{Admins, Authenticated};
use super::AppState;

/// Liveness: `200 {"status":"ok"}` while the process serves requests. It touches no store, so
/// a load balancer's probe costs nothing and a slow database does not get the process killed.
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// Readiness: `200` when both stores answer, `503` naming the one that does not.
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let (vault, behaviour) = state.vault.stores_answer().await;
    let word = |ok| if ok { "ok" } else { "unavailable" };
    let body = json!({
        "status": word(vault && behaviour),
        "vault": word(vault),
        "behaviour": word(behaviour),
    });
    if vault && behaviour {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

/// The metrics page, for an operator's token only: request and decision counts over time are
/// traffic analysis material (when a look-up ran, how many were refused).
pub async fn metrics(state: web::Data<AppState>, _operator: Authenticated<Admins>) -> HttpResponse {
    // Open and overdue data-subject requests change with the clock: count them at each scrape.
    super::dsr::refresh_metrics(&state, time::OffsetDateTime::now_utc()).await;
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render())
}
