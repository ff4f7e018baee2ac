use ring::digest::{digest, SHA256};
use serde::Serialize;

use super::AuditError;
use crate::store::{NewAuditRow, VaultStore};

/// The canonical form of an entry: JSON with a fixed key order, every column but the hashes.
#[derive(Serialize)]
struct Canonical<'a> {
    seq: i64,
    at_us: i64,
    actor_id: &'a str,
    actor_role: &'a str,
    action: &'a str,
    subject_id: Option<&'a str>,
    purpose: Option<&'a str>,
    fields_given: &'a str,
    fields_withheld: &'a str,
    decision: &'a str,
    reason: Option<&'a str>,
    request_id: &'a str,
}

/// `SHA-256(prev_hash ‖ canonical entry)`.
pub fn entry_hash(prev_hash: &[u8], seq: i64, e: &NewAuditRow) -> Vec<u8> {
    let canonical = Canonical {
        seq,
        at_us: e.at_us,
        actor_id: &e.actor_id,
        actor_role: &e.actor_role,
        action: &e.action,
        subject_id: e.subject_id.as_deref(),
        purpose: e.purpose.as_deref(),
        fields_given: &e.fields_given,
        fields_withheld: &e.fields_withheld,
        decision: &e.decision,
        reason: e.reason.as_deref(),
        request_id: &e.request_id,
    };
    // Serialising plain strings and integers cannot fail; an empty body would still chain.
    let body = serde_json::to_vec(&canonical).unwrap_or_default();
    let mut input = Vec::with_capacity(prev_hash.len() + body.len());
    input.extend_from_slice(prev_hash);
    input.extend_from_slice(&body);
    digest(&SHA256, &input).as_ref().to_vec()
}

/// The result of recomputing the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub valid: bool,
    /// Entries checked.
    pub entries: u64,
    /// The seq of the first entry that does not fit the chain (changed, missing or added).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_broken: Option<i64>,
}

const PAGE: i64 = 5_000;

/// Recomputes the whole chain, a page at a time (bounded memory), and names the first entry
/// that breaks it. Deleted entries show as a gap; a truncated tail shows against the head row.
pub async fn verify(store: &VaultStore) -> Result<Verification, AuditError> {
    let (head_seq, head_hash) = store.audit_head().await?;
    let mut prev_hash = vec![0u8; 32];
    let mut expected_seq = 1i64;
    let mut entries = 0u64;
    loop {
        let page = store.audit_page(expected_seq - 1, PAGE).await?;
        if page.is_empty() {
            break;
        }
        for row in &page {
            entries += 1;
            let broken = row.seq != expected_seq
                || row.prev_hash != prev_hash
                || row.hash != entry_hash(&prev_hash, row.seq, &row.entry);
            if broken {
                return Ok(Verification {
                    valid: false,
                    entries,
                    first_broken: Some(expected_seq.min(row.seq)),
                });
            }
            prev_hash.clone_from(&row.hash);
            expected_seq += 1;
        }
    }
    let last_seq = expected_seq - 1;
    if last_seq != head_seq || prev_hash != head_hash {
        return Ok(Verification {
            valid: false,
            entries,
            first_broken: Some(last_seq.min(head_seq) + 1),
        });
    }
    Ok(Verification {
        valid: true,
        entries,
        first_broken: None,
    })
}
