//! `clients.toml`: the calling systems, the purposes each may ask for, the consent grants it
//! may record, its rate limit and its webhook.

use std::collections::{BTreeSet, HashMap};

use serde::Deserialize;
use toml::Spanned;

use super::source::{non_empty, Source, PURPOSES_FILE};
use crate::domain::{ClientId, PurposeId};
use crate::policy::error::PolicyError;
use crate::policy::model::{
    Client, LegalBasis, Purpose, RecipientInfo, RecipientKind, MAX_WEBHOOK_URL_CHARS,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientsFile {
    #[serde(default)]
    client: Vec<RawClient>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClient {
    id: Spanned<String>,
    description: Spanned<String>,
    purposes: Vec<Spanned<String>>,
    webhook_url: Option<Spanned<String>>,
    requests_per_second: Option<Spanned<i64>>,
    #[serde(default)]
    records_consent: Vec<Spanned<String>>,
    #[serde(default)]
    identity_management: bool,
    name: Option<Spanned<String>>,
    #[serde(default)]
    recipient: RecipientKind,
    country: Option<Spanned<String>>,
    transfer_safeguard: Option<Spanned<String>>,
}

pub(super) fn parse_clients(
    src: &Source<'_>,
    purposes: &[Purpose],
) -> Result<Vec<Client>, PolicyError> {
    let file: ClientsFile = src.parse()?;
    let known: BTreeSet<&PurposeId> = purposes.iter().map(|p| &p.id).collect();
    let mut first_line: HashMap<ClientId, usize> = HashMap::new();
    let mut out = Vec::with_capacity(file.client.len());
    for raw in file.client {
        let id = ClientId::parse(raw.id.get_ref()).map_err(|e| {
            src.error(
                raw.id.span(),
                format!("invalid client id {:?}: {e}", raw.id.get_ref()),
            )
        })?;
        if let Some(line) = first_line.get(&id) {
            return Err(src.error(
                raw.id.span(),
                format!("duplicate client id \"{id}\" (first defined on line {line})"),
            ));
        }
        first_line.insert(id.clone(), src.line(&raw.id.span()));
        let description = non_empty(src, raw.description, "description")?;
        let mut client_purposes = BTreeSet::new();
        for name in &raw.purposes {
            let purpose = PurposeId::parse(name.get_ref())
                .ok()
                .filter(|p| known.contains(p))
                .ok_or_else(|| {
                    let defined: Vec<&str> = purposes.iter().map(|p| p.id.as_str()).collect();
                    let defined = if defined.is_empty() {
                        String::from("none")
                    } else {
                        defined.join(", ")
                    };
                    src.error(
                        name.span(),
                        format!(
                            "unknown purpose {:?} for client \"{id}\"; {PURPOSES_FILE} defines: \
                             {defined}",
                            name.get_ref()
                        ),
                    )
                })?;
            if !client_purposes.insert(purpose) {
                return Err(src.error(
                    name.span(),
                    format!(
                        "purpose {:?} is listed twice for client \"{id}\"",
                        name.get_ref()
                    ),
                ));
            }
        }
        let webhook_url = match raw.webhook_url {
            Some(url) => Some(check_webhook_url(src, url, &id)?),
            None => None,
        };
        let requests_per_second = match raw.requests_per_second {
            Some(rate) => Some(
                u32::try_from(*rate.get_ref())
                    .ok()
                    .filter(|r| (1..=MAX_CLIENT_RATE).contains(r))
                    .and_then(std::num::NonZeroU32::new)
                    .ok_or_else(|| {
                        src.error(
                            rate.span(),
                            format!(
                                "requests_per_second for client \"{id}\" must be a whole \
                                 number from 1 to {MAX_CLIENT_RATE}"
                            ),
                        )
                    })?,
            ),
            None => None,
        };
        let records_consent =
            check_records_consent(src, &raw.records_consent, &client_purposes, purposes, &id)?;
        let recipient = recipient_info(
            src,
            &id,
            &description,
            raw.name,
            raw.recipient,
            raw.country,
            raw.transfer_safeguard,
        )?;
        out.push(Client {
            id,
            description,
            purposes: client_purposes,
            webhook_url,
            requests_per_second,
            records_consent,
            identity_management: raw.identity_management,
            recipient,
        });
    }
    Ok(out)
}

/// A client as a recipient: its name (default: the description), kind, country (two capital
/// letters) and, for a country outside the EEA, the transfer safeguard it needs.
fn recipient_info(
    src: &Source<'_>,
    client: &ClientId,
    description: &str,
    name: Option<Spanned<String>>,
    kind: RecipientKind,
    country: Option<Spanned<String>>,
    transfer_safeguard: Option<Spanned<String>>,
) -> Result<RecipientInfo, PolicyError> {
    let name = match name {
        Some(n) => non_empty(src, n, "name")?,
        None => description.to_owned(),
    };
    let country_span = country.as_ref().map(Spanned::span);
    let country = match country {
        Some(c)
            if c.get_ref().len() == 2 && c.get_ref().chars().all(|ch| ch.is_ascii_uppercase()) =>
        {
            Some(c.into_inner())
        }
        Some(c) => {
            return Err(src.error(
                c.span(),
                format!(
                    "country of client \"{client}\" must be an ISO 3166-1 alpha-2 code such as DE"
                ),
            ))
        }
        None => None,
    };
    let transfer_safeguard = match transfer_safeguard {
        Some(t) => Some(non_empty(src, t, "transfer_safeguard")?),
        None => None,
    };
    let info = RecipientInfo {
        name,
        kind,
        country,
        transfer_safeguard,
    };
    if info.is_transfer() && info.transfer_safeguard.is_none() {
        return Err(src.error(
            country_span.unwrap_or_default(),
            format!(
                "client \"{client}\" processes data outside the EEA: name its \
                 transfer_safeguard (an adequacy decision, standard contractual clauses, …; \
                 GDPR Art. 45, 46)"
            ),
        ));
    }
    Ok(info)
}

/// A client's `records_consent`: the purposes whose consent grants it may record. Each must be
/// one of the client's own `purposes`, based on consent, and listed once.
fn check_records_consent(
    src: &Source<'_>,
    names: &[Spanned<String>],
    registered: &BTreeSet<PurposeId>,
    purposes: &[Purpose],
    client: &ClientId,
) -> Result<BTreeSet<PurposeId>, PolicyError> {
    let mut out = BTreeSet::new();
    for name in names {
        let purpose = PurposeId::parse(name.get_ref())
            .ok()
            .filter(|p| registered.contains(p))
            .ok_or_else(|| {
                src.error(
                    name.span(),
                    format!(
                        "records_consent of client \"{client}\" names {:?}, which is not among \
                         its purposes; a client records consent only for purposes it is \
                         registered for",
                        name.get_ref()
                    ),
                )
            })?;
        if let Some(p) = purposes.iter().find(|p| p.id == purpose) {
            if p.legal_basis != LegalBasis::Consent {
                return Err(src.error(
                    name.span(),
                    format!(
                        "records_consent of client \"{client}\" names \"{purpose}\", which is \
                         based on {}, not consent; only consent purposes have grants to record",
                        p.legal_basis
                    ),
                ));
            }
        }
        if !out.insert(purpose) {
            return Err(src.error(
                name.span(),
                format!(
                    "purpose {:?} is listed twice in records_consent of client \"{client}\"",
                    name.get_ref()
                ),
            ));
        }
    }
    Ok(out)
}

/// The highest `requests_per_second` a client may be given.
const MAX_CLIENT_RATE: u32 = 1_000_000;

/// A client's `webhook_url`: `http://` or `https://` (scheme in lower case), a host, at most
/// [`MAX_WEBHOOK_URL_CHARS`] characters, no white space or control characters, no user
/// name or password (a credential in the policy would be readable by everyone who reviews it).
fn check_webhook_url(
    src: &Source<'_>,
    url: Spanned<String>,
    client: &ClientId,
) -> Result<String, PolicyError> {
    let span = url.span();
    let value = url.into_inner();
    let fail = |why: &str| {
        src.error(
            span.clone(),
            format!("invalid webhook_url for client \"{client}\": {why}"),
        )
    };
    if value.chars().count() > MAX_WEBHOOK_URL_CHARS {
        return Err(fail(&format!(
            "longer than {MAX_WEBHOOK_URL_CHARS} characters"
        )));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(fail("must not contain spaces or control characters"));
    }
    let Some(rest) = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
    else {
        return Err(fail(
            "must start with http:// or https://, e.g. https://crm.example.com/custodia/hook",
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(fail(
            "must not carry a user name or password (the request is signed instead)",
        ));
    }
    let host = authority
        .strip_prefix('[')
        .and_then(|a| a.split_once(']').map(|(h, _)| h))
        .unwrap_or_else(|| authority.split(':').next().unwrap_or_default());
    if host.is_empty() {
        return Err(fail("names no host"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::policy::testing::shipping::{load_err, CATEGORIES, CLIENTS, PURPOSES};
    use crate::policy::testing::{cid, pid};
    use crate::policy::Policy;

    #[test]
    fn recipients_outside_the_eea_need_a_safeguard() {
        let with = |extra: &str| format!("{CLIENTS}{extra}\n");
        let policy = Policy::from_strs(PURPOSES, &with(""), CATEGORIES).unwrap();
        let erp = policy.client(&cid("erp")).unwrap();
        assert_eq!(erp.recipient.name, "ERP");
        assert_eq!(erp.recipient.kind, RecipientKind::Internal);
        assert!(!erp.recipient.is_transfer());

        let e = load_err(PURPOSES, &with("country = \"US\""), CATEGORIES);
        assert!(
            e.contains("outside the EEA: name its transfer_safeguard"),
            "{e}"
        );
        let e = load_err(PURPOSES, &with("country = \"usa\""), CATEGORIES);
        assert!(e.contains("ISO 3166-1 alpha-2"), "{e}");

        let ok = with(
            "country = \"US\"\nrecipient = \"processor\"\ntransfer_safeguard = \"SCC 2021/914\"",
        );
        let policy = Policy::from_strs(PURPOSES, &ok, CATEGORIES).unwrap();
        let erp = policy.client(&cid("erp")).unwrap();
        assert!(erp.recipient.is_transfer());
        assert_eq!(erp.recipient.kind, RecipientKind::Processor);
        assert_eq!(
            erp.recipient.transfer_safeguard.as_deref(),
            Some("SCC 2021/914")
        );
    }

    #[test]
    fn unknown_purpose_in_clients_reports_its_line() {
        let clients = r#"[[client]]
id = "erp"
description = "ERP"
purposes = [
  "shipping",
  "invoicing",
]
"#;
        let e = load_err(PURPOSES, clients, CATEGORIES);
        assert!(
            e.starts_with("clients.toml:6:3: unknown purpose \"invoicing\" for client \"erp\""),
            "{e}"
        );
        assert!(e.ends_with("purposes.toml defines: shipping"), "{e}");

        let e = load_err(
            PURPOSES,
            &clients.replace("invoicing", "shipping"),
            CATEGORIES,
        );
        assert!(
            e.starts_with("clients.toml:6:3: purpose \"shipping\" is listed twice"),
            "{e}"
        );
    }

    #[test]
    fn shipped_policy_lets_only_the_crm_grant_and_manage_identities() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let policy = Policy::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        let crm = policy.client(&cid("crm")).unwrap();
        let grants: Vec<&str> = crm.records_consent.iter().map(PurposeId::as_str).collect();
        assert_eq!(
            grants,
            ["email_marketing", "personalisation", "targeted_advertising"]
        );
        assert!(crm.identity_management);
        for other in ["mailer", "analytics", "erp"] {
            let c = policy.client(&cid(other)).unwrap();
            assert!(c.records_consent.is_empty(), "{other}");
            assert!(!c.identity_management, "{other}");
        }
    }

    #[test]
    fn records_consent_must_name_the_clients_own_consent_purposes() {
        let purposes = format!(
            "{PURPOSES}\n[[purpose]]\nid = \"newsletter\"\ndescription = \"News.\"\n\
             legal_basis = \"consent\"\nnotice_version = \"1\"\nfields = [\"email\"]\n\
             event_types = []\nretention_days = 30\n"
        );
        let ok = r#"[[client]]
id = "erp"
description = "ERP"
purposes = ["shipping", "newsletter"]
records_consent = ["newsletter"]
identity_management = true
"#;
        let p = Policy::from_strs(&purposes, ok, CATEGORIES).unwrap_or_else(|e| panic!("{e}"));
        let erp = p.client(&cid("erp")).unwrap();
        assert!(erp.may_record_grant(&pid("newsletter")));
        assert!(!erp.may_record_grant(&pid("shipping")));
        assert!(erp.identity_management);
        // Both default to nothing.
        let p = Policy::from_strs(PURPOSES, CLIENTS, CATEGORIES).unwrap();
        let erp = p.client(&cid("erp")).unwrap();
        assert!(erp.records_consent.is_empty() && !erp.identity_management);

        let not_registered = ok.replace(
            r#"purposes = ["shipping", "newsletter"]"#,
            r#"purposes = ["shipping"]"#,
        );
        let e = load_err(&purposes, &not_registered, CATEGORIES);
        assert!(
            e.starts_with(
                "clients.toml:5:20: records_consent of client \"erp\" names \"newsletter\", \
                 which is not among its purposes"
            ),
            "{e}"
        );
        let not_consent = ok.replace(
            r#"records_consent = ["newsletter"]"#,
            r#"records_consent = ["shipping"]"#,
        );
        let e = load_err(&purposes, &not_consent, CATEGORIES);
        assert!(
            e.starts_with(
                "clients.toml:5:20: records_consent of client \"erp\" names \"shipping\", \
                 which is based on contract, not consent"
            ),
            "{e}"
        );
        let twice = ok.replace(r#"["newsletter"]"#, r#"["newsletter", "newsletter"]"#);
        let e = load_err(&purposes, &twice, CATEGORIES);
        assert!(
            e.starts_with(
                "clients.toml:5:34: purpose \"newsletter\" is listed twice in records_consent"
            ),
            "{e}"
        );
        let unknown = ok.replace(r#"["newsletter"]"#, r#"["nope"]"#);
        let e = load_err(&purposes, &unknown, CATEGORIES);
        assert!(
            e.starts_with("clients.toml:5:20: records_consent of client"),
            "{e}"
        );
    }

    #[test]
    fn requests_per_second_is_optional_and_bounded() {
        let policy = Policy::from_strs(PURPOSES, CLIENTS, CATEGORIES).unwrap();
        assert_eq!(
            policy.client(&cid("erp")).unwrap().requests_per_second,
            None
        );
        let with = |rate: &str| format!("{CLIENTS}requests_per_second = {rate}\n");
        let tuned = Policy::from_strs(PURPOSES, &with("25"), CATEGORIES).unwrap();
        let erp = tuned.client(&cid("erp")).unwrap();
        assert_eq!(erp.requests_per_second.map(|r| r.get()), Some(25));
        for bad in ["0", "-5", "2000000", "\"fast\""] {
            assert!(
                load_err(PURPOSES, &with(bad), CATEGORIES).contains("clients.toml"),
                "{bad}"
            );
        }
    }

    #[test]
    fn webhook_url_is_optional_and_checked_with_its_position() {
        let policy = Policy::from_strs(PURPOSES, CLIENTS, CATEGORIES).unwrap();
        assert_eq!(policy.client(&cid("erp")).unwrap().webhook_url, None);

        let with = |url: &str| format!("{CLIENTS}webhook_url = {url:?}\n");
        for ok in [
            "https://erp.example.com/custodia/hook",
            "http://127.0.0.1:8081/hook?k=v",
            "https://[::1]:9000/",
        ] {
            let policy = Policy::from_strs(PURPOSES, &with(ok), CATEGORIES).unwrap();
            assert_eq!(
                policy.client(&cid("erp")).unwrap().webhook_url.as_deref(),
                Some(ok)
            );
        }

        let long = format!("https://erp.example.com/{}", "a".repeat(2000));
        for (bad, why) in [
            (
                "ftp://erp.example.com/hook",
                "must start with http:// or https://",
            ),
            (
                "erp.example.com/hook",
                "must start with http:// or https://",
            ),
            (
                "HTTPS://erp.example.com/",
                "must start with http:// or https://",
            ),
            ("https:///hook", "names no host"),
            ("https://:443/hook", "names no host"),
            ("https://user:pw@erp.example.com/", "user name or password"),
            (
                "https://erp.example.com/a b",
                "spaces or control characters",
            ),
            (long.as_str(), "longer than 2000 characters"),
        ] {
            let e = load_err(PURPOSES, &with(bad), CATEGORIES);
            assert!(
                e.starts_with("clients.toml:5:15: invalid webhook_url for client \"erp\": "),
                "{bad}: {e}"
            );
            assert!(e.contains(why), "{bad}: {e}");
        }

        let e = load_err(
            PURPOSES,
            &format!("{CLIENTS}webhook_url = 42\n"),
            CATEGORIES,
        );
        assert!(e.starts_with("clients.toml:5:15:"), "{e}");
    }
}
