//! The error contract, locked by snapshots (`tests/snapshots/`): every entry of the
//! problem+json catalogue (`ErrorCode::ALL`: status, `type`, title) and a few real problem
//! bodies over HTTP, the request id redacted. A new or changed snapshot fails the test
//! (`cargo insta review` or `INSTA_UPDATE=always cargo test --test api errors` to accept one on
//! purpose; CI runs with `INSTA_UPDATE=no`).

use custodia::error::{ApiError, ErrorCode};
use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, Reply, TestApp};

both_engines!(problem_bodies_over_http_keep_their_shape);

/// Snapshots sit in `tests/snapshots/`, one file per snapshot name whatever the engine: both
/// engines must give the same body.
fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings
}

/// Fails to compile when `ErrorCode` gains a code: add it here and to `ErrorCode::ALL`.
fn listed(code: ErrorCode) -> bool {
    use ErrorCode::*;
    match code {
        InvalidRequest
        | ValidationFailed
        | MissingPurpose
        | InvalidPurpose
        | UnknownPurpose
        | ConsentNotApplicable
        | Unauthorized
        | RoleNotAllowed
        | AccessDenied
        | NotFound
        | MethodNotAllowed
        | IdentifierTaken
        | Gone
        | Conflict
        | ObjectionInForce
        | UnknownNotice
        | EvidenceRequired
        | ParentalConsentRequired
        | PayloadTooLarge
        | UnsupportedMediaType
        | TooManyRequests
        | Unavailable
        | Internal => ErrorCode::ALL.contains(&code),
    }
}

#[test]
fn every_error_code_has_one_status_type_and_title() {
    let mut entries = Vec::new();
    for &code in ErrorCode::ALL {
        assert!(listed(code));
        let body = ApiError::new(code, "detail").problem_body();
        assert_eq!(body["status"], code.status().as_u16(), "{body}");
        assert_eq!(body["code"], code.slug(), "{body}");
        assert_eq!(
            body["type"],
            format!("{}{}", custodia::error::PROBLEM_TYPE_PREFIX, code.slug())
        );
        entries.push(json!({
            "code": body["code"],
            "status": body["status"],
            "type": body["type"],
            "title": body["title"],
        }));
    }
    let slugs: std::collections::BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.slug()).collect();
    assert_eq!(slugs.len(), ErrorCode::ALL.len(), "one slug per code");
    snapshot_settings().bind(|| insta::assert_json_snapshot!("problem_catalogue", entries));
}

/// The reply is problem+json with the expected status; its body is snapshot under `name`.
fn assert_problem(name: &str, r: &Reply, status: u16) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.content_type, "application/problem+json");
    assert!(
        r.body["request_id"]
            .as_str()
            .is_some_and(|id| !id.is_empty()),
        "a request id: {}",
        r.body
    );
    snapshot_settings().bind(|| {
        insta::assert_json_snapshot!(name, r.body, { ".request_id" => "[request_id]" });
    });
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

async fn problem_bodies_over_http_keep_their_shape(app: TestApp) {
    let id = app.create_subject(&jane(1901)).await;
    let crm = app.client_token("crm");
    let subject = format!("/v1/subjects/{id}");

    // 401: no token.
    let r = app
        .send("GET", &subject, None, Some("order_fulfilment"), None)
        .await;
    assert_problem("http_401_unauthorized", &r, 401);

    // 403: a client on the DPO's audit log.
    let r = app.send("GET", "/v1/audit", Some(&crm), None, None).await;
    assert_problem("http_403_role_not_allowed", &r, 403);

    // 404: a subject that never existed.
    let r = app
        .send(
            "GET",
            "/v1/subjects/00000000-0000-4000-8000-000000000000",
            Some(&crm),
            Some("order_fulfilment"),
            None,
        )
        .await;
    assert_problem("http_404_not_found", &r, 404);

    // 409: a grant under an objection in force.
    let r = app
        .send(
            "POST",
            &format!("{subject}/objections"),
            Some(&app.client_token("mailer")),
            None,
            Some(&json!({"direct_marketing": true, "source": "email"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let grant = json!({"status": "granted", "source": "web", "collected_at": now(),
                       "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-19"}});
    let r = app
        .send(
            "PUT",
            &format!("{subject}/consents/email_marketing"),
            Some(&crm),
            None,
            Some(&grant),
        )
        .await;
    assert_problem("http_409_objection_in_force", &r, 409);

    // 400: fields that do not parse (the body names the fields, never the values).
    let mut body: Value = jane(1902);
    body["email"] = json!("jane-at-example");
    body["phone"] = json!("0151 123");
    body["birth_date"] = json!("2999-01-01");
    let r = app
        .send("POST", "/v1/subjects", Some(&crm), None, Some(&body))
        .await;
    assert_problem("http_400_validation_failed", &r, 400);
}
