//! One span per request (request id, method, route template: never the raw path, which holds
//! ids), the `X-Request-Id` response header, and request metrics. The span continues the
//! caller's W3C `traceparent` (exported over OTLP when configured, `crate::telemetry`); the
//! caller's role and client id, the purpose, decision and reason of the request's audit entry
//! and the response status are recorded on it as they become known.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use tracing::Instrument;

use super::{AppState, RequestId};

pub async fn telemetry(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let request_id = uuid::Uuid::new_v4().to_string();
    req.extensions_mut().insert(RequestId(request_id.clone()));
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    // The standard methods by name, anything invented as "other": a label per made-up method
    // would let unauthenticated requests grow the metrics without bound.
    let method = match req.method().as_str() {
        m @ ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" | "TRACE"
        | "CONNECT") => m.to_owned(),
        _ => "other".to_owned(),
    };
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.metrics.clone());
    let span = tracing::info_span!(
        "request",
        otel.name = %format_args!("{method} {route}"),
        otel.kind = "server",
        %request_id,
        %method,
        %route,
        status = tracing::field::Empty,
        otel.status_code = tracing::field::Empty,
        role = tracing::field::Empty,
        client_id = tracing::field::Empty,
        action = tracing::field::Empty,
        purpose = tracing::field::Empty,
        decision = tracing::field::Empty,
        reason = tracing::field::Empty,
    );
    crate::telemetry::continue_trace(&span, req.headers());
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let status = match &result {
        Ok(res) => res.status(),
        Err(e) => e.as_response_error().status_code(),
    };
    let elapsed = started.elapsed();
    // As i64: OpenTelemetry has no unsigned integers (a u64 would be exported as text).
    span.record("status", i64::from(status.as_u16()));
    if status.is_server_error() {
        span.record("otel.status_code", "ERROR");
    }
    if let Some(m) = metrics {
        m.observe_request(&method, &route, status.as_u16(), elapsed.as_secs_f64());
    }
    span.in_scope(|| {
        tracing::info!(
            status = status.as_u16(),
            micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
            "request done"
        )
    });
    let mut res = result?;
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        res.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), v);
    }
    Ok(res)
}
