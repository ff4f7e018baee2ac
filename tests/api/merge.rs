//! Identity: merging two subjects found to be one person, and undoing it.

use serde_json::{json, Value};

use crate::helpers::{both_engines, TestApp};

both_engines!(
    merge_moves_everything_keeps_the_stricter_consent_and_can_be_undone,
    one_client_event_reported_for_both_profiles_is_kept_once_after_merge,
);

pub(crate) fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

impl TestApp {
    pub(crate) async fn decide(&self, id: &str, purpose: &str, status: &str) {
        let r = self
            .send(
                "PUT",
                &format!("/v1/subjects/{id}/consents/{purpose}"),
                // An operator: the CRM records grants only for its own purposes.
                Some(&self.token(custodia::domain::Role::Admin, "ops")),
                None,
                Some(&json!({"status": status, "source": "web", "collected_at": now(), "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}})),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }

    pub(crate) async fn buy(&self, id: &str, event_id: &str) {
        let r = self
            .send(
                "POST",
                "/v1/events",
                Some(&self.client_token("crm")),
                None,
                Some(&json!({"events": [{"id": event_id, "subject": {"id": id}, "type": "purchase",
                    "channel": "web", "occurred_at": now(),
                    "properties": {"order_id": format!("O-{event_id}"), "amount": "10.00", "currency": "EUR"}}]})),
            )
            .await;
        assert_eq!(r.body["accepted"], 1, "{}", r.body);
    }

    /// A store visit of `id` (no retention duty, unlike a purchase); asserts it was stored.
    pub(crate) async fn visit(&self, id: &str, event_id: &str) {
        let r = self
            .send(
                "POST",
                "/v1/events",
                Some(&self.client_token("crm")),
                None,
                Some(&json!({"events": [{"id": event_id, "subject": {"id": id},
                    "type": "store_visit", "channel": "store", "occurred_at": now(),
                    "properties": {"store_id": format!("S-{event_id}")}}]})),
            )
            .await;
        assert_eq!(r.body["accepted"], 1, "{}", r.body);
    }

    /// Merges `other` into `into` with the CRM's token; asserts it worked.
    pub(crate) async fn merge(&self, into: &str, other: &str) -> crate::helpers::Reply {
        let r = self
            .send(
                "POST",
                &format!("/v1/subjects/{into}/merge"),
                Some(&self.client_token("crm")),
                None,
                Some(&json!({ "other": other })),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r
    }

    /// Undoes merge `merge_id` with the CRM's token; the answer, whatever it is.
    pub(crate) async fn undo(&self, merge_id: &str) -> crate::helpers::Reply {
        self.send(
            "POST",
            &format!("/v1/merges/{merge_id}/undo"),
            Some(&self.client_token("crm")),
            None,
            None,
        )
        .await
    }

    pub(crate) async fn event_count(&self, id: &str) -> usize {
        let r = self
            .send(
                "GET",
                &format!("/v1/subjects/{id}/events?limit=500"),
                Some(&self.client_token("crm")),
                Some("order_fulfilment"),
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body["events"].as_array().unwrap().len()
    }

    pub(crate) async fn holder_of_card(&self, card: &str) -> Value {
        let r = self
            .send(
                "GET",
                &format!("/v1/subjects?type=loyalty_card&value={card}"),
                Some(&self.client_token("crm")),
                Some("customer_support"),
                None,
            )
            .await;
        r.body["id"].clone()
    }
}

async fn merge_moves_everything_keeps_the_stricter_consent_and_can_be_undone(app: TestApp) {
    let a = app
        .create_subject(
            &json!({"email": "mira.online@example.com", "first_name": "Mira",
            "identifiers": [{"type": "loyalty_card", "value": "LC-A"}]}),
        )
        .await;
    let b = app
        .create_subject(&json!({"email": "mira.store@example.com", "phone": "+4917612345678",
            "birth_date": "1991-03-04", "identifiers": [{"type": "loyalty_card", "value": "LC-B"}]}))
        .await;
    app.decide(&a, "email_marketing", "granted").await;
    app.decide(&b, "email_marketing", "granted").await;
    app.decide(&b, "email_marketing", "withdrawn").await;
    app.decide(&b, "sms_marketing", "granted").await;
    for i in 0..3 {
        app.buy(&a, &format!("a{i}")).await;
    }
    for i in 0..2 {
        app.buy(&b, &format!("b{i}")).await;
    }

    let r = app.merge(&a, &b).await;
    let merge_id = r.body["merge_id"].as_str().unwrap().to_owned();
    assert_eq!(r.body["events_moved"], 2);
    assert_eq!(r.body["copied_fields"], json!(["phone", "birth_date"]));

    // Everything is under A now: events, identifiers, fields; B is gone as a subject.
    assert_eq!(app.event_count(&a).await, 5);
    assert_eq!(app.holder_of_card("LC-B").await, json!(a));
    let r = app.read_subject("crm", &a, "customer_support").await;
    assert_eq!(r.body["data"]["phone"], "+4917612345678");
    assert_eq!(
        app.read_subject("crm", &b, "customer_support").await.status,
        404
    );
    // The stricter consent wins: B had withdrawn email marketing.
    let r = app.read_subject("mailer", &a, "email_marketing").await;
    assert_eq!(
        (r.status, r.body["reason"].clone()),
        (403, json!("consent_withdrawn"))
    );
    // Only B had decided on SMS marketing, and that decision came along.
    assert_eq!(
        app.read_subject("mailer", &a, "sms_marketing").await.status,
        200
    );

    let undo_path = format!("/v1/merges/{merge_id}/undo");
    let crm = app.client_token("crm");
    let undo = || app.send("POST", &undo_path, Some(&crm), None, None);
    let r = undo().await;
    assert_eq!(r.status, 200, "{}", r.body);
    // An undo never records a grant: A's own pre-merge grant lost to B's withdrawal is not
    // re-created by a machine; the answer names it so the CRM can ask the customer again.
    assert_eq!(r.body["consents_not_restored"], json!(["email_marketing"]));
    assert_eq!(app.event_count(&a).await, 3);
    assert_eq!(app.event_count(&b).await, 2);
    assert_eq!(app.holder_of_card("LC-B").await, json!(b));
    assert_eq!(app.holder_of_card("LC-A").await, json!(a));
    let r = app.read_subject("crm", &a, "customer_support").await;
    assert!(r.body["data"].get("phone").is_none(), "{}", r.body);
    assert_eq!(
        app.read_subject("crm", &b, "customer_support").await.status,
        200
    );
    // A stays withdrawn (the safe side); B's SMS consent left with B.
    assert_eq!(
        app.read_subject("mailer", &a, "email_marketing")
            .await
            .status,
        403
    );
    assert_eq!(
        app.read_subject("mailer", &a, "sms_marketing").await.status,
        403
    );
    assert_eq!(
        app.read_subject("mailer", &b, "sms_marketing").await.status,
        200
    );

    assert_eq!(undo().await.status, 409);
    let trail = app.audit(&format!("?subject={a}")).await;
    assert!(trail.iter().any(|e| e["action"] == "subject.merge"));
    assert!(trail.iter().any(|e| e["action"] == "merge.undo"));
    assert_eq!(app.verify_audit().await["valid"], true);
}

/// Idempotency is per customer: the same client event id sent for two profiles is stored for
/// each; once the profiles are merged, it is one event, and the merge does not fail on it.
async fn one_client_event_reported_for_both_profiles_is_kept_once_after_merge(app: TestApp) {
    let a = app
        .create_subject(&json!({"email": "otto.online@example.com"}))
        .await;
    let b = app
        .create_subject(&json!({"email": "otto.store@example.com"}))
        .await;
    app.buy(&a, "shared").await;
    app.buy(&b, "shared").await;
    app.buy(&b, "b-only").await;
    assert_eq!(
        (app.event_count(&a).await, app.event_count(&b).await),
        (1, 2)
    );

    let r = app.merge(&a, &b).await;
    assert_eq!(r.body["events_moved"], 1, "{}", r.body);
    assert_eq!(app.event_count(&a).await, 2);

    let r = app.undo(r.body["merge_id"].as_str().unwrap()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        (app.event_count(&a).await, app.event_count(&b).await),
        (1, 1)
    );
}
