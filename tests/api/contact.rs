//! Contact decisions and communication preferences (issue 11): what a mailer asks before every
//! send, on both engines.

use serde_json::{json, Value};
use time::OffsetDateTime;
use time_tz::OffsetDateTimeExt;

use custodia::domain::Role;

use crate::helpers::{both_engines, jane, TestApp};

both_engines!(
    a_cap_of_one_allows_one_send_a_week,
    two_racing_senders_with_a_cap_of_one_get_exactly_one_allow,
    quiet_hours_hold_in_the_customers_time_zone,
    a_withdrawal_denies_the_next_decision_on_another_instance,
    each_refusal_has_its_reason,
    an_identifier_the_purpose_may_not_see_is_not_found,
    service_messages_skip_marketing_preferences,
    preferences_keep_what_a_change_leaves_out,
    preferences_follow_the_one_decision,
    a_batch_answers_each_customer_in_order,
    erasure_removes_preferences_and_suppressions,
    a_merge_keeps_the_bounces_and_sends_of_both_records,
    a_blocked_erasure_drops_what_served_contact,
);

/// Quiet hours that do not hold now: an hour-long window starting in two hours, in UTC.
pub(crate) fn quiet_elsewhere() -> Value {
    let now = OffsetDateTime::now_utc();
    let hh = |h: i64| format!("{:02}:00", (i64::from(now.hour()) + h).rem_euclid(24));
    json!({"start": hh(2), "end": hh(3), "time_zone": "UTC"})
}

impl TestApp {
    /// A customer who consented to email marketing, with quiet hours that do not hold now and
    /// an email cap of `cap`.
    async fn reachable(&self, tag: u32, cap: u32) -> String {
        let id = self.create_subject(&jane(tag)).await;
        self.grant(&id, "email_marketing").await;
        let r = self
            .put_preferences(
                &id,
                &json!({"channels": {"email": {"max_per_week": cap}}, "quiet_hours": quiet_elsewhere()}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        id
    }

    async fn put_preferences(&self, id: &str, body: &Value) -> crate::helpers::Reply {
        self.send(
            "PUT",
            &format!("/v1/subjects/{id}/preferences"),
            Some(&self.token(Role::Dpo, "dpo")),
            None,
            Some(body),
        )
        .await
    }

    pub(crate) async fn contact_decision(
        &self,
        client: &str,
        purpose: &str,
        body: &Value,
    ) -> crate::helpers::Reply {
        self.send(
            "POST",
            "/v1/contact-decisions",
            Some(&self.client_token(client)),
            Some(purpose),
            Some(body),
        )
        .await
    }

    /// The mailer's email-marketing decision for subject `id`.
    async fn may_email(&self, id: &str, record_send: bool) -> Value {
        let r = self
            .contact_decision(
                "mailer",
                "email_marketing",
                &json!({"subject": {"id": id}, "channel": "email", "record_send": record_send}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    }
}

async fn a_cap_of_one_allows_one_send_a_week(app: TestApp) {
    let id = app.reachable(1, 1).await;
    // Asking without recording counts nothing.
    assert_eq!(app.may_email(&id, false).await["decision"], "allow");
    let first = app.may_email(&id, true).await;
    assert_eq!(first["decision"], "allow", "{first}");
    assert_eq!(first["reason"], "consent");
    assert_eq!(first["send_recorded"], true);
    let second = app.may_email(&id, true).await;
    assert_eq!(second["decision"], "defer", "{second}");
    assert_eq!(second["reason"], "frequency_cap");
    let next = OffsetDateTime::parse(
        second["next_allowed_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let in_a_week = OffsetDateTime::now_utc() + time::Duration::days(7);
    assert!(
        (next - in_a_week).abs() < time::Duration::minutes(5),
        "{next}"
    );
    // One send stored, as a message_sent event of the purpose.
    assert_eq!(
        app.count(
            true,
            "SELECT COUNT(*) FROM events WHERE event_type = 'message_sent' \
             AND purposes = '|email_marketing|'"
        )
        .await,
        1
    );
    // Each decision is audited, the allowed one naming the address field it uses.
    let entries: Vec<Value> = app
        .audit(&format!("?subject={id}"))
        .await
        .into_iter()
        .filter(|e| e["action"] == "contact.decision")
        .collect();
    assert_eq!(entries.len(), 3, "{entries:?}");
    assert!(entries
        .iter()
        .any(|e| e["decision"] == "denied" && e["reason"] == "email:frequency_cap"));
    assert!(entries
        .iter()
        .any(|e| e["decision"] == "allowed" && e["reason"] == "email:send_recorded"));
}

async fn two_racing_senders_with_a_cap_of_one_get_exactly_one_allow(app: TestApp) {
    let other = app.another_instance().await;
    let token = app.client_token("mailer");
    for tag in 0..4 {
        let id = app.reachable(10 + tag, 1).await;
        let body = json!({"subject": {"id": id}, "channel": "email", "record_send": true});
        let send = |base: String| {
            let (token, body) = (token.clone(), body.clone());
            let app = &app;
            async move {
                app.send_to(
                    &base,
                    "POST",
                    "/v1/contact-decisions",
                    Some(&token),
                    Some("email_marketing"),
                    Some(&body),
                    &[],
                )
                .await
            }
        };
        let (a, b) = tokio::join!(send(app.base.clone()), send(other.base.clone()));
        assert_eq!((a.status, b.status), (200, 200), "{} {}", a.body, b.body);
        let allowed = [&a.body, &b.body]
            .iter()
            .filter(|d| d["decision"] == "allow")
            .count();
        assert_eq!(allowed, 1, "{} {}", a.body, b.body);
        let deferred = [&a.body, &b.body]
            .iter()
            .any(|d| d["decision"] == "defer" && d["reason"] == "frequency_cap");
        assert!(deferred, "{} {}", a.body, b.body);
    }
    assert_eq!(
        app.count(
            true,
            "SELECT COUNT(*) FROM events WHERE event_type = 'message_sent'"
        )
        .await,
        4
    );
}

async fn quiet_hours_hold_in_the_customers_time_zone(app: TestApp) {
    // A window around the present hour in Berlin; New York is six hours behind, outside it.
    let berlin = custodia::domain::time_zone("Europe/Berlin").unwrap();
    let local = OffsetDateTime::now_utc().to_timezone(berlin);
    let hh = |h: i64| format!("{:02}:00", (i64::from(local.hour()) + h).rem_euclid(24));
    let (start, end) = (hh(-1), hh(2));
    let mut decisions = Vec::new();
    for (tag, zone) in [(20, "Europe/Berlin"), (21, "America/New_York")] {
        let id = app.create_subject(&jane(tag)).await;
        app.grant(&id, "email_marketing").await;
        let r = app
            .put_preferences(
                &id,
                &json!({"quiet_hours": {"start": start, "end": end, "time_zone": zone}}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.body["quiet_hours"]["source"], "customer");
        decisions.push(app.may_email(&id, false).await);
    }
    assert_eq!(decisions[0]["decision"], "defer", "{}", decisions[0]);
    assert_eq!(decisions[0]["reason"], "quiet_hours");
    let next = OffsetDateTime::parse(
        decisions[0]["next_allowed_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let next_local = next.to_timezone(berlin);
    assert_eq!(format!("{:02}:00", next_local.hour()), end);
    assert_eq!(next_local.minute(), 0);
    assert!(next > OffsetDateTime::now_utc());
    assert_eq!(decisions[1]["decision"], "allow", "{}", decisions[1]);
}

async fn a_withdrawal_denies_the_next_decision_on_another_instance(app: TestApp) {
    let other = app.another_instance().await;
    let id = app.reachable(30, 3).await;
    let ask = |base: String| {
        let app = &app;
        let id = id.clone();
        async move {
            app.send_to(
                &base,
                "POST",
                "/v1/contact-decisions",
                Some(&app.client_token("mailer")),
                Some("email_marketing"),
                Some(&json!({"subject": {"id": id}, "channel": "email"})),
                &[],
            )
            .await
        }
    };
    assert_eq!(ask(other.base.clone()).await.body["decision"], "allow");
    let r = app
        .send(
            "PUT",
            &format!("/v1/subjects/{id}/consents/email_marketing"),
            Some(&app.client_token("mailer")),
            None,
            Some(&json!({"status": "withdrawn", "source": "email",
                "collected_at": crate::events::ago(0), "policy_version": "2026-01"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let after = ask(other.base.clone()).await;
    assert_eq!(after.body["decision"], "deny", "{}", after.body);
    assert_eq!(after.body["reason"], "consent_withdrawn");
}

async fn each_refusal_has_its_reason(app: TestApp) {
    // No consent.
    let none = app.create_subject(&jane(40)).await;
    let d = app.may_email(&none, false).await;
    assert_eq!(
        (d["decision"].as_str(), d["reason"].as_str()),
        (Some("deny"), Some("no_consent"))
    );
    // The customer opted out of email.
    let out = app.reachable(41, 3).await;
    let r = app
        .put_preferences(&out, &json!({"channels": {"email": {"opted_in": false}}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["channels"]["email"]["max_per_week"], 3,
        "the cap stays"
    );
    assert_eq!(
        app.may_email(&out, false).await["reason"],
        "channel_opted_out"
    );
    // A hard bounce on the channel.
    let bounced = app.reachable(42, 3).await;
    app.vault_sql(&format!(
        "INSERT INTO channel_suppressions (subject_id, channel, cause, since_us) \
         VALUES ({}, 'email', 'hard_bounce', 1)",
        app.id_sql(&bounced)
    ))
    .await;
    assert_eq!(app.may_email(&bounced, false).await["reason"], "suppressed");
    // Restricted, objected.
    let restricted = app.reachable(43, 3).await;
    let dpo = app.token(Role::Dpo, "dpo");
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{restricted}/restriction"),
            Some(&dpo),
            None,
            Some(&json!({"reason": "accuracy_contested"})),
        )
        .await;
    assert!(r.status < 300, "{}", r.body);
    assert_eq!(
        app.may_email(&restricted, false).await["reason"],
        "restricted"
    );
    let objected = app.reachable(44, 3).await;
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{objected}/objections"),
            Some(&dpo),
            None,
            Some(&json!({"direct_marketing": true, "source": "email"})),
        )
        .await;
    assert!(r.status < 300, "{}", r.body);
    assert_eq!(app.may_email(&objected, false).await["reason"], "objected");
    // Erased, and an id nobody holds.
    let erased = app.reachable(45, 3).await;
    assert_eq!(app.erase(&erased).await.status, 200);
    assert_eq!(app.may_email(&erased, false).await["reason"], "erased");
    let nobody = uuid::Uuid::new_v4().to_string();
    assert_eq!(app.may_email(&nobody, false).await["reason"], "not_found");
    // A channel the purpose does not contact on, and a purpose that contacts nobody.
    let sms = app
        .contact_decision(
            "mailer",
            "email_marketing",
            &json!({"subject": {"id": none}, "channel": "sms"}),
        )
        .await;
    assert_eq!(sms.status, 400, "{}", sms.body);
    assert_eq!(sms.body["errors"][0]["field"], "/channel", "{}", sms.body);
    let analytics = app
        .contact_decision(
            "analytics",
            "analytics",
            &json!({"subject": {"id": none}, "channel": "email"}),
        )
        .await;
    assert_eq!(analytics.status, 403, "{}", analytics.body);
    // A customer token may not ask.
    let own = app
        .send(
            "POST",
            "/v1/contact-decisions",
            Some(&app.token(Role::Subject, &none)),
            Some("email_marketing"),
            Some(&json!({"subject": {"id": none}, "channel": "email"})),
        )
        .await;
    assert_eq!(own.status, 403, "{}", own.body);
}

async fn an_identifier_the_purpose_may_not_see_is_not_found(app: TestApp) {
    // Known without consent, known with consent, unknown: only the consented one is told
    // apart from a stranger.
    let _known = app.create_subject(&jane(50)).await;
    let consented = app.reachable(51, 3).await;
    let by_email = |tag: u32| {
        json!({"subject": {"identifier": {"type": "email",
            "value": format!("Jane.Quillfeather.{tag}@Example.com")}}, "channel": "email"})
    };
    let known = app
        .contact_decision("mailer", "email_marketing", &by_email(50))
        .await
        .body;
    let stranger = app
        .contact_decision("mailer", "email_marketing", &by_email(59))
        .await
        .body;
    assert_eq!(known, stranger);
    assert_eq!(known["reason"], "not_found");
    let allowed = app
        .contact_decision("mailer", "email_marketing", &by_email(51))
        .await
        .body;
    assert_eq!(allowed["decision"], "allow", "{allowed}");
    // The audit keeps the true reason.
    let entries = app.audit("?client=mailer").await;
    assert!(
        entries.iter().any(|e| e["reason"] == "email:no_consent"),
        "{entries:?}"
    );
    let _ = consented;
    // A malformed identifier is the caller's error.
    let bad = app
        .contact_decision(
            "mailer",
            "email_marketing",
            &json!({"subject": {"identifier": {"type": "email", "value": "not-an-email"}},
                "channel": "email"}),
        )
        .await;
    assert_eq!(bad.status, 400, "{}", bad.body);
}

async fn service_messages_skip_marketing_preferences(app: TestApp) {
    let id = app.create_subject(&jane(60)).await;
    let r = app
        .put_preferences(
            &id,
            &json!({"channels": {"email": {"opted_in": false, "max_per_week": 1}},
                "quiet_hours": {"start": "00:00", "end": "23:59", "time_zone": "UTC"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let ask = json!({"subject": {"id": id}, "channel": "email", "record_send": true});
    for _ in 0..2 {
        let d = app.contact_decision("erp", "order_fulfilment", &ask).await;
        assert_eq!(d.body["decision"], "allow", "{}", d.body);
        assert_eq!(d.body["reason"], "contract");
    }
    // A hard bounce stops service messages too: the address does not exist.
    app.vault_sql(&format!(
        "INSERT INTO channel_suppressions (subject_id, channel, cause, since_us) \
         VALUES ({}, 'email', 'hard_bounce', 1)",
        app.id_sql(&id)
    ))
    .await;
    let d = app.contact_decision("erp", "order_fulfilment", &ask).await;
    assert_eq!(d.body["reason"], "suppressed", "{}", d.body);
}

async fn preferences_keep_what_a_change_leaves_out(app: TestApp) {
    let id = app.create_subject(&jane(70)).await;
    let me = app.token(Role::Subject, &id);
    let r = app
        .send("GET", "/v1/me/preferences", Some(&me), None, None)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Defaults from contact.toml.
    assert_eq!(r.body["channels"]["email"]["opted_in"], true);
    assert_eq!(r.body["channels"]["email"]["max_per_week"], 3);
    assert_eq!(r.body["channels"]["sms"]["max_per_week"], 1);
    assert_eq!(r.body["channels"]["email"]["source"], "default");
    assert_eq!(r.body["quiet_hours"]["start"], "21:00");
    assert_eq!(r.body["quiet_hours"]["time_zone"], "Europe/Berlin");
    assert_eq!(r.body["updated_at"], Value::Null);
    let put = |body: Value| {
        let me = me.clone();
        let app = &app;
        async move {
            app.send("PUT", "/v1/me/preferences", Some(&me), None, Some(&body))
                .await
        }
    };
    let r = put(
        json!({"channels": {"email": {"opted_in": true, "max_per_week": 2}},
        "quiet_hours": {"start": "22:00", "end": "07:00", "time_zone": "Europe/Lisbon"},
        "preferred_channel": "email", "language": "pt-pt"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = put(json!({"channels": {"sms": {"opted_in": false}}})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let b = &r.body;
    assert_eq!(b["channels"]["email"]["max_per_week"], 2, "{b}");
    assert_eq!(b["channels"]["email"]["source"], "customer");
    assert_eq!(b["channels"]["sms"]["opted_in"], false);
    assert_eq!(
        b["channels"]["sms"]["max_per_week"], 1,
        "the default cap stays"
    );
    assert_eq!(b["quiet_hours"]["time_zone"], "Europe/Lisbon");
    assert_eq!(b["preferred_channel"], "email");
    assert_eq!(b["language"], "pt-PT");
    assert!(b["updated_at"].is_string());
    // Bad input: every problem with its pointer, nothing stored.
    let bad = put(
        json!({"channels": {"fax": {"opted_in": true}, "email": {"max_per_week": 0}},
        "quiet_hours": {"start": "25:00", "end": "07:00", "time_zone": "Mars/Olympus"}}),
    )
    .await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    for f in [
        "/channels/fax",
        "/channels/email/max_per_week",
        "/quiet_hours/start",
        "/quiet_hours/time_zone",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    assert_eq!(put(json!({})).await.status, 400);
    assert_eq!(put(json!({"colour": "red"})).await.status, 400);
    let again = app
        .send("GET", "/v1/me/preferences", Some(&me), None, None)
        .await;
    assert_eq!(again.body["channels"]["email"]["max_per_week"], 2);
    // In her export (Art. 15): what she chose, and no suppression.
    let export = app
        .send("GET", "/v1/me/export", Some(&me), None, None)
        .await;
    assert_eq!(export.status, 200, "{}", export.text);
    let contact = &export.body["contact"];
    assert_eq!(
        contact["preferences"]["channels"]["email"]["max_per_week"], 2,
        "{contact}"
    );
    assert_eq!(
        contact["preferences"]["quiet_hours"]["time_zone"],
        "Europe/Lisbon"
    );
    assert_eq!(contact["suppressions"], json!([]));
    // Audited without values.
    let entries: Vec<Value> = app
        .audit(&format!("?subject={id}"))
        .await
        .into_iter()
        .filter(|e| e["action"] == "preferences.update")
        .collect();
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert!(!entries.iter().any(|e| e.to_string().contains("Lisbon")));
}

async fn preferences_follow_the_one_decision(app: TestApp) {
    let id = app.create_subject(&jane(80)).await;
    let path = format!("/v1/subjects/{id}/preferences");
    let mailer = app.client_token("mailer");
    let body = json!({"channels": {"email": {"max_per_week": 1}}});
    // Without consent the mailer reads and changes nothing.
    let r = app
        .send("GET", &path, Some(&mailer), Some("email_marketing"), None)
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = app
        .send(
            "PUT",
            &path,
            Some(&mailer),
            Some("email_marketing"),
            Some(&body),
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    app.grant(&id, "email_marketing").await;
    let r = app
        .send(
            "PUT",
            &path,
            Some(&mailer),
            Some("email_marketing"),
            Some(&body),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // No purpose, a purpose it is not registered for, a purpose that contacts nobody.
    assert_eq!(
        app.send("GET", &path, Some(&mailer), None, None)
            .await
            .status,
        400
    );
    let crm = app.client_token("crm");
    let r = app
        .send("GET", &path, Some(&mailer), Some("personalisation"), None)
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = app
        .send("GET", &path, Some(&crm), Some("fraud_prevention"), None)
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    // Another customer's token cannot reach it; the DPO can.
    let stranger = app.token(Role::Subject, &uuid::Uuid::new_v4().to_string());
    assert_eq!(
        app.send("GET", &path, Some(&stranger), None, None)
            .await
            .status,
        403
    );
    let dpo = app.token(Role::Dpo, "dpo");
    let r = app.send("GET", &path, Some(&dpo), None, None).await;
    assert_eq!(r.body["channels"]["email"]["max_per_week"], 1, "{}", r.body);
    // Reading them disclosed personal data to the mailer: her access answer names it.
    let r = app
        .send("GET", &path, Some(&mailer), Some("email_marketing"), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let export = app
        .send(
            "GET",
            &format!("/v1/subjects/{id}/export"),
            Some(&dpo),
            None,
            None,
        )
        .await;
    let recipients = export.body["processing"]["recipients"].to_string();
    assert!(recipients.contains("mailer"), "{recipients}");
    // An unknown subject.
    let nobody = format!("/v1/subjects/{}/preferences", uuid::Uuid::new_v4());
    assert_eq!(
        app.send("GET", &nobody, Some(&dpo), None, None)
            .await
            .status,
        404
    );
}

async fn a_batch_answers_each_customer_in_order(app: TestApp) {
    let a = app.reachable(90, 1).await;
    let b = app.create_subject(&jane(91)).await;
    let body = json!({"channel": "email", "campaign": "xmas-2026", "record_send": true,
        "subjects": [{"id": a}, {"id": b}, {"identifier": {"type": "email", "value": "x"}},
            {"id": a}, {"nonsense": 1}]});
    let r = app
        .send(
            "POST",
            "/v1/contact-decisions:batch",
            Some(&app.client_token("mailer")),
            Some("email_marketing"),
            Some(&body),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let d = r.body["decisions"].as_array().unwrap();
    assert_eq!(d.len(), 5);
    assert_eq!(d[0]["decision"], "allow");
    assert_eq!(d[0]["send_recorded"], true);
    assert_eq!(d[1]["reason"], "no_consent");
    assert_eq!(d[2]["error"]["status"], 400, "{}", d[2]);
    // Asked twice in one batch: one send, both answers the same.
    assert_eq!(d[3]["decision"], "allow");
    assert_eq!(d[4]["error"]["status"], 400);
    assert_eq!(
        r.body["counts"],
        json!({"allow": 2, "defer": 0, "deny": 1, "invalid": 2})
    );
    assert_eq!(
        app.count(
            true,
            "SELECT COUNT(*) FROM events WHERE event_type = 'message_sent' \
             AND properties LIKE '%xmas-2026%'"
        )
        .await,
        1
    );
    // The next run of the campaign is held by the cap.
    let again = app
        .send(
            "POST",
            "/v1/contact-decisions:batch",
            Some(&app.client_token("mailer")),
            Some("email_marketing"),
            Some(&json!({"channel": "email", "subjects": [{"id": a}]})),
        )
        .await;
    assert_eq!(
        again.body["decisions"][0]["reason"], "frequency_cap",
        "{}",
        again.body
    );
    // Limits.
    let empty = app
        .send(
            "POST",
            "/v1/contact-decisions:batch",
            Some(&app.client_token("mailer")),
            Some("email_marketing"),
            Some(&json!({"channel": "email", "subjects": []})),
        )
        .await;
    assert_eq!(empty.status, 400);
}

async fn erasure_removes_preferences_and_suppressions(app: TestApp) {
    let id = app.reachable(95, 1).await;
    app.vault_sql(&format!(
        "INSERT INTO channel_suppressions (subject_id, channel, cause, since_us) \
         VALUES ({}, 'sms', 'hard_bounce', 1)",
        app.id_sql(&id)
    ))
    .await;
    assert_eq!(app.may_email(&id, true).await["send_recorded"], true);
    assert_eq!(app.erase(&id).await.status, 200);
    let idl = app.id_sql(&id);
    for table in ["contact_preferences", "channel_suppressions"] {
        let n = app
            .count(
                false,
                &format!("SELECT COUNT(*) FROM {table} WHERE subject_id = {idl}"),
            )
            .await;
        assert_eq!(n, 0, "{table}");
    }
    assert_eq!(app.count(true, "SELECT COUNT(*) FROM send_locks").await, 0);
    assert_eq!(
        app.count(
            true,
            "SELECT COUNT(*) FROM events WHERE event_type = 'message_sent'"
        )
        .await,
        0
    );
}

async fn a_merge_keeps_the_bounces_and_sends_of_both_records(app: TestApp) {
    // Two records of one person: the web shop's (a send this week) and the store's (a hard
    // bounce on sms, its own preferences).
    let web = app.reachable(97, 1).await;
    assert_eq!(app.may_email(&web, true).await["send_recorded"], true);
    let store = app
        .create_subject(&json!({"first_name": "Jo", "phone": "+49 151 55500097"}))
        .await;
    app.vault_sql(&format!(
        "INSERT INTO channel_suppressions (subject_id, channel, cause, since_us) \
         VALUES ({}, 'sms', 'hard_bounce', 1)",
        app.id_sql(&store)
    ))
    .await;
    let r = app.merge(&web, &store).await;
    assert!(r.status < 300, "{}", r.body);
    let n = app
        .count(
            false,
            &format!(
                "SELECT COUNT(*) FROM channel_suppressions WHERE subject_id = {} AND channel = 'sms'",
                app.id_sql(&web)
            ),
        )
        .await;
    assert_eq!(n, 1);
    // The cap still counts the send made before the merge; the merged-away id is not found.
    assert_eq!(app.may_email(&web, true).await["reason"], "frequency_cap");
    assert_eq!(app.may_email(&store, false).await["reason"], "not_found");
}

/// Erasure × accounting duty: the blocked customer keeps what the invoice needs, never their
/// contact preferences or suppressions, and nobody may contact them.
async fn a_blocked_erasure_drops_what_served_contact(app: TestApp) {
    let id = app.reachable(98, 2).await;
    app.vault_sql(&format!(
        "INSERT INTO channel_suppressions (subject_id, channel, cause, since_us) \
         VALUES ({}, 'sms', 'hard_bounce', 1)",
        app.id_sql(&id)
    ))
    .await;
    let body = app
        .ingest(vec![crate::events::purchase(
            "inv-98",
            json!({"id": id}),
            "40.00",
            3,
        )])
        .await;
    assert_eq!(body["accepted"], 1, "{body}");
    let r = app.erase(&id).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["blocked"]["purposes"],
        json!(["accounting"]),
        "{}",
        r.body
    );
    let idl = app.id_sql(&id);
    for table in ["contact_preferences", "channel_suppressions"] {
        let n = app
            .count(
                false,
                &format!("SELECT COUNT(*) FROM {table} WHERE subject_id = {idl}"),
            )
            .await;
        assert_eq!(n, 0, "{table}");
    }
    assert_eq!(app.may_email(&id, false).await["reason"], "restricted");
}
