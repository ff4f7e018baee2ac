//! `tcf.toml` (optional): our consent purposes → the IAB TCF v2.2 purposes a TC string must
//! consent to.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;
use toml::Spanned;

use super::source::{Source, PURPOSES_FILE};
use crate::domain::PurposeId;
use crate::policy::error::PolicyError;
use crate::policy::model::Purpose;

/// The purposes of IAB TCF v2.2 are numbered 1 to 11.
const TCF_PURPOSES: std::ops::RangeInclusive<i64> = 1..=11;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TcfFile {
    #[serde(default)]
    purposes: BTreeMap<Spanned<String>, Vec<Spanned<i64>>>,
}

pub(super) fn parse_tcf(
    src: &Source<'_>,
    purposes: &[Purpose],
    purpose_index: &HashMap<PurposeId, usize>,
) -> Result<HashMap<PurposeId, BTreeSet<u8>>, PolicyError> {
    let file: TcfFile = src.parse()?;
    // Report problems in the order they appear in the file.
    let mut entries: Vec<_> = file.purposes.into_iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut out = HashMap::with_capacity(entries.len());
    for (key, ids) in entries {
        let purpose = PurposeId::parse(key.get_ref())
            .ok()
            .and_then(|id| purpose_index.get(&id))
            .and_then(|&i| purposes.get(i))
            .ok_or_else(|| {
                let consent: Vec<&str> = purposes
                    .iter()
                    .filter(|p| p.requires_consent())
                    .map(|p| p.id.as_str())
                    .collect();
                let consent = if consent.is_empty() {
                    String::from("none")
                } else {
                    consent.join(", ")
                };
                src.error(
                    key.span(),
                    format!(
                        "unknown purpose {:?}; the consent purposes {PURPOSES_FILE} defines are: \
                         {consent}",
                        key.get_ref()
                    ),
                )
            })?;
        if !purpose.requires_consent() {
            return Err(src.error(
                key.span(),
                format!(
                    "purpose \"{}\" is based on {}, not consent; only consent purposes map to \
                     TCF purposes",
                    purpose.id, purpose.legal_basis
                ),
            ));
        }
        let mut tcf_ids = BTreeSet::new();
        for id in ids {
            let n = *id.get_ref();
            let n = u8::try_from(n)
                .ok()
                .filter(|_| TCF_PURPOSES.contains(&n))
                .ok_or_else(|| {
                    src.error(
                        id.span(),
                        format!(
                            "TCF purpose {n} does not exist: IAB TCF v2.2 purposes are numbered \
                             1 to 11"
                        ),
                    )
                })?;
            if !tcf_ids.insert(n) {
                return Err(src.error(
                    id.span(),
                    format!("TCF purpose {n} is listed twice for \"{}\"", purpose.id),
                ));
            }
        }
        out.insert(purpose.id.clone(), tcf_ids);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::testing::pid;
    use crate::policy::testing::shipping::{CATEGORIES, CLIENTS, PURPOSES};
    use crate::policy::{Policy, CATEGORIES_FILE, CLIENTS_FILE, TCF_FILE};

    // -----------------------------------------------------------------------------------------
    // tcf.toml

    /// PURPOSES plus a consent purpose `ads` (lines 9 to 15).
    fn with_consent_purpose() -> String {
        format!(
            "{PURPOSES}\n[[purpose]]\nid = \"ads\"\ndescription = \"Ads.\"\n\
             legal_basis = \"consent\"\nnotice_version = \"v1\"\nfields = []\n\
             event_types = []\nretention_days = 30\n"
        )
    }

    fn tcf_err(tcf: &str) -> String {
        match Policy::from_strs_with_tcf(&with_consent_purpose(), CLIENTS, CATEGORIES, tcf) {
            Ok(_) => panic!("expected tcf.toml to be refused"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn tcf_table_is_loaded() {
        let purposes = with_consent_purpose();
        let policy = Policy::from_strs_with_tcf(
            &purposes,
            CLIENTS,
            CATEGORIES,
            "# comment\n[purposes]\nads = [4, 1, 2, 3, 11]\n",
        )
        .unwrap();
        let ids: Vec<u8> = policy
            .tcf_purposes(&pid("ads"))
            .unwrap()
            .iter()
            .copied()
            .collect();
        assert_eq!(ids, [1, 2, 3, 4, 11]);
        assert_eq!(policy.tcf_purposes(&pid("shipping")), None);

        let policy =
            Policy::from_strs_with_tcf(&purposes, CLIENTS, CATEGORIES, "[purposes]\nads = []\n")
                .unwrap();
        assert_eq!(policy.tcf_purposes(&pid("ads")).map(BTreeSet::len), Some(0));

        for empty in ["", "[purposes]\n", "# nothing mapped\n"] {
            let policy = Policy::from_strs_with_tcf(&purposes, CLIENTS, CATEGORIES, empty).unwrap();
            assert_eq!(policy.tcf_purposes(&pid("ads")), None);
        }
        let policy = Policy::from_strs(&purposes, CLIENTS, CATEGORIES).unwrap();
        assert_eq!(policy.tcf_purposes(&pid("ads")), None);
    }

    #[test]
    fn tcf_keys_must_be_consent_purposes() {
        let e = tcf_err("[purposes]\nads = [1]\nadverts = [1]\n");
        assert!(
            e.starts_with(
                "tcf.toml:3:1: unknown purpose \"adverts\"; the consent purposes purposes.toml \
                 defines are: ads"
            ),
            "{e}"
        );
        let e = tcf_err("[purposes]\n\"Ads\" = [1]\n");
        assert!(
            e.starts_with("tcf.toml:2:1: unknown purpose \"Ads\""),
            "{e}"
        );
        let e = tcf_err("[purposes]\nads = [1]\nshipping = [1]\n");
        assert!(
            e.starts_with(
                "tcf.toml:3:1: purpose \"shipping\" is based on contract, not consent; only \
                 consent purposes map to TCF purposes"
            ),
            "{e}"
        );
    }

    #[test]
    fn tcf_ids_are_tcf_v2_2_purposes() {
        for (list, column, n) in [
            ("[0]", 8, "0"),
            ("[1, 12]", 11, "12"),
            ("[-1]", 8, "-1"),
            ("[1, 300]", 11, "300"),
        ] {
            let e = tcf_err(&format!("[purposes]\nads = {list}\n"));
            assert!(
                e.starts_with(&format!(
                    "tcf.toml:2:{column}: TCF purpose {n} does not exist: IAB TCF v2.2 purposes \
                     are numbered 1 to 11"
                )),
                "{e}"
            );
        }
        let e = tcf_err("[purposes]\nads = [\n  1,\n  5,\n  1,\n]\n");
        assert!(
            e.starts_with("tcf.toml:5:3: TCF purpose 1 is listed twice for \"ads\""),
            "{e}"
        );
        let e = tcf_err("[purposes]\nads = [1, \"2\"]\n");
        assert!(e.starts_with("tcf.toml:2:"), "{e}");
        let e = tcf_err("[purposes]\nads = 1\n");
        assert!(e.starts_with("tcf.toml:2:7: "), "{e}");
    }

    #[test]
    fn tcf_file_shape_errors_report_their_line() {
        let e = tcf_err("[purpose]\nads = [1]\n");
        assert!(e.starts_with("tcf.toml:1:"), "{e}");
        assert!(e.contains("unknown key `purpose`"), "{e}");
        let e = tcf_err("[purposes]\nads = [1\n");
        assert!(e.starts_with("tcf.toml:2:"), "{e}");
        let e = tcf_err("version = 2\n[purposes]\n");
        assert!(e.starts_with("tcf.toml:1:1: unknown key `version`"), "{e}");
    }

    #[test]
    fn tcf_file_is_optional_on_disk_and_named_in_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PURPOSES_FILE), with_consent_purpose()).unwrap();
        std::fs::write(dir.path().join(CLIENTS_FILE), CLIENTS).unwrap();
        std::fs::write(dir.path().join(CATEGORIES_FILE), CATEGORIES).unwrap();
        // The consent purpose `ads` needs its notice published.
        let e = Policy::load(dir.path()).unwrap_err().to_string();
        assert!(e.contains("is not published"), "{e}");
        std::fs::write(
            dir.path().join(crate::policy::NOTICES_FILE),
            "[[notice]]\nversion = \"v1\"\nurl = \"https://example.com/v1\"\n\
             sha256 = \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"\n\
             published_at = \"2026-01-01\"\npurposes = [\"ads\"]\n",
        )
        .unwrap();
        let policy = Policy::load(dir.path()).unwrap();
        assert_eq!(policy.tcf_purposes(&pid("ads")), None);

        std::fs::write(dir.path().join(TCF_FILE), "[purposes]\nads = [1, 2]\n").unwrap();
        let policy = Policy::load(dir.path()).unwrap();
        assert_eq!(policy.tcf_purposes(&pid("ads")).map(BTreeSet::len), Some(2));

        std::fs::write(dir.path().join(TCF_FILE), "[purposes]\nads = [1, 20]\n").unwrap();
        let e = Policy::load(dir.path()).unwrap_err().to_string();
        let expected = format!(
            "{}:2:11: TCF purpose 20",
            dir.path().join(TCF_FILE).display()
        );
        assert!(e.starts_with(&expected), "{e}");

        // Present but unreadable (a directory): an error, not an empty table.
        std::fs::remove_file(dir.path().join(TCF_FILE)).unwrap();
        std::fs::create_dir(dir.path().join(TCF_FILE)).unwrap();
        let e = Policy::load(dir.path()).unwrap_err();
        assert!(matches!(e, PolicyError::Read { .. }), "{e}");
    }
}
