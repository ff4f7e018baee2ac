//! Erasure (Art. 17): crypto-shredding, deletion across both stores, receipt, 410 Gone,
//! resumption after a crash, suppression of erased identifiers.

use custodia::auth::Principal;
use custodia::crypto::{KeyProvider, KeyRing, KeyVersion, LocalKeyProvider, WrappedKey};
use custodia::domain::{Role, SubjectId};
use custodia::service::Caller;
use serde_json::{json, Value};
use sqlx::{Connection, Row};

use crate::helpers::{both_engines, jane, Engine, TestApp};

both_engines!(
    erasure_removes_everything_and_the_id_answers_410,
    erasure_interrupted_between_the_stores_finishes_on_restart,
    erased_identifiers_cannot_bring_marketing_back,
);

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

impl TestApp {
    pub(crate) async fn erase(&self, id: &str) -> crate::helpers::Reply {
        self.send(
            "DELETE",
            &format!("/v1/subjects/{id}"),
            Some(&self.token(Role::Dpo, "dpo")),
            None,
            None,
        )
        .await
    }

    async fn seed_history(&self, id: &str, tag: &str) {
        let r = self
            .send(
                "PUT",
                &format!("/v1/subjects/{id}/consents/email_marketing"),
                Some(&self.client_token("crm")),
                None,
                Some(&json!({"status": "granted", "source": "web", "collected_at": now(), "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}})),
            )
            .await;
        assert_eq!(r.status, 201);
        let events: Vec<Value> = (0..5)
            .map(|i| {
                // Store visits: no retention duty holds the erasure back (erasure_duty.rs).
                json!({"id": format!("{tag}-{i}"), "subject": {"id": id}, "type": "store_visit", "channel": "store",
                   "occurred_at": now(), "properties": {"store_id": format!("ORD-{tag}-{i}")}})
            })
            .collect();
        let r = self
            .send(
                "POST",
                "/v1/events",
                Some(&self.client_token("crm")),
                None,
                Some(&json!({ "events": events })),
            )
            .await;
        assert_eq!(r.body["accepted"], 5, "{}", r.body);
    }

    /// Every byte of both stores (files for SQLite, rows as text for PostgreSQL).
    pub(crate) async fn all_bytes(&self) -> Vec<u8> {
        match self.engine {
            Engine::Sqlite => {
                let mut all = Vec::new();
                for e in std::fs::read_dir(&self.data_dir).unwrap() {
                    let p = e.unwrap().path();
                    if p.is_file() {
                        all.extend(std::fs::read(&p).unwrap());
                    }
                }
                all
            }
            Engine::Postgres => {
                let mut all = Vec::new();
                for url in [&self.vault_url, &self.behaviour_url] {
                    let mut c = sqlx::PgConnection::connect(url).await.unwrap();
                    let tables: Vec<String> = sqlx::query_scalar(
                        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
                    )
                    .fetch_all(&mut c)
                    .await
                    .unwrap();
                    for t in tables {
                        let sql = format!("SELECT t::text FROM {t} AS t");
                        for r in sqlx::query(sqlx::AssertSqlSafe(sql))
                            .fetch_all(&mut c)
                            .await
                            .unwrap()
                        {
                            all.extend(r.try_get::<String, _>(0).unwrap().into_bytes());
                        }
                    }
                }
                all
            }
        }
    }

    /// (ciphertext of the subject's email, every remaining (subject, version, wrapped key)).
    pub(crate) async fn vault_rows(
        &self,
        id: &str,
    ) -> (
        Option<Vec<u8>>,
        Vec<(uuid::Uuid, i64, Vec<u8>)>,
        Vec<Vec<u8>>,
    ) {
        let uuid: uuid::Uuid = id.parse().unwrap();
        macro_rules! read {
            ($conn:expr) => {{
                let mut c = $conn;
                let email: Option<Vec<u8>> = sqlx::query_scalar(
                    "SELECT ciphertext FROM subject_fields WHERE subject_id = $1 AND field = 'email'",
                )
                .bind(uuid)
                .fetch_optional(&mut c)
                .await
                .unwrap();
                let keys: Vec<(uuid::Uuid, i64, Vec<u8>)> =
                    sqlx::query_as("SELECT id, kek_version, wrapped_dek FROM subjects")
                        .fetch_all(&mut c)
                        .await
                        .unwrap();
                (email, keys)
            }};
        }
        let (email, keys) = match self.engine {
            Engine::Sqlite => read!(sqlx::SqliteConnection::connect(&self.vault_url)
                .await
                .unwrap()),
            Engine::Postgres => read!(sqlx::PgConnection::connect(&self.vault_url).await.unwrap()),
        };
        let pseudonyms: Vec<Vec<u8>> = match self.engine {
            Engine::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.behaviour_url)
                    .await
                    .unwrap();
                sqlx::query_scalar("SELECT DISTINCT pseudonym FROM events")
                    .fetch_all(&mut c)
                    .await
                    .unwrap()
            }
            Engine::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.behaviour_url)
                    .await
                    .unwrap();
                sqlx::query_scalar("SELECT DISTINCT pseudonym FROM events")
                    .fetch_all(&mut c)
                    .await
                    .unwrap()
            }
        };
        (email, keys, pseudonyms)
    }
}

pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

async fn erasure_removes_everything_and_the_id_answers_410(app: TestApp) {
    let id = app.create_subject(&jane(300)).await;
    app.seed_history(&id, "x300").await;
    // Its pseudonym is the only one in the behaviour store so far.
    let (email_ct, _, pseudonyms) = app.vault_rows(&id).await;
    let email_ct = email_ct.expect("email stored");
    assert_eq!(pseudonyms.len(), 1);
    let pseudonym = pseudonyms[0].clone();
    let other = app.create_subject(&jane(301)).await;
    app.seed_history(&other, "x301").await;

    let r = app.erase(&id).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let receipt = r.body.clone();
    assert_eq!(receipt["subject"], id);
    assert_eq!(receipt["data_key_destroyed"], true);
    assert_eq!(receipt["removed"]["events"], 5);
    assert_eq!(receipt["removed"]["personal_fields"], 10);
    assert_eq!(receipt["removed"]["identifiers"], 4);
    assert_eq!(receipt["kept"]["consent_records"], 1);
    assert!(!receipt.to_string().contains("Quillfeather"));

    // 410 on every route that names the subject.
    let crm = app.client_token("crm");
    for (method, path, purpose, body) in [
        (
            "GET",
            format!("/v1/subjects/{id}"),
            Some("order_fulfilment"),
            None,
        ),
        (
            "GET",
            format!("/v1/subjects/{id}/profile"),
            Some("order_fulfilment"),
            None,
        ),
        (
            "GET",
            format!("/v1/subjects/{id}/events"),
            Some("order_fulfilment"),
            None,
        ),
        ("GET", format!("/v1/subjects/{id}/consents"), None, None),
        (
            "PUT",
            format!("/v1/subjects/{id}/consents/email_marketing"),
            None,
            Some(
                json!({"status": "granted", "source": "web", "collected_at": now(), "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}}),
            ),
        ),
        (
            "POST",
            format!("/v1/subjects/{id}/objections"),
            None,
            Some(json!({"direct_marketing": true, "source": "web"})),
        ),
        (
            "POST",
            format!("/v1/subjects/{id}/identifiers"),
            None,
            Some(json!({"type": "device_id", "value": "d-1"})),
        ),
    ] {
        let r = app
            .send(method, &path, Some(&crm), purpose, body.as_ref())
            .await;
        assert_eq!(r.status, 410, "{method} {path}: {}", r.body);
        assert_eq!(r.body["code"], "gone");
    }
    assert_eq!(app.erase(&id).await.status, 410);

    // Nothing of it is left in either store: values, identifiers, pseudonym, events.
    let stored = app.all_bytes().await;
    for needle in [
        b"Quillfeather.300".to_vec(),
        b"Janequill300".to_vec(),
        b"Featherstonewall300".to_vec(),
        b"LC-300".to_vec(),
        b"POS-300".to_vec(),
        b"4915100000300".to_vec(),
        b"ORD-x300".to_vec(),
        pseudonym.clone(),
        hex::encode(&pseudonym).into_bytes(),
    ] {
        assert!(
            !contains(&stored, &needle),
            "found {:?}",
            String::from_utf8_lossy(&needle)
        );
    }
    // The other customer is intact.
    let r = app.read_subject("crm", &other, "order_fulfilment").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["data"]["first_name"], "Janequill301");
    let (_, keys, pseudonyms) = app.vault_rows(&other).await;
    assert_eq!(pseudonyms.len(), 1);

    // Crypto-shredding: the email ciphertext copied out before the erasure opens under no
    // key the running vault still holds.
    let ring = KeyRing::parse(&app.master_key_b64).unwrap();
    let provider = LocalKeyProvider::new(&ring).unwrap();
    let erased: SubjectId = id.parse().unwrap();
    assert!(!keys.iter().any(|(s, _, _)| s.to_string() == id));
    for (subject, version, wrapped) in keys {
        let dek = provider
            .unwrap(
                &SubjectId::from_uuid(subject),
                &WrappedKey {
                    version: KeyVersion(version as u32),
                    bytes: wrapped,
                },
            )
            .await
            .unwrap();
        assert!(dek.decrypt_field(&erased, "email", &email_ct).is_err());
        assert!(dek
            .decrypt_field(&SubjectId::from_uuid(subject), "email", &email_ct)
            .is_err());
    }

    // The audit chain holds the erasure with the receipt's hash, and still verifies.
    let entries = app.audit(&format!("?subject={id}")).await;
    let erase = entries
        .iter()
        .find(|e| e["action"] == "subject.erase")
        .unwrap();
    assert_eq!(
        erase["reason"],
        format!(
            "receipt_sha256:{}",
            receipt["receipt_hash"].as_str().unwrap()
        )
    );
    assert_eq!(app.verify_audit().await["valid"], true);
}

async fn erasure_interrupted_between_the_stores_finishes_on_restart(app: TestApp) {
    let id = app.create_subject(&jane(302)).await;
    app.seed_history(&id, "x302").await;
    let built = custodia::startup::build_vault(&app.settings).await.unwrap();
    built.vault.fail_next_erasure_between_stores();
    let principal = Principal {
        id: "dpo".into(),
        role: Role::Dpo,
    };
    let caller = Caller {
        principal: &principal,
        request_id: "test-crash",
    };
    let subject: SubjectId = id.parse().unwrap();
    assert!(built.vault.erase_subject(&caller, subject).await.is_err());
    // Half done: the events are gone, the subject is still in the vault.
    let (email, _, pseudonyms) = app.vault_rows(&id).await;
    assert!(email.is_some());
    assert!(pseudonyms.is_empty());

    // A new process starts (another instance on the same stores) and finishes the job.
    let _restarted = app.another_instance().await;
    let r = app.read_subject("crm", &id, "order_fulfilment").await;
    assert_eq!(r.status, 410, "{}", r.body);
    let (email, _, _) = app.vault_rows(&id).await;
    assert!(email.is_none());
    let entries = app.audit(&format!("?subject={id}")).await;
    assert!(entries.iter().any(|e| e["action"] == "subject.erase"));
    assert_eq!(app.verify_audit().await["valid"], true);
}

async fn erased_identifiers_cannot_bring_marketing_back(app: TestApp) {
    let id = app.create_subject(&jane(303)).await;
    assert_eq!(app.erase(&id).await.status, 200);
    // A channel still holding the old email imports the customer again.
    let r = app
        .send(
            "POST",
            "/v1/subjects",
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"email": "jane.quillfeather.303@example.com", "first_name": "Jane"})),
        )
        .await;
    assert_eq!(r.status, 201);
    // Flagged, but the client is not told (Recital 26); an operator would be.
    assert!(r.body.get("flags").is_none(), "{}", r.body);
    let new_id = r.body["id"].as_str().unwrap().to_owned();
    let r = app
        .send(
            "POST",
            "/v1/consents:batch",
            Some(&app.client_token("crm")),
            None,
            Some(&json!({"records": [{"subject": {"id": new_id}, "purpose": "email_marketing",
                "status": "granted", "source": "web", "collected_at": now(), "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}}]})),
        )
        .await;
    assert_eq!(r.body["results"][0]["status"], "rejected", "{}", r.body);
    assert_eq!(r.body["results"][0]["error"]["code"], "conflict");
    assert_eq!(
        app.read_subject("mailer", &new_id, "email_marketing")
            .await
            .status,
        403
    );
    // Nor by a client one at a time; a fresh decision by the customer is recorded as usual.
    let grant = json!({"status": "granted", "source": "web", "collected_at": now(), "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}});
    let r = app
        .send(
            "PUT",
            &format!("/v1/subjects/{new_id}/consents/email_marketing"),
            Some(&app.client_token("crm")),
            None,
            Some(&grant),
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    let r = app
        .send(
            "PUT",
            "/v1/me/consents/email_marketing",
            Some(&app.token(Role::Subject, &new_id)),
            None,
            Some(&json!({"status": "granted", "source": "web", "collected_at": now(), "policy_version": "2026-01", "evidence": {"double_opt_in_ref": "doi-test"}})),
        )
        .await;
    assert_eq!(r.status, 201);
    // An unrelated customer is not flagged.
    let r = app
        .send(
            "POST",
            "/v1/subjects",
            Some(&app.client_token("crm")),
            None,
            Some(&jane(304)),
        )
        .await;
    assert!(r.body.get("flags").is_none());
}
