//! Reaching a customer: the channels a message goes out on, and the customer's communication
//! preferences (issue 11). Validated on construction; the contact decision itself lives in
//! `service/contact.rs`, the defaults in `policies/contact.toml`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use time::Time;

use super::consent::Channel;
use super::field::{Field, IdentifierType, PersonalField};
use super::subject::{FieldError, Language};

/// A channel a message is sent on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    Email,
    Sms,
    /// A push notification of the app.
    Push,
    /// A call.
    Phone,
    /// Letters and catalogues.
    Post,
}

impl ContactChannel {
    pub const ALL: [ContactChannel; 5] =
        [Self::Email, Self::Sms, Self::Push, Self::Phone, Self::Post];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Sms => "sms",
            Self::Push => "push",
            Self::Phone => "phone",
            Self::Post => "post",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The personal field that addresses the customer on this channel: a purpose that contacts
    /// on the channel must be allowed it, and a customer without it cannot be reached there.
    pub fn address_field(self) -> Field {
        match self {
            Self::Email => Field::Personal(PersonalField::Email),
            Self::Sms | Self::Phone => Field::Personal(PersonalField::Phone),
            Self::Push => Field::Identifiers(IdentifierType::DeviceId),
            Self::Post => Field::Personal(PersonalField::AddressLine1),
        }
    }

    /// The contact channel a behavioural event arrived on (a bounce, a complaint, an
    /// unsubscribe), if it is one.
    pub fn of_event_channel(channel: Channel) -> Option<Self> {
        match channel {
            Channel::Email => Some(Self::Email),
            Channel::Sms => Some(Self::Sms),
            Channel::Push | Channel::App => Some(Self::Push),
            Channel::CallCentre => Some(Self::Phone),
            Channel::Post => Some(Self::Post),
            Channel::Web | Channel::Store | Channel::Marketplace | Channel::Social => None,
        }
    }
}

impl fmt::Display for ContactChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Most messages a frequency cap may allow per week on one channel.
pub const MAX_PER_WEEK: u32 = 100;

/// One channel's preference: opted in or out, and at most how many messages a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelPreference {
    pub opted_in: bool,
    /// `None`: no cap of the customer's own (the policy's default applies).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_per_week: Option<u32>,
}

/// Hours in which the customer does not want to be contacted, in their time zone; the window
/// may wrap past midnight (21:00 to 08:00).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuietHours {
    pub start: Time,
    pub end: Time,
    /// An IANA time zone name the tz database knows.
    pub time_zone: String,
}

impl QuietHours {
    /// Parses `HH:MM` bounds and a time zone; errors point into `base` (a JSON pointer).
    pub fn parse(
        start: &str,
        end: &str,
        time_zone: &str,
        base: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let start = parse_clock(start)
            .ok_or_else(|| errors.push(FieldError::new(format!("{base}/start"), CLOCK)));
        let end = parse_clock(end)
            .ok_or_else(|| errors.push(FieldError::new(format!("{base}/end"), CLOCK)));
        if super::time_zone(time_zone).is_none() {
            errors.push(FieldError::new(
                format!("{base}/time_zone"),
                "must be an IANA time zone name such as Europe/Berlin",
            ));
        }
        match (start, end) {
            (Ok(start), Ok(end)) if errors.is_empty() => {
                if start == end {
                    return Err(vec![FieldError::new(
                        format!("{base}/end"),
                        "must differ from start (an empty window is no quiet hours: leave them out)",
                    )]);
                }
                Ok(Self {
                    start,
                    end,
                    time_zone: time_zone.to_owned(),
                })
            }
            _ => Err(errors),
        }
    }

    /// Whether `local` (a time of day in the quiet hours' zone) falls inside the window.
    pub fn contains(&self, local: Time) -> bool {
        if self.start < self.end {
            self.start <= local && local < self.end
        } else {
            local >= self.start || local < self.end
        }
    }
}

const CLOCK: &str = "must be a time of day as HH:MM (00:00 to 23:59)";

/// `HH:MM`, 24-hour.
pub fn parse_clock(s: &str) -> Option<Time> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: u8 = h.parse().ok()?;
    let m: u8 = m.parse().ok()?;
    Time::from_hms(h, m, 0).ok()
}

/// `HH:MM` of a time of day.
pub fn format_clock(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// What a customer chose about being contacted. Every part is optional: what is not set falls
/// back to the policy's default when a decision is made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preferences {
    pub channels: BTreeMap<ContactChannel, ChannelPreference>,
    pub quiet_hours: Option<QuietHours>,
    pub preferred_channel: Option<ContactChannel>,
    pub language: Option<Language>,
}

/// A change to the preferences: what it names replaces the stored value, what it leaves out
/// keeps it. Within a channel, a change may set only `opted_in` or only `max_per_week`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreferencesPatch {
    pub channels: BTreeMap<ContactChannel, ChannelPatch>,
    pub quiet_hours: Option<QuietHours>,
    pub preferred_channel: Option<ContactChannel>,
    pub language: Option<Language>,
}

/// One channel's part of a [`PreferencesPatch`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChannelPatch {
    pub opted_in: Option<bool>,
    pub max_per_week: Option<u32>,
}

/// The request body as it arrives, before checking (`{"channels": {…}, "quiet_hours": {…},
/// "preferred_channel", "language"}`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPreferences {
    #[serde(default)]
    pub channels: BTreeMap<String, RawChannelPreference>,
    pub quiet_hours: Option<RawQuietHours>,
    pub preferred_channel: Option<String>,
    pub language: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChannelPreference {
    pub opted_in: Option<bool>,
    pub max_per_week: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuietHours {
    pub start: String,
    pub end: String,
    pub time_zone: String,
}

const CHANNELS: &str = "must be one of email, sms, push, phone, post";

impl PreferencesPatch {
    /// Checks every part; all problems at once, each with its JSON pointer.
    pub fn parse(raw: &RawPreferences) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut patch = PreferencesPatch::default();
        for (name, c) in &raw.channels {
            let pointer = format!("/channels/{name}");
            let Some(channel) = ContactChannel::parse(name) else {
                errors.push(FieldError::new(pointer, CHANNELS));
                continue;
            };
            let max_per_week = match c.max_per_week {
                None => None,
                Some(n) => match u32::try_from(n) {
                    Ok(n) if (1..=MAX_PER_WEEK).contains(&n) => Some(n),
                    _ => {
                        errors.push(FieldError::new(
                            format!("{pointer}/max_per_week"),
                            format!("must be an integer from 1 to {MAX_PER_WEEK}"),
                        ));
                        None
                    }
                },
            };
            if c.opted_in.is_none() && c.max_per_week.is_none() {
                errors.push(FieldError::new(
                    pointer,
                    "name opted_in, max_per_week or both",
                ));
            }
            patch.channels.insert(
                channel,
                ChannelPatch {
                    opted_in: c.opted_in,
                    max_per_week,
                },
            );
        }
        if let Some(q) = &raw.quiet_hours {
            match QuietHours::parse(&q.start, &q.end, &q.time_zone, "/quiet_hours") {
                Ok(q) => patch.quiet_hours = Some(q),
                Err(e) => errors.extend(e),
            }
        }
        if let Some(c) = &raw.preferred_channel {
            match ContactChannel::parse(c) {
                Some(c) => patch.preferred_channel = Some(c),
                None => errors.push(FieldError::new("/preferred_channel", CHANNELS)),
            }
        }
        if let Some(l) = &raw.language {
            match Language::parse(l) {
                Ok(l) => patch.language = Some(l),
                Err(msg) => errors.push(FieldError::new("/language", msg)),
            }
        }
        if errors.is_empty() {
            Ok(patch)
        } else {
            Err(errors)
        }
    }

    /// Whether the change names nothing.
    pub fn is_empty(&self) -> bool {
        self.channels.is_empty()
            && self.quiet_hours.is_none()
            && self.preferred_channel.is_none()
            && self.language.is_none()
    }
}

impl Preferences {
    /// The preferences after `patch`: what it names replaces, the rest stays. A channel not
    /// stored before takes `default_opted_in` for the part the patch leaves out.
    pub fn apply(
        &self,
        patch: &PreferencesPatch,
        default_opted_in: impl Fn(ContactChannel) -> bool,
    ) -> Self {
        let mut next = self.clone();
        for (&channel, change) in &patch.channels {
            let current = next.channels.get(&channel).copied();
            let opted_in = change
                .opted_in
                .or(current.map(|c| c.opted_in))
                .unwrap_or_else(|| default_opted_in(channel));
            let max_per_week = change.max_per_week.or(current.and_then(|c| c.max_per_week));
            next.channels.insert(
                channel,
                ChannelPreference {
                    opted_in,
                    max_per_week,
                },
            );
        }
        if let Some(q) = &patch.quiet_hours {
            next.quiet_hours = Some(q.clone());
        }
        if let Some(c) = patch.preferred_channel {
            next.preferred_channel = Some(c);
        }
        if let Some(l) = &patch.language {
            next.language = Some(l.clone());
        }
        next
    }

    /// The stored form: a JSON document of what was chosen (see migration 0015).
    pub fn to_document(&self) -> String {
        let channels: serde_json::Map<String, serde_json::Value> = self
            .channels
            .iter()
            .map(|(c, p)| (c.as_str().to_owned(), serde_json::json!(p)))
            .collect();
        let mut doc = serde_json::json!({ "channels": channels });
        if let Some(q) = &self.quiet_hours {
            doc["quiet_hours"] = serde_json::json!({
                "start": format_clock(q.start),
                "end": format_clock(q.end),
                "time_zone": q.time_zone,
            });
        }
        if let Some(c) = self.preferred_channel {
            doc["preferred_channel"] = c.as_str().into();
        }
        if let Some(l) = &self.language {
            doc["language"] = l.as_str().into();
        }
        doc.to_string()
    }

    /// Reads the stored form back; a document that does not parse is corrupt.
    pub fn from_document(doc: &str) -> Result<Self, String> {
        let raw: RawPreferences =
            serde_json::from_str(doc).map_err(|e| format!("stored preferences: {e}"))?;
        let patch = PreferencesPatch::parse(&raw)
            .map_err(|_| "stored preferences do not validate".to_owned())?;
        Ok(Preferences::default().apply(&patch, |_| true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::time;

    fn raw(json: serde_json::Value) -> RawPreferences {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn quiet_hours_wrap_past_midnight() {
        let q = QuietHours::parse("21:00", "08:00", "Europe/Berlin", "/q").unwrap();
        assert!(q.contains(time!(22:30)));
        assert!(q.contains(time!(03:00)));
        assert!(!q.contains(time!(08:00)));
        assert!(!q.contains(time!(12:00)));
        assert!(q.contains(time!(21:00)));
        let day = QuietHours::parse("12:00", "14:00", "UTC", "/q").unwrap();
        assert!(day.contains(time!(13:59)) && !day.contains(time!(14:00)));
    }

    #[test]
    fn bad_parts_are_all_reported_with_pointers() {
        let e = PreferencesPatch::parse(&raw(serde_json::json!({
            "channels": {"fax": {"opted_in": true}, "email": {"max_per_week": 0}, "sms": {}},
            "quiet_hours": {"start": "25:00", "end": "8", "time_zone": "Mars/Base"},
            "preferred_channel": "pigeon",
        })))
        .unwrap_err();
        let pointers: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        for p in [
            "/channels/fax",
            "/channels/email/max_per_week",
            "/channels/sms",
            "/quiet_hours/start",
            "/quiet_hours/end",
            "/quiet_hours/time_zone",
            "/preferred_channel",
        ] {
            assert!(pointers.contains(&p), "{p} missing from {pointers:?}");
        }
    }

    #[test]
    fn a_patch_keeps_what_it_leaves_out() {
        let first = PreferencesPatch::parse(&raw(serde_json::json!({
            "channels": {"email": {"opted_in": true, "max_per_week": 2}},
            "quiet_hours": {"start": "21:00", "end": "08:00", "time_zone": "Europe/Berlin"},
            "language": "de",
        })))
        .unwrap();
        let prefs = Preferences::default().apply(&first, |_| true);
        let second = PreferencesPatch::parse(&raw(serde_json::json!({
            "channels": {"email": {"opted_in": false}, "sms": {"max_per_week": 1}},
        })))
        .unwrap();
        let next = prefs.apply(&second, |c| c != ContactChannel::Sms);
        let email = next.channels[&ContactChannel::Email];
        assert!(!email.opted_in);
        assert_eq!(email.max_per_week, Some(2));
        let sms = next.channels[&ContactChannel::Sms];
        assert!(
            !sms.opted_in,
            "a new channel takes the default for what is left out"
        );
        assert_eq!(next.quiet_hours, prefs.quiet_hours);
        assert_eq!(next.language.as_ref().map(|l| l.as_str()), Some("de"));
        let back = Preferences::from_document(&next.to_document()).unwrap();
        assert_eq!(back, next);
    }

    #[test]
    fn every_channel_has_an_address_field() {
        for c in ContactChannel::ALL {
            assert_eq!(ContactChannel::parse(c.as_str()), Some(c));
            let _ = c.address_field();
        }
    }
}
