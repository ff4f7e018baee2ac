//! Where merges, identity linking, erasure and consent meet (issue 18): none of them may lose a
//! refusal or hide a person from erasure, also when two requests race.

use custodia::auth::Principal;
use custodia::domain::{Role, SubjectId};
use custodia::service::Caller;
use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, TestApp};
use crate::merge::now;

both_engines!(
    erasing_a_merge_target_erases_every_subject_merged_into_it,
    erasing_a_merged_away_id_erases_the_person,
    opposite_merges_sent_at_once_apply_exactly_one,
    undo_keeps_what_was_decided_after_the_merge,
    undo_is_refused_when_the_split_would_lose_a_correction,
    linking_an_identifier_merges_the_anonymous_record_with_its_refusals,
    only_identity_stewards_merge_or_link,
    the_ledgers_refuse_delete,
    a_merge_interrupted_between_the_stores_finishes_on_restart,
    a_withdrawal_racing_a_merge_is_never_lost,
);

impl TestApp {
    /// Rows that mention `id` in the vault tables that hold a subject's data or state (not the
    /// ledgers kept by law: consent records, the audit log, tombstones and erasure jobs).
    async fn rows_of(&self, id: &str) -> i64 {
        let id = self.id_sql(id);
        let mut n = 0;
        for sql in [
            format!("SELECT COUNT(*) FROM subjects WHERE id = {id} OR merged_into = {id}"),
            format!("SELECT COUNT(*) FROM subject_fields WHERE subject_id = {id}"),
            format!("SELECT COUNT(*) FROM subject_identifiers WHERE subject_id = {id}"),
            format!("SELECT COUNT(*) FROM objections WHERE subject_id = {id}"),
            format!("SELECT COUNT(*) FROM restrictions WHERE subject_id = {id}"),
            format!("SELECT COUNT(*) FROM merges WHERE target_id = {id} OR source_id = {id}"),
        ] {
            n += self.count(false, &sql).await;
        }
        n
    }
}

fn merge_id(r: &crate::helpers::Reply) -> String {
    r.body["merge_id"].as_str().unwrap().to_owned()
}

/// Defect 1: B merged into A (and C into B before that) used to survive A's erasure with its
/// key and fields, unreachable by any route.
async fn erasing_a_merge_target_erases_every_subject_merged_into_it(app: TestApp) {
    let a = app.create_subject(&jane(181)).await;
    let b = app.create_subject(&jane(182)).await;
    let c = app.create_subject(&jane(183)).await;
    // Store visits: no retention duty holds the erasure back (see erasure_duty.rs for one).
    app.visit(&b, "b1").await;
    app.visit(&c, "c1").await;
    app.merge(&b, &c).await;
    app.merge(&a, &b).await;
    assert!(app.rows_of(&b).await > 0 && app.rows_of(&c).await > 0);

    let r = app.erase(&a).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["subject"], json!(a));
    let erased: Vec<Value> = r.body["erased_subjects"].as_array().unwrap().clone();
    assert_eq!(erased.len(), 3, "{}", r.body);
    for id in [&a, &b, &c] {
        assert!(erased.contains(&json!(id)), "{id} not in {}", r.body);
        assert_eq!(app.rows_of(id).await, 0, "a vault row of {id} survived");
        let r = app.read_subject("crm", id, "customer_support").await;
        assert_eq!(r.status, 410, "{}", r.body);
        assert_eq!(app.erase(id).await.status, 410);
    }
    assert_eq!(r.body["removed"]["events"], 2, "{}", r.body);
    assert_eq!(app.count(true, "SELECT COUNT(*) FROM events").await, 0);
    assert_eq!(app.count(false, "SELECT COUNT(*) FROM subjects").await, 0);
    assert_eq!(app.verify_audit().await["valid"], true);
}

/// "The customer who writes with an old email address must be erasable."
async fn erasing_a_merged_away_id_erases_the_person(app: TestApp) {
    let a = app.create_subject(&jane(184)).await;
    let b = app.create_subject(&jane(185)).await;
    let m = merge_id(&app.merge(&a, &b).await);

    let r = app.erase(&b).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["subject"], json!(a), "the person is erased");
    assert_eq!(
        r.body["requested_subject"],
        json!(b),
        "and the answer says so"
    );
    for id in [&a, &b] {
        let r = app.read_subject("crm", id, "customer_support").await;
        assert_eq!(r.status, 410, "{}", r.body);
        assert_eq!(app.rows_of(id).await, 0);
    }
    // The merge cannot be undone once its sides are erased.
    assert_eq!(app.undo(&m).await.status, 404);
}

/// Defect 4: A←B and B←A sent together both applied and hid both customers for good.
async fn opposite_merges_sent_at_once_apply_exactly_one(app: TestApp) {
    for round in 0..3u32 {
        let a = app.create_subject(&jane(190 + 2 * round)).await;
        let b = app.create_subject(&jane(191 + 2 * round)).await;
        let crm = app.client_token("crm");
        let (path_ab, path_ba) = (
            format!("/v1/subjects/{a}/merge"),
            format!("/v1/subjects/{b}/merge"),
        );
        let (body_ab, body_ba) = (json!({ "other": b }), json!({ "other": a }));
        let (ab, ba) = tokio::join!(
            app.send("POST", &path_ab, Some(&crm), None, Some(&body_ab)),
            app.send("POST", &path_ba, Some(&crm), None, Some(&body_ba)),
        );
        let mut statuses = [ab.status, ba.status];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "{} / {}", ab.body, ba.body);
        let (kept, merged) = if ab.status == 200 { (&a, &b) } else { (&b, &a) };
        let r = app.read_subject("crm", kept, "customer_support").await;
        assert_eq!(r.status, 200, "{}", r.body);
        // Merging the merged-away subject again is refused, not applied.
        let r = app
            .send(
                "POST",
                &format!("/v1/subjects/{merged}/merge"),
                Some(&crm),
                None,
                Some(&json!({ "other": kept })),
            )
            .await;
        assert_eq!(r.status, 409, "{}", r.body);
        // And the person stays erasable.
        assert_eq!(app.erase(kept).await.status, 200);
        assert_eq!(app.rows_of(merged).await, 0);
    }
}

/// Defect 5: the undo re-recorded Tom's pre-merge grant over his later withdrawal.
async fn undo_keeps_what_was_decided_after_the_merge(app: TestApp) {
    let tom = app.create_subject(&jane(196)).await;
    let sam = app.create_subject(&jane(197)).await;
    app.decide(&tom, "email_marketing", "granted").await;
    app.decide(&sam, "email_marketing", "withdrawn").await;
    app.decide(&sam, "sms_marketing", "granted").await;
    let m = merge_id(&app.merge(&tom, &sam).await);

    // After the merge, Tom withdraws email and SMS marketing himself.
    let me = app.token(Role::Subject, &tom);
    for purpose in ["email_marketing", "sms_marketing"] {
        let r = app
            .send(
                "PUT",
                &format!("/v1/me/consents/{purpose}"),
                Some(&me),
                None,
                Some(
                    &json!({"status": "withdrawn", "source": "web", "collected_at": now(),
                    "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}}),
                ),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }

    let r = app.undo(&m).await;
    assert_eq!(r.status, 200, "{}", r.body);
    for (who, purpose) in [
        (&tom, "email_marketing"),
        (&tom, "sms_marketing"),
        // Either person may have sent the withdrawal: Sam keeps it too.
        (&sam, "sms_marketing"),
    ] {
        let r = app.read_subject("mailer", who, purpose).await;
        assert_eq!(r.status, 403, "{purpose}: {}", r.body);
    }
}

/// A correction made on the target after the merge would be lost by splitting: refused.
async fn undo_is_refused_when_the_split_would_lose_a_correction(app: TestApp) {
    let a = app
        .create_subject(&json!({"email": "nora.web@example.com"}))
        .await;
    let b = app
        .create_subject(&json!({"email": "nora.shop@example.com", "phone": "+4915122223333"}))
        .await;
    let m = merge_id(&app.merge(&a, &b).await);
    let r = app
        .send(
            "PATCH",
            &format!("/v1/subjects/{a}"),
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"phone": "+4915199998888"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app.undo(&m).await;
    assert_eq!(r.status, 409, "{}", r.body);
    let r = app.read_subject("crm", &a, "customer_support").await;
    assert_eq!(r.body["data"]["phone"], "+4915199998888", "{}", r.body);
}

/// Defect 6: linking absorbed the record holding the identifier and dropped its objection;
/// the absorbed record vanished and could not be brought back.
async fn linking_an_identifier_merges_the_anonymous_record_with_its_refusals(app: TestApp) {
    let bob = app.create_subject(&jane(198)).await;
    app.decide(&bob, "email_marketing", "granted").await;
    let card = app
        .create_subject(&json!({"identifiers": [{"type": "loyalty_card", "value": "LC-ANON-2"}]}))
        .await;
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{card}/objections"),
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"purposes": ["email_marketing"], "source": "email"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        app.read_subject("mailer", &bob, "email_marketing")
            .await
            .status,
        200
    );

    let r = app
        .link_identifier("crm", &bob, "loyalty_card", "LC-ANON-2")
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["result"], "absorbed_anonymous_subject");
    let m = merge_id(&r);
    // The objection came along: the mailer may no longer read Bob.
    let r = app.read_subject("mailer", &bob, "email_marketing").await;
    assert_eq!(
        (r.status, r.body["reason"].clone()),
        (403, json!("objected"))
    );
    assert_eq!(app.holder_of_card("LC-ANON-2").await, json!(bob));
    let trail = app.audit(&format!("?subject={card}")).await;
    assert!(trail.iter().any(|e| e["action"] == "subject.merged"));

    // Like any merge, it can be undone: the card's record is back with its identifier.
    let r = app.undo(&m).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(app.holder_of_card("LC-ANON-2").await, json!(card));
}

/// Linking and merging are identity management: not for the mailer, audited when refused.
async fn only_identity_stewards_merge_or_link(app: TestApp) {
    let a = app.create_subject(&jane(199)).await;
    let b = app.create_subject(&jane(200)).await;
    let mailer = app.client_token("mailer");
    let r = app
        .link_identifier("mailer", &a, "loyalty_card", "LC-200")
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{a}/merge"),
            Some(&mailer),
            None,
            Some(&json!({ "other": b })),
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(app.holder_of_card("LC-200").await, json!(b));
    let trail = app.audit(&format!("?subject={a}")).await;
    let refused = trail
        .iter()
        .filter(|e| e["reason"] == "identity_management_not_allowed")
        .count();
    assert_eq!(refused, 2, "{trail:?}");
}

/// Consent records, objections and restrictions cannot be deleted behind the vault's back.
async fn the_ledgers_refuse_delete(app: TestApp) {
    let id = app.create_subject(&jane(201)).await;
    app.decide(&id, "email_marketing", "granted").await;
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/objections"),
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"purposes": ["email_marketing"], "source": "email"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/restriction"),
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"reason": "accuracy_contested"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    for table in ["consent_records", "objections", "restrictions", "audit_log"] {
        let err = app
            .try_vault_sql(&format!("DELETE FROM {table}"))
            .await
            .expect_err(table);
        assert!(err.contains("append-only"), "{table}: {err}");
        let left = app
            .count(false, &format!("SELECT COUNT(*) FROM {table}"))
            .await;
        assert!(left > 0, "{table} lost its rows");
    }
    // The one path that removes objections and restrictions: erasure.
    assert_eq!(app.erase(&id).await.status, 200);
    assert_eq!(app.rows_of(&id).await, 0);
    let kept = app
        .count(
            false,
            &format!(
                "SELECT COUNT(*) FROM consent_records WHERE subject_id = {}",
                app.id_sql(&id)
            ),
        )
        .await;
    assert_eq!(kept, 1, "consent records are kept after erasure");
}

/// The vault half of a merge is one transaction; the events move after it. A process that
/// stops in between leaves the events behind, and the next start moves them.
async fn a_merge_interrupted_between_the_stores_finishes_on_restart(app: TestApp) {
    let a = app.create_subject(&jane(202)).await;
    let b = app.create_subject(&jane(203)).await;
    app.buy(&b, "b202").await;
    let built = custodia::startup::build_vault(&app.settings).await.unwrap();
    built.vault.fail_next_merge_between_stores();
    let principal = Principal {
        id: "dpo".into(),
        role: Role::Dpo,
    };
    let caller = Caller {
        principal: &principal,
        request_id: "test-crash",
    };
    let (target, source): (SubjectId, SubjectId) = (a.parse().unwrap(), b.parse().unwrap());
    assert!(built
        .vault
        .merge_subjects(&caller, target, source)
        .await
        .is_err());
    // Half done: B is merged into A in the vault, its event is still under B's pseudonym.
    assert_eq!(
        app.read_subject("crm", &b, "customer_support").await.status,
        404
    );
    assert_eq!(app.event_count(&a).await, 0);

    let _restarted = app.another_instance().await;
    assert_eq!(app.event_count(&a).await, 1);
    let pending = app
        .count(
            false,
            "SELECT COUNT(*) FROM merges WHERE events_moved = FALSE",
        )
        .await;
    assert_eq!(pending, 0);
}

/// A withdrawal sent while the customer's records are being merged either lands before the
/// merge (which then carries it, or refuses and is sent again) or is refused; it is never
/// recorded on a record the merge already left behind.
async fn a_withdrawal_racing_a_merge_is_never_lost(app: TestApp) {
    for round in 0..5u32 {
        let a = app.create_subject(&jane(210 + 2 * round)).await;
        let b = app.create_subject(&jane(211 + 2 * round)).await;
        app.decide(&a, "email_marketing", "granted").await;
        app.decide(&b, "email_marketing", "granted").await;
        let crm = app.client_token("crm");
        let merge_path = format!("/v1/subjects/{a}/merge");
        let merge_body = json!({ "other": b });
        let withdraw_path = format!("/v1/subjects/{b}/consents/email_marketing");
        let withdrawal = json!({"status": "withdrawn", "source": "email", "collected_at": now(),
            "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}});
        let mailer = app.client_token("mailer");
        let (merged, withdrawn) = tokio::join!(
            app.send("POST", &merge_path, Some(&crm), None, Some(&merge_body)),
            app.send(
                "PUT",
                &withdraw_path,
                Some(&mailer),
                None,
                Some(&withdrawal)
            ),
        );
        assert!(
            [200, 409].contains(&merged.status),
            "merge: {}",
            merged.body
        );
        assert!(
            [201, 404, 409].contains(&withdrawn.status),
            "withdrawal: {}",
            withdrawn.body
        );
        let read_a = app.read_subject("mailer", &a, "email_marketing").await;
        match (merged.status, withdrawn.status) {
            // Both applied: the merge carried the withdrawal (the stricter decision).
            (200, 201) => assert_eq!(read_a.status, 403, "round {round}: lost withdrawal"),
            // The merge lost the race and wrote nothing; A keeps its own grant.
            (409, _) => assert_eq!(read_a.status, 200),
            // The withdrawal was refused: the caller knows to send it to the merged record.
            _ => assert_eq!(read_a.status, 200),
        }
    }
}
