//! Secrets hygiene: with every log at TRACE, the whole scenario set leaves no personal value,
//! key or token in any log line.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use custodia::domain::Role;
use secrecy::ExposeSecret;
use serde_json::json;

use crate::helpers::{jane, spawn_app, Engine};

/// Every log line of this test process, captured at TRACE.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture() -> &'static Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED.get_or_init(|| {
        let c = Captured::default();
        let writer = c.clone();
        let _ = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .try_init();
        c
    })
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[actix_web::test]
async fn no_personal_data_key_or_token_in_trace_logs() {
    let logs = capture();
    let app = spawn_app(Engine::Sqlite).await.unwrap();
    let crm = app.client_token("crm");
    let dpo = app.token(Role::Dpo, "dpo");
    let id = app.create_subject(&jane(500)).await;
    let r = app
        .send("PUT", &format!("/v1/subjects/{id}/consents/email_marketing"), Some(&crm), None,
            Some(&json!({"status": "granted", "source": "web", "collected_at": now(), "policy_version": "2026-01",
                         "evidence": {"double_opt_in_ref": "doi-500"}})))
        .await;
    assert_eq!(r.status, 201);
    app.read_subject("crm", &id, "order_fulfilment").await;
    app.read_subject("mailer", &id, "email_marketing").await;
    app.read_subject("mailer", &id, "order_fulfilment").await;
    app.send(
        "GET",
        "/v1/subjects?type=email&value=jane.quillfeather.500@example.com",
        Some(&crm),
        Some("customer_support"),
        None,
    )
    .await;
    app.send(
        "POST",
        "/v1/subjects",
        Some(&crm),
        None,
        Some(&json!({"email": "bad-email-500", "phone": "+49 151 99999500"})),
    )
    .await;
    app.send("POST", "/v1/events", Some(&crm), None, Some(&json!({"events": [
        {"id": "l1", "subject": {"identifier": {"type": "loyalty_card", "value": "LC-500"}}, "type": "purchase",
         "channel": "store", "occurred_at": now(), "properties": {"order_id": "O-500", "amount": "5.00", "currency": "EUR"}},
        {"id": "l2", "subject": {"id": id}, "type": "page_view", "channel": "web", "occurred_at": now(),
         "properties": {"path": "/x", "referrer_domain": "jane.quillfeather.500@example.com"}}]}))).await;
    app.send(
        "GET",
        &format!("/v1/subjects/{id}/profile"),
        Some(&crm),
        Some("customer_support"),
        None,
    )
    .await;
    app.send(
        "PATCH",
        &format!("/v1/subjects/{id}"),
        Some(&crm),
        None,
        Some(&json!({"last_name": "Rectifiedname500"})),
    )
    .await;
    app.send(
        "GET",
        &format!("/v1/subjects/{id}/export"),
        Some(&dpo),
        None,
        None,
    )
    .await;
    app.send(
        "GET",
        &format!("/v1/subjects/{id}"),
        Some("not-a-token"),
        Some("order_fulfilment"),
        None,
    )
    .await;
    let r = app
        .send(
            "DELETE",
            &format!("/v1/subjects/{id}"),
            Some(&dpo),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200);

    let text = String::from_utf8_lossy(&logs.0.lock().unwrap()).to_string();
    assert!(
        text.contains("request done"),
        "the capture sees the server's logs"
    );
    // Other tests run in this process at the same time and log into the same capture: their
    // customers' values (all "Quillfeather"/"Janequill") must not show up either.
    let secrets = [
        "Quillfeather",
        "quillfeather",
        "Janequill",
        "Jane.Quillfeather.500",
        "jane.quillfeather.500",
        "Janequill500",
        "Featherstonewall500",
        "Rectifiedname500",
        "4915100000500",
        "151 00000500",
        "99999500",
        "bad-email-500",
        "LC-500",
        "POS-500",
        "Gartenweg",
        app.master_key_b64.as_str(),
        app.jwt_secret.expose_secret(),
        crm.as_str(),
        dpo.as_str(),
    ];
    for s in secrets {
        assert!(!text.contains(s), "a log line holds {s:?}");
    }
}
