//! Promise 1: a copy of the database reveals no email, name or phone in plaintext.

use sqlx::{Column, Connection, Row};

use crate::helpers::{both_engines, jane, Engine, TestApp};

both_engines!(database_holds_no_personal_data_in_plaintext);

/// Every byte the stores hold: the SQLite files (with WAL and shared-memory files), or every
/// row of every table of both PostgreSQL databases as text.
async fn everything_stored(app: &TestApp) -> Vec<u8> {
    match app.engine {
        Engine::Sqlite => {
            let mut all = Vec::new();
            for entry in std::fs::read_dir(&app.data_dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_file() {
                    all.extend(std::fs::read(&path).unwrap());
                }
            }
            all
        }
        Engine::Postgres => {
            let mut all = Vec::new();
            let mut table_count = 0;
            for url in [&app.vault_url, &app.behaviour_url] {
                let mut c = sqlx::PgConnection::connect(url).await.unwrap();
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
                )
                .fetch_all(&mut c)
                .await
                .unwrap();
                table_count += tables.len();
                for t in tables {
                    let sql = format!("SELECT t::text AS row FROM {t} AS t");
                    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                        .fetch_all(&mut c)
                        .await
                        .unwrap();
                    for r in rows {
                        assert_eq!(r.columns()[0].name(), "row");
                        let text: String = r.try_get(0).unwrap();
                        all.extend(text.into_bytes());
                        all.push(b'\n');
                    }
                }
            }
            // subjects, fields, identifiers, audit log and head, events, two migration tables.
            assert!(table_count >= 8, "scanned only {table_count} tables");
            all
        }
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

async fn database_holds_no_personal_data_in_plaintext(app: TestApp) {
    let mut ids = Vec::new();
    for n in 40..45 {
        ids.push(app.create_subject(&jane(n)).await);
    }
    // Reads too, so the audit log has entries to scan.
    for id in &ids {
        assert_eq!(
            app.read_subject("crm", id, "order_fulfilment").await.status,
            200
        );
    }
    let stored = everything_stored(&app).await;
    // Positive control: the scan does see what is stored in the clear (audit vocabulary).
    assert!(contains(&stored, "subject.read"), "scan reads the stores");
    for n in 40..45 {
        let secrets = [
            format!("Jane.Quillfeather.{n}@Example.com"),
            format!("jane.quillfeather.{n}@example.com"),
            format!("Quillfeather.{n}"),
            format!("Janequill{n}"),
            format!("Featherstonewall{n}"),
            format!("4915100000{n:03}"),
            format!("151 {n:08}"),
            format!("LC-{n}"),
            format!("POS-{n}"),
            "Gartenweg".to_owned(),
            "1988-04-12".to_owned(),
        ];
        for s in &secrets {
            assert!(!contains(&stored, s), "found {s:?} in plaintext");
        }
    }
}
