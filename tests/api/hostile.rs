//! Hostile input: oversized and malformed bodies, SQL metacharacters, and the security headers
//! every answer carries, errors included. Each case checks that nothing was stored and that
//! the server kept serving.

use serde_json::{json, Value};

use crate::helpers::{both_engines, TestApp};

both_engines!(
    oversized_bodies_are_413_and_store_nothing,
    nested_malformed_and_non_utf8_json_is_400_and_the_server_stays_up,
    sql_metacharacters_are_data_everywhere,
    security_headers_on_every_answer_errors_included,
    invented_http_methods_do_not_grow_the_metrics,
);

const HARDENING_HEADERS: [(&str, &str); 5] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    (
        "content-security-policy",
        "default-src 'none'; frame-ancestors 'none'",
    ),
    ("cache-control", "no-store"),
];

impl TestApp {
    /// POSTs raw bytes as JSON with the crm token; (status, problem body).
    async fn post_raw(&self, path: &str, body: Vec<u8>) -> (u16, Value) {
        let mut res = self
            .http
            .post(format!("{}{path}", self.base))
            .insert_header((
                "Authorization",
                format!("Bearer {}", self.client_token("crm")),
            ))
            .insert_header(("Content-Type", "application/json"))
            .send_body(body)
            .await
            .unwrap();
        let bytes = res.body().limit(1 << 20).await.unwrap();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (res.status().as_u16(), body)
    }

    async fn subjects_created(&self) -> usize {
        self.audit("")
            .await
            .iter()
            .filter(|e| e["action"] == "subject.create" && e["decision"] == "allowed")
            .count()
    }
}

async fn oversized_bodies_are_413_and_store_nothing(app: TestApp) {
    let big_name = "x".repeat(70 * 1024);
    let body = json!({"email": "big.body@example.com", "first_name": big_name});
    let (status, problem) = app
        .post_raw("/v1/subjects", body.to_string().into_bytes())
        .await;
    assert_eq!(
        (status, problem["code"].clone()),
        (413, json!("payload-too-large"))
    );

    // The batch routes allow 4 MiB, and no more.
    let event = json!({"id": "e", "subject": {"id": "00000000-0000-4000-8000-000000000000"},
        "type": "page_view", "channel": "web", "occurred_at": "2026-11-30T10:00:00Z",
        "properties": {"path": "/".repeat(4000)}});
    let events: Vec<Value> = (0..1100).map(|_| event.clone()).collect();
    let (status, problem) = app
        .post_raw(
            "/v1/events",
            json!({ "events": events }).to_string().into_bytes(),
        )
        .await;
    assert_eq!(
        (status, problem["code"].clone()),
        (413, json!("payload-too-large"))
    );

    assert_eq!(app.subjects_created().await, 0);
    let r = app
        .send(
            "GET",
            "/v1/subjects?type=email&value=big.body@example.com",
            Some(&app.client_token("crm")),
            Some("customer_support"),
            None,
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
}

async fn nested_malformed_and_non_utf8_json_is_400_and_the_server_stays_up(app: TestApp) {
    let deep = format!(
        "{{\"first_name\": {}\"x\"{}}}",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    let mut non_utf8 = br#"{"first_name": "Ma"#.to_vec();
    non_utf8.extend_from_slice(&[0xC3, 0x28, 0xFF]);
    non_utf8.extend_from_slice(br#"", "email": "bytes@example.com"}"#);
    let cases: [(&str, Vec<u8>); 5] = [
        ("5,000 levels deep", deep.into_bytes()),
        ("invalid UTF-8", non_utf8),
        ("truncated", br#"{"first_name": "Ma"#.to_vec()),
        ("not an object", b"[1, 2, 3]".to_vec()),
        (
            "duplicate key smuggling",
            br#"{"first_name": "A", "first_name": "B"}"#.to_vec(),
        ),
    ];
    for (name, body) in cases {
        let (status, problem) = app.post_raw("/v1/subjects", body).await;
        assert_eq!(status, 400, "{name}: {problem}");
        assert_eq!(
            problem["type"]
                .as_str()
                .map(|t| t.starts_with("urn:custodia:problem:")),
            Some(true),
            "{name}: {problem}"
        );
    }
    assert_eq!(app.subjects_created().await, 0);
    let r = app.send("GET", "/health", None, None, None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body, json!({"status": "ok"}));
    let r = app.send("GET", "/ready", None, None, None).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body,
        json!({"status": "ok", "vault": "ok", "behaviour": "ok"})
    );
}

async fn sql_metacharacters_are_data_everywhere(app: TestApp) {
    let nasty = json!({
        "email": "o'brien+x@example.com",
        "first_name": "Robert'); DROP TABLE subjects;--",
        "last_name": "\" OR 1=1 --",
        "address": {"line1": "1'; DELETE FROM audit_log; --", "postal_code": "8001",
                    "city": "Zürich\\'--", "country": "CH"},
        "identifiers": [{"type": "loyalty_card", "value": "LC-'OR'1'='1"}]
    });
    let id = app.create_subject(&nasty).await;
    let r = app.read_subject("crm", &id, "customer_support").await;
    assert_eq!(r.status, 200, "{}", r.body);
    for field in ["email", "first_name", "last_name"] {
        assert_eq!(r.body["data"][field], nasty[field], "{field}");
    }
    let r = app.read_subject("crm", &id, "order_fulfilment").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"]["address"], nasty["address"], "{}", r.body);

    let crm = app.client_token("crm");
    let lookup =
        |kind: &str, value: &str| format!("/v1/subjects?type={kind}&value={}", percent(value));
    // The stored identifier is found by its exact value, and an injection finds nobody.
    let r = app
        .send(
            "GET",
            &lookup("loyalty_card", "LC-'OR'1'='1"),
            Some(&crm),
            Some("customer_support"),
            None,
        )
        .await;
    assert_eq!((r.status, r.body["id"].clone()), (200, json!(id)));
    for probe in [
        "' OR '1'='1",
        "x' UNION SELECT * FROM subjects --",
        "%' OR 1=1 --",
    ] {
        let r = app
            .send(
                "GET",
                &lookup("loyalty_card", probe),
                Some(&crm),
                Some("customer_support"),
                None,
            )
            .await;
        assert_eq!(r.status, 404, "{probe}: {}", r.body);
    }
    // Query parameters of every list route: refused as malformed, never a server error.
    let dpo = app.token(custodia::domain::Role::Dpo, "dpo");
    for (path, token, purpose) in [
        (
            format!("/v1/audit?subject={}", percent("' OR 1=1--")),
            &dpo,
            None,
        ),
        (
            format!("/v1/audit?after={}", percent("1; DROP TABLE audit_log")),
            &dpo,
            None,
        ),
        (
            format!("/v1/dsr?status={}", percent("open' OR '1'='1")),
            &dpo,
            None,
        ),
        (
            format!("/v1/notifications?after={}", percent("' OR 1=1--")),
            &dpo,
            None,
        ),
        (
            format!("/v1/subjects/{id}/events?cursor={}", percent("' OR 1=1--")),
            &crm,
            Some("order_fulfilment"),
        ),
    ] {
        let r = app.send("GET", &path, Some(token), purpose, None).await;
        assert_eq!(r.status, 400, "{path}: {}", r.body);
    }
    assert_eq!(app.verify_audit().await["valid"], true);
    assert_eq!(app.subjects_created().await, 1);
}

async fn security_headers_on_every_answer_errors_included(app: TestApp) {
    let crm = app.client_token("crm");
    let answers = [
        ("health", app.send("GET", "/health", None, None, None).await),
        ("401", app.send("GET", "/v1/audit", None, None, None).await),
        (
            "404 route",
            app.send("GET", "/v1/nothing-here", Some(&crm), None, None)
                .await,
        ),
        (
            "405",
            app.send("PUT", "/v1/subjects", Some(&crm), None, None)
                .await,
        ),
        (
            "400",
            app.send("POST", "/v1/subjects", Some(&crm), None, Some(&json!({})))
                .await,
        ),
    ];
    for (name, r) in answers {
        for (header, value) in HARDENING_HEADERS {
            assert_eq!(r.header(header), Some(value), "{name}: {header}");
        }
    }
}

/// A label per invented method would let anyone grow the metrics forever.
async fn invented_http_methods_do_not_grow_the_metrics(app: TestApp) {
    for i in 0..5 {
        let r = app
            .send(&format!("BREW{i}"), "/health", None, None, None)
            .await;
        assert_eq!(r.status, 405);
    }
    let admin = app.token(custodia::domain::Role::Admin, "ops");
    let metrics = app
        .send("GET", "/metrics", Some(&admin), None, None)
        .await
        .text;
    assert!(!metrics.contains("BREW"), "{metrics}");
    assert!(metrics.contains("method=\"other\""), "{metrics}");
}

/// Percent-encodes every byte that is not unreserved (RFC 3986).
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
