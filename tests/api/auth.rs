//! Bearer tokens: missing, malformed, forged, expired, `alg: none`, wrong role.

use base64::Engine as _;
use custodia::domain::Role;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use secrecy::ExposeSecret;
use serde_json::json;

use crate::helpers::{both_engines, jane, TestApp, AUDIENCE, ISSUER};

both_engines!(
    requests_without_a_valid_token_are_401,
    roles_are_enforced_per_route,
);

fn now() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

fn sign(app: &TestApp, claims: serde_json::Value) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(app.jwt_secret.expose_secret().as_bytes()),
    )
    .unwrap()
}

async fn requests_without_a_valid_token_are_401(app: TestApp) {
    let id = app.create_subject(&jane(20)).await;
    let path = format!("/v1/subjects/{id}");
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let claims =
        json!({"sub": "crm", "role": "client", "iss": ISSUER, "aud": AUDIENCE, "exp": now() + 300});
    let alg_none = format!(
        "{}.{}.",
        b64.encode(r#"{"alg":"none","typ":"JWT"}"#),
        b64.encode(claims.to_string())
    );
    let expired = sign(
        &app,
        json!({"sub": "crm", "role": "client", "iss": ISSUER, "aud": AUDIENCE, "exp": now() - 600}),
    );
    let wrong_audience = sign(
        &app,
        json!({"sub": "crm", "role": "client", "iss": ISSUER, "aud": "someone-else", "exp": now() + 300}),
    );
    let forged = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(b"not-the-vault-secret-not-the-vault-secret"),
    )
    .unwrap();
    let wrong_issuer = sign(
        &app,
        json!({"sub": "crm", "role": "client", "iss": "evil", "aud": AUDIENCE, "exp": now() + 300}),
    );
    let not_yet_valid = sign(
        &app,
        json!({"sub": "crm", "role": "client", "iss": ISSUER, "aud": AUDIENCE,
               "nbf": now() + 600, "exp": now() + 900}),
    );
    // HS/RS confusion: a token that says RS256 but is an HMAC under the vault's secret (the
    // classic attack when a verifier lets the token pick the algorithm).
    let rs_header_hs_signature = {
        let head = b64.encode(r#"{"alg":"RS256","typ":"JWT"}"#);
        let body = b64.encode(claims.to_string());
        let key = ring::hmac::Key::new(
            ring::hmac::HMAC_SHA256,
            app.jwt_secret.expose_secret().as_bytes(),
        );
        let tag = ring::hmac::sign(&key, format!("{head}.{body}").as_bytes());
        format!("{head}.{body}.{}", b64.encode(tag.as_ref()))
    };
    // A `kid` naming a key the vault does not hold, with the attacker's key embedded (`jwk`):
    // the verifier never picks its key from the token, so this is just a forgery.
    let foreign_kid = {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("../../attacker-key".to_owned());
        header.jku = Some("https://attacker.example/jwks.json".to_owned());
        jsonwebtoken::encode(
            &header,
            &claims,
            &EncodingKey::from_secret(b"the-attackers-own-secret-the-attackers-own"),
        )
        .unwrap()
    };
    let unregistered_client = sign(
        &app,
        json!({"sub": "not-in-clients-toml", "role": "client", "iss": ISSUER, "aud": AUDIENCE,
               "exp": now() + 300}),
    );
    let cases = [
        ("no token", None),
        ("wrong issuer", Some(wrong_issuer)),
        ("not yet valid", Some(not_yet_valid)),
        (
            "RS256 header, HS256 signature",
            Some(rs_header_hs_signature),
        ),
        ("client not in the policy", Some(unregistered_client)),
        ("foreign kid and jku", Some(foreign_kid)),
        ("garbage", Some("not.a.jwt".to_owned())),
        ("alg none", Some(alg_none)),
        ("expired", Some(expired)),
        ("wrong audience", Some(wrong_audience)),
        ("forged", Some(forged)),
    ];
    for (name, token) in cases {
        let r = app
            .send(
                "GET",
                &path,
                token.as_deref(),
                Some("order_fulfilment"),
                None,
            )
            .await;
        assert_eq!(r.status, 401, "{name}: {}", r.body);
        assert_eq!(r.content_type, "application/problem+json", "{name}");
        assert_eq!(r.body["code"], "unauthorized", "{name}");
        assert!(r.body.get("data").is_none());
    }
    let r = app
        .send(
            "GET",
            &path,
            Some(&app.client_token("crm")),
            Some("order_fulfilment"),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "a valid token still works");
}

async fn roles_are_enforced_per_route(app: TestApp) {
    let id = app.create_subject(&jane(21)).await;
    let dpo = app.token(Role::Dpo, "dpo");
    let client = app.client_token("crm");
    // A DPO audits but does not read customer records through the client API.
    let r = app
        .send(
            "GET",
            &format!("/v1/subjects/{id}"),
            Some(&dpo),
            Some("order_fulfilment"),
            None,
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.body["code"], "role-not-allowed");
    // A client cannot read the audit log.
    let r = app
        .send("GET", "/v1/audit", Some(&client), None, None)
        .await;
    assert_eq!(r.status, 403);
    let r = app
        .send("GET", "/v1/audit/verify", Some(&client), None, None)
        .await;
    assert_eq!(r.status, 403);
    // An admin may create subjects.
    let r = app
        .send(
            "POST",
            "/v1/subjects",
            Some(&app.token(Role::Admin, "ops")),
            None,
            Some(&jane(22)),
        )
        .await;
    assert_eq!(r.status, 201);
}
