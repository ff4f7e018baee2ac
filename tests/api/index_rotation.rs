//! Blind-index key rotation (issue 15): `custodia keys rotate-index` run as a real process,
//! killed halfway and run again, while an instance with the `next-index:` line looks subjects
//! up by email and by loyalty card and refuses a taken email; then the cutover to the new key
//! alone; an erased identifier stays suppressed during the change.

use std::process::Command;
use std::time::Duration;

use base64::Engine as _;
use custodia::config::MasterKeySource;
use custodia::domain::Role;
use secrecy::SecretString;
use serde_json::{json, Value};

use crate::helpers::{both_engines, TestApp};

both_engines!(index_rotation_keeps_look_ups_and_uniqueness_through_a_kill_and_the_cutover);

const SUBJECTS: usize = 24;

fn random_key_b64() -> String {
    let mut bytes = [0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes).unwrap();
    base64::engine::general_purpose::STANDARD.encode(bytes)
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

/// A request to `base` (an instance); status and JSON body.
async fn send(
    base: &str,
    method: &str,
    path: &str,
    token: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    let client = awc::Client::default();
    let mut req = client
        .request(method.parse().unwrap(), format!("{base}{path}"))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header(("X-Purpose", "order_fulfilment"));
    req = req.timeout(Duration::from_secs(30));
    let mut res = match body {
        Some(b) => req.send_json(b).await.unwrap(),
        None => req.send().await.unwrap(),
    };
    let bytes = res.body().limit(1 << 20).await.unwrap();
    (
        res.status().as_u16(),
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn customer(i: usize) -> Value {
    json!({
        "email": format!("Index.Rotor{i}@Example.com"),
        "last_name": format!("Rotor{i}"),
        "identifiers": [{"type": "loyalty_card", "value": format!("LC-IDX-{i}")}],
    })
}

/// Every subject is found by its email (in another letter case) and by its loyalty card.
async fn all_found(base: &str, token: &str, ids: &[String]) {
    for (i, id) in ids.iter().enumerate() {
        for (kind, value) in [
            ("email", format!("index.rotor{i}@example.COM")),
            ("loyalty_card", format!("LC-IDX-{i}")),
        ] {
            let (code, body) = send(
                base,
                "GET",
                &format!("/v1/subjects?type={kind}&value={value}"),
                token,
                None,
            )
            .await;
            assert_eq!(code, 200, "{kind} of subject {i}: {body}");
            assert_eq!(body["id"], json!(id), "{kind} of subject {i}");
        }
    }
}

async fn index_rotation_keeps_look_ups_and_uniqueness_through_a_kill_and_the_cutover(app: TestApp) {
    let k1 = app.master_key_b64.clone();
    let crm = app.client_token("crm");
    let dpo = app.token(Role::Dpo, "dpo");
    let mut ids = Vec::new();
    for i in 0..SUBJECTS {
        ids.push(app.create_subject(&customer(i)).await);
    }
    // Erased before the rotation: on the suppression list under the old key.
    let gone = app
        .create_subject(&json!({"email": "erased.before@example.com"}))
        .await;
    let (code, _) = send(
        &app.base,
        "DELETE",
        &format!("/v1/subjects/{gone}"),
        &dpo,
        None,
    )
    .await;
    assert_eq!(code, 200);

    let old_ring = format!("k1:{k1}\n");
    let old_id = status(&app, &old_ring).await["blind_index_key_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let next = random_key_b64();
    let rotating = format!("k1:{k1}\nnext-index:{next}\n");

    // Every instance gets the `next-index:` line first.
    let served = app
        .instance_with(|s| {
            s.master_key = MasterKeySource::Inline(SecretString::from(rotating.clone()))
        })
        .await
        .unwrap();
    let base = served.base.clone();
    let s = status(&app, &rotating).await;
    let new_id = s["next_index_key_id"].as_str().unwrap().to_owned();
    assert_ne!(new_id, old_id);
    assert_eq!(s["subjects_to_reindex"], json!(SUBJECTS));
    assert_eq!(s["start_refused"], Value::Null);
    // A keyring without the line is refused now: it would miss what the others write.
    let refused = app
        .instance_with(|s| {
            s.master_key = MasterKeySource::Inline(SecretString::from(old_ring.clone()))
        })
        .await
        .err()
        .expect("refused");
    assert!(refused.contains("next-index"), "{refused}");
    all_found(&base, &crm, &ids).await;

    // Killed halfway: small batches with a pause.
    let mut child = custodia(
        &app,
        &rotating,
        &[
            "keys",
            "rotate-index",
            "--batch-size",
            "2",
            "--pause-ms",
            "150",
        ],
    )
    .spawn()
    .unwrap();
    let under_new = format!("SELECT COUNT(*) FROM subjects WHERE index_key = '{new_id}'");
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the rotation ended before the kill"
        );
        if app.count(false, &under_new).await >= 6 {
            child.kill().unwrap();
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
    let _ = child.wait_with_output().unwrap();
    let moved = app.count(false, &under_new).await;
    assert!(moved >= 6 && moved < SUBJECTS as i64, "halfway: {moved}");

    // During the change: every look-up works, a taken email is refused whether its holder
    // is already under the new key or not, a new subject is found, and an erased identifier
    // is still suppressed.
    all_found(&base, &crm, &ids).await;
    for i in [0, SUBJECTS - 1] {
        let (code, body) = send(
            &base,
            "POST",
            "/v1/subjects",
            &crm,
            Some(&json!({"email": format!("INDEX.ROTOR{i}@example.com")})),
        )
        .await;
        assert_eq!(code, 409, "taken email of subject {i}: {body}");
        let (code, _) = send(
            &base,
            "POST",
            "/v1/subjects",
            &crm,
            Some(
                &json!({"identifiers": [{"type": "loyalty_card", "value": format!("LC-IDX-{i}")}]}),
            ),
        )
        .await;
        assert_eq!(code, 409, "taken card of subject {i}");
    }
    let (code, body) = send(
        &base,
        "POST",
        "/v1/subjects",
        &crm,
        Some(&customer(SUBJECTS)),
    )
    .await;
    assert_eq!(code, 201, "{body}");
    ids.push(body["id"].as_str().unwrap().to_owned());
    let (code, body) = send(
        &base,
        "POST",
        "/v1/subjects",
        &crm,
        Some(&json!({"email": "erased.before@example.com"})),
    )
    .await;
    assert_eq!(code, 201, "{body}");
    let flagged = body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.count(
            false,
            &format!(
                "SELECT COUNT(*) FROM subjects WHERE suppression_match AND index_key = '{new_id}'"
            )
        )
        .await,
        1,
        "the erased email matched under the old key"
    );
    let (code, _) = send(
        &base,
        "DELETE",
        &format!("/v1/subjects/{flagged}"),
        &dpo,
        None,
    )
    .await;
    assert_eq!(code, 200);
    all_found(&base, &crm, &ids).await;

    // Run again: it finishes.
    let out = run(custodia(&app, &rotating, &["keys", "rotate-index"])).await;
    let report = json_of(&out);
    assert!(out.status.success(), "{report}");
    assert_eq!(report["complete"], true);
    assert_eq!(report["conflicts"], 0);
    assert_eq!(app.count(false, &under_new).await, ids.len() as i64);
    let s = status(&app, &rotating).await;
    assert_eq!(s["subjects_to_reindex"], 0);
    all_found(&base, &crm, &ids).await;

    // The cutover: the new key alone (`index:`), the old line gone.
    let after = format!("k1:{k1}\nindex:{next}\n");
    let cut = app
        .instance_with(|s| {
            s.master_key = MasterKeySource::Inline(SecretString::from(after.clone()))
        })
        .await
        .unwrap();
    let s = status(&app, &after).await;
    assert_eq!(s["blind_index_key_id"], json!(new_id));
    assert_eq!(s["recorded_key_ids"]["index"], json!(new_id));
    assert_eq!(s["start_refused"], Value::Null);
    // The pre-rotation erasure's entry is under the old key, as documented.
    assert!(
        s["suppressions_under_other_keys"].as_i64().unwrap() >= 1,
        "{s}"
    );
    all_found(&cut.base, &crm, &ids).await;
    let (code, _) = send(
        &cut.base,
        "POST",
        "/v1/subjects",
        &crm,
        Some(&json!({"email": "index.rotor3@example.com"})),
    )
    .await;
    assert_eq!(code, 409);
    // Erased during the rotation (under the new key): still suppressed after the cutover.
    let (code, body) = send(
        &cut.base,
        "POST",
        "/v1/subjects",
        &crm,
        Some(&json!({"email": "erased.before@example.com"})),
    )
    .await;
    assert_eq!(code, 201, "{body}");
    let _ = body["id"].as_str().unwrap();
    // The only live subject flagged is the one just created (the earlier one was erased).
    assert_eq!(
        app.count(
            false,
            "SELECT COUNT(*) FROM subjects WHERE suppression_match"
        )
        .await,
        1,
        "an email erased during the rotation is suppressed after the cutover"
    );
    crate::logs::assert_no_secret_logged(&[next]);
}
