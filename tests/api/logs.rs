//! Secrets hygiene: with every log at TRACE, the whole scenario set leaves no personal value,
//! key or token in any log line. Every test server of this binary logs at TRACE into one
//! capture ([`capture`], installed by `spawn_app_with`); after each `both_engines!` scenario,
//! [`assert_no_secret_logged`] scans what was logged since the last scan, so the whole suite's
//! output is read once, whichever scenario produced it.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use custodia::domain::Role;
use secrecy::ExposeSecret;
use serde_json::json;

use crate::helpers::{jane, spawn_app, Engine};

/// Every log line of this test process, captured at TRACE.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

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

pub fn capture() -> &'static Captured {
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

/// What no log line may hold, whoever logged it: email addresses, phone numbers in E.164,
/// bearer tokens (JWTs), and the tests' customer names.
fn forbidden() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(concat!(
            r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
            r"|\+[1-9][0-9]{7,14}",
            r"|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}",
            r"|(?i:quillfeather|janequill|featherstonewall|gartenweg)",
        ))
        .unwrap()
    })
}

/// Scans the log lines captured since the previous scan for personal data, tokens and the
/// given key material. Panics with the offending place (test data only, never real data).
pub fn assert_no_secret_logged(keys: &[String]) {
    static SCANNED: AtomicUsize = AtomicUsize::new(0);
    let buf = capture().0.lock().unwrap();
    let from = SCANNED.load(Ordering::SeqCst).min(buf.len());
    let text = String::from_utf8_lossy(&buf[from..]);
    SCANNED.store(buf.len(), Ordering::SeqCst);
    assert_no_secret_in("a log line", &text, keys);
}

/// Scans `text` (log lines, exported spans: `what`) for personal data, tokens and the given
/// values. Panics with the offending place (test data only, never real data).
pub fn assert_no_secret_in(what: &str, text: &str, keys: &[String]) {
    let found = forbidden().find(text).map(|m| m.start()).or_else(|| {
        keys.iter()
            .filter(|k| !k.is_empty())
            .find_map(|k| text.find(k.as_str()))
    });
    if let Some(at) = found {
        // The nearest char boundaries at or before each end (str::floor_char_boundary is
        // newer than the crate's MSRV).
        let near = |i: usize| {
            (0..=i)
                .rev()
                .find(|&j| text.is_char_boundary(j))
                .unwrap_or(0)
        };
        let (start, end) = (
            near(at.saturating_sub(120)),
            near((at + 120).min(text.len())),
        );
        panic!(
            "{what} holds personal data or a secret: …{}…",
            &text[start..end]
        );
    }
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
