//! Behavioural events: ingest (validated, consent-gated, idempotent, stored under the
//! subject's pseudonym only) and reading a subject's events for a purpose.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};
use time::OffsetDateTime;
use uuid::Uuid;

use super::consent::SubjectRef;
use super::feedback::FeedbackEvent;
use super::permissions;
use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::crypto::Pseudonym;
use crate::domain::{
    Channel, ContactChannel, FeedbackKind, FieldError, IdentifierType, NewSubject, PurposeId,
    RawSubject, SubjectId,
};
use crate::domain::{EventQuery, EventRecord};
use crate::policy::{DenyReason, Purpose, Scope, SubjectState};
use crate::store::{purposes_tag, EventScope, LedgerFacts, NewEvent, PurposeWindow};

/// Most events in one batch.
pub const MAX_EVENTS_PER_BATCH: usize = 1_000;

/// Identifier types that may first appear on an event, before any customer record exists
/// (a marketplace buyer): the vault opens an anonymous subject for them, to be linked or
/// merged later. Not a device id: an event keyed by one touches the device, which needs a
/// consent (ePrivacy) that a subject opened by the event cannot have had.
const ANONYMOUS_IDENTIFIERS: [IdentifierType; 1] = [IdentifierType::MarketplaceId];

/// An event as a channel sends it, parsed.
#[derive(Debug, Clone)]
pub struct IncomingEvent {
    pub client_event_id: String,
    pub subject: SubjectRef,
    pub event_type: String,
    pub channel: Channel,
    pub occurred_at: OffsetDateTime,
    pub properties: Map<String, Value>,
}

/// What happened to one event of a batch.
#[derive(Debug)]
pub enum EventOutcome {
    Stored {
        id: Uuid,
    },
    /// Already stored by an earlier delivery of the same client event id.
    Duplicate,
    Rejected {
        reason: &'static str,
        errors: Vec<FieldError>,
    },
}

fn rejected(reason: &'static str, errors: Vec<FieldError>) -> EventOutcome {
    EventOutcome::Rejected { reason, errors }
}

/// The one answer for an event that names its customer by identifier and is not stored,
/// whatever the reason (no such customer, one the caller may not see, restricted, no consent):
/// otherwise a batch of identifiers would tell who is a customer and in what state, which the
/// look-up hides. The real reason is in the audit log.
pub const NOT_COLLECTED: &str = "not_collected";

/// What ingest needs to know of a subject, loaded once per batch.
struct SubjectContext {
    pseudonym: Pseudonym,
    /// Newest consent per purpose, objections, restriction, and the coarse minor marker: a
    /// minor's events are never collected for a purpose that profiles or targets (Art. 8,
    /// Recital 71).
    ledger: LedgerFacts,
}

impl SubjectContext {
    /// Whether any purpose the caller is registered for may process this subject now: what a
    /// look-up for that purpose would find. Operators see every subject.
    fn visible_to(
        &self,
        caller: &Caller<'_>,
        policy: &crate::policy::Policy,
        now: OffsetDateTime,
    ) -> bool {
        if caller.principal.role != crate::domain::Role::Client {
            return true;
        }
        let Some(client) = caller.principal.client_id().and_then(|c| policy.client(&c)) else {
            return false;
        };
        client
            .purposes
            .iter()
            .filter_map(|p| policy.purpose(p))
            .any(|p| p.check_subject(&self.state_for(p), now).is_ok())
    }

    fn state_for(&self, purpose: &Purpose) -> SubjectState {
        let l = &self.ledger;
        SubjectState::from_ledgers(
            purpose,
            l.latest_for(purpose.id.as_str()),
            &l.objection_scopes,
            l.restricted,
        )
        .with_minor_until(l.minor_until_us, crate::store::now_us())
    }
}

fn us(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

/// The value a product category that `events.toml` marks sensitive is stored as: it reveals
/// nothing of the category (health, religion…), so it can never feed a profile (Art. 9).
pub const SENSITIVE_CATEGORY: &str = "sensitive";

/// Replaces a sensitive `category` property by [`SENSITIVE_CATEGORY`], at collection.
fn generalise_sensitive_category(
    policy: &crate::policy::Policy,
    properties: &mut Map<String, Value>,
) {
    let sensitive = properties
        .get("category")
        .and_then(Value::as_str)
        .is_some_and(|c| policy.is_sensitive_category(c));
    if sensitive {
        properties.insert(
            "category".to_owned(),
            Value::String(SENSITIVE_CATEGORY.to_owned()),
        );
    }
}

/// The refusal of a feedback event (bounce, complaint, unsubscribe) on a channel no message is
/// sent on.
fn feedback_channel_error() -> FieldError {
    let channels: Vec<&str> = Channel::ALL
        .into_iter()
        .filter(|c| ContactChannel::of_event_channel(*c).is_some())
        .map(Channel::as_str)
        .collect();
    FieldError::new(
        "/channel",
        format!(
            "feedback about a message must name the channel it was sent on: one of {}",
            channels.join(", ")
        ),
    )
}

/// An event's `amount` as cents; its format was checked against the event type already, and
/// an amount out of range is not lifted into the aggregates (it stays in the properties).
fn cents(amount: &str) -> Option<i64> {
    crate::domain::Amount::parse(amount)
        .ok()
        .map(crate::domain::Amount::cents)
}

impl Vault {
    /// The subject's pseudonym, opened with its data key; `None` if there is no such subject.
    pub(crate) async fn pseudonym_of(
        &self,
        id: &SubjectId,
    ) -> Result<Option<Pseudonym>, ServiceError> {
        match self.data_key(id).await {
            Ok((_, pseudonym)) => Ok(Some(pseudonym)),
            Err(ServiceError::NotFound | ServiceError::Gone) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Finds the subject an event names, or, for a marketplace id and an event that does not
    /// touch the device (`may_open`), opens one anonymously.
    async fn event_subject(
        &self,
        caller: &Caller<'_>,
        subject: &SubjectRef,
        may_open: bool,
    ) -> Result<Option<SubjectId>, ServiceError> {
        match subject {
            SubjectRef::Id(id) => Ok(self.store.subject_exists(id).await?.then_some(*id)),
            SubjectRef::Identifier(kind, value) => {
                if let Ok(id) = self.resolve(subject).await {
                    return Ok(Some(id));
                }
                if !may_open || !ANONYMOUS_IDENTIFIERS.contains(kind) {
                    return Ok(None);
                }
                let raw = RawSubject {
                    identifiers: vec![(kind.name(), value.as_str())],
                    ..Default::default()
                };
                let today = OffsetDateTime::now_utc().date();
                let Ok(new) = NewSubject::parse(&raw, today) else {
                    return Ok(None);
                };
                match self.create_subject(caller, new).await {
                    Ok(id) => Ok(Some(id)),
                    // Another request opened it first: use that one.
                    Err(ServiceError::IdentifierTaken(_)) => Ok(self.resolve(subject).await.ok()),
                    Err(e) => Err(e),
                }
            }
        }
    }

    /// The contexts of the live subjects among `ids` (one look-up per table for all of them).
    async fn subject_contexts(
        &self,
        ids: &[SubjectId],
    ) -> Result<HashMap<SubjectId, SubjectContext>, ServiceError> {
        let facts = self.store.ledger_facts(ids, None).await?;
        let mut out = HashMap::with_capacity(facts.len());
        for (id, ledger) in facts {
            let (_, pseudonym) = self.pseudonym_from_keys(&id, &ledger.keys).await?;
            out.insert(id, SubjectContext { pseudonym, ledger });
        }
        Ok(out)
    }

    /// Ingests a batch: each event is validated against its type, its subject resolved, and
    /// kept only if a purpose it serves may process it now (consent, objection, restriction).
    /// One bad event never drops the good ones; a repeated client event id stores nothing.
    pub async fn ingest_events(
        &self,
        caller: &Caller<'_>,
        items: Vec<Result<IncomingEvent, Vec<FieldError>>>,
    ) -> Result<Vec<EventOutcome>, ServiceError> {
        caller.require(permissions::WRITERS)?;
        let now = OffsetDateTime::now_utc();
        let mut outcomes: Vec<Option<EventOutcome>> = Vec::with_capacity(items.len());
        let mut pending: Vec<(usize, SubjectId, NewEvent)> = Vec::new();
        let mut contexts: HashMap<SubjectId, Option<SubjectContext>> = HashMap::new();
        let mut ids: HashMap<String, Option<SubjectId>> = HashMap::new();
        let mut refused: BTreeMap<(SubjectId, &'static str), ()> = BTreeMap::new();
        // Negative feedback to act on once the batch is stored, by index: for every one whose
        // subject was found, kept or not (see `service/feedback.rs`).
        let mut feedback: Vec<(usize, SubjectId, FeedbackEvent)> = Vec::new();

        // The subjects named by id, with their contexts, all at once; those named by
        // identifier are resolved (and perhaps opened) as their events come.
        let named: Vec<SubjectId> = items
            .iter()
            .filter_map(|item| match item {
                Ok(IncomingEvent {
                    subject: SubjectRef::Id(id),
                    ..
                }) => Some(*id),
                _ => None,
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut loaded = self.subject_contexts(&named).await?;
        for id in named {
            let context = loaded.remove(&id);
            ids.insert(format!("id:{id}"), context.is_some().then_some(id));
            contexts.insert(id, context);
        }

        for (index, item) in items.into_iter().enumerate() {
            let ev = match item {
                Ok(ev) => ev,
                Err(errors) => {
                    outcomes.push(Some(rejected("invalid", errors)));
                    continue;
                }
            };
            let Some(event_type) = self.policy.event_type(&ev.event_type) else {
                outcomes.push(Some(rejected(
                    "unknown_event_type",
                    vec![FieldError::new(
                        "/type",
                        "is not an event type defined in the policy",
                    )],
                )));
                continue;
            };
            let mut properties = match event_type.validate_properties(&ev.properties) {
                Ok(p) => p,
                Err(errors) => {
                    outcomes.push(Some(rejected("invalid_properties", errors)));
                    continue;
                }
            };
            generalise_sensitive_category(&self.policy, &mut properties);
            // Feedback about a message arrives on the channel the message went out on.
            if FeedbackKind::of_event_type(&event_type.name).is_some()
                && ContactChannel::of_event_channel(ev.channel).is_none()
            {
                outcomes.push(Some(rejected("invalid", vec![feedback_channel_error()])));
                continue;
            }
            let key = match &ev.subject {
                SubjectRef::Id(id) => format!("id:{id}"),
                SubjectRef::Identifier(k, v) => format!("{}:{v}", k.name()),
            };
            let via_device = matches!(
                ev.subject,
                SubjectRef::Identifier(IdentifierType::DeviceId, _)
            );
            let may_open = !(event_type.terminal_access || via_device);
            let by_identifier = matches!(ev.subject, SubjectRef::Identifier(..));
            let subject = match ids.get(&key) {
                Some(Some(s)) => Some(*s),
                // Not found before: an earlier event of the batch may not have been allowed
                // to open it, this one may (an identifier only: an id is never opened).
                Some(None) if !may_open || !by_identifier => None,
                _ => {
                    let s = self.event_subject(caller, &ev.subject, may_open).await?;
                    ids.insert(key, s);
                    s
                }
            };
            // What the caller is told of a refusal: for an identifier, only `not_collected`.
            let answer = |reason: &'static str| {
                rejected(
                    if by_identifier { NOT_COLLECTED } else { reason },
                    Vec::new(),
                )
            };
            let Some(subject) = subject else {
                outcomes.push(Some(if by_identifier {
                    answer(NOT_COLLECTED)
                } else {
                    rejected(
                        "unknown_subject",
                        vec![FieldError::new("/subject", "no subject with this id")],
                    )
                }));
                continue;
            };
            if let Entry::Vacant(slot) = contexts.entry(subject) {
                slot.insert(self.subject_contexts(&[subject]).await?.remove(&subject));
            }
            let Some(Some(ctx)) = contexts.get(&subject) else {
                outcomes.push(Some(answer("unknown_subject")));
                continue;
            };
            let event_id = Uuid::new_v4();
            if let Some(f) = FeedbackEvent::of(
                &event_type.name,
                ev.channel,
                event_id,
                us(ev.occurred_at),
                &properties,
            ) {
                feedback.push((index, subject, f));
            }
            if by_identifier && !ctx.visible_to(caller, &self.policy, now) {
                refused.insert((subject, "not_visible_to_caller"), ());
                outcomes.push(Some(answer(NOT_COLLECTED)));
                continue;
            }
            // Restriction (Art. 18) stops all new collection, whatever purpose could use it.
            if ctx.ledger.restricted {
                refused.insert((subject, DenyReason::Restricted.as_str()), ());
                outcomes.push(Some(answer(DenyReason::Restricted.as_str())));
                continue;
            }
            // Collected for every purpose the type serves that may process it now (a type
            // that touches the device: consent purposes only); kept if there is one, else
            // refused with the first reason.
            let mut reason = None;
            let mut collected_for: Vec<&str> = Vec::new();
            for purpose in event_type
                .served_by
                .iter()
                .filter_map(|p| self.policy.purpose(p))
            {
                if !event_type.may_collect_for(purpose, via_device) {
                    // A legitimate interest does not cover reading the device (TDDDG §25).
                    reason.get_or_insert(DenyReason::NoConsent);
                    continue;
                }
                match purpose.check_subject(&ctx.state_for(purpose), now) {
                    Ok(()) => collected_for.push(purpose.id.as_str()),
                    Err(r) => {
                        reason.get_or_insert(r);
                    }
                }
            }
            if collected_for.is_empty() {
                let reason = reason.unwrap_or(DenyReason::NoConsent).as_str();
                refused.insert((subject, reason), ());
                outcomes.push(Some(answer(reason)));
                continue;
            }
            let text = |k: &str| properties.get(k).and_then(Value::as_str).map(str::to_owned);
            pending.push((
                index,
                subject,
                NewEvent {
                    id: event_id,
                    pseudonym: ctx.pseudonym.as_bytes().to_vec(),
                    source_client: caller.principal.id.clone(),
                    client_event_id: ev.client_event_id,
                    event_type: event_type.name.clone(),
                    channel: ev.channel.as_str().to_owned(),
                    occurred_at_us: us(ev.occurred_at),
                    received_at_us: us(now),
                    amount_cents: text("amount").as_deref().and_then(cents),
                    currency: text("currency"),
                    category: text("category"),
                    properties: Value::Object(properties).to_string(),
                    purposes: purposes_tag(collected_for),
                },
            ));
            outcomes.push(None);
        }

        let events: Vec<NewEvent> = pending.iter().map(|(_, _, e)| e.clone()).collect();
        let stored = self.behaviour.insert_events(&events).await?;
        let mut accepted: BTreeMap<SubjectId, BTreeSet<String>> = BTreeMap::new();
        for ((index, subject, event), inserted) in pending.into_iter().zip(stored) {
            outcomes[index] = Some(if inserted {
                accepted
                    .entry(subject)
                    .or_default()
                    .insert(event.event_type.clone());
                EventOutcome::Stored { id: event.id }
            } else {
                EventOutcome::Duplicate
            });
        }
        // One group commit for the batch's entries, not one wait per subject.
        let mut entries = Vec::with_capacity(accepted.len() + refused.len());
        for (subject, types) in accepted {
            let mut e = entry(caller, Action::EventsIngest, Some(subject), None);
            e.allowed = true;
            e.fields_given = types.into_iter().collect();
            entries.push(e);
        }
        for (subject, reason) in refused.into_keys() {
            let mut e = entry(caller, Action::EventsIngest, Some(subject), None);
            e.reason = Some(reason.to_owned());
            entries.push(e);
        }
        self.audit.record_all(entries).await?;
        // A redelivered event (already stored) was acted on when it first arrived.
        for (index, subject, f) in feedback {
            if !matches!(outcomes[index], Some(EventOutcome::Duplicate)) {
                self.apply_feedback(caller, subject, &f).await?;
            }
        }
        Ok(outcomes
            .into_iter()
            .map(|o| o.unwrap_or_else(|| rejected("internal", Vec::new())))
            .collect())
    }

    /// The event types `purpose` may see for this subject now, after the one decision; the
    /// decision is audited by the caller of this helper.
    pub(crate) async fn decide_events(
        &self,
        caller: &Caller<'_>,
        action: Action,
        purpose_header: Option<&str>,
        id: SubjectId,
    ) -> Result<(PurposeId, Vec<String>, Pseudonym, EventScope), ServiceError> {
        let (client, purpose) = self
            .declared_purpose(caller, action, Some(id), purpose_header, Scope::Person)
            .await?;
        let Some(pseudonym) = self.pseudonym_of(&id).await? else {
            let missing = self.missing(&id).await;
            let mut e = entry(caller, action, Some(id), Some(&purpose));
            e.reason = Some(match missing {
                ServiceError::Gone => "erased".into(),
                _ => "subject_not_found".into(),
            });
            self.audit.record(e).await?;
            return Err(missing);
        };
        let asked = self.all_event_types();
        let decision = self.decide_for(&client, &purpose, &id, &[], &asked).await?;
        if !decision.allowed {
            let reason = decision.reason.unwrap_or(DenyReason::NoConsent);
            let mut e = entry(caller, action, Some(id), Some(&purpose));
            e.reason = Some(reason.as_str().to_owned());
            self.audit.record(e).await?;
            return Err(ServiceError::Denied(reason));
        }
        let scope = self.event_scope(&purpose);
        Ok((purpose, decision.events_given, pseudonym, scope))
    }

    /// Gives events stored before purposes were recorded the purposes their type may be
    /// collected for (a type that touches the device: its consent purposes only; reads still
    /// check the subject's current consent), and builds the per-purpose aggregates on the first
    /// start after the migration. Run at start; idempotent. Returns the events tagged.
    pub async fn tag_untagged_events(&self) -> Result<u64, ServiceError> {
        let tags: Vec<(String, String)> = self
            .policy
            .event_types()
            .map(|t| {
                let purposes = t
                    .served_by
                    .iter()
                    .filter_map(|p| self.policy.purpose(p))
                    .filter(|p| t.may_collect_for(p, false))
                    .map(|p| p.id.as_str());
                (t.name.clone(), purposes_tag(purposes))
            })
            .collect();
        Ok(self.behaviour.tag_untagged_events(&tags).await?)
    }

    /// What `purpose` may read of the behaviour store now: the events collected for it,
    /// within its retention period (a purpose the policy does not define sees nothing).
    pub(crate) fn event_scope(&self, purpose: &PurposeId) -> EventScope {
        let found = self.policy.purpose(purpose);
        PurposeWindow {
            purpose: purpose.as_str().to_owned(),
            retention_days: found.map_or(0, |p| p.retention_days),
            from_year_end: found.is_some_and(|p| p.retention_from_year_end),
        }
        .scope(crate::store::now_us())
    }

    /// A page of the subject's events of the types the purpose may see, newest first.
    pub async fn subject_events(
        &self,
        caller: &Caller<'_>,
        purpose_header: Option<&str>,
        id: SubjectId,
        mut query: EventQuery,
    ) -> Result<(PurposeId, Vec<EventRecord>), ServiceError> {
        caller.require(permissions::CLIENTS)?;
        let (purpose, allowed, pseudonym, scope) = self
            .decide_events(caller, Action::EventsRead, purpose_header, id)
            .await?;
        // A type filter narrows the allowed types; it never widens them.
        query.types = if query.types.is_empty() {
            allowed.clone()
        } else {
            query
                .types
                .into_iter()
                .filter(|t| allowed.contains(t))
                .collect()
        };
        let rows = if query.types.is_empty() {
            Vec::new()
        } else {
            self.behaviour
                .events_page(pseudonym.as_bytes(), &query, &scope)
                .await?
        };
        let mut e = entry(caller, Action::EventsRead, Some(id), Some(&purpose));
        e.allowed = true;
        e.fields_given = query.types;
        self.audit.record(e).await?;
        Ok((purpose, rows))
    }
}

#[cfg(test)]
mod tests {
    use super::cents;

    #[test]
    fn amounts_become_cents() {
        assert_eq!(cents("19.99"), Some(1999));
        assert_eq!(cents("5"), Some(500));
        assert_eq!(cents("0.5"), Some(50));
        assert_eq!(cents("x"), None);
    }
}
