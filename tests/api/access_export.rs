//! Issue 17, should-fix 9: the Art. 15 answer holds inferred data, named recipients with their
//! role and country, every disclosure with its date and purpose, only the purposes that apply,
//! the transfers out of the EEA with their safeguard, the rights and automated decisions.

use serde_json::Value;

use crate::events::purchase;
use crate::helpers::{both_engines, jane, TestApp};
use custodia::domain::Role;

both_engines!(the_access_answer_names_recipients_disclosures_and_inferences);

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v[key].as_str().unwrap().to_owned())
        .collect()
}

async fn the_access_answer_names_recipients_disclosures_and_inferences(app: TestApp) {
    let id = app.create_subject(&jane(1761)).await;
    app.grant(&id, "email_marketing").await;
    app.ingest(vec![purchase(
        "b1",
        serde_json::json!({"id": id}),
        "40.00",
        2,
    )])
    .await;
    assert_eq!(
        app.read_subject("crm", &id, "customer_support")
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
    // Refused: not a disclosure.
    assert_eq!(
        app.read_subject("mailer", &id, "sms_marketing")
            .await
            .status,
        403
    );

    let r = app
        .send(
            "GET",
            "/v1/me/export",
            Some(&app.token(Role::Subject, &id)),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let x = &r.body;
    let p = &x["processing"];

    // Recipients, named, with their role and country.
    let recipients = &p["recipients"];
    assert_eq!(ids(recipients, "client"), ["crm", "mailer"]);
    assert_eq!(recipients[1]["recipient"], "processor");
    assert_eq!(recipients[1]["country"], "US");
    assert!(recipients[1]["name"]
        .as_str()
        .unwrap()
        .contains("Newsletter"));
    // The mailer processes in the US: a transfer, with its safeguard (Art. 15(2)).
    assert_eq!(ids(&p["transfers"], "client"), ["mailer"]);
    assert!(p["transfers"][0]["safeguard"]
        .as_str()
        .unwrap()
        .contains("Data Privacy Framework"));
    // Every disclosure, with date and purpose.
    let disclosures: Vec<(String, String)> = p["disclosures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert!(d["at"].is_string(), "{d}");
            (
                d["client"].as_str().unwrap().to_owned(),
                d["purpose"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        disclosures,
        [
            ("crm".to_owned(), "customer_support".to_owned()),
            ("mailer".to_owned(), "email_marketing".to_owned())
        ]
    );
    // Only the purposes that apply: no SMS or personalisation consent, so not those.
    let purposes = ids(&p["purposes"], "id");
    assert!(
        purposes.contains(&"email_marketing".to_owned()),
        "{purposes:?}"
    );
    assert!(purposes.contains(&"order_fulfilment".to_owned()));
    assert!(!purposes.contains(&"sms_marketing".to_owned()));
    assert!(!purposes.contains(&"personalisation".to_owned()));
    let accounting = p["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "accounting")
        .unwrap();
    assert_eq!(accounting["retention_from_year_end"], true);
    // Inferred data.
    assert!(
        x["inferred"]["rfm"]["segment"].is_string(),
        "{}",
        x["inferred"]
    );
    // The rights and automated decisions.
    assert!(p["rights"].as_array().unwrap().len() >= 5);
    assert_eq!(p["automated_decisions"]["significant_effects"], false);
}
