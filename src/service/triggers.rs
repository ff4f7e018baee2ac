//! Marketing automation (issue 12): the rules of `policies/triggers.toml`, listed, dry-run and
//! run. A rule's candidates are the customers whose starting event (`after`) has waited
//! `within_hours` with no cancelling event (`unless`) since, among the events its purpose may
//! see. Every candidate passes the contact decision for the rule's purpose and channel, as the
//! rule's client (audited like any decision, with `record_send`); only an `allow` queues a
//! signed webhook to the client (`notifications`, action `trigger`). A dry run asks the same
//! decisions without recording or telling anyone, and counts what consent, preferences and caps
//! hold back, so a marketer sees the effect before switching a rule on.

use std::collections::{BTreeMap, HashMap};

use time::{Duration, OffsetDateTime};

use super::consent::SubjectRef;
use super::contact::{ContactAsk, Verdict};
use super::permissions;
use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::auth::Principal;
use crate::crypto::Pseudonym;
use crate::domain::{Role, SubjectId};
use crate::policy::Trigger;
use crate::store::{now_us, Candidate, NewNotification, Settled, TriggerQuery};

/// How far back a starting event may lie once its wait is over: a server that was down for a
/// while still fires what fell due meanwhile, and nothing older.
const LOOKBACK: Duration = Duration::days(7);
/// Most candidates one run of one rule decides.
const MAX_CANDIDATES: i64 = 10_000;
/// The batch size of the decisions of a run.
const DECISION_BATCH: usize = 1_000;

/// What a dry run found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DryRun {
    pub trigger: String,
    pub candidates: u64,
    pub would_reach: u64,
    /// Reason → how many (consent, objection, caps, quiet hours…).
    pub held_back: BTreeMap<String, u64>,
}

/// What one run of one rule did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerRun {
    pub trigger: String,
    pub candidates: u64,
    pub notified: u64,
    pub held_back: BTreeMap<String, u64>,
}

impl Vault {
    /// The rules the caller may see: a client those of the purposes it is registered for;
    /// DPOs and operators all.
    pub fn triggers_for(&self, caller: &Caller<'_>) -> Result<Vec<&Trigger>, ServiceError> {
        caller.require(permissions::TRIGGER_READERS)?;
        Ok(self
            .policy
            .triggers()
            .iter()
            .filter(|t| self.may_see_trigger(caller, t))
            .collect())
    }

    fn may_see_trigger(&self, caller: &Caller<'_>, t: &Trigger) -> bool {
        if caller.principal.role != Role::Client {
            return true;
        }
        caller
            .principal
            .client_id()
            .and_then(|c| self.policy.client(&c))
            .is_some_and(|c| c.purposes.contains(&t.purpose))
    }

    /// What rule `name` would do now: its candidates and the contact decision for each,
    /// without recording a send or telling the client. Audited once (`trigger.dry_run`).
    pub async fn dry_run_trigger(
        &self,
        caller: &Caller<'_>,
        name: &str,
    ) -> Result<DryRun, ServiceError> {
        caller.require(permissions::TRIGGER_READERS)?;
        let trigger = self
            .policy
            .trigger(name)
            .filter(|t| self.may_see_trigger(caller, t))
            .ok_or(ServiceError::NotFound)?;
        let now = OffsetDateTime::now_utc();
        let candidates = self.trigger_candidates(trigger, now).await?;
        let subjects = self.subjects_of_candidates(&candidates).await?;
        let mut run = DryRun {
            trigger: trigger.name.clone(),
            candidates: candidates.len() as u64,
            would_reach: 0,
            held_back: BTreeMap::new(),
        };
        let found: Vec<SubjectId> = candidates
            .iter()
            .filter_map(|c| subjects.get(&c.pseudonym).copied())
            .collect();
        let missing = candidates.len() - found.len();
        if missing > 0 {
            *run.held_back.entry("not_found".into()).or_default() += missing as u64;
        }
        for chunk in found.chunks(DECISION_BATCH) {
            let asks = asks_for(chunk);
            let (answers, _entries) = self
                .contact_answers(
                    caller,
                    &trigger.client,
                    &trigger.purpose,
                    trigger.channel.as_str(),
                    asks,
                    false,
                )
                .await?;
            for answer in answers {
                let d = answer?;
                if d.verdict == Verdict::Allow {
                    run.would_reach += 1;
                } else {
                    *run.held_back.entry(d.reason.to_owned()).or_default() += 1;
                }
            }
        }
        let mut e = entry(caller, Action::TriggerDryRun, None, Some(&trigger.purpose));
        e.allowed = true;
        e.reason = Some(format!("{}:would_reach:{}", trigger.name, run.would_reach));
        self.audit.record(e).await?;
        Ok(run)
    }

    /// Runs every enabled rule once: claims its candidates, decides for each as the rule's
    /// client with `record_send`, queues a webhook for each `allow` and settles every firing
    /// (a deferred one is asked again when due). Safe on several instances at once: a
    /// candidate is claimed by one run only.
    pub async fn run_triggers(&self) -> Result<Vec<TriggerRun>, ServiceError> {
        let mut runs = Vec::new();
        for trigger in self.policy.triggers().iter().filter(|t| t.enabled) {
            runs.push(self.run_trigger(trigger).await?);
        }
        Ok(runs)
    }

    async fn run_trigger(&self, trigger: &Trigger) -> Result<TriggerRun, ServiceError> {
        let now = OffsetDateTime::now_utc();
        let candidates = self.trigger_candidates(trigger, now).await?;
        let claimed = self
            .behaviour
            .claim_firings(&trigger.name, &candidates, now_us())
            .await?;
        let mine: Vec<Candidate> = candidates
            .into_iter()
            .zip(claimed)
            .filter_map(|(c, ok)| ok.then_some(c))
            .collect();
        let subjects = self.subjects_of_candidates(&mine).await?;
        let mut run = TriggerRun {
            trigger: trigger.name.clone(),
            candidates: mine.len() as u64,
            notified: 0,
            held_back: BTreeMap::new(),
        };
        let principal = Principal {
            id: trigger.client.as_str().to_owned(),
            role: Role::Client,
        };
        let request_id = format!("trigger:{}:{}", trigger.name, uuid::Uuid::new_v4());
        let caller = Caller {
            principal: &principal,
            request_id: &request_id,
        };
        let mut settled = Vec::with_capacity(mine.len());
        let mut notifications = Vec::new();
        let (found, gone): (Vec<&Candidate>, Vec<&Candidate>) = mine
            .iter()
            .partition(|c| subjects.contains_key(&c.pseudonym));
        for c in gone {
            *run.held_back.entry("not_found".into()).or_default() += 1;
            settled.push(settle(c, "deny", None));
        }
        for chunk in found.chunks(DECISION_BATCH) {
            let ids: Vec<SubjectId> = chunk.iter().map(|c| subjects[&c.pseudonym]).collect();
            let answers = self
                .decide_contacts(
                    &caller,
                    Some(trigger.purpose.as_str()),
                    trigger.channel.as_str(),
                    asks_for(&ids),
                    true,
                )
                .await?;
            for ((candidate, id), answer) in chunk.iter().zip(&ids).zip(answers) {
                let d = answer?;
                match d.verdict {
                    Verdict::Allow => {
                        run.notified += 1;
                        notifications.push(NewNotification {
                            id: uuid::Uuid::now_v7(),
                            client: trigger.client.as_str().to_owned(),
                            subject: *id,
                            action: "trigger",
                            trigger: Some(trigger.name.clone()),
                            created_at_us: now_us(),
                        });
                        settled.push(settle(candidate, "allow", None));
                    }
                    Verdict::Defer => {
                        *run.held_back.entry(d.reason.to_owned()).or_default() += 1;
                        let due = d.next_allowed_at.map(crate::domain::to_us);
                        settled.push(settle(candidate, "defer", due));
                    }
                    Verdict::Deny => {
                        *run.held_back.entry(d.reason.to_owned()).or_default() += 1;
                        settled.push(settle(candidate, "deny", None));
                    }
                }
            }
        }
        self.store.enqueue_notifications(&notifications).await?;
        self.behaviour
            .settle_firings(&trigger.name, &settled, now_us())
            .await?;
        Ok(run)
    }

    async fn trigger_candidates(
        &self,
        t: &Trigger,
        now: OffsetDateTime,
    ) -> Result<Vec<Candidate>, ServiceError> {
        let scope = self.event_scope(&t.purpose);
        let to = now - Duration::hours(t.within_hours);
        let from = to - LOOKBACK;
        Ok(self
            .behaviour
            .trigger_candidates(
                &TriggerQuery {
                    name: &t.name,
                    after: &t.after,
                    category: t.category.as_deref(),
                    unless: &t.unless,
                    scope: &scope,
                    from_us: crate::domain::to_us(from),
                    to_us: crate::domain::to_us(to),
                    now_us: crate::domain::to_us(now),
                },
                MAX_CANDIDATES,
            )
            .await?)
    }

    /// The live subject of each candidate's pseudonym (through the pseudonym's blind index).
    async fn subjects_of_candidates(
        &self,
        candidates: &[Candidate],
    ) -> Result<HashMap<Vec<u8>, SubjectId>, ServiceError> {
        let mut by_index: HashMap<Vec<u8>, Vec<u8>> = HashMap::new();
        for c in candidates {
            let Ok(bytes) = <[u8; 16]>::try_from(c.pseudonym.as_slice()) else {
                continue;
            };
            // Under every look-up key (two while the index key rotates).
            for index in self.index.pseudonym_all(&Pseudonym::from_bytes(bytes)) {
                by_index.insert(index, c.pseudonym.clone());
            }
        }
        let indexes: Vec<Vec<u8>> = by_index.keys().cloned().collect();
        let mut out = HashMap::new();
        for (index, id) in self.store.subjects_by_pseudonym_index(&indexes).await? {
            if let Some(p) = by_index.get(&index) {
                out.insert(p.clone(), id);
            }
        }
        Ok(out)
    }
}

fn asks_for(ids: &[SubjectId]) -> Vec<Result<ContactAsk, Vec<crate::domain::FieldError>>> {
    ids.iter()
        .map(|id| {
            Ok(ContactAsk {
                subject: SubjectRef::Id(*id),
                campaign: None,
            })
        })
        .collect()
}

fn settle(c: &Candidate, outcome: &'static str, not_before_us: Option<i64>) -> Settled {
    Settled {
        candidate: c.clone(),
        outcome,
        not_before_us,
    }
}

/// Runs the enabled rules every `every`, the first run one interval after the start.
pub fn spawn_triggers(vault: Vault, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
    let every = every.max(std::time::Duration::from_secs(1));
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await;
        loop {
            tick.tick().await;
            match vault.run_triggers().await {
                Ok(runs) => {
                    for r in runs.iter().filter(|r| r.candidates > 0) {
                        tracing::info!(
                            trigger = %r.trigger,
                            candidates = r.candidates,
                            notified = r.notified,
                            "trigger run finished"
                        );
                    }
                }
                Err(e) => {
                    let e = anyhow::Error::new(e);
                    tracing::error!(error = format!("{e:#}"), "trigger run failed");
                }
            }
        }
    })
}
