//! Bulk creation and onboarding (issue 14): `POST /v1/subjects:batch`, `custodia import
//! subjects` run as a real process over the test app's stores and keys (killed half-way and
//! resumed), and `custodia export-all` → import into an empty vault → the same export.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use custodia::domain::Role;
use serde_json::{json, Value};

use crate::helpers::{both_engines, jane, spawn_app, TestApp};

// ---------------------------------------------------------------- POST /v1/subjects:batch

/// The audit entries of `action` about `subject`.
async fn audited(app: &TestApp, subject: &str, action: &str) -> Vec<Value> {
    app.audit(&format!("?subject={subject}"))
        .await
        .into_iter()
        .filter(|e| e["action"] == action)
        .collect()
}

async fn batch(app: &TestApp, token: &str, subjects: Value) -> crate::helpers::Reply {
    app.send(
        "POST",
        "/v1/subjects:batch",
        Some(token),
        None,
        Some(&json!({ "subjects": subjects })),
    )
    .await
}

async fn a_batch_answers_each_item_as_a_single_creation_would(app: TestApp) {
    let crm = app.client_token("crm");
    let stored = app.create_subject(&jane(1)).await;
    let mut shares_email = jane(3);
    shares_email["email"] = jane(2)["email"].clone();
    let r = batch(
        &app,
        &crm,
        json!([
            jane(2),
            { "email": "not-an-email", "first_name": "  " },
            jane(1),
            shares_email,
            "not an object",
            { "identifiers": [{ "type": "loyalty_card", "value": "LC-batch-only" }] },
            {},
            { "email": "x@example.com", "shoe_size": 42 },
        ]),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let results = r.body["results"].as_array().unwrap();
    let statuses: Vec<&str> = results
        .iter()
        .map(|x| x["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "created",
            "rejected",
            "duplicate",
            "duplicate",
            "rejected",
            "created",
            "rejected",
            "rejected"
        ]
    );
    for (i, x) in results.iter().enumerate() {
        assert_eq!(x["index"], i);
    }
    assert_eq!(r.body["created"], 2);
    assert_eq!(r.body["duplicates"], 2);
    assert_eq!(r.body["rejected"], 4);
    // Invalid fields are named by pointer, as POST /v1/subjects names them; never a value.
    let fields: Vec<&str> = results[1]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["/email", "/first_name"]);
    assert!(!r.text.contains("not-an-email"));
    assert_eq!(results[4]["errors"][0]["field"], "");
    assert_eq!(results[6]["errors"][0]["field"], "");
    // A duplicate of a stored subject does not say whose; one of an earlier item says which.
    assert_eq!(results[2]["reason"], "identifier_taken");
    assert!(results[2].get("id").is_none() && results[2].get("duplicate_of").is_none());
    assert!(!r.text.contains(&stored));
    assert_eq!(results[3]["duplicate_of"], 0);
    assert_eq!(results[3]["identifier_type"], "email");

    // What was created is there, readable like any subject; nothing else was stored.
    let id = results[0]["id"].as_str().unwrap();
    let read = app.read_subject("crm", id, "order_fulfilment").await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["data"]["first_name"], "Janequill2");
    assert_eq!(app.count(false, "SELECT COUNT(*) FROM subjects").await, 3);
    // The loyalty card of the refused sharer was not stored.
    let lookup = app
        .send(
            "GET",
            "/v1/subjects?type=loyalty_card&value=LC-3",
            Some(&crm),
            Some("customer_support"),
            None,
        )
        .await;
    assert_eq!(lookup.status, 404, "{}", lookup.body);

    // Audited as single creations: one allowed subject.create each, one identifier_taken
    // refusal per duplicate.
    let created = audited(&app, id, "subject.create").await;
    assert_eq!(created.len(), 1, "{created:?}");
    assert_eq!(created[0]["decision"], "allowed");
    assert!(created[0]["fields_given"]
        .as_array()
        .unwrap()
        .contains(&json!("email")));
    let taken = app
        .count(
            false,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'subject.create' \
             AND decision = 'denied' AND reason = 'identifier_taken'",
        )
        .await;
    assert_eq!(taken, 2);
    assert_eq!(app.verify_audit().await["valid"], true);
}

async fn a_batch_is_bounded_and_for_writers_only(app: TestApp) {
    let crm = app.client_token("crm");
    let many: Vec<Value> = (0..1_001)
        .map(|i| json!({ "identifiers": [{ "type": "loyalty_card", "value": format!("LC-M-{i}") }] }))
        .collect();
    let r = batch(&app, &crm, Value::Array(many.clone())).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.body["code"], "invalid-request");
    let r = batch(&app, &crm, json!([])).await;
    assert_eq!(r.status, 400, "{}", r.body);
    let subject = uuid::Uuid::new_v4().to_string();
    for (role, sub) in [(Role::Dpo, "dpo"), (Role::Subject, subject.as_str())] {
        let token = app.token(role, sub);
        let r = batch(&app, &token, json!([jane(5)])).await;
        assert_eq!(r.status, 403, "{role:?}: {}", r.body);
        assert_eq!(r.body["code"], "role-not-allowed");
    }
    let r = batch(&app, "", json!([jane(5)])).await;
    assert_eq!(r.status, 401);
    assert_eq!(app.count(false, "SELECT COUNT(*) FROM subjects").await, 0);
    // A full batch of 1,000 goes in at once.
    let r = batch(&app, &crm, Value::Array(many[..1_000].to_vec())).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["created"], 1_000);
    assert_eq!(
        app.count(false, "SELECT COUNT(*) FROM subjects").await,
        1_000
    );
}

async fn a_batch_flags_an_erased_customers_identifier_for_operators_only(app: TestApp) {
    let gone = app.create_subject(&jane(7)).await;
    let r = app
        .send(
            "DELETE",
            &format!("/v1/subjects/{gone}"),
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut again = jane(7);
    again["identifiers"] = json!([]);
    let r = batch(&app, &app.client_token("crm"), json!([again.clone()])).await;
    assert_eq!(r.body["results"][0]["status"], "created", "{}", r.body);
    assert!(r.body["results"][0].get("flags").is_none(), "{}", r.body);
    let id = r.body["results"][0]["id"].as_str().unwrap().to_owned();
    // The second one (an admin's) is a duplicate of the first.
    let r = batch(&app, &app.token(Role::Admin, "ops"), json!([again])).await;
    assert_eq!(r.body["results"][0]["status"], "duplicate", "{}", r.body);
    let entries = audited(&app, &id, "subject.create").await;
    assert_eq!(entries[0]["reason"], "suppression_match");
    // An admin is told.
    let erased = app.create_subject(&jane(10)).await;
    app.send(
        "DELETE",
        &format!("/v1/subjects/{erased}"),
        Some(&app.token(Role::Dpo, "dpo")),
        None,
        None,
    )
    .await;
    let mut back = jane(10);
    back["identifiers"] = json!([]);
    let r = batch(&app, &app.token(Role::Admin, "ops"), json!([back])).await;
    assert_eq!(
        r.body["results"][0]["flags"],
        json!(["matches_erased_identifier"])
    );
}

both_engines!(
    a_batch_answers_each_item_as_a_single_creation_would,
    a_batch_is_bounded_and_for_writers_only,
    a_batch_flags_an_erased_customers_identifier_for_operators_only
);

// ---------------------------------------------------------------- custodia import / export-all

/// `custodia` with the app's stores, keys and policy, as an operator runs it beside `serve`.
fn custodia(app: &TestApp) -> Command {
    app.cli(&app.master_key_b64)
}

fn run(app: &TestApp, args: &[&str]) -> Output {
    custodia(app).args(args).output().expect("run custodia")
}

fn summary(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "no JSON summary; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The report's lines: (row, column, reason).
fn report(path: &Path) -> Vec<(u64, String, String)> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    assert_eq!(
        reader.headers().unwrap(),
        &csv::StringRecord::from(vec!["row", "column", "reason"])
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].parse().unwrap(), r[1].to_owned(), r[2].to_owned())
        })
        .collect()
}

const HEADER: &str = "email,phone,first_name,last_name,birth_date,language,address.line1,\
address.postal_code,address.city,address.country,id:loyalty_card,consent:email_marketing,\
consent:personalisation,consent_collected_at,consent_source,consent_policy_version,\
consent_evidence";

fn email(i: u64) -> String {
    format!("imp.quill.{i}@example.org")
}

/// A good row `i`: every field, a loyalty card, and consents (email marketing granted for
/// i % 3 == 0 and withdrawn for i % 3 == 1; personalisation granted for even i).
fn good_row(i: u64) -> Vec<String> {
    let marketing = match i % 3 {
        0 => "granted",
        1 => "withdrawn",
        _ => "",
    };
    vec![
        email(i),
        format!("+4915{}", 10_000_000 + i),
        format!("Impfirst{i}"),
        format!("Implast{i}"),
        format!("{}-05-17", 1950 + i % 50),
        "de-DE".into(),
        format!("Hauptstrasse {i}"),
        "10115".into(),
        "Berlin".into(),
        "DE".into(),
        format!("LC-IMP-{i}"),
        marketing.into(),
        if i % 2 == 0 { "granted" } else { "" }.into(),
        "2026-02-01T10:00:00Z".into(),
        "web".into(),
        "2026-01".into(),
        format!("doi-{i}"),
    ]
}

fn consents_of(i: u64) -> i64 {
    i64::from(i % 3 != 2) + i64::from(i % 2 == 0)
}

/// The acceptance file: 10,000 rows, 50 bad (five kinds of bad cell, spread over the file),
/// 20 duplicates of an earlier row's email. Returns (bad rows with the column each names,
/// duplicate rows).
fn acceptance_csv(path: &Path) -> (Vec<(u64, &'static str)>, BTreeSet<u64>) {
    let bad: Vec<(u64, &'static str)> = (0..50u64)
        .map(|k| {
            let column = match k % 5 {
                0 => "email",
                1 => "phone",
                2 => "birth_date",
                3 => "consent:email_marketing",
                _ => "consent:email_marketing",
            };
            (199 * k + 7, column)
        })
        .collect();
    let dups: BTreeSet<u64> = (0..20u64).map(|k| 491 * k + 50).collect();
    let bad_rows: BTreeSet<u64> = bad.iter().map(|(r, _)| *r).collect();
    assert!(bad_rows.is_disjoint(&dups));
    assert!(dups
        .iter()
        .all(|d| !bad_rows.contains(&(d - 40)) && !dups.contains(&(d - 40))));
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(HEADER.split(',')).unwrap();
    for i in 1..=10_000u64 {
        let mut row = good_row(i);
        if let Some(k) = bad.iter().position(|(r, _)| *r == i) {
            match k % 5 {
                0 => row[0] = "not-an-email".into(),
                1 => row[1] = "12345".into(),
                2 => row[4] = "1990-13-45".into(),
                3 => row[11] = "maybe".into(),
                _ => {
                    // A grant without its double opt-in reference: refused by the consent
                    // rules, not by the parser.
                    row[11] = "granted".into();
                    row[16] = String::new();
                }
            }
        }
        if dups.contains(&i) {
            row[0] = email(i - 40);
        }
        w.write_record(&row).unwrap();
    }
    w.flush().unwrap();
    (bad, dups)
}

fn read_checkpoint(path: &Path) -> u64 {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0)
}

async fn import_lands_the_good_rows_once_across_a_kill_and_reports_the_bad(app: TestApp) {
    let dir = app.data_dir.join("import");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("customers.csv");
    let (bad, dups) = acceptance_csv(&file);
    let checkpoint = dir.join("customers.csv.checkpoint");
    let errors = dir.join("customers.csv.errors.csv");
    let good: Vec<u64> = (1..=10_000u64)
        .filter(|i| !dups.contains(i) && !bad.iter().any(|(r, _)| r == i))
        .collect();
    assert_eq!(good.len(), 9_930);

    // First run: killed (SIGKILL) once the checkpoint has passed half of the file.
    let mut child = custodia(&app)
        .args([
            "import",
            "subjects",
            file.to_str().unwrap(),
            "--batch-size",
            "250",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if read_checkpoint(&checkpoint) >= 5_000 {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            panic!(
                "the import ended ({status}) before it could be killed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(Instant::now() < deadline, "no progress");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(child.try_wait().unwrap().is_none(), "killed while running");
    child.kill().unwrap();
    child.wait().unwrap();
    let at_kill = read_checkpoint(&checkpoint);
    assert!((5_000..10_000).contains(&at_kill), "{at_kill}");
    let landed = app.count(false, "SELECT COUNT(*) FROM subjects").await;
    assert!(landed < 9_930, "{landed}");

    // Second run: continues after the checkpoint.
    let out = run(&app, &["import", "subjects", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = summary(&out);
    assert_eq!(s["resumed_after_row"], at_kill, "{s}");
    assert_eq!(s["rows"], 10_000 - at_kill, "{s}");
    assert!(
        !checkpoint.exists(),
        "the checkpoint goes once the file is done"
    );

    // Exactly the good rows landed, each once, with their consents.
    assert_eq!(
        app.count(false, "SELECT COUNT(*) FROM subjects").await,
        9_930
    );
    let consents: i64 = good.iter().map(|i| consents_of(*i)).sum();
    assert_eq!(
        app.count(false, "SELECT COUNT(*) FROM consent_records")
            .await,
        consents
    );
    assert_eq!(
        app.count(
            false,
            "SELECT COUNT(*) FROM consent_records WHERE status = 'granted' \
             AND purpose = 'email_marketing' AND evidence LIKE '%double_opt_in_ref%'"
        )
        .await,
        good.iter().filter(|i| *i % 3 == 0).count() as i64
    );
    // Every duplicate's email is held by the row it repeats.
    for d in &dups {
        let r = app
            .send(
                "GET",
                &format!("/v1/subjects?type=email&value={}", email(d - 40)),
                Some(&app.client_token("crm")),
                Some("customer_support"),
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.body["data"]["first_name"], format!("Impfirst{}", d - 40));
    }

    // The report names every bad row, with the column, and every duplicate as skipped.
    let lines = report(&errors);
    let rejected: BTreeSet<(u64, String)> = lines
        .iter()
        .filter(|(_, _, reason)| !reason.starts_with("skipped"))
        .map(|(row, column, _)| (*row, column.clone()))
        .collect();
    let expected: BTreeSet<(u64, String)> =
        bad.iter().map(|(r, c)| (*r, (*c).to_owned())).collect();
    assert_eq!(rejected, expected);
    let skipped: BTreeSet<u64> = lines
        .iter()
        .filter(|(_, _, reason)| reason.starts_with("skipped"))
        .map(|(row, _, _)| *row)
        .collect();
    // A batch committed just before the kill (its checkpoint not yet written) is skipped by
    // the second run as duplicates of itself: its rows land once all the same.
    assert!(skipped.is_superset(&dups), "{skipped:?}");
    assert!(skipped.len() <= dups.len() + 250, "{}", skipped.len());
    let text = std::fs::read_to_string(&errors).unwrap();
    assert!(!text.contains("@example.org") && !text.contains("not-an-email"));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("@example.org"));

    // Audited as an import naming the file; the chain holds.
    let imported = app
        .count(
            false,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'subject.import' \
             AND decision = 'allowed' AND reason = 'import:customers.csv'",
        )
        .await;
    // Each landed subject exactly once, the kill notwithstanding: a batch's entries are
    // committed with its subjects.
    assert_eq!(imported, 9_930);
    let granted = app
        .count(
            false,
            "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'consent.%' \
             AND reason = 'import:customers.csv'",
        )
        .await;
    assert_eq!(granted, consents);
    assert_eq!(app.verify_audit().await["valid"], true);

    // export-all → import into an empty vault → export-all: the same subjects and consents.
    let exported = dir.join("export.csv");
    let out = run(
        &app,
        &["export-all", "--output", exported.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(counts["subjects"], 9_930);
    assert_eq!(counts["consents"], consents);
    assert_eq!(
        app.count(
            false,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'subject.export_all'"
        )
        .await,
        9_930
    );
    let other = spawn_app(app.engine).await.expect("a second vault");
    let out = run(&other, &["import", "subjects", exported.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = summary(&out);
    assert_eq!(s["created"], 9_930, "{s}");
    assert_eq!(s["rejected"], 0, "{s}");
    assert_eq!(s["consents"], consents, "{s}");
    let again = dir.join("export-again.csv");
    let out = run(&other, &["export-all", "--output", again.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sorted_lines(&exported), sorted_lines(&again));
}

fn sorted_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let header = lines.remove(0);
    lines.sort();
    lines.insert(0, header);
    lines
}

fn write(path: &Path, text: &str) -> PathBuf {
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

async fn import_maps_columns_dry_runs_updates_and_stops_on_a_duplicate(app: TestApp) {
    let dir = app.data_dir.join("small");
    std::fs::create_dir_all(&dir).unwrap();
    let stored = app.create_subject(&jane(40)).await;
    let mapping = write(
        &dir.join("mapping.toml"),
        "[columns]\n\"E-Mail\" = \"email\"\n\"Vorname\" = \"first_name\"\n\"Notiz\" = \"-\"\n\
         \"Newsletter\" = \"consent:email_marketing\"\n\"DOI\" = \"consent_evidence\"\n",
    );
    let existing = jane(40)["email"].as_str().unwrap().to_owned();
    let file = write(
        &dir.join("shop.csv"),
        &format!(
            "E-Mail,Vorname,Notiz,Newsletter,consent_collected_at,consent_source,\
             consent_policy_version,DOI\n\
             new.one@example.net,Neu,call back,granted,2026-03-01T09:00:00Z,web,2026-01,doi-77\n\
             {existing},Renamed,,granted,2026-03-01T09:00:00Z,web,2026-01,doi-78\n\
             broken,Kaputt,,,,,,\n"
        ),
    );
    let file_arg = file.to_str().unwrap();
    let mapping_arg = mapping.to_str().unwrap();

    // Dry run: everything checked, nothing stored, the report written.
    let out = run(
        &app,
        &[
            "import",
            "subjects",
            file_arg,
            "--mapping",
            mapping_arg,
            "--dry-run",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = summary(&out);
    assert_eq!(
        (
            s["created"].clone(),
            s["skipped"].clone(),
            s["rejected"].clone()
        ),
        (json!(1), json!(1), json!(1)),
        "{s}"
    );
    assert_eq!(app.count(false, "SELECT COUNT(*) FROM subjects").await, 1);
    let lines = report(&dir.join("shop.csv.errors.csv"));
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!((lines[0].0, lines[0].1.as_str()), (2, "E-Mail"));
    assert_eq!((lines[1].0, lines[1].1.as_str()), (3, "E-Mail"));
    assert!(!dir.join("shop.csv.checkpoint").exists());

    // --on-duplicate update: the stored customer is rectified and gets the consent.
    let out = run(
        &app,
        &[
            "import",
            "subjects",
            file_arg,
            "--mapping",
            mapping_arg,
            "--on-duplicate",
            "update",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = summary(&out);
    assert_eq!(
        (
            s["created"].clone(),
            s["updated"].clone(),
            s["rejected"].clone(),
            s["consents"].clone()
        ),
        (json!(1), json!(1), json!(1), json!(2)),
        "{s}"
    );
    let read = app.read_subject("crm", &stored, "customer_support").await;
    assert_eq!(read.body["data"]["first_name"], "Renamed", "{}", read.body);
    let overview = app
        .send(
            "GET",
            &format!("/v1/subjects/{stored}/consents"),
            Some(&app.token(Role::Dpo, "dpo")),
            None,
            None,
        )
        .await;
    let marketing = overview.body["current"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["purpose"] == "email_marketing")
        .unwrap()
        .clone();
    assert_eq!(marketing["state"], "granted", "{}", overview.body);
    assert_eq!(
        marketing["record"]["evidence"]["double_opt_in_ref"],
        "doi-78"
    );
    let rectified = audited(&app, &stored, "subject.rectify").await;
    assert_eq!(rectified.len(), 1);

    // --on-duplicate fail: stops at the first duplicate, exit 1, naming its row; the rows
    // before it are stored and the checkpoint points just before it.
    let file = write(
        &dir.join("again.csv"),
        "email,first_name\nfresh.two@example.net,Zwei\nfresh.three@example.net,Drei\n\
         new.one@example.net,Dupe\nfresh.four@example.net,Vier\n",
    );
    let out = run(
        &app,
        &[
            "import",
            "subjects",
            file.to_str().unwrap(),
            "--on-duplicate",
            "fail",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = summary(&out);
    assert_eq!(s["stopped_at_row"], 3, "{s}");
    assert_eq!(s["created"], 2, "{s}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("row 3"));
    assert_eq!(read_checkpoint(&dir.join("again.csv.checkpoint")), 2);
    assert_eq!(app.count(false, "SELECT COUNT(*) FROM subjects").await, 4);

    // A header import does not read is refused before anything is stored, naming the column.
    let file = write(
        &dir.join("odd.csv"),
        "email,shoe_size\nodd@example.net,44\n",
    );
    let out = run(&app, &["import", "subjects", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("shoe_size"), "{err}");
    assert_eq!(app.count(false, "SELECT COUNT(*) FROM subjects").await, 4);

    // JSON lines carry the same subjects, with every consent's evidence.
    let out = run(&app, &["export-all", "--format", "jsonl"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    let renamed = lines.iter().find(|l| l["id"] == stored.as_str()).unwrap();
    assert_eq!(renamed["first_name"], "Renamed");
    assert_eq!(
        renamed["consents"][0]["evidence"]["double_opt_in_ref"],
        "doi-78"
    );
}

both_engines!(
    import_lands_the_good_rows_once_across_a_kill_and_reports_the_bad,
    import_maps_columns_dry_runs_updates_and_stops_on_a_duplicate
);
