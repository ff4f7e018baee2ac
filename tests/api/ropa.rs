//! The DPO console's JSON: records of processing activities (Art. 30) generated from the
//! policy, over HTTP and on the command line, and consent statistics per purpose and source.

use std::process::Command;

use custodia::domain::Role;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::helpers::{both_engines, jane, TestApp};

both_engines!(
    ropa_lists_every_purpose_with_its_basis_recipients_and_retention,
    ropa_csv_has_one_row_per_purpose_and_parses_back,
    the_command_line_prints_the_same_records_without_a_database,
    consent_statistics_count_per_purpose_source_and_bucket,
    consent_statistics_refuse_bad_ranges,
);

const DAY_US: i64 = 86_400_000_000;

/// The purpose ids of the app's policy, in file order.
fn policy_purposes(app: &TestApp) -> Vec<String> {
    let text = std::fs::read_to_string(app.settings.policy_dir.join("purposes.toml")).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("id = \""))
        .map(|l| l.trim_end_matches('"').to_owned())
        .collect()
}

fn us(rfc3339: &str) -> i64 {
    let t = OffsetDateTime::parse(rfc3339, &Rfc3339).unwrap();
    i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap()
}

impl TestApp {
    fn dpo(&self) -> String {
        self.token(Role::Dpo, "dpo")
    }

    async fn get_as(&self, path: &str, token: &str) -> crate::helpers::Reply {
        self.send("GET", path, Some(token), None, None).await
    }

    /// Records a consent decision as an operator, from `source`.
    async fn decide_from(&self, id: &str, purpose: &str, status: &str, source: &str) {
        let collected = (OffsetDateTime::now_utc() - time::Duration::seconds(30))
            .format(&Rfc3339)
            .unwrap();
        let r = self
            .send(
                "PUT",
                &format!("/v1/subjects/{id}/consents/{purpose}"),
                Some(&self.token(Role::Admin, "ops")),
                None,
                Some(&json!({
                    "status": status,
                    "source": source,
                    "collected_at": collected,
                    "policy_version": "2026-01",
                    "evidence": { "double_opt_in_ref": "doi-1", "form_id": "footer" }
                })),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }

    async fn statistics(&self, query: &str) -> Value {
        let r = self
            .get_as(&format!("/v1/consent-statistics{query}"), &self.dpo())
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    }
}

async fn ropa_lists_every_purpose_with_its_basis_recipients_and_retention(app: TestApp) {
    let entries_before = app.verify_audit().await["entries"].clone();
    let r = app.get_as("/v1/ropa", &app.dpo()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let ropa = r.body;
    assert_eq!(
        ropa["controller"],
        json!({"name": "Example Shop GmbH", "country": "DE"})
    );
    assert!(OffsetDateTime::parse(ropa["generated_at"].as_str().unwrap(), &Rfc3339).is_ok());
    let activities = ropa["activities"].as_array().unwrap();
    let listed: Vec<&str> = activities
        .iter()
        .map(|a| a["purpose"].as_str().unwrap())
        .collect();
    assert_eq!(listed, policy_purposes(&app));
    let activity = |id: &str| {
        activities
            .iter()
            .find(|a| a["purpose"] == id)
            .unwrap()
            .clone()
    };

    let mail = activity("email_marketing");
    assert_eq!(mail["legal_basis"], "consent");
    assert_eq!(mail["article"], "Art. 6(1)(a)");
    assert_eq!(mail["retention_days"], 730);
    assert_eq!(mail["retention_from_year_end"], false);
    let categories = mail["categories_of_data"].as_array().unwrap();
    assert!(categories.contains(&json!("user.contact.email")), "{mail}");
    assert!(categories.contains(&json!("user.behavior")), "{mail}");
    assert!(mail["event_types"]
        .as_array()
        .unwrap()
        .contains(&json!("unsubscribe")));
    assert_eq!(mail["categories_of_subjects"].as_array().unwrap().len(), 2);
    assert_eq!(
        mail["recipients"],
        json!([
            {"client": "crm", "name": "Customer relationship management (CRM), hosted by our provider",
             "recipient": "processor", "country": "IE"},
            {"client": "mailer", "name": "Newsletter and SMS service", "recipient": "processor",
             "country": "US"},
        ])
    );
    assert_eq!(
        mail["transfers"],
        json!([{"client": "mailer", "name": "Newsletter and SMS service", "country": "US",
                "safeguard": "EU-US Data Privacy Framework (adequacy decision of 10 July 2023)"}])
    );
    assert!(mail["security_measures"].as_array().unwrap().len() >= 8);

    let accounting = activity("accounting");
    assert_eq!(accounting["legal_basis"], "legal_obligation");
    assert_eq!(accounting["article"], "Art. 6(1)(c)");
    assert_eq!(accounting["retention_from_year_end"], true);
    assert_eq!(accounting["recipients"][0]["client"], "erp");
    assert_eq!(accounting["recipients"].as_array().unwrap().len(), 1);
    assert_eq!(accounting["transfers"], json!([]));
    assert_eq!(accounting["categories_of_subjects"], json!(["customers"]));
    // Profiling is never for a minor; so no children are named for it.
    assert_eq!(
        activity("personalisation")["categories_of_subjects"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // An operator may read it too; a client, a customer or no token may not.
    let r = app.get_as("/v1/ropa", &app.token(Role::Admin, "ops")).await;
    assert_eq!(r.status, 200);
    for token in [app.client_token("crm"), app.token(Role::Subject, &uuid())] {
        let r = app.get_as("/v1/ropa", &token).await;
        assert_eq!(
            (r.status, r.body["code"].clone()),
            (403, json!("role-not-allowed"))
        );
    }
    let r = app.send("GET", "/v1/ropa", None, None, None).await;
    assert_eq!(r.status, 401);
    // It holds no personal data: reading it writes no audit entry.
    assert_eq!(app.verify_audit().await["entries"], entries_before);
}

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

async fn ropa_csv_has_one_row_per_purpose_and_parses_back(app: TestApp) {
    let r = app.get_as("/v1/ropa.csv", &app.dpo()).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.content_type, "text/csv; charset=utf-8");
    let json = app.get_as("/v1/ropa", &app.dpo()).await.body;

    let mut reader = csv::Reader::from_reader(r.text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[0], "purpose");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), policy_purposes(&app).len());
    for (row, activity) in rows.iter().zip(json["activities"].as_array().unwrap()) {
        assert_eq!(row.len(), header.len());
        assert_eq!(row[col("purpose")], activity["purpose"]);
        assert_eq!(row[col("description")], activity["description"]);
        assert_eq!(row[col("article")], activity["article"]);
        assert_eq!(
            row[col("retention_days")],
            activity["retention_days"].to_string()
        );
        let categories: Vec<&str> = row[col("categories_of_data")].split("; ").collect();
        assert_eq!(json!(categories), activity["categories_of_data"]);
        let recipients = row[col("recipients")].split("; ").count();
        assert_eq!(
            recipients,
            activity["recipients"].as_array().unwrap().len().max(1)
        );
    }
    let mail = rows.iter().find(|r| &r[0] == "email_marketing").unwrap();
    assert!(
        mail[col("transfers")].starts_with("mailer: Newsletter and SMS service (US), EU-US"),
        "{mail:?}"
    );
    assert!(mail[col("recipients")].contains(
        "crm: Customer relationship management (CRM), hosted by our provider (processor, IE)"
    ));

    let r = app.get_as("/v1/ropa.csv", &app.client_token("crm")).await;
    assert_eq!(
        (r.status, r.body["code"].clone()),
        (403, json!("role-not-allowed"))
    );
}

async fn the_command_line_prints_the_same_records_without_a_database(app: TestApp) {
    // No database URL and no key: a data dir that does not exist and is not created.
    let nowhere = app.data_dir.join("nothing-here");
    let run = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_custodia"))
            .args(["ropa", "--format", format])
            .env_clear()
            .env("CUSTODIA_POLICY_DIR", &app.settings.policy_dir)
            .env("CUSTODIA_DATA_DIR", &nowhere)
            .output()
            .expect("run custodia ropa");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let csv_text = run("csv");
    let http = app.get_as("/v1/ropa.csv", &app.dpo()).await;
    assert_eq!(csv_text, http.text);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(reader.records().count(), policy_purposes(&app).len());

    let cli: Value = serde_json::from_str(&run("json")).unwrap();
    let http = app.get_as("/v1/ropa", &app.dpo()).await.body;
    assert_eq!(cli["activities"], http["activities"]);
    assert_eq!(cli["controller"], http["controller"]);
    assert!(!nowhere.exists());
}

/// The counts of one purpose's `source` series, summed over its points.
fn source_totals(purpose: &Value, source: &str) -> (i64, i64, i64) {
    let series = purpose["series"].as_array().unwrap();
    let Some(s) = series.iter().find(|s| s["source"] == source) else {
        return (0, 0, 0);
    };
    s["points"]
        .as_array()
        .unwrap()
        .iter()
        .fold((0, 0, 0), |acc, p| {
            (
                acc.0 + p["granted"].as_i64().unwrap(),
                acc.1 + p["withdrawn"].as_i64().unwrap(),
                acc.2 + p["refused"].as_i64().unwrap(),
            )
        })
}

fn purpose<'a>(stats: &'a Value, id: &str) -> &'a Value {
    stats["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["purpose"] == id)
        .unwrap()
}

async fn consent_statistics_count_per_purpose_source_and_bucket(app: TestApp) {
    let a = app.create_subject(&jane(901)).await;
    let b = app.create_subject(&jane(902)).await;
    let c = app.create_subject(&jane(903)).await;
    app.decide_from(&a, "email_marketing", "granted", "web")
        .await;
    app.decide_from(&b, "email_marketing", "granted", "web")
        .await;
    app.decide_from(&c, "email_marketing", "granted", "app")
        .await;
    app.decide_from(&a, "email_marketing", "withdrawn", "email")
        .await;
    app.decide_from(&c, "personalisation", "refused", "app")
        .await;

    let stats = app.statistics("?bucket=day").await;
    assert_eq!(stats["bucket"], "day");
    // One entry per consent purpose, in policy order, zeros included.
    let ids: Vec<&str> = stats["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["purpose"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "email_marketing",
            "sms_marketing",
            "personalisation",
            "targeted_advertising"
        ]
    );
    let sms = purpose(&stats, "sms_marketing");
    assert_eq!(
        sms["current"],
        json!({"granted": 0, "withdrawn": 0, "refused": 0})
    );
    assert_eq!(sms["series"], json!([]));

    let mail = purpose(&stats, "email_marketing");
    assert_eq!(
        mail["current"],
        json!({"granted": 2, "withdrawn": 1, "refused": 0})
    );
    let sources: Vec<&str> = mail["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["app", "email", "web"]);
    assert_eq!(source_totals(mail, "web"), (2, 0, 0));
    assert_eq!(source_totals(mail, "app"), (1, 0, 0));
    assert_eq!(source_totals(mail, "email"), (0, 1, 0));
    assert_eq!(
        purpose(&stats, "personalisation")["current"],
        json!({"granted": 0, "withdrawn": 0, "refused": 1})
    );

    // Each day's point holds what the server recorded that UTC day, per source and status.
    for series in mail["series"].as_array().unwrap() {
        for point in series["points"].as_array().unwrap() {
            let start = us(point["period_start"].as_str().unwrap());
            assert_eq!(start % DAY_US, 0, "{point}");
            for status in ["granted", "withdrawn", "refused"] {
                let stored = app
                    .count(
                        false,
                        &format!(
                            "SELECT COUNT(*) FROM consent_records WHERE purpose = 'email_marketing' \
                             AND source = '{}' AND status = '{status}' AND recorded_at_us >= {start} \
                             AND recorded_at_us < {}",
                            series["source"].as_str().unwrap(),
                            start + DAY_US
                        ),
                    )
                    .await;
                assert_eq!(point[status].as_i64().unwrap(), stored, "{point}");
            }
        }
    }

    // Weeks start on Monday, months on the 1st (UTC); the default bucket is a week.
    let weekly = app.statistics("").await;
    assert_eq!(weekly["bucket"], "week");
    for series in purpose(&weekly, "email_marketing")["series"]
        .as_array()
        .unwrap()
    {
        for point in series["points"].as_array().unwrap() {
            let start =
                OffsetDateTime::parse(point["period_start"].as_str().unwrap(), &Rfc3339).unwrap();
            assert_eq!(start.weekday(), time::Weekday::Monday, "{point}");
            assert_eq!(start.time(), time::Time::MIDNIGHT);
        }
    }
    assert_eq!(
        source_totals(purpose(&weekly, "email_marketing"), "web"),
        (2, 0, 0)
    );
    let monthly = app.statistics("?bucket=month").await;
    for series in purpose(&monthly, "email_marketing")["series"]
        .as_array()
        .unwrap()
    {
        for point in series["points"].as_array().unwrap() {
            let start =
                OffsetDateTime::parse(point["period_start"].as_str().unwrap(), &Rfc3339).unwrap();
            assert_eq!((start.day(), start.time()), (1, time::Time::MIDNIGHT));
        }
    }

    // A window that ends before the records counts none of them, but still knows the state.
    let past = app
        .statistics("?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z&bucket=week")
        .await;
    assert_eq!(past["from"], "2025-01-01T00:00:00Z");
    assert_eq!(past["to"], "2025-02-01T00:00:00Z");
    assert_eq!(purpose(&past, "email_marketing")["series"], json!([]));
    assert_eq!(purpose(&past, "email_marketing")["current"]["granted"], 2);

    // Erasure keeps the ledger's records as proof; the erased person no longer counts as a
    // current grant, while the history still shows the grant that was made.
    let r = app
        .send(
            "DELETE",
            &format!("/v1/subjects/{b}"),
            Some(&app.dpo()),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let after = app.statistics("?bucket=day").await;
    let mail = purpose(&after, "email_marketing");
    assert_eq!(
        mail["current"],
        json!({"granted": 1, "withdrawn": 1, "refused": 0})
    );
    assert_eq!(source_totals(mail, "web"), (2, 0, 0));

    // An operator may read them; a client may not. No personal value in the answer.
    let r = app
        .get_as("/v1/consent-statistics", &app.token(Role::Admin, "ops"))
        .await;
    assert_eq!(r.status, 200);
    let r = app
        .get_as("/v1/consent-statistics", &app.client_token("crm"))
        .await;
    assert_eq!(
        (r.status, r.body["code"].clone()),
        (403, json!("role-not-allowed"))
    );
    let text = after.to_string();
    for id in [&a, &b, &c] {
        assert!(!text.contains(id.as_str()));
    }
    assert!(!text.contains("Quillfeather"));
}

async fn consent_statistics_refuse_bad_ranges(app: TestApp) {
    for (query, names) in [
        (
            "?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
            "'from'",
        ),
        (
            "?from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
            "'from'",
        ),
        (
            "?from=2023-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
            "731 days",
        ),
        ("?bucket=year", "'bucket'"),
        ("?from=yesterday", "'from'"),
        ("?to=2026-13-01T00:00:00Z", "'to'"),
        ("?from=1969-12-01T00:00:00Z&to=1970-01-02T00:00:00Z", "1970"),
        ("?bucket=day&bucket=week", ""),
        ("?purpose=email_marketing", ""),
    ] {
        let r = app
            .get_as(&format!("/v1/consent-statistics{query}"), &app.dpo())
            .await;
        assert_eq!(r.status, 400, "{query}: {}", r.body);
        assert_eq!(r.body["code"], "invalid-request", "{query}");
        assert!(
            r.body["detail"].as_str().unwrap().contains(names),
            "{query}: {}",
            r.body
        );
    }
    // Two years (one a leap year) is the longest window, a month bucket within it fine.
    let r = app
        .get_as(
            "/v1/consent-statistics?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=month",
            &app.dpo(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}
