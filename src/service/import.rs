//! Bulk creation: many subjects, with the consent decisions to record for them, in one vault
//! transaction. The one path of `POST /v1/subjects:batch` and of `custodia import subjects`
//! (`src/import/`), so both validate, deduplicate, flag and audit alike, and alike to
//! `POST /v1/subjects` for each item:
//!
//! - the caller's role is checked first ([`permissions::WRITERS`]);
//! - an item's identifiers (and its email and phone, which are look-up keys) are found by
//!   blind index against the vault and against the items before it: an item sharing one with
//!   a stored subject, or with an earlier item that is created, is a duplicate and writes
//!   nothing, as `POST /v1/subjects` answers `409 identifier-taken` (audited alike);
//! - an identifier on the suppression list flags the new subject (`suppression_match`), as
//!   `Vault::flag_if_suppressed` flags a single creation;
//! - each consent decision of an item is checked as `Vault::record_consent` checks one (the
//!   purpose, TCF, the client's `records_consent`, and for a grant the published notice, the
//!   digital consent age, a marketing grant for a flagged subject, the required evidence), on
//!   what a new subject is known to be (it has no objection, no earlier decision). An item
//!   with a refused decision is not created at all, so a batch never leaves a customer
//!   without the consents it came with;
//! - the subjects, their fields, identifiers and consent records go in one transaction of
//!   multi-row statements; an identifier another writer stored meanwhile (the unique key is
//!   the guard) rolls it back, and the batch is looked at again and retried;
//! - every created subject, every duplicate and every recorded decision gets its audit entry;
//!   when the batch creates anything, the entries are appended to the chain in the batch's
//!   own transaction (so a process killed mid-batch leaves both or neither), otherwise they
//!   go to the group-commit writer (`AuditLog::record_all`).

use std::collections::{HashMap, HashSet};

use time::OffsetDateTime;

use super::permissions;
use super::subjects::{entry, Caller, SUPPRESSION_MATCH};
use super::{ServiceError, Vault};
use crate::audit::{entry_hash, Action, AuditEntry, AuditLog};
use crate::domain::{
    BirthDate, ConsentDecision, ConsentRecord, ConsentStatus, FieldError, IdentifierType,
    NewSubject, PersonalField, Role, SubjectId,
};
use crate::policy::{DenyReason, Purpose};
use crate::store::{BulkSubjectRow, NewSubjectRecord, StoreError};

/// Most subjects in one bulk creation through the API (`POST /v1/subjects:batch`).
pub const MAX_SUBJECTS_PER_BATCH: usize = 1_000;

/// Most subjects in one batch of `custodia import` (one transaction). Larger than the API's:
/// an index leaf is written once per transaction however many of its rows the transaction
/// adds, so an import of many customers writes far less in fewer, larger transactions.
pub const MAX_SUBJECTS_PER_IMPORT_BATCH: usize = 5_000;

/// How often a batch is looked at again when another writer took one of its identifiers
/// between the look-up and the write.
const ATTEMPTS: usize = 3;

/// One consent decision to record for a new subject.
#[derive(Debug, Clone)]
pub struct BulkConsent {
    pub purpose: String,
    pub decision: ConsentDecision,
}

/// One subject of a bulk creation, parsed, with its consent decisions.
#[derive(Debug, Clone)]
pub struct BulkSubject {
    pub subject: NewSubject,
    pub consents: Vec<BulkConsent>,
}

/// An item made ready without touching a store (see [`Vault::prepare_subjects`]): its
/// look-up keys and, when it was sealed, its encrypted record and the names of the fields
/// written.
pub struct PreparedSubject {
    item: BulkSubject,
    keys: Vec<(IdentifierType, Vec<u8>)>,
    sealed: Option<(NewSubjectRecord, Vec<String>)>,
}

impl PreparedSubject {
    /// The id the subject is stored under if it is created (an item [`Vault::prepare_subjects`]
    /// sealed); `None` for an item left unsealed (a dry run's).
    pub fn id(&self) -> Option<SubjectId> {
        self.sealed.as_ref().map(|(record, _)| record.id)
    }
}

/// Who creates: the HTTP batch (audited as `subject.create`, as `POST /v1/subjects`) or an
/// import of a file (audited as `subject.import`, the reason naming the file's base name).
#[derive(Debug, Clone, Copy)]
pub enum BulkOrigin<'a> {
    Api,
    Import { file: &'a str },
}

/// How a bulk creation runs.
#[derive(Debug, Clone, Copy)]
pub struct BulkOptions<'a> {
    pub origin: BulkOrigin<'a>,
    /// Leave every item after the first duplicate [`BulkOutcome::NotAttempted`]
    /// (`custodia import --on-duplicate fail`).
    pub stop_at_duplicate: bool,
    /// Check everything, write nothing (no subject, no audit entry): `custodia import
    /// --dry-run`. Items that would be created answer [`BulkOutcome::Valid`].
    pub dry_run: bool,
}

impl BulkOptions<'_> {
    /// What `POST /v1/subjects:batch` does.
    pub fn api() -> Self {
        Self {
            origin: BulkOrigin::Api,
            stop_at_duplicate: false,
            dry_run: false,
        }
    }
}

/// Who already holds a duplicate's identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// A subject stored before (told to the importer, never to an API client).
    Vault(SubjectId),
    /// The item at this index of the same batch, created by it.
    Earlier(usize),
}

/// What became of one item, at its index.
#[derive(Debug)]
pub enum BulkOutcome {
    /// Stored; `flagged` when an identifier belonged to an erased customer; `consents`
    /// decisions recorded.
    Created {
        id: SubjectId,
        flagged: bool,
        consents: usize,
    },
    /// Would be stored (dry run).
    Valid { flagged: bool, consents: usize },
    /// An identifier of this type is held already; nothing written.
    Duplicate {
        kind: IdentifierType,
        holder: Holder,
    },
    /// The subject itself is refused (no field and no identifier).
    Rejected(Vec<FieldError>),
    /// Consent decisions refused, by purpose as given; the subject was not created.
    ConsentRefused(Vec<(String, ServiceError)>),
    /// After the first duplicate, with [`BulkOptions::stop_at_duplicate`].
    NotAttempted,
}

/// What is decided about an item before anything is written.
enum Plan<'p> {
    Done(BulkOutcome),
    Create {
        flagged: bool,
        consents: Vec<(&'p Purpose, ConsentDecision)>,
    },
}

fn consent_action(status: ConsentStatus) -> Action {
    match status {
        ConsentStatus::Granted => Action::ConsentGranted,
        ConsentStatus::Withdrawn => Action::ConsentWithdrawn,
        ConsentStatus::Refused => Action::ConsentRefused,
    }
}

impl Vault {
    /// Creates many subjects with their consent decisions in one transaction; one outcome per
    /// item, in order (see the module doc for the rules). Fails as a whole only for a caller
    /// the use case does not admit, more than [`MAX_SUBJECTS_PER_BATCH`] items
    /// ([`MAX_SUBJECTS_PER_IMPORT_BATCH`] for an import), or an internal error (then nothing
    /// of the batch is stored).
    pub async fn create_subjects(
        &self,
        caller: &Caller<'_>,
        items: Vec<BulkSubject>,
        options: BulkOptions<'_>,
    ) -> Result<Vec<BulkOutcome>, ServiceError> {
        Self::admit(caller, items.len(), options)?;
        let prepared = self.prepare_subjects(items, !options.dry_run).await?;
        self.create_prepared(caller, prepared, options).await
    }

    /// The first half of [`Vault::create_subjects`], with no I/O: each item's look-up keys
    /// (blind indexes) and, with `seal`, its record encrypted under a new data key, whether
    /// or not it is created in the end (a duplicate's record is dropped unused). No store I/O
    /// (only the key provider's wraps, local CPU or Transit calls), so an import prepares the
    /// next batch on another thread while this one is written.
    pub async fn prepare_subjects(
        &self,
        items: Vec<BulkSubject>,
        seal: bool,
    ) -> Result<Vec<PreparedSubject>, ServiceError> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if seal && !item.subject.is_empty() {
                let (record, written) = self.seal_new_subject(&item.subject).await?;
                // The sealed identifiers are the look-up identifiers, blind index and all.
                let keys = record
                    .identifiers
                    .iter()
                    .map(|i| (i.kind, i.blind_index.clone()))
                    .collect();
                out.push(PreparedSubject {
                    item,
                    keys,
                    sealed: Some((record, written)),
                });
            } else {
                let keys = item
                    .subject
                    .lookup_identifiers()
                    .iter()
                    .map(|i| {
                        (
                            i.kind(),
                            self.index.identifier(i.kind(), i.value()).to_vec(),
                        )
                    })
                    .collect();
                out.push(PreparedSubject {
                    item,
                    keys,
                    sealed: None,
                });
            }
        }
        Ok(out)
    }

    /// The second half of [`Vault::create_subjects`]: decides on the vault as it is now and
    /// stores, for items [`Vault::prepare_subjects`] made ready (sealed unless a dry run).
    pub async fn create_prepared(
        &self,
        caller: &Caller<'_>,
        items: Vec<PreparedSubject>,
        options: BulkOptions<'_>,
    ) -> Result<Vec<BulkOutcome>, ServiceError> {
        Self::admit(caller, items.len(), options)?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let plans = self.plan(caller, &items, options).await?;
            if options.dry_run {
                return Ok(plans
                    .into_iter()
                    .map(|p| match p {
                        Plan::Done(outcome) => outcome,
                        Plan::Create { flagged, consents } => BulkOutcome::Valid {
                            flagged,
                            consents: consents.len(),
                        },
                    })
                    .collect());
            }
            match self.write(caller, &items, plans, options).await {
                Err(ServiceError::IdentifierTaken(_)) if attempt < ATTEMPTS => continue,
                other => return other,
            }
        }
    }

    /// The caller's role and the batch's size.
    fn admit(
        caller: &Caller<'_>,
        items: usize,
        options: BulkOptions<'_>,
    ) -> Result<(), ServiceError> {
        caller.require(permissions::WRITERS)?;
        let most = match options.origin {
            BulkOrigin::Api => MAX_SUBJECTS_PER_BATCH,
            BulkOrigin::Import { .. } => MAX_SUBJECTS_PER_IMPORT_BATCH,
        };
        if items > most {
            return Err(ServiceError::Invalid(vec![FieldError::new(
                "/subjects",
                format!("must hold at most {most} subjects"),
            )]));
        }
        Ok(())
    }

    /// Decides every item on the vault as it is now: duplicates, flags, consent checks.
    async fn plan<'p>(
        &'p self,
        caller: &Caller<'_>,
        items: &[PreparedSubject],
        options: BulkOptions<'_>,
    ) -> Result<Vec<Plan<'p>>, ServiceError> {
        let mut by_type: HashMap<IdentifierType, Vec<&[u8]>> = HashMap::new();
        for (kind, index) in items.iter().flat_map(|p| &p.keys) {
            by_type.entry(*kind).or_default().push(index);
        }
        let mut held: HashMap<(IdentifierType, Vec<u8>), SubjectId> = HashMap::new();
        let mut suppressed: HashSet<(IdentifierType, Vec<u8>)> = HashSet::new();
        for (kind, indexes) in &by_type {
            for (index, holder) in self.store.identifier_holders(*kind, indexes).await? {
                held.insert((*kind, index), holder);
            }
            // The suppression list keeps erased customers' emails and phones only.
            if matches!(kind, IdentifierType::Email | IdentifierType::Phone) {
                for index in self.store.suppressed_among(*kind, indexes).await? {
                    suppressed.insert((*kind, index));
                }
            }
        }
        let today = OffsetDateTime::now_utc().date();
        let mut claimed: HashMap<(IdentifierType, Vec<u8>), usize> = HashMap::new();
        let mut stopped = false;
        let mut plans = Vec::with_capacity(items.len());
        for (i, prepared) in items.iter().enumerate() {
            let (item, keys) = (&prepared.item, &prepared.keys);
            if stopped {
                plans.push(Plan::Done(BulkOutcome::NotAttempted));
                continue;
            }
            if item.subject.is_empty() {
                plans.push(Plan::Done(BulkOutcome::Rejected(vec![FieldError::new(
                    "",
                    "at least one personal field or identifier is required",
                )])));
                continue;
            }
            let duplicate = keys
                .iter()
                .find_map(|k| held.get(k).map(|h| (k.0, Holder::Vault(*h))))
                .or_else(|| {
                    keys.iter()
                        .find_map(|k| claimed.get(k).map(|j| (k.0, Holder::Earlier(*j))))
                });
            if let Some((kind, holder)) = duplicate {
                stopped = options.stop_at_duplicate;
                plans.push(Plan::Done(BulkOutcome::Duplicate { kind, holder }));
                continue;
            }
            let flagged = keys.iter().any(|k| suppressed.contains(k));
            let mut consents = Vec::with_capacity(item.consents.len());
            let mut refused = Vec::new();
            for c in &item.consents {
                match self.check_new_consent(caller, &item.subject, flagged, c, today) {
                    Ok(purpose) => consents.push((purpose, c.decision.clone())),
                    Err(e) => refused.push((c.purpose.clone(), e)),
                }
            }
            if !refused.is_empty() {
                plans.push(Plan::Done(BulkOutcome::ConsentRefused(refused)));
                continue;
            }
            for k in keys {
                claimed.insert(k.clone(), i);
            }
            plans.push(Plan::Create { flagged, consents });
        }
        Ok(plans)
    }

    /// Stores the planned subjects (sealed by [`Vault::prepare_subjects`]), their consents and
    /// the audit entries in one transaction.
    async fn write(
        &self,
        caller: &Caller<'_>,
        items: &[PreparedSubject],
        plans: Vec<Plan<'_>>,
        options: BulkOptions<'_>,
    ) -> Result<Vec<BulkOutcome>, ServiceError> {
        let (action, tag) = match options.origin {
            BulkOrigin::Api => (Action::SubjectCreate, None),
            BulkOrigin::Import { file } => (Action::SubjectImport, Some(format!("import:{file}"))),
        };
        // `reason` of an entry: the word a single creation records, then the import's name.
        let reason = |word: Option<&str>| match (word, &tag) {
            (Some(w), Some(t)) => Some(format!("{w} {t}")),
            (Some(w), None) => Some(w.to_owned()),
            (None, t) => t.clone(),
        };
        let mut rows = Vec::new();
        let mut consent_rows: Vec<ConsentRecord> = Vec::new();
        let mut entries: Vec<AuditEntry> = Vec::new();
        let mut outcomes = Vec::with_capacity(plans.len());
        for (item, plan) in items.iter().zip(plans) {
            match plan {
                Plan::Done(outcome) => {
                    if let BulkOutcome::Duplicate { .. } = outcome {
                        let mut e = entry(caller, action, None, None);
                        e.reason = reason(Some("identifier_taken"));
                        entries.push(e);
                    }
                    outcomes.push(outcome);
                }
                Plan::Create { flagged, consents } => {
                    let Some((record, written)) = &item.sealed else {
                        return Err(ServiceError::Internal(anyhow::anyhow!(
                            "a bulk item to store was not sealed"
                        )));
                    };
                    let id = record.id;
                    let mut e = entry(caller, action, Some(id), None);
                    e.fields_given = written.clone();
                    e.allowed = true;
                    e.reason = reason(flagged.then_some(SUPPRESSION_MATCH));
                    entries.push(e);
                    for (purpose, decision) in &consents {
                        consent_rows.push(self.consent_row(caller, id, purpose, decision));
                        let mut e = entry(
                            caller,
                            consent_action(decision.status),
                            Some(id),
                            Some(&purpose.id),
                        );
                        e.allowed = true;
                        e.reason = tag.clone();
                        entries.push(e);
                    }
                    rows.push(BulkSubjectRow {
                        record,
                        suppression_match: flagged,
                    });
                    outcomes.push(BulkOutcome::Created {
                        id,
                        flagged,
                        consents: consents.len(),
                    });
                }
            }
        }
        if rows.is_empty() {
            self.audit.record_all(entries).await?;
        } else {
            // The entries go in the batch's own transaction: a killed import leaves no
            // subject without its `subject.import` entry, and no entry without its subject.
            let audit_rows = AuditLog::rows(entries);
            match self
                .store
                .insert_subjects(
                    &rows,
                    &consent_rows,
                    &audit_rows,
                    entry_hash,
                    matches!(options.origin, BulkOrigin::Import { .. }),
                )
                .await
            {
                Ok(()) => self.audit.appended(&audit_rows),
                Err(StoreError::IdentifierTaken(kind)) => {
                    return Err(ServiceError::IdentifierTaken(kind))
                }
                Err(e) => return Err(e.into()),
            }
        }
        tracing::info!(
            created = rows.len(),
            consents = consent_rows.len(),
            items = outcomes.len(),
            "subjects created in bulk"
        );
        Ok(outcomes)
    }

    /// The checks of [`Vault::record_consent`] for a decision about a subject about to be
    /// created, whose values are at hand: it exists once stored, has no objection and no
    /// earlier decision, and is `flagged` when it matches an erased customer.
    fn check_new_consent(
        &self,
        caller: &Caller<'_>,
        subject: &NewSubject,
        flagged: bool,
        consent: &BulkConsent,
        today: time::Date,
    ) -> Result<&Purpose, ServiceError> {
        let decision = &consent.decision;
        let purpose = self.consent_purpose(&consent.purpose)?;
        self.check_tcf(purpose, decision)?;
        let grant = decision.status == ConsentStatus::Granted;
        if caller.principal.role == Role::Client {
            let client = caller
                .principal
                .client_id()
                .ok_or(ServiceError::Denied(DenyReason::PurposeNotAllowedForClient))?;
            self.policy
                .check_record_for_client(&client, &purpose.id, grant)
                .map_err(ServiceError::Denied)?;
        }
        if !grant {
            return Ok(purpose);
        }
        if !self.notice_published(purpose, decision) {
            return Err(ServiceError::UnknownNotice);
        }
        let value =
            |field: PersonalField| subject.fields().find(|(f, _)| *f == field).map(|(_, v)| v);
        if let Some(birth) =
            value(PersonalField::BirthDate).and_then(|b| BirthDate::parse(b, today).ok())
        {
            if self.below_digital_consent_age(&birth, value(PersonalField::Country), decision) {
                return Err(ServiceError::ParentalConsentRequired);
            }
        }
        if purpose.direct_marketing && caller.principal.role != Role::Subject && flagged {
            return Err(ServiceError::Conflict(
                "marketing consent for this customer must be given by the customer \
                 (PUT /v1/me/consents/{purpose}), not recorded for them"
                    .into(),
            ));
        }
        let missing = super::consent::missing_evidence(purpose, decision);
        if !missing.is_empty() {
            return Err(ServiceError::EvidenceRequired(missing));
        }
        Ok(purpose)
    }
}
