//! The personal data of a subject, parsed from untrusted input into values that are known to be
//! valid. Every value is canonicalised here, so the blind index and the stored value agree.

use std::collections::BTreeMap;

use time::macros::format_description;
use unicode_normalization::UnicodeNormalization;
use validator::ValidateEmail;

use super::{IdentifierType, PersonalField, Sensitive};

/// Most identifiers one subject may carry; a bound on work per request.
pub const MAX_IDENTIFIERS: usize = 32;

/// Why one input field was refused. `field` is a JSON pointer into the request body; `message`
/// never repeats the value (it may be personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

fn has_control_chars(s: &str) -> bool {
    s.chars().any(char::is_control)
}

fn bounded_text(raw: &str, max_chars: usize) -> Result<String, &'static str> {
    let t = raw.trim();
    if t.is_empty() {
        return Err("must not be empty");
    }
    if t.chars().count() > max_chars {
        return Err("is too long");
    }
    if has_control_chars(t) {
        return Err("must not contain control characters");
    }
    Ok(t.to_owned())
}

/// The longest email address, and its index form, in bytes (RFC 5321 path limit).
const MAX_EMAIL_BYTES: usize = 254;

/// An email address: trimmed, put in Unicode NFKC form, syntax-checked. NFKC turns
/// compatibility look-alikes (full-width `ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ`, ligatures, super-
/// and subscripts) into the characters they stand for, so the stored value is the address a
/// mail server would see. Look-ups compare [`Email::normalised`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(Sensitive<String>);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        const MSG: &str = "must be a valid email address";
        let t: String = raw.trim().nfkc().collect();
        // validator's check for an IP-literal domain (`[127.0.0.1]`) is not anchored, so it
        // lets any text before the bracket through; shops have no use for such domains, and
        // no address has whitespace, control characters or markup.
        let plain = !t
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '[' | ']' | '<' | '>'));
        if t.len() > MAX_EMAIL_BYTES || !plain || !t.validate_email() {
            return Err(MSG);
        }
        let email = Self(Sensitive::new(t));
        // Lower-casing and IDNA can lengthen an address; its index form must fit as well,
        // or the identifier stored could not be sent back.
        if email.normalised().len() > MAX_EMAIL_BYTES {
            return Err(MSG);
        }
        Ok(email)
    }

    pub fn as_str(&self) -> &str {
        self.0.expose()
    }

    /// The form the blind index is computed over: lower-cased (Unicode case folding, NFKC
    /// again after it), with an internationalised domain in its ASCII (IDNA) form, so
    /// `Jane@Bücher.example` and `jane@xn--bcher-kva.example` are one identifier.
    /// Characters of other scripts that merely look alike (Cyrillic `а` for Latin `a`) are
    /// kept apart: they are different mailboxes. See docs/threat-model.md.
    pub fn normalised(&self) -> String {
        let email = self.0.expose();
        let Some((local, domain)) = email.rsplit_once('@') else {
            return case_folded(email);
        };
        // The domain goes to IDNA as written: UTS 46 does its own case mapping (every Σ to σ),
        // which lower-casing first would change (a word-final Σ would become ς).
        match idna::domain_to_ascii(domain) {
            Ok(ascii) => format!("{}@{ascii}", case_folded(local)),
            // validate_email accepted it, so IDNA should too; if not, the folded form is
            // still one stable key.
            Err(_) => format!("{}@{}", case_folded(local), case_folded(domain)),
        }
    }
}

/// Lower case as Unicode case folding has it (final ς folds to σ), then NFKC again.
fn case_folded(s: &str) -> String {
    s.to_lowercase().replace('ς', "σ").nfkc().collect()
}

/// A phone number in E.164 (`+` and 8 to 15 digits), the one canonical form of a phone number:
/// its blind index is computed over it, so two spellings of one number must give one value.
///
/// What is accepted: `+`, then 8 to 15 digits not starting with 0, which spaces, dots, dashes
/// and brackets may separate (`openapi.yaml` states it as a pattern); anything else (letters,
/// `/`, a missing `+`) is refused rather than guessed at. The separators are dropped.
///
/// A national trunk prefix written after the country code is dropped, in brackets or not:
/// `+49 (0)151 1234567`, `+49 0151 1234567` and `+49 151 1234567` are all `+491511234567`,
/// and `+44 (0)20 7946 0018` is `+442079460018`. In nearly every country a national number
/// never begins with 0 (0 is the trunk prefix), so every 0 right after the country code is
/// dropped; Poland, which has no trunk prefix, writes `+48 512 345 678` either way. The
/// exceptions are the countries in [`ZERO_IS_PART_OF_THE_NUMBER`] (Italy `+39` and the
/// Vatican, San Marino, Côte d'Ivoire, Congo, Gabon), whose numbers begin with 0 also when
/// dialled from abroad: there the 0 is kept, written `(0)` or not (`+39 (0)6 6988 1234` is
/// Rome's `+390669881234`). The zeros are not dropped when fewer than 8 digits would remain
/// (no real number is that short; the input is kept as typed). Other trunk prefixes
/// (Hungary's `06`, Russia's `8`) are not recognised.
///
/// Where the country code ends is read from the prefix-free E.164 code list: `1` and `7` have
/// one digit, the codes in [`TWO_DIGIT_COUNTRY_CODES`] two, every other three.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(Sensitive<String>);

/// Country calling codes of two digits (ITU-T E.164 assignments).
pub const TWO_DIGIT_COUNTRY_CODES: [&str; 44] = [
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
    "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

/// Country codes whose national numbers begin with 0 also in international form: Italy and
/// the Vatican (`+39`, `+379`), San Marino (`+378`), Gabon (`+241`), Republic of the Congo
/// (`+242`), Côte d'Ivoire (`+225`). A 0 after these codes is part of the number.
pub const ZERO_IS_PART_OF_THE_NUMBER: [&str; 6] = ["39", "379", "378", "241", "242", "225"];

/// The shortest and longest number, in digits with the country code.
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 8..=15;

/// How many of `digits` (an international number without `+`) are the country code.
fn country_code_len(digits: &str) -> usize {
    match digits.as_bytes().first() {
        Some(b'1' | b'7') => 1,
        _ if digits
            .get(..2)
            .is_some_and(|cc| TWO_DIGIT_COUNTRY_CODES.contains(&cc)) =>
        {
            2
        }
        _ => 3,
    }
}

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        const MSG: &str = "must be a phone number in E.164 form, e.g. +4915112345678";
        let compact: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let digits = compact.strip_prefix('+').ok_or(MSG)?;
        let ok = PHONE_DIGITS.contains(&digits.len())
            && digits.chars().all(|c| c.is_ascii_digit())
            && !digits.starts_with('0');
        if !ok {
            return Err(MSG);
        }
        let (code, national) = digits.split_at(country_code_len(digits).min(digits.len()));
        let without_trunk = national.trim_start_matches('0');
        let drop_trunk = !ZERO_IS_PART_OF_THE_NUMBER.contains(&code)
            && PHONE_DIGITS.contains(&(code.len() + without_trunk.len()));
        let national = if drop_trunk { without_trunk } else { national };
        Ok(Self(Sensitive::new(format!("+{code}{national}"))))
    }

    pub fn as_str(&self) -> &str {
        self.0.expose()
    }
}

/// A first or last name: 1 to 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(Sensitive<String>);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        bounded_text(raw, 100).map(|s| Self(Sensitive::new(s)))
    }

    pub fn as_str(&self) -> &str {
        self.0.expose()
    }
}

/// The age from which a person is no longer a minor (never profiled or targeted below it).
pub const ADULT_AGE: u8 = 18;

/// A date of birth (`YYYY-MM-DD`), not in the future and not before 1900.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BirthDate(time::Date);

impl BirthDate {
    pub fn parse(raw: &str, today: time::Date) -> Result<Self, &'static str> {
        let fmt = format_description!("[year]-[month]-[day]");
        let date = time::Date::parse(raw.trim(), &fmt).map_err(|_| "must be a date YYYY-MM-DD")?;
        if date > today {
            return Err("must not be in the future");
        }
        if date.year() < 1900 {
            return Err("must not be before 1900");
        }
        Ok(Self(date))
    }

    pub fn date(&self) -> time::Date {
        self.0
    }

    /// Full years of age on `day` (a person born on 29 February turns a year older on
    /// 1 March in other years).
    pub fn age_on(&self, day: time::Date) -> i32 {
        let had_birthday =
            (u8::from(day.month()), day.day()) >= (u8::from(self.0.month()), self.0.day());
        day.year() - self.0.year() - i32::from(!had_birthday)
    }

    /// The coarse minor marker stored in the clear (`subjects.minor_until_us`): the start
    /// (UTC) of the year after the one in which the person turns [`ADULT_AGE`]. Until then
    /// they count as a minor; it reveals at most the birth year, and is kept only for minors.
    pub fn minor_until(&self) -> time::OffsetDateTime {
        let year = self.0.year() + i32::from(ADULT_AGE) + 1;
        time::Date::from_calendar_date(year, time::Month::January, 1)
            .unwrap_or(time::Date::MAX)
            .midnight()
            .assume_utc()
    }

    pub fn to_iso(self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

/// A preferred language as a BCP 47 tag of the simple kind shops use: `de`, `en-GB`, `es-419`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language(String);

impl Language {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        const MSG: &str = "must be a language tag such as 'en' or 'en-GB'";
        let mut parts = raw.trim().split('-');
        let lang = parts.next().unwrap_or_default();
        if !(2..=3).contains(&lang.len()) || !lang.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(MSG);
        }
        let mut tag = lang.to_ascii_lowercase();
        if let Some(region) = parts.next() {
            let alpha = region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic());
            let numeric = region.len() == 3 && region.chars().all(|c| c.is_ascii_digit());
            if !(alpha || numeric) {
                return Err(MSG);
            }
            tag.push('-');
            tag.push_str(&region.to_ascii_uppercase());
        }
        if parts.next().is_some() {
            return Err(MSG);
        }
        Ok(Self(tag))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A channel identifier (loyalty card, device id, …), canonicalised per type: emails are
/// lower-cased, phones in E.164, the others trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    kind: IdentifierType,
    value: Sensitive<String>,
}

impl Identifier {
    pub fn parse(kind: IdentifierType, raw: &str) -> Result<Self, &'static str> {
        let value = match kind {
            IdentifierType::Email => Email::parse(raw)?.normalised(),
            IdentifierType::Phone => Phone::parse(raw)?.as_str().to_owned(),
            _ => bounded_text(raw, 128)?,
        };
        Ok(Self {
            kind,
            value: Sensitive::new(value),
        })
    }

    pub fn kind(&self) -> IdentifierType {
        self.kind
    }

    /// The canonical value: what is encrypted and what the blind index is computed over.
    pub fn value(&self) -> &str {
        self.value.expose()
    }
}

/// Raw input for a new subject or a change, as the HTTP layer received it.
#[derive(Debug, Default, Clone)]
pub struct RawSubject<'a> {
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub birth_date: Option<&'a str>,
    pub language: Option<&'a str>,
    pub address: Option<RawAddress<'a>>,
    pub identifiers: Vec<(&'a str, &'a str)>,
}

#[derive(Debug, Default, Clone)]
pub struct RawAddress<'a> {
    pub line1: Option<&'a str>,
    pub line2: Option<&'a str>,
    pub postal_code: Option<&'a str>,
    pub city: Option<&'a str>,
    pub country: Option<&'a str>,
}

/// A subject ready to be stored: canonical field values and identifiers.
#[derive(Debug, Clone, Default)]
pub struct NewSubject {
    fields: BTreeMap<PersonalField, Sensitive<String>>,
    identifiers: Vec<Identifier>,
}

/// Changes to a subject (rectification); same parsing as creation.
pub type SubjectPatch = NewSubject;

fn parse_postal_code(raw: &str) -> Result<String, &'static str> {
    let t = bounded_text(raw, 16)?;
    if t.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
    {
        Ok(t.to_ascii_uppercase())
    } else {
        Err("must be letters, digits, spaces or dashes")
    }
}

fn parse_country(raw: &str) -> Result<String, &'static str> {
    let t = raw.trim();
    if t.len() == 2 && t.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(t.to_ascii_uppercase())
    } else {
        Err("must be an ISO 3166-1 alpha-2 country code such as 'DE'")
    }
}

impl NewSubject {
    /// Parses every field, collecting one error per bad field so the caller can fix them all at
    /// once. `today` bounds the birth date.
    pub fn parse(raw: &RawSubject<'_>, today: time::Date) -> Result<Self, Vec<FieldError>> {
        let mut out = NewSubject::default();
        let mut errors = Vec::new();
        let mut put = |field: PersonalField,
                       pointer: &str,
                       value: Option<&str>,
                       parse: &dyn Fn(&str) -> Result<String, &'static str>| {
            if let Some(v) = value {
                match parse(v) {
                    Ok(s) => {
                        out.fields.insert(field, Sensitive::new(s));
                    }
                    Err(msg) => errors.push(FieldError::new(pointer, msg)),
                }
            }
        };
        use PersonalField as F;
        put(F::Email, "/email", raw.email, &|v| {
            Email::parse(v).map(|e| e.as_str().to_owned())
        });
        put(F::Phone, "/phone", raw.phone, &|v| {
            Phone::parse(v).map(|p| p.as_str().to_owned())
        });
        put(F::FirstName, "/first_name", raw.first_name, &|v| {
            PersonName::parse(v).map(|n| n.as_str().to_owned())
        });
        put(F::LastName, "/last_name", raw.last_name, &|v| {
            PersonName::parse(v).map(|n| n.as_str().to_owned())
        });
        put(F::BirthDate, "/birth_date", raw.birth_date, &|v| {
            BirthDate::parse(v, today).map(BirthDate::to_iso)
        });
        put(F::Language, "/language", raw.language, &|v| {
            Language::parse(v).map(|l| l.as_str().to_owned())
        });
        if let Some(a) = &raw.address {
            put(F::AddressLine1, "/address/line1", a.line1, &|v| {
                bounded_text(v, 200)
            });
            put(F::AddressLine2, "/address/line2", a.line2, &|v| {
                bounded_text(v, 200)
            });
            put(
                F::PostalCode,
                "/address/postal_code",
                a.postal_code,
                &parse_postal_code,
            );
            put(F::City, "/address/city", a.city, &|v| bounded_text(v, 100));
            put(F::Country, "/address/country", a.country, &parse_country);
        }
        if raw.identifiers.len() > MAX_IDENTIFIERS {
            errors.push(FieldError::new(
                "/identifiers",
                format!("must hold at most {MAX_IDENTIFIERS} identifiers"),
            ));
        }
        for (i, (kind, value)) in raw.identifiers.iter().enumerate() {
            let kind = match kind.parse::<IdentifierType>() {
                Ok(k) => k,
                Err(_) => {
                    errors.push(FieldError::new(
                        format!("/identifiers/{i}/type"),
                        "must be one of email, phone, loyalty_card, device_id, marketplace_id, pos_customer",
                    ));
                    continue;
                }
            };
            match Identifier::parse(kind, value) {
                Ok(id) => out.identifiers.push(id),
                Err(msg) => errors.push(FieldError::new(format!("/identifiers/{i}/value"), msg)),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    pub fn fields(&self) -> impl Iterator<Item = (PersonalField, &str)> {
        self.fields.iter().map(|(f, v)| (*f, v.expose().as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.identifiers.is_empty()
    }

    /// The identifiers given explicitly plus the email and phone fields, which are look-up keys
    /// too; each (type, value) once.
    pub fn lookup_identifiers(&self) -> Vec<Identifier> {
        let mut all = self.identifiers.clone();
        let from_fields = [
            (PersonalField::Email, IdentifierType::Email),
            (PersonalField::Phone, IdentifierType::Phone),
        ];
        for (field, kind) in from_fields {
            if let Some(v) = self.fields.get(&field) {
                if let Ok(id) = Identifier::parse(kind, v.expose()) {
                    all.push(id);
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        all.retain(|id| seen.insert((id.kind(), id.value().to_owned())));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: time::Date = date!(2026 - 11 - 23);

    #[test]
    fn look_alike_email_forms_share_one_lookup_key() {
        let ascii = Email::parse("jane.doe@example.com").unwrap().normalised();
        for form in [
            "ｊａｎｅ．ｄｏｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", // full-width
            "JANE.DOE@EXAMPLE.COM",
        ] {
            assert_eq!(Email::parse(form).unwrap().normalised(), ascii, "{form}");
        }
        assert_eq!(
            Email::parse("Jane@Bücher.example").unwrap().normalised(),
            Email::parse("jane@xn--bcher-kva.example")
                .unwrap()
                .normalised()
        );
        // A different script is a different mailbox, even if it looks the same.
        assert_ne!(
            Email::parse("j\u{0430}ne.doe@example.com").map(|e| e.normalised()),
            Ok(ascii)
        );
    }

    #[test]
    fn email_edge_cases_found_by_property_tests() {
        // Junk before an IP-literal domain (validator's unanchored pattern).
        assert!(Email::parse("jane@evil\u{0}\n[127.0.0.1]").is_err());
        assert!(Email::parse("jane@ <script> [::1]").is_err());
        // 254 bytes as sent, longer once the domain is in IDNA form.
        let long = format!(
            "{}@bücher.{}.{}.{}",
            "a".repeat(64),
            "b".repeat(60),
            "c".repeat(60),
            "d".repeat(59)
        );
        assert_eq!(long.len(), 254);
        assert!(Email::parse(&long).is_err());
        // Capital sigma at a word's end: one address, one key.
        assert_eq!(
            Email::parse("info@ΚΟΣΜΟΣ-shop.gr").unwrap().normalised(),
            Email::parse("info@κοσμοσ-shop.gr").unwrap().normalised()
        );
    }

    #[test]
    fn email_is_trimmed_and_normalised_for_lookup() {
        let e = Email::parse("  Jane.Doe@Example.COM ").unwrap();
        assert_eq!(e.as_str(), "Jane.Doe@Example.COM");
        assert_eq!(e.normalised(), "jane.doe@example.com");
        assert!(Email::parse("not-an-email").is_err());
        assert!(Email::parse("").is_err());
    }

    #[test]
    fn a_trunk_prefix_written_in_international_form_is_dropped() {
        let e164 = |raw: &str| Phone::parse(raw).map(|p| p.as_str().to_owned());
        // Germany: (0), a bare 0 and no 0 are one number.
        for raw in [
            "+49 (0)151 1234567",
            "+49 151 1234567",
            "+49 0151 1234567",
            "+49(0)1511234567",
            "+49 (0) 151-123 4567",
            "+49 (0151) 1234567",
        ] {
            assert_eq!(e164(raw).as_deref(), Ok("+491511234567"), "{raw}");
        }
        // United Kingdom.
        for raw in [
            "+44 (0)20 7946 0018",
            "+44 20 7946 0018",
            "+44 020 7946 0018",
        ] {
            assert_eq!(e164(raw).as_deref(), Ok("+442079460018"), "{raw}");
        }
        // Poland has no trunk prefix; a (0) written anyway is still dropped.
        for raw in ["+48 512 345 678", "+48 (0)512 345 678", "+48512345678"] {
            assert_eq!(e164(raw).as_deref(), Ok("+48512345678"), "{raw}");
        }
        // One- and three-digit country codes: the 0 right after the code is the trunk.
        assert_eq!(e164("+7 (0)495 123 4567").as_deref(), Ok("+74951234567"));
        assert_eq!(e164("+1 (0)212 555 0100").as_deref(), Ok("+12125550100"));
        assert_eq!(e164("+353 (0)1 234 5678").as_deref(), Ok("+35312345678"));
        assert_eq!(e164("+353 01 234 5678").as_deref(), Ok("+35312345678"));
        // A 0 further on is part of the number.
        assert_eq!(e164("+49 30 0123456").as_deref(), Ok("+49300123456"));
    }

    #[test]
    fn where_zero_is_part_of_the_number_it_is_kept() {
        let e164 = |raw: &str| Phone::parse(raw).map(|p| p.as_str().to_owned());
        // Italy: Rome is 06 also from abroad; written (0) by habit, it is still that 0.
        for raw in ["+39 06 6988 1234", "+39 (0)6 6988 1234", "+390669881234"] {
            assert_eq!(e164(raw).as_deref(), Ok("+390669881234"), "{raw}");
        }
        assert_eq!(e164("+39 347 123 4567").as_deref(), Ok("+393471234567"));
        assert_eq!(e164("+378 0549 123456").as_deref(), Ok("+3780549123456"));
        assert_eq!(e164("+225 07 12 34 56 78").as_deref(), Ok("+2250712345678"));
    }

    #[test]
    fn only_zeros_right_after_the_country_code_are_a_trunk_prefix() {
        let e164 = |raw: &str| Phone::parse(raw).map(|p| p.as_str().to_owned());
        // A (0) further on is a digit of the number, as typed.
        assert_eq!(e164("+49 151 (0)1234567").as_deref(), Ok("+4915101234567"));
        // Repeated zeros go together, so the result is the same however many were typed.
        assert_eq!(e164("+49 00151 1234567").as_deref(), Ok("+491511234567"));
        // Not below 8 digits: such an input is kept as typed.
        assert_eq!(e164("+1 0 123456").as_deref(), Ok("+10123456"));
        assert_eq!(e164("+10000000").as_deref(), Ok("+10000000"));
    }

    #[test]
    fn canonical_phones_parse_to_themselves() {
        for raw in [
            "+49 (0)151 1234567",
            "+44 020 7946 0018",
            "+39 06 6988 1234",
            "+48 512 345 678",
            "+1 212 555 0100",
            "+1 0 123456",
            "+49 00151 1234567",
        ] {
            let p = Phone::parse(raw).unwrap();
            assert_eq!(Phone::parse(p.as_str()), Ok(p.clone()), "{raw}");
        }
    }

    #[test]
    fn phone_must_be_e164() {
        assert_eq!(
            Phone::parse("+49 (151) 123-45678").unwrap().as_str(),
            "+4915112345678"
        );
        for bad in [
            "015112345678",
            "+0123456789",
            "+49abc",
            "+123",
            "+1234567890123456",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn birth_date_is_bounded() {
        assert_eq!(
            BirthDate::parse("1990-02-28", TODAY).unwrap().to_iso(),
            "1990-02-28"
        );
        assert!(BirthDate::parse("2030-01-01", TODAY).is_err());
        assert!(BirthDate::parse("1899-12-31", TODAY).is_err());
        assert!(BirthDate::parse("1990-02-30", TODAY).is_err());
    }

    #[test]
    fn language_tags_are_canonicalised() {
        assert_eq!(Language::parse("en-gb").unwrap().as_str(), "en-GB");
        assert_eq!(Language::parse("es-419").unwrap().as_str(), "es-419");
        assert!(Language::parse("english").is_err());
        assert!(Language::parse("en-GB-x").is_err());
    }

    #[test]
    fn parse_collects_every_bad_field_without_echoing_values() {
        let raw = RawSubject {
            email: Some("nope"),
            phone: Some("12"),
            first_name: Some("  "),
            address: Some(RawAddress {
                country: Some("Germany"),
                ..Default::default()
            }),
            identifiers: vec![("passport", "X1"), ("loyalty_card", "")],
            ..Default::default()
        };
        let errs = NewSubject::parse(&raw, TODAY).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "/email",
                "/phone",
                "/first_name",
                "/address/country",
                "/identifiers/0/type",
                "/identifiers/1/value"
            ]
        );
        assert!(errs.iter().all(|e| !e.message.contains("nope")));
    }

    #[test]
    fn email_and_phone_fields_are_lookup_identifiers_once() {
        let raw = RawSubject {
            email: Some("Jane@Example.com"),
            identifiers: vec![("email", "jane@example.com"), ("loyalty_card", "LC-1")],
            ..Default::default()
        };
        let s = NewSubject::parse(&raw, TODAY).unwrap();
        let ids = s.lookup_identifiers();
        assert_eq!(ids.len(), 2);
        assert!(ids
            .iter()
            .any(|i| i.kind() == IdentifierType::Email && i.value() == "jane@example.com"));
    }
}
