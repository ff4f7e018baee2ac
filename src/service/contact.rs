//! The contact decision (issue 11): "may this client contact this customer now, on this
//! channel, for this purpose?" — asked by a mailer before every send, by the automation before
//! every message. One answer per customer: `allow`, `defer` (not now: quiet hours, the weekly
//! cap) or `deny` (consent, objection, restriction, suppression, opt-out, erasure), each audited.
//!
//! The order of the checks, first refusal wins: the subject (not found, erased), the one policy
//! decision for the purpose and the channel's address field (restriction, minor, consent,
//! objection), a hard bounce or a spam complaint on the channel (`suppressed`), the customer's
//! channel opt-out, quiet hours, the frequency cap. Service messages (contract, legal duty) skip
//! the last three. With `record_send`, an `allow` stores a `message_sent` event in the same
//! transaction that counts the cap, so two senders racing for the last place cannot both win.
//!
//! A customer named by an identifier whom the purpose may not see (unknown, erased, no
//! consent, objection, restriction) is answered `deny`/`not_found`, as the look-up answers 404:
//! a list of emails run through decisions tells nothing about who is a customer. The audit
//! entry keeps the true reason. Named by id (which only the vault hands out), the reason is
//! given.

use std::collections::{BTreeSet, HashMap};

use time::{Duration, OffsetDateTime, PrimitiveDateTime, Time};
use time_tz::{OffsetDateTimeExt, OffsetResult, PrimitiveDateTimeExt, Tz};
use uuid::Uuid;

use super::consent::SubjectRef;
use super::permissions;
use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::{Action, AuditEntry};
use crate::crypto::Pseudonym;
use crate::domain::{
    ChannelPreference, ContactChannel, FieldError, Identifier, Preferences, SubjectId,
    SuppressionCause,
};
use crate::policy::{AccessRequest, Purpose, Scope, SubjectState};
use crate::store::{purposes_tag, ContactFacts, CountedSend, NewEvent, SubjectKeys};

/// Most decisions in one `POST /v1/contact-decisions:batch`.
pub const MAX_CONTACT_BATCH: usize = 1_000;

/// The window a weekly cap counts sends in.
const CAP_WINDOW: Duration = Duration::days(7);

/// Most characters of a campaign id.
pub const MAX_CAMPAIGN_CHARS: usize = 64;

/// The three answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    /// Not now: ask again at `next_allowed_at`.
    Defer,
    Deny,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "allow",
            Self::Defer => "defer",
            Self::Deny => "deny",
        }
    }
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDecision {
    pub verdict: Verdict,
    /// For `allow`, the legal basis that allows it; else why not (see the module doc).
    pub reason: &'static str,
    pub next_allowed_at: Option<OffsetDateTime>,
    /// The send was counted (`record_send` on an `allow`).
    pub send_recorded: bool,
}

impl ContactDecision {
    fn deny(reason: &'static str) -> Self {
        Self {
            verdict: Verdict::Deny,
            reason,
            next_allowed_at: None,
            send_recorded: false,
        }
    }

    fn defer(reason: &'static str, at: OffsetDateTime) -> Self {
        Self {
            verdict: Verdict::Defer,
            reason,
            next_allowed_at: Some(at),
            send_recorded: false,
        }
    }
}

/// A campaign id as a sender names it: 1 to 64 of `A-Z a-z 0-9 - _ . :`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignId(String);

impl CampaignId {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let ok = !raw.is_empty()
            && raw.len() <= MAX_CAMPAIGN_CHARS
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err("must be 1 to 64 of A-Z, a-z, 0-9, -, _, . and :")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One question of a batch: whom, and for which campaign.
#[derive(Debug, Clone)]
pub struct ContactAsk {
    pub subject: SubjectRef,
    pub campaign: Option<CampaignId>,
}

/// The preferences that hold for a customer: what they chose, the policy's defaults for the
/// rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectivePreferences {
    /// Every channel.
    pub channels: Vec<(ContactChannel, ChannelPreference)>,
    /// (start, end, time zone name).
    pub quiet_hours: Option<(Time, Time, String)>,
    pub preferred_channel: Option<ContactChannel>,
    pub language: Option<String>,
    /// The channels and parts the customer chose themselves (the rest are defaults).
    pub chosen: Preferences,
}

impl EffectivePreferences {
    pub fn channel(&self, channel: ContactChannel) -> ChannelPreference {
        self.channels
            .iter()
            .find(|(c, _)| *c == channel)
            .map(|(_, p)| *p)
            .unwrap_or(ChannelPreference {
                opted_in: true,
                max_per_week: None,
            })
    }
}

/// An identifier as the store finds it: its type and blind index.
type IndexKey = (crate::domain::IdentifierType, Vec<u8>);
/// An identifier's blind indexes under every look-up key (two while the index key rotates).
type IndexKeys = (crate::domain::IdentifierType, Vec<Vec<u8>>);

/// One subject of a batch, once resolved.
enum Target {
    /// The ask could not be parsed (an identifier of the wrong shape).
    Invalid(Vec<FieldError>),
    NotFound,
    Subject(SubjectId),
}

impl Vault {
    /// The preferences holding for a customer whose stored document is `stored`.
    pub(super) fn effective_preferences(
        &self,
        stored: Option<&str>,
    ) -> Result<EffectivePreferences, ServiceError> {
        let chosen = match stored {
            Some(doc) => Preferences::from_document(doc).map_err(|e| anyhow::anyhow!(e))?,
            None => Preferences::default(),
        };
        let defaults = self.policy.contact();
        let channels = ContactChannel::ALL
            .into_iter()
            .map(|c| {
                let d = defaults.channel(c);
                let own = chosen.channels.get(&c);
                (
                    c,
                    ChannelPreference {
                        opted_in: own.map_or(d.opted_in, |o| o.opted_in),
                        max_per_week: own.and_then(|o| o.max_per_week).or(d.max_per_week),
                    },
                )
            })
            .collect();
        let quiet_hours = match &chosen.quiet_hours {
            Some(q) => Some((q.start, q.end, q.time_zone.clone())),
            None => defaults
                .quiet_hours
                .map(|(s, e)| (s, e, self.policy.controller().time_zone.clone())),
        };
        Ok(EffectivePreferences {
            channels,
            quiet_hours,
            preferred_channel: chosen.preferred_channel,
            language: chosen.language.as_ref().map(|l| l.as_str().to_owned()),
            chosen,
        })
    }

    /// One contact decision ([`Vault::decide_contacts`] for one customer).
    pub async fn decide_contact(
        &self,
        caller: &Caller<'_>,
        purpose_header: Option<&str>,
        channel: &str,
        ask: ContactAsk,
        record_send: bool,
    ) -> Result<ContactDecision, ServiceError> {
        self.decide_contacts(caller, purpose_header, channel, vec![Ok(ask)], record_send)
            .await?
            .pop()
            .unwrap_or_else(|| Err(anyhow::anyhow!("no decision for the one ask").into()))
    }

    /// Decides for every ask of a batch (one purpose, one channel), in order. A malformed ask
    /// gets its own error; the batch as a whole fails only for the caller, the purpose or the
    /// channel. Every decision is audited (one group commit for the batch).
    pub async fn decide_contacts(
        &self,
        caller: &Caller<'_>,
        purpose_header: Option<&str>,
        channel: &str,
        asks: Vec<Result<ContactAsk, Vec<FieldError>>>,
        record_send: bool,
    ) -> Result<Vec<Result<ContactDecision, ServiceError>>, ServiceError> {
        caller.require(permissions::CLIENTS)?;
        let (client, purpose_id) = self
            .declared_purpose(
                caller,
                Action::ContactDecision,
                None,
                purpose_header,
                Scope::Person,
            )
            .await?;
        let (answers, entries) = self
            .contact_answers(caller, &client, &purpose_id, channel, asks, record_send)
            .await?;
        self.audit.record_all(entries).await?;
        Ok(answers)
    }

    /// The decisions of [`Vault::decide_contacts`] once the caller and purpose are checked,
    /// with their audit entries, not yet recorded (a dry run drops them: nothing was asked
    /// about a message to send).
    pub(super) async fn contact_answers(
        &self,
        caller: &Caller<'_>,
        client: &crate::domain::ClientId,
        purpose_id: &crate::domain::PurposeId,
        channel: &str,
        asks: Vec<Result<ContactAsk, Vec<FieldError>>>,
        record_send: bool,
    ) -> Result<(Vec<Result<ContactDecision, ServiceError>>, Vec<AuditEntry>), ServiceError> {
        let purpose = self
            .policy
            .purpose(purpose_id)
            .ok_or(ServiceError::UnknownPurpose)?;
        let channel = self.contact_channel(purpose, channel)?;
        let now = OffsetDateTime::now_utc();

        let targets = self.resolve_targets(&asks).await?;
        let ids: Vec<SubjectId> = targets
            .iter()
            .filter_map(|t| match t {
                Target::Subject(id) => Some(*id),
                _ => None,
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let address = channel.address_field();
        let facts = self
            .store
            .contact_facts(&ids, purpose.id.as_str(), channel.as_str(), address)
            .await?;
        let missing: Vec<SubjectId> = ids
            .iter()
            .filter(|i| !facts.contains_key(i))
            .copied()
            .collect();
        let erased: BTreeSet<SubjectId> = self
            .store
            .erased_among(&missing)
            .await?
            .into_iter()
            .collect();

        // First pass: everything but the cap.
        let mut decided: HashMap<SubjectId, ContactDecision> = HashMap::new();
        let mut capped: Vec<(SubjectId, Pseudonym, Option<u32>)> = Vec::new();
        for id in &ids {
            let Some(f) = facts.get(id) else {
                let reason = if erased.contains(id) {
                    "erased"
                } else {
                    "not_found"
                };
                decided.insert(*id, ContactDecision::deny(reason));
                continue;
            };
            match self.decide_before_cap(client, purpose, channel, f, now)? {
                Err(d) => {
                    decided.insert(*id, d);
                }
                Ok(cap) => {
                    capped.push((*id, self.open_pseudonym(id, &f.ledger.keys).await?, cap));
                }
            }
        }

        // The cap: the sends counted on the channel in the last 7 days, across the purposes
        // that are not service messages.
        let since = now - CAP_WINDOW;
        let since_us = crate::domain::to_us(since);
        let tags = self.capped_tags(channel);
        let pseudonyms: Vec<Vec<u8>> = capped
            .iter()
            .filter(|(_, _, cap)| cap.is_some())
            .map(|(_, p, _)| p.as_bytes().to_vec())
            .collect();
        let counted = self
            .behaviour
            .counted_sends(&pseudonyms, channel.as_str(), since_us, &tags)
            .await?;
        let mut sends: Vec<(SubjectId, CountedSend)> = Vec::new();
        // The campaign of each subject's first ask (a subject asked twice is sent to once).
        let mut campaigns: HashMap<SubjectId, Option<&CampaignId>> = HashMap::new();
        for (ask, target) in asks.iter().zip(&targets) {
            if let (Ok(ask), Target::Subject(id)) = (ask, target) {
                campaigns.entry(*id).or_insert(ask.campaign.as_ref());
            }
        }
        let quiet = |id: &SubjectId| facts.get(id).and_then(|f| f.preferences.as_deref());
        for (id, pseudonym, cap) in &capped {
            let times = counted.get(pseudonym.as_bytes().as_slice());
            if let (Some(cap), Some(times)) = (cap, times) {
                if times.len() >= *cap as usize {
                    let at = self.after_quiet_hours(quiet(id), cap_release(times, *cap))?;
                    decided.insert(*id, ContactDecision::defer("frequency_cap", at));
                    continue;
                }
            }
            decided.insert(
                *id,
                ContactDecision {
                    verdict: Verdict::Allow,
                    reason: purpose.legal_basis.as_str(),
                    next_allowed_at: None,
                    send_recorded: false,
                },
            );
            if record_send {
                let campaign = campaigns.get(id).copied().flatten();
                let send = send_event(
                    &caller.principal.id,
                    purpose,
                    channel,
                    pseudonym,
                    campaign,
                    *cap,
                    now,
                );
                sends.push((*id, send));
            }
        }

        // Counted sends, atomically against the cap: a racing sender may have taken the place.
        if !sends.is_empty() {
            let batch: Vec<CountedSend> = sends.iter().map(|(_, s)| s.clone()).collect();
            let stored = self
                .behaviour
                .record_counted_sends(&batch, since_us, &tags)
                .await?;
            for ((id, send), outcome) in sends.iter().zip(stored) {
                match outcome {
                    Ok(()) => {
                        if let Some(d) = decided.get_mut(id) {
                            d.send_recorded = true;
                        }
                    }
                    Err(times) => {
                        let cap = send.cap.unwrap_or(1);
                        let at = self.after_quiet_hours(quiet(id), cap_release(&times, cap))?;
                        decided.insert(*id, ContactDecision::defer("frequency_cap", at));
                    }
                }
            }
        }

        // Answers in order, audited; by identifier, what the purpose may not see is not_found.
        let mut entries: Vec<AuditEntry> = Vec::with_capacity(asks.len());
        let mut answers = Vec::with_capacity(asks.len());
        for (ask, target) in asks.iter().zip(targets) {
            let by_identifier = matches!(
                ask,
                Ok(ContactAsk {
                    subject: SubjectRef::Identifier(..),
                    ..
                })
            );
            let (subject, decision) = match target {
                Target::Invalid(errors) => {
                    answers.push(Err(ServiceError::Invalid(errors)));
                    continue;
                }
                Target::NotFound => (None, ContactDecision::deny("not_found")),
                Target::Subject(id) => (
                    Some(id),
                    decided
                        .get(&id)
                        .cloned()
                        .unwrap_or_else(|| ContactDecision::deny("not_found")),
                ),
            };
            let mut e = entry(caller, Action::ContactDecision, subject, Some(&purpose.id));
            e.allowed = decision.verdict == Verdict::Allow;
            e.fields_given = if e.allowed {
                vec![address.name()]
            } else {
                Vec::new()
            };
            e.reason = Some(match (decision.verdict, decision.send_recorded) {
                (Verdict::Allow, true) => format!("{}:send_recorded", channel),
                (Verdict::Allow, false) => channel.as_str().to_owned(),
                _ => format!("{}:{}", channel, decision.reason),
            });
            entries.push(e);
            let hidden = by_identifier
                && decision.verdict == Verdict::Deny
                && !VISIBLE_DENIALS.contains(&decision.reason);
            answers.push(Ok(if hidden {
                ContactDecision::deny("not_found")
            } else {
                decision
            }));
        }
        Ok((answers, entries))
    }

    /// The channel asked for, if the purpose contacts on it.
    fn contact_channel(
        &self,
        purpose: &Purpose,
        channel: &str,
    ) -> Result<ContactChannel, ServiceError> {
        let allowed: Vec<&str> = purpose
            .contact_channels
            .iter()
            .map(|c| c.as_str())
            .collect();
        match ContactChannel::parse(channel) {
            Some(c) if purpose.contact_channels.contains(&c) => Ok(c),
            _ if allowed.is_empty() => Err(ServiceError::Invalid(vec![FieldError::new(
                "X-Purpose",
                format!(
                    "purpose {} contacts nobody (it has no contact_channels)",
                    purpose.id
                ),
            )])),
            _ => Err(ServiceError::Invalid(vec![FieldError::new(
                "/channel",
                format!(
                    "purpose {} contacts only by {}",
                    purpose.id,
                    allowed.join(", ")
                ),
            )])),
        }
    }

    /// The subjects the asks name: ids as given, identifiers through their blind index (one
    /// query per identifier type).
    async fn resolve_targets(
        &self,
        asks: &[Result<ContactAsk, Vec<FieldError>>],
    ) -> Result<Vec<Target>, ServiceError> {
        let mut wanted: HashMap<crate::domain::IdentifierType, Vec<Vec<u8>>> = HashMap::new();
        let mut parsed: Vec<Result<Option<IndexKeys>, Vec<FieldError>>> =
            Vec::with_capacity(asks.len());
        for ask in asks {
            parsed.push(match ask {
                Err(errors) => Err(errors.clone()),
                Ok(ContactAsk {
                    subject: SubjectRef::Id(_),
                    ..
                }) => Ok(None),
                Ok(ContactAsk {
                    subject: SubjectRef::Identifier(kind, value),
                    ..
                }) => match Identifier::parse(*kind, value) {
                    Ok(identifier) => {
                        // Under every look-up key (two while the index key rotates).
                        let all = self.index.identifier_all(*kind, identifier.value());
                        wanted.entry(*kind).or_default().extend(all.iter().cloned());
                        Ok(Some((*kind, all)))
                    }
                    Err(msg) => Err(vec![FieldError::new("/subject/identifier/value", msg)]),
                },
            });
        }
        let mut found: HashMap<IndexKey, SubjectId> = HashMap::new();
        for (kind, indexes) in wanted {
            let indexes: Vec<&[u8]> = indexes.iter().map(Vec::as_slice).collect();
            for (index, id) in self.store.identifier_holders(kind, &indexes).await? {
                found.insert((kind, index), id);
            }
        }
        Ok(asks
            .iter()
            .zip(parsed)
            .map(|(ask, p)| match (ask, p) {
                (_, Err(errors)) => Target::Invalid(errors),
                (
                    Ok(ContactAsk {
                        subject: SubjectRef::Id(id),
                        ..
                    }),
                    Ok(None),
                ) => Target::Subject(*id),
                (_, Ok(Some((kind, all)))) => all
                    .into_iter()
                    .find_map(|index| found.get(&(kind, index)))
                    .map_or(Target::NotFound, |id| Target::Subject(*id)),
                _ => Target::NotFound,
            })
            .collect())
    }

    /// Everything but the cap, for one live subject: `Err` is the answer, `Ok` the cap that
    /// still applies (`None`: none, a service message or no cap).
    fn decide_before_cap(
        &self,
        client: &crate::domain::ClientId,
        purpose: &Purpose,
        channel: ContactChannel,
        f: &ContactFacts,
        now: OffsetDateTime,
    ) -> Result<Result<Option<u32>, ContactDecision>, ServiceError> {
        let state = SubjectState::from_ledgers(
            purpose,
            f.ledger.latest_for(purpose.id.as_str()),
            &f.ledger.objection_scopes,
            f.ledger.restricted,
        )
        .with_minor_until(f.ledger.minor_until_us, crate::domain::to_us(now));
        let address = channel.address_field();
        let present: &[crate::domain::Field] = if f.has_address { &[address] } else { &[] };
        let decision = self.policy.decide(&AccessRequest {
            client,
            purpose: &purpose.id,
            scope: Scope::Person,
            subject: &state,
            present,
            event_types: &[],
            now,
        });
        if !decision.allowed {
            let reason = decision.reason.map_or("no_consent", |r| r.as_str());
            return Ok(Err(ContactDecision::deny(reason)));
        }
        if !decision.given.contains(&address) {
            return Ok(Err(ContactDecision::deny("no_address")));
        }
        let service = purpose.sends_service_messages();
        let suppressed = f
            .suppressions
            .iter()
            .any(|cause| match SuppressionCause::parse(cause) {
                Some(SuppressionCause::HardBounce) => true,
                Some(SuppressionCause::SpamComplaint) => !service,
                // An unknown cause (a newer version wrote it): hold the message back.
                None => true,
            });
        if suppressed {
            return Ok(Err(ContactDecision::deny("suppressed")));
        }
        if service {
            return Ok(Ok(None));
        }
        let prefs = self.effective_preferences(f.preferences.as_deref())?;
        let own = prefs.channel(channel);
        if !own.opted_in {
            return Ok(Err(ContactDecision::deny("channel_opted_out")));
        }
        if let Some((start, end, zone)) = &prefs.quiet_hours {
            let zone = zone_or_utc(zone);
            if let Some(until) = quiet_until(*start, *end, zone, now) {
                return Ok(Err(ContactDecision::defer("quiet_hours", until)));
            }
        }
        Ok(Ok(own.max_per_week))
    }

    /// `at`, or the end of the quiet hours it falls in.
    fn after_quiet_hours(
        &self,
        stored: Option<&str>,
        at: OffsetDateTime,
    ) -> Result<OffsetDateTime, ServiceError> {
        let prefs = self.effective_preferences(stored)?;
        Ok(match &prefs.quiet_hours {
            Some((start, end, zone)) => {
                quiet_until(*start, *end, zone_or_utc(zone), at).unwrap_or(at)
            }
            None => at,
        })
    }

    /// The purposes tags of the sends a cap on `channel` counts: every purpose that contacts on
    /// it and is not a service message.
    fn capped_tags(&self, channel: ContactChannel) -> Vec<String> {
        self.policy
            .purposes()
            .filter(|p| p.contact_channels.contains(&channel) && !p.sends_service_messages())
            .map(|p| purposes_tag([p.id.as_str()]))
            .collect()
    }

    async fn open_pseudonym(
        &self,
        id: &SubjectId,
        keys: &SubjectKeys,
    ) -> Result<Pseudonym, ServiceError> {
        Ok(self.pseudonym_from_keys(id, keys).await?.1)
    }
}

/// The `message_sent` event a counted send stores.
fn send_event(
    source_client: &str,
    purpose: &Purpose,
    channel: ContactChannel,
    pseudonym: &Pseudonym,
    campaign: Option<&CampaignId>,
    cap: Option<u32>,
    now: OffsetDateTime,
) -> CountedSend {
    let at = crate::domain::to_us(now);
    let id = Uuid::new_v4();
    CountedSend {
        event: NewEvent {
            id,
            pseudonym: pseudonym.as_bytes().to_vec(),
            source_client: source_client.to_owned(),
            client_event_id: format!("contact-decision:{id}"),
            event_type: SEND_EVENT.to_owned(),
            channel: channel.as_str().to_owned(),
            occurred_at_us: at,
            received_at_us: at,
            amount_cents: None,
            currency: None,
            category: None,
            properties: match campaign {
                Some(c) => serde_json::json!({ "campaign_id": c.as_str() }).to_string(),
                None => "{}".to_owned(),
            },
            purposes: purposes_tag([purpose.id.as_str()]),
        },
        cap,
    }
}

/// The event type of a counted send.
pub const SEND_EVENT: &str = "message_sent";

/// Denials given by identifier as they are: they come after the policy allowed the purpose to
/// see the customer, so they disclose nothing the purpose could not read.
const VISIBLE_DENIALS: [&str; 3] = ["suppressed", "channel_opted_out", "no_address"];

fn zone_or_utc(name: &str) -> &'static Tz {
    crate::domain::time_zone(name).unwrap_or(time_tz::timezones::db::UTC)
}

/// When the oldest send that holds a cap of `cap` back drops out of the window: `times` are
/// the counted sends, oldest first, at least `cap` of them.
fn cap_release(times: &[i64], cap: u32) -> OffsetDateTime {
    let i = times.len().saturating_sub(cap as usize);
    let oldest = times.get(i).copied().unwrap_or(0);
    crate::policy::time_from_us(oldest).unwrap_or(OffsetDateTime::UNIX_EPOCH) + CAP_WINDOW
}

/// If `at` falls in the quiet hours `start`–`end` of `zone`, the instant they end.
pub fn quiet_until(
    start: Time,
    end: Time,
    zone: &Tz,
    at: OffsetDateTime,
) -> Option<OffsetDateTime> {
    let local = at.to_timezone(zone);
    let window = crate::domain::QuietHours {
        start,
        end,
        time_zone: String::new(),
    };
    if !window.contains(local.time()) {
        return None;
    }
    let mut day = local.date();
    if local.time() >= end {
        day = day.next_day()?;
    }
    let end_at = PrimitiveDateTime::new(day, end);
    Some(match end_at.assume_timezone(zone) {
        OffsetResult::Some(t) => t,
        OffsetResult::Ambiguous(a, b) => a.max(b),
        // The end falls in a gap (clocks jump forward over it): an hour later exists.
        OffsetResult::None => (end_at + Duration::hours(1)).assume_utc(),
    })
}

#[cfg(test)]
mod tests {
    use time::macros::{datetime, time};

    use super::*;

    #[test]
    fn quiet_hours_end_in_the_customers_zone() {
        let berlin = crate::domain::time_zone("Europe/Berlin").unwrap();
        let new_york = crate::domain::time_zone("America/New_York").unwrap();
        // 22:30 in Berlin (winter, UTC+1) is 16:30 in New York.
        let at = datetime!(2026-12-05 21:30 UTC);
        let until = quiet_until(time!(21:00), time!(08:00), berlin, at).unwrap();
        assert_eq!(until, datetime!(2026-12-06 07:00 UTC));
        assert_eq!(quiet_until(time!(21:00), time!(08:00), new_york, at), None);
        // After midnight, the window ends the same morning.
        let night = datetime!(2026-12-06 02:00 UTC);
        assert_eq!(
            quiet_until(time!(21:00), time!(08:00), berlin, night),
            Some(datetime!(2026-12-06 07:00 UTC))
        );
    }

    #[test]
    fn a_cap_releases_when_the_oldest_counted_send_leaves_the_week() {
        let t0 = 1_000_000_000_000_000;
        let t1 = t0 + 3_600_000_000;
        let release = cap_release(&[t0, t1], 2);
        assert_eq!(crate::domain::to_us(release), t0 + 7 * 86_400_000_000);
        // Over the cap (it was lowered): the send that frees the place is a later one.
        let release = cap_release(&[t0, t1], 1);
        assert_eq!(crate::domain::to_us(release), t1 + 7 * 86_400_000_000);
    }

    #[test]
    fn campaign_ids_are_short_references() {
        assert!(CampaignId::parse("spring-2027:nl.1").is_ok());
        assert!(CampaignId::parse("").is_err());
        assert!(CampaignId::parse("jane@example.com").is_err());
        assert!(CampaignId::parse(&"x".repeat(65)).is_err());
    }
}
