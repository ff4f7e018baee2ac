//! Data-subject requests (GDPR Art. 15-22) and their legal deadline (Art. 12(3)): the use
//! cases. A request is logged when it arrives through any channel, then verified, possibly
//! extended once, and completed or rejected; the rules of each step are the domain's
//! (`domain/dsr.rs`, `DsrStep::apply`). Every step is a compare-and-set on the request row plus
//! a history row, and every decision (also a refused step) is audited.
//!
//! The clock is a parameter (`now`) of every use case, so the deadline rules can be tested on
//! any day; the HTTP layer passes the real clock.

use time::{OffsetDateTime, UtcOffset};
use time_tz::OffsetDateTimeExt;
use uuid::Uuid;

use super::consent::SubjectRef;
use super::permissions;
use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::domain::{
    due_date_in, to_us, Channel, DsrCompletion, DsrDelivery, DsrKind, DsrReason, DsrRefusal,
    DsrState, DsrStatus, DsrStatusFilter, DsrStep, FieldError, SubjectId, MAX_CLOCK_SKEW,
};
use crate::store::{DsrCounts, DsrCursor, DsrEventRow, DsrFilter, DsrRow, NewDsrEvent};

/// Most requests one listing page returns.
pub const MAX_DSR_PAGE: i64 = 1_000;

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
    /// The due day on the controller's calendar (`controller.toml` `time_zone`).
    pub due_day: time::Date,
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

impl Vault {
    /// The day a request is due on the controller's calendar.
    fn due_day(&self, due_at_us: i64) -> time::Date {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(due_at_us) * 1_000)
            .map(|t| t.to_timezone(self.policy.controller().zone()).date())
            .unwrap_or(time::Date::MIN)
    }
}

fn row_overdue(row: &DsrRow, now_us: i64) -> bool {
    DsrStatus::parse(&row.status).is_some_and(DsrStatus::is_open) && now_us > row.due_at_us
}

/// The stored request as the workflow sees it. The database allows only known kinds and
/// statuses, so the refusal is for a row that cannot be read.
fn state_of(row: &DsrRow) -> Result<DsrState, DsrRefusal> {
    let unreadable = |code| DsrRefusal {
        code,
        detail: "the stored request is unreadable",
        field: None,
    };
    Ok(DsrState {
        status: DsrStatus::parse(&row.status).ok_or(unreadable("corrupt_status"))?,
        kind: DsrKind::parse(&row.kind).ok_or(unreadable("corrupt_kind"))?,
        subject: row.subject_id,
        received_at_us: row.received_at_us,
        due_at_us: row.due_at_us,
        extended: row.extended,
        extension_reason: row.extension_reason.clone(),
        verified_at_us: row.verified_at_us,
        closed_at_us: row.closed_at_us,
        outcome_reason: row.outcome_reason.clone(),
        delivery: row.delivery.as_ref().map(|d| DsrDelivery {
            delivered_at_us: d.delivered_at_us,
            format: d.format.clone(),
            reference: d.reference.clone(),
        }),
    })
}

/// The row to store after a step: the workflow's fields from `state`, the others from `old`.
fn row_with(old: &DsrRow, state: DsrState) -> DsrRow {
    DsrRow {
        kind: state.kind.as_str().to_owned(),
        subject_id: state.subject,
        status: state.status.as_str().to_owned(),
        received_at_us: state.received_at_us,
        due_at_us: state.due_at_us,
        extended: state.extended,
        extension_reason: state.extension_reason,
        verified_at_us: state.verified_at_us,
        closed_at_us: state.closed_at_us,
        outcome_reason: state.outcome_reason,
        delivery: state.delivery.map(|d| DsrDelivery {
            delivered_at_us: d.delivered_at_us,
            format: d.format,
            reference: d.reference,
        }),
        ..old.clone()
    }
}

/// A refused step as the caller sees it: a field error (`400`) or a conflict (`409`).
fn refused(refusal: DsrRefusal) -> ServiceError {
    match refusal.field {
        Some(field) => ServiceError::Invalid(vec![FieldError::new(field, refusal.detail)]),
        None => ServiceError::Conflict(refusal.detail.to_owned()),
    }
}

/// The audit action of a step.
fn action(step: &DsrStep) -> Action {
    match step {
        DsrStep::Verify(_) => Action::DsrVerify,
        DsrStep::Extend(_) => Action::DsrExtend,
        DsrStep::Complete { .. } => Action::DsrComplete,
        DsrStep::Reject(_) => Action::DsrReject,
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
            due_at_us: to_us(due_date_in(
                received,
                false,
                self.policy.controller().zone(),
            )),
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
            due_day: self.due_day(row.due_at_us),
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
            statuses: q.status.map(|f| {
                let (a, b) = f.statuses();
                (a.as_str().to_owned(), b.as_str().to_owned())
            }),
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
                    due_day: self.due_day(row.due_at_us),
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
        self.step_dsr(caller, id, DsrStep::Verify(subject), now)
            .await
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
        self.step_dsr(caller, id, DsrStep::Extend(reason), now)
            .await
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
        let step = DsrStep::Complete {
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
        self.step_dsr(caller, id, DsrStep::Reject(reason), now)
            .await
    }

    async fn step_dsr(
        &self,
        caller: &Caller<'_>,
        id: Uuid,
        mut step: DsrStep,
        now: OffsetDateTime,
    ) -> Result<DsrView, ServiceError> {
        let action = action(&step);
        let Some(old) = self.store.dsr(&id).await? else {
            self.audit_dsr(caller, action, None, false, Some("not_found"))
                .await?;
            return Err(ServiceError::NotFound);
        };
        // An erasure is final, so what is read here cannot change before the update below.
        if let DsrStep::Complete { subject_erased, .. } = &mut step {
            if let Some(subject) = old.subject_id {
                if old.kind == DsrKind::Erasure.as_str() {
                    *subject_erased = self.store.erasure_of(&subject).await?.is_some();
                }
            }
        }
        let new = match state_of(&old)
            .and_then(|state| step.apply_in(&state, now, self.policy.controller().zone()))
        {
            Ok(new) => row_with(&old, new),
            Err(refusal) => {
                self.audit_dsr(caller, action, old.subject_id, false, Some(refusal.code))
                    .await?;
                return Err(refused(refusal));
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
    fn a_row_keeps_every_field_through_the_workflow_state() {
        let received = datetime!(2026-01-31 10:00 UTC);
        let row = DsrRow {
            id: Uuid::new_v4(),
            kind: "portability".into(),
            subject_id: Some(SubjectId::generate()),
            channel: "letter".into(),
            status: "completed".into(),
            received_at_us: to_us(received),
            due_at_us: to_us(crate::domain::due_date(received, true)),
            extended: true,
            extension_reason: Some("complex_request".into()),
            verified_at_us: Some(to_us(received) + 1),
            closed_at_us: Some(to_us(received) + 2),
            outcome_reason: Some("sent".into()),
            created_at_us: to_us(received),
            created_by: "dpo".into(),
            request_id: "r".into(),
            delivery: Some(DsrDelivery {
                delivered_at_us: to_us(received) + 2,
                format: "json".into(),
                reference: Some("EXP-1".into()),
            }),
        };
        let state = state_of(&row).unwrap();
        assert_eq!(
            (state.kind, state.status),
            (DsrKind::Portability, DsrStatus::Completed)
        );
        assert_eq!(row_with(&row, state), row);
        for (status, kind, code) in [
            ("pending", "access", "corrupt_status"),
            ("received", "delete", "corrupt_kind"),
        ] {
            let bad = DsrRow {
                status: status.into(),
                kind: kind.into(),
                ..row.clone()
            };
            assert_eq!(state_of(&bad).unwrap_err().code, code);
        }
    }
}
