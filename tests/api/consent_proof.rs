//! Proof of consent (Art. 7(1)) and children (Art. 8): a grant names a published notice that
//! covers its purpose and carries the evidence the purpose requires; a child below the digital
//! consent age needs a parental consent reference; minors are never profiled or targeted.

use custodia::domain::Role;
use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, TestApp};

both_engines!(
    a_grant_must_name_a_published_notice_that_covers_its_purpose,
    a_marketing_grant_needs_a_double_opt_in_reference,
    the_batch_path_checks_notice_and_evidence_alike,
    a_child_below_the_digital_consent_age_needs_parental_consent,
    minors_are_never_profiled_or_targeted_until_rectified_to_an_adult,
    a_merge_that_copies_a_childs_birth_date_copies_the_minor_marker,
    a_receipt_names_controller_notice_and_withdrawal_and_no_evidence,
);

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn grant(version: &str, evidence: Value) -> Value {
    json!({"status": "granted", "source": "web", "collected_at": now(),
           "policy_version": version, "evidence": evidence})
}

fn doi() -> Value {
    json!({"double_opt_in_ref": "doi-4711"})
}

impl TestApp {
    async fn put_as_crm(&self, id: &str, purpose: &str, body: &Value) -> crate::helpers::Reply {
        self.send(
            "PUT",
            &format!("/v1/subjects/{id}/consents/{purpose}"),
            Some(&self.client_token("crm")),
            None,
            Some(body),
        )
        .await
    }

    async fn put_as_customer(
        &self,
        id: &str,
        purpose: &str,
        body: &Value,
    ) -> crate::helpers::Reply {
        self.send(
            "PUT",
            &format!("/v1/me/consents/{purpose}"),
            Some(&self.token(Role::Subject, id)),
            None,
            Some(body),
        )
        .await
    }

    /// The `(action, decision, reason, purpose)` of the subject's audit entries.
    async fn trail(&self, id: &str) -> Vec<(String, String, String, String)> {
        self.audit(&format!("?subject={id}&limit=1000"))
            .await
            .iter()
            .map(|e| {
                let s = |k: &str| e[k].as_str().unwrap_or("").to_owned();
                (s("action"), s("decision"), s("reason"), s("purpose"))
            })
            .collect()
    }
}

fn child(tag: u32) -> Value {
    let mut c = jane(tag);
    c["birth_date"] = json!("2012-03-04");
    c
}

fn field_errors(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|es| {
            es.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn a_grant_must_name_a_published_notice_that_covers_its_purpose(app: TestApp) {
    let id = app.create_subject(&jane(7101)).await;
    for (version, who) in [("whatever", "crm"), ("2025-12", "customer")] {
        let body = grant(version, doi());
        let r = if who == "crm" {
            app.put_as_crm(&id, "email_marketing", &body).await
        } else {
            app.put_as_customer(&id, "email_marketing", &body).await
        };
        assert_eq!(r.status, 400, "{version}: {}", r.body);
        assert_eq!(r.body["code"], "unknown-notice", "{}", r.body);
        assert_eq!(field_errors(&r.body), ["/policy_version"], "{}", r.body);
        assert!(!r.body.to_string().contains("Quillfeather"));
    }
    // Refused, so nothing counts.
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        403
    );
    // The published notice: recorded, the mailer reads.
    let r = app
        .put_as_crm(&id, "email_marketing", &grant("2026-01", doi()))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        200
    );
    // A withdrawal is never blocked on a notice version (an unsubscribe link always works).
    let r = app
        .send(
            "PUT",
            &format!("/v1/subjects/{id}/consents/email_marketing"),
            Some(&app.client_token("mailer")),
            None,
            Some(
                &json!({"status": "withdrawn", "source": "email", "collected_at": now(),
                         "policy_version": "whatever"}),
            ),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    // The refusals are audited.
    let refused: Vec<_> = app
        .trail(&id)
        .await
        .into_iter()
        .filter(|(a, d, _, _)| a == "consent.granted" && d == "denied")
        .map(|(_, _, reason, purpose)| (reason, purpose))
        .collect();
    assert_eq!(
        refused,
        [
            ("unknown_notice".to_owned(), "email_marketing".to_owned()),
            ("unknown_notice".to_owned(), "email_marketing".to_owned())
        ]
    );
}

async fn a_marketing_grant_needs_a_double_opt_in_reference(app: TestApp) {
    let id = app.create_subject(&jane(7102)).await;
    for (purpose, evidence) in [
        ("email_marketing", json!({})),
        ("email_marketing", json!({"form_id": "newsletter-footer"})),
        ("sms_marketing", json!({"form_id": "checkout"})),
    ] {
        let r = app
            .put_as_customer(&id, purpose, &grant("2026-01", evidence))
            .await;
        assert_eq!(r.status, 422, "{purpose}: {}", r.body);
        assert_eq!(r.body["code"], "evidence-required", "{}", r.body);
        assert_eq!(
            field_errors(&r.body),
            ["/evidence/double_opt_in_ref"],
            "{}",
            r.body
        );
    }
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        403
    );
    for purpose in ["email_marketing", "sms_marketing"] {
        let r = app
            .put_as_customer(&id, purpose, &grant("2026-01", doi()))
            .await;
        assert_eq!(r.status, 201, "{purpose}: {}", r.body);
    }
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        200
    );
    // Personalisation requires no double opt-in.
    let r = app
        .put_as_crm(&id, "personalisation", &grant("2026-01", json!({})))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let reasons: Vec<String> = app
        .trail(&id)
        .await
        .into_iter()
        .filter(|(a, d, _, _)| a == "consent.granted" && d == "denied")
        .map(|(_, _, reason, _)| reason)
        .collect();
    assert_eq!(reasons, ["evidence_required"; 3]);
}

async fn the_batch_path_checks_notice_and_evidence_alike(app: TestApp) {
    let a = app.create_subject(&jane(7103)).await;
    let item = |version: &str, evidence: Value| {
        let mut g = grant(version, evidence);
        g["subject"] = json!({"id": a});
        g["purpose"] = json!("email_marketing");
        g
    };
    let r = app
        .send(
            "POST",
            "/v1/consents:batch",
            Some(&app.token(Role::Admin, "ops")),
            None,
            Some(&json!({"records": [
                item("whatever", doi()),
                item("2026-01", json!({"form_id": "import"})),
                item("2026-01", doi()),
            ]})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let results: Vec<(String, String, Vec<String>)> = r.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["status"].as_str().unwrap().to_owned(),
                x["error"]["code"].as_str().unwrap_or("").to_owned(),
                field_errors(&x["error"]),
            )
        })
        .collect();
    assert_eq!(
        results,
        [
            (
                "rejected".to_owned(),
                "unknown-notice".to_owned(),
                vec!["/policy_version".to_owned()]
            ),
            (
                "rejected".to_owned(),
                "evidence-required".to_owned(),
                vec!["/evidence/double_opt_in_ref".to_owned()]
            ),
            ("recorded".to_owned(), String::new(), vec![]),
        ]
    );
}

async fn a_child_below_the_digital_consent_age_needs_parental_consent(app: TestApp) {
    let id = app.create_subject(&child(7104)).await;
    let r = app
        .put_as_customer(&id, "email_marketing", &grant("2026-01", doi()))
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.body["code"], "parental-consent-required", "{}", r.body);
    assert_eq!(
        field_errors(&r.body),
        ["/evidence/parental_consent_ref"],
        "{}",
        r.body
    );
    // The birth date is never in the answer.
    assert!(!r.body.to_string().contains("2012"), "{}", r.body);
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        403
    );
    let r = app
        .put_as_crm(
            &id,
            "email_marketing",
            &grant(
                "2026-01",
                json!({"double_opt_in_ref": "doi-1", "parental_consent_ref": "parent-form-77"}),
            ),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        200
    );
    let trail = app.trail(&id).await;
    assert!(
        trail.contains(&(
            "consent.granted".to_owned(),
            "denied".to_owned(),
            "parental_consent_required".to_owned(),
            "email_marketing".to_owned()
        )),
        "{trail:?}"
    );
    // An adult needs no parental consent.
    let adult = app.create_subject(&jane(7105)).await;
    let r = app
        .put_as_customer(&adult, "email_marketing", &grant("2026-01", doi()))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
}

async fn minors_are_never_profiled_or_targeted_until_rectified_to_an_adult(app: TestApp) {
    let id = app.create_subject(&child(7106)).await;
    let parental = json!({"parental_consent_ref": "parent-form-78"});
    for purpose in ["personalisation", "targeted_advertising"] {
        let r = app
            .put_as_crm(&id, purpose, &grant("2026-01", parental.clone()))
            .await;
        assert_eq!(r.status, 201, "{purpose}: {}", r.body);
        let r = app.read_subject("crm", &id, purpose).await;
        assert_eq!(r.status, 403, "{purpose}: {}", r.body);
        assert_eq!(r.body["reason"], "minor", "{}", r.body);
    }
    // Not profiling: order fulfilment goes on.
    assert_eq!(
        app.read_subject("crm", &id, "order_fulfilment")
            .await
            .status,
        200
    );
    // Nor is their tracking collected for those purposes (nothing else may collect it).
    let body = app
        .ingest(vec![crate::events::page_view(
            "minor-pv",
            json!({"id": id}),
            "web",
        )])
        .await;
    assert_eq!(body["accepted"], 0, "{body}");
    assert_eq!(body["results"][0]["reason"], "minor", "{body}");
    // The marker is coarse: a year, not the birth date, and only for a minor.
    let trail = app.trail(&id).await;
    for purpose in ["personalisation", "targeted_advertising"] {
        assert!(
            trail.contains(&(
                "subject.read".to_owned(),
                "denied".to_owned(),
                "minor".to_owned(),
                purpose.to_owned()
            )),
            "{trail:?}"
        );
    }
    // Nor is a minor a member of a personalisation segment (the segments' bulk states), while
    // an adult with the same consent is.
    let adult = app.create_subject(&jane(7110)).await;
    let r = app
        .put_as_crm(&adult, "personalisation", &grant("2026-01", json!({})))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    // Segments select from the behaviour store: both bought something.
    let events: Vec<Value> = [&id, &adult]
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({"id": format!("minor-{i}"), "subject": {"id": s}, "type": "purchase",
                   "channel": "web", "occurred_at": now(),
                   "properties": {"order_id": format!("ORD-M-{i}"), "amount": "12.00", "currency": "EUR"}})
        })
        .collect();
    let r = app
        .send(
            "POST",
            "/v1/events",
            Some(&app.client_token("crm")),
            None,
            Some(&json!({ "events": events })),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["accepted"], 2, "{}", r.body);
    let r = app
        .send(
            "POST",
            "/v1/segments/query",
            Some(&app.client_token("crm")),
            Some("personalisation"),
            Some(&json!({"conditions": {}})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let members: Vec<&str> = r.body["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert!(members.contains(&adult.as_str()), "{}", r.body);
    assert!(!members.contains(&id.as_str()), "{}", r.body);
    // Rectified to an adult's birth date: the reads pass.
    let r = app
        .send(
            "PATCH",
            &format!("/v1/subjects/{id}"),
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"birth_date": "1990-01-01"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    for purpose in ["personalisation", "targeted_advertising"] {
        let r = app.read_subject("crm", &id, purpose).await;
        assert_eq!(r.status, 200, "{purpose}: {}", r.body);
    }
    // And back to a child's: refused again.
    let r = app
        .send(
            "PATCH",
            "/v1/me",
            Some(&app.token(Role::Subject, &id)),
            None,
            Some(&json!({"birth_date": "2011-12-31"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app.read_subject("crm", &id, "personalisation").await;
    assert_eq!(r.body["reason"], "minor", "{}", r.body);
    // An adult created without a birth date is no minor.
    let mut no_birth = jane(7107);
    no_birth.as_object_mut().unwrap().remove("birth_date");
    let adult = app.create_subject(&no_birth).await;
    let r = app
        .put_as_crm(&adult, "personalisation", &grant("2026-01", json!({})))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        app.read_subject("crm", &adult, "personalisation")
            .await
            .status,
        200
    );
}

async fn a_merge_that_copies_a_childs_birth_date_copies_the_minor_marker(app: TestApp) {
    // The target has no birth date; the source is a child.
    let mut target = jane(7108);
    target.as_object_mut().unwrap().remove("birth_date");
    let target = app.create_subject(&target).await;
    let mut source = json!({"birth_date": "2013-05-06", "first_name": "Kid"});
    source["identifiers"] = json!([{"type": "loyalty_card", "value": "LC-KID-7108"}]);
    let source = app.create_subject(&source).await;
    let r = app
        .put_as_crm(&target, "personalisation", &grant("2026-01", json!({})))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        app.read_subject("crm", &target, "personalisation")
            .await
            .status,
        200
    );
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{target}/merge"),
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"other": source})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let merge_id = r.body["merge_id"].as_str().unwrap().to_owned();
    let r = app.read_subject("crm", &target, "personalisation").await;
    assert_eq!(
        (r.status, r.body["reason"].clone()),
        (403, json!("minor")),
        "{}",
        r.body
    );
    // Undone: the birth date goes back to the source, and the marker with it.
    let r = app.undo(&merge_id).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        app.read_subject("crm", &target, "personalisation")
            .await
            .status,
        200
    );
}

/// The claims of a receipt (signature checked in `consent.rs`).
fn receipt_claims(receipt: &str) -> Value {
    use base64::Engine as _;
    let payload = receipt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

async fn a_receipt_names_controller_notice_and_withdrawal_and_no_evidence(app: TestApp) {
    let id = app.create_subject(&jane(7109)).await;
    let mut body = grant(
        "2026-01",
        json!({"double_opt_in_ref": "doi-secret-77", "form_id": "newsletter-footer",
               "ip_hash": "9b7851cc4f5b23626a07d6d958c284e81f930ebdcc6c3cf94233c6a2f96e359b"}),
    );
    body["source"] = json!("call_centre");
    body["operator_id"] = json!("cc-agent-089");
    let r = app.put_as_crm(&id, "email_marketing", &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let claims = receipt_claims(r.body["receipt"].as_str().unwrap());
    assert_eq!(
        claims["pii_controller"]["name"], "Example Shop GmbH",
        "{claims}"
    );
    assert_eq!(claims["pii_controller"]["country"], "DE");
    assert_eq!(
        claims["policy_url"],
        "https://shop.example.com/privacy/consent/2026-01"
    );
    assert_eq!(
        claims["notice_sha256"],
        "69fe79ef19e2ade1a7916c2a870fd0de5356c0da7806b303d6475e9198ddba5b"
    );
    let purpose = &claims["services"][0]["purposes"][0];
    assert_eq!(
        purpose["purpose"],
        "Send newsletters and offers by email to people who asked for them."
    );
    assert_eq!(purpose["consent_type"], "EXPLICIT");
    let withdrawal = claims["withdrawal"].as_str().unwrap();
    assert!(
        withdrawal.contains("https://shop.example.com/account/privacy"),
        "{withdrawal}"
    );
    // No evidence, hash, TC string or operator in what the customer keeps.
    let text = claims.to_string();
    for leaked in [
        "evidence",
        "doi-secret-77",
        "9b7851cc",
        "operator",
        "cc-agent-089",
    ] {
        assert!(!text.contains(leaked), "{leaked} in {text}");
    }
    // A withdrawal's receipt says so.
    let r = app
        .put_as_crm(
            &id,
            "email_marketing",
            &json!({"status": "withdrawn", "source": "email", "collected_at": now(),
                    "policy_version": "2026-01"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let claims = receipt_claims(r.body["receipt"].as_str().unwrap());
    let purpose = &claims["services"][0]["purposes"][0];
    assert_eq!(purpose["consent_type"], "WITHDRAWN", "{claims}");
    assert_eq!(purpose["termination"], "ended by this withdrawal");
    assert_eq!(claims["status"], "withdrawn");
}
