//! `custodia demo seed`: the generator fills a real vault through its use cases, and the vault
//! it leaves behind is consistent (audit chain intact) and can be topped up with the same seed.

use crate::helpers::{both_engines, TestApp};

async fn seeds_a_shop_and_tops_it_up(app: TestApp) {
    // A second vault over the server's stores and keys, as the CLI builds it.
    let built = custodia::startup::build_vault(&app.settings)
        .await
        .expect("vault builds");

    let report = custodia::demo::seed(&built.vault, 200, 7).await.unwrap();
    assert_eq!(report.subjects, 200, "{report:?}");
    assert_eq!(report.skipped_existing, 0, "{report:?}");
    assert!(report.consents_granted > 100, "{report:?}");
    assert_eq!(
        report.consents,
        report.consents_granted + report.consents_withdrawn
    );
    assert!(report.events_accepted > 1_000, "{report:?}");
    assert_eq!(report.events_duplicate, 0, "{report:?}");
    assert!(
        report.events_rejected * 100 <= report.events_sent,
        "{report:?}"
    );
    assert_eq!(
        report.events_sent,
        report.events_accepted + report.events_duplicate + report.events_rejected
    );
    assert!(report.event_batches >= report.events_sent / 1_000);

    // The same seed again, with more subjects: the first 200 are there already.
    let again = custodia::demo::seed(&built.vault, 210, 7).await.unwrap();
    assert_eq!(again.skipped_existing, 200, "{again:?}");
    assert_eq!(again.subjects, 10, "{again:?}");
    assert_eq!(again.events_duplicate, 0, "{again:?}");

    let verified = app.verify_audit().await;
    assert_eq!(verified["valid"], true, "{verified}");

    // Seeded events are there for the purposes that may see them.
    let r = app
        .send(
            "POST",
            "/v1/segments/query",
            Some(&app.client_token("analytics")),
            Some("analytics"),
            Some(&serde_json::json!({"conditions": {"min_orders": 1}})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["total"].as_u64().unwrap() >= 10, "{}", r.body);
}

both_engines!(seeds_a_shop_and_tops_it_up);
