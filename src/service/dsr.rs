//! Data-subject requests (GDPR Art. 15-22) and their legal deadline (Art. 12(3)): logged when
//! they arrive through any channel, then verified, possibly extended once, and completed or
//! rejected. Every step is a compare-and-set on the request row plus a history row, and every
//! decision (also a refused step) is audited.
//!
//! The clock is a parameter (`now`) of every use case, so the deadline rules can be tested on
//! any day; the HTTP layer passes the real clock.

use time::{Date, Month, OffsetDateTime, Time, UtcOffset};
use uuid::Uuid;

use super::consent::SubjectRef;
use super::permissions;
use super::state::time_from_us;
use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::domain::{Channel, FieldError, SubjectId, MAX_CLOCK_SKEW};
use crate::policy::looks_like_direct_identifier;
use crate::store::{
    DsrCounts, DsrCursor, DsrDelivery, DsrEventRow, DsrFilter, DsrRow, NewDsrEvent,
};

/// Most requests one listing page returns.
pub const MAX_DSR_PAGE: i64 = 1_000;

/// Longest reason (extension, completion, rejection), in characters.
pub const MAX_DSR_REASON_CHARS: usize = 200;

/// The right a request exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DsrKind {
    /// Art. 15.
    Access,
    /// Art. 16.
    Rectification,
    /// Art. 17.
    Erasure,
    /// Art. 18.
    Restriction,
    /// Art. 21.
    Objection,
    /// Art. 20.
    Portability,
}

impl DsrKind {
    pub const ALL: [DsrKind; 6] = [
        Self::Access,
        Self::Rectification,
        Self::Erasure,
        Self::Restriction,
        Self::Objection,
        Self::Portability,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Access => "access",
            Self::Rectification => "rectification",
            Self::Erasure => "erasure",
            Self::Restriction => "restriction",
            Self::Objection => "objection",
            Self::Portability => "portability",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a request stands. `Received` and `Verified` are open; the others are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DsrStatus {
    Received,
    Verified,
    Completed,
    Rejected,
}

impl DsrStatus {
    pub const ALL: [DsrStatus; 4] = [
        Self::Received,
        Self::Verified,
        Self::Completed,
        Self::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Verified => "verified",
            Self::Completed => "completed",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn is_open(self) -> bool {
        matches!(self, Self::Received | Self::Verified)
    }
}

/// Which statuses a listing shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DsrStatusFilter {
    Is(DsrStatus),
    /// Received or verified.
    Open,
    /// Completed or rejected.
    Closed,
}

impl DsrStatusFilter {
    /// `received`, `verified`, `completed`, `rejected`, `open` or `closed`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(Self::Open),
            "closed" => Some(Self::Closed),
            other => DsrStatus::parse(other).map(Self::Is),
        }
    }

    fn statuses(self) -> (String, String) {
        let (a, b) = match self {
            Self::Is(s) => (s, s),
            Self::Open => (DsrStatus::Received, DsrStatus::Verified),
            Self::Closed => (DsrStatus::Completed, DsrStatus::Rejected),
        };
        (a.as_str().to_owned(), b.as_str().to_owned())
    }
}

/// A reason given for a step: a short code (`identity_not_verified`, `manifestly_unfounded`)
/// or a short text, never personal data. Trimmed, 1 to [`MAX_DSR_REASON_CHARS`] characters,
/// no control characters, and nothing that looks like an email address or phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DsrReason(String);

impl DsrReason {
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let t = s.trim();
        if t.is_empty() {
            return Err("must not be empty");
        }
        if t.chars().count() > MAX_DSR_REASON_CHARS {
            return Err("must be at most 200 characters");
        }
        if t.chars().any(char::is_control) {
            return Err("must not contain control characters");
        }
        if looks_like_direct_identifier(t) || t.split_whitespace().any(looks_like_direct_identifier)
        {
            return Err("must not contain personal data such as an email address or phone number");
        }
        Ok(Self(t.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The format of an export delivered for an access or portability request: the two the
/// export route offers (`GET /v1/subjects/{id}/export`), both machine-readable (Art. 20).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DsrExportFormat {
    Json,
    Csv,
}

impl DsrExportFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Json, Self::Csv]
            .into_iter()
            .find(|f| f.as_str() == s)
    }
}

/// Which export answered an access (Art. 15) or portability (Art. 20) request. `reference`
/// (a ticket or shipment number) follows the rules of a [`DsrReason`]: no personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DsrExport {
    pub delivered_at: OffsetDateTime,
    pub format: DsrExportFormat,
    pub reference: Option<DsrReason>,
}

/// What completing a request records: an optional outcome reason and, for access and
/// portability requests (required there, refused for the others), the export delivered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DsrCompletion {
    pub reason: Option<DsrReason>,
    pub export: Option<DsrExport>,
}

/// A request as logged: what right, whose (may be unresolved), through which channel, when.
#[derive(Debug, Clone)]
pub struct NewDsr {
    pub kind: DsrKind,
    pub subject: SubjectRef,
    pub channel: Channel,
    /// When the request reached the controller (any channel); `None` means now.
    pub received_at: Option<OffsetDateTime>,
}

/// A request with what the clock says about it; `history` is filled for single reads and
/// steps, empty in listings.
#[derive(Debug, Clone)]
pub struct DsrView {
    pub row: DsrRow,
    pub overdue: bool,
    pub history: Vec<DsrEventRow>,
}

impl DsrView {
    /// Closed after its due time.
    pub fn late(&self) -> bool {
        self.row
            .closed_at_us
            .is_some_and(|closed| closed > self.row.due_at_us)
    }
}

/// A listing's filters.
#[derive(Debug, Clone)]
pub struct DsrQuery {
    pub status: Option<DsrStatusFilter>,
    /// Due strictly before this time.
    pub due_before: Option<OffsetDateTime>,
    pub overdue: Option<bool>,
    pub after: Option<DsrCursor>,
    pub limit: i64,
}

/// One page of requests, overdue first, then by due time; `counts` are over all requests.
#[derive(Debug, Clone)]
pub struct DsrPage {
    pub requests: Vec<DsrView>,
    pub next_after: Option<DsrCursor>,
    pub counts: DsrCounts,
}

/// The listing cursor as clients see it (opaque): `<bucket>.<due_at_us>.<id>`.
pub fn cursor_token(c: &DsrCursor) -> String {
    format!("{}.{}.{}", c.bucket, c.due_at_us, c.id)
}

pub fn parse_cursor(s: &str) -> Option<DsrCursor> {
    let mut parts = s.splitn(3, '.');
    let bucket: i64 = parts.next()?.parse().ok()?;
    let due_at_us: i64 = parts.next()?.parse().ok()?;
    let id = Uuid::parse_str(parts.next()?).ok()?;
    (0..=1).contains(&bucket).then(|| DsrCursor {
        bucket,
        due_at_us,
        id: id.to_string(),
    })
}

const END_OF_DAY: Time = time::macros::time!(23:59:59.999_999);

/// `date` plus `months` calendar months: the same day of the month, or the month's last day
/// if it is shorter (31 January + 1 month = 28 or 29 February).
fn add_months(date: Date, months: u8) -> Date {
    let (mut year, mut month) = (date.year(), date.month());
    for _ in 0..months {
        if month == Month::December {
            year += 1;
        }
        month = month.next();
    }
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MAX)
}

/// The deadline for answering a request received at `received` (GDPR Art. 12(3)): one month,
/// or three when extended by the two further months the article allows.
///
/// Months are calendar months: the same day of the month, clamped to the last day of a
/// shorter month (31 January → 28 February, or 29 in a leap year). As Regulation (EEC,
/// Euratom) No 1182/71 Art. 3(2)(c) says for periods expressed in months, the period ends with
/// the expiry of the last hour of that day, so the result is the day's last microsecond, in
/// `received`'s offset: a request received on 15 January at 10:00 is due until the end of
/// 15 February and overdue from 16 February 00:00. A deadline that falls on a weekend or public
/// holiday is *not* moved to the next working day (holidays differ by member state); the vault
/// errs on the early side.
pub fn due_date(received: OffsetDateTime, extended: bool) -> OffsetDateTime {
    let months = if extended { 3 } else { 1 };
    received
        .replace_date(add_months(received.date(), months))
        .replace_time(END_OF_DAY)
}

/// Whether a request is overdue at `now`: still open and past its due time.
pub fn is_overdue(status: DsrStatus, due: OffsetDateTime, now: OffsetDateTime) -> bool {
    status.is_open() && now > due
}

pub(crate) fn to_us(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

fn row_overdue(row: &DsrRow, now_us: i64) -> bool {
    DsrStatus::parse(&row.status).is_some_and(DsrStatus::is_open) && now_us > row.due_at_us
}

/// A step of the workflow.
#[derive(Debug, Clone)]
enum Step {
    Verify(Option<SubjectId>),
    Extend(DsrReason),
    Complete {
        completion: DsrCompletion,
        /// Whether the request's subject is erased (looked up for erasure requests only).
        subject_erased: bool,
    },
    Reject(DsrReason),
}

/// Why a step is refused: a stable code (audit reason, metrics label) and the client's detail.
/// With a `field`, a value of the body does not fit the request (a field error, `400`);
/// without, the request's state does not allow the step (`409`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Refusal {
    code: &'static str,
    detail: &'static str,
    field: Option<&'static str>,
}

const fn refuse(code: &'static str, detail: &'static str) -> Refusal {
    Refusal {
        code,
        detail,
        field: None,
    }
}

const fn invalid(code: &'static str, field: &'static str, detail: &'static str) -> Refusal {
    Refusal {
        code,
        detail,
        field: Some(field),
    }
}

impl Refusal {
    fn into_error(self) -> ServiceError {
        match self.field {
            Some(field) => ServiceError::Invalid(vec![FieldError::new(field, self.detail)]),
            None => ServiceError::Conflict(self.detail.to_owned()),
        }
    }
}

impl Step {
    fn action(&self) -> Action {
        match self {
            Step::Verify(_) => Action::DsrVerify,
            Step::Extend(_) => Action::DsrExtend,
            Step::Complete { .. } => Action::DsrComplete,
            Step::Reject(_) => Action::DsrReject,
        }
    }

    /// The history row's action word.
    fn event(&self) -> &'static str {
        match self {
            Step::Verify(_) => "verified",
            Step::Extend(_) => "extended",
            Step::Complete { .. } => "completed",
            Step::Reject(_) => "rejected",
        }
    }

    fn reason(&self) -> Option<&str> {
        match self {
            Step::Verify(Some(_)) => Some("subject_linked"),
            Step::Verify(None) => None,
            Step::Extend(r) | Step::Reject(r) => Some(r.as_str()),
            Step::Complete { completion, .. } => completion.reason.as_ref().map(DsrReason::as_str),
        }
    }

    /// The request after this step at `now`, or why the step does not apply to it.
    fn apply(&self, old: &DsrRow, now: OffsetDateTime) -> Result<DsrRow, Refusal> {
        let now_us = to_us(now);
        let status = DsrStatus::parse(&old.status)
            .ok_or(refuse("corrupt_status", "the stored request is unreadable"))?;
        if !status.is_open() {
            return Err(refuse(
                "closed",
                "the request is already completed or rejected",
            ));
        }
        let mut new = old.clone();
        match self {
            Step::Verify(subject) => {
                if status == DsrStatus::Verified {
                    return Err(refuse(
                        "already_verified",
                        "the requester's identity is already verified",
                    ));
                }
                if let Some(s) = subject {
                    if old.subject_id.is_some_and(|current| current != *s) {
                        return Err(refuse(
                            "subject_mismatch",
                            "the request already names another subject",
                        ));
                    }
                    new.subject_id = Some(*s);
                }
                new.status = DsrStatus::Verified.as_str().to_owned();
                new.verified_at_us = Some(now_us);
            }
            Step::Extend(reason) => {
                if old.extended {
                    return Err(refuse(
                        "already_extended",
                        "the deadline was already extended; it can be extended only once",
                    ));
                }
                if now_us > old.due_at_us {
                    return Err(refuse(
                        "deadline_passed",
                        "the one-month deadline has passed: an extension must be decided and \
                         told to the data subject within it (Art. 12(3))",
                    ));
                }
                let received = time_from_us(old.received_at_us)
                    .ok_or(refuse("corrupt_time", "the stored request is unreadable"))?;
                new.extended = true;
                new.extension_reason = Some(reason.as_str().to_owned());
                new.due_at_us = to_us(due_date(received, true));
            }
            Step::Complete {
                completion,
                subject_erased,
            } => {
                if status != DsrStatus::Verified {
                    return Err(refuse(
                        "not_verified",
                        "verify the requester's identity before completing the request",
                    ));
                }
                let kind = DsrKind::parse(&old.kind)
                    .ok_or(refuse("corrupt_kind", "the stored request is unreadable"))?;
                new.delivery = completion_checks(kind, old, completion, *subject_erased, now)?;
                new.status = DsrStatus::Completed.as_str().to_owned();
                new.closed_at_us = Some(now_us);
                new.outcome_reason = completion.reason.as_ref().map(|r| r.as_str().to_owned());
            }
            Step::Reject(reason) => {
                new.status = DsrStatus::Rejected.as_str().to_owned();
                new.closed_at_us = Some(now_us);
                new.outcome_reason = Some(reason.as_str().to_owned());
            }
        }
        Ok(new)
    }
}

/// What completing a request of `kind` needs besides a verified identity, and the export
/// delivery to record. An erasure request is carried out only when its subject is erased (a
/// tombstone exists); a request that names no subject cannot be, and is closed by rejecting it
/// (e.g. `no_data_held`). An access or portability request records which export was
/// delivered: required for them, refused for every other kind; delivered at most 5 minutes
/// ahead of the vault's clock and not before the request was received.
fn completion_checks(
    kind: DsrKind,
    old: &DsrRow,
    completion: &DsrCompletion,
    subject_erased: bool,
    now: OffsetDateTime,
) -> Result<Option<DsrDelivery>, Refusal> {
    if kind == DsrKind::Erasure {
        if old.subject_id.is_none() {
            return Err(refuse(
                "no_subject",
                "the request names no subject, so nothing was erased: tie it to a subject when \
                 verifying, or reject it (e.g. reason no_data_held)",
            ));
        }
        if !subject_erased {
            return Err(refuse(
                "subject_not_erased",
                "an erasure request is completed only once its subject is erased: erase it \
                 first (DELETE /v1/subjects/{id})",
            ));
        }
    }
    let delivers = matches!(kind, DsrKind::Access | DsrKind::Portability);
    match (&completion.export, delivers) {
        (None, false) => Ok(None),
        (None, true) => Err(invalid(
            "export_required",
            "/export",
            "is required to complete an access or portability request: say which export was \
             delivered",
        )),
        (Some(_), false) => Err(invalid(
            "export_not_applicable",
            "/export",
            "is recorded for access and portability requests only",
        )),
        (Some(export), true) => {
            if export.delivered_at > now + MAX_CLOCK_SKEW {
                return Err(invalid(
                    "delivered_in_future",
                    "/export/delivered_at",
                    "must not be in the future (more than 5 minutes ahead of the vault's clock)",
                ));
            }
            let delivered_at_us = to_us(export.delivered_at);
            if delivered_at_us < old.received_at_us {
                return Err(invalid(
                    "delivered_before_received",
                    "/export/delivered_at",
                    "must not be before the request was received",
                ));
            }
            Ok(Some(DsrDelivery {
                delivered_at_us,
                format: export.format.as_str().to_owned(),
                reference: export.reference.as_ref().map(|r| r.as_str().to_owned()),
            }))
        }
    }
}

impl Vault {
    /// A subject named in a request body, which must exist now; an identifier that names no
    /// subject gives `None`.
    async fn dsr_subject(&self, subject: &SubjectRef) -> Result<Option<SubjectId>, ServiceError> {
        match subject {
            SubjectRef::Id(id) => {
                if self.store.subject_exists(id).await? {
                    Ok(Some(*id))
                } else {
                    Err(ServiceError::Invalid(vec![FieldError::new(
                        "/subject/id",
                        "names no current subject of the vault (unknown, merged or erased)",
                    )]))
                }
            }
            SubjectRef::Identifier(..) => match self.resolve(subject).await {
                Ok(id) => Ok(Some(id)),
                Err(ServiceError::NotFound) => Ok(None),
                Err(e) => Err(e),
            },
        }
    }

    async fn audit_dsr(
        &self,
        caller: &Caller<'_>,
        action: Action,
        subject: Option<SubjectId>,
        allowed: bool,
        reason: Option<&str>,
    ) -> Result<(), ServiceError> {
        let mut e = entry(caller, action, subject, None);
        e.allowed = allowed;
        e.reason = reason.map(str::to_owned);
        self.audit.record(e).await?;
        Ok(())
    }

    /// Logs a request that reached the controller. A subject named by an identifier is looked
    /// up through the blind index; if none matches, the request is logged without a subject
    /// (it still has to be answered, e.g. "we hold no data about you") and the identifier is
    /// not stored. The deadline runs from `received_at`, which may lie in the past (a letter
    /// logged a few days late) but not in the future.
    pub async fn create_dsr(
        &self,
        caller: &Caller<'_>,
        new: NewDsr,
        now: OffsetDateTime,
    ) -> Result<DsrView, ServiceError> {
        caller.require(permissions::STEWARDS)?;
        let received = new.received_at.unwrap_or(now).to_offset(UtcOffset::UTC);
        if received > now + MAX_CLOCK_SKEW {
            return Err(ServiceError::Invalid(vec![FieldError::new(
                "/received_at",
                "must not be in the future (more than 5 minutes ahead of the vault's clock)",
            )]));
        }
        let subject = match self.dsr_subject(&new.subject).await {
            Ok(s) => s,
            Err(ServiceError::Invalid(errors)) => {
                self.audit_dsr(
                    caller,
                    Action::DsrCreate,
                    None,
                    false,
                    Some("subject_not_found"),
                )
                .await?;
                return Err(ServiceError::Invalid(errors));
            }
            Err(e) => return Err(e),
        };
        let now_us = to_us(now);
        let row = DsrRow {
            id: Uuid::new_v4(),
            kind: new.kind.as_str().to_owned(),
            subject_id: subject,
            channel: new.channel.as_str().to_owned(),
            status: DsrStatus::Received.as_str().to_owned(),
            received_at_us: to_us(received),
            due_at_us: to_us(due_date(received, false)),
            extended: false,
            extension_reason: None,
            verified_at_us: None,
            closed_at_us: None,
            outcome_reason: None,
            created_at_us: now_us,
            created_by: caller.principal.id.clone(),
            request_id: caller.request_id.to_owned(),
            delivery: None,
        };
        self.store
            .insert_dsr(
                &row,
                &NewDsrEvent {
                    action: "received",
                    at_us: now_us,
                    actor: &caller.principal.id,
                    reason: None,
                    request_id: caller.request_id,
                },
            )
            .await?;
        self.audit_dsr(
            caller,
            Action::DsrCreate,
            subject,
            true,
            Some(new.kind.as_str()),
        )
        .await?;
        tracing::info!(dsr = %row.id, kind = new.kind.as_str(), "data-subject request logged");
        self.dsr_view(row, now).await
    }

    async fn dsr_view(&self, row: DsrRow, now: OffsetDateTime) -> Result<DsrView, ServiceError> {
        let history = self.store.dsr_events(&row.id).await?;
        Ok(DsrView {
            overdue: row_overdue(&row, to_us(now)),
            row,
            history,
        })
    }

    /// One request with its history.
    pub async fn dsr(
        &self,
        caller: &Caller<'_>,
        id: Uuid,
        now: OffsetDateTime,
    ) -> Result<DsrView, ServiceError> {
        caller.require(permissions::DPO_OR_ADMIN)?;
        let Some(row) = self.store.dsr(&id).await? else {
            self.audit_dsr(caller, Action::DsrRead, None, false, Some("not_found"))
                .await?;
            return Err(ServiceError::NotFound);
        };
        self.audit_dsr(caller, Action::DsrRead, row.subject_id, true, None)
            .await?;
        self.dsr_view(row, now).await
    }

    /// A page of requests, overdue ones first, then by due time (earliest first).
    pub async fn list_dsr(
        &self,
        caller: &Caller<'_>,
        q: DsrQuery,
        now: OffsetDateTime,
    ) -> Result<DsrPage, ServiceError> {
        caller.require(permissions::DPO_OR_ADMIN)?;
        let now_us = to_us(now);
        let filter = DsrFilter {
            statuses: q.status.map(DsrStatusFilter::statuses),
            due_before_us: q.due_before.map(to_us),
            overdue: q.overdue,
            now_us,
            after: q.after,
            limit: q.limit.clamp(1, MAX_DSR_PAGE),
        };
        let rows = self.store.list_dsr(&filter).await?;
        let counts = self.store.dsr_counts(now_us).await?;
        let next_after = if rows.len() as i64 == filter.limit {
            rows.last().map(|(bucket, r)| DsrCursor {
                bucket: *bucket,
                due_at_us: r.due_at_us,
                id: r.id.to_string(),
            })
        } else {
            None
        };
        self.audit_dsr(caller, Action::DsrRead, None, true, Some("list"))
            .await?;
        Ok(DsrPage {
            requests: rows
                .into_iter()
                .map(|(_, row)| DsrView {
                    overdue: row_overdue(&row, now_us),
                    row,
                    history: Vec::new(),
                })
                .collect(),
            next_after,
            counts,
        })
    }

    /// Open and overdue requests at `now` (for the metrics gauges).
    pub async fn dsr_counts(&self, now: OffsetDateTime) -> Result<DsrCounts, ServiceError> {
        Ok(self.store.dsr_counts(to_us(now)).await?)
    }

    /// The requester's identity is verified. `subject` ties a request logged without one (or
    /// confirms the one it names) to a subject of the vault.
    pub async fn verify_dsr(
        &self,
        caller: &Caller<'_>,
        id: Uuid,
        subject: Option<SubjectRef>,
        now: OffsetDateTime,
    ) -> Result<DsrView, ServiceError> {
        caller.require(permissions::DPO_OR_ADMIN)?;
        let subject = match &subject {
            None => None,
            Some(s) => {
                let found = self.dsr_subject(s).await.and_then(|found| {
                    found.ok_or_else(|| {
                        ServiceError::Invalid(vec![FieldError::new(
                            "/subject/identifier",
                            "names no subject of the vault",
                        )])
                    })
                });
                match found {
                    Ok(found) => Some(found),
                    Err(ServiceError::Invalid(errors)) => {
                        self.audit_dsr(
                            caller,
                            Action::DsrVerify,
                            None,
                            false,
                            Some("subject_not_found"),
                        )
                        .await?;
                        return Err(ServiceError::Invalid(errors));
                    }
                    Err(e) => return Err(e),
                }
            }
        };
        self.step_dsr(caller, id, Step::Verify(subject), now).await
    }

    /// Extends the deadline by two further months (Art. 12(3)): once, while the request is
    /// open and its first month has not run out.
    pub async fn extend_dsr(
        &self,
        caller: &Caller<'_>,
        id: Uuid,
        reason: DsrReason,
        now: OffsetDateTime,
    ) -> Result<DsrView, ServiceError> {
        caller.require(permissions::DPO_OR_ADMIN)?;
        self.step_dsr(caller, id, Step::Extend(reason), now).await
    }

    /// The request was carried out (identity verified first): an erasure request only once
    /// its subject is erased, an access or portability request with the export delivered
    /// (see [`DsrCompletion`]). Refusals are audited with their code.
    pub async fn complete_dsr(
        &self,
        caller: &Caller<'_>,
        id: Uuid,
        completion: DsrCompletion,
        now: OffsetDateTime,
    ) -> Result<DsrView, ServiceError> {
        caller.require(permissions::DPO_OR_ADMIN)?;
        let step = Step::Complete {
            completion,
            subject_erased: false,
        };
        self.step_dsr(caller, id, step, now).await
    }

    /// The request is refused (identity not verified, manifestly unfounded, …; Art. 12(4)-(5)).
    pub async fn reject_dsr(
        &self,
        caller: &Caller<'_>,
        id: Uuid,
        reason: DsrReason,
        now: OffsetDateTime,
    ) -> Result<DsrView, ServiceError> {
        caller.require(permissions::DPO_OR_ADMIN)?;
        self.step_dsr(caller, id, Step::Reject(reason), now).await
    }

    async fn step_dsr(
        &self,
        caller: &Caller<'_>,
        id: Uuid,
        mut step: Step,
        now: OffsetDateTime,
    ) -> Result<DsrView, ServiceError> {
        let action = step.action();
        let Some(old) = self.store.dsr(&id).await? else {
            self.audit_dsr(caller, action, None, false, Some("not_found"))
                .await?;
            return Err(ServiceError::NotFound);
        };
        // An erasure is final, so what is read here cannot change before the update below.
        if let Step::Complete { subject_erased, .. } = &mut step {
            if let Some(subject) = old.subject_id {
                if old.kind == DsrKind::Erasure.as_str() {
                    *subject_erased = self.store.erasure_of(&subject).await?.is_some();
                }
            }
        }
        let new = match step.apply(&old, now) {
            Ok(new) => new,
            Err(refusal) => {
                self.audit_dsr(caller, action, old.subject_id, false, Some(refusal.code))
                    .await?;
                return Err(refusal.into_error());
            }
        };
        let event = NewDsrEvent {
            action: step.event(),
            at_us: to_us(now),
            actor: &caller.principal.id,
            reason: step.reason(),
            request_id: caller.request_id,
        };
        if !self.store.update_dsr(&old, &new, &event).await? {
            self.audit_dsr(
                caller,
                action,
                old.subject_id,
                false,
                Some("concurrent_change"),
            )
            .await?;
            return Err(ServiceError::Conflict(
                "the request was changed by another call meanwhile; read it again".to_owned(),
            ));
        }
        self.audit_dsr(caller, action, new.subject_id, true, None)
            .await?;
        self.dsr_view(new, now).await
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use time::macros::datetime;

    use super::*;

    fn due(received: OffsetDateTime, extended: bool) -> OffsetDateTime {
        due_date(received, extended)
    }

    #[test]
    fn one_month_is_the_same_day_next_month_until_its_end() {
        assert_eq!(
            due(datetime!(2026-01-15 10:00 UTC), false),
            datetime!(2026-02-15 23:59:59.999_999 UTC)
        );
        assert_eq!(
            due(datetime!(2026-03-01 00:00 UTC), false),
            datetime!(2026-04-01 23:59:59.999_999 UTC)
        );
        // December rolls into January of the next year.
        assert_eq!(
            due(datetime!(2025-12-31 23:59:59 UTC), false),
            datetime!(2026-01-31 23:59:59.999_999 UTC)
        );
    }

    #[test]
    fn a_shorter_month_clamps_to_its_last_day() {
        assert_eq!(
            due(datetime!(2026-01-31 09:00 UTC), false),
            datetime!(2026-02-28 23:59:59.999_999 UTC)
        );
        assert_eq!(
            due(datetime!(2026-01-29 09:00 UTC), false),
            datetime!(2026-02-28 23:59:59.999_999 UTC)
        );
        assert_eq!(
            due(datetime!(2026-03-31 09:00 UTC), false),
            datetime!(2026-04-30 23:59:59.999_999 UTC)
        );
        assert_eq!(
            due(datetime!(2026-08-31 09:00 UTC), false),
            datetime!(2026-09-30 23:59:59.999_999 UTC)
        );
    }

    #[test]
    fn leap_years_have_a_29th_of_february() {
        assert_eq!(
            due(datetime!(2024-01-31 12:00 UTC), false),
            datetime!(2024-02-29 23:59:59.999_999 UTC)
        );
        assert_eq!(
            due(datetime!(2024-01-29 12:00 UTC), false),
            datetime!(2024-02-29 23:59:59.999_999 UTC)
        );
        assert_eq!(
            due(datetime!(2024-02-29 12:00 UTC), false),
            datetime!(2024-03-29 23:59:59.999_999 UTC)
        );
        // 2100 is not a leap year (divisible by 100, not by 400); 2000 was.
        assert_eq!(
            due(datetime!(2100-01-31 12:00 UTC), false),
            datetime!(2100-02-28 23:59:59.999_999 UTC)
        );
        assert_eq!(
            due(datetime!(2000-01-31 12:00 UTC), false),
            datetime!(2000-02-29 23:59:59.999_999 UTC)
        );
    }

    #[test]
    fn an_extension_adds_two_further_months_from_receipt() {
        assert_eq!(
            due(datetime!(2026-01-15 10:00 UTC), true),
            datetime!(2026-04-15 23:59:59.999_999 UTC)
        );
        // Counted from the day of receipt, not from the clamped one-month date:
        // 31 January + 3 months is 30 April, not 28 April.
        assert_eq!(
            due(datetime!(2026-01-31 10:00 UTC), true),
            datetime!(2026-04-30 23:59:59.999_999 UTC)
        );
        assert_eq!(
            due(datetime!(2025-11-30 10:00 UTC), true),
            datetime!(2026-02-28 23:59:59.999_999 UTC)
        );
        assert_eq!(
            due(datetime!(2023-11-30 10:00 UTC), true),
            datetime!(2024-02-29 23:59:59.999_999 UTC)
        );
        assert_eq!(
            due(datetime!(2025-10-31 10:00 UTC), true),
            datetime!(2026-01-31 23:59:59.999_999 UTC)
        );
    }

    #[test]
    fn the_day_is_the_day_in_the_offset_of_receipt() {
        // 00:30 on 1 February in Berlin is still 31 January in UTC.
        let berlin = datetime!(2026-02-01 00:30 +01:00);
        assert_eq!(
            due(berlin, false),
            datetime!(2026-03-01 23:59:59.999_999 +01:00)
        );
        assert_eq!(
            due(berlin.to_offset(UtcOffset::UTC), false),
            datetime!(2026-02-28 23:59:59.999_999 UTC)
        );
    }

    #[test]
    fn overdue_starts_on_the_day_after_the_due_day() {
        let received = datetime!(2026-01-31 16:45 UTC);
        let due = due_date(received, false);
        let open = DsrStatus::Received;
        assert!(!is_overdue(open, due, datetime!(2026-02-28 00:00 UTC)));
        assert!(!is_overdue(open, due, datetime!(2026-02-28 16:45 UTC)));
        assert!(!is_overdue(
            open,
            due,
            datetime!(2026-02-28 23:59:59.999_999 UTC)
        ));
        assert!(is_overdue(open, due, datetime!(2026-03-01 00:00 UTC)));
        assert!(is_overdue(
            DsrStatus::Verified,
            due,
            datetime!(2026-03-01 00:00 UTC)
        ));
        // Closed requests are never overdue.
        assert!(!is_overdue(
            DsrStatus::Completed,
            due,
            datetime!(2026-06-01 00:00 UTC)
        ));
        assert!(!is_overdue(
            DsrStatus::Rejected,
            due,
            datetime!(2026-06-01 00:00 UTC)
        ));
        // Extended: overdue from 1 May.
        let extended = due_date(received, true);
        assert!(!is_overdue(open, extended, datetime!(2026-04-30 23:00 UTC)));
        assert!(is_overdue(open, extended, datetime!(2026-05-01 00:00 UTC)));
    }

    fn row(status: DsrStatus, received: OffsetDateTime) -> DsrRow {
        DsrRow {
            id: Uuid::new_v4(),
            kind: "access".into(),
            subject_id: None,
            channel: "web".into(),
            status: status.as_str().into(),
            received_at_us: to_us(received),
            due_at_us: to_us(due_date(received, false)),
            extended: false,
            extension_reason: None,
            verified_at_us: None,
            closed_at_us: None,
            outcome_reason: None,
            created_at_us: to_us(received),
            created_by: "dpo".into(),
            request_id: "r".into(),
            delivery: None,
        }
    }

    /// Completion without reason or export, of a request whose subject is not erased.
    fn complete() -> Step {
        Step::Complete {
            completion: DsrCompletion::default(),
            subject_erased: false,
        }
    }

    fn reason(s: &str) -> DsrReason {
        DsrReason::parse(s).unwrap()
    }

    #[test]
    fn transitions_follow_the_workflow() {
        let received = datetime!(2026-01-31 10:00 UTC);
        let now = datetime!(2026-02-10 10:00 UTC);
        let mut r = row(DsrStatus::Received, received);
        r.kind = "objection".into();
        let code = |res: Result<DsrRow, Refusal>| res.unwrap_err().code;

        assert_eq!(code(complete().apply(&r, now)), "not_verified");
        let v = Step::Verify(None).apply(&r, now).unwrap();
        assert_eq!(v.status, "verified");
        assert_eq!(v.verified_at_us, Some(to_us(now)));
        assert_eq!(code(Step::Verify(None).apply(&v, now)), "already_verified");

        let e = Step::Extend(reason("complex_request"))
            .apply(&v, now)
            .unwrap();
        assert!(e.extended);
        assert_eq!(
            e.due_at_us,
            to_us(datetime!(2026-04-30 23:59:59.999_999 UTC))
        );
        assert_eq!(
            code(Step::Extend(reason("again")).apply(&e, now)),
            "already_extended"
        );

        let c = complete().apply(&e, now).unwrap();
        assert_eq!(c.status, "completed");
        assert_eq!(c.closed_at_us, Some(to_us(now)));
        for step in [
            Step::Verify(None),
            Step::Extend(reason("x")),
            complete(),
            Step::Reject(reason("x")),
        ] {
            assert_eq!(code(step.apply(&c, now)), "closed");
        }

        let j = Step::Reject(reason("identity_not_verified"))
            .apply(&r, now)
            .unwrap();
        assert_eq!(j.status, "rejected");
        assert_eq!(j.outcome_reason.as_deref(), Some("identity_not_verified"));
    }

    #[test]
    fn extension_only_within_the_first_month() {
        let r = row(DsrStatus::Received, datetime!(2026-01-31 10:00 UTC));
        assert!(Step::Extend(reason("x"))
            .apply(&r, datetime!(2026-02-28 23:59 UTC))
            .is_ok());
        assert_eq!(
            Step::Extend(reason("x"))
                .apply(&r, datetime!(2026-03-01 00:00 UTC))
                .unwrap_err()
                .code,
            "deadline_passed"
        );
    }

    #[test]
    fn verify_links_a_subject_but_never_swaps_one() {
        let now = datetime!(2026-02-10 10:00 UTC);
        let mut r = row(DsrStatus::Received, datetime!(2026-02-01 10:00 UTC));
        let s = SubjectId::generate();
        assert_eq!(
            Step::Verify(Some(s)).apply(&r, now).unwrap().subject_id,
            Some(s)
        );
        r.subject_id = Some(s);
        assert!(Step::Verify(Some(s)).apply(&r, now).is_ok());
        assert_eq!(
            Step::Verify(Some(SubjectId::generate()))
                .apply(&r, now)
                .unwrap_err()
                .code,
            "subject_mismatch"
        );
    }

    #[test]
    fn reasons_are_short_and_hold_no_identifiers() {
        assert_eq!(
            reason("  manifestly_unfounded ").as_str(),
            "manifestly_unfounded"
        );
        assert!(DsrReason::parse("").is_err());
        assert!(DsrReason::parse("   ").is_err());
        assert!(DsrReason::parse(&"x".repeat(201)).is_err());
        assert!(DsrReason::parse(&"x".repeat(200)).is_ok());
        assert!(DsrReason::parse("line\nbreak").is_err());
        assert!(DsrReason::parse("sent to jane.doe@example.com").is_err());
        assert!(DsrReason::parse("called back on +4915112345678").is_err());
        assert!(DsrReason::parse("identity documents did not match").is_ok());
    }

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let c = DsrCursor {
            bucket: 1,
            due_at_us: -5,
            id: Uuid::new_v4().to_string(),
        };
        assert_eq!(parse_cursor(&cursor_token(&c)), Some(c));
        assert_eq!(parse_cursor("2.1.x"), None);
        assert_eq!(parse_cursor("0.1"), None);
        assert_eq!(parse_cursor("0.1.not-a-uuid"), None);
    }

    #[test]
    fn kinds_and_statuses_parse() {
        for k in DsrKind::ALL {
            assert_eq!(DsrKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(DsrKind::parse("delete"), None);
        assert_eq!(DsrStatusFilter::parse("open"), Some(DsrStatusFilter::Open));
        assert_eq!(
            DsrStatusFilter::parse("verified"),
            Some(DsrStatusFilter::Is(DsrStatus::Verified))
        );
        assert_eq!(DsrStatusFilter::parse("pending"), None);
    }

    fn completing(
        kind: DsrKind,
        subject: Option<SubjectId>,
        export: Option<DsrExport>,
        subject_erased: bool,
    ) -> Result<DsrRow, Refusal> {
        let received = datetime!(2026-02-01 10:00 UTC);
        let mut r = row(DsrStatus::Verified, received);
        r.kind = kind.as_str().into();
        r.subject_id = subject;
        let step = Step::Complete {
            completion: DsrCompletion {
                reason: None,
                export,
            },
            subject_erased,
        };
        step.apply(&r, datetime!(2026-02-10 10:00 UTC))
    }

    fn export(delivered_at: OffsetDateTime) -> Option<DsrExport> {
        Some(DsrExport {
            delivered_at,
            format: DsrExportFormat::Csv,
            reference: Some(reason("EXP-42")),
        })
    }

    #[test]
    fn an_erasure_request_completes_only_once_its_subject_is_erased() {
        let s = Some(SubjectId::generate());
        let code = |res: Result<DsrRow, Refusal>| res.unwrap_err();
        let refused = code(completing(DsrKind::Erasure, s, None, false));
        assert_eq!((refused.code, refused.field), ("subject_not_erased", None));
        assert_eq!(
            code(completing(DsrKind::Erasure, None, None, true)).code,
            "no_subject"
        );
        let done = completing(DsrKind::Erasure, s, None, true).unwrap();
        assert_eq!(done.status, "completed");
        assert_eq!(done.delivery, None);
        // The subject is checked before the body: an export is refused only then.
        let at = datetime!(2026-02-09 10:00 UTC);
        assert_eq!(
            code(completing(DsrKind::Erasure, s, export(at), false)).code,
            "subject_not_erased"
        );
        assert_eq!(
            code(completing(DsrKind::Erasure, s, export(at), true)).field,
            Some("/export")
        );
    }

    #[test]
    fn access_and_portability_record_the_export_delivered() {
        let s = Some(SubjectId::generate());
        let at = datetime!(2026-02-09 10:00 UTC);
        for kind in [DsrKind::Access, DsrKind::Portability] {
            let refused = completing(kind, s, None, false).unwrap_err();
            assert_eq!(
                (refused.code, refused.field),
                ("export_required", Some("/export"))
            );
            let done = completing(kind, s, export(at), false).unwrap();
            assert_eq!(
                done.delivery,
                Some(DsrDelivery {
                    delivered_at_us: to_us(at),
                    format: "csv".into(),
                    reference: Some("EXP-42".into()),
                })
            );
        }
        // Not before receipt, not in the future (5 minutes of clock skew allowed).
        for (when, code) in [
            (datetime!(2026-02-01 09:59 UTC), "delivered_before_received"),
            (datetime!(2026-02-10 10:06 UTC), "delivered_in_future"),
        ] {
            let refused = completing(DsrKind::Access, s, export(when), false).unwrap_err();
            assert_eq!(
                (refused.code, refused.field),
                (code, Some("/export/delivered_at"))
            );
        }
        assert!(completing(
            DsrKind::Access,
            s,
            export(datetime!(2026-02-10 10:04 UTC)),
            false
        )
        .is_ok());
        // The other kinds deliver no export.
        for kind in [
            DsrKind::Rectification,
            DsrKind::Restriction,
            DsrKind::Objection,
        ] {
            assert!(completing(kind, s, None, false).is_ok());
            let refused = completing(kind, s, export(at), false).unwrap_err();
            assert_eq!(refused.code, "export_not_applicable");
        }
        assert_eq!(DsrExportFormat::parse("csv"), Some(DsrExportFormat::Csv));
        assert_eq!(DsrExportFormat::parse("pdf"), None);
    }
}
