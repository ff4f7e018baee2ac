//! Data-subject requests (GDPR Art. 15-22) as a state machine, free of storage and audit: what
//! a request is (its kind, status, deadline), the reasons and exports a step records, and the
//! rules of each step (`DsrStep::apply`). A request is received, then verified, possibly
//! extended once, and completed or rejected; `service/dsr.rs` loads it, applies a step, stores
//! the result as a compare-and-set and audits the decision.
//!
//! The clock is a parameter (`now`) of every rule, so the deadline rules can be tested on any
//! day. Times of a stored request are microseconds since the Unix epoch, as the vault stores
//! them (`docs/architecture.md`), so a step computes exactly what is written.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};
use time_tz::{OffsetDateTimeExt, OffsetResult, PrimitiveDateTimeExt, Tz};

use super::{looks_like_direct_identifier, SubjectId, MAX_CLOCK_SKEW};
// The one import from a layer above the domain: the direct-identifier heuristic lives in
// `policy/events.rs` but needs only `Email`; moved into `domain/`, this edge goes.

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

    /// The two statuses the filter lets through (the same one twice for `Is`).
    pub fn statuses(self) -> (DsrStatus, DsrStatus) {
        match self {
            Self::Is(s) => (s, s),
            Self::Open => (DsrStatus::Received, DsrStatus::Verified),
            Self::Closed => (DsrStatus::Completed, DsrStatus::Rejected),
        }
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

/// Which export answered a completed access or portability request, as recorded: when (in
/// microseconds), in which format (`json` or `csv`), and the optional reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DsrDelivery {
    pub delivered_at_us: i64,
    pub format: String,
    pub reference: Option<String>,
}

/// A logged request as the workflow sees it: everything a step reads or writes. Times are
/// microseconds since the Unix epoch; reasons are as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DsrState {
    pub kind: DsrKind,
    pub status: DsrStatus,
    /// `None` while the request is tied to no subject of the vault.
    pub subject: Option<SubjectId>,
    pub received_at_us: i64,
    pub due_at_us: i64,
    pub extended: bool,
    pub extension_reason: Option<String>,
    pub verified_at_us: Option<i64>,
    pub closed_at_us: Option<i64>,
    pub outcome_reason: Option<String>,
    /// The export that answered an access or portability request, once completed.
    pub delivery: Option<DsrDelivery>,
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

/// [`due_date`] in the controller's time zone (`controller.toml`): the day of receipt is the
/// day on the controller's calendar, and the deadline is the end of the due day there, in the
/// offset that zone has on that day (a request received in Berlin in January is due at
/// 23:59:59.999999 CEST on an April day, not CET).
pub fn due_date_in(received: OffsetDateTime, extended: bool, zone: &Tz) -> OffsetDateTime {
    let months = if extended { 3 } else { 1 };
    let day = add_months(received.to_timezone(zone).date(), months);
    let end = PrimitiveDateTime::new(day, END_OF_DAY);
    match end.assume_timezone(zone) {
        OffsetResult::Some(t) => t,
        // A gap or an overlap at the end of a day (a zone that changes its offset at
        // midnight): the earlier of the two instants, or the end of the day in UTC.
        OffsetResult::Ambiguous(a, b) => a.min(b),
        OffsetResult::None => end.assume_utc(),
    }
}

/// Whether a request is overdue at `now`: still open and past its due time.
pub fn is_overdue(status: DsrStatus, due: OffsetDateTime, now: OffsetDateTime) -> bool {
    status.is_open() && now > due
}

/// A time as the vault stores it: microseconds since the Unix epoch.
pub(crate) fn to_us(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

fn from_us(us: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1_000).ok()
}

/// A step of the workflow.
#[derive(Debug, Clone)]
pub enum DsrStep {
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
pub struct DsrRefusal {
    pub code: &'static str,
    pub detail: &'static str,
    pub field: Option<&'static str>,
}

/// The request's state does not allow the step.
const fn refuse(code: &'static str, detail: &'static str) -> DsrRefusal {
    DsrRefusal {
        code,
        detail,
        field: None,
    }
}

/// A value of the body (at JSON pointer `field`) does not fit the request.
const fn invalid(code: &'static str, field: &'static str, detail: &'static str) -> DsrRefusal {
    DsrRefusal {
        code,
        detail,
        field: Some(field),
    }
}

impl DsrStep {
    /// The history row's action word.
    pub fn event(&self) -> &'static str {
        match self {
            DsrStep::Verify(_) => "verified",
            DsrStep::Extend(_) => "extended",
            DsrStep::Complete { .. } => "completed",
            DsrStep::Reject(_) => "rejected",
        }
    }

    /// The reason the history row records.
    pub fn reason(&self) -> Option<&str> {
        match self {
            DsrStep::Verify(Some(_)) => Some("subject_linked"),
            DsrStep::Verify(None) => None,
            DsrStep::Extend(r) | DsrStep::Reject(r) => Some(r.as_str()),
            DsrStep::Complete { completion, .. } => {
                completion.reason.as_ref().map(DsrReason::as_str)
            }
        }
    }

    /// The request after this step at `now`, or why the step does not apply to it; deadlines
    /// in UTC (see [`DsrStep::apply_in`]).
    pub fn apply(&self, old: &DsrState, now: OffsetDateTime) -> Result<DsrState, DsrRefusal> {
        self.apply_in(old, now, time_tz::timezones::db::UTC)
    }

    /// [`DsrStep::apply`] with deadlines in the controller's time `zone`.
    pub fn apply_in(
        &self,
        old: &DsrState,
        now: OffsetDateTime,
        zone: &Tz,
    ) -> Result<DsrState, DsrRefusal> {
        let now_us = to_us(now);
        let status = old.status;
        if !status.is_open() {
            return Err(refuse(
                "closed",
                "the request is already completed or rejected",
            ));
        }
        let mut new = old.clone();
        match self {
            DsrStep::Verify(subject) => {
                if status == DsrStatus::Verified {
                    return Err(refuse(
                        "already_verified",
                        "the requester's identity is already verified",
                    ));
                }
                if let Some(s) = subject {
                    if old.subject.is_some_and(|current| current != *s) {
                        return Err(refuse(
                            "subject_mismatch",
                            "the request already names another subject",
                        ));
                    }
                    new.subject = Some(*s);
                }
                new.status = DsrStatus::Verified;
                new.verified_at_us = Some(now_us);
            }
            DsrStep::Extend(reason) => {
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
                let received = from_us(old.received_at_us)
                    .ok_or(refuse("corrupt_time", "the stored request is unreadable"))?;
                new.extended = true;
                new.extension_reason = Some(reason.as_str().to_owned());
                new.due_at_us = to_us(due_date_in(received, true, zone));
            }
            DsrStep::Complete {
                completion,
                subject_erased,
            } => {
                if status != DsrStatus::Verified {
                    return Err(refuse(
                        "not_verified",
                        "verify the requester's identity before completing the request",
                    ));
                }
                new.delivery = completion_checks(old, completion, *subject_erased, now)?;
                new.status = DsrStatus::Completed;
                new.closed_at_us = Some(now_us);
                new.outcome_reason = completion.reason.as_ref().map(|r| r.as_str().to_owned());
            }
            DsrStep::Reject(reason) => {
                new.status = DsrStatus::Rejected;
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
    old: &DsrState,
    completion: &DsrCompletion,
    subject_erased: bool,
    now: OffsetDateTime,
) -> Result<Option<DsrDelivery>, DsrRefusal> {
    let kind = old.kind;
    if kind == DsrKind::Erasure {
        if old.subject.is_none() {
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use time::macros::datetime;
    use time::UtcOffset;

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
    fn the_deadline_runs_in_the_controllers_time_zone() {
        let berlin = crate::domain::time_zone("Europe/Berlin").unwrap();
        // 23:30 UTC on 31 January is 00:30 on 1 February in Berlin: due 1 March, at the end
        // of that day in Berlin (CET, +01:00).
        let received = datetime!(2026-01-31 23:30 UTC);
        assert_eq!(
            due_date_in(received, false, berlin),
            datetime!(2026-03-01 23:59:59.999_999 +01:00)
        );
        // In UTC the same request was due a day earlier.
        assert_eq!(
            due_date(received, false),
            datetime!(2026-02-28 23:59:59.999_999 UTC)
        );
        // Extended past the switch to summer time: the end of the day in CEST (+02:00).
        assert_eq!(
            due_date_in(received, true, berlin),
            datetime!(2026-05-01 23:59:59.999_999 +02:00)
        );
        // UTC gives what due_date gives for a UTC time.
        let utc = crate::domain::time_zone("UTC").unwrap();
        assert_eq!(due_date_in(received, false, utc), due_date(received, false));
        // An extension applied in Berlin uses Berlin's calendar.
        let r = DsrState {
            received_at_us: to_us(received),
            due_at_us: to_us(due_date_in(received, false, berlin)),
            ..request(DsrStatus::Received, received)
        };
        let e = DsrStep::Extend(reason("complex_request"))
            .apply_in(&r, received, berlin)
            .unwrap();
        assert_eq!(
            e.due_at_us,
            to_us(datetime!(2026-05-01 23:59:59.999_999 +02:00))
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

    fn request(status: DsrStatus, received: OffsetDateTime) -> DsrState {
        DsrState {
            kind: DsrKind::Access,
            status,
            subject: None,
            received_at_us: to_us(received),
            due_at_us: to_us(due_date(received, false)),
            extended: false,
            extension_reason: None,
            verified_at_us: None,
            closed_at_us: None,
            outcome_reason: None,
            delivery: None,
        }
    }

    /// Completion without reason or export, of a request whose subject is not erased.
    fn complete() -> DsrStep {
        DsrStep::Complete {
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
        let mut r = request(DsrStatus::Received, received);
        r.kind = DsrKind::Objection;
        let code = |res: Result<DsrState, DsrRefusal>| res.unwrap_err().code;

        assert_eq!(code(complete().apply(&r, now)), "not_verified");
        let v = DsrStep::Verify(None).apply(&r, now).unwrap();
        assert_eq!(v.status, DsrStatus::Verified);
        assert_eq!(v.verified_at_us, Some(to_us(now)));
        assert_eq!(
            code(DsrStep::Verify(None).apply(&v, now)),
            "already_verified"
        );

        let e = DsrStep::Extend(reason("complex_request"))
            .apply(&v, now)
            .unwrap();
        assert!(e.extended);
        assert_eq!(
            e.due_at_us,
            to_us(datetime!(2026-04-30 23:59:59.999_999 UTC))
        );
        assert_eq!(
            code(DsrStep::Extend(reason("again")).apply(&e, now)),
            "already_extended"
        );

        let c = complete().apply(&e, now).unwrap();
        assert_eq!(c.status, DsrStatus::Completed);
        assert_eq!(c.closed_at_us, Some(to_us(now)));
        for step in [
            DsrStep::Verify(None),
            DsrStep::Extend(reason("x")),
            complete(),
            DsrStep::Reject(reason("x")),
        ] {
            assert_eq!(code(step.apply(&c, now)), "closed");
        }

        let j = DsrStep::Reject(reason("identity_not_verified"))
            .apply(&r, now)
            .unwrap();
        assert_eq!(j.status, DsrStatus::Rejected);
        assert_eq!(j.outcome_reason.as_deref(), Some("identity_not_verified"));
    }

    #[test]
    fn extension_only_within_the_first_month() {
        let r = request(DsrStatus::Received, datetime!(2026-01-31 10:00 UTC));
        assert!(DsrStep::Extend(reason("x"))
            .apply(&r, datetime!(2026-02-28 23:59 UTC))
            .is_ok());
        assert_eq!(
            DsrStep::Extend(reason("x"))
                .apply(&r, datetime!(2026-03-01 00:00 UTC))
                .unwrap_err()
                .code,
            "deadline_passed"
        );
    }

    #[test]
    fn verify_links_a_subject_but_never_swaps_one() {
        let now = datetime!(2026-02-10 10:00 UTC);
        let mut r = request(DsrStatus::Received, datetime!(2026-02-01 10:00 UTC));
        let s = SubjectId::generate();
        assert_eq!(
            DsrStep::Verify(Some(s)).apply(&r, now).unwrap().subject,
            Some(s)
        );
        r.subject = Some(s);
        assert!(DsrStep::Verify(Some(s)).apply(&r, now).is_ok());
        assert_eq!(
            DsrStep::Verify(Some(SubjectId::generate()))
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
    ) -> Result<DsrState, DsrRefusal> {
        let received = datetime!(2026-02-01 10:00 UTC);
        let mut r = request(DsrStatus::Verified, received);
        r.kind = kind;
        r.subject = subject;
        let step = DsrStep::Complete {
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
        let code = |res: Result<DsrState, DsrRefusal>| res.unwrap_err();
        let refused = code(completing(DsrKind::Erasure, s, None, false));
        assert_eq!((refused.code, refused.field), ("subject_not_erased", None));
        assert_eq!(
            code(completing(DsrKind::Erasure, None, None, true)).code,
            "no_subject"
        );
        let done = completing(DsrKind::Erasure, s, None, true).unwrap();
        assert_eq!(done.status, DsrStatus::Completed);
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
