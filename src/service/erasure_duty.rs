//! Erasure under a retention duty (Art. 17(3)(b), BDSG §35(3)): when a purpose based on a
//! legal obligation that may run under restriction (the shipped `accounting`: invoices, HGB
//! §257, AO §147) still has to keep a person's data, erasure cannot wipe it. It *blocks* it
//! instead: every identifier (and so every look-up) and every field the duty does not need go
//! at once, events not collected for the duty go, what is left is restricted so that only the
//! duty's purposes may read it, and the subject remembers until when. When the duty ends,
//! retention completes the erasure (crypto-shredding included).

use ring::digest::{digest, SHA256};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;

use super::erasure::{ErasureReceipt, Kept, Removed, KEPT_BASIS};
use super::subjects::{entry, Caller};
use super::{NotifyAction, ServiceError, Vault};
use crate::audit::Action;
use crate::crypto::Pseudonym;
use crate::domain::SubjectId;
use crate::policy::{retention_end_us, time_from_us, LegalBasis, Purpose};
use crate::store::{now_us, purposes_tag, JournalEntry};
use uuid::Uuid;

/// What a blocked erasure keeps, in the receipt.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Blocked {
    /// When the duty ends and the erasure is completed (RFC 3339).
    pub until: String,
    /// The purposes whose duty keeps the data; only they may still read it.
    pub purposes: Vec<String>,
    /// The fields kept (sealed, restricted to `purposes`).
    pub fields_kept: Vec<String>,
    pub legal_basis: String,
}

const BLOCKED_BASIS: &str = "GDPR Art. 17(3)(b), BDSG §35(3): a legal retention duty (e.g. HGB \
    §257, AO §147 for invoices) still applies; the data it needs is blocked (restricted to that \
    purpose) until the duty ends, then erased";

/// A retention duty that blocks erasing a person.
pub(super) struct Duty<'a> {
    purposes: Vec<&'a Purpose>,
    until_us: i64,
    /// The person's pseudonym, opened once for both halves.
    pseudonym: Pseudonym,
}

impl Vault {
    /// The retention duty that still applies to `person`, if any: a purpose based on a legal
    /// obligation, allowed under restriction, with events collected for it whose period has
    /// not ended (measured as the purpose measures it, e.g. from the end of the year).
    pub(super) async fn erasure_duty(
        &self,
        person: &SubjectId,
    ) -> Result<Option<Duty<'_>>, ServiceError> {
        let Some(pseudonym) = self.pseudonym_of(person).await? else {
            return Ok(None);
        };
        let now = now_us();
        let mut duty = Duty {
            purposes: Vec::new(),
            until_us: i64::MIN,
            pseudonym,
        };
        for purpose in self
            .policy
            .purposes()
            .filter(|p| p.legal_basis == LegalBasis::LegalObligation && p.allowed_under_restriction)
        {
            let scope = self.event_scope(&purpose.id);
            let seen = self
                .behaviour
                .scoped_aggregate(duty.pseudonym.as_bytes(), &scope)
                .await?;
            if seen.event_count == 0 {
                continue;
            }
            let ends = retention_end_us(
                seen.last_seen_us,
                purpose.retention_days,
                purpose.retention_from_year_end,
            );
            if ends > now {
                duty.purposes.push(purpose);
                duty.until_us = duty.until_us.max(ends);
            }
        }
        Ok((!duty.purposes.is_empty()).then_some(duty))
    }

    /// Blocks the erasure of `person` under `duty` (see the module documentation); subjects
    /// merged into it are erased in full (their events already belong to the person).
    pub(super) async fn block_for_duty(
        &self,
        caller: &Caller<'_>,
        person: SubjectId,
        requested_subject: Option<SubjectId>,
        members: &[SubjectId],
        duty: Duty<'_>,
    ) -> Result<ErasureReceipt, ServiceError> {
        let merged: Vec<SubjectId> = members.iter().copied().filter(|m| *m != person).collect();
        let (mut erased_subjects, mut removed, mut suppressed) =
            (Vec::new(), Removed::default(), 0);
        if !merged.is_empty() {
            let receipt = self.erase_members(caller, person, None, &merged).await?;
            erased_subjects = receipt.erased_subjects;
            removed = receipt.removed;
            suppressed = receipt.suppression_list_entries;
        }
        let counts = self.store.erasure_counts(&person).await?;
        suppressed += counts.suppressible;
        let mut fields_kept: Vec<String> = duty
            .purposes
            .iter()
            .flat_map(|p| p.fields.iter().map(|f| f.name()))
            .collect();
        fields_kept.sort();
        fields_kept.dedup();
        // Journalled before anything is deleted: a restored backup is blocked the same way.
        let erasure = Uuid::new_v4();
        self.journal
            .append(vec![JournalEntry::Block {
                erasure,
                person,
                until_us: duty.until_us,
                purposes: duty
                    .purposes
                    .iter()
                    .map(|p| p.id.as_str().to_owned())
                    .collect(),
                fields_kept: fields_kept.clone(),
            }])
            .await?;
        let (fields, identifiers) = self
            .store
            .block_subject(
                &person,
                &fields_kept,
                duty.until_us,
                &caller.principal.id,
                caller.request_id,
            )
            .await?;
        let scopes: Vec<_> = duty
            .purposes
            .iter()
            .map(|p| self.event_scope(&p.id))
            .collect();
        let tag = purposes_tag(duty.purposes.iter().map(|p| p.id.as_str()));
        let events = self
            .behaviour
            .keep_only_for(duty.pseudonym.as_bytes(), &scopes, &tag)
            .await?;
        removed.personal_fields += fields;
        removed.identifiers += identifiers;
        removed.events += events;
        let rfc3339 = |us: i64| {
            time_from_us(us)
                .and_then(|t| t.format(&Rfc3339).ok())
                .unwrap_or_default()
        };
        let mut receipt = ErasureReceipt {
            subject: person,
            requested_subject,
            erased_subjects,
            erased_at: rfc3339(now_us()),
            data_key_destroyed: false,
            suppression_list_entries: suppressed,
            removed,
            kept: Kept {
                consent_records: counts.consent_records_kept,
                legal_basis: KEPT_BASIS.to_owned(),
            },
            blocked: Some(Blocked {
                until: rfc3339(duty.until_us),
                purposes: duty
                    .purposes
                    .iter()
                    .map(|p| p.id.as_str().to_owned())
                    .collect(),
                fields_kept,
                legal_basis: BLOCKED_BASIS.to_owned(),
            }),
            reapplied: None,
            receipt_hash: String::new(),
        };
        let body = serde_json::to_vec(&receipt).unwrap_or_default();
        receipt.receipt_hash = hex::encode(digest(&SHA256, &body));
        let mut e = entry(caller, Action::SubjectErase, Some(person), None);
        e.allowed = true;
        e.reason = Some(format!(
            "blocked_until:{} receipt_sha256:{}",
            receipt.blocked.as_ref().map_or("", |b| b.until.as_str()),
            receipt.receipt_hash
        ));
        self.audit.record(e).await?;
        // Recipients learn that processing is restricted (Art. 19), as after a restriction.
        self.notify_recipients(person, NotifyAction::Restricted)
            .await?;
        self.journal_done(erasure, &receipt.receipt_hash).await;
        tracing::info!(subject = %person, events, "erasure blocked by a retention duty");
        Ok(receipt)
    }

    /// Completes the erasures whose retention duty has ended by `now_us` (run by retention).
    /// Returns how many people were erased.
    pub(super) async fn finish_ended_blocks(
        &self,
        caller: &Caller<'_>,
        now_us: i64,
    ) -> Result<usize, ServiceError> {
        let due = self.store.blocks_ended(now_us).await?;
        for id in &due {
            self.erase_person(caller, *id, false).await?;
        }
        Ok(due.len())
    }
}
