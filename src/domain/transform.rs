//! Reduced views of a field: what a purpose may be given instead of the value itself (a masked
//! email, an age band instead of a birth date, the first characters of a postal code). The
//! policy declares them per purpose (`views` in `purposes.toml`); they are parsed and checked
//! once at load, and applying one never fails and never panics, whatever the stored value is.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::{Field, IdentifierType, PersonalField};

/// The longest prefix `truncate:N` may keep.
pub const MAX_TRUNCATE: u8 = 10;

/// A reduced view of a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Transform {
    /// The first character and `***`; for an email, the first character of the local part,
    /// `***`, `@` and the domain (`j***@example.com`).
    Mask,
    /// A birth date as an age band: `under_18`, `18-24`, `25-34`, `35-44`, `45-54`, `55-64`,
    /// `65+` (or `unknown` for a value that is not a date `YYYY-MM-DD` in the past).
    AgeBand,
    /// The first N characters (not bytes). [`Transform::parse`] accepts N from 1 to
    /// [`MAX_TRUNCATE`].
    Truncate(u8),
}

/// Why a policy's transform name was refused. Names the text written in the policy (never a
/// field value).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransformError {
    #[error("unknown transform {0:?}; use mask, age_band or truncate:N (N from 1 to 10)")]
    Unknown(String),
    #[error(
        "invalid transform {0:?}: truncate:N keeps the first N characters, N a whole number \
         from 1 to 10"
    )]
    TruncateLength(String),
}

/// The age bands [`Transform::AgeBand`] gives, youngest first: (lowest age, name).
const AGE_BANDS: [(i32, &str); 7] = [
    (0, "under_18"),
    (18, "18-24"),
    (25, "25-34"),
    (35, "35-44"),
    (45, "45-54"),
    (55, "55-64"),
    (65, "65+"),
];

/// What [`Transform::AgeBand`] gives for a value that is not a birth date in the past.
pub const AGE_UNKNOWN: &str = "unknown";

impl Transform {
    /// Parses a policy name: `mask`, `age_band` or `truncate:N` with N from 1 to 10, written
    /// plainly (no sign, no leading zero, no spaces).
    pub fn parse(s: &str) -> Result<Transform, TransformError> {
        match s {
            "mask" => return Ok(Self::Mask),
            "age_band" => return Ok(Self::AgeBand),
            _ => {}
        }
        let Some(n) = s.strip_prefix("truncate:") else {
            return Err(TransformError::Unknown(s.to_owned()));
        };
        let plain = !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit());
        match n.parse::<u8>() {
            Ok(n) if plain && (1..=MAX_TRUNCATE).contains(&n) => Ok(Self::Truncate(n)),
            _ => Err(TransformError::TruncateLength(s.to_owned())),
        }
    }

    /// The policy name; [`Transform::parse`] reads it back for every transform it accepts.
    pub fn name(&self) -> String {
        match self {
            Self::Mask => "mask".to_owned(),
            Self::AgeBand => "age_band".to_owned(),
            Self::Truncate(n) => format!("truncate:{n}"),
        }
    }

    /// Whether this transform makes sense for `field`: `mask` for every text field (all but
    /// `birth_date`, identifiers included), `age_band` for `birth_date` only, `truncate:N` for
    /// the personal text fields (all but `birth_date`; not identifiers).
    pub fn applies_to(&self, field: Field) -> bool {
        let birth_date = field == Field::Personal(PersonalField::BirthDate);
        match self {
            Self::Mask => !birth_date,
            Self::AgeBand => birth_date,
            Self::Truncate(_) => matches!(field, Field::Personal(_)) && !birth_date,
        }
    }

    /// Applies the transform to a stored value of `field`. `today` is the date ages are
    /// counted on. Total: any input gives an answer, none panics.
    pub fn apply(&self, field: Field, value: &str, today: time::Date) -> String {
        match self {
            Self::Mask => mask(field, value),
            Self::AgeBand => age_band(value, today).to_owned(),
            Self::Truncate(n) => value.chars().take(usize::from(*n)).collect(),
        }
    }
}

fn is_email_field(field: Field) -> bool {
    matches!(
        field,
        Field::Personal(PersonalField::Email) | Field::Identifiers(IdentifierType::Email)
    )
}

fn mask(field: Field, value: &str) -> String {
    let first_of = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    match value.rsplit_once('@') {
        Some((local, domain)) if is_email_field(field) => {
            format!("{}***@{domain}", first_of(local))
        }
        _ => format!("{}***", first_of(value)),
    }
}

fn age_band(value: &str, today: time::Date) -> &'static str {
    let Some(birth) = parse_iso_date(value.trim()) else {
        return AGE_UNKNOWN;
    };
    if birth > today {
        return AGE_UNKNOWN;
    }
    // Full years: one less if this year's birthday has not come yet. Someone born on 29
    // February has their birthday on 1 March in a common year.
    let mut age = today.year() - birth.year();
    if (u8::from(today.month()), today.day()) < (u8::from(birth.month()), birth.day()) {
        age -= 1;
    }
    AGE_BANDS
        .iter()
        .rev()
        .find(|(from, _)| age >= *from)
        .map_or(AGE_UNKNOWN, |(_, name)| name)
}

/// `YYYY-MM-DD`, exactly ten ASCII characters, a real calendar date.
fn parse_iso_date(s: &str) -> Option<time::Date> {
    let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = s.as_bytes() else {
        return None;
    };
    let digit = |b: u8| b.is_ascii_digit().then(|| b - b'0');
    let year = [y1, y2, y3, y4]
        .into_iter()
        .try_fold(0i32, |acc, b| Some(acc * 10 + i32::from(digit(b)?)))?;
    let month = digit(m1)? * 10 + digit(m2)?;
    let day = digit(d1)? * 10 + digit(d2)?;
    let month = time::Month::try_from(month).ok()?;
    time::Date::from_calendar_date(year, month, day).ok()
}

impl FromStr for Transform {
    type Err = TransformError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Transform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl Serialize for Transform {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;
    use time::Date;

    use super::*;

    const EMAIL: Field = Field::Personal(PersonalField::Email);
    const BIRTH_DATE: Field = Field::Personal(PersonalField::BirthDate);
    const POSTAL_CODE: Field = Field::Personal(PersonalField::PostalCode);
    const CITY: Field = Field::Personal(PersonalField::City);
    const ID_EMAIL: Field = Field::Identifiers(IdentifierType::Email);
    const ID_LOYALTY: Field = Field::Identifiers(IdentifierType::LoyaltyCard);
    const TODAY: Date = date!(2026 - 06 - 15);

    fn band(birth: &str, today: Date) -> String {
        Transform::AgeBand.apply(BIRTH_DATE, birth, today)
    }

    #[test]
    fn names_parse_and_round_trip() {
        assert_eq!(Transform::parse("mask"), Ok(Transform::Mask));
        assert_eq!(Transform::parse("age_band"), Ok(Transform::AgeBand));
        assert_eq!(Transform::parse("truncate:3"), Ok(Transform::Truncate(3)));
        assert_eq!(Transform::parse("truncate:1"), Ok(Transform::Truncate(1)));
        assert_eq!(Transform::parse("truncate:10"), Ok(Transform::Truncate(10)));
        let mut all = vec![Transform::Mask, Transform::AgeBand];
        all.extend((1..=MAX_TRUNCATE).map(Transform::Truncate));
        for t in all {
            assert_eq!(Transform::parse(&t.name()), Ok(t), "{t}");
            assert_eq!(t.name().parse::<Transform>(), Ok(t));
            assert_eq!(t.to_string(), t.name());
            assert_eq!(
                serde_json::to_value(t).unwrap(),
                serde_json::json!(t.name())
            );
        }
    }

    #[test]
    fn bad_names_are_refused_with_the_reason() {
        for bad in [
            "", "Mask", " mask", "mask ", "hash", "age-band", "truncate", "trunc:3",
        ] {
            assert_eq!(
                Transform::parse(bad),
                Err(TransformError::Unknown(bad.to_owned())),
                "{bad:?}"
            );
        }
        for bad in [
            "truncate:",
            "truncate:0",
            "truncate:11",
            "truncate:255",
            "truncate:256",
            "truncate:-1",
            "truncate:+3",
            "truncate:03",
            "truncate: 3",
            "truncate:3 ",
            "truncate:3.0",
            "truncate:x",
            "truncate:٣",
        ] {
            assert_eq!(
                Transform::parse(bad),
                Err(TransformError::TruncateLength(bad.to_owned())),
                "{bad:?}"
            );
        }
        let msg = TransformError::Unknown("hash".into()).to_string();
        assert!(msg.contains("mask, age_band or truncate:N"), "{msg}");
    }

    #[test]
    fn each_transform_applies_to_its_fields() {
        for field in Field::all() {
            let is_birth_date = field == BIRTH_DATE;
            let personal = matches!(field, Field::Personal(_));
            assert_eq!(Transform::Mask.applies_to(field), !is_birth_date, "{field}");
            assert_eq!(
                Transform::AgeBand.applies_to(field),
                is_birth_date,
                "{field}"
            );
            assert_eq!(
                Transform::Truncate(3).applies_to(field),
                personal && !is_birth_date,
                "{field}"
            );
        }
        assert!(Transform::Mask.applies_to(ID_LOYALTY));
        assert!(!Transform::Truncate(3).applies_to(ID_LOYALTY));
    }

    #[test]
    fn mask_keeps_the_first_character_and_an_email_domain() {
        let mask = |f, v| Transform::Mask.apply(f, v, TODAY);
        assert_eq!(mask(EMAIL, "jane.doe@example.com"), "j***@example.com");
        assert_eq!(mask(ID_EMAIL, "Jane@Example.com"), "J***@Example.com");
        // The last @ separates the domain (a quoted local part may hold one).
        assert_eq!(mask(EMAIL, "\"a@b\"@example.com"), "\"***@example.com");
        assert_eq!(mask(EMAIL, "@example.com"), "***@example.com");
        assert_eq!(mask(EMAIL, "émile@exämple.de"), "é***@exämple.de");
        // Not an email address after all: plain mask.
        assert_eq!(mask(EMAIL, "jane"), "j***");
        // Other fields: first character only, even if the value holds an @.
        assert_eq!(mask(CITY, "Berlin"), "B***");
        assert_eq!(mask(CITY, "x@y"), "x***");
        assert_eq!(mask(ID_LOYALTY, "LC-4711"), "L***");
        assert_eq!(mask(CITY, "Łódź"), "Ł***");
        assert_eq!(mask(CITY, ""), "***");
        assert_eq!(mask(EMAIL, ""), "***");
    }

    #[test]
    fn truncate_counts_characters_not_bytes() {
        let t = |n, v| Transform::Truncate(n).apply(POSTAL_CODE, v, TODAY);
        assert_eq!(t(3, "10115"), "101");
        assert_eq!(t(3, "SW1A 1AA"), "SW1");
        assert_eq!(t(3, "ab"), "ab");
        assert_eq!(t(3, ""), "");
        assert_eq!(t(2, "Łódź"), "Łó");
        assert_eq!(t(1, "😀x"), "😀");
        assert_eq!(t(10, "0123456789abc"), "0123456789");
    }

    #[test]
    fn age_bands_have_the_right_edges() {
        let cases = [
            ("2026-06-15", "under_18"),
            ("2008-06-16", "under_18"), // 18 tomorrow
            ("2008-06-15", "18-24"),    // 18 today
            ("2001-06-16", "18-24"),    // 25 tomorrow
            ("2001-06-15", "25-34"),
            ("1991-06-15", "35-44"),
            ("1991-06-16", "25-34"),
            ("1981-06-16", "35-44"),
            ("1981-06-15", "45-54"),
            ("1971-06-16", "45-54"),
            ("1971-06-15", "55-64"),
            ("1961-06-16", "55-64"), // 65 tomorrow
            ("1961-06-15", "65+"),
            ("1900-01-01", "65+"),
            ("1988-04-12", "35-44"),
        ];
        for (birth, expected) in cases {
            assert_eq!(band(birth, TODAY), expected, "{birth}");
        }
    }

    #[test]
    fn age_band_turns_on_the_birthday_not_the_year() {
        // Born 31 December 2007: 18 only on the last day of 2025.
        assert_eq!(band("2007-12-31", date!(2025 - 12 - 30)), "under_18");
        assert_eq!(band("2007-12-31", date!(2025 - 12 - 31)), "18-24");
        // Born 1 January: 18 on New Year's Day.
        assert_eq!(band("2008-01-01", date!(2025 - 12 - 31)), "under_18");
        assert_eq!(band("2008-01-01", date!(2026 - 01 - 01)), "18-24");
    }

    #[test]
    fn age_band_of_a_leap_day_birth() {
        // Born 29 February 2008: in a common year the birthday is counted on 1 March.
        assert_eq!(band("2008-02-29", date!(2026 - 02 - 28)), "under_18");
        assert_eq!(band("2008-02-29", date!(2026 - 03 - 01)), "18-24");
        // In a leap year, on the day itself.
        assert_eq!(band("2006-02-28", date!(2024 - 02 - 28)), "18-24");
        assert_eq!(band("2004-02-29", date!(2022 - 02 - 28)), "under_18");
        assert_eq!(band("2004-02-29", date!(2022 - 03 - 01)), "18-24");
        assert_eq!(band("2000-02-29", date!(2018 - 02 - 28)), "under_18");
        assert_eq!(band("1996-02-29", date!(2020 - 02 - 28)), "18-24");
        // Still 24 on 28 February of a common year.
        assert_eq!(band("1996-02-29", date!(2021 - 02 - 28)), "18-24");
        assert_eq!(band("1996-02-29", date!(2021 - 03 - 01)), "25-34");
        assert_eq!(band("1995-02-28", date!(2020 - 02 - 29)), "25-34");
        // Born on a leap day, on a leap day: 24 today.
        assert_eq!(band("1996-02-29", date!(2020 - 02 - 29)), "18-24");
        // A 29 February that does not exist is not a date.
        assert_eq!(band("2001-02-29", TODAY), AGE_UNKNOWN);
    }

    #[test]
    fn age_band_of_something_else_is_unknown() {
        for bad in [
            "",
            "1990",
            "1990-1-1",
            "1990-01-01T00:00:00Z",
            "1990/01/01",
            "1990-13-01",
            "1990-00-10",
            "1990-04-31",
            "+990-01-01",
            "-990-01-01",
            "１９９０-01-01",
            "1990-0١-01",
            "2026-06-16", // tomorrow
            "9999-12-31",
        ] {
            assert_eq!(band(bad, TODAY), AGE_UNKNOWN, "{bad:?}");
        }
        assert_eq!(band(" 1990-01-01 ", TODAY), "35-44");
    }

    #[test]
    fn no_input_panics() {
        let long = "é".repeat(10_000);
        let odd = [
            "",
            " ",
            "@",
            "@@",
            "a@",
            "@b",
            "é",
            "ééé@ü.de",
            "😀",
            "👨‍👩‍👧@👨‍👩‍👧",
            "e\u{301}",
            "\u{0}",
            "\u{feff}@\u{feff}",
            "\u{10ffff}",
            "2024-02-29",
            "0000-01-01",
            "9999-12-31",
            "1990-02-30",
            "1990-0é-01",
            "19é0-01-01",
            long.as_str(),
        ];
        let mut transforms = vec![
            Transform::Mask,
            Transform::AgeBand,
            Transform::Truncate(0),
            Transform::Truncate(u8::MAX),
        ];
        transforms.extend((1..=MAX_TRUNCATE).map(Transform::Truncate));
        for today in [TODAY, Date::MIN, Date::MAX] {
            for t in &transforms {
                for field in Field::all() {
                    for value in odd {
                        let out = t.apply(field, value, today);
                        assert!(
                            out.chars().count() <= value.chars().count() + 9,
                            "{t} {field}"
                        );
                    }
                }
            }
        }
    }
}
