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

/// How many audit entries of `action` the seed caused (up to 1,000).
async fn seeded(app: &TestApp, action: &str) -> usize {
    app.audit(&format!("?client=demo-seed&action={action}&limit=1000"))
        .await
        .len()
}

async fn the_same_seed_gives_the_same_shop(app: TestApp) {
    let built = custodia::startup::build_vault(&app.settings)
        .await
        .expect("vault builds");
    let first = custodia::demo::seed(&built.vault, 120, 3).await.unwrap();

    // The same seed on another, fresh vault of the same engine.
    let other = crate::helpers::spawn_app(app.engine)
        .await
        .expect("the engine is on");
    let built_other = custodia::startup::build_vault(&other.settings)
        .await
        .expect("vault builds");
    let second = custodia::demo::seed(&built_other.vault, 120, 3)
        .await
        .unwrap();
    let counts = |r: &custodia::demo::SeedReport| custodia::demo::SeedReport {
        elapsed_seconds: 0.0,
        ..r.clone()
    };
    assert_eq!(counts(&first), counts(&second));
    assert_eq!(first.subjects, 120, "{first:?}");
    assert!(
        first.preferences > 0 && first.events_accepted > 0,
        "{first:?}"
    );

    // Every write is audited under the seed's name, as the API audits it one by one.
    for (app, report) in [(&app, &first), (&other, &second)] {
        assert_eq!(seeded(app, "subject.create").await, report.subjects);
        assert_eq!(
            seeded(app, "consent.granted").await,
            report.consents_granted
        );
        assert_eq!(seeded(app, "preferences.update").await, report.preferences);
        assert_eq!(seeded(app, "objection.recorded").await, report.objections);
        let verified = app.verify_audit().await;
        assert_eq!(verified["valid"], true, "{verified}");
    }
}

both_engines!(
    seeds_a_shop_and_tops_it_up,
    the_same_seed_gives_the_same_shop
);
