//! The erasure journal at start: stores restored from a backup older than some erasures are
//! brought back in line with the journal (`store/journal.rs`), before anything is served.
//!
//! Every journalled erasure whose subjects the stores still hold is erased again the way the
//! original was: the same ids (the person and every subject merged into it, even where the
//! restored stores predate the merge), through the same erasure job (events and aggregates,
//! identifiers onto the suppression list, the subject row with its wrapped data key, fields,
//! objections, restrictions, merge records; a tombstone). An id the stores do not hold at all
//! only gets its tombstone, so it answers 410 like any erased id. A blocked erasure (a
//! retention duty) is blocked again with the journalled duty: the fields kept, the purposes
//! whose events stay, until when; never more. Subjects already erased (or blocked) in the
//! stores are left alone, so a second start changes nothing.
//!
//! Re-applied erasures are audited as `subject.erase` with actor `erasure-journal` and reason
//! `reapplied_from_erasure_journal original_receipt_sha256:<hash|unknown> …`. Their tombstone
//! holds a new receipt that says so (`reapplied`), with the original erasure's time; nobody
//! is notified again (recipients were told the first time).
//!
//! Then the journal is completed from the stores: a tombstone or a block the journal lacks
//! (erased before the journal existed, or a journal that lost its last lines) is journalled.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use uuid::Uuid;

use super::erasure::{rfc3339, ErasureReceipt, Origin};
use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::domain::{PurposeId, SubjectId};
use crate::policy::LegalBasis;
use crate::store::{purposes_tag, JournalEntry, JournalRecord};

/// The actor (and request id) of what the journal does at start.
pub const JOURNAL_ACTOR: &str = "erasure-journal";

/// What applying the journal at start did (counts only).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct JournalReport {
    /// Erasures re-applied: some of their subjects were back in the stores.
    pub erasures_reapplied: usize,
    /// Subjects erased again (or given back their tombstone) by them.
    pub subjects_erased: usize,
    /// Blocked erasures re-applied.
    pub blocks_reapplied: usize,
    /// Entries added for erasures and blocks the stores hold but the journal lacked.
    pub entries_added: usize,
}

impl JournalReport {
    pub fn reapplied_any(&self) -> bool {
        self.erasures_reapplied + self.blocks_reapplied > 0
    }
}

impl Vault {
    /// Re-applies every journalled erasure the stores lack, then journals what the stores
    /// hold and the journal lacks (see the module documentation). Called at start, after
    /// interrupted merges and erasures are finished.
    pub async fn apply_erasure_journal(&self) -> Result<JournalReport, ServiceError> {
        let mut report = JournalReport::default();
        if !self.journal.is_on() {
            return Ok(report);
        }
        let records = self.journal.read().await?;
        let receipts: HashMap<Uuid, &str> = records
            .iter()
            .filter_map(|r| match &r.entry {
                JournalEntry::Done {
                    erasure,
                    receipt_sha256,
                } => Some((*erasure, receipt_sha256.as_str())),
                _ => None,
            })
            .collect();
        // In the order they happened (a block before the erasure that completed it).
        let mut intents: Vec<(i64, &JournalEntry)> = records
            .iter()
            .filter_map(|r| match &r.entry {
                JournalEntry::Erase { erased_at_us, .. } => Some((*erased_at_us, &r.entry)),
                JournalEntry::Block { .. } => Some((r.at_us, &r.entry)),
                _ => None,
            })
            .collect();
        intents.sort_by_key(|(at, _)| *at);
        // What the stores have done already, read once: in stores that are not behind the
        // journal, every journalled id is here and nothing else is asked of them.
        let tombstones = self.store.tombstones().await?;
        let erased: HashSet<SubjectId> = tombstones.iter().map(|(id, _, _)| *id).collect();
        let blocked: HashSet<SubjectId> = self
            .store
            .blocked_subjects()
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        for (_, intent) in intents {
            match intent {
                JournalEntry::Erase {
                    erasure,
                    person,
                    subjects,
                    erased_at_us,
                } => {
                    if subjects.iter().all(|id| erased.contains(id)) {
                        continue;
                    }
                    let original = receipts.get(erasure).copied();
                    let n = self
                        .reapply_erase(*person, subjects, *erased_at_us, original)
                        .await?;
                    if n > 0 {
                        report.erasures_reapplied += 1;
                        report.subjects_erased += n;
                    }
                }
                JournalEntry::Block {
                    erasure,
                    person,
                    until_us,
                    purposes,
                    fields_kept,
                } => {
                    if erased.contains(person) || blocked.contains(person) {
                        continue;
                    }
                    let original = receipts.get(erasure).copied();
                    if self
                        .reapply_block(*person, *until_us, purposes, fields_kept, original)
                        .await?
                    {
                        report.blocks_reapplied += 1;
                    }
                }
                JournalEntry::Open { .. } | JournalEntry::Done { .. } => {}
            }
        }
        report.entries_added = self.complete_journal(&records, tombstones).await?;
        Ok(report)
    }

    /// Erases again what the stores still hold of one journalled erasure; returns how many
    /// of its subjects were still there (0: nothing to do).
    async fn reapply_erase(
        &self,
        person: SubjectId,
        subjects: &[SubjectId],
        erased_at_us: i64,
        original_receipt: Option<&str>,
    ) -> Result<usize, ServiceError> {
        let (mut present, mut absent) = (Vec::new(), Vec::new());
        for id in subjects {
            if self.store.erasure_of(id).await?.is_some() {
                continue;
            }
            match self.store.merged_into(id).await? {
                Some(_) => present.push(*id),
                None => absent.push(*id),
            }
        }
        if present.is_empty() && absent.is_empty() {
            return Ok(0);
        }
        tracing::warn!(
            subject = %person,
            subjects = present.len() + absent.len(),
            "re-applying a journalled erasure the stores had lost (restored from an older backup?)"
        );
        // Only the subjects merged into a person were erased: a retention duty blocked the
        // person's own erasure. The merge had moved their events to the person, where the
        // duty keeps them; stores from before the merge still hold them apart.
        if !subjects.contains(&person)
            && self.store.erasure_of(&person).await?.is_none()
            && self.store.merged_into(&person).await?.is_some()
        {
            let (_, target) = self.data_key_of(&person, true).await?;
            for id in &present {
                let (_, source) = self.data_key_of(id, true).await?;
                self.behaviour
                    .move_events(source.as_bytes(), target.as_bytes(), None)
                    .await?;
            }
        }
        for id in &present {
            let (_, pseudonym) = self.data_key_of(id, true).await?;
            self.store
                .start_erasure_job(
                    id,
                    &person,
                    pseudonym.as_bytes(),
                    JOURNAL_ACTOR,
                    JOURNAL_ACTOR,
                )
                .await?;
        }
        let jobs = self
            .store
            .pending_erasures_of(&person)
            .await?
            .into_iter()
            .filter(|j| present.contains(&j.subject))
            .collect();
        let origin = Origin::Journal {
            erased_at_us,
            original_receipt,
            absent: &absent,
        };
        self.complete_erasure(person, jobs, origin).await?;
        Ok(present.len() + absent.len())
    }

    /// Blocks `person` again under the journalled duty, if the stores hold it unblocked;
    /// returns whether it did.
    async fn reapply_block(
        &self,
        person: SubjectId,
        until_us: i64,
        purposes: &[String],
        fields_kept: &[String],
        original_receipt: Option<&str>,
    ) -> Result<bool, ServiceError> {
        if self.store.erasure_of(&person).await?.is_some()
            || self.store.merged_into(&person).await?.is_none()
            || self.store.blocked_until(&person).await?.is_some()
        {
            return Ok(false);
        }
        tracing::warn!(
            subject = %person,
            "re-applying a journalled blocked erasure the stores had lost (restored from an older backup?)"
        );
        let (_, pseudonym) = self.data_key_of(&person, true).await?;
        let (fields, identifiers) = self
            .store
            .block_subject(&person, fields_kept, until_us, JOURNAL_ACTOR, JOURNAL_ACTOR)
            .await?;
        // The events collected for the duty's purposes stay; a purpose the policy no longer
        // defines cannot be scoped, and then no event is deleted rather than too many.
        let scopes: Option<Vec<_>> = purposes
            .iter()
            .map(|p| {
                let id = PurposeId::parse(p).ok()?;
                self.policy.purpose(&id)?;
                Some(self.event_scope(&id))
            })
            .collect();
        let events = match scopes {
            Some(scopes) => {
                let tag = purposes_tag(purposes.iter().map(String::as_str));
                self.behaviour
                    .keep_only_for(pseudonym.as_bytes(), &scopes, &tag)
                    .await?
            }
            None => {
                tracing::warn!(
                    subject = %person,
                    "a journalled retention duty names a purpose the policy no longer has: \
                     the person's events were left as the stores hold them"
                );
                0
            }
        };
        self.store.checkpoint().await?;
        self.behaviour.checkpoint().await?;
        let principal = crate::auth::Principal {
            id: JOURNAL_ACTOR.to_owned(),
            role: crate::domain::Role::Admin,
        };
        let caller = Caller {
            principal: &principal,
            request_id: JOURNAL_ACTOR,
        };
        let mut e = entry(&caller, Action::SubjectErase, Some(person), None);
        e.allowed = true;
        e.reason = Some(format!(
            "reapplied_from_erasure_journal original_receipt_sha256:{} blocked_until:{}",
            original_receipt.unwrap_or("unknown"),
            rfc3339(until_us)
        ));
        self.audit.record(e).await?;
        tracing::info!(subject = %person, fields, identifiers, events, "blocked erasure re-applied");
        Ok(true)
    }

    /// Journals the erasures (tombstones) and blocks the stores hold that `records` lack;
    /// returns how many entries it added.
    /// `tombstones` as the stores held them before the journal was re-applied (what it
    /// re-applied is journalled already).
    async fn complete_journal(
        &self,
        records: &[JournalRecord],
        tombstones: Vec<(SubjectId, i64, String)>,
    ) -> Result<usize, ServiceError> {
        let mut erased = HashSet::new();
        let mut blocked = HashSet::new();
        for r in records {
            match &r.entry {
                JournalEntry::Erase { subjects, .. } => erased.extend(subjects.iter().copied()),
                JournalEntry::Block { person, .. } => {
                    blocked.insert(*person);
                }
                _ => {}
            }
        }
        // The subjects of one erasure share its receipt: one entry per receipt.
        let mut missing: BTreeMap<String, Vec<(SubjectId, i64)>> = BTreeMap::new();
        for (id, at, hash) in tombstones {
            if !erased.contains(&id) {
                let key = if hash.is_empty() {
                    id.to_string()
                } else {
                    hash
                };
                missing.entry(key).or_default().push((id, at));
            }
        }
        let mut entries = Vec::new();
        for (key, ids) in missing {
            let Some(&(first, _)) = ids.first() else {
                continue;
            };
            let person = self
                .store
                .erasure_of(&first)
                .await?
                .and_then(|(_, r)| serde_json::from_str::<ErasureReceipt>(&r).ok())
                .map_or(first, |r| r.subject);
            let erasure = Uuid::new_v4();
            entries.push(JournalEntry::Erase {
                erasure,
                person,
                subjects: ids.iter().map(|(id, _)| *id).collect(),
                erased_at_us: ids.iter().map(|(_, at)| *at).min().unwrap_or_default(),
            });
            if key != first.to_string() {
                entries.push(JournalEntry::Done {
                    erasure,
                    receipt_sha256: key,
                });
            }
        }
        // A block the journal lacks keeps what the stores keep now; its purposes are every
        // duty the policy knows (what the original named is not recorded in the stores).
        let duties: Vec<String> = self
            .policy
            .purposes()
            .filter(|p| p.legal_basis == LegalBasis::LegalObligation && p.allowed_under_restriction)
            .map(|p| p.id.as_str().to_owned())
            .collect();
        for (person, until_us) in self.store.blocked_subjects().await? {
            if blocked.contains(&person) {
                continue;
            }
            entries.push(JournalEntry::Block {
                erasure: Uuid::new_v4(),
                person,
                until_us,
                purposes: duties.clone(),
                fields_kept: self.store.field_names(&person).await?,
            });
        }
        let added = entries.len();
        self.journal.append(entries).await?;
        Ok(added)
    }
}
