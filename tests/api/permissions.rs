//! Permissions in the service: every use case checks the caller's role itself (the table in
//! `src/service/permissions.rs`), so an entry point other than the HTTP edge — the CLI, an
//! import, a trigger, a console — cannot skip the check the route's extractor makes.

use custodia::auth::Principal;
use custodia::domain::{EventQuery, NewSubject, Role, SubjectId};
use custodia::service::{
    BatchItem, Caller, DsrQuery, Rectification, SegmentConditions, ServiceError, SubjectRef, Vault,
};

use crate::helpers::{both_engines, jane, TestApp};

both_engines!(
    the_service_refuses_a_role_no_route_of_the_use_case_admits,
    the_roles_a_route_admits_reach_the_use_case,
    a_customer_acts_on_their_own_record_only,
);

/// Who the refused calls come from: one actor id for every role, to find any trace of them.
const INTRUDER: &str = "intruder";

fn as_role(role: Role) -> Principal {
    Principal {
        id: INTRUDER.into(),
        role,
    }
}

fn refused<T: std::fmt::Debug>(what: &str, r: Result<T, ServiceError>) {
    assert!(
        matches!(r, Err(ServiceError::RoleNotAllowed)),
        "{what}: expected RoleNotAllowed, got {r:?}"
    );
}

async fn vault_of(app: &TestApp) -> Vault {
    custodia::startup::build_vault(&app.settings)
        .await
        .unwrap()
        .vault
}

async fn the_service_refuses_a_role_no_route_of_the_use_case_admits(app: TestApp) {
    let id = app.create_subject(&jane(1001)).await;
    let other = app.create_subject(&jane(1002)).await;
    let subject: SubjectId = id.parse().unwrap();
    let other: SubjectId = other.parse().unwrap();
    let vault = vault_of(&app).await;
    let (client, dpo, admin, customer) = (
        as_role(Role::Client),
        as_role(Role::Dpo),
        as_role(Role::Admin),
        as_role(Role::Subject),
    );
    let caller = |principal| Caller {
        principal,
        request_id: "test-permissions",
    };
    let now = time::OffsetDateTime::now_utc();

    // Reads for a purpose are for clients only (GET /v1/subjects/{id}, lookup, events,
    // profile, segments): not even a DPO reads through them.
    refused(
        "read_subject as dpo",
        vault
            .read_subject(&caller(&dpo), Some("order_fulfilment"), subject)
            .await,
    );
    refused(
        "lookup_subject as subject",
        vault
            .lookup_subject(
                &caller(&customer),
                Some("order_fulfilment"),
                "email",
                "jane@example.com",
            )
            .await,
    );
    refused(
        "subject_events as dpo",
        vault
            .subject_events(
                &caller(&dpo),
                Some("analytics"),
                subject,
                EventQuery::default(),
            )
            .await,
    );
    refused(
        "profile as admin",
        vault
            .profile(&caller(&admin), Some("analytics"), subject)
            .await,
    );
    refused(
        "query_segment as dpo",
        vault
            .query_segment(
                &caller(&dpo),
                Some("analytics"),
                &SegmentConditions::default(),
                10,
                None,
            )
            .await,
    );
    // Writes of customer records: clients and operators (and the customer for their own).
    refused(
        "create_subject as subject",
        vault
            .create_subject(&caller(&customer), NewSubject::default())
            .await,
    );
    refused(
        "rectify as dpo",
        vault
            .rectify(&caller(&dpo), subject, Rectification::default())
            .await,
    );
    refused(
        "ingest_events as dpo",
        vault.ingest_events(&caller(&dpo), Vec::new()).await,
    );
    let batch = vault
        .record_consent_batch(
            &caller(&customer),
            vec![BatchItem {
                subject: SubjectRef::Id(subject),
                purpose: "newsletter".into(),
                decision: Err(Vec::new()),
            }],
        )
        .await;
    assert_eq!(batch.len(), 1);
    refused(
        "record_consent_batch as subject",
        batch.into_iter().next().unwrap(),
    );
    // Erasure and export: the DPO, operators, and the customer on /v1/me; never a client.
    refused(
        "erase_subject as client",
        vault.erase_subject(&caller(&client), subject).await,
    );
    refused(
        "export as client",
        vault.export(&caller(&client), subject).await,
    );
    // Identity: stewards, never the customer.
    refused(
        "merge_subjects as subject",
        vault
            .merge_subjects(&caller(&customer), subject, other)
            .await,
    );
    refused(
        "undo_merge as subject",
        vault
            .undo_merge(&caller(&customer), "00000000-0000-0000-0000-000000000000")
            .await,
    );
    // Working the DSR queue and the audit log: the DPO (and operators for the queue).
    refused(
        "list_dsr as client",
        vault
            .list_dsr(
                &caller(&client),
                DsrQuery {
                    status: None,
                    due_before: None,
                    overdue: None,
                    after: None,
                    limit: 10,
                },
                now,
            )
            .await,
    );
    refused(
        "verify_audit as admin",
        vault.verify_audit(&caller(&admin)).await,
    );

    // Refused before anything happened: the customer is intact, nothing was recorded in
    // the refused callers' name.
    let r = app.read_subject("crm", &id, "order_fulfilment").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(app.audit(&format!("?client={INTRUDER}")).await.is_empty());
    assert_eq!(app.verify_audit().await["valid"], true);
}

/// The check admits every role the routes admit: the same calls from an admitted role get
/// past it (they may fail later for their own reasons, never for the role).
async fn the_roles_a_route_admits_reach_the_use_case(app: TestApp) {
    let id = app.create_subject(&jane(1003)).await;
    let subject: SubjectId = id.parse().unwrap();
    let vault = vault_of(&app).await;
    let admin = as_role(Role::Admin);
    let dpo = as_role(Role::Dpo);
    let customer = Principal {
        id: id.clone(),
        role: Role::Subject,
    };
    let caller = |principal| Caller {
        principal,
        request_id: "test-permissions",
    };
    // The customer exports their own record (GET /v1/me), the DPO any (the export route).
    assert!(vault.export(&caller(&customer), subject).await.is_ok());
    assert!(vault.export(&caller(&dpo), subject).await.is_ok());
    // An operator writes (Writers): an empty rectification is refused for what it is.
    assert!(matches!(
        vault
            .rectify(&caller(&admin), subject, Rectification::default())
            .await,
        Err(ServiceError::Invalid(_))
    ));
    // The internal callers act as admin: the demo seed's ingest, retention.
    assert!(vault
        .ingest_events(&caller(&admin), Vec::new())
        .await
        .is_ok());
    assert!(vault.run_retention_job("retention-test").await.is_ok());
}

/// `/v1/me` takes the subject from the token; the use cases check it too, so an entry point
/// that built a customer's caller with another subject's id gets nowhere.
async fn a_customer_acts_on_their_own_record_only(app: TestApp) {
    let mine: SubjectId = app.create_subject(&jane(1010)).await.parse().unwrap();
    let theirs: SubjectId = app.create_subject(&jane(1011)).await.parse().unwrap();
    let vault = vault_of(&app).await;
    let me = Principal {
        id: mine.to_string(),
        role: Role::Subject,
    };
    let caller = Caller {
        principal: &me,
        request_id: "test-self",
    };
    refused("export of another", vault.export(&caller, theirs).await);
    refused(
        "consent overview of another",
        vault.consent_overview(&caller, theirs).await,
    );
    refused(
        "erasure of another",
        vault.erase_subject(&caller, theirs).await,
    );
    // Their own record works, and the other customer is untouched.
    assert!(vault.consent_overview(&caller, mine).await.is_ok());
    let r = app
        .read_subject("crm", &theirs.to_string(), "customer_support")
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}
