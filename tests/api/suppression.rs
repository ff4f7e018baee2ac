//! The suppression list (the keyed hashes of an erased customer's identifiers) guards every
//! path that gives a subject an identifier: creation, rectification of the email and phone
//! fields (`PATCH /v1/subjects/{id}` and `PATCH /v1/me`) and linking. A match flags the subject
//! (`suppression_match`), which keeps imported marketing consent out; phones are compared in
//! their one canonical form, so writing the trunk prefix differently does not get past it.

use custodia::domain::Role;
use serde_json::{json, Value};
use sqlx::Connection;

use crate::helpers::{both_engines, jane, Engine, Reply, TestApp};

both_engines!(
    creating_with_an_erased_phone_written_with_a_trunk_prefix_flags,
    rectifying_the_email_to_an_erased_one_flags,
    rectifying_the_phone_to_an_erased_one_written_differently_flags,
    a_customer_rectifying_on_me_is_flagged_without_being_told,
    linking_an_erased_identifier_flags,
    changes_without_an_erased_identifier_do_not_flag,
    an_operator_is_told_of_the_match,
    one_phone_number_with_and_without_trunk_prefix_is_one_identifier,
);

const FLAGGED: &str = "matches_erased_identifier";

async fn erase(app: &TestApp, id: &str) {
    let r = app
        .send(
            "DELETE",
            &format!("/v1/subjects/{id}"),
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

/// Creates `jane(tag)` and erases her: her email, `+49 151 <tag>` and `LC-<tag>` are now on
/// the suppression list.
async fn erased_customer(app: &TestApp, tag: u32) {
    let id = app.create_subject(&jane(tag)).await;
    erase(app, &id).await;
}

/// The subject's `suppression_match` column, read outside the application.
async fn suppression_match(app: &TestApp, id: &str) -> bool {
    let uuid = uuid::Uuid::parse_str(id).unwrap();
    let sql = "SELECT suppression_match FROM subjects WHERE id = $1";
    match app.engine {
        Engine::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&app.vault_url)
                .await
                .unwrap();
            // SQLite keeps ids as 16-byte BLOBs.
            sqlx::query_scalar(sql)
                .bind(uuid.as_bytes().to_vec())
                .fetch_one(&mut c)
                .await
                .unwrap()
        }
        Engine::Postgres => {
            let mut c = sqlx::PgConnection::connect(&app.vault_url).await.unwrap();
            sqlx::query_scalar(sql)
                .bind(uuid)
                .fetch_one(&mut c)
                .await
                .unwrap()
        }
    }
}

async fn patch(app: &TestApp, id: &str, body: &Value) -> Reply {
    app.send(
        "PATCH",
        &format!("/v1/subjects/{id}"),
        Some(&app.client_token("crm")),
        None,
        Some(body),
    )
    .await
}

/// The audit entries of `action` for subject `id`.
async fn audited(app: &TestApp, id: &str, action: &str) -> Vec<Value> {
    app.audit(&format!("?subject={id}"))
        .await
        .into_iter()
        .filter(|e| e["action"] == action)
        .collect()
}

/// A client is never told that a customer matches an erased one (Recital 26); the subject is
/// flagged all the same (checked in the database), and an operator sees the flag.
fn assert_client_not_told(r: &Reply) {
    assert!(r.body.get("flags").is_none(), "{}", r.body);
    assert!(!r.text.contains(FLAGGED), "{}", r.text);
}

async fn creating_with_an_erased_phone_written_with_a_trunk_prefix_flags(app: TestApp) {
    erased_customer(&app, 801).await;
    // The erased customer's phone was `+49 151 00000801`.
    let r = app
        .send(
            "POST",
            "/v1/subjects",
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"phone": "+49 (0)151 00000801", "first_name": "Jane"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_client_not_told(&r);
    let id = r.body["id"].as_str().unwrap();
    assert!(suppression_match(&app, id).await);
    let entries = audited(&app, id, "subject.create").await;
    assert_eq!(entries.len(), 1, "{entries:#?}");
    assert_eq!(entries[0]["reason"], "suppression_match");
}

async fn rectifying_the_email_to_an_erased_one_flags(app: TestApp) {
    erased_customer(&app, 802).await;
    let id = app.create_subject(&jane(812)).await;
    assert!(!suppression_match(&app, &id).await);
    let r = patch(
        &app,
        &id,
        &json!({"email": "JANE.QUILLFEATHER.802@example.com"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_client_not_told(&r);
    assert!(suppression_match(&app, &id).await);
    // The audit entry says a suppressed identifier was matched, and nothing about which.
    let entries = audited(&app, &id, "subject.rectify").await;
    assert_eq!(entries.len(), 1, "{entries:#?}");
    assert_eq!(entries[0]["decision"], "allowed");
    assert_eq!(entries[0]["reason"], "suppression_match");
    let text = entries[0].to_string().to_lowercase();
    assert!(!text.contains("quillfeather"), "{text}");
}

async fn rectifying_the_phone_to_an_erased_one_written_differently_flags(app: TestApp) {
    erased_customer(&app, 803).await;
    let id = app.create_subject(&jane(813)).await;
    // Erased as `+49 151 00000803`; written now with the trunk prefix in brackets.
    let r = patch(&app, &id, &json!({"phone": "+49 (0)151 0000 0803"})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_client_not_told(&r);
    assert!(suppression_match(&app, &id).await);
    // And with a bare 0, the number of another erased customer.
    erased_customer(&app, 833).await;
    let other = app.create_subject(&jane(823)).await;
    let r = patch(&app, &other, &json!({"phone": "+49 0151 00000833"})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(suppression_match(&app, &other).await);
}

async fn a_customer_rectifying_on_me_is_flagged_without_being_told(app: TestApp) {
    erased_customer(&app, 804).await;
    let id = app.create_subject(&jane(814)).await;
    let r = app
        .send(
            "PATCH",
            "/v1/me",
            Some(&app.token(Role::Subject, &id)),
            None,
            Some(&json!({"email": "jane.quillfeather.804@example.com"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // The customer is not told that the address belonged to an erased customer.
    assert!(r.body.get("flags").is_none(), "{}", r.body);
    assert!(suppression_match(&app, &id).await);
    let entries = audited(&app, &id, "subject.rectify").await;
    assert_eq!(entries[0]["reason"], "suppression_match", "{entries:#?}");
}

async fn linking_an_erased_identifier_flags(app: TestApp) {
    erased_customer(&app, 805).await;
    let id = app.create_subject(&jane(815)).await;
    let r = app
        .link_identifier("crm", &id, "loyalty_card", "LC-805")
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["result"], "added");
    // The suppression list keeps only what an opt-out needs (email, phone): not the card.
    assert!(r.body.get("flags").is_none(), "{}", r.body);
    assert!(!suppression_match(&app, &id).await);
    // The erased phone as an identifier, written with a trunk prefix.
    let other = app.create_subject(&jane(825)).await;
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{other}/identifiers"),
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"type": "phone", "value": "+49 (0)151 00000805"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert!(suppression_match(&app, &other).await);
}

/// An operator creating the customer is told.
async fn an_operator_is_told_of_the_match(app: TestApp) {
    erased_customer(&app, 806).await;
    let r = app
        .send(
            "POST",
            "/v1/subjects",
            Some(&app.token(Role::Admin, "ops")),
            None,
            Some(&json!({"email": "jane.quillfeather.806@example.com"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["flags"], json!([FLAGGED]), "{}", r.body);
}

async fn changes_without_an_erased_identifier_do_not_flag(app: TestApp) {
    erased_customer(&app, 806).await;
    let id = app.create_subject(&jane(816)).await;
    let r = patch(
        &app,
        &id,
        &json!({"email": "someone.else.816@example.com", "phone": "+49 (0)151 99900816"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.get("flags").is_none(), "{}", r.body);
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/identifiers"),
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"type": "loyalty_card", "value": "LC-NEW-816"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert!(r.body.get("flags").is_none(), "{}", r.body);
    assert!(!suppression_match(&app, &id).await);
    for action in ["subject.rectify", "identifier.link"] {
        let entries = audited(&app, &id, action).await;
        assert_eq!(entries.len(), 1, "{action}: {entries:#?}");
        assert!(entries[0]["reason"].is_null(), "{entries:#?}");
    }
}

async fn one_phone_number_with_and_without_trunk_prefix_is_one_identifier(app: TestApp) {
    app.create_subject(&json!({"phone": "+49 151 12345678"}))
        .await;
    for written in ["+49 (0)151 12345678", "+49 0151 1234 5678"] {
        let r = app
            .send(
                "POST",
                "/v1/subjects",
                Some(&app.client_token("crm")),
                None,
                Some(&json!({"phone": written})),
            )
            .await;
        assert_eq!(r.status, 409, "{written}: {}", r.body);
        assert_eq!(r.body["code"], "identifier-taken");
    }
    // Found by any of the three spellings.
    let lookup = |value: &'static str| {
        let app = &app;
        async move {
            app.send(
                "GET",
                &format!(
                    "/v1/subjects?type=phone&value={}",
                    value
                        .replace('+', "%2B")
                        .replace(' ', "%20")
                        .replace('(', "%28")
                        .replace(')', "%29")
                ),
                Some(&app.client_token("crm")),
                Some("customer_support"),
                None,
            )
            .await
        }
    };
    let a = lookup("+49 151 12345678").await;
    let b = lookup("+49 (0)151 12345678").await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["id"], b.body["id"], "{} / {}", a.body, b.body);
}
