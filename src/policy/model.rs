//! The loaded policy: purposes, clients, data categories and event types, checked and ready for
//! look-ups.
//! Nothing here parses; [`super::load`] builds these values once at start.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::events::EventType;
use crate::domain::{ChannelPreference, ClientId, ContactChannel, Field, PurposeId, Transform};

/// The lawful basis of a purpose (GDPR Art. 6(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasis {
    Consent,
    Contract,
    LegalObligation,
    VitalInterest,
    PublicTask,
    LegitimateInterest,
}

impl LegalBasis {
    pub const ALL: [LegalBasis; 6] = [
        Self::Consent,
        Self::Contract,
        Self::LegalObligation,
        Self::VitalInterest,
        Self::PublicTask,
        Self::LegitimateInterest,
    ];

    /// The name used in `purposes.toml`, the API and the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consent => "consent",
            Self::Contract => "contract",
            Self::LegalObligation => "legal_obligation",
            Self::VitalInterest => "vital_interest",
            Self::PublicTask => "public_task",
            Self::LegitimateInterest => "legitimate_interest",
        }
    }

    /// The point of GDPR Art. 6(1) this basis is, for records of processing (Art. 30).
    pub fn gdpr_article(self) -> &'static str {
        match self {
            Self::Consent => "Art. 6(1)(a)",
            Self::Contract => "Art. 6(1)(b)",
            Self::LegalObligation => "Art. 6(1)(c)",
            Self::VitalInterest => "Art. 6(1)(d)",
            Self::PublicTask => "Art. 6(1)(e)",
            Self::LegitimateInterest => "Art. 6(1)(f)",
        }
    }

    /// Whether an objection (Art. 21(1)) stops a purpose on this basis unless the policy says
    /// otherwise: processing based on a public task or a legitimate interest.
    pub fn objection_stops_by_default(self) -> bool {
        matches!(self, Self::LegitimateInterest | Self::PublicTask)
    }
}

impl fmt::Display for LegalBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One purpose of processing, as declared in `purposes.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purpose {
    pub id: PurposeId,
    pub description: String,
    pub legal_basis: LegalBasis,
    /// The fields this purpose may see (groups already expanded).
    pub fields: BTreeSet<Field>,
    /// The behavioural event types this purpose may see; each is defined in `events.toml`
    /// (checked at load, see [`Policy::event_type`]).
    pub event_types: BTreeSet<String>,
    /// How long data held for this purpose may be kept, in days (at least 1).
    pub retention_days: u32,
    /// The period runs from the end of the calendar year (UTC) of the datum, not from the
    /// datum itself: commercial and tax record keeping (HGB §257(5), AO §147(4)).
    pub retention_from_year_end: bool,
    /// Whether an objection (Art. 21) stops this purpose. A direct-marketing purpose is always
    /// stopped by an objection, whatever this says (Art. 21(3)); for a `sale_or_sharing`
    /// purpose the loader makes this true (an objection from a GPC signal must stop it).
    pub objection_stops: bool,
    /// Whether this purpose may still run while processing is restricted (Art. 18(2): legal
    /// claims, protection of others' rights).
    pub allowed_under_restriction: bool,
    /// The version of the notice shown when consent was asked; always set for consent purposes.
    pub notice_version: Option<String>,
    /// Consent given under another notice version no longer counts (see
    /// [`Purpose::consent_counts`]). Only ever set on consent purposes (checked at load).
    pub reconsent_required: bool,
    /// Direct marketing (Art. 21(2)): an objection always stops it.
    pub direct_marketing: bool,
    /// Selling or sharing personal data, or targeted advertising (CCPA/CPRA and similar laws):
    /// a Global Privacy Control signal records an objection that stops it. Such a purpose is
    /// always stopped by an objection (checked at load: `objection_stops` is true).
    pub sale_or_sharing: bool,
    /// The Fides (fideslang) data-use name, e.g. `marketing.communications.email`.
    pub fides_data_use: Option<String>,
    /// Reduced views: fields this purpose gets only transformed (e.g. `email` masked). Every
    /// key is one of `fields` and every transform applies to its field (checked at load).
    pub views: BTreeMap<Field, Transform>,
    /// Profiling (Art. 4(4), Recital 71): personalisation, targeted advertising. Never for a
    /// minor (the decision denies it with `minor`).
    pub profiling: bool,
    /// The evidence keys a grant must carry (e.g. `double_opt_in_ref`); each one of
    /// [`crate::domain::EVIDENCE_KEYS`], only on consent purposes (checked at load).
    pub required_evidence: BTreeSet<String>,
    /// Segment queries for this purpose answer counts only, never members (e.g. analytics).
    pub aggregate_only: bool,
    /// The smallest count an aggregate answer shows; smaller cells are suppressed.
    pub min_cell_size: u64,
    /// The channels this purpose may contact the customer on (a contact decision for another
    /// channel is refused); each channel's address field is one of `fields` (checked at load).
    pub contact_channels: BTreeSet<ContactChannel>,
}

/// The default smallest cell of an aggregate answer.
pub const DEFAULT_MIN_CELL_SIZE: u64 = 10;

impl Purpose {
    /// Whether messages for this purpose are service messages (an order confirmation, a
    /// delivery notice, an invoice: contract, legal obligation, vital interest): they follow
    /// consent, objection, restriction and a hard bounce like any message, but not the
    /// customer's channel opt-outs, frequency caps or quiet hours, which are about marketing.
    pub fn sends_service_messages(&self) -> bool {
        matches!(
            self.legal_basis,
            LegalBasis::Contract | LegalBasis::LegalObligation | LegalBasis::VitalInterest
        )
    }

    pub fn allows_field(&self, field: Field) -> bool {
        self.fields.contains(&field)
    }

    pub fn allows_event_type(&self, event_type: &str) -> bool {
        self.event_types.contains(event_type)
    }

    pub fn requires_consent(&self) -> bool {
        self.legal_basis == LegalBasis::Consent
    }

    /// Whether a subject's objection stops this purpose.
    pub fn stopped_by_objection(&self) -> bool {
        self.objection_stops || self.direct_marketing
    }

    /// Whether an objection concerns this purpose at all: one stops it, or it is based on a
    /// legitimate interest or a public task (Art. 21(1)), where an objection stops it unless
    /// compelling grounds are documented.
    pub fn open_to_objection(&self) -> bool {
        self.stopped_by_objection() || self.legal_basis.objection_stops_by_default()
    }

    /// An objection to this purpose stops it only until a DPO documents compelling grounds
    /// that override it (Art. 21(1), Art. 18(1)(d)): a legitimate interest or public task the
    /// policy marks `objection_stops = false`.
    pub fn objection_needs_assessment(&self) -> bool {
        self.open_to_objection() && !self.stopped_by_objection()
    }

    /// Whether a consent given under the notice version `consent_notice_version` still counts
    /// for this purpose: always, unless the purpose has `reconsent_required` and the version
    /// differs from its current `notice_version` (compared exactly).
    pub fn consent_counts(&self, consent_notice_version: &str) -> bool {
        !self.reconsent_required || self.notice_version.as_deref() == Some(consent_notice_version)
    }

    /// Whether a subject under 18 is refused for this purpose: profiling, or selling or
    /// sharing data (Art. 8, Recitals 38 and 71).
    pub fn closed_to_minors(&self) -> bool {
        self.profiling || self.sale_or_sharing
    }

    /// Whether a Global Privacy Control signal (an objection to sale or sharing) stops this
    /// purpose.
    pub fn stopped_by_gpc(&self) -> bool {
        self.sale_or_sharing
    }

    /// The reduced view this purpose gets of `field`, if any; `None` means the value itself
    /// (when the field is allowed at all).
    pub fn view(&self, field: Field) -> Option<Transform> {
        self.views.get(&field).copied()
    }

    pub fn retention(&self) -> time::Duration {
        time::Duration::days(i64::from(self.retention_days))
    }

    /// Data of this purpose dated strictly before this (microseconds since the epoch) is
    /// past its retention at `now_us`: `retention_days` back from now, and with
    /// `retention_from_year_end` the start of that year (a datum of 2016 under a ten-year
    /// duty is kept until the end of 2026).
    pub fn retention_cutoff_us(&self, now_us: i64) -> i64 {
        retention_cutoff_us(now_us, self.retention_days, self.retention_from_year_end)
    }
}

const MICROS_PER_DAY: i64 = 86_400 * 1_000_000;

/// When the period of a datum dated `datum_us` ends: `days` after it, or with
/// `from_year_end` after the end of its calendar year (UTC).
pub fn retention_end_us(datum_us: i64, days: u32, from_year_end: bool) -> i64 {
    let start = if from_year_end {
        year_start_us(datum_us, 1).unwrap_or(datum_us)
    } else {
        datum_us
    };
    start.saturating_add(i64::from(days).saturating_mul(MICROS_PER_DAY))
}

/// See [`Purpose::retention_cutoff_us`].
pub fn retention_cutoff_us(now_us: i64, days: u32, from_year_end: bool) -> i64 {
    let back = now_us.saturating_sub(i64::from(days).saturating_mul(MICROS_PER_DAY));
    if from_year_end {
        year_start_us(back, 0).unwrap_or(back)
    } else {
        back
    }
}

/// 1 January 00:00 UTC of the year of `us`, plus `years` years; `None` out of range.
fn year_start_us(us: i64, years: i32) -> Option<i64> {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1_000).ok()?;
    let start = time::Date::from_calendar_date(t.year() + years, time::Month::January, 1).ok()?;
    i64::try_from(start.midnight().assume_utc().unix_timestamp_nanos() / 1_000).ok()
}

/// A calling system (JWT `sub`) and the purposes it may ask for, from `clients.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub id: ClientId,
    pub description: String,
    pub purposes: BTreeSet<PurposeId>,
    /// Where the vault tells this client that a subject whose data it received was
    /// rectified, erased or restricted (GDPR Art. 19): an `http://` or `https://` URL of at
    /// most [`MAX_WEBHOOK_URL_CHARS`] characters (checked at load). `None`: not notified.
    pub webhook_url: Option<String>,
    /// This client's own request rate (`requests_per_second`), replacing the server-wide
    /// `CUSTODIA_RATE_LIMIT_PER_SECOND` for it; its burst is twice the rate. `None`: the
    /// server-wide rate applies.
    pub requests_per_second: Option<std::num::NonZeroU32>,
    /// The consent purposes whose *grants* this client may record (`records_consent`); each
    /// is one of `purposes` and based on consent (checked at load). Withdrawals, refusals
    /// and objections it may record for any purpose it is registered for. Default: none.
    pub records_consent: BTreeSet<PurposeId>,
    /// Whether this client may merge subjects or link identifiers (`identity_management`,
    /// default false).
    pub identity_management: bool,
    /// Who receives the data, as a data subject's access answer names it (Art. 15(1)(c)).
    pub recipient: RecipientInfo,
}

/// A client as a recipient of personal data (Art. 15(1)(c), 15(2)): named for the data
/// subject, with its role and where it processes the data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecipientInfo {
    /// The name a data subject understands (`name`; default: the description).
    pub name: String,
    /// `internal`, `processor` (Art. 28) or `third_party` (`recipient`; default internal).
    pub kind: RecipientKind,
    /// ISO 3166-1 alpha-2 country where it processes the data (`country`), if declared.
    pub country: Option<String>,
    /// For a country outside the EEA: the Art. 46/45 safeguard (`transfer_safeguard`, e.g. an
    /// adequacy decision or standard contractual clauses); required there (checked at load).
    pub transfer_safeguard: Option<String>,
}

impl RecipientInfo {
    /// Whether the data leaves the EEA to reach this recipient (Art. 15(2)).
    pub fn is_transfer(&self) -> bool {
        self.country.as_deref().is_some_and(|c| !EEA.contains(&c))
    }
}

/// Who a recipient is to the controller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    /// A team or system of the controller itself.
    #[default]
    Internal,
    /// A processor acting on the controller's instructions (Art. 28).
    Processor,
    /// Another controller.
    ThirdParty,
}

impl RecipientKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Internal => "internal",
            Self::Processor => "processor",
            Self::ThirdParty => "third_party",
        }
    }
}

/// The EEA member states (EU and Iceland, Liechtenstein, Norway), ISO 3166-1 alpha-2.
pub const EEA: [&str; 30] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

/// The longest `webhook_url` a client may have.
pub const MAX_WEBHOOK_URL_CHARS: usize = 2000;

impl Client {
    pub fn may_use(&self, purpose: &PurposeId) -> bool {
        self.purposes.contains(purpose)
    }

    /// Whether this client may record a consent *grant* for `purpose`.
    pub fn may_record_grant(&self, purpose: &PurposeId) -> bool {
        self.records_consent.contains(purpose)
    }
}

/// The whole policy, loaded and checked once at start (see [`Policy::load`]); every look-up is
/// a hash or tree look-up, nothing is parsed while deciding.
#[derive(Debug, Clone)]
pub struct Policy {
    /// In file order, so records of processing list purposes as the DPO wrote them.
    pub(super) purposes: Vec<Purpose>,
    pub(super) purpose_index: HashMap<PurposeId, usize>,
    pub(super) clients: Vec<Client>,
    pub(super) client_index: HashMap<ClientId, usize>,
    /// Every field of [`Field::all`] has an entry (checked at load).
    pub(super) categories: BTreeMap<Field, String>,
    /// From `tcf.toml`: consent purposes → the IAB TCF v2.2 purposes (1 to 11) a TC string
    /// must consent to before a grant carrying it is accepted.
    pub(super) tcf: HashMap<PurposeId, BTreeSet<u8>>,
    /// From `events.toml`, in file order: every type is served by a purpose and every type a
    /// purpose lists is here (checked at load).
    pub(super) event_types: Vec<EventType>,
    pub(super) event_type_index: HashMap<String, usize>,
    /// From `notices.toml`: the published notices, by version.
    pub(super) notices: BTreeMap<String, Notice>,
    /// From `controller.toml` (defaults without it).
    pub(super) controller: Controller,
    /// From `events.toml`: product categories (lower case) that reveal special categories of
    /// data (Art. 9) and so never feed a profile.
    pub(super) sensitive_categories: BTreeSet<String>,
    /// From `contact.toml` (defaults without it).
    pub(super) contact: ContactDefaults,
    /// From `triggers.toml`, in file order (none without it).
    pub(super) triggers: Vec<Trigger>,
}

/// A marketing automation rule (`triggers.toml`): an `after` event (of `category`, if set)
/// with no `unless` event since, `within_hours` ago, makes the customer a candidate for a
/// message on `channel` for `purpose`, which `client` sends when the contact decision allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub name: String,
    pub description: String,
    pub purpose: PurposeId,
    pub channel: ContactChannel,
    /// The client told (its `webhook_url`), registered for `purpose` (checked at load).
    pub client: ClientId,
    pub after: String,
    pub category: Option<String>,
    pub unless: Vec<String>,
    pub within_hours: i64,
    /// Evaluated by the server; a disabled rule can still be dry-run.
    pub enabled: bool,
}

/// What a contact decision assumes where the customer chose nothing (`contact.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDefaults {
    /// Every channel has an entry.
    pub channels: BTreeMap<ContactChannel, ChannelPreference>,
    /// Default quiet hours (start, end), in the customer's time zone if they gave one, else
    /// the controller's.
    pub quiet_hours: Option<(time::Time, time::Time)>,
}

impl Default for ContactDefaults {
    /// Every channel opted in, a cap of 3 a week (1 for calls and letters), quiet from 21:00 to
    /// 08:00.
    fn default() -> Self {
        let channels = ContactChannel::ALL
            .into_iter()
            .map(|c| {
                let cap = match c {
                    ContactChannel::Phone | ContactChannel::Post => 1,
                    _ => 3,
                };
                (
                    c,
                    ChannelPreference {
                        opted_in: true,
                        max_per_week: Some(cap),
                    },
                )
            })
            .collect();
        Self {
            channels,
            quiet_hours: Some((time::macros::time!(21:00), time::macros::time!(08:00))),
        }
    }
}

impl ContactDefaults {
    /// The default for `channel`.
    pub fn channel(&self, channel: ContactChannel) -> ChannelPreference {
        self.channels
            .get(&channel)
            .copied()
            .unwrap_or(ChannelPreference {
                opted_in: true,
                max_per_week: None,
            })
    }
}

/// A published privacy notice (`notices.toml`): what people were shown when they consented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The version a consent decision names in `policy_version`, e.g. `2026-01`.
    pub version: String,
    /// Where the text is published.
    pub url: String,
    /// SHA-256 of the published text, 64 lower-case hex digits.
    pub sha256: String,
    pub published_at: time::OffsetDateTime,
    /// The purposes the notice asks consent for (each defined in `purposes.toml`).
    pub purposes: BTreeSet<PurposeId>,
}

impl Notice {
    pub fn covers(&self, purpose: &PurposeId) -> bool {
        self.purposes.contains(purpose)
    }
}

/// The youngest age at which a person may consent alone to an information society service
/// where no member-state rule applies (GDPR Art. 8(1)).
pub const DEFAULT_DIGITAL_CONSENT_AGE: u8 = 16;

/// The controller (GDPR Art. 4(7)) and its settings, from `controller.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Controller {
    /// The controller's name, as a receipt names it (empty without `controller.toml`).
    pub name: String,
    /// Where the controller is established: ISO 3166-1 alpha-2 (`DE`).
    pub country: Option<String>,
    /// IANA time zone of the controller (`Europe/Berlin`): deadlines end at midnight there.
    pub time_zone: String,
    /// Where a person withdraws consent (a privacy centre URL), for receipts.
    pub withdraw_url: Option<String>,
    /// Art. 8(1): the age below which a consent grant needs a parent's consent, where the
    /// subject's country has no line in `by_country`.
    pub digital_consent_age: u8,
    /// Member-state ages (Art. 8(1) second subparagraph: 13 to 16), by ISO country code.
    pub digital_consent_age_by_country: BTreeMap<String, u8>,
}

impl Default for Controller {
    fn default() -> Self {
        Self {
            name: String::new(),
            country: None,
            time_zone: "UTC".to_owned(),
            withdraw_url: None,
            digital_consent_age: DEFAULT_DIGITAL_CONSENT_AGE,
            digital_consent_age_by_country: BTreeMap::new(),
        }
    }
}

impl Controller {
    /// The controller's time zone (checked at load; UTC should it ever be unknown).
    pub fn zone(&self) -> &'static crate::domain::Tz {
        crate::domain::time_zone(&self.time_zone).unwrap_or(time_tz::timezones::db::UTC)
    }

    /// The digital consent age for a subject living in `country` (ISO code, e.g. `FR`), or
    /// the default when the country is unknown or has no line.
    pub fn digital_consent_age(&self, country: Option<&str>) -> u8 {
        country
            .and_then(|c| self.digital_consent_age_by_country.get(c))
            .copied()
            .unwrap_or(self.digital_consent_age)
    }
}

impl Policy {
    pub fn purpose(&self, id: &PurposeId) -> Option<&Purpose> {
        self.purpose_index
            .get(id)
            .and_then(|&i| self.purposes.get(i))
    }

    pub fn client(&self, id: &ClientId) -> Option<&Client> {
        self.client_index.get(id).and_then(|&i| self.clients.get(i))
    }

    /// Every purpose, in the order of `purposes.toml`.
    pub fn purposes(&self) -> impl Iterator<Item = &Purpose> {
        self.purposes.iter()
    }

    /// Every client, in the order of `clients.toml`.
    pub fn clients(&self) -> impl Iterator<Item = &Client> {
        self.clients.iter()
    }

    /// The data category of a field, e.g. `user.contact.email`. Every field has one in a loaded
    /// policy (the loader refuses a policy that leaves one out).
    pub fn category(&self, field: Field) -> &str {
        self.categories.get(&field).map_or("", String::as_str)
    }

    /// The data categories of the fields `purpose` may see (fideslang names), sorted, each
    /// once: what records of processing (Art. 30) and an access answer (Art. 15) list.
    pub fn field_categories(&self, purpose: &Purpose) -> BTreeSet<&str> {
        purpose.fields.iter().map(|f| self.category(*f)).collect()
    }

    /// The recipient a client is (`clients.toml`), by client id; the default (internal, no
    /// name) for an id the policy does not list (an audit entry of a client since removed).
    pub fn recipient_info(&self, client: &str) -> RecipientInfo {
        ClientId::parse(client)
            .ok()
            .and_then(|id| self.client(&id))
            .map(|c| c.recipient.clone())
            .unwrap_or_default()
    }

    /// The IAB TCF v2.2 purposes a TC string must consent to for a grant of `purpose` to be
    /// accepted, as `tcf.toml` maps them; `None` when the purpose has no line there.
    pub fn tcf_purposes(&self, purpose: &PurposeId) -> Option<&BTreeSet<u8>> {
        self.tcf.get(purpose)
    }

    /// Every field with its data category, in the order of [`Field::all`].
    pub fn categories(&self) -> impl Iterator<Item = (Field, &str)> {
        self.categories.iter().map(|(f, c)| (*f, c.as_str()))
    }

    /// Whether a product category is one `events.toml` marks sensitive (compared without
    /// regard to case and surrounding space).
    pub fn is_sensitive_category(&self, category: &str) -> bool {
        self.sensitive_categories
            .contains(&category.trim().to_lowercase())
    }

    /// The event type called `name`, if `events.toml` defines it.
    pub fn event_type(&self, name: &str) -> Option<&EventType> {
        self.event_type_index
            .get(name)
            .and_then(|&i| self.event_types.get(i))
    }

    /// The published notice of `version`, if `notices.toml` lists it.
    pub fn notice(&self, version: &str) -> Option<&Notice> {
        self.notices.get(version)
    }

    /// Every published notice, by version.
    pub fn notices(&self) -> impl Iterator<Item = &Notice> {
        self.notices.values()
    }

    /// The controller and its settings (`controller.toml`).
    pub fn controller(&self) -> &Controller {
        &self.controller
    }

    /// The contact defaults (`contact.toml`).
    pub fn contact(&self) -> &ContactDefaults {
        &self.contact
    }

    /// The automation rules (`triggers.toml`), in file order.
    pub fn triggers(&self) -> &[Trigger] {
        &self.triggers
    }

    pub fn trigger(&self, name: &str) -> Option<&Trigger> {
        self.triggers.iter().find(|t| t.name == name)
    }

    /// Every event type, in the order of `events.toml`.
    pub fn event_types(&self) -> impl Iterator<Item = &EventType> {
        self.event_types.iter()
    }

    /// The purposes that serve `event_type` (list it in their `event_types`), in the order of
    /// `purposes.toml`; empty for a type the catalogue does not define.
    pub fn served_purposes(&self, event_type: &str) -> &[PurposeId] {
        self.event_type(event_type)
            .map_or(&[], |t| t.served_by.as_slice())
    }
}
