//! The vault's use cases, free of HTTP: each takes the authenticated caller and validated
//! domain values, checks the caller's role (`permissions.rs`), applies the one policy decision,
//! writes the audit entry and only then answers. Handlers stay thin; tests, the CLI and the
//! jobs drive these directly.
//!
//! The use cases, by file (each a method of [`Vault`]; roles in `permissions.rs`):
//!
//! | file | use cases |
//! |---|---|
//! | `subjects.rs` | `create_subject`, `read_subject`, `lookup_subject` |
//! | `rectify.rs` | `rectify` |
//! | `profile.rs` | `profile` |
//! | `events.rs` | `ingest_events`, `subject_events` (negative feedback's effects: `feedback.rs`) |
//! | `segments.rs` | `query_segment` |
//! | `recommendations.rs` | `recommendations`, `rebuild_recommendations` (and its interval job) |
//! | `contact.rs` | `decide_contact`, `decide_contacts` |
//! | `preferences.rs` | `preferences`, `update_preferences` |
//! | `triggers.rs` | `triggers_for`, `dry_run_trigger`, `run_triggers` |
//! | `consent.rs` | `record_consent`, `record_consent_batch`, `consent_overview`, `restrict`, `lift_restriction`, `object`, `withdraw_objections` |
//! | `identity.rs`, `merge.rs` | `link_identifier`, `merge_subjects`, `undo_merge` |
//! | `erasure.rs` | `erase_subject` (and `resume_erasures` at start) |
//! | `erasure_journal.rs` | `apply_erasure_journal` (at start: re-applies erasures a restored backup lacks) |
//! | `export.rs` | `export`, `export_events` |
//! | `import.rs` | `create_subjects` (`POST /v1/subjects:batch` and `custodia import`) |
//! | `export_all.rs` | `export_all_census`, `export_all_page` (`custodia export-all`) |
//! | `dsr.rs` | `create_dsr`, `dsr`, `list_dsr`, `verify_dsr`, `extend_dsr`, `complete_dsr`, `reject_dsr` |
//! | `notify.rs` | `list_notifications` (and the delivery worker) |
//! | `audit_log.rs` | `search_audit`, `verify_audit` |
//! | `ropa.rs` | `records_of_processing` (also without a vault: [`records_of_processing`]) |
//! | `statistics.rs` | `consent_statistics` |
//! | `retention.rs` | `run_retention` |
//! | `keys.rs` | `rotate_data_keys` (and `check_keyring`, `key_status` for start-up and the CLI) |

mod applicable;
mod assessment;
mod audit_log;
mod children;
mod consent;
mod contact;
pub mod csv_text;
mod dsr;
mod erasure;
mod erasure_duty;
mod erasure_journal;
mod error;
mod events;
mod export;
mod export_all;
mod feedback;
mod identity;
mod import;
mod keys;
mod merge;
mod notify;
pub mod permissions;
mod preferences;
mod profile;
mod recommendations;
mod rectify;
mod retention;
mod ropa;
mod segments;
mod statistics;
mod subjects;
mod triggers;

pub use assessment::{AssessmentOutcome, ObjectionAssessment, MAX_GROUNDS_CHARS};
pub use audit_log::{
    AuditAction, AuditDecision, AuditEntry, AuditOrder, AuditSearch, Verification, MAX_AUDIT_PAGE,
};
pub use consent::{
    BatchItem, ConsentOverview, ConsentRecorded, CurrentConsent, ObjectionsWithdrawn, SubjectRef,
};
pub use contact::{
    quiet_until, CampaignId, ContactAsk, ContactDecision, EffectivePreferences, Verdict,
    MAX_CAMPAIGN_CHARS, MAX_CONTACT_BATCH,
};
pub use dsr::{cursor_token, parse_cursor, DsrPage, DsrQuery, DsrView, NewDsr, MAX_DSR_PAGE};
// The request's types and rules are the domain's (`domain/dsr.rs`); re-exported for callers.
pub use crate::domain::{
    due_date, due_date_in, is_overdue, DsrCompletion, DsrExport, DsrExportFormat, DsrKind,
    DsrReason, DsrStatus, DsrStatusFilter, MAX_DSR_REASON_CHARS,
};
pub use children::PARENTAL_CONSENT_REF;
pub use erasure::{ErasureReceipt, Reapplied};
pub use erasure_duty::Blocked;
pub use erasure_journal::{JournalReport, JOURNAL_ACTOR};
pub use error::ServiceError;
pub use events::{EventOutcome, IncomingEvent, MAX_EVENTS_PER_BATCH};
pub use export::{ExportHead, Recipient};
pub use export_all::{ExportAllPage, ExportCensus, ExportedSubject, EXPORT_ALL_PAGE};
pub use identity::LinkOutcome;
pub use import::{
    BulkConsent, BulkOptions, BulkOrigin, BulkOutcome, BulkSubject, Holder, PreparedSubject,
    MAX_SUBJECTS_PER_BATCH, MAX_SUBJECTS_PER_IMPORT_BATCH,
};
pub use keys::{
    check_keyring, key_status, IndexRotationReport, KeyStatus, KeyringRefusal, NeededVersion,
    RotationOptions, RotationProgress, RotationReport, KEYS_ACTOR,
};
pub use merge::{MergeResult, UndoResult};
pub use notify::{spawn_notifier, DeliveryReport, NotifyAction, NOTIFY_ACTOR, WEBHOOK_TIMEOUT};
pub use preferences::PreferencesView;
pub use profile::{OrderSummary, Profile};
pub use recommendations::{
    RebuildReport, Recommendation, DEFAULT_RECOMMENDATIONS, MAX_RECOMMENDATIONS,
    RECOMMENDATION_PURPOSE, RECOMMENDER_ACTOR,
};
pub use rectify::Rectification;
pub use retention::{RetentionReport, RETENTION_ACTOR};
pub use ropa::{
    records_of_processing, ProcessingActivity, RecipientEntry, Ropa, RopaController, TransferEntry,
    ROPA_CSV_HEADER, SECURITY_MEASURES,
};
pub use segments::{
    AbcClass, SegmentConditions, SegmentCounts, SegmentCursor, SegmentPage, SegmentResult,
    MAX_SEGMENT_PAGE,
};
pub use statistics::{
    ConsentStatistics, PurposeStatistics, SourceSeries, StatisticsPoint, StatusCounts,
};
pub use subjects::{Caller, FieldValue, SubjectDocument};
pub use triggers::{spawn_triggers, DryRun, TriggerRun};

use std::sync::Arc;

use crate::audit::AuditLog;
use crate::crypto::{BlindIndexer, KeyProvider, ReceiptSigner, WebhookSigner};
use crate::policy::Policy;
use crate::store::{BehaviourStore, ErasureJournal, VaultStore};

/// Everything a use case needs; cheap to clone (all shared).
#[derive(Clone)]
pub struct Vault {
    pub(crate) store: VaultStore,
    pub(crate) keys: Arc<dyn KeyProvider>,
    pub(crate) index: BlindIndexer,
    pub(crate) policy: Arc<Policy>,
    pub(crate) audit: AuditLog,
    pub(crate) receipts: Arc<ReceiptSigner>,
    pub(crate) behaviour: BehaviourStore,
    /// Signs recipient notifications (Art. 19 webhooks), one key per client with a webhook.
    pub(crate) webhooks: Arc<WebhookSigner>,
    /// Every erasure, kept apart from the stores and re-applied at start
    /// (`erasure_journal.rs`).
    pub(crate) journal: ErasureJournal,
    /// Test hook for an erasure interrupted between the stores (see `erasure.rs`).
    pub(crate) erasure_failpoint: Arc<std::sync::atomic::AtomicBool>,
    /// Test hook for a merge interrupted between the stores (see `merge.rs`).
    pub(crate) merge_failpoint: Arc<std::sync::atomic::AtomicBool>,
}

impl Vault {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: VaultStore,
        keys: Arc<dyn KeyProvider>,
        index: BlindIndexer,
        policy: Arc<Policy>,
        audit: AuditLog,
        receipts: Arc<ReceiptSigner>,
        behaviour: BehaviourStore,
        webhooks: Arc<WebhookSigner>,
        journal: ErasureJournal,
    ) -> Self {
        Self {
            store,
            keys,
            index,
            policy,
            audit,
            receipts,
            behaviour,
            webhooks,
            journal,
            erasure_failpoint: Arc::default(),
            merge_failpoint: Arc::default(),
        }
    }

    /// Whether each store answers (readiness): `(vault, behaviour)`.
    pub async fn stores_answer(&self) -> (bool, bool) {
        let (vault, behaviour) = tokio::join!(self.store.db().ping(), self.behaviour.db().ping());
        (vault.is_ok(), behaviour.is_ok())
    }

    /// The public key set that verifies consent receipts.
    pub fn receipt_keys(&self) -> serde_json::Value {
        self.receipts.jwks()
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Checkpoints both stores' write-ahead logs in the background every `every` when they are
    /// SQLite files (nothing to do on PostgreSQL), so that no request pays for a checkpoint.
    pub fn spawn_wal_checkpoints(
        &self,
        every: std::time::Duration,
    ) -> Option<tokio::task::JoinHandle<()>> {
        crate::store::spawn_wal_checkpoints(
            vec![self.store.db().clone(), self.behaviour.db().clone()],
            every,
        )
    }
}
