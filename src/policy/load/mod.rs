//! Reading and checking the policy files. Every rule of the format is checked here, once, and
//! every problem is reported with the file, line and column it comes from. One file per policy
//! file parses it (`purposes`, `clients`, `categories`, `tcf`, `events`, `notices`,
//! `controller`); `source` holds what they share; this file reads the directory and puts the
//! policy together.

mod categories;
mod clients;
mod contact;
mod controller;
mod events;
mod notices;
mod purposes;
mod source;
mod tcf;
mod triggers;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use self::categories::parse_categories;
use self::clients::parse_clients;
use self::contact::parse_contact;
use self::controller::parse_controller;
use self::events::{check_event_refs, check_served, parse_events};
use self::notices::{check_notice_refs, parse_notices};
use self::purposes::{parse_purposes, ParsedPurposes};
use self::source::Source;
pub use self::source::{
    CATEGORIES_FILE, CLIENTS_FILE, CONTACT_FILE, CONTROLLER_FILE, EVENTS_FILE, NOTICES_FILE,
    PURPOSES_FILE, TCF_FILE, TRIGGERS_FILE,
};
use self::tcf::parse_tcf;
use self::triggers::parse_triggers;
use crate::domain::{ClientId, PurposeId};
use crate::policy::error::PolicyError;
use crate::policy::model::Policy;

impl Policy {
    /// Loads and checks `purposes.toml`, `clients.toml`, `categories.toml`, `events.toml`,
    /// `notices.toml` and, if they exist, `tcf.toml` and `controller.toml` from `dir`.
    /// `events.toml` may be left out only while no purpose lists an event type (a missing file
    /// is then a [`PolicyError::Read`] naming it); `notices.toml` only while no purpose is
    /// based on consent (a consent purpose's notice is then "not published").
    pub fn load(dir: &Path) -> Result<Policy, PolicyError> {
        let (purposes_path, purposes) = read(dir, PURPOSES_FILE)?;
        let (clients_path, clients) = read(dir, CLIENTS_FILE)?;
        let (categories_path, categories) = read(dir, CATEGORIES_FILE)?;
        let (tcf_path, tcf) = read_optional(dir, TCF_FILE)?;
        let (notices_path, notices) = read_optional(dir, NOTICES_FILE)?;
        let (controller_path, controller) = read_optional(dir, CONTROLLER_FILE)?;
        let (contact_path, contact) = read_optional(dir, CONTACT_FILE)?;
        let (triggers_path, triggers) = read_optional(dir, TRIGGERS_FILE)?;
        let events_path = dir.join(EVENTS_FILE);
        let (events, events_missing) = match std::fs::read_to_string(&events_path) {
            Ok(text) => (text, None),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                (String::new(), Some(error))
            }
            Err(error) => {
                return Err(PolicyError::Read {
                    file: events_path,
                    error,
                })
            }
        };
        build(
            &Source::new(&purposes_path, &purposes),
            &Source::new(&clients_path, &clients),
            &Source::new(&categories_path, &categories),
            &Source::new(&tcf_path, &tcf),
            &Source::new(&events_path, &events),
            events_missing,
            Some(&Source::new(&notices_path, &notices)),
            &Source::new(&controller_path, &controller),
            &Source::new(&contact_path, &contact),
            &Source::new(&triggers_path, &triggers),
        )
    }

    /// Loads a policy from the text of `purposes.toml`, `clients.toml` and `categories.toml`,
    /// with no `tcf.toml` and an empty `events.toml` (so no purpose may list an event type; see
    /// [`Policy::from_strs_with_events`]); errors name the files by their file name only
    /// (`purposes.toml:3:9: …`). For tests and fuzzing.
    pub fn from_strs(
        purposes: &str,
        clients: &str,
        categories: &str,
    ) -> Result<Policy, PolicyError> {
        Self::from_strs_with_tcf(purposes, clients, categories, "")
    }

    /// [`Policy::from_strs`] with the text of `tcf.toml` too (`""` is the same as no file).
    pub fn from_strs_with_tcf(
        purposes: &str,
        clients: &str,
        categories: &str,
        tcf: &str,
    ) -> Result<Policy, PolicyError> {
        Self::from_strs_with_events(purposes, clients, categories, tcf, "")
    }

    /// [`Policy::from_strs_with_tcf`] with the text of `events.toml` too (`""` is an empty
    /// catalogue: then no purpose may list an event type). No notice registry: consent
    /// purposes' `notice_version`s are not checked against one, and no consent grant names a
    /// published notice (see [`Policy::from_strs_with_notices`]); the default controller.
    pub fn from_strs_with_events(
        purposes: &str,
        clients: &str,
        categories: &str,
        tcf: &str,
        events: &str,
    ) -> Result<Policy, PolicyError> {
        build(
            &Source::new(Path::new(PURPOSES_FILE), purposes),
            &Source::new(Path::new(CLIENTS_FILE), clients),
            &Source::new(Path::new(CATEGORIES_FILE), categories),
            &Source::new(Path::new(TCF_FILE), tcf),
            &Source::new(Path::new(EVENTS_FILE), events),
            None,
            None,
            &Source::new(Path::new(CONTROLLER_FILE), ""),
            &Source::new(Path::new(CONTACT_FILE), ""),
            &Source::new(Path::new(TRIGGERS_FILE), ""),
        )
    }

    /// [`Policy::from_strs_with_events`] with the text of `notices.toml` (checked as
    /// [`Policy::load`] checks it: `""` publishes nothing) and of `controller.toml` (`""` is
    /// the default controller).
    pub fn from_strs_with_notices(
        purposes: &str,
        clients: &str,
        categories: &str,
        tcf: &str,
        events: &str,
        notices: &str,
        controller: &str,
    ) -> Result<Policy, PolicyError> {
        build(
            &Source::new(Path::new(PURPOSES_FILE), purposes),
            &Source::new(Path::new(CLIENTS_FILE), clients),
            &Source::new(Path::new(CATEGORIES_FILE), categories),
            &Source::new(Path::new(TCF_FILE), tcf),
            &Source::new(Path::new(EVENTS_FILE), events),
            None,
            Some(&Source::new(Path::new(NOTICES_FILE), notices)),
            &Source::new(Path::new(CONTROLLER_FILE), controller),
            &Source::new(Path::new(CONTACT_FILE), ""),
            &Source::new(Path::new(TRIGGERS_FILE), ""),
        )
    }
}

fn read(dir: &Path, name: &str) -> Result<(PathBuf, String), PolicyError> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((path, text)),
        Err(error) => Err(PolicyError::Read { file: path, error }),
    }
}

/// A file that may be left out: absent reads as empty text (any other failure is an error).
fn read_optional(dir: &Path, name: &str) -> Result<(PathBuf, String), PolicyError> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((path, text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok((path, String::new())),
        Err(error) => Err(PolicyError::Read { file: path, error }),
    }
}

/// `events_missing`: `events.toml` was not found on disk (its text is then empty); an error
/// only if a purpose lists an event type. `notices`: `None` when there is no registry to
/// check against (the in-memory constructors for tests and fuzzing).
#[allow(clippy::too_many_arguments)]
fn build(
    purposes_src: &Source<'_>,
    clients: &Source<'_>,
    categories: &Source<'_>,
    tcf: &Source<'_>,
    events: &Source<'_>,
    events_missing: Option<std::io::Error>,
    notices: Option<&Source<'_>>,
    controller: &Source<'_>,
    contact: &Source<'_>,
    triggers: &Source<'_>,
) -> Result<Policy, PolicyError> {
    let ParsedPurposes {
        purposes,
        event_refs,
        notice_refs,
    } = parse_purposes(purposes_src)?;
    let purpose_index: HashMap<PurposeId, usize> = purposes
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    let clients = parse_clients(clients, &purposes)?;
    let client_index: HashMap<ClientId, usize> = clients
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    let categories = parse_categories(categories)?;
    let tcf = parse_tcf(tcf, &purposes, &purpose_index)?;
    if let (Some(error), Some(first)) = (events_missing, event_refs.first()) {
        let purpose = purposes.get(first.purpose).map_or("", |p| p.id.as_str());
        return Err(PolicyError::Read {
            file: events.file.to_path_buf(),
            error: std::io::Error::new(
                error.kind(),
                format!(
                    "{error}; purpose \"{purpose}\" lists event types (\"{}\" first), and \
                     {EVENTS_FILE} must define every event type a purpose lists",
                    first.name.get_ref()
                ),
            ),
        });
    }
    let parsed = parse_events(events, &purposes)?;
    check_event_refs(purposes_src, &purposes, &event_refs, &parsed.types)?;
    let event_types = check_served(events, parsed.types)?;
    let sensitive_categories = parsed.sensitive_categories;
    let event_type_index: HashMap<String, usize> = event_types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let notices = match notices {
        Some(src) => {
            let notices = parse_notices(src, &purposes, &purpose_index)?;
            check_notice_refs(purposes_src, &purposes, &notice_refs, &notices)?;
            notices
        }
        None => Default::default(),
    };
    let controller = parse_controller(controller)?;
    let contact = parse_contact(contact)?;
    let triggers = parse_triggers(triggers, &purposes, &clients, &event_types)?;
    Ok(Policy {
        purposes,
        purpose_index,
        clients,
        client_index,
        categories,
        tcf,
        event_types,
        event_type_index,
        notices,
        controller,
        sensitive_categories,
        contact,
        triggers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Field, IdentifierType, PersonalField, Transform};
    use crate::policy::testing::shipping::{load_err, CATEGORIES, CLIENTS, PURPOSES};
    use crate::policy::testing::{cid, pid};
    use crate::policy::LegalBasis;

    #[test]
    fn shipped_policy_loads_and_is_coherent() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let policy = Policy::load(&dir).unwrap_or_else(|e| panic!("{e}"));

        let ids: Vec<&str> = policy.purposes().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "order_fulfilment",
                "customer_support",
                "email_marketing",
                "sms_marketing",
                "personalisation",
                "targeted_advertising",
                "analytics",
                "customer_feedback",
                "fraud_prevention",
                "accounting"
            ]
        );
        let basis = |id: &str| policy.purpose(&pid(id)).unwrap().legal_basis;
        assert_eq!(basis("order_fulfilment"), LegalBasis::Contract);
        assert_eq!(basis("customer_support"), LegalBasis::Contract);
        assert_eq!(basis("email_marketing"), LegalBasis::Consent);
        assert_eq!(basis("sms_marketing"), LegalBasis::Consent);
        assert_eq!(basis("personalisation"), LegalBasis::Consent);
        assert_eq!(basis("targeted_advertising"), LegalBasis::Consent);
        assert_eq!(basis("analytics"), LegalBasis::LegitimateInterest);
        assert_eq!(basis("customer_feedback"), LegalBasis::LegitimateInterest);
        assert_eq!(basis("fraud_prevention"), LegalBasis::LegitimateInterest);
        assert_eq!(basis("accounting"), LegalBasis::LegalObligation);

        let email_marketing = policy.purpose(&pid("email_marketing")).unwrap();
        assert!(email_marketing.direct_marketing && email_marketing.notice_version.is_some());
        assert!(
            policy
                .purpose(&pid("sms_marketing"))
                .unwrap()
                .direct_marketing
        );
        // Proof of consent: marketing grants need a double opt-in; every consent purpose's
        // notice is published and covers it; profiling purposes are flagged.
        for p in policy.purposes() {
            let doi = ["email_marketing", "sms_marketing"].contains(&p.id.as_str());
            let required: Vec<&str> = p.required_evidence.iter().map(String::as_str).collect();
            let expected: &[&str] = if doi { &["double_opt_in_ref"] } else { &[] };
            assert_eq!(required, expected, "{}", p.id);
            assert_eq!(
                p.profiling,
                ["personalisation", "targeted_advertising"].contains(&p.id.as_str()),
                "{}",
                p.id
            );
            if let Some(v) = &p.notice_version {
                assert!(
                    policy.notice(v).is_some_and(|n| n.covers(&p.id)),
                    "{}",
                    p.id
                );
            }
        }
        let notice = policy.notice("2026-01").unwrap();
        let text =
            std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/notices/2026-01.md"))
                .unwrap();
        let digest = ring::digest::digest(&ring::digest::SHA256, &text);
        assert_eq!(notice.sha256, hex::encode(digest.as_ref()));
        let controller = policy.controller();
        assert_eq!(controller.time_zone, "Europe/Berlin");
        assert_eq!(controller.digital_consent_age(Some("DE")), 16);
        assert_eq!(controller.digital_consent_age(Some("FR")), 15);
        assert_eq!(controller.digital_consent_age(Some("AT")), 14);
        assert_eq!(controller.digital_consent_age(None), 16);

        let accounting = policy.purpose(&pid("accounting")).unwrap();
        assert!(accounting.allowed_under_restriction);
        assert_eq!(accounting.retention_days, 3650);
        assert!(policy.purpose(&pid("analytics")).unwrap().objection_stops);
        assert!(
            !policy
                .purpose(&pid("order_fulfilment"))
                .unwrap()
                .objection_stops
        );

        // Analytics lists no direct identifier, and birth date and postcode only reduced.
        let analytics = policy.purpose(&pid("analytics")).unwrap();
        let names: Vec<String> = analytics.fields.iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "birth_date",
                "language",
                "address.postal_code",
                "address.country"
            ]
        );
        for f in &analytics.fields {
            let expected = match f {
                Field::Personal(PersonalField::BirthDate) => Some(Transform::AgeBand),
                Field::Personal(PersonalField::PostalCode) => Some(Transform::Truncate(3)),
                Field::Personal(PersonalField::Country | PersonalField::Language) => None,
                other => panic!("analytics sees {other}"),
            };
            assert_eq!(analytics.view(*f), expected, "{f}");
        }
        // No other shipped purpose has views; none requires re-consent yet.
        for p in policy.purposes() {
            assert!(
                p.views.is_empty() || p.id.as_str() == "analytics",
                "{}",
                p.id
            );
            assert!(!p.reconsent_required, "{}", p.id);
        }

        // Targeted advertising: consent, direct marketing, sale or sharing (GPC stops it).
        let ads = policy.purpose(&pid("targeted_advertising")).unwrap();
        assert!(ads.direct_marketing && ads.sale_or_sharing && ads.stopped_by_gpc());
        assert!(ads.stopped_by_objection());
        assert_eq!(ads.notice_version.as_deref(), Some("2026-01"));
        assert_eq!(ads.retention_days, 180);
        assert_eq!(
            ads.fides_data_use.as_deref(),
            Some("marketing.advertising.third_party.targeted")
        );
        let ad_fields: Vec<String> = ads.fields.iter().map(|f| f.name()).collect();
        assert_eq!(ad_fields, ["email", "identifiers.device_id"]);
        let ad_events: Vec<&str> = ads.event_types.iter().map(String::as_str).collect();
        assert_eq!(
            ad_events,
            ["add_to_cart", "page_view", "product_view", "purchase"]
        );
        let gpc: Vec<&str> = policy
            .purposes()
            .filter(|p| p.stopped_by_gpc())
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(gpc, ["targeted_advertising"]);

        // tcf.toml maps the consent purposes that use TCF.
        let tcf = |id: &str| -> Option<Vec<u8>> {
            policy
                .tcf_purposes(&pid(id))
                .map(|s| s.iter().copied().collect())
        };
        assert_eq!(tcf("personalisation"), Some(vec![1, 5, 6]));
        assert_eq!(tcf("targeted_advertising"), Some(vec![1, 2, 3, 4]));
        assert_eq!(tcf("email_marketing"), Some(vec![]));
        assert_eq!(tcf("sms_marketing"), None);
        assert_eq!(tcf("analytics"), None);
        let fulfilment = policy.purpose(&pid("order_fulfilment")).unwrap();
        assert_eq!(fulfilment.fields.len(), 4 + 5 + 2);
        assert!(fulfilment.allows_field(Field::Identifiers(IdentifierType::PosCustomer)));
        assert!(!fulfilment.allows_field(Field::Identifiers(IdentifierType::LoyaltyCard)));

        let purposes_of = |client: &str| -> Vec<String> {
            let c = policy.client(&cid(client)).unwrap();
            c.purposes.iter().map(|p| p.to_string()).collect()
        };
        assert_eq!(
            purposes_of("crm"),
            [
                "customer_feedback",
                "customer_support",
                "email_marketing",
                "fraud_prevention",
                "order_fulfilment",
                "personalisation",
                "targeted_advertising"
            ]
        );
        assert_eq!(purposes_of("mailer"), ["email_marketing", "sms_marketing"]);
        assert_eq!(purposes_of("analytics"), ["analytics"]);
        assert_eq!(purposes_of("erp"), ["accounting", "order_fulfilment"]);

        for f in Field::all() {
            assert!(policy.category(f).starts_with("user."), "{f}");
        }
        assert_eq!(
            policy.category(Field::Personal(PersonalField::City)),
            "user.contact.address.city"
        );
        assert_eq!(
            policy.category(Field::Identifiers(IdentifierType::LoyaltyCard)),
            "user.unique_id"
        );
        assert_eq!(
            policy.category(Field::Identifiers(IdentifierType::DeviceId)),
            "user.device.device_id"
        );
    }

    #[test]
    fn minimal_policy_loads() {
        let policy = Policy::from_strs(PURPOSES, CLIENTS, CATEGORIES).unwrap();
        let shipping = policy.purpose(&pid("shipping")).unwrap();
        assert_eq!(shipping.fields.len(), 6);
        assert!(shipping.event_types.is_empty() && !shipping.allows_event_type("purchase"));
        assert_eq!(policy.event_types().count(), 0);
        assert_eq!(shipping.retention(), time::Duration::days(30));
        assert!(policy
            .client(&cid("erp"))
            .unwrap()
            .may_use(&pid("shipping")));
        assert!(policy.client(&cid("crm")).is_none());
        assert_eq!(policy.categories().count(), Field::all().count());
        // The defaults of the newer keys.
        assert!(shipping.views.is_empty());
        assert_eq!(shipping.view(Field::Personal(PersonalField::Email)), None);
        assert!(!shipping.reconsent_required && !shipping.sale_or_sharing);
        assert!(!shipping.stopped_by_gpc());
        assert_eq!(policy.tcf_purposes(&pid("shipping")), None);
    }

    #[test]
    fn empty_purposes_and_clients_are_a_deny_all_policy() {
        let policy = Policy::from_strs("", "", CATEGORIES).unwrap();
        assert_eq!(policy.purposes().count(), 0);
        assert_eq!(policy.clients().count(), 0);
    }

    #[test]
    fn malformed_toml_reports_the_line() {
        let purposes = PURPOSES.replace("legal_basis = \"contract\"", "legal_basis = contract");
        let e = load_err(&purposes, CLIENTS, CATEGORIES);
        assert!(e.starts_with("purposes.toml:4:15: "), "{e}");

        let e = load_err(PURPOSES, "[[client]\nid = \"x\"\n", CATEGORIES);
        assert!(e.starts_with("clients.toml:1:"), "{e}");
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let e = load_err(&format!("{PURPOSES}\n{PURPOSES}"), CLIENTS, CATEGORIES);
        assert!(
            e.starts_with(
                "purposes.toml:10:6: duplicate purpose id \"shipping\" (first defined on line 2)"
            ),
            "{e}"
        );

        let e = load_err(PURPOSES, &format!("{CLIENTS}{CLIENTS}"), CATEGORIES);
        assert!(
            e.starts_with(
                "clients.toml:6:6: duplicate client id \"erp\" (first defined on line 2)"
            ),
            "{e}"
        );

        let e = load_err(
            PURPOSES,
            &CLIENTS.replace("\"erp\"", "\"e r p\""),
            CATEGORIES,
        );
        assert!(e.starts_with("clients.toml:2:6: invalid client id"), "{e}");
    }

    #[test]
    fn a_missing_file_cannot_be_read() {
        let dir = Path::new("/nonexistent/custodia-policy");
        let e = Policy::load(dir).unwrap_err();
        assert!(matches!(e, PolicyError::Read { .. }));
        let msg = e.to_string();
        assert!(
            msg.starts_with("/nonexistent/custodia-policy/purposes.toml: cannot read: "),
            "{msg}"
        );
    }

    #[test]
    fn errors_from_files_name_the_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PURPOSES_FILE), PURPOSES).unwrap();
        std::fs::write(dir.path().join(CLIENTS_FILE), "[[client]]\nid = 1\n").unwrap();
        std::fs::write(dir.path().join(CATEGORIES_FILE), CATEGORIES).unwrap();
        let e = Policy::load(dir.path()).unwrap_err().to_string();
        let expected = format!("{}:2:6: ", dir.path().join(CLIENTS_FILE).display());
        assert!(e.starts_with(&expected), "{e}");
    }

    #[test]
    fn garbage_never_panics() {
        let inputs = [
            "",
            "[[purpose]]",
            "[[purpose]]\nid = \"x\"\nfields = [[[[[[]]]]]]",
            "\u{0}\u{feff}=",
            "[fields]\naddress = { line1 = { deeper = \"x\" } }",
            "purpose = [1, 2, 3]",
            "[[purpose]]\nid = \"é\"\ndescription = \"\"\"\n",
            "[purposes]\nshipping = [1, 2, 99999999999999999999]",
            "[purposes]\n\"\" = [[]]",
            "views = { \"\" = \"truncate:\u{1F600}\" }",
            "views = { email = { x = { y = \"mask\" } } }",
        ];
        for a in inputs {
            for b in inputs {
                let _ = Policy::from_strs(a, b, a);
                let _ = Policy::from_strs(PURPOSES, a, b);
                let _ = Policy::from_strs(PURPOSES, CLIENTS, a);
                let _ = Policy::from_strs_with_tcf(PURPOSES, CLIENTS, CATEGORIES, a);
                let _ =
                    Policy::from_strs_with_tcf(&format!("{PURPOSES}{b}"), CLIENTS, CATEGORIES, a);
            }
        }
    }
}
