//! Disclosure control (issue 19): no route tells an ordinary client token who is a customer,
//! who objected or was restricted, or how many people a small cell holds.

use custodia::domain::Role;
use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, TestApp};
use crate::merge::now;

both_engines!(
    metrics_are_for_operators_and_name_no_refusal_reason,
    identifier_events_answer_alike_for_everyone_the_caller_may_not_see,
    audit_search_and_subject_tokens_use_one_spelling_of_an_id,
    out_of_range_money_conditions_are_refused,
);

async fn metrics_are_for_operators_and_name_no_refusal_reason(app: TestApp) {
    let id = app.create_subject(&jane(401)).await;
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/objections"),
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            Some(&json!({"purposes": ["customer_feedback"], "source": "email"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    // The look-up hides the objected customer…
    let r = app
        .send(
            "GET",
            "/v1/subjects?type=email&value=Jane.Quillfeather.401@Example.com",
            Some(&app.client_token("crm")),
            Some("customer_feedback"),
            None,
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);

    // …and the metrics page does not give it away: it needs an operator's token, and counts
    // decisions by action and result only.
    assert_eq!(
        app.send("GET", "/metrics", None, None, None).await.status,
        401
    );
    let crm = app.client_token("crm");
    assert_eq!(
        app.send("GET", "/metrics", Some(&crm), None, None)
            .await
            .status,
        403
    );
    let admin = app.token(Role::Admin, "ops");
    let r = app.send("GET", "/metrics", Some(&admin), None, None).await;
    assert_eq!(r.status, 200);
    assert!(
        r.text.contains(
            "custodia_access_decisions_total{action=\"subject.lookup\",decision=\"denied\"}"
        ),
        "{}",
        r.text
    );
    assert!(!r.text.contains("reason="), "{}", r.text);
    assert!(!r.text.contains("objected"), "{}", r.text);
    // The real reason is where the DPO looks.
    let trail = app.audit(&format!("?subject={id}")).await;
    assert!(trail
        .iter()
        .any(|e| e["action"] == "subject.lookup" && e["reason"] == "objected"));
}

fn click(n: u32, email: &str) -> Value {
    json!({"id": format!("click-{n}"), "subject": {"identifier": {"type": "email", "value": email}},
        "type": "email_click", "channel": "email", "occurred_at": now(),
        "properties": {"campaign_id": "spring"}})
}

/// Defect 2: per-event answers told unknown, restricted and unconsented people apart.
async fn identifier_events_answer_alike_for_everyone_the_caller_may_not_see(app: TestApp) {
    // Subscribed: the mailer may see her.
    let subscribed = app.create_subject(&jane(402)).await;
    app.decide(&subscribed, "email_marketing", "granted").await;
    // Never consented: no purpose of the mailer's may see her.
    let stranger = app.create_subject(&jane(403)).await;
    // Consented, then restricted.
    let restricted = app.create_subject(&jane(404)).await;
    app.decide(&restricted, "email_marketing", "granted").await;
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{restricted}/restriction"),
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            Some(&json!({"reason": "accuracy_contested"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    let events = vec![
        click(1, "Jane.Quillfeather.402@Example.com"),
        click(2, "Jane.Quillfeather.403@Example.com"),
        click(3, "Jane.Quillfeather.404@Example.com"),
        click(4, "nobody.at.all.405@example.com"),
    ];
    let r = app
        .send(
            "POST",
            "/v1/events",
            Some(&app.client_token("mailer")),
            None,
            Some(&json!({ "events": events })),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(results[0]["status"], "accepted", "{}", r.body);
    let refusals: Vec<(Value, Value)> = results[1..]
        .iter()
        .map(|e| (e["status"].clone(), e["reason"].clone()))
        .collect();
    // The stranger, the restricted customer and the address nobody has: one answer.
    for refusal in &refusals {
        assert_eq!(refusal, &refusals[0], "{}", r.body);
    }
    assert_eq!(refusals[0].1, json!("not_collected"), "{}", r.body);
    assert_eq!(r.body["accepted"], 1);
    // Nothing was stored for them; the audit log keeps the real reasons.
    assert_eq!(app.count(true, "SELECT COUNT(*) FROM events").await, 1);
    let stranger_trail = app.audit(&format!("?subject={stranger}")).await;
    assert!(stranger_trail
        .iter()
        .any(|e| e["action"] == "events.ingest" && e["reason"] == "not_visible_to_caller"));
    let restricted_trail = app.audit(&format!("?subject={restricted}")).await;
    assert!(restricted_trail
        .iter()
        .any(|e| e["action"] == "events.ingest" && e["decision"] == "denied"));
}

/// Defect 4: an id spelled another way found nothing, and subject tokens kept that spelling.
async fn audit_search_and_subject_tokens_use_one_spelling_of_an_id(app: TestApp) {
    let id = app.create_subject(&jane(406)).await;
    let upper = id.to_uppercase();
    let me = app.token(Role::Subject, &upper);
    let r = app
        .send("GET", "/v1/me/consents", Some(&me), None, None)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let canonical = app.audit(&format!("?subject={id}")).await;
    assert!(!canonical.is_empty(), "{canonical:?}");
    for spelling in [upper.clone(), format!("%7B{id}%7D"), id.replace('-', "")] {
        let found = app.audit(&format!("?subject={spelling}")).await;
        assert_eq!(found, canonical, "{spelling}");
    }
    // The customer's own request is audited under the canonical id, as actor too.
    let as_actor = app.audit(&format!("?client={upper}")).await;
    assert!(!as_actor.is_empty());
    assert!(
        as_actor.iter().all(|e| e["actor"]["id"] == json!(id)),
        "{as_actor:?}"
    );
}

/// Defect 5: a huge amount wrapped around (release) or panicked (debug).
async fn out_of_range_money_conditions_are_refused(app: TestApp) {
    for amount in ["99999999999999999.99", "1e9", "-1"] {
        let r = app
            .send(
                "POST",
                "/v1/segments/query",
                Some(&app.client_token("crm")),
                Some("order_fulfilment"),
                Some(&json!({"conditions": {"min_revenue": amount}})),
            )
            .await;
        assert_eq!(r.status, 400, "{amount}: {}", r.body);
        assert_eq!(r.body["errors"][0]["field"], "/conditions/min_revenue");
    }
}
