//! Issue 17, must-fix 2 (ePrivacy: TDDDG §25, Planet49 C-673/17, EDPB Guidelines 2/2023;
//! purpose limitation, Art. 5(1)(b)) and the read side of must-fix 5 (Art. 5(1)(e)):
//! - an event type that touches the device (`terminal_access` in `events.toml`) is collected
//!   only under a consent that covers it, never under a legitimate interest;
//! - each stored event keeps the purposes it was collected for, and a purpose reads and
//!   aggregates only those events, and only within its own retention period;
//! - an unknown device id opens no anonymous subject.

use serde_json::{json, Value};

use crate::events::{ago, page_view, purchase};
use crate::helpers::{both_engines, jane, TestApp};

both_engines!(
    tracking_events_need_a_consent_that_covers_them,
    an_email_click_after_withdrawal_is_not_collected,
    events_serve_only_the_purposes_they_were_collected_for,
    an_unknown_device_id_opens_no_subject,
    a_purpose_reads_only_within_its_own_retention_period,
    a_merge_does_not_widen_what_an_event_was_collected_for,
);

fn email_click(id: &str, subject: Value) -> Value {
    json!({
        "id": id,
        "subject": subject,
        "type": "email_click",
        "channel": "email",
        "occurred_at": ago(0),
        "properties": {"campaign_id": "winter-sale"}
    })
}

/// The client event ids of the subject's events that `purpose` may read.
async fn visible(app: &TestApp, client: &str, id: &str, purpose: &str) -> Vec<String> {
    let r = app.events_of(client, id, purpose).await;
    assert_eq!(r.status, 200, "{purpose}: {}", r.body);
    let mut ids: Vec<String> = r.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

async fn withdraw(app: &TestApp, id: &str, purpose: &str) {
    let r = app
        .send(
            "PUT",
            &format!("/v1/subjects/{id}/consents/{purpose}"),
            Some(&app.client_token("mailer")),
            None,
            Some(&json!({"status": "withdrawn", "source": "email",
                "collected_at": ago(0), "policy_version": "2026-01"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
}

async fn tracking_events_need_a_consent_that_covers_them(app: TestApp) {
    let id = app.create_subject(&jane(1711)).await;
    let sub = json!({"id": id});
    // Analytics (legitimate interest) serves page views, but may not collect them: no consent.
    let body = app
        .ingest(vec![
            page_view("pv-1", sub.clone(), "web"),
            purchase("buy-1", sub.clone(), "20.00", 1),
        ])
        .await;
    assert_eq!(body["accepted"], 1, "{body}");
    assert_eq!(body["results"][0]["reason"], "no_consent", "{body}");
    // With a consent that covers page views, they are collected.
    app.grant(&id, "personalisation").await;
    let body = app
        .ingest(vec![page_view("pv-2", sub.clone(), "web")])
        .await;
    assert_eq!(body["accepted"], 1, "{body}");
    let stored = app
        .count(
            true,
            "SELECT COUNT(*) FROM events WHERE event_type = 'page_view'",
        )
        .await;
    assert_eq!(stored, 1);
}

/// Reproduced on main before the fix: an `email_click` was accepted after the customer
/// withdrew email marketing, because analytics (legitimate interest) serves the type.
async fn an_email_click_after_withdrawal_is_not_collected(app: TestApp) {
    let id = app.create_subject(&jane(1712)).await;
    let sub = json!({"id": id});
    app.grant(&id, "email_marketing").await;
    let body = app.ingest(vec![email_click("c-1", sub.clone())]).await;
    assert_eq!(body["accepted"], 1, "{body}");
    withdraw(&app, &id, "email_marketing").await;
    let body = app.ingest(vec![email_click("c-2", sub.clone())]).await;
    assert_eq!(body["accepted"], 0, "{body}");
    assert_eq!(body["results"][0]["reason"], "consent_withdrawn", "{body}");
}

/// Data collected for one purpose never flows into another later (Art. 5(1)(b)).
async fn events_serve_only_the_purposes_they_were_collected_for(app: TestApp) {
    let id = app.create_subject(&jane(1713)).await;
    let sub = json!({"id": id});
    // Before any consent: the purchase is collected for the contract and the other
    // non-consent purposes, not for personalisation or advertising.
    app.ingest(vec![purchase("buy-early", sub.clone(), "30.00", 2)])
        .await;
    app.grant(&id, "personalisation").await;
    // Now page views and purchases are collected for personalisation too, but not for
    // advertising (no consent to it yet).
    app.ingest(vec![
        page_view("pv-perso", sub.clone(), "web"),
        purchase("buy-late", sub.clone(), "40.00", 1),
    ])
    .await;
    app.grant(&id, "targeted_advertising").await;

    assert_eq!(
        visible(&app, "crm", &id, "personalisation").await,
        ["buy-late", "pv-perso"]
    );
    // Consent given later does not open what was collected before it.
    assert!(visible(&app, "crm", &id, "targeted_advertising")
        .await
        .is_empty());
    assert_eq!(
        visible(&app, "crm", &id, "order_fulfilment").await,
        ["buy-early", "buy-late"]
    );
    // The profile aggregates the same events: personalisation sees one order.
    let r = app
        .send(
            "GET",
            &format!("/v1/subjects/{id}/profile"),
            Some(&app.client_token("crm")),
            Some("personalisation"),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["orders"]["count"], 1, "{}", r.body);
    assert_eq!(r.body["orders"]["revenue"], "40.00", "{}", r.body);
    // And a segment for personalisation counts only that order.
    let r = app
        .segment(
            "crm",
            "personalisation",
            json!({"conditions": {"min_orders": 2}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["members"], json!([]), "{}", r.body);
    let r = app
        .segment(
            "crm",
            "order_fulfilment",
            json!({"conditions": {"min_orders": 2}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["members"].as_array().unwrap().len(), 1, "{}", r.body);
}

async fn an_unknown_device_id_opens_no_subject(app: TestApp) {
    let subjects = || app.count(false, "SELECT COUNT(*) FROM subjects");
    let before = subjects().await;
    let device = json!({"identifier": {"type": "device_id", "value": "app-install-8c1f"}});
    let body = app
        .ingest(vec![
            page_view("d-1", device.clone(), "app"),
            purchase("d-2", device, "15.00", 0),
        ])
        .await;
    assert_eq!(body["accepted"], 0, "{body}");
    for r in body["results"].as_array().unwrap() {
        assert_eq!(r["reason"], "not_collected", "{body}");
    }
    assert_eq!(subjects().await, before);
    // A marketplace buyer (no device involved) still opens an anonymous subject.
    let buyer = json!({"identifier": {"type": "marketplace_id", "value": "amzn-buyer-5521"}});
    let body = app.ingest(vec![purchase("m-1", buyer, "15.00", 0)]).await;
    assert_eq!(body["accepted"], 1, "{body}");
    assert_eq!(subjects().await, before + 1);
}

/// Accounting keeps purchases ten years; advertising (180 days) does not see them for ten.
async fn a_purpose_reads_only_within_its_own_retention_period(app: TestApp) {
    let id = app.create_subject(&jane(1715)).await;
    let sub = json!({"id": id});
    app.grant(&id, "personalisation").await;
    app.grant(&id, "targeted_advertising").await;
    app.ingest(vec![
        purchase("old", sub.clone(), "10.00", 200),
        purchase("new", sub.clone(), "10.00", 10),
    ])
    .await;
    // 180 days for advertising, 365 for personalisation, 1095 for order fulfilment.
    assert_eq!(
        visible(&app, "crm", &id, "targeted_advertising").await,
        ["new"]
    );
    assert_eq!(
        visible(&app, "crm", &id, "personalisation").await,
        ["new", "old"]
    );
    let r = app
        .send(
            "GET",
            &format!("/v1/subjects/{id}/profile"),
            Some(&app.client_token("crm")),
            Some("targeted_advertising"),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["orders"]["count"], 1, "{}", r.body);
}

/// Merges × event purposes: the events of a record merged into a consenting customer keep the
/// purposes they were collected for; the target's consent does not open them.
async fn a_merge_does_not_widen_what_an_event_was_collected_for(app: TestApp) {
    let target = app.create_subject(&jane(1716)).await;
    let source = app.create_subject(&jane(1717)).await;
    app.grant(&target, "personalisation").await;
    app.buy(&source, "src-buy").await;
    app.buy(&target, "tgt-buy").await;
    app.merge(&target, &source).await;
    assert_eq!(
        visible(&app, "crm", &target, "personalisation").await,
        ["tgt-buy"]
    );
    assert_eq!(
        visible(&app, "crm", &target, "order_fulfilment").await,
        ["src-buy", "tgt-buy"]
    );
}
