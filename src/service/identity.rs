//! Identity resolution: linking a channel identifier to a customer. An identifier first seen on
//! events without a customer (an app's device id, a marketplace buyer id) belongs to an
//! anonymous subject; linking it to a customer merges that subject into the customer, with
//! every rule of a merge (stricter consent wins, objections and restriction carried, undoable,
//! audited). Linking and merging are identity management: only DPOs, operators and clients
//! whose policy says `identity_management = true` may do them.

use super::permissions;
use super::subjects::{entry, Caller, PSEUDONYM_FIELD};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::crypto::{DataKey, KeyVersion, Pseudonym, WrappedKey};
use crate::domain::{Field, FieldError, Identifier, IdentifierType, Role, SubjectId};
use crate::store::IdentifierRow;

/// What linking did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkOutcome {
    /// The identifier was free and now belongs to the subject.
    Added,
    /// The subject already held it.
    AlreadyLinked,
    /// An anonymous subject held it; it was merged into the subject (undoable by `merge_id`).
    Absorbed {
        merge_id: String,
        events_moved: usize,
    },
}

impl Vault {
    /// The subject's data key and pseudonym (`NotFound` if there is no such subject).
    pub(super) async fn data_key(
        &self,
        id: &SubjectId,
    ) -> Result<(DataKey, Pseudonym), ServiceError> {
        self.data_key_of(id, false).await
    }

    /// [`Vault::data_key`], also for a subject merged into another (to undo the merge).
    pub(super) async fn data_key_of(
        &self,
        id: &SubjectId,
        include_merged: bool,
    ) -> Result<(DataKey, Pseudonym), ServiceError> {
        let Some(keys) = self.store.subject_keys(id, include_merged).await? else {
            return Err(self.missing(id).await);
        };
        self.pseudonym_from_keys(id, &keys).await
    }

    /// The data key and pseudonym that `keys` (a subject's stored key material) open.
    pub(super) async fn pseudonym_from_keys(
        &self,
        id: &SubjectId,
        keys: &crate::store::SubjectKeys,
    ) -> Result<(DataKey, Pseudonym), ServiceError> {
        let dek = self
            .keys
            .unwrap(
                id,
                &WrappedKey {
                    version: KeyVersion(keys.kek_version),
                    bytes: keys.wrapped_dek.clone(),
                },
            )
            .await?;
        let plain = dek.decrypt_field(id, PSEUDONYM_FIELD, &keys.pseudonym_ct)?;
        let bytes: [u8; 16] = plain
            .as_slice()
            .try_into()
            .map_err(|_| anyhow::anyhow!("stored pseudonym has the wrong length"))?;
        Ok((dek, Pseudonym::from_bytes(bytes)))
    }

    pub(super) fn seal_for(
        &self,
        subject: &SubjectId,
        dek: &DataKey,
        kind: IdentifierType,
        value: &str,
    ) -> Result<IdentifierRow, ServiceError> {
        let name = Field::Identifiers(kind).name();
        Ok(IdentifierRow {
            kind,
            blind_index: self.index.identifier(kind, value).to_vec(),
            alternates: self.index.identifier_alternates(kind, value),
            retired: self.index.identifier_retired(kind, value),
            ciphertext: dek.encrypt_field(subject, &name, value.as_bytes())?,
        })
    }

    /// Refuses (403, audited) a caller that may not merge or link: a client whose policy does
    /// not grant identity management, or a role that never may.
    pub(super) async fn require_identity_steward(
        &self,
        caller: &Caller<'_>,
        action: Action,
        subject: SubjectId,
    ) -> Result<(), ServiceError> {
        let allowed = match caller.principal.role {
            Role::Dpo | Role::Admin => true,
            Role::Client => caller
                .principal
                .client_id()
                .and_then(|c| self.policy.client(&c))
                .is_some_and(|c| c.identity_management),
            Role::Subject => false,
        };
        if allowed {
            return Ok(());
        }
        let mut e = entry(caller, action, Some(subject), None);
        e.reason = Some("identity_management_not_allowed".into());
        self.audit.record(e).await?;
        Err(ServiceError::IdentityManagementNotAllowed)
    }

    /// Links an identifier to a subject (see the module doc). An identifier held by another
    /// customer with personal data is refused (409): that is a merge, decided by a person.
    pub async fn link_identifier(
        &self,
        caller: &Caller<'_>,
        id: SubjectId,
        kind: &str,
        value: &str,
    ) -> Result<LinkOutcome, ServiceError> {
        caller.require(permissions::STEWARDS)?;
        self.require_identity_steward(caller, Action::IdentifierLink, id)
            .await?;
        let kind: IdentifierType = kind.parse().map_err(|_| {
            ServiceError::Invalid(vec![FieldError::new("/type", "is not an identifier type")])
        })?;
        let identifier = Identifier::parse(kind, value)
            .map_err(|msg| ServiceError::Invalid(vec![FieldError::new("/value", msg)]))?;
        let (dek, _) = self.data_key(&id).await?;
        let owner = self.find_by_identifier(kind, identifier.value()).await?;
        let mut suppressed = false;
        let outcome = match owner {
            None => {
                let row = self.seal_for(&id, &dek, kind, identifier.value())?;
                self.store.add_identifier(&id, &row).await?;
                suppressed = self
                    .flag_if_suppressed(&id, std::slice::from_ref(&row))
                    .await?;
                LinkOutcome::Added
            }
            Some(owner) if owner == id => LinkOutcome::AlreadyLinked,
            Some(owner) if self.store.has_personal_fields(&owner).await? => {
                return Err(ServiceError::IdentifierTaken(kind));
            }
            Some(owner) => {
                let merged = self.merge_subjects(caller, id, owner).await?;
                LinkOutcome::Absorbed {
                    merge_id: merged.merge_id,
                    events_moved: merged.events_moved,
                }
            }
        };
        let mut e = entry(caller, Action::IdentifierLink, Some(id), None);
        e.allowed = true;
        e.fields_given = vec![Field::Identifiers(kind).name()];
        e.reason = suppressed.then(|| "suppression_match".to_owned());
        self.audit.record(e).await?;
        Ok(outcome)
    }
}
