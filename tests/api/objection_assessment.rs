//! Issue 17, should-fix 10: an objection to a legitimate-interest purpose that claims
//! compelling grounds (the shipped `fraud_prevention`, `objection_stops = false`) is recorded,
//! not refused; it stops the purpose for the subject until a DPO documents the assessment
//! (Art. 21(1), Art. 18(1)(d)): `overridden` lets processing go on, `upheld` keeps it stopped.

use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, Reply, TestApp};
use custodia::domain::Role;

both_engines!(an_objection_to_fraud_checks_waits_for_the_dpo_assessment);

async fn object(app: &TestApp, id: &str) -> Reply {
    let me = app.token(Role::Subject, id);
    app.send(
        "POST",
        "/v1/me/objections",
        Some(&me),
        None,
        Some(&json!({"purposes": ["fraud_prevention"], "source": "app"})),
    )
    .await
}

async fn assess(app: &TestApp, token: &str, id: &str, body: Value) -> Reply {
    app.send(
        "POST",
        &format!("/v1/subjects/{id}/objections/assessments"),
        Some(token),
        None,
        Some(&body),
    )
    .await
}

async fn an_objection_to_fraud_checks_waits_for_the_dpo_assessment(app: TestApp) {
    let id = app.create_subject(&jane(1731)).await;
    let read = || app.read_subject("crm", &id, "fraud_prevention");
    assert_eq!(read().await.status, 200);

    // Recorded (it used to answer 400), and in force at once.
    let r = object(&app, &id).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["scopes"], json!(["purpose:fraud_prevention"]));
    let r = read().await;
    assert_eq!(
        (r.status, r.body["reason"].as_str()),
        (403, Some("objected"))
    );

    let dpo = app.token(Role::Dpo, "dpo");
    let overridden = json!({"purpose": "fraud_prevention", "outcome": "overridden",
        "grounds": "DPIA 2026-07 §4: chargeback fraud on this account; checks outweigh"});
    // Only a DPO decides.
    let r = assess(&app, &app.client_token("crm"), &id, overridden.clone()).await;
    assert_eq!(r.status, 403, "{}", r.body);
    // Nothing to weigh for a purpose an objection always stops; a bad outcome; no grounds.
    let r = assess(
        &app,
        &dpo,
        &id,
        json!({"purpose": "customer_feedback", "outcome": "maybe", "grounds": " "}),
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let fields: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["/purpose", "/outcome", "/grounds"], "{}", r.body);

    let r = assess(&app, &dpo, &id, overridden.clone()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        r.body,
        json!({"subject": id, "scope": "purpose:fraud_prevention", "outcome": "overridden"})
    );
    assert_eq!(
        read().await.status,
        200,
        "the grounds override the objection"
    );
    // Nothing left to assess.
    let r = assess(&app, &dpo, &id, overridden).await;
    assert_eq!(r.status, 409, "{}", r.body);

    // A new objection stops it again; upheld, it stays stopped.
    assert_eq!(object(&app, &id).await.status, 201);
    assert_eq!(read().await.status, 403);
    let upheld = json!({"purpose": "fraud_prevention", "outcome": "upheld",
        "grounds": "no fraud indicator since 2025: the objection stands"});
    assert_eq!(assess(&app, &dpo, &id, upheld).await.status, 201);
    assert_eq!(read().await.status, 403);

    let entries = app.audit(&format!("?subject={id}")).await;
    let assessed: Vec<&str> = entries
        .iter()
        .filter(|e| e["action"] == "objection.assessed")
        .map(|e| e["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        assessed,
        ["overridden", "no_objection_in_force", "upheld"],
        "{entries:?}"
    );
    assert_eq!(app.verify_audit().await["valid"], true);
}
