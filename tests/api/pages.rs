//! The pages for people (issue 13) as HTTP sees them: the privacy centre and the console are
//! served from the binary with a strict Content-Security-Policy, and the purpose catalogue
//! they draw from answers every role. The pages themselves run in a browser in
//! tests/browser/ (`.ci/browser.sh`).

use custodia::domain::Role;

use crate::helpers::{both_engines, TestApp};

both_engines!(
    pages_are_served_with_a_strict_policy_and_no_framing,
    the_purpose_catalogue_tells_each_role_how_to_say_no,
);

async fn pages_are_served_with_a_strict_policy_and_no_framing(app: TestApp) {
    for (path, kind) in [
        ("/privacy", "text/html"),
        ("/console", "text/html"),
        ("/assets/privacy.js", "text/javascript"),
        ("/assets/style.css", "text/css"),
        ("/assets/i18n/pl.json", "application/json"),
    ] {
        let reply = app.send("GET", path, None, None, None).await;
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply.content_type.starts_with(kind),
            "{path}: {}",
            reply.content_type
        );
        let csp = reply.header("content-security-policy").unwrap();
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert!(csp.contains("script-src 'self';"), "{csp}");
        assert!(csp.contains("connect-src 'self';"), "{csp}");
        assert!(!csp.contains("unsafe"), "{csp}");
        assert_eq!(reply.header("x-frame-options"), Some("DENY"));
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    }
    for path in [
        "/assets/missing.js",
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
    ] {
        let reply = app.send("GET", path, None, None, None).await;
        assert_eq!(reply.status, 404, "{path}");
    }
    let reply = app.send("POST", "/privacy", None, None, None).await;
    assert_eq!(reply.status, 405);
}

async fn the_purpose_catalogue_tells_each_role_how_to_say_no(app: TestApp) {
    assert_eq!(
        app.send("GET", "/v1/purposes", None, None, None)
            .await
            .status,
        401
    );
    let subject = app.token(Role::Subject, "6f1c2d9e-8a4b-4c3e-9f7a-2b5d8e1c0a93");
    let crm = app.client_token("crm");
    let dpo = app.token(Role::Dpo, "dpo");
    let mut answers = Vec::new();
    for token in [&subject, &crm, &dpo] {
        let reply = app
            .send("GET", "/v1/purposes", Some(token), None, None)
            .await;
        assert_eq!(reply.status, 200);
        answers.push(reply.body);
    }
    assert!(
        answers.iter().all(|a| a == &answers[0]),
        "one catalogue for every role"
    );

    let purposes = answers[0]["purposes"].as_array().unwrap();
    let by_id = |id: &str| {
        purposes
            .iter()
            .find(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("{id} listed"))
    };
    let email = by_id("email_marketing");
    assert_eq!(email["say_no"], "withdraw_consent");
    assert_eq!(email["article"], "Art. 6(1)(a)");
    assert_eq!(email["consent"]["notice_version"], "2026-01");
    assert_eq!(
        email["consent"]["required_evidence"],
        serde_json::json!(["double_opt_in_ref"])
    );
    assert_eq!(by_id("order_fulfilment")["say_no"], "none");
    assert_eq!(
        by_id("order_fulfilment")["consent"],
        serde_json::Value::Null
    );
    assert_eq!(by_id("analytics")["say_no"], "object");
    // objection_stops = false: an objection holds only until a DPO documents compelling grounds.
    assert_eq!(
        by_id("fraud_prevention")["say_no"],
        "object_subject_to_assessment"
    );
    assert_eq!(by_id("accounting")["say_no"], "none");
    assert_eq!(answers[0]["controller"]["name"], "Example Shop GmbH");
}
