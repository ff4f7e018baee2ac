//! The audit log: one entry per access decision, hash-chained so that any change to a stored
//! entry is found by [`verify`]. Entries carry field names, never field values.

mod chain;
mod writer;

pub use chain::{entry_hash, verify, Verification};
pub use writer::AuditLog;

use crate::domain::{Role, SubjectId};
use crate::store::NewAuditRow;

/// What was attempted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    SubjectCreate,
    /// A subject created by `custodia import`; `reason` names the file (`import:<name>`).
    SubjectImport,
    /// A subject written out by `custodia export-all` (decrypted, for a migration).
    SubjectExportAll,
    SubjectRead,
    SubjectLookup,
    ConsentGranted,
    ConsentWithdrawn,
    ConsentRefused,
    ConsentRead,
    RestrictionSet,
    RestrictionLifted,
    ObjectionRecorded,
    /// An objection lifted: a withdrawal row in the objection ledger.
    ObjectionWithdrawn,
    ObjectionAssessed,
    EventsIngest,
    EventsRead,
    ProfileRead,
    SegmentQuery,
    IdentifierLink,
    SubjectMerged,
    SubjectMerge,
    MergeUndo,
    SubjectErase,
    SubjectExport,
    SubjectRectify,
    RetentionDelete,
    DsrCreate,
    DsrRead,
    DsrVerify,
    DsrExtend,
    DsrComplete,
    DsrReject,
    /// Recipients (Art. 19) queued to be told of a change; `reason` is the change.
    NotifyEnqueued,
    /// A contact decision (allow, defer or deny) before a message is sent.
    ContactDecision,
    PreferencesRead,
    PreferencesUpdate,
    /// A channel suppressed by negative feedback; `reason` is `<cause>:<channel>`.
    ChannelSuppressed,
    /// A channel suppression lifted (a rectified address, a new grant); `reason` as above.
    ChannelSuppressionLifted,
    /// A dry run of an automation rule; `reason` is `<rule>:would_reach:<n>`.
    TriggerDryRun,
    /// Product recommendations for a customer (a read of their behaviour, for a purpose).
    RecommendationsRead,
    /// The recommendation model rebuilt from consenting customers' events (counts only).
    RecommendationsRebuild,
    /// Data keys re-wrapped under the active master key (`custodia keys rotate`); `reason`
    /// is `<version>:rewrapped:<n>:skipped:<n>:remaining:<n>`.
    KeysRotate,
    KeysRotateIndex,
}

impl Action {
    /// Every action, in the order above (the audit search's `action` filter accepts these).
    pub const ALL: [Action; 43] = [
        Action::SubjectCreate,
        Action::SubjectImport,
        Action::SubjectExportAll,
        Action::SubjectRead,
        Action::SubjectLookup,
        Action::ConsentGranted,
        Action::ConsentWithdrawn,
        Action::ConsentRefused,
        Action::ConsentRead,
        Action::RestrictionSet,
        Action::RestrictionLifted,
        Action::ObjectionRecorded,
        Action::ObjectionWithdrawn,
        Action::ObjectionAssessed,
        Action::EventsIngest,
        Action::EventsRead,
        Action::ProfileRead,
        Action::SegmentQuery,
        Action::IdentifierLink,
        Action::SubjectMerged,
        Action::SubjectMerge,
        Action::MergeUndo,
        Action::SubjectErase,
        Action::SubjectExport,
        Action::SubjectRectify,
        Action::RetentionDelete,
        Action::DsrCreate,
        Action::DsrRead,
        Action::DsrVerify,
        Action::DsrExtend,
        Action::DsrComplete,
        Action::DsrReject,
        Action::NotifyEnqueued,
        Action::ContactDecision,
        Action::PreferencesRead,
        Action::PreferencesUpdate,
        Action::ChannelSuppressed,
        Action::ChannelSuppressionLifted,
        Action::TriggerDryRun,
        Action::RecommendationsRead,
        Action::RecommendationsRebuild,
        Action::KeysRotate,
        Action::KeysRotateIndex,
    ];

    /// The action written `s` in the log (`subject.read`), if there is one.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::SubjectCreate => "subject.create",
            Action::SubjectImport => "subject.import",
            Action::SubjectExportAll => "subject.export_all",
            Action::SubjectRead => "subject.read",
            Action::SubjectLookup => "subject.lookup",
            Action::ConsentGranted => "consent.granted",
            Action::ConsentWithdrawn => "consent.withdrawn",
            Action::ConsentRefused => "consent.refused",
            Action::ConsentRead => "consent.read",
            Action::RestrictionSet => "restriction.set",
            Action::RestrictionLifted => "restriction.lifted",
            Action::ObjectionRecorded => "objection.recorded",
            Action::ObjectionWithdrawn => "objection.withdrawn",
            Action::ObjectionAssessed => "objection.assessed",
            Action::EventsIngest => "events.ingest",
            Action::EventsRead => "events.read",
            Action::ProfileRead => "profile.read",
            Action::SegmentQuery => "segment.query",
            Action::IdentifierLink => "identifier.link",
            Action::SubjectMerged => "subject.merged",
            Action::SubjectMerge => "subject.merge",
            Action::MergeUndo => "merge.undo",
            Action::SubjectErase => "subject.erase",
            Action::SubjectExport => "subject.export",
            Action::SubjectRectify => "subject.rectify",
            Action::RetentionDelete => "retention.delete",
            Action::DsrCreate => "dsr.create",
            Action::DsrRead => "dsr.read",
            Action::DsrVerify => "dsr.verify",
            Action::DsrExtend => "dsr.extend",
            Action::DsrComplete => "dsr.complete",
            Action::DsrReject => "dsr.reject",
            Action::NotifyEnqueued => "notify.enqueued",
            Action::ContactDecision => "contact.decision",
            Action::TriggerDryRun => "trigger.dry_run",
            Action::PreferencesRead => "preferences.read",
            Action::PreferencesUpdate => "preferences.update",
            Action::ChannelSuppressed => "channel.suppressed",
            Action::ChannelSuppressionLifted => "channel.suppression_lifted",
            Action::RecommendationsRead => "recommendations.read",
            Action::RecommendationsRebuild => "recommendations.rebuild",
            Action::KeysRotate => "keys.rotate",
            Action::KeysRotateIndex => "keys.rotate_index",
        }
    }
}

/// Audit actions that hand personal data to a client: the recipients an access answer names
/// (Art. 15(1)(c)) and those told of a change (Art. 19) are the clients with an allowed entry
/// of one of these for the subject.
pub const DISCLOSURE_ACTIONS: [&str; 7] = [
    "subject.read",
    "subject.lookup",
    "profile.read",
    "events.read",
    "segment.query",
    "recommendations.read",
    "preferences.read",
];

/// One access decision, as the service layer reports it.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub actor_id: String,
    pub actor_role: Role,
    pub action: Action,
    pub subject: Option<SubjectId>,
    pub purpose: Option<String>,
    pub fields_given: Vec<String>,
    pub fields_withheld: Vec<String>,
    pub allowed: bool,
    pub reason: Option<String>,
    pub request_id: String,
}

impl AuditEntry {
    pub(crate) fn into_row(self, at_us: i64) -> NewAuditRow {
        let names = |v: &[String]| serde_json::to_string(v).unwrap_or_else(|_| "[]".to_owned());
        NewAuditRow {
            at_us,
            actor_id: self.actor_id,
            actor_role: self.actor_role.as_str().to_owned(),
            action: self.action.as_str().to_owned(),
            subject_id: self.subject.map(|s| s.to_string()),
            purpose: self.purpose,
            fields_given: names(&self.fields_given),
            fields_withheld: names(&self.fields_withheld),
            decision: if self.allowed { "allowed" } else { "denied" }.to_owned(),
            reason: self.reason,
            request_id: self.request_id,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("the audit log could not be written")]
    Store(#[from] crate::store::StoreError),
    #[error("the audit writer has stopped")]
    WriterGone,
}

#[cfg(test)]
mod tests {
    use super::Action;

    #[test]
    fn every_action_is_listed_once_and_parses_back() {
        let names: std::collections::BTreeSet<&str> =
            Action::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(names.len(), Action::ALL.len());
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
            // A new variant stops this match compiling: list it here and in `ALL`.
            match a {
                Action::SubjectCreate
                | Action::SubjectImport
                | Action::SubjectExportAll
                | Action::SubjectRead
                | Action::SubjectLookup
                | Action::ConsentGranted
                | Action::ConsentWithdrawn
                | Action::ConsentRefused
                | Action::ConsentRead
                | Action::RestrictionSet
                | Action::RestrictionLifted
                | Action::ObjectionRecorded
                | Action::ObjectionWithdrawn
                | Action::ObjectionAssessed
                | Action::EventsIngest
                | Action::EventsRead
                | Action::ProfileRead
                | Action::SegmentQuery
                | Action::IdentifierLink
                | Action::SubjectMerged
                | Action::SubjectMerge
                | Action::MergeUndo
                | Action::SubjectErase
                | Action::SubjectExport
                | Action::SubjectRectify
                | Action::RetentionDelete
                | Action::DsrCreate
                | Action::DsrRead
                | Action::DsrVerify
                | Action::DsrExtend
                | Action::DsrComplete
                | Action::DsrReject
                | Action::NotifyEnqueued
                | Action::ContactDecision
                | Action::PreferencesRead
                | Action::PreferencesUpdate
                | Action::ChannelSuppressed
                | Action::ChannelSuppressionLifted
                | Action::TriggerDryRun
                | Action::RecommendationsRead
                | Action::RecommendationsRebuild
                | Action::KeysRotate
                | Action::KeysRotateIndex => {}
            }
        }
        assert_eq!(Action::parse("subject.readx"), None);
    }
}
