//! The DPO's use cases over the audit log: search it and verify its chain. The HTTP edge sees
//! these types only, never the store's rows.

use super::permissions;
use super::subjects::Caller;
use super::{ServiceError, Vault};
use crate::domain::SubjectId;
use crate::store::{AuditFilter, AuditRow};

pub use crate::audit::Action as AuditAction;
pub use crate::audit::Verification;

/// Most entries one page returns.
pub const MAX_AUDIT_PAGE: i64 = 1_000;

/// What the DPO searches for; every part optional.
#[derive(Debug, Clone, Default)]
pub struct AuditSearch {
    pub subject: Option<SubjectId>,
    /// An actor id: a client id, an officer's `sub`, or a customer's subject id (any spelling
    /// of a UUID; it is compared in its canonical form).
    pub actor: Option<String>,
    pub purpose: Option<String>,
    pub from_us: Option<i64>,
    pub to_us: Option<i64>,
    /// Only entries of this action.
    pub action: Option<AuditAction>,
    /// Only allowed, or only denied, entries.
    pub decision: Option<AuditDecision>,
    /// Continue after this seq.
    pub after: Option<i64>,
    /// Only entries with a smaller seq (the previous newest-first page's `next_before`).
    pub before: Option<i64>,
    /// Oldest first (the default) or newest first.
    pub order: AuditOrder,
    /// 1 to [`MAX_AUDIT_PAGE`].
    pub limit: i64,
}

/// An audit entry's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditDecision {
    Allowed,
    Denied,
}

impl AuditDecision {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "allowed" => Some(Self::Allowed),
            "denied" => Some(Self::Denied),
            _ => None,
        }
    }

    /// As stored in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::Denied => "denied",
        }
    }
}

/// The order of a page of audit entries (by `seq`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuditOrder {
    #[default]
    Oldest,
    Newest,
}

impl AuditOrder {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "oldest" => Some(Self::Oldest),
            "newest" => Some(Self::Newest),
            _ => None,
        }
    }
}

/// One audit entry as the DPO sees it (never a value: field names only).
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub seq: i64,
    pub at_us: i64,
    pub actor_id: String,
    pub actor_role: String,
    pub action: String,
    pub subject: Option<String>,
    pub purpose: Option<String>,
    pub fields_given: Vec<String>,
    pub fields_withheld: Vec<String>,
    pub decision: String,
    pub reason: Option<String>,
    pub request_id: String,
    /// SHA-256 of the entry in the chain, hex.
    pub hash: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(row: AuditRow) -> Self {
        let names = |json: &str| serde_json::from_str::<Vec<String>>(json).unwrap_or_default();
        let e = row.entry;
        Self {
            seq: row.seq,
            at_us: e.at_us,
            fields_given: names(&e.fields_given),
            fields_withheld: names(&e.fields_withheld),
            actor_id: e.actor_id,
            actor_role: e.actor_role,
            action: e.action,
            subject: e.subject_id,
            purpose: e.purpose,
            decision: e.decision,
            reason: e.reason,
            request_id: e.request_id,
            hash: hex::encode(&row.hash),
        }
    }
}

impl Vault {
    /// A page of audit entries, oldest first or (`search.order`) newest first.
    pub async fn search_audit(
        &self,
        caller: &Caller<'_>,
        search: AuditSearch,
    ) -> Result<Vec<AuditEntry>, ServiceError> {
        caller.require(permissions::DPOS)?;
        if !(1..=MAX_AUDIT_PAGE).contains(&search.limit) {
            return Err(ServiceError::Invalid(vec![crate::domain::FieldError::new(
                "/limit",
                format!("must be between 1 and {MAX_AUDIT_PAGE}"),
            )]));
        }
        // Ids are stored in their canonical spelling; any other spelling of the same UUID
        // must find the same entries.
        let actor = search.actor.map(|a| {
            a.parse::<SubjectId>()
                .map_or_else(|_| a.clone(), |id| id.to_string())
        });
        let filter = AuditFilter {
            subject_id: search.subject.map(|s| s.to_string()),
            actor_id: actor,
            purpose: search.purpose,
            from_us: search.from_us,
            to_us: search.to_us,
            action: search.action.map(|a| a.as_str()),
            decision: search.decision.map(AuditDecision::as_str),
            after_seq: search.after,
            before_seq: search.before,
            newest_first: search.order == AuditOrder::Newest,
            limit: search.limit,
        };
        let rows = self.audit.store().query_audit(&filter).await?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    /// Recomputes the whole chain and names the first entry that breaks it.
    pub async fn verify_audit(&self, caller: &Caller<'_>) -> Result<Verification, ServiceError> {
        caller.require(permissions::DPOS)?;
        let result = crate::audit::verify(self.audit.store()).await?;
        if !result.valid {
            tracing::warn!(first_broken = ?result.first_broken, "audit chain verification failed");
        }
        Ok(result)
    }
}
