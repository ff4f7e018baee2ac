//! Merging two subjects found to be one person, and undoing a merge made in error.
//!
//! A merge moves the source's identifiers and events to the target, copies the personal
//! fields the target lacks, carries over objections and a restriction, and per purpose keeps
//! the stricter consent decision. The source stays (marked merged) so the merge can be undone
//! while neither side has been erased.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::domain::{Field, FieldError, PersonalField, SubjectId};
use crate::policy::LegalBasis;
use crate::store::{now_us, ConsentRow, MergeWrite, UnmergeWrite};

/// What a merge did.
#[derive(Debug)]
pub struct MergeResult {
    pub merge_id: String,
    pub copied_fields: Vec<String>,
    pub identifiers_moved: usize,
    pub events_moved: usize,
    pub consents_changed: Vec<String>,
}

/// How permissive a recorded decision is: a refusal or withdrawal is stricter than a grant.
fn permissiveness(row: &ConsentRow) -> u8 {
    u8::from(row.status == "granted")
}

/// A copy of `row` recorded for `subject` now, by `caller`.
fn copy_for(row: &ConsentRow, subject: SubjectId, caller: &Caller<'_>) -> ConsentRow {
    ConsentRow {
        seq: 0,
        id: Uuid::new_v4(),
        subject_id: subject,
        recorded_at_us: now_us(),
        recorded_by: caller.principal.id.clone(),
        request_id: caller.request_id.to_owned(),
        ..row.clone()
    }
}

impl Vault {
    pub async fn merge_subjects(
        &self,
        caller: &Caller<'_>,
        target: SubjectId,
        source: SubjectId,
    ) -> Result<MergeResult, ServiceError> {
        if target == source {
            return Err(ServiceError::Invalid(vec![FieldError::new(
                "/other",
                "a subject cannot be merged with itself",
            )]));
        }
        let (target_dek, target_p) = self.data_key(&target).await?;
        let (source_dek, source_p) = self.data_key(&source).await?;
        let t = self
            .store
            .load_subject(&target)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let s = self
            .store
            .load_subject(&source)
            .await?
            .ok_or(ServiceError::NotFound)?;

        let mut copied_fields = Vec::new();
        for field in PersonalField::ALL {
            let name = field.name();
            if t.fields.iter().any(|(n, _)| n == name) {
                continue;
            }
            let Some((_, sealed)) = s.fields.iter().find(|(n, _)| n == name) else {
                continue;
            };
            let plain = source_dek.decrypt_field(&source, name, sealed)?;
            copied_fields.push((name, target_dek.encrypt_field(&target, name, &plain)?));
        }
        let mut identifiers = Vec::new();
        for (kind, sealed) in &s.identifiers {
            let name = Field::Identifiers(*kind).name();
            let plain = source_dek.decrypt_field(&source, &name, sealed)?;
            let value = std::str::from_utf8(&plain)
                .map_err(|_| anyhow::anyhow!("a decrypted identifier is not UTF-8"))?;
            identifiers.push(self.seal_for(&target, &target_dek, *kind, value)?);
        }

        // Per consent purpose, the stricter recorded decision wins.
        let t_history = self.store.consent_history(&target).await?;
        let s_history = self.store.consent_history(&source).await?;
        let mut consents = Vec::new();
        let mut before: BTreeMap<String, Option<Uuid>> = BTreeMap::new();
        for p in self
            .policy
            .purposes()
            .filter(|p| p.legal_basis == LegalBasis::Consent)
        {
            let latest =
                |h: &[ConsentRow]| h.iter().rev().find(|r| r.purpose == p.id.as_str()).cloned();
            let (tl, sl) = (latest(&t_history), latest(&s_history));
            if let Some(sl) = sl {
                let stricter = tl
                    .as_ref()
                    .is_none_or(|tl| permissiveness(&sl) < permissiveness(tl));
                if stricter {
                    before.insert(p.id.as_str().to_owned(), tl.map(|r| r.id));
                    consents.push(copy_for(&sl, target, caller));
                }
            }
        }
        let target_scopes: Vec<String> = self
            .store
            .objections(&target)
            .await?
            .into_iter()
            .map(|o| o.scope)
            .collect();
        let mut objection_scopes: Vec<String> = self
            .store
            .objections(&source)
            .await?
            .into_iter()
            .map(|o| o.scope)
            .filter(|s| !target_scopes.contains(s))
            .collect();
        objection_scopes.dedup();
        let source_restriction = self.store.latest_restriction(&source).await?;
        let target_restricted = self
            .store
            .latest_restriction(&target)
            .await?
            .is_some_and(|r| r.restricted);
        let restrict = source_restriction
            .filter(|r| r.restricted && !target_restricted)
            .map(|r| r.reason.unwrap_or_else(|| "accuracy_contested".into()));

        let merge_id = Uuid::new_v4().to_string();
        // Events first: if the vault write then fails, merging again completes the move.
        let moved = self
            .behaviour
            .move_events(source_p.as_bytes(), target_p.as_bytes(), Some(&merge_id))
            .await?;
        let write = MergeWrite {
            merge_id: merge_id.clone(),
            target,
            source,
            copied_fields,
            identifiers,
            consents,
            objection_scopes,
            restrict,
            consents_before: serde_json::to_string(&before).unwrap_or_else(|_| "{}".into()),
            created_by: caller.principal.id.clone(),
            request_id: caller.request_id.to_owned(),
        };
        self.store.apply_merge(&write).await?;

        let result = MergeResult {
            merge_id: merge_id.clone(),
            copied_fields: write
                .copied_fields
                .iter()
                .map(|(f, _)| (*f).to_owned())
                .collect(),
            identifiers_moved: write.identifiers.len(),
            events_moved: moved.len(),
            consents_changed: before.keys().cloned().collect(),
        };
        let mut e = entry(caller, Action::SubjectMerge, Some(target), None);
        e.allowed = true;
        e.fields_given = result.copied_fields.clone();
        e.reason = Some(format!("merge:{merge_id} from:{source}"));
        self.audit.record(e).await?;
        let mut e = entry(caller, Action::SubjectMerged, Some(source), None);
        e.allowed = true;
        e.reason = Some(format!("merge:{merge_id} into:{target}"));
        self.audit.record(e).await?;
        Ok(result)
    }

    /// Undoes a merge while both subjects still exist.
    pub async fn undo_merge(
        &self,
        caller: &Caller<'_>,
        merge_id: &str,
    ) -> Result<(), ServiceError> {
        let m = self
            .store
            .load_merge(merge_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if m.undone_at_us.is_some() {
            return Err(ServiceError::Conflict(
                "this merge has already been undone".into(),
            ));
        }
        // Both sides must still exist (not erased since): the target live, the source merged.
        let (target_dek, target_p) = self.data_key(&m.target).await?;
        let (source_dek, source_p) = self.data_key_of(&m.source, true).await?;
        let record = self
            .store
            .load_subject(&m.target)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let mut identifiers = Vec::new();
        for (kind, index) in &m.moved_identifiers {
            let name = Field::Identifiers(*kind).name();
            // Find the moved identifier's ciphertext among the target's by its blind index.
            for (k, sealed) in record.identifiers.iter().filter(|(k, _)| k == kind) {
                let plain = target_dek.decrypt_field(&m.target, &name, sealed)?;
                let value = std::str::from_utf8(&plain)
                    .map_err(|_| anyhow::anyhow!("a decrypted identifier is not UTF-8"))?;
                if self.index.identifier(*k, value).as_slice() == index.as_slice() {
                    identifiers.push(self.seal_for(&m.source, &source_dek, *k, value)?);
                }
            }
        }
        // The target's own decisions are asserted again; a consent that only came with the
        // source is withdrawn from the target.
        let before: BTreeMap<String, Option<Uuid>> =
            serde_json::from_str(&m.consents_before).unwrap_or_default();
        let history = self.store.consent_history(&m.target).await?;
        let mut consents = Vec::new();
        for (purpose, own) in before {
            match own.and_then(|id| history.iter().find(|r| r.id == id)) {
                Some(row) => consents.push(copy_for(row, m.target, caller)),
                None => {
                    if let Some(latest) = history.iter().rev().find(|r| r.purpose == purpose) {
                        let mut w = copy_for(latest, m.target, caller);
                        w.status = "withdrawn".into();
                        w.collected_at_us = now_us();
                        w.evidence =
                            serde_json::json!({ "document_ref": format!("merge-undo:{}", m.id) })
                                .to_string();
                        consents.push(w);
                    }
                }
            }
        }
        self.behaviour
            .move_merged_events_back(&m.id, target_p.as_bytes(), source_p.as_bytes())
            .await?;
        self.store
            .apply_unmerge(&UnmergeWrite {
                merge: &m,
                identifiers,
                consents,
            })
            .await?;
        let mut e = entry(caller, Action::MergeUndo, Some(m.target), None);
        e.allowed = true;
        e.reason = Some(format!("merge:{} source:{}", m.id, m.source));
        self.audit.record(e).await?;
        Ok(())
    }
}
