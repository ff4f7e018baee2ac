//! Requests refused before a handler runs (malformed JSON, query or path; unknown route or
//! method) get the same problem+json shape as every other error.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};

use super::JSON_LIMIT_BYTES;
use crate::error::{ApiError, ErrorCode};

fn request_id(req: &HttpRequest) -> String {
    req.extensions()
        .get::<super::RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default()
}

pub fn json_config() -> web::JsonConfig {
    json_config_with_limit(JSON_LIMIT_BYTES)
}

pub fn json_config_with_limit(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .error_handler(move |err, req| {
            let e = match &err {
                JsonPayloadError::OverflowKnownLength { .. }
                | JsonPayloadError::Overflow { .. } => ApiError::new(
                    ErrorCode::PayloadTooLarge,
                    format!("the body must be at most {limit} bytes"),
                ),
                JsonPayloadError::ContentType => ApiError::new(
                    ErrorCode::UnsupportedMediaType,
                    "send the body as application/json",
                ),
                // serde's message names the field and the expected type, never the value for
                // the types used in request bodies (strings are reported as "a string").
                JsonPayloadError::Deserialize(de) => ApiError::new(
                    ErrorCode::InvalidRequest,
                    format!(
                        "the body is not valid JSON for this operation: {}",
                        sanitize(de)
                    ),
                ),
                _ => ApiError::new(ErrorCode::InvalidRequest, "the body could not be read"),
            };
            e.with_request_id(&request_id(req)).into()
        })
}

/// serde_json's messages quote unknown variants and field names verbatim; those come from the
/// client and could be anything, so only the category and position are kept.
fn sanitize(err: &serde_json::Error) -> String {
    let msg = err.to_string();
    let kind = if msg.starts_with("unknown field") {
        "unknown field"
    } else if msg.starts_with("missing field") {
        return msg;
    } else if msg.starts_with("invalid type") {
        "a value has the wrong type"
    } else if msg.starts_with("unknown variant") {
        "a value is not one of the allowed words"
    } else {
        match err.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                "syntax error"
            }
            _ => "a value is not acceptable",
        }
    };
    format!("{kind} at line {} column {}", err.line(), err.column())
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, req| {
        let detail = match err {
            QueryPayloadError::Deserialize(e) if e.to_string().starts_with("missing field") => {
                format!("query string: {e}")
            }
            _ => "the query string has an unknown, repeated or malformed parameter".to_owned(),
        };
        ApiError::new(ErrorCode::InvalidRequest, detail)
            .with_request_id(&request_id(req))
            .into()
    })
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_: PathError, req| {
        ApiError::new(ErrorCode::InvalidRequest, "a path parameter is malformed")
            .with_request_id(&request_id(req))
            .into()
    })
}

pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(ErrorCode::NotFound, "no such route").with_request_id(&request_id(&req)))
}

/// 405 with `Allow` naming the route's methods (`methods`: lower-case, space-separated).
pub async fn method_not_allowed(
    req: HttpRequest,
    methods: &'static str,
) -> Result<HttpResponse, ApiError> {
    let allow = methods
        .split_whitespace()
        .map(str::to_ascii_uppercase)
        .collect::<Vec<_>>()
        .join(", ");
    Err(ApiError::new(
        ErrorCode::MethodNotAllowed,
        format!(
            "{} is not supported on this route; use {allow}",
            req.method()
        ),
    )
    .with_allow(allow)
    .with_request_id(&request_id(&req)))
}
