//! Abuse limits and transport: per-caller rate limits, the optional HTTPS listener, and the
//! declared purpose that cannot be smuggled in twice or through the query string.

use std::num::NonZeroU32;
use std::sync::Arc;

use custodia::config::{RateLimit, TlsFiles};
use serde_json::json;

use crate::helpers::{both_engines, jane, spawn_app_with, Engine, TestApp};

both_engines!(repeated_or_query_purpose_is_refused_and_audited);

#[actix_web::test]
async fn a_caller_over_its_rate_gets_429_with_retry_after_and_others_are_served() {
    let app = one_per_second_burst_of_three().await;
    let crm = app.client_token("crm");
    for _ in 0..3 {
        assert_eq!(probe(&app, &crm).await.status, 404);
    }
    let r = probe(&app, &crm).await;
    assert_eq!(r.status, 429, "{}", r.body);
    assert_eq!(r.content_type, "application/problem+json");
    assert_eq!(r.body["code"], "too-many-requests");
    let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert_eq!(
        wait, 1,
        "one request per second: the next token is at most a second away"
    );
    // Another caller has its own bucket.
    assert_ne!(
        probe(&app, &app.client_token("mailer")).await.status,
        429,
        "one caller's excess must not block another"
    );
    // After the advertised wait, the first caller is served again.
    actix_web::rt::time::sleep(std::time::Duration::from_secs(wait)).await;
    assert_eq!(probe(&app, &crm).await.status, 404);
}

/// Guessing tokens is throttled too: failed authentications share a bucket per peer address,
/// and a caller with a valid token keeps its own.
#[actix_web::test]
async fn failed_authentications_are_throttled_per_peer() {
    let app = one_per_second_burst_of_three().await;
    let mut statuses = Vec::new();
    for guess in 0..4 {
        statuses.push(probe(&app, &format!("guess-{guess}")).await.status);
    }
    assert_eq!(statuses, [401, 401, 401, 429]);
    assert_eq!(probe(&app, &app.client_token("crm")).await.status, 404);
}

/// A server whose callers may send 3 requests at once, then one a second.
async fn one_per_second_burst_of_three() -> TestApp {
    spawn_app_with(
        Engine::Sqlite,
        |_| {},
        |s| {
            s.rate_limit = Some(RateLimit {
                per_second: NonZeroU32::MIN,
                burst: NonZeroU32::new(3).unwrap(),
            })
        },
    )
    .await
    .unwrap()
}

/// An authenticated read of a subject that does not exist: cheap, and never 429 by itself.
async fn probe(app: &TestApp, token: &str) -> crate::helpers::Reply {
    let path = format!("/v1/subjects/{}", uuid::Uuid::new_v4());
    app.send("GET", &path, Some(token), Some("customer_support"), None)
        .await
}

#[actix_web::test]
async fn https_listener_serves_the_configured_certificate_and_refuses_plain_http() {
    let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cert_path = dir.path().join("cert.pem");
    let key_path = dir.path().join("key.pem");
    std::fs::write(&cert_path, cert.cert.pem()).unwrap();
    std::fs::write(&key_path, cert.signing_key.serialize_pem()).unwrap();
    let app = spawn_app_with(
        Engine::Sqlite,
        |_| {},
        |s| {
            s.tls = Some(TlsFiles {
                cert_chain: cert_path.clone(),
                private_key: key_path.clone(),
            })
        },
    )
    .await
    .unwrap();
    let https_base = app.base.replacen("http://", "https://", 1);

    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.cert.der().clone()).unwrap();
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let client = awc::Client::builder()
        .connector(awc::Connector::new().rustls_0_23(Arc::new(tls)))
        .finish();
    let res = client
        .get(format!("{https_base}/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key("strict-transport-security"));

    // The same port does not speak plain HTTP.
    let plain = app
        .http
        .get(format!("{}/health", app.base))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert!(!matches!(plain, Ok(200)), "plain HTTP answered: {plain:?}");
    // A client that does not trust the certificate is refused by the handshake.
    let untrusting = awc::Client::builder()
        .connector(
            awc::Connector::new().rustls_0_23(Arc::new(
                rustls::ClientConfig::builder_with_provider(Arc::new(
                    rustls::crypto::ring::default_provider(),
                ))
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_root_certificates(rustls::RootCertStore::empty())
                .with_no_client_auth(),
            )),
        )
        .finish();
    assert!(untrusting
        .get(format!("{https_base}/health"))
        .send()
        .await
        .is_err());
}

async fn repeated_or_query_purpose_is_refused_and_audited(app: TestApp) {
    let id = app.create_subject(&jane(91)).await;
    let crm = app.client_token("crm");
    let path = format!("/v1/subjects/{id}");
    // Two X-Purpose headers: neither is guessed, the request is refused and audited.
    let mut req = app.http.get(format!("{}{path}", app.base));
    req = req
        .insert_header(("Authorization", format!("Bearer {crm}")))
        .append_header(("X-Purpose", "customer_support"))
        .append_header(("X-Purpose", "analytics"));
    let mut res = req.send().await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&res.body().await.unwrap()).unwrap();
    assert_eq!(
        (res.status().as_u16(), body["code"].clone()),
        (400, json!("invalid-purpose"))
    );
    assert!(body.get("data").is_none());

    // A purpose in the query string is not a declared purpose.
    for query in ["?purpose=customer_support", "?x-purpose=customer_support"] {
        let r = app
            .send("GET", &format!("{path}{query}"), Some(&crm), None, None)
            .await;
        assert_eq!(r.status, 400, "{query}: {}", r.body);
        assert!(r.body.get("data").is_none(), "{query}: {}", r.body);
    }

    let trail = app.audit(&format!("?subject={id}")).await;
    let denied = |reason: &str| {
        trail
            .iter()
            .filter(|e| e["decision"] == "denied" && e["reason"] == reason)
            .count()
    };
    assert_eq!(
        (denied("invalid_purpose"), denied("missing_purpose")),
        (1, 2),
        "{trail:#?}"
    );
}

/// A client that opens a connection and never finishes its request head (slowloris) is cut
/// off after the request timeout instead of holding the connection.
#[actix_web::test]
async fn a_request_head_not_finished_in_time_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let app = spawn_app_with(
        Engine::Sqlite,
        |_| {},
        |s| s.server_limits.request_timeout = std::time::Duration::from_secs(1),
    )
    .await
    .unwrap();
    let addr = app.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: custodia\r\n")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await;
    assert!(read.is_ok(), "the server kept the half-sent request open");
    let waited = started.elapsed();
    // Configured 1 s; actix-web's own default would be 5 s.
    assert!(
        waited >= std::time::Duration::from_millis(900)
            && waited < std::time::Duration::from_secs(4),
        "closed after {waited:?}"
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
}

/// The PostgreSQL connection is encrypted, and the server's certificate checked, when the URL
/// says `sslmode=verify-full&sslrootcert=…`. CI starts its cluster with TLS and exports the
/// certificate as `CUSTODIA_TEST_POSTGRES_TLS_ROOT`.
#[actix_web::test]
async fn postgres_connection_uses_verified_tls_when_the_url_asks_for_it() {
    let Ok(root) = std::env::var("CUSTODIA_TEST_POSTGRES_TLS_ROOT") else {
        assert!(
            std::env::var("CUSTODIA_TEST_REQUIRE_POSTGRES").is_err(),
            "CUSTODIA_TEST_REQUIRE_POSTGRES is set but CUSTODIA_TEST_POSTGRES_TLS_ROOT is not"
        );
        eprintln!(
            "*** PostgreSQL TLS test SKIPPED: CUSTODIA_TEST_POSTGRES_TLS_ROOT is not set ***"
        );
        return;
    };
    let admin = std::env::var("CUSTODIA_TEST_POSTGRES_URL").unwrap();
    let verified = format!("{admin}?sslmode=verify-full&sslrootcert={root}");
    let pool = match custodia::store::connect(&verified).await {
        Ok(custodia::store::Db::Postgres(pool)) => pool,
        Ok(_) => panic!("not a PostgreSQL pool"),
        Err(e) => panic!("no TLS connection to PostgreSQL with its certificate as root: {e}"),
    };
    let ssl: bool = sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(ssl, "the connection is not encrypted");
    // Without the certificate as a root, verification fails: the client really checks.
    let unverified_root = format!("{admin}?sslmode=verify-full");
    assert!(custodia::store::connect(&unverified_root).await.is_err());
}
