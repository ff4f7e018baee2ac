//! `custodia demo seed`: fills a vault with a realistic omnichannel shop, reproducibly, through
//! the vault's own use cases (the same validation, encryption, consent checks and audit as the
//! HTTP API), so a local vault has something to look at.
//!
//! Customers live in seven European markets, with the identifiers the channels know them by
//! (loyalty card, app device id, marketplace buyer id, POS customer number), consents with
//! evidence (some withdrawn later), a few objections to analytics, and about two years of
//! behavioural events: browsing in the web shop and the app, carts, checkouts and purchases,
//! store visits, marketplace orders, returns, reviews, support contacts, newsletter and push
//! engagement. Events name their subject by id, or (like the real channels) by loyalty card at
//! the till, by device id in the app and by buyer id on the marketplace.
//!
//! Everything is drawn from [`fastrand`] seeded per customer from the run's seed, so the same seed
//! gives the same customers and histories (histories end at the start of the day of the run, so
//! they only shift by whole days from one day to the next), and a run with the same seed and more
//! subjects adds customers: those already stored (their email or another identifier taken) are
//! skipped and counted. Runs with different seeds can share a vault (their phone, loyalty card and
//! POS numbers differ). Work is done in chunks of [`CHUNK_SUBJECTS`] customers, events flushed in
//! batches of up to [`MAX_EVENTS_PER_BATCH`], so memory stays bounded whatever the number of
//! subjects. Nothing personal is ever printed.

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::Context;
use fastrand::Rng;
use futures_util::stream::{self, StreamExt};
use serde::Serialize;
use serde_json::{json, Map, Value};
use time::{Date, Duration, OffsetDateTime};

use crate::auth::Principal;
use crate::domain::{
    Channel, ConsentDecision, FieldError, IdentifierType, NewSubject, RawAddress,
    RawConsentDecision, RawSubject, Role, SubjectId,
};
use crate::service::{
    Caller, EventOutcome, IncomingEvent, ServiceError, SubjectRef, Vault, MAX_EVENTS_PER_BATCH,
};

/// The principal the seed acts as (an admin; it is named in every audit entry it causes).
pub const SEED_PRINCIPAL: &str = "demo-seed";

/// Customers generated, stored and given their events per round.
pub const CHUNK_SUBJECTS: usize = 500;

/// Customers stored (with their consents) concurrently.
const CONCURRENCY: usize = 8;

/// The notice version every consent is recorded under (the shipped policy's).
const NOTICE_VERSION: &str = "2026-01";

/// Most events one customer gets (the tail of the distribution is cut here).
const MAX_EVENTS_PER_CUSTOMER: usize = 2_500;

/// What a seed run did. Counts only: never a value.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SeedReport {
    pub seed: u64,
    /// Customers created.
    pub subjects: usize,
    /// Customers not created because one of their identifiers is already stored (a run with
    /// the same seed before); their consents and events are left out too.
    pub skipped_existing: usize,
    /// Consent decisions recorded (grants and withdrawals).
    pub consents: usize,
    pub consents_granted: usize,
    pub consents_withdrawn: usize,
    /// Objections recorded (to analytics).
    pub objections: usize,
    pub events_sent: usize,
    pub events_accepted: usize,
    /// Already stored under the same client event id.
    pub events_duplicate: usize,
    pub events_rejected: usize,
    /// Rejected events by reason (`no_consent`, `objected`, `invalid_properties`, …).
    pub rejected_reasons: BTreeMap<String, usize>,
    /// Calls of `ingest_events`.
    pub event_batches: usize,
    pub elapsed_seconds: f64,
}

// ---------------------------------------------------------------------------------------------
// Reference data
// ---------------------------------------------------------------------------------------------

/// A city: its name, a short code for store ids, and its postal code pattern (`#` a digit,
/// `@` a letter).
struct City {
    name: &'static str,
    code: &'static str,
    postal: &'static str,
}

/// One market: language, country, phone numbering and the names and places of its customers.
struct Locale {
    language: &'static str,
    country: &'static str,
    /// Share of customers, in percent of the sum of all weights.
    weight: u32,
    /// Mobile prefix, followed by `phone_digits` digits of the customer's number (at least 8).
    phone_prefix: &'static str,
    phone_digits: u32,
    first_names: &'static [&'static str],
    last_names: &'static [&'static str],
    /// `{n}` is the house number.
    streets: &'static [&'static str],
    /// `{n}` is a small number.
    line2: &'static [&'static str],
    cities: &'static [City],
}

const fn city(name: &'static str, code: &'static str, postal: &'static str) -> City {
    City { name, code, postal }
}

#[rustfmt::skip]
const LOCALES: [Locale; 7] = [
    Locale {
        language: "de-DE",
        country: "DE",
        weight: 28,
        phone_prefix: "+49151",
        phone_digits: 8,
        first_names: &[
            "Anna", "Lukas", "Marie", "Jonas", "Sophie", "Leon", "Lena", "Felix", "Hannah",
            "Maximilian", "Jürgen", "Sabine", "Günter", "Ursula", "Björn", "Katrin", "Mehmet",
            "Elif", "Paul", "Greta", "Dieter", "Monika",
        ],
        last_names: &[
            "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
            "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
            "Schröder", "Neumann", "Yılmaz", "Krüger", "Zimmermann", "Hartmann",
        ],
        streets: &[
            "Hauptstraße {n}",
            "Gartenweg {n}",
            "Bahnhofstraße {n}",
            "Schulstraße {n}",
            "Lindenallee {n}",
            "Birkenweg {n}",
            "Goethestraße {n}",
            "Am Markt {n}",
            "Mühlenweg {n}",
            "Friedrichstraße {n}",
        ],
        line2: &["{n}. OG", "Hinterhaus", "c/o Büro {n}", "Wohnung {n}"],
        cities: &[
            city("Berlin", "ber", "10###"),
            city("München", "muc", "80###"),
            city("Hamburg", "ham", "22###"),
            city("Köln", "cgn", "50###"),
            city("Frankfurt am Main", "fra", "60###"),
            city("Leipzig", "lej", "04###"),
            city("Stuttgart", "str", "70###"),
        ],
    },
    Locale {
        language: "fr-FR",
        country: "FR",
        weight: 16,
        phone_prefix: "+336",
        phone_digits: 8,
        first_names: &[
            "Camille", "Léa", "Manon", "Chloé", "Emma", "Louis", "Gabriel", "Raphaël", "Hugo",
            "Arthur", "Jules", "Inès", "Zoé", "Théo", "Nathalie", "François", "Hélène", "Stéphane",
            "Yasmine", "Karim",
        ],
        last_names: &[
            "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
            "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Fournier",
            "Girard", "Bonnet", "Mercier", "Lemaître",
        ],
        streets: &[
            "{n} rue de la République",
            "{n} avenue Victor Hugo",
            "{n} boulevard Voltaire",
            "{n} rue des Lilas",
            "{n} place du Marché",
            "{n} chemin des Vignes",
            "{n} rue Jean Jaurès",
        ],
        line2: &[
            "Bâtiment {n}",
            "Appartement {n}",
            "Résidence les Tilleuls",
            "Escalier {n}",
        ],
        cities: &[
            city("Paris", "par", "750##"),
            city("Lyon", "lys", "6900#"),
            city("Marseille", "mrs", "130##"),
            city("Toulouse", "tls", "31###"),
            city("Bordeaux", "bod", "33###"),
            city("Lille", "lil", "59###"),
            city("Nantes", "nte", "44###"),
        ],
    },
    Locale {
        language: "en-GB",
        country: "GB",
        weight: 14,
        phone_prefix: "+447",
        phone_digits: 9,
        first_names: &[
            "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Mia", "Charlie",
            "Grace", "Noah", "Freya", "Siobhan", "Rhys", "Priya", "Aisha", "Callum", "Eilidh",
        ],
        last_names: &[
            "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
            "Evans", "Thomas", "Roberts", "O'Brien", "MacDonald", "Khan", "Hughes", "Walker",
            "Wright",
        ],
        streets: &[
            "{n} High Street",
            "{n} Station Road",
            "{n} Church Lane",
            "{n} Victoria Road",
            "{n} Park Avenue",
            "{n} Mill Lane",
            "{n} Queen's Road",
        ],
        line2: &["Flat {n}", "Apartment {n}", "Unit {n}", "The Old Rectory"],
        cities: &[
            city("London", "lon", "SW# #@@"),
            city("Manchester", "man", "M## #@@"),
            city("Birmingham", "bhx", "B## #@@"),
            city("Leeds", "lds", "LS# #@@"),
            city("Bristol", "brs", "BS# #@@"),
            city("Edinburgh", "edi", "EH# #@@"),
            city("Glasgow", "gla", "G## #@@"),
        ],
    },
    Locale {
        language: "nl-NL",
        country: "NL",
        weight: 10,
        phone_prefix: "+316",
        phone_digits: 8,
        first_names: &[
            "Daan", "Sem", "Lucas", "Julia", "Emma", "Tess", "Sophie", "Bram", "Noor", "Lieke",
            "Sven", "Fenna", "Joris", "Maartje", "Thijs", "Anouk", "Youssef", "Femke",
        ],
        last_names: &[
            "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
            "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
            "Hendriks", "van Leeuwen",
        ],
        streets: &[
            "Kerkstraat {n}",
            "Dorpsstraat {n}",
            "Molenweg {n}",
            "Prinsengracht {n}",
            "Stationsweg {n}",
            "Lindelaan {n}",
            "Julianastraat {n}",
        ],
        line2: &["{n}e verdieping", "Huis {n}", "Bovenwoning"],
        cities: &[
            city("Amsterdam", "ams", "10## @@"),
            city("Rotterdam", "rtm", "30## @@"),
            city("Utrecht", "utc", "35## @@"),
            city("Den Haag", "hag", "25## @@"),
            city("Eindhoven", "ein", "56## @@"),
            city("Groningen", "grq", "97## @@"),
        ],
    },
    Locale {
        language: "es-ES",
        country: "ES",
        weight: 13,
        phone_prefix: "+346",
        phone_digits: 8,
        first_names: &[
            "Lucía", "Sofía", "Martina", "María", "Hugo", "Mateo", "Martín", "Leo", "Pablo",
            "Alejandro", "Carmen", "Javier", "Nuria", "Íñigo", "Ainhoa", "Jordi", "Montserrat",
            "Álvaro",
        ],
        last_names: &[
            "García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez",
            "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez",
            "Romero",
        ],
        streets: &[
            "Calle Mayor {n}",
            "Calle Real {n}",
            "Avenida de la Constitución {n}",
            "Plaza de España {n}",
            "Calle del Sol {n}",
            "Paseo de Gracia {n}",
            "Calle de Alcalá {n}",
        ],
        line2: &[
            "{n}º izquierda",
            "Piso {n}, puerta B",
            "Escalera {n}",
            "Bajo",
        ],
        cities: &[
            city("Madrid", "mad", "280##"),
            city("Barcelona", "bcn", "080##"),
            city("Valencia", "vlc", "460##"),
            city("Sevilla", "svq", "410##"),
            city("Bilbao", "bio", "480##"),
            city("Zaragoza", "zaz", "500##"),
        ],
    },
    Locale {
        language: "it-IT",
        country: "IT",
        weight: 12,
        phone_prefix: "+393",
        phone_digits: 9,
        first_names: &[
            "Giulia", "Sofia", "Aurora", "Alessandro", "Leonardo", "Francesco", "Lorenzo", "Chiara",
            "Matteo", "Giorgia", "Marco", "Federica", "Niccolò", "Elena", "Davide", "Beatrice",
        ],
        last_names: &[
            "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
        ],
        streets: &[
            "Via Roma {n}",
            "Via Garibaldi {n}",
            "Corso Italia {n}",
            "Via Dante {n}",
            "Piazza Mazzini {n}",
            "Via Verdi {n}",
            "Viale della Libertà {n}",
        ],
        line2: &["Scala {n}", "Interno {n}", "Piano {n}"],
        cities: &[
            city("Milano", "mil", "201##"),
            city("Roma", "rom", "001##"),
            city("Torino", "trn", "101##"),
            city("Napoli", "nap", "801##"),
            city("Bologna", "blq", "401##"),
            city("Firenze", "flr", "501##"),
        ],
    },
    Locale {
        language: "de-AT",
        country: "AT",
        weight: 7,
        phone_prefix: "+43664",
        phone_digits: 8,
        first_names: &[
            "Tobias", "Katharina", "Florian", "Lisa", "David", "Julia", "Sebastian", "Theresa",
            "Stefan", "Magdalena", "Lukas", "Valentina", "Josef", "Anna",
        ],
        last_names: &[
            "Gruber", "Huber", "Bauer", "Wagner", "Müller", "Pichler", "Steiner", "Moser", "Mayer",
            "Hofer", "Leitner", "Berger", "Fuchs", "Eder",
        ],
        streets: &[
            "Hauptplatz {n}",
            "Mariahilfer Straße {n}",
            "Kirchengasse {n}",
            "Bahnhofstraße {n}",
            "Lindengasse {n}",
            "Schönbrunner Straße {n}",
        ],
        line2: &["Top {n}", "Stiege {n}", "Tür {n}"],
        cities: &[
            city("Wien", "vie", "1##0"),
            city("Graz", "grz", "80##"),
            city("Linz", "lnz", "40##"),
            city("Salzburg", "szg", "50##"),
            city("Innsbruck", "inn", "60##"),
        ],
    },
];

const EMAIL_DOMAINS: [&str; 3] = ["example.com", "example.org", "example.net"];

/// Product categories: name, SKU prefix and the price range of their products in euros.
const CATEGORIES: [(&str, &str, u32, u32); 8] = [
    ("shoes", "SHO", 30, 180),
    ("outdoor", "OUT", 15, 399),
    ("kids", "KID", 5, 80),
    ("home", "HOM", 8, 250),
    ("beauty", "BEA", 5, 90),
    ("fashion", "FAS", 10, 150),
    ("sports", "SPO", 10, 220),
    ("accessories", "ACC", 5, 120),
];

/// Products per category.
const PRODUCTS_PER_CATEGORY: u32 = 400;

/// Most a generated order is worth, in cents.
const MAX_ORDER_CENTS: u64 = 40_000;

const REFERRERS: [&str; 7] = [
    "google.com",
    "bing.com",
    "instagram.com",
    "facebook.com",
    "pinterest.com",
    "idealo.de",
    "duckduckgo.com",
];

const SUPPORT_TOPICS: [&str; 7] = [
    "delivery",
    "order_status",
    "returns",
    "payment",
    "product_question",
    "account",
    "loyalty_programme",
];

const RETURN_REASONS: [&str; 6] = [
    "too_small",
    "too_large",
    "damaged",
    "not_as_described",
    "changed_mind",
    "late_delivery",
];

const EMAIL_LINKS: [&str; 5] = ["hero", "cta-1", "cta-2", "product-grid", "footer-app"];

// ---------------------------------------------------------------------------------------------
// Generation (pure: no I/O; everything follows from the seed, the customer number and `now`)
// ---------------------------------------------------------------------------------------------

/// SplitMix64: turns (seed, customer number) into well-spread seeds for independent streams.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn stream_seed(seed: u64, n: u64, stream: u64) -> u64 {
    mix(mix(seed) ^ mix(n.wrapping_mul(4).wrapping_add(stream)))
}

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.usize(..items.len())]
}

fn pick_ref<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.f64() < p
}

/// A standard normal sample (Box–Muller).
fn normal(rng: &mut Rng) -> f64 {
    let u1 = 1.0 - rng.f64(); // (0, 1]
    let u2 = rng.f64();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Lower-case ASCII for email addresses: diacritics folded, anything else dropped.
fn ascii_slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'a'..='z' => {
                out.push(c);
                continue;
            }
            'ä' | 'æ' => "ae",
            'ö' | 'œ' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'à' | 'á' | 'â' | 'ã' | 'å' => "a",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ı' => "i",
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
            'ù' | 'ú' | 'û' => "u",
            'ñ' => "n",
            'ç' => "c",
            _ => "",
        };
        out.push_str(folded);
    }
    out
}

fn expand_pattern(rng: &mut Rng, pattern: &str) -> String {
    const LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
    pattern
        .chars()
        .map(|c| match c {
            '#' => char::from(b'0' + rng.u8(0..10)),
            '@' => char::from(LETTERS[rng.usize(..LETTERS.len())]),
            other => other,
        })
        .collect()
}

fn hex(rng: &mut Rng, digits: usize) -> String {
    (0..digits).map(|_| rng.digit(16)).collect()
}

/// RFC 3339 in UTC, e.g. `2026-03-01T09:30:00Z`.
fn rfc3339(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A time uniformly between `from` and `to` (`from` if the span is empty).
fn between(rng: &mut Rng, from: OffsetDateTime, to: OffsetDateTime) -> OffsetDateTime {
    let span = (to - from).whole_seconds();
    if span <= 0 {
        return from;
    }
    from + Duration::seconds(rng.i64(0..=span))
}

/// A time between `from` and `to`, most likely within `hours` (UTC) of its day: a few tries
/// for one in those hours, then whatever came (night owls exist, and short spans may not
/// contain those hours at all).
fn during(
    rng: &mut Rng,
    from: OffsetDateTime,
    to: OffsetDateTime,
    hours: std::ops::Range<u8>,
) -> OffsetDateTime {
    let mut t = between(rng, from, to);
    for _ in 0..8 {
        if hours.contains(&t.hour()) {
            break;
        }
        t = between(rng, from, to);
    }
    t
}

/// One consent decision to record for a customer.
#[derive(Debug, Clone)]
pub(crate) struct PlannedConsent {
    pub(crate) purpose: &'static str,
    pub(crate) status: &'static str,
    pub(crate) source: Channel,
    pub(crate) collected_at: OffsetDateTime,
    pub(crate) evidence: BTreeMap<String, String>,
    pub(crate) operator_id: Option<String>,
}

impl PlannedConsent {
    pub(crate) fn decide(&self, now: OffsetDateTime) -> Result<ConsentDecision, Vec<FieldError>> {
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
pub(crate) struct Customer {
    /// 0-based number within the run; with the seed, it fixes everything else.
    pub(crate) n: u64,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    pub(crate) birth_date: String,
    pub(crate) language: &'static str,
    pub(crate) country: &'static str,
    pub(crate) line1: String,
    pub(crate) line2: Option<String>,
    pub(crate) postal_code: String,
    pub(crate) city: &'static str,
    pub(crate) loyalty_card: Option<String>,
    pub(crate) device_id: Option<String>,
    pub(crate) marketplace_id: Option<String>,
    pub(crate) pos_customer: Option<String>,
    /// When the customer first appeared; events and consents come after.
    pub(crate) since: OffsetDateTime,
    pub(crate) consents: Vec<PlannedConsent>,
    /// The channel of an objection to analytics, recorded after the customer's events.
    pub(crate) objection: Option<Channel>,
    /// Stores in the customer's country: their home store first.
    home_store: String,
    country_stores: Vec<String>,
    favourite_categories: [usize; 2],
    /// How many events the customer's history is meant to hold.
    pub(crate) event_budget: usize,
    events_seed: u64,
}

impl Customer {
    /// The raw subject as a channel would send it.
    pub(crate) fn raw(&self) -> RawSubject<'_> {
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
    fn email_window(&self, now: OffsetDateTime) -> Option<(OffsetDateTime, OffsetDateTime)> {
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

fn pick_locale(rng: &mut Rng) -> &'static Locale {
    let total: u32 = LOCALES.iter().map(|l| l.weight).sum();
    let mut roll = rng.u32(0..total);
    for locale in &LOCALES {
        if roll < locale.weight {
            return locale;
        }
        roll -= locale.weight;
    }
    &LOCALES[0]
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

/// Customer number `n` of the run with `seed`, as of `now`.
pub(crate) fn customer(seed: u64, n: u64, now: OffsetDateTime) -> Customer {
    let mut rng = Rng::with_seed(stream_seed(seed, n, 0));
    let k = n + 1; // the customer's number in their email, unique within the run
                   // Phone, loyalty card and POS numbers also carry the seed, so that runs with different
                   // seeds (below 1,000 apart, up to 100,000 customers each) can fill one vault side by side.
    let serial = (seed % 1_000) * 100_000 + k;
    let locale = pick_locale(&mut rng);
    let first_name = pick(&mut rng, locale.first_names).to_owned();
    let last_name = pick(&mut rng, locale.last_names).to_owned();
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
    let email = format!("{local}@{}", pick(&mut rng, &EMAIL_DOMAINS));
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
    let line1 = pick(&mut rng, locale.streets).replace("{n}", &house);
    let line2 = chance(&mut rng, 0.15)
        .then(|| pick(&mut rng, locale.line2).replace("{n}", &rng.u8(1..=12).to_string()));
    let postal_code = expand_pattern(&mut rng, home.postal);
    let cc = locale.country.to_ascii_lowercase();
    let store_of = |c: &City, nr: u8| format!("{cc}-{}-{nr:02}", c.code);
    let home_store = store_of(home, rng.u8(1..=2));
    let mut country_stores = vec![home_store.clone()];
    for c in locale.cities {
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
    let first_category = rng.usize(..CATEGORIES.len());
    let second_category =
        (first_category + 1 + rng.usize(..CATEGORIES.len() - 1)) % CATEGORIES.len();
    let event_budget = event_budget(&mut rng);

    Customer {
        n,
        first_name,
        last_name,
        email,
        phone,
        birth_date,
        language: locale.language,
        country: locale.country,
        line1,
        line2,
        postal_code,
        city: home.name,
        loyalty_card,
        device_id,
        marketplace_id,
        pos_customer,
        since,
        consents,
        objection,
        home_store,
        country_stores,
        favourite_categories: [first_category, second_category],
        event_budget,
        events_seed: stream_seed(seed, n, 1),
    }
}

/// A product: its SKU, category and unit price in cents (the same SKU always costs the same).
#[derive(Debug, Clone)]
struct Product {
    sku: String,
    category: &'static str,
    cents: u64,
}

fn product(category: usize, number: u32) -> Product {
    let (name, prefix, low, high) = CATEGORIES[category % CATEGORIES.len()];
    let h = mix(u64::from(number) ^ ((category as u64) << 32));
    let euros = u64::from(low) + h % u64::from(high - low);
    let cents = [99, 95, 49, 0][((h >> 20) % 4) as usize];
    Product {
        sku: format!("{prefix}-{:05}", 10_000 + number),
        category: name,
        cents: euros * 100 + cents,
    }
}

fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn props(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Kinds of session a customer's history is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Session {
    Web,
    App,
    Store,
    Marketplace,
    Support,
    Newsletter,
}

/// Builds one customer's event history.
struct History<'a> {
    c: &'a Customer,
    subject: SubjectId,
    seed: u64,
    now: OffsetDateTime,
    rng: Rng,
    out: Vec<IncomingEvent>,
    orders: u32,
}

impl History<'_> {
    fn push(
        &mut self,
        subject: &SubjectRef,
        event_type: &str,
        channel: Channel,
        at: OffsetDateTime,
        properties: Value,
    ) {
        // Clocks tick in milliseconds, not in whole seconds.
        let at = at + Duration::milliseconds(self.rng.i64(0..1_000));
        if at > self.now {
            return;
        }
        let j = self.out.len();
        self.out.push(IncomingEvent {
            client_event_id: format!("seed-{}-{}-{j}", self.seed, self.c.n),
            subject: subject.clone(),
            event_type: event_type.to_owned(),
            channel,
            occurred_at: at,
            properties: props(properties),
        });
    }

    fn by_id(&self) -> SubjectRef {
        SubjectRef::Id(self.subject)
    }

    /// How a channel names the customer: the identifier it knows, or the vault id.
    fn subject_for(&mut self, channel: Channel) -> SubjectRef {
        let (known, p) = match channel {
            Channel::App => (
                self.c
                    .device_id
                    .as_ref()
                    .map(|v| (IdentifierType::DeviceId, v)),
                0.5,
            ),
            Channel::Store => (
                self.c
                    .loyalty_card
                    .as_ref()
                    .map(|v| (IdentifierType::LoyaltyCard, v))
                    .or_else(|| {
                        self.c
                            .pos_customer
                            .as_ref()
                            .map(|v| (IdentifierType::PosCustomer, v))
                    }),
                0.7,
            ),
            Channel::Marketplace => (
                self.c
                    .marketplace_id
                    .as_ref()
                    .map(|v| (IdentifierType::MarketplaceId, v)),
                0.8,
            ),
            _ => (None, 0.0),
        };
        match known {
            Some((kind, value)) if chance(&mut self.rng, p) => {
                SubjectRef::Identifier(kind, value.clone())
            }
            _ => self.by_id(),
        }
    }

    fn later(&mut self, t: OffsetDateTime, min_s: i64, max_s: i64) -> OffsetDateTime {
        t + Duration::seconds(self.rng.i64(min_s..=max_s))
    }

    fn category(&mut self) -> usize {
        if chance(&mut self.rng, 0.7) {
            pick(&mut self.rng, &self.c.favourite_categories)
        } else {
            self.rng.usize(..CATEGORIES.len())
        }
    }

    fn product(&mut self, category: usize) -> Product {
        // Popular products are viewed more: the square of a uniform favours low numbers.
        let u = self.rng.f64();
        product(
            category,
            (u * u * f64::from(PRODUCTS_PER_CATEGORY)) as u32 % PRODUCTS_PER_CATEGORY,
        )
    }

    fn lang(&self) -> String {
        self.c.language[..2].to_owned()
    }

    /// A browsing session in the web shop or the app, maybe ending in a purchase.
    fn browse(&mut self, channel: Channel, start: OffsetDateTime, from_email: bool) {
        let who = self.subject_for(channel);
        let mut t = start;
        let lang = self.lang();
        if channel == Channel::App && chance(&mut self.rng, 0.25) {
            let campaign = campaign("push", t);
            self.push(
                &who,
                "push_open",
                channel,
                t,
                json!({ "campaign_id": campaign }),
            );
            t = self.later(t, 2, 20);
        }
        let category = self.category();
        let (cat_name, ..) = CATEGORIES[category];
        let landing = match self.rng.u8(0..4) {
            0 => "/".to_owned(),
            1 => format!("/{lang}/"),
            2 => format!("/{lang}/c/{cat_name}"),
            _ => format!("/{lang}/sale"),
        };
        let mut page = json!({ "path": landing });
        if channel == Channel::Web && !from_email && chance(&mut self.rng, 0.5) {
            page["referrer_domain"] = json!(pick(&mut self.rng, &REFERRERS));
        }
        self.push(&who, "page_view", channel, t, page);
        if chance(&mut self.rng, 0.3) {
            t = self.later(t, 5, 60);
            let q = self.rng.i64(3..=40);
            let results = if chance(&mut self.rng, 0.1) {
                0
            } else {
                self.rng.i64(1..=240)
            };
            self.push(
                &who,
                "search",
                channel,
                t,
                json!({ "query_length": q, "results": results }),
            );
        }
        let views = 1 + (normal(&mut self.rng).abs() * 2.0) as usize;
        let mut viewed = Vec::new();
        for _ in 0..views.min(8) {
            t = self.later(t, 8, 150);
            let category = if chance(&mut self.rng, 0.8) {
                category
            } else {
                self.category()
            };
            if chance(&mut self.rng, 0.3) {
                let (name, ..) = CATEGORIES[category];
                self.push(
                    &who,
                    "page_view",
                    channel,
                    t,
                    json!({ "path": format!("/{lang}/c/{name}") }),
                );
                t = self.later(t, 3, 40);
            }
            let p = self.product(category);
            self.push(
                &who,
                "product_view",
                channel,
                t,
                json!({ "sku": p.sku, "category": p.category }),
            );
            viewed.push(p);
        }
        if !chance(&mut self.rng, 0.35) {
            return;
        }
        // The cart: some of what was viewed, never more than an order may be worth.
        let mut cart: Vec<(Product, u64)> = Vec::new();
        let mut total = 0;
        for p in viewed {
            if !cart.is_empty() && !chance(&mut self.rng, 0.4) {
                continue;
            }
            let quantity = if chance(&mut self.rng, 0.12) { 2 } else { 1 };
            if total + p.cents * quantity > MAX_ORDER_CENTS {
                continue;
            }
            t = self.later(t, 5, 90);
            self.push(
                &who,
                "add_to_cart",
                channel,
                t,
                json!({ "sku": p.sku, "quantity": quantity, "amount": money(p.cents),
                        "currency": "EUR", "category": p.category }),
            );
            total += p.cents * quantity;
            cart.push((p, quantity));
        }
        if cart.len() > 1 && chance(&mut self.rng, 0.2) {
            let (p, quantity) = cart.remove(self.rng.usize(..cart.len()));
            t = self.later(t, 5, 120);
            self.push(
                &who,
                "remove_from_cart",
                channel,
                t,
                json!({ "sku": p.sku, "quantity": quantity, "amount": money(p.cents),
                        "currency": "EUR", "category": p.category }),
            );
            total -= p.cents * quantity;
        }
        if cart.is_empty() || !chance(&mut self.rng, 0.6) {
            return;
        }
        let items: u64 = cart.iter().map(|(_, q)| q).sum();
        t = self.later(t, 20, 300);
        self.push(
            &who,
            "checkout",
            channel,
            t,
            json!({ "cart_value": money(total), "currency": "EUR", "items": items }),
        );
        if chance(&mut self.rng, 0.8) {
            t = self.later(t, 30, 400);
            let products: Vec<Product> = cart.into_iter().map(|(p, _)| p).collect();
            self.purchase(&who, channel, t, &products, total, items);
        }
    }

    /// An order, and what may follow it: a return, a review, a question to customer service.
    fn purchase(
        &mut self,
        who: &SubjectRef,
        channel: Channel,
        t: OffsetDateTime,
        products: &[Product],
        total: u64,
        items: u64,
    ) {
        let Some(first) = products.first() else {
            return;
        };
        self.orders += 1;
        let order_id = format!("ORD-{:07}-{:03}", self.c.n + 1, self.orders);
        self.push(
            who,
            "purchase",
            channel,
            t,
            json!({ "order_id": order_id, "amount": money(total), "currency": "EUR",
                    "items": items, "category": first.category }),
        );
        if chance(&mut self.rng, 0.08) {
            let at = self.later(t, 3 * 86_400, 40 * 86_400);
            let (channel, who) = match channel {
                Channel::Marketplace => (channel, who.clone()),
                _ if chance(&mut self.rng, 0.35) => {
                    (Channel::Store, self.subject_for(Channel::Store))
                }
                Channel::App => (Channel::App, who.clone()),
                _ => (Channel::Web, self.by_id()),
            };
            let amount = if products.len() > 1 && chance(&mut self.rng, 0.5) {
                pick_ref(&mut self.rng, products).cents
            } else {
                total
            };
            let reason = pick(&mut self.rng, &RETURN_REASONS);
            self.push(
                &who,
                "return",
                channel,
                at,
                json!({ "order_id": order_id, "amount": money(amount), "currency": "EUR",
                        "reason_code": reason }),
            );
        }
        if chance(&mut self.rng, 0.12) {
            let at = self.later(t, 4 * 86_400, 30 * 86_400);
            let channel = match channel {
                Channel::Store => Channel::Web,
                other => other,
            };
            let who = match channel {
                Channel::Web => self.by_id(),
                _ => who.clone(),
            };
            let p = pick_ref(&mut self.rng, products).sku.clone();
            let rating = match self.rng.u8(0..100) {
                0..=44 => 5,
                45..=74 => 4,
                75..=86 => 3,
                87..=93 => 2,
                _ => 1,
            };
            self.push(
                &who,
                "review",
                channel,
                at,
                json!({ "sku": p, "rating": rating }),
            );
        }
        if chance(&mut self.rng, 0.04) {
            let at = self.later(t, 86_400, 6 * 86_400);
            let topic = if chance(&mut self.rng, 0.6) {
                "delivery"
            } else {
                "order_status"
            };
            self.support(at, Some(topic));
        }
    }

    fn store_visit(&mut self, t: OffsetDateTime) {
        let who = self.subject_for(Channel::Store);
        let store = if chance(&mut self.rng, 0.85) {
            self.c.home_store.clone()
        } else {
            pick_ref(&mut self.rng, &self.c.country_stores).clone()
        };
        let minutes = self.rng.i64(5..=75);
        self.push(
            &who,
            "store_visit",
            Channel::Store,
            t,
            json!({ "store_id": format!("store-{store}"), "duration_minutes": minutes }),
        );
        if chance(&mut self.rng, 0.55) {
            let mut products = Vec::new();
            let mut total = 0;
            for _ in 0..self.rng.usize(1..=3) {
                let category = self.category();
                let p = self.product(category);
                if total + p.cents <= MAX_ORDER_CENTS {
                    total += p.cents;
                    products.push(p);
                }
            }
            let at = self.later(t, 120, minutes * 60);
            let items = products.len() as u64;
            self.purchase(&who, Channel::Store, at, &products, total, items);
        }
    }

    fn marketplace_order(&mut self, t: OffsetDateTime) {
        let who = self.subject_for(Channel::Marketplace);
        let category = self.category();
        let p = self.product(category);
        let total = p.cents;
        self.purchase(&who, Channel::Marketplace, t, &[p], total, 1);
    }

    fn support(&mut self, t: OffsetDateTime, topic: Option<&str>) {
        let channel = match self.rng.u8(0..100) {
            0..=54 => Channel::CallCentre,
            55..=79 => Channel::Email,
            80..=94 => Channel::Web,
            _ => Channel::Store,
        };
        let who = self.subject_for(channel);
        let topic = topic.unwrap_or_else(|| pick(&mut self.rng, &SUPPORT_TOPICS));
        let duration = self.rng.i64(45..=1_800);
        let resolved = chance(&mut self.rng, 0.82);
        self.push(
            &who,
            "support_contact",
            channel,
            t,
            json!({ "topic": topic, "duration_seconds": duration, "resolved": resolved }),
        );
    }

    fn newsletter(&mut self, t: OffsetDateTime) {
        let who = self.by_id();
        let campaign = campaign("nl", t);
        self.push(
            &who,
            "email_open",
            Channel::Email,
            t,
            json!({ "campaign_id": campaign }),
        );
        if chance(&mut self.rng, 0.3) {
            let at = self.later(t, 5, 600);
            let link = pick(&mut self.rng, &EMAIL_LINKS);
            self.push(
                &who,
                "email_click",
                Channel::Email,
                at,
                json!({ "campaign_id": campaign, "link_id": link }),
            );
            if chance(&mut self.rng, 0.5) {
                let at = self.later(at, 2, 20);
                self.browse(Channel::Web, at, true);
            }
        }
    }

    fn generate(mut self) -> Vec<IncomingEvent> {
        let c = self.c;
        let latest = self.now - Duration::hours(1);
        let newsletter = c.email_window(self.now);
        let mut weights: Vec<(Session, f64)> = vec![
            (Session::Web, if c.device_id.is_some() { 1.5 } else { 3.0 }),
            (Session::Support, 0.25),
        ];
        if c.device_id.is_some() {
            weights.push((Session::App, 3.0));
        }
        let store_weight = match (&c.loyalty_card, &c.pos_customer) {
            (Some(_), Some(_)) => 2.5,
            (Some(_), None) | (None, Some(_)) => 1.6,
            (None, None) => 0.3,
        };
        weights.push((Session::Store, store_weight));
        if c.marketplace_id.is_some() {
            weights.push((Session::Marketplace, 1.2));
        }
        if newsletter.is_some() {
            weights.push((Session::Newsletter, 2.0));
        }
        // Everyone has their own habits.
        for (_, w) in &mut weights {
            *w *= 0.3 + 1.4 * self.rng.f64();
        }
        let total: f64 = weights.iter().map(|(_, w)| w).sum();
        let budget = c.event_budget;
        let mut sessions = 0;
        while self.out.len() < budget && sessions < budget * 4 + 10 {
            sessions += 1;
            let mut roll = self.rng.f64() * total;
            let mut kind = Session::Web;
            for (k, w) in &weights {
                kind = *k;
                if roll < *w {
                    break;
                }
                roll -= w;
            }
            // Hours in UTC, roughly local time in the markets (UTC+0 to +2): people shop
            // by day and in the evening, stores and the call centre keep office hours.
            let rng = &mut self.rng;
            match kind {
                Session::Web => {
                    let t = during(rng, c.since, latest, 5..22);
                    self.browse(Channel::Web, t, false);
                }
                Session::App => {
                    let t = during(rng, c.since, latest, 5..22);
                    self.browse(Channel::App, t, false);
                }
                Session::Store => {
                    let t = during(rng, c.since, latest, 8..18);
                    self.store_visit(t);
                }
                Session::Marketplace => {
                    let t = during(rng, c.since, latest, 5..22);
                    self.marketplace_order(t);
                }
                Session::Support => {
                    let t = during(rng, c.since, latest, 7..17);
                    self.support(t, None);
                }
                Session::Newsletter => {
                    if let Some((from, to)) = newsletter {
                        let t = during(rng, from, to, 5..21);
                        self.newsletter(t);
                    }
                }
            }
        }
        self.out
    }
}

/// A weekly campaign id, e.g. `nl-2026-w07`.
fn campaign(kind: &str, t: OffsetDateTime) -> String {
    let (year, week, _) = t.date().to_iso_week_date();
    format!("{kind}-{year}-w{week:02}")
}

/// The events of customer `c`, stored as `subject`, in the run with `seed`, as of `now`.
pub(crate) fn events(
    c: &Customer,
    subject: SubjectId,
    seed: u64,
    now: OffsetDateTime,
) -> Vec<IncomingEvent> {
    History {
        c,
        subject,
        seed,
        now,
        rng: Rng::with_seed(c.events_seed),
        out: Vec::new(),
        orders: 0,
    }
    .generate()
}

// ---------------------------------------------------------------------------------------------
// Driving the vault
// ---------------------------------------------------------------------------------------------

fn invalid(what: &str, errors: &[FieldError]) -> anyhow::Error {
    // Field pointers and messages only: they never repeat a value.
    let fields: Vec<String> = errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect();
    anyhow::anyhow!("generated {what} was refused: {}", fields.join("; "))
}

/// What storing one customer did.
struct Onboarded {
    subject: SubjectId,
    granted: usize,
    withdrawn: usize,
}

/// Stores a customer and records their consents; `None` if they are already stored.
async fn onboard(
    vault: &Vault,
    caller: &Caller<'_>,
    c: &Customer,
    now: OffsetDateTime,
) -> anyhow::Result<Option<Onboarded>> {
    let subject = NewSubject::parse(&c.raw(), now.date()).map_err(|e| invalid("subject", &e))?;
    let subject = match vault.create_subject(caller, subject).await {
        Ok(id) => id,
        Err(ServiceError::IdentifierTaken(_)) => return Ok(None),
        Err(ServiceError::Invalid(e)) => return Err(invalid("subject", &e)),
        Err(e) => return Err(anyhow::Error::new(e).context("creating a subject")),
    };
    let mut done = Onboarded {
        subject,
        granted: 0,
        withdrawn: 0,
    };
    for planned in &c.consents {
        let decision = planned.decide(now).map_err(|e| invalid("consent", &e))?;
        match vault
            .record_consent(caller, subject, planned.purpose, decision, false)
            .await
        {
            Ok(_) => {}
            Err(ServiceError::Invalid(e)) => return Err(invalid("consent", &e)),
            Err(e) => return Err(anyhow::Error::new(e).context("recording a consent")),
        }
        match planned.status {
            "granted" => done.granted += 1,
            _ => done.withdrawn += 1,
        }
    }
    Ok(Some(done))
}

/// Sends events to `ingest_events` in batches and counts the outcomes.
struct Sink<'a> {
    vault: &'a Vault,
    principal: &'a Principal,
    buffer: Vec<IncomingEvent>,
}

impl Sink<'_> {
    async fn push(
        &mut self,
        events: Vec<IncomingEvent>,
        report: &mut SeedReport,
    ) -> anyhow::Result<()> {
        for event in events {
            self.buffer.push(event);
            if self.buffer.len() >= MAX_EVENTS_PER_BATCH {
                self.flush(report).await?;
            }
        }
        Ok(())
    }

    async fn flush(&mut self, report: &mut SeedReport) -> anyhow::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.buffer);
        report.event_batches += 1;
        report.events_sent += batch.len();
        let request_id = format!("demo-seed-events-{}", report.event_batches);
        let caller = Caller {
            principal: self.principal,
            request_id: &request_id,
        };
        let outcomes = self
            .vault
            .ingest_events(&caller, batch.into_iter().map(Ok).collect())
            .await
            .context("ingesting a batch of events")?;
        for outcome in outcomes {
            match outcome {
                EventOutcome::Stored { .. } => report.events_accepted += 1,
                EventOutcome::Duplicate => report.events_duplicate += 1,
                EventOutcome::Rejected { reason, .. } => {
                    report.events_rejected += 1;
                    *report
                        .rejected_reasons
                        .entry(reason.to_owned())
                        .or_default() += 1;
                }
            }
        }
        Ok(())
    }
}

/// Fills `vault` with `subjects` customers and their histories, reproducibly from `seed`
/// (see the module doc). Progress goes to stderr every 1,000 customers, as counts only.
pub async fn seed(vault: &Vault, subjects: usize, seed: u64) -> anyhow::Result<SeedReport> {
    let started = Instant::now();
    let now = OffsetDateTime::now_utc();
    // Histories end at the start of today (UTC), so a seed gives the same customers and
    // histories whenever it runs; on another day, shifted by whole days.
    let until = now.replace_time(time::Time::MIDNIGHT);
    let principal = Principal {
        id: SEED_PRINCIPAL.into(),
        role: Role::Admin,
    };
    let mut report = SeedReport {
        seed,
        ..SeedReport::default()
    };
    let mut sink = Sink {
        vault,
        principal: &principal,
        buffer: Vec::with_capacity(MAX_EVENTS_PER_BATCH),
    };
    let mut next_progress = 1_000;
    for (chunk, first) in (0..subjects).step_by(CHUNK_SUBJECTS).enumerate() {
        let last = (first + CHUNK_SUBJECTS).min(subjects);
        let customers: Vec<Customer> = (first..last)
            .map(|n| customer(seed, n as u64, until))
            .collect();
        let request_id = format!("demo-seed-subjects-{}", chunk + 1);
        let caller = Caller {
            principal: &principal,
            request_id: &request_id,
        };
        let stored: Vec<anyhow::Result<Option<Onboarded>>> = stream::iter(&customers)
            .map(|c| onboard(vault, &caller, c, now))
            .buffered(CONCURRENCY)
            .collect()
            .await;
        let mut objections = Vec::new();
        for (c, stored) in customers.iter().zip(stored) {
            let Some(done) = stored? else {
                report.skipped_existing += 1;
                continue;
            };
            report.subjects += 1;
            report.consents_granted += done.granted;
            report.consents_withdrawn += done.withdrawn;
            report.consents += done.granted + done.withdrawn;
            sink.push(events(c, done.subject, seed, until), &mut report)
                .await?;
            if let Some(channel) = c.objection {
                objections.push((done.subject, channel));
            }
        }
        // Objections come now, after the history they would have stopped was collected.
        sink.flush(&mut report).await?;
        for (subject, channel) in objections {
            vault
                .object(&caller, subject, &["analytics".to_owned()], false, channel)
                .await
                .context("recording an objection")?;
            report.objections += 1;
        }
        let processed = last;
        while processed >= next_progress {
            eprintln!(
                "demo seed: {processed}/{subjects} customers ({} stored, {} skipped), {} events \
                 accepted, {} rejected",
                report.subjects,
                report.skipped_existing,
                report.events_accepted,
                report.events_rejected
            );
            next_progress += 1_000;
        }
    }
    report.elapsed_seconds = (started.elapsed().as_secs_f64() * 1_000.0).round() / 1_000.0;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::Path;

    use super::*;
    use crate::policy::Policy;
    use std::collections::HashMap;

    fn now() -> OffsetDateTime {
        time::macros::datetime!(2026-11-23 12:00 UTC)
    }

    fn policy() -> Policy {
        Policy::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")).unwrap()
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
            let c = customer(42, n, now);
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
        assert_eq!(languages.len(), LOCALES.len());
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
    fn same_seed_same_customers_other_seed_others() {
        let now = now();
        let id = SubjectId::generate();
        let history = |c: &Customer, until: OffsetDateTime| -> Vec<(String, OffsetDateTime)> {
            events(c, id, 7, until)
                .into_iter()
                .map(|e| (e.event_type, e.occurred_at))
                .collect()
        };
        let mut seen = 0;
        for n in 0..20 {
            let a = customer(7, n, now);
            let b = customer(7, n, now);
            assert_eq!((&a.email, &a.phone), (&b.email, &b.phone));
            assert_eq!(a.consents.len(), b.consents.len());
            let ha = history(&a, now);
            assert_eq!(ha, history(&b, now));
            // Another day: the same history, a day later.
            let tomorrow = now + Duration::days(1);
            let c = customer(7, n, tomorrow);
            assert_eq!(c.email, a.email);
            let shifted: Vec<_> = history(&c, tomorrow)
                .into_iter()
                .map(|(t, at)| (t, at - Duration::days(1)))
                .collect();
            assert_eq!(shifted, ha);
            seen += ha.len();
        }
        assert!(seen > 100);
        let others: HashSet<String> = (0..50).map(|n| customer(8, n, now).email).collect();
        let ours: HashSet<String> = (0..50).map(|n| customer(7, n, now).email).collect();
        assert!(others.intersection(&ours).count() < 10);
    }

    #[test]
    fn consents_parse_with_evidence_and_operators() {
        let now = now();
        let (mut granted, mut withdrawn, mut with_operator) = (HashMap::new(), 0, 0);
        let customers = 4_000;
        for n in 0..customers {
            let c = customer(42, n, now);
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

    #[test]
    fn events_pass_the_policy_and_look_like_a_shop() {
        let policy = policy();
        let now = now();
        let mut by_type: HashMap<String, usize> = HashMap::new();
        let mut channels = HashSet::new();
        let mut ids = HashSet::new();
        let mut per_customer = Vec::new();
        let mut by_identifier = 0;
        let customers = 1_000;
        for n in 0..customers {
            let c = customer(42, n, now);
            let subject = SubjectId::generate();
            let evs = events(&c, subject, 42, now);
            per_customer.push(evs.len());
            for e in evs {
                let t = policy.event_type(&e.event_type).unwrap();
                let checked = t.validate_properties(&e.properties);
                assert!(checked.is_ok(), "{}: {checked:?}", e.event_type);
                assert!(e.occurred_at <= now && e.occurred_at >= c.since);
                assert!(e.occurred_at >= now - Duration::days(731));
                assert!(ids.insert(e.client_event_id.clone()), "event id repeats");
                assert!(e.client_event_id.len() <= 128);
                match (&e.subject, e.event_type.as_str()) {
                    (SubjectRef::Identifier(IdentifierType::DeviceId, _), _) => {
                        assert_eq!(e.channel, Channel::App);
                        by_identifier += 1;
                    }
                    (SubjectRef::Identifier(kind, _), _) => {
                        assert!(
                            matches!(e.channel, Channel::Store | Channel::Marketplace),
                            "{kind}"
                        );
                        by_identifier += 1;
                    }
                    (SubjectRef::Id(id), _) => assert_eq!(*id, subject),
                }
                if e.event_type == "push_open" {
                    assert!(c.device_id.is_some());
                }
                if e.event_type.starts_with("email_") {
                    let (from, to) = c.email_window(now).unwrap();
                    assert!(e.occurred_at >= from && e.occurred_at <= to + Duration::hours(1));
                }
                if e.event_type == "purchase" {
                    let amount: f64 = e.properties["amount"].as_str().unwrap().parse().unwrap();
                    assert!((5.0..=400.0).contains(&amount), "{amount}");
                }
                channels.insert(e.channel.as_str());
                *by_type.entry(e.event_type).or_default() += 1;
            }
        }
        for t in policy.event_types() {
            assert!(
                by_type.get(&t.name).copied().unwrap_or(0) > 0,
                "no {}",
                t.name
            );
        }
        assert_eq!(channels.len(), 6, "{channels:?}");
        let total: usize = per_customer.iter().sum();
        let mean = total as f64 / customers as f64;
        assert!((15.0..40.0).contains(&mean), "mean {mean}");
        per_customer.sort_unstable();
        let median = per_customer[per_customer.len() / 2];
        assert!(median < 15, "median {median}");
        assert!(per_customer[per_customer.len() - 1] >= 150);
        assert!(by_identifier > total / 20);
        let returns = by_type["return"] as f64 / by_type["purchase"] as f64;
        assert!((0.04..0.12).contains(&returns), "returns {returns}");
    }

    #[test]
    fn slugs_fold_diacritics() {
        assert_eq!(ascii_slug("Müller"), "mueller");
        assert_eq!(ascii_slug("Íñigo"), "inigo");
        assert_eq!(ascii_slug("van den Berg"), "vandenberg");
        assert_eq!(ascii_slug("O'Brien"), "obrien");
        assert_eq!(ascii_slug("Yılmaz"), "yilmaz");
    }
}
