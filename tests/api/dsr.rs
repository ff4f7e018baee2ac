//! Data-subject requests: logging from any channel, the legal deadline (overdue on the right
//! day), the workflow's transitions, listing order and paging, roles, audit, metrics, and no
//! personal data in the DSR tables.

use custodia::domain::Role;
use custodia::service::due_date_in;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, Time};
use time_tz::OffsetDateTimeExt;

use crate::helpers::{both_engines, jane, Engine, Reply, TestApp};

/// The shipped controller's time zone (`policies/controller.toml`): deadlines end there.
fn berlin() -> &'static custodia::domain::Tz {
    custodia::domain::time_zone("Europe/Berlin").unwrap()
}

/// The deadline of a request received at `received`, on the shipped controller's calendar.
fn due(received: OffsetDateTime, extended: bool) -> OffsetDateTime {
    due_date_in(received, extended, berlin())
}

both_engines!(
    deadlines_end_at_midnight_in_the_controllers_time_zone,
    a_call_centre_logs_requests_by_id_or_identifier,
    overdue_is_reported_on_the_right_day,
    listing_puts_overdue_first_then_orders_by_due_date,
    listing_filters_and_pages,
    workflow_refuses_invalid_transitions,
    extension_moves_the_deadline_once_and_only_in_time,
    verify_can_tie_an_unresolved_request_to_a_subject,
    requests_are_validated,
    roles_are_enforced,
    every_step_is_audited_and_recorded_without_personal_data,
    metrics_count_open_and_overdue_requests,
    concurrent_steps_on_one_request_cannot_both_succeed,
    an_erasure_request_is_completed_only_once_its_subject_is_erased,
    an_erasure_request_naming_no_subject_cannot_be_completed,
    completing_an_access_request_records_the_export_delivered,
    the_export_delivered_is_validated,
);

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap()
}

/// Noon (UTC) `days` days before today: far from midnight, so the due day is unambiguous.
fn noon_days_ago(days: i64) -> OffsetDateTime {
    let today = OffsetDateTime::now_utc().replace_time(Time::MIDNIGHT);
    today - Duration::days(days) + Duration::hours(12)
}

/// A completion body for an access request: which export was delivered, a minute ago.
fn delivered() -> Value {
    json!({"export": {
        "delivered_at": rfc3339(OffsetDateTime::now_utc() - Duration::minutes(1)),
        "format": "json",
    }})
}

fn dpo(app: &TestApp) -> String {
    app.token(Role::Dpo, "dpo")
}

impl TestApp {
    async fn log_dsr(&self, token: &str, body: &Value) -> Reply {
        self.send("POST", "/v1/dsr", Some(token), None, Some(body))
            .await
    }

    /// Logs an access request for `subject` received at `received` (as the DPO); returns it.
    async fn dsr_received(&self, subject: &str, received: OffsetDateTime) -> Value {
        let r = self
            .log_dsr(
                &dpo(self),
                &json!({
                    "type": "access",
                    "subject": { "id": subject },
                    "channel": "email",
                    "received_at": rfc3339(received),
                }),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        r.body
    }

    async fn dsr_step(&self, id: &str, step: &str, body: Option<&Value>) -> Reply {
        self.send(
            "POST",
            &format!("/v1/dsr/{id}/{step}"),
            Some(&dpo(self)),
            None,
            body,
        )
        .await
    }

    async fn dsr_list(&self, query: &str) -> Value {
        let r = self
            .send(
                "GET",
                &format!("/v1/dsr{query}"),
                Some(&dpo(self)),
                None,
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    }

    async fn metrics_text(&self) -> String {
        let mut res = self
            .http
            .get(format!("{}/metrics", self.base))
            .insert_header((
                "Authorization",
                format!("Bearer {}", self.token(Role::Admin, "ops")),
            ))
            .send()
            .await
            .unwrap();
        String::from_utf8(res.body().await.unwrap().to_vec()).unwrap()
    }

    /// Every text column of the DSR tables, for scanning.
    async fn dsr_tables_text(&self) -> String {
        let requests = "SELECT id || kind || channel || status || COALESCE(extension_reason, '') \
                        || COALESCE(outcome_reason, '') || created_by || request_id \
                        FROM dsr_requests";
        let events = "SELECT dsr_id || action || actor || COALESCE(reason, '') || request_id \
                      FROM dsr_events";
        let mut out: Vec<(String,)> = Vec::new();
        for sql in [requests, events] {
            let rows: Vec<(String,)> = match self.engine {
                Engine::Sqlite => {
                    use sqlx::Connection;
                    let mut c = sqlx::SqliteConnection::connect(&self.vault_url)
                        .await
                        .unwrap();
                    sqlx::query_as(sql).fetch_all(&mut c).await.unwrap()
                }
                Engine::Postgres => {
                    use sqlx::Connection;
                    let mut c = sqlx::PgConnection::connect(&self.vault_url).await.unwrap();
                    sqlx::query_as(sql).fetch_all(&mut c).await.unwrap()
                }
            };
            out.extend(rows);
        }
        out.into_iter().map(|(s,)| s).collect::<Vec<_>>().join("\n")
    }
}

fn ids(list: &Value) -> Vec<String> {
    list["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_call_centre_logs_requests_by_id_or_identifier(app: TestApp) {
    let subject = app.create_subject(&jane(700)).await;
    let crm = app.client_token("crm");

    // By id, from the call centre: 201 with the deadline, and without the subject (a client
    // learns nothing about who is a customer from the answer).
    let r = app
        .log_dsr(
            &crm,
            &json!({ "type": "erasure", "subject": { "id": subject }, "channel": "call_centre" }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let d = &r.body;
    let id = d["id"].as_str().unwrap();
    assert_eq!(d["type"], "erasure");
    assert_eq!(d["channel"], "call_centre");
    assert_eq!(d["status"], "received");
    assert_eq!(d["overdue"], false);
    assert_eq!(d["extended"], false);
    assert_eq!(d["created_by"], "crm");
    assert!(d.get("subject").is_none(), "{d}");
    let received = OffsetDateTime::parse(d["received_at"].as_str().unwrap(), &Rfc3339).unwrap();
    assert!((OffsetDateTime::now_utc() - received).whole_seconds().abs() < 60);
    let due = due(received, false);
    assert_eq!(
        OffsetDateTime::parse(d["due_at"].as_str().unwrap(), &Rfc3339).unwrap(),
        due
    );
    assert_eq!(d["due_date"], due.date().to_string());
    assert_eq!(d["history"][0]["action"], "received");

    // The DPO sees the subject and the history.
    let r = app
        .send(
            "GET",
            &format!("/v1/dsr/{id}"),
            Some(&dpo(&app)),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["subject"], subject.as_str());
    assert_eq!(r.body["history"].as_array().unwrap().len(), 1);
    assert_eq!(r.body["history"][0]["actor"], "crm");

    // By identifier: resolved through the blind index (email is normalised).
    let r = app
        .log_dsr(
            &dpo(&app),
            &json!({
                "type": "access",
                "subject": { "identifier": { "type": "email", "value": " JANE.QUILLFEATHER.700@example.com " } },
                "channel": "web",
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["subject"], subject.as_str());
    let r = app
        .log_dsr(
            &dpo(&app),
            &json!({
                "type": "portability",
                "subject": { "identifier": { "type": "loyalty_card", "value": "LC-700" } },
                "channel": "store",
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["subject"], subject.as_str());

    // An identifier that names nobody: the request is still logged (it must be answered),
    // without a subject.
    let r = app
        .log_dsr(
            &dpo(&app),
            &json!({
                "type": "access",
                "subject": { "identifier": { "type": "email", "value": "nobody.here.701@example.com" } },
                "channel": "email",
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["subject"], Value::Null);
}

async fn overdue_is_reported_on_the_right_day(app: TestApp) {
    let subject = app.create_subject(&jane(710)).await;
    let now = OffsetDateTime::now_utc();

    // Received 32 days ago: the month has run out whatever the month lengths (overdue);
    // received 28 days ago: it cannot have (not overdue).
    let late = app.dsr_received(&subject, noon_days_ago(32)).await;
    assert_eq!(late["overdue"], true, "{late}");
    let fresh = app.dsr_received(&subject, noon_days_ago(28)).await;
    assert_eq!(fresh["overdue"], false, "{fresh}");

    // Around the boundary the answer depends on the calendar: the API agrees with the
    // deadline rule day by day, and both answers occur.
    let mut seen = (false, false);
    for days in 26..=34 {
        let received = noon_days_ago(days);
        let due = due(received, false);
        let expected = now > due;
        let d = app.dsr_received(&subject, received).await;
        assert_eq!(d["overdue"], expected, "received {days} days ago: {d}");
        assert_eq!(d["due_date"], due.date().to_string());
        // Overdue exactly when today is after the due day.
        assert_eq!(
            expected,
            now.to_timezone(berlin()).date() > due.date(),
            "received {days} days ago"
        );
        if expected {
            seen.0 = true;
        } else {
            seen.1 = true;
        }
        // Read back, the answer is the same.
        let r = app
            .send(
                "GET",
                &format!("/v1/dsr/{}", d["id"].as_str().unwrap()),
                Some(&dpo(&app)),
                None,
                None,
            )
            .await;
        assert_eq!(r.body["overdue"], expected);
    }
    assert_eq!(seen, (true, true));

    // A request due today (the last day) is not overdue; one due yesterday is.
    for days in 27..=31 {
        let received = noon_days_ago(days);
        let due_day = due(received, false).date();
        if due_day == now.to_timezone(berlin()).date() {
            let d = app.dsr_received(&subject, received).await;
            assert_eq!(d["overdue"], false, "due today: {d}");
        } else if due_day.next_day() == Some(now.to_timezone(berlin()).date()) {
            let d = app.dsr_received(&subject, received).await;
            assert_eq!(d["overdue"], true, "due yesterday: {d}");
        }
    }

    // A closed request is never overdue, but is marked late if it was closed after its day.
    let id = late["id"].as_str().unwrap();
    assert_eq!(app.dsr_step(id, "verify", None).await.status, 200);
    let r = app.dsr_step(id, "complete", Some(&delivered())).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["overdue"], false);
    assert_eq!(r.body["late"], true);
    let r = app
        .dsr_step(
            fresh["id"].as_str().unwrap(),
            "reject",
            Some(&json!({"reason": "identity_not_verified"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["late"], false);
}

async fn listing_puts_overdue_first_then_orders_by_due_date(app: TestApp) {
    let subject = app.create_subject(&jane(720)).await;
    let c = app.dsr_received(&subject, noon_days_ago(2)).await;
    let a = app.dsr_received(&subject, noon_days_ago(40)).await;
    let d = app.dsr_received(&subject, noon_days_ago(20)).await;
    let b = app.dsr_received(&subject, noon_days_ago(33)).await;
    // Closed long ago: due earliest of all, but not overdue.
    let e = app.dsr_received(&subject, noon_days_ago(50)).await;
    let e_id = e["id"].as_str().unwrap();
    assert_eq!(app.dsr_step(e_id, "verify", None).await.status, 200);
    assert_eq!(
        app.dsr_step(e_id, "complete", Some(&delivered()))
            .await
            .status,
        200
    );

    let list = app.dsr_list("").await;
    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();
    assert_eq!(ids(&list), [id(&a), id(&b), id(&e), id(&d), id(&c)]);
    let overdue: Vec<bool> = list["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["overdue"].as_bool().unwrap())
        .collect();
    assert_eq!(overdue, [true, true, false, false, false]);
    assert_eq!(list["counts"], json!({ "open": 4, "overdue": 2 }));
    assert_eq!(list["next_after"], Value::Null);
    // Listings carry no history; the subject is shown to the DPO.
    assert!(list["requests"][0].get("history").is_none());
    assert_eq!(list["requests"][0]["subject"], subject.as_str());
}

async fn listing_filters_and_pages(app: TestApp) {
    let subject = app.create_subject(&jane(730)).await;
    let mut all = Vec::new();
    for days in [45, 35, 25, 15, 5, 1] {
        all.push(app.dsr_received(&subject, noon_days_ago(days)).await);
    }
    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();
    let verified = id(&all[2]);
    assert_eq!(app.dsr_step(&verified, "verify", None).await.status, 200);
    let rejected = id(&all[3]);
    let r = app
        .dsr_step(
            &rejected,
            "reject",
            Some(&json!({"reason": "manifestly_unfounded"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    assert_eq!(
        ids(&app.dsr_list("?overdue=true").await),
        [id(&all[0]), id(&all[1])]
    );
    assert_eq!(
        ids(&app.dsr_list("?overdue=false").await),
        [id(&all[2]), id(&all[3]), id(&all[4]), id(&all[5])]
    );
    assert_eq!(
        ids(&app.dsr_list("?status=verified").await),
        vec![verified.as_str()]
    );
    assert_eq!(
        ids(&app.dsr_list("?status=rejected").await),
        vec![rejected.as_str()]
    );
    assert_eq!(
        ids(&app.dsr_list("?status=closed").await),
        vec![rejected.as_str()]
    );
    assert_eq!(
        ids(&app.dsr_list("?status=open").await),
        [
            id(&all[0]),
            id(&all[1]),
            id(&all[2]),
            id(&all[4]),
            id(&all[5])
        ]
    );
    assert_eq!(
        ids(&app.dsr_list("?status=received&overdue=false").await),
        [id(&all[4]), id(&all[5])]
    );
    // due_before is exclusive: the third request's due time itself is not before it.
    let due_third = all[2]["due_at"].as_str().unwrap().replace('+', "%2B");
    assert_eq!(
        ids(&app.dsr_list(&format!("?due_before={due_third}")).await),
        [id(&all[0]), id(&all[1])]
    );

    // Pages of two, following next_after, give the full listing in order.
    let full = ids(&app.dsr_list("").await);
    assert_eq!(full.len(), 6);
    let mut paged = Vec::new();
    let mut query = "?limit=2".to_owned();
    loop {
        let page = app.dsr_list(&query).await;
        paged.extend(ids(&page));
        match page["next_after"].as_str() {
            Some(after) => query = format!("?limit=2&after={after}"),
            None => break,
        }
    }
    assert_eq!(paged, full);

    for bad in [
        "?limit=0",
        "?limit=1001",
        "?status=pending",
        "?overdue=maybe",
        "?due_before=yesterday",
        "?after=garbage",
        "?subject=x",
    ] {
        let r = app
            .send(
                "GET",
                &format!("/v1/dsr{bad}"),
                Some(&dpo(&app)),
                None,
                None,
            )
            .await;
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
        assert_eq!(r.content_type, "application/problem+json");
    }
}

async fn workflow_refuses_invalid_transitions(app: TestApp) {
    let subject = app.create_subject(&jane(740)).await;
    let d = app.dsr_received(&subject, noon_days_ago(3)).await;
    let id = d["id"].as_str().unwrap();

    // Completing before the identity is verified is refused.
    let r = app.dsr_step(id, "complete", None).await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(r.body["code"], "conflict");

    let r = app.dsr_step(id, "verify", None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "verified");
    assert!(r.body["verified_at"].is_string());
    assert_eq!(app.dsr_step(id, "verify", None).await.status, 409);

    let mut body = delivered();
    body["reason"] = json!("export_sent");
    let r = app.dsr_step(id, "complete", Some(&body)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "completed");
    assert_eq!(r.body["outcome_reason"], "export_sent");
    assert!(r.body["closed_at"].is_string());
    let actions: Vec<&str> = r.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["received", "verified", "completed"]);
    assert_eq!(r.body["history"][2]["reason"], "export_sent");

    // A closed request is final.
    for (step, body) in [
        ("verify", None),
        ("complete", None),
        ("extend", Some(json!({"reason": "complex"}))),
        ("reject", Some(json!({"reason": "too_late"}))),
    ] {
        let r = app.dsr_step(id, step, body.as_ref()).await;
        assert_eq!(r.status, 409, "{step}: {}", r.body);
    }

    // Rejection needs a reason, without personal data, of at most 200 characters.
    let other = app.dsr_received(&subject, noon_days_ago(1)).await;
    let other = other["id"].as_str().unwrap();
    for body in [
        json!({}),
        json!({"reason": ""}),
        json!({"reason": "x".repeat(201)}),
        json!({"reason": "wrote to jane.quillfeather.740@example.com"}),
        json!({"reason": "+49 151 00000740"}),
        json!({"reason": "ok", "note": "unknown field"}),
    ] {
        let r = app.dsr_step(other, "reject", Some(&body)).await;
        assert_eq!(r.status, 400, "{body}: {}", r.body);
    }
    let r = app
        .dsr_step(other, "reject", Some(&json!({"reason": "x".repeat(200)})))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "rejected");

    // Unknown, malformed ids; unsupported methods.
    let unknown = uuid::Uuid::new_v4();
    for step in ["verify", "complete"] {
        let r = app.dsr_step(&unknown.to_string(), step, None).await;
        assert_eq!(r.status, 404, "{}", r.body);
        assert_eq!(r.body["detail"], "no such data-subject request");
    }
    let r = app
        .send(
            "GET",
            &format!("/v1/dsr/{unknown}"),
            Some(&dpo(&app)),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 404);
    let r = app
        .send("GET", "/v1/dsr/not-a-uuid", Some(&dpo(&app)), None, None)
        .await;
    assert_eq!(r.status, 400);
    let r = app.dsr_step(id, "verify", Some(&json!({"bogus": 1}))).await;
    assert_eq!(r.status, 400);
    let r = app
        .send(
            "DELETE",
            &format!("/v1/dsr/{id}"),
            Some(&dpo(&app)),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 405);
    let r = app
        .send(
            "GET",
            &format!("/v1/dsr/{id}/verify"),
            Some(&dpo(&app)),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 405);
}

async fn extension_moves_the_deadline_once_and_only_in_time(app: TestApp) {
    let subject = app.create_subject(&jane(750)).await;
    let received = noon_days_ago(10);
    let d = app.dsr_received(&subject, received).await;
    let id = d["id"].as_str().unwrap();

    let r = app.dsr_step(id, "extend", Some(&json!({}))).await;
    assert_eq!(r.status, 400, "a reason is required: {}", r.body);
    let r = app
        .dsr_step(id, "extend", Some(&json!({"reason": "complex_request"})))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["extended"], true);
    assert_eq!(r.body["extension_reason"], "complex_request");
    assert_eq!(r.body["status"], "received");
    let due = due(received, true);
    assert_eq!(
        r.body["due_at"],
        rfc3339(due.to_offset(time::UtcOffset::UTC))
    );
    assert_eq!(r.body["due_date"], due.date().to_string());
    let r = app
        .dsr_step(id, "extend", Some(&json!({"reason": "again"})))
        .await;
    assert_eq!(r.status, 409, "only once: {}", r.body);

    // Too late: the first month has run out (the extension must be told within it).
    let late = app.dsr_received(&subject, noon_days_ago(40)).await;
    let r = app
        .dsr_step(
            late["id"].as_str().unwrap(),
            "extend",
            Some(&json!({"reason": "complex_request"})),
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body["detail"].as_str().unwrap().contains("12(3)"));

    // The extended request is not overdue; the one that missed its month is.
    let list = app.dsr_list("?overdue=true").await;
    assert_eq!(ids(&list), [late["id"].as_str().unwrap().to_owned()]);
}

async fn verify_can_tie_an_unresolved_request_to_a_subject(app: TestApp) {
    let subject = app.create_subject(&jane(760)).await;
    let r = app
        .log_dsr(
            &dpo(&app),
            &json!({
                "type": "rectification",
                "subject": { "identifier": { "type": "email", "value": "typo.760@example.com" } },
                "channel": "social",
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["subject"], Value::Null);
    let id = r.body["id"].as_str().unwrap().to_owned();

    // A subject that does not exist is refused, and nothing changes.
    let r = app
        .dsr_step(
            &id,
            "verify",
            Some(&json!({"subject": {"identifier": {"type": "email", "value": "typo.760@example.com"}}})),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let r = app
        .dsr_step(
            &id,
            "verify",
            Some(&json!({"subject": {"id": uuid::Uuid::new_v4()}})),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);

    let r = app
        .dsr_step(
            &id,
            "verify",
            Some(&json!({"subject": {"identifier": {"type": "pos_customer", "value": "POS-760"}}})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["subject"], subject.as_str());
    assert_eq!(r.body["status"], "verified");
    assert_eq!(r.body["history"][1]["reason"], "subject_linked");
}

async fn requests_are_validated(app: TestApp) {
    let subject = app.create_subject(&jane(770)).await;
    let token = dpo(&app);
    let r = app
        .log_dsr(
            &token,
            &json!({ "type": "delete", "subject": { "id": subject }, "channel": "fax" }),
        )
        .await;
    assert_eq!(r.status, 400);
    let fields: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["/type", "/channel"]);

    let future = rfc3339(OffsetDateTime::now_utc() + Duration::hours(1));
    let r = app
        .log_dsr(
            &token,
            &json!({ "type": "access", "subject": { "id": subject }, "channel": "web", "received_at": future }),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["errors"][0]["field"], "/received_at");

    let r = app
        .log_dsr(
            &token,
            &json!({ "type": "access", "subject": { "id": subject }, "channel": "web", "received_at": "last tuesday" }),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["errors"][0]["field"], "/received_at");

    for subject_ref in [
        json!({ "id": "not-a-uuid" }),
        json!({ "id": uuid::Uuid::new_v4() }),
        json!({}),
        json!({ "id": subject, "identifier": { "type": "email", "value": "a@example.com" } }),
        json!({ "identifier": { "type": "shoe_size", "value": "42" } }),
        json!({ "identifier": { "type": "email", "value": "not an email" } }),
    ] {
        let r = app
            .log_dsr(
                &token,
                &json!({ "type": "access", "subject": subject_ref, "channel": "web" }),
            )
            .await;
        assert_eq!(r.status, 400, "{subject_ref}: {}", r.body);
        assert_eq!(r.content_type, "application/problem+json");
        // The problem never repeats the value sent.
        assert!(!r.body.to_string().contains("not an email"));
    }
    let r = app
        .log_dsr(
            &token,
            &json!({ "type": "access", "subject": { "id": subject }, "channel": "web", "extra": 1 }),
        )
        .await;
    assert_eq!(r.status, 400);
    // Nothing was stored by any refused request.
    assert_eq!(app.dsr_list("").await["requests"], json!([]));
}

async fn roles_are_enforced(app: TestApp) {
    let subject = app.create_subject(&jane(780)).await;
    let body = json!({ "type": "access", "subject": { "id": subject }, "channel": "app" });
    let admin = app.token(Role::Admin, "ops");
    let r = app.log_dsr(&admin, &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["subject"], subject.as_str());
    let id = r.body["id"].as_str().unwrap().to_owned();

    let crm = app.client_token("crm");
    let customer = app.token(Role::Subject, &subject);
    assert_eq!(app.log_dsr(&customer, &body).await.status, 403);
    for (method, path, body) in [
        ("GET", "/v1/dsr".to_owned(), None),
        ("GET", format!("/v1/dsr/{id}"), None),
        ("POST", format!("/v1/dsr/{id}/verify"), None),
        (
            "POST",
            format!("/v1/dsr/{id}/extend"),
            Some(json!({"reason": "x"})),
        ),
        ("POST", format!("/v1/dsr/{id}/complete"), None),
        (
            "POST",
            format!("/v1/dsr/{id}/reject"),
            Some(json!({"reason": "x"})),
        ),
    ] {
        for token in [&crm, &customer] {
            let r = app
                .send(method, &path, Some(token), None, body.as_ref())
                .await;
            assert_eq!(r.status, 403, "{method} {path}: {}", r.body);
        }
        let r = app.send(method, &path, None, None, body.as_ref()).await;
        assert_eq!(r.status, 401, "{method} {path}");
    }
    // Admins work requests too.
    let r = app
        .send(
            "POST",
            &format!("/v1/dsr/{id}/verify"),
            Some(&admin),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["history"][1]["actor"], "ops");
}

async fn every_step_is_audited_and_recorded_without_personal_data(app: TestApp) {
    let subject = app.create_subject(&jane(790)).await;
    let crm = app.client_token("crm");
    let r = app
        .log_dsr(
            &crm,
            &json!({
                "type": "objection",
                "subject": { "identifier": { "type": "email", "value": "Jane.Quillfeather.790@Example.com" } },
                "channel": "call_centre",
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(app.dsr_step(&id, "complete", None).await.status, 409);
    assert_eq!(app.dsr_step(&id, "verify", None).await.status, 200);
    let r = app
        .dsr_step(
            &id,
            "extend",
            Some(&json!({"reason": "awaiting_documents"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(app.dsr_step(&id, "complete", None).await.status, 200);

    let entries: Vec<(Value, Value, Value, Value)> = app
        .audit(&format!("?subject={subject}"))
        .await
        .into_iter()
        .filter(|e| e["action"].as_str().unwrap().starts_with("dsr."))
        .map(|e| {
            (
                e["action"].clone(),
                e["decision"].clone(),
                e["reason"].clone(),
                e["actor"]["id"].clone(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                json!("dsr.create"),
                json!("allowed"),
                json!("objection"),
                json!("crm")
            ),
            (
                json!("dsr.complete"),
                json!("denied"),
                json!("not_verified"),
                json!("dpo")
            ),
            (
                json!("dsr.verify"),
                json!("allowed"),
                Value::Null,
                json!("dpo")
            ),
            (
                json!("dsr.extend"),
                json!("allowed"),
                Value::Null,
                json!("dpo")
            ),
            (
                json!("dsr.complete"),
                json!("allowed"),
                Value::Null,
                json!("dpo")
            ),
        ]
    );
    // Reads are audited too, including a read of an unknown request.
    let _ = app.dsr_list("").await;
    let _ = app
        .send(
            "GET",
            &format!("/v1/dsr/{}", uuid::Uuid::new_v4()),
            Some(&dpo(&app)),
            None,
            None,
        )
        .await;
    let reads: Vec<(Value, Value)> = app
        .audit("?client=dpo")
        .await
        .into_iter()
        .filter(|e| e["action"] == "dsr.read")
        .map(|e| (e["decision"].clone(), e["reason"].clone()))
        .collect();
    assert_eq!(
        reads,
        [
            (json!("allowed"), json!("list")),
            (json!("denied"), json!("not_found")),
        ]
    );
    assert_eq!(app.verify_audit().await["valid"], true);

    // The DSR tables hold no identifier or personal value of the customer.
    let stored = app.dsr_tables_text().await.to_lowercase();
    assert!(stored.contains(&id), "the scan reads the tables");
    for needle in [
        "quillfeather",
        "janequill",
        "featherstonewall",
        "lc-790",
        "pos-790",
        "00000790",
    ] {
        assert!(!stored.contains(needle), "{needle} found in the DSR tables");
    }
}

async fn metrics_count_open_and_overdue_requests(app: TestApp) {
    let subject = app.create_subject(&jane(800)).await;
    let a = app.dsr_received(&subject, noon_days_ago(40)).await;
    app.dsr_received(&subject, noon_days_ago(35)).await;
    app.dsr_received(&subject, noon_days_ago(3)).await;
    let text = app.metrics_text().await;
    assert!(text.contains("custodia_dsr_open 3"), "{text}");
    assert!(text.contains("custodia_dsr_overdue 2"), "{text}");

    let id = a["id"].as_str().unwrap();
    let r = app
        .dsr_step(
            id,
            "reject",
            Some(&json!({"reason": "identity_not_verified"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let text = app.metrics_text().await;
    assert!(text.contains("custodia_dsr_open 2"), "{text}");
    assert!(text.contains("custodia_dsr_overdue 1"), "{text}");
    let list = app.dsr_list("").await;
    assert_eq!(list["counts"], json!({ "open": 2, "overdue": 1 }));
}

async fn concurrent_steps_on_one_request_cannot_both_succeed(app: TestApp) {
    let subject = app.create_subject(&jane(810)).await;
    let d = app.dsr_received(&subject, noon_days_ago(5)).await;
    let id = d["id"].as_str().unwrap();
    assert_eq!(app.dsr_step(id, "verify", None).await.status, 200);
    let second = app.another_instance().await;
    let token = dpo(&app);
    let path = format!("/v1/dsr/{id}/");
    let complete = format!("{path}complete");
    let reject = format!("{path}reject");
    let reason = json!({"reason": "duplicate_request"});
    let export = delivered();
    let (x, y) = tokio::join!(
        app.send_to(
            &app.base,
            "POST",
            &complete,
            Some(&token),
            None,
            Some(&export),
            &[]
        ),
        app.send_to(
            &second.base,
            "POST",
            &reject,
            Some(&token),
            None,
            Some(&reason),
            &[]
        ),
    );
    let mut statuses = [x.status, y.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{} / {}", x.body, y.body);
    let r = app
        .send("GET", &format!("/v1/dsr/{id}"), Some(&token), None, None)
        .await;
    assert_eq!(r.body["history"].as_array().unwrap().len(), 3, "{}", r.body);
}

/// Logs a request of `kind` for `subject` received three days ago (as the DPO) and verifies
/// it; returns its id.
async fn verified_request(app: &TestApp, kind: &str, subject: &Value) -> String {
    let received = rfc3339(noon_days_ago(3));
    let r = app
        .log_dsr(
            &dpo(app),
            &json!({"type": kind, "subject": subject, "channel": "email", "received_at": received}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(app.dsr_step(&id, "verify", None).await.status, 200);
    id
}

async fn an_erasure_request_is_completed_only_once_its_subject_is_erased(app: TestApp) {
    let subject = app.create_subject(&jane(830)).await;
    let id = verified_request(&app, "erasure", &json!({"id": subject})).await;
    // The customer is still there: recording the request as carried out would be untrue.
    let r = app
        .dsr_step(&id, "complete", Some(&json!({"reason": "erased"})))
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(r.body["code"], "conflict");
    assert!(
        r.body["detail"].as_str().unwrap().contains("erase"),
        "{}",
        r.body
    );
    let refused: Vec<Value> = app
        .audit(&format!("?subject={subject}"))
        .await
        .into_iter()
        .filter(|e| e["action"] == "dsr.complete")
        .collect();
    assert_eq!(refused.len(), 1, "{refused:#?}");
    assert_eq!(refused[0]["decision"], "denied");
    assert_eq!(refused[0]["reason"], "subject_not_erased");
    // An export is no part of an erasure.
    let r = app.dsr_step(&id, "complete", Some(&delivered())).await;
    assert_eq!(r.status, 409, "{}", r.body);

    let r = app
        .send(
            "DELETE",
            &format!("/v1/subjects/{subject}"),
            Some(&dpo(&app)),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app.dsr_step(&id, "complete", None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "completed");
    assert_eq!(r.body["export"], Value::Null);
}

async fn an_erasure_request_naming_no_subject_cannot_be_completed(app: TestApp) {
    let nobody = json!({"identifier": {"type": "email", "value": "nobody.831@example.com"}});
    let id = verified_request(&app, "erasure", &nobody).await;
    let r = app.dsr_step(&id, "complete", None).await;
    assert_eq!(r.status, 409, "{}", r.body);
    // Closed as documented instead: nothing held, nothing to erase.
    let r = app
        .dsr_step(&id, "reject", Some(&json!({"reason": "no_data_held"})))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let denied = app
        .audit("")
        .await
        .into_iter()
        .filter(|e| e["action"] == "dsr.complete")
        .map(|e| e["reason"].clone())
        .collect::<Vec<_>>();
    assert_eq!(denied, [json!("no_subject")]);
}

async fn completing_an_access_request_records_the_export_delivered(app: TestApp) {
    let subject = app.create_subject(&jane(832)).await;
    let id = verified_request(&app, "access", &json!({"id": subject})).await;
    // Without saying which export was delivered: a field error, and the request stays open.
    for body in [
        None,
        Some(json!({"reason": "export_sent"})),
        Some(json!({"export": null})),
    ] {
        let r = app.dsr_step(&id, "complete", body.as_ref()).await;
        assert_eq!(r.status, 400, "{}", r.body);
        assert_eq!(r.body["code"], "validation-failed");
        assert_eq!(r.body["errors"][0]["field"], "/export", "{}", r.body);
    }
    let denied: Vec<Value> = app
        .audit(&format!("?subject={subject}"))
        .await
        .into_iter()
        .filter(|e| e["action"] == "dsr.complete")
        .map(|e| e["reason"].clone())
        .collect();
    assert_eq!(denied, vec![json!("export_required"); 3]);

    let at = OffsetDateTime::now_utc() - Duration::hours(2);
    let export =
        json!({"delivered_at": rfc3339(at), "format": "csv", "reference": "EXP-2026-0042"});
    let r = app
        .dsr_step(&id, "complete", Some(&json!({"export": export})))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "completed");
    let shown = &r.body["export"];
    assert_eq!(shown["format"], "csv");
    assert_eq!(shown["reference"], "EXP-2026-0042");
    let shown_at =
        OffsetDateTime::parse(shown["delivered_at"].as_str().unwrap(), &Rfc3339).unwrap();
    assert!((shown_at - at).abs() < Duration::milliseconds(1), "{shown}");

    // Stored with the request: the single read and the listing show it.
    let r = app
        .send(
            "GET",
            &format!("/v1/dsr/{id}"),
            Some(&dpo(&app)),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(&r.body["export"], shown);
    let list = app.dsr_list("?status=completed").await;
    assert_eq!(&list["requests"][0]["export"], shown, "{list}");

    // Portability (Art. 20) as well; the reference is optional.
    let id = verified_request(&app, "portability", &json!({"id": subject})).await;
    let r = app.dsr_step(&id, "complete", Some(&delivered())).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["export"]["format"], "json");
    assert_eq!(r.body["export"]["reference"], Value::Null);
}

async fn the_export_delivered_is_validated(app: TestApp) {
    let subject = app.create_subject(&jane(834)).await;
    let id = verified_request(&app, "access", &json!({"id": subject})).await;
    let now = OffsetDateTime::now_utc();
    let ago = rfc3339(now - Duration::minutes(5));
    for (export, field) in [
        (
            json!({"delivered_at": ago, "format": "pdf"}),
            "/export/format",
        ),
        (
            json!({"delivered_at": "yesterday", "format": "json"}),
            "/export/delivered_at",
        ),
        (
            json!({"delivered_at": rfc3339(now + Duration::hours(1)), "format": "json"}),
            "/export/delivered_at",
        ),
        (
            // Before the request was received.
            json!({"delivered_at": rfc3339(now - Duration::days(30)), "format": "json"}),
            "/export/delivered_at",
        ),
        (
            json!({"delivered_at": ago, "format": "json", "reference": "sent to jane.quillfeather.834@example.com"}),
            "/export/reference",
        ),
        (
            json!({"delivered_at": ago, "format": "json", "reference": ""}),
            "/export/reference",
        ),
    ] {
        let r = app
            .dsr_step(&id, "complete", Some(&json!({"export": export})))
            .await;
        assert_eq!(r.status, 400, "{export}: {}", r.body);
        assert_eq!(r.body["errors"][0]["field"], field, "{export}: {}", r.body);
        assert!(!r.body.to_string().contains("quillfeather"), "{}", r.body);
    }
    // Not the documented shape.
    for body in [
        json!({"export": {"format": "json"}}),
        json!({"export": {"delivered_at": ago, "format": "json", "size": 3}}),
        json!({"export": "json"}),
    ] {
        let r = app.dsr_step(&id, "complete", Some(&body)).await;
        assert_eq!(r.status, 400, "{body}: {}", r.body);
        assert_eq!(r.body["code"], "invalid-request", "{body}: {}", r.body);
    }
    // An export belongs to access and portability requests only.
    let other = verified_request(&app, "rectification", &json!({"id": subject})).await;
    let r = app.dsr_step(&other, "complete", Some(&delivered())).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.body["errors"][0]["field"], "/export");
    assert_eq!(app.dsr_step(&other, "complete", None).await.status, 200);
    // Nothing of the refused attempts was kept.
    let r = app
        .send(
            "GET",
            &format!("/v1/dsr/{id}"),
            Some(&dpo(&app)),
            None,
            None,
        )
        .await;
    assert_eq!(r.body["status"], "verified");
    assert_eq!(r.body["export"], Value::Null);
}

/// A request received at 23:30 UTC on 31 October is received on 1 November in Berlin (the
/// shipped controller's `time_zone`): due on 1 December, at midnight in Berlin; extended, on
/// 1 February.
async fn deadlines_end_at_midnight_in_the_controllers_time_zone(app: TestApp) {
    let subject = app.create_subject(&jane(7301)).await;
    let year = OffsetDateTime::now_utc().year() - 1;
    let received = time::Date::from_calendar_date(year, time::Month::October, 31)
        .unwrap()
        .with_hms(23, 30, 0)
        .unwrap()
        .assume_utc();
    let d = app.dsr_received(&subject, received).await;
    assert_eq!(d["due_date"], format!("{year}-12-01"), "{d}");
    // The end of 1 December in Berlin (CET, +01:00) is 22:59:59.999999 UTC.
    assert_eq!(d["due_at"], format!("{year}-12-01T22:59:59.999999Z"), "{d}");
}
