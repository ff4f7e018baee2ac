//! The HTTP edge: routes, extractors, request telemetry. Handlers only translate between
//! HTTP and the use cases in `crate::service`.

mod audit;
mod consents;
mod events;
mod extract;
mod format;
mod ops;
mod profile;
mod refs;
mod rejections;
mod segments;
mod subjects;
mod telemetry;

use actix_web::web;

pub use extract::RequestId;
pub use telemetry::telemetry;

use crate::auth::TokenVerifier;
use crate::metrics::Metrics;
use crate::service::Vault;
use crate::store::Db;

/// Shared by every request.
pub struct AppState {
    pub vault: Vault,
    pub verifier: TokenVerifier,
    pub metrics: Metrics,
    pub vault_db: Db,
    pub behaviour_db: Db,
}

/// Largest JSON body accepted by default.
pub const JSON_LIMIT_BYTES: usize = 64 * 1024;

/// Largest batch body (up to 1,000 consent records or events).
pub const BATCH_JSON_LIMIT_BYTES: usize = 4 * 1024 * 1024;

/// Registers every route and the error handlers for malformed JSON, queries and paths.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(rejections::json_config())
        .app_data(rejections::query_config())
        .app_data(rejections::path_config())
        .service(
            web::resource("/health")
                .get(ops::health)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/metrics")
                .get(ops::metrics)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/subjects")
                .post(subjects::create)
                .get(subjects::lookup)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/subjects/{id}")
                .get(subjects::read)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/subjects/{id}/consents")
                .get(consents::get_consents)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/subjects/{id}/consents/{purpose}")
                .put(consents::put_consent)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/consents:batch")
                .app_data(rejections::json_config_with_limit(BATCH_JSON_LIMIT_BYTES))
                .post(consents::batch)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/subjects/{id}/restriction")
                .post(consents::restrict)
                .delete(consents::lift_restriction)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/subjects/{id}/objections")
                .post(consents::object)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/.well-known/jwks.json")
                .get(consents::jwks)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/events")
                .app_data(rejections::json_config_with_limit(BATCH_JSON_LIMIT_BYTES))
                .post(events::ingest)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/subjects/{id}/events")
                .get(events::list)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/subjects/{id}/identifiers")
                .post(subjects::link_identifier)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/subjects/{id}/merge")
                .post(subjects::merge)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/merges/{id}/undo")
                .post(subjects::undo_merge)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/subjects/{id}/profile")
                .get(profile::get)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/segments/query")
                .post(segments::query)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/audit")
                .get(audit::query)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .service(
            web::resource("/v1/audit/verify")
                .get(audit::verify)
                .default_service(web::to(rejections::method_not_allowed)),
        )
        .default_service(web::to(rejections::not_found));
}
