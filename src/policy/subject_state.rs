//! From the ledgers to the decision's view of a subject: the one place that says what the
//! newest consent record, the objections in force and the restriction mean for a purpose. A
//! single read builds one [`SubjectState`]; a segment builds many from [`BulkSubjectStates`],
//! with the same rules.

use std::collections::{HashMap, HashSet};

use time::OffsetDateTime;

use super::decision::{ConsentState, SubjectState};
use super::model::{Policy, Purpose};
use crate::domain::{ConsentRecord, ConsentStatus, PurposeId, SubjectId};

/// Objection scopes as stored.
pub const SCOPE_DIRECT_MARKETING: &str = "direct_marketing";
pub const SCOPE_SALE_OR_SHARING: &str = "sale_or_sharing";

/// The objection scope of one purpose (`purpose:<id>`).
pub fn purpose_scope(purpose: &str) -> String {
    format!("purpose:{purpose}")
}

/// A stored microsecond timestamp as a time, if it is one.
pub fn time_from_us(us: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1_000).ok()
}

/// What the newest consent record means for `purpose` now.
pub fn consent_state(purpose: &Purpose, latest: Option<&ConsentRecord>) -> ConsentState {
    let Some(row) = latest else {
        return ConsentState::None;
    };
    match row.status {
        ConsentStatus::Granted if !purpose.consent_counts(&row.policy_version) => {
            ConsentState::ReconsentRequired
        }
        ConsentStatus::Granted => ConsentState::Granted {
            expires_at: row.expires_at_us.and_then(time_from_us),
        },
        ConsentStatus::Withdrawn => ConsentState::Withdrawn,
        ConsentStatus::Refused => ConsentState::Refused,
    }
}

/// Whether an objection to `scope` covers `purpose`: `purpose:<its id>`, `direct_marketing`
/// for a direct-marketing purpose, `sale_or_sharing` for one that sells or shares data.
pub fn covers(scope: &str, purpose: &Purpose) -> bool {
    scope.strip_prefix("purpose:") == Some(purpose.id.as_str())
        || (scope == SCOPE_DIRECT_MARKETING && purpose.direct_marketing)
        || (scope == SCOPE_SALE_OR_SHARING && purpose.stopped_by_gpc())
}

/// The first of `scopes` (objection scopes in force) that covers `purpose`, if any.
pub fn covering_scope<'a>(purpose: &Purpose, scopes: &'a [String]) -> Option<&'a str> {
    scopes
        .iter()
        .map(String::as_str)
        .find(|s| covers(s, purpose))
}

/// Whether an objection in force covers `purpose`; `scopes` must be the scopes in force
/// (`VaultStore::objection_scopes_in_force`), never the raw ledger, which holds withdrawn
/// objections too.
pub fn objected(purpose: &Purpose, scopes: &[String]) -> bool {
    covering_scope(purpose, scopes).is_some()
}

impl SubjectState {
    /// The subject's state for `purpose` from its ledgers: the newest consent record for the
    /// purpose, the objection scopes in force, and whether processing is restricted now.
    pub fn from_ledgers(
        purpose: &Purpose,
        latest_consent: Option<&ConsentRecord>,
        objection_scopes: &[String],
        restricted: bool,
    ) -> Self {
        Self {
            consent: consent_state(purpose, latest_consent),
            objected: objected(purpose, objection_scopes),
            restricted,
            erased: false,
            minor: false,
        }
    }

    /// The same state, with the subject's minor marker (`subjects.minor_until_us`) read at
    /// `now`: a minor until that instant.
    pub fn with_minor_until(mut self, minor_until_us: Option<i64>, now_us: i64) -> Self {
        self.minor = minor_until_us.is_some_and(|until| now_us < until);
        self
    }
}

/// The ledger state of every subject that has any, for one purpose, fetched in bulk (segments
/// decide over many subjects at once with the same rule as a single read).
#[derive(Debug, Default)]
pub struct BulkSubjectStates {
    consents: HashMap<SubjectId, ConsentRecord>,
    scopes: HashMap<SubjectId, Vec<String>>,
    restricted: HashSet<SubjectId>,
    minors: HashSet<SubjectId>,
}

impl BulkSubjectStates {
    /// From the newest consent record per subject for the purpose, every objection scope in
    /// force (subject, scope), and the subjects restricted now.
    pub fn new(
        latest_consents: impl IntoIterator<Item = ConsentRecord>,
        scopes: impl IntoIterator<Item = (SubjectId, String)>,
        restricted: impl IntoIterator<Item = SubjectId>,
    ) -> Self {
        let mut by_subject: HashMap<SubjectId, Vec<String>> = HashMap::new();
        for (id, scope) in scopes {
            by_subject.entry(id).or_default().push(scope);
        }
        Self {
            consents: latest_consents
                .into_iter()
                .map(|c| (c.subject_id, c))
                .collect(),
            scopes: by_subject,
            restricted: restricted.into_iter().collect(),
            minors: HashSet::new(),
        }
    }

    /// The same states, with the subjects that are minors now (their marker lies ahead).
    pub fn with_minors(mut self, minors: impl IntoIterator<Item = SubjectId>) -> Self {
        self.minors = minors.into_iter().collect();
        self
    }

    /// One subject's state for `purpose` (a subject with no rows: nothing recorded).
    pub fn state_for(&self, purpose: &Purpose, id: &SubjectId) -> SubjectState {
        SubjectState {
            minor: self.minors.contains(id),
            ..SubjectState::from_ledgers(
                purpose,
                self.consents.get(id),
                self.scopes.get(id).map_or(&[][..], Vec::as_slice),
                self.restricted.contains(id),
            )
        }
    }
}

/// The purposes that apply to a subject now (Art. 5(1)(e), 15(1)(a)): a consent purpose only
/// while its consent stands (granted, unexpired, current notice), a purpose open to objection
/// only while no objection to it is in force, every other purpose (contract, legal obligation)
/// always. `history` is the subject's consent ledger (oldest first), `scopes` the objection
/// scopes in force.
pub fn applicable_purposes(
    policy: &Policy,
    history: &[ConsentRecord],
    scopes: &[String],
    now: OffsetDateTime,
) -> HashSet<PurposeId> {
    policy
        .purposes()
        .filter(|p| {
            let consent_stands = !p.requires_consent() || {
                let latest = history.iter().rev().find(|r| r.purpose == p.id);
                let state = SubjectState::from_ledgers(p, latest, &[], false);
                p.check_subject(&state, now).is_ok()
            };
            let objected = p.open_to_objection() && objected(p, scopes);
            consent_stands && !objected
        })
        .map(|p| p.id.clone())
        .collect()
}
