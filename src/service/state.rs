//! From the ledgers to the decision's view of a subject: the one place that says what the
//! newest consent record, the objections and the restriction mean for a purpose.

use time::OffsetDateTime;

use crate::domain::ConsentRecord;
use crate::policy::{ConsentState, Purpose, SubjectState};
use crate::store::DecisionInputs;

/// Objection scopes as stored.
pub const SCOPE_DIRECT_MARKETING: &str = "direct_marketing";
pub const SCOPE_SALE_OR_SHARING: &str = "sale_or_sharing";

pub fn purpose_scope(purpose: &str) -> String {
    format!("purpose:{purpose}")
}

pub(crate) fn time_from_us(us: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1_000).ok()
}

/// What the newest consent record means for `purpose` now.
pub fn consent_state(purpose: &Purpose, latest: Option<&ConsentRecord>) -> ConsentState {
    let Some(row) = latest else {
        return ConsentState::None;
    };
    match row.status.as_str() {
        "granted" if !purpose.consent_counts(&row.policy_version) => {
            ConsentState::ReconsentRequired
        }
        "granted" => ConsentState::Granted {
            expires_at: row.expires_at_us.and_then(time_from_us),
        },
        "withdrawn" => ConsentState::Withdrawn,
        _ => ConsentState::Refused,
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

pub fn subject_state(purpose: &Purpose, inputs: &DecisionInputs) -> SubjectState {
    SubjectState {
        consent: consent_state(purpose, inputs.latest_consent.as_ref()),
        objected: objected(purpose, &inputs.objection_scopes),
        restricted: inputs.restricted,
        erased: false,
    }
}
