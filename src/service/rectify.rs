//! Rectification (Art. 16): fields replaced or cleared with the same validation as creation;
//! the email and phone look-up identifiers follow; the old values are not kept. A new email or
//! phone that belonged to an erased customer flags the subject (`Vault::flag_if_suppressed`).

use super::permissions;
use super::subjects::{entry, Caller, SUPPRESSION_MATCH};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::domain::{FieldError, Identifier, IdentifierType, NewSubject, PersonalField, SubjectId};

/// A parsed change: the new values, and the fields to clear.
#[derive(Debug, Default)]
pub struct Rectification {
    pub set: NewSubject,
    pub clear: Vec<PersonalField>,
}

impl Vault {
    pub async fn rectify(
        &self,
        caller: &Caller<'_>,
        id: SubjectId,
        change: Rectification,
    ) -> Result<Vec<String>, ServiceError> {
        caller.require_for(permissions::WRITERS_OR_SUBJECTS, &id)?;
        if change.set.is_empty() && change.clear.is_empty() {
            return Err(ServiceError::Invalid(vec![FieldError::new(
                "",
                "name at least one field to change (a value) or to clear (null)",
            )]));
        }
        let Some(record) = self.store.load_subject(&id).await? else {
            return Err(self.missing(&id).await);
        };
        let (dek, _) = self.data_key(&id).await?;
        let mut set = Vec::new();
        let mut changed = Vec::new();
        for (field, value) in change.set.fields() {
            set.push((
                field.name(),
                dek.encrypt_field(&id, field.name(), value.as_bytes())?,
            ));
            changed.push(field.name().to_owned());
        }
        changed.extend(change.clear.iter().map(|f| f.name().to_owned()));

        // The email and phone fields are look-up keys: their identifiers follow the change.
        let mut drop = Vec::new();
        let mut add = Vec::new();
        // Addresses given a new value: their channels' hard bounces are lifted.
        let mut readdressed: Vec<PersonalField> = change
            .set
            .fields()
            .map(|(f, _)| f)
            .filter(|f| *f == PersonalField::AddressLine1)
            .collect();
        for (field, kind) in [
            (PersonalField::Email, IdentifierType::Email),
            (PersonalField::Phone, IdentifierType::Phone),
        ] {
            let new_value = change
                .set
                .fields()
                .find(|(f, _)| *f == field)
                .map(|(_, v)| v);
            if new_value.is_none() && !change.clear.contains(&field) {
                continue;
            }
            if let Some((_, sealed)) = record.fields.iter().find(|(n, _)| n == field.name()) {
                let old = dek.decrypt_field(&id, field.name(), sealed)?;
                let old = std::str::from_utf8(&old)
                    .map_err(|_| anyhow::anyhow!("a decrypted field is not UTF-8"))?;
                if let Ok(old) = Identifier::parse(kind, old) {
                    // The row is under one of the look-up keys (two while the index key
                    // rotates); deleting the index under the other deletes nothing.
                    for index in self.index.identifier_all(kind, old.value()) {
                        drop.push((kind, index));
                    }
                }
            }
            if let Some(v) = new_value {
                if let Ok(new) = Identifier::parse(kind, v) {
                    let all = self.index.identifier_all(kind, new.value());
                    // Unchanged (e.g. only the letter case of the email): keep the row.
                    let before = drop.len();
                    drop.retain(|(k, i)| !(*k == kind && all.contains(i)));
                    if drop.len() == before {
                        add.push(self.seal_for(&id, &dek, kind, new.value())?);
                        readdressed.push(field);
                    }
                }
            }
        }
        let clear: Vec<&'static str> = change.clear.iter().map(|f| f.name()).collect();
        // The coarse minor marker follows the birth date (set, changed or cleared).
        let minor_until = super::children::marker_change(
            &change.set,
            change.clear.contains(&PersonalField::BirthDate),
            time::OffsetDateTime::now_utc(),
        );
        self.store
            .rectify(&id, &set, &clear, &drop, &add, minor_until)
            .await?;
        let suppressed = self.flag_if_suppressed(&id, &add).await?;
        self.store.checkpoint().await?;
        let mut e = entry(caller, Action::SubjectRectify, Some(id), None);
        e.allowed = true;
        e.reason = suppressed.then(|| SUPPRESSION_MATCH.to_owned());
        e.fields_given = changed.clone();
        self.audit.record(e).await?;
        self.lift_hard_bounces(caller, id, &readdressed).await?;
        self.notify_recipients(id, super::NotifyAction::Rectified)
            .await?;
        Ok(changed)
    }
}
