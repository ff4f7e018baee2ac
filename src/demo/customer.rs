//! Customers: who they are (a name, addresses and numbers from their market), the identifiers
//! the channels know them by, and the consents they gave (some withdrawn later). Pure: a
//! customer follows from the seed, their number and `now`.

use std::collections::BTreeMap;

use fastrand::Rng;
use time::{Date, Duration, OffsetDateTime};

use super::data::{City, Locale, Tables};
use super::random::{
    ascii_slug, between, chance, expand_pattern, hex, normal, pick, pick_ref, rfc3339, stream_seed,
};
use crate::domain::{
    Channel, ChannelPatch, ConsentDecision, ContactChannel, FieldError, IdentifierType,
    PreferencesPatch, QuietHours, RawAddress, RawConsentDecision, RawSubject,
};
use crate::service::SubjectRef;

/// The notice version every consent is recorded under (the shipped policy's).
const NOTICE_VERSION: &str = "2026-01";

/// Most events one customer gets (the tail of the distribution is cut here).
const MAX_EVENTS_PER_CUSTOMER: usize = 2_500;

/// One consent decision to record for a customer.
#[derive(Debug, Clone)]
pub(super) struct PlannedConsent {
    pub(super) purpose: &'static str,
    pub(super) status: &'static str,
    pub(super) source: Channel,
    pub(super) collected_at: OffsetDateTime,
    pub(super) evidence: BTreeMap<String, String>,
    pub(super) operator_id: Option<String>,
}

impl PlannedConsent {
    pub(super) fn decide(&self, now: OffsetDateTime) -> Result<ConsentDecision, Vec<FieldError>> {
        let collected_at = rfc3339(self.collected_at);
        ConsentDecision::parse(
            &RawConsentDecision {
                status: self.status,
                source: self.source.as_str(),
                collected_at: &collected_at,
                policy_version: NOTICE_VERSION,
                evidence: self.evidence.clone(),
                expires_at: None,
                operator_id: self.operator_id.as_deref(),
            },
            now,
        )
    }
}

/// A generated customer: personal data, identifiers, consents and what drives their events.
#[derive(Debug, Clone)]
pub(super) struct Customer {
    /// 0-based number within the run; with the seed, it fixes everything else.
    pub(super) n: u64,
    pub(super) first_name: String,
    pub(super) last_name: String,
    pub(super) email: String,
    pub(super) phone: String,
    pub(super) birth_date: String,
    pub(super) language: &'static str,
    pub(super) country: &'static str,
    pub(super) line1: String,
    pub(super) line2: Option<String>,
    pub(super) postal_code: String,
    pub(super) city: &'static str,
    pub(super) loyalty_card: Option<String>,
    pub(super) device_id: Option<String>,
    pub(super) marketplace_id: Option<String>,
    pub(super) pos_customer: Option<String>,
    /// When the customer first appeared; events and consents come after.
    pub(super) since: OffsetDateTime,
    pub(super) consents: Vec<PlannedConsent>,
    /// The channel of an objection to analytics, recorded after the customer's events.
    pub(super) objection: Option<Channel>,
    /// Communication preferences the customer set (about one in four did).
    pub(super) preferences: Option<PreferencesPatch>,
    /// Stores in the customer's country: their home store first.
    pub(super) home_store: String,
    pub(super) country_stores: Vec<String>,
    pub(super) favourite_categories: [usize; 2],
    /// How many events the customer's history is meant to hold.
    pub(super) event_budget: usize,
    pub(super) events_seed: u64,
}

impl Customer {
    /// The raw subject as a channel would send it.
    pub(super) fn raw(&self) -> RawSubject<'_> {
        let mut identifiers = Vec::new();
        for (kind, value) in [
            (IdentifierType::LoyaltyCard, &self.loyalty_card),
            (IdentifierType::DeviceId, &self.device_id),
            (IdentifierType::MarketplaceId, &self.marketplace_id),
            (IdentifierType::PosCustomer, &self.pos_customer),
        ] {
            if let Some(v) = value {
                identifiers.push((kind.name(), v.as_str()));
            }
        }
        RawSubject {
            email: Some(&self.email),
            phone: Some(&self.phone),
            first_name: Some(&self.first_name),
            last_name: Some(&self.last_name),
            birth_date: Some(&self.birth_date),
            language: Some(self.language),
            address: Some(RawAddress {
                line1: Some(&self.line1),
                line2: self.line2.as_deref(),
                postal_code: Some(&self.postal_code),
                city: Some(self.city),
                country: Some(self.country),
            }),
            identifiers,
        }
    }

    /// When email marketing was granted and (if it was) withdrawn, for newsletter events.
    /// Whether the customer's consent, as it stands at the end of their history, covers an
    /// event of `event_type` named by `subject`: email opens and clicks need email marketing,
    /// web and app tracking (and anything sent under a device id) personalisation.
    pub(super) fn consents_to_tracking(&self, event_type: &str, subject: &SubjectRef) -> bool {
        let granted = |purpose: &str| {
            self.consents
                .iter()
                .rev()
                .find(|c| c.purpose == purpose)
                .is_some_and(|c| c.status == "granted")
        };
        let via_device = matches!(subject, SubjectRef::Identifier(IdentifierType::DeviceId, _));
        match event_type {
            "email_open" | "email_click" => granted("email_marketing"),
            "page_view" | "product_view" | "search" | "add_to_cart" | "remove_from_cart"
            | "push_open" => granted("personalisation"),
            _ if via_device => granted("personalisation"),
            _ => true,
        }
    }

    pub(super) fn email_window(
        &self,
        now: OffsetDateTime,
    ) -> Option<(OffsetDateTime, OffsetDateTime)> {
        let mut window = None;
        for c in self
            .consents
            .iter()
            .filter(|c| c.purpose == "email_marketing")
        {
            match c.status {
                "granted" => window = Some((c.collected_at, now - Duration::hours(1))),
                _ => window = window.map(|(from, _)| (from, c.collected_at)),
            }
        }
        window.filter(|(from, to)| *to - *from > Duration::hours(1))
    }
}

fn pick_locale<'t>(rng: &mut Rng, t: &'t Tables) -> &'t Locale {
    let total: u32 = t.locales.iter().map(|l| l.weight).sum();
    let mut roll = rng.u32(0..total);
    for locale in &t.locales {
        if roll < locale.weight {
            return locale;
        }
        roll -= locale.weight;
    }
    &t.locales[0]
}

fn operator_id(rng: &mut Rng, source: Channel, store: &str) -> Option<String> {
    match source {
        Channel::Store => Some(format!("op-{}-{:02}", store, rng.u8(1..40))),
        Channel::CallCentre => Some(format!("cc-agent-{:03}", rng.u16(1..250))),
        _ => None,
    }
}

/// The evidence a channel keeps for a consent decision.
fn evidence(
    rng: &mut Rng,
    purpose: &str,
    status: &str,
    source: Channel,
) -> BTreeMap<String, String> {
    let mut e = BTreeMap::new();
    let mut put = |k: &str, v: String| {
        e.insert(k.to_owned(), v);
    };
    match (status, source) {
        ("withdrawn", Channel::Email) => put("form_id", "unsubscribe-link".into()),
        ("withdrawn", Channel::Web | Channel::App) => {
            put("form_id", "preference-centre-v2".into());
            put("user_agent_hash", hex(rng, 64));
        }
        ("withdrawn", _) => put("recording_ref", format!("rec-{}", hex(rng, 12))),
        (_, Channel::Web | Channel::App) => {
            let form = match (purpose, source) {
                ("email_marketing", Channel::Web) => pick(
                    rng,
                    &["newsletter-footer", "checkout-optin", "account-signup"],
                ),
                ("email_marketing", _) => "app-onboarding-v3",
                ("sms_marketing", _) => "checkout-sms-optin",
                (_, Channel::Web) => "consent-banner-v4",
                _ => "app-privacy-prompt-v2",
            };
            put("form_id", form.into());
            if purpose == "email_marketing" || purpose == "sms_marketing" {
                put("double_opt_in_ref", format!("doi-{}", hex(rng, 10)));
            }
            if source == Channel::Web {
                put("user_agent_hash", hex(rng, 64));
            }
        }
        (_, Channel::Store) => {
            put("form_id", "store-tablet-v1".into());
            put("document_ref", format!("sig-{}", hex(rng, 10)));
        }
        (_, Channel::CallCentre) => {
            put("form_id", "cc-script-v3".into());
            put("recording_ref", format!("rec-{}", hex(rng, 12)));
        }
        _ => put("form_id", "generic".into()),
    }
    // Marketing by email or SMS needs a confirmed double opt-in (purposes.toml
    // required_evidence), whatever the channel that asked: the confirmation link is mailed.
    if status == "granted"
        && (purpose == "email_marketing" || purpose == "sms_marketing")
        && !e.contains_key("double_opt_in_ref")
    {
        e.insert(
            "double_opt_in_ref".to_owned(),
            format!("doi-{}", hex(rng, 10)),
        );
    }
    e
}

fn plan_consents(
    rng: &mut Rng,
    since: OffsetDateTime,
    now: OffsetDateTime,
    has_app: bool,
    store: &str,
) -> Vec<PlannedConsent> {
    let mut out = Vec::new();
    let latest = now - Duration::days(1);
    for (purpose, p_grant) in [
        ("email_marketing", 0.55),
        ("sms_marketing", 0.20),
        ("personalisation", 0.40),
    ] {
        if !chance(rng, p_grant) {
            continue;
        }
        let roll = rng.f64();
        let source = match purpose {
            "email_marketing" if roll < 0.15 && has_app => Channel::App,
            "email_marketing" if roll < 0.72 => Channel::Web,
            "email_marketing" if roll < 0.92 => Channel::Store,
            "email_marketing" => Channel::CallCentre,
            "sms_marketing" if roll < 0.2 && has_app => Channel::App,
            "sms_marketing" if roll < 0.6 => Channel::Web,
            "sms_marketing" => Channel::Store,
            _ if roll < 0.45 && has_app => Channel::App,
            _ => Channel::Web,
        };
        // Half decide when they sign up, the others later (at a checkout, in a store).
        let granted_at = if chance(rng, 0.5) {
            since + Duration::seconds(rng.i64(30..900))
        } else {
            between(rng, since, latest)
        };
        out.push(PlannedConsent {
            purpose,
            status: "granted",
            source,
            collected_at: granted_at,
            evidence: evidence(rng, purpose, "granted", source),
            operator_id: operator_id(rng, source, store),
        });
        if chance(rng, 0.05) {
            let roll = rng.f64();
            let source = match purpose {
                "email_marketing" if roll < 0.6 => Channel::Email,
                _ if roll < 0.85 => Channel::Web,
                _ => Channel::CallCentre,
            };
            let withdrawn_at = between(
                rng,
                granted_at + Duration::hours(2),
                now - Duration::hours(1),
            );
            out.push(PlannedConsent {
                purpose,
                status: "withdrawn",
                source,
                collected_at: withdrawn_at,
                evidence: evidence(rng, purpose, "withdrawn", source),
                operator_id: operator_id(rng, source, store),
            });
        }
    }
    out
}

/// Events per customer: log-normal (median about 9, mean about 25, a few in the hundreds).
fn event_budget(rng: &mut Rng) -> usize {
    const MU: f64 = 2.2;
    const SIGMA: f64 = 1.4;
    let x = (MU + SIGMA * normal(rng)).exp();
    (x.floor() as usize).min(MAX_EVENTS_PER_CUSTOMER)
}

/// Customer number `n` of the run with `seed`, as of `now`, drawn from the tables `t`.
pub(super) fn customer(t: &'static Tables, seed: u64, n: u64, now: OffsetDateTime) -> Customer {
    let mut rng = Rng::with_seed(stream_seed(seed, n, 0));
    let k = n + 1; // the customer's number in their email, unique within the run
                   // Phone, loyalty card and POS numbers also carry the seed, so that runs with different
                   // seeds (below 1,000 apart, up to 100,000 customers each) can fill one vault side by side.
    let serial = (seed % 1_000) * 100_000 + k;
    let locale = pick_locale(&mut rng, t);
    let first_name = pick_ref(&mut rng, &locale.first_names).clone();
    let last_name = pick_ref(&mut rng, &locale.last_names).clone();
    let (first, last) = (ascii_slug(&first_name), ascii_slug(&last_name));
    let initial: String = first.chars().take(1).collect();
    let local = match rng.u8(0..5) {
        0 => format!("{first}.{last}{k}"),
        1 => format!("{initial}{last}{k}"),
        2 => format!("{first}{k}"),
        3 => format!("{last}.{first}{k}"),
        _ => format!("{first}_{last}{k}"),
    };
    // Some people type their address with capitals; look-ups must not care.
    let local = if chance(&mut rng, 0.05) {
        local
            .split('.')
            .map(|part| {
                let mut c = part.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(".")
    } else {
        local
    };
    let email = format!("{local}@{}", pick_ref(&mut rng, &t.email_domains));
    let modulus = 10u64.pow(locale.phone_digits);
    let phone = format!(
        "{}{:0width$}",
        locale.phone_prefix,
        serial % modulus,
        width = locale.phone_digits as usize
    );
    // Born 1950..=2006, more often in the middle years (the sum of two uniforms).
    let year = 1950 + i32::from(rng.u8(0..=28)) + i32::from(rng.u8(0..=28));
    let ordinal = rng.u16(1..=365);
    let birth_date = Date::from_ordinal_date(year, ordinal)
        .map(|d| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()))
        .unwrap_or_else(|_| format!("{year:04}-06-15"));
    let city_index = rng.usize(..locale.cities.len());
    let home = &locale.cities[city_index];
    let house = rng.u16(1..=180).to_string();
    let line1 = pick_ref(&mut rng, &locale.streets).replace("{n}", &house);
    let line2 = chance(&mut rng, 0.15)
        .then(|| pick_ref(&mut rng, &locale.line2).replace("{n}", &rng.u8(1..=12).to_string()));
    let postal_code = expand_pattern(&mut rng, &home.postal);
    let cc = locale.country.to_ascii_lowercase();
    let store_of = |c: &City, nr: u8| format!("{cc}-{}-{nr:02}", c.code);
    let home_store = store_of(home, rng.u8(1..=2));
    let mut country_stores = vec![home_store.clone()];
    for c in &locale.cities {
        for nr in 1..=2 {
            let s = store_of(c, nr);
            if s != home_store {
                country_stores.push(s);
            }
        }
    }

    let loyalty_card = chance(&mut rng, 0.60).then(|| {
        // A bijection on 0..10^8 scatters the card numbers.
        let number = serial.wrapping_mul(7_919) % 100_000_000;
        format!("LC-{:04}-{:04}", number / 10_000, number % 10_000)
    });
    let device_id = chance(&mut rng, 0.45).then(|| {
        format!(
            "{}-{}-4{}-{}-{}",
            hex(&mut rng, 8),
            hex(&mut rng, 4),
            hex(&mut rng, 3),
            hex(&mut rng, 4),
            hex(&mut rng, 12)
        )
        .to_ascii_uppercase()
    });
    let marketplace_id = chance(&mut rng, 0.20).then(|| {
        let tail: String = (0..12)
            .map(|_| {
                if chance(&mut rng, 0.5) {
                    rng.uppercase()
                } else {
                    rng.digit(10)
                }
            })
            .collect();
        format!("MKT-{tail}")
    });
    let pos_customer =
        chance(&mut rng, 0.30).then(|| format!("POS-{}-{serial:08}", locale.country));

    // First seen within the last two years, more often long ago (a grown customer base).
    let days_ago = 1.0 + 728.0 * rng.f64().sqrt();
    let since = now - Duration::seconds((days_ago * 86_400.0) as i64);
    let store_code = home_store.clone();
    let consents = plan_consents(&mut rng, since, now, device_id.is_some(), &store_code);
    let objection = chance(&mut rng, 0.02).then(|| {
        pick(
            &mut rng,
            &[
                Channel::Web,
                Channel::Web,
                Channel::Email,
                Channel::CallCentre,
            ],
        )
    });
    let preferences = plan_preferences(stream_seed(seed, n, 2), &locale.country);
    let first_category = rng.usize(..t.categories.len());
    let second_category =
        (first_category + 1 + rng.usize(..t.categories.len() - 1)) % t.categories.len();
    let event_budget = event_budget(&mut rng);

    Customer {
        n,
        first_name,
        last_name,
        email,
        phone,
        birth_date,
        language: &locale.language,
        country: &locale.country,
        line1,
        line2,
        postal_code,
        city: &home.name,
        loyalty_card,
        device_id,
        marketplace_id,
        pos_customer,
        since,
        consents,
        objection,
        preferences,
        home_store,
        country_stores,
        favourite_categories: [first_category, second_category],
        event_budget,
        events_seed: stream_seed(seed, n, 1),
    }
}

/// The time zone customers of `country` live in.
fn time_zone_of(country: &str) -> &'static str {
    match country {
        "DE" => "Europe/Berlin",
        "FR" => "Europe/Paris",
        "GB" => "Europe/London",
        "NL" => "Europe/Amsterdam",
        "ES" => "Europe/Madrid",
        "IT" => "Europe/Rome",
        "AT" => "Europe/Vienna",
        _ => "UTC",
    }
}

/// What a customer chose about being contacted, if anything: about one in four changed
/// something — quiet hours of their own, fewer emails, no SMS, or no letters. Drawn from its
/// own random stream, so the rest of the customer stays as it was before preferences existed.
fn plan_preferences(stream: u64, country: &str) -> Option<PreferencesPatch> {
    let mut rng = Rng::with_seed(stream);
    if !chance(&mut rng, 0.25) {
        return None;
    }
    let mut patch = PreferencesPatch::default();
    if chance(&mut rng, 0.4) {
        let (start, end) = pick(
            &mut rng,
            &[("22:00", "07:00"), ("20:00", "09:00"), ("23:00", "08:00")],
        );
        patch.quiet_hours = QuietHours::parse(start, end, time_zone_of(country), "").ok();
    }
    if chance(&mut rng, 0.35) {
        let cap = rng.u32(1..=2);
        patch.channels.insert(
            ContactChannel::Email,
            ChannelPatch {
                opted_in: Some(true),
                max_per_week: Some(cap),
            },
        );
    }
    if chance(&mut rng, 0.3) {
        patch.channels.insert(
            ContactChannel::Sms,
            ChannelPatch {
                opted_in: Some(false),
                max_per_week: None,
            },
        );
    }
    if chance(&mut rng, 0.15) {
        patch.channels.insert(
            ContactChannel::Post,
            ChannelPatch {
                opted_in: Some(false),
                max_per_week: None,
            },
        );
    }
    if patch.is_empty() || chance(&mut rng, 0.3) {
        patch.preferred_channel = Some(ContactChannel::Email);
    }
    Some(patch)
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;
    use crate::demo::data::tables;
    use crate::domain::NewSubject;

    fn now() -> OffsetDateTime {
        time::macros::datetime!(2026-11-23 12:00 UTC)
    }

    #[test]
    fn customers_parse_and_their_identifiers_are_unique() {
        let now = now();
        let mut emails = HashSet::new();
        let mut phones = HashSet::new();
        let mut others = HashSet::new();
        let mut languages = HashSet::new();
        let (mut loyalty, mut device, mut marketplace, mut pos) = (0, 0, 0, 0);
        for n in 0..2_000 {
            let c = customer(tables().unwrap(), 42, n, now);
            let parsed = NewSubject::parse(&c.raw(), now.date());
            assert!(parsed.is_ok(), "customer {n}: {parsed:?}");
            assert!(
                emails.insert(c.email.to_lowercase()),
                "email of {n} repeats"
            );
            assert!(phones.insert(c.phone.clone()), "phone of {n} repeats");
            for (kind, v) in c.raw().identifiers {
                assert!(
                    others.insert((kind.to_owned(), v.to_owned())),
                    "{kind} of {n} repeats"
                );
            }
            languages.insert(c.language);
            loyalty += usize::from(c.loyalty_card.is_some());
            device += usize::from(c.device_id.is_some());
            marketplace += usize::from(c.marketplace_id.is_some());
            pos += usize::from(c.pos_customer.is_some());
            assert!(c.since < now - Duration::hours(23));
            let year: i32 = c.birth_date[..4].parse().unwrap();
            assert!((1950..=2006).contains(&year));
        }
        assert_eq!(languages.len(), tables().unwrap().locales.len());
        for (count, share) in [
            (loyalty, 0.6),
            (device, 0.45),
            (marketplace, 0.2),
            (pos, 0.3),
        ] {
            let got = count as f64 / 2_000.0;
            assert!((got - share).abs() < 0.05, "{got} vs {share}");
        }
    }

    #[test]
    fn consents_parse_with_evidence_and_operators() {
        let now = now();
        let (mut granted, mut withdrawn, mut with_operator) = (HashMap::new(), 0, 0);
        let customers = 4_000;
        for n in 0..customers {
            let c = customer(tables().unwrap(), 42, n, now);
            for planned in &c.consents {
                let d = planned.decide(now);
                assert!(d.is_ok(), "customer {n}: {d:?}");
                let d = d.unwrap();
                assert!(!d.evidence.as_map().is_empty());
                assert!(d.collected_at >= c.since && d.collected_at < now);
                if d.source.needs_operator() {
                    assert!(d.operator_id.is_some());
                    with_operator += 1;
                }
                match planned.status {
                    "granted" => *granted.entry(planned.purpose).or_insert(0usize) += 1,
                    _ => withdrawn += 1,
                }
            }
        }
        for (purpose, share) in [
            ("email_marketing", 0.55),
            ("sms_marketing", 0.2),
            ("personalisation", 0.4),
        ] {
            let got = granted[purpose] as f64 / customers as f64;
            assert!((got - share).abs() < 0.04, "{purpose}: {got}");
        }
        let grants: usize = granted.values().sum();
        let share = withdrawn as f64 / grants as f64;
        assert!((0.02..0.09).contains(&share), "withdrawn {share}");
        assert!(with_operator > 0);
    }
}
