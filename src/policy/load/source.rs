//! One policy file's text and the helpers every parser shares: turning a span into
//! `<file>:<line>:<column>: <reason>`, and the checks of names that several files use.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::domain::Field;
use crate::policy::error::PolicyError;

pub const PURPOSES_FILE: &str = "purposes.toml";
pub const CLIENTS_FILE: &str = "clients.toml";
pub const CATEGORIES_FILE: &str = "categories.toml";
/// Optional: our consent purposes → the IAB TCF v2.2 purposes a TC string must consent to.
pub const TCF_FILE: &str = "tcf.toml";
/// The registry of published privacy notices; required as soon as a purpose is based on consent.
pub const NOTICES_FILE: &str = "notices.toml";
/// Optional: the controller and its settings (time zone, digital consent age).
pub const CONTROLLER_FILE: &str = "controller.toml";
/// Optional: marketing automation rules.
pub const TRIGGERS_FILE: &str = "triggers.toml";
/// Optional: what a contact decision assumes where the customer chose nothing.
pub const CONTACT_FILE: &str = "contact.toml";
/// The catalogue of behavioural event types; required as soon as a purpose lists an event type.
pub const EVENTS_FILE: &str = "events.toml";

/// The groups `Field::expand` knows, for messages; a name in a policy file is a field name or
/// one of these.
const GROUPS: [&str; 2] = ["address", "identifiers"];

/// One policy file: its name for messages and its text, for turning byte offsets into lines.
pub(super) struct Source<'a> {
    pub(super) file: &'a Path,
    text: &'a str,
}

impl<'a> Source<'a> {
    pub(super) fn new(file: &'a Path, text: &'a str) -> Self {
        Self { file, text }
    }

    pub(super) fn error(&self, span: Range<usize>, reason: impl fmt::Display) -> PolicyError {
        let (line, column) = line_column(self.text, span.start);
        PolicyError::Invalid {
            file: self.file.to_path_buf(),
            line,
            column,
            reason: reason.to_string(),
        }
    }

    /// Whether the text holds nothing but white space (a missing optional file).
    pub(super) fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    pub(super) fn line(&self, span: &Range<usize>) -> usize {
        line_column(self.text, span.start).0
    }

    pub(super) fn parse<T: DeserializeOwned>(&self) -> Result<T, PolicyError> {
        toml::from_str(self.text).map_err(|e| {
            let lines: Vec<&str> = e
                .message()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            // In these files "field" means a personal-data field; call TOML keys keys.
            let mut reason = lines
                .join("; ")
                .replace("unknown field `", "unknown key `")
                .replace("missing field `", "missing key `")
                .replace(
                    "struct EventProperty",
                    "a table such as { type = \"sku\", required = true }",
                );
            if reason.contains("dotted key") && self.file.ends_with(CATEGORIES_FILE) {
                reason.push_str(
                    " (write a dotted field name in quotes when its group has a line of its \
                     own, e.g. \"address.city\" = …)",
                );
            }
            self.error(e.span().unwrap_or(0..0), reason)
        })
    }
}

/// The 1-based line and column (in characters) of a byte offset; offsets past the end or
/// inside a character are clamped rather than trusted.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.as_bytes().get(..offset).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = match text.get(line_start..offset) {
        Some(s) => s.chars().count() + 1,
        None => offset - line_start + 1,
    };
    (line, column)
}

pub(super) fn expand_field(
    src: &Source<'_>,
    name: &Spanned<String>,
) -> Result<Vec<Field>, PolicyError> {
    Field::expand(name.get_ref()).map_err(|_| {
        let known: Vec<String> = Field::all().map(Field::name).collect();
        src.error(
            name.span(),
            format!(
                "unknown field {:?}; use one of {}, or a group: {}",
                name.get_ref(),
                known.join(", "),
                GROUPS.join(", ")
            ),
        )
    })
}

pub(super) fn non_empty(
    src: &Source<'_>,
    value: Spanned<String>,
    what: &str,
) -> Result<String, PolicyError> {
    let trimmed = value.get_ref().trim();
    if trimmed.is_empty() {
        return Err(src.error(value.span(), format!("{what} must not be empty")));
    }
    Ok(trimmed.to_owned())
}

/// A dotted taxonomy name such as `user.contact.email` (Fides style): lower-case segments of
/// `a-z`, `0-9` and `_`, separated by dots.
pub(super) fn taxonomy_key(
    src: &Source<'_>,
    value: Spanned<String>,
    what: &str,
) -> Result<String, PolicyError> {
    let s = value.get_ref();
    let ok = (1..=200).contains(&s.len())
        && s.split('.').all(|segment| {
            !segment.is_empty()
                && segment
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        });
    if ok {
        Ok(value.into_inner())
    } else {
        Err(src.error(
            value.span(),
            format!(
                "invalid {what} {s:?}: use a dotted lower-case name such as user.contact.email"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_and_survives_bad_offsets() {
        let text = "a = 1\r\nbé = \"x\"\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 7), (2, 1));
        // "bé = " is 6 bytes but 5 characters.
        assert_eq!(line_column(text, 7 + 6), (2, 6));
        // Inside the two-byte 'é': counted in bytes rather than panicking.
        assert_eq!(line_column(text, 9), (2, 3));
        assert_eq!(line_column(text, 10_000), (3, 1));
        assert_eq!(line_column("", 5), (1, 1));
    }
}
