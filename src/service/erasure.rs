//! Erasure (Art. 17): crypto-shredding and deletion across both stores, as a recorded job that
//! finishes on the next start if the process dies half-way, and a receipt that proves what was
//! removed without keeping any of it.

use std::sync::atomic::Ordering;

use ring::digest::{digest, SHA256};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;

use uuid::Uuid;

use super::erasure_journal::JOURNAL_ACTOR;
use super::permissions;
use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::domain::SubjectId;
use crate::policy::time_from_us;
use crate::store::{now_us, JournalEntry, PendingErasure};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct Removed {
    pub personal_fields: i64,
    pub identifiers: i64,
    pub events: i64,
    pub objections: i64,
    pub restrictions: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Kept {
    pub consent_records: i64,
    pub legal_basis: String,
}

/// The erasure receipt: what was removed, what was kept and why; no personal data. Its
/// `receipt_hash` (SHA-256 of the receipt without the hash) is also in the audit entry.
/// One receipt covers the whole person: `subject` and every subject merged into it
/// (`erased_subjects`); each of those ids keeps it under its tombstone.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ErasureReceipt {
    pub subject: SubjectId,
    /// The id the request named, when it was a subject merged into `subject`: erasing any id
    /// of a person erases the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_subject: Option<SubjectId>,
    /// `subject` first, then every subject merged into it (transitively).
    pub erased_subjects: Vec<SubjectId>,
    pub erased_at: String,
    pub data_key_destroyed: bool,
    pub removed: Removed,
    pub kept: Kept,
    pub suppression_list_entries: i64,
    /// Set when a retention duty blocks the erasure: what is kept, for which purpose and
    /// until when (the data key is then not destroyed yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked: Option<super::erasure_duty::Blocked>,
    /// Set only on a tombstone the erasure journal wrote when it re-applied this erasure to
    /// stores restored from an older backup (`erasure_journal.rs`); `removed` then counts what
    /// the re-application removed, and `erased_at` is the original erasure's time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reapplied: Option<Reapplied>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub receipt_hash: String,
}

/// When an erasure was re-applied from the journal, and the hash of the receipt the original
/// erasure gave (unknown when it stopped before it was done, or before the journal existed).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Reapplied {
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_receipt_sha256: Option<String>,
}

/// Where an erasure being completed comes from.
pub(super) enum Origin<'a> {
    /// A request (or its resumption after a crash): the id the request named when it was a
    /// merged-away one, and the erasure's journal entry when known.
    Request {
        requested_subject: Option<SubjectId>,
        erasure: Option<Uuid>,
    },
    /// The erasure journal, re-applied at start: the original erasure's time and receipt
    /// hash, and the ids these stores do not hold at all (they get their tombstone only).
    Journal {
        erased_at_us: i64,
        original_receipt: Option<&'a str>,
        absent: &'a [SubjectId],
    },
}

pub(super) const KEPT_BASIS: &str =
    "GDPR Art. 7(1) and Art. 17(3)(b),(e): records proving that consent was \
    given or withdrawn are kept, without personal data, under the pseudonymous subject id";

/// Longest chain of merges followed from a merged-away id to its person (a guard against a
/// corrupt cycle; real chains are a handful long).
const MAX_MERGE_DEPTH: usize = 64;

impl Vault {
    /// `Gone` for an erased subject, `NotFound` for one that never existed.
    pub(crate) async fn missing(&self, id: &SubjectId) -> ServiceError {
        match self.store.erasure_of(id).await {
            Ok(Some(_)) => ServiceError::Gone,
            Ok(None) => ServiceError::NotFound,
            Err(e) => e.into(),
        }
    }

    /// The live subject a (possibly merged-away) id belongs to, or why there is none.
    async fn person_of(&self, id: SubjectId) -> Result<SubjectId, ServiceError> {
        let mut current = id;
        for _ in 0..MAX_MERGE_DEPTH {
            match self.store.merged_into(&current).await? {
                None => return Err(self.missing(&current).await),
                Some(None) => return Ok(current),
                Some(Some(next)) => current = next,
            }
        }
        Err(anyhow::anyhow!("merge chain longer than {MAX_MERGE_DEPTH}").into())
    }

    /// `person` and every subject merged into it, transitively (merges of merges).
    async fn whole_person(&self, person: SubjectId) -> Result<Vec<SubjectId>, ServiceError> {
        let mut all = vec![person];
        let mut next = 0;
        while next < all.len() {
            for source in self.store.merged_sources(&all[next]).await? {
                if !all.contains(&source) {
                    all.push(source);
                }
            }
            next += 1;
        }
        Ok(all)
    }

    /// Erases a person and returns the receipt: the subject `id` names (or, for an id merged
    /// into another, the subject it was merged into) and every subject merged into it.
    pub async fn erase_subject(
        &self,
        caller: &Caller<'_>,
        id: SubjectId,
    ) -> Result<ErasureReceipt, ServiceError> {
        caller.require_for(permissions::DPO_ADMIN_OR_SUBJECTS, &id)?;
        self.erase_person(caller, id, true).await
    }

    /// Erases the person `id` belongs to; with `honour_duty`, a retention duty still running
    /// blocks the erasure instead ([`Vault::block_for_duty`]).
    pub(super) async fn erase_person(
        &self,
        caller: &Caller<'_>,
        id: SubjectId,
        honour_duty: bool,
    ) -> Result<ErasureReceipt, ServiceError> {
        let person = self.person_of(id).await?;
        let members = self.whole_person(person).await?;
        if honour_duty {
            if let Some(duty) = self.erasure_duty(&person).await? {
                let requested = (id != person).then_some(id);
                return self
                    .block_for_duty(caller, person, requested, &members, duty)
                    .await;
            }
        }
        self.erase_members(caller, person, (id != person).then_some(id), &members)
            .await
    }

    /// Erases `members` (the person first, or only the subjects merged into it): journalled
    /// first (on disk before anything is deleted), then one job each, completed together
    /// under one receipt.
    pub(super) async fn erase_members(
        &self,
        caller: &Caller<'_>,
        person: SubjectId,
        requested: Option<SubjectId>,
        members: &[SubjectId],
    ) -> Result<ErasureReceipt, ServiceError> {
        let mut pseudonyms = Vec::with_capacity(members.len());
        for member in members {
            let (_, pseudonym) = self.data_key_of(member, true).await?;
            pseudonyms.push(pseudonym);
        }
        let erasure = Uuid::new_v4();
        self.journal
            .append(vec![JournalEntry::Erase {
                erasure,
                person,
                subjects: members.to_vec(),
                erased_at_us: now_us(),
            }])
            .await?;
        for (member, pseudonym) in members.iter().zip(&pseudonyms) {
            self.store
                .start_erasure_job(
                    member,
                    &person,
                    pseudonym.as_bytes(),
                    &caller.principal.id,
                    caller.request_id,
                )
                .await?;
        }
        let jobs = self.store.pending_erasures_of(&person).await?;
        let origin = Origin::Request {
            requested_subject: requested,
            erasure: Some(erasure),
        };
        self.complete_erasure(person, jobs, origin).await
    }

    /// Finishes every erasure a previous process started but did not complete (called at
    /// start). Returns how many people were finished.
    pub async fn resume_erasures(&self) -> Result<usize, ServiceError> {
        let pending = self.store.pending_erasures().await?;
        let mut people: Vec<SubjectId> = pending.iter().map(|j| j.person).collect();
        people.sort_by_key(|p| *p.as_uuid());
        people.dedup();
        for person in &people {
            tracing::warn!(subject = %person, "resuming an interrupted erasure");
            let jobs = pending
                .iter()
                .filter(|j| j.person == *person)
                .cloned()
                .collect();
            let origin = Origin::Request {
                requested_subject: None,
                erasure: None,
            };
            self.complete_erasure(*person, jobs, origin).await?;
        }
        Ok(people.len())
    }

    /// Test hook: the next erasure stops after the behaviour store's half, as a crash would.
    #[doc(hidden)]
    pub fn fail_next_erasure_between_stores(&self) {
        self.erasure_failpoint.store(true, Ordering::SeqCst);
    }

    /// Completes `person`'s erasure jobs (and, from the journal, the tombstones of `absent`
    /// ids): the behaviour store's half per job, then one vault transaction for all, the
    /// receipt, the audit entries and (for a request) the recipients' notifications.
    pub(super) async fn complete_erasure(
        &self,
        person: SubjectId,
        mut jobs: Vec<PendingErasure>,
        origin: Origin<'_>,
    ) -> Result<ErasureReceipt, ServiceError> {
        // The person first, then the subjects merged into it.
        jobs.sort_by_key(|j| j.subject != person);
        let absent = match &origin {
            Origin::Journal { absent, .. } => *absent,
            Origin::Request { .. } => &[],
        };
        let first = jobs.first().cloned();
        if first.is_none() && absent.is_empty() {
            return Err(self.missing(&person).await);
        }
        let mut removed = Removed::default();
        let mut kept = 0;
        let mut suppressed = 0;
        let mut done = Vec::with_capacity(jobs.len() + absent.len());
        for job in &jobs {
            let counts = self.store.erasure_counts(&job.subject).await?;
            let events = match job.events_deleted {
                Some(n) => n,
                None => {
                    let n = self.behaviour.erase_pseudonym(&job.pseudonym).await?;
                    self.store.erasure_events_deleted(&job.subject, n).await?;
                    n
                }
            };
            removed.personal_fields += counts.fields;
            removed.identifiers += counts.identifiers;
            removed.events += events;
            removed.objections += counts.objections;
            removed.restrictions += counts.restrictions;
            kept += counts.consent_records_kept;
            suppressed += counts.suppressible;
            done.push((job.subject, events));
        }
        done.extend(absent.iter().map(|id| (*id, 0)));
        if self.erasure_failpoint.swap(false, Ordering::SeqCst) {
            return Err(anyhow::anyhow!("injected failure between the stores").into());
        }
        let now = rfc3339(now_us());
        let (requested_subject, erased_at, reapplied) = match &origin {
            Origin::Request {
                requested_subject, ..
            } => (*requested_subject, now, None),
            Origin::Journal {
                erased_at_us,
                original_receipt,
                ..
            } => (
                None,
                rfc3339(*erased_at_us),
                Some(Reapplied {
                    at: now,
                    original_receipt_sha256: original_receipt.map(str::to_owned),
                }),
            ),
        };
        let mut receipt = ErasureReceipt {
            subject: person,
            requested_subject,
            erased_subjects: done.iter().map(|(id, _)| *id).collect(),
            erased_at,
            data_key_destroyed: true,
            suppression_list_entries: suppressed,
            removed,
            kept: Kept {
                consent_records: kept,
                legal_basis: KEPT_BASIS.to_owned(),
            },
            blocked: None,
            reapplied,
            receipt_hash: String::new(),
        };
        let body = serde_json::to_vec(&receipt).unwrap_or_default();
        receipt.receipt_hash = hex::encode(digest(&SHA256, &body));
        let stored = serde_json::to_string(&receipt).unwrap_or_default();
        self.store
            .finish_erasure(&done, &stored, &receipt.receipt_hash)
            .await?;
        // The data keys are gone from the store; wipe this instance's cached copies too
        // (other instances' copies are unreachable: `crypto/cache.rs`).
        for (id, _) in &done {
            self.keys.forget(id);
        }
        self.store.checkpoint().await?;
        self.behaviour.checkpoint().await?;
        let (actor, request_id, journalled) = match (&origin, &first) {
            (Origin::Request { erasure, .. }, Some(job)) => {
                (job.requested_by.clone(), job.request_id.clone(), *erasure)
            }
            _ => (JOURNAL_ACTOR.to_owned(), JOURNAL_ACTOR.to_owned(), None),
        };
        let principal = crate::auth::Principal {
            id: actor,
            role: crate::domain::Role::Admin,
        };
        let caller = Caller {
            principal: &principal,
            request_id: &request_id,
        };
        let reapplied_from = match &origin {
            Origin::Journal {
                original_receipt, ..
            } => Some(format!(
                "reapplied_from_erasure_journal original_receipt_sha256:{} ",
                original_receipt.unwrap_or("unknown")
            )),
            Origin::Request { .. } => None,
        };
        for (id, _) in &done {
            let mut e = entry(&caller, Action::SubjectErase, Some(*id), None);
            e.allowed = true;
            let merged = if *id == person {
                String::new()
            } else {
                format!(" merged_into:{person}")
            };
            e.reason = Some(format!(
                "{}receipt_sha256:{}{merged}",
                reapplied_from.as_deref().unwrap_or(""),
                receipt.receipt_hash
            ));
            self.audit.record(e).await?;
            // Recipients were told when it was erased the first time.
            if reapplied_from.is_none() {
                self.notify_recipients(*id, super::NotifyAction::Erased)
                    .await?;
            }
        }
        if let Some(erasure) = journalled {
            self.journal_done(erasure, &receipt.receipt_hash).await;
        }
        tracing::info!(subject = %person, subjects = done.len(), events = receipt.removed.events, "subject erased");
        Ok(receipt)
    }

    /// Journals that `erasure` is done. The erasure itself was journalled before it ran, so a
    /// failure here loses only the receipt's hash from the journal: logged, not raised.
    pub(super) async fn journal_done(&self, erasure: Uuid, receipt_sha256: &str) {
        let done = JournalEntry::Done {
            erasure,
            receipt_sha256: receipt_sha256.to_owned(),
        };
        if let Err(e) = self.journal.append(vec![done]).await {
            tracing::error!(error = %e, "could not journal an erasure's receipt hash");
        }
    }

    /// The receipt of an earlier erasure (of the person, or of a subject merged into it).
    pub async fn erasure_receipt(
        &self,
        id: &SubjectId,
    ) -> Result<Option<ErasureReceipt>, ServiceError> {
        Ok(self
            .store
            .erasure_of(id)
            .await?
            .and_then(|(_, r)| serde_json::from_str(&r).ok()))
    }
}

/// `us` (microseconds since the epoch) as RFC 3339, or empty when out of range.
pub(super) fn rfc3339(us: i64) -> String {
    time_from_us(us)
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}
