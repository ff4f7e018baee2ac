//! Data-subject rights: access and portability (export), rectification, self-service.

use custodia::domain::Role;
use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, Engine, TestApp};

both_engines!(
    export_holds_everything_stored_and_the_real_recipients,
    rectification_replaces_values_and_moves_lookups,
    a_subject_token_reaches_only_its_own_record,
    export_as_csv_parts,
);

async fn export_as_csv_parts(app: TestApp) {
    let id = app.create_subject(&jane(405)).await;
    let events: Vec<Value> = (0..3)
        .map(|i| {
            json!({"id": format!("c{i}"), "subject": {"id": id}, "type": "purchase", "channel": "web",
                   "occurred_at": now(), "properties": {"order_id": format!("O, \"{i}\""), "amount": "2.50", "currency": "EUR"}})
        })
        .collect();
    app.send(
        "POST",
        "/v1/events",
        Some(&app.client_token("crm")),
        None,
        Some(&json!({"events": events})),
    )
    .await;
    let r = app
        .send_to(
            &app.base,
            "GET",
            &format!("/v1/subjects/{id}/export"),
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            None,
            &[("Accept", "text/csv")],
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(
        r.content_type.starts_with("multipart/mixed; boundary="),
        "{}",
        r.content_type
    );
    for file in [
        "personal_data.csv",
        "consents.csv",
        "recipients.csv",
        "disclosures.csv",
        "transfers.csv",
        "purposes.csv",
        "events.csv",
    ] {
        assert!(r.text.contains(&format!("filename=\"{file}\"")), "{file}");
    }
    assert!(r.text.contains("email,Jane.Quillfeather.405@Example.com"));
    // Three event rows; the quote and comma in a value are escaped, not breaking the row.
    let events_part = r
        .text
        .split("filename=\"events.csv\"\r\n\r\n")
        .nth(1)
        .unwrap();
    let events_csv = events_part.split("\r\n--custodia-export-").next().unwrap();
    let mut reader = csv::Reader::from_reader(events_csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3);
    let props: Value = serde_json::from_str(&rows[0][7]).unwrap();
    assert!(props["order_id"].as_str().unwrap().starts_with("O, \""));
    assert!(r.text.trim_end().ends_with("--"));
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

async fn export_holds_everything_stored_and_the_real_recipients(app: TestApp) {
    let id = app.create_subject(&jane(400)).await;
    let consent = json!({"status": "granted", "source": "app", "collected_at": now(), "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}});
    for purpose in ["email_marketing", "personalisation"] {
        let r = app
            .send(
                "PUT",
                &format!("/v1/subjects/{id}/consents/{purpose}"),
                Some(&app.client_token("crm")),
                None,
                Some(&consent),
            )
            .await;
        assert_eq!(r.status, 201);
    }
    // 2,500 events: the export streams them in several pages.
    for chunk in 0..3 {
        let events: Vec<Value> = (0..1000)
            .filter(|i| chunk * 1000 + i < 2500)
            .map(|i| {
                json!({"id": format!("x{chunk}-{i}"), "subject": {"id": id}, "type": "purchase", "channel": "store",
                       "occurred_at": now(), "properties": {"order_id": format!("O{chunk}-{i}"), "amount": "1.00", "currency": "EUR"}})
            })
            .collect();
        let r = app
            .send(
                "POST",
                "/v1/events",
                Some(&app.client_token("crm")),
                None,
                Some(&json!({"events": events})),
            )
            .await;
        assert_eq!(r.body["rejected"], 0, "{}", r.body);
    }
    assert_eq!(
        app.read_subject("crm", &id, "order_fulfilment")
            .await
            .status,
        200
    );
    assert_eq!(app.read_subject("erp", &id, "accounting").await.status, 200);
    assert_eq!(
        app.read_subject("mailer", &id, "order_fulfilment")
            .await
            .status,
        403
    );

    let r = app
        .send(
            "GET",
            &format!("/v1/subjects/{id}/export"),
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let x = r.body;
    let data = &x["personal_data"];
    assert_eq!(data["email"], "Jane.Quillfeather.400@Example.com");
    assert_eq!(data["birth_date"], "1988-04-12");
    assert_eq!(data["address"]["line1"], "Gartenweg 7");
    assert_eq!(data["identifiers"].as_array().unwrap().len(), 4);
    assert_eq!(x["consents"].as_array().unwrap().len(), 2);
    let events = x["events"].as_array().unwrap();
    assert_eq!(events.len(), 2500);
    let mut ids: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 2500);
    // Recipients: exactly the clients that were given data, not the one refused.
    let recipients: Vec<&str> = x["processing"]["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["client"].as_str().unwrap())
        .collect();
    assert_eq!(recipients, ["crm", "erp"]);
    assert!(x["processing"]["purposes"].as_array().unwrap().len() >= 8);
    assert!(x["processing"]["sources"]
        .as_array()
        .unwrap()
        .contains(&json!("store")));
    assert_eq!(app.verify_audit().await["valid"], true);
}

async fn rectification_replaces_values_and_moves_lookups(app: TestApp) {
    let id = app.create_subject(&jane(401)).await;
    let patch = |body: Value| {
        let id = id.clone();
        let app = &app;
        async move {
            app.send(
                "PATCH",
                &format!("/v1/subjects/{id}"),
                Some(&app.client_token("crm")),
                None,
                Some(&body),
            )
            .await
        }
    };
    let r = patch(json!({"email": "new.address.401@example.org", "language": null, "address": {"city": "Hamburg"}})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["changed"],
        json!(["email", "address.city", "language"])
    );
    let r = app.read_subject("crm", &id, "customer_support").await;
    assert_eq!(r.body["data"]["email"], "new.address.401@example.org");
    assert!(r.body["data"].get("language").is_none());
    let lookup = |email: &'static str| {
        let app = &app;
        async move {
            app.send(
                "GET",
                &format!("/v1/subjects?type=email&value={email}"),
                Some(&app.client_token("crm")),
                Some("customer_support"),
                None,
            )
            .await
            .status
        }
    };
    assert_eq!(lookup("NEW.ADDRESS.401@example.org").await, 200);
    assert_eq!(lookup("jane.quillfeather.401@example.com").await, 404);

    // Same validation as creation; a refused change changes nothing.
    let r = patch(json!({"email": "not-an-email", "first_name": "Ok"})).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["errors"][0]["field"], "/email");
    let r = app.read_subject("crm", &id, "customer_support").await;
    assert_eq!(r.body["data"]["first_name"], "Janequill401");
    // An email another customer holds is refused.
    app.create_subject(&jane(402)).await;
    assert_eq!(
        patch(json!({"email": "jane.quillfeather.402@example.com"}))
            .await
            .status,
        409
    );

    // The old value is in neither store.
    if app.engine == Engine::Sqlite {
        let mut all = Vec::new();
        for e in std::fs::read_dir(&app.data_dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                all.extend(std::fs::read(&p).unwrap());
            }
        }
        assert!(!all.windows(7).any(|w| w == b"Hamburg"));
    }
    let entries = app.audit(&format!("?subject={id}")).await;
    assert!(entries.iter().any(|e| e["action"] == "subject.rectify"));
}

async fn a_subject_token_reaches_only_its_own_record(app: TestApp) {
    let me = app.create_subject(&jane(403)).await;
    let other = app.create_subject(&jane(404)).await;
    let token = app.token(Role::Subject, &me);
    let r = app.send("GET", "/v1/me", Some(&token), None, None).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(r.body["subject"], me);
    assert!(!r.body.to_string().contains("Quillfeather.404"));
    // No route lets a subject token name another subject.
    for (method, path) in [
        ("GET", format!("/v1/subjects/{other}")),
        ("GET", format!("/v1/subjects/{other}/export")),
        ("GET", format!("/v1/subjects/{other}/consents")),
        ("DELETE", format!("/v1/subjects/{other}")),
        ("PATCH", format!("/v1/subjects/{other}")),
    ] {
        let r = app
            .send(
                method,
                &path,
                Some(&token),
                Some("order_fulfilment"),
                Some(&json!({})),
            )
            .await;
        assert_eq!(r.status, 403, "{method} {path}");
    }
    let r = app
        .send(
            "PUT",
            "/v1/me/consents/email_marketing",
            Some(&token),
            None,
            Some(&json!({"status": "granted", "source": "app", "collected_at": now(), "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = app
        .send("GET", "/v1/me/consents", Some(&token), None, None)
        .await;
    assert_eq!(r.body["subject"], me);
    assert_eq!(r.body["history"].as_array().unwrap().len(), 1);
    let r = app
        .send(
            "PATCH",
            "/v1/me",
            Some(&token),
            None,
            Some(&json!({"first_name": "Janet"})),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = app.send("DELETE", "/v1/me", Some(&token), None, None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["data_key_destroyed"], true);
    assert_eq!(
        app.send("GET", "/v1/me", Some(&token), None, None)
            .await
            .status,
        410
    );
    // The other customer is untouched.
    assert_eq!(
        app.read_subject("crm", &other, "order_fulfilment")
            .await
            .status,
        200
    );
}
