//! Recognising a direct identifier (an email address or a phone number) inside free text, so
//! that values meant to be pseudonymous (event properties, reasons in the DSR workflow) never
//! carry one.

use super::Email;

/// Whether a string looks like a direct identifier: an email address (the value, or one of
/// its words or path segments, parses as one; `%40` counts as `@`), or a phone number (after
/// dropping spaces, dashes, dots and brackets: `+` and 7 to 15 digits, or 9 to 15 digits).
///
/// A heuristic that errs on the side of refusing: a purely numeric id of 9 to 15 digits (an
/// EAN/GTIN barcode, a numeric order number) is taken for a phone number. Give such ids a
/// prefix (`ORD-100045678`) or a letter.
pub fn looks_like_direct_identifier(s: &str) -> bool {
    looks_like_email(s) || looks_like_phone(s)
}

/// Characters that end a word when looking for an email address inside a longer value.
const WORD_BREAKS: &[char] = &[
    '/', '?', '&', '=', ',', ';', ':', '<', '>', '(', ')', '[', ']', '{', '}', '"', '\'', '|', '\\',
];

/// An email in the text as sent, or once `%40` is read as `@` (a URL-encoded address). Both:
/// decoding can also hide one (`jane%40doe@example.com` is an address as sent).
fn looks_like_email(s: &str) -> bool {
    contains_email(s) || (s.contains("%40") && contains_email(&s.replace("%40", "@")))
}

fn contains_email(s: &str) -> bool {
    if !s.contains('@') {
        return false;
    }
    if Email::parse(s).is_ok() {
        return true;
    }
    s.split(|c: char| c.is_whitespace() || WORD_BREAKS.contains(&c))
        .filter(|word| word.contains('@'))
        .any(|word| Email::parse(word.trim_matches('.')).is_ok())
}

fn looks_like_phone(s: &str) -> bool {
    let compact: String = s
        .chars()
        .filter(|&c| !(c.is_whitespace() || matches!(c, '-' | '.' | '(' | ')')))
        .collect();
    let (digits, shortest) = match compact.strip_prefix('+') {
        Some(rest) => (rest, 7),
        None => (compact.as_str(), 9),
    };
    (shortest..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}
