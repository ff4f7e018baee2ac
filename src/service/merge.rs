//! Merging two subjects found to be one person, and undoing a merge made in error.
//!
//! A merge moves the source's identifiers and events to the target, copies the personal
//! fields the target lacks, carries over objections and a restriction, and per purpose keeps
//! the stricter consent decision. The source stays (marked merged) so the merge can be undone
//! while neither side has been erased; erasing the target erases the source with it.
//!
//! Every check that guards the write runs again inside the vault transaction (both subjects
//! live, neither ledger changed since the merge was computed), so two merges racing on the same
//! subjects cannot both apply. The events move after the vault transaction; a merge whose
//! events have not moved is completed at the next start ([`Vault::resume_merges`]).

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

use uuid::Uuid;

use super::permissions;
use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::domain::{ConsentRecord, ConsentStatus};
use crate::domain::{Field, FieldError, PersonalField, SubjectId};
use crate::policy::LegalBasis;
use crate::store::{now_us, MergeRow, MergeWrite, UnmergeWrite};

/// What a merge did.
#[derive(Debug)]
pub struct MergeResult {
    pub merge_id: String,
    pub copied_fields: Vec<String>,
    pub identifiers_moved: usize,
    pub events_moved: usize,
    pub consents_changed: Vec<String>,
}

/// What undoing a merge did.
#[derive(Debug)]
pub struct UndoResult {
    /// Purposes whose grant the target held before the merge and lost to the source's stricter
    /// decision: an undo never records a grant (only the customer gives consent), so the
    /// target stays withdrawn there until the customer grants again.
    pub consents_not_restored: Vec<String>,
    /// Refusals (consent withdrawals or refusals, objections, a restriction) recorded on the
    /// target since the merge and copied to the source: either person may have made them.
    pub refusals_copied_to_source: usize,
}

/// How permissive a recorded decision is: a refusal or withdrawal is stricter than a grant.
fn permissiveness(row: &ConsentRecord) -> u8 {
    u8::from(row.status == ConsentStatus::Granted)
}

/// A copy of `row` recorded for `subject` now, by `caller`.
fn copy_for(row: &ConsentRecord, subject: SubjectId, caller: &Caller<'_>) -> ConsentRecord {
    ConsentRecord {
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
    /// `Ok` for a live subject; 409 for one merged into another, 404/410 for none.
    async fn require_live(&self, id: &SubjectId, role: &str) -> Result<(), ServiceError> {
        match self.store.merged_into(id).await? {
            Some(None) => Ok(()),
            Some(Some(_)) => Err(ServiceError::Conflict(format!(
                "the {role} has already been merged into another subject"
            ))),
            None => Err(self.missing(id).await),
        }
    }

    pub async fn merge_subjects(
        &self,
        caller: &Caller<'_>,
        target: SubjectId,
        source: SubjectId,
    ) -> Result<MergeResult, ServiceError> {
        caller.require(permissions::STEWARDS)?;
        self.require_identity_steward(caller, Action::SubjectMerge, target)
            .await?;
        if target == source {
            return Err(ServiceError::Invalid(vec![FieldError::new(
                "/other",
                "a subject cannot be merged with itself",
            )]));
        }
        self.require_live(&target, "target").await?;
        self.require_live(&source, "source").await?;
        // Read before anything the merge is computed from; the write refuses if it moved.
        let ledgers = self.store.ledger_mark(&target, &source).await?;
        // A concurrent merge may merge either side from here on: read them as they are and
        // let the guarded write refuse (409) instead of answering 404 half-way.
        let (target_dek, target_p) = self.data_key_of(&target, true).await?;
        let (source_dek, source_p) = self.data_key_of(&source, true).await?;
        let t = self
            .store
            .load_subject_of(&target, true)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let s = self
            .store
            .load_subject_of(&source, true)
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
            let latest = |h: &[ConsentRecord]| h.iter().rev().find(|r| r.purpose == p.id).cloned();
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
        let target_scopes = self.store.objection_scopes_in_force(&target).await?;
        let mut objection_scopes: Vec<String> = self
            .store
            .objection_scopes_in_force(&source)
            .await?
            .into_iter()
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
            ledgers,
            created_by: caller.principal.id.clone(),
            request_id: caller.request_id.to_owned(),
        };
        self.store.apply_merge(&write).await?;
        let mut e = entry(caller, Action::SubjectMerge, Some(target), None);
        e.allowed = true;
        e.fields_given = write
            .copied_fields
            .iter()
            .map(|(f, _)| (*f).to_owned())
            .collect();
        e.reason = Some(format!("merge:{merge_id} from:{source}"));
        self.audit.record(e).await?;
        let mut e = entry(caller, Action::SubjectMerged, Some(source), None);
        e.allowed = true;
        e.reason = Some(format!("merge:{merge_id} into:{target}"));
        self.audit.record(e).await?;

        if self.merge_failpoint.swap(false, Ordering::SeqCst) {
            return Err(anyhow::anyhow!("injected failure between the stores").into());
        }
        let moved = self
            .behaviour
            .move_events(source_p.as_bytes(), target_p.as_bytes(), Some(&merge_id))
            .await?;
        self.store.merge_events_moved(&merge_id).await?;

        Ok(MergeResult {
            merge_id,
            copied_fields: write
                .copied_fields
                .iter()
                .map(|(f, _)| (*f).to_owned())
                .collect(),
            identifiers_moved: write.identifiers.len(),
            events_moved: moved.len(),
            consents_changed: before.keys().cloned().collect(),
        })
    }

    /// Test hook: the next merge stops after the vault's half, as a crash would.
    #[doc(hidden)]
    pub fn fail_next_merge_between_stores(&self) {
        self.merge_failpoint.store(true, Ordering::SeqCst);
    }

    /// Moves the events of every merge (or undo) whose vault half was written by a process
    /// that stopped before the behaviour store's half (called at start). Returns how many.
    pub async fn resume_merges(&self) -> Result<usize, ServiceError> {
        let pending = self.store.merges_with_events_pending().await?;
        for m in &pending {
            tracing::warn!(merge = %m.id, "completing the event move of an interrupted merge");
            self.move_merge_events(m).await?;
        }
        Ok(pending.len())
    }

    /// The behaviour store's half of a merge (or of its undo), then the mark that it is done.
    async fn move_merge_events(&self, m: &MergeRow) -> Result<usize, ServiceError> {
        let (_, target_p) = self.data_key_of(&m.target, true).await?;
        let (_, source_p) = self.data_key_of(&m.source, true).await?;
        let moved = if m.undone_at_us.is_some() {
            self.behaviour
                .move_merged_events_back(&m.id, target_p.as_bytes(), source_p.as_bytes())
                .await?;
            0
        } else {
            self.behaviour
                .move_events(source_p.as_bytes(), target_p.as_bytes(), Some(&m.id))
                .await?
                .len()
        };
        self.store.merge_events_moved(&m.id).await?;
        Ok(moved)
    }

    /// Undoes a merge while both subjects still exist. What was decided since the merge
    /// stands, a grant is never recorded, and a merge that can no longer be split faithfully
    /// (the target was merged on, a moved identifier or copied field changed since) is refused.
    pub async fn undo_merge(
        &self,
        caller: &Caller<'_>,
        merge_id: &str,
    ) -> Result<UndoResult, ServiceError> {
        caller.require(permissions::STEWARDS)?;
        let m = self
            .store
            .load_merge(merge_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.require_identity_steward(caller, Action::MergeUndo, m.target)
            .await?;
        if m.undone_at_us.is_some() {
            return Err(ServiceError::Conflict(
                "this merge has already been undone".into(),
            ));
        }
        self.require_live(&m.target, "merge target").await?;
        let ledgers = self.store.ledger_mark(&m.target, &m.source).await?;
        let (target_dek, _) = self.data_key(&m.target).await?;
        let (source_dek, _) = self.data_key_of(&m.source, true).await?;
        let record = self
            .store
            .load_subject(&m.target)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let source_record = self
            .store
            .load_subject_of(&m.source, true)
            .await?
            .ok_or(ServiceError::NotFound)?;
        // A copied field corrected on the target since: removing it would lose the correction.
        for name in &m.copied_fields {
            let now = record.fields.iter().find(|(n, _)| n == name);
            let was = source_record.fields.iter().find(|(n, _)| n == name);
            let unchanged = match (now, was) {
                (Some((_, now)), Some((_, was))) => {
                    target_dek.decrypt_field(&m.target, name, now)?
                        == source_dek.decrypt_field(&m.source, name, was)?
                }
                _ => false,
            };
            if !unchanged {
                return Err(ServiceError::Conflict(
                    "a field the merge copied has been corrected or removed on the target since; \
                     undoing the merge would lose that change"
                        .into(),
                ));
            }
        }
        let mut identifiers = Vec::new();
        for (kind, index) in &m.moved_identifiers {
            let name = Field::Identifiers(*kind).name();
            // Find the moved identifier's ciphertext among the target's by its blind index.
            for (k, sealed) in record.identifiers.iter().filter(|(k, _)| k == kind) {
                let plain = target_dek.decrypt_field(&m.target, &name, sealed)?;
                let value = std::str::from_utf8(&plain)
                    .map_err(|_| anyhow::anyhow!("a decrypted identifier is not UTF-8"))?;
                if self.index.identifier_all(*k, value).contains(index) {
                    identifiers.push(self.seal_for(&m.source, &source_dek, *k, value)?);
                }
            }
        }
        if identifiers.len() != m.moved_identifiers.len() {
            return Err(ServiceError::Conflict(
                "an identifier the merge moved is no longer held by the target, so the source \
                 cannot get it back"
                    .into(),
            ));
        }

        let history = self.store.consent_history(&m.target).await?;
        let since_merge = |r: &&ConsentRecord| r.recorded_at_us > m.created_at_us;
        let before: BTreeMap<String, Option<Uuid>> =
            serde_json::from_str(&m.consents_before).unwrap_or_default();
        let mut consents = Vec::new();
        let mut not_restored = Vec::new();
        for (purpose, own) in before {
            if history
                .iter()
                .filter(since_merge)
                .any(|r| r.purpose.as_str() == purpose)
            {
                continue; // decided since the merge: that decision stands
            }
            let own = own.and_then(|id| history.iter().find(|r| r.id == id));
            let latest = history.iter().rev().find(|r| r.purpose.as_str() == purpose);
            match (own, latest) {
                (Some(own), _) if own.status == ConsentStatus::Granted => {
                    not_restored.push(purpose)
                }
                (None, Some(latest)) if latest.status == ConsentStatus::Granted => {
                    // A grant that only came with the source: withdrawn from the target.
                    let mut w = copy_for(latest, m.target, caller);
                    w.status = ConsentStatus::Withdrawn;
                    w.collected_at_us = now_us();
                    w.evidence =
                        serde_json::json!({ "document_ref": format!("merge-undo:{}", m.id) })
                            .to_string();
                    consents.push(w);
                }
                _ => {}
            }
        }

        // Refusals recorded on the target since the merge go to the source too.
        let mut source_consents: Vec<ConsentRecord> = Vec::new();
        for r in history.iter().filter(since_merge).rev() {
            if r.status != ConsentStatus::Granted
                && !source_consents.iter().any(|c| c.purpose == r.purpose)
            {
                source_consents.push(copy_for(r, m.source, caller));
            }
        }
        let source_scopes = self.store.objection_scopes_in_force(&m.source).await?;
        let mut source_objection_scopes: Vec<String> = self
            .store
            .objections(&m.target)
            .await?
            .into_iter()
            .filter(|o| o.recorded_at_us > m.created_at_us)
            .map(|o| o.scope)
            .collect();
        let target_in_force = self.store.objection_scopes_in_force(&m.target).await?;
        source_objection_scopes
            .retain(|s| target_in_force.contains(s) && !source_scopes.contains(s));
        source_objection_scopes.sort();
        source_objection_scopes.dedup();
        let source_restricted = self
            .store
            .latest_restriction(&m.source)
            .await?
            .is_some_and(|r| r.restricted);
        let restrict_source = self
            .store
            .latest_restriction(&m.target)
            .await?
            .filter(|r| r.restricted && r.recorded_at_us > m.created_at_us && !source_restricted)
            .map(|r| r.reason.unwrap_or_else(|| "accuracy_contested".into()));

        let refusals_copied_to_source = source_consents.len()
            + source_objection_scopes.len()
            + usize::from(restrict_source.is_some());
        self.store
            .apply_unmerge(&UnmergeWrite {
                merge: &m,
                identifiers,
                consents,
                source_consents,
                source_objection_scopes,
                restrict_source,
                ledgers,
                undone_by: caller.principal.id.clone(),
                request_id: caller.request_id.to_owned(),
            })
            .await?;
        let mut e = entry(caller, Action::MergeUndo, Some(m.target), None);
        e.allowed = true;
        e.reason = Some(format!("merge:{} source:{}", m.id, m.source));
        self.audit.record(e).await?;

        let undone = MergeRow {
            undone_at_us: Some(now_us()),
            ..m
        };
        self.move_merge_events(&undone).await?;
        Ok(UndoResult {
            consents_not_restored: not_restored,
            refusals_copied_to_source,
        })
    }
}
