//! Who may record consent is policy (issue 18, defect 3): a client records grants only for
//! the purposes in its `records_consent`, withdrawals, refusals and objections for any purpose
//! it is registered for, and nothing for another purpose; every refusal is audited. And who
//! may read a subject's consent overview: a client only its own purposes.

use custodia::domain::Role;
use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, Reply, TestApp};

both_engines!(
    mailer_records_withdrawals_but_no_grants,
    objections_need_a_registered_purpose,
    batch_follows_the_same_rules_per_record,
    only_the_customer_restores_marketing_consent_after_an_erasure,
    consent_overview_shows_a_client_only_its_purposes,
);

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn decision(status: &str) -> Value {
    json!({"status": status, "source": "email", "collected_at": now(), "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}})
}

impl TestApp {
    async fn record_as(&self, client: &str, id: &str, purpose: &str, status: &str) -> Reply {
        self.send(
            "PUT",
            &format!("/v1/subjects/{id}/consents/{purpose}"),
            Some(&self.client_token(client)),
            None,
            Some(&decision(status)),
        )
        .await
    }

    async fn overview_as(&self, token: &str, id: &str) -> Value {
        let r = self
            .send(
                "GET",
                &format!("/v1/subjects/{id}/consents"),
                Some(token),
                None,
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    }
}

/// Defect 3 exactly: the mailer's grants are refused (its own purpose: a reason of its own;
/// another's: not registered), its withdrawal recorded, the CRM's grant recorded; each
/// refusal audited and nothing of it in the ledger.
async fn mailer_records_withdrawals_but_no_grants(app: TestApp) {
    let id = app.create_subject(&jane(1820)).await;
    let r = app
        .record_as("mailer", &id, "email_marketing", "granted")
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.body["code"], "access-denied");
    assert_eq!(r.body["reason"], "grant_not_allowed_for_client");
    let r = app
        .record_as("mailer", &id, "personalisation", "granted")
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.body["reason"], "purpose_not_allowed_for_client");
    // Not even a withdrawal for a purpose it is not registered for.
    let r = app
        .record_as("mailer", &id, "personalisation", "withdrawn")
        .await;
    assert_eq!(r.body["reason"], "purpose_not_allowed_for_client");
    // A client unregistered for a purpose learns nothing about the subject: the check comes
    // before the look-up.
    let r = app
        .record_as(
            "mailer",
            "6f1c2d9e-8a4b-4c3e-9f7a-2b5d8e1c0a93",
            "personalisation",
            "granted",
        )
        .await;
    assert_eq!(r.status, 403);
    // The unsubscribe link works.
    let r = app
        .record_as("mailer", &id, "email_marketing", "withdrawn")
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = app
        .record_as("mailer", &id, "sms_marketing", "refused")
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = app
        .record_as("crm", &id, "email_marketing", "granted")
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    // Operators keep what they could do.
    let r = app
        .send(
            "PUT",
            &format!("/v1/subjects/{id}/consents/sms_marketing"),
            Some(&app.token(Role::Admin, "ops")),
            None,
            Some(&decision("granted")),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);

    let o = app.overview_as(&app.token(Role::Dpo, "dpo"), &id).await;
    let history: Vec<(&str, &str, &str)> = o["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["purpose"].as_str().unwrap(),
                r["status"].as_str().unwrap(),
                r["recorded_by"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            ("email_marketing", "withdrawn", "mailer"),
            ("sms_marketing", "refused", "mailer"),
            ("email_marketing", "granted", "crm"),
            ("sms_marketing", "granted", "ops"),
        ]
    );
    let entries = app.audit(&format!("?subject={id}")).await;
    let refused: Vec<(&str, &str, &str)> = entries
        .iter()
        .filter(|e| e["decision"] == "denied")
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["purpose"].as_str().unwrap(),
                e["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        refused,
        [
            (
                "consent.granted",
                "email_marketing",
                "grant_not_allowed_for_client"
            ),
            (
                "consent.granted",
                "personalisation",
                "purpose_not_allowed_for_client"
            ),
            (
                "consent.withdrawn",
                "personalisation",
                "purpose_not_allowed_for_client"
            ),
        ]
    );
    assert!(entries
        .iter()
        .filter(|e| e["decision"] == "denied")
        .all(|e| e["actor"]["id"] == "mailer"));
    assert_eq!(app.verify_audit().await["valid"], true);
}

async fn objections_need_a_registered_purpose(app: TestApp) {
    let id = app.create_subject(&jane(1821)).await;
    let send = |token: String, body: Value| {
        let path = format!("/v1/subjects/{id}/objections");
        (token, path, body)
    };
    for (client, body, expected) in [
        (
            "mailer",
            json!({"purposes": ["analytics"], "source": "email"}),
            Some("purpose_not_allowed_for_client"),
        ),
        (
            "analytics",
            json!({"direct_marketing": true, "source": "email"}),
            Some("purpose_not_allowed_for_client"),
        ),
        (
            "mailer",
            json!({"purposes": ["email_marketing"], "source": "email"}),
            None,
        ),
        (
            "analytics",
            json!({"purposes": ["analytics"], "source": "web"}),
            Some("aggregate_only"),
        ),
        (
            "crm",
            json!({"purposes": ["customer_feedback"], "source": "web"}),
            None,
        ),
    ] {
        let (token, path, body) = send(app.client_token(client), body);
        let r = app
            .send("POST", &path, Some(&token), None, Some(&body))
            .await;
        match expected {
            Some(reason) => {
                assert_eq!(r.status, 403, "{client}: {}", r.body);
                assert_eq!(r.body["reason"], reason, "{client}");
            }
            None => assert_eq!(r.status, 201, "{client}: {}", r.body),
        }
    }
    let entries = app.audit(&format!("?subject={id}")).await;
    let refused: Vec<(&str, &str)> = entries
        .iter()
        .filter(|e| e["action"] == "objection.recorded" && e["decision"] == "denied")
        .map(|e| {
            (
                e["actor"]["id"].as_str().unwrap(),
                e["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        refused,
        [
            ("mailer", "purpose_not_allowed_for_client"),
            ("analytics", "purpose_not_allowed_for_client"),
            ("analytics", "aggregate_only")
        ]
    );
}

async fn batch_follows_the_same_rules_per_record(app: TestApp) {
    let id = app.create_subject(&jane(1822)).await;
    let record = |purpose: &str, status: &str| {
        let mut r = decision(status);
        r["subject"] = json!({"id": id});
        r["purpose"] = json!(purpose);
        r
    };
    let r = app
        .send(
            "POST",
            "/v1/consents:batch",
            Some(&app.client_token("mailer")),
            None,
            Some(&json!({"records": [
                record("email_marketing", "granted"),
                record("email_marketing", "withdrawn"),
                record("personalisation", "granted"),
            ]})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let results: Vec<(&str, &str)> = r.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["status"].as_str().unwrap(),
                x["error"]["reason"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        results,
        [
            ("rejected", "grant_not_allowed_for_client"),
            ("recorded", ""),
            ("rejected", "purpose_not_allowed_for_client"),
        ]
    );
    assert_eq!(r.body["results"][0]["error"]["code"], "access-denied");
}

/// The rule of the batch import now holds for a single PUT by a client too: a customer who
/// matches an erased one gives marketing consent again themself.
async fn only_the_customer_restores_marketing_consent_after_an_erasure(app: TestApp) {
    let old = app.create_subject(&jane(1823)).await;
    let r = app
        .send(
            "DELETE",
            &format!("/v1/subjects/{old}"),
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app
        .send(
            "POST",
            "/v1/subjects",
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"email": "jane.quillfeather.1823@example.com", "first_name": "Jane"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let r = app
        .record_as("crm", &id, "email_marketing", "granted")
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(r.body["code"], "conflict");
    let detail = r.body["detail"].as_str().unwrap();
    assert!(detail.contains("must be given by the customer"), "{detail}");
    // Without saying why (Recital 26: the match is not told to clients).
    assert!(!detail.contains("erased"), "{detail}");
    // Not direct marketing: as usual.
    assert_eq!(
        app.record_as("crm", &id, "personalisation", "granted")
            .await
            .status,
        201
    );
    // The customer's own grant.
    let r = app
        .send(
            "PUT",
            "/v1/me/consents/email_marketing",
            Some(&app.token(Role::Subject, &id)),
            None,
            Some(&decision("granted")),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        200
    );
    let entries = app.audit(&format!("?subject={id}")).await;
    assert!(entries.iter().any(|e| e["action"] == "consent.granted"
        && e["decision"] == "denied"
        && e["reason"] == "matches_erased_identifier"));
}

/// A client reads the consent state of its own purposes only; the DPO and the customer see
/// everything.
async fn consent_overview_shows_a_client_only_its_purposes(app: TestApp) {
    let id = app.create_subject(&jane(1824)).await;
    for purpose in ["email_marketing", "personalisation"] {
        assert_eq!(
            app.record_as("crm", &id, purpose, "granted").await.status,
            201
        );
    }
    let dpo = app.token(Role::Dpo, "dpo");
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/objections"),
            Some(&dpo),
            None,
            Some(&json!({"purposes": ["customer_feedback"], "source": "email"})),
        )
        .await;
    assert_eq!(r.status, 201);
    let purposes = |o: &Value, key: &str| -> Vec<String> {
        o[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["purpose"].as_str().unwrap().to_owned())
            .collect()
    };

    let o = app.overview_as(&app.client_token("mailer"), &id).await;
    assert_eq!(
        purposes(&o, "current"),
        ["email_marketing", "sms_marketing"]
    );
    assert_eq!(purposes(&o, "history"), ["email_marketing"]);
    assert_eq!(o["objections"], json!([]));
    assert_eq!(o["objections_in_force"], json!([]));
    assert_eq!(o["restriction"]["restricted"], false);

    // A client registered for aggregate-only purposes learns nothing about one person.
    let r = app
        .send(
            "GET",
            &format!("/v1/subjects/{id}/consents"),
            Some(&app.client_token("analytics")),
            None,
            None,
        )
        .await;
    assert_eq!(
        (r.status, r.body["reason"].as_str()),
        (403, Some("aggregate_only")),
        "{}",
        r.body
    );

    let o = app.overview_as(&app.client_token("crm"), &id).await;
    assert_eq!(
        purposes(&o, "current"),
        ["email_marketing", "personalisation", "targeted_advertising"]
    );
    assert_eq!(
        purposes(&o, "history"),
        ["email_marketing", "personalisation"]
    );

    for token in [dpo, app.token(Role::Admin, "ops")] {
        let o = app.overview_as(&token, &id).await;
        assert_eq!(purposes(&o, "current").len(), 4);
        assert_eq!(purposes(&o, "history").len(), 2);
        assert_eq!(
            o["objections_in_force"],
            json!(["purpose:customer_feedback"])
        );
    }
    let r = app
        .send(
            "GET",
            "/v1/me/consents",
            Some(&app.token(Role::Subject, &id)),
            None,
            None,
        )
        .await;
    assert_eq!(purposes(&r.body, "current").len(), 4);
    assert_eq!(
        r.body["objections"][0]["scope"],
        "purpose:customer_feedback"
    );
    let entries = app.audit(&format!("?subject={id}")).await;
    assert!(entries.iter().any(|e| e["action"] == "consent.read"
        && e["actor"]["id"] == "mailer"
        && e["reason"] == "registered_purposes"));
}
