//! The HTTP edge: routes, extractors, request telemetry. Handlers only translate between
//! HTTP and the use cases in `crate::service`.

mod assessments;
mod audit;
mod consents;
mod contact;
mod dsr;
mod events;
mod export;
mod extract;
mod format;
mod me;
mod notifications;
mod ops;
mod pages;
mod profile;
mod purposes;
mod rate_limit;
mod recommendations;
mod refs;
mod rejections;
mod ropa;
mod segments;
mod statistics;
mod subjects;
mod telemetry;
pub mod tls;
mod triggers;

use actix_web::web;

pub use extract::RequestId;
pub use rate_limit::RateLimits;

/// The request bodies and their parsing exactly as the handlers use them, without HTTP: for
/// the fuzz targets in `fuzz/` (docs/fuzzing.md). Not a stable API.
#[doc(hidden)]
pub mod bodies {
    pub use super::consents::{
        BatchBody, BatchRecord, ConsentBody, ObjectionWithdrawalBody, RestrictionBody,
    };
    pub use super::events::{EventBody, EventsBody};
    pub use super::refs::{IdentifierRef, SubjectRefBody};
    pub use super::subjects::{patch_raw, rectification_values, CreateSubjectBody};
}
pub use telemetry::telemetry;

use crate::auth::TokenVerifier;
use crate::metrics::Metrics;
use crate::service::Vault;

/// Shared by every request.
pub struct AppState {
    pub vault: Vault,
    pub verifier: TokenVerifier,
    pub metrics: Metrics,
    pub rate_limits: RateLimits,
}

/// Largest JSON body accepted by default.
pub const JSON_LIMIT_BYTES: usize = 64 * 1024;

/// Largest batch body (up to 1,000 subjects, consent records or events).
pub const BATCH_JSON_LIMIT_BYTES: usize = 4 * 1024 * 1024;

/// A resource with its method handlers; any other method answers 405 with an `Allow` header
/// naming the ones it has.
macro_rules! resource {
    ($path:expr, $($method:ident => $handler:expr),+ $(,)?) => {
        web::resource($path)
            $(.route(web::$method().to($handler)))+
            .default_service(web::to(|req: actix_web::HttpRequest| {
                rejections::method_not_allowed(req, concat!($(stringify!($method), " "),+))
            }))
    };
}

/// Registers every route and the error handlers for malformed JSON, queries and paths.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(rejections::json_config())
        .app_data(rejections::query_config())
        .app_data(rejections::path_config())
        .service(resource!("/health", get => ops::health))
        .service(resource!("/ready", get => ops::ready))
        .service(resource!("/metrics", get => ops::metrics))
        .service(resource!("/v1/subjects", post => subjects::create, get => subjects::lookup))
        .service(resource!("/v1/subjects:batch", post => subjects::create_batch).app_data(rejections::json_config_with_limit(BATCH_JSON_LIMIT_BYTES)))
        .service(resource!("/v1/subjects/{id}", get => subjects::read, patch => subjects::rectify, delete => subjects::erase))
        .service(resource!("/v1/subjects/{id}/consents", get => consents::get_consents))
        .service(resource!("/v1/subjects/{id}/consents/{purpose}", put => consents::put_consent))
        .service(resource!("/v1/consents:batch", post => consents::batch).app_data(rejections::json_config_with_limit(BATCH_JSON_LIMIT_BYTES)))
        .service(resource!("/v1/subjects/{id}/restriction", post => consents::restrict, delete => consents::lift_restriction))
        .service(resource!("/v1/subjects/{id}/objections", post => consents::object))
        .service(resource!("/v1/subjects/{id}/objections/withdrawals", post => consents::withdraw_objections))
        .service(resource!("/v1/subjects/{id}/objections/assessments", post => assessments::assess))
        .service(resource!("/v1/.well-known/jwks.json", get => consents::jwks))
        .service(resource!("/v1/events", post => events::ingest).app_data(rejections::json_config_with_limit(BATCH_JSON_LIMIT_BYTES)))
        .service(resource!("/v1/subjects/{id}/events", get => events::list))
        .service(resource!("/v1/subjects/{id}/identifiers", post => subjects::link_identifier))
        .service(resource!("/v1/subjects/{id}/merge", post => subjects::merge))
        .service(resource!("/v1/merges/{id}/undo", post => subjects::undo_merge))
        .service(resource!("/v1/subjects/{id}/export", get => export::export_subject))
        .service(resource!("/v1/subjects/{id}/profile", get => profile::get))
        .service(resource!("/v1/subjects/{id}/recommendations", get => recommendations::get))
        .service(resource!("/v1/subjects/{id}/preferences", get => contact::get_preferences, put => contact::put_preferences))
        .service(resource!("/v1/contact-decisions", post => contact::decide))
        .service(resource!("/v1/triggers", get => triggers::list))
        .service(resource!("/v1/triggers/{name}/dry-run", post => triggers::dry_run))
        .service(resource!("/v1/contact-decisions:batch", post => contact::decide_batch).app_data(rejections::json_config_with_limit(BATCH_JSON_LIMIT_BYTES)))
        .service(resource!("/v1/segments/query", post => segments::query))
        .service(resource!("/v1/me", get => me::get, patch => me::rectify, delete => me::erase))
        .service(resource!("/v1/me/export", get => me::export))
        .service(resource!("/v1/me/consents", get => me::consents))
        .service(resource!("/v1/me/consents/{purpose}", put => me::put_consent))
        .service(resource!("/v1/me/objections", post => me::object))
        .service(resource!("/v1/me/objections/withdrawals", post => me::withdraw_objections))
        .service(resource!("/v1/me/restriction", post => me::restrict, delete => me::lift_restriction))
        .service(resource!("/v1/me/preferences", get => contact::get_own_preferences, put => contact::put_own_preferences))
        .service(resource!("/v1/audit", get => audit::query))
        .service(resource!("/v1/audit/verify", get => audit::verify))
        .service(resource!("/v1/dsr", post => dsr::create, get => dsr::list))
        .service(resource!("/v1/dsr/{id}", get => dsr::get))
        .service(resource!("/v1/dsr/{id}/verify", post => dsr::verify))
        .service(resource!("/v1/dsr/{id}/extend", post => dsr::extend))
        .service(resource!("/v1/dsr/{id}/complete", post => dsr::complete))
        .service(resource!("/v1/dsr/{id}/reject", post => dsr::reject))
        .service(resource!("/v1/notifications", get => notifications::list))
        .service(resource!("/v1/ropa", get => ropa::json))
        .service(resource!("/v1/ropa.csv", get => ropa::csv))
        .service(resource!("/v1/consent-statistics", get => statistics::consent_statistics))
        .service(resource!("/v1/purposes", get => purposes::list))
        .service(resource!("/privacy", get => pages::privacy))
        .service(resource!("/console", get => pages::console))
        .service(resource!("/assets/{file:.+}", get => pages::asset))
        .default_service(web::to(rejections::not_found));
}
