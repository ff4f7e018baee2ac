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
//! The bulk paths, so that 100,000 customers do not take a quarter of an hour: a chunk is drawn,
//! parsed, encrypted ([`Vault::prepare_subjects`]) and given its histories on a thread of its
//! own, one chunk ahead; its customers and their consents are stored in one transaction by the
//! bulk creation of `POST /v1/subjects:batch` ([`Vault::create_prepared`]: the same checks as
//! `POST /v1/subjects` and `PUT …/consents/{purpose}`, and their audit entries, `subject.create`
//! and `consent.granted` / `consent.withdrawn` per customer, in the same transaction). While
//! the chunk's histories go to `ingest_events`, the next chunk is stored. Preferences are set in
//! one transaction per chunk ([`Vault::update_preferences_many`], a `preferences.update` entry
//! each), objections one by one, after the chunk's events.
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
use serde::Serialize;
use time::OffsetDateTime;

use self::customer::{customer, Customer};
use self::data::Tables;
use self::history::events;
use crate::auth::Principal;
use crate::domain::{Channel, FieldError, NewSubject, PreferencesPatch, Role, SubjectId};
use crate::service::{
    BulkConsent, BulkOptions, BulkOutcome, BulkSubject, Caller, EventOutcome, IncomingEvent,
    PreparedSubject, Vault, MAX_EVENTS_PER_BATCH,
};

/// The principal the seed acts as (an admin; it is named in every audit entry it causes).
pub const SEED_PRINCIPAL: &str = "demo-seed";

/// Customers generated, stored and given their events per round.
pub const CHUNK_SUBJECTS: usize = 500;

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

/// A chunk of customers, drawn and made ready for the vault (parsed, sealed: see
/// [`Vault::prepare_subjects`]) on a thread of its own while the chunk before is stored.
struct Drawn {
    customers: Vec<Customer>,
    prepared: Vec<PreparedSubject>,
    /// Each customer's history, named by the id they are stored under if created.
    histories: Vec<(SubjectId, Vec<IncomingEvent>)>,
}

/// A customer of a chunk that was stored, with what is still to be sent for them.
struct Created {
    subject: SubjectId,
    history: Vec<IncomingEvent>,
    objection: Option<Channel>,
    preferences: Option<PreferencesPatch>,
}

/// A customer as an item of a bulk creation: the subject and their consent decisions.
fn bulk_item(c: &Customer, now: OffsetDateTime) -> anyhow::Result<BulkSubject> {
    let subject = NewSubject::parse(&c.raw(), now.date()).map_err(|e| invalid("subject", &e))?;
    let consents = c
        .consents
        .iter()
        .map(|planned| {
            Ok(BulkConsent {
                purpose: planned.purpose.to_owned(),
                decision: planned.decide(now).map_err(|e| invalid("consent", &e))?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(BulkSubject { subject, consents })
}

/// Draws customers `first..last` of the run, prepares them and draws their histories, off the
/// caller's thread (the CLI's runtime has one): this work for a chunk overlaps the storing of
/// the chunks before.
fn draw(
    vault: &Vault,
    tables: &'static Tables,
    seed: u64,
    (first, last): (usize, usize),
    until: OffsetDateTime,
    now: OffsetDateTime,
) -> tokio::task::JoinHandle<anyhow::Result<Drawn>> {
    let vault = vault.clone();
    tokio::task::spawn_blocking(move || {
        let customers: Vec<Customer> = (first..last)
            .map(|n| customer(tables, seed, n as u64, until))
            .collect();
        let items = customers
            .iter()
            .map(|c| bulk_item(c, now))
            .collect::<anyhow::Result<Vec<_>>>()?;
        // The key provider's wraps are async (Transit calls): a small runtime of this
        // thread's own, as the import's reader has.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("starting the demo seed's preparing runtime")?;
        let prepared = runtime
            .block_on(vault.prepare_subjects(items, true))
            .context("preparing customers")?;
        let histories = customers
            .iter()
            .zip(&prepared)
            .map(|(c, p)| {
                let id = p
                    .id()
                    .context("a prepared customer has no id (it was not sealed)")?;
                Ok((id, events(tables, c, id, seed, until)))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Drawn {
            customers,
            prepared,
            histories,
        })
    })
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

/// Where a run's time goes (wall-clock seconds), logged at the end (`RUST_LOG=custodia=info`).
#[derive(Default)]
struct Timing {
    /// Waiting for the preparing thread.
    waiting: f64,
    /// Sending histories, preferences and objections, while the next chunk is stored.
    sending: f64,
}

impl Timing {
    async fn wait(
        &mut self,
        handle: tokio::task::JoinHandle<anyhow::Result<Drawn>>,
    ) -> anyhow::Result<Drawn> {
        let started = Instant::now();
        let drawn = handle.await.context("the demo seed's preparing thread")??;
        self.waiting += started.elapsed().as_secs_f64();
        Ok(drawn)
    }
}

/// A drawn chunk stored: its customers, what became of each, and their histories.
type Stored = (
    Vec<Customer>,
    Vec<BulkOutcome>,
    Vec<(SubjectId, Vec<IncomingEvent>)>,
);

/// Stores a drawn chunk's customers and consents in one transaction, audited as
/// `POST /v1/subjects` and `PUT …/consents/{purpose}` audit each one.
async fn create(vault: &Vault, caller: &Caller<'_>, drawn: Drawn) -> anyhow::Result<Stored> {
    let Drawn {
        customers,
        prepared,
        histories,
    } = drawn;
    let outcomes = vault
        .create_prepared(caller, prepared, BulkOptions::api())
        .await
        .context("storing customers")?;
    Ok((customers, outcomes, histories))
}

/// Counts a stored chunk into the report; the customers created, with what is to be sent
/// for them.
fn tally(
    report: &mut SeedReport,
    customers: &[Customer],
    outcomes: Vec<BulkOutcome>,
    histories: Vec<(SubjectId, Vec<IncomingEvent>)>,
) -> anyhow::Result<Vec<Created>> {
    let mut created = Vec::with_capacity(customers.len());
    for ((c, outcome), (drawn_id, history)) in customers.iter().zip(outcomes).zip(histories) {
        let subject = match outcome {
            BulkOutcome::Created { id, .. } => id,
            BulkOutcome::Duplicate { .. } => {
                report.skipped_existing += 1;
                continue;
            }
            BulkOutcome::Rejected(errors) => return Err(invalid("subject", &errors)),
            BulkOutcome::ConsentRefused(refused) => {
                // Purposes and error kinds only: never a value.
                let why: Vec<String> = refused
                    .iter()
                    .map(|(purpose, e)| format!("{purpose}: {e}"))
                    .collect();
                anyhow::bail!("a generated consent was refused: {}", why.join("; "));
            }
            other @ (BulkOutcome::Valid { .. } | BulkOutcome::NotAttempted) => {
                anyhow::bail!("storing a customer answered {other:?}")
            }
        };
        anyhow::ensure!(
            subject == drawn_id,
            "a customer was stored under another id than their history names"
        );
        report.subjects += 1;
        for planned in &c.consents {
            match planned.status {
                "granted" => report.consents_granted += 1,
                _ => report.consents_withdrawn += 1,
            }
            report.consents += 1;
        }
        created.push(Created {
            subject,
            history,
            objection: c.objection,
            preferences: c.preferences.clone(),
        });
    }
    Ok(created)
}

/// Sends a stored chunk's histories, then its preferences (one transaction), then its
/// objections: after the history they would have stopped was collected.
async fn send(
    vault: &Vault,
    caller: &Caller<'_>,
    sink: &mut Sink<'_>,
    report: &mut SeedReport,
    created: Vec<Created>,
) -> anyhow::Result<()> {
    let mut objections = Vec::new();
    let mut preferences = Vec::new();
    for c in created {
        sink.push(c.history, report).await?;
        if let Some(channel) = c.objection {
            objections.push((c.subject, channel));
        }
        if let Some(patch) = c.preferences {
            preferences.push((c.subject, patch));
        }
    }
    if !preferences.is_empty() {
        let asked = preferences.len();
        let set = vault
            .update_preferences_many(caller, preferences)
            .await
            .context("setting preferences")?;
        anyhow::ensure!(
            set == asked,
            "preferences were set for {set} of {asked} new customers"
        );
        report.preferences += set;
    }
    sink.flush(report).await?;
    for (subject, channel) in objections {
        vault
            .object(caller, subject, &["analytics".to_owned()], false, channel)
            .await
            .context("recording an objection")?;
        report.objections += 1;
    }
    Ok(())
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
    let chunks = subjects.div_ceil(CHUNK_SUBJECTS);
    let bounds = |chunk: usize| {
        let first = chunk * CHUNK_SUBJECTS;
        (first, (first + CHUNK_SUBJECTS).min(subjects))
    };
    let request_ids: Vec<String> = (1..=chunks)
        .map(|k| format!("demo-seed-subjects-{k}"))
        .collect();
    let caller = |chunk: usize| Caller {
        principal: &principal,
        request_id: &request_ids[chunk],
    };
    let mut timing = Timing::default();
    // Chunk k+1 is drawn while chunk k is stored, and its customers are stored while chunk
    // k's histories, preferences and objections are sent.
    let mut next = (chunks > 1).then(|| draw(vault, tables, seed, bounds(1), until, now));
    let mut created = match chunks {
        0 => None,
        _ => {
            let first = draw(vault, tables, seed, bounds(0), until, now);
            let drawn = timing.wait(first).await?;
            Some(create(vault, &caller(0), drawn).await?)
        }
    };
    for chunk in 0..chunks {
        let Some((customers, outcomes, histories)) = created.take() else {
            anyhow::bail!("a chunk of the demo seed was not stored");
        };
        let stored = tally(&mut report, &customers, outcomes, histories)?;
        let drawn = match next.take() {
            Some(handle) => Some(timing.wait(handle).await?),
            None => None,
        };
        if chunk + 2 < chunks {
            next = Some(draw(vault, tables, seed, bounds(chunk + 2), until, now));
        }
        let started_sending = Instant::now();
        let (sent, stored_next) = futures_util::future::join(
            send(vault, &caller(chunk), &mut sink, &mut report, stored),
            async {
                match drawn {
                    Some(drawn) => Some(create(vault, &caller(chunk + 1), drawn).await),
                    None => None,
                }
            },
        )
        .await;
        timing.sending += started_sending.elapsed().as_secs_f64();
        sent?;
        created = stored_next.transpose()?;
        let processed = bounds(chunk).1;
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
    tracing::info!(
        waiting_for_preparation = timing.waiting,
        sending = timing.sending,
        "demo seed: seconds spent"
    );
    report.elapsed_seconds = (started.elapsed().as_secs_f64() * 1_000.0).round() / 1_000.0;
    Ok(report)
}
