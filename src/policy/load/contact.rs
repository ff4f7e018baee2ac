//! `contact.toml` (optional): what a contact decision assumes where a customer chose nothing —
//! per channel opted in or out and a weekly cap, and default quiet hours.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::source::Source;
use crate::domain::{parse_clock, ChannelPreference, ContactChannel, MAX_PER_WEEK};
use crate::policy::error::PolicyError;
use crate::policy::model::ContactDefaults;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactFile {
    #[serde(default)]
    channels: BTreeMap<Spanned<String>, Spanned<RawChannel>>,
    quiet_hours: Option<Spanned<RawQuietHours>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChannel {
    opted_in: bool,
    max_per_week: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuietHours {
    start: String,
    end: String,
}

/// The defaults; an empty text (no file) gives [`ContactDefaults::default`]. A channel the
/// file leaves out keeps its built-in default, and so do quiet hours; an empty window
/// (`start = end`) means no default quiet hours.
pub(super) fn parse_contact(src: &Source<'_>) -> Result<ContactDefaults, PolicyError> {
    let mut defaults = ContactDefaults::default();
    if src.is_blank() {
        return Ok(defaults);
    }
    let file: ContactFile = src.parse()?;
    for (name, raw) in file.channels {
        let Some(channel) = ContactChannel::parse(name.get_ref()) else {
            return Err(src.error(
                name.span(),
                format!(
                    "unknown contact channel {:?}: use email, sms, push, phone or post",
                    name.get_ref()
                ),
            ));
        };
        let span = raw.span();
        let raw = raw.into_inner();
        let max_per_week = match raw.max_per_week {
            None => None,
            Some(n) => match u32::try_from(n) {
                Ok(n) if (1..=MAX_PER_WEEK).contains(&n) => Some(n),
                _ => {
                    return Err(src.error(
                        span,
                        format!("max_per_week must be 1 to {MAX_PER_WEEK}, or left out for no cap"),
                    ))
                }
            },
        };
        defaults.channels.insert(
            channel,
            ChannelPreference {
                opted_in: raw.opted_in,
                max_per_week,
            },
        );
    }
    if let Some(q) = file.quiet_hours {
        let span = q.span();
        let q = q.into_inner();
        let (Some(start), Some(end)) = (parse_clock(&q.start), parse_clock(&q.end)) else {
            return Err(src.error(
                span,
                "quiet_hours start and end must be HH:MM (00:00 to 23:59)",
            ));
        };
        defaults.quiet_hours = (start != end).then_some((start, end));
    }
    Ok(defaults)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn parse(text: &str) -> Result<ContactDefaults, PolicyError> {
        parse_contact(&Source::new(Path::new("contact.toml"), text))
    }

    #[test]
    fn a_missing_file_gives_the_built_in_defaults() {
        assert_eq!(parse("").unwrap(), ContactDefaults::default());
    }

    #[test]
    fn channels_and_quiet_hours_are_read_and_checked() {
        let d = parse(
            "[channels]\nsms = { opted_in = false }\nemail = { opted_in = true, max_per_week = 2 }\n\
             [quiet_hours]\nstart = \"22:00\"\nend = \"07:30\"\n",
        )
        .unwrap();
        assert!(!d.channel(ContactChannel::Sms).opted_in);
        assert_eq!(d.channel(ContactChannel::Sms).max_per_week, None);
        assert_eq!(d.channel(ContactChannel::Email).max_per_week, Some(2));
        assert_eq!(d.channel(ContactChannel::Post).max_per_week, Some(1));
        assert_eq!(
            d.quiet_hours,
            Some((time::macros::time!(22:00), time::macros::time!(07:30)))
        );
        let none = parse("[quiet_hours]\nstart = \"00:00\"\nend = \"00:00\"\n").unwrap();
        assert_eq!(none.quiet_hours, None);
        for (text, words) in [
            (
                "[channels]\nfax = { opted_in = true }\n",
                "unknown contact channel",
            ),
            (
                "[channels]\nsms = { opted_in = true, max_per_week = 0 }\n",
                "max_per_week",
            ),
            ("[quiet_hours]\nstart = \"9pm\"\nend = \"08:00\"\n", "HH:MM"),
            ("colour = \"red\"\n", "unknown key"),
        ] {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.contains(words) && e.starts_with("contact.toml:"), "{e}");
        }
    }
}
