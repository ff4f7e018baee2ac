//! The audit chain: every decision recorded, concurrent writers keep one chain, tampering
//! is found (over HTTP and by `custodia audit verify`).

use std::process::Command;

use serde_json::json;

use crate::helpers::{both_engines, jane, Engine, TestApp};

both_engines!(
    concurrent_reads_all_land_in_one_valid_chain,
    tampering_with_a_row_is_found_and_named,
    the_audit_log_refuses_updates_and_deletes,
    audit_query_filters_and_pages,
    audit_query_filters_by_decision_and_action,
    audit_pages_newest_first_back_through_everything_once,
);

async fn concurrent_reads_all_land_in_one_valid_chain(app: TestApp) {
    let id = app.create_subject(&jane(30)).await;
    let reads = (0..60).map(|i| {
        let purpose = if i % 3 == 0 {
            "email_marketing"
        } else {
            "order_fulfilment"
        };
        app.read_subject("crm", &id, purpose)
    });
    let replies = futures_util::future::join_all(reads).await;
    let allowed = replies.iter().filter(|r| r.status == 200).count();
    assert_eq!(allowed, 40);
    assert_eq!(replies.iter().filter(|r| r.status == 403).count(), 20);

    let v = app.verify_audit().await;
    assert_eq!(v, json!({"valid": true, "entries": 61}));
    let entries = app.audit(&format!("?subject={id}&limit=1000")).await;
    let seqs: Vec<i64> = entries.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=61).collect::<Vec<_>>());
}

async fn tampering_with_a_row_is_found_and_named(app: TestApp) {
    let id = app.create_subject(&jane(31)).await;
    for _ in 0..3 {
        assert_eq!(
            app.read_subject("crm", &id, "order_fulfilment")
                .await
                .status,
            200
        );
    }
    assert_eq!(app.verify_audit().await["valid"], true);

    // An insider with database access rewrites history: entry 3 now claims another purpose.
    let disable = match app.engine {
        Engine::Sqlite => "DROP TRIGGER audit_log_no_update;",
        Engine::Postgres => "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete;",
    };
    app.vault_sql(&format!(
        "{disable} UPDATE audit_log SET purpose = 'customer_support' WHERE seq = 3;"
    ))
    .await;

    let v = app.verify_audit().await;
    assert_eq!(v["valid"], false);
    assert_eq!(v["first_broken"], 3);

    // The CLI says the same, with a failing exit code.
    let out = Command::new(env!("CARGO_BIN_EXE_custodia"))
        .args(["audit", "verify"])
        .env_clear()
        .env("CUSTODIA_VAULT_DATABASE_URL", &app.vault_url)
        .env("CUSTODIA_BEHAVIOUR_DATABASE_URL", &app.behaviour_url)
        .env("CUSTODIA_MASTER_KEY", &app.master_key_b64)
        .env(
            "CUSTODIA_JWT_SECRET",
            secrecy::ExposeSecret::expose_secret(&app.jwt_secret),
        )
        .env("CUSTODIA_DATA_DIR", &app.data_dir)
        .output()
        .expect("run custodia audit verify");
    assert!(!out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["first_broken"], 3);
    assert_eq!(report["valid"], false);

    // Deleting an entry is found too, as a gap.
    let delete = match app.engine {
        Engine::Sqlite => "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;",
        Engine::Postgres => "DELETE FROM audit_log WHERE seq = 2;",
    };
    app.vault_sql(delete).await;
    assert_eq!(app.verify_audit().await["first_broken"], 2);
}

async fn the_audit_log_refuses_updates_and_deletes(app: TestApp) {
    app.create_subject(&jane(32)).await;
    for sql in [
        "UPDATE audit_log SET decision = 'denied' WHERE seq = 1",
        "DELETE FROM audit_log WHERE seq = 1",
    ] {
        let result = match app.engine {
            Engine::Sqlite => {
                use sqlx::Connection;
                let mut c = sqlx::SqliteConnection::connect(&app.vault_url)
                    .await
                    .unwrap();
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&mut c)
                    .await
                    .map(|_| ())
            }
            Engine::Postgres => {
                use sqlx::Connection;
                let mut c = sqlx::PgConnection::connect(&app.vault_url).await.unwrap();
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&mut c)
                    .await
                    .map(|_| ())
            }
        };
        let err = result.expect_err("append-only");
        assert!(err.to_string().contains("append-only"), "{err}");
    }
    assert_eq!(app.verify_audit().await["valid"], true);
}

async fn audit_query_filters_and_pages(app: TestApp) {
    let a = app.create_subject(&jane(33)).await;
    let b = app.create_subject(&jane(34)).await;
    app.read_subject("crm", &a, "order_fulfilment").await;
    app.read_subject("mailer", &b, "email_marketing").await;
    app.read_subject("crm", &b, "customer_support").await;

    let by_mailer = app.audit("?client=mailer").await;
    assert_eq!(by_mailer.len(), 1);
    assert_eq!(by_mailer[0]["subject"], b);
    let for_b = app.audit(&format!("?subject={b}")).await;
    assert_eq!(for_b.len(), 3); // create + two reads
    let support = app.audit("?purpose=customer_support").await;
    assert_eq!(support.len(), 1);

    // Paging: two at a time until next_after is null.
    let dpo = app.token(custodia::domain::Role::Dpo, "dpo");
    let mut after = 0;
    let mut seen = 0;
    loop {
        let r = app
            .send(
                "GET",
                &format!("/v1/audit?limit=2&after={after}"),
                Some(&dpo),
                None,
                None,
            )
            .await;
        assert_eq!(r.status, 200);
        seen += r.body["entries"].as_array().unwrap().len();
        match r.body["next_after"].as_i64() {
            Some(n) => after = n,
            None => break,
        }
    }
    assert_eq!(seen, 5);

    let future = app.audit("?from=2999-01-01T00:00:00Z").await;
    assert!(future.is_empty());
    let r = app
        .send("GET", "/v1/audit?from=yesterday", Some(&dpo), None, None)
        .await;
    assert_eq!(r.status, 400);
    let r = app
        .send("GET", "/v1/audit?limit=5000", Some(&dpo), None, None)
        .await;
    assert_eq!(r.status, 400);
}

async fn audit_query_filters_by_decision_and_action(app: TestApp) {
    let a = app.create_subject(&jane(35)).await;
    app.read_subject("crm", &a, "order_fulfilment").await; // allowed
    app.read_subject("mailer", &a, "email_marketing").await; // denied: no consent
    app.read_subject("mailer", &a, "order_fulfilment").await; // denied: not its purpose
    let r = app
        .send(
            "GET",
            &format!("/v1/subjects/{a}/consents"),
            Some(&app.token(custodia::domain::Role::Dpo, "dpo")),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200);

    let denied = app.audit("?decision=denied").await;
    assert_eq!(denied.len(), 2);
    assert!(denied.iter().all(|e| e["decision"] == "denied"));
    let allowed = app.audit("?decision=allowed").await;
    assert_eq!(allowed.len(), 3); // create, the CRM's read, the consent overview
    assert!(allowed.iter().all(|e| e["decision"] == "allowed"));

    let reads = app.audit("?action=subject.read").await;
    assert_eq!(reads.len(), 3);
    assert!(reads.iter().all(|e| e["action"] == "subject.read"));
    let denied_reads = app
        .audit("?action=subject.read&decision=denied&client=mailer")
        .await;
    assert_eq!(denied_reads.len(), 2);
    assert_eq!(app.audit("?action=subject.create").await.len(), 1);
    assert!(app.audit("?action=subject.erase").await.is_empty());

    let dpo = app.token(custodia::domain::Role::Dpo, "dpo");
    for (query, name) in [
        ("decision=maybe", "'decision'"),
        ("action=subject.readx", "'action'"),
        ("action=SUBJECT.READ", "'action'"),
        ("order=sideways", "'order'"),
    ] {
        let r = app
            .send("GET", &format!("/v1/audit?{query}"), Some(&dpo), None, None)
            .await;
        assert_eq!(r.status, 400, "{query}");
        assert_eq!(r.body["code"], "invalid-request");
        assert!(
            r.body["detail"].as_str().unwrap().contains(name),
            "{}",
            r.body
        );
    }
}

async fn audit_pages_newest_first_back_through_everything_once(app: TestApp) {
    let a = app.create_subject(&jane(36)).await;
    for purpose in ["order_fulfilment", "customer_support", "order_fulfilment"] {
        app.read_subject("crm", &a, purpose).await;
    }
    app.read_subject("mailer", &a, "email_marketing").await;
    let oldest: Vec<i64> = app
        .audit("?limit=1000")
        .await
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(oldest, (1..=5).collect::<Vec<_>>());

    let dpo = app.token(custodia::domain::Role::Dpo, "dpo");
    for limit in [1, 2, 5, 7] {
        let mut seqs = Vec::new();
        let mut before: Option<i64> = None;
        loop {
            let cursor = before.map(|b| format!("&before={b}")).unwrap_or_default();
            let r = app
                .send(
                    "GET",
                    &format!("/v1/audit?order=newest&limit={limit}{cursor}"),
                    Some(&dpo),
                    None,
                    None,
                )
                .await;
            assert_eq!(r.status, 200, "{}", r.body);
            assert_eq!(r.body["next_after"], serde_json::Value::Null);
            let page: Vec<i64> = r.body["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["seq"].as_i64().unwrap())
                .collect();
            assert!(page.len() <= limit);
            seqs.extend(page);
            match r.body["next_before"].as_i64() {
                Some(n) => before = Some(n),
                None => break,
            }
        }
        let mut expected = oldest.clone();
        expected.reverse();
        assert_eq!(seqs, expected, "limit {limit}");
    }

    // Oldest first answers next_before null, and `before` bounds it too.
    let r = app
        .send("GET", "/v1/audit?limit=2&before=4", Some(&dpo), None, None)
        .await;
    assert_eq!(r.status, 200);
    let page: Vec<i64> = r.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(page, [1, 2]);
    assert_eq!(r.body["next_after"], 2);
    assert_eq!(r.body["next_before"], serde_json::Value::Null);
    // Filters and newest first combine: the newest allowed read first.
    let newest_read = app
        .audit("?order=newest&action=subject.read&decision=allowed&limit=1")
        .await;
    assert_eq!(newest_read[0]["seq"], 4);
}
