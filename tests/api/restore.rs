//! Issue 15: a restored older backup of the stores does not bring an erased customer back.
//! The erasure journal, kept apart from the stores (beside the keys), is re-applied at start:
//! the erased ids answer 410 again, their data keys, fields, identifiers and events are gone
//! from the restored stores, a subject merged into the erased person goes with it, a blocked
//! erasure (a retention duty) is blocked again exactly as far as it went, and a journal line
//! that does not verify stops the start.
//!
//! A backup is taken as an operator would: the server stopped, the SQLite files copied, or
//! each PostgreSQL database copied with `CREATE DATABASE … TEMPLATE …`. The restored stores
//! are started as a new process with the same keys and the same journal.

use std::path::PathBuf;

use custodia::config::ErasureJournalSetting;
use custodia::crypto::{KeyProvider, KeyRing, KeyVersion, LocalKeyProvider, WrappedKey};
use custodia::domain::{Role, SubjectId};
use serde_json::json;
use sqlx::Connection;

use crate::erasure::contains;
use crate::helpers::{both_engines, jane, postgres_admin_url, spawn_app_with, Engine, TestApp};

both_engines!(
    a_restored_backup_does_not_bring_an_erased_customer_back,
    a_subject_merged_into_the_erased_person_is_erased_again,
    a_blocked_erasure_is_blocked_again_and_no_further,
    a_journal_line_that_does_not_verify_stops_the_start,
);

both_engines!(
    spawn = crate::restore::spawn_without_journal;
    without_the_journal_a_restored_backup_brings_the_customer_back,
    erasures_from_before_the_journal_are_journalled_at_the_next_start,
);

/// SQLite only (PostgreSQL checkpoints by itself): a stopped server's background WAL
/// checkpoints stop with it, so the files an operator copies for a backup are not written to
/// while the copy runs. Pages written now stay in the log; a checkpoint of the stopped server
/// would move them into the database file.
#[actix_web::test]
async fn a_stopped_server_checkpoints_nothing_into_its_files() {
    let app = spawn_app_with(Engine::Sqlite, |_| {}, |_| {})
        .await
        .unwrap();
    app.stop().await;
    // About 2 MiB, under the 1,000 pages at which this connection would checkpoint itself.
    app.vault_sql(
        "CREATE TABLE filler (n INTEGER PRIMARY KEY, b BLOB NOT NULL); \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) \
         INSERT INTO filler SELECT i, randomblob(4000) FROM n;",
    )
    .await;
    let file = PathBuf::from(app.vault_url.strip_prefix("sqlite://").unwrap());
    let size = || std::fs::metadata(&file).unwrap().len();
    let before = size();
    // The checkpoints ran every second.
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    assert_eq!(size(), before, "a stopped server checkpointed its log");
}

/// An app whose operator switched the journal off (`CUSTODIA_ERASURE_JOURNAL_DIR=off`).
pub(crate) async fn spawn_without_journal(engine: Engine) -> Option<TestApp> {
    spawn_app_with(
        engine,
        |_| {},
        |s| s.erasure_journal = ErasureJournalSetting::Off,
    )
    .await
}

/// A backup of both stores, taken with the server stopped; the server is started again
/// afterwards. The backup's URLs and the directory of its files.
async fn back_up(app: &mut TestApp) -> (String, String, tempfile::TempDir) {
    app.stop().await;
    let dir = tempfile::tempdir().unwrap();
    let urls = match app.engine {
        Engine::Sqlite => {
            let mut urls = Vec::new();
            for (url, name) in [
                (&app.vault_url, "vault.db"),
                (&app.behaviour_url, "behaviour.db"),
            ] {
                let file = url.strip_prefix("sqlite://").unwrap();
                // The database with its write-ahead log (the shared-memory index is rebuilt).
                for suffix in ["", "-wal"] {
                    let from = PathBuf::from(format!("{file}{suffix}"));
                    if from.exists() {
                        std::fs::copy(&from, dir.path().join(format!("{name}{suffix}"))).unwrap();
                    }
                }
                urls.push(format!("sqlite://{}", dir.path().join(name).display()));
            }
            (urls[0].clone(), urls[1].clone())
        }
        Engine::Postgres => (
            copy_database(&app.vault_url).await,
            copy_database(&app.behaviour_url).await,
        ),
    };
    app.start().await;
    (urls.0, urls.1, dir)
}

/// `CREATE DATABASE <copy> TEMPLATE <database of url>`; the stopped server's idle
/// connections are closed first (a template may have none).
async fn copy_database(url: &str) -> String {
    let admin = postgres_admin_url().unwrap();
    let (base, source) = url.rsplit_once('/').unwrap();
    let copy = format!("custodia_backup_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    for attempt in 0.. {
        sqlx::query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = $1 AND pid <> pg_backend_pid()",
        )
        .bind(source)
        .execute(&mut conn)
        .await
        .unwrap();
        let create = format!("CREATE DATABASE {copy} TEMPLATE {source}");
        match sqlx::raw_sql(sqlx::AssertSqlSafe(create))
            .execute(&mut conn)
            .await
        {
            Ok(_) => break,
            Err(e) if attempt < 50 && e.to_string().contains("being accessed") => {
                actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            Err(e) => panic!("copying {source}: {e}"),
        }
    }
    format!("{base}/{copy}")
}

/// Starts the restored stores as a new process with `app`'s keys and journal.
async fn restore(app: &TestApp, backup: (String, String, tempfile::TempDir)) -> TestApp {
    app.on_stores(backup.0, backup.1, backup.2)
        .await
        .expect("the restored stores start")
}

/// The wrapped data key of `id` in `app`'s vault store, if it is there.
async fn wrapped_key(app: &TestApp, id: &str) -> Option<(i64, Vec<u8>)> {
    let (_, keys, _) = app.vault_rows(id).await;
    keys.into_iter()
        .find(|(s, _, _)| s.to_string() == id)
        .map(|(_, v, k)| (v, k))
}

/// The pseudonyms the behaviour store holds events of.
async fn pseudonyms(app: &TestApp) -> Vec<Vec<u8>> {
    app.vault_rows(&uuid::Uuid::nil().to_string()).await.2
}

async fn count_where_subject(app: &TestApp, table: &str, id: &str) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) FROM {table} WHERE subject_id = {}",
        app.id_sql(id)
    );
    app.count(false, &sql).await
}

async fn a_restored_backup_does_not_bring_an_erased_customer_back(mut app: TestApp) {
    let gone = app.create_subject(&jane(1901)).await;
    app.grant(&gone, "email_marketing").await;
    app.visit(&gone, "r1901-1").await;
    app.visit(&gone, "r1901-2").await;
    let held = pseudonyms(&app).await;
    assert_eq!(held.len(), 1);
    let pseudonym = held[0].clone();
    let kept = app.create_subject(&jane(1902)).await;
    app.visit(&kept, "r1902-1").await;
    let (email_ct, _, _) = app.vault_rows(&gone).await;
    let email_ct = email_ct.expect("the email is stored");
    let (_, wrapped) = wrapped_key(&app, &gone).await.expect("a data key");

    let backup = back_up(&mut app).await;
    let r = app.erase(&gone).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let receipt_hash = r.body["receipt_hash"].as_str().unwrap().to_owned();

    // Positive control: the backup does hold the customer, key, fields and events.
    let restored = restore(&app, backup).await;
    let r = restored
        .read_subject("crm", &gone, "order_fulfilment")
        .await;
    assert_eq!(r.status, 410, "{}", r.body);
    assert_eq!(r.body["code"], "gone");
    let r = restored.events_of("crm", &gone, "order_fulfilment").await;
    assert_eq!(r.status, 410, "{}", r.body);

    // Nothing of it is left in the restored stores: data key, fields, identifiers, events.
    assert!(wrapped_key(&restored, &gone).await.is_none());
    for table in ["subject_fields", "subject_identifiers"] {
        assert_eq!(
            count_where_subject(&restored, table, &gone).await,
            0,
            "{table}"
        );
    }
    assert!(!pseudonyms(&restored).await.contains(&pseudonym));
    assert_eq!(
        restored
            .count(false, "SELECT COUNT(*) FROM suppressed_identifiers")
            .await,
        2,
        "email and phone on the suppression list, as the erasure put them"
    );
    let stored = restored.all_bytes().await;
    for needle in [
        b"Quillfeather.1901".to_vec(),
        b"Janequill1901".to_vec(),
        b"S-r1901-1".to_vec(),
        wrapped.clone(),
        hex::encode(&wrapped).into_bytes(),
        pseudonym.clone(),
        hex::encode(&pseudonym).into_bytes(),
    ] {
        assert!(
            !contains(&stored, &needle),
            "found {:?}",
            String::from_utf8_lossy(&needle)
        );
    }
    // The email's ciphertext from the backup opens under no data key the stores still hold.
    let ring = KeyRing::parse(&restored.master_key_b64).unwrap();
    let provider = LocalKeyProvider::new(&ring).unwrap();
    let erased: SubjectId = gone.parse().unwrap();
    for (subject, version, bytes) in restored.vault_rows(&gone).await.1 {
        let dek = provider
            .unwrap(
                &SubjectId::from_uuid(subject),
                &WrappedKey {
                    version: KeyVersion(version as u32),
                    bytes,
                },
            )
            .await
            .unwrap();
        assert!(dek.decrypt_field(&erased, "email", &email_ct).is_err());
    }

    // The other customer is untouched.
    let r = restored
        .read_subject("crm", &kept, "order_fulfilment")
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"]["first_name"], "Janequill1902");
    let r = restored.events_of("crm", &kept, "customer_support").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["events"].as_array().unwrap().len(), 1, "{}", r.body);

    // Audited as re-applied, naming the original receipt; the chain still verifies; the
    // tombstone's receipt says so.
    let erasures: Vec<_> = restored
        .audit(&format!("?subject={gone}"))
        .await
        .into_iter()
        .filter(|e| e["action"] == "subject.erase")
        .collect();
    assert_eq!(erasures.len(), 1, "{erasures:?}");
    assert_eq!(
        erasures[0]["actor"]["id"], "erasure-journal",
        "{erasures:?}"
    );
    let reason = erasures[0]["reason"].as_str().unwrap();
    assert!(
        reason.starts_with(&format!(
            "reapplied_from_erasure_journal original_receipt_sha256:{receipt_hash} receipt_sha256:"
        )),
        "{reason}"
    );
    assert_eq!(restored.verify_audit().await["valid"], true);
    assert_eq!(
        restored
            .count(
                false,
                "SELECT COUNT(*) FROM erased_subjects WHERE receipt LIKE '%\"reapplied\"%'"
            )
            .await,
        1
    );

    // Starting again changes nothing: the journal is applied, not applied twice.
    let _again = restored.another_instance().await;
    let erasures = restored
        .audit(&format!("?subject={gone}&action=subject.erase"))
        .await;
    assert_eq!(erasures.len(), 1, "{erasures:?}");
}

/// Merges × erasure × restore: the backup predates the merge, so the restored stores hold
/// the two records apart; the journal knows they were one person and erases both.
async fn a_subject_merged_into_the_erased_person_is_erased_again(mut app: TestApp) {
    let person = app.create_subject(&jane(1911)).await;
    let merged = app.create_subject(&jane(1912)).await;
    app.visit(&merged, "m1912").await;
    let backup = back_up(&mut app).await;
    app.merge(&person, &merged).await;
    let r = app.erase(&person).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["erased_subjects"],
        json!([person, merged]),
        "{}",
        r.body
    );

    let restored = restore(&app, backup).await;
    for id in [&person, &merged] {
        let r = restored.read_subject("crm", id, "customer_support").await;
        assert_eq!(r.status, 410, "{id}: {}", r.body);
        assert!(wrapped_key(&restored, id).await.is_none(), "{id}");
        assert_eq!(
            count_where_subject(&restored, "subject_fields", id).await,
            0
        );
    }
    assert!(pseudonyms(&restored).await.is_empty());
    let r = restored
        .send(
            "GET",
            "/v1/subjects?type=loyalty_card&value=LC-1912",
            Some(&restored.client_token("crm")),
            Some("customer_support"),
            None,
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    let reasons: Vec<String> = restored
        .audit(&format!("?subject={merged}&action=subject.erase"))
        .await
        .iter()
        .map(|e| e["reason"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(reasons[0].starts_with("reapplied_from_erasure_journal"));
    assert!(
        reasons[0].ends_with(&format!("merged_into:{person}")),
        "{reasons:?}"
    );
}

/// Duty × merge × restore: the person's invoices block its own erasure (accounting); the
/// record merged into it after the backup is erased, its invoice kept with the person, as
/// the original erasure did. Nothing the duty keeps is erased by the re-application.
async fn a_blocked_erasure_is_blocked_again_and_no_further(mut app: TestApp) {
    let person = app.create_subject(&jane(1921)).await;
    app.buy(&person, "inv-1921").await;
    app.visit(&person, "v-1921").await;
    let merged = app.create_subject(&jane(1922)).await;
    app.buy(&merged, "inv-1922").await;
    let backup = back_up(&mut app).await;
    app.merge(&person, &merged).await;
    let r = app.erase(&person).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["blocked"]["purposes"],
        json!(["accounting"]),
        "{}",
        r.body
    );
    assert_eq!(r.body["erased_subjects"], json!([merged]), "{}", r.body);
    let until = r.body["blocked"]["until"].as_str().unwrap().to_owned();
    let receipt_hash = r.body["receipt_hash"].as_str().unwrap().to_owned();
    let fields_live = count_where_subject(&app, "subject_fields", &person).await;
    let events_live = app.count(true, "SELECT COUNT(*) FROM events").await;
    assert_eq!(events_live, 2, "both invoices, no visit");

    let restored = restore(&app, backup).await;
    // Blocked, as live: accounting reads what the duty keeps, nobody else, no look-up.
    let r = restored.read_subject("erp", &person, "accounting").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"]["last_name"], "Featherstonewall1921");
    assert!(r.body["data"].get("email").is_none(), "{}", r.body);
    let r = restored
        .read_subject("crm", &person, "order_fulfilment")
        .await;
    assert_eq!(
        (r.status, r.body["reason"].as_str()),
        (403, Some("restricted")),
        "{}",
        r.body
    );
    let r = restored
        .send(
            "GET",
            "/v1/subjects?type=email&value=Jane.Quillfeather.1921@Example.com",
            Some(&restored.client_token("crm")),
            Some("order_fulfilment"),
            None,
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    // No further: the data key stays, the kept fields and both invoices stay.
    assert!(wrapped_key(&restored, &person).await.is_some());
    assert_eq!(
        count_where_subject(&restored, "subject_fields", &person).await,
        fields_live
    );
    assert_eq!(
        count_where_subject(&restored, "subject_identifiers", &person).await,
        0
    );
    assert_eq!(
        restored
            .count(
                true,
                "SELECT COUNT(*) FROM events WHERE purposes = '|accounting|'"
            )
            .await,
        events_live
    );
    assert_eq!(
        restored.count(true, "SELECT COUNT(*) FROM events").await,
        events_live,
        "the store visit went"
    );
    // The record merged into the person is erased in full.
    let r = restored
        .read_subject("crm", &merged, "customer_support")
        .await;
    assert_eq!(r.status, 410, "{}", r.body);
    assert!(wrapped_key(&restored, &merged).await.is_none());
    // Audited as re-applied, with the original receipt and the same end of the duty.
    let reasons: Vec<String> = restored
        .audit(&format!("?subject={person}&action=subject.erase"))
        .await
        .iter()
        .map(|e| e["reason"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        reasons,
        [format!(
            "reapplied_from_erasure_journal original_receipt_sha256:{receipt_hash} \
             blocked_until:{until}"
        )]
    );
    // When the duty ends, retention completes the erasure on the restored stores too.
    restored
        .vault_sql(&format!(
            "UPDATE subjects SET blocked_until_us = 1 WHERE id = {}",
            restored.id_sql(&person)
        ))
        .await;
    let built = custodia::startup::build_vault(&restored.settings)
        .await
        .unwrap();
    let report = built.vault.run_retention_job("retention").await.unwrap();
    assert_eq!(report.blocked_erasures_completed, 1, "{report:?}");
    let r = restored.read_subject("erp", &person, "accounting").await;
    assert_eq!(r.status, 410, "{}", r.body);
}

/// The journal's files: one per process that wrote to it.
fn journal_files(app: &TestApp) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(app.erasure_journal_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

async fn a_journal_line_that_does_not_verify_stops_the_start(app: TestApp) {
    let id = app.create_subject(&jane(1931)).await;
    assert_eq!(app.erase(&id).await.status, 200);
    let files = journal_files(&app);
    assert_eq!(files.len(), 1, "{files:?}");
    let file = &files[0];
    let original = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let erase = lines
        .iter()
        .position(|l| l.contains("\"kind\":\"erase\"") && l.contains(&id))
        .expect("the erasure is journalled");
    let name = file.file_name().unwrap().to_string_lossy().into_owned();

    // Another id in place of the erased one: the line's MAC no longer verifies.
    let other = uuid::Uuid::new_v4().to_string();
    std::fs::write(file, original.replace(&id, &other)).unwrap();
    let err = app
        .instance_with(|_| {})
        .await
        .err()
        .expect("start refused");
    assert!(err.contains("erasure journal"), "{err}");
    assert!(err.contains(&name), "{err}");
    assert!(err.contains(&format!("line {}", erase + 1)), "{err}");
    assert!(err.contains("MAC does not verify"), "{err}");
    assert!(!err.contains(&id) && !err.contains(&other), "{err}");

    // The erasure's line removed: the line after it is out of sequence.
    let mut without = lines.clone();
    without.remove(erase);
    std::fs::write(file, format!("{}\n", without.join("\n"))).unwrap();
    let err = app
        .instance_with(|_| {})
        .await
        .err()
        .expect("start refused");
    assert!(err.contains(&format!("line {}", erase + 1)), "{err}");
    assert!(err.contains("out of sequence"), "{err}");

    // Put back as written, it starts.
    std::fs::write(file, &original).unwrap();
    let _started = app.instance_with(|_| {}).await.expect("starts");
}

/// The control: with the journal off, the same restore brings the erased customer back,
/// readable. What the journal prevents, and what `off` knowingly accepts.
async fn without_the_journal_a_restored_backup_brings_the_customer_back(mut app: TestApp) {
    let id = app.create_subject(&jane(1941)).await;
    let backup = back_up(&mut app).await;
    assert_eq!(app.erase(&id).await.status, 200);
    assert_eq!(
        app.read_subject("crm", &id, "order_fulfilment")
            .await
            .status,
        410
    );
    let restored = restore(&app, backup).await;
    let r = restored.read_subject("crm", &id, "order_fulfilment").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"]["first_name"], "Janequill1941");
    // And the DPO can see it is back: the stores never heard of the erasure.
    let r = restored
        .send(
            "GET",
            &format!("/v1/audit?subject={id}&action=subject.erase"),
            Some(&restored.token(Role::Dpo, "dpo")),
            None,
            None,
        )
        .await;
    assert_eq!(r.body["entries"], json!([]), "{}", r.body);
}

/// Upgrading: erasures made before the journal existed (here: with it off) are journalled from
/// the stores' tombstones and blocks at the first start with it, so a backup from before them
/// is brought in line too.
async fn erasures_from_before_the_journal_are_journalled_at_the_next_start(mut app: TestApp) {
    let erased = app.create_subject(&jane(1951)).await;
    let blocked = app.create_subject(&jane(1952)).await;
    app.buy(&blocked, "inv-1952").await;
    app.visit(&blocked, "v-1952").await;
    let backup = back_up(&mut app).await;
    assert_eq!(app.erase(&erased).await.status, 200);
    let r = app.erase(&blocked).await;
    assert_eq!(
        r.body["blocked"]["purposes"],
        json!(["accounting"]),
        "{}",
        r.body
    );

    app.settings.erasure_journal = ErasureJournalSetting::Dir(app.data_dir.join("erasure-journal"));
    app.stop().await;
    app.start().await;
    let files = journal_files(&app);
    assert_eq!(files.len(), 1, "{files:?}");
    let journal = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        journal.contains(&erased) && journal.contains(&blocked),
        "{journal}"
    );

    let restored = restore(&app, backup).await;
    let r = restored
        .read_subject("crm", &erased, "order_fulfilment")
        .await;
    assert_eq!(r.status, 410, "{}", r.body);
    assert!(wrapped_key(&restored, &erased).await.is_none());
    let r = restored.read_subject("erp", &blocked, "accounting").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["data"].get("email").is_none(), "{}", r.body);
    let r = restored
        .read_subject("crm", &blocked, "order_fulfilment")
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(
        restored.count(true, "SELECT COUNT(*) FROM events").await,
        1,
        "the invoice stays, the visit goes"
    );
}
