//! The ledgers' records — consent decisions, objections, restrictions — as every layer sees
//! them: the store maps its rows to these, the service decides on them, the HTTP edge shows
//! them. Plain data: no SQL, no HTTP.

use uuid::Uuid;

use super::{ConsentStatus, PurposeId, SubjectId};

/// A consent record, as stored and as appended (`seq` and `recorded_at_us` set by the store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRecord {
    pub seq: i64,
    pub id: Uuid,
    pub subject_id: SubjectId,
    pub purpose: PurposeId,
    pub status: ConsentStatus,
    pub legal_basis: String,
    pub source: String,
    pub collected_at_us: i64,
    pub recorded_at_us: i64,
    pub policy_version: String,
    /// JSON object of evidence references.
    pub evidence: String,
    pub expires_at_us: Option<i64>,
    pub operator_id: Option<String>,
    pub recorded_by: String,
    pub request_id: String,
}

/// A row of the objection ledger (Art. 21): `scope` is `purpose:<id>`, `direct_marketing` or
/// `sale_or_sharing`. A row with `withdrawn` lifts the objection to its scope; the newest row
/// of a scope is its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectionRecord {
    pub seq: i64,
    pub scope: String,
    pub source: String,
    pub recorded_at_us: i64,
    pub recorded_by: String,
    /// A withdrawal of the objection to `scope`, not an objection.
    pub withdrawn: bool,
    /// When a withdrawal was collected (objections: none).
    pub collected_at_us: Option<i64>,
    /// A withdrawal's evidence, a JSON object (objections: none).
    pub evidence: Option<String>,
}

/// A restriction record (Art. 18): set (`restricted`) or lifted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestrictionRecord {
    pub seq: i64,
    pub restricted: bool,
    pub reason: Option<String>,
    pub recorded_at_us: i64,
    pub recorded_by: String,
}
