//! Extractors that make a route's requirements visible in its signature: who may call it
//! ([`Authenticated`] with a role set) and the declared purpose ([`PurposeHeader`]).

use std::future::{ready, Ready};
use std::marker::PhantomData;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use super::AppState;
use crate::auth::{AuthError, Principal};
use crate::domain::Role;
use crate::error::{ApiError, ErrorCode};
use crate::service::permissions;

/// The request's id, set by the telemetry middleware; sent back as `X-Request-Id`.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

impl FromRequest for RequestId {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let id = req
            .extensions()
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId(uuid::Uuid::new_v4().to_string()));
        ready(Ok(id))
    }
}

/// A set of roles a route admits.
pub trait Roles {
    const ALLOWED: &'static [Role];
}

/// CRM, mailer and BI systems.
pub struct Clients;
impl Roles for Clients {
    const ALLOWED: &'static [Role] = permissions::CLIENTS;
}

/// Systems that write customer records: clients and vault operators.
pub struct Writers;
impl Roles for Writers {
    const ALLOWED: &'static [Role] = permissions::WRITERS;
}

/// Systems and people who act on a customer's rights requests: clients (a call centre),
/// DPOs and operators.
pub struct Stewards;
impl Roles for Stewards {
    const ALLOWED: &'static [Role] = permissions::STEWARDS;
}

/// Vault operators (metrics).
pub struct Admins;
impl Roles for Admins {
    const ALLOWED: &'static [Role] = permissions::ADMINS;
}

/// Data-protection officers and vault operators (erasure, export).
pub struct DpoOrAdmin;
impl Roles for DpoOrAdmin {
    const ALLOWED: &'static [Role] = permissions::DPO_OR_ADMIN;
}

/// A customer acting on their own record.
pub struct Subjects;
impl Roles for Subjects {
    const ALLOWED: &'static [Role] = permissions::SUBJECTS;
}

/// Communication preferences: clients, DPOs and the customer.
pub struct ContactStewards;
impl Roles for ContactStewards {
    const ALLOWED: &'static [Role] = permissions::CONTACT_STEWARDS;
}

/// Automation rules: clients, DPOs and operators.
pub struct TriggerReaders;
impl Roles for TriggerReaders {
    const ALLOWED: &'static [Role] = permissions::TRIGGER_READERS;
}

/// Any authenticated caller.
pub struct Anyone;
impl Roles for Anyone {
    const ALLOWED: &'static [Role] = permissions::ANYONE;
}

/// Data-protection officers.
pub struct Dpos;
impl Roles for Dpos {
    const ALLOWED: &'static [Role] = permissions::DPOS;
}

/// A caller with a valid bearer token whose role is in `R`.
pub struct Authenticated<R: Roles> {
    pub principal: Principal,
    _roles: PhantomData<R>,
}

impl<R: Roles> Authenticated<R> {
    /// The caller as the use cases see it: who, and the request id their audit entries carry.
    pub fn caller<'a>(&'a self, rid: &'a RequestId) -> crate::service::Caller<'a> {
        crate::service::Caller {
            principal: &self.principal,
            request_id: &rid.0,
        }
    }
}

fn authenticate(req: &HttpRequest, allowed: &[Role]) -> Result<Principal, ApiError> {
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let fail = |code, detail: &str| ApiError::new(code, detail).with_request_id(&request_id);
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| fail(ErrorCode::Internal, "server state missing"))?;
    let too_many = |wait| {
        fail(
            ErrorCode::TooManyRequests,
            "too many requests from this caller; retry after the time in Retry-After",
        )
        .with_retry_after(wait)
    };
    let principal = match bearer_principal(req, state) {
        Ok(principal) => principal,
        Err(detail) => {
            // Failed authentications count against the peer address, so token guessing and
            // floods without a token are throttled like a caller's own excess. (Behind a
            // proxy every peer is the proxy: only failures share that bucket.)
            state
                .rate_limits
                .check_failed_authentication(req.peer_addr().map(|a| a.ip()))
                .map_err(too_many)?;
            return Err(fail(ErrorCode::Unauthorized, detail));
        }
    };
    // The request span (telemetry): who asked. A client's id is a system's name; a subject's
    // id stays out (the role says it was a customer).
    let span = tracing::Span::current();
    span.record("role", principal.role.as_str());
    if principal.role == Role::Client {
        span.record("client_id", principal.id.as_str());
    }
    state.rate_limits.check(&principal).map_err(too_many)?;
    if !allowed.contains(&principal.role) {
        return Err(fail(
            ErrorCode::RoleNotAllowed,
            "the token's role may not use this operation",
        ));
    }
    Ok(principal)
}

/// The principal of the request's one bearer token, or why there is none (the detail of the
/// 401). A client token must name a client the policy registers: the issuer could mint any
/// `sub`, and the purposes a client may use are keyed by it.
fn bearer_principal(req: &HttpRequest, state: &AppState) -> Result<Principal, &'static str> {
    let mut values = req
        .headers()
        .get_all(actix_web::http::header::AUTHORIZATION);
    let header = match (values.next(), values.next()) {
        (Some(h), None) => h,
        (None, _) => return Err("send Authorization: Bearer <token>"),
        (Some(_), Some(_)) => return Err("send exactly one Authorization header"),
    };
    let token = header
        .to_str()
        .ok()
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or("send Authorization: Bearer <token>")?;
    let principal = state.verifier.verify(token).map_err(|e| match e {
        AuthError::Expired => "the token has expired",
        _ => "the token is not valid",
    })?;
    if principal.role == Role::Client
        && principal
            .client_id()
            .is_none_or(|c| state.vault.policy().client(&c).is_none())
    {
        return Err("the token names no registered client");
    }
    Ok(principal)
}

impl<R: Roles> FromRequest for Authenticated<R> {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            authenticate(req, R::ALLOWED)
                .map(|principal| Authenticated {
                    principal,
                    _roles: PhantomData,
                })
                .map_err(Into::into),
        )
    }
}

/// The `X-Purpose` header as sent. Several `X-Purpose` headers are combined with commas, as
/// HTTP defines for repeated fields (RFC 9110 §5.3), and bytes that are not text are replaced:
/// neither is a purpose id, so the use case refuses the request *and audits the refusal*
/// (`invalid_purpose`) instead of guessing which purpose counts (header smuggling). A
/// `purpose` query parameter is never read: the purpose is declared in the header only.
pub struct PurposeHeader(pub Option<String>);

impl FromRequest for PurposeHeader {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let values: Vec<String> = req
            .headers()
            .get_all("x-purpose")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned())
            .collect();
        ready(Ok(PurposeHeader(
            (!values.is_empty()).then(|| values.join(", ")),
        )))
    }
}
