//! `triggers.toml` (optional): marketing automation rules. Each names the event that starts
//! it (`after`, optionally of one product `category`), the events that cancel it (`unless`) and
//! how long to wait (`within_hours` or `within_days`); when the wait is over and no cancelling
//! event came, the customer is a candidate, and every candidate passes the contact decision
//! for the trigger's purpose and channel before its client is told (a signed webhook).
//! Checked against the purposes, clients and event types of the policy.

use serde::Deserialize;
use toml::Spanned;

use super::source::{non_empty, Source};
use crate::domain::{is_snake_case_name, ClientId, ContactChannel, PurposeId};
use crate::policy::error::PolicyError;
use crate::policy::events::EventType;
use crate::policy::model::{Client, Purpose, Trigger};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TriggersFile {
    #[serde(default)]
    trigger: Vec<RawTrigger>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrigger {
    name: Spanned<String>,
    description: Spanned<String>,
    purpose: Spanned<String>,
    channel: Spanned<String>,
    client: Spanned<String>,
    after: Spanned<String>,
    category: Option<Spanned<String>>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    within_hours: Option<Spanned<i64>>,
    within_days: Option<Spanned<i64>>,
    #[serde(default)]
    enabled: bool,
}

/// Longest wait a rule may name: a year.
const MAX_WITHIN_HOURS: i64 = 366 * 24;

pub(super) fn parse_triggers(
    src: &Source<'_>,
    purposes: &[Purpose],
    clients: &[Client],
    event_types: &[EventType],
) -> Result<Vec<Trigger>, PolicyError> {
    if src.is_blank() {
        return Ok(Vec::new());
    }
    let file: TriggersFile = src.parse()?;
    let mut out: Vec<Trigger> = Vec::with_capacity(file.trigger.len());
    for raw in file.trigger {
        let name = raw.name.get_ref().clone();
        if !is_snake_case_name(&name) {
            return Err(src.error(
                raw.name.span(),
                format!(
                    "invalid trigger name {name:?}: use a snake_case name such as cart_abandoned"
                ),
            ));
        }
        if out.iter().any(|t| t.name == name) {
            return Err(src.error(
                raw.name.span(),
                format!("trigger \"{name}\" is defined twice"),
            ));
        }
        let description = non_empty(src, raw.description, "description")?;
        let purpose = PurposeId::parse(raw.purpose.get_ref())
            .ok()
            .and_then(|id| purposes.iter().find(|p| p.id == id))
            .ok_or_else(|| {
                src.error(
                    raw.purpose.span(),
                    format!(
                        "unknown purpose {:?}: define it in purposes.toml",
                        raw.purpose.get_ref()
                    ),
                )
            })?;
        let channel = ContactChannel::parse(raw.channel.get_ref())
            .filter(|c| purpose.contact_channels.contains(c))
            .ok_or_else(|| {
                src.error(
                    raw.channel.span(),
                    format!(
                        "purpose \"{}\" does not contact by {:?} (its contact_channels)",
                        purpose.id,
                        raw.channel.get_ref()
                    ),
                )
            })?;
        if purpose.sends_service_messages() {
            return Err(src.error(
                raw.purpose.span(),
                format!(
                    "purpose \"{}\" sends service messages; a trigger is marketing automation",
                    purpose.id
                ),
            ));
        }
        let client = ClientId::parse(raw.client.get_ref())
            .ok()
            .and_then(|id| clients.iter().find(|c| c.id == id))
            .ok_or_else(|| {
                src.error(
                    raw.client.span(),
                    format!(
                        "unknown client {:?}: define it in clients.toml",
                        raw.client.get_ref()
                    ),
                )
            })?;
        if !client.purposes.contains(&purpose.id) {
            return Err(src.error(
                raw.client.span(),
                format!(
                    "client \"{}\" is not registered for purpose \"{}\"",
                    client.id, purpose.id
                ),
            ));
        }
        if raw.enabled && client.webhook_url.is_none() {
            return Err(src.error(
                raw.client.span(),
                format!(
                    "trigger \"{name}\" is enabled, but client \"{}\" has no webhook_url to be told",
                    client.id
                ),
            ));
        }
        let mut seen = |t: &Spanned<String>| -> Result<String, PolicyError> {
            let known = event_types.iter().any(|e| &e.name == t.get_ref());
            if !known {
                return Err(src.error(
                    t.span(),
                    format!(
                        "unknown event type {:?}: define it in events.toml",
                        t.get_ref()
                    ),
                ));
            }
            if !purpose.allows_event_type(t.get_ref()) {
                return Err(src.error(
                    t.span(),
                    format!(
                        "purpose \"{}\" may not see {} events (its event_types)",
                        purpose.id,
                        t.get_ref()
                    ),
                ));
            }
            Ok(t.get_ref().clone())
        };
        let after = seen(&raw.after)?;
        let unless = raw
            .unless
            .iter()
            .map(&mut seen)
            .collect::<Result<Vec<_>, _>>()?;
        let within_hours = match (raw.within_hours, raw.within_days) {
            (Some(h), None) => (*h.get_ref(), h.span()),
            (None, Some(d)) => (d.get_ref().saturating_mul(24), d.span()),
            _ => {
                return Err(src.error(
                    raw.name.span(),
                    format!("trigger \"{name}\" needs exactly one of within_hours and within_days"),
                ))
            }
        };
        if !(1..=MAX_WITHIN_HOURS).contains(&within_hours.0) {
            return Err(src.error(within_hours.1, "the wait must be 1 hour to 366 days"));
        }
        let category = match raw.category {
            Some(c) if c.get_ref().trim().is_empty() => {
                return Err(src.error(c.span(), "category must not be empty"))
            }
            Some(c) => Some(c.into_inner().trim().to_owned()),
            None => None,
        };
        out.push(Trigger {
            name,
            description,
            purpose: purpose.id.clone(),
            channel,
            client: client.id.clone(),
            after,
            category,
            unless,
            within_hours: within_hours.0,
            enabled: raw.enabled,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::policy::Policy;

    /// The shipped policy with `triggers.toml` replaced by `text`.
    fn load_with(text: &str) -> Result<Policy, String> {
        let dir = tempfile::tempdir().unwrap();
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        for entry in std::fs::read_dir(&shipped).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
        std::fs::write(dir.path().join("triggers.toml"), text).unwrap();
        Policy::load(dir.path()).map_err(|e| e.to_string())
    }

    const RULE: &str = "[[trigger]]\nname = \"r\"\ndescription = \"d\"\npurpose = \"email_marketing\"\n\
        channel = \"email\"\nclient = \"mailer\"\nafter = \"add_to_cart\"\nunless = [\"purchase\"]\n";

    #[test]
    fn the_shipped_rules_load_disabled() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let policy = Policy::load(&dir).unwrap();
        let names: Vec<&str> = policy.triggers().iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "cart_abandoned",
                "beauty_replenishment",
                "store_visit_without_purchase",
                "win_back"
            ]
        );
        assert!(policy.triggers().iter().all(|t| !t.enabled));
        let replenish = policy.trigger("beauty_replenishment").unwrap();
        assert_eq!(replenish.within_hours, 30 * 24);
        assert_eq!(replenish.category.as_deref(), Some("beauty"));
    }

    #[test]
    fn a_rule_is_checked_against_purposes_clients_and_event_types() {
        assert!(load_with(&format!("{RULE}within_hours = 2\n")).is_ok());
        for (change, words) in [
            ("purpose = \"email_marketing\"", "purpose = \"nope\""),
            ("channel = \"email\"", "channel = \"sms\""),
            ("client = \"mailer\"", "client = \"analytics\""),
            ("after = \"add_to_cart\"", "after = \"page_view\""),
            ("after = \"add_to_cart\"", "after = \"teleport\""),
        ]
        .map(|(from, to)| (RULE.replace(from, to), to))
        {
            let e = load_with(&format!("{change}within_hours = 2\n")).unwrap_err();
            assert!(
                e.starts_with("triggers.toml:") || e.contains("triggers.toml:"),
                "{words}: {e}"
            );
        }
        let e = load_with(RULE).unwrap_err();
        assert!(
            e.contains("exactly one of within_hours and within_days"),
            "{e}"
        );
        let e = load_with(&format!("{RULE}within_hours = 0\n")).unwrap_err();
        assert!(e.contains("1 hour to 366 days"), "{e}");
        let e = load_with(&format!("{RULE}within_hours = 2\nenabled = true\n")).unwrap_err();
        assert!(e.contains("no webhook_url"), "{e}");
        let e =
            load_with(&format!("{RULE}within_hours = 2\n{RULE}within_hours = 3\n")).unwrap_err();
        assert!(e.contains("defined twice"), "{e}");
        let service = RULE
            .replace("email_marketing", "order_fulfilment")
            .replace("add_to_cart", "checkout")
            .replace("mailer", "erp");
        let e = load_with(&format!("{service}within_hours = 2\n")).unwrap_err();
        assert!(e.contains("service messages"), "{e}");
    }
}
