//! Traces over OTLP: `custodia serve` (the real binary, as an operator runs it) with
//! `OTEL_EXPORTER_OTLP_ENDPOINT` pointing at an OTLP/HTTP receiver in this test. The caller's
//! W3C `traceparent` is continued; request spans carry the decision, store calls and the audit
//! commit have spans of their own; no attribute, event or resource anywhere holds a personal
//! value or a token (the log scan's patterns, [`crate::logs::assert_no_secret_in`], and each
//! value this test sent). The spans still queued at SIGTERM are flushed before exit.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpResponse, HttpServer};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::common::v1::KeyValue;
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message;
use serde_json::json;

use crate::helpers::{both_engines, jane, TestApp};

/// What the receiver got: every export request, decoded.
#[derive(Clone, Default)]
struct Received(Arc<Mutex<Vec<ExportTraceServiceRequest>>>);

impl Received {
    fn spans(&self) -> Vec<Span> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .flat_map(|r| &r.resource_spans)
            .flat_map(|r| &r.scope_spans)
            .flat_map(|s| s.spans.clone())
            .collect()
    }

    /// Everything received, as text, for the scans.
    fn text(&self) -> String {
        format!("{:?}", self.0.lock().unwrap())
    }
}

/// An OTLP/HTTP receiver on a free loopback port: `POST /v1/traces` with a protobuf body.
fn start_receiver() -> (String, Received) {
    let received = Received::default();
    let sink = received.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(move || {
        let sink = sink.clone();
        App::new()
            .app_data(web::PayloadConfig::new(16 * 1024 * 1024))
            .route(
                "/v1/traces",
                web::post().to(move |body: web::Bytes| {
                    let sink = sink.clone();
                    async move {
                        match ExportTraceServiceRequest::decode(body) {
                            Ok(req) => {
                                sink.0.lock().unwrap().push(req);
                                HttpResponse::Ok()
                                    .content_type("application/x-protobuf")
                                    .finish()
                            }
                            Err(_) => HttpResponse::BadRequest().finish(),
                        }
                    }
                }),
            )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    actix_web::rt::spawn(server);
    (format!("http://127.0.0.1:{port}"), received)
}

fn attr<'a>(span: &'a Span, key: &str) -> Option<&'a AnyValue> {
    span.attributes
        .iter()
        .find(|kv: &&KeyValue| kv.key == key)
        .and_then(|kv| kv.value.as_ref())
        .and_then(|v| v.value.as_ref())
}

fn attr_str<'a>(span: &'a Span, key: &str) -> Option<&'a str> {
    match attr(span, key)? {
        AnyValue::StringValue(s) => Some(s.as_str()),
        _ => None,
    }
}

fn attr_int(span: &Span, key: &str) -> Option<i64> {
    match attr(span, key)? {
        AnyValue::IntValue(i) => Some(*i),
        _ => None,
    }
}

/// A free loopback port for the server process.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `custodia serve` on this app's stores, exporting to `endpoint`, its log in `log`.
async fn serve(
    app: &TestApp,
    endpoint: &str,
    log: &std::path::Path,
) -> (std::process::Child, String) {
    let port = free_port();
    let mut cmd = app.cli(&app.master_key_b64);
    cmd.arg("serve")
        .env("CUSTODIA_LISTEN", format!("127.0.0.1:{port}"))
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
        // Long enough that nothing leaves before the shutdown: the flush at exit is tested.
        .env("OTEL_BSP_SCHEDULE_DELAY", "60000")
        .env("RUST_LOG", "info,sqlx=warn")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(log).unwrap());
    let child = cmd.spawn().expect("custodia serve starts");
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let up = app
            .http
            .get(format!("{base}/health"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        if up {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "custodia serve did not come up: {}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    (child, base)
}

/// SIGTERM (graceful stop, then the exporter's flush) and wait for the exit.
async fn terminate(mut child: std::process::Child) -> std::process::ExitStatus {
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("custodia serve did not stop on SIGTERM");
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID: &str = "00f067aa0ba902b7";

async fn otlp_request_spans_carry_the_decision_and_no_personal_value(app: TestApp) {
    let (endpoint, received) = start_receiver();
    let logdir = tempfile::tempdir().unwrap();
    let log = logdir.path().join("serve.log");
    let (child, base) = serve(&app, &endpoint, &log).await;
    let crm = app.client_token("crm");
    let mailer = app.client_token("mailer");
    let person = jane(1400);

    let r = app
        .send_to(
            &base,
            "POST",
            "/v1/subjects",
            Some(&crm),
            None,
            Some(&person),
            &[],
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let traceparent = format!("00-{TRACE_ID}-{PARENT_ID}-01");
    // Allowed: a contract purpose for its client.
    let r = app
        .send_to(
            &base,
            "GET",
            &format!("/v1/subjects/{id}"),
            Some(&crm),
            Some("order_fulfilment"),
            None,
            &[("traceparent", &traceparent)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Denied: a consent purpose without consent.
    let r = app
        .send_to(
            &base,
            "GET",
            &format!("/v1/subjects/{id}"),
            Some(&mailer),
            Some("email_marketing"),
            None,
            &[],
        )
        .await;
    assert!(r.status == 200 || r.status == 403, "{}", r.body);
    // A look-up by the email itself: the value is in the query string, never in a span.
    let email = person["email"].as_str().unwrap();
    app.send_to(
        &base,
        "GET",
        &format!("/v1/subjects?type=email&value={email}"),
        Some(&crm),
        Some("customer_support"),
        None,
        &[],
    )
    .await;
    let r = app
        .send_to(
            &base,
            "PATCH",
            &format!("/v1/subjects/{id}"),
            Some(&crm),
            None,
            Some(&json!({"last_name": "Featherstonewall1401"})),
            &[],
        )
        .await;
    assert!(r.status < 300, "{}", r.body);

    let status = terminate(child).await;
    let log_text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(status.success(), "serve exited with {status}: {log_text}");
    assert!(
        log_text.contains("exporting traces over OTLP"),
        "the exporter was not set up: {log_text}"
    );
    // The receiver is on this runtime: give its last request a moment.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !received
        .spans()
        .iter()
        .any(|s| hex::encode(&s.trace_id) == TRACE_ID)
        && Instant::now() < deadline
    {
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    let spans = received.spans();

    // The read with a traceparent: its request span continues the caller's trace.
    let read = spans
        .iter()
        .find(|s| hex::encode(&s.trace_id) == TRACE_ID && attr_str(s, "route").is_some())
        .unwrap_or_else(|| {
            panic!(
                "no request span in the caller's trace; names: {:?}",
                spans.iter().map(|s| &s.name).collect::<Vec<_>>()
            )
        });
    assert_eq!(hex::encode(&read.parent_span_id), PARENT_ID);
    assert_eq!(read.name, "GET /v1/subjects/{id}");
    assert_eq!(read.kind, 2, "a server span");
    assert_eq!(attr_str(read, "route"), Some("/v1/subjects/{id}"));
    assert_eq!(attr_str(read, "purpose"), Some("order_fulfilment"));
    assert_eq!(attr_str(read, "decision"), Some("allowed"));
    assert_eq!(attr_str(read, "client_id"), Some("crm"));
    assert_eq!(attr_str(read, "role"), Some("client"));
    assert_eq!(attr_int(read, "status"), Some(200));
    // Its store calls and its audit entry, in the same trace.
    let in_trace: Vec<&Span> = spans
        .iter()
        .filter(|s| s.trace_id == read.trace_id)
        .collect();
    assert!(
        in_trace.iter().any(|s| s.name.starts_with("store.")),
        "no store span in the read's trace: {:?}",
        in_trace.iter().map(|s| &s.name).collect::<Vec<_>>()
    );
    let audit = in_trace
        .iter()
        .find(|s| s.name == "audit.record")
        .expect("an audit span in the read's trace");
    assert_eq!(audit.parent_span_id, read.span_id);
    assert_eq!(attr_str(audit, "decision"), Some("allowed"));
    // The group commit: a trace of its own.
    assert!(
        spans
            .iter()
            .any(|s| s.name == "audit.commit" && attr_int(s, "entries").is_some_and(|n| n >= 1)),
        "no audit commit span"
    );

    // The mailer's read: a request span with its own trace and the decision.
    let mailer_read = spans
        .iter()
        .find(|s| attr_str(s, "client_id") == Some("mailer") && attr_str(s, "route").is_some())
        .expect("the mailer's request span");
    assert_ne!(mailer_read.trace_id, read.trace_id);
    assert_eq!(attr_str(mailer_read, "purpose"), Some("email_marketing"));
    let decision = attr_str(mailer_read, "decision").expect("a decision");
    assert!(decision == "allowed" || decision == "denied");
    if decision == "denied" {
        assert!(
            attr_str(mailer_read, "reason").is_some(),
            "a denial gives its reason"
        );
    }
    // The creation: a request span with a store call in its trace.
    let create = spans
        .iter()
        .find(|s| s.name == "POST /v1/subjects")
        .expect("the creation's request span");
    assert_eq!(attr_int(create, "status"), Some(201));
    assert!(spans
        .iter()
        .any(|s| s.trace_id == create.trace_id && s.name.starts_with("store.")));
    let resource = format!(
        "{:?}",
        received.0.lock().unwrap()[0].resource_spans[0].resource
    );
    assert!(resource.contains("custodia"), "service.name: {resource}");

    // No personal value, key or token anywhere: what the log scan looks for, each value this
    // test sent (as sent and as the vault normalises it), and the tokens.
    let text = received.text();
    // The scan reads attributes and events (the text holds both), not just span names.
    assert!(text.contains("order_fulfilment") && text.contains("request done"));
    let mut keys = app.key_material();
    keys.extend([crm.clone(), mailer.clone(), email.to_owned()]);
    for field in ["phone", "first_name", "last_name"] {
        keys.push(person[field].as_str().unwrap().to_owned());
    }
    keys.push(person["address"]["line1"].as_str().unwrap().to_owned());
    for ident in person["identifiers"].as_array().unwrap() {
        keys.push(ident["value"].as_str().unwrap().to_owned());
    }
    keys.push("Featherstonewall1401".to_owned());
    keys.push(email.to_lowercase());
    crate::logs::assert_no_secret_in("an exported span", &text, &keys);
    crate::logs::assert_no_secret_in("the server's log", &log_text, &keys);
}

both_engines!(otlp_request_spans_carry_the_decision_and_no_personal_value);

/// The exporter speaks plain HTTP only: an https endpoint would lose every span without a word,
/// so the start is refused, naming the variable.
#[test]
fn an_https_endpoint_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_custodia"))
        .env_clear()
        .env("CUSTODIA_DATA_DIR", dir.path())
        .env(
            "CUSTODIA_POLICY_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/policies"),
        )
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://127.0.0.1:4318")
        .arg("ropa")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("OTEL_EXPORTER_OTLP_ENDPOINT") && stderr.contains("plain HTTP only"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}
