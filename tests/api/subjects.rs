//! Creating, reading and looking up subjects: purpose checks, validation, conflicts.

use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, TestApp};

both_engines!(
    read_gives_only_the_fields_the_purpose_allows,
    a_read_lists_identifiers_of_a_kind_in_the_order_they_were_linked,
    read_for_a_purpose_the_client_is_not_registered_for_is_denied_and_audited,
    consent_based_purpose_is_denied_without_consent,
    missing_purpose_is_400_and_audited,
    unknown_or_malformed_purpose_is_400,
    invalid_fields_are_400_naming_each_field,
    unknown_fields_are_rejected_not_stored,
    duplicate_identifier_is_409_and_keeps_the_first_subject,
    lookup_by_email_ignores_letter_case,
    lookup_denied_before_revealing_existence,
    lookup_without_consent_answers_as_if_nobody_had_the_identifier,
    look_alike_email_forms_are_one_identifier,
    unknown_and_malformed_subject_ids,
    empty_subject_is_refused,
    unknown_routes_and_methods_get_problem_json,
);

async fn unknown_routes_and_methods_get_problem_json(app: TestApp) {
    let crm = app.client_token("crm");
    let r = app
        .send("DELETE", "/v1/audit", Some(&crm), None, None)
        .await;
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("GET"));
    assert_eq!(r.body["code"], "method-not-allowed");
    let r = app
        .send("PUT", "/v1/subjects", Some(&crm), None, None)
        .await;
    assert_eq!(r.header("allow"), Some("POST, GET"));
    let r = app
        .send("GET", "/v1/nothing-here", Some(&crm), None, None)
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.content_type, "application/problem+json");
    // Every answer carries the request id and the no-store header.
    assert!(r.header("x-request-id").is_some());
    assert_eq!(r.header("cache-control"), Some("no-store"));
}

/// The read's one statement gathers a subject's identifiers into one row: the order of a
/// kind's identifiers stays the order they were linked in (not their values', not their
/// ciphertexts').
async fn a_read_lists_identifiers_of_a_kind_in_the_order_they_were_linked(app: TestApp) {
    let id = app.create_subject(&jane(41)).await;
    for value in ["POS-Z-41", "POS-A-41"] {
        let r = app.link_identifier("crm", &id, "pos_customer", value).await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let r = app.read_subject("crm", &id, "order_fulfilment").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["data"]["identifiers"],
        json!([
            { "type": "pos_customer", "value": "POS-41" },
            { "type": "pos_customer", "value": "POS-Z-41" },
            { "type": "pos_customer", "value": "POS-A-41" },
        ])
    );
}

async fn read_gives_only_the_fields_the_purpose_allows(app: TestApp) {
    let id = app.create_subject(&jane(1)).await;
    let r = app.read_subject("crm", &id, "order_fulfilment").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["id"], id);
    assert_eq!(r.body["purpose"], "order_fulfilment");
    let data = &r.body["data"];
    assert_eq!(data["email"], "Jane.Quillfeather.1@Example.com");
    assert_eq!(data["phone"], "+4915100000001");
    assert_eq!(data["first_name"], "Janequill1");
    assert_eq!(data["address"]["city"], "Berlin");
    assert_eq!(data["address"]["country"], "DE");
    assert_eq!(
        data["identifiers"],
        json!([{ "type": "pos_customer", "value": "POS-1" }])
    );
    // Not allowed for order fulfilment: listed as withheld, never sent.
    assert!(data.get("birth_date").is_none());
    assert!(data.get("language").is_none());
    let withheld: Vec<&str> = r.body["withheld"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            assert_eq!(w["reason"], "not_in_purpose");
            w["field"].as_str().unwrap()
        })
        .collect();
    for f in [
        "birth_date",
        "language",
        "identifiers.loyalty_card",
        "identifiers.email",
    ] {
        assert!(
            withheld.contains(&f),
            "{f} should be withheld: {withheld:?}"
        );
    }
    let text = r.body.to_string();
    assert!(!text.contains("1988-04-12") && !text.contains("LC-1"));

    // The read is in the audit log with the fields given and withheld.
    let entries = app.audit(&format!("?subject={id}")).await;
    let read = entries
        .iter()
        .find(|e| e["action"] == "subject.read")
        .expect("read audited");
    assert_eq!(read["decision"], "allowed");
    assert_eq!(read["actor"], json!({ "id": "crm", "role": "client" }));
    assert_eq!(read["purpose"], "order_fulfilment");
    assert!(read["fields_given"]
        .as_array()
        .unwrap()
        .contains(&json!("email")));
    assert!(read["fields_withheld"]
        .as_array()
        .unwrap()
        .contains(&json!("birth_date")));
    assert!(!Value::Array(entries.clone())
        .to_string()
        .contains("Quillfeather"));
}

async fn read_for_a_purpose_the_client_is_not_registered_for_is_denied_and_audited(app: TestApp) {
    let id = app.create_subject(&jane(2)).await;
    let r = app.read_subject("mailer", &id, "order_fulfilment").await;
    assert_eq!(r.status, 403);
    assert_eq!(r.content_type, "application/problem+json");
    assert_eq!(r.body["reason"], "purpose_not_allowed_for_client");
    assert_eq!(r.body["type"], "urn:custodia:problem:access-denied");
    assert!(r.body.get("data").is_none());

    let entries = app.audit(&format!("?subject={id}&client=mailer")).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["decision"], "denied");
    assert_eq!(entries[0]["reason"], "purpose_not_allowed_for_client");
    assert_eq!(entries[0]["fields_given"], json!([]));
}

async fn consent_based_purpose_is_denied_without_consent(app: TestApp) {
    let id = app.create_subject(&jane(3)).await;
    let r = app.read_subject("mailer", &id, "email_marketing").await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.body["reason"], "no_consent");
    let entries = app
        .audit(&format!("?subject={id}&purpose=email_marketing"))
        .await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["reason"], "no_consent");
}

async fn missing_purpose_is_400_and_audited(app: TestApp) {
    let id = app.create_subject(&jane(4)).await;
    let r = app
        .send(
            "GET",
            &format!("/v1/subjects/{id}"),
            Some(&app.client_token("crm")),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["type"], "urn:custodia:problem:missing-purpose");
    let entries = app.audit(&format!("?subject={id}")).await;
    assert!(entries
        .iter()
        .any(|e| e["reason"] == "missing_purpose" && e["decision"] == "denied"));
}

async fn unknown_or_malformed_purpose_is_400(app: TestApp) {
    let id = app.create_subject(&jane(5)).await;
    let r = app.read_subject("crm", &id, "world_domination").await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["code"], "unknown-purpose");
    let r = app.read_subject("crm", &id, "Order Fulfilment'--").await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["code"], "invalid-purpose");
}

async fn invalid_fields_are_400_naming_each_field(app: TestApp) {
    let mut body = jane(6);
    body["email"] = json!("jane-at-example");
    body["phone"] = json!("0151 123");
    body["birth_date"] = json!("2999-01-01");
    body["address"]["country"] = json!("Germany");
    let r = app
        .send(
            "POST",
            "/v1/subjects",
            Some(&app.client_token("crm")),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.content_type, "application/problem+json");
    assert_eq!(r.body["code"], "validation-failed");
    let fields: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["/email", "/phone", "/birth_date", "/address/country"]
    );
    // The error never echoes the values it refused.
    let text = r.body.to_string();
    assert!(!text.contains("jane-at-example") && !text.contains("Germany"));
    // Nothing was stored.
    assert!(app.audit("").await.is_empty());
}

async fn unknown_fields_are_rejected_not_stored(app: TestApp) {
    let mut body = jane(7);
    body["password"] = json!("hunter2");
    let r = app
        .send(
            "POST",
            "/v1/subjects",
            Some(&app.client_token("crm")),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["code"], "invalid-request");
    assert!(r.body["detail"].as_str().unwrap().contains("unknown field"));
    assert!(!r.body.to_string().contains("hunter2"));
    let r = app
        .send(
            "POST",
            "/v1/subjects",
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"email": "x@example.com", "identifiers": [{"type": "passport", "value": "P1"}]})),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["errors"][0]["field"], "/identifiers/0/type");
}

async fn duplicate_identifier_is_409_and_keeps_the_first_subject(app: TestApp) {
    let first = app.create_subject(&jane(8)).await;
    let mut second = jane(9);
    second["identifiers"][0]["value"] = json!("LC-8");
    let r = app
        .send(
            "POST",
            "/v1/subjects",
            Some(&app.client_token("crm")),
            None,
            Some(&second),
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(r.body["code"], "identifier-taken");
    assert!(r.body["detail"].as_str().unwrap().contains("loyalty_card"));
    assert!(!r.body.to_string().contains("LC-8"));

    // Same email in another letter case is the same identifier.
    let mut third = jane(10);
    third["email"] = json!("JANE.QUILLFEATHER.8@example.COM");
    let r = app
        .send(
            "POST",
            "/v1/subjects",
            Some(&app.client_token("crm")),
            None,
            Some(&third),
        )
        .await;
    assert_eq!(r.status, 409);
    assert!(r.body["detail"].as_str().unwrap().contains("email"));

    // The first subject is untouched, and nothing of the refused ones was kept.
    let r = app.read_subject("crm", &first, "customer_support").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["data"]["first_name"], "Janequill8");
    let r = app
        .send(
            "GET",
            "/v1/subjects?type=phone&value=%2B4915100000009",
            Some(&app.client_token("crm")),
            Some("customer_support"),
            None,
        )
        .await;
    assert_eq!(r.status, 404, "rolled back: {}", r.body);
}

async fn lookup_by_email_ignores_letter_case(app: TestApp) {
    let id = app.create_subject(&jane(11)).await;
    for email in [
        "jane.quillfeather.11@example.com",
        "JANE.QUILLFEATHER.11@EXAMPLE.COM",
        "%20Jane.Quillfeather.11@Example.com%20",
    ] {
        let r = app
            .send(
                "GET",
                &format!("/v1/subjects?type=email&value={email}"),
                Some(&app.client_token("crm")),
                Some("customer_support"),
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{email}: {}", r.body);
        assert_eq!(r.body["id"], id);
        assert_eq!(r.body["data"]["email"], "Jane.Quillfeather.11@Example.com");
    }
    let r = app
        .send(
            "GET",
            "/v1/subjects?type=loyalty_card&value=LC-11",
            Some(&app.client_token("crm")),
            Some("customer_support"),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["id"], id);
    let lookups = app.audit(&format!("?subject={id}")).await;
    assert_eq!(
        lookups
            .iter()
            .filter(|e| e["action"] == "subject.lookup")
            .count(),
        4
    );
}

async fn lookup_denied_before_revealing_existence(app: TestApp) {
    app.create_subject(&jane(12)).await;
    for email in ["jane.quillfeather.12@example.com", "nobody@example.com"] {
        let r = app
            .send(
                "GET",
                &format!("/v1/subjects?type=email&value={email}"),
                Some(&app.client_token("analytics")),
                Some("customer_support"),
                None,
            )
            .await;
        assert_eq!(
            r.status, 403,
            "same answer whether or not the customer exists"
        );
        assert_eq!(r.body["reason"], "purpose_not_allowed_for_client");
    }
    let r = app
        .send(
            "GET",
            "/v1/subjects?type=email&value=nobody@example.com",
            Some(&app.client_token("crm")),
            Some("customer_support"),
            None,
        )
        .await;
    assert_eq!(r.status, 404);
    let r = app
        .send(
            "GET",
            "/v1/subjects?type=shoe_size&value=42",
            Some(&app.client_token("crm")),
            Some("customer_support"),
            None,
        )
        .await;
    assert_eq!(r.status, 400);
}

async fn unknown_and_malformed_subject_ids(app: TestApp) {
    let r = app
        .read_subject(
            "crm",
            "6f1c2d3e-0000-4000-8000-000000000000",
            "order_fulfilment",
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.body["code"], "not-found");
    let r = app
        .read_subject("crm", "1%20OR%201=1", "order_fulfilment")
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["code"], "invalid-request");
}

async fn empty_subject_is_refused(app: TestApp) {
    let r = app
        .send(
            "POST",
            "/v1/subjects",
            Some(&app.client_token("crm")),
            None,
            Some(&json!({})),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["code"], "validation-failed");
}

/// A mailer may use `email_marketing`, but a customer who never consented must look exactly
/// like an address nobody holds: otherwise the look-up is a membership oracle.
async fn lookup_without_consent_answers_as_if_nobody_had_the_identifier(app: TestApp) {
    app.create_subject(&jane(13)).await;
    let mailer = app.client_token("mailer");
    let lookup = |email: &'static str| {
        let path = format!("/v1/subjects?type=email&value={email}");
        let mailer = mailer.clone();
        let app = &app;
        async move {
            app.send("GET", &path, Some(&mailer), Some("email_marketing"), None)
                .await
        }
    };
    let customer = lookup("jane.quillfeather.13@example.com").await;
    let nobody = lookup("nobody.13@example.com").await;
    assert_eq!((customer.status, nobody.status), (404, 404));
    assert_eq!(customer.body["detail"], nobody.body["detail"]);
    assert_eq!(customer.body["code"], nobody.body["code"]);
    assert!(customer.body.get("reason").is_none(), "{}", customer.body);
    // The DPO still sees why: the audit entry keeps the real reason.
    let trail = app.audit("").await;
    assert!(
        trail.iter().any(|e| e["action"] == "subject.lookup"
            && e["decision"] == "denied"
            && e["reason"] == "no_consent"),
        "{trail:#?}"
    );
}

/// Full-width letters are the same address written with other code points: creating the
/// same customer through them is a conflict, and looking them up finds the customer.
async fn look_alike_email_forms_are_one_identifier(app: TestApp) {
    let id = app
        .create_subject(&json!({"email": "mara.lind@example.com"}))
        .await;
    let full_width = "ｍａｒａ．ｌｉｎｄ＠ｅｘａｍｐｌｅ．ｃｏｍ";
    let r = app
        .send(
            "POST",
            "/v1/subjects",
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"email": full_width})),
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    let encoded: String = full_width.bytes().map(|b| format!("%{b:02X}")).collect();
    let r = app
        .send(
            "GET",
            &format!("/v1/subjects?type=email&value={encoded}"),
            Some(&app.client_token("crm")),
            Some("customer_support"),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["id"], id);
}
