//! Property tests (proptest) over the public API of the domain parsers and the policy: the
//! parsers never panic and what they accept is canonical and satisfies the documented rules;
//! the one decision function never gives a field the purpose does not cover, never gives
//! anything without the consent, restriction and objection rules being met, and never gives
//! more when a subject has restricted, objected, withdrawn or been erased; the policy loader
//! never panics and every policy it accepts satisfies the rules `model.rs` says were checked.
//!
//! `PROPTEST_CASES=N cargo test --test properties` runs more cases (default 256 per property).
//! See `docs/fuzzing.md` for what is covered here and by the fuzz targets under `fuzz/`.
//!
//! A property that finds a bug gets a pinned regression test next to it, named after the
//! fixed behaviour.

// Test code: a failed unwrap or expect is a failed test, which is what we want (the crate denies
// both outside tests; `clippy.toml` allows them in `#[test]` functions but not in the helpers and
// strategies of an integration test file).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::path::Path;
use std::sync::OnceLock;

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::macros::{date, datetime};
use time::{Date, Duration, OffsetDateTime};
use unicode_normalization::UnicodeNormalization;

use custodia::domain::rfm::{self, Rfm};
use custodia::domain::{
    BirthDate, Channel, ClientId, ConsentDecision, ConsentStatus, Email, Field, Identifier,
    IdentifierType, Language, NewSubject, PersonName, PersonalField, Phone, PurposeId, RawAddress,
    RawConsentDecision, RawSubject, RestrictionGround, Role, SubjectId, TcString, Transform,
    EVIDENCE_KEYS, MAX_CLOCK_SKEW, MAX_IDENTIFIERS,
};
use custodia::policy::{
    looks_like_direct_identifier, AccessRequest, ConsentState, Decision, DenyReason, LegalBasis,
    Policy, PolicyError, PropertyType, Scope, SubjectState, WithholdReason, CATEGORIES_FILE,
    CLIENTS_FILE, EVENTS_FILE, PURPOSES_FILE, TCF_FILE,
};

/// The day birth dates are checked against, and the instant consents are received at.
const TODAY: Date = date!(2026 - 11 - 30);
const NOW: OffsetDateTime = datetime!(2026-11-30 12:00 UTC);

/// Put into generated values so a test can tell whether an error message repeats a value.
const MARKER: &str = "QZXMARK";

/// The default configuration (256 cases, `PROPTEST_CASES` and `PROPTEST_RNG_SEED` honoured)
/// without failure persistence: proptest cannot find a source directory for an integration
/// test, and regressions worth keeping are pinned as plain `#[test]`s here instead.
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies for text

/// Characters that parsers treat specially: white space of several kinds (ASCII, Unicode, some
/// of it control characters), separators, `@`, letters whose lower case is longer or shorter
/// than their upper case (`İ`, the Kelvin sign), a combining mark, a full-width digit.
const TRICKY: &str = " \t\n\r\u{0}\u{7}\u{1b}\u{7f}\u{85}\u{a0}\u{2028}\u{feff}\u{200b}@.+-()[]:/_%'\"\\İıKkſßẞΣσςȺⱥé\u{301}０9aZ";

/// Arbitrary text: fully random strings, and short strings drawn mostly from [`TRICKY`].
fn noisy() -> impl Strategy<Value = String> {
    let tricky: Vec<char> = TRICKY.chars().collect();
    prop_oneof![
        2 => any::<String>(),
        2 => vec(select(tricky), 0..24).prop_map(|cs| cs.into_iter().collect()),
        1 => "[ -~]{0,40}",
        1 => "\\PC{0,300}",
    ]
}

/// Optional white space of the kinds `str::trim` removes (and one it does not, `\u{200b}`).
fn padding() -> impl Strategy<Value = String> {
    vec(
        select(vec![' ', '\t', '\n', '\u{a0}', '\u{2028}', '\u{3000}']),
        0..3,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

/// Email-shaped text: a local part of the characters the HTML spec allows, `@`, a domain of
/// ASCII labels, Unicode labels (IDN) or an address literal, sometimes with junk in front of
/// the literal, and sometimes white space around.
fn email_like() -> impl Strategy<Value = String> {
    let local = prop_oneof![
        6 => "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}",
        // A percent-encoded `@` inside the local part (allowed there).
        1 => "[a-z]{1,10}%40[a-z]{0,10}",
    ];
    let label = prop_oneof![
        4 => "[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?",
        2 => "[a-zA-Z0-9İıΣσςẞßȺⱥÀ-ÿа-яА-ЯＡ-Ｚ]{1,12}",
        1 => "\\PC{1,6}",
    ];
    let domain = prop_oneof![
        6 => vec(label, 1..5).prop_map(|labels| labels.join(".")),
        1 => "\\[(1\\.2\\.3\\.4|::1|2001:db8::7|300\\.1\\.1\\.1)\\]",
        1 => "[^@]{0,8}\\[(10\\.0\\.0\\.1|::1)\\]",
    ];
    (padding(), local, domain, padding())
        .prop_map(|(before, local, domain, after)| format!("{before}{local}@{domain}{after}"))
}

/// Emails of 240 to 254 bytes whose domain starts with a label of letters whose lower case
/// takes more bytes (`İ` is 2 bytes, lower-cased `i̇` is 3): the edge of the 254-byte cap.
fn long_email() -> impl Strategy<Value = String> {
    (
        "[a-z]{20,64}",
        select(vec!["İ", "İİ", "Ⱥ", "ȺȺȺ", "ab"]),
        240usize..=254,
    )
        .prop_map(|(local, first_label, total)| {
            let mut domain = format!("{first_label}.");
            let mut left = total.saturating_sub(local.len() + 1 + domain.len());
            while left > 0 {
                let n = left.min(60);
                // A label never ends in a dot; keep at least 2 characters per label.
                let n = if left - n == 1 { n - 1 } else { n };
                domain.push_str(&"a".repeat(n));
                left -= n;
                if left > 0 {
                    domain.push('.');
                    left -= 1;
                }
            }
            format!("{local}@{}", domain.trim_end_matches('.'))
        })
}

/// A phone number as typed: optional `+`, digits, and separators people type (sometimes a
/// character that is not one: a slash, a letter, a tab, a full-width digit).
fn phone_like() -> impl Strategy<Value = (bool, String, String)> {
    let seps = vec![' ', '-', '.', '(', ')'];
    let junk = vec!['/', 'x', '\t', '\u{a0}', '０', '#'];
    (
        any::<bool>(),
        "[0-9]{0,18}",
        vec(
            prop_oneof![8 => select(seps), 1 => select(junk)].prop_map(Some),
            0..6,
        ),
        any::<u64>(),
    )
        .prop_map(|(plus, digits, seps, seed)| {
            // Spread the separators between the digits, deterministically from `seed`.
            let mut typed = String::new();
            if plus {
                typed.push('+');
            }
            let mut seps = seps.into_iter().flatten();
            for (i, d) in digits.chars().enumerate() {
                if (seed >> (i % 64)) & 1 == 1 {
                    if let Some(s) = seps.next() {
                        typed.push(s);
                    }
                }
                typed.push(d);
            }
            typed.extend(seps);
            (plus, digits, typed)
        })
}

// ---------------------------------------------------------------------------------------------
// Email

/// The rules every accepted email satisfies, apart from normalisation.
fn check_email(raw: &str) -> Result<(), TestCaseError> {
    let Ok(e) = Email::parse(raw) else {
        return Ok(());
    };
    // Stored trimmed and in NFKC.
    let nfkc: String = raw.trim().nfkc().collect();
    prop_assert_eq!(e.as_str(), nfkc.as_str());
    prop_assert!(e.as_str().len() <= 254);
    prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
    // White space around the input does not change the outcome.
    prop_assert_eq!(Email::parse(&format!(" {raw}\t")), Ok(e.clone()));
    // The local part is ASCII (the HTML spec's characters); normalising lower-cases it and
    // leaves it otherwise as it is.
    let (local, _) = e.as_str().rsplit_once('@').unwrap();
    prop_assert!(local.is_ascii());
    let n = e.normalised();
    let (n_local, _) = n.rsplit_once('@').unwrap();
    prop_assert_eq!(n_local, local.to_ascii_lowercase());
    if e.as_str().is_ascii() {
        prop_assert_eq!(&n, &e.as_str().to_ascii_lowercase());
    }
    Ok(())
}

/// The normalised form is ASCII: the domain in its IDNA (punycode) form.
fn check_email_normalised_is_ascii(raw: &str) -> Result<(), TestCaseError> {
    if let Ok(e) = Email::parse(raw) {
        let n = e.normalised();
        prop_assert!(n.is_ascii(), "{:?} normalises to {:?}", e.as_str(), n);
    }
    Ok(())
}

/// Any accepted email is refused as an event property value.
fn check_email_is_a_direct_identifier(raw: &str) -> Result<(), TestCaseError> {
    if let Ok(e) = Email::parse(raw) {
        prop_assert!(
            looks_like_direct_identifier(e.as_str()),
            "accepted email not taken for a direct identifier: {:?}",
            e.as_str()
        );
    }
    Ok(())
}

/// The normalised form (what the blind index is computed over, and what an email identifier
/// stores) is itself an accepted email with the same normalised form.
fn check_email_normalisation(raw: &str) -> Result<(), TestCaseError> {
    let Ok(e) = Email::parse(raw) else {
        return Ok(());
    };
    let n = e.normalised();
    let again = Email::parse(&n);
    prop_assert!(
        again.is_ok(),
        "normalised form of an accepted email is refused: {:?} ({} bytes) -> {:?} ({} bytes)",
        e.as_str(),
        e.as_str().len(),
        n,
        n.len()
    );
    prop_assert_eq!(again.map(|a| a.normalised()), Ok(n.clone()));
    let id = Identifier::parse(IdentifierType::Email, raw);
    prop_assert_eq!(id.as_ref().map(|i| i.value()), Ok(n.as_str()));
    Ok(())
}

/// An internationalised domain and its ASCII (IDNA) form are one identifier, as the doc of
/// `Email::normalised` says (`Jane@Bücher.example`, `jane@xn--bcher-kva.example`).
fn check_email_idn_equivalence(raw: &str) -> Result<(), TestCaseError> {
    let Ok(e) = Email::parse(raw) else {
        return Ok(());
    };
    let (local, domain) = e.as_str().rsplit_once('@').unwrap();
    if let Ok(ascii) = idna::domain_to_ascii(domain) {
        if let Ok(a) = Email::parse(&format!("{local}@{ascii}")) {
            prop_assert_eq!(
                a.normalised(),
                e.normalised(),
                "{:?} and its IDNA form {:?} differ",
                e.as_str(),
                a.as_str()
            );
        }
    }
    Ok(())
}

/// No white space or control character inside an accepted email.
fn check_email_has_no_space_or_control(raw: &str) -> Result<(), TestCaseError> {
    if let Ok(e) = Email::parse(raw) {
        prop_assert!(
            !e.as_str()
                .chars()
                .any(|c| c.is_control() || c.is_whitespace()),
            "accepted email with white space or a control character: {:?}",
            e.as_str()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn email_parse_is_total_and_accepted_emails_are_canonical(
        raw in prop_oneof![noisy(), email_like(), long_email()]
    ) {
        check_email(&raw)?;
    }

    /// Its regression test is pinned below: `email_with_percent_40_is_a_direct_identifier`.
    #[test]
    fn accepted_emails_look_like_direct_identifiers(
        raw in prop_oneof![noisy(), email_like(), long_email()]
    ) {
        check_email_is_a_direct_identifier(&raw)?;
    }

    /// The same for emails without `%40` (kept from before the `%40` fix).
    #[test]
    fn accepted_emails_without_percent_40_look_like_direct_identifiers(
        raw in prop_oneof![noisy(), email_like(), long_email()].prop_filter("no %40", |r| !r.contains("%40"))
    ) {
        check_email_is_a_direct_identifier(&raw)?;
    }

    #[test]
    fn emails_of_the_simple_ascii_form_are_accepted(
        local in "[a-zA-Z0-9._+-]{1,40}",
        labels in vec("[a-zA-Z0-9]([a-zA-Z0-9-]{0,20}[a-zA-Z0-9])?", 1..4),
        tld in "[a-zA-Z]{2,6}",
    ) {
        let raw = format!("{local}@{}.{tld}", labels.join("."));
        let e = Email::parse(&raw);
        prop_assert!(e.is_ok(), "{:?} refused", raw);
        check_email(&raw)?;
        check_email_normalisation(&raw)?;
        check_email_has_no_space_or_control(&raw)?;
    }

    #[test]
    fn text_without_exactly_one_at_sign_in_a_plausible_place_is_refused(
        raw in "[^@]{0,80}"
    ) {
        prop_assert!(Email::parse(&raw).is_err());
    }

    /// Its regression test is pinned below:
    /// `email_whose_normalised_form_exceeds_the_length_cap_is_refused`.
    #[test]
    fn email_normalised_form_is_an_accepted_email(
        raw in prop_oneof![email_like(), long_email()]
    ) {
        check_email_normalisation(&raw)?;
    }

    /// The same, away from the length cap (short inputs) and without `[` (kept from before the
    /// length-cap fix and from when address literals were accepted; they are refused now).
    #[test]
    fn short_email_normalised_form_is_an_accepted_email(
        raw in email_like().prop_filter("well under the cap, no literal", |r| r.len() <= 160 && !r.contains('['))
    ) {
        check_email_normalisation(&raw)?;
    }

    /// Without `[` (kept from when address literals were accepted, whose junk prefix IDNA
    /// refused and whose lower-cased text was kept; they are refused now).
    #[test]
    fn normalised_emails_are_ascii(
        raw in prop_oneof![noisy(), email_like(), long_email()].prop_filter("no literal", |r| !r.contains('['))
    ) {
        check_email_normalised_is_ascii(&raw)?;
    }

    /// Its regression test is pinned below: `email_with_final_sigma_is_one_identifier`.
    #[test]
    fn an_idn_domain_and_its_ascii_form_are_one_identifier(
        raw in prop_oneof![email_like(), "[a-z]{1,8}@[a-zA-ZΑ-Ωα-ωςİß]{1,8}\\.[a-zA-ZΑ-Ωα-ως]{2,8}"]
    ) {
        check_email_idn_equivalence(&raw)?;
    }

    /// The same without a capital sigma (kept from before the final-sigma fix).
    #[test]
    fn an_idn_domain_without_capital_sigma_and_its_ascii_form_are_one_identifier(
        raw in prop_oneof![email_like(), "[a-z]{1,8}@[a-zA-ZΑ-Ωα-ωςİß]{1,8}\\.[a-zA-ZΑ-Ωα-ως]{2,8}"]
            .prop_filter("no capital sigma", |r| !r.contains('Σ'))
    ) {
        check_email_idn_equivalence(&raw)?;
    }

    /// Letters with a one-to-one case mapping (not `ß`, whose upper case is `SS`, a different
    /// domain under IDNA 2008).
    #[test]
    fn emails_differing_only_in_case_are_one_identifier(
        local in "[a-zA-Z0-9._+-]{1,40}",
        domain in "[a-zA-Z0-9]{1,20}\\.[a-zA-Zà-öø-þÀ-ÖØ-Þ]{2,10}",
    ) {
        let raw = format!("{local}@{domain}");
        if let (Ok(a), Ok(b)) = (Email::parse(&raw.to_ascii_uppercase()), Email::parse(&raw.to_ascii_lowercase())) {
            prop_assert_eq!(a.normalised(), b.normalised());
        }
        if let (Ok(a), Ok(b)) = (Email::parse(&raw.to_uppercase()), Email::parse(&raw.to_lowercase())) {
            prop_assert_eq!(a.normalised(), b.normalised(), "{}", raw);
        }
    }

    /// Its regression test is pinned below: `email_with_control_characters_is_refused`.
    #[test]
    fn accepted_emails_have_no_white_space_or_control_characters(
        raw in prop_oneof![noisy(), email_like()]
    ) {
        check_email_has_no_space_or_control(&raw)?;
    }

    /// The same for domains made of labels (no address literal; kept from before the fix that
    /// refuses address literals).
    #[test]
    fn emails_with_a_named_domain_have_no_white_space_or_control_characters(
        raw in prop_oneof![noisy(), email_like()].prop_filter("no address literal", |r| !r.contains('['))
    ) {
        check_email_has_no_space_or_control(&raw)?;
    }
}

/// Regression (found by the property above): an address whose index form (lower case, IDNA)
/// would be longer than 254 bytes is refused, so every stored identifier can be sent back.
#[test]
fn email_whose_normalised_form_exceeds_the_length_cap_is_refused() {
    // 254 bytes: 64 + "@bücher." (9 bytes) + 181 ASCII bytes. Normalising turns "bücher" (7
    // bytes) into "xn--bcher-kva" (13), so the normalised form would be 260 bytes.
    let raw = format!(
        "{}@bücher.{}.{}.{}",
        "a".repeat(64),
        "b".repeat(60),
        "c".repeat(60),
        "d".repeat(59)
    );
    assert_eq!(raw.len(), 254);
    assert!(Email::parse(&raw).is_err());
    assert!(Identifier::parse(IdentifierType::Email, &raw).is_err());
}

/// Regression (found by the property above): one Greek address in capitals and in lower case
/// is one identifier.
#[test]
fn email_with_final_sigma_is_one_identifier() {
    // A capital sigma before `-`, a digit or the end of the text is lower-cased to the final
    // form ς by `str::to_lowercase`; IDNA (UTS 46) maps every Σ to σ.
    let upper = Email::parse("info@ΚΟΣΜΟΣ-shop.gr").expect("accepted");
    let lower = Email::parse("info@κοσμοσ-shop.gr").expect("accepted");
    let ascii = idna::domain_to_ascii("ΚΟΣΜΟΣ-shop.gr").expect("IDNA");
    let ascii = Email::parse(&format!("info@{ascii}")).expect("accepted");
    assert_eq!(ascii.normalised(), lower.normalised());
    assert_eq!(
        upper.normalised(),
        lower.normalised(),
        "the same mailbox in capitals is another identifier"
    );
}

/// Regression (found by the property above): an address with `%40` in it is still taken for a
/// direct identifier.
#[test]
fn email_with_percent_40_is_a_direct_identifier() {
    let raw = "jane%40doe@example.com";
    assert!(Email::parse(raw).is_ok());
    assert!(
        looks_like_direct_identifier(raw),
        "{raw:?} would be stored as an event property"
    );
}

/// Regression (found by the property above): junk before an address literal is refused.
#[test]
fn email_with_control_characters_is_refused() {
    for raw in [
        "jane@evil\u{0}\n[127.0.0.1]",
        "jane@ <script> [::1]",
        "jane@x y z[10.0.0.1]",
    ] {
        assert!(
            Email::parse(raw).is_err(),
            "{raw:?} is accepted as an email address"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Phone

fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// `got` is `given`, or `given` without the zeros right after a country code (1 to 3
/// digits): a trunk prefix.
fn same_but_trunk_zeros(got: &str, given: &str) -> bool {
    got == given
        || (1..=3).any(|i| {
            given.get(i..).is_some_and(|rest| {
                rest.starts_with('0')
                    && given.get(..i) == got.get(..i)
                    && got.get(i..) == Some(rest.trim_start_matches('0'))
            })
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn phone_parse_is_total_and_accepted_phones_are_e164(raw in noisy()) {
        if let Ok(p) = Phone::parse(&raw) {
            prop_assert!(is_e164(p.as_str()), "{:?}", p.as_str());
            prop_assert_eq!(Phone::parse(p.as_str()), Ok(p.clone()));
            // The digits are the input's ASCII digits, in order, none made up; only zeros
            // right after the country code (a trunk prefix) may be dropped.
            let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
            prop_assert!(same_but_trunk_zeros(&p.as_str()[1..], &digits), "{:?}", p.as_str());
            prop_assert!(looks_like_direct_identifier(p.as_str()));
        }
        prop_assert_eq!(Phone::parse(&raw), Phone::parse(&format!("\u{a0}{raw} ")));
    }

    #[test]
    fn typed_phone_numbers_are_accepted_exactly_when_e164((plus, digits, typed) in phone_like()) {
        // White space at either end is trimmed; inside, only the five separators are dropped.
        let only_separators = typed
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+'));
        let expected_ok = only_separators
            && plus
            && (8..=15).contains(&digits.len())
            && !digits.starts_with('0');
        let parsed = Phone::parse(&typed);
        prop_assert_eq!(parsed.is_ok(), expected_ok, "{:?}", typed);
        if let Ok(p) = parsed {
            prop_assert!(same_but_trunk_zeros(&p.as_str()[1..], &digits), "{:?}", typed);
            // Without a 0 where a trunk prefix could stand, nothing is dropped.
            if !digits.chars().take(4).any(|c| c == '0') {
                prop_assert_eq!(p.as_str(), format!("+{digits}"));
            }
            prop_assert!(looks_like_direct_identifier(&typed));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Names, birth dates, languages

/// The documented rule of names and address text: trimmed, 1 to `max` characters, no control
/// characters.
fn bounded_text_ok(raw: &str, max: usize) -> Option<String> {
    let t = raw.trim();
    let ok = !t.is_empty() && t.chars().count() <= max && !t.chars().any(char::is_control);
    ok.then(|| t.to_owned())
}

fn any_date() -> impl Strategy<Value = Date> {
    // 1800-01-01 to 2100-12-31.
    (2_378_497i32..=2_488_434).prop_map(|jd| Date::from_julian_day(jd).unwrap())
}

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn person_names_follow_the_documented_rule(raw in prop_oneof![noisy(), "\\PC{95,105}"]) {
        let parsed = PersonName::parse(&raw);
        prop_assert_eq!(parsed.as_ref().ok().map(|n| n.as_str().to_owned()), bounded_text_ok(&raw, 100));
        if let Ok(n) = parsed {
            prop_assert_eq!(PersonName::parse(n.as_str()), Ok(n.clone()));
        }
    }

    #[test]
    fn birth_dates_round_trip_and_are_bounded(d in any_date(), pad in padding()) {
        let text = format!("{pad}{}{pad}", iso(d));
        let parsed = BirthDate::parse(&text, TODAY);
        let expected = d.year() >= 1900 && d <= TODAY;
        prop_assert_eq!(parsed.is_ok(), expected, "{}", text);
        if let Ok(b) = parsed {
            prop_assert_eq!(b.date(), d);
            prop_assert_eq!(b.to_iso(), iso(d));
            prop_assert_eq!(BirthDate::parse(&b.to_iso(), TODAY), Ok(b));
            // Every accepted birth date has an age band (never "unknown").
            let band = Transform::AgeBand.apply(Field::Personal(PersonalField::BirthDate), &b.to_iso(), TODAY);
            prop_assert!(AGE_BANDS.contains(&band.as_str()), "{} -> {}", b.to_iso(), band);
        }
    }

    #[test]
    fn birth_date_parse_is_total(raw in prop_oneof![noisy(), "[0-9+-]{0,12}", "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"]) {
        if let Ok(b) = BirthDate::parse(&raw, TODAY) {
            prop_assert!(b.date() <= TODAY && b.date().year() >= 1900);
            prop_assert_eq!(BirthDate::parse(&b.to_iso(), TODAY), Ok(b));
        }
    }

    #[test]
    fn languages_are_canonical_bcp47_tags(
        raw in prop_oneof![
            noisy(),
            "[a-zA-Z]{1,4}(-([a-zA-Z]{1,3}|[0-9]{2,4}))?(-[a-zA-Z0-9]{1,3})?",
        ]
    ) {
        let parsed = Language::parse(&raw);
        if let Ok(l) = &parsed {
            let s = l.as_str();
            let (lang, region) = match s.split_once('-') {
                Some((a, b)) => (a, Some(b)),
                None => (s, None),
            };
            prop_assert!((2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase()), "{}", s);
            if let Some(r) = region {
                prop_assert!(
                    (r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()))
                        || (r.len() == 3 && r.bytes().all(|b| b.is_ascii_digit())),
                    "{}", s
                );
            }
            prop_assert_eq!(Language::parse(s), Ok(l.clone()));
            prop_assert_eq!(s.to_ascii_lowercase(), raw.trim().to_ascii_lowercase());
        }
        // Case does not matter.
        prop_assert_eq!(
            Language::parse(&raw.to_ascii_uppercase()),
            Language::parse(&raw.to_ascii_lowercase())
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Ids, enumerations, fields, transforms

fn snake_ok(s: &str, max: usize) -> bool {
    (1..=max).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Every name a policy may use for fields: the 17 field names and the two groups.
fn field_names() -> Vec<String> {
    let mut names: Vec<String> = Field::all().map(Field::name).collect();
    names.push("address".to_owned());
    names.push("identifiers".to_owned());
    names
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn purpose_ids_follow_the_rule_and_serde_agrees(
        raw in prop_oneof![noisy(), "[a-z][a-z0-9_]{0,70}", "[A-Za-z0-9_ -]{0,10}"]
    ) {
        let parsed = PurposeId::parse(&raw);
        prop_assert_eq!(parsed.is_ok(), snake_ok(&raw, 64), "{:?}", raw);
        if let Ok(p) = &parsed {
            prop_assert_eq!(p.as_str(), raw.as_str());
            prop_assert_eq!(p.to_string(), raw.clone());
        }
        let via_serde: Result<PurposeId, _> = serde_json::from_value(Value::String(raw.clone()));
        prop_assert_eq!(via_serde.ok(), parsed.ok());
    }

    #[test]
    fn client_ids_follow_the_rule_and_serde_agrees(
        raw in prop_oneof![noisy(), "[A-Za-z0-9._:-]{0,130}"]
    ) {
        let parsed = ClientId::parse(&raw);
        let expected = (1..=128).contains(&raw.len())
            && raw.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':'));
        prop_assert_eq!(parsed.is_ok(), expected, "{:?}", raw);
        if let Ok(c) = &parsed {
            prop_assert_eq!(c.as_str(), raw.as_str());
        }
        let via_serde: Result<ClientId, _> = serde_json::from_value(Value::String(raw.clone()));
        prop_assert_eq!(via_serde.ok(), parsed.ok());
    }

    #[test]
    fn subject_ids_round_trip(bytes in any::<[u8; 16]>(), raw in prop_oneof![noisy(), "[0-9a-fA-F-]{30,40}"]) {
        let id = SubjectId::from_uuid(uuid::Uuid::from_bytes(bytes));
        let text = id.to_string();
        prop_assert_eq!(text.len(), 36);
        prop_assert_eq!(text.parse::<SubjectId>(), Ok(id));
        prop_assert_eq!(text.to_ascii_uppercase().parse::<SubjectId>(), Ok(id));
        if let Ok(other) = raw.parse::<SubjectId>() {
            prop_assert_eq!(other.to_string().parse::<SubjectId>(), Ok(other));
        }
    }

    #[test]
    fn enumerations_parse_only_their_own_names(raw in prop_oneof![noisy(), "[a-z_]{2,20}"]) {
        if let Some(c) = Channel::parse(&raw) {
            prop_assert_eq!(c.as_str(), raw.as_str());
        }
        if let Some(s) = ConsentStatus::parse(&raw) {
            prop_assert_eq!(s.as_str(), raw.as_str());
        }
        if let Some(g) = RestrictionGround::parse(&raw) {
            prop_assert_eq!(g.as_str(), raw.as_str());
        }
        if let Ok(r) = raw.parse::<Role>() {
            prop_assert_eq!(r.as_str(), raw.as_str());
        }
        if let Ok(t) = raw.parse::<IdentifierType>() {
            prop_assert_eq!(t.name(), raw.as_str());
        }
    }

    #[test]
    fn field_names_expand_to_exactly_the_known_fields(
        raw in prop_oneof![
            noisy(),
            select(field_names()),
            select(field_names()).prop_flat_map(|n| (Just(n), padding())).prop_map(|(n, p)| format!("{p}{n}")),
            select(field_names()).prop_map(|n| n.to_uppercase()),
            "(address|identifiers)\\.[a-z_]{0,16}",
        ]
    ) {
        let expanded = Field::expand(&raw);
        prop_assert_eq!(expanded.is_ok(), field_names().contains(&raw), "{:?}", raw);
        if let Ok(fields) = expanded {
            prop_assert!(!fields.is_empty());
            match raw.parse::<Field>() {
                Ok(single) => {
                    prop_assert_eq!(&fields, &vec![single]);
                    prop_assert_eq!(single.name(), raw.clone());
                }
                Err(_) => prop_assert!(raw == "address" || raw == "identifiers"),
            }
            for f in fields {
                prop_assert_eq!(f.name().parse::<Field>(), Ok(f));
            }
        }
    }

    #[test]
    fn transforms_parse_their_names_only(
        raw in prop_oneof![noisy(), "truncate:[+0-9 -]{0,4}", select(vec!["mask", "age_band", "Mask", "truncate:", "truncate"]).prop_map(String::from)]
    ) {
        let parsed = Transform::parse(&raw);
        let expected = raw == "mask"
            || raw == "age_band"
            || raw.strip_prefix("truncate:").is_some_and(|n| (1..=10).map(|i| i.to_string()).any(|i| i == n));
        prop_assert_eq!(parsed.is_ok(), expected, "{:?}", raw);
        if let Ok(t) = parsed {
            prop_assert_eq!(t.name(), raw.clone());
            prop_assert_eq!(t.to_string().parse::<Transform>(), Ok(t));
        }
    }

    #[test]
    fn transforms_are_total_and_reduce(
        t in prop_oneof![Just(Transform::Mask), Just(Transform::AgeBand), (1u8..=10).prop_map(Transform::Truncate)],
        field in select(Field::all().collect::<Vec<_>>()),
        value in prop_oneof![noisy(), email_like(), any_date().prop_map(iso)],
        today in any_date(),
    ) {
        let out = t.apply(field, &value, today);
        match t {
            Transform::Truncate(n) => {
                prop_assert_eq!(out, value.chars().take(usize::from(n)).collect::<String>());
            }
            Transform::AgeBand => {
                prop_assert!(AGE_BANDS.contains(&out.as_str()) || out == "unknown", "{}", out);
            }
            Transform::Mask => {
                prop_assert!(out.contains("***"));
                let email_field = matches!(
                    field,
                    Field::Personal(PersonalField::Email) | Field::Identifiers(IdentifierType::Email)
                );
                if !email_field || !value.contains('@') {
                    // The first character at most, then the mask.
                    prop_assert!(out.ends_with("***") && out.chars().count() <= 4, "{}", out);
                } else {
                    // The domain (after the last `@`) is kept; of the local part, one character.
                    let (local, domain) = value.rsplit_once('@').unwrap();
                    let first: String = local.chars().take(1).collect();
                    prop_assert_eq!(out, format!("{first}***@{domain}"));
                }
            }
        }
    }
}

const AGE_BANDS: [&str; 7] = [
    "under_18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+",
];

// ---------------------------------------------------------------------------------------------
// RFM scores

proptest! {
    #![proptest_config(config())]

    #[test]
    fn rfm_scores_are_bounded_monotone_and_match_their_inverses(
        a in any::<i64>(), b in any::<i64>(), small in -10i64..400, orders in 0i64..20, cents in -10i64..200_000,
    ) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        for s in [rfm::recency_score(lo), rfm::frequency_score(lo), rfm::monetary_score(lo)] {
            prop_assert!((1..=5).contains(&s));
        }
        // More days since the last purchase never raises recency; more orders or revenue never
        // lowers frequency or monetary.
        prop_assert!(rfm::recency_score(lo) >= rfm::recency_score(hi));
        prop_assert!(rfm::frequency_score(lo) <= rfm::frequency_score(hi));
        prop_assert!(rfm::monetary_score(lo) <= rfm::monetary_score(hi));
        for score in 1u8..=5 {
            match rfm::max_days_for_recency(score) {
                Some(max) => prop_assert_eq!(rfm::recency_score(small) >= score, small <= max),
                None => prop_assert_eq!(score, 1),
            }
            prop_assert_eq!(rfm::frequency_score(orders) >= score, orders >= rfm::min_orders_for_frequency(score));
            prop_assert_eq!(rfm::monetary_score(cents) >= score, cents >= rfm::min_cents_for_monetary(score));
        }
        let r = Rfm::new(small, orders, cents);
        prop_assert!(rfm::SEGMENTS.contains(&r.segment()));
    }
}

// ---------------------------------------------------------------------------------------------
// TC strings

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url text whose first character says version 2 (`C`) most of the time, with optional
/// further segments and stray characters.
fn tc_like() -> impl Strategy<Value = String> {
    let segment =
        vec(select(BASE64URL.to_vec()), 0..60).prop_map(|b| String::from_utf8(b).unwrap());
    (
        prop_oneof![4 => Just("C".to_owned()), 1 => "[A-Za-z0-9_-]"],
        segment.clone(),
        vec(segment, 0..3),
        prop_oneof![6 => Just(String::new()), 1 => "[=.+/é\\x00 ]{1,3}"],
    )
        .prop_map(|(first, core, rest, stray)| {
            let mut s = format!("{first}{core}");
            for r in rest {
                s.push('.');
                s.push_str(&r);
            }
            s.push_str(&stray);
            s
        })
}

fn check_tc(raw: &str) -> Result<(), TestCaseError> {
    let Ok(tc) = TcString::parse(raw) else {
        return Ok(());
    };
    prop_assert_eq!(tc.as_str(), raw);
    prop_assert_eq!(tc.version(), 2);
    prop_assert!(raw.len() <= 8192);
    prop_assert!(tc.created() >= OffsetDateTime::UNIX_EPOCH);
    let lang = tc.consent_language();
    prop_assert!(lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_uppercase()));
    let consents = tc.purpose_consents();
    prop_assert!(consents.iter().all(|p| (1..=24).contains(p)));
    prop_assert!(tc
        .purpose_legitimate_interests()
        .iter()
        .all(|p| (1..=24).contains(p)));
    for p in 0..=30u8 {
        prop_assert_eq!(tc.has_purpose_consent(p), consents.contains(&p));
    }
    // Only the core segment is decoded: another segment after it changes nothing decoded.
    let core = raw.split('.').next().unwrap_or_default();
    if let Ok(with_more) = TcString::parse(&format!("{core}.YAAAAAAAAXA")) {
        prop_assert_eq!(with_more.purpose_consents(), tc.purpose_consents());
        prop_assert_eq!(with_more.created(), tc.created());
        prop_assert_eq!(with_more.cmp_id(), tc.cmp_id());
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn tc_string_parse_is_total_and_consistent(raw in prop_oneof![noisy(), tc_like()]) {
        check_tc(&raw)?;
        prop_assert_eq!(TcString::parse(&raw), TcString::parse(&raw));
    }

    #[test]
    fn tc_string_padding_is_optional(core in vec(select(BASE64URL.to_vec()), 36..80)) {
        let mut s = String::from_utf8(core).unwrap();
        s.replace_range(0..1, "C");
        let plain = TcString::parse(&s);
        if s.len() % 4 != 0 {
            let padded = format!("{s}{}", "=".repeat(4 - s.len() % 4));
            let with_pad = TcString::parse(&padded);
            if s.len() % 4 == 1 {
                // One character over a whole group needs three pads: not standard base64.
                prop_assert!(with_pad.is_err());
            } else {
                prop_assert_eq!(plain.as_ref().map(|t| t.purpose_consents()), with_pad.as_ref().map(|t| t.purpose_consents()));
                prop_assert_eq!(plain.map(|t| t.created()), with_pad.map(|t| t.created()));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Consent decisions

/// An RFC 3339 time near [`NOW`] (or junk).
fn time_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (-1_000_000_000i64..10_000_000, any::<bool>()).prop_map(|(secs, offset)| {
            let t = NOW + Duration::seconds(secs);
            let t = if offset { t.to_offset(time::UtcOffset::from_hms(5, 30, 0).unwrap()) } else { t };
            t.format(&Rfc3339).unwrap()
        }),
        1 => (-600i64..600).prop_map(|secs| (NOW + Duration::seconds(secs)).format(&Rfc3339).unwrap()),
        1 => noisy(),
        1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})",
    ]
}

fn evidence_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9a-f]{32,64}",
        "sha256:[0-9a-f]{64}",
        "[A-Za-z0-9-]{1,20}",
        Just("203.0.113.7".to_owned()),
        Just(" 2001:db8::1 ".to_owned()),
        Just("jane@example.com".to_owned()),
        Just(format!("{MARKER}-ref")),
        noisy(),
        "[a-z]{250,260}",
    ]
}

fn evidence_key() -> impl Strategy<Value = String> {
    let mut keys: Vec<String> = EVIDENCE_KEYS.iter().map(|k| (*k).to_owned()).collect();
    keys.extend(["ip", "ip_address", "remote_addr", "email"].map(String::from));
    prop_oneof![4 => select(keys), 1 => noisy()]
}

#[derive(Debug, Clone)]
struct RawConsent {
    status: String,
    source: String,
    collected_at: String,
    policy_version: String,
    evidence: BTreeMap<String, String>,
    expires_at: Option<String>,
    operator_id: Option<String>,
}

impl RawConsent {
    fn raw(&self) -> RawConsentDecision<'_> {
        RawConsentDecision {
            status: &self.status,
            source: &self.source,
            collected_at: &self.collected_at,
            policy_version: &self.policy_version,
            evidence: self.evidence.clone(),
            expires_at: self.expires_at.as_deref(),
            operator_id: self.operator_id.as_deref(),
        }
    }
}

fn raw_consent() -> impl Strategy<Value = RawConsent> {
    let statuses = vec!["granted", "withdrawn", "refused", "Granted", "maybe", ""];
    let sources: Vec<&str> = Channel::ALL
        .iter()
        .map(|c| c.as_str())
        .chain(["fax", "Web", ""])
        .collect();
    (
        prop_oneof![4 => select(statuses).prop_map(String::from), 1 => noisy()],
        prop_oneof![4 => select(sources).prop_map(String::from), 1 => noisy()],
        time_text(),
        prop_oneof![
            3 => "[0-9a-z.-]{1,20}",
            1 => Just(format!("v{MARKER}")),
            1 => "[a-z]{60,70}",
            1 => noisy(),
        ],
        btree_map(evidence_key(), evidence_value(), 0..4),
        proptest::option::of(time_text()),
        proptest::option::of(prop_oneof![
            "[A-Za-z0-9._:-]{1,20}",
            "[a-z]{60,70}",
            Just(format!("op {MARKER}")),
            noisy(),
        ]),
    )
        .prop_map(
            |(status, source, collected_at, policy_version, evidence, expires_at, operator_id)| {
                RawConsent {
                    status,
                    source,
                    collected_at,
                    policy_version,
                    evidence,
                    expires_at,
                    operator_id,
                }
            },
        )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn consent_decisions_that_parse_satisfy_every_rule(rc in raw_consent()) {
        let parsed = ConsentDecision::parse(&rc.raw(), NOW);
        prop_assert_eq!(&parsed, &ConsentDecision::parse(&rc.raw(), NOW));
        match parsed {
            Ok(d) => {
                prop_assert_eq!(d.status.as_str(), rc.status.as_str());
                prop_assert_eq!(d.source.as_str(), rc.source.as_str());
                prop_assert_eq!(Some(d.collected_at), OffsetDateTime::parse(rc.collected_at.trim(), &Rfc3339).ok());
                prop_assert!(d.collected_at <= NOW + MAX_CLOCK_SKEW);
                prop_assert!(d.collected_at.year() >= 2000);
                prop_assert_eq!(d.policy_version.as_str(), rc.policy_version.trim());
                prop_assert!((1..=64).contains(&d.policy_version.len()));
                prop_assert!(!d.policy_version.chars().any(char::is_control));
                // Every evidence line is kept (an unknown key is an error, never dropped).
                prop_assert_eq!(d.evidence.as_map().len(), rc.evidence.len());
                for (k, v) in d.evidence.as_map() {
                    prop_assert!(EVIDENCE_KEYS.contains(&k.as_str()), "{}", k);
                    prop_assert_eq!(Some(v.as_str()), rc.evidence.get(k).map(|r| r.trim()));
                    prop_assert!(!v.is_empty() && !v.contains('@'));
                    prop_assert!(v.parse::<IpAddr>().is_err());
                    prop_assert!(!v.chars().any(char::is_control));
                    if k.ends_with("_hash") {
                        let hex = v.strip_prefix("sha256:").unwrap_or(v);
                        prop_assert!(hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
                    }
                }
                prop_assert_eq!(d.expires_at.is_some(), rc.expires_at.is_some());
                if let Some(exp) = d.expires_at {
                    prop_assert!(exp > d.collected_at);
                }
                if d.source.needs_operator() {
                    prop_assert!(d.operator_id.is_some());
                }
                if let Some(op) = &d.operator_id {
                    prop_assert!(!op.is_empty() && op.len() <= 64);
                    prop_assert_eq!(Some(op.as_str()), rc.operator_id.as_deref().map(str::trim));
                }
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in &errors {
                    prop_assert!(!e.message.contains(MARKER), "{:?}", e);
                    let known = [
                        "/status", "/source", "/collected_at", "/policy_version", "/evidence",
                        "/expires_at", "/operator_id",
                    ];
                    let ok = known.contains(&e.field.as_str())
                        || e.field.strip_prefix("/evidence/").is_some_and(|k| {
                            // A key is named in a pointer only when it is a known one (or a
                            // raw-IP key): an unknown key could itself be personal data.
                            (EVIDENCE_KEYS.contains(&k) || ["ip", "ip_address", "remote_addr"].contains(&k))
                                && rc.evidence.contains_key(k)
                        });
                    prop_assert!(ok, "unexpected pointer {:?}", e.field);
                }
            }
        }
    }

    #[test]
    fn well_formed_consent_decisions_are_accepted(
        status in select(vec![ConsentStatus::Granted, ConsentStatus::Withdrawn, ConsentStatus::Refused]),
        source in select(Channel::ALL.to_vec()),
        ago in 0i64..800_000_000,
        version in "[0-9A-Za-z][0-9A-Za-z.-]{0,30}",
        lasts in proptest::option::of(1i64..100_000_000),
        operator in "[A-Za-z0-9._:-]{1,64}",
        form_id in proptest::option::of("[A-Za-z][A-Za-z0-9-]{0,40}"),
        ip_hash in proptest::option::of("[0-9a-f]{64}"),
    ) {
        let collected = NOW - Duration::seconds(ago);
        let mut rc = RawConsent {
            status: status.as_str().to_owned(),
            source: source.as_str().to_owned(),
            collected_at: collected.format(&Rfc3339).unwrap(),
            policy_version: version.clone(),
            evidence: BTreeMap::new(),
            expires_at: lasts.map(|s| (collected + Duration::seconds(s)).format(&Rfc3339).unwrap()),
            operator_id: source.needs_operator().then(|| operator.clone()),
        };
        if let Some(f) = form_id {
            rc.evidence.insert("form_id".into(), f);
        }
        if let Some(h) = ip_hash {
            rc.evidence.insert("ip_hash".into(), h);
        }
        let d = ConsentDecision::parse(&rc.raw(), NOW);
        prop_assert!(d.is_ok(), "{:?} refused: {:?}", rc, d);
        let d = d.unwrap();
        prop_assert_eq!(d.status, status);
        prop_assert_eq!(d.source, source);
        prop_assert_eq!(d.collected_at, collected);
        prop_assert_eq!(d.policy_version, version);
        prop_assert_eq!(d.evidence.as_map(), &rc.evidence);
    }
}

// ---------------------------------------------------------------------------------------------
// Subjects (creation and rectification share NewSubject::parse)

#[derive(Debug, Clone, Default)]
struct RawSubjectOwned {
    email: Option<String>,
    phone: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    birth_date: Option<String>,
    language: Option<String>,
    address: Option<[Option<String>; 5]>,
    identifiers: Vec<(String, String)>,
}

impl RawSubjectOwned {
    fn raw(&self) -> RawSubject<'_> {
        RawSubject {
            email: self.email.as_deref(),
            phone: self.phone.as_deref(),
            first_name: self.first_name.as_deref(),
            last_name: self.last_name.as_deref(),
            birth_date: self.birth_date.as_deref(),
            language: self.language.as_deref(),
            address: self.address.as_ref().map(|a| RawAddress {
                line1: a[0].as_deref(),
                line2: a[1].as_deref(),
                postal_code: a[2].as_deref(),
                city: a[3].as_deref(),
                country: a[4].as_deref(),
            }),
            identifiers: self
                .identifiers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
        }
    }

    /// The raw input of one personal field, and the JSON pointer its error would have.
    fn field(&self, f: PersonalField) -> (Option<&str>, &'static str) {
        let addr = |i: usize| self.address.as_ref().and_then(|a| a[i].as_deref());
        match f {
            PersonalField::Email => (self.email.as_deref(), "/email"),
            PersonalField::Phone => (self.phone.as_deref(), "/phone"),
            PersonalField::FirstName => (self.first_name.as_deref(), "/first_name"),
            PersonalField::LastName => (self.last_name.as_deref(), "/last_name"),
            PersonalField::BirthDate => (self.birth_date.as_deref(), "/birth_date"),
            PersonalField::Language => (self.language.as_deref(), "/language"),
            PersonalField::AddressLine1 => (addr(0), "/address/line1"),
            PersonalField::AddressLine2 => (addr(1), "/address/line2"),
            PersonalField::PostalCode => (addr(2), "/address/postal_code"),
            PersonalField::City => (addr(3), "/address/city"),
            PersonalField::Country => (addr(4), "/address/country"),
        }
    }

    /// The canonical values of a parsed subject, fed back as raw input.
    fn from_parsed(s: &NewSubject) -> Self {
        let mut out = Self::default();
        let mut address: [Option<String>; 5] = Default::default();
        let mut any_address = false;
        for (f, v) in s.fields() {
            let v = Some(v.to_owned());
            match f {
                PersonalField::Email => out.email = v,
                PersonalField::Phone => out.phone = v,
                PersonalField::FirstName => out.first_name = v,
                PersonalField::LastName => out.last_name = v,
                PersonalField::BirthDate => out.birth_date = v,
                PersonalField::Language => out.language = v,
                other => {
                    any_address = true;
                    let i = PersonalField::ADDRESS
                        .iter()
                        .position(|a| *a == other)
                        .unwrap();
                    address[i] = v;
                }
            }
        }
        if any_address {
            out.address = Some(address);
        }
        out
    }
}

/// What the documented rule of each personal field says about one raw value: the canonical
/// value, or `None` for a refusal. Uses the public parsers where there is one.
fn expected_field(f: PersonalField, raw: &str) -> Option<String> {
    match f {
        PersonalField::Email => Email::parse(raw).ok().map(|e| e.as_str().to_owned()),
        PersonalField::Phone => Phone::parse(raw).ok().map(|p| p.as_str().to_owned()),
        PersonalField::FirstName | PersonalField::LastName => {
            PersonName::parse(raw).ok().map(|n| n.as_str().to_owned())
        }
        PersonalField::BirthDate => BirthDate::parse(raw, TODAY).ok().map(BirthDate::to_iso),
        PersonalField::Language => Language::parse(raw).ok().map(|l| l.as_str().to_owned()),
        PersonalField::AddressLine1 | PersonalField::AddressLine2 => bounded_text_ok(raw, 200),
        PersonalField::City => bounded_text_ok(raw, 100),
        PersonalField::PostalCode => bounded_text_ok(raw, 16)
            .filter(|t| {
                t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
            })
            .map(|t| t.to_ascii_uppercase()),
        PersonalField::Country => {
            let t = raw.trim();
            (t.len() == 2 && t.bytes().all(|b| b.is_ascii_alphabetic()))
                .then(|| t.to_ascii_uppercase())
        }
    }
}

fn field_value(f: PersonalField) -> BoxedStrategy<String> {
    let specific: BoxedStrategy<String> = match f {
        PersonalField::Email => email_like().boxed(),
        PersonalField::Phone => phone_like().prop_map(|(_, _, t)| t).boxed(),
        PersonalField::BirthDate => any_date().prop_map(iso).boxed(),
        PersonalField::Language => "[a-zA-Z]{2,3}(-[a-zA-Z]{2})?".boxed(),
        PersonalField::PostalCode => "[A-Za-z0-9 -]{1,18}".boxed(),
        PersonalField::Country => "[A-Za-z]{1,3}".boxed(),
        _ => "[\\PC]{1,30}".boxed(),
    };
    prop_oneof![
        3 => specific,
        1 => noisy(),
        1 => Just(format!(" {MARKER} ")),
    ]
    .boxed()
}

fn identifier_pair() -> impl Strategy<Value = (String, String)> {
    let kinds: Vec<String> = IdentifierType::ALL
        .iter()
        .map(|t| t.name().to_owned())
        .chain(["passport".to_owned(), "Email".to_owned()])
        .collect();
    select(kinds).prop_flat_map(|kind| {
        let value = match kind.as_str() {
            "email" => prop_oneof![3 => email_like(), 1 => noisy()].boxed(),
            "phone" => prop_oneof![3 => phone_like().prop_map(|(_, _, t)| t), 1 => noisy()].boxed(),
            _ => {
                prop_oneof![3 => "[A-Za-z0-9-]{1,20}", 1 => noisy(), 1 => "[a-z]{126,130}"].boxed()
            }
        };
        (Just(kind), value)
    })
}

fn raw_subject() -> impl Strategy<Value = RawSubjectOwned> {
    let opt = |f| proptest::option::weighted(0.6, field_value(f));
    let address = proptest::option::of((
        opt(PersonalField::AddressLine1),
        opt(PersonalField::AddressLine2),
        opt(PersonalField::PostalCode),
        opt(PersonalField::City),
        opt(PersonalField::Country),
    ));
    (
        (
            opt(PersonalField::Email),
            opt(PersonalField::Phone),
            opt(PersonalField::FirstName),
            opt(PersonalField::LastName),
            opt(PersonalField::BirthDate),
            opt(PersonalField::Language),
        ),
        address,
        prop_oneof![
            8 => vec(identifier_pair(), 0..4),
            1 => vec(identifier_pair(), 30..36),
        ],
    )
        .prop_map(
            |(
                (email, phone, first_name, last_name, birth_date, language),
                address,
                identifiers,
            )| {
                RawSubjectOwned {
                    email,
                    phone,
                    first_name,
                    last_name,
                    birth_date,
                    language,
                    address: address.map(|(a, b, c, d, e)| [a, b, c, d, e]),
                    identifiers,
                }
            },
        )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn subject_parse_agrees_with_the_field_parsers(rs in raw_subject()) {
        let parsed = NewSubject::parse(&rs.raw(), TODAY);
        let errors = parsed.as_ref().err().cloned().unwrap_or_default();
        let error_at = |pointer: &str| errors.iter().filter(|e| e.field == pointer).count();
        // One error per bad field, none for a good one, and the canonical value for each.
        for f in PersonalField::ALL {
            let (raw, pointer) = rs.field(f);
            let expected = raw.map(|r| expected_field(f, r));
            match expected {
                None => prop_assert_eq!(error_at(pointer), 0),
                Some(None) => prop_assert_eq!(error_at(pointer), 1, "{} {:?}", pointer, raw),
                Some(Some(value)) => {
                    prop_assert_eq!(error_at(pointer), 0, "{} {:?}", pointer, raw);
                    if let Ok(s) = &parsed {
                        let got = s.fields().find(|(g, _)| *g == f).map(|(_, v)| v.to_owned());
                        prop_assert_eq!(got, Some(value));
                    }
                }
            }
        }
        prop_assert_eq!(error_at("/identifiers"), usize::from(rs.identifiers.len() > MAX_IDENTIFIERS));
        for (i, (kind, value)) in rs.identifiers.iter().enumerate() {
            let type_err = error_at(&format!("/identifiers/{i}/type"));
            let value_err = error_at(&format!("/identifiers/{i}/value"));
            match kind.parse::<IdentifierType>() {
                Err(_) => prop_assert_eq!((type_err, value_err), (1, 0)),
                Ok(k) => prop_assert_eq!((type_err, value_err), (0, usize::from(Identifier::parse(k, value).is_err()))),
            }
        }
        for e in &errors {
            prop_assert!(!e.message.contains(MARKER), "{:?}", e);
        }
        // Every error was accounted for above: pointers are unique.
        let pointers: BTreeSet<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        prop_assert_eq!(pointers.len(), errors.len());
        prop_assert_eq!(parsed.is_err(), !errors.is_empty());

        if let Ok(s) = parsed {
            let given: BTreeSet<PersonalField> = PersonalField::ALL.into_iter().filter(|f| rs.field(*f).0.is_some()).collect();
            let got: BTreeSet<PersonalField> = s.fields().map(|(f, _)| f).collect();
            prop_assert_eq!(got, given);
            prop_assert_eq!(s.is_empty(), s.fields().count() == 0 && rs.identifiers.is_empty());
            // Canonical values parse to themselves (rectification with the stored values is a
            // no-op).
            let again = RawSubjectOwned::from_parsed(&s);
            let reparsed = NewSubject::parse(&again.raw(), TODAY);
            prop_assert!(reparsed.is_ok(), "canonical values refused: {:?}", reparsed.err());
            let reparsed = reparsed.unwrap();
            let a: Vec<(PersonalField, String)> = s.fields().map(|(f, v)| (f, v.to_owned())).collect();
            let b: Vec<(PersonalField, String)> = reparsed.fields().map(|(f, v)| (f, v.to_owned())).collect();
            prop_assert_eq!(a, b);
            // Look-up identifiers: each (type, value) once; the email and phone fields are
            // among them.
            let ids = s.lookup_identifiers();
            let keys: BTreeSet<(IdentifierType, String)> = ids.iter().map(|i| (i.kind(), i.value().to_owned())).collect();
            prop_assert_eq!(keys.len(), ids.len());
            if let Some(e) = s.fields().find(|(f, _)| *f == PersonalField::Email) {
                let n = Email::parse(e.1).unwrap().normalised();
                prop_assert!(keys.contains(&(IdentifierType::Email, n)));
            }
            if let Some(p) = s.fields().find(|(f, _)| *f == PersonalField::Phone) {
                prop_assert!(keys.contains(&(IdentifierType::Phone, p.1.to_owned())));
            }
        }
    }

    /// The canonical value of an identifier is a fixed point of parsing (emails: short ones
    /// without `[`; all of them are `email_normalised_form_is_an_accepted_email`).
    #[test]
    fn identifier_canonical_values_are_fixed_points((kind, value) in identifier_pair()) {
        let Ok(kind) = kind.parse::<IdentifierType>() else { return Ok(()); };
        if let Ok(id) = Identifier::parse(kind, &value) {
            prop_assert_eq!(id.kind(), kind);
            let v = id.value();
            prop_assert!(!v.is_empty() && v == v.trim());
            // Emails with `[` are left out here (address literals are refused now; control
            // characters in emails: `accepted_emails_have_no_white_space_or_control_characters`).
            if kind != IdentifierType::Email || !v.contains('[') {
                prop_assert!(!v.chars().any(char::is_control), "{:?}", v);
            }
            match kind {
                IdentifierType::Email => {
                    prop_assert_eq!(v.to_lowercase(), v.to_owned());
                    // Long ones and ones with `[` are left out here: they are the properties
                    // `email_normalised_form_is_an_accepted_email` and
                    // `accepted_emails_have_no_white_space_or_control_characters` above.
                    if v.len() <= 200 && !v.contains('[') {
                        prop_assert_eq!(Identifier::parse(kind, v), Ok(id.clone()));
                    }
                }
                IdentifierType::Phone => {
                    prop_assert!(is_e164(v));
                    prop_assert_eq!(Identifier::parse(kind, v), Ok(id.clone()));
                }
                _ => {
                    prop_assert!(v.chars().count() <= 128);
                    prop_assert_eq!(Identifier::parse(kind, v), Ok(id.clone()));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Event properties

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        (0u32..100_000, 0u32..1000)
            .prop_map(|(a, b)| Value::from(f64::from(a) + f64::from(b) / 1000.0)),
        "-?[0-9]{0,17}(\\.[0-9]{0,3})?".prop_map(Value::String),
        "/[a-z/]{0,20}([?#][a-z=]{0,5})?".prop_map(Value::String),
        "[A-Z]{2,4}".prop_map(Value::String),
        email_like().prop_map(Value::String),
        phone_like().prop_map(|(_, _, t)| Value::String(t)),
        noisy().prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Value::Array),
            btree_map("[a-z]{1,6}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn shipped_texts() -> &'static [String; 5] {
    static TEXTS: OnceLock<[String; 5]> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        [
            PURPOSES_FILE,
            CLIENTS_FILE,
            CATEGORIES_FILE,
            TCF_FILE,
            EVENTS_FILE,
        ]
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap())
    })
}

fn shipped() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        Policy::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")).unwrap()
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn property_values_normalise_idempotently(
        kind in select(PropertyType::ALL.to_vec()),
        value in json_value(),
    ) {
        if let Ok(v) = kind.normalise(&value) {
            prop_assert_eq!(kind.normalise(&v), Ok(v.clone()), "{} {:?}", kind, value);
        }
    }

    #[test]
    fn event_properties_that_pass_hold_no_direct_identifier(
        type_index in any::<prop::sample::Index>(),
        props in btree_map(
            prop_oneof![3 => "[a-z_]{1,16}", 1 => noisy(), 1 => Just(format!("x{MARKER}"))],
            json_value(),
            0..6,
        ),
        known in vec((any::<prop::sample::Index>(), json_leaf()), 0..4),
    ) {
        let types: Vec<_> = shipped().event_types().collect();
        let t = type_index.get(&types);
        let mut props: Map<String, Value> = props.into_iter().collect();
        let names: Vec<&String> = t.properties.keys().collect();
        if !names.is_empty() {
            for (i, v) in known {
                props.insert(i.get(&names).to_string(), v);
            }
        }
        match t.validate_properties(&props) {
            Ok(out) => {
                for (name, spec) in &t.properties {
                    if spec.required {
                        prop_assert!(out.contains_key(name));
                    }
                }
                for (name, v) in &out {
                    let spec = t.properties.get(name);
                    prop_assert!(spec.is_some(), "{}", name);
                    let spec = spec.unwrap();
                    prop_assert_eq!(spec.kind.normalise(&props[name]), Ok(v.clone()));
                    if let (true, Value::String(s)) = (spec.kind.is_text(), v) {
                        prop_assert!(!looks_like_direct_identifier(s), "{} = {:?}", name, s);
                    }
                }
            }
            Err(errors) => {
                for e in errors {
                    prop_assert!(!e.message.contains(MARKER) && !e.field.contains(MARKER), "{:?}", e);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Policies: generated valid ones, and the shipped one

/// The shipped categories: generated policies vary purposes and clients, not categories.
const CATEGORIES: &str = include_str!("../policies/categories.toml");

#[derive(Debug, Clone)]
struct PurposeSpec {
    basis: LegalBasis,
    /// Names as written: field names and groups.
    names: Vec<String>,
    allowed_under_restriction: bool,
    direct_marketing: bool,
    sale_or_sharing: bool,
    objection_stops: Option<bool>,
    reconsent_required: Option<bool>,
    /// Indices into the purpose's fields, each with a transform choice.
    views: Vec<(prop::sample::Index, u8)>,
}

#[derive(Debug, Clone)]
struct PolicySpec {
    purposes: Vec<PurposeSpec>,
    /// Per client, which purposes (by index) it is registered for.
    clients: Vec<BTreeSet<usize>>,
}

fn purpose_spec() -> impl Strategy<Value = PurposeSpec> {
    (
        select(LegalBasis::ALL.to_vec()),
        vec(select(field_names()), 0..6),
        any::<bool>(),
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.2),
        proptest::option::of(any::<bool>()),
        proptest::option::of(any::<bool>()),
        vec((any::<prop::sample::Index>(), 0u8..12), 0..3),
    )
        .prop_map(|(basis, names, aur, dm, sos, os, rr, views)| PurposeSpec {
            basis,
            names,
            allowed_under_restriction: aur,
            direct_marketing: dm,
            sale_or_sharing: sos,
            // `objection_stops = false` is refused with direct_marketing or sale_or_sharing.
            objection_stops: os.filter(|stops| *stops || !(dm || sos)),
            // Only consent purposes may say reconsent_required.
            reconsent_required: rr.filter(|_| basis == LegalBasis::Consent),
            views,
        })
}

fn policy_spec() -> impl Strategy<Value = PolicySpec> {
    vec(purpose_spec(), 1..6).prop_flat_map(|purposes| {
        let n = purposes.len();
        (Just(purposes), vec(vec(any::<bool>(), n), 1..4)).prop_map(|(purposes, masks)| {
            PolicySpec {
                purposes,
                clients: masks
                    .into_iter()
                    .map(|m| {
                        m.iter()
                            .enumerate()
                            .filter(|(_, on)| **on)
                            .map(|(i, _)| i)
                            .collect()
                    })
                    .collect(),
            }
        })
    })
}

impl PurposeSpec {
    fn fields(&self) -> BTreeSet<Field> {
        self.names
            .iter()
            .flat_map(|n| Field::expand(n).unwrap())
            .collect()
    }

    /// The views written for this purpose: fields it lists, each with a transform that
    /// applies to it, each field once.
    fn view_map(&self) -> BTreeMap<Field, Transform> {
        let fields: Vec<Field> = self.fields().into_iter().collect();
        let mut out = BTreeMap::new();
        if fields.is_empty() {
            return out;
        }
        for (i, choice) in &self.views {
            let f = *i.get(&fields);
            let t = if f == Field::Personal(PersonalField::BirthDate) {
                Transform::AgeBand
            } else if matches!(f, Field::Personal(_)) && *choice > 0 && *choice <= 10 {
                Transform::Truncate(*choice)
            } else {
                Transform::Mask
            };
            out.insert(f, t);
        }
        out
    }
}

fn purpose_name(i: usize) -> String {
    format!("purpose_{i}")
}

impl PolicySpec {
    fn purposes_toml(&self) -> String {
        let mut s = String::new();
        for (i, p) in self.purposes.iter().enumerate() {
            s.push_str(&format!(
                "[[purpose]]\nid = \"{}\"\ndescription = \"Purpose {i}.\"\nlegal_basis = \"{}\"\n",
                purpose_name(i),
                p.basis.as_str()
            ));
            let names: Vec<String> = p.names.iter().map(|n| format!("\"{n}\"")).collect();
            s.push_str(&format!(
                "fields = [{}]\nevent_types = []\nretention_days = 30\n",
                names.join(", ")
            ));
            if p.basis == LegalBasis::Consent {
                s.push_str("notice_version = \"v1\"\n");
            }
            for (key, value) in [
                (
                    "allowed_under_restriction",
                    Some(p.allowed_under_restriction),
                ),
                ("direct_marketing", Some(p.direct_marketing)),
                ("sale_or_sharing", Some(p.sale_or_sharing)),
                ("objection_stops", p.objection_stops),
                ("reconsent_required", p.reconsent_required),
            ] {
                if let Some(v) = value {
                    s.push_str(&format!("{key} = {v}\n"));
                }
            }
            let views: Vec<String> = p
                .view_map()
                .iter()
                .map(|(f, t)| format!("\"{f}\" = \"{t}\""))
                .collect();
            if !views.is_empty() {
                s.push_str(&format!("views = {{ {} }}\n", views.join(", ")));
            }
            s.push('\n');
        }
        s
    }

    fn clients_toml(&self) -> String {
        let mut s = String::new();
        for (i, purposes) in self.clients.iter().enumerate() {
            let names: Vec<String> = purposes
                .iter()
                .map(|p| format!("\"{}\"", purpose_name(*p)))
                .collect();
            s.push_str(&format!(
                "[[client]]\nid = \"client-{i}\"\ndescription = \"Client {i}.\"\npurposes = [{}]\n\n",
                names.join(", ")
            ));
        }
        s
    }

    fn load(&self) -> Result<Policy, PolicyError> {
        Policy::from_strs(&self.purposes_toml(), &self.clients_toml(), CATEGORIES)
    }
}

/// A policy to decide with: the shipped one, or a generated one.
fn any_policy() -> impl Strategy<Value = Policy> {
    prop_oneof![
        1 => Just(shipped().clone()),
        3 => policy_spec().prop_map(|spec| {
            spec.load().unwrap_or_else(|e| panic!("generated policy refused: {e}\n{}", spec.purposes_toml()))
        }),
    ]
}

fn consent_state() -> impl Strategy<Value = ConsentState> {
    prop_oneof![
        Just(ConsentState::None),
        Just(ConsentState::Granted { expires_at: None }),
        (
            -3i64..=3,
            select(vec![1i64, 1_000_000_000, 86_400_000_000_000])
        )
            .prop_map(|(k, unit)| {
                ConsentState::Granted {
                    expires_at: Some(NOW + Duration::nanoseconds(k * unit)),
                }
            }),
        Just(ConsentState::Withdrawn),
        Just(ConsentState::Refused),
        Just(ConsentState::ReconsentRequired),
    ]
}

fn subject_state() -> impl Strategy<Value = SubjectState> {
    (
        consent_state(),
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(consent, objected, restricted, erased)| SubjectState {
            consent,
            objected,
            restricted,
            erased,
            minor: false,
        })
}

/// Who asks and for what: a purpose of the policy or an unknown one, a client of the policy or
/// an unknown one.
#[derive(Debug, Clone)]
struct Ask {
    client: Result<prop::sample::Index, String>,
    purpose: Result<prop::sample::Index, String>,
    subject: SubjectState,
    present: Vec<Field>,
}

fn ask() -> impl Strategy<Value = Ask> {
    let unknown = "[a-z][a-z0-9_]{0,12}";
    (
        prop_oneof![6 => any::<prop::sample::Index>().prop_map(Ok), 1 => unknown.prop_map(Err)],
        prop_oneof![6 => any::<prop::sample::Index>().prop_map(Ok), 1 => unknown.prop_map(Err)],
        subject_state(),
        vec(select(Field::all().collect::<Vec<_>>()), 0..20),
    )
        .prop_map(|(client, purpose, subject, present)| Ask {
            client,
            purpose,
            subject,
            present,
        })
}

impl Ask {
    fn ids(&self, policy: &Policy) -> (ClientId, PurposeId) {
        let clients: Vec<_> = policy.clients().map(|c| c.id.clone()).collect();
        let purposes: Vec<_> = policy.purposes().map(|p| p.id.clone()).collect();
        let client = match &self.client {
            Ok(i) if !clients.is_empty() => i.get(&clients).clone(),
            Ok(_) => ClientId::parse("nobody").unwrap(),
            Err(name) => ClientId::parse(&format!("unknown-{name}")).unwrap(),
        };
        let purpose = match &self.purpose {
            Ok(i) if !purposes.is_empty() => i.get(&purposes).clone(),
            Ok(_) => PurposeId::parse("nothing").unwrap(),
            // May collide with a real purpose id; the properties don't assume it is unknown.
            Err(name) => PurposeId::parse(name).unwrap(),
        };
        (client, purpose)
    }
}

fn decide(
    policy: &Policy,
    client: &ClientId,
    purpose: &PurposeId,
    subject: &SubjectState,
    present: &[Field],
) -> Decision {
    policy.decide(&AccessRequest {
        client,
        purpose,
        scope: Scope::Person,
        subject,
        present,
        event_types: &[],
        now: NOW,
    })
}

fn consent_is_live(c: ConsentState) -> bool {
    match c {
        ConsentState::Granted { expires_at: None } => true,
        ConsentState::Granted {
            expires_at: Some(t),
        } => t > NOW,
        _ => false,
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_policies_load_as_written(spec in policy_spec()) {
        let policy = spec.load();
        prop_assert!(policy.is_ok(), "{:?}\n{}", policy.err(), spec.purposes_toml());
        let policy = policy.unwrap();
        prop_assert_eq!(policy.purposes().count(), spec.purposes.len());
        for (i, (p, s)) in policy.purposes().zip(&spec.purposes).enumerate() {
            prop_assert_eq!(p.id.as_str(), purpose_name(i));
            prop_assert_eq!(p.legal_basis, s.basis);
            prop_assert_eq!(&p.fields, &s.fields());
            prop_assert_eq!(&p.views, &s.view_map());
            prop_assert_eq!(p.allowed_under_restriction, s.allowed_under_restriction);
            prop_assert_eq!(p.direct_marketing, s.direct_marketing);
            prop_assert_eq!(p.sale_or_sharing, s.sale_or_sharing);
            prop_assert_eq!(p.reconsent_required, s.reconsent_required == Some(true));
            let default_stops = s.sale_or_sharing
                || matches!(s.basis, LegalBasis::LegitimateInterest | LegalBasis::PublicTask);
            prop_assert_eq!(p.objection_stops, s.objection_stops.unwrap_or(default_stops));
        }
        for (c, s) in policy.clients().zip(&spec.clients) {
            let expected: BTreeSet<String> = s.iter().map(|i| purpose_name(*i)).collect();
            let got: BTreeSet<String> = c.purposes.iter().map(|p| p.as_str().to_owned()).collect();
            prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn decisions_follow_the_rules(policy in any_policy(), ask in ask()) {
        let (client, purpose_id) = ask.ids(&policy);
        let s = ask.subject;
        let d = decide(&policy, &client, &purpose_id, &s, &ask.present);

        // Deterministic, and allowed exactly when no reason is given.
        prop_assert_eq!(&d, &decide(&policy, &client, &purpose_id, &s, &ask.present));
        prop_assert_eq!(d.allowed, d.reason.is_none());
        if !d.allowed {
            prop_assert!(d.given.is_empty() && d.withheld.is_empty() && d.views.is_empty());
        }
        // Whether a read is allowed does not depend on which fields the subject has.
        let bare = decide(&policy, &client, &purpose_id, &s, &[]);
        prop_assert_eq!((bare.allowed, bare.reason), (d.allowed, d.reason));

        let Some(purpose) = policy.purpose(&purpose_id) else {
            prop_assert_eq!(d.reason, Some(DenyReason::UnknownPurpose));
            return Ok(());
        };
        let registered = policy.client(&client).is_some_and(|c| c.may_use(&purpose_id));
        if !registered {
            prop_assert_eq!(d.reason, Some(DenyReason::PurposeNotAllowedForClient));
            return Ok(());
        }
        // An aggregate-only purpose never gets a person, whatever the person's state.
        if purpose.aggregate_only {
            prop_assert_eq!(d.reason, Some(DenyReason::AggregateOnly));
            return Ok(());
        }
        // The parts agree with the whole (the service filters segments and events with
        // check_subject alone).
        prop_assert_eq!(policy.check_purpose_for_client(&client, &purpose_id).map(|p| p.id.clone()), Ok(purpose_id.clone()));
        prop_assert_eq!(purpose.check_subject(&s, NOW).err(), d.reason);

        // The subject's side, in order.
        if s.erased {
            prop_assert_eq!(d.reason, Some(DenyReason::Erased));
        } else if s.restricted && !purpose.allowed_under_restriction {
            prop_assert_eq!(d.reason, Some(DenyReason::Restricted));
        }
        if purpose.requires_consent() && !consent_is_live(s.consent) {
            prop_assert!(!d.allowed, "consent purpose allowed with {:?}", s.consent);
        }
        let reaches_consent =
            !s.erased && (!s.restricted || purpose.allowed_under_restriction);
        if purpose.requires_consent() && reaches_consent {
            let expected = match s.consent {
                ConsentState::None => Some(DenyReason::NoConsent),
                ConsentState::Withdrawn => Some(DenyReason::ConsentWithdrawn),
                ConsentState::Refused => Some(DenyReason::ConsentRefused),
                ConsentState::ReconsentRequired => Some(DenyReason::ReconsentRequired),
                c if !consent_is_live(c) => Some(DenyReason::ConsentExpired),
                _ => None,
            };
            if expected.is_some() {
                prop_assert_eq!(d.reason, expected);
            }
        }
        // An objection always stops direct marketing (Art. 21(3)) and sale or sharing (GPC).
        if s.objected && (purpose.direct_marketing || purpose.sale_or_sharing) {
            prop_assert!(!d.allowed);
        }
        if s.objected && purpose.stopped_by_objection() {
            prop_assert!(!d.allowed);
        }

        if d.allowed {
            prop_assert!(!s.erased);
            // Given: the present fields the purpose covers, in order (duplicates kept);
            // withheld: the others, as not in purpose; views: the given fields the purpose
            // sees reduced, with its transform.
            let given: Vec<Field> = ask.present.iter().copied().filter(|f| purpose.fields.contains(f)).collect();
            let withheld: Vec<Field> = ask.present.iter().copied().filter(|f| !purpose.fields.contains(f)).collect();
            prop_assert_eq!(&d.given, &given);
            prop_assert_eq!(d.withheld.iter().map(|w| w.field).collect::<Vec<_>>(), withheld);
            prop_assert!(d.withheld.iter().all(|w| w.reason == WithholdReason::NotInPurpose));
            let views: Vec<(Field, Transform)> = given.iter().filter_map(|f| purpose.view(*f).map(|t| (*f, t))).collect();
            prop_assert_eq!(&d.views, &views);
            for f in &d.given {
                prop_assert!(purpose.allows_field(*f));
                prop_assert_eq!(d.view(*f), purpose.view(*f));
            }
        }
    }

    #[test]
    fn more_restrictions_never_give_more(policy in any_policy(), ask in ask()) {
        let (client, purpose_id) = ask.ids(&policy);
        let base = ask.subject;
        let d = decide(&policy, &client, &purpose_id, &base, &ask.present);
        // Each of these is the same subject with one thing worse: restricted, objected,
        // erased, or a consent that is not (or no longer) a live grant.
        let worse = [
            SubjectState { restricted: true, ..base },
            SubjectState { objected: true, ..base },
            SubjectState { erased: true, ..base },
            SubjectState { consent: ConsentState::Withdrawn, ..base },
            SubjectState { consent: ConsentState::Refused, ..base },
            SubjectState { consent: ConsentState::None, ..base },
            SubjectState { consent: ConsentState::ReconsentRequired, ..base },
            SubjectState { consent: ConsentState::Granted { expires_at: Some(NOW) }, ..base },
        ];
        for w in worse {
            let dw = decide(&policy, &client, &purpose_id, &w, &ask.present);
            // Allowed when worse means allowed before, with the very same answer.
            if dw.allowed {
                prop_assert_eq!(&dw, &d, "{:?} allowed, {:?} not the same", w, base);
            }
            prop_assert!(dw.given.len() <= d.given.len());
        }
        // A live grant gives at least as much as any other consent state; a grant that
        // expires later than now behaves exactly like an open-ended one.
        let open = SubjectState { consent: ConsentState::Granted { expires_at: None }, ..base };
        let d_open = decide(&policy, &client, &purpose_id, &open, &ask.present);
        if d.allowed {
            prop_assert_eq!(&d, &d_open);
        }
        if consent_is_live(base.consent) {
            prop_assert_eq!(&d, &d_open);
        }
        // Consent only matters for purposes based on consent.
        if policy.purpose(&purpose_id).is_some_and(|p| !p.requires_consent()) {
            prop_assert_eq!(&d, &d_open);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The policy loader on arbitrary and half-valid text

/// Every rule `model.rs` says the loader checked.
fn check_loaded(policy: &Policy) -> Result<(), TestCaseError> {
    let ids: BTreeSet<&PurposeId> = policy.purposes().map(|p| &p.id).collect();
    prop_assert_eq!(
        ids.len(),
        policy.purposes().count(),
        "duplicate purpose ids"
    );
    for p in policy.purposes() {
        prop_assert_eq!(policy.purpose(&p.id), Some(p));
        prop_assert!(p.retention_days >= 1);
        prop_assert!(!p.description.trim().is_empty());
        if p.requires_consent() {
            prop_assert!(p.notice_version.is_some());
        }
        if p.reconsent_required {
            prop_assert!(p.requires_consent());
        }
        if p.direct_marketing || p.sale_or_sharing {
            prop_assert!(p.stopped_by_objection());
        }
        if p.sale_or_sharing {
            prop_assert!(p.objection_stops);
        }
        for (f, t) in &p.views {
            prop_assert!(p.fields.contains(f));
            prop_assert!(t.applies_to(*f));
        }
        prop_assert!(p.min_cell_size >= 2);
        for e in &p.event_types {
            let t = policy.event_type(e);
            prop_assert!(
                t.is_some(),
                "purpose {} lists undefined event type {}",
                p.id,
                e
            );
            prop_assert!(t.unwrap().is_served_by(&p.id));
        }
        if let Some(tcf) = policy.tcf_purposes(&p.id) {
            prop_assert!(p.requires_consent());
            prop_assert!(tcf.iter().all(|n| (1..=11).contains(n)));
        }
    }
    let client_ids: BTreeSet<&ClientId> = policy.clients().map(|c| &c.id).collect();
    prop_assert_eq!(
        client_ids.len(),
        policy.clients().count(),
        "duplicate client ids"
    );
    for c in policy.clients() {
        prop_assert_eq!(policy.client(&c.id), Some(c));
        for p in &c.purposes {
            prop_assert!(
                ids.contains(p),
                "client {} names undefined purpose {}",
                c.id,
                p
            );
        }
        if let Some(url) = &c.webhook_url {
            prop_assert!(url.starts_with("https://") || url.starts_with("http://"));
        }
        if let Some(rate) = c.requests_per_second {
            prop_assert!(rate.get() <= 1_000_000);
        }
    }
    for f in Field::all() {
        prop_assert!(!policy.category(f).is_empty(), "{} has no category", f);
    }
    for t in policy.event_types() {
        prop_assert!(!t.served_by.is_empty());
        for p in &t.served_by {
            prop_assert!(policy
                .purpose(p)
                .is_some_and(|p| p.allows_event_type(&t.name)));
        }
        let serving: Vec<&PurposeId> = policy
            .purposes()
            .filter(|p| p.allows_event_type(&t.name))
            .map(|p| &p.id)
            .collect();
        prop_assert_eq!(t.served_by.iter().collect::<Vec<_>>(), serving);
    }
    Ok(())
}

/// Loads five texts (purposes, clients, categories, tcf, events); checks the error's position
/// or the loaded policy's rules.
fn check_load(texts: &[String; 5]) -> Result<(), TestCaseError> {
    let [purposes, clients, categories, tcf, events] = texts;
    match Policy::from_strs_with_events(purposes, clients, categories, tcf, events) {
        Ok(policy) => check_loaded(&policy)?,
        Err(PolicyError::Invalid {
            file,
            line,
            column,
            reason,
        }) => {
            let names = [
                PURPOSES_FILE,
                CLIENTS_FILE,
                CATEGORIES_FILE,
                TCF_FILE,
                EVENTS_FILE,
            ];
            let i = names.iter().position(|n| Path::new(n) == file);
            prop_assert!(i.is_some(), "error names {:?}", file);
            let text = &texts[i.unwrap()];
            prop_assert!(line >= 1 && column >= 1);
            prop_assert!(
                line <= text.lines().count() + 1,
                "line {} of {} lines: {}",
                line,
                text.lines().count(),
                reason
            );
            let line_text = text.split('\n').nth(line - 1).unwrap_or_default();
            prop_assert!(
                column <= line_text.chars().count() + 1,
                "column {} of {:?}: {}",
                column,
                line_text,
                reason
            );
            prop_assert!(!reason.is_empty());
        }
        Err(PolicyError::Read { file, .. }) => {
            // Only for a missing events.toml on disk, which from_strs never reports.
            prop_assert!(false, "read error from text: {:?}", file);
        }
    }
    Ok(())
}

/// TOML values a policy file might hold, right or wrong.
fn toml_value() -> impl Strategy<Value = String> {
    let words: Vec<String> = field_names()
        .into_iter()
        .chain(LegalBasis::ALL.iter().map(|b| b.as_str().to_owned()))
        .chain(
            [
                "mask",
                "age_band",
                "truncate:3",
                "truncate:0",
                "purpose_0",
                "purpose_1",
                "page_view",
                "purchase",
                "user.contact.email",
                "sku",
                "string",
                "amount",
                "https://example.com/hook",
                "http://u:p@x/",
                "",
                " ",
                "v1",
            ]
            .map(String::from),
        )
        .collect();
    let scalar = prop_oneof![
        select(words).prop_map(|w| format!("{w:?}")),
        select(vec![
            "0",
            "1",
            "2",
            "-1",
            "11",
            "12",
            "4294967296",
            "1000000",
            "1000001",
            "true",
            "false",
            "1.5",
            "1979-05-27"
        ])
        .prop_map(String::from),
    ];
    prop_oneof![
        3 => scalar.clone(),
        2 => vec(scalar.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
        1 => vec(("[a-z_.]{1,12}", scalar), 0..3).prop_map(|kv| {
            let inner: Vec<String> = kv.iter().map(|(k, v)| format!("\"{k}\" = {v}")).collect();
            format!("{{ {} }}", inner.join(", "))
        }),
    ]
}

/// A policy file of tables and keys from the policy format, with values of any type.
fn toml_file(header: &'static str, keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    let key = prop_oneof![8 => select(keys.to_vec()).prop_map(String::from), 1 => "[a-z_]{1,10}"];
    vec(vec((key, toml_value()), 0..10), 0..4).prop_map(move |tables| {
        let mut s = String::new();
        for table in tables {
            s.push_str(header);
            s.push('\n');
            let mut seen = BTreeSet::new();
            for (k, v) in table {
                if seen.insert(k.clone()) {
                    s.push_str(&format!("{k} = {v}\n"));
                }
            }
        }
        s
    })
}

const PURPOSE_KEYS: &[&str] = &[
    "id",
    "description",
    "legal_basis",
    "fields",
    "event_types",
    "retention_days",
    "objection_stops",
    "allowed_under_restriction",
    "notice_version",
    "reconsent_required",
    "direct_marketing",
    "sale_or_sharing",
    "fides_data_use",
    "views",
    "aggregate_only",
    "min_cell_size",
];
const CLIENT_KEYS: &[&str] = &[
    "id",
    "description",
    "purposes",
    "webhook_url",
    "requests_per_second",
];
const FIELD_KEYS: &[&str] = &[
    "email",
    "phone",
    "address",
    "identifiers",
    "first_name",
    "last_name",
    "birth_date",
    "language",
    "\"address.city\"",
    "address.city",
    "\"identifiers.email\"",
];
const TCF_KEYS: &[&str] = &["purpose_0", "purpose_1", "purpose_2", "nothing"];
const EVENT_KEYS: &[&str] = &["name", "description", "properties"];

/// Five policy texts: each either the shipped file, a structured file of the right shape with
/// values of any type, or arbitrary text.
fn policy_texts() -> impl Strategy<Value = [String; 5]> {
    let slot = |i: usize, generated: BoxedStrategy<String>| {
        prop_oneof![
            3 => Just(shipped_texts()[i].clone()),
            4 => generated,
            1 => noisy(),
        ]
    };
    (
        slot(0, toml_file("[[purpose]]", PURPOSE_KEYS).boxed()),
        slot(1, toml_file("[[client]]", CLIENT_KEYS).boxed()),
        slot(2, toml_file("[fields]", FIELD_KEYS).boxed()),
        slot(3, toml_file("[purposes]", TCF_KEYS).boxed()),
        slot(4, toml_file("[[event_type]]", EVENT_KEYS).boxed()),
    )
        .prop_map(|(a, b, c, d, e)| [a, b, c, d, e])
}

/// The shipped files with one line replaced, removed or duplicated.
fn mutated_shipped() -> impl Strategy<Value = [String; 5]> {
    (
        0usize..5,
        any::<prop::sample::Index>(),
        0u8..3,
        prop_oneof![
            noisy(),
            toml_value().prop_map(|v| format!("fields = {v}")),
            "[a-z_]{1,12} = [a-z0-9\"]{0,8}"
        ],
    )
        .prop_map(|(file, at, how, replacement)| {
            let mut texts = shipped_texts().clone();
            let mut lines: Vec<String> = texts[file].lines().map(String::from).collect();
            if !lines.is_empty() {
                let i = at.index(lines.len());
                match how {
                    0 => lines[i] = replacement,
                    1 => {
                        lines.remove(i);
                    }
                    _ => {
                        let copy = lines[i].clone();
                        lines.insert(i, copy);
                    }
                }
            }
            texts[file] = lines.join("\n");
            texts
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_loader_never_panics_on_arbitrary_text(texts in policy_texts()) {
        check_load(&texts)?;
    }

    #[test]
    fn the_loader_never_panics_on_a_mutated_shipped_policy(texts in mutated_shipped()) {
        check_load(&texts)?;
    }

    #[test]
    fn the_loader_is_deterministic(texts in policy_texts()) {
        let [a, b, c, d, e] = &texts;
        let once = Policy::from_strs_with_events(a, b, c, d, e);
        let twice = Policy::from_strs_with_events(a, b, c, d, e);
        match (once, twice) {
            (Err(x), Err(y)) => prop_assert_eq!(x.to_string(), y.to_string()),
            (Ok(p1), Ok(p2)) => {
                prop_assert_eq!(p1.purposes().collect::<Vec<_>>(), p2.purposes().collect::<Vec<_>>());
                prop_assert_eq!(p1.clients().collect::<Vec<_>>(), p2.clients().collect::<Vec<_>>());
                prop_assert_eq!(p1.event_types().collect::<Vec<_>>(), p2.event_types().collect::<Vec<_>>());
                prop_assert_eq!(p1.categories().collect::<Vec<_>>(), p2.categories().collect::<Vec<_>>());
            }
            (x, y) => prop_assert!(false, "{:?} then {:?}", x.is_ok(), y.is_ok()),
        }
    }
}

#[test]
fn the_shipped_policy_loads_the_same_from_text_and_from_disk() {
    let [a, b, c, d, e] = shipped_texts();
    let from_text = Policy::from_strs_with_events(a, b, c, d, e).unwrap();
    let from_disk = shipped();
    assert_eq!(
        from_text.purposes().collect::<Vec<_>>(),
        from_disk.purposes().collect::<Vec<_>>()
    );
    assert_eq!(
        from_text.clients().collect::<Vec<_>>(),
        from_disk.clients().collect::<Vec<_>>()
    );
    assert_eq!(
        from_text.event_types().collect::<Vec<_>>(),
        from_disk.event_types().collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------- disclosure control, money

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// No count under k can be read off a published table: not a visible cell, and not the
    /// suppressed cells together (total minus the visible ones).
    #[test]
    fn suppressed_tables_reveal_no_small_count(
        cells in vec(0u64..40, 1..8),
        k in 2u64..15,
    ) {
        let total: u64 = cells.iter().sum();
        let t = custodia::domain::disclosure::suppress(total, &cells, k);
        for (n, c) in cells.iter().zip(&t.cells) {
            if let Some(shown) = c {
                prop_assert_eq!(shown, n);
                prop_assert!(*shown >= k);
            }
        }
        match t.total {
            None => prop_assert!(t.cells.iter().all(Option::is_none) && total < k),
            Some(shown) => {
                prop_assert_eq!(shown, total);
                let visible: u64 = t.cells.iter().flatten().sum();
                let hidden = total - visible;
                prop_assert!(hidden == 0 || hidden >= k, "hidden {} < k {}", hidden, k);
            }
        }
        // What is published is rounded, and rounding moves a count by less than one base.
        let p = custodia::domain::disclosure::publish(total, &cells, k);
        let base = custodia::domain::disclosure::ROUNDING_BASE;
        for (exact, published) in t.cells.iter().chain([&t.total]).zip(p.cells.iter().chain([&p.total])) {
            prop_assert_eq!(exact.is_some(), published.is_some());
            if let (Some(e), Some(r)) = (exact, published) {
                prop_assert_eq!(r % base, 0);
                prop_assert!(r.abs_diff(*e) < base);
            }
        }
    }

    /// Two overlapping queries whose populations differ by fewer people than the rounding
    /// base never show that difference exactly (only 0 or a multiple of the base).
    #[test]
    fn overlapping_counts_never_give_a_small_difference_exactly(
        total in 10u64..10_000,
        d in 1u64..custodia::domain::disclosure::ROUNDING_BASE,
        k in 2u64..10,
    ) {
        use custodia::domain::disclosure::publish;
        let (wide, narrow) = (publish(total + d, &[total + d], k), publish(total, &[total], k));
        if let (Some(w), Some(n)) = (wide.total, narrow.total) {
            prop_assert_ne!(w - n, d);
        }
    }

    /// Amounts (events, segment conditions) parse without panic or wrap-around: either refused
    /// or exact cents within the bound.
    #[test]
    fn amounts_never_wrap(text in prop_oneof![
        "-?[0-9]{0,30}(\\.[0-9]{0,4})?",
        "\\PC{0,24}",
    ]) {
        use custodia::domain::{Amount, MAX_AMOUNT_CENTS};
        if let Ok(a) = Amount::parse(&text) {
            prop_assert!(a.cents().abs() <= MAX_AMOUNT_CENTS);
            let digits = text.trim_start_matches('-');
            let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
            let expected = whole.parse::<i128>().unwrap() * 100
                + format!("{frac:0<2}").parse::<i128>().unwrap();
            prop_assert_eq!(i128::from(a.cents().abs()), expected);
        }
    }
}
