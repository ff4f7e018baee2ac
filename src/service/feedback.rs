//! Negative feedback as first-class events (issue 11): what a bounce, a spam complaint or an
//! unsubscribe does beyond being stored. Called by `ingest_events` for every valid feedback
//! event whose subject it found, whether or not a purpose may keep the event itself: the
//! customer said no, and the ledger must show it. The answer to the sender does not change
//! (it learns nothing new about the customer).
//!
//! - `message_bounced` with `bounce = hard`: the channel is suppressed (`hard_bounce`) until
//!   the address it uses is rectified ([`Vault::lift_hard_bounces`]). A soft bounce does
//!   nothing.
//! - `spam_complaint`, `unsubscribe` on channel C: every consent-based direct-marketing purpose
//!   with C among its `contact_channels` whose consent is granted gets a withdrawal in the
//!   consent ledger (source: the event's channel; evidence `event_ref`: the event's id);
//!   for a legitimate-interest direct-marketing purpose on C, an objection to direct marketing
//!   is recorded. A spam complaint also suppresses C for marketing (`spam_complaint`) until a
//!   consent for a purpose on C is granted again ([`Vault::lift_spam_complaints`]).
//!
//! Idempotent: only a grant is withdrawn (and only one given before the event occurred, so a
//! late complaint never undoes a newer grant), an objection in force is not recorded again, a
//! suppression in place is kept.

use uuid::Uuid;

use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::domain::{
    Channel, ConsentRecord, ConsentStatus, ContactChannel, Evidence, FeedbackKind, PersonalField,
    SubjectId, SuppressionCause,
};
use crate::policy::{LegalBasis, Purpose, SCOPE_DIRECT_MARKETING};
use crate::store::now_us;

/// A valid feedback event, as ingest hands it over.
#[derive(Debug, Clone)]
pub(crate) struct FeedbackEvent {
    pub kind: FeedbackKind,
    /// The channel it arrived on; a contact channel (checked at ingest).
    pub channel: Channel,
    /// The id the event was given at ingest (in the behaviour store when a purpose keeps it).
    pub event_id: Uuid,
    pub occurred_at_us: i64,
    /// `message_bounced` with `bounce = hard`.
    pub hard: bool,
}

impl FeedbackEvent {
    /// Reads the feedback out of a validated event of type `event_type`, if it is one.
    pub(crate) fn of(
        event_type: &str,
        channel: Channel,
        event_id: Uuid,
        occurred_at_us: i64,
        properties: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<Self> {
        let kind = FeedbackKind::of_event_type(event_type)?;
        Some(Self {
            kind,
            channel,
            event_id,
            occurred_at_us,
            hard: properties.get("bounce").and_then(|v| v.as_str()) == Some("hard"),
        })
    }
}

/// The contact channels whose address `field` is: a rectified email lifts the email channel's
/// hard bounce, a rectified phone number those of SMS and calls.
fn channels_addressed_by(field: PersonalField) -> Vec<ContactChannel> {
    ContactChannel::ALL
        .into_iter()
        .filter(|c| c.address_field() == crate::domain::Field::Personal(field))
        .collect()
}

impl Vault {
    /// Applies one feedback event to `subject` (see the module documentation).
    pub(crate) async fn apply_feedback(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        event: &FeedbackEvent,
    ) -> Result<(), ServiceError> {
        let Some(channel) = ContactChannel::of_event_channel(event.channel) else {
            return Ok(());
        };
        match event.kind {
            FeedbackKind::Bounced if event.hard => {
                self.suppress(
                    caller,
                    subject,
                    channel,
                    SuppressionCause::HardBounce,
                    event,
                )
                .await
            }
            FeedbackKind::Bounced => Ok(()),
            FeedbackKind::SpamComplaint | FeedbackKind::Unsubscribe => {
                self.withdraw_marketing(caller, subject, channel, event)
                    .await?;
                if event.kind == FeedbackKind::SpamComplaint {
                    self.suppress(
                        caller,
                        subject,
                        channel,
                        SuppressionCause::SpamComplaint,
                        event,
                    )
                    .await?;
                }
                Ok(())
            }
        }
    }

    async fn suppress(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        channel: ContactChannel,
        cause: SuppressionCause,
        event: &FeedbackEvent,
    ) -> Result<(), ServiceError> {
        let written = self
            .store
            .suppress_channel(&subject, channel, cause, now_us(), event.event_id)
            .await?;
        if written {
            let mut e = entry(caller, Action::ChannelSuppressed, Some(subject), None);
            e.allowed = true;
            e.reason = Some(format!("{cause}:{channel}"));
            self.audit.record(e).await?;
        }
        Ok(())
    }

    /// The customer said no on `channel`: withdraws the consent-based direct-marketing
    /// purposes on it that are granted, objects to direct marketing for a legitimate-interest
    /// one.
    async fn withdraw_marketing(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        channel: ContactChannel,
        event: &FeedbackEvent,
    ) -> Result<(), ServiceError> {
        let why = event.kind.event_type();
        let on_channel: Vec<&Purpose> = self
            .policy
            .purposes()
            .filter(|p| p.direct_marketing && p.contact_channels.contains(&channel))
            .collect();
        if on_channel.is_empty() {
            return Ok(());
        }
        let history = self.store.consent_history(&subject).await?;
        for purpose in on_channel.iter().filter(|p| p.requires_consent()) {
            let latest = history.iter().rev().find(|r| r.purpose == purpose.id);
            let Some(grant) = latest.filter(|r| {
                r.status == ConsentStatus::Granted && r.collected_at_us <= event.occurred_at_us
            }) else {
                continue;
            };
            let mut evidence = Evidence::default();
            evidence.insert("event_ref", event.event_id.to_string());
            let row = ConsentRecord {
                seq: 0,
                id: Uuid::new_v4(),
                subject_id: subject,
                purpose: purpose.id.clone(),
                status: ConsentStatus::Withdrawn,
                legal_basis: purpose.legal_basis.as_str().to_owned(),
                source: event.channel.as_str().to_owned(),
                collected_at_us: event.occurred_at_us,
                recorded_at_us: now_us(),
                policy_version: grant.policy_version.clone(),
                evidence: evidence.to_json(),
                expires_at_us: None,
                operator_id: None,
                recorded_by: caller.principal.id.clone(),
                request_id: caller.request_id.to_owned(),
            };
            self.store.append_consent(&row).await?;
            let mut e = entry(
                caller,
                Action::ConsentWithdrawn,
                Some(subject),
                Some(&purpose.id),
            );
            e.allowed = true;
            e.reason = Some(why.to_owned());
            self.audit.record(e).await?;
        }
        let legitimate_interest = on_channel
            .iter()
            .any(|p| p.legal_basis == LegalBasis::LegitimateInterest);
        if legitimate_interest {
            let in_force = self.store.objection_scopes_in_force(&subject).await?;
            if !in_force.iter().any(|s| s == SCOPE_DIRECT_MARKETING) {
                self.record_objection_scopes(
                    caller,
                    subject,
                    vec![SCOPE_DIRECT_MARKETING.to_owned()],
                    event.channel,
                    why,
                )
                .await?;
            }
        }
        Ok(())
    }

    /// A rectified address lifts the hard bounces of the channels it addresses (`fields`: the
    /// personal fields given a new value).
    pub(crate) async fn lift_hard_bounces(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        fields: &[PersonalField],
    ) -> Result<(), ServiceError> {
        let channels: Vec<ContactChannel> = fields
            .iter()
            .flat_map(|f| channels_addressed_by(*f))
            .collect();
        self.lift(caller, subject, &channels, SuppressionCause::HardBounce)
            .await
    }

    /// A consent granted for `purpose` lifts the spam-complaint suppressions of its contact
    /// channels: the customer asked again.
    pub(crate) async fn lift_spam_complaints(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        purpose: &Purpose,
    ) -> Result<(), ServiceError> {
        let channels: Vec<ContactChannel> = purpose.contact_channels.iter().copied().collect();
        self.lift(caller, subject, &channels, SuppressionCause::SpamComplaint)
            .await
    }

    async fn lift(
        &self,
        caller: &Caller<'_>,
        subject: SubjectId,
        channels: &[ContactChannel],
        cause: SuppressionCause,
    ) -> Result<(), ServiceError> {
        if channels.is_empty() {
            return Ok(());
        }
        let lifted = self
            .store
            .lift_suppressions(&subject, channels, cause)
            .await?;
        for channel in lifted {
            let mut e = entry(
                caller,
                Action::ChannelSuppressionLifted,
                Some(subject),
                None,
            );
            e.allowed = true;
            e.reason = Some(format!("{cause}:{channel}"));
            self.audit.record(e).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_field_names_its_channels() {
        assert_eq!(
            channels_addressed_by(PersonalField::Email),
            [ContactChannel::Email]
        );
        assert_eq!(
            channels_addressed_by(PersonalField::Phone),
            [ContactChannel::Sms, ContactChannel::Phone]
        );
        assert!(channels_addressed_by(PersonalField::FirstName).is_empty());
    }
}
