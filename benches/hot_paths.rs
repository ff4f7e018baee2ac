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
use custodia::domain::{ConsentDecision, RawConsentDecision};
use custodia::policy::{AccessRequest, Policy, Scope, SubjectState};
use custodia::service::{Caller, ContactAsk, SubjectRef, Verdict};
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
    // The provider is async (an external one calls a key service); the local one is ready at
    // once, so a bare current-thread runtime only polls it.
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let wrapped = rt.block_on(provider.wrap(&subject, &key)).unwrap();
    c.bench_function("data key wrap", |b| {
        b.iter(|| rt.block_on(provider.wrap(&subject, black_box(&key))))
    });
    c.bench_function("data key unwrap", |b| {
        b.iter(|| rt.block_on(provider.unwrap(&subject, black_box(&wrapped))))
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

/// A SQLite vault in a temp dir on a one-worker runtime, as `custodia serve` builds it.
struct BenchVault {
    runtime: tokio::runtime::Runtime,
    vault: custodia::service::Vault,
    _dir: tempfile::TempDir,
}

fn bench_vault() -> BenchVault {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data").to_str().unwrap().to_owned();
    let policy_dir = policies_without_quiet_hours(dir.path());
    let settings = custodia::config::Settings::from_lookup(|name| match name {
        "CUSTODIA_DATA_DIR" => Some(data_dir.clone()),
        "CUSTODIA_POLICY_DIR" => Some(policy_dir.clone()),
        "CUSTODIA_JWT_SECRET" => Some("a-benchmark-secret-of-at-least-32-bytes!".into()),
        _ => None,
    })
    .unwrap();
    let built = runtime
        .block_on(custodia::startup::build_vault(&settings))
        .unwrap();
    // As `serve` does: the write-ahead log is checkpointed in the background, not by the
    // commits being measured.
    runtime.block_on(async {
        built
            .vault
            .spawn_wal_checkpoints(std::time::Duration::from_secs(1))
    });
    BenchVault {
        runtime,
        vault: built.vault,
        _dir: dir,
    }
}

/// A copy of `policies/` whose contact defaults have no quiet hours: the contact benchmark must
/// measure the same decisions whatever the hour it runs at (at 21:00 Berlin every answer would
/// be a quiet-hours deferral).
fn policies_without_quiet_hours(under: &Path) -> String {
    let source = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/policies"));
    let target = under.join("policies");
    std::fs::create_dir_all(&target).unwrap();
    for entry in std::fs::read_dir(source).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, target.join(path.file_name().unwrap())).unwrap();
        }
    }
    let contact = target.join("contact.toml");
    let text = std::fs::read_to_string(&contact).unwrap();
    let without = text.replace("end = \"08:00\"", "end = \"21:00\"");
    assert_ne!(
        text, without,
        "contact.toml's default quiet hours changed shape"
    );
    std::fs::write(&contact, without).unwrap();
    target.to_str().unwrap().to_owned()
}

/// The CRM's client principal, as its token would give it.
fn crm() -> Principal {
    Principal {
        id: "crm".into(),
        role: Role::Client,
    }
}

/// A full customer record; `n` makes the email, phone and loyalty card unique.
fn customer(n: usize) -> NewSubject {
    let email = format!("jane.doe.{n}@example.com");
    let phone = format!("+49 151 2345{n:04}");
    let card = format!("LC-2231-{n:05}");
    NewSubject::parse(
        &RawSubject {
            email: Some(&email),
            phone: Some(&phone),
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
            identifiers: vec![("loyalty_card", &card)],
        },
        time::OffsetDateTime::now_utc().date(),
    )
    .unwrap()
}

fn full_read(c: &mut Criterion) {
    let BenchVault { runtime, vault, .. } = &bench_vault();
    let crm = crm();
    let caller = Caller {
        principal: &crm,
        request_id: "bench",
    };
    let id = runtime
        .block_on(vault.create_subject(&caller, customer(0)))
        .unwrap();
    c.bench_function("purpose read through the service (SQLite, audited)", |b| {
        b.to_async(runtime).iter(|| async {
            vault
                .read_subject(&caller, Some("order_fulfilment"), id)
                .await
                .unwrap()
        })
    });
}

/// One batch of contact decisions for email marketing (issue 11's campaign path): customers who
/// consented, so each decision goes through consent, preferences, suppression and the cap.
/// 1,000 customers (the batch limit) under `cargo bench`, 20 when CI runs it as a test.
fn contact_batch(c: &mut Criterion) {
    let customers = if std::env::args().any(|a| a == "--bench") {
        1_000
    } else {
        20
    };
    let BenchVault { runtime, vault, .. } = &bench_vault();
    let crm = crm();
    let caller = Caller {
        principal: &crm,
        request_id: "bench",
    };
    let now = time::OffsetDateTime::now_utc();
    let collected_at = (now - time::Duration::days(1))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let ids: Vec<SubjectId> = (0..customers)
        .map(|n| {
            runtime.block_on(async {
                let id = vault.create_subject(&caller, customer(n)).await.unwrap();
                let decision = ConsentDecision::parse(
                    &RawConsentDecision {
                        status: "granted",
                        source: "web",
                        collected_at: &collected_at,
                        policy_version: "2026-01",
                        evidence: [("double_opt_in_ref".to_owned(), format!("doi-{n}"))].into(),
                        ..Default::default()
                    },
                    now,
                )
                .unwrap();
                vault
                    .record_consent(&caller, id, "email_marketing", decision, false)
                    .await
                    .unwrap();
                id
            })
        })
        .collect();
    let asks = || -> Vec<Result<ContactAsk, Vec<custodia::domain::FieldError>>> {
        ids.iter()
            .map(|id| {
                Ok(ContactAsk {
                    subject: SubjectRef::Id(*id),
                    campaign: None,
                })
            })
            .collect()
    };
    let mut group = c.benchmark_group("contact decisions");
    group.throughput(criterion::Throughput::Elements(customers as u64));
    group.bench_function("one batch, email marketing (SQLite, audited)", |b| {
        b.to_async(runtime).iter(|| async {
            let answers = vault
                .decide_contacts(&caller, Some("email_marketing"), "email", asks(), false)
                .await
                .unwrap();
            assert!(answers
                .iter()
                .all(|a| a.as_ref().is_ok_and(|d| d.verdict == Verdict::Allow)));
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    crypto,
    decision,
    audit_hash,
    full_read,
    contact_batch
);
criterion_main!(benches);
