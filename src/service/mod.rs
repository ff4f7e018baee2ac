//! The vault's use cases, free of HTTP: each takes the authenticated caller and validated
//! domain values, applies the one policy decision, writes the audit entry and only then
//! answers. Handlers stay thin; tests can drive these directly.

mod error;
mod subjects;

pub use error::ServiceError;
pub use subjects::{Caller, FieldValue, SubjectDocument};

use std::sync::Arc;

use crate::audit::AuditLog;
use crate::crypto::{BlindIndexer, KeyProvider};
use crate::policy::Policy;
use crate::store::VaultStore;

/// Everything a use case needs; cheap to clone (all shared).
#[derive(Clone)]
pub struct Vault {
    pub(crate) store: VaultStore,
    pub(crate) keys: Arc<dyn KeyProvider>,
    pub(crate) index: BlindIndexer,
    pub(crate) policy: Arc<Policy>,
    pub(crate) audit: AuditLog,
}

impl Vault {
    pub fn new(
        store: VaultStore,
        keys: Arc<dyn KeyProvider>,
        index: BlindIndexer,
        policy: Arc<Policy>,
        audit: AuditLog,
    ) -> Self {
        Self {
            store,
            keys,
            index,
            policy,
            audit,
        }
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    pub fn audit(&self) -> &AuditLog {
        &self.audit
    }
}
