//! Behavioural events: ingest rules, pseudonymous storage, profile, segments.

use custodia::domain::Role;
use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, Engine, TestApp};

both_engines!(
    batch_with_three_bad_events_stores_exactly_the_good_ones,
    retried_batch_stores_nothing_twice,
    concurrent_batches_for_the_same_customers_all_land_and_all_count,
    collection_obeys_consent_objection_and_restriction,
    behaviour_store_holds_nothing_that_identifies_a_person,
    device_and_loyalty_card_events_meet_in_one_profile,
    purposes_see_only_their_event_types,
    email_marketing_segment_only_holds_consented_subjects,
    analytics_segments_give_suppressed_counts_only,
    aggregates_added_batch_by_batch_equal_a_count_of_every_event,
    aggregates_added_after_a_merge_and_its_undo_continue_from_the_recount,
);

pub(crate) fn ago(days: i64) -> String {
    let t = time::OffsetDateTime::now_utc() - time::Duration::days(days);
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

pub(crate) fn purchase(id: &str, subject: Value, amount: &str, days_ago: i64) -> Value {
    json!({
        "id": id,
        "subject": subject,
        "type": "purchase",
        "channel": "web",
        "occurred_at": ago(days_ago),
        "properties": {"order_id": format!("O-{id}"), "amount": amount, "currency": "EUR", "category": "shoes"}
    })
}

pub(crate) fn page_view(id: &str, subject: Value, channel: &str) -> Value {
    json!({
        "id": id,
        "subject": subject,
        "type": "page_view",
        "channel": channel,
        "occurred_at": ago(1),
        "properties": {"path": "/shoes/runner-2"}
    })
}

impl TestApp {
    /// The CRM's order-fulfilment profile of a customer (200 asserted).
    pub(crate) async fn order_profile(&self, id: &str) -> Value {
        let r = self
            .send(
                "GET",
                &format!("/v1/subjects/{id}/profile"),
                Some(&self.client_token("crm")),
                Some("order_fulfilment"),
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    }

    pub(crate) async fn ingest(&self, events: Vec<Value>) -> Value {
        let r = self
            .send(
                "POST",
                "/v1/events",
                Some(&self.client_token("crm")),
                None,
                Some(&json!({ "events": events })),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    }

    pub(crate) async fn events_of(
        &self,
        client: &str,
        id: &str,
        purpose: &str,
    ) -> crate::helpers::Reply {
        self.send(
            "GET",
            &format!("/v1/subjects/{id}/events?limit=500"),
            Some(&self.client_token(client)),
            Some(purpose),
            None,
        )
        .await
    }

    pub(crate) async fn grant(&self, id: &str, purpose: &str) {
        let r = self
            .send(
                "PUT",
                &format!("/v1/subjects/{id}/consents/{purpose}"),
                // An operator: the CRM records grants only for its own purposes.
                Some(&self.token(Role::Admin, "ops")),
                None,
                Some(&json!({"status": "granted", "source": "web",
                    "collected_at": ago(0), "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}})),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }

    /// The ids of the members a segment query for `purpose` by `client` answers with (200
    /// asserted).
    pub(crate) async fn segment_members(
        &self,
        client: &str,
        purpose: &str,
        conditions: Value,
    ) -> Vec<String> {
        let r = self
            .segment(client, purpose, json!({ "conditions": conditions }))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_owned())
            .collect()
    }

    pub(crate) async fn segment(
        &self,
        client: &str,
        purpose: &str,
        body: Value,
    ) -> crate::helpers::Reply {
        self.send(
            "POST",
            "/v1/segments/query",
            Some(&self.client_token(client)),
            Some(purpose),
            Some(&body),
        )
        .await
    }
}

async fn batch_with_three_bad_events_stores_exactly_the_good_ones(app: TestApp) {
    let id = app.create_subject(&jane(70)).await;
    let mut events: Vec<Value> = (0..1000)
        .map(|i| purchase(&format!("e{i}"), json!({"id": id}), "10.00", i % 300))
        .collect();
    events[10]["properties"]["amount"] = json!("ten euros");
    events[500]["properties"]["note"] = json!("jane@example.com"); // unknown property
    events[999]["type"] = json!("teleport");
    let body = app.ingest(events).await;
    assert_eq!(body["accepted"], 997);
    assert_eq!(body["rejected"], 3);
    let rejected: Vec<(u64, &str)> = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "rejected")
        .map(|r| (r["index"].as_u64().unwrap(), r["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rejected,
        [
            (10, "invalid_properties"),
            (500, "invalid_properties"),
            (999, "unknown_event_type")
        ]
    );
    assert!(!body.to_string().contains("jane@example.com"));
    let r = app.events_of("crm", &id, "order_fulfilment").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut seen = r.body["events"].as_array().unwrap().len();
    let mut cursor = r.body["next_cursor"].as_str().map(str::to_owned);
    while let Some(c) = cursor {
        let r = app
            .send(
                "GET",
                &format!("/v1/subjects/{id}/events?limit=500&cursor={c}"),
                Some(&app.client_token("crm")),
                Some("order_fulfilment"),
                None,
            )
            .await;
        seen += r.body["events"].as_array().unwrap().len();
        cursor = r.body["next_cursor"].as_str().map(str::to_owned);
    }
    assert_eq!(seen, 997);
}

async fn retried_batch_stores_nothing_twice(app: TestApp) {
    let id = app.create_subject(&jane(71)).await;
    let batch: Vec<Value> = (0..20)
        .map(|i| purchase(&format!("r{i}"), json!({"id": id}), "5.00", 3))
        .collect();
    let first = app.ingest(batch.clone()).await;
    assert_eq!(first["accepted"], 20);
    let again = app.ingest(batch).await;
    assert_eq!(
        (again["accepted"].clone(), again["duplicates"].clone()),
        (json!(0), json!(20))
    );
    let r = app.events_of("crm", &id, "order_fulfilment").await;
    assert_eq!(r.body["events"].as_array().unwrap().len(), 20);
    let profile = app.order_profile(&id).await;
    assert_eq!(profile["orders"]["count"], 20, "{profile}");
    assert_eq!(profile["orders"]["revenue"], "100.00");
}

/// Several senders at once, each batch naming the same customers in another order (the load
/// test found PostgreSQL answering 500 here: two transactions rebuilt one profile at once).
/// Every batch lands, and each profile counts every order, none lost to a concurrent rebuild.
async fn concurrent_batches_for_the_same_customers_all_land_and_all_count(app: TestApp) {
    let ids = [
        app.create_subject(&jane(73)).await,
        app.create_subject(&jane(74)).await,
        app.create_subject(&jane(75)).await,
    ];
    let senders = 8;
    let per_customer = 5;
    let batches = (0..senders).map(|s| {
        let events: Vec<Value> = (0..per_customer * ids.len())
            .map(|k| {
                let id = &ids[(k + s) % ids.len()];
                purchase(&format!("c{s}-{k}"), json!({"id": id}), "2.00", 1)
            })
            .collect();
        app.ingest(events)
    });
    for answer in futures_util::future::join_all(batches).await {
        assert_eq!(answer["accepted"], per_customer * ids.len(), "{answer}");
    }
    for id in &ids {
        let profile = app.order_profile(id).await;
        assert_eq!(
            profile["orders"]["count"],
            senders * per_customer,
            "{profile}"
        );
    }
}

async fn collection_obeys_consent_objection_and_restriction(app: TestApp) {
    let id = app.create_subject(&jane(72)).await;
    let sub = json!({"id": id});
    // A page view touches the device: analytics (legitimate interest) serves the type but
    // may not collect it; only a consent that covers it does (ePrivacy).
    let body = app.ingest(vec![page_view("p1", sub.clone(), "web")]).await;
    assert_eq!(body["accepted"], 0, "{body}");
    assert_eq!(body["results"][0]["reason"], "no_consent", "{body}");
    // A purchase is needed for the contract and is kept.
    assert_eq!(
        app.ingest(vec![purchase("b1", sub.clone(), "20.00", 0)])
            .await["accepted"],
        1
    );
    // With personalisation consent, page views are collected again.
    app.grant(&id, "personalisation").await;
    assert_eq!(
        app.ingest(vec![page_view("p3", sub.clone(), "app")]).await["accepted"],
        1
    );
    // Restricted: nothing new is collected.
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/restriction"),
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            Some(&json!({"reason": "unlawful_processing"})),
        )
        .await;
    assert_eq!(r.status, 200);
    let body = app
        .ingest(vec![purchase("b2", sub.clone(), "20.00", 0)])
        .await;
    assert_eq!(body["results"][0]["reason"], "restricted");
    let entries = app.audit(&format!("?subject={id}")).await;
    assert!(entries
        .iter()
        .any(|e| e["action"] == "events.ingest" && e["reason"] == "restricted"));
}

/// Everything the behaviour store holds, as bytes.
async fn behaviour_bytes(app: &TestApp) -> Vec<u8> {
    match app.engine {
        Engine::Sqlite => {
            let mut all = Vec::new();
            for entry in std::fs::read_dir(&app.data_dir).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                if name.starts_with("behaviour.db") {
                    all.extend(std::fs::read(&path).unwrap());
                }
            }
            assert!(!all.is_empty());
            all
        }
        Engine::Postgres => {
            use sqlx::{Connection, Row};
            let mut c = sqlx::PgConnection::connect(&app.behaviour_url)
                .await
                .unwrap();
            let mut all = Vec::new();
            for t in ["events", "pseudonym_profiles"] {
                let sql = format!("SELECT t::text AS row FROM {t} AS t");
                for r in sqlx::query(sqlx::AssertSqlSafe(sql))
                    .fetch_all(&mut c)
                    .await
                    .unwrap()
                {
                    all.extend(r.try_get::<String, _>(0).unwrap().into_bytes());
                }
            }
            all
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

async fn behaviour_store_holds_nothing_that_identifies_a_person(app: TestApp) {
    let mut ids = Vec::new();
    for n in 73..76 {
        let id = app.create_subject(&jane(n)).await;
        let by_card = json!({"identifier": {"type": "loyalty_card", "value": format!("LC-{n}")}});
        let by_email = json!({"identifier": {"type": "email", "value": format!("jane.quillfeather.{n}@example.com")}});
        let body = app
            .ingest(vec![
                purchase(&format!("s{n}a"), by_card, "30.00", 2),
                purchase(&format!("s{n}b"), by_email, "12.50", 1),
                purchase(&format!("s{n}c"), json!({"id": id}), "7.00", 0),
            ])
            .await;
        assert_eq!(body["accepted"], 3, "{body}");
        ids.push(id);
    }
    let stored = behaviour_bytes(&app).await;
    assert!(contains(&stored, b"purchase"), "the scan sees the events");
    for (n, id) in (73..76).zip(&ids) {
        let uuid: uuid::Uuid = id.parse().unwrap();
        for needle in [
            id.as_bytes().to_vec(),
            uuid.as_bytes().to_vec(),
            uuid.simple().to_string().into_bytes(),
            format!("quillfeather.{n}").into_bytes(),
            format!("Janequill{n}").into_bytes(),
            format!("Featherstonewall{n}").into_bytes(),
            format!("LC-{n}").into_bytes(),
            format!("POS-{n}").into_bytes(),
            format!("4915100000{n:03}").into_bytes(),
        ] {
            assert!(
                !contains(&stored, &needle),
                "found {:?}",
                String::from_utf8_lossy(&needle)
            );
        }
    }
}

async fn device_and_loyalty_card_events_meet_in_one_profile(app: TestApp) {
    let id = app.create_subject(&jane(76)).await;
    let r = app
        .link_identifier("crm", &id, "device_id", "dev-abc-76")
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    // The app's SDK reads the device id: collected only under a consent that covers it.
    app.grant(&id, "personalisation").await;
    let by_device = json!({"identifier": {"type": "device_id", "value": "dev-abc-76"}});
    let by_card = json!({"identifier": {"type": "loyalty_card", "value": "LC-76"}});
    let body = app
        .ingest(vec![
            page_view("d1", by_device.clone(), "app"),
            purchase("d2", by_device, "40.00", 10),
            json!({"id": "c1", "subject": by_card, "type": "store_visit", "channel": "store",
                   "occurred_at": ago(5), "properties": {"store_id": "berlin-mitte"}}),
            purchase(
                "c2",
                json!({"identifier": {"type": "loyalty_card", "value": "LC-76"}}),
                "60.00",
                5,
            ),
        ])
        .await;
    assert_eq!(body["accepted"], 4, "{body}");
    let path = format!("/v1/subjects/{id}/profile");
    let crm = app.client_token("crm");
    let profile = |purpose: &'static str| app.send("GET", &path, Some(&crm), Some(purpose), None);
    let channels = |body: &Value| -> Vec<String> {
        body["channels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["channel"].as_str().unwrap().to_owned())
            .collect()
    };
    // Personalisation sees both channels' events in one profile.
    let r = profile("personalisation").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(channels(&r.body), ["app", "web"]);
    assert_eq!(r.body["orders"]["count"], 2);
    assert_eq!(r.body["orders"]["revenue"], "100.00");
    assert_eq!(r.body["orders"]["average_order_value"], "50.00");
    assert_eq!(r.body["rfm"]["r"], 5);
    assert_eq!(r.body["data"]["first_name"], "Janequill76");
    // customer_support sees purchases and store visits, not page views, and only what was
    // collected for it: not the purchase sent under the device id.
    let r = profile("customer_support").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(channels(&r.body), ["store", "web"]);
    assert_eq!(r.body["orders"]["count"], 1);
    assert_eq!(r.body["orders"]["revenue"], "60.00");
}

async fn purposes_see_only_their_event_types(app: TestApp) {
    let id = app.create_subject(&jane(77)).await;
    let sub = json!({"id": id});
    app.grant(&id, "email_marketing").await;
    app.grant(&id, "sms_marketing").await;
    app.ingest(vec![
        purchase("t1", sub.clone(), "9.99", 1),
        json!({"id": "t2", "subject": sub.clone(), "type": "email_open", "channel": "email",
               "occurred_at": ago(1), "properties": {"campaign_id": "nov-sale"}}),
        json!({"id": "t3", "subject": sub.clone(), "type": "support_contact", "channel": "call_centre",
               "occurred_at": ago(1), "properties": {"topic": "delivery"}}),
    ])
    .await;
    // Email marketing sees email events and the shopping events its automated emails follow
    // (triggers.toml), never a support contact.
    let r = app.events_of("mailer", &id, "email_marketing").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut types: Vec<&str> = r.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    types.sort_unstable();
    assert_eq!(types, ["email_open", "purchase"]);
    // SMS marketing sees only the messages sent under it (none here): no behaviour of the
    // customer, no orders.
    let r = app
        .send(
            "GET",
            &format!("/v1/subjects/{id}/profile"),
            Some(&app.client_token("mailer")),
            Some("sms_marketing"),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["channels"], json!([]));
    assert_eq!(r.body["orders"], Value::Null);
    assert_eq!(r.body["rfm"], Value::Null);
    let r = app.events_of("mailer", &id, "sms_marketing").await;
    assert_eq!(r.body["events"], json!([]));
    // Customer support sees the support contact and the purchase, not the email open.
    let r = app.events_of("crm", &id, "customer_support").await;
    let mut types: Vec<&str> = r.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    types.sort_unstable();
    assert_eq!(types, ["purchase", "support_contact"], "{}", r.body);
}

async fn email_marketing_segment_only_holds_consented_subjects(app: TestApp) {
    let mut ids = Vec::new();
    for n in 0..12u32 {
        let id = app.create_subject(&jane(100 + n)).await;
        app.ingest(vec![purchase(
            &format!("g{n}"),
            json!({"id": id}),
            "80.00",
            3,
        )])
        .await;
        if n % 4 != 3 {
            app.grant(&id, "email_marketing").await;
        }
        ids.push(id);
    }
    let members = |body: &Value| -> Vec<String> {
        body["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let r = app
        .segment("mailer", "email_marketing", json!({"conditions": {}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let first = members(&r.body);
    assert_eq!(first.len(), 9);
    assert!(r.body["members"][0]["data"]["email"].is_string());
    assert!(r.body["members"][0]["data"].get("phone").is_none());

    // Withdraw for two, object for one: the next query leaves them out.
    for id in &ids[0..2] {
        app.send(
            "PUT",
            &format!("/v1/subjects/{id}/consents/email_marketing"),
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"status": "withdrawn", "source": "email", "collected_at": ago(0), "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}})),
        )
        .await;
    }
    app.send(
        "POST",
        &format!("/v1/subjects/{}/objections", ids[2]),
        Some(&app.client_token("crm")),
        None,
        Some(&json!({"direct_marketing": true, "source": "email"})),
    )
    .await;
    let r = app
        .segment(
            "mailer",
            "email_marketing",
            json!({"conditions": {}, "limit": 2}),
        )
        .await;
    let mut all = members(&r.body);
    let mut cursor = r.body["next_cursor"].clone();
    while let Some(c) = cursor.as_str() {
        let r = app
            .segment(
                "mailer",
                "email_marketing",
                json!({"conditions": {}, "limit": 2, "cursor": c}),
            )
            .await;
        all.extend(members(&r.body));
        cursor = r.body["next_cursor"].clone();
    }
    assert_eq!(all.len(), 6, "{all:?}");
    for (n, id) in ids.iter().enumerate() {
        let expected = n % 4 != 3 && n > 2;
        assert_eq!(all.contains(id), expected, "subject {n}");
    }
}

async fn analytics_segments_give_suppressed_counts_only(app: TestApp) {
    for n in 0..12u32 {
        let id = app.create_subject(&jane(200 + n)).await;
        let amount = if n < 2 { "900.00" } else { "20.00" };
        app.ingest(vec![purchase(
            &format!("a{n}"),
            json!({"id": id}),
            amount,
            2,
        )])
        .await;
    }
    let r = app.segment("analytics", "analytics", json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.get("members").is_none());
    // 12 people, published rounded to the nearest 5.
    assert_eq!(r.body["total"], 10);
    assert_eq!(r.body["min_cell_size"], 10);
    // Two big spenders: a cell of two is suppressed, never shown, and so is its complement
    // (the ten others), or the total minus the visible cells would give the two away.
    assert_eq!(r.body["by_abc_class"]["A"], Value::Null);
    assert_eq!(r.body["by_abc_class"]["B"], Value::Null);
    assert_eq!(r.body["by_abc_class"]["C"], Value::Null);
    let r = app
        .segment(
            "analytics",
            "analytics",
            json!({"conditions": {"abc_classes": ["A"]}}),
        )
        .await;
    assert_eq!(r.body["total"], Value::Null);
}

/// Ingest adds each batch's new events to the stored aggregates instead of recounting the
/// customer's every event: what segments select on must still be what a recount gives, for
/// revenue net of returns (floored at zero only at the end), and for a purchase that arrives
/// late (older than the last one).
async fn aggregates_added_batch_by_batch_equal_a_count_of_every_event(app: TestApp) {
    let id = app.create_subject(&jane(1190)).await;
    let give_back = |n: &str, amount: &str| {
        json!({"id": n, "subject": {"id": id}, "type": "return", "channel": "store",
            "occurred_at": ago(5), "properties": {"order_id": "O-a-1", "amount": amount,
            "currency": "EUR", "reason": "damaged"}})
    };
    app.ingest(vec![purchase("a-1", json!({"id": id}), "100.00", 10)])
        .await;
    app.ingest(vec![give_back("a-2", "120.00")]).await;
    // Net -20.00: worth nothing, and a later purchase of 50.00 makes it 30.00, not 50.00.
    app.ingest(vec![purchase("a-3", json!({"id": id}), "50.00", 20)])
        .await;
    let selects = |conditions: Value| {
        let (app, id) = (&app, &id);
        async move {
            app.segment_members("crm", "customer_support", conditions)
                .await
                .contains(id)
        }
    };
    assert!(selects(json!({"min_revenue": "30.00"})).await);
    assert!(!selects(json!({"min_revenue": "30.01"})).await);
    assert!(selects(json!({"min_orders": 2, "max_orders": 2})).await);
    // The late purchase (20 days ago) leaves the last purchase at 10 days ago.
    assert!(selects(json!({"last_purchase_after": ago(11)})).await);
    assert!(!selects(json!({"last_purchase_after": ago(9)})).await);
    // A purchase redelivered in a later batch adds nothing.
    let body = app
        .ingest(vec![purchase("a-1", json!({"id": id}), "100.00", 10)])
        .await;
    assert_eq!(body["duplicates"], 1, "{body}");
    assert!(!selects(json!({"min_revenue": "30.01"})).await);
    assert!(selects(json!({"max_orders": 2})).await);
}

/// Merge × ingest: a merge and its undo rebuild both customers' aggregates from their events;
/// a batch after them adds to those rebuilt rows, so the rebuild must keep the net revenue
/// too (a return worth more than the purchases of one side).
async fn aggregates_added_after_a_merge_and_its_undo_continue_from_the_recount(app: TestApp) {
    let a = app.create_subject(&jane(1191)).await;
    let b = app.create_subject(&jane(1192)).await;
    app.ingest(vec![purchase("m-1", json!({"id": a}), "100.00", 10)])
        .await;
    app.ingest(vec![
        json!({"id": "m-2", "subject": {"id": b}, "type": "return",
        "channel": "store", "occurred_at": ago(5), "properties": {"order_id": "O-m-1",
        "amount": "150.00", "currency": "EUR", "reason": "damaged"}}),
    ])
    .await;
    let r = app.merge(&a, &b).await;
    let merge_id = r.body["merge_id"].as_str().unwrap().to_owned();
    // Merged: 100.00 - 150.00 = -50.00, worth nothing; 80.00 more makes 30.00.
    app.ingest(vec![purchase("m-3", json!({"id": a}), "80.00", 1)])
        .await;
    let holds = |min: &str| {
        let (app, a) = (&app, &a);
        let conditions = json!({ "min_revenue": min });
        async move {
            app.segment_members("crm", "customer_support", conditions)
                .await
                .contains(a)
        }
    };
    assert!(holds("30.00").await);
    assert!(!holds("30.01").await);
    // Undone: the return goes back to B, A keeps both purchases (180.00), and a batch after
    // the undo adds to that.
    let r = app.undo(&merge_id).await;
    assert_eq!(r.status, 200, "{}", r.body);
    app.ingest(vec![purchase("m-4", json!({"id": a}), "5.00", 1)])
        .await;
    assert!(holds("185.00").await);
    assert!(!holds("185.01").await);
}
