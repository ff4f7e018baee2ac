//! The public error catalogue: every error a client can see, with its HTTP status and a stable
//! problem type (RFC 7807, `application/problem+json`). Nothing here carries personal data: a
//! field error names the field, never the value; an internal error shows only the request id.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::domain::FieldError;
use crate::service::ServiceError;

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    InvalidRequest,
    ValidationFailed,
    MissingPurpose,
    InvalidPurpose,
    UnknownPurpose,
    ConsentNotApplicable,
    Unauthorized,
    RoleNotAllowed,
    AccessDenied,
    NotFound,
    MethodNotAllowed,
    IdentifierTaken,
    Gone,
    Conflict,
    ObjectionInForce,
    UnknownNotice,
    EvidenceRequired,
    ParentalConsentRequired,
    PayloadTooLarge,
    UnsupportedMediaType,
    TooManyRequests,
    Unavailable,
    Internal,
}

impl ErrorCode {
    /// Every code of the catalogue, in declaration order (the error-contract snapshot walks it).
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidRequest,
        ErrorCode::ValidationFailed,
        ErrorCode::MissingPurpose,
        ErrorCode::InvalidPurpose,
        ErrorCode::UnknownPurpose,
        ErrorCode::ConsentNotApplicable,
        ErrorCode::Unauthorized,
        ErrorCode::RoleNotAllowed,
        ErrorCode::AccessDenied,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::IdentifierTaken,
        ErrorCode::Gone,
        ErrorCode::Conflict,
        ErrorCode::ObjectionInForce,
        ErrorCode::UnknownNotice,
        ErrorCode::EvidenceRequired,
        ErrorCode::ParentalConsentRequired,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::TooManyRequests,
        ErrorCode::Unavailable,
        ErrorCode::Internal,
    ];

    /// (status, slug, title). The slug ends the problem `type` URI and is also sent as `code`.
    fn describe(self) -> (StatusCode, &'static str, &'static str) {
        use ErrorCode::*;
        match self {
            InvalidRequest => (
                StatusCode::BAD_REQUEST,
                "invalid-request",
                "The request is malformed",
            ),
            ValidationFailed => (
                StatusCode::BAD_REQUEST,
                "validation-failed",
                "Some fields are invalid",
            ),
            MissingPurpose => (
                StatusCode::BAD_REQUEST,
                "missing-purpose",
                "X-Purpose header required",
            ),
            InvalidPurpose => (
                StatusCode::BAD_REQUEST,
                "invalid-purpose",
                "X-Purpose header is not a purpose id",
            ),
            UnknownPurpose => (
                StatusCode::BAD_REQUEST,
                "unknown-purpose",
                "The purpose is not defined in the policy",
            ),
            ConsentNotApplicable => (
                StatusCode::BAD_REQUEST,
                "consent-not-applicable",
                "Consent does not apply to this purpose",
            ),
            Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Authentication required",
            ),
            RoleNotAllowed => (
                StatusCode::FORBIDDEN,
                "role-not-allowed",
                "This role may not use this operation",
            ),
            AccessDenied => (
                StatusCode::FORBIDDEN,
                "access-denied",
                "Access denied by policy",
            ),
            NotFound => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
            ),
            IdentifierTaken => (
                StatusCode::CONFLICT,
                "identifier-taken",
                "Identifier already in use",
            ),
            Gone => (StatusCode::GONE, "gone", "Erased"),
            Conflict => (
                StatusCode::CONFLICT,
                "conflict",
                "The request conflicts with the current state",
            ),
            ObjectionInForce => (
                StatusCode::CONFLICT,
                "objection-in-force",
                "An objection in force covers this purpose",
            ),
            UnknownNotice => (
                StatusCode::BAD_REQUEST,
                "unknown-notice",
                "The notice named is not published for this purpose",
            ),
            EvidenceRequired => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "evidence-required",
                "Evidence the purpose requires is missing",
            ),
            ParentalConsentRequired => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "parental-consent-required",
                "Parental consent required",
            ),
            PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Request body too large",
            ),
            UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Request body must be application/json",
            ),
            TooManyRequests => (
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-requests",
                "Request rate limit exceeded",
            ),
            Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "A backing store is unavailable",
            ),
            Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
            ),
        }
    }

    pub fn status(self) -> StatusCode {
        self.describe().0
    }

    pub fn slug(self) -> &'static str {
        self.describe().1
    }
}

/// Prefix of every problem `type`.
pub const PROBLEM_TYPE_PREFIX: &str = "urn:custodia:problem:";

/// An error on its way to the client.
#[derive(Debug)]
pub struct ApiError {
    code: ErrorCode,
    detail: String,
    reason: Option<&'static str>,
    errors: Vec<FieldError>,
    request_id: Option<String>,
    /// For 405: the methods the route has (the `Allow` header).
    allow: Option<Box<str>>,
    /// For 429: whole seconds until the caller may try again (the `Retry-After` header).
    /// Boxed: errors travel in every `Result`, and this is rare.
    retry_after_secs: Option<Box<u32>>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
            reason: None,
            errors: Vec::new(),
            request_id: None,
            allow: None,
            retry_after_secs: None,
        }
    }

    pub fn with_retry_after(mut self, wait: std::time::Duration) -> Self {
        // Rounded up: a client that waits exactly this long finds a token in its bucket.
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        self.retry_after_secs = Some(Box::new(u32::try_from(secs).unwrap_or(u32::MAX)));
        self
    }

    pub fn with_allow(mut self, methods: String) -> Self {
        self.allow = Some(methods.into_boxed_str());
        self
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }

    pub fn with_request_id(mut self, request_id: &str) -> Self {
        self.request_id = Some(request_id.to_owned());
        self
    }

    /// Maps a use-case error; unexpected causes are logged here with their whole chain (the
    /// chain holds no personal data: lower layers never put values into errors).
    pub fn from_service(err: ServiceError, request_id: &str) -> Self {
        let e = match err {
            ServiceError::Invalid(errors) => ApiError {
                errors,
                ..ApiError::new(
                    ErrorCode::ValidationFailed,
                    "one or more fields are invalid",
                )
            },
            ServiceError::MissingPurpose => ApiError::new(
                ErrorCode::MissingPurpose,
                "declare the purpose of this read in the X-Purpose header",
            ),
            ServiceError::InvalidPurpose => ApiError::new(
                ErrorCode::InvalidPurpose,
                "X-Purpose must be a purpose id such as order_fulfilment",
            ),
            ServiceError::UnknownPurpose => ApiError::new(
                ErrorCode::UnknownPurpose,
                "the purpose is not defined in the policy",
            ),
            ServiceError::ConsentNotApplicable(basis) => ApiError::new(
                ErrorCode::ConsentNotApplicable,
                format!(
                    "consent does not apply: the purpose's legal basis is {} ({})",
                    basis.as_str(),
                    basis.gdpr_article()
                ),
            ),
            ServiceError::Denied(reason) => ApiError {
                reason: Some(reason.as_str()),
                ..ApiError::new(ErrorCode::AccessDenied, reason.description())
            },
            ServiceError::RoleNotAllowed => ApiError::new(
                ErrorCode::RoleNotAllowed,
                "this role may not use this operation",
            ),
            ServiceError::IdentityManagementNotAllowed => ApiError::new(
                ErrorCode::RoleNotAllowed,
                "this client's policy does not allow merging subjects or linking identifiers \
                 (identity_management in clients.toml)",
            ),
            ServiceError::NotFound => ApiError::new(ErrorCode::NotFound, "no such subject"),
            ServiceError::Gone => ApiError::new(
                ErrorCode::Gone,
                "the subject has been erased; its data no longer exists",
            ),
            ServiceError::Conflict(detail) => ApiError::new(ErrorCode::Conflict, detail),
            ServiceError::ObjectionInForce(scope) => ApiError::new(
                ErrorCode::ObjectionInForce,
                format!(
                    "the subject's objection (scope {scope}) covers this purpose, so a grant \
                     would not count: the objection must be withdrawn first \
                     (POST …/objections/withdrawals), then the grant recorded"
                ),
            ),
            ServiceError::UnknownNotice => ApiError {
                errors: vec![FieldError::new(
                    "/policy_version",
                    "must be the version of a notice published in the policy (notices.toml) \
                     that covers this purpose",
                )],
                ..ApiError::new(
                    ErrorCode::UnknownNotice,
                    "a grant must name the published notice the person was shown, and that \
                     notice must cover the purpose",
                )
            },
            ServiceError::EvidenceRequired(keys) => ApiError {
                errors: keys
                    .iter()
                    .map(|k| {
                        FieldError::new(
                            format!("/evidence/{k}"),
                            "this purpose requires it for every grant (required_evidence)",
                        )
                    })
                    .collect(),
                ..ApiError::new(
                    ErrorCode::EvidenceRequired,
                    "the grant lacks evidence its purpose requires, e.g. the reference of a \
                     confirmed double opt-in",
                )
            },
            ServiceError::ParentalConsentRequired => ApiError {
                errors: vec![FieldError::new(
                    "/evidence/parental_consent_ref",
                    "required: the subject is below the digital consent age",
                )],
                ..ApiError::new(
                    ErrorCode::ParentalConsentRequired,
                    "the subject is below the digital consent age (GDPR Art. 8): the grant \
                     must carry a reference to the consent of the holder of parental \
                     responsibility (evidence.parental_consent_ref)",
                )
            },
            ServiceError::IdentifierTaken(kind) => ApiError::new(
                ErrorCode::IdentifierTaken,
                format!("an identifier of type {kind} is already held by another subject"),
            ),
            ServiceError::KeyServiceUnavailable(why) => {
                // The reason names the failure only (sealed, denied, timeout): no secret.
                tracing::warn!(request_id, reason = %why, "key service unavailable");
                ApiError::new(
                    ErrorCode::Unavailable,
                    "the key service is unavailable; try again later",
                )
                .with_retry_after(std::time::Duration::from_secs(5))
            }
            ServiceError::Internal(cause) => {
                tracing::error!(request_id, error = format!("{cause:#}"), "internal error");
                ApiError::new(
                    ErrorCode::Internal,
                    "an internal error occurred; quote the request id when reporting it",
                )
            }
        };
        e.with_request_id(request_id)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.slug(), self.detail)
    }
}

#[derive(Serialize)]
struct ProblemField<'a> {
    field: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'static str,
    status: u16,
    detail: &'a str,
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<ProblemField<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
}

impl ApiError {
    /// The problem document (also used inside batch results).
    pub fn problem_body(&self) -> serde_json::Value {
        serde_json::to_value(self.problem()).unwrap_or_default()
    }

    fn problem(&self) -> Problem<'_> {
        let (status, slug, title) = self.code.describe();
        Problem {
            kind: format!("{PROBLEM_TYPE_PREFIX}{slug}"),
            title,
            status: status.as_u16(),
            detail: &self.detail,
            code: slug,
            reason: self.reason,
            errors: self
                .errors
                .iter()
                .map(|e| ProblemField {
                    field: &e.field,
                    message: &e.message,
                })
                .collect(),
            request_id: self.request_id.as_deref(),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.code.status();
        let body = self.problem();
        let mut res = HttpResponse::build(status);
        res.content_type("application/problem+json");
        if let Some(allow) = &self.allow {
            res.insert_header(("Allow", &**allow));
        }
        if let Some(secs) = &self.retry_after_secs {
            res.insert_header(("Retry-After", secs.to_string()));
        }
        if status == StatusCode::UNAUTHORIZED {
            res.insert_header(("WWW-Authenticate", "Bearer realm=\"custodia\""));
        }
        res.json(body)
    }
}
