//! Criterion micro-benchmarks of the hot paths (issue 16): field seal and open, data-key wrap
//! and unwrap, the blind index, the policy decision, the audit hash, and a whole purpose read
//! through the service layer (no HTTP) on a SQLite vault in a temp dir.
//!
//! `cargo bench --bench hot_paths` measures; `cargo test --benches` (CI) runs each once as a
//! smoke test. Figures and the machine: benches/README.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use custodia::auth::Principal;
use custodia::crypto::{BlindIndexer, DataKey, KeyProvider, KeyRing, LocalKeyProvider};
use custodia::domain::{
    ClientId, Field, IdentifierType, NewSubject, PurposeId, RawAddress, RawSubject, Role, SubjectId,
};
use custodia::policy::{AccessRequest, Policy, Scope, SubjectState};
use custodia::service::Caller;
use custodia::store::NewAuditRow;

/// A keyring of two master-key versions and an index key (fixed test keys, never real ones).
fn keyring() -> KeyRing {
    use base64::Engine as _;
    let b64 = |byte: u8| base64::engine::general_purpose::STANDARD.encode([byte; 32]);
    KeyRing::parse(&format!("index:{}\nk1:{}\nk2:{}\n", b64(7), b64(1), b64(2))).unwrap()
}

fn crypto(c: &mut Criterion) {
    let subject = SubjectId::generate();
    let key = DataKey::generate().unwrap();
    let sealed = key
        .encrypt_field(&subject, "email", b"jane.doe@example.com")
        .unwrap();
    c.bench_function("field seal (AES-256-GCM)", |b| {
        b.iter(|| key.encrypt_field(&subject, "email", black_box(b"jane.doe@example.com")))
    });
    c.bench_function("field open", |b| {
        b.iter(|| key.decrypt_field(&subject, "email", black_box(&sealed)))
    });

    let ring = keyring();
    let provider = LocalKeyProvider::new(&ring).unwrap();
    let wrapped = provider.wrap(&subject, &key).unwrap();
    c.bench_function("data key wrap", |b| {
        b.iter(|| provider.wrap(&subject, black_box(&key)))
    });
    c.bench_function("data key unwrap", |b| {
        b.iter(|| provider.unwrap(&subject, black_box(&wrapped)))
    });

    let index = BlindIndexer::new(ring.index_key());
    c.bench_function("blind index (email)", |b| {
        b.iter(|| index.identifier(IdentifierType::Email, black_box("jane.doe@example.com")))
    });
}

fn decision(c: &mut Criterion) {
    let policy = Policy::load(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("policies")
            .as_path(),
    )
    .unwrap();
    let purpose_id = PurposeId::parse("order_fulfilment").unwrap();
    let purpose = policy.purpose(&purpose_id).unwrap();
    let client = ClientId::parse("crm").unwrap();
    let state = SubjectState::from_ledgers(purpose, None, &[], false);
    // Every field a full customer record has.
    let present: Vec<Field> = Field::all().collect();
    let now = time::OffsetDateTime::now_utc();
    c.bench_function("policy decision (a purpose read)", |b| {
        b.iter(|| {
            policy.decide(black_box(&AccessRequest {
                client: &client,
                purpose: &purpose_id,
                scope: Scope::Person,
                subject: &state,
                present: &present,
                event_types: &[],
                now,
            }))
        })
    });
}

fn audit_hash(c: &mut Criterion) {
    let row = NewAuditRow {
        at_us: 1_764_950_400_000_000,
        actor_id: "crm".into(),
        actor_role: "client".into(),
        action: "subject.read".into(),
        subject_id: Some(SubjectId::generate().to_string()),
        purpose: Some("order_fulfilment".into()),
        fields_given: r#"["email","phone","first_name","last_name"]"#.into(),
        fields_withheld: r#"["birth_date"]"#.into(),
        decision: "allowed".into(),
        reason: None,
        request_id: "0b7e4f61-3c2a-4d8e-a5b9-7f1e2d3c4b5a".into(),
    };
    let prev = [9u8; 32];
    c.bench_function("audit entry hash", |b| {
        b.iter(|| custodia::audit::entry_hash(black_box(&prev), 42, &row))
    });
}

fn full_read(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap().to_owned();
    let policy_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/policies");
    let settings = custodia::config::Settings::from_lookup(|name| match name {
        "CUSTODIA_DATA_DIR" => Some(data_dir.clone()),
        "CUSTODIA_POLICY_DIR" => Some(policy_dir.to_owned()),
        "CUSTODIA_JWT_SECRET" => Some("a-benchmark-secret-of-at-least-32-bytes!".into()),
        _ => None,
    })
    .unwrap();
    let built = runtime
        .block_on(custodia::startup::build_vault(&settings))
        .unwrap();
    let vault = built.vault;
    let crm = Principal {
        id: "crm".into(),
        role: Role::Client,
    };
    let caller = Caller {
        principal: &crm,
        request_id: "bench",
    };
    let today = time::OffsetDateTime::now_utc().date();
    let subject = NewSubject::parse(
        &RawSubject {
            email: Some("jane.doe@example.com"),
            phone: Some("+49 151 23456789"),
            first_name: Some("Jane"),
            last_name: Some("Doe"),
            birth_date: Some("1990-05-17"),
            language: Some("de-DE"),
            address: Some(RawAddress {
                line1: Some("Gartenweg 7"),
                line2: None,
                postal_code: Some("10115"),
                city: Some("Berlin"),
                country: Some("DE"),
            }),
            identifiers: vec![("loyalty_card", "LC-2231-77")],
        },
        today,
    )
    .unwrap();
    let id = runtime
        .block_on(vault.create_subject(&caller, subject))
        .unwrap();
    c.bench_function("purpose read through the service (SQLite, audited)", |b| {
        b.to_async(&runtime).iter(|| async {
            vault
                .read_subject(&caller, Some("order_fulfilment"), id)
                .await
                .unwrap()
        })
    });
}

criterion_group!(benches, crypto, decision, audit_hash, full_read);
criterion_main!(benches);
