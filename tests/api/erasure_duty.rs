//! Issue 17, must-fix 5: under a legal retention duty (the shipped `accounting`: invoices,
//! HGB §257, AO §147), erasure blocks what the duty needs instead of wiping it
//! (Art. 17(3)(b), BDSG §35(3)), and retention completes the erasure when the duty ends.

use serde_json::json;

use crate::events::{page_view, purchase};
use crate::helpers::{both_engines, jane, TestApp};
use custodia::domain::Role;

both_engines!(
    erasure_under_an_accounting_duty_blocks_and_retention_finishes_it,
    a_customer_without_a_duty_is_erased_at_once,
    a_blocked_person_loses_the_records_merged_into_it,
    a_customer_erasing_themself_is_blocked_and_still_sees_what_is_kept,
);

async fn erasure_under_an_accounting_duty_blocks_and_retention_finishes_it(app: TestApp) {
    let id = app.create_subject(&jane(1721)).await;
    let sub = json!({"id": id});
    app.grant(&id, "personalisation").await;
    let body = app
        .ingest(vec![
            purchase("inv-1", sub.clone(), "99.00", 20),
            page_view("pv-1", sub.clone(), "web"),
        ])
        .await;
    assert_eq!(body["accepted"], 2, "{body}");

    let r = app.erase(&id).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let receipt = &r.body;
    assert_eq!(receipt["data_key_destroyed"], false, "{receipt}");
    let blocked = &receipt["blocked"];
    assert_eq!(blocked["purposes"], json!(["accounting"]), "{receipt}");
    // Invoices of this year are kept until ten years after its end.
    let this_year = time::OffsetDateTime::now_utc().year();
    let until = blocked["until"].as_str().unwrap();
    let year: i32 = until[..4].parse().unwrap();
    assert!(
        (this_year + 9..=this_year + 10).contains(&year),
        "3650 days after the end of the purchase's year: {until}"
    );
    assert_eq!(
        blocked["fields_kept"],
        json!([
            "address.city",
            "address.country",
            "address.line1",
            "address.line2",
            "address.postal_code",
            "first_name",
            "last_name"
        ])
    );
    assert_eq!(receipt["removed"]["events"], 1, "{receipt}");
    assert!(receipt["removed"]["identifiers"].as_i64().unwrap() >= 2);

    // Only accounting reads what is left; everyone else meets a restriction.
    let r = app.read_subject("erp", &id, "accounting").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["data"]["last_name"].is_string(), "{}", r.body);
    assert!(r.body["data"].get("email").is_none(), "{}", r.body);
    let r = app.read_subject("crm", &id, "order_fulfilment").await;
    assert_eq!(
        (r.status, r.body["reason"].as_str()),
        (403, Some("restricted"))
    );
    // No look-up finds the customer any more.
    let r = app
        .send(
            "GET",
            "/v1/subjects?type=email&value=Jane.Quillfeather.1721@Example.com",
            Some(&app.client_token("crm")),
            Some("order_fulfilment"),
            None,
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    // Only the invoice's event is left, and only for accounting.
    assert_eq!(
        app.count(true, "SELECT COUNT(*) FROM events").await,
        1,
        "the page view went"
    );
    assert_eq!(
        app.count(
            true,
            "SELECT COUNT(*) FROM events WHERE purposes = '|accounting|'"
        )
        .await,
        1
    );
    // The block is not a restriction anyone may lift.
    let r = app
        .send(
            "DELETE",
            &format!("/v1/subjects/{id}/restriction"),
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);

    // The duty ends: retention completes the erasure, key and all.
    app.vault_sql(&format!(
        "UPDATE subjects SET blocked_until_us = 1 WHERE id = {}",
        app.id_sql(&id)
    ))
    .await;
    let built = custodia::startup::build_vault(&app.settings).await.unwrap();
    let report = built.vault.run_retention_job("retention").await.unwrap();
    assert_eq!(report.blocked_erasures_completed, 1, "{report:?}");
    let r = app.read_subject("erp", &id, "accounting").await;
    assert_eq!(r.status, 410, "{}", r.body);
    assert_eq!(app.count(true, "SELECT COUNT(*) FROM events").await, 0);
}

async fn a_customer_without_a_duty_is_erased_at_once(app: TestApp) {
    let id = app.create_subject(&jane(1722)).await;
    let r = app.erase(&id).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data_key_destroyed"], true, "{}", r.body);
    assert!(r.body.get("blocked").is_none(), "{}", r.body);
    assert_eq!(
        app.read_subject("crm", &id, "order_fulfilment")
            .await
            .status,
        410
    );
}

/// Merges × erasure × duty: the person's invoices block its own erasure; the records merged
/// into it (their events now the person's) are erased at once.
async fn a_blocked_person_loses_the_records_merged_into_it(app: TestApp) {
    let a = app.create_subject(&jane(1723)).await;
    let b = app.create_subject(&jane(1724)).await;
    app.buy(&b, "b-invoice").await;
    app.merge(&a, &b).await;
    let r = app.erase(&a).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["erased_subjects"], json!([b]), "{}", r.body);
    assert_eq!(
        r.body["blocked"]["purposes"],
        json!(["accounting"]),
        "{}",
        r.body
    );
    assert_eq!(
        app.read_subject("crm", &b, "customer_support").await.status,
        410
    );
    let r = app.read_subject("erp", &a, "accounting").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        app.count(
            true,
            "SELECT COUNT(*) FROM events WHERE purposes = '|accounting|'"
        )
        .await,
        1
    );
}

/// /v1/me × duty: a customer who erases themself with an invoice on file is blocked the same
/// way, still sees what is kept (Art. 15), and cannot lift the block either.
async fn a_customer_erasing_themself_is_blocked_and_still_sees_what_is_kept(app: TestApp) {
    let id = app.create_subject(&jane(1725)).await;
    app.buy(&id, "me-invoice").await;
    let me = app.token(Role::Subject, &id);
    let r = app.send("DELETE", "/v1/me", Some(&me), None, None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["blocked"]["purposes"],
        json!(["accounting"]),
        "{}",
        r.body
    );
    let r = app.send("GET", "/v1/me", Some(&me), None, None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body.to_string().contains("Featherstonewall1725"),
        "{}",
        r.body
    );
    assert!(
        !r.body.to_string().contains("Quillfeather.1725"),
        "{}",
        r.body
    );
    let r = app
        .send("DELETE", "/v1/me/restriction", Some(&me), None, None)
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
}
