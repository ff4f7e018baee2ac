//! Recipients (Art. 19): after rectification, erasure or restriction, the clients that
//! received the subject's data are told through signed webhooks that carry the subject id and
//! the action, never the data; deliveries are retried and visible to the DPO.
//!
//! A tiny receiver runs inside each test; the policy gives `crm`, `mailer` and `erp` a
//! `webhook_url` pointing at it. Deliveries are driven through a second `Vault` handle on the
//! same databases with a clock the test controls (`deliver_due(now)`); the assertions also
//! hold when the server runs its own notifier.

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use custodia::crypto::{verify_signature, KeyRing, WebhookSigner};
use custodia::domain::Role;
use custodia::service::{DeliveryReport, Vault};
use ring::hmac;
use secrecy::ExposeSecret;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::helpers::{both_engines, jane, spawn_app_with_policy, Engine, TestApp};

both_engines!(
    spawn = crate::notifications::spawn;
    rectification_tells_only_clients_that_received_data_through_a_signed_webhook,
    failed_deliveries_are_retried_with_backoff_and_shown_to_the_dpo,
    restriction_lifting_and_erasure_notify_too,
);

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Hit {
    method: String,
    path: String,
    content_type: String,
    notification: String,
    signature: String,
    body: Vec<u8>,
}

impl Hit {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// The webhook receiver: records every request and answers with `status`.
#[derive(Clone)]
struct Receiver {
    hits: Arc<Mutex<Vec<Hit>>>,
    status: Arc<AtomicU16>,
    port: u16,
    handle: actix_web::dev::ServerHandle,
}

impl Receiver {
    async fn start() -> Receiver {
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let status = Arc::new(AtomicU16::new(200));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let (h, s) = (hits.clone(), status.clone());
        let server = HttpServer::new(move || {
            let (hits, status) = (h.clone(), s.clone());
            App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
                let (hits, status) = (hits.clone(), status.clone());
                async move {
                    let header = |name: &str| {
                        req.headers()
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_owned()
                    };
                    hits.lock().unwrap().push(Hit {
                        method: req.method().to_string(),
                        path: req.path().to_owned(),
                        content_type: header("content-type"),
                        notification: header("x-custodia-notification"),
                        signature: header("x-custodia-signature"),
                        body: body.to_vec(),
                    });
                    let code = status.load(Ordering::SeqCst);
                    HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap())
                        .body("a receiver's answer that is never stored")
                }
            }))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Receiver {
            hits,
            status,
            port,
            handle,
        }
    }

    fn url(&self, client: &str) -> String {
        format!("http://127.0.0.1:{}/hook/{client}", self.port)
    }

    fn answer(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }
}

/// A receiver, and the app with a policy that gives crm, mailer and erp a webhook to it
/// (analytics has none).
async fn spawn(engine: Engine) -> Option<(TestApp, Receiver)> {
    let hook = Receiver::start().await;
    let urls: Vec<(&str, String)> = ["crm", "mailer", "erp"]
        .into_iter()
        .map(|c| (c, hook.url(c)))
        .collect();
    let app = spawn_app_with_policy(engine, move |dir| {
        let path = dir.join("clients.toml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        for (client, url) in &urls {
            let id_line = format!("id = \"{client}\"\n");
            assert!(text.contains(&id_line), "{client} in clients.toml");
            text = text.replacen(&id_line, &format!("{id_line}webhook_url = \"{url}\"\n"), 1);
        }
        std::fs::write(&path, text).unwrap();
    })
    .await?;
    Some((app, hook))
}

/// A second handle on the app's databases, keys and policy, to drive deliveries.
async fn vault(app: &TestApp) -> Vault {
    custodia::startup::build_vault(&app.settings)
        .await
        .expect("a second vault handle")
        .vault
}

async fn deliver(vault: &Vault, at: OffsetDateTime) -> DeliveryReport {
    vault.deliver_due(at).await.expect("delivery run")
}

fn secret(app: &TestApp, client: &str) -> Vec<u8> {
    let ring = KeyRing::parse(&app.master_key_b64).unwrap();
    ring.webhook_secret(client)
        .unwrap()
        .expose_secret()
        .to_vec()
}

/// Checks the signature by hand (HMAC-SHA256 over "<t>.<body>" with the client's secret,
/// `t` close to now), and with the library's verifier.
fn assert_signed_for(app: &TestApp, client: &str, hit: &Hit) {
    let (t, v1) = hit
        .signature
        .strip_prefix("t=")
        .and_then(|s| s.split_once(",v1="))
        .unwrap_or_else(|| panic!("signature header {:?}", hit.signature));
    let t: i64 = t.parse().unwrap();
    let now = OffsetDateTime::now_utc().unix_timestamp();
    assert!((now - t).abs() < 120, "t={t} now={now}");
    let key = hmac::Key::new(hmac::HMAC_SHA256, &secret(app, client));
    let signed = [format!("{t}.").as_bytes(), hit.body.as_slice()].concat();
    hmac::verify(&key, &signed, &hex::decode(v1).unwrap()).expect("signature verifies");
    assert!(verify_signature(
        &secret(app, client),
        &hit.signature,
        &hit.body,
        now
    ));
    let ring = KeyRing::parse(&app.master_key_b64).unwrap();
    let signer = WebhookSigner::from_keyring(&ring, [client, "analytics"]).unwrap();
    assert!(signer.verify(client, &hit.signature, &hit.body, now));
    // Another client's secret does not verify it, nor does a changed body.
    assert!(!signer.verify("analytics", &hit.signature, &hit.body, now));
    let mut changed = hit.body.clone();
    changed.push(b' ');
    assert!(!signer.verify(client, &hit.signature, &changed, now));
}

/// The body is exactly the notification id, the subject id, the action and a time: no value.
fn assert_body(hit: &Hit, id: &str, subject: &str, action: &str, values: &[String]) {
    assert_eq!(hit.method, "POST");
    assert_eq!(hit.content_type, "application/json");
    let body = hit.json();
    let mut keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    keys.sort_unstable();
    assert_eq!(keys, ["action", "id", "occurred_at", "subject"], "{body}");
    assert_eq!(body["id"], id);
    assert_eq!(hit.notification, id);
    assert_eq!(body["subject"], subject);
    assert_eq!(body["action"], action);
    let at = OffsetDateTime::parse(body["occurred_at"].as_str().unwrap(), &Rfc3339).unwrap();
    assert!((OffsetDateTime::now_utc() - at).whole_seconds().abs() < 120);
    let text = String::from_utf8_lossy(&hit.body).to_lowercase();
    for value in values {
        assert!(
            !text.contains(&value.to_lowercase()),
            "{value:?} in the webhook body"
        );
    }
}

/// Personal values of `jane(tag)` (and of the changes made in these tests).
fn personal_values(tag: u32) -> Vec<String> {
    let j = jane(tag);
    let mut values: Vec<String> = ["email", "phone", "first_name", "last_name", "birth_date"]
        .iter()
        .map(|k| j[k].as_str().unwrap().to_owned())
        .collect();
    values.extend([
        "Gartenweg".to_owned(),
        "Berlin".to_owned(),
        format!("LC-{tag}"),
        format!("POS-{tag}"),
        "Hamburg".to_owned(),
        "de-DE".to_owned(),
    ]);
    values
}

impl TestApp {
    async fn notifications(&self, query: &str) -> Vec<Value> {
        let r = self
            .send(
                "GET",
                &format!("/v1/notifications{query}"),
                Some(&self.token(Role::Dpo, "dpo")),
                None,
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body["notifications"].as_array().unwrap().clone()
    }

    async fn rectify_city(&self, id: &str, city: &str) {
        let r = self
            .send(
                "PATCH",
                &format!("/v1/subjects/{id}"),
                Some(&self.client_token("crm")),
                None,
                Some(&json!({"address": {"city": city}})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }

    async fn dpo_call(&self, method: &str, path: &str, body: Option<&Value>) -> u16 {
        let token = self.token(Role::Dpo, "dpo");
        let r = self.send(method, path, Some(&token), None, body).await;
        assert!(
            (200..300).contains(&r.status),
            "{method} {path}: {}",
            r.body
        );
        r.status
    }
}

/// Waits until the receiver has `n` requests (a server-side notifier may be mid-delivery).
async fn hits(hook: &Receiver, n: usize) -> Vec<Hit> {
    for _ in 0..150 {
        let hits = hook.hits();
        if hits.len() >= n {
            return hits;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    hook.hits()
}

/// Waits until the DPO's listing for `subject` shows its only notification with `attempts`.
async fn single_after_attempts(app: &TestApp, subject: &str, attempts: i64) -> Value {
    for _ in 0..150 {
        let list = app.notifications(&format!("?subject={subject}")).await;
        assert_eq!(list.len(), 1, "{list:?}");
        if list[0]["attempts"] == attempts {
            return list[0].clone();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("notification of {subject} never reached {attempts} attempts");
}

fn time_of(v: &Value) -> OffsetDateTime {
    OffsetDateTime::parse(v.as_str().unwrap(), &Rfc3339).unwrap()
}

async fn rectification_tells_only_clients_that_received_data_through_a_signed_webhook(
    (app, hook): (TestApp, Receiver),
) {
    let vault = vault(&app).await;
    let id = app.create_subject(&jane(701)).await;
    // Read by crm (allowed); the mailer is denied (no consent) and analytics gets counts
    // only (aggregate_only), and erp never asks: none of them received anything.
    assert_eq!(
        app.read_subject("crm", &id, "customer_support")
            .await
            .status,
        200
    );
    assert_eq!(
        app.read_subject("analytics", &id, "analytics").await.status,
        403
    );
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        403
    );
    // Someone crm never read is rectified too: nobody to tell.
    let unread = app.create_subject(&jane(702)).await;

    app.rectify_city(&id, "Hamburg").await;
    app.rectify_city(&unread, "Hamburg").await;

    let queued = app.notifications("").await;
    assert_eq!(queued.len(), 1, "{queued:?}");
    let n = &queued[0];
    assert_eq!(n["client"], "crm");
    assert_eq!(n["subject"], id.as_str());
    assert_eq!(n["action"], "rectified");
    let audit = app.audit(&format!("?subject={id}")).await;
    let enqueued: Vec<&Value> = audit
        .iter()
        .filter(|e| e["action"] == "notify.enqueued")
        .collect();
    assert_eq!(enqueued.len(), 1, "{audit:?}");
    assert_eq!(enqueued[0]["reason"], "rectified");
    assert_eq!(enqueued[0]["actor"]["id"], "notifier");
    assert!(app
        .audit(&format!("?subject={unread}"))
        .await
        .iter()
        .all(|e| e["action"] != "notify.enqueued"));

    let report = deliver(&vault, OffsetDateTime::now_utc()).await;
    assert!(report.delivered <= 1 && report.retrying == 0, "{report:?}");
    let got = hits(&hook, 1).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].path, "/hook/crm");
    let nid = n["id"].as_str().unwrap();
    assert_body(&got[0], nid, &id, "rectified", &personal_values(701));
    assert_signed_for(&app, "crm", &got[0]);

    let n = single_after_attempts(&app, &id, 1).await;
    assert_eq!(n["status"], "delivered");
    assert_eq!(n["last_status"], 200);
    assert_eq!(n["last_error"], Value::Null);
    assert_eq!(n["next_attempt_at"], Value::Null);
    assert!(n["delivered_at"].is_string());
    assert_eq!(
        app.notifications("?status=delivered&client=crm")
            .await
            .len(),
        1
    );
    assert!(app.notifications("?status=pending").await.is_empty());

    // Delivered once: a later run sends nothing.
    let again = deliver(&vault, OffsetDateTime::now_utc() + time::Duration::hours(1)).await;
    assert_eq!(again.attempted(), 0);
    assert_eq!(hook.hits().len(), 1);
    assert_eq!(app.verify_audit().await["valid"], true);
}

async fn failed_deliveries_are_retried_with_backoff_and_shown_to_the_dpo(
    (app, hook): (TestApp, Receiver),
) {
    // Only the DPO sees the queue; its query is checked.
    let r = app
        .send(
            "GET",
            "/v1/notifications",
            Some(&app.client_token("crm")),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    for bad in [
        "?status=open",
        "?subject=nope",
        "?limit=0",
        "?after=x",
        "?colour=red",
    ] {
        let r = app
            .send(
                "GET",
                &format!("/v1/notifications{bad}"),
                Some(&app.token(Role::Dpo, "dpo")),
                None,
                None,
            )
            .await;
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
        assert_eq!(r.content_type, "application/problem+json");
    }

    let vault = vault(&app).await;
    hook.answer(500);
    let id = app.create_subject(&jane(711)).await;
    assert_eq!(
        app.read_subject("crm", &id, "order_fulfilment")
            .await
            .status,
        200
    );
    app.rectify_city(&id, "Hamburg").await;

    let t0 = OffsetDateTime::now_utc();
    deliver(&vault, t0).await;
    let first = single_after_attempts(&app, &id, 1).await;
    assert_eq!(first["status"], "pending");
    assert_eq!(first["last_status"], 500);
    assert_eq!(first["last_error"], "status 500");
    assert_eq!(first["delivered_at"], Value::Null);
    let created = time_of(&first["created_at"]);
    let next1 = time_of(&first["next_attempt_at"]);
    assert!(next1 - created >= time::Duration::seconds(29), "{first}");
    assert_eq!(
        app.notifications("?status=pending&client=crm").await.len(),
        1
    );
    assert!(app.notifications("?status=delivered").await.is_empty());
    assert!(app.notifications("?client=mailer").await.is_empty());

    // Not due again before its time.
    let early = deliver(&vault, t0 + time::Duration::seconds(5)).await;
    assert_eq!(early.attempted(), 0);
    assert_eq!(hits(&hook, 1).await.len(), 1);

    // Due after 30 s: tried again, still failing; the next try moves out (60 s later).
    let t1 = next1 + time::Duration::seconds(1);
    let report = deliver(&vault, t1).await;
    assert_eq!(
        report,
        DeliveryReport {
            delivered: 0,
            retrying: 1,
            gave_up: 0
        }
    );
    let second = single_after_attempts(&app, &id, 2).await;
    assert_eq!(second["status"], "pending");
    assert_eq!(second["last_status"], 500);
    let next2 = time_of(&second["next_attempt_at"]);
    assert!(next2 > next1);
    assert!(next2 - t1 >= time::Duration::seconds(59), "{second}");

    // The receiver recovers: delivered on the third attempt.
    hook.answer(204);
    let report = deliver(&vault, next2 + time::Duration::seconds(1)).await;
    assert_eq!(report.delivered, 1, "{report:?}");
    let third = single_after_attempts(&app, &id, 3).await;
    assert_eq!(third["status"], "delivered");
    assert_eq!(third["last_status"], 204);
    assert_eq!(third["last_error"], Value::Null);

    // Every attempt was the same notification, signed afresh; the receiver's answer (its
    // body) is stored nowhere.
    let got = hits(&hook, 3).await;
    assert_eq!(got.len(), 3, "{got:?}");
    let nid = first["id"].as_str().unwrap();
    for hit in &got {
        assert_body(hit, nid, &id, "rectified", &personal_values(711));
        assert_signed_for(&app, "crm", hit);
    }
    let all = app.notifications("").await;
    assert!(!serde_json::to_string(&all)
        .unwrap()
        .contains("never stored"));

    // A receiver that is gone: retried up to 10 attempts, then given up and listed as failed.
    hook.handle.stop(false).await;
    app.rectify_city(&id, "Bremen").await;
    let mut at = OffsetDateTime::now_utc();
    let mut gave_up = 0;
    for _ in 0..10 {
        gave_up += deliver(&vault, at).await.gave_up;
        at += time::Duration::hours(7);
    }
    assert_eq!(gave_up, 1);
    let failed = app.notifications("?status=failed").await;
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0]["attempts"], 10);
    assert_eq!(failed[0]["last_status"], Value::Null);
    assert_eq!(failed[0]["last_error"], "connection refused");
    assert!(failed[0]["gave_up_at"].is_string());
    assert_eq!(failed[0]["next_attempt_at"], Value::Null);
    assert_eq!(deliver(&vault, at).await.attempted(), 0);

    // Paging: one at a time, in creation order.
    let page1 = app.notifications(&format!("?subject={id}&limit=1")).await;
    assert_eq!(page1[0]["id"], first["id"]);
    let page2 = app
        .notifications(&format!(
            "?subject={id}&limit=1&after={}",
            page1[0]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(page2[0]["id"], failed[0]["id"]);
}

async fn restriction_lifting_and_erasure_notify_too((app, hook): (TestApp, Receiver)) {
    let vault = vault(&app).await;
    let id = app.create_subject(&jane(721)).await;
    let looked_up = app
        .send(
            "GET",
            "/v1/subjects?type=loyalty_card&value=LC-721",
            Some(&app.client_token("erp")),
            Some("order_fulfilment"),
            None,
        )
        .await;
    assert_eq!(looked_up.status, 200, "{}", looked_up.body);
    assert_eq!(
        app.read_subject("crm", &id, "customer_support")
            .await
            .status,
        200
    );
    let never_read = app.create_subject(&jane(722)).await;

    let restriction = format!("/v1/subjects/{id}/restriction");
    let ground = json!({"reason": "accuracy_contested"});
    app.dpo_call("POST", &restriction, Some(&ground)).await;
    // Restricting again changes nothing, so nobody is told twice.
    app.dpo_call("POST", &restriction, Some(&ground)).await;
    deliver(&vault, OffsetDateTime::now_utc()).await;
    assert_eq!(hits(&hook, 2).await.len(), 2);
    app.dpo_call("DELETE", &restriction, None).await;
    deliver(&vault, OffsetDateTime::now_utc()).await;
    assert_eq!(hits(&hook, 4).await.len(), 4);
    app.dpo_call("DELETE", &format!("/v1/subjects/{id}"), None)
        .await;
    app.dpo_call("DELETE", &format!("/v1/subjects/{never_read}"), None)
        .await;
    // The audit log outlives the erasure, so the recipients are still known.
    deliver(&vault, OffsetDateTime::now_utc()).await;

    let got = hits(&hook, 6).await;
    assert_eq!(got.len(), 6, "{got:?}");
    let listed = app.notifications(&format!("?subject={id}")).await;
    assert_eq!(listed.len(), 6, "{listed:?}");
    assert!(
        listed.iter().all(|n| n["status"] == "delivered"),
        "{listed:?}"
    );
    assert!(app
        .notifications(&format!("?subject={never_read}"))
        .await
        .is_empty());
    let values = personal_values(721);
    for (action, phase) in [
        ("restricted", &got[0..2]),
        ("restriction_lifted", &got[2..4]),
        ("erased", &got[4..6]),
    ] {
        let mut paths: Vec<&str> = phase.iter().map(|h| h.path.as_str()).collect();
        paths.sort_unstable();
        assert_eq!(paths, ["/hook/crm", "/hook/erp"], "{action}");
        for hit in phase {
            let client = hit.path.trim_start_matches("/hook/");
            let n = listed
                .iter()
                .find(|n| n["id"] == hit.notification.as_str())
                .unwrap_or_else(|| panic!("{hit:?} listed"));
            assert_eq!(n["client"], client);
            assert_body(hit, &hit.notification, &id, action, &values);
            assert_signed_for(&app, client, hit);
        }
    }
    let reasons: Vec<Value> = app
        .audit(&format!("?subject={id}"))
        .await
        .into_iter()
        .filter(|e| e["action"] == "notify.enqueued")
        .map(|e| e["reason"].clone())
        .collect();
    assert_eq!(
        reasons,
        [
            json!("restricted"),
            json!("restriction_lifted"),
            json!("erased")
        ]
    );
    assert_eq!(app.verify_audit().await["valid"], true);
}
