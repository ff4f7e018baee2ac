//! `events.toml`: the catalogue of behavioural event types and their properties, and the
//! checks that tie it to `purposes.toml` (every type a purpose lists is defined, every type
//! defined is served).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::purposes::EventRef;
use super::source::{non_empty, Source, EVENTS_FILE, PURPOSES_FILE};
use crate::domain::{is_snake_case_name, PurposeId};
use crate::policy::error::PolicyError;
use crate::policy::events::{EventType, PropertySpec, PropertyType, MAX_PROPERTIES};
use crate::policy::model::Purpose;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsFile {
    /// Product categories that reveal special categories of data (Art. 9: health, religion,
    /// sex life…): generalised at collection, so they never feed a profile.
    #[serde(default)]
    sensitive_categories: Vec<Spanned<String>>,
    #[serde(default)]
    event_type: Vec<RawEventType>,
}

/// The catalogue of `events.toml` and its sensitive product categories (lower case).
pub(super) struct ParsedEvents {
    pub(super) types: Vec<(EventType, Range<usize>)>,
    pub(super) sensitive_categories: BTreeSet<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEventType {
    name: Spanned<String>,
    description: Spanned<String>,
    #[serde(default)]
    terminal_access: bool,
    #[serde(default)]
    properties: BTreeMap<Spanned<String>, EventProperty>,
}

/// `{ type = "…", required = … }`; the name appears in serde's messages (see [`Source::parse`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventProperty {
    #[serde(rename = "type")]
    kind: Spanned<String>,
    #[serde(default)]
    required: bool,
    /// The only values a `string` property may take: snake_case words.
    #[serde(default)]
    values: Option<Spanned<Vec<Spanned<String>>>>,
}

/// The catalogue in file order, each type with the purposes that serve it and the place of its
/// name (for [`check_served`]).
pub(super) fn parse_events(
    src: &Source<'_>,
    purposes: &[Purpose],
) -> Result<ParsedEvents, PolicyError> {
    let file: EventsFile = src.parse()?;
    let mut sensitive_categories = BTreeSet::new();
    for c in &file.sensitive_categories {
        let name = c.get_ref().trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(src.error(
                c.span(),
                "a sensitive category is 1 to 100 characters, like the category property",
            ));
        }
        sensitive_categories.insert(name.to_lowercase());
    }
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(file.event_type.len());
    for raw in file.event_type {
        let name = raw.name.get_ref();
        if !is_snake_case_name(name) {
            return Err(src.error(
                raw.name.span(),
                format!(
                    "invalid event type name {name:?}: use a snake_case name such as page_view"
                ),
            ));
        }
        if let Some(line) = first_line.get(name) {
            return Err(src.error(
                raw.name.span(),
                format!("duplicate event type \"{name}\" (first defined on line {line})"),
            ));
        }
        first_line.insert(name.clone(), src.line(&raw.name.span()));
        let description = non_empty(src, raw.description, "description")?;

        // Report problems in the order they appear in the file.
        let mut lines: Vec<_> = raw.properties.into_iter().collect();
        lines.sort_by_key(|(key, _)| key.span().start);
        let mut properties = BTreeMap::new();
        for (i, (key, property)) in lines.into_iter().enumerate() {
            if i == MAX_PROPERTIES {
                return Err(src.error(
                    key.span(),
                    format!(
                        "event type \"{name}\" has more than {MAX_PROPERTIES} properties; keep \
                         to what the purposes serving it need"
                    ),
                ));
            }
            if !is_snake_case_name(key.get_ref()) {
                return Err(src.error(
                    key.span(),
                    format!(
                        "invalid property name {:?}: use a snake_case name such as order_id",
                        key.get_ref()
                    ),
                ));
            }
            let kind = PropertyType::parse(property.kind.get_ref()).ok_or_else(|| {
                let known: Vec<&str> = PropertyType::ALL.iter().map(|t| t.as_str()).collect();
                src.error(
                    property.kind.span(),
                    format!(
                        "unknown property type {:?} for property \"{}\"; use one of {}",
                        property.kind.get_ref(),
                        key.get_ref(),
                        known.join(", ")
                    ),
                )
            })?;
            let values = match property.values {
                None => None,
                Some(list) => Some(allowed_values(src, key.get_ref(), kind, list)?),
            };
            properties.insert(
                key.into_inner(),
                PropertySpec {
                    kind,
                    required: property.required,
                    values,
                },
            );
        }

        let served_by: Vec<PurposeId> = purposes
            .iter()
            .filter(|p| p.allows_event_type(name))
            .map(|p| p.id.clone())
            .collect();
        let span = raw.name.span();
        // Storing such an event needs consent (ePrivacy, TDDDG §25): a type only purposes on
        // another basis serve could never lawfully be collected.
        if raw.terminal_access
            && !served_by.is_empty()
            && !purposes
                .iter()
                .any(|p| p.allows_event_type(name) && p.requires_consent())
        {
            return Err(src.error(
                span,
                format!(
                    "event type \"{name}\" has terminal_access = true but no consent-based \
                     purpose serves it: it could never be collected"
                ),
            ));
        }
        out.push((
            EventType {
                name: raw.name.into_inner(),
                description,
                terminal_access: raw.terminal_access,
                properties,
                served_by,
            },
            span,
        ));
    }
    Ok(ParsedEvents {
        types: out,
        sensitive_categories,
    })
}

/// The `values` of property `name`: only on a `string` property, at least one, each a
/// snake_case word (at most 64 characters), each once.
fn allowed_values(
    src: &Source<'_>,
    name: &str,
    kind: PropertyType,
    list: Spanned<Vec<Spanned<String>>>,
) -> Result<Vec<String>, PolicyError> {
    if kind != PropertyType::String {
        return Err(src.error(
            list.span(),
            format!(
                "property \"{name}\" has values but is of type {kind}: values are for string \
                 properties only"
            ),
        ));
    }
    if list.get_ref().is_empty() {
        return Err(src.error(
            list.span(),
            format!(
                "property \"{name}\" has an empty values list: name at least one value, or \
                 leave values out"
            ),
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(list.get_ref().len());
    for v in list.into_inner() {
        let value = v.get_ref();
        if !is_snake_case_name(value) || value.len() > 64 {
            return Err(src.error(
                v.span(),
                format!(
                    "invalid value {value:?} of property \"{name}\": use a snake_case word \
                     such as wrong_size (at most 64 characters)"
                ),
            ));
        }
        if out.contains(value) {
            return Err(src.error(
                v.span(),
                format!("value \"{value}\" of property \"{name}\" is listed twice"),
            ));
        }
        out.push(v.into_inner());
    }
    Ok(out)
}

/// Refuses a catalogue type that no purpose serves: an event no purpose may see must not be
/// collected.
pub(super) fn check_served(
    src: &Source<'_>,
    catalogue: Vec<(EventType, Range<usize>)>,
) -> Result<Vec<EventType>, PolicyError> {
    let mut out = Vec::with_capacity(catalogue.len());
    for (event_type, span) in catalogue {
        if event_type.served_by.is_empty() {
            return Err(src.error(
                span,
                format!(
                    "event type \"{}\" is served by no purpose: list it in the event_types of \
                     a purpose in {PURPOSES_FILE}, or remove it (an event no purpose may see \
                     must not be collected)",
                    event_type.name
                ),
            ));
        }
        out.push(event_type);
    }
    Ok(out)
}

/// Every event type a purpose lists must be in the catalogue; the first that is not is
/// reported where `purposes.toml` names it.
pub(super) fn check_event_refs(
    src: &Source<'_>,
    purposes: &[Purpose],
    refs: &[EventRef],
    catalogue: &[(EventType, Range<usize>)],
) -> Result<(), PolicyError> {
    for r in refs {
        if catalogue.iter().any(|(t, _)| t.name == *r.name.get_ref()) {
            continue;
        }
        let defined: Vec<&str> = catalogue.iter().map(|(t, _)| t.name.as_str()).collect();
        let defined = if defined.is_empty() {
            String::from("none")
        } else {
            defined.join(", ")
        };
        let purpose = purposes.get(r.purpose).map_or("", |p| p.id.as_str());
        return Err(src.error(
            r.name.span(),
            format!(
                "unknown event type {:?} for purpose \"{purpose}\"; {EVENTS_FILE} defines: \
                 {defined}",
                r.name.get_ref()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::policy::testing::shop::{load, load_err, EVENTS, PURPOSES};
    use crate::policy::testing::{pid, CATEGORIES};
    use crate::policy::{
        Policy, PolicyError, PropertySpec, PropertyType, EVENTS_FILE, PURPOSES_FILE,
    };

    // -----------------------------------------------------------------------------------------
    // Loading events.toml

    #[test]
    fn a_terminal_access_type_needs_a_consent_purpose() {
        let events = EVENTS.replace(
            "description = \"A page.\"\n",
            "description = \"A page.\"\nterminal_access = true\n",
        );
        let e = load_err(PURPOSES, &events);
        assert!(
            e.contains("\"page_view\" has terminal_access = true but no consent-based purpose"),
            "{e}"
        );
        let purposes = PURPOSES.replace(
            "legal_basis = \"legitimate_interest\"",
            "legal_basis = \"consent\"\nnotice_version = \"v1\"",
        );
        let policy = load(&purposes, &events).unwrap();
        let page_view = policy.event_type("page_view").unwrap();
        assert!(page_view.terminal_access);
        assert!(!policy.event_type("purchase").unwrap().terminal_access);
    }

    #[test]
    fn catalogue_is_loaded_with_its_purposes() {
        let policy = load(PURPOSES, EVENTS).unwrap();
        let names: Vec<&str> = policy.event_types().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["purchase", "page_view"]);
        let page_view = policy.event_type("page_view").unwrap();
        assert_eq!(page_view.description, "A page.");
        assert_eq!(page_view.served_by, [pid("shop"), pid("stats")]);
        assert_eq!(policy.served_purposes("purchase"), [pid("shop")]);
        assert_eq!(
            page_view.properties.get("path"),
            Some(&PropertySpec::new(PropertyType::Path, true))
        );
        let currency = &policy.event_type("purchase").unwrap().properties["currency"];
        assert!(!currency.required && currency.kind == PropertyType::Currency);
        // A type may have no properties at all.
        let events = EVENTS.replace(
            "properties = { path = { type = \"path\", required = true } }\n",
            "",
        );
        let policy = load(PURPOSES, &events).unwrap();
        assert!(policy
            .event_type("page_view")
            .unwrap()
            .properties
            .is_empty());
    }

    #[test]
    fn a_purpose_may_only_list_catalogue_types() {
        let purposes = PURPOSES.replace(
            "event_types = [\"page_view\"]",
            "event_types = [\n  \"page_view\",\n  \"pageview\",\n]",
        );
        let e = load_err(&purposes, EVENTS);
        assert!(
            e.starts_with(
                "purposes.toml:16:3: unknown event type \"pageview\" for purpose \"stats\"; \
                 events.toml defines: purchase, page_view"
            ),
            "{e}"
        );
        // from_strs has no catalogue: a purpose listing an event type is refused there.
        let e = match Policy::from_strs(PURPOSES, "", CATEGORIES) {
            Ok(_) => panic!("expected the policy to be refused"),
            Err(e) => e.to_string(),
        };
        assert!(
            e.starts_with(
                "purposes.toml:6:16: unknown event type \"purchase\" for purpose \"shop\"; \
                 events.toml defines: none"
            ),
            "{e}"
        );
    }

    #[test]
    fn every_catalogue_type_must_be_served() {
        let events =
            format!("{EVENTS}\n[[event_type]]\nname = \"store_visit\"\ndescription = \"Visit.\"\n");
        let e = load_err(PURPOSES, &events);
        assert!(
            e.starts_with("events.toml:15:8: event type \"store_visit\" is served by no purpose"),
            "{e}"
        );
        // No purpose lists any type: a catalogue is still refused type by type.
        let none = PURPOSES.replace("[\"purchase\", \"page_view\"]", "[]");
        let none = none.replace("[\"page_view\"]", "[]");
        let e = load_err(&none, EVENTS);
        assert!(
            e.starts_with("events.toml:2:8: event type \"purchase\" is served by no purpose"),
            "{e}"
        );
        assert!(load(&none, "").is_ok());
    }

    #[test]
    fn unknown_property_type_reports_its_line() {
        let events = EVENTS.replace("{ type = \"currency\" }", "{ type = \"money\" }");
        let e = load_err(PURPOSES, &events);
        assert!(
            e.starts_with(
                "events.toml:7:21: unknown property type \"money\" for property \"currency\"; \
                 use one of string, integer, number, amount, currency, sku, rating, boolean, \
                 path, category"
            ),
            "{e}"
        );
    }

    #[test]
    fn duplicate_event_type_reports_both_lines() {
        let events =
            format!("{EVENTS}\n[[event_type]]\nname = \"purchase\"\ndescription = \"Again.\"\n");
        let e = load_err(PURPOSES, &events);
        assert!(
            e.starts_with(
                "events.toml:15:8: duplicate event type \"purchase\" (first defined on line 2)"
            ),
            "{e}"
        );
    }

    #[test]
    fn catalogue_shape_errors_report_their_line() {
        let e = load_err(
            PURPOSES,
            &EVENTS.replace("\"purchase\"\n", "\"Purchase\"\n"),
        );
        assert!(
            e.starts_with("events.toml:2:8: invalid event type name \"Purchase\""),
            "{e}"
        );
        let e = load_err(PURPOSES, &EVENTS.replace("\"An order.\"", "\" \""));
        assert!(
            e.starts_with("events.toml:3:15: description must not be empty"),
            "{e}"
        );
        let e = load_err(PURPOSES, &EVENTS.replace("order_id = {", "OrderId = {"));
        assert!(
            e.starts_with("events.toml:5:1: invalid property name \"OrderId\""),
            "{e}"
        );
        let e = load_err(
            PURPOSES,
            &EVENTS.replace(
                "{ type = \"currency\" }",
                "{ type = \"currency\", pii = true }",
            ),
        );
        assert!(e.starts_with("events.toml:7:"), "{e}");
        assert!(e.contains("unknown key `pii`"), "{e}");
        let e = load_err(
            PURPOSES,
            &EVENTS.replace("{ type = \"currency\" }", "\"currency\""),
        );
        assert!(e.starts_with("events.toml:7:12: "), "{e}");
        assert!(
            e.contains("a table such as { type = \"sku\", required = true }"),
            "{e}"
        );
        let e = load_err(PURPOSES, &EVENTS.replace("{ type = \"currency\" }", "{ }"));
        assert!(e.starts_with("events.toml:7:12: "), "{e}");
        assert!(e.contains("missing key `type`"), "{e}");
        let e = load_err(
            PURPOSES,
            &EVENTS.replace(
                "{ type = \"currency\" }",
                "{ type = \"currency\", required = \"no\" }",
            ),
        );
        assert!(e.starts_with("events.toml:7:"), "{e}");
        let e = load_err(PURPOSES, &format!("version = 1\n{EVENTS}"));
        assert!(
            e.starts_with("events.toml:1:1: unknown key `version`"),
            "{e}"
        );
        let e = load_err(
            PURPOSES,
            &EVENTS.replace(
                "[[event_type]]\nname = \"page_view\"",
                "[[event_type]]\nname = \"page_view\"\npurposes = []",
            ),
        );
        assert!(e.contains("unknown key `purposes`"), "{e}");
    }

    #[test]
    fn values_are_snake_case_words_on_string_properties_only() {
        let with = |values: &str| {
            EVENTS.replace(
                "order_id = { type = \"string\", required = true }",
                &format!("order_id = {{ type = \"string\", required = true, values = {values} }}"),
            )
        };
        let policy = load(PURPOSES, &with("[\"a_1\", \"b\"]")).unwrap();
        let spec = &policy.event_type("purchase").unwrap().properties["order_id"];
        assert_eq!(
            spec.values.as_deref(),
            Some(&["a_1".to_owned(), "b".to_owned()][..])
        );
        assert_eq!(
            policy.event_type("purchase").unwrap().properties["currency"].values,
            None
        );

        let e = load_err(PURPOSES, &with("[]"));
        assert!(
            e.starts_with("events.toml:5:57: property \"order_id\" has an empty values list"),
            "{e}"
        );
        let e = load_err(PURPOSES, &with("[\"ok\", \"Not-Snake\"]"));
        assert!(
            e.starts_with("events.toml:5:64: invalid value \"Not-Snake\" of property \"order_id\""),
            "{e}"
        );
        let e = load_err(PURPOSES, &with("[\"a\", \"a\"]"));
        assert!(
            e.contains("value \"a\" of property \"order_id\" is listed twice"),
            "{e}"
        );
        let e = load_err(
            PURPOSES,
            &EVENTS.replace(
                "{ type = \"currency\" }",
                "{ type = \"currency\", values = [\"eur\"] }",
            ),
        );
        assert!(
            e.starts_with(
                "events.toml:7:42: property \"currency\" has values but is of type currency"
            ),
            "{e}"
        );
        let e = load_err(PURPOSES, &with("\"a\""));
        assert!(e.starts_with("events.toml:5:"), "{e}");
    }

    #[test]
    fn an_event_type_has_at_most_32_properties() {
        let mut events = String::from(
            "[[event_type]]\nname = \"page_view\"\ndescription = \"A page.\"\n\
             [event_type.properties]\n",
        );
        for i in 0..33 {
            events.push_str(&format!("p{i} = {{ type = \"integer\" }}\n"));
        }
        let purposes = PURPOSES.replace("[\"purchase\", \"page_view\"]", "[\"page_view\"]");
        let e = load_err(&purposes, &events);
        assert!(
            e.starts_with("events.toml:37:1: event type \"page_view\" has more than 32 properties"),
            "{e}"
        );
        let events = events.replace("p32 = { type = \"integer\" }\n", "");
        assert!(load(&purposes, &events).is_ok());
    }

    #[test]
    fn events_file_is_required_on_disk_once_a_purpose_lists_event_types() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PURPOSES_FILE), PURPOSES).unwrap();
        std::fs::write(dir.path().join("clients.toml"), "").unwrap();
        std::fs::write(dir.path().join("categories.toml"), CATEGORIES).unwrap();
        let e = Policy::load(dir.path()).unwrap_err();
        assert!(matches!(e, PolicyError::Read { .. }), "{e}");
        let e = e.to_string();
        let expected = format!("{}: cannot read: ", dir.path().join(EVENTS_FILE).display());
        assert!(e.starts_with(&expected), "{e}");
        assert!(
            e.contains("purpose \"shop\" lists event types (\"purchase\" first)"),
            "{e}"
        );

        std::fs::write(dir.path().join(EVENTS_FILE), EVENTS).unwrap();
        let policy = Policy::load(dir.path()).unwrap();
        assert_eq!(policy.event_types().count(), 2);

        std::fs::write(
            dir.path().join(EVENTS_FILE),
            EVENTS.replace("\"path\", required", "\"url\", required"),
        )
        .unwrap();
        let e = Policy::load(dir.path()).unwrap_err().to_string();
        let expected = format!(
            "{}:12:32: unknown property type \"url\"",
            dir.path().join(EVENTS_FILE).display()
        );
        assert!(e.starts_with(&expected), "{e}");

        // Without event types in any purpose, the file may be left out.
        std::fs::remove_file(dir.path().join(EVENTS_FILE)).unwrap();
        let none = PURPOSES
            .replace("[\"purchase\", \"page_view\"]", "[]")
            .replace("[\"page_view\"]", "[]");
        std::fs::write(dir.path().join(PURPOSES_FILE), none).unwrap();
        let policy = Policy::load(dir.path()).unwrap();
        assert_eq!(policy.event_types().count(), 0);
    }
}
