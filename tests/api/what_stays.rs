//! Issue 17, should-fix 6 (Recital 26): what stays after erasure stays only as long as it is
//! needed. The suppression list keeps only what an opt-out needs (email and phone), and the
//! consent records kept as proof and the suppression list go once the documented period
//! (three years, `PROOF_PERIOD_DAYS`) after the erasure has passed.

use crate::helpers::{both_engines, jane, TestApp};
use custodia::domain::Role;

both_engines!(
    what_erasure_keeps_is_minimal_and_expires,
    hashed_evidence_is_stored_keyed,
);

/// An unsalted SHA-256 of an IPv4 address is reversed by a table of four billion entries; the
/// ledger outlives an erasure, so the vault stores such a hash only keyed.
async fn hashed_evidence_is_stored_keyed(app: TestApp) {
    let id = app.create_subject(&jane(1743)).await;
    let sent = hex::encode(ring::digest::digest(&ring::digest::SHA256, b"203.0.113.7"));
    let grant = serde_json::json!({"status": "granted", "source": "web",
        "collected_at": crate::events::ago(0), "policy_version": "2026-01",
        "evidence": {"double_opt_in_ref": "doi-1743", "ip_hash": sent}});
    let r = app
        .send(
            "PUT",
            &format!("/v1/subjects/{id}/consents/email_marketing"),
            Some(&app.token(Role::Admin, "ops")),
            None,
            Some(&grant),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let stored = r.body["record"]["evidence"]["ip_hash"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(stored.len(), 64, "{}", r.body);
    assert_ne!(stored, sent);
    assert_eq!(
        app.count(
            false,
            &format!("SELECT COUNT(*) FROM consent_records WHERE evidence LIKE '%{sent}%'")
        )
        .await,
        0
    );
    // The same value gives the same stored hash: proof can still be compared.
    let r = app
        .send(
            "PUT",
            &format!("/v1/subjects/{id}/consents/email_marketing"),
            Some(&app.token(Role::Admin, "ops")),
            None,
            Some(&grant),
        )
        .await;
    assert_eq!(r.body["record"]["evidence"]["ip_hash"], stored.as_str());
}

async fn what_erasure_keeps_is_minimal_and_expires(app: TestApp) {
    let id = app.create_subject(&jane(1741)).await;
    app.grant(&id, "email_marketing").await;
    let held = app
        .count(
            false,
            &format!(
                "SELECT COUNT(*) FROM subject_identifiers WHERE subject_id = {}",
                app.id_sql(&id)
            ),
        )
        .await;
    assert!(held > 2, "the customer has more than email and phone");
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
    assert_eq!(r.body["suppression_list_entries"], 2, "{}", r.body);
    let types = |sql: &'static str| app.count(false, sql);
    assert_eq!(
        types("SELECT COUNT(*) FROM suppressed_identifiers WHERE id_type IN ('email', 'phone')")
            .await,
        2
    );
    assert_eq!(
        types("SELECT COUNT(*) FROM suppressed_identifiers").await,
        2
    );
    let proof = format!(
        "SELECT COUNT(*) FROM consent_records WHERE subject_id = {}",
        app.id_sql(&id)
    );
    assert_eq!(app.count(false, &proof).await, 1, "kept as proof");

    // Within the period a retention run keeps both.
    let built = custodia::startup::build_vault(&app.settings).await.unwrap();
    let report = built.vault.run_retention_job("retention").await.unwrap();
    assert_eq!(
        (
            report.proof_records_deleted,
            report.suppression_entries_deleted
        ),
        (0, 0)
    );
    // Four years later, both go.
    let four_years_ago = (time::OffsetDateTime::now_utc() - time::Duration::days(4 * 365))
        .unix_timestamp()
        * 1_000_000;
    app.vault_sql(&format!(
        "UPDATE erased_subjects SET erased_at_us = {four_years_ago}; \
         UPDATE suppressed_identifiers SET erased_at_us = {four_years_ago};"
    ))
    .await;
    let report = built.vault.run_retention_job("retention").await.unwrap();
    assert_eq!(
        (
            report.proof_records_deleted,
            report.suppression_entries_deleted
        ),
        (1, 2),
        "{report:?}"
    );
    assert_eq!(app.count(false, &proof).await, 0);
    let audited: Vec<String> = app
        .audit("?client=retention&limit=100")
        .await
        .iter()
        .map(|e| e["reason"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        audited.contains(&"proof_of_consent count=1 retention_days=1095".to_owned()),
        "{audited:?}"
    );
    // A live customer's consent records still refuse a DELETE.
    let live = app.create_subject(&jane(1742)).await;
    app.grant(&live, "email_marketing").await;
    let err = app
        .try_vault_sql(&format!(
            "DELETE FROM consent_records WHERE subject_id = {}",
            app.id_sql(&live)
        ))
        .await
        .expect_err("append-only");
    assert!(err.contains("append-only"), "{err}");
}
