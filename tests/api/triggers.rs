//! Marketing automation (issue 12): a rule's dry run counts what consent, preferences and caps
//! hold back, and a run then tells the client about exactly the customers the dry run said it
//! would reach, each after a contact decision; a withdrawal in between holds the customer back.

use custodia::domain::Role;
use custodia::service::Vault;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::helpers::{both_engines, jane, spawn_app_with_policy, Engine, TestApp};

both_engines!(
    spawn = crate::triggers::spawn;
    a_run_notifies_exactly_whom_the_dry_run_said_it_would_reach,
    a_withdrawal_between_dry_run_and_run_holds_the_customer_back,
    rules_are_listed_and_dry_run_for_their_purposes_only,
);

/// The app with `cart_abandoned` switched on and a webhook for the mailer (nothing listens:
/// these tests look at what is queued, `notifications.rs` at delivery).
async fn spawn(engine: Engine) -> Option<TestApp> {
    spawn_app_with_policy(engine, |dir| {
        let clients = dir.join("clients.toml");
        let text = std::fs::read_to_string(&clients).unwrap();
        let text = text.replacen(
            "id = \"mailer\"\n",
            "id = \"mailer\"\nwebhook_url = \"http://127.0.0.1:9/hook\"\n",
            1,
        );
        std::fs::write(&clients, text).unwrap();
        let triggers = dir.join("triggers.toml");
        let text = std::fs::read_to_string(&triggers).unwrap();
        let text = text.replacen(
            "within_hours = 2\nenabled = false",
            "within_hours = 2\nenabled = true",
            1,
        );
        assert!(text.contains("within_hours = 2\nenabled = true"));
        std::fs::write(&triggers, text).unwrap();
    })
    .await
}

async fn vault(app: &TestApp) -> Vault {
    custodia::startup::build_vault(&app.settings)
        .await
        .expect("a second vault handle")
        .vault
}

fn hours_ago(h: i64) -> String {
    (OffsetDateTime::now_utc() - Duration::hours(h) - Duration::minutes(5))
        .format(&Rfc3339)
        .unwrap()
}

impl TestApp {
    /// A customer who consented to email marketing (quiet hours elsewhere) with the given
    /// events: (type, hours ago).
    async fn shopper(&self, tag: u32, events: &[(&str, i64)]) -> String {
        let id = self.create_subject(&jane(tag)).await;
        self.grant(&id, "email_marketing").await;
        let r = self
            .send(
                "PUT",
                &format!("/v1/subjects/{id}/preferences"),
                Some(&self.token(Role::Dpo, "dpo")),
                None,
                Some(&json!({"quiet_hours": crate::contact::quiet_elsewhere()})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let events: Vec<Value> = events
            .iter()
            .enumerate()
            .map(|(i, (kind, h))| {
                let properties = match *kind {
                    "add_to_cart" => json!({"sku": "SKU-1", "amount": "20.00", "currency": "EUR"}),
                    "purchase" => json!({"order_id": format!("O-{tag}-{i}"), "amount": "20.00", "currency": "EUR"}),
                    _ => json!({}),
                };
                json!({"id": format!("t{tag}-{i}"), "subject": {"id": id}, "type": kind,
                    "channel": "web", "occurred_at": hours_ago(*h), "properties": properties})
            })
            .collect();
        let r = self
            .send(
                "POST",
                "/v1/events",
                Some(&self.client_token("crm")),
                None,
                Some(&json!({ "events": events })),
            )
            .await;
        assert_eq!(r.body["accepted"], events.len(), "{}", r.body);
        id
    }

    async fn dry_run(&self, client_token: &str, name: &str) -> crate::helpers::Reply {
        self.send(
            "POST",
            &format!("/v1/triggers/{name}/dry-run"),
            Some(client_token),
            None,
            None,
        )
        .await
    }

    async fn trigger_notifications(&self) -> i64 {
        self.count(
            false,
            "SELECT COUNT(*) FROM notifications WHERE action = 'trigger' \
             AND trigger_name = 'cart_abandoned' AND client = 'mailer'",
        )
        .await
    }

    async fn withdraw_email(&self, id: &str) {
        let r = self
            .send(
                "PUT",
                &format!("/v1/subjects/{id}/consents/email_marketing"),
                Some(&self.client_token("mailer")),
                None,
                Some(&json!({"status": "withdrawn", "source": "email",
                    "collected_at": crate::events::ago(0), "policy_version": "2026-01"})),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
}

async fn a_run_notifies_exactly_whom_the_dry_run_said_it_would_reach(app: TestApp) {
    let mailer = app.client_token("mailer");
    // Left the cart three hours ago: reached.
    let left = app.shopper(1, &[("add_to_cart", 3)]).await;
    // Bought after putting in the cart: no candidate.
    app.shopper(2, &[("add_to_cart", 3), ("purchase", 2)]).await;
    // Put in the cart half an hour ago: not due yet.
    app.shopper(3, &[("add_to_cart", 0)]).await;
    // Withdrew since: held back by consent.
    let withdrew = app.shopper(4, &[("add_to_cart", 3)]).await;
    app.withdraw_email(&withdrew).await;
    // Already got an email this week, with a cap of one: held back by the cap.
    let capped = app.shopper(5, &[("add_to_cart", 3)]).await;
    let r = app
        .send(
            "PUT",
            &format!("/v1/subjects/{capped}/preferences"),
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            Some(&json!({"channels": {"email": {"max_per_week": 1}}})),
        )
        .await;
    assert_eq!(r.status, 200);
    let sent = app
        .contact_decision(
            "mailer",
            "email_marketing",
            &json!({"subject": {"id": capped}, "channel": "email", "record_send": true}),
        )
        .await;
    assert_eq!(sent.body["send_recorded"], true, "{}", sent.body);

    let dry = app.dry_run(&mailer, "cart_abandoned").await;
    assert_eq!(dry.status, 200, "{}", dry.body);
    assert_eq!(dry.body["candidates"], 3, "{}", dry.body);
    assert_eq!(dry.body["would_reach"], 1, "{}", dry.body);
    assert_eq!(
        dry.body["held_back"],
        json!({"consent_withdrawn": 1, "frequency_cap": 1}),
        "{}",
        dry.body
    );
    // A dry run tells nobody and records no send.
    assert_eq!(app.trigger_notifications().await, 0);

    let runs = vault(&app).await.run_triggers().await.unwrap();
    let run = runs.iter().find(|r| r.trigger == "cart_abandoned").unwrap();
    assert_eq!(run.notified, 1, "{run:?}");
    assert_eq!(app.trigger_notifications().await, 1);
    let to_left = app
        .count(
            false,
            &format!(
                "SELECT COUNT(*) FROM notifications WHERE action = 'trigger' AND subject_id = {}",
                app.id_sql(&left)
            ),
        )
        .await;
    assert_eq!(to_left, 1);
    // The send counts against her caps; the decision is audited as the mailer's.
    let entries: Vec<Value> = app
        .audit(&format!("?subject={left}"))
        .await
        .into_iter()
        .filter(|e| e["action"] == "contact.decision")
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["actor"]["id"], "mailer");
    assert!(entries[0]["request_id"]
        .as_str()
        .unwrap()
        .starts_with("trigger:cart_abandoned:"));
    // Each starting event fires once: a second run and a dry run find nothing new.
    let again = vault(&app).await.run_triggers().await.unwrap();
    assert_eq!(again.iter().map(|r| r.notified).sum::<u64>(), 0);
    assert_eq!(app.trigger_notifications().await, 1);
    let dry = app.dry_run(&mailer, "cart_abandoned").await;
    assert_eq!(dry.body["candidates"], 0, "{}", dry.body);
}

async fn a_withdrawal_between_dry_run_and_run_holds_the_customer_back(app: TestApp) {
    let id = app.shopper(10, &[("add_to_cart", 4)]).await;
    let dry = app
        .dry_run(&app.client_token("mailer"), "cart_abandoned")
        .await;
    assert_eq!(dry.body["would_reach"], 1, "{}", dry.body);
    app.withdraw_email(&id).await;
    let runs = vault(&app).await.run_triggers().await.unwrap();
    let run = runs.iter().find(|r| r.trigger == "cart_abandoned").unwrap();
    assert_eq!(run.notified, 0, "{run:?}");
    assert_eq!(run.held_back.get("consent_withdrawn"), Some(&1), "{run:?}");
    assert_eq!(app.trigger_notifications().await, 0);
}

async fn rules_are_listed_and_dry_run_for_their_purposes_only(app: TestApp) {
    let r = app
        .send(
            "GET",
            "/v1/triggers",
            Some(&app.client_token("mailer")),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let triggers = r.body["triggers"].as_array().unwrap();
    let names: Vec<&str> = triggers
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "cart_abandoned",
            "beauty_replenishment",
            "store_visit_without_purchase",
            "win_back"
        ]
    );
    assert_eq!(triggers[0]["enabled"], true);
    assert_eq!(triggers[0]["purpose"], "email_marketing");
    assert_eq!(triggers[0]["unless"], json!(["checkout", "purchase"]));
    assert_eq!(triggers[1]["enabled"], false);
    assert_eq!(triggers[1]["category"], "beauty");
    // A client of other purposes sees none and may not dry-run them.
    let analytics = app.client_token("analytics");
    let r = app
        .send("GET", "/v1/triggers", Some(&analytics), None, None)
        .await;
    assert_eq!(r.body["triggers"], json!([]));
    assert_eq!(app.dry_run(&analytics, "cart_abandoned").await.status, 404);
    // The DPO may dry-run a disabled rule; an unknown rule is 404; a customer may not.
    let dpo = app.token(Role::Dpo, "dpo");
    let r = app.dry_run(&dpo, "win_back").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["would_reach"], 0);
    assert_eq!(app.dry_run(&dpo, "no_such_rule").await.status, 404);
    let me = app.token(Role::Subject, &uuid::Uuid::new_v4().to_string());
    assert_eq!(app.dry_run(&me, "win_back").await.status, 403);
    let dry_runs: Vec<Value> = app
        .audit("?client=dpo")
        .await
        .into_iter()
        .filter(|e| e["action"] == "trigger.dry_run")
        .collect();
    assert_eq!(dry_runs.len(), 1, "{dry_runs:?}");
}
