//! Erasure (Art. 17): crypto-shredding and deletion across both stores, as a recorded job that
//! finishes on the next start if the process dies half-way, and a receipt that proves what was
//! removed without keeping any of it.

use std::sync::atomic::Ordering;

use ring::digest::{digest, SHA256};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;

use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::domain::SubjectId;
use crate::store::PendingErasure;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Removed {
    pub personal_fields: i64,
    pub identifiers: i64,
    pub events: i64,
    pub objections: i64,
    pub restrictions: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Kept {
    pub consent_records: i64,
    pub legal_basis: &'static str,
}

/// The erasure receipt: what was removed, what was kept and why; no personal data. Its
/// `receipt_hash` (SHA-256 of the receipt without the hash) is also in the audit entry.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErasureReceipt {
    pub subject: SubjectId,
    pub erased_at: String,
    pub data_key_destroyed: bool,
    pub removed: Removed,
    pub kept: Kept,
    pub suppression_list_entries: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub receipt_hash: String,
}

const KEPT_BASIS: &str = "GDPR Art. 7(1) and Art. 17(3)(b),(e): records proving that consent was \
    given or withdrawn are kept, without personal data, under the pseudonymous subject id";

impl Vault {
    /// `Gone` for an erased subject, `NotFound` for one that never existed.
    pub(crate) async fn missing(&self, id: &SubjectId) -> ServiceError {
        match self.store.erasure_of(id).await {
            Ok(Some(_)) => ServiceError::Gone,
            Ok(None) => ServiceError::NotFound,
            Err(e) => e.into(),
        }
    }

    /// Erases a subject and returns the receipt.
    pub async fn erase_subject(
        &self,
        caller: &Caller<'_>,
        id: SubjectId,
    ) -> Result<ErasureReceipt, ServiceError> {
        let (_, pseudonym) = self.data_key(&id).await?;
        self.store
            .start_erasure_job(
                &id,
                pseudonym.as_bytes(),
                &caller.principal.id,
                caller.request_id,
            )
            .await?;
        self.complete_erasure(PendingErasure {
            subject: id,
            pseudonym: pseudonym.as_bytes().to_vec(),
            requested_by: caller.principal.id.clone(),
            request_id: caller.request_id.to_owned(),
            events_deleted: None,
        })
        .await
    }

    /// Finishes every erasure a previous process started but did not complete (called at
    /// start). Returns how many were finished.
    pub async fn resume_erasures(&self) -> Result<usize, ServiceError> {
        let pending = self.store.pending_erasures().await?;
        let n = pending.len();
        for job in pending {
            tracing::warn!(subject = %job.subject, "resuming an interrupted erasure");
            self.complete_erasure(job).await?;
        }
        Ok(n)
    }

    /// Test hook: the next erasure stops after the behaviour store's half, as a crash would.
    #[doc(hidden)]
    pub fn fail_next_erasure_between_stores(&self) {
        self.erasure_failpoint.store(true, Ordering::SeqCst);
    }

    async fn complete_erasure(&self, job: PendingErasure) -> Result<ErasureReceipt, ServiceError> {
        let id = job.subject;
        let counts = self.store.erasure_counts(&id).await?;
        let events = match job.events_deleted {
            Some(n) => n,
            None => {
                let n = self.behaviour.erase_pseudonym(&job.pseudonym).await?;
                self.store.erasure_events_deleted(&id, n).await?;
                n
            }
        };
        if self.erasure_failpoint.swap(false, Ordering::SeqCst) {
            return Err(anyhow::anyhow!("injected failure between the stores").into());
        }
        let erased_at = time::OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default();
        let mut receipt = ErasureReceipt {
            subject: id,
            erased_at,
            data_key_destroyed: true,
            removed: Removed {
                personal_fields: counts.fields,
                identifiers: counts.identifiers,
                events,
                objections: counts.objections,
                restrictions: counts.restrictions,
            },
            kept: Kept {
                consent_records: counts.consent_records_kept,
                legal_basis: KEPT_BASIS,
            },
            suppression_list_entries: counts.identifiers,
            receipt_hash: String::new(),
        };
        let body = serde_json::to_vec(&receipt).unwrap_or_default();
        receipt.receipt_hash = hex::encode(digest(&SHA256, &body));
        let stored = serde_json::to_string(&receipt).unwrap_or_default();
        self.store
            .finish_erasure(&id, &stored, &receipt.receipt_hash, events)
            .await?;
        self.store.checkpoint().await?;
        self.behaviour.checkpoint().await?;
        let principal = crate::auth::Principal {
            id: job.requested_by.clone(),
            role: crate::domain::Role::Admin,
        };
        let caller = Caller {
            principal: &principal,
            request_id: &job.request_id,
        };
        let mut e = entry(&caller, Action::SubjectErase, Some(id), None);
        e.allowed = true;
        e.reason = Some(format!("receipt_sha256:{}", receipt.receipt_hash));
        self.audit.record(e).await?;
        self.notify_recipients(id, super::NotifyAction::Erased)
            .await?;
        tracing::info!(subject = %id, events, "subject erased");
        Ok(receipt)
    }

    /// The receipt of an earlier erasure.
    pub async fn erasure_receipt(
        &self,
        id: &SubjectId,
    ) -> Result<Option<ErasureReceipt>, ServiceError> {
        Ok(self
            .store
            .erasure_of(id)
            .await?
            .and_then(|(_, r)| serde_json::from_str::<serde_json::Value>(&r).ok())
            .and_then(|v| {
                Some(ErasureReceipt {
                    subject: *id,
                    erased_at: v["erased_at"].as_str()?.to_owned(),
                    data_key_destroyed: true,
                    removed: Removed {
                        personal_fields: v["removed"]["personal_fields"].as_i64()?,
                        identifiers: v["removed"]["identifiers"].as_i64()?,
                        events: v["removed"]["events"].as_i64()?,
                        objections: v["removed"]["objections"].as_i64()?,
                        restrictions: v["removed"]["restrictions"].as_i64()?,
                    },
                    kept: Kept {
                        consent_records: v["kept"]["consent_records"].as_i64()?,
                        legal_basis: KEPT_BASIS,
                    },
                    suppression_list_entries: v["suppression_list_entries"].as_i64()?,
                    receipt_hash: v["receipt_hash"].as_str()?.to_owned(),
                })
            }))
    }
}
