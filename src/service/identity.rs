//! Identity resolution: linking a channel identifier to a customer. An identifier first seen on
//! events without a customer (an app's device id, a marketplace buyer id) belongs to an
//! anonymous subject; linking it to a customer absorbs that subject, events and all.

use super::subjects::{entry, Caller, PSEUDONYM_FIELD};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::crypto::{DataKey, KeyVersion, Pseudonym, WrappedKey};
use crate::domain::{Field, FieldError, Identifier, IdentifierType, SubjectId};
use crate::store::IdentifierRow;

/// What linking did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkOutcome {
    /// The identifier was free and now belongs to the subject.
    Added,
    /// The subject already held it.
    AlreadyLinked,
    /// An anonymous subject held it; its identifiers and events moved to the subject.
    Absorbed { events_moved: usize },
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
        let dek = self.keys.unwrap(
            id,
            &WrappedKey {
                version: KeyVersion(keys.kek_version),
                bytes: keys.wrapped_dek,
            },
        )?;
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
            ciphertext: dek.encrypt_field(subject, &name, value.as_bytes())?,
        })
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
        let kind: IdentifierType = kind.parse().map_err(|_| {
            ServiceError::Invalid(vec![FieldError::new("/type", "is not an identifier type")])
        })?;
        let identifier = Identifier::parse(kind, value)
            .map_err(|msg| ServiceError::Invalid(vec![FieldError::new("/value", msg)]))?;
        let (dek, pseudonym) = self.data_key(&id).await?;
        let index = self.index.identifier(kind, identifier.value());
        let owner = self.store.find_by_identifier(kind, &index).await?;
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
                let moved = self.absorb(&owner, &id, &dek, &pseudonym).await?;
                let mut e = entry(caller, Action::SubjectMerged, Some(owner), None);
                e.allowed = true;
                e.reason = Some(format!("absorbed_into:{id}"));
                self.audit.record(e).await?;
                LinkOutcome::Absorbed {
                    events_moved: moved,
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

    /// Moves an anonymous subject's events and identifiers to `to`, then deletes it (its key
    /// with it). Events move first: a crash in between leaves the identifiers with the old
    /// subject, and linking again finishes the job.
    async fn absorb(
        &self,
        from: &SubjectId,
        to: &SubjectId,
        to_dek: &DataKey,
        to_pseudonym: &Pseudonym,
    ) -> Result<usize, ServiceError> {
        let (from_dek, from_pseudonym) = self.data_key(from).await?;
        let record = self
            .store
            .load_subject(from)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let mut rows = Vec::with_capacity(record.identifiers.len());
        for (kind, sealed) in &record.identifiers {
            let name = Field::Identifiers(*kind).name();
            let plain = from_dek.decrypt_field(from, &name, sealed)?;
            let value = std::str::from_utf8(&plain)
                .map_err(|_| anyhow::anyhow!("a decrypted identifier is not UTF-8"))?;
            rows.push(self.seal_for(to, to_dek, *kind, value)?);
        }
        let moved = self
            .behaviour
            .move_events(from_pseudonym.as_bytes(), to_pseudonym.as_bytes(), None)
            .await?;
        self.store.absorb_subject(from, to, &rows).await?;
        Ok(moved.len())
    }
}
