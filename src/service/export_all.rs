//! `custodia export-all` (the right to leave a vendor): every live subject, decrypted, with
//! the newest consent decision per purpose, a page at a time, for an operator holding the
//! keys who moves the vault's data elsewhere.
//!
//! Audited with one `subject.export_all` entry per subject, recorded before the page is
//! handed out: the audit log is searched by subject (a data-subject access request asks who
//! received a person's data and when), so an entry naming the subject and the fields written
//! answers that for each person; one entry for the run would not. The entries of a page go to
//! the group-commit writer together.
//!
//! Left out: subjects merged into another (their data lives on in the target) and subjects
//! whose erasure a retention duty holds back (`blocked_until_us`): their remaining data is
//! kept only for that duty and must not come back to life in another system
//! ([`ExportCensus::blocked`] counts them).

use std::collections::HashMap;

use super::permissions;
use super::subjects::{entry, Caller, FieldValue};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::crypto::{KeyVersion, WrappedKey};
use crate::domain::{ConsentRecord, Field, IdentifierType, PersonalField, Sensitive, SubjectId};

/// Subjects per page of the export.
pub const EXPORT_ALL_PAGE: usize = 500;

/// One subject as exported: its fields and identifiers in the clear, and the newest consent
/// decision per purpose.
#[derive(Debug)]
pub struct ExportedSubject {
    pub id: SubjectId,
    /// In the order of [`PersonalField::ALL`].
    pub fields: Vec<(PersonalField, FieldValue)>,
    /// By type, oldest first.
    pub identifiers: Vec<(IdentifierType, FieldValue)>,
    /// The newest record of each purpose that has one, in ledger order.
    pub consents: Vec<ConsentRecord>,
}

/// One page; `next` is the cursor of the following page (`None` after the last).
#[derive(Debug)]
pub struct ExportAllPage {
    pub subjects: Vec<ExportedSubject>,
    pub next: Option<SubjectId>,
}

/// What an export needs to know before the first page: the most identifiers of a type one
/// subject holds (the CSV's `id:<type>` columns), and how many subjects are left out because
/// an erasure under a retention duty holds them back.
#[derive(Debug, Clone, Default)]
pub struct ExportCensus {
    pub identifier_columns: Vec<(IdentifierType, usize)>,
    pub blocked: u64,
}

impl Vault {
    /// The census of an export (no personal data; not audited: it opens nothing).
    pub async fn export_all_census(
        &self,
        caller: &Caller<'_>,
    ) -> Result<ExportCensus, ServiceError> {
        caller.require(permissions::ADMINS)?;
        let mut identifier_columns: Vec<(IdentifierType, usize)> = self
            .store
            .most_identifiers_per_type()
            .await?
            .into_iter()
            .map(|(kind, n)| (kind, usize::try_from(n).unwrap_or(0)))
            .collect();
        identifier_columns.sort();
        let blocked = u64::try_from(self.store.blocked_subject_count().await?).unwrap_or(0);
        Ok(ExportCensus {
            identifier_columns,
            blocked,
        })
    }

    /// Up to `limit` live subjects after `after` (by id), decrypted; each audited before the
    /// page is returned.
    pub async fn export_all_page(
        &self,
        caller: &Caller<'_>,
        after: Option<SubjectId>,
        limit: usize,
    ) -> Result<ExportAllPage, ServiceError> {
        caller.require(permissions::ADMINS)?;
        let ids = self.store.live_subject_page(after.as_ref(), limit).await?;
        let records = self.store.load_subjects(&ids).await?;
        let mut consents: HashMap<SubjectId, Vec<ConsentRecord>> = HashMap::new();
        for record in self.store.latest_consents_of(&ids).await? {
            consents.entry(record.subject_id).or_default().push(record);
        }
        let mut subjects = Vec::with_capacity(records.len());
        let mut entries = Vec::with_capacity(records.len());
        for record in records {
            let id = record.id;
            let dek = self
                .keys
                .unwrap(
                    &id,
                    &WrappedKey {
                        version: KeyVersion(record.kek_version),
                        bytes: record.wrapped_dek.clone(),
                    },
                )
                .await?;
            let open = |name: &str, sealed: &[u8]| -> Result<FieldValue, ServiceError> {
                let plain = dek.decrypt_field(&id, name, sealed)?;
                let text = std::str::from_utf8(&plain)
                    .map_err(|_| anyhow::anyhow!("a decrypted field is not UTF-8"))?;
                Ok(Sensitive::new(text.to_owned()))
            };
            let mut fields = Vec::with_capacity(record.fields.len());
            for field in PersonalField::ALL {
                if let Some((_, sealed)) = record.fields.iter().find(|(n, _)| n == field.name()) {
                    fields.push((field, open(field.name(), sealed)?));
                }
            }
            let mut identifiers = Vec::with_capacity(record.identifiers.len());
            for (kind, sealed) in &record.identifiers {
                identifiers.push((*kind, open(&Field::Identifiers(*kind).name(), sealed)?));
            }
            let mut given: Vec<String> = fields.iter().map(|(f, _)| f.name().to_owned()).collect();
            for (kind, _) in &identifiers {
                let name = Field::Identifiers(*kind).name();
                if !given.contains(&name) {
                    given.push(name);
                }
            }
            let mut e = entry(caller, Action::SubjectExportAll, Some(id), None);
            e.allowed = true;
            e.fields_given = given;
            e.reason = Some("export_all".to_owned());
            entries.push(e);
            subjects.push(ExportedSubject {
                id,
                fields,
                identifiers,
                consents: consents.remove(&id).unwrap_or_default(),
            });
        }
        self.audit.record_all(entries).await?;
        let next = (ids.len() == limit).then(|| ids.last().copied()).flatten();
        Ok(ExportAllPage { subjects, next })
    }
}
