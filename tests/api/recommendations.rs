//! Issue 12, recommendations: `GET /v1/subjects/{id}/recommendations` under the
//! personalisation purpose only, from a model of co-purchases and co-views of customers whose
//! personalisation consent stands when it is rebuilt (`Vault::rebuild_recommendations`).

use custodia::domain::Role;
use serde_json::{json, Value};

use crate::events::ago;
use crate::helpers::{both_engines, jane, Reply, TestApp};

both_engines!(
    refused_without_consent_and_for_another_purpose,
    a_recommendation_comes_from_other_consenting_customers_co_purchases,
    a_non_consenting_customers_events_never_contribute,
    already_bought_items_are_left_out_and_the_limit_holds,
    a_withdrawal_refuses_the_very_next_call,
);

async fn recommendations(app: &TestApp, id: &str, purpose: Option<&str>, query: &str) -> Reply {
    app.send(
        "GET",
        &format!("/v1/subjects/{id}/recommendations{query}"),
        Some(&app.client_token("crm")),
        purpose,
        None,
    )
    .await
}

async fn rebuild(app: &TestApp) -> custodia::service::RebuildReport {
    let built = custodia::startup::build_vault(&app.settings).await.unwrap();
    built.vault.rebuild_recommendations().await.unwrap()
}

async fn set_consent(app: &TestApp, id: &str, purpose: &str, status: &str) {
    let mut body = json!({"status": status, "source": "web", "collected_at": ago(0),
        "policy_version": "2026-01"});
    if status == "granted" {
        body["evidence"] = json!({"double_opt_in_ref": "doi-test"});
    }
    let r = app
        .send(
            "PUT",
            &format!("/v1/subjects/{id}/consents/{purpose}"),
            Some(&app.token(Role::Admin, "ops")),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
}

fn event(id: &str, subject: &str, kind: &str, days_ago: i64, properties: Value) -> Value {
    json!({
        "id": id,
        "subject": {"id": subject},
        "type": kind,
        "channel": "web",
        "occurred_at": ago(days_ago),
        "properties": properties,
    })
}

/// A web session of `subject`: views, then the SKUs put in the cart and bought together.
fn bought_together(tag: &str, subject: &str, skus: &[&str], days_ago: i64) -> Vec<Value> {
    let mut out = Vec::new();
    for (i, sku) in skus.iter().enumerate() {
        out.push(event(
            &format!("{tag}-view-{i}"),
            subject,
            "product_view",
            days_ago,
            json!({"sku": sku, "category": "outdoor"}),
        ));
        out.push(event(
            &format!("{tag}-cart-{i}"),
            subject,
            "add_to_cart",
            days_ago,
            json!({"sku": sku, "quantity": 1, "amount": "20.00", "currency": "EUR",
                "category": "outdoor"}),
        ));
    }
    out.push(event(
        &format!("{tag}-buy"),
        subject,
        "purchase",
        days_ago,
        json!({"order_id": format!("O-{tag}"), "amount": "40.00", "currency": "EUR",
            "items": skus.len(), "category": "outdoor"}),
    ));
    out
}

/// A customer with personalisation consent (and `tag` in their details).
async fn consenting(app: &TestApp, tag: u32) -> String {
    let id = app.create_subject(&jane(tag)).await;
    set_consent(app, &id, "personalisation", "granted").await;
    id
}

/// The audit entries of recommendation reads of `id`.
async fn reads_audited(app: &TestApp, id: &str) -> Vec<Value> {
    let mut entries = app.audit(&format!("?subject={id}")).await;
    entries.retain(|e| e["action"] == "recommendations.read");
    entries
}

fn skus(r: &Reply) -> Vec<String> {
    r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["sku"].as_str().unwrap().to_owned())
        .collect()
}

async fn refused_without_consent_and_for_another_purpose(app: TestApp) {
    let id = app.create_subject(&jane(1201)).await;
    set_consent(&app, &id, "email_marketing", "granted").await;
    // No personalisation consent: 403 no_consent, audited.
    let r = recommendations(&app, &id, Some("personalisation"), "").await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.body["code"], "access-denied", "{}", r.body);
    assert_eq!(r.body["reason"], "no_consent", "{}", r.body);
    let audit = reads_audited(&app, &id).await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(audit[0]["decision"], "denied");
    assert_eq!(audit[0]["reason"], "no_consent");
    // A purpose the client may use but that does not recommend, even one consented to: 400.
    for purpose in ["email_marketing", "order_fulfilment"] {
        let r = recommendations(&app, &id, Some(purpose), "").await;
        assert_eq!(r.status, 400, "{purpose}: {}", r.body);
        assert_eq!(r.body["code"], "validation-failed", "{}", r.body);
        assert_eq!(r.body["errors"][0]["field"], "X-Purpose", "{}", r.body);
    }
    let audit = reads_audited(&app, &id).await;
    assert!(
        audit
            .iter()
            .filter(|e| e["reason"] == "purpose_does_not_recommend")
            .count()
            == 2,
        "{audit:?}"
    );
    // A client not registered for personalisation; no purpose; an unknown one.
    let r = app
        .send(
            "GET",
            &format!("/v1/subjects/{id}/recommendations"),
            Some(&app.client_token("mailer")),
            Some("personalisation"),
            None,
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.body["reason"], "purpose_not_allowed_for_client");
    let r = recommendations(&app, &id, None, "").await;
    assert_eq!(r.body["code"], "missing-purpose", "{}", r.body);
    let r = recommendations(&app, &id, Some("horoscopes"), "").await;
    assert_eq!(r.body["code"], "unknown-purpose", "{}", r.body);
    // Other roles may not ask; limits outside 1 to 50 are refused.
    let r = app
        .send(
            "GET",
            &format!("/v1/subjects/{id}/recommendations"),
            Some(&app.token(Role::Dpo, "dpo")),
            Some("personalisation"),
            None,
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    for q in ["?limit=0", "?limit=51", "?limit=ten", "?top=3"] {
        let r = recommendations(&app, &id, Some("personalisation"), q).await;
        assert_eq!(r.status, 400, "{q}: {}", r.body);
        assert_eq!(r.body["code"], "invalid-request", "{}", r.body);
    }
    // Someone who does not exist.
    let r = recommendations(
        &app,
        "6f1c2d9e-8a4b-4c3e-9f7a-2b5d8e1c0a93",
        Some("personalisation"),
        "",
    )
    .await;
    assert_eq!(r.status, 404, "{}", r.body);
}

async fn a_recommendation_comes_from_other_consenting_customers_co_purchases(app: TestApp) {
    let jane_id = consenting(&app, 1211).await;
    app.ingest(bought_together("j", &jane_id, &["SKU-A"], 3))
        .await;
    // Two other customers bought SKU-A with SKU-X.
    for (n, tag) in [(1212, "b"), (1213, "c")] {
        let other = consenting(&app, n).await;
        app.ingest(bought_together(tag, &other, &["SKU-A", "SKU-X"], 5))
            .await;
    }
    // Nothing before the model is built: it is never computed per request.
    let r = recommendations(&app, &jane_id, Some("personalisation"), "").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["items"], json!([]), "{}", r.body);

    let report = rebuild(&app).await;
    assert_eq!(report.customers, 3, "{report:?}");
    let r = recommendations(&app, &jane_id, Some("personalisation"), "").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["items"],
        json!([{"sku": "SKU-X", "category": "outdoor", "score": 6, "because": ["bought SKU-A"]}]),
        "{}",
        r.body
    );
    assert_eq!(r.body["purpose"], "personalisation");
    // Audited as a read of the customer's behaviour.
    let audit = reads_audited(&app, &jane_id).await;
    assert!(
        audit.iter().any(|e| e["decision"] == "allowed"),
        "{audit:?}"
    );
    // The model holds SKUs and weights only: nothing that names a pseudonym or a subject.
    assert_eq!(
        app.count(true, "SELECT COUNT(*) FROM item_pairs").await,
        2,
        "SKU-A ↔ SKU-X, both directions"
    );
    assert_eq!(
        app.count(
            true,
            "SELECT COUNT(*) FROM item_pairs WHERE sku NOT LIKE 'SKU-%' \
             OR other_sku NOT LIKE 'SKU-%'"
        )
        .await,
        0
    );
    assert_eq!(
        app.count(
            true,
            "SELECT COUNT(*) FROM item_categories WHERE sku NOT LIKE 'SKU-%'"
        )
        .await,
        0
    );
}

async fn a_non_consenting_customers_events_never_contribute(app: TestApp) {
    let jane_id = consenting(&app, 1221).await;
    app.ingest(bought_together("j", &jane_id, &["SKU-A"], 3))
        .await;
    for (n, tag) in [(1222, "b"), (1223, "c")] {
        let other = consenting(&app, n).await;
        app.ingest(bought_together(tag, &other, &["SKU-A", "SKU-X"], 5))
            .await;
    }
    rebuild(&app).await;
    let before = recommendations(&app, &jane_id, Some("personalisation"), "").await;
    assert_eq!(before.status, 200, "{}", before.body);
    assert_eq!(skus(&before), ["SKU-X"], "{}", before.body);

    // The same purchases, and more, by customers without personalisation consent: two who
    // consented to targeted advertising only (their events are collected, not for this
    // purpose), two who consented and withdrew (their events were collected for it).
    for (n, tag) in [(1224, "t1"), (1225, "t2")] {
        let other = app.create_subject(&jane(n)).await;
        set_consent(&app, &other, "targeted_advertising", "granted").await;
        let body = app
            .ingest(bought_together(
                tag,
                &other,
                &["SKU-A", "SKU-X", "SKU-Y"],
                4,
            ))
            .await;
        assert_eq!(body["rejected"], 0, "{body}");
    }
    for (n, tag) in [(1226, "w1"), (1227, "w2")] {
        let other = consenting(&app, n).await;
        app.ingest(bought_together(
            tag,
            &other,
            &["SKU-A", "SKU-X", "SKU-Z"],
            4,
        ))
        .await;
        set_consent(&app, &other, "personalisation", "withdrawn").await;
    }
    let report = rebuild(&app).await;
    assert_eq!(report.customers, 3, "{report:?}");
    let after = recommendations(&app, &jane_id, Some("personalisation"), "").await;
    assert_eq!(after.status, 200, "{}", after.body);
    assert_eq!(after.body["items"], before.body["items"], "{}", after.body);
    assert_eq!(
        app.count(
            true,
            "SELECT COUNT(*) FROM item_pairs WHERE sku IN ('SKU-Y', 'SKU-Z') \
             OR other_sku IN ('SKU-Y', 'SKU-Z')"
        )
        .await,
        0
    );
}

async fn already_bought_items_are_left_out_and_the_limit_holds(app: TestApp) {
    let jane_id = consenting(&app, 1231).await;
    // Jane bought SKU-A and SKU-X together last week, and viewed SKU-V.
    let mut own = bought_together("j", &jane_id, &["SKU-A", "SKU-X"], 7);
    own.push(event(
        "j-view-v",
        &jane_id,
        "product_view",
        1,
        json!({"sku": "SKU-V", "category": "garden"}),
    ));
    app.ingest(own).await;
    for (n, tag) in [(1232, "b"), (1233, "c")] {
        let other = consenting(&app, n).await;
        let mut events = bought_together(tag, &other, &["SKU-A", "SKU-X", "SKU-Y"], 5);
        events.extend(bought_together(
            &format!("{tag}2"),
            &other,
            &["SKU-A", "SKU-Z"],
            2,
        ));
        events.push(event(
            &format!("{tag}-view-v"),
            &other,
            "product_view",
            1,
            json!({"sku": "SKU-V", "category": "garden"}),
        ));
        app.ingest(events).await;
    }
    rebuild(&app).await;
    let r = recommendations(&app, &jane_id, Some("personalisation"), "").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let got = skus(&r);
    assert!(!got.contains(&"SKU-A".to_owned()), "bought: {}", r.body);
    assert!(!got.contains(&"SKU-X".to_owned()), "bought: {}", r.body);
    assert_eq!(got[0], "SKU-Y", "{}", r.body);
    assert!(got.contains(&"SKU-Z".to_owned()), "{}", r.body);
    let y = &r.body["items"][0];
    assert_eq!(
        y["because"],
        json!(["bought SKU-A", "bought SKU-X", "viewed SKU-V"]),
        "{}",
        r.body
    );
    // Scores are summed weights, best first.
    let scores: Vec<i64> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["score"].as_i64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let r = recommendations(&app, &jane_id, Some("personalisation"), "?limit=1").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(skus(&r), ["SKU-Y"], "{}", r.body);
}

async fn a_withdrawal_refuses_the_very_next_call(app: TestApp) {
    let jane_id = consenting(&app, 1241).await;
    app.ingest(bought_together("j", &jane_id, &["SKU-A"], 3))
        .await;
    let r = recommendations(&app, &jane_id, Some("personalisation"), "?limit=5").await;
    assert_eq!(r.status, 200, "{}", r.body);
    set_consent(&app, &jane_id, "personalisation", "withdrawn").await;
    let r = recommendations(&app, &jane_id, Some("personalisation"), "?limit=5").await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.body["reason"], "consent_withdrawn", "{}", r.body);
}
