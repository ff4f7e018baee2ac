//! An aggregate-only purpose (the shipped `analytics`) gets counts and nothing about one
//! person (issue 17, must-fix 1): a read, a look-up by full email, a person's events or
//! profile and a segment member page all answer `403` `aggregate_only`, audited, before the
//! subject is loaded or the identifier resolved, so the answer is the same for a customer who
//! exists, one who does not and one who was erased.

use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, Reply, TestApp};
use custodia::domain::Role;

const ANALYTICS: &str = "analytics";

async fn as_analytics(app: &TestApp, method: &str, path: &str, body: Option<&Value>) -> Reply {
    app.send(
        method,
        path,
        Some(&app.client_token(ANALYTICS)),
        Some(ANALYTICS),
        body,
    )
    .await
}

fn assert_aggregate_only(what: &str, r: &Reply) {
    assert_eq!(
        (r.status, r.body["reason"].as_str()),
        (403, Some("aggregate_only")),
        "{what}: {}",
        r.body
    );
    assert_eq!(r.content_type, "application/problem+json", "{what}");
}

/// The per-person routes of the analytics client, for subject `id`.
fn person_routes(id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("GET", format!("/v1/subjects/{id}")),
        ("GET", format!("/v1/subjects/{id}/events")),
        ("GET", format!("/v1/subjects/{id}/profile")),
    ]
}

async fn a_person_is_never_read_for_an_aggregate_only_purpose(app: TestApp) {
    let id = app.create_subject(&jane(1701)).await;
    for (method, path) in person_routes(&id) {
        let r = as_analytics(&app, method, &path, None).await;
        assert_aggregate_only(&path, &r);
    }
    // Audited, with the reason, and nothing given.
    let entries = app.audit(&format!("?subject={id}&limit=100")).await;
    let refused: Vec<&Value> = entries
        .iter()
        .filter(|e| e["purpose"] == ANALYTICS)
        .collect();
    assert_eq!(refused.len(), 3, "{entries:?}");
    for e in refused {
        assert_eq!(e["decision"], "denied", "{e}");
        assert_eq!(e["reason"], "aggregate_only", "{e}");
        assert_eq!(e["fields_given"], json!([]), "{e}");
    }
}

/// The look-up is no re-identification oracle: a full email answers the same `403` whether
/// the customer exists or not, and the identifier is never resolved.
async fn a_look_up_by_full_email_answers_the_same_for_everyone(app: TestApp) {
    app.create_subject(&jane(1702)).await;
    let known = as_analytics(
        &app,
        "GET",
        "/v1/subjects?type=email&value=Jane.Quillfeather.1702@Example.com",
        None,
    )
    .await;
    let unknown = as_analytics(
        &app,
        "GET",
        "/v1/subjects?type=email&value=nobody.1702@example.com",
        None,
    )
    .await;
    let malformed = as_analytics(&app, "GET", "/v1/subjects?type=email&value=x", None).await;
    for (what, r) in [
        ("known", &known),
        ("unknown", &unknown),
        ("malformed", &malformed),
    ] {
        assert_aggregate_only(what, r);
    }
    let without_request_id = |r: &Reply| {
        let mut b = r.body.clone();
        b.as_object_mut().unwrap().remove("request_id");
        b
    };
    assert_eq!(without_request_id(&known), without_request_id(&unknown));
    let entries = app.audit("?client=analytics&limit=100").await;
    let lookups: Vec<&Value> = entries
        .iter()
        .filter(|e| e["action"] == "subject.lookup")
        .collect();
    assert_eq!(lookups.len(), 3, "{entries:?}");
    assert!(lookups
        .iter()
        .all(|e| e["reason"] == "aggregate_only" && e["subject"].is_null()));
}

/// Erased and unknown customers answer the same `403` as a live one: the refusal comes
/// before the subject is loaded.
async fn erased_and_unknown_subjects_answer_the_same(app: TestApp) {
    let id = app.create_subject(&jane(1703)).await;
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
    let unknown = "00000000-0000-4000-8000-000000000000";
    for subject in [id.as_str(), unknown] {
        for (method, path) in person_routes(subject) {
            let r = as_analytics(&app, method, &path, None).await;
            assert_aggregate_only(&path, &r);
        }
    }
}

/// Segments: counts are still answered; a member page (a cursor) is refused.
async fn segments_answer_counts_and_refuse_member_pages(app: TestApp) {
    app.create_subject(&jane(1704)).await;
    let counts = as_analytics(
        &app,
        "POST",
        "/v1/segments/query",
        Some(&json!({"conditions": {}})),
    )
    .await;
    assert_eq!(counts.status, 200, "{}", counts.body);
    assert!(counts.body.get("members").is_none(), "{}", counts.body);
    let page = as_analytics(
        &app,
        "POST",
        "/v1/segments/query",
        Some(&json!({"conditions": {}, "cursor": "00000000000000000000000000000000"})),
    )
    .await;
    assert_aggregate_only("member page", &page);
}

/// Recording a decision about one person is per-person too: the analytics client may not
/// record an objection (and so cannot probe who exists); the customer and the DPO still can.
async fn an_aggregate_only_client_records_nothing_about_a_person(app: TestApp) {
    let id = app.create_subject(&jane(1705)).await;
    let body = json!({"purposes": ["analytics"], "source": "web"});
    let path = format!("/v1/subjects/{id}/objections");
    let r = app
        .send(
            "POST",
            &path,
            Some(&app.client_token(ANALYTICS)),
            None,
            Some(&body),
        )
        .await;
    assert_aggregate_only("objection by the analytics client", &r);
    // Nor read a person's consent state, nor restrict them.
    let analytics = app.client_token(ANALYTICS);
    let r = app
        .send(
            "GET",
            &format!("/v1/subjects/{id}/consents"),
            Some(&analytics),
            None,
            None,
        )
        .await;
    assert_aggregate_only("consent overview", &r);
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/restriction"),
            Some(&analytics),
            None,
            Some(&json!({"reason": "accuracy_contested"})),
        )
        .await;
    assert_aggregate_only("restriction", &r);
    let r = app
        .send(
            "POST",
            &path,
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
}

both_engines!(
    a_person_is_never_read_for_an_aggregate_only_purpose,
    a_look_up_by_full_email_answers_the_same_for_everyone,
    erased_and_unknown_subjects_answer_the_same,
    segments_answer_counts_and_refuse_member_pages,
    an_aggregate_only_client_records_nothing_about_a_person,
);
