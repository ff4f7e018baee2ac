//! Objections can be withdrawn (issue 18, defect 2): a withdrawal is a new row of the
//! append-only objection ledger; while an objection is in force a consent grant it covers is
//! refused with `409 objection-in-force`; once withdrawn, a new grant counts again, on single
//! reads, segments and `/v1/me`.

use custodia::domain::Role;
use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, Reply, TestApp};

both_engines!(
    objection_blocks_grants_until_withdrawn_then_the_mailer_reads_again,
    customer_objects_and_lifts_it_on_me,
    customer_restricts_and_lifts_on_me,
    withdrawals_are_checked_and_partial,
    segments_follow_withdrawn_objections,
);

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn grant() -> Value {
    json!({"status": "granted", "source": "web", "collected_at": now(), "policy_version": "2026-01",
           "evidence": {"double_opt_in_ref": "doi-18"}})
}

fn lift(scopes: &[&str]) -> Value {
    json!({"scopes": scopes, "source": "web", "collected_at": now(),
           "evidence": {"form_id": "preferences-page"}})
}

impl TestApp {
    async fn put_as(&self, token: &str, id: &str, purpose: &str, body: &Value) -> Reply {
        self.send(
            "PUT",
            &format!("/v1/subjects/{id}/consents/{purpose}"),
            Some(token),
            None,
            Some(body),
        )
        .await
    }

    async fn withdraw_as(&self, token: &str, id: &str, body: &Value) -> Reply {
        self.send(
            "POST",
            &format!("/v1/subjects/{id}/objections/withdrawals"),
            Some(token),
            None,
            Some(body),
        )
        .await
    }

    async fn put_mine(&self, me: &str, body: &Value) -> Reply {
        self.send(
            "PUT",
            "/v1/me/consents/email_marketing",
            Some(me),
            None,
            Some(body),
        )
        .await
    }

    /// The ids in the mailer's email-marketing segment.
    async fn mailer_segment(&self) -> Vec<String> {
        self.segment_members("mailer", "email_marketing", json!({}))
            .await
    }

    async fn dpo_overview(&self, id: &str) -> Value {
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
        r.body
    }
}

/// Defect 2 end to end: after `direct_marketing` the customer subscribes again; the grant is
/// refused with a reason instead of being recorded uselessly; the objection is withdrawn
/// (a new ledger row), the grant then counts and the mailer reads again.
async fn objection_blocks_grants_until_withdrawn_then_the_mailer_reads_again(app: TestApp) {
    let id = app.create_subject(&jane(1801)).await;
    let crm = app.client_token("crm");
    let mailer = app.client_token("mailer");
    assert_eq!(
        app.put_as(&crm, &id, "email_marketing", &grant())
            .await
            .status,
        201
    );
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        200
    );
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/objections"),
            Some(&mailer),
            None,
            Some(&json!({"direct_marketing": true, "source": "email"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = app.read_subject("mailer", &id, "email_marketing").await;
    assert_eq!(
        (r.status, r.body["reason"].as_str()),
        (403, Some("objected"))
    );

    // The customer subscribes again: refused, and says why.
    let r = app.put_as(&crm, &id, "email_marketing", &grant()).await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(r.content_type, "application/problem+json");
    assert_eq!(r.body["code"], "objection-in-force");
    assert_eq!(r.body["type"], "urn:custodia:problem:objection-in-force");
    assert_eq!(r.body["status"], 409);
    assert!(r.body["detail"]
        .as_str()
        .unwrap()
        .contains("direct_marketing"));
    // Covered too: every direct-marketing purpose, whoever asks.
    let admin = app.token(Role::Admin, "ops");
    assert_eq!(
        app.put_as(&admin, &id, "sms_marketing", &grant())
            .await
            .body["code"],
        "objection-in-force"
    );
    // A withdrawal of consent is always accepted; a purpose the objection does not cover
    // takes grants as before.
    let withdrawn = json!({"status": "withdrawn", "source": "email", "collected_at": now(), "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}});
    assert_eq!(
        app.put_as(&mailer, &id, "email_marketing", &withdrawn)
            .await
            .status,
        201
    );
    assert_eq!(
        app.put_as(&crm, &id, "personalisation", &grant())
            .await
            .status,
        201
    );

    // Lifting an objection is a grant of permission: not for the mailer.
    let r = app
        .withdraw_as(&mailer, &id, &lift(&["direct_marketing"]))
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.body["reason"], "grant_not_allowed_for_client");
    // The CRM records the customer's decision.
    let r = app
        .withdraw_as(&crm, &id, &lift(&["direct_marketing"]))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        r.body,
        json!({"subject": id, "withdrawn": ["direct_marketing"], "in_force": []})
    );
    // Still no consent (the mailer's withdrawal is the newest record) ...
    let r = app.read_subject("mailer", &id, "email_marketing").await;
    assert_eq!(r.body["reason"], "consent_withdrawn", "{}", r.body);
    // ... until the new grant, which now counts.
    assert_eq!(
        app.put_as(&crm, &id, "email_marketing", &grant())
            .await
            .status,
        201
    );
    let r = app.read_subject("mailer", &id, "email_marketing").await;
    assert_eq!(r.status, 200, "{}", r.body);

    // Withdrawing again changes nothing.
    let r = app
        .withdraw_as(&crm, &id, &lift(&["direct_marketing"]))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["withdrawn"], json!([]));

    // The ledger kept both rows: nothing was deleted or changed.
    let o = app.dpo_overview(&id).await;
    let ledger = o["objections"].as_array().unwrap();
    assert_eq!(ledger.len(), 2, "{o}");
    assert_eq!(ledger[0]["scope"], "direct_marketing");
    assert_eq!(ledger[0]["withdrawn"], false);
    assert_eq!(ledger[0]["recorded_by"], "mailer");
    assert_eq!(ledger[1]["scope"], "direct_marketing");
    assert_eq!(ledger[1]["withdrawn"], true);
    assert_eq!(ledger[1]["recorded_by"], "crm");
    assert_eq!(
        ledger[1]["evidence"],
        json!({"form_id": "preferences-page"})
    );
    assert!(ledger[1]["collected_at"].is_string());
    assert_eq!(o["objections_in_force"], json!([]));

    // Audited: the refused grants, the refused and the recorded withdrawal.
    let entries = app.audit(&format!("?subject={id}")).await;
    let refused: Vec<(&str, &str)> = entries
        .iter()
        .filter(|e| e["decision"] == "denied")
        .map(|e| (e["action"].as_str().unwrap(), e["reason"].as_str().unwrap()))
        .collect();
    assert!(refused.contains(&("consent.granted", "objection_in_force")));
    assert!(refused.contains(&("objection.withdrawn", "grant_not_allowed_for_client")));
    let lifted: Vec<&Value> = entries
        .iter()
        .filter(|e| e["action"] == "objection.withdrawn" && e["decision"] == "allowed")
        .collect();
    assert_eq!(lifted.len(), 1, "withdrawing twice is audited once");
    assert_eq!(lifted[0]["reason"], "request:direct_marketing");
    assert_eq!(lifted[0]["actor"]["id"], "crm");
    assert_eq!(app.verify_audit().await["valid"], true);
}

/// The customer's own routes: object, see the grant refused, lift, subscribe again.
async fn customer_objects_and_lifts_it_on_me(app: TestApp) {
    let id = app.create_subject(&jane(1802)).await;
    let me = app.token(Role::Subject, &id);
    let r = app
        .send(
            "POST",
            "/v1/me/objections",
            Some(&me),
            None,
            Some(&json!({"purposes": ["email_marketing", "customer_feedback"], "source": "app"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        r.body,
        json!({"subject": id, "scopes": ["direct_marketing", "purpose:customer_feedback"]})
    );
    let r = app.put_mine(&me, &grant()).await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(r.body["code"], "objection-in-force");
    let r = app
        .send(
            "POST",
            "/v1/me/objections/withdrawals",
            Some(&me),
            None,
            Some(&lift(&["direct_marketing"])),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["withdrawn"], json!(["direct_marketing"]));
    assert_eq!(r.body["in_force"], json!(["purpose:customer_feedback"]));
    assert_eq!(app.put_mine(&me, &grant()).await.status, 201);
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        200
    );
    // Feedback requests stay stopped.
    let r = app.read_subject("crm", &id, "customer_feedback").await;
    assert_eq!(r.body["reason"], "objected");
    // The customer's view shows what is in force.
    let r = app
        .send("GET", "/v1/me/consents", Some(&me), None, None)
        .await;
    assert_eq!(
        r.body["objections_in_force"],
        json!(["purpose:customer_feedback"])
    );
    let entries = app.audit(&format!("?subject={id}")).await;
    assert!(entries.iter().any(|e| e["action"] == "objection.withdrawn"
        && e["actor"]["role"] == "subject"
        && e["decision"] == "allowed"));
    // Another role may not use the customer's routes.
    let r = app
        .send(
            "POST",
            "/v1/me/objections/withdrawals",
            Some(&app.client_token("crm")),
            None,
            Some(&lift(&["purpose:customer_feedback"])),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.body["code"], "role-not-allowed");
}

/// Art. 18 on `/v1/me`: the same as the subject routes.
async fn customer_restricts_and_lifts_on_me(app: TestApp) {
    let id = app.create_subject(&jane(1803)).await;
    let me = app.token(Role::Subject, &id);
    let r = app
        .send(
            "POST",
            "/v1/me/restriction",
            Some(&me),
            None,
            Some(&json!({"reason": "accuracy_contested"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["restricted"], true);
    assert_eq!(r.body["reason"], "accuracy_contested");
    let r = app.read_subject("crm", &id, "order_fulfilment").await;
    assert_eq!(r.body["reason"], "restricted");
    // The customer's consent overview shows the restriction in force.
    let r = app
        .send("GET", "/v1/me/consents", Some(&me), None, None)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["restriction"]["restricted"], true);
    assert_eq!(r.body["restriction"]["reason"], "accuracy_contested");
    let r = app
        .send(
            "POST",
            "/v1/me/restriction",
            Some(&me),
            None,
            Some(&json!({"reason": "because"})),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = app
        .send("DELETE", "/v1/me/restriction", Some(&me), None, None)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body, json!({"restricted": false}));
    assert_eq!(
        app.read_subject("crm", &id, "order_fulfilment")
            .await
            .status,
        200
    );
    let entries = app.audit(&format!("?subject={id}")).await;
    for action in ["restriction.set", "restriction.lifted"] {
        assert!(entries
            .iter()
            .any(|e| e["action"] == action && e["actor"]["role"] == "subject"));
    }
}

async fn withdrawals_are_checked_and_partial(app: TestApp) {
    let id = app.create_subject(&jane(1804)).await;
    let dpo = app.token(Role::Dpo, "dpo");
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/objections"),
            Some(&dpo),
            None,
            Some(&json!({"purposes": ["customer_feedback"], "direct_marketing": true, "source": "call_centre"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    // Bad scopes, times and evidence are named field by field.
    let mut bad = lift(&["purpose:nope", "everything", "direct_marketing"]);
    bad["collected_at"] = json!("2999-01-01T00:00:00Z");
    bad["evidence"] = json!({"ip": "10.0.0.1"});
    let r = app.withdraw_as(&dpo, &id, &bad).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.body["code"], "validation-failed");
    let fields: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["/collected_at", "/evidence/ip"], "{}", r.body);
    let mut bad = lift(&["purpose:nope", "everything", "direct_marketing"]);
    bad["source"] = json!("web");
    let r = app.withdraw_as(&dpo, &id, &bad).await;
    let fields: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["/scopes/0", "/scopes/1"], "{}", r.body);
    let r = app.withdraw_as(&dpo, &id, &lift(&[])).await;
    assert_eq!(r.body["errors"][0]["field"], "/scopes", "{}", r.body);
    let r = app
        .withdraw_as(
            &dpo,
            &id,
            &json!({"scopes": ["direct_marketing"], "source": "web"}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    // Nothing was withdrawn by the refused requests.
    assert_eq!(
        app.dpo_overview(&id).await["objections_in_force"],
        json!(["direct_marketing", "purpose:customer_feedback"])
    );

    // One of two scopes: the other stays in force.
    let r = app
        .withdraw_as(
            &dpo,
            &id,
            &lift(&["purpose:customer_feedback", "sale_or_sharing"]),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["withdrawn"], json!(["purpose:customer_feedback"]));
    assert_eq!(r.body["in_force"], json!(["direct_marketing"]));
    assert_eq!(
        app.read_subject("crm", &id, "customer_feedback")
            .await
            .status,
        200
    );
    // Objecting again puts the scope back in force: the newest row counts.
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
    let r = app.read_subject("crm", &id, "customer_feedback").await;
    assert_eq!(r.body["reason"], "objected");

    // The CRM may not lift an objection to customer feedback: it records no grants for it.
    let r = app
        .withdraw_as(
            &app.client_token("crm"),
            &id,
            &lift(&["purpose:customer_feedback"]),
        )
        .await;
    assert_eq!(
        r.body["reason"], "grant_not_allowed_for_client",
        "{}",
        r.body
    );
    // The ERP is not registered for anything an objection to marketing covers.
    let r = app
        .withdraw_as(&app.client_token("erp"), &id, &lift(&["direct_marketing"]))
        .await;
    assert_eq!(
        r.body["reason"], "purpose_not_allowed_for_client",
        "{}",
        r.body
    );
    // Unknown and erased subjects.
    let r = app
        .withdraw_as(
            &dpo,
            "6f1c2d9e-8a4b-4c3e-9f7a-2b5d8e1c0a93",
            &lift(&["direct_marketing"]),
        )
        .await;
    assert_eq!(r.status, 404);
    let r = app
        .send(
            "DELETE",
            &format!("/v1/subjects/{id}"),
            Some(&dpo),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app
        .withdraw_as(&dpo, &id, &lift(&["direct_marketing"]))
        .await;
    assert_eq!(r.status, 410);
}

/// The segments' bulk pre-filter reads the scopes in force, as single reads do.
async fn segments_follow_withdrawn_objections(app: TestApp) {
    let crm = app.client_token("crm");
    let mut ids = Vec::new();
    for n in 0..2u32 {
        let id = app.create_subject(&jane(1810 + n)).await;
        let r = app
            .send(
                "POST",
                "/v1/events",
                Some(&crm),
                None,
                Some(&json!({"events": [{"id": format!("seg-{n}"), "subject": {"id": id}, "type": "purchase",
                    "channel": "web", "occurred_at": now(),
                    "properties": {"order_id": format!("O-{n}"), "amount": "12.00", "currency": "EUR"}}]})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(
            app.put_as(&crm, &id, "email_marketing", &grant())
                .await
                .status,
            201
        );
        let r = app
            .send(
                "POST",
                &format!("/v1/subjects/{id}/objections"),
                Some(&crm),
                None,
                Some(&json!({"direct_marketing": true, "source": "email"})),
            )
            .await;
        assert_eq!(r.status, 201);
        ids.push(id);
    }
    assert!(app.mailer_segment().await.is_empty());
    // The first customer lifts the objection: the earlier grant counts again.
    let r = app
        .withdraw_as(&crm, &ids[0], &lift(&["direct_marketing"]))
        .await;
    assert_eq!(r.status, 201);
    assert_eq!(app.mailer_segment().await, vec![ids[0].clone()]);
}
