//! Issue 11, negative feedback as first-class events: a bounce, a spam complaint or an
//! unsubscribe changes what the vault may do (consent ledger, channel suppressions), returns
//! lower a customer's value, and a profile and a segment say who needs attention.

use custodia::domain::Role;
use serde_json::{json, Value};

use crate::events::{ago, purchase};
use crate::helpers::{both_engines, jane, TestApp};

both_engines!(
    a_spam_complaint_ends_email_marketing_with_the_event_as_evidence,
    an_unsubscribe_on_sms_withdraws_sms_marketing_only,
    a_hard_bounce_suppresses_the_channel_until_the_address_is_rectified,
    a_repeated_complaint_records_nothing_more_and_a_new_grant_lifts_it,
    a_complaint_for_a_restricted_subject_is_still_recorded,
    returns_lower_monetary_value_never_below_zero,
    needs_attention_in_the_profile_and_as_a_segment_condition,
    feedback_must_arrive_on_a_contact_channel,
);

fn event(id: &str, subject: &str, kind: &str, channel: &str, properties: Value) -> Value {
    json!({
        "id": id,
        "subject": {"id": subject},
        "type": kind,
        "channel": channel,
        "occurred_at": ago(0),
        "properties": properties
    })
}

impl TestApp {
    /// Sends events as `client`; the batch answer.
    async fn events_from(&self, client: &str, events: Vec<Value>) -> Value {
        let r = self
            .send(
                "POST",
                "/v1/events",
                Some(&self.client_token(client)),
                None,
                Some(&json!({ "events": events })),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    }

    /// The subject's consent history for `purpose`, as the DPO sees it.
    async fn consent_history(&self, id: &str, purpose: &str) -> Vec<Value> {
        let r = self
            .send(
                "GET",
                &format!("/v1/subjects/{id}/consents"),
                Some(&self.token(Role::Dpo, "dpo")),
                None,
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["purpose"] == purpose)
            .cloned()
            .collect()
    }

    async fn suppressions(&self, id: &str, cause: &str) -> i64 {
        self.count(
            false,
            &format!(
                "SELECT COUNT(*) FROM channel_suppressions WHERE subject_id = {} AND cause = '{cause}'",
                self.id_sql(id)
            ),
        )
        .await
    }

    async fn suppressed_channels(&self, id: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (channel, cause) in [
            ("email", "hard_bounce"),
            ("sms", "hard_bounce"),
            ("phone", "hard_bounce"),
            ("email", "spam_complaint"),
            ("sms", "spam_complaint"),
        ] {
            let n = self
                .count(
                    false,
                    &format!(
                        "SELECT COUNT(*) FROM channel_suppressions WHERE subject_id = {} \
                         AND channel = '{channel}' AND cause = '{cause}' AND event_id IS NOT NULL",
                        self.id_sql(id)
                    ),
                )
                .await;
            if n > 0 {
                out.push(format!("{channel}:{cause}"));
            }
        }
        out
    }

    /// The subject's audit entries of `action`.
    async fn audit_of(&self, id: &str, action: &str) -> Vec<Value> {
        let mut entries = self.audit(&format!("?subject={id}")).await;
        entries.retain(|e| e["action"] == action);
        entries
    }

    async fn profile_for(&self, client: &str, id: &str, purpose: &str) -> Value {
        let r = self
            .send(
                "GET",
                &format!("/v1/subjects/{id}/profile"),
                Some(&self.client_token(client)),
                Some(purpose),
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    }
}

async fn a_spam_complaint_ends_email_marketing_with_the_event_as_evidence(app: TestApp) {
    let id = app.create_subject(&jane(1101)).await;
    app.grant(&id, "email_marketing").await;
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        200
    );
    let body = app
        .events_from(
            "mailer",
            vec![event(
                "fb-1",
                &id,
                "spam_complaint",
                "email",
                json!({"campaign_id": "nl-2026-w07"}),
            )],
        )
        .await;
    assert_eq!(body["accepted"], 1, "{body}");
    let event_id = body["results"][0]["event_id"].as_str().unwrap().to_owned();

    // The very next read for email marketing is refused: the customer said no.
    let r = app.read_subject("mailer", &id, "email_marketing").await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.body["reason"], "consent_withdrawn", "{}", r.body);

    // The consent history shows the withdrawal, with the event as evidence.
    let history = app.consent_history(&id, "email_marketing").await;
    let last = history.last().unwrap();
    assert_eq!(last["status"], "withdrawn", "{history:?}");
    assert_eq!(last["source"], "email");
    assert_eq!(last["recorded_by"], "mailer");
    assert_eq!(last["evidence"], json!({"event_ref": event_id}));
    // SMS marketing was never granted: nothing to withdraw there.
    assert!(app.consent_history(&id, "sms_marketing").await.is_empty());

    // The channel is suppressed for marketing, naming the event; audited.
    assert_eq!(app.suppressed_channels(&id).await, ["email:spam_complaint"]);
    let entries = app.audit(&format!("?subject={id}")).await;
    let seen: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or("").to_owned(),
                e["reason"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert!(
        seen.contains(&("consent.withdrawn".into(), "spam_complaint".into())),
        "{seen:?}"
    );
    assert!(
        seen.contains(&("channel.suppressed".into(), "spam_complaint:email".into())),
        "{seen:?}"
    );
}

async fn an_unsubscribe_on_sms_withdraws_sms_marketing_only(app: TestApp) {
    let id = app.create_subject(&jane(1102)).await;
    app.grant(&id, "email_marketing").await;
    app.grant(&id, "sms_marketing").await;
    app.events_from(
        "mailer",
        vec![event("un-1", &id, "unsubscribe", "sms", json!({}))],
    )
    .await;
    let r = app.read_subject("mailer", &id, "sms_marketing").await;
    assert_eq!(
        (r.status, r.body["reason"].clone()),
        (403, json!("consent_withdrawn"))
    );
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        200
    );
    let last = app.consent_history(&id, "sms_marketing").await;
    assert_eq!(last.last().unwrap()["source"], "sms");
    // An unsubscribe suppresses nothing: it ends the consent, not the channel.
    assert!(app.suppressed_channels(&id).await.is_empty());
}

async fn a_hard_bounce_suppresses_the_channel_until_the_address_is_rectified(app: TestApp) {
    let id = app.create_subject(&jane(1103)).await;
    // A soft bounce does nothing.
    let body = app
        .events_from(
            "crm",
            vec![event(
                "b-soft",
                &id,
                "message_bounced",
                "email",
                json!({"bounce": "soft"}),
            )],
        )
        .await;
    assert_eq!(body["accepted"], 1, "{body}");
    assert!(app.suppressed_channels(&id).await.is_empty());

    app.events_from(
        "crm",
        vec![
            event(
                "b-1",
                &id,
                "message_bounced",
                "email",
                json!({"bounce": "hard", "campaign_id": "order-4711"}),
            ),
            event(
                "b-2",
                &id,
                "message_bounced",
                "sms",
                json!({"bounce": "hard"}),
            ),
            // The same address bouncing again changes nothing.
            event(
                "b-3",
                &id,
                "message_bounced",
                "email",
                json!({"bounce": "hard"}),
            ),
        ],
    )
    .await;
    assert_eq!(
        app.suppressed_channels(&id).await,
        ["email:hard_bounce", "sms:hard_bounce"]
    );
    assert_eq!(app.suppressions(&id, "hard_bounce").await, 2);

    // A new email address lifts the email channel's bounce; the phone's stays.
    let r = app
        .send(
            "PATCH",
            &format!("/v1/subjects/{id}"),
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"email": "jane.quillfeather.new.1103@example.com"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(app.suppressed_channels(&id).await, ["sms:hard_bounce"]);
    // A new phone number lifts SMS (and calls).
    let r = app
        .send(
            "PATCH",
            &format!("/v1/subjects/{id}"),
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"phone": "+49 151 99001103"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(app.suppressed_channels(&id).await.is_empty());
    let lifted = app.audit_of(&id, "channel.suppression_lifted").await;
    // email, then sms and phone (only the rows that existed: sms).
    assert_eq!(lifted.len(), 2, "{lifted:?}");
}

async fn a_repeated_complaint_records_nothing_more_and_a_new_grant_lifts_it(app: TestApp) {
    let id = app.create_subject(&jane(1104)).await;
    app.grant(&id, "email_marketing").await;
    let complaint = |n: &str| event(n, &id, "spam_complaint", "email", json!({}));
    app.events_from("mailer", vec![complaint("c-1")]).await;
    let withdrawn = || async {
        app.count(
            false,
            &format!(
                "SELECT COUNT(*) FROM consent_records WHERE subject_id = {} AND status = 'withdrawn'",
                app.id_sql(&id)
            ),
        )
        .await
    };
    assert_eq!(withdrawn().await, 1);
    // Redelivered, and a second complaint about another message: nothing more is recorded.
    let body = app
        .events_from("mailer", vec![complaint("c-1"), complaint("c-2")])
        .await;
    assert_eq!(body["duplicates"], 1, "{body}");
    assert_eq!(withdrawn().await, 1);
    assert_eq!(app.suppressions(&id, "spam_complaint").await, 1);
    let withdrawals = app.audit_of(&id, "consent.withdrawn").await;
    assert_eq!(withdrawals.len(), 1, "{withdrawals:?}");

    // The customer subscribes again: the complaint no longer holds the channel back.
    app.grant(&id, "email_marketing").await;
    assert_eq!(app.suppressions(&id, "spam_complaint").await, 0);
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        200
    );
    // A complaint that occurred before the new grant (delivered late) does not undo it.
    let mut late = complaint("c-late");
    late["occurred_at"] = json!(ago(2));
    app.events_from("mailer", vec![late]).await;
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        200
    );
}

async fn a_complaint_for_a_restricted_subject_is_still_recorded(app: TestApp) {
    let id = app.create_subject(&jane(1105)).await;
    app.grant(&id, "email_marketing").await;
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/restriction"),
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            Some(&json!({"reason": "accuracy_contested"})),
        )
        .await;
    assert!(r.status == 200 || r.status == 201, "{}", r.body);
    let body = app
        .events_from(
            "mailer",
            vec![event("r-1", &id, "spam_complaint", "email", json!({}))],
        )
        .await;
    // The event itself is not kept (a restriction stops all collection) ...
    assert_eq!(body["accepted"], 0, "{body}");
    assert_eq!(body["results"][0]["reason"], "restricted", "{body}");
    assert_eq!(
        app.count(true, "SELECT COUNT(*) FROM events").await,
        0,
        "nothing stored"
    );
    // ... but the customer's no is in the ledger.
    let history = app.consent_history(&id, "email_marketing").await;
    let last = history.last().unwrap();
    assert_eq!(last["status"], "withdrawn", "{history:?}");
    assert!(last["evidence"]["event_ref"].is_string(), "{last}");
    assert_eq!(app.suppressions(&id, "spam_complaint").await, 1);
}

async fn returns_lower_monetary_value_never_below_zero(app: TestApp) {
    let id = app.create_subject(&jane(1106)).await;
    let give_back = |n: &str, amount: &str, reason: &str| {
        json!({
            "id": n,
            "subject": {"id": id},
            "type": "return",
            "channel": "store",
            "occurred_at": ago(1),
            "properties": {"order_id": "O-p-1", "amount": amount, "currency": "EUR",
                "reason": reason, "reason_code": "too_small"}
        })
    };
    app.ingest(vec![
        purchase("p-1", json!({"id": id}), "100.00", 10),
        give_back("ret-1", "30.00", "wrong_size"),
    ])
    .await;
    let profile = app.profile_for("crm", &id, "customer_support").await;
    assert_eq!(profile["orders"]["count"], 1, "{profile}");
    assert_eq!(profile["orders"]["revenue"], "70.00", "{profile}");
    // Returns worth more than the purchases seen: zero, not less.
    app.ingest(vec![give_back("ret-2", "90.00", "damaged")])
        .await;
    let profile = app.profile_for("crm", &id, "customer_support").await;
    assert_eq!(profile["orders"]["revenue"], "0.00", "{profile}");
    // A reason outside the list is refused, naming the allowed ones.
    let body = app
        .ingest(vec![give_back("ret-3", "1.00", "too_small")])
        .await;
    assert_eq!(body["results"][0]["reason"], "invalid_properties", "{body}");
    assert_eq!(
        body["results"][0]["errors"][0],
        json!({"field": "/properties/reason",
            "message": "must be one of: damaged, wrong_item, wrong_size, not_as_described, changed_mind, late, other"})
    );
}

async fn needs_attention_in_the_profile_and_as_a_segment_condition(app: TestApp) {
    let unhappy = app.create_subject(&jane(1107)).await;
    let returner = app.create_subject(&jane(1108)).await;
    let content = app.create_subject(&jane(1109)).await;
    let complainer = app.create_subject(&jane(1110)).await;
    let review = |n: &str, who: &str, rating: i64, days: i64| {
        json!({"id": n, "subject": {"id": who}, "type": "review", "channel": "web",
            "occurred_at": ago(days), "properties": {"sku": "SHO-10001", "rating": rating}})
    };
    let support = |n: &str, who: &str, sentiment: &str| {
        json!({"id": n, "subject": {"id": who}, "type": "support_contact",
            "channel": "call_centre", "occurred_at": ago(2),
            "properties": {"topic": "delivery", "sentiment": sentiment}})
    };
    let give_back = |n: &str, who: &str, days: i64| {
        json!({"id": n, "subject": {"id": who}, "type": "return", "channel": "web",
            "occurred_at": ago(days), "properties": {"order_id": "O-1", "amount": "5.00",
            "currency": "EUR", "reason": "changed_mind"}})
    };
    let body = app
        .ingest(vec![
            review("u-1", &unhappy, 2, 5),
            support("u-2", &unhappy, "negative"),
            give_back("r-1", &returner, 3),
            give_back("r-2", &returner, 20),
            // Content: a good review, a neutral call, one recent return, an old low review
            // and an old return (outside their windows).
            review("c-1", &content, 5, 3),
            support("c-2", &content, "neutral"),
            give_back("c-3", &content, 2),
            give_back("c-4", &content, 45),
            review("c-5", &content, 1, 120),
        ])
        .await;
    assert_eq!(body["accepted"], 9, "{body}");
    app.events_from(
        "mailer",
        vec![event(
            "s-1",
            &complainer,
            "spam_complaint",
            "email",
            json!({}),
        )],
    )
    .await;

    let attention = |p: &Value| (p["needs_attention"].clone(), p["attention_reasons"].clone());
    let p = app.profile_for("crm", &unhappy, "customer_support").await;
    assert_eq!(
        attention(&p),
        (
            json!(true),
            json!(["low_review", "negative_support_contact"])
        )
    );
    let p = app.profile_for("crm", &returner, "customer_support").await;
    assert_eq!(attention(&p), (json!(true), json!(["repeated_returns"])));
    let p = app.profile_for("crm", &content, "customer_support").await;
    assert_eq!(attention(&p), (json!(false), json!([])));
    let p = app
        .profile_for("crm", &complainer, "customer_support")
        .await;
    assert_eq!(attention(&p), (json!(true), json!(["spam_complaint"])));
    // A purpose that sees none of these event types gets no verdict.
    let p = app.profile_for("crm", &unhappy, "customer_feedback").await;
    assert_eq!(attention(&p), (Value::Null, Value::Null), "{p}");

    let members = |r: &crate::helpers::Reply| -> Vec<String> {
        assert_eq!(r.status, 200, "{}", r.body);
        let mut ids: Vec<String> = r.body["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    let r = app
        .segment(
            "crm",
            "customer_support",
            json!({"conditions": {"needs_attention": true}}),
        )
        .await;
    let mut expected = vec![unhappy.clone(), returner.clone(), complainer.clone()];
    expected.sort();
    assert_eq!(members(&r), expected);
    let r = app
        .segment(
            "crm",
            "customer_support",
            json!({"conditions": {"needs_attention": false}}),
        )
        .await;
    assert_eq!(members(&r), vec![content]);

    // A purpose that sees none of the reasons' event types may not select on them.
    let r = app
        .segment(
            "crm",
            "customer_feedback",
            json!({"conditions": {"needs_attention": true}}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.body["code"], "validation-failed");
    assert_eq!(r.body["errors"][0]["field"], "/conditions/needs_attention");
    assert!(
        r.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("spam_complaint, review, return, support_contact"),
        "{}",
        r.body
    );
}

async fn feedback_must_arrive_on_a_contact_channel(app: TestApp) {
    let id = app.create_subject(&jane(1111)).await;
    app.grant(&id, "email_marketing").await;
    let body = app
        .events_from(
            "mailer",
            vec![
                event("w-1", &id, "spam_complaint", "web", json!({})),
                event(
                    "w-2",
                    &id,
                    "message_bounced",
                    "store",
                    json!({"bounce": "hard"}),
                ),
                event(
                    "w-3",
                    &id,
                    "message_bounced",
                    "email",
                    json!({"bounce": "maybe"}),
                ),
            ],
        )
        .await;
    assert_eq!(body["rejected"], 3, "{body}");
    for i in 0..2 {
        let r = &body["results"][i];
        assert_eq!(r["reason"], "invalid", "{body}");
        assert_eq!(r["errors"][0]["field"], "/channel", "{body}");
        assert_eq!(
            r["errors"][0]["message"],
            "feedback about a message must name the channel it was sent on: one of app, \
             call_centre, email, sms, push, post",
            "{body}"
        );
    }
    assert_eq!(
        body["results"][2]["errors"][0],
        json!({"field": "/properties/bounce", "message": "must be one of: hard, soft"})
    );
    // Nothing happened.
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        200
    );
    assert!(app.suppressed_channels(&id).await.is_empty());
}
