//! `custodia demo seed`: fills a vault with a realistic omnichannel shop, reproducibly, through
//! the vault's own use cases (the same validation, encryption, consent checks and audit as the
//! HTTP API), so a local vault has something to look at.
//!
//! Customers live in seven European markets, with the identifiers the channels know them by
//! (loyalty card, app device id, marketplace buyer id, POS customer number), consents with
//! evidence (some withdrawn later), a few objections to analytics, and about two years of
//! behavioural events: browsing in the web shop and the app, carts, checkouts and purchases,
//! store visits, marketplace orders, returns, reviews, support contacts, newsletter and push
//! engagement. Events name their subject by id, or (like the real channels) by loyalty card at
//! the till, by device id in the app and by buyer id on the marketplace.
//!
//! Everything is drawn from [`fastrand`] seeded per customer from the run's seed, so the same seed
//! gives the same customers and histories (histories end at the start of the day of the run, so
//! they only shift by whole days from one day to the next), and a run with the same seed and more
//! subjects adds customers: those already stored (their email or another identifier taken) are
//! skipped and counted. Runs with different seeds can share a vault (their phone, loyalty card and
//! POS numbers differ). Work is done in chunks of [`CHUNK_SUBJECTS`] customers, events flushed in
//! batches of up to [`MAX_EVENTS_PER_BATCH`], so memory stays bounded whatever the number of
//! subjects. Nothing personal is ever printed.
//!
//! The pieces: the reference data (markets, names, places, the shop's catalogue) is data, in
//! `locales.toml` and `shop.toml` (`data.rs`); `customer.rs` draws customers and their consents,
//! `history.rs` their events, `random.rs` the values both draw; this module drives the vault.
//! The whole module is behind the cargo feature `demo` (on by default), so a production build
//! can leave it out (`cargo build --no-default-features`).

mod customer;
mod data;
mod history;
mod random;

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::Context;
use futures_util::stream::{self, StreamExt};
use serde::Serialize;
use time::OffsetDateTime;

use self::customer::{customer, Customer};
use self::history::events;
use crate::auth::Principal;
use crate::domain::{FieldError, NewSubject, Role, SubjectId};
use crate::service::{
    Caller, EventOutcome, IncomingEvent, ServiceError, Vault, MAX_EVENTS_PER_BATCH,
};

/// The principal the seed acts as (an admin; it is named in every audit entry it causes).
pub const SEED_PRINCIPAL: &str = "demo-seed";

/// Customers generated, stored and given their events per round.
pub const CHUNK_SUBJECTS: usize = 500;

/// Customers stored (with their consents) concurrently.
const CONCURRENCY: usize = 8;

/// What a seed run did. Counts only: never a value.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SeedReport {
    pub seed: u64,
    /// Customers created.
    pub subjects: usize,
    /// Customers not created because one of their identifiers is already stored (a run with
    /// the same seed before); their consents and events are left out too.
    pub skipped_existing: usize,
    /// Consent decisions recorded (grants and withdrawals).
    pub consents: usize,
    pub consents_granted: usize,
    pub consents_withdrawn: usize,
    /// Objections recorded (to analytics).
    pub objections: usize,
    /// Customers who set communication preferences.
    pub preferences: usize,
    pub events_sent: usize,
    pub events_accepted: usize,
    /// Already stored under the same client event id.
    pub events_duplicate: usize,
    pub events_rejected: usize,
    /// Rejected events by reason (`no_consent`, `objected`, `invalid_properties`, …).
    pub rejected_reasons: BTreeMap<String, usize>,
    /// Calls of `ingest_events`.
    pub event_batches: usize,
    pub elapsed_seconds: f64,
}

fn invalid(what: &str, errors: &[FieldError]) -> anyhow::Error {
    // Field pointers and messages only: they never repeat a value.
    let fields: Vec<String> = errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect();
    anyhow::anyhow!("generated {what} was refused: {}", fields.join("; "))
}

/// What storing one customer did.
struct Onboarded {
    subject: SubjectId,
    granted: usize,
    withdrawn: usize,
}

/// Stores a customer and records their consents; `None` if they are already stored.
async fn onboard(
    vault: &Vault,
    caller: &Caller<'_>,
    c: &Customer,
    now: OffsetDateTime,
) -> anyhow::Result<Option<Onboarded>> {
    let subject = NewSubject::parse(&c.raw(), now.date()).map_err(|e| invalid("subject", &e))?;
    let subject = match vault.create_subject(caller, subject).await {
        Ok(id) => id,
        Err(ServiceError::IdentifierTaken(_)) => return Ok(None),
        Err(ServiceError::Invalid(e)) => return Err(invalid("subject", &e)),
        Err(e) => return Err(anyhow::Error::new(e).context("creating a subject")),
    };
    let mut done = Onboarded {
        subject,
        granted: 0,
        withdrawn: 0,
    };
    for planned in &c.consents {
        let decision = planned.decide(now).map_err(|e| invalid("consent", &e))?;
        match vault
            .record_consent(caller, subject, planned.purpose, decision, false)
            .await
        {
            Ok(_) => {}
            Err(ServiceError::Invalid(e)) => return Err(invalid("consent", &e)),
            Err(e) => return Err(anyhow::Error::new(e).context("recording a consent")),
        }
        match planned.status {
            "granted" => done.granted += 1,
            _ => done.withdrawn += 1,
        }
    }
    Ok(Some(done))
}

/// Sends events to `ingest_events` in batches and counts the outcomes.
struct Sink<'a> {
    vault: &'a Vault,
    principal: &'a Principal,
    buffer: Vec<IncomingEvent>,
}

impl Sink<'_> {
    async fn push(
        &mut self,
        events: Vec<IncomingEvent>,
        report: &mut SeedReport,
    ) -> anyhow::Result<()> {
        for event in events {
            self.buffer.push(event);
            if self.buffer.len() >= MAX_EVENTS_PER_BATCH {
                self.flush(report).await?;
            }
        }
        Ok(())
    }

    async fn flush(&mut self, report: &mut SeedReport) -> anyhow::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.buffer);
        report.event_batches += 1;
        report.events_sent += batch.len();
        let request_id = format!("demo-seed-events-{}", report.event_batches);
        let caller = Caller {
            principal: self.principal,
            request_id: &request_id,
        };
        let outcomes = self
            .vault
            .ingest_events(&caller, batch.into_iter().map(Ok).collect())
            .await
            .context("ingesting a batch of events")?;
        for outcome in outcomes {
            match outcome {
                EventOutcome::Stored { .. } => report.events_accepted += 1,
                EventOutcome::Duplicate => report.events_duplicate += 1,
                EventOutcome::Rejected { reason, .. } => {
                    report.events_rejected += 1;
                    *report
                        .rejected_reasons
                        .entry(reason.to_owned())
                        .or_default() += 1;
                }
            }
        }
        Ok(())
    }
}

/// Fills `vault` with `subjects` customers and their histories, reproducibly from `seed`
/// (see the module doc). Progress goes to stderr every 1,000 customers, as counts only.
pub async fn seed(vault: &Vault, subjects: usize, seed: u64) -> anyhow::Result<SeedReport> {
    let started = Instant::now();
    let tables = data::tables()?;
    let now = OffsetDateTime::now_utc();
    // Histories end at the start of today (UTC), so a seed gives the same customers and
    // histories whenever it runs; on another day, shifted by whole days.
    let until = now.replace_time(time::Time::MIDNIGHT);
    let principal = Principal {
        id: SEED_PRINCIPAL.into(),
        role: Role::Admin,
    };
    let mut report = SeedReport {
        seed,
        ..SeedReport::default()
    };
    let mut sink = Sink {
        vault,
        principal: &principal,
        buffer: Vec::with_capacity(MAX_EVENTS_PER_BATCH),
    };
    let mut next_progress = 1_000;
    for (chunk, first) in (0..subjects).step_by(CHUNK_SUBJECTS).enumerate() {
        let last = (first + CHUNK_SUBJECTS).min(subjects);
        let customers: Vec<Customer> = (first..last)
            .map(|n| customer(tables, seed, n as u64, until))
            .collect();
        let request_id = format!("demo-seed-subjects-{}", chunk + 1);
        let caller = Caller {
            principal: &principal,
            request_id: &request_id,
        };
        let stored: Vec<anyhow::Result<Option<Onboarded>>> = stream::iter(&customers)
            .map(|c| onboard(vault, &caller, c, now))
            .buffered(CONCURRENCY)
            .collect()
            .await;
        let mut objections = Vec::new();
        for (c, stored) in customers.iter().zip(stored) {
            let Some(done) = stored? else {
                report.skipped_existing += 1;
                continue;
            };
            report.subjects += 1;
            report.consents_granted += done.granted;
            report.consents_withdrawn += done.withdrawn;
            report.consents += done.granted + done.withdrawn;
            sink.push(events(tables, c, done.subject, seed, until), &mut report)
                .await?;
            if let Some(channel) = c.objection {
                objections.push((done.subject, channel));
            }
            if let Some(patch) = &c.preferences {
                vault
                    .update_preferences(&caller, None, done.subject, Ok(patch.clone()))
                    .await
                    .context("setting preferences")?;
                report.preferences += 1;
            }
        }
        // Objections come now, after the history they would have stopped was collected.
        sink.flush(&mut report).await?;
        for (subject, channel) in objections {
            vault
                .object(&caller, subject, &["analytics".to_owned()], false, channel)
                .await
                .context("recording an objection")?;
            report.objections += 1;
        }
        let processed = last;
        while processed >= next_progress {
            eprintln!(
                "demo seed: {processed}/{subjects} customers ({} stored, {} skipped), {} events \
                 accepted, {} rejected",
                report.subjects,
                report.skipped_existing,
                report.events_accepted,
                report.events_rejected
            );
            next_progress += 1_000;
        }
    }
    report.elapsed_seconds = (started.elapsed().as_secs_f64() * 1_000.0).round() / 1_000.0;
    Ok(report)
}
