//! Negative feedback (issue 11): the event types through which a customer, or their mailbox,
//! says no (a bounce, a spam complaint, an unsubscribe), why a channel is suppressed, and the
//! signals that a customer needs attention. Pure rules; the effects live in
//! `service/feedback.rs`.

use std::fmt;

/// An event type whose arrival changes what the vault may do, not only what it knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedbackKind {
    /// `message_bounced`: a hard bounce suppresses the channel, a soft one does nothing.
    Bounced,
    /// `spam_complaint`: withdraws marketing on the channel and suppresses it for marketing.
    SpamComplaint,
    /// `unsubscribe`: withdraws marketing on the channel.
    Unsubscribe,
}

impl FeedbackKind {
    pub const ALL: [FeedbackKind; 3] = [Self::Bounced, Self::SpamComplaint, Self::Unsubscribe];

    /// The event type's name in `events.toml`.
    pub fn event_type(self) -> &'static str {
        match self {
            Self::Bounced => "message_bounced",
            Self::SpamComplaint => "spam_complaint",
            Self::Unsubscribe => "unsubscribe",
        }
    }

    /// The feedback an event of type `name` is, if any.
    pub fn of_event_type(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.event_type() == name)
    }
}

/// Why a channel is suppressed for a customer (`channel_suppressions.cause`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SuppressionCause {
    /// The address does not exist: nothing may be sent there until it is rectified.
    HardBounce,
    /// The customer marked a message as spam: no marketing there until they consent again.
    SpamComplaint,
}

impl SuppressionCause {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HardBounce => "hard_bounce",
            Self::SpamComplaint => "spam_complaint",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::HardBounce, Self::SpamComplaint]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

impl fmt::Display for SuppressionCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

const DAY_US: i64 = 86_400_000_000;

/// Why a customer needs attention: each from recent events of one type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AttentionReason {
    /// A spam complaint in the last 90 days.
    SpamComplaint,
    /// A review rated 1 or 2 in the last 90 days.
    LowReview,
    /// Two or more returns in the last 30 days.
    RepeatedReturns,
    /// A support contact with negative sentiment in the last 30 days.
    NegativeSupportContact,
}

impl AttentionReason {
    pub const ALL: [AttentionReason; 4] = [
        Self::SpamComplaint,
        Self::LowReview,
        Self::RepeatedReturns,
        Self::NegativeSupportContact,
    ];

    /// Every event type an attention reason is read from.
    pub const EVENT_TYPES: [&'static str; 4] =
        ["spam_complaint", "review", "return", "support_contact"];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SpamComplaint => "spam_complaint",
            Self::LowReview => "low_review",
            Self::RepeatedReturns => "repeated_returns",
            Self::NegativeSupportContact => "negative_support_contact",
        }
    }

    /// The event type the reason is read from.
    pub fn event_type(self) -> &'static str {
        match self {
            Self::SpamComplaint => "spam_complaint",
            Self::LowReview => "review",
            Self::RepeatedReturns => "return",
            Self::NegativeSupportContact => "support_contact",
        }
    }

    /// How far back the events count, in days.
    pub fn window_days(self) -> i64 {
        match self {
            Self::SpamComplaint | Self::LowReview => 90,
            Self::RepeatedReturns | Self::NegativeSupportContact => 30,
        }
    }

    /// Events that occurred at or after this count, as of `now_us`.
    pub fn since_us(self, now_us: i64) -> i64 {
        now_us.saturating_sub(self.window_days() * DAY_US)
    }

    /// How many matching events in the window make the reason hold.
    pub fn threshold(self) -> i64 {
        match self {
            Self::RepeatedReturns => 2,
            _ => 1,
        }
    }

    /// Whether `count` matching events in the window make the reason hold.
    pub fn holds(self, count: i64) -> bool {
        count >= self.threshold()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_kinds_name_their_event_types() {
        for k in FeedbackKind::ALL {
            assert_eq!(FeedbackKind::of_event_type(k.event_type()), Some(k));
        }
        assert_eq!(FeedbackKind::of_event_type("review"), None);
        for c in [
            SuppressionCause::HardBounce,
            SuppressionCause::SpamComplaint,
        ] {
            assert_eq!(SuppressionCause::parse(c.as_str()), Some(c));
        }
        assert_eq!(SuppressionCause::parse("soft_bounce"), None);
    }

    #[test]
    fn attention_windows_and_thresholds() {
        let now = 200 * DAY_US;
        assert_eq!(AttentionReason::SpamComplaint.since_us(now), 110 * DAY_US);
        assert_eq!(AttentionReason::RepeatedReturns.since_us(now), 170 * DAY_US);
        assert!(!AttentionReason::RepeatedReturns.holds(1));
        assert!(AttentionReason::RepeatedReturns.holds(2));
        assert!(AttentionReason::LowReview.holds(1));
        assert!(!AttentionReason::LowReview.holds(0));
        for r in AttentionReason::ALL {
            assert!(AttentionReason::EVENT_TYPES.contains(&r.event_type()));
        }
    }
}
