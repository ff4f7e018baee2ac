//! The vault's use cases, free of HTTP: each takes the authenticated caller and validated
//! domain values, applies the one policy decision, writes the audit entry and only then
//! answers. Handlers stay thin; tests can drive these directly.

mod consent;
mod error;
mod events;
mod identity;
mod merge;
mod profile;
mod segments;
mod state;
mod subjects;

pub use consent::{BatchItem, ConsentOverview, ConsentRecorded, CurrentConsent, SubjectRef};
pub use error::ServiceError;
pub use events::{EventOutcome, IncomingEvent, MAX_EVENTS_PER_BATCH};
pub use identity::LinkOutcome;
pub use merge::MergeResult;
pub use profile::{OrderSummary, Profile};
pub use segments::{
    AbcClass, SegmentConditions, SegmentCounts, SegmentPage, SegmentResult, MAX_SEGMENT_PAGE,
};
pub use subjects::{Caller, FieldValue, SubjectDocument};

use std::sync::Arc;

use crate::audit::AuditLog;
use crate::crypto::{BlindIndexer, KeyProvider, ReceiptSigner};
use crate::policy::Policy;
use crate::store::{BehaviourStore, VaultStore};

/// Everything a use case needs; cheap to clone (all shared).
#[derive(Clone)]
pub struct Vault {
    pub(crate) store: VaultStore,
    pub(crate) keys: Arc<dyn KeyProvider>,
    pub(crate) index: BlindIndexer,
    pub(crate) policy: Arc<Policy>,
    pub(crate) audit: AuditLog,
    pub(crate) receipts: Arc<ReceiptSigner>,
    pub(crate) behaviour: BehaviourStore,
}

impl Vault {
    pub fn new(
        store: VaultStore,
        keys: Arc<dyn KeyProvider>,
        index: BlindIndexer,
        policy: Arc<Policy>,
        audit: AuditLog,
        receipts: Arc<ReceiptSigner>,
        behaviour: BehaviourStore,
    ) -> Self {
        Self {
            store,
            keys,
            index,
            policy,
            audit,
            receipts,
            behaviour,
        }
    }

    /// The public key set that verifies consent receipts.
    pub fn receipt_keys(&self) -> serde_json::Value {
        self.receipts.jwks()
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    pub fn audit(&self) -> &AuditLog {
        &self.audit
    }
}
