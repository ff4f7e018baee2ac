use std::path::Path;

use time::macros::datetime;
use time::Duration;

use super::*;
use crate::domain::{IdentifierType, PersonalField};

const PURPOSES: &str = r#"
[[purpose]]
id = "shipping"
description = "Ship orders."
legal_basis = "contract"
fields = ["email", "address"]
event_types = []
retention_days = 30

[[purpose]]
id = "newsletter"
description = "Newsletter."
legal_basis = "consent"
notice_version = "v1"
direct_marketing = true
fields = ["email", "first_name"]
event_types = []
retention_days = 30

[[purpose]]
id = "stats"
description = "Statistics."
legal_basis = "legitimate_interest"
fields = ["address.country"]
event_types = []
retention_days = 30

[[purpose]]
id = "fraud"
description = "Fraud checks."
legal_basis = "legitimate_interest"
objection_stops = false
fields = ["email"]
event_types = []
retention_days = 30

[[purpose]]
id = "invoices"
description = "Invoices."
legal_basis = "legal_obligation"
allowed_under_restriction = true
fields = ["last_name", "address"]
event_types = []
retention_days = 3650

[[purpose]]
id = "unused"
description = "Defined, but no client may ask for it."
legal_basis = "contract"
fields = ["email"]
event_types = []
retention_days = 30

[[purpose]]
id = "counts"
description = "Counts only, never a person."
legal_basis = "legitimate_interest"
fields = ["address.country"]
event_types = []
retention_days = 30
aggregate_only = true

[[purpose]]
id = "reports"
description = "Reports on reduced values."
legal_basis = "legitimate_interest"
fields = ["email", "birth_date", "address.postal_code", "address.city"]
views = { email = "mask", birth_date = "age_band", "address.postal_code" = "truncate:3" }
profiling = true
event_types = []
retention_days = 30
"#;

const CLIENTS: &str = r#"
[[client]]
id = "shop"
description = "Shop back office."
purposes = ["shipping", "newsletter", "stats", "fraud", "invoices", "reports", "counts"]
records_consent = ["newsletter"]

[[client]]
id = "idle"
description = "Registered for nothing."
purposes = []

[[client]]
id = "mailer"
description = "Records grants of nothing, withdrawals of its purposes."
purposes = ["newsletter", "shipping"]
"#;

const CATEGORIES: &str = r#"[fields]
email = "user.contact.email"
phone = "user.contact.phone_number"
first_name = "user.name.first"
last_name = "user.name.last"
birth_date = "user.demographic.date_of_birth"
language = "user.demographic.language"
address = "user.contact.address"
identifiers = "user.unique_id"
"#;

const NOW: OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

const EMAIL: Field = Field::Personal(PersonalField::Email);
const PHONE: Field = Field::Personal(PersonalField::Phone);
const FIRST_NAME: Field = Field::Personal(PersonalField::FirstName);
const LAST_NAME: Field = Field::Personal(PersonalField::LastName);
const CITY: Field = Field::Personal(PersonalField::City);
const BIRTH_DATE: Field = Field::Personal(PersonalField::BirthDate);
const POSTAL_CODE: Field = Field::Personal(PersonalField::PostalCode);
const COUNTRY: Field = Field::Personal(PersonalField::Country);
const LOYALTY: Field = Field::Identifiers(IdentifierType::LoyaltyCard);

fn policy() -> Policy {
    Policy::from_strs(PURPOSES, CLIENTS, CATEGORIES).unwrap()
}

fn granted() -> ConsentState {
    ConsentState::Granted { expires_at: None }
}

fn decide_as(
    policy: &Policy,
    client: &str,
    purpose: &str,
    subject: SubjectState,
    present: &[Field],
) -> Decision {
    let client = ClientId::parse(client).unwrap();
    let purpose = PurposeId::parse(purpose).unwrap();
    policy.decide(&AccessRequest {
        client: &client,
        purpose: &purpose,
        scope: Scope::Person,
        subject: &subject,
        present,
        event_types: &[],
        now: NOW,
    })
}

fn decide(purpose: &str, subject: SubjectState) -> Decision {
    decide_as(&policy(), "shop", purpose, subject, &[EMAIL, PHONE])
}

fn reason(purpose: &str, subject: SubjectState) -> Option<DenyReason> {
    decide(purpose, subject).reason
}

#[test]
fn every_deny_reason_is_reachable() {
    let p = policy();
    let ok = SubjectState::default();
    let table: [(&str, &str, SubjectState, DenyReason); 12] = [
        ("shop", "marketing", ok, DenyReason::UnknownPurpose),
        ("shop", "unused", ok, DenyReason::PurposeNotAllowedForClient),
        ("shop", "counts", ok, DenyReason::AggregateOnly),
        (
            "shop",
            "shipping",
            SubjectState { erased: true, ..ok },
            DenyReason::Erased,
        ),
        (
            "shop",
            "shipping",
            SubjectState {
                restricted: true,
                ..ok
            },
            DenyReason::Restricted,
        ),
        (
            "shop",
            "reports",
            SubjectState { minor: true, ..ok },
            DenyReason::Minor,
        ),
        ("shop", "newsletter", ok, DenyReason::NoConsent),
        (
            "shop",
            "newsletter",
            SubjectState {
                consent: ConsentState::Withdrawn,
                ..ok
            },
            DenyReason::ConsentWithdrawn,
        ),
        (
            "shop",
            "newsletter",
            SubjectState {
                consent: ConsentState::Refused,
                ..ok
            },
            DenyReason::ConsentRefused,
        ),
        (
            "shop",
            "newsletter",
            SubjectState {
                consent: ConsentState::Granted {
                    expires_at: Some(NOW - Duration::DAY),
                },
                ..ok
            },
            DenyReason::ConsentExpired,
        ),
        (
            "shop",
            "newsletter",
            SubjectState {
                consent: ConsentState::ReconsentRequired,
                ..ok
            },
            DenyReason::ReconsentRequired,
        ),
        (
            "shop",
            "stats",
            SubjectState {
                objected: true,
                ..ok
            },
            DenyReason::Objected,
        ),
    ];
    for (client, purpose, subject, expected) in table {
        let d = decide_as(&p, client, purpose, subject, &[EMAIL, COUNTRY]);
        assert_eq!(
            d,
            Decision::deny(expected),
            "{client} {purpose} {subject:?}"
        );
        assert!(!d.allowed && d.given.is_empty() && d.withheld.is_empty());
    }
    let reached: Vec<DenyReason> = table.iter().map(|row| row.3).collect();
    assert_eq!(reached, DenyReason::READS);
    assert_eq!(DenyReason::ALL[..12], DenyReason::READS);
}

#[test]
fn deny_reasons_have_stable_snake_case_names() {
    let names: Vec<&str> = DenyReason::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(
        names,
        [
            "unknown_purpose",
            "purpose_not_allowed_for_client",
            "aggregate_only",
            "erased",
            "restricted",
            "minor",
            "no_consent",
            "consent_withdrawn",
            "consent_refused",
            "consent_expired",
            "reconsent_required",
            "objected",
            "grant_not_allowed_for_client"
        ]
    );
    for r in DenyReason::ALL {
        assert_eq!(r.to_string(), r.as_str());
        assert!(!r.description().is_empty());
    }
    assert_eq!(WithholdReason::NotInPurpose.as_str(), "not_in_purpose");
}

#[test]
fn unknown_or_unregistered_clients_are_refused() {
    let p = policy();
    let ok = SubjectState::default();
    for client in ["idle", "stranger"] {
        let d = decide_as(&p, client, "shipping", ok, &[EMAIL]);
        assert_eq!(
            d.reason,
            Some(DenyReason::PurposeNotAllowedForClient),
            "{client}"
        );
    }
    // An unknown purpose is named as such whoever asks.
    let d = decide_as(&p, "stranger", "nothing", ok, &[EMAIL]);
    assert_eq!(d.reason, Some(DenyReason::UnknownPurpose));
}

#[test]
fn check_purpose_for_client_works_before_a_subject_is_loaded() {
    let p = policy();
    let shop = ClientId::parse("shop").unwrap();
    let idle = ClientId::parse("idle").unwrap();
    let shipping = PurposeId::parse("shipping").unwrap();
    let nothing = PurposeId::parse("nothing").unwrap();
    assert_eq!(
        p.check_purpose_for_client(&shop, &shipping)
            .map(|p| p.id.as_str()),
        Ok("shipping")
    );
    assert_eq!(
        p.check_purpose_for_client(&idle, &shipping)
            .map(|p| p.id.as_str()),
        Err(DenyReason::PurposeNotAllowedForClient)
    );
    assert_eq!(
        p.check_purpose_for_client(&shop, &nothing)
            .map(|p| p.id.as_str()),
        Err(DenyReason::UnknownPurpose)
    );
}

#[test]
fn recording_needs_registration_and_a_grant_needs_records_consent() {
    let p = policy();
    let check = |client: &str, purpose: &str, grant: bool| {
        p.check_record_for_client(
            &ClientId::parse(client).unwrap(),
            &PurposeId::parse(purpose).unwrap(),
            grant,
        )
        .map(|p| p.id.as_str().to_owned())
    };
    assert_eq!(check("shop", "newsletter", true), Ok("newsletter".into()));
    assert_eq!(check("shop", "newsletter", false), Ok("newsletter".into()));
    // The mailer may unsubscribe, never subscribe.
    assert_eq!(
        check("mailer", "newsletter", false),
        Ok("newsletter".into())
    );
    assert_eq!(
        check("mailer", "newsletter", true),
        Err(DenyReason::GrantNotAllowedForClient)
    );
    // Nothing at all for a purpose the client is not registered for.
    for grant in [true, false] {
        assert_eq!(
            check("mailer", "stats", grant),
            Err(DenyReason::PurposeNotAllowedForClient)
        );
        assert_eq!(
            check("stranger", "newsletter", grant),
            Err(DenyReason::PurposeNotAllowedForClient)
        );
        assert_eq!(
            check("mailer", "nothing", grant),
            Err(DenyReason::UnknownPurpose)
        );
    }
}

#[test]
fn allowed_read_gives_exactly_purpose_and_present_and_withholds_the_rest() {
    let present = [PHONE, CITY, LOYALTY, EMAIL, FIRST_NAME];
    let d = decide_as(
        &policy(),
        "shop",
        "shipping",
        SubjectState::default(),
        &present,
    );
    assert!(d.allowed);
    assert_eq!(d.reason, None);
    // In present's order; fields the subject lacks (address.line1, …) are not invented.
    assert_eq!(d.given, [CITY, EMAIL]);
    let withheld: Vec<(Field, WithholdReason)> =
        d.withheld.iter().map(|w| (w.field, w.reason)).collect();
    assert_eq!(
        withheld,
        [
            (PHONE, WithholdReason::NotInPurpose),
            (LOYALTY, WithholdReason::NotInPurpose),
            (FIRST_NAME, WithholdReason::NotInPurpose)
        ]
    );

    let d = decide_as(&policy(), "shop", "shipping", SubjectState::default(), &[]);
    assert!(d.allowed && d.given.is_empty() && d.withheld.is_empty());
}

#[test]
fn given_and_withheld_partition_present_for_every_shipped_purpose() {
    let p = Policy::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")).unwrap();
    let present: Vec<Field> = Field::all().collect();
    let subject = SubjectState {
        consent: granted(),
        ..SubjectState::default()
    };
    for client in p.clients() {
        for purpose in p.purposes() {
            let d = p.decide(&AccessRequest {
                client: &client.id,
                purpose: &purpose.id,
                scope: Scope::Person,
                subject: &subject,
                present: &present,
                event_types: &[],
                now: NOW,
            });
            if !client.may_use(&purpose.id) {
                assert_eq!(d, Decision::deny(DenyReason::PurposeNotAllowedForClient));
                continue;
            }
            if purpose.aggregate_only {
                assert_eq!(d, Decision::deny(DenyReason::AggregateOnly));
                continue;
            }
            assert!(d.allowed, "{} {}", client.id, purpose.id);
            assert!(d.given.iter().all(|f| purpose.fields.contains(f)));
            assert!(d
                .withheld
                .iter()
                .all(|w| !purpose.fields.contains(&w.field)));
            assert_eq!(d.given.len() + d.withheld.len(), present.len());
            assert_eq!(d.given.len(), purpose.fields.len());
            // Every view the purpose declares, for the given fields, in given order.
            let expected: Vec<(Field, Transform)> = d
                .given
                .iter()
                .filter_map(|f| purpose.view(*f).map(|t| (*f, t)))
                .collect();
            assert_eq!(d.views, expected);
            assert_eq!(d.views.len(), purpose.views.len());
        }
    }
}

#[test]
fn consent_expiry_is_exclusive_at_the_instant() {
    let at = |expires_at| SubjectState {
        consent: ConsentState::Granted {
            expires_at: Some(expires_at),
        },
        ..SubjectState::default()
    };
    assert_eq!(
        reason("newsletter", at(NOW)),
        Some(DenyReason::ConsentExpired)
    );
    assert_eq!(
        reason("newsletter", at(NOW - Duration::nanoseconds(1))),
        Some(DenyReason::ConsentExpired)
    );
    assert_eq!(
        reason("newsletter", at(NOW + Duration::nanoseconds(1))),
        None
    );
    let open_ended = SubjectState {
        consent: granted(),
        ..SubjectState::default()
    };
    let d = decide("newsletter", open_ended);
    assert!(d.allowed);
    assert_eq!(d.given, [EMAIL]);
}

#[test]
fn consent_state_only_matters_for_consent_purposes() {
    for consent in [
        ConsentState::None,
        ConsentState::Withdrawn,
        ConsentState::Refused,
        ConsentState::ReconsentRequired,
        ConsentState::Granted {
            expires_at: Some(NOW - Duration::DAY),
        },
    ] {
        let subject = SubjectState {
            consent,
            ..SubjectState::default()
        };
        assert_eq!(reason("shipping", subject), None, "{consent:?}");
    }
}

#[test]
fn restriction_stops_all_but_purposes_allowed_under_it() {
    let restricted = SubjectState {
        restricted: true,
        consent: granted(),
        ..SubjectState::default()
    };
    for purpose in ["shipping", "newsletter", "stats", "fraud"] {
        assert_eq!(
            reason(purpose, restricted),
            Some(DenyReason::Restricted),
            "{purpose}"
        );
    }
    let d = decide_as(
        &policy(),
        "shop",
        "invoices",
        restricted,
        &[LAST_NAME, EMAIL],
    );
    assert!(d.allowed);
    assert_eq!(d.given, [LAST_NAME]);
}

#[test]
fn objection_stops_legitimate_interest_and_direct_marketing_but_not_contract() {
    let objected = SubjectState {
        objected: true,
        consent: granted(),
        ..SubjectState::default()
    };
    assert_eq!(reason("stats", objected), Some(DenyReason::Objected));
    assert_eq!(reason("newsletter", objected), Some(DenyReason::Objected));
    assert_eq!(reason("shipping", objected), None);
    assert_eq!(reason("invoices", objected), None);
    // Legitimate interest with compelling grounds declared (objection_stops = false): an
    // objection in force stops it too, until a DPO's assessment overrides it (the objection is
    // then no longer in force, so `objected` is false).
    assert_eq!(reason("fraud", objected), Some(DenyReason::Objected));
    let p = policy();
    let fraud = p.purpose(&PurposeId::parse("fraud").unwrap()).unwrap();
    assert!(fraud.objection_needs_assessment());
    let stats = p.purpose(&PurposeId::parse("stats").unwrap()).unwrap();
    assert!(!stats.objection_needs_assessment());
}

#[test]
fn the_first_applicable_reason_wins() {
    let everything_wrong = SubjectState {
        consent: ConsentState::Withdrawn,
        objected: true,
        restricted: true,
        erased: true,
        minor: true,
    };
    assert_eq!(
        reason("newsletter", everything_wrong),
        Some(DenyReason::Erased)
    );
    let not_erased = SubjectState {
        erased: false,
        ..everything_wrong
    };
    assert_eq!(
        reason("newsletter", not_erased),
        Some(DenyReason::Restricted)
    );
    assert_eq!(reason("invoices", not_erased), None);
    let not_restricted = SubjectState {
        restricted: false,
        ..not_erased
    };
    assert_eq!(
        reason("newsletter", not_restricted),
        Some(DenyReason::ConsentWithdrawn)
    );
    let consented = SubjectState {
        consent: granted(),
        ..not_restricted
    };
    assert_eq!(reason("newsletter", consented), Some(DenyReason::Objected));
    let d = decide_as(&policy(), "idle", "marketing", everything_wrong, &[EMAIL]);
    assert_eq!(d.reason, Some(DenyReason::UnknownPurpose));
}

#[test]
fn shipped_example_matches_the_walk_through() {
    let p = Policy::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")).unwrap();
    let all: Vec<Field> = Field::all().collect();
    let ok = SubjectState::default();

    // The mailer may not read order data, the CRM may.
    let d = decide_as(&p, "mailer", "order_fulfilment", ok, &all);
    assert_eq!(d.reason, Some(DenyReason::PurposeNotAllowedForClient));
    let d = decide_as(&p, "crm", "order_fulfilment", ok, &all);
    assert!(d.allowed);
    assert!(!d.given.contains(&Field::Personal(PersonalField::BirthDate)));

    // Email marketing needs consent; once granted, it gives email, first name, language.
    let d = decide_as(&p, "mailer", "email_marketing", ok, &all);
    assert_eq!(d.reason, Some(DenyReason::NoConsent));
    let consented = SubjectState {
        consent: granted(),
        ..ok
    };
    let d = decide_as(&p, "mailer", "email_marketing", consented, &all);
    let given: Vec<String> = d.given.iter().map(|f| f.name()).collect();
    assert_eq!(given, ["email", "first_name", "language"]);

    // An objection stops feedback requests, marketing and (until a DPO's assessment
    // overrides it) fraud checks; orders go on.
    let objected = SubjectState {
        objected: true,
        ..consented
    };
    for (client, purpose, stopped) in [
        ("crm", "customer_feedback", true),
        ("mailer", "email_marketing", true),
        ("mailer", "sms_marketing", true),
        ("crm", "fraud_prevention", true),
        ("crm", "order_fulfilment", false),
        ("crm", "targeted_advertising", true),
    ] {
        let d = decide_as(&p, client, purpose, objected, &all);
        assert_eq!(d.reason == Some(DenyReason::Objected), stopped, "{purpose}");
    }

    // Under restriction only accounting goes on.
    let restricted = SubjectState {
        restricted: true,
        ..consented
    };
    for purpose in p.purposes() {
        let client = p.clients().find(|c| c.may_use(&purpose.id)).unwrap();
        let d = decide_as(
            &p,
            client.id.as_str(),
            purpose.id.as_str(),
            restricted,
            &all,
        );
        if purpose.id.as_str() == "accounting" {
            assert!(d.allowed);
        } else if purpose.aggregate_only {
            assert_eq!(d.reason, Some(DenyReason::AggregateOnly), "{}", purpose.id);
        } else {
            assert_eq!(d.reason, Some(DenyReason::Restricted), "{}", purpose.id);
        }
    }
}

#[test]
fn decision_serialises_with_field_names_and_reasons() {
    let d = decide_as(
        &policy(),
        "shop",
        "stats",
        SubjectState::default(),
        &[COUNTRY, EMAIL],
    );
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "allowed": true,
            "reason": null,
            "given": ["address.country"],
            "withheld": [{"field": "email", "reason": "not_in_purpose"}],
            "views": {}
        })
    );
    let json = serde_json::to_value(Decision::deny(DenyReason::NoConsent)).unwrap();
    assert_eq!(json["reason"], "no_consent");
    assert_eq!(json["views"], serde_json::json!({}));

    let d = decide_as(
        &policy(),
        "shop",
        "reports",
        SubjectState::default(),
        &[POSTAL_CODE, EMAIL, CITY],
    );
    let json = serde_json::to_string(&d).unwrap();
    assert!(
        json.ends_with(r#""views":{"address.postal_code":"truncate:3","email":"mask"}}"#),
        "{json}"
    );
}

#[test]
fn views_name_the_given_fields_seen_reduced_in_given_order() {
    let present = [CITY, BIRTH_DATE, PHONE, POSTAL_CODE, EMAIL];
    let d = decide_as(
        &policy(),
        "shop",
        "reports",
        SubjectState::default(),
        &present,
    );
    assert!(d.allowed);
    assert_eq!(d.given, [CITY, BIRTH_DATE, POSTAL_CODE, EMAIL]);
    assert_eq!(
        d.views,
        [
            (BIRTH_DATE, Transform::AgeBand),
            (POSTAL_CODE, Transform::Truncate(3)),
            (EMAIL, Transform::Mask)
        ]
    );
    assert_eq!(d.view(EMAIL), Some(Transform::Mask));
    assert_eq!(d.view(CITY), None);
    assert_eq!(d.view(PHONE), None);
    assert_eq!(d.withheld.len(), 1);

    // A field the subject lacks has no view; a purpose without views gives none.
    let d = decide_as(
        &policy(),
        "shop",
        "reports",
        SubjectState::default(),
        &[CITY, EMAIL],
    );
    assert_eq!(d.views, [(EMAIL, Transform::Mask)]);
    let d = decide("shipping", SubjectState::default());
    assert!(d.allowed && d.views.is_empty());

    // A denied read names no view.
    let erased = SubjectState {
        erased: true,
        ..SubjectState::default()
    };
    let d = decide_as(&policy(), "shop", "reports", erased, &present);
    assert_eq!(d, Decision::deny(DenyReason::Erased));
    assert!(d.views.is_empty());
    let d = decide_as(
        &policy(),
        "idle",
        "reports",
        SubjectState::default(),
        &present,
    );
    assert!(!d.allowed && d.views.is_empty());
}

#[test]
fn shipped_analytics_answers_counts_only_and_lists_no_direct_identifier() {
    let p = Policy::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")).unwrap();
    let all: Vec<Field> = Field::all().collect();
    let d = decide_as(&p, "analytics", "analytics", SubjectState::default(), &all);
    assert_eq!(d, Decision::deny(DenyReason::AggregateOnly));
    let analytics = p.purpose(&PurposeId::parse("analytics").unwrap()).unwrap();
    assert!(analytics.aggregate_only);
    assert!(analytics.fields.iter().all(|f| !f.is_direct_identifier()));
    // Counts over people pass the same checks as a read, without a person in the answer.
    let d = p.decide(&AccessRequest {
        client: &ClientId::parse("analytics").unwrap(),
        purpose: &analytics.id,
        scope: Scope::Aggregate,
        subject: &SubjectState::default(),
        present: &[],
        event_types: &[],
        now: NOW,
    });
    assert!(d.allowed);
}

#[test]
fn reduced_views_apply_to_what_the_caller_hands_out() {
    let all: Vec<Field> = Field::all().collect();
    let d = decide_as(&policy(), "shop", "reports", SubjectState::default(), &all);
    assert!(d.allowed);
    let views: Vec<(String, String)> = d.views.iter().map(|(f, t)| (f.name(), t.name())).collect();
    assert_eq!(
        views,
        [
            ("email".to_owned(), "mask".to_owned()),
            ("birth_date".to_owned(), "age_band".to_owned()),
            ("address.postal_code".to_owned(), "truncate:3".to_owned())
        ]
    );
    // What the caller then hands out.
    let today = time::macros::date!(2026 - 11 - 23);
    let out: Vec<String> = d
        .views
        .iter()
        .map(|(f, t)| {
            let value = match f {
                Field::Personal(PersonalField::Email) => "jane.doe@example.com",
                Field::Personal(PersonalField::BirthDate) => "1988-04-12",
                _ => "10115",
            };
            t.apply(*f, value, today)
        })
        .collect();
    assert_eq!(out, ["j***@example.com", "35-44", "101"]);
    // Fields given as they are: the city only.
    let plain: Vec<String> = d
        .given
        .iter()
        .filter(|f| d.view(**f).is_none())
        .map(|f| f.name())
        .collect();
    assert_eq!(plain, ["address.city"]);
}

#[test]
fn shipped_targeted_advertising_needs_consent_and_stops_on_gpc() {
    let p = Policy::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")).unwrap();
    let all: Vec<Field> = Field::all().collect();
    let ok = SubjectState::default();
    let d = decide_as(&p, "crm", "targeted_advertising", ok, &all);
    assert_eq!(d.reason, Some(DenyReason::NoConsent));
    for client in ["mailer", "analytics", "erp"] {
        let d = decide_as(&p, client, "targeted_advertising", ok, &all);
        assert_eq!(
            d.reason,
            Some(DenyReason::PurposeNotAllowedForClient),
            "{client}"
        );
    }
    let consented = SubjectState {
        consent: granted(),
        ..ok
    };
    let d = decide_as(&p, "crm", "targeted_advertising", consented, &all);
    let given: Vec<String> = d.given.iter().map(|f| f.name()).collect();
    assert_eq!(given, ["email", "identifiers.device_id"]);
    assert!(d.views.is_empty());
    // The service marks a GPC objection as `objected` for purposes stopped_by_gpc.
    let ads = p
        .purpose(&PurposeId::parse("targeted_advertising").unwrap())
        .unwrap();
    assert!(ads.stopped_by_gpc());
    let gpc = SubjectState {
        objected: true,
        ..consented
    };
    let d = decide_as(&p, "crm", "targeted_advertising", gpc, &all);
    assert_eq!(d.reason, Some(DenyReason::Objected));
}

#[test]
fn the_decision_gives_the_event_types_the_purpose_may_see_and_withholds_the_rest() {
    let p = Policy::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")).unwrap();
    let asked: Vec<String> = p.event_types().map(|t| t.name.clone()).collect();
    let granted = SubjectState {
        consent: ConsentState::Granted { expires_at: None },
        ..SubjectState::default()
    };
    for client in p.clients() {
        for purpose_id in &client.purposes {
            let purpose = p.purpose(purpose_id).unwrap();
            let d = p.decide(&AccessRequest {
                client: &client.id,
                purpose: purpose_id,
                scope: Scope::Person,
                subject: &granted,
                present: &[],
                event_types: &asked,
                now: NOW,
            });
            if !d.allowed {
                assert!(d.events_given.is_empty() && d.events_withheld.is_empty());
                continue;
            }
            // Given and withheld partition what was asked, by the purpose's own list.
            assert_eq!(d.events_given.len() + d.events_withheld.len(), asked.len());
            assert!(d
                .events_given
                .iter()
                .all(|t| purpose.event_types.contains(t)));
            assert!(d
                .events_withheld
                .iter()
                .all(|t| !purpose.event_types.contains(t)));
        }
    }
    // Denied: nothing given, whatever was asked.
    let d = p.decide(&AccessRequest {
        client: &ClientId::parse("mailer").unwrap(),
        purpose: &PurposeId::parse("email_marketing").unwrap(),
        scope: Scope::Person,
        subject: &SubjectState {
            consent: ConsentState::Withdrawn,
            ..SubjectState::default()
        },
        present: &[],
        event_types: &asked,
        now: NOW,
    });
    assert!(!d.allowed && d.events_given.is_empty());
}

#[test]
fn minors_are_never_profiled_or_targeted() {
    let p = Policy::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")).unwrap();
    let minor = SubjectState {
        consent: granted(),
        minor: true,
        ..SubjectState::default()
    };
    for purpose in ["personalisation", "targeted_advertising"] {
        let d = decide_as(&p, "crm", purpose, minor, &[EMAIL]);
        assert_eq!(d.reason, Some(DenyReason::Minor), "{purpose}");
        // Before consent is even looked at.
        let no_consent = SubjectState {
            consent: ConsentState::None,
            ..minor
        };
        let d = decide_as(&p, "crm", purpose, no_consent, &[EMAIL]);
        assert_eq!(d.reason, Some(DenyReason::Minor), "{purpose}");
        // A restriction still names itself first.
        let restricted = SubjectState {
            restricted: true,
            ..minor
        };
        let d = decide_as(&p, "crm", purpose, restricted, &[EMAIL]);
        assert_eq!(d.reason, Some(DenyReason::Restricted), "{purpose}");
        // An adult with the same consent is allowed.
        let adult = SubjectState {
            minor: false,
            ..minor
        };
        assert!(decide_as(&p, "crm", purpose, adult, &[EMAIL]).allowed);
    }
    // Not profiling: a minor's orders and newsletter go on.
    for purpose in ["order_fulfilment", "email_marketing", "customer_support"] {
        assert!(
            decide_as(&p, "crm", purpose, minor, &[EMAIL]).allowed,
            "{purpose}"
        );
    }
    let closed: Vec<&str> = p
        .purposes()
        .filter(|x| x.closed_to_minors())
        .map(|x| x.id.as_str())
        .collect();
    assert_eq!(closed, ["personalisation", "targeted_advertising"]);
}
