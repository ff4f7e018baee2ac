//! `notices.toml`: the registry of published privacy notices (Art. 7(1): the controller must be
//! able to show what a person consented to). A consent grant names one in `policy_version`;
//! every consent purpose's `notice_version` must be published here and cover the purpose.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::OffsetDateTime;
use toml::Spanned;

use super::purposes::NoticeRef;
use super::source::{Source, NOTICES_FILE, PURPOSES_FILE};
use crate::domain::PurposeId;
use crate::policy::error::PolicyError;
use crate::policy::model::{Notice, Purpose};

/// The longest notice version (a consent decision's `policy_version` is at most this long).
const MAX_VERSION_CHARS: usize = 64;
/// The longest notice URL.
const MAX_URL_CHARS: usize = 2000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticesFile {
    #[serde(default)]
    notice: Vec<RawNotice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotice {
    version: Spanned<String>,
    url: Spanned<String>,
    sha256: Spanned<String>,
    published_at: Spanned<String>,
    purposes: Spanned<Vec<Spanned<String>>>,
}

/// The published notices by version.
pub(super) fn parse_notices(
    src: &Source<'_>,
    purposes: &[Purpose],
    purpose_index: &HashMap<PurposeId, usize>,
) -> Result<BTreeMap<String, Notice>, PolicyError> {
    let file: NoticesFile = src.parse()?;
    let mut out: BTreeMap<String, Notice> = BTreeMap::new();
    let mut lines: HashMap<String, usize> = HashMap::new();
    for raw in file.notice {
        let version = raw.version.get_ref().trim().to_owned();
        if version.is_empty()
            || version.chars().count() > MAX_VERSION_CHARS
            || version.chars().any(char::is_control)
        {
            return Err(src.error(
                raw.version.span(),
                format!("version must be 1 to {MAX_VERSION_CHARS} characters, e.g. \"2026-01\""),
            ));
        }
        if let Some(line) = lines.get(&version) {
            return Err(src.error(
                raw.version.span(),
                format!("notice \"{version}\" is published twice (first on line {line})"),
            ));
        }
        lines.insert(version.clone(), src.line(&raw.version.span()));
        let url = check_url(src, &raw.url, &version)?;
        let sha256 = raw.sha256.get_ref().trim().to_ascii_lowercase();
        if sha256.len() != 64 || !sha256.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(src.error(
                raw.sha256.span(),
                format!(
                    "sha256 of notice \"{version}\" must be the SHA-256 of the published text: \
                     64 hex digits (e.g. the output of sha256sum)"
                ),
            ));
        }
        let published_at = parse_published_at(raw.published_at.get_ref()).ok_or_else(|| {
            src.error(
                raw.published_at.span(),
                format!(
                    "published_at of notice \"{version}\" must be an RFC 3339 date or time, \
                     e.g. \"2026-01-15\" or \"2026-01-15T09:00:00+01:00\""
                ),
            )
        })?;
        let mut covered = BTreeSet::new();
        for name in raw.purposes.get_ref() {
            let id = PurposeId::parse(name.get_ref())
                .ok()
                .filter(|id| purpose_index.contains_key(id))
                .ok_or_else(|| {
                    let known: Vec<&str> = purposes.iter().map(|p| p.id.as_str()).collect();
                    src.error(
                        name.span(),
                        format!(
                            "unknown purpose {:?} in notice \"{version}\"; {PURPOSES_FILE} \
                             defines: {}",
                            name.get_ref(),
                            if known.is_empty() {
                                "none".to_owned()
                            } else {
                                known.join(", ")
                            }
                        ),
                    )
                })?;
            if !covered.insert(id) {
                return Err(src.error(
                    name.span(),
                    format!(
                        "purpose {:?} is listed twice in notice \"{version}\"",
                        name.get_ref()
                    ),
                ));
            }
        }
        if covered.is_empty() {
            return Err(src.error(
                raw.purposes.span(),
                format!("notice \"{version}\" must cover at least one purpose"),
            ));
        }
        out.insert(
            version.clone(),
            Notice {
                version,
                url,
                sha256,
                published_at,
                purposes: covered,
            },
        );
    }
    Ok(out)
}

/// Every consent purpose's `notice_version` names a published notice that covers it; an
/// error points at the `notice_version` line in `purposes.toml`.
pub(super) fn check_notice_refs(
    purposes_src: &Source<'_>,
    purposes: &[Purpose],
    refs: &[NoticeRef],
    notices: &BTreeMap<String, Notice>,
) -> Result<(), PolicyError> {
    for r in refs {
        let Some(purpose) = purposes.get(r.purpose) else {
            continue;
        };
        let version = r.version.get_ref().trim();
        match notices.get(version) {
            Some(n) if n.covers(&purpose.id) => {}
            Some(_) => {
                return Err(purposes_src.error(
                    r.version.span(),
                    format!(
                        "notice \"{version}\" of purpose \"{}\" does not cover it: add \"{}\" \
                         to its purposes in {NOTICES_FILE}",
                        purpose.id, purpose.id
                    ),
                ))
            }
            None => {
                return Err(purposes_src.error(
                    r.version.span(),
                    format!(
                        "notice_version \"{version}\" of purpose \"{}\" is not published: \
                         add a [[notice]] with version = \"{version}\" to {NOTICES_FILE}",
                        purpose.id
                    ),
                ))
            }
        }
    }
    Ok(())
}

fn parse_published_at(raw: &str) -> Option<OffsetDateTime> {
    let raw = raw.trim();
    if let Ok(t) = OffsetDateTime::parse(raw, &Rfc3339) {
        return Some(t);
    }
    let date = time::Date::parse(raw, &format_description!("[year]-[month]-[day]")).ok()?;
    Some(date.midnight().assume_utc())
}

fn check_url(
    src: &Source<'_>,
    url: &Spanned<String>,
    version: &str,
) -> Result<String, PolicyError> {
    let value = url.get_ref().trim();
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    let host = rest.and_then(|r| r.split(['/', '?', '#']).next());
    let ok = value.chars().count() <= MAX_URL_CHARS
        && !value.chars().any(|c| c.is_control() || c.is_whitespace())
        && host.is_some_and(|h| !h.is_empty() && !h.contains('@'));
    if ok {
        Ok(value.to_owned())
    } else {
        Err(src.error(
            url.span(),
            format!(
                "url of notice \"{version}\" must be an http:// or https:// address of at most \
                 {MAX_URL_CHARS} characters, without a user name, e.g. \
                 https://shop.example.com/privacy/{version}"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::testing::pid;
    use crate::policy::testing::shipping::{CATEGORIES, CLIENTS, PURPOSES};
    use crate::policy::Policy;

    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /// PURPOSES plus a consent purpose `ads` under notice `v1` (lines 9 to 16).
    fn purposes(version: &str) -> String {
        format!(
            "{PURPOSES}\n[[purpose]]\nid = \"ads\"\ndescription = \"Ads.\"\n\
             legal_basis = \"consent\"\nnotice_version = \"{version}\"\nfields = []\n\
             event_types = []\nretention_days = 30\n"
        )
    }

    fn notice(version: &str, covers: &str) -> String {
        format!(
            "[[notice]]\nversion = \"{version}\"\nurl = \"https://shop.example.com/privacy\"\n\
             sha256 = \"{HASH}\"\npublished_at = \"2026-01-15\"\npurposes = [{covers}]\n"
        )
    }

    fn load(purposes: &str, notices: &str) -> Result<Policy, String> {
        Policy::from_strs_with_notices(purposes, CLIENTS, CATEGORIES, "", "", notices, "")
            .map_err(|e| e.to_string())
    }

    #[test]
    fn notices_are_loaded_and_looked_up_by_version() {
        let notices = format!(
            "{}\n{}",
            notice("v1", "\"ads\", \"shipping\""),
            notice("v0", "\"ads\"").replace("2026-01-15", "2025-06-01T08:00:00+02:00")
        );
        let policy = load(&purposes("v1"), &notices).unwrap();
        let v1 = policy.notice("v1").unwrap();
        assert_eq!(v1.url, "https://shop.example.com/privacy");
        assert_eq!(v1.sha256, HASH);
        assert_eq!(v1.published_at.unix_timestamp(), 1_768_435_200);
        assert!(v1.covers(&pid("ads")) && v1.covers(&pid("shipping")));
        let v0 = policy.notice("v0").unwrap();
        assert_eq!(v0.published_at.unix_timestamp(), 1_748_757_600);
        assert!(!v0.covers(&pid("shipping")));
        assert!(policy.notice("v2").is_none());
        assert_eq!(policy.notices().count(), 2);
    }

    #[test]
    fn a_consent_purpose_needs_a_published_notice_that_covers_it() {
        let e = load(&purposes("v2"), &notice("v1", "\"ads\"")).unwrap_err();
        assert!(
            e.starts_with(
                "purposes.toml:13:18: notice_version \"v2\" of purpose \"ads\" is not published: \
                 add a [[notice]] with version = \"v2\" to notices.toml"
            ),
            "{e}"
        );
        let e = load(&purposes("v1"), &notice("v1", "\"shipping\"")).unwrap_err();
        assert!(
            e.starts_with(
                "purposes.toml:13:18: notice \"v1\" of purpose \"ads\" does not cover it"
            ),
            "{e}"
        );
        // No registry at all: refused the same way.
        let e = load(&purposes("v1"), "").unwrap_err();
        assert!(e.contains("is not published"), "{e}");
        // Without consent purposes, no registry is needed.
        assert!(load(PURPOSES, "").is_ok());
    }

    #[test]
    fn each_entry_is_checked_with_its_position() {
        let base = notice("v1", "\"ads\"");
        for (bad, expected) in [
            (
                base.replace("\"ads\"]", "\"adverts\"]"),
                "notices.toml:6:13: unknown purpose \"adverts\" in notice \"v1\"; purposes.toml \
                 defines: shipping, ads",
            ),
            (
                base.replace("\"ads\"]", "\"ads\", \"ads\"]"),
                "notices.toml:6:20: purpose \"ads\" is listed twice",
            ),
            (
                base.replace("[\"ads\"]", "[]"),
                "notices.toml:6:12: notice \"v1\" must cover at least one purpose",
            ),
            (
                base.replace(HASH, "abc"),
                "notices.toml:4:10: sha256 of notice \"v1\" must be",
            ),
            (
                base.replace("2026-01-15", "15.01.2026"),
                "notices.toml:5:16: published_at of notice \"v1\" must be an RFC 3339 date",
            ),
            (
                base.replace("https://shop.example.com/privacy", "ftp://x"),
                "notices.toml:3:7: url of notice \"v1\" must be an http:// or https://",
            ),
            (
                base.replace(
                    "https://shop.example.com/privacy",
                    "https://user@shop.example.com/",
                ),
                "notices.toml:3:7: url of notice \"v1\"",
            ),
            (
                base.replace("version = \"v1\"", "version = \" \""),
                "notices.toml:2:11: version must be 1 to 64 characters",
            ),
            (
                format!("{base}\n{base}"),
                "notices.toml:9:11: notice \"v1\" is published twice (first on line 2)",
            ),
            (
                base.replace("[[notice]]", "[[notice]]\nlanguage = \"de\""),
                "notices.toml:2:1: unknown key `language`",
            ),
            (
                base.replace("sha256 = ", "hash = "),
                "notices.toml:4:1: unknown key `hash`",
            ),
        ] {
            let e = load(&purposes("v1"), &bad).unwrap_err();
            assert!(e.starts_with(expected), "{e}\n  expected: {expected}");
        }
    }
}
