use crate::domain::{FieldError, IdentifierType};
use crate::policy::DenyReason;

/// What a use case can refuse, or fail with. The HTTP edge maps each to one problem type.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("the request has invalid fields")]
    Invalid(Vec<FieldError>),
    #[error("the X-Purpose header is required for this read")]
    MissingPurpose,
    #[error("the X-Purpose header is not a valid purpose id")]
    InvalidPurpose,
    #[error("the purpose is not defined in the policy")]
    UnknownPurpose,
    #[error("consent does not apply to a purpose with legal basis {}", .0.as_str())]
    ConsentNotApplicable(crate::policy::LegalBasis),
    #[error("access denied: {}", .0.as_str())]
    Denied(DenyReason),
    #[error("this role may not do that")]
    RoleNotAllowed,
    /// Merging and linking identifiers need `identity_management` in the client's policy.
    #[error("this client may not merge subjects or link identifiers")]
    IdentityManagementNotAllowed,
    #[error("no such subject")]
    NotFound,
    /// The subject was erased; its id is refused everywhere.
    #[error("the subject has been erased")]
    Gone,
    /// The request contradicts the current state (e.g. undoing a merge twice).
    #[error("conflict: {0}")]
    Conflict(String),
    /// A consent grant for a purpose that an objection in force covers (the scope).
    #[error("an objection in force (scope {0}) covers the purpose")]
    ObjectionInForce(String),
    /// A consent grant whose `policy_version` names no published notice covering its purpose
    /// (`notices.toml`).
    #[error("the grant names no published notice that covers the purpose")]
    UnknownNotice,
    /// A consent grant without evidence its purpose requires (`required_evidence`): the
    /// missing keys.
    #[error("the grant lacks evidence its purpose requires")]
    EvidenceRequired(Vec<String>),
    /// A grant for a subject below the digital consent age (Art. 8) without a parent's consent.
    #[error("the subject is below the digital consent age: a parent's consent is required")]
    ParentalConsentRequired,
    #[error("an identifier of type {0} is already held by another subject")]
    IdentifierTaken(IdentifierType),
    /// The external key service (Transit) failed a wrap or unwrap: a 503, retried later.
    #[error("the key service is unavailable: {0}")]
    KeyServiceUnavailable(crate::crypto::KeyServiceFailure),
    /// Anything unexpected: storage, crypto, audit. Logged with its chain, shown as an opaque
    /// 500 with the request id.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl From<crate::store::StoreError> for ServiceError {
    fn from(e: crate::store::StoreError) -> Self {
        match e {
            crate::store::StoreError::IdentifierTaken(t) => ServiceError::IdentifierTaken(t),
            crate::store::StoreError::Conflict(why) => ServiceError::Conflict(why.to_owned()),
            other => ServiceError::Internal(anyhow::Error::new(other).context("storage")),
        }
    }
}

impl From<crate::crypto::CryptoError> for ServiceError {
    fn from(e: crate::crypto::CryptoError) -> Self {
        match e {
            crate::crypto::CryptoError::KeyService(why) => ServiceError::KeyServiceUnavailable(why),
            other => ServiceError::Internal(anyhow::Error::new(other).context("crypto")),
        }
    }
}

impl From<crate::audit::AuditError> for ServiceError {
    fn from(e: crate::audit::AuditError) -> Self {
        ServiceError::Internal(anyhow::Error::new(e).context("audit"))
    }
}

impl From<crate::store::JournalError> for ServiceError {
    fn from(e: crate::store::JournalError) -> Self {
        ServiceError::Internal(anyhow::Error::new(e).context("erasure journal"))
    }
}
