//! Issue 17, should-fix 8: profiling (RFM scores, ABC classes, favourite categories) only for
//! purposes flagged `profiling` with a consent or legitimate-interest basis, never under a
//! contract purpose; product categories marked sensitive never feed a profile.

use serde_json::{json, Value};

use crate::events::purchase;
use crate::helpers::{both_engines, jane, Reply, TestApp};

both_engines!(
    profiles_are_built_only_for_profiling_purposes,
    sensitive_categories_never_feed_a_profile,
);

async fn profile(app: &TestApp, id: &str, purpose: &str) -> Reply {
    app.send(
        "GET",
        &format!("/v1/subjects/{id}/profile"),
        Some(&app.client_token("crm")),
        Some(purpose),
        None,
    )
    .await
}

fn bought(id: &str, n: usize, category: &str, tag: &str) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let mut e = purchase(
                &format!("{tag}-{i}"),
                json!({"id": id}),
                "25.00",
                3 + i as i64,
            );
            e["properties"]["category"] = json!(category);
            e
        })
        .collect()
}

async fn profiles_are_built_only_for_profiling_purposes(app: TestApp) {
    let id = app.create_subject(&jane(1751)).await;
    app.grant(&id, "personalisation").await;
    app.ingest(bought(&id, 3, "shoes", "a")).await;
    // Customer support (contract): the orders, no scores, no favourites.
    let r = profile(&app, &id, "customer_support").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["orders"]["count"], 3, "{}", r.body);
    assert_eq!(r.body["rfm"], Value::Null, "{}", r.body);
    assert_eq!(r.body["favourite_categories"], Value::Null, "{}", r.body);
    // Personalisation (consent, profiling): scores and favourites.
    let r = profile(&app, &id, "personalisation").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["rfm"]["segment"].is_string(), "{}", r.body);
    assert_eq!(r.body["favourite_categories"][0]["category"], "shoes");
    // Segments on RFM scores: refused for a contract purpose, answered for a profiling one.
    let query = json!({"conditions": {"rfm_segments": ["champions", "loyal", "new"]}});
    let r = app.segment("crm", "order_fulfilment", query.clone()).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.text.contains("profile people"), "{}", r.body);
    let r = app.segment("crm", "personalisation", query).await;
    assert_eq!(r.status, 200, "{}", r.body);
}

async fn sensitive_categories_never_feed_a_profile(app: TestApp) {
    let id = app.create_subject(&jane(1752)).await;
    app.grant(&id, "personalisation").await;
    let mut events = bought(&id, 4, "Pharmacy", "p");
    events.extend(bought(&id, 1, "shoes", "s"));
    assert_eq!(app.ingest(events).await["accepted"], 5);
    let r = profile(&app, &id, "personalisation").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["favourite_categories"],
        json!([{"category": "shoes", "events": 1}]),
        "{}",
        r.body
    );
    // Stored generalised: the behaviour store holds no trace of the category.
    assert_eq!(
        app.count(
            true,
            "SELECT COUNT(*) FROM events WHERE properties LIKE '%harmacy%'"
        )
        .await,
        0
    );
    assert_eq!(
        app.count(
            true,
            "SELECT COUNT(*) FROM events WHERE category = 'sensitive'"
        )
        .await,
        4
    );
}
