//! `controller.toml` (optional): who the controller is and its controller-wide settings — the
//! time zone its deadlines run in and the digital consent age (Art. 8(1)), with the ages of
//! the member states that set another.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::source::{non_empty, Source};
use crate::policy::error::PolicyError;
use crate::policy::model::Controller;

/// Art. 8(1): member states may set the age at 13 to 16.
const AGES: std::ops::RangeInclusive<u8> = 13..=16;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ControllerFile {
    name: Spanned<String>,
    country: Spanned<String>,
    time_zone: Spanned<String>,
    withdraw_url: Option<Spanned<String>>,
    digital_consent_age: Option<Spanned<i64>>,
    #[serde(default)]
    digital_consent_age_by_country: BTreeMap<Spanned<String>, Spanned<i64>>,
}

/// The controller; an empty text (no file) gives [`Controller::default`].
pub(super) fn parse_controller(src: &Source<'_>) -> Result<Controller, PolicyError> {
    if src.is_blank() {
        return Ok(Controller::default());
    }
    let file: ControllerFile = src.parse()?;
    let name = non_empty(src, file.name, "name")?;
    let country = check_country(src, &file.country)?;
    let time_zone = check_time_zone(src, &file.time_zone)?;
    let withdraw_url = match file.withdraw_url {
        Some(url) => Some(check_url(src, &url)?),
        None => None,
    };
    let digital_consent_age = match file.digital_consent_age {
        Some(age) => check_age(src, &age)?,
        None => Controller::default().digital_consent_age,
    };
    let mut entries: Vec<_> = file.digital_consent_age_by_country.into_iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut by_country = BTreeMap::new();
    for (key, age) in entries {
        let code = check_country(src, &key)?;
        by_country.insert(code, check_age(src, &age)?);
    }
    Ok(Controller {
        name,
        country: Some(country),
        time_zone,
        withdraw_url,
        digital_consent_age,
        digital_consent_age_by_country: by_country,
    })
}

fn check_country(src: &Source<'_>, value: &Spanned<String>) -> Result<String, PolicyError> {
    let v = value.get_ref();
    if v.len() == 2 && v.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(v.clone())
    } else {
        Err(src.error(
            value.span(),
            format!("invalid country {v:?}: use an ISO 3166-1 alpha-2 code such as \"DE\""),
        ))
    }
}

fn check_age(src: &Source<'_>, age: &Spanned<i64>) -> Result<u8, PolicyError> {
    u8::try_from(*age.get_ref())
        .ok()
        .filter(|a| AGES.contains(a))
        .ok_or_else(|| {
            src.error(
                age.span(),
                format!(
                    "a digital consent age must be 13 to 16 (GDPR Art. 8(1)), not {}",
                    age.get_ref()
                ),
            )
        })
}

/// An IANA time zone name the tz database knows (`Europe/Berlin`, `UTC`).
fn check_time_zone(src: &Source<'_>, value: &Spanned<String>) -> Result<String, PolicyError> {
    let v = value.get_ref().trim();
    if crate::domain::time_zone(v).is_some() {
        Ok(v.to_owned())
    } else {
        Err(src.error(
            value.span(),
            format!(
                "unknown time zone {v:?}: use an IANA time zone name such as \"Europe/Berlin\""
            ),
        ))
    }
}

fn check_url(src: &Source<'_>, value: &Spanned<String>) -> Result<String, PolicyError> {
    let v = value.get_ref().trim();
    let host = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .and_then(|r| r.split(['/', '?', '#']).next());
    if v.len() <= 2000
        && !v.chars().any(|c| c.is_control() || c.is_whitespace())
        && host.is_some_and(|h| !h.is_empty() && !h.contains('@'))
    {
        Ok(v.to_owned())
    } else {
        Err(src.error(
            value.span(),
            "withdraw_url must be an http:// or https:// address without a user name, e.g. \
             https://shop.example.com/privacy",
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::testing::shipping::{CATEGORIES, CLIENTS, PURPOSES};
    use crate::policy::{Controller, Policy};

    const BASE: &str = "name = \"Example Shop GmbH\"\ncountry = \"DE\"\n\
                        time_zone = \"Europe/Berlin\"\n";

    fn load(controller: &str) -> Result<Controller, String> {
        Policy::from_strs_with_notices(PURPOSES, CLIENTS, CATEGORIES, "", "", "", controller)
            .map(|p| p.controller().clone())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn without_the_file_the_defaults_apply() {
        let c = load("").unwrap();
        assert_eq!(c, Controller::default());
        assert_eq!(c.time_zone, "UTC");
        assert_eq!(c.digital_consent_age(Some("FR")), 16);
        assert_eq!(c.digital_consent_age(None), 16);
    }

    #[test]
    fn the_controller_and_its_ages_are_loaded() {
        let c = load(&format!(
            "{BASE}withdraw_url = \"https://shop.example.com/privacy\"\n\
             digital_consent_age = 16\n[digital_consent_age_by_country]\nFR = 15\nAT = 14\n"
        ))
        .unwrap();
        assert_eq!(c.name, "Example Shop GmbH");
        assert_eq!(c.country.as_deref(), Some("DE"));
        assert_eq!(c.time_zone, "Europe/Berlin");
        assert_eq!(
            c.withdraw_url.as_deref(),
            Some("https://shop.example.com/privacy")
        );
        assert_eq!(c.digital_consent_age(Some("FR")), 15);
        assert_eq!(c.digital_consent_age(Some("AT")), 14);
        assert_eq!(c.digital_consent_age(Some("DE")), 16);
        assert_eq!(c.digital_consent_age(Some("XX")), 16);
        assert_eq!(c.digital_consent_age(None), 16);
        // The age defaults to 16.
        assert_eq!(load(BASE).unwrap().digital_consent_age, 16);
    }

    #[test]
    fn bad_settings_are_refused_with_their_position() {
        for (bad, expected) in [
            (
                BASE.replace("Europe/Berlin", "Europe/Atlantis"),
                "controller.toml:3:13: unknown time zone \"Europe/Atlantis\"",
            ),
            (
                BASE.replace("\"DE\"", "\"Germany\""),
                "controller.toml:2:11: invalid country \"Germany\"",
            ),
            (
                format!("{BASE}digital_consent_age = 12\n"),
                "controller.toml:4:23: a digital consent age must be 13 to 16 (GDPR Art. 8(1)), \
                 not 12",
            ),
            (
                format!("{BASE}[digital_consent_age_by_country]\nFR = 15\nfr = 15\n"),
                "controller.toml:6:1: invalid country \"fr\"",
            ),
            (
                format!("{BASE}[digital_consent_age_by_country]\nAT = 17\n"),
                "controller.toml:5:6: a digital consent age must be 13 to 16",
            ),
            (
                format!("{BASE}withdraw_url = \"mailto:x\"\n"),
                "controller.toml:4:16: withdraw_url must be",
            ),
            (
                BASE.replace("name = \"Example Shop GmbH\"", "name = \" \""),
                "controller.toml:1:8: name must not be empty",
            ),
            (
                format!("{BASE}age = 16\n"),
                "controller.toml:4:1: unknown key `age`",
            ),
            (
                "name = \"X\"\n".to_owned(),
                "controller.toml:1:1: missing key `country`",
            ),
        ] {
            let e = load(&bad).unwrap_err();
            assert!(e.starts_with(expected), "{e}\n  expected: {expected}");
        }
    }
}
