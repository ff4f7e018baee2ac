//! Consent ledger and purpose enforcement: grant, withdraw, expiry, restriction, objection,
//! re-consent, GPC, receipts, reduced views, batch import, scale-out.

use custodia::domain::Role;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, spawn_app_with_policy, Engine, TestApp};

both_engines!(
    grant_then_withdraw_takes_effect_on_the_next_read,
    expired_consent_denies_and_future_collection_is_refused,
    restriction_blocks_all_but_purposes_allowed_under_it,
    objection_to_marketing_stops_every_marketing_purpose,
    ledger_only_grows_and_history_keeps_order,
    withdrawal_on_one_instance_is_enforced_by_another,
    gpc_signal_records_an_objection_to_sale_or_sharing,
    receipt_verifies_against_jwks_and_fails_when_changed,
    consent_for_a_non_consent_purpose_is_refused,
    bad_evidence_and_tcf_strings_are_refused,
    batch_import_reports_each_record,
);

both_engines!(
    spawn = crate::consent::spawn_with_reconsent_required;
    notice_bump_with_reconsent_required_denies_until_a_new_grant,
);

both_engines!(
    spawn = crate::consent::spawn_with_reduced_views;
    reduced_views_give_masked_values,
);

fn decision(status: &str) -> Value {
    json!({
        "status": status,
        "source": "web",
        "collected_at": now_rfc3339(-60),
        "policy_version": "2026-01",
        "evidence": { "double_opt_in_ref": "doi-4711", "form_id": "newsletter-footer" }
    })
}

fn now_rfc3339(offset_secs: i64) -> String {
    let t = time::OffsetDateTime::now_utc() + time::Duration::seconds(offset_secs);
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

impl TestApp {
    async fn put_consent(&self, id: &str, purpose: &str, body: &Value) -> crate::helpers::Reply {
        self.send(
            "PUT",
            &format!("/v1/subjects/{id}/consents/{purpose}"),
            // An operator: the CRM records grants only for its own purposes (clients.toml).
            Some(&self.token(Role::Admin, "ops")),
            None,
            Some(body),
        )
        .await
    }

    async fn consents(&self, id: &str) -> Value {
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

    async fn ledger_rows(&self) -> Vec<String> {
        let sql = "SELECT seq, status, purpose, recorded_at_us FROM consent_records ORDER BY seq";
        let rows: Vec<(i64, String, String, i64)> = match self.engine {
            Engine::Sqlite => {
                use sqlx::Connection;
                let mut c = sqlx::SqliteConnection::connect(&self.vault_url)
                    .await
                    .unwrap();
                sqlx::query_as(sql).fetch_all(&mut c).await.unwrap()
            }
            Engine::Postgres => {
                use sqlx::Connection;
                let mut c = sqlx::PgConnection::connect(&self.vault_url).await.unwrap();
                sqlx::query_as(sql).fetch_all(&mut c).await.unwrap()
            }
        };
        rows.into_iter().map(|r| format!("{r:?}")).collect()
    }
}

async fn grant_then_withdraw_takes_effect_on_the_next_read(app: TestApp) {
    let id = app.create_subject(&jane(50)).await;
    let r = app.read_subject("mailer", &id, "email_marketing").await;
    assert_eq!(
        (r.status, r.body["reason"].clone()),
        (403, json!("no_consent"))
    );

    let r = app
        .put_consent(&id, "email_marketing", &decision("granted"))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["record"]["status"], "granted");
    assert_eq!(r.body["record"]["legal_basis"], "consent");

    let r = app.read_subject("mailer", &id, "email_marketing").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let keys: Vec<&String> = r.body["data"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["email", "first_name", "language"]);

    let r = app
        .put_consent(&id, "email_marketing", &decision("withdrawn"))
        .await;
    assert_eq!(r.status, 201);
    let r = app.read_subject("mailer", &id, "email_marketing").await;
    assert_eq!(r.status, 403);
    assert_eq!(r.body["reason"], "consent_withdrawn");

    // Each read decision is audited with its reason; the chain still verifies.
    let reads: Vec<(Value, Value)> = app
        .audit(&format!("?subject={id}&purpose=email_marketing"))
        .await
        .into_iter()
        .map(|e| (e["action"].clone(), e["reason"].clone()))
        .collect();
    assert_eq!(
        reads,
        [
            (json!("subject.read"), json!("no_consent")),
            (json!("consent.granted"), Value::Null),
            (json!("subject.read"), Value::Null),
            (json!("consent.withdrawn"), Value::Null),
            (json!("subject.read"), json!("consent_withdrawn")),
        ]
    );
    assert_eq!(app.verify_audit().await["valid"], true);
}

async fn expired_consent_denies_and_future_collection_is_refused(app: TestApp) {
    let id = app.create_subject(&jane(51)).await;
    let mut d = decision("granted");
    d["collected_at"] = json!(now_rfc3339(-7200));
    d["expires_at"] = json!(now_rfc3339(-3600));
    assert_eq!(
        app.put_consent(&id, "email_marketing", &d).await.status,
        201
    );
    let r = app.read_subject("mailer", &id, "email_marketing").await;
    assert_eq!(r.status, 403);
    assert_eq!(r.body["reason"], "consent_expired");
    assert_eq!(app.consents(&id).await["current"][0]["state"], "expired");

    let mut future = decision("granted");
    future["collected_at"] = json!("2099-01-01T00:00:00Z");
    let r = app.put_consent(&id, "email_marketing", &future).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["errors"][0]["field"], "/collected_at");
    // The refused decision left no trace in the ledger.
    assert_eq!(
        app.consents(&id).await["history"].as_array().unwrap().len(),
        1
    );
}

async fn restriction_blocks_all_but_purposes_allowed_under_it(app: TestApp) {
    let id = app.create_subject(&jane(52)).await;
    assert_eq!(
        app.put_consent(&id, "email_marketing", &decision("granted"))
            .await
            .status,
        201
    );
    let steward = app.token(Role::Dpo, "dpo");
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/restriction"),
            Some(&steward),
            None,
            Some(&json!({"reason": "accuracy_contested"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["restricted"], true);

    for (client, purpose) in [
        ("crm", "order_fulfilment"),
        ("crm", "customer_support"),
        ("mailer", "email_marketing"),
    ] {
        let r = app.read_subject(client, &id, purpose).await;
        assert_eq!(r.status, 403, "{purpose}");
        assert_eq!(r.body["reason"], "restricted", "{purpose}");
    }
    // Accounting records must be kept under a legal obligation: allowed under restriction.
    let r = app.read_subject("erp", &id, "accounting").await;
    assert_eq!(r.status, 200, "{}", r.body);

    let r = app
        .send(
            "DELETE",
            &format!("/v1/subjects/{id}/restriction"),
            Some(&steward),
            None,
            None,
        )
        .await;
    assert_eq!(
        (r.status, r.body["restricted"].clone()),
        (200, json!(false))
    );
    assert_eq!(
        app.read_subject("crm", &id, "order_fulfilment")
            .await
            .status,
        200
    );
    assert_eq!(
        app.read_subject("mailer", &id, "email_marketing")
            .await
            .status,
        200
    );

    let trail: Vec<(String, String, String)> = app
        .audit(&format!("?subject={id}"))
        .await
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["decision"].as_str().unwrap().to_owned(),
                e["reason"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let expected = [
        ("subject.create", "allowed", ""),
        ("consent.granted", "allowed", ""),
        ("restriction.set", "allowed", "accuracy_contested"),
        ("subject.read", "denied", "restricted"),
        ("subject.read", "denied", "restricted"),
        ("subject.read", "denied", "restricted"),
        ("subject.read", "allowed", ""),
        ("restriction.lifted", "allowed", ""),
        ("subject.read", "allowed", ""),
        ("subject.read", "allowed", ""),
    ]
    .map(|(a, d, r)| (a.to_owned(), d.to_owned(), r.to_owned()));
    assert_eq!(trail, expected);
    assert_eq!(app.verify_audit().await["valid"], true);

    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/restriction"),
            Some(&steward),
            None,
            Some(&json!({"reason": "because"})),
        )
        .await;
    assert_eq!(r.status, 400);
}

async fn objection_to_marketing_stops_every_marketing_purpose(app: TestApp) {
    let id = app.create_subject(&jane(53)).await;
    for p in ["email_marketing", "sms_marketing"] {
        assert_eq!(
            app.put_consent(&id, p, &decision("granted")).await.status,
            201
        );
    }
    let r = app.read_subject("crm", &id, "customer_feedback").await;
    assert_eq!(r.status, 200, "{}", r.body);

    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/objections"),
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            Some(&json!({"purposes": ["email_marketing", "customer_feedback"], "source": "email"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        r.body["scopes"],
        json!(["direct_marketing", "purpose:customer_feedback"])
    );

    for (client, purpose) in [
        ("mailer", "email_marketing"),
        ("mailer", "sms_marketing"),
        ("crm", "customer_feedback"),
    ] {
        let r = app.read_subject(client, &id, purpose).await;
        assert_eq!(r.status, 403, "{purpose}");
        assert_eq!(r.body["reason"], "objected", "{purpose}");
    }
    let denials = app.audit(&format!("?subject={id}")).await;
    let objected = denials
        .iter()
        .filter(|e| e["action"] == "subject.read" && e["reason"] == "objected")
        .count();
    assert_eq!(objected, 3);
    // A contract purpose is not stopped, and an objection to it is refused with a reason.
    assert_eq!(
        app.read_subject("crm", &id, "order_fulfilment")
            .await
            .status,
        200
    );
    let r = app
        .send(
            "POST",
            &format!("/v1/subjects/{id}/objections"),
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"purposes": ["order_fulfilment"], "source": "email"})),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["errors"][0]["field"], "/purposes/0");
}

async fn ledger_only_grows_and_history_keeps_order(app: TestApp) {
    let id = app.create_subject(&jane(54)).await;
    let mut snapshots = vec![app.ledger_rows().await];
    for status in ["granted", "withdrawn", "granted", "refused"] {
        assert_eq!(
            app.put_consent(&id, "sms_marketing", &decision(status))
                .await
                .status,
            201
        );
        let now = app.ledger_rows().await;
        let before = snapshots.last().unwrap();
        assert_eq!(now.len(), before.len() + 1);
        assert_eq!(&now[..before.len()], &before[..], "older rows unchanged");
        snapshots.push(now);
    }
    let o = app.consents(&id).await;
    let statuses: Vec<&str> = o["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["granted", "withdrawn", "granted", "refused"]);
    let sms = o["current"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["purpose"] == "sms_marketing")
        .unwrap();
    assert_eq!(
        (sms["state"].clone(), sms["effective"].clone()),
        (json!("refused"), json!(false))
    );
}

async fn withdrawal_on_one_instance_is_enforced_by_another(app: TestApp) {
    let other = app.another_instance().await;
    let id = app.create_subject(&jane(55)).await;
    assert_eq!(
        app.put_consent(&id, "email_marketing", &decision("granted"))
            .await
            .status,
        201
    );
    let mailer = app.client_token("mailer");
    let path = format!("/v1/subjects/{id}");
    let read_on_other = || {
        app.send_to(
            &other.base,
            "GET",
            &path,
            Some(&mailer),
            Some("email_marketing"),
            None,
            &[],
        )
    };
    assert_eq!(read_on_other().await.status, 200);
    // Withdrawn through the first instance ...
    assert_eq!(
        app.put_consent(&id, "email_marketing", &decision("withdrawn"))
            .await
            .status,
        201
    );
    // ... denied by the second on its very next read.
    let r = read_on_other().await;
    assert_eq!(r.status, 403);
    assert_eq!(r.body["reason"], "consent_withdrawn");
    // Both instances appended to one chain.
    assert_eq!(app.verify_audit().await["valid"], true);
}

async fn gpc_signal_records_an_objection_to_sale_or_sharing(app: TestApp) {
    let id = app.create_subject(&jane(56)).await;
    let r = app
        .send_to(
            &app.base,
            "PUT",
            &format!("/v1/subjects/{id}/consents/targeted_advertising"),
            Some(&app.client_token("crm")),
            None,
            Some(&decision("granted")),
            &[("Sec-GPC", "1")],
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let o = app.consents(&id).await;
    assert_eq!(o["objections"][0]["scope"], "sale_or_sharing");
    assert_eq!(o["objections"][0]["source"], "web");
    // The objection wins over the grant sent with it.
    let r = app.read_subject("crm", &id, "targeted_advertising").await;
    assert_eq!(r.status, 403);
    assert_eq!(r.body["reason"], "objected");
    let entries = app.audit(&format!("?subject={id}")).await;
    assert!(entries
        .iter()
        .any(|e| e["action"] == "objection.recorded" && e["reason"] == "gpc:sale_or_sharing"));
}

async fn receipt_verifies_against_jwks_and_fails_when_changed(app: TestApp) {
    let id = app.create_subject(&jane(57)).await;
    let r = app
        .put_consent(&id, "email_marketing", &decision("granted"))
        .await;
    let receipt = r.body["receipt"].as_str().unwrap().to_owned();
    let jwks = app
        .send("GET", "/v1/.well-known/jwks.json", None, None, None)
        .await
        .body;
    let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwks["keys"][0].clone()).unwrap();
    let key = DecodingKey::from_jwk(&jwk).unwrap();
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_aud = false;
    let claims = jsonwebtoken::decode::<Value>(&receipt, &key, &validation)
        .expect("receipt verifies")
        .claims;
    assert_eq!(claims["pii_principal_id"], id);
    assert_eq!(claims["status"], "granted");
    assert_eq!(claims["services"][0]["service"], "email_marketing");
    assert_eq!(claims["consent_receipt_id"], r.body["record"]["id"]);
    // One byte changed in the payload: the signature no longer holds.
    let mut bytes = receipt.into_bytes();
    let dot = bytes.iter().position(|b| *b == b'.').unwrap();
    bytes[dot + 5] = if bytes[dot + 5] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(bytes).unwrap();
    assert!(jsonwebtoken::decode::<Value>(&tampered, &key, &validation).is_err());
}

/// The app with a policy whose `customer_feedback` reads email, birth date and postcode only
/// through reduced views.
async fn spawn_with_reduced_views(engine: Engine) -> Option<TestApp> {
    spawn_app_with_policy(engine, |dir| {
        let path = dir.join("purposes.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replacen(
            r#"fields = ["first_name", "language", "address"]"#,
            r#"fields = ["email", "birth_date", "address"]
views = { email = "mask", birth_date = "age_band", "address.postal_code" = "truncate:3" }"#,
            1,
        );
        std::fs::write(&path, text).unwrap();
    })
    .await
}

async fn reduced_views_give_masked_values(app: TestApp) {
    let id = app.create_subject(&jane(58)).await;
    let r = app.read_subject("crm", &id, "customer_feedback").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let data = &r.body["data"];
    assert_eq!(data["email"], "J***@Example.com");
    assert_eq!(data["address"]["postal_code"], "101");
    let band = data["birth_date"].as_str().unwrap();
    assert!(["25-34", "35-44"].contains(&band), "{band}");
    assert!(!r.body.to_string().contains("Quillfeather"));
    let entries = app
        .audit(&format!("?subject={id}&purpose=customer_feedback"))
        .await;
    let given = entries[0]["fields_given"].as_array().unwrap();
    assert!(given.contains(&json!("email(mask)")), "{given:?}");
}

async fn consent_for_a_non_consent_purpose_is_refused(app: TestApp) {
    let id = app.create_subject(&jane(59)).await;
    let r = app
        .put_consent(&id, "order_fulfilment", &decision("granted"))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["code"], "consent-not-applicable");
    assert!(r.body["detail"].as_str().unwrap().contains("contract"));
    let r = app
        .put_consent(&id, "mind_reading", &decision("granted"))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["code"], "unknown-purpose");
    let r = app
        .put_consent(
            "0d9f6c4e-1111-4222-8333-444455556666",
            "email_marketing",
            &decision("granted"),
        )
        .await;
    assert_eq!(r.status, 404);
}

/// Encodes a minimal TCF v2.2 core segment consenting to `purposes`.
fn tc_string(purposes: &[u8]) -> String {
    use base64::Engine as _;
    let mut bits: Vec<bool> = Vec::new();
    let mut push = |value: u64, width: usize| {
        for i in (0..width).rev() {
            bits.push((value >> i) & 1 == 1);
        }
    };
    let deciseconds = 17_000_000_000u64;
    push(2, 6); // version
    push(deciseconds, 36); // created
    push(deciseconds, 36); // last updated
    push(7, 12); // cmp id
    push(1, 12); // cmp version
    push(1, 6); // consent screen
    push(4, 6); // language 'E'
    push(13, 6); // language 'N'
    push(100, 12); // vendor list version
    push(4, 6); // tcf policy version
    push(0, 1);
    push(0, 1);
    push(0, 12); // special features
    let mut consent = 0u64;
    for p in purposes {
        consent |= 1 << (24 - u64::from(*p));
    }
    push(consent, 24); // purposes consent
    push(0, 24); // legitimate interests
    push(0, 1); // purpose one treatment
    push(4, 6); // publisher country 'E'
    push(18, 6); // 'S'
    push(0, 16); // max vendor id (consents)
    push(0, 1);
    push(0, 16); // max vendor id (LI)
    push(0, 1);
    push(0, 12); // publisher restrictions
    while bits.len() % 8 != 0 {
        bits.push(false);
    }
    let bytes: Vec<u8> = bits
        .chunks(8)
        .map(|c| c.iter().fold(0u8, |acc, b| (acc << 1) | u8::from(*b)))
        .collect();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

async fn bad_evidence_and_tcf_strings_are_refused(app: TestApp) {
    let id = app.create_subject(&jane(60)).await;
    let mut d = decision("granted");
    d["evidence"] = json!({"ip": "198.51.100.23"});
    let r = app.put_consent(&id, "email_marketing", &d).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["errors"][0]["field"], "/evidence/ip");
    assert!(!r.body.to_string().contains("198.51.100.23"));

    d["evidence"] = json!({"tcf_tc_string": "%%%not-base64%%%"});
    let r = app.put_consent(&id, "personalisation", &d).await;
    assert_eq!(r.status, 400, "{}", r.body);

    // personalisation needs TCF purposes 1, 5 and 6 (policies/tcf.toml).
    d["evidence"] = json!({"tcf_tc_string": tc_string(&[1, 5])});
    let r = app.put_consent(&id, "personalisation", &d).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains('6'));

    d["evidence"] = json!({"tcf_tc_string": tc_string(&[1, 5, 6, 9])});
    let r = app.put_consent(&id, "personalisation", &d).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        app.read_subject("crm", &id, "personalisation").await.status,
        200
    );
}

async fn batch_import_reports_each_record(app: TestApp) {
    let a = app.create_subject(&jane(61)).await;
    app.create_subject(&jane(62)).await;
    let mut first = decision("granted");
    first["subject"] = json!({"id": a});
    first["purpose"] = json!("email_marketing");
    let mut second = decision("granted");
    second["subject"] =
        json!({"identifier": {"type": "email", "value": "JANE.QUILLFEATHER.62@example.com"}});
    second["purpose"] = json!("sms_marketing");
    let mut unknown_subject = decision("granted");
    unknown_subject["subject"] = json!({"identifier": {"type": "loyalty_card", "value": "nope"}});
    unknown_subject["purpose"] = json!("email_marketing");
    let mut wrong_basis = decision("granted");
    wrong_basis["subject"] = json!({"id": a});
    wrong_basis["purpose"] = json!("analytics");
    let r = app
        .send(
            "POST",
            "/v1/consents:batch",
            Some(&app.token(Role::Admin, "ops")),
            None,
            Some(&json!({"records": [first, second, unknown_subject, {"garbage": true}, wrong_basis]})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        (r.body["recorded"].clone(), r.body["rejected"].clone()),
        (json!(2), json!(3))
    );
    let statuses: Vec<(&str, &str)> = r.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["status"].as_str().unwrap(),
                x["error"]["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("recorded", ""),
            ("recorded", ""),
            ("rejected", "not-found"),
            ("rejected", "validation-failed"),
            ("rejected", "consent-not-applicable"),
        ]
    );
    assert_eq!(
        app.read_subject("mailer", &a, "email_marketing")
            .await
            .status,
        200
    );
}

/// The app with a policy that asks for re-consent to email marketing under a new notice.
async fn spawn_with_reconsent_required(engine: Engine) -> Option<TestApp> {
    spawn_app_with_policy(engine, |dir| {
        let path = dir.join("purposes.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        // The DPO publishes notice 2026-02 for email marketing and requires re-consent.
        let text = text.replacen("reconsent_required = false", "reconsent_required = true", 1);
        let text = text.replacen(
            "notice_version = \"2026-01\"",
            "notice_version = \"2026-02\"",
            1,
        );
        std::fs::write(&path, text).unwrap();
        let notices = dir.join("notices.toml");
        let mut text = std::fs::read_to_string(&notices).unwrap();
        text.push_str(
            "\n[[notice]]\nversion = \"2026-02\"\n\
             url = \"https://shop.example.com/privacy/consent/2026-02\"\n\
             sha256 = \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"\n\
             published_at = \"2026-11-01\"\npurposes = [\"email_marketing\"]\n",
        );
        std::fs::write(&notices, text).unwrap();
    })
    .await
}

async fn notice_bump_with_reconsent_required_denies_until_a_new_grant(app: TestApp) {
    let id = app.create_subject(&jane(63)).await;
    assert_eq!(
        app.put_consent(&id, "email_marketing", &decision("granted"))
            .await
            .status,
        201
    );
    let r = app.read_subject("mailer", &id, "email_marketing").await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.body["reason"], "reconsent_required");

    let mut renewed = decision("granted");
    renewed["policy_version"] = json!("2026-02");
    assert_eq!(
        app.put_consent(&id, "email_marketing", &renewed)
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
}
