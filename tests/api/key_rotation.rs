//! Master-key rotation and retirement (issue 15): `custodia keys rotate` run as a real process
//! while a reader reads through HTTP, killed (SIGKILL) halfway and run again; `keys status`;
//! the old version removed from the keyring and everything still read; a start with a keyring
//! that lacks a version still in use refused, naming it; an erasure racing a rotation keeps
//! the data key destroyed.
//!
//! The big run has `CUSTODIA_TEST_ROTATION_SUBJECTS` subjects (default [`DEFAULT_SUBJECTS`]),
//! created through the service layer to keep the module fast.

use std::process::Command;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use custodia::auth::Principal;
use custodia::config::MasterKeySource;
use custodia::crypto::{KeyProvider, KeyRing, KeyVersion, LocalKeyProvider, WrappedKey};
use custodia::domain::{NewSubject, RawSubject, Role};
use custodia::service::Caller;
use custodia::store::{RewrappedDataKey, VaultStore};
use secrecy::SecretString;
use serde_json::Value;

use crate::helpers::{both_engines, TestApp};

both_engines!(
    rotation_under_live_reads_survives_a_kill_and_retires_k1,
    a_start_without_a_version_still_in_use_is_refused,
    an_erasure_racing_a_rotation_keeps_the_key_destroyed,
);

/// Subjects of the big run unless `CUSTODIA_TEST_ROTATION_SUBJECTS` says otherwise.
const DEFAULT_SUBJECTS: u32 = 10_000;

fn subjects_to_create() -> u32 {
    std::env::var("CUSTODIA_TEST_ROTATION_SUBJECTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_SUBJECTS)
}

fn random_key_b64() -> String {
    let mut bytes = [0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes).unwrap();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The `derive:` line that keeps what the app's keyring (a bare k1) derives.
fn derive_line(k1: &str) -> String {
    KeyRing::parse(k1)
        .unwrap()
        .derivation_line()
        .as_str()
        .to_owned()
}

/// A subject as created here: its id and its email address.
#[derive(Clone)]
struct Made {
    id: String,
    email: String,
}

/// Creates `n` subjects through the service layer (as an admin), 32 at a time.
async fn create_subjects(app: &TestApp, n: u32) -> Vec<Made> {
    let built = custodia::startup::build_vault(&app.settings).await.unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let mut made = Vec::with_capacity(n as usize);
    let mut next = 0;
    while next < n {
        let end = (next + 32).min(n);
        let tasks: Vec<_> = (next..end)
            .map(|i| {
                let vault = built.vault.clone();
                actix_web::rt::spawn(async move {
                    let email = format!("rotor.{i}@keys.example");
                    let last = format!("Keyholder{i}");
                    let raw = RawSubject {
                        email: Some(&email),
                        first_name: Some("Rotor"),
                        last_name: Some(&last),
                        ..RawSubject::default()
                    };
                    let subject = NewSubject::parse(&raw, today).unwrap();
                    let principal = Principal {
                        id: "seed".into(),
                        role: Role::Admin,
                    };
                    let caller = Caller {
                        principal: &principal,
                        request_id: "rotation-seed",
                    };
                    let id = vault.create_subject(&caller, subject).await.unwrap();
                    Made {
                        id: id.to_string(),
                        email,
                    }
                })
            })
            .collect();
        for t in tasks {
            made.push(t.await.unwrap());
        }
        next = end;
    }
    built.vault_db.close().await;
    built.behaviour_db.close().await;
    made
}

fn custodia(app: &TestApp, keyring: &str, args: &[&str]) -> Command {
    app.cli_piped(keyring, args)
}

use crate::helpers::{cli_json as json_of, run_cli as run};

async fn status(app: &TestApp, keyring: &str) -> Value {
    let out = run(custodia(app, keyring, &["keys", "status"])).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_of(&out)
}

async fn count_under(app: &TestApp, version: u32) -> i64 {
    app.count(
        false,
        &format!("SELECT COUNT(*) FROM subjects WHERE kek_version = {version}"),
    )
    .await
}

/// One read of `m` through `base`, as the CRM for order fulfilment: 200 with its email.
async fn read_one(http: &awc::Client, base: &str, token: &str, m: &Made) -> Result<(), String> {
    let mut res = http
        .get(format!("{base}/v1/subjects/{}", m.id))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header(("X-Purpose", "order_fulfilment"))
        .send()
        .await
        .map_err(|e| format!("{}: {e}", m.id))?;
    let status = res.status().as_u16();
    let body: Value = res.json().limit(1 << 20).await.unwrap_or(Value::Null);
    if status == 200 && body["data"]["email"] == m.email.as_str() {
        Ok(())
    } else {
        Err(format!("{}: {status} {}", m.id, body["code"]))
    }
}

/// Reads every subject through `base`, 16 readers at a time; the failures.
async fn read_all(base: &str, token: &str, made: &[Made]) -> Vec<String> {
    let made = Rc::new(made.to_vec());
    let workers: Vec<_> = (0..16)
        .map(|w| {
            let (made, base, token) = (made.clone(), base.to_owned(), token.to_owned());
            actix_web::rt::spawn(async move {
                let http = awc::Client::default();
                let mut failed = Vec::new();
                for m in made.iter().skip(w).step_by(16) {
                    if let Err(e) = read_one(&http, &base, &token, m).await {
                        failed.push(e);
                    }
                }
                failed
            })
        })
        .collect();
    let mut failed = Vec::new();
    for w in workers {
        failed.extend(w.await.unwrap());
    }
    failed
}

async fn rotation_under_live_reads_survives_a_kill_and_retires_k1(app: TestApp) {
    let n = subjects_to_create();
    let began = Instant::now();
    let made = create_subjects(&app, n).await;
    let created_in = began.elapsed();
    let k1 = app.master_key_b64.clone();
    let k2 = random_key_b64();
    let both = format!("k1:{k1}\nk2:{k2}\n");

    // Every instance gets k2 first (here: the one the reader reads from).
    let served = app
        .instance_with(|s| s.master_key = MasterKeySource::Inline(SecretString::from(both.clone())))
        .await
        .unwrap();
    let s = status(&app, &both).await;
    assert_eq!(s["active_version"], "k2");
    assert_eq!(s["keyring_versions"], serde_json::json!(["k1", "k2"]));
    assert_eq!(s["data_keys"], serde_json::json!({ "k1": n }));
    assert_eq!(s["data_keys_to_rotate"], n);
    assert_eq!(
        s["retired_versions_still_needed"],
        serde_json::json!([{"version": "k1", "data_keys": n, "derivation_root": true}])
    );
    assert_eq!(s["removable_versions"], serde_json::json!([]));
    assert_eq!(s["start_refused"], Value::Null);
    let index_key_id = s["blind_index_key_id"].as_str().unwrap().to_owned();
    assert_eq!(index_key_id.len(), 16);
    assert_eq!(s["blind_index_key"], "derived");
    assert_eq!(s["derivation_root"], "k1");

    // A reader reads subjects continuously while the rotation runs, is killed and resumes.
    let stop = Rc::new(AtomicBool::new(false));
    let reader = {
        let (made, stop) = (Rc::new(made.clone()), stop.clone());
        let (base, token) = (served.base.clone(), app.client_token("crm"));
        actix_web::rt::spawn(async move {
            let http = awc::Client::default();
            let (mut reads, mut failed, mut i) = (0u64, Vec::new(), 0usize);
            while !stop.load(Ordering::SeqCst) {
                // A stride through every subject, so old and new wraps both get read.
                i = (i + 7919) % made.len();
                if let Err(e) = read_one(&http, &base, &token, &made[i]).await {
                    failed.push(e);
                }
                reads += 1;
            }
            (reads, failed)
        })
    };

    let mut child = custodia(
        &app,
        &both,
        &["keys", "rotate", "--batch-size", "100", "--pause-ms", "10"],
    )
    .spawn()
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let moved_at_kill = loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the rotation ended before it could be killed"
        );
        let moved = count_under(&app, 2).await;
        if moved >= i64::from(n / 4) {
            child.kill().unwrap(); // SIGKILL
            break moved;
        }
        assert!(Instant::now() < deadline, "the rotation does not progress");
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    };
    let killed = child.wait_with_output().unwrap();
    assert!(!killed.status.success(), "killed, not finished");
    assert!(killed.stdout.is_empty(), "no summary from a killed run");
    let left = count_under(&app, 1).await;
    assert!(
        left > 0,
        "killed halfway: {moved_at_kill} moved, {left} left"
    );
    assert_eq!(left + count_under(&app, 2).await, i64::from(n));

    let s = status(&app, &both).await;
    assert_eq!(s["data_keys"]["k1"], left);
    assert_eq!(s["retired_versions_still_needed"][0]["data_keys"], left);

    // Run again: it continues with what is left.
    let out = run(custodia(&app, &both, &["keys", "rotate"])).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json_of(&out);
    assert_eq!(report["complete"], true, "{report}");
    assert_eq!(report["active_version"], "k2");
    assert_eq!(report["rewrapped"], left, "{report}");
    assert_eq!(report["skipped"], 0);
    assert_eq!(report["remaining"], serde_json::json!({}));
    // Log lines (no terminal here), counts only.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("data key rotation ended"), "{stderr}");
    assert!(!stderr.contains(&k1) && !stderr.contains(&k2), "{stderr}");

    stop.store(true, Ordering::SeqCst);
    let (reads, failed) = reader.await.unwrap();
    assert!(
        failed.is_empty(),
        "{} reads failed: {:?}",
        failed.len(),
        &failed[..failed.len().min(5)]
    );
    assert!(reads > 0);
    assert_eq!(count_under(&app, 1).await, 0);
    assert_eq!(count_under(&app, 2).await, i64::from(n));
    let rotations: Vec<Value> = app
        .audit("?client=keys")
        .await
        .into_iter()
        .filter(|e| e["action"] == "keys.rotate")
        .collect();
    assert_eq!(rotations.len(), 1, "the killed run wrote no entry");
    assert_eq!(
        rotations[0]["reason"],
        format!("k2:rewrapped:{left}:skipped:0:remaining:0")
    );

    // k1 opens no data key any more, but the receipt key and the derived index key still come
    // from it: status says so, and a start without it and without a `derive:` line is refused.
    let s = status(&app, &both).await;
    assert_eq!(s["data_keys"], serde_json::json!({ "k2": n }));
    assert_eq!(
        s["retired_versions_still_needed"],
        serde_json::json!([{"version": "k1", "data_keys": 0, "derivation_root": true}])
    );
    let only_k2 = format!("k2:{k2}\n");
    let refused = app
        .instance_with(|s| {
            s.master_key = MasterKeySource::Inline(SecretString::from(only_k2.clone()))
        })
        .await
        .err()
        .expect("a start that would change the blind-index key is refused");
    assert!(refused.contains("blind-index key"), "{refused}");
    assert!(refused.contains("custodia keys pin"), "{refused}");

    // `keys pin` prints the line that keeps them; with it, k1 goes.
    let pin = run(custodia(&app, &both, &["keys", "pin"])).await;
    assert!(pin.status.success());
    let line = String::from_utf8(pin.stdout).unwrap().trim().to_owned();
    assert_eq!(line, derive_line(&k1));
    let retired = format!("# k1 retired\n{line}\nk2:{k2}\n");
    let s = status(&app, &retired).await;
    assert_eq!(s["keyring_versions"], serde_json::json!(["k2"]));
    assert_eq!(s["blind_index_key_id"], index_key_id.as_str());
    assert_eq!(s["derivation_root"], "derive_line");
    assert_eq!(s["retired_versions_still_needed"], serde_json::json!([]));
    assert_eq!(s["missing_versions"], serde_json::json!([]));
    assert_eq!(s["start_refused"], Value::Null);

    let after = app
        .instance_with(|s| {
            s.master_key = MasterKeySource::Inline(SecretString::from(retired.clone()))
        })
        .await
        .unwrap();
    let failed = read_all(&after.base, &app.client_token("crm"), &made).await;
    assert!(
        failed.is_empty(),
        "{} reads failed: {:?}",
        failed.len(),
        &failed[..failed.len().min(5)]
    );
    // Look-ups still find people (same index key), and receipts verify with the same key.
    let m = &made[made.len() / 2];
    let r = app
        .send_to(
            &after.base,
            "GET",
            &format!("/v1/subjects?type=email&value={}", m.email.to_uppercase()),
            Some(&app.client_token("crm")),
            Some("customer_support"),
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["id"], m.id.as_str());
    let app = &app;
    let jwks = |base: String| async move {
        app.send_to(
            &base,
            "GET",
            "/v1/.well-known/jwks.json",
            None,
            None,
            None,
            &[],
        )
        .await
        .body
    };
    assert_eq!(jwks(after.base.clone()).await, jwks(app.base.clone()).await);
    // A new subject goes under k2.
    let id = app
        .send_to(
            &after.base,
            "POST",
            "/v1/subjects",
            Some(&app.client_token("crm")),
            None,
            Some(&serde_json::json!({"email": "late.rotor@keys.example"})),
            &[],
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.count(
            false,
            &format!(
                "SELECT COUNT(*) FROM subjects WHERE id = {} AND kek_version = 2",
                app.id_sql(&id)
            )
        )
        .await,
        1
    );
    crate::logs::assert_no_secret_logged(&[k2, line]);
    eprintln!(
        "key rotation ({:?}): {n} subjects created in {created_in:?}, {reads} reads during \
         the rotation, whole scenario {:?}",
        app.engine,
        began.elapsed()
    );
}

async fn a_start_without_a_version_still_in_use_is_refused(app: TestApp) {
    for i in 0..3 {
        app.create_subject(&serde_json::json!({ "email": format!("rotor.{i}@keys.example") }))
            .await;
    }
    let k1 = app.master_key_b64.clone();
    let k2 = random_key_b64();
    // Pinned, so that the missing version is the only thing wrong.
    let without_k1 = format!("{}\nk2:{k2}\n", derive_line(&k1));
    let want = "data keys under k1 remain (3); keep k1 in the keyring until `custodia keys \
                rotate` has moved them";

    let refused = app
        .instance_with(|s| {
            s.master_key = MasterKeySource::Inline(SecretString::from(without_k1.clone()))
        })
        .await
        .err()
        .expect("refused");
    assert!(refused.contains(want), "{refused}");

    // Every command that opens the vault with keys refuses the same way.
    for args in [&["retention", "run"][..], &["keys", "rotate"][..]] {
        let out = run(custodia(&app, &without_k1, args)).await;
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(want), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }

    // `keys status` still answers, and says why.
    let s = status(&app, &without_k1).await;
    assert_eq!(s["missing_versions"], serde_json::json!(["k1"]));
    assert_eq!(s["data_keys"], serde_json::json!({"k1": 3}));
    assert!(
        s["start_refused"].as_str().unwrap().contains(want),
        "{}",
        s["start_refused"]
    );

    // With k1 back (and k2 beside it) the start goes through, and nothing was written by
    // the refused attempts.
    let both = format!("k1:{k1}\nk2:{k2}\n");
    app.instance_with(|s| s.master_key = MasterKeySource::Inline(SecretString::from(both)))
        .await
        .unwrap();
    assert_eq!(count_under(&app, 1).await, 3);
    crate::logs::assert_no_secret_logged(&[k2]);
}

async fn an_erasure_racing_a_rotation_keeps_the_key_destroyed(app: TestApp) {
    let mut ids = Vec::new();
    for i in 0..40 {
        ids.push(
            app.create_subject(&serde_json::json!({ "email": format!("rotor.{i}@keys.example") }))
                .await,
        );
    }
    let k1 = app.master_key_b64.clone();
    let k2 = random_key_b64();
    let both = format!("k1:{k1}\nk2:{k2}\n");

    // The exact interleaving: a rotator has read a batch and re-wrapped it, an erasure lands,
    // then the rotator writes. The erased subject's row is not brought back.
    let provider = LocalKeyProvider::new(&KeyRing::parse(&both).unwrap()).unwrap();
    let built = custodia::startup::build_vault(&app.settings).await.unwrap();
    let store = VaultStore::new(built.vault_db.clone());
    let batch = store.data_keys_under(1, None, 10).await.unwrap();
    assert_eq!(batch.len(), 10);
    let mut rewrapped: Vec<RewrappedDataKey> = Vec::new();
    for old in &batch {
        let new = provider
            .rewrap(
                &old.subject,
                &WrappedKey {
                    version: KeyVersion(old.kek_version),
                    bytes: old.wrapped_dek.clone(),
                },
            )
            .await
            .unwrap();
        rewrapped.push(RewrappedDataKey {
            old: old.clone(),
            kek_version: new.version.0,
            wrapped_dek: new.bytes,
        });
    }
    let victim = batch[3].subject.to_string();
    assert_eq!(app.erase(&victim).await.status, 200);
    assert_eq!(store.replace_data_keys(&rewrapped).await.unwrap(), 9);
    let rows = |id: &str| {
        format!(
            "SELECT COUNT(*) FROM subjects WHERE id = {}",
            app.id_sql(id)
        )
    };
    assert_eq!(app.count(false, &rows(&victim)).await, 0);
    // Writing the same batch again (a second rotator) changes nothing.
    assert_eq!(store.replace_data_keys(&rewrapped).await.unwrap(), 0);
    built.vault_db.close().await;
    built.behaviour_db.close().await;

    // And for real: two rotators at once, in small batches, while erasures come in.
    let served = app
        .instance_with(|s| s.master_key = MasterKeySource::Inline(SecretString::from(both.clone())))
        .await
        .unwrap();
    let rotations: Vec<_> = (0..2)
        .map(|_| {
            custodia(
                &app,
                &both,
                &["keys", "rotate", "--batch-size", "2", "--pause-ms", "15"],
            )
            .spawn()
            .unwrap()
        })
        .collect();
    let erased: Vec<String> = ids
        .iter()
        .filter(|id| **id != victim)
        .step_by(3)
        .cloned()
        .collect();
    for id in &erased {
        let r = app
            .send_to(
                &served.base,
                "DELETE",
                &format!("/v1/subjects/{id}"),
                Some(&app.token(Role::Dpo, "dpo")),
                None,
                None,
                &[],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
    let mut rewrapped = 0;
    for mut child in rotations {
        while child.try_wait().unwrap().is_none() {
            actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        }
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report = json_of(&out);
        assert_eq!(report["complete"], true, "{report}");
        rewrapped += report["rewrapped"].as_u64().unwrap();
    }
    // Each key still under k1 moved once, by one of them (an erased one perhaps before its
    // erasure): at least those kept, at most all 30 left after the batch above.
    let in_batch: Vec<String> = batch.iter().map(|k| k.subject.to_string()).collect();
    let kept_under_k1 = ids
        .iter()
        .filter(|id| !in_batch.contains(id) && !erased.contains(id))
        .count() as u64;
    assert!(
        (kept_under_k1..=30).contains(&rewrapped),
        "{rewrapped} rewrapped, {kept_under_k1} kept"
    );
    for id in erased.iter().chain([&victim]) {
        assert_eq!(app.count(false, &rows(id)).await, 0, "{id} came back");
        let r = app.read_subject("crm", id, "order_fulfilment").await;
        assert_eq!(r.status, 410, "{id}: {}", r.body);
        let r = app
            .send_to(
                &served.base,
                "GET",
                &format!("/v1/subjects/{id}"),
                Some(&app.client_token("crm")),
                Some("order_fulfilment"),
                None,
                &[],
            )
            .await;
        assert_eq!(r.status, 410, "{id}: {}", r.body);
    }
    assert_eq!(count_under(&app, 1).await, 0);
    let kept = ids.len() - erased.len() - 1;
    assert_eq!(count_under(&app, 2).await, kept as i64);
    crate::logs::assert_no_secret_logged(&[k2]);
}
