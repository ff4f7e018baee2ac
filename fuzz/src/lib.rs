//! Shared by the fuzz targets: the checks every accepted value must pass. The request bodies
//! and their parsing are the handlers' own (`custodia::http::bodies`). A target panics (and
//! libFuzzer reports a crash) when a parser panics or when an accepted value breaks one of
//! these checks.

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::sync::OnceLock;

use custodia::domain::{
    BirthDate, Channel, ConsentDecision, Email, Identifier, IdentifierType, Language, NewSubject,
    PersonName, PersonalField, Phone, RawConsentDecision, RawSubject, SubjectId, TcString,
    EVIDENCE_KEYS, MAX_CLOCK_SKEW,
};
use custodia::policy::{looks_like_direct_identifier, Policy};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};

/// The day and instant requests are received at (fixed, so a crash reproduces).
pub const TODAY: Date = date!(2026 - 11 - 30);
pub const NOW: OffsetDateTime = datetime!(2026-11-30 12:00 UTC);

/// The shipped policy files, compiled in so a target does not depend on its working directory.
pub const SHIPPED: [&str; 5] = [
    include_str!("../../policies/purposes.toml"),
    include_str!("../../policies/clients.toml"),
    include_str!("../../policies/categories.toml"),
    include_str!("../../policies/tcf.toml"),
    include_str!("../../policies/events.toml"),
];

pub fn shipped_policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        let [a, b, c, d, e] = SHIPPED;
        match Policy::from_strs_with_events(a, b, c, d, e) {
            Ok(p) => p,
            Err(e) => panic!("the shipped policy does not load: {e}"),
        }
    })
}

// ---------------------------------------------------------------------------------------------
// POST /v1/subjects and PATCH /v1/subjects/{id}

fn raw_field<'a>(raw: &RawSubject<'a>, f: PersonalField) -> Option<&'a str> {
    let a = raw.address.as_ref();
    match f {
        PersonalField::Email => raw.email,
        PersonalField::Phone => raw.phone,
        PersonalField::FirstName => raw.first_name,
        PersonalField::LastName => raw.last_name,
        PersonalField::BirthDate => raw.birth_date,
        PersonalField::Language => raw.language,
        PersonalField::AddressLine1 => a.and_then(|a| a.line1),
        PersonalField::AddressLine2 => a.and_then(|a| a.line2),
        PersonalField::PostalCode => a.and_then(|a| a.postal_code),
        PersonalField::City => a.and_then(|a| a.city),
        PersonalField::Country => a.and_then(|a| a.country),
    }
}

/// Checks `NewSubject::parse` on `raw`: deterministic; an accepted subject has exactly the
/// fields given, each canonical (parsing the stored values again changes nothing), and look-up
/// identifiers that are unique and parse to themselves.
pub fn check_subject(raw: &RawSubject<'_>) {
    let parsed = NewSubject::parse(raw, TODAY);
    let again = NewSubject::parse(raw, TODAY);
    assert_eq!(
        parsed.as_ref().err(),
        again.as_ref().err(),
        "not deterministic"
    );
    let subject = match parsed {
        Ok(s) => s,
        Err(errors) => {
            assert!(!errors.is_empty());
            let pointers: BTreeSet<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(pointers.len(), errors.len(), "two errors for one pointer");
            return;
        }
    };
    let given: BTreeSet<PersonalField> = PersonalField::ALL
        .into_iter()
        .filter(|f| raw_field(raw, *f).is_some())
        .collect();
    let got: BTreeSet<PersonalField> = subject.fields().map(|(f, _)| f).collect();
    assert_eq!(got, given);
    for (f, v) in subject.fields() {
        assert!(!v.is_empty() && v == v.trim(), "{f:?} not trimmed");
        match f {
            PersonalField::Email => {
                assert_eq!(Email::parse(v).map(|e| e.as_str().to_owned()), Ok(v.into()));
                assert!(!v.chars().any(char::is_control), "email with control chars");
                assert!(looks_like_direct_identifier(v), "email not an identifier");
            }
            PersonalField::Phone => {
                let p = Phone::parse(v).map(|p| p.as_str().to_owned());
                assert_eq!(p, Ok(v.into()));
            }
            PersonalField::FirstName | PersonalField::LastName => {
                let n = PersonName::parse(v).map(|n| n.as_str().to_owned());
                assert_eq!(n, Ok(v.into()));
            }
            PersonalField::BirthDate => {
                let b = BirthDate::parse(v, TODAY).map(BirthDate::to_iso);
                assert_eq!(b, Ok(v.into()));
            }
            PersonalField::Language => {
                let l = Language::parse(v).map(|l| l.as_str().to_owned());
                assert_eq!(l, Ok(v.into()));
            }
            _ => assert!(!v.chars().any(char::is_control), "{f:?} with control chars"),
        }
    }
    // The stored values, given again (a rectification with the same values), parse to the
    // same values.
    let values: Vec<(PersonalField, String)> =
        subject.fields().map(|(f, v)| (f, v.to_owned())).collect();
    let same = NewSubject::parse(&patch_raw(&values), TODAY);
    let same: Vec<(PersonalField, String)> = match same {
        Ok(s) => s.fields().map(|(f, v)| (f, v.to_owned())).collect(),
        Err(e) => panic!("stored values refused: {e:?}"),
    };
    assert_eq!(same, values);

    let ids = subject.lookup_identifiers();
    let keys: BTreeSet<(IdentifierType, String)> = ids
        .iter()
        .map(|i| (i.kind(), i.value().to_owned()))
        .collect();
    assert_eq!(keys.len(), ids.len(), "duplicate look-up identifiers");
    for id in &ids {
        let v = id.value();
        assert_eq!(
            Identifier::parse(id.kind(), v).as_ref(),
            Ok(id),
            "canonical identifier value refused or changed"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// PUT /v1/subjects/{id}/consents/{purpose}, POST /v1/consents:batch, restrictions

pub use custodia::http::bodies::{
    patch_raw, rectification_values, BatchBody, BatchRecord, ConsentBody, CreateSubjectBody,
    EventBody, EventsBody, RestrictionBody, SubjectRefBody,
};

/// Checks how a record names its subject: an id or an identifier, not both.
pub fn check_subject_ref(r: SubjectRefBody) {
    match (r.id, r.identifier) {
        (Some(id), None) => {
            if let Ok(s) = id.parse::<SubjectId>() {
                assert_eq!(s.to_string().parse::<SubjectId>(), Ok(s));
            }
        }
        (None, Some(i)) => {
            if let Ok(kind) = i.kind.parse::<IdentifierType>() {
                assert_eq!(kind.name(), i.kind);
                // The service parses the value as an identifier of that type.
                let _ = Identifier::parse(kind, &i.value);
            }
        }
        _ => {}
    }
}

/// Checks `ConsentDecision::parse`: deterministic; an accepted decision satisfies every rule;
/// errors never repeat the values and name only known pointers; an attached TC string is
/// decoded as the service does.
pub fn check_consent(raw: &RawConsentDecision<'_>) {
    let parsed = ConsentDecision::parse(raw, NOW);
    assert_eq!(
        parsed,
        ConsentDecision::parse(raw, NOW),
        "not deterministic"
    );
    let d = match parsed {
        Ok(d) => d,
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in &errors {
                let ok = [
                    "/status",
                    "/source",
                    "/collected_at",
                    "/policy_version",
                    "/evidence",
                    "/expires_at",
                    "/operator_id",
                ]
                .contains(&e.field.as_str())
                    || e.field.strip_prefix("/evidence/").is_some_and(|k| {
                        EVIDENCE_KEYS.contains(&k)
                            || ["ip", "ip_address", "remote_addr"].contains(&k)
                    });
                assert!(ok, "unexpected pointer {:?}", e.field);
            }
            return;
        }
    };
    assert_eq!(d.status.as_str(), raw.status);
    assert_eq!(Channel::parse(raw.source), Some(d.source));
    assert_eq!(
        OffsetDateTime::parse(raw.collected_at.trim(), &Rfc3339).ok(),
        Some(d.collected_at)
    );
    assert!(d.collected_at <= NOW + MAX_CLOCK_SKEW && d.collected_at.year() >= 2000);
    assert_eq!(d.policy_version, raw.policy_version.trim());
    assert!((1..=64).contains(&d.policy_version.len()));
    assert!(!d.policy_version.chars().any(char::is_control));
    assert_eq!(
        d.evidence.as_map().len(),
        raw.evidence.len(),
        "evidence dropped"
    );
    for (k, v) in d.evidence.as_map() {
        assert!(EVIDENCE_KEYS.contains(&k.as_str()));
        assert!(!v.is_empty() && !v.contains('@') && v.parse::<IpAddr>().is_err());
        assert!(!v.chars().any(char::is_control));
    }
    if let Some(exp) = d.expires_at {
        assert!(exp > d.collected_at);
    }
    if d.source.needs_operator() {
        assert!(d.operator_id.is_some());
    }
    if let Some(tc) = d.evidence.get("tcf_tc_string") {
        check_tc(tc);
    }
}

// ---------------------------------------------------------------------------------------------
// TC strings

/// Checks `TcString::parse`: an accepted string is kept verbatim and decodes to values in range.
pub fn check_tc(s: &str) {
    let Ok(tc) = TcString::parse(s) else {
        return;
    };
    assert_eq!(tc.as_str(), s);
    assert_eq!(tc.version(), 2);
    assert!(s.len() <= 8192);
    assert!(tc.created() >= OffsetDateTime::UNIX_EPOCH);
    assert!(tc.cmp_id() < 4096 && tc.vendor_list_version() < 4096 && tc.policy_version() < 64);
    let lang = tc.consent_language();
    assert!(lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_uppercase()));
    let consents = tc.purpose_consents();
    assert!(consents.iter().all(|p| (1..=24).contains(p)));
    for p in 0..=u8::MAX {
        assert_eq!(tc.has_purpose_consent(p), consents.contains(&p));
    }
}

// ---------------------------------------------------------------------------------------------
// POST /v1/events

/// Checks one event's properties against its type in the shipped policy (as the service does
/// once the event parsed): accepted properties are known, normalised, carry every required
/// one, and no text property looks like an email or phone number.
pub fn check_event(event: EventBody) {
    let _ = Channel::parse(&event.channel);
    let _ = OffsetDateTime::parse(&event.occurred_at, &Rfc3339);
    check_subject_ref(event.subject);
    let policy = shipped_policy();
    let Some(t) = policy.event_type(&event.kind) else {
        return;
    };
    let Ok(out) = t.validate_properties(&event.properties) else {
        return;
    };
    for (name, spec) in &t.properties {
        if spec.required {
            assert!(out.contains_key(name), "required {name} missing");
        }
    }
    for (name, v) in &out {
        let Some(spec) = t.properties.get(name) else {
            panic!("unknown property {name} accepted");
        };
        assert_eq!(spec.kind.normalise(v).as_ref(), Ok(v), "not idempotent");
        if let (true, Value::String(s)) = (spec.kind.is_text(), v) {
            assert!(!looks_like_direct_identifier(s), "direct identifier stored");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Policies

/// Checks every rule a loaded policy is documented to satisfy (`src/policy/model.rs`).
pub fn check_policy(policy: &Policy) {
    let mut ids = BTreeSet::new();
    for p in policy.purposes() {
        assert!(ids.insert(p.id.clone()), "duplicate purpose id");
        assert_eq!(policy.purpose(&p.id), Some(p));
        assert!(p.retention_days >= 1);
        assert!(!p.description.trim().is_empty());
        if p.requires_consent() {
            assert!(p.notice_version.is_some());
        }
        if p.reconsent_required {
            assert!(p.requires_consent());
        }
        if p.direct_marketing || p.sale_or_sharing {
            assert!(p.stopped_by_objection());
        }
        for (f, t) in &p.views {
            assert!(p.fields.contains(f) && t.applies_to(*f));
        }
        assert!(p.min_cell_size >= 2);
        for e in &p.event_types {
            let t = policy.event_type(e);
            assert!(
                t.is_some_and(|t| t.is_served_by(&p.id)),
                "undefined event type"
            );
        }
        if let Some(tcf) = policy.tcf_purposes(&p.id) {
            assert!(p.requires_consent());
            assert!(tcf.iter().all(|n| (1..=11).contains(n)));
        }
    }
    let mut clients = BTreeSet::new();
    for c in policy.clients() {
        assert!(clients.insert(c.id.clone()), "duplicate client id");
        assert_eq!(policy.client(&c.id), Some(c));
        assert!(c.purposes.iter().all(|p| ids.contains(p)));
        if let Some(url) = &c.webhook_url {
            assert!(url.starts_with("https://") || url.starts_with("http://"));
            assert!(!url.chars().any(|c| c.is_whitespace() || c.is_control()));
        }
        if let Some(rate) = c.requests_per_second {
            assert!(rate.get() <= 1_000_000);
        }
    }
    for f in custodia::domain::Field::all() {
        assert!(!policy.category(f).is_empty());
    }
    for t in policy.event_types() {
        assert!(!t.served_by.is_empty());
        for p in &t.served_by {
            assert!(policy
                .purpose(p)
                .is_some_and(|p| p.allows_event_type(&t.name)));
        }
    }
}
