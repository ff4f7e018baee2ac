//! The one decision function (design §3). Pure: no I/O, no clock, no parsing; the caller passes
//! the subject's state and the time.

use std::fmt;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use time::OffsetDateTime;

use super::model::{Policy, Purpose};
use crate::domain::{ClientId, Field, PurposeId, Transform};

/// The subject's consent for the purpose asked, as derived from the consent ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConsentState {
    /// No consent decision recorded.
    #[default]
    None,
    Granted {
        expires_at: Option<OffsetDateTime>,
    },
    Withdrawn,
    Refused,
    /// Consent was given under an older notice version and must be asked again.
    ReconsentRequired,
}

/// What the decision needs to know about the subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SubjectState {
    /// Consent for the purpose asked.
    pub consent: ConsentState,
    /// An objection (Art. 21) covering the purpose asked.
    pub objected: bool,
    /// Processing restricted (Art. 18).
    pub restricted: bool,
    /// Erased (Art. 17).
    pub erased: bool,
    /// Under 18 as the vault's coarse marker says (`subjects.minor_until_us`): never profiled
    /// or targeted (Art. 8, Recitals 38 and 71).
    pub minor: bool,
}

/// What a read hands out: one person's data, or only counts over many people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A person's fields, events or profile, or a person as a segment member.
    Person,
    /// Counts over people, never one of them (an aggregate segment answer).
    Aggregate,
}

/// One read: who asks, for which purpose, about whom, and which fields the subject has.
#[derive(Debug, Clone, Copy)]
pub struct AccessRequest<'a> {
    pub client: &'a ClientId,
    pub purpose: &'a PurposeId,
    /// Whether the answer names a person; an `aggregate_only` purpose gets counts only.
    pub scope: Scope,
    pub subject: &'a SubjectState,
    /// The fields the subject actually has, in the order the answer should list them.
    pub present: &'a [Field],
    /// The behavioural event types asked for (empty: none).
    pub event_types: &'a [String],
    pub now: OffsetDateTime,
}

/// Why a read was refused. The names are part of the API and the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DenyReason {
    UnknownPurpose,
    PurposeNotAllowedForClient,
    /// The purpose answers counts only (`aggregate_only`), never a person.
    AggregateOnly,
    Erased,
    Restricted,
    NoConsent,
    ConsentWithdrawn,
    ConsentRefused,
    ConsentExpired,
    ReconsentRequired,
    Objected,
    /// The subject is a minor and the purpose profiles or targets (sells or shares) them.
    Minor,
    /// Recording, not reading: the client may record withdrawals, refusals and objections
    /// for the purpose, but not a grant (it is not in its `records_consent`).
    GrantNotAllowedForClient,
}

impl DenyReason {
    /// Every reason: those a read can get ([`DenyReason::READS`]) and those only recording
    /// a decision can get.
    pub const ALL: [DenyReason; 13] = [
        Self::UnknownPurpose,
        Self::PurposeNotAllowedForClient,
        Self::AggregateOnly,
        Self::Erased,
        Self::Restricted,
        Self::Minor,
        Self::NoConsent,
        Self::ConsentWithdrawn,
        Self::ConsentRefused,
        Self::ConsentExpired,
        Self::ReconsentRequired,
        Self::Objected,
        Self::GrantNotAllowedForClient,
    ];

    /// The reasons [`Policy::decide`] gives, in the order it checks them.
    pub const READS: [DenyReason; 12] = [
        Self::UnknownPurpose,
        Self::PurposeNotAllowedForClient,
        Self::AggregateOnly,
        Self::Erased,
        Self::Restricted,
        Self::Minor,
        Self::NoConsent,
        Self::ConsentWithdrawn,
        Self::ConsentRefused,
        Self::ConsentExpired,
        Self::ReconsentRequired,
        Self::Objected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnknownPurpose => "unknown_purpose",
            Self::PurposeNotAllowedForClient => "purpose_not_allowed_for_client",
            Self::AggregateOnly => "aggregate_only",
            Self::Erased => "erased",
            Self::Restricted => "restricted",
            Self::NoConsent => "no_consent",
            Self::ConsentWithdrawn => "consent_withdrawn",
            Self::ConsentRefused => "consent_refused",
            Self::ConsentExpired => "consent_expired",
            Self::ReconsentRequired => "reconsent_required",
            Self::Objected => "objected",
            Self::Minor => "minor",
            Self::GrantNotAllowedForClient => "grant_not_allowed_for_client",
        }
    }

    /// A sentence for people (problem details, DPO screens); never names personal data.
    pub fn description(self) -> &'static str {
        match self {
            Self::UnknownPurpose => "the purpose is not defined in the policy",
            Self::PurposeNotAllowedForClient => "this client is not registered for the purpose",
            Self::AggregateOnly => "the purpose answers counts only, never about one person",
            Self::Erased => "the subject has been erased",
            Self::Restricted => "processing for this subject is restricted",
            Self::NoConsent => "the purpose needs consent and none is recorded",
            Self::ConsentWithdrawn => "the subject has withdrawn consent for the purpose",
            Self::ConsentRefused => "the subject has refused consent for the purpose",
            Self::ConsentExpired => "the subject's consent for the purpose has expired",
            Self::ReconsentRequired => {
                "the consent was given under an older notice and must be renewed"
            }
            Self::Objected => "the subject has objected to the purpose",
            Self::Minor => "the subject is a minor, and the purpose profiles or targets people",
            Self::GrantNotAllowedForClient => {
                "this client may record withdrawals and objections for the purpose, not grants"
            }
        }
    }
}

impl fmt::Display for DenyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a field was left out of an allowed read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WithholdReason {
    /// The purpose does not cover this field.
    NotInPurpose,
}

impl WithholdReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotInPurpose => "not_in_purpose",
        }
    }
}

impl fmt::Display for WithholdReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Withheld {
    pub field: Field,
    pub reason: WithholdReason,
}

/// The answer to one read. A denial gives nothing and names the reason (`given`, `withheld`
/// and `views` are empty); an allowed read lists the fields given and those withheld, with why,
/// and the reduced views the purpose gets of some given fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub allowed: bool,
    pub reason: Option<DenyReason>,
    pub given: Vec<Field>,
    pub withheld: Vec<Withheld>,
    /// The given fields the purpose sees only transformed, with the transform, in `given`'s
    /// order: the caller must hand out `transform.apply(field, value, today)` instead of the
    /// value. Serialised as an object `{"email": "mask", …}`.
    #[serde(serialize_with = "views_as_map")]
    pub views: Vec<(Field, Transform)>,
    /// The event types asked for that the purpose may see, in the order asked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events_given: Vec<String>,
    /// The event types asked for that the purpose may not see.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events_withheld: Vec<String>,
}

fn views_as_map<S: Serializer>(views: &[(Field, Transform)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(views.len()))?;
    for (field, transform) in views {
        map.serialize_entry(field, transform)?;
    }
    map.end()
}

impl Decision {
    pub fn deny(reason: DenyReason) -> Self {
        Self {
            allowed: false,
            reason: Some(reason),
            given: Vec::new(),
            withheld: Vec::new(),
            views: Vec::new(),
            events_given: Vec::new(),
            events_withheld: Vec::new(),
        }
    }

    /// The transform to apply to a given field, if the purpose sees it only reduced.
    pub fn view(&self, field: Field) -> Option<Transform> {
        self.views
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, t)| *t)
    }
}

impl Purpose {
    /// The subject's side of the rule, in order: erased, restricted (unless the purpose may run
    /// under restriction), minor (a profiling or sale-or-sharing purpose), consent
    /// (consent-based purposes only: recorded, granted and unexpired), objection (purposes
    /// open to one, see [`Purpose::open_to_objection`]). Usable on its own, e.g. to filter
    /// segment members or events for a purpose.
    pub fn check_subject(
        &self,
        subject: &SubjectState,
        now: OffsetDateTime,
    ) -> Result<(), DenyReason> {
        if subject.erased {
            return Err(DenyReason::Erased);
        }
        if subject.restricted && !self.allowed_under_restriction {
            return Err(DenyReason::Restricted);
        }
        if subject.minor && self.closed_to_minors() {
            return Err(DenyReason::Minor);
        }
        if self.requires_consent() {
            match subject.consent {
                ConsentState::None => return Err(DenyReason::NoConsent),
                ConsentState::Withdrawn => return Err(DenyReason::ConsentWithdrawn),
                ConsentState::Refused => return Err(DenyReason::ConsentRefused),
                ConsentState::ReconsentRequired => return Err(DenyReason::ReconsentRequired),
                ConsentState::Granted {
                    expires_at: Some(expires_at),
                } if expires_at <= now => return Err(DenyReason::ConsentExpired),
                ConsentState::Granted { .. } => {}
            }
        }
        // An objection in force stops the purpose; for one that claims compelling grounds
        // (`objection_stops = false`) until a DPO's assessment overrides it, after which the
        // objection is no longer in force (Art. 21(1), Art. 18(1)(d)).
        if subject.objected && self.open_to_objection() {
            return Err(DenyReason::Objected);
        }
        Ok(())
    }
}

impl Policy {
    /// The client's side of the rule: the purpose exists and the client is registered for it.
    /// Call it before loading a subject, so a request the client may never make is refused
    /// without touching personal data.
    pub fn check_purpose_for_client(
        &self,
        client: &ClientId,
        purpose: &PurposeId,
    ) -> Result<&Purpose, DenyReason> {
        let found = self.purpose(purpose).ok_or(DenyReason::UnknownPurpose)?;
        match self.client(client) {
            Some(c) if c.may_use(purpose) => Ok(found),
            _ => Err(DenyReason::PurposeNotAllowedForClient),
        }
    }

    /// [`Policy::check_purpose_for_client`] for an answer about one person: an
    /// `aggregate_only` purpose is refused here, before the subject is loaded or an identifier
    /// resolved, so it cannot even learn whether a person exists.
    pub fn check_person_purpose_for_client(
        &self,
        client: &ClientId,
        purpose: &PurposeId,
    ) -> Result<&Purpose, DenyReason> {
        let found = self.check_purpose_for_client(client, purpose)?;
        if found.aggregate_only {
            return Err(DenyReason::AggregateOnly);
        }
        Ok(found)
    }

    /// Whether `client` may get anything about one person: it is registered for a purpose
    /// that is not `aggregate_only`. A client that is not (a BI system) gets counts only, and
    /// the routes about one person (consent overview, restriction) refuse it.
    pub fn client_sees_people(&self, client: &ClientId) -> bool {
        self.client(client).is_some_and(|c| {
            c.purposes
                .iter()
                .any(|p| self.purpose(p).is_some_and(|p| !p.aggregate_only))
        })
    }

    /// The client's side of recording a decision for `purpose` (a consent decision, an
    /// objection or the withdrawal of one): the purpose exists, the client is registered for
    /// it, and a `grant` (a consent grant, or lifting an objection) is in its
    /// `records_consent`. Withdrawals, refusals and objections need registration only, so an
    /// unsubscribe link always works.
    pub fn check_record_for_client(
        &self,
        client: &ClientId,
        purpose: &PurposeId,
        grant: bool,
    ) -> Result<&Purpose, DenyReason> {
        // Recording is about one person: an aggregate-only purpose's client has no business
        // naming one (and would learn who exists from the answer).
        let found = self.check_person_purpose_for_client(client, purpose)?;
        match self.client(client) {
            Some(c) if !grant || c.may_record_grant(purpose) => Ok(found),
            _ => Err(DenyReason::GrantNotAllowedForClient),
        }
    }

    /// Decides one read. Default deny: unknown purpose → client not registered for it →
    /// a person asked of an aggregate-only purpose → erased → restricted → minor → consent →
    /// objection, the first that applies names the reason.
    /// When allowed, `given` is the present fields the purpose covers (in `present`'s order),
    /// every other present field is withheld as [`WithholdReason::NotInPurpose`], and `views`
    /// names the given fields the purpose sees only through a transform.
    pub fn decide(&self, req: &AccessRequest<'_>) -> Decision {
        let checked = match req.scope {
            Scope::Person => self.check_person_purpose_for_client(req.client, req.purpose),
            Scope::Aggregate => self.check_purpose_for_client(req.client, req.purpose),
        };
        let purpose = match checked {
            Ok(p) => p,
            Err(reason) => return Decision::deny(reason),
        };
        if let Err(reason) = purpose.check_subject(req.subject, req.now) {
            return Decision::deny(reason);
        }
        let mut given = Vec::with_capacity(req.present.len());
        let mut withheld = Vec::new();
        let mut views = Vec::new();
        for &field in req.present {
            if purpose.allows_field(field) {
                given.push(field);
                if let Some(transform) = purpose.view(field) {
                    views.push((field, transform));
                }
            } else {
                withheld.push(Withheld {
                    field,
                    reason: WithholdReason::NotInPurpose,
                });
            }
        }
        let (events_given, events_withheld) = req
            .event_types
            .iter()
            .cloned()
            .partition(|t| purpose.event_types.contains(t));
        Decision {
            allowed: true,
            reason: None,
            given,
            withheld,
            views,
            events_given,
            events_withheld,
        }
    }
}

#[cfg(test)]
mod tests;
