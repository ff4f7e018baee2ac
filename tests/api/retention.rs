//! Retention: events and personal fields past every purpose's retention period are deleted,
//! exactly those, with a clock the test controls (`run_retention(now)`), on a policy whose
//! retention periods are shrunk to days.

use std::collections::BTreeSet;

use custodia::auth::Principal;
use custodia::domain::{Role, SubjectId};
use custodia::service::{Caller, RetentionReport, ServiceError, Vault};
use custodia::store::VaultStore;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::helpers::{both_engines, jane, spawn_app_with_policy, Engine, TestApp};

both_engines!(
    spawn = crate::retention::spawn;
    events_past_every_serving_purpose_are_deleted_and_nothing_else,
    fields_past_every_purpose_since_last_activity_are_deleted_and_nothing_else,
    retention_limits_by_what_applies_and_pauses_under_restriction,
);

/// Retention days of the test policy. Events are kept by the purposes they were collected
/// for: a page view collected for personalisation (the only consent given) 30 days, a purchase
/// 200 (accounting), an email click for email marketing 20, a support contact 50. Fields: birth_date 40 (analytics), language 50,
/// identifiers.email/phone/loyalty_card 60, email/phone/pos_customer 100, names and address 200.
const RETENTION: [(&str, u32); 10] = [
    ("order_fulfilment", 100),
    ("customer_support", 50),
    ("email_marketing", 20),
    ("sms_marketing", 20),
    ("personalisation", 30),
    ("targeted_advertising", 10),
    ("analytics", 40),
    ("customer_feedback", 30),
    ("fraud_prevention", 60),
    ("accounting", 200),
];

async fn spawn(engine: Engine) -> Option<TestApp> {
    spawn_app_with_policy(engine, |dir| {
        let path = dir.join("purposes.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut current = String::new();
        let mut replaced = 0;
        let lines: Vec<String> = text
            .lines()
            .map(|line| {
                if let Some(id) = line.strip_prefix("id = ") {
                    current = id.trim_matches('"').to_owned();
                }
                if line.starts_with("retention_days") {
                    let days = RETENTION
                        .iter()
                        .find(|(p, _)| *p == current)
                        .map(|(_, d)| *d)
                        .unwrap_or_else(|| panic!("no test retention for {current}"));
                    replaced += 1;
                    return format!("retention_days = {days}");
                }
                line.to_owned()
            })
            .collect();
        assert_eq!(
            replaced,
            RETENTION.len(),
            "every purpose gets a test retention"
        );
        // Periods from the event itself, so the expectations do not depend on the date (the
        // end-of-year rule has its unit test in service::retention).
        let text = (lines.join("\n") + "\n").replace("retention_from_year_end = true\n", "");
        std::fs::write(&path, text).unwrap();
    })
    .await
}

/// A second handle on the app's databases, and the time every test measures from: now,
/// on a whole second, one second back (so events at `base` are not in the future).
async fn vault_of(app: &TestApp) -> (Vault, VaultStore, OffsetDateTime) {
    let built = custodia::startup::build_vault(&app.settings).await.unwrap();
    let store = VaultStore::new(built.vault_db.clone());
    let base = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap() - Duration::seconds(1);
    (built.vault, store, base)
}

fn micros(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap()
}

async fn run(
    vault: &Vault,
    role: Role,
    now: OffsetDateTime,
) -> Result<RetentionReport, ServiceError> {
    let principal = Principal {
        id: "retention".into(),
        role,
    };
    let caller = Caller {
        principal: &principal,
        request_id: "retention-test",
    };
    vault.run_retention(&caller, now).await
}

fn counts(pairs: &[(&str, u64)]) -> std::collections::BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

fn event(id: &str, subject: &str, kind: &str, at: OffsetDateTime, properties: Value) -> Value {
    json!({
        "id": id,
        "subject": {"id": subject},
        "type": kind,
        "channel": "web",
        "occurred_at": at.format(&Rfc3339).unwrap(),
        "properties": properties,
    })
}

fn purchase(id: &str, subject: &str, at: OffsetDateTime, amount: &str) -> Value {
    event(
        id,
        subject,
        "purchase",
        at,
        json!({"order_id": format!("O-{id}"), "amount": amount, "currency": "EUR"}),
    )
}

fn page_view(id: &str, subject: &str, at: OffsetDateTime) -> Value {
    event(id, subject, "page_view", at, json!({"path": "/shoes"}))
}

async fn ingest(app: &TestApp, events: Vec<Value>) {
    let n = events.len();
    let r = app
        .send(
            "POST",
            "/v1/events",
            Some(&app.client_token("crm")),
            None,
            Some(&json!({ "events": events })),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["accepted"], n, "{}", r.body);
}

/// The client event ids of every event stored for a subject, as the DPO's export (Art. 15)
/// lists them.
async fn event_ids(app: &TestApp, id: &str) -> BTreeSet<String> {
    let r = app
        .send(
            "GET",
            &format!("/v1/subjects/{id}/export"),
            Some(&app.token(custodia::domain::Role::Dpo, "dpo")),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn orders(app: &TestApp, id: &str) -> Value {
    let r = app
        .send(
            "GET",
            &format!("/v1/subjects/{id}/profile"),
            Some(&app.client_token("erp")),
            Some("accounting"),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    json!([r.body["orders"]["count"], r.body["orders"]["revenue"]])
}

/// Orders and revenue (cents) over every customer's aggregates, whatever the purpose.
async fn stored_orders(app: &TestApp) -> (i64, i64) {
    (
        app.count(
            true,
            "SELECT CAST(SUM(order_count) AS BIGINT) FROM pseudonym_profiles",
        )
        .await,
        app.count(
            true,
            "SELECT CAST(SUM(revenue_cents) AS BIGINT) FROM pseudonym_profiles",
        )
        .await,
    )
}

/// The reasons of the retention audit entries, in order; each must carry no subject, and
/// only a refusal is `denied`.
async fn retention_audit(app: &TestApp) -> Vec<String> {
    app.audit("?client=retention&limit=1000")
        .await
        .iter()
        .map(|e| {
            assert_eq!(e["action"], "retention.delete", "{e}");
            assert_eq!(e["subject"], Value::Null, "{e}");
            let reason = e["reason"].as_str().unwrap().to_owned();
            let refused = reason == "role_not_allowed";
            assert_eq!(e["decision"] == "denied", refused, "{e}");
            reason
        })
        .collect()
}

fn ids(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

async fn events_past_every_serving_purpose_are_deleted_and_nothing_else(app: TestApp) {
    let (vault, _, base) = vault_of(&app).await;
    let day = |n: i64| base - Duration::days(n);
    let a = app.create_subject(&jane(90)).await;
    let b = app.create_subject(&jane(91)).await;
    // Web tracking and email clicks are collected only with consent (ePrivacy).
    for (id, purpose) in [
        (&a, "personalisation"),
        (&a, "email_marketing"),
        (&b, "personalisation"),
    ] {
        app.grant(id, purpose).await;
    }
    ingest(
        &app,
        vec![
            page_view("a-pv-old", &a, day(45)),
            page_view("a-pv-edge", &a, day(30)),
            page_view("a-pv-mid", &a, day(25)),
            purchase("a-buy-old", &a, day(250), "30.00"),
            purchase("a-buy-mid", &a, day(150), "20.00"),
            purchase("a-buy-new", &a, day(5), "10.00"),
            event(
                "a-click-old",
                &a,
                "email_click",
                day(41),
                json!({"campaign_id": "C-1"}),
            ),
            event(
                "a-support",
                &a,
                "support_contact",
                day(45),
                json!({"topic": "delivery"}),
            ),
            page_view("b-pv-old", &b, day(100)),
            purchase("b-buy", &b, day(10), "5.00"),
        ],
    )
    .await;
    // Accounting reads its own 200 days: not the purchase of 250 days ago.
    assert_eq!(orders(&app, &a).await, json!([2, "30.00"]));
    assert_eq!(stored_orders(&app).await, (4, 6_500));

    // Only admins and DPOs may run it; a client's attempt deletes nothing.
    assert!(matches!(
        run(&vault, Role::Client, base).await,
        Err(ServiceError::RoleNotAllowed)
    ));
    assert_eq!(event_ids(&app, &a).await.len(), 8);

    let report = run(&vault, Role::Admin, base).await.unwrap();
    assert_eq!(
        report,
        RetentionReport {
            events_deleted: counts(&[("email_click", 1), ("page_view", 2), ("purchase", 1)]),
            fields_deleted: counts(&[]),
            pseudonyms_rebuilt: 2,
            purpose_profiles_refreshed: 0,
            blocked_erasures_completed: 0,
            proof_records_deleted: 0,
            suppression_entries_deleted: 0,
        }
    );
    assert_eq!(
        event_ids(&app, &a).await,
        ids(&[
            "a-pv-edge",
            "a-pv-mid",
            "a-buy-mid",
            "a-buy-new",
            "a-support"
        ])
    );
    assert_eq!(event_ids(&app, &b).await, ids(&["b-buy"]));
    // Aggregates were rebuilt from what is left.
    assert_eq!(stored_orders(&app).await, (3, 3_500));
    assert_eq!(orders(&app, &a).await, json!([2, "30.00"]));
    assert_eq!(orders(&app, &b).await, json!([1, "5.00"]));

    // An event exactly at the cut-off stays; one microsecond later it is past it.
    let later = base + Duration::microseconds(1);
    let report = run(&vault, Role::Admin, later).await.unwrap();
    assert_eq!(report.events_deleted, counts(&[("page_view", 1)]));
    assert_eq!(report.pseudonyms_rebuilt, 1);
    assert_eq!(
        event_ids(&app, &a).await,
        ids(&["a-pv-mid", "a-buy-mid", "a-buy-new", "a-support"])
    );

    // Nothing more is due at the same time: a second run deletes and audits nothing.
    assert_eq!(
        run(&vault, Role::Admin, later).await.unwrap(),
        RetentionReport::default()
    );
    assert_eq!(
        retention_audit(&app).await,
        [
            "role_not_allowed",
            "event_type=email_click count=1 retention_days=20",
            "event_type=page_view count=2 retention_days=30",
            "event_type=purchase count=1 retention_days=200",
            "event_type=page_view count=1 retention_days=30",
        ]
    );
    assert_eq!(app.verify_audit().await["valid"], true);
}

/// Sets a subject's `updated_at_us`, as if it was created (or last changed) at `at`.
async fn last_updated(app: &TestApp, id: &str, at: OffsetDateTime) {
    let subject: SubjectId = id.parse().unwrap();
    let key = match app.engine {
        Engine::Sqlite => format!("X'{}'", hex::encode(subject.as_bytes())),
        Engine::Postgres => format!("'{id}'"),
    };
    app.vault_sql(&format!(
        "UPDATE subjects SET updated_at_us = {} WHERE id = {key}",
        micros(at)
    ))
    .await;
}

/// The field names and identifier types a subject holds (`None`: no subject row).
async fn held(store: &VaultStore, id: &str) -> Option<(BTreeSet<String>, BTreeSet<String>)> {
    let record = store.load_subject(&id.parse().unwrap()).await.unwrap()?;
    Some((
        record.fields.into_iter().map(|(f, _)| f).collect(),
        record
            .identifiers
            .into_iter()
            .map(|(t, _)| t.name().to_owned())
            .collect(),
    ))
}

const ALL_FIELDS: [&str; 10] = [
    "email",
    "phone",
    "first_name",
    "last_name",
    "birth_date",
    "language",
    "address.line1",
    "address.postal_code",
    "address.city",
    "address.country",
];
const ALL_IDENTIFIERS: [&str; 4] = ["email", "phone", "loyalty_card", "pos_customer"];

async fn fields_past_every_purpose_since_last_activity_are_deleted_and_nothing_else(app: TestApp) {
    let (vault, store, base) = vault_of(&app).await;
    let day = |n: i64| base - Duration::days(n);
    let everything = Some((ids(&ALL_FIELDS), ids(&ALL_IDENTIFIERS)));

    // Last active 70 days ago: past birth_date (40), language (50) and the email, phone and
    // loyalty card identifiers (60); within email, phone, pos_customer (100), names, address.
    let e = app.create_subject(&jane(100)).await;
    last_updated(&app, &e, day(70)).await;
    // Same, but bought something 10 days ago: active, nothing goes.
    let f = app.create_subject(&jane(101)).await;
    last_updated(&app, &f, day(70)).await;
    ingest(&app, vec![purchase("f-buy", &f, day(10), "9.00")]).await;
    // Not changed for 300 days, but recorded a consent decision today: active.
    let g = app.create_subject(&jane(102)).await;
    let r = app
        .send(
            "PUT",
            &format!("/v1/subjects/{g}/consents/email_marketing"),
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"status": "granted", "source": "web",
                "collected_at": base.format(&Rfc3339).unwrap(), "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    last_updated(&app, &g, day(300)).await;
    // Nothing for 300 days: every field and identifier goes, the subject stays.
    let h = app.create_subject(&jane(103)).await;
    last_updated(&app, &h, day(300)).await;
    // Exactly at birth_date's cut-off: kept now, past it one microsecond later.
    let edge = app.create_subject(&jane(104)).await;
    last_updated(&app, &edge, day(40)).await;

    let report = run(&vault, Role::Dpo, base).await.unwrap();
    assert_eq!(
        report,
        RetentionReport {
            events_deleted: counts(&[]),
            fields_deleted: counts(&[
                ("address.city", 1),
                ("address.country", 1),
                ("address.line1", 1),
                ("address.postal_code", 1),
                ("birth_date", 2),
                ("email", 1),
                ("first_name", 1),
                ("identifiers.email", 2),
                ("identifiers.loyalty_card", 2),
                ("identifiers.phone", 2),
                ("identifiers.pos_customer", 1),
                ("language", 2),
                ("last_name", 1),
                ("phone", 1),
            ]),
            pseudonyms_rebuilt: 0,
            purpose_profiles_refreshed: 0,
            blocked_erasures_completed: 0,
            proof_records_deleted: 0,
            suppression_entries_deleted: 0,
        }
    );
    assert_eq!(
        held(&store, &e).await,
        Some((
            ids(&[
                "email",
                "phone",
                "first_name",
                "last_name",
                "address.line1",
                "address.postal_code",
                "address.city",
                "address.country",
            ]),
            ids(&["pos_customer"]),
        ))
    );
    assert_eq!(held(&store, &f).await, everything);
    assert_eq!(held(&store, &g).await, everything);
    assert_eq!(held(&store, &h).await, Some((ids(&[]), ids(&[]))));
    assert_eq!(held(&store, &edge).await, everything);
    // F's purchase is within its own retention and stays.
    assert_eq!(event_ids(&app, &f).await, ids(&["f-buy"]));

    // Over HTTP: E's email identifier is gone, so the look-up by email finds nobody, while
    // its email field is still there for the purposes that keep it.
    let r = app
        .send(
            "GET",
            "/v1/subjects?type=email&value=jane.quillfeather.100@example.com",
            Some(&app.client_token("crm")),
            Some("order_fulfilment"),
            None,
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    let r = app.read_subject("crm", &e, "order_fulfilment").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"]["email"], "Jane.Quillfeather.100@Example.com");
    // H still exists (this is not erasure), with nothing left to show.
    let r = app.read_subject("crm", &h, "order_fulfilment").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"], json!({}), "{}", r.body);

    let later = base + Duration::microseconds(1);
    let report = run(&vault, Role::Dpo, later).await.unwrap();
    assert_eq!(report.fields_deleted, counts(&[("birth_date", 1)]));
    let mut without_birth_date = ids(&ALL_FIELDS);
    without_birth_date.remove("birth_date");
    assert_eq!(
        held(&store, &edge).await,
        Some((without_birth_date, ids(&ALL_IDENTIFIERS)))
    );
    assert_eq!(
        run(&vault, Role::Dpo, later).await.unwrap(),
        RetentionReport::default()
    );

    let audit = retention_audit(&app).await;
    assert_eq!(audit.len(), 15, "{audit:?}");
    assert_eq!(audit[0], "field=address.city count=1 retention_days=200");
    assert_eq!(audit[4], "field=birth_date count=2 retention_days=40");
    assert_eq!(
        audit[7],
        "field=identifiers.email count=2 retention_days=60"
    );
    assert_eq!(audit[14], "field=birth_date count=1 retention_days=40");
    assert_eq!(app.verify_audit().await["valid"], true);
}

/// Issue 17, must-fix 5: only the purposes that apply to the subject keep their data, a
/// decision other than a grant does not restart the clock, and a restriction (Art. 18) pauses
/// deletion of fields and events.
async fn retention_limits_by_what_applies_and_pauses_under_restriction(app: TestApp) {
    let (vault, store, base) = vault_of(&app).await;
    let day = |n: i64| base - Duration::days(n);
    let holds_birth_date = |id: String| {
        let store = store.clone();
        async move { held(&store, &id).await.unwrap().0.contains("birth_date") }
    };
    // Birth date: only analytics lists it (40 days in the test policy).
    let kept = app.create_subject(&jane(95)).await;
    let objected = app.create_subject(&jane(96)).await;
    let refused = app.create_subject(&jane(97)).await;
    let restricted = app.create_subject(&jane(98)).await;
    let dpo = app.token(Role::Dpo, "dpo");
    // An objection to analytics: nothing applies that keeps the birth date.
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{objected}/objections"),
            Some(&dpo),
            None,
            Some(&json!({"purposes": ["analytics"], "source": "email"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    // A refusal recorded today is no activity: the clock is not restarted.
    let r = app
        .send(
            "PUT",
            &format!("/v1/subjects/{refused}/consents/email_marketing"),
            Some(&app.client_token("mailer")),
            None,
            Some(&json!({"status": "refused", "source": "email",
                "collected_at": (base - Duration::minutes(1)).format(&Rfc3339).unwrap(),
                "policy_version": "2026-01"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    // Restricted, with a purchase past accounting's 200 days.
    ingest(
        &app,
        vec![purchase("r-buy", &restricted, day(250), "10.00")],
    )
    .await;
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{restricted}/restriction"),
            Some(&dpo),
            None,
            Some(&json!({"reason": "legal_claims"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    for (id, inactive) in [
        (&kept, 35),
        (&objected, 35),
        (&refused, 45),
        (&restricted, 45),
    ] {
        last_updated(&app, id, day(inactive)).await;
    }

    run(&vault, Role::Admin, base).await.unwrap();
    assert!(
        holds_birth_date(kept.clone()).await,
        "within analytics' 40 days"
    );
    assert!(
        !holds_birth_date(objected.clone()).await,
        "no purpose applies"
    );
    assert!(
        !holds_birth_date(refused.clone()).await,
        "a refusal is no activity"
    );
    assert!(
        holds_birth_date(restricted.clone()).await,
        "paused by the restriction"
    );
    assert_eq!(event_ids(&app, &restricted).await, ids(&["r-buy"]));

    // Lifted: the next run deletes what is due.
    let r = app
        .send(
            "DELETE",
            &format!("/v1/subjects/{restricted}/restriction"),
            Some(&dpo),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    last_updated(&app, &restricted, day(45)).await;
    run(&vault, Role::Admin, base).await.unwrap();
    assert!(!holds_birth_date(restricted.clone()).await);
    assert!(event_ids(&app, &restricted).await.is_empty());
}
