//! Retention (storage limitation, GDPR Art. 5(1)(e)): each purpose's `retention_days` applies,
//! and what no purpose may keep any more is deleted. Run by `custodia retention run` and,
//! optionally, on an interval inside `serve` ([`Vault::spawn_retention`]).
//!
//! # Rules
//!
//! Retention limits; it never extends. Only the purposes that apply count, and each purpose's
//! period is its own `retention_days`, measured from the datum (or, with
//! `retention_from_year_end`, from the end of the datum's calendar year: the accounting duty of
//! HGB §257(5) and AO §147(4)).
//!
//! **Events.** Each event records the purposes it was collected for (`events.purposes`, see
//! `service/events.rs`). It may be kept while one of *those* purposes that still serves its
//! type may keep it; events are grouped by (type, purposes) and each group's cut-off is the
//! latest of its purposes' cut-offs (an event exactly at the cut-off stays). A group no purpose
//! may keep any more (a type removed from the policy, a purpose that no longer serves it) is
//! deleted. An event stored before purposes were recorded and not yet tagged counts every
//! purpose serving its type. Deletion goes in batches; each batch deletes its events, their
//! merge bookkeeping, and rebuilds the aggregates of every pseudonym it touched in the same
//! transaction. The per-purpose aggregates that still count an event past that purpose's own
//! period are rebuilt after (`purpose_profiles_refreshed`).
//!
//! **Personal fields.** A field (`email`, `address.city`, `identifiers.device_id`, …) may be kept
//! while a purpose that lists it ([`Purpose::allows_field`]) *and applies to the subject* may
//! still keep it: a consent purpose only while its consent stands, a purpose an objection stops
//! only while the subject has not objected, every other purpose always. The period runs from
//! the subject's **last activity**: the latest of
//! - `subjects.updated_at_us` (creation, and any change that records itself there),
//! - the newest consent *grant*'s `recorded_at_us` (a withdrawal or refusal does not restart
//!   the clock), and
//! - the newest event's `occurred_at` (through the pseudonym: the subject's data key is
//!   unwrapped to open it, then `pseudonym_profiles.last_seen_us` is read). Events are deleted
//!   first, so this only counts events still within their own retention; running retention
//!   twice with the same `now` deletes nothing the second time.
//!
//! Subjects inactive for at least the shortest period of any purpose are examined; a field
//! whose every applicable purpose's retention has passed since the last activity is deleted:
//! from `subject_fields` for personal fields, from `subject_identifiers` (blind index and sealed
//! value) for `identifiers.<type>`. A field no applicable purpose lists is deleted. The subject
//! row (wrapped data key, pseudonym, consent ledger) is never deleted here: that is erasure, a
//! different operation. A subject whose pseudonym cannot be opened (its master key version is
//! gone) is skipped with a warning, never deleted blind.
//!
//! **Restriction** (Art. 18) pauses deletion: a restricted subject's fields and events are left
//! alone until the restriction is lifted.
//!
//! Limits, written down: last activity ignores reads (a read is not the person's activity),
//! objections and restrictions; an event ingested while the run is deciding about that very
//! subject is not seen (the deletion re-checks the vault-side activity, so a rectification or
//! consent recorded meanwhile does keep the fields).
//!
//! **Audit.** One entry per event type and one per field with deletions, action
//! `retention.delete`, no subject, reason `event_type=<t> count=<n> retention_days=<d>` or
//! `field=<f> count=<n> retention_days=<d>` (`no_purpose` instead of the days when nothing may
//! keep it). No personal data and no subject id. Event types are audited as each type is
//! done; fields at the end of the run (a process killed during the field phase leaves that
//! run's field deletions unaudited). A run that fails part-way still audits what it deleted.
//!
//! **Many instances.** Every deletion is a plain conditional `DELETE`: several instances
//! running retention at once delete each row once and count it once, and the aggregates are
//! rebuilt by whichever deleted the event. No lock is needed.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use time::OffsetDateTime;

use super::permissions;
use super::subjects::{entry, Caller, PSEUDONYM_FIELD};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::auth::Principal;
use crate::crypto::{KeyVersion, Pseudonym, WrappedKey};
use crate::domain::{Field, Role};
use crate::policy::{Policy, Purpose};
use crate::store::RetentionCandidate;

/// What one run deleted. Counts only; no subject and no value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RetentionReport {
    /// Events deleted, by event type.
    pub events_deleted: BTreeMap<String, u64>,
    /// Personal fields deleted (one per subject holding it), by field name; identifiers as
    /// `identifiers.<type>`, one per identifier row.
    pub fields_deleted: BTreeMap<String, u64>,
    /// Distinct pseudonyms whose aggregates were rebuilt after their events were deleted.
    pub pseudonyms_rebuilt: u64,
    /// Pseudonyms whose per-purpose aggregates held an event past that purpose's own period,
    /// rebuilt so segments stop counting it.
    pub purpose_profiles_refreshed: u64,
    /// People whose erasure a retention duty had blocked, erased now that it has ended.
    pub blocked_erasures_completed: u64,
    /// Consent records of erased subjects deleted once the proof period had passed.
    pub proof_records_deleted: u64,
    /// Suppression-list entries deleted once the same period had passed.
    pub suppression_entries_deleted: u64,
}

/// How long what erasure keeps (consent records as proof, the suppression list) stays after
/// the erasure: three years, the regular limitation period for claims (BGB §195) in which the
/// controller may have to prove consent or an opt-out.
pub const PROOF_PERIOD_DAYS: u32 = 1_095;

/// The actor id of retention runs the vault starts itself ([`Vault::spawn_retention`]).
pub const RETENTION_ACTOR: &str = "retention";

/// Events deleted per transaction.
const EVENT_BATCH: i64 = 1_000;
/// Subjects examined per page.
const SUBJECT_PAGE: i64 = 500;

/// How long data may be kept: until the period of the purpose that keeps it longest ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// The longest `retention_days` among the purposes, and the cut-off (data dated before it
    /// is past every one of their periods).
    Until { days: u32, cutoff_us: i64 },
    /// No purpose may keep it at all.
    NoPurpose,
}

impl Keep {
    fn longest<'a>(purposes: impl Iterator<Item = &'a Purpose>, now_us: i64) -> Keep {
        purposes.fold(Keep::NoPurpose, |keep, p| {
            let cutoff_us = p.retention_cutoff_us(now_us);
            match keep {
                Keep::NoPurpose => Keep::Until {
                    days: p.retention_days,
                    cutoff_us,
                },
                Keep::Until { days, cutoff_us: c } => Keep::Until {
                    days: days.max(p.retention_days),
                    cutoff_us: c.min(cutoff_us),
                },
            }
        })
    }

    /// Data last active (or occurring) strictly before this is past its retention.
    fn cutoff_us(self) -> i64 {
        match self {
            Keep::Until { cutoff_us, .. } => cutoff_us,
            Keep::NoPurpose => i64::MAX,
        }
    }

    fn describe(self) -> String {
        match self {
            Keep::Until { days, .. } => format!("retention_days={d}", d = days),
            Keep::NoPurpose => "no_purpose".to_owned(),
        }
    }
}

/// How long events of `event_type` collected for the purposes in `tag` may be kept: by the
/// purposes in the tag that still serve the type (only the purposes the event was collected
/// for count). An untagged event (stored before purposes were recorded and not tagged yet)
/// counts every purpose that serves its type.
fn event_keep(policy: &Policy, event_type: &str, tag: &str, now_us: i64) -> Keep {
    let serves = |p: &&Purpose| p.allows_event_type(event_type);
    if tag.is_empty() {
        return Keep::longest(policy.purposes().filter(serves), now_us);
    }
    let collected_for: Vec<&str> = tag.split('|').filter(|p| !p.is_empty()).collect();
    Keep::longest(
        policy
            .purposes()
            .filter(serves)
            .filter(|p| collected_for.contains(&p.id.as_str())),
        now_us,
    )
}

/// How long `field` may be kept by the purposes that list it and `apply` to the subject.
fn field_keep(
    policy: &Policy,
    field: Field,
    now_us: i64,
    applies: impl Fn(&Purpose) -> bool,
) -> Keep {
    Keep::longest(
        policy
            .purposes()
            .filter(|p| p.allows_field(field) && applies(p)),
        now_us,
    )
}

fn micros(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

impl Vault {
    /// Deletes every event and personal field past the retention of every purpose that may
    /// keep it, as of `now` (see the module documentation for the rules), audits each kind of
    /// deletion and reports the counts. Admins and DPOs only.
    #[tracing::instrument(skip_all, fields(request_id = %caller.request_id))]
    pub async fn run_retention(
        &self,
        caller: &Caller<'_>,
        now: OffsetDateTime,
    ) -> Result<RetentionReport, ServiceError> {
        if caller.require(permissions::DPO_OR_ADMIN).is_err() {
            let mut e = entry(caller, Action::RetentionDelete, None, None);
            e.reason = Some("role_not_allowed".into());
            self.audit.record(e).await?;
            return Err(ServiceError::RoleNotAllowed);
        }
        let now_us = micros(now);
        // Erasures a retention duty blocked are completed once the duty has ended.
        let completed = self.finish_ended_blocks(caller, now_us).await?;
        let mut report = RetentionReport {
            blocked_erasures_completed: u64::try_from(completed).unwrap_or(u64::MAX),
            ..RetentionReport::default()
        };
        self.expire_events(caller, now_us, &mut report).await?;
        self.expire_erasure_leftovers(caller, now_us, &mut report)
            .await?;
        report.purpose_profiles_refreshed = self.behaviour.refresh_purpose_profiles().await?;
        let mut fields = BTreeMap::new();
        let outcome = self.expire_fields(now_us, &mut fields).await;
        for (field, (count, keep)) in fields {
            self.audit_deletion(
                caller,
                format!("field={field} count={count} {}", keep.describe()),
            )
            .await?;
            report.fields_deleted.insert(field, count);
        }
        outcome?;
        tracing::info!(
            events = report.events_deleted.values().sum::<u64>(),
            fields = report.fields_deleted.values().sum::<u64>(),
            pseudonyms_rebuilt = report.pseudonyms_rebuilt,
            "retention run finished"
        );
        Ok(report)
    }

    /// [`Vault::run_retention`] now, as the vault itself (`actor`, role admin) with a fresh
    /// request id: what `custodia retention run` and the interval in `serve` call.
    pub async fn run_retention_job(&self, actor: &str) -> Result<RetentionReport, ServiceError> {
        let principal = Principal {
            id: actor.to_owned(),
            role: Role::Admin,
        };
        let request_id = format!("retention-{}", uuid::Uuid::now_v7());
        let caller = Caller {
            principal: &principal,
            request_id: &request_id,
        };
        self.run_retention(&caller, OffsetDateTime::now_utc()).await
    }

    /// Runs retention as [`RETENTION_ACTOR`] at once and then every `period` (at least one
    /// minute), on the current Tokio runtime, until the task is aborted or the runtime stops.
    /// A failed run is logged and the next one tries again. Running this on every instance of
    /// a scaled-out deployment is safe (see the module documentation).
    pub fn spawn_retention(&self, period: std::time::Duration) -> tokio::task::JoinHandle<()> {
        let vault = self.clone();
        let period = period.max(std::time::Duration::from_secs(60));
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(period);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = vault.run_retention_job(RETENTION_ACTOR).await {
                    let e = anyhow::Error::new(e);
                    tracing::error!(error = format!("{e:#}"), "retention run failed");
                }
            }
        })
    }

    async fn audit_deletion(
        &self,
        caller: &Caller<'_>,
        reason: String,
    ) -> Result<(), ServiceError> {
        let mut e = entry(caller, Action::RetentionDelete, None, None);
        e.allowed = true;
        e.reason = Some(reason);
        self.audit.record(e).await?;
        Ok(())
    }

    /// What erasure kept goes when [`PROOF_PERIOD_DAYS`] have passed since the erasure: the
    /// consent records that proved consent (Art. 7(1): the limitation period for claims about
    /// it) and the suppression list. Audited with counts only.
    async fn expire_erasure_leftovers(
        &self,
        caller: &Caller<'_>,
        now_us: i64,
        report: &mut RetentionReport,
    ) -> Result<(), ServiceError> {
        let before = crate::policy::retention_cutoff_us(now_us, PROOF_PERIOD_DAYS, false);
        let (records, suppressed) = self.store.expire_erasure_leftovers(before).await?;
        for (what, count) in [
            ("proof_of_consent", records),
            ("suppression_list", suppressed),
        ] {
            if count > 0 {
                self.audit_deletion(
                    caller,
                    format!("{what} count={count} retention_days={PROOF_PERIOD_DAYS}"),
                )
                .await?;
            }
        }
        report.proof_records_deleted = records;
        report.suppression_entries_deleted = suppressed;
        Ok(())
    }

    /// The event half: type by type, batch by batch; each type audited once it is done (or
    /// failed part-way).
    async fn expire_events(
        &self,
        caller: &Caller<'_>,
        now_us: i64,
        report: &mut RetentionReport,
    ) -> Result<(), ServiceError> {
        let mut rebuilt: HashSet<Vec<u8>> = HashSet::new();
        // A restriction (Art. 18) pauses deletion: the data may be needed for the claim.
        let mut paused = Vec::new();
        for subject in self.store.restricted_subjects().await? {
            if let Some(p) = self.pseudonym_of(&subject).await? {
                paused.push(p.as_bytes().to_vec());
            }
        }
        for (event_type, tag) in self.behaviour.stored_event_kinds().await? {
            let keep = event_keep(&self.policy, &event_type, &tag, now_us);
            let cutoff = keep.cutoff_us();
            let mut deleted = 0u64;
            let outcome = loop {
                match self
                    .behaviour
                    .delete_events_before((&event_type, &tag), cutoff, EVENT_BATCH, &paused)
                    .await
                {
                    Ok((n, touched)) => {
                        deleted += n;
                        rebuilt.extend(touched);
                        if n < EVENT_BATCH.unsigned_abs() {
                            break Ok(());
                        }
                    }
                    Err(e) => break Err(e),
                }
            };
            if deleted > 0 {
                self.audit_deletion(
                    caller,
                    format!(
                        "event_type={event_type} count={deleted} {}",
                        keep.describe()
                    ),
                )
                .await?;
                *report.events_deleted.entry(event_type).or_default() += deleted;
            }
            report.pseudonyms_rebuilt = rebuilt.len() as u64;
            outcome?;
        }
        Ok(())
    }

    /// The field half: pages of subjects inactive in the vault since the latest cut-off of any
    /// field; for each, its event activity, then the fields past their cut-off. Counts (with
    /// the retention that applied) go into `counts` as they are deleted.
    async fn expire_fields(
        &self,
        now_us: i64,
        counts: &mut BTreeMap<String, (u64, Keep)>,
    ) -> Result<(), ServiceError> {
        // Which subjects to look at: inactive for at least the shortest period of any purpose
        // (a field whose purposes no longer apply to the subject goes then), or any subject
        // when a field has no purpose at all. Each one's own rules then count only the
        // purposes that apply to it.
        let Some(latest_cutoff) = Field::all()
            .map(|f| field_keep(&self.policy, f, now_us, |_| true).cutoff_us())
            .chain(
                self.policy
                    .purposes()
                    .map(|p| p.retention_cutoff_us(now_us)),
            )
            .max()
        else {
            return Ok(());
        };
        let mut after = None;
        loop {
            let page = self
                .store
                .retention_candidates(latest_cutoff, after.as_ref(), SUBJECT_PAGE)
                .await?;
            let full = page.len() as i64 == SUBJECT_PAGE;
            after = page.last().map(|c| c.subject);
            let mut opened = Vec::with_capacity(page.len());
            for c in page {
                match self.candidate_pseudonym(&c).await {
                    Ok(p) => opened.push((c, p.as_bytes().to_vec())),
                    Err(e) => {
                        let e = anyhow::Error::new(e);
                        tracing::warn!(subject = %c.subject, error = format!("{e:#}"),
                            "retention skips a subject whose pseudonym cannot be opened");
                    }
                }
            }
            let pseudonyms: Vec<Vec<u8>> = opened.iter().map(|(_, p)| p.clone()).collect();
            let last_seen: HashMap<Vec<u8>, i64> = self
                .behaviour
                .last_seen(&pseudonyms)
                .await?
                .into_iter()
                .collect();
            for (c, pseudonym) in &opened {
                let activity = last_seen
                    .get(pseudonym)
                    .map_or(c.vault_activity_us, |&e| e.max(c.vault_activity_us));
                let applies = self.purposes_applying(&c.subject, now_us).await?;
                let rules: Vec<(Field, Keep, i64)> = Field::all()
                    .map(|f| {
                        let keep = field_keep(&self.policy, f, now_us, |p| applies.contains(&p.id));
                        (f, keep, keep.cutoff_us())
                    })
                    .collect();
                let expired: Vec<&(Field, Keep, i64)> =
                    rules.iter().filter(|r| activity < r.2).collect();
                if expired.is_empty() {
                    continue;
                }
                let personal: Vec<&'static str> = expired
                    .iter()
                    .filter_map(|r| match r.0 {
                        Field::Personal(p) => Some(p.name()),
                        Field::Identifiers(_) => None,
                    })
                    .collect();
                let identifiers: Vec<&'static str> = expired
                    .iter()
                    .filter_map(|r| match r.0 {
                        Field::Identifiers(t) => Some(t.name()),
                        Field::Personal(_) => None,
                    })
                    .collect();
                let deleted = self
                    .store
                    .delete_expired_fields(&c.subject, c.vault_activity_us, &personal, &identifiers)
                    .await?;
                for name in deleted {
                    let keep = rules
                        .iter()
                        .find(|r| r.0.name() == name)
                        .map_or(Keep::NoPurpose, |r| r.1);
                    counts.entry(name).or_insert((0, keep)).0 += 1;
                }
            }
            if !full {
                return Ok(());
            }
        }
    }

    /// Opens a candidate's pseudonym with its data key.
    async fn candidate_pseudonym(&self, c: &RetentionCandidate) -> Result<Pseudonym, ServiceError> {
        let dek = self
            .keys
            .unwrap(
                &c.subject,
                &WrappedKey {
                    version: KeyVersion(c.keys.kek_version),
                    bytes: c.keys.wrapped_dek.clone(),
                },
            )
            .await?;
        let plain = dek.decrypt_field(&c.subject, PSEUDONYM_FIELD, &c.keys.pseudonym_ct)?;
        let bytes: [u8; 16] = plain
            .as_slice()
            .try_into()
            .map_err(|_| anyhow::anyhow!("stored pseudonym has the wrong length"))?;
        Ok(Pseudonym::from_bytes(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MICROS_PER_DAY: i64 = 86_400 * 1_000_000;

    fn policy() -> Policy {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        Policy::load(&dir).unwrap()
    }

    #[test]
    fn cutoff_is_now_minus_the_longest_retention() {
        let policy = policy();
        let now = 30_000 * MICROS_PER_DAY;
        let purposes = |ids: &[&str]| -> Vec<&Purpose> {
            policy
                .purposes()
                .filter(|p| ids.contains(&p.id.as_str()))
                .collect()
        };
        // personalisation 365, targeted advertising 180: the longer one counts.
        let keep = Keep::longest(
            purposes(&["personalisation", "targeted_advertising"]).into_iter(),
            now,
        );
        assert_eq!(
            keep,
            Keep::Until {
                days: 365,
                cutoff_us: now - 365 * MICROS_PER_DAY
            }
        );
        assert_eq!(Keep::longest(std::iter::empty(), now), Keep::NoPurpose);
        assert_eq!(Keep::NoPurpose.cutoff_us(), i64::MAX);
    }

    #[test]
    fn only_the_purposes_an_event_was_collected_for_keep_it() {
        let policy = policy();
        let now = 30_000 * MICROS_PER_DAY;
        let days = |keep: Keep| match keep {
            Keep::Until { days, .. } => days,
            Keep::NoPurpose => 0,
        };
        // A page view collected for advertising only: 180 days, not analytics' 395.
        let keep = event_keep(&policy, "page_view", "|targeted_advertising|", now);
        assert_eq!(days(keep), 180);
        assert_eq!(keep.cutoff_us(), now - 180 * MICROS_PER_DAY);
        // A purchase collected for personalisation and accounting: accounting's ten years.
        let keep = event_keep(&policy, "purchase", "|personalisation|accounting|", now);
        assert_eq!(days(keep), 3650);
        // A purpose that no longer serves the type keeps nothing of it.
        assert_eq!(
            event_keep(&policy, "page_view", "|order_fulfilment|", now),
            Keep::NoPurpose
        );
        assert_eq!(
            event_keep(&policy, "no_such_type", "|analytics|", now),
            Keep::NoPurpose
        );
        // Not yet tagged: every purpose serving the type.
        assert_eq!(days(event_keep(&policy, "page_view", "", now)), 395);
        let city: Field = "address.city".parse().unwrap();
        assert_eq!(days(field_keep(&policy, city, now, |_| true)), 3650);
        // Email without the marketing consents and with an objection to feedback requests:
        // the contract purposes keep it (order fulfilment, 1095 days).
        let email: Field = "email".parse().unwrap();
        let applies = |p: &Purpose| !p.requires_consent();
        assert_eq!(days(field_keep(&policy, email, now, applies)), 1095);
        // Birth date: only analytics lists it; once the subject objects, nothing keeps it.
        let birth_date: Field = "birth_date".parse().unwrap();
        let not_analytics = |p: &Purpose| p.id.as_str() != "analytics";
        assert_eq!(
            field_keep(&policy, birth_date, now, not_analytics),
            Keep::NoPurpose
        );
    }

    #[test]
    fn the_accounting_duty_runs_from_the_end_of_the_year() {
        let policy = policy();
        let accounting = policy
            .purposes()
            .find(|p| p.id.as_str() == "accounting")
            .unwrap();
        assert!(accounting.retention_from_year_end);
        let us = |t: OffsetDateTime| i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap();
        // On 2036-12-05, ten years (3650 days) back is 2026-12-08: everything dated 2026 is
        // still kept (until the end of 2036), everything of 2025 is past it.
        let now = us(time::macros::datetime!(2036-12-05 12:00 UTC));
        let cutoff = accounting.retention_cutoff_us(now);
        assert_eq!(cutoff, us(time::macros::datetime!(2026-01-01 00:00 UTC)));
        let keep = event_keep(&policy, "purchase", "|accounting|", now);
        assert_eq!(keep.cutoff_us(), cutoff);
        // Seen from the datum: an invoice of March 2026 is kept 3650 days from 1 January 2027.
        let end = crate::policy::retention_end_us(
            us(time::macros::datetime!(2026-03-30 10:00 UTC)),
            3650,
            true,
        );
        assert_eq!(
            end,
            us(time::macros::datetime!(2027-01-01 00:00 UTC)) + 3650 * MICROS_PER_DAY
        );
    }
}
