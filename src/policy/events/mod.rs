//! The catalogue of behavioural event types (`events.toml`): the properties each type carries,
//! the purposes that serve it, and the check every event's properties go through before they
//! are stored. [`super::load`] builds the catalogue once at start; nothing here does I/O.
//!
//! Events live in the behaviour store under a pseudonym, so a property must never carry a
//! direct identifier: a string value that looks like an email address or a phone number is
//! refused, whatever the property is called ([`looks_like_direct_identifier`]).

mod properties;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

pub use self::properties::{PropertySpec, PropertyType};
use crate::domain::{is_snake_case_name, looks_like_direct_identifier, FieldError, PurposeId};
use crate::policy::Purpose;

/// Most properties one event may carry, and one event type may define; a bound on work per
/// event.
pub const MAX_PROPERTIES: usize = 32;

/// The message for a string value refused because it looks like an email address or a phone
/// number (it never repeats the value).
pub const DIRECT_IDENTIFIER: &str =
    "looks like a direct identifier (email or phone number); not stored";

/// The message for a nested object or array.
const NOT_FLAT: &str = "properties are flat: nested objects and arrays are not accepted";

/// One behavioural event type, as declared in `events.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventType {
    /// A snake_case name, e.g. `purchase`.
    pub name: String,
    pub description: String,
    /// The event reads from or writes to the customer's device (page and product views, app
    /// events, email opens and clicks): ePrivacy (TDDDG §25, Planet49 C-673/17, EDPB
    /// Guidelines 2/2023) allows storing it only under a consent that covers it, so only
    /// consent-based purposes collect it (see [`EventType::may_collect_for`]).
    pub terminal_access: bool,
    /// Every property an event of this type may carry (at most [`MAX_PROPERTIES`]).
    pub properties: BTreeMap<String, PropertySpec>,
    /// The purposes that list this type in their `event_types`, in the order of
    /// `purposes.toml`; never empty in a loaded policy (checked at load).
    pub served_by: Vec<PurposeId>,
}

impl EventType {
    /// Whether `purpose` lists this event type.
    pub fn is_served_by(&self, purpose: &PurposeId) -> bool {
        self.served_by.contains(purpose)
    }

    /// Whether an event of this type may be collected for `purpose` at all, before the
    /// subject's state is looked at: the purpose serves the type, and a type that touches
    /// the device (or an event keyed by a device id, `via_device`) needs a consent-based
    /// purpose.
    pub fn may_collect_for(&self, purpose: &Purpose, via_device: bool) -> bool {
        self.is_served_by(&purpose.id)
            && (!(self.terminal_access || via_device) || purpose.requires_consent())
    }

    /// Validates and normalises a JSON object of properties. Unknown property → error;
    /// missing required → error; wrong type → error; any string value of a text property
    /// (`string`, `category`, `path`, `sku`) that looks like a direct identifier → error
    /// [`DIRECT_IDENTIFIER`]. A `null` value counts as left out. Every problem is reported,
    /// each as a [`FieldError`] at `/properties/<name>`; no message repeats a value, and a
    /// property name is repeated only when it is a snake_case name (one that is not could
    /// itself be personal data).
    pub fn validate_properties(
        &self,
        props: &Map<String, Value>,
    ) -> Result<Map<String, Value>, Vec<FieldError>> {
        if props.len() > MAX_PROPERTIES {
            return Err(vec![FieldError::new(
                "/properties",
                format!("must hold at most {MAX_PROPERTIES} properties"),
            )]);
        }
        let mut out = Map::new();
        let mut errors = Vec::new();
        for (name, value) in props {
            let Some(spec) = self.properties.get(name) else {
                errors.push(self.unknown_property(name));
                continue;
            };
            let pointer = pointer(name);
            match value {
                Value::Null => continue,
                Value::Object(_) | Value::Array(_) => {
                    errors.push(FieldError::new(pointer, NOT_FLAT));
                    continue;
                }
                Value::String(s) if spec.kind.is_text() && looks_like_direct_identifier(s) => {
                    errors.push(FieldError::new(pointer, DIRECT_IDENTIFIER));
                    continue;
                }
                _ => {}
            }
            match spec.kind.normalise(value) {
                Ok(v) => match spec.check_allowed(&v) {
                    Ok(()) => {
                        out.insert(name.clone(), v);
                    }
                    Err(message) => errors.push(FieldError::new(pointer, message)),
                },
                Err(message) => errors.push(FieldError::new(pointer, message)),
            }
        }
        for (name, spec) in &self.properties {
            let given = props.get(name).is_some_and(|v| !v.is_null());
            if spec.required && !given {
                errors.push(FieldError::new(
                    pointer(name),
                    format!("is required for event type \"{}\"", self.name),
                ));
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    fn unknown_property(&self, name: &str) -> FieldError {
        if !is_snake_case_name(name) {
            return FieldError::new(
                "/properties",
                format!(
                    "a property name is not a snake_case name, so not a property of event type \
                     \"{}\" (the name is not repeated here)",
                    self.name
                ),
            );
        }
        let known: Vec<&str> = self.properties.keys().map(String::as_str).collect();
        let known = if known.is_empty() {
            String::from("none")
        } else {
            known.join(", ")
        };
        FieldError::new(
            pointer(name),
            format!(
                "unknown property for event type \"{}\"; its properties are: {known}",
                self.name
            ),
        )
    }
}

/// The JSON pointer of a property. Only snake_case names reach here, which need no escaping.
fn pointer(name: &str) -> String {
    format!("/properties/{name}")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::policy::testing::pid;
    use crate::policy::testing::shop::{load, probe, props, refuses, EVENTS, PURPOSES};
    use crate::policy::Policy;

    // -----------------------------------------------------------------------------------------
    // The shipped catalogue

    #[test]
    fn shipped_policy_loads_with_all_event_types() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let policy = Policy::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = policy.event_types().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "page_view",
                "product_view",
                "search",
                "add_to_cart",
                "remove_from_cart",
                "checkout",
                "purchase",
                "return",
                "review",
                "support_contact",
                "store_visit",
                "email_open",
                "email_click",
                "push_open",
                "message_sent",
                "message_bounced",
                "spam_complaint",
                "unsubscribe",
            ]
        );
        for t in policy.event_types() {
            assert!(!t.description.is_empty(), "{}", t.name);
            assert!(!t.served_by.is_empty(), "{}", t.name);
            assert!(t.is_served_by(&pid("analytics")), "{}", t.name);
            assert_eq!(policy.served_purposes(&t.name), t.served_by.as_slice());
            for p in &t.served_by {
                assert!(policy.purpose(p).unwrap().allows_event_type(&t.name));
            }
        }
        // Every type a purpose lists is in the catalogue.
        for p in policy.purposes() {
            for name in &p.event_types {
                let t = policy.event_type(name).unwrap_or_else(|| panic!("{name}"));
                assert!(t.is_served_by(&p.id), "{name} {}", p.id);
            }
        }
        let served = |name: &str| -> Vec<&str> {
            policy
                .served_purposes(name)
                .iter()
                .map(PurposeId::as_str)
                .collect()
        };
        assert_eq!(
            served("purchase"),
            [
                "order_fulfilment",
                "customer_support",
                "email_marketing",
                "personalisation",
                "targeted_advertising",
                "analytics",
                "fraud_prevention",
                "accounting"
            ]
        );
        assert_eq!(served("email_click"), ["email_marketing", "analytics"]);
        assert_eq!(served("support_contact"), ["customer_support", "analytics"]);
        assert_eq!(
            served("message_bounced"),
            [
                "order_fulfilment",
                "customer_support",
                "email_marketing",
                "sms_marketing",
                "analytics"
            ]
        );
        for name in ["spam_complaint", "unsubscribe"] {
            assert_eq!(
                served(name),
                [
                    "customer_support",
                    "email_marketing",
                    "sms_marketing",
                    "analytics"
                ],
                "{name}"
            );
        }
        assert_eq!(
            served("review"),
            ["customer_support", "personalisation", "analytics"]
        );
        assert_eq!(served("push_open"), ["personalisation", "analytics"]);
        // Web, app and email tracking touches the device: consent purposes only collect it.
        let terminal: Vec<&str> = policy
            .event_types()
            .filter(|t| t.terminal_access)
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(
            terminal,
            [
                "page_view",
                "product_view",
                "search",
                "add_to_cart",
                "remove_from_cart",
                "email_open",
                "email_click",
                "push_open"
            ]
        );
        let purpose = |id: &str| policy.purpose(&PurposeId::parse(id).unwrap()).unwrap();
        let page_view = policy.event_type("page_view").unwrap();
        assert!(page_view.may_collect_for(purpose("personalisation"), false));
        assert!(!page_view.may_collect_for(purpose("analytics"), false));
        let purchase = policy.event_type("purchase").unwrap();
        assert!(purchase.may_collect_for(purpose("analytics"), false));
        assert!(!purchase.may_collect_for(purpose("analytics"), true));
        assert!(purchase.may_collect_for(purpose("personalisation"), true));
        // Art. 9 categories never feed a profile.
        assert!(policy.is_sensitive_category(" Pharmacy "));
        assert!(!policy.is_sensitive_category("shoes"));
        assert!(served("login").is_empty());
        assert!(policy.event_type("login").is_none());

        let schema = |name: &str| -> Vec<(String, PropertyType, bool)> {
            policy
                .event_type(name)
                .unwrap()
                .properties
                .iter()
                .map(|(k, s)| (k.clone(), s.kind, s.required))
                .collect()
        };
        let p = |n: &str, t: PropertyType, r: bool| (n.to_owned(), t, r);
        use PropertyType as T;
        assert_eq!(
            schema("purchase"),
            [
                p("amount", T::Amount, true),
                p("category", T::Category, false),
                p("currency", T::Currency, true),
                p("items", T::Integer, false),
                p("order_id", T::String, true),
            ]
        );
        assert_eq!(
            schema("page_view"),
            [
                p("path", T::Path, true),
                p("referrer_domain", T::String, false)
            ]
        );
        assert_eq!(
            schema("search"),
            [
                p("query_length", T::Integer, false),
                p("results", T::Integer, false)
            ]
        );
        assert_eq!(
            schema("review"),
            [p("rating", T::Rating, true), p("sku", T::Sku, true)]
        );
        assert_eq!(
            schema("support_contact"),
            [
                p("duration_seconds", T::Integer, false),
                p("resolved", T::Boolean, false),
                p("sentiment", T::String, false),
                p("topic", T::Category, false)
            ]
        );
        assert_eq!(schema("push_open"), [p("campaign_id", T::String, true)]);
        let values = |t: &str, prop: &str| -> Vec<String> {
            policy.event_type(t).unwrap().properties[prop]
                .values
                .clone()
                .unwrap_or_default()
        };
        assert_eq!(values("message_bounced", "bounce"), ["hard", "soft"]);
        assert_eq!(
            values("support_contact", "sentiment"),
            ["positive", "neutral", "negative"]
        );
        assert_eq!(
            values("return", "reason"),
            [
                "damaged",
                "wrong_item",
                "wrong_size",
                "not_as_described",
                "changed_mind",
                "late",
                "other"
            ]
        );
        assert!(values("return", "reason_code").is_empty());
        assert!(policy.event_type("message_bounced").unwrap().properties["bounce"].required);
        // The raw search text is not a property of any type.
        assert!(policy
            .event_types()
            .all(|t| !t.properties.contains_key("query")));

        // A purchase as a shop would send it.
        let purchase = policy.event_type("purchase").unwrap();
        let out = purchase
            .validate_properties(&props(json!({
                "order_id": "ORD-100045678",
                "amount": 129.9,
                "currency": "EUR",
                "items": 3,
                "category": "Shoes"
            })))
            .unwrap();
        assert_eq!(
            Value::Object(out),
            json!({
                "order_id": "ORD-100045678",
                "amount": "129.90",
                "currency": "EUR",
                "items": 3,
                "category": "Shoes"
            })
        );
    }

    // -----------------------------------------------------------------------------------------
    // Whole events

    #[test]
    fn required_properties_must_be_given() {
        let policy = load(PURPOSES, EVENTS).unwrap();
        let purchase = policy.event_type("purchase").unwrap();
        let errors = purchase
            .validate_properties(&props(json!({"order_id": "A-1", "currency": "EUR"})))
            .unwrap_err();
        assert_eq!(
            errors,
            [FieldError::new(
                "/properties/amount",
                "is required for event type \"purchase\""
            )]
        );
        // null counts as left out.
        let errors = purchase
            .validate_properties(&props(
                json!({"order_id": "A-1", "amount": null, "currency": null}),
            ))
            .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "/properties/amount");
        let out = purchase
            .validate_properties(&props(
                json!({"order_id": "A-1", "amount": "5", "currency": null}),
            ))
            .unwrap();
        assert_eq!(
            Value::Object(out),
            json!({"order_id": "A-1", "amount": "5.00"})
        );
        let errors = purchase.validate_properties(&Map::new()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["/properties/amount", "/properties/order_id"]);
    }

    #[test]
    fn a_string_with_values_takes_only_those() {
        let events = EVENTS.replace(
            "currency = { type = \"currency\" }",
            "currency = { type = \"currency\" }\nchannel_kind = { type = \"string\", values = [\"web\", \"in_store\"] }",
        );
        let policy = load(PURPOSES, &events).unwrap();
        let purchase = policy.event_type("purchase").unwrap();
        let out = purchase
            .validate_properties(&props(
                json!({"order_id": "A-1", "amount": 1, "channel_kind": " in_store "}),
            ))
            .unwrap();
        assert_eq!(out["channel_kind"], "in_store");
        for bad in ["shop", "Web", "jane"] {
            let errors = purchase
                .validate_properties(&props(
                    json!({"order_id": "A-1", "amount": 1, "channel_kind": bad}),
                ))
                .unwrap_err();
            assert_eq!(
                errors,
                [FieldError::new(
                    "/properties/channel_kind",
                    "must be one of: web, in_store"
                )]
            );
        }
        // Still a string first: the type's own message comes before the list.
        let errors = purchase
            .validate_properties(&props(
                json!({"order_id": "A-1", "amount": 1, "channel_kind": 3}),
            ))
            .unwrap_err();
        assert_eq!(errors[0].message, "must be a string");
    }

    #[test]
    fn unknown_properties_are_refused() {
        let policy = load(PURPOSES, EVENTS).unwrap();
        let page_view = policy.event_type("page_view").unwrap();
        let errors = page_view
            .validate_properties(&props(json!({"path": "/", "utm_source": "news"})))
            .unwrap_err();
        assert_eq!(
            errors,
            [FieldError::new(
                "/properties/utm_source",
                "unknown property for event type \"page_view\"; its properties are: path"
            )]
        );
        // A name that is not snake_case is not repeated: it could itself be personal data.
        let errors = page_view
            .validate_properties(&props(json!({"path": "/", "jane@example.com": 1})))
            .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "/properties");
        assert!(!errors[0].message.contains("jane"), "{:?}", errors[0]);
    }

    #[test]
    fn properties_are_flat() {
        let policy = load(PURPOSES, EVENTS).unwrap();
        let purchase = policy.event_type("purchase").unwrap();
        for nested in [
            json!({"value": "1.00"}),
            json!(["1.00"]),
            json!({}),
            json!([]),
        ] {
            let errors = purchase
                .validate_properties(&props(json!({"order_id": "A-1", "amount": nested})))
                .unwrap_err();
            assert_eq!(errors, [FieldError::new("/properties/amount", NOT_FLAT)]);
        }
    }

    #[test]
    fn at_most_32_properties() {
        let policy = load(PURPOSES, EVENTS).unwrap();
        let purchase = policy.event_type("purchase").unwrap();
        let mut map = props(json!({"order_id": "A-1", "amount": 1}));
        for i in 0..31 {
            map.insert(format!("p{i}"), json!(1));
        }
        let errors = purchase.validate_properties(&map).unwrap_err();
        assert_eq!(
            errors,
            [FieldError::new(
                "/properties",
                "must hold at most 32 properties"
            )]
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let policy = load(PURPOSES, EVENTS).unwrap();
        let purchase = policy.event_type("purchase").unwrap();
        let errors = purchase
            .validate_properties(&props(json!({
                "order_id": "jane@example.com",
                "currency": "eur",
                "extra": 1
            })))
            .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "/properties/currency",
                "/properties/extra",
                "/properties/order_id",
                "/properties/amount"
            ]
        );
    }

    #[test]
    fn values_that_look_like_direct_identifiers_are_refused_without_echo() {
        let t = probe();
        use PropertyType as T;
        let emails = [
            "jane@example.com",
            " Jane.Doe@Example.COM ",
            "contact: jane@example.com",
            "mailto:jane@example.com",
            "<jane@example.com>",
        ];
        let phones = [
            "+49 151 1234 5678",
            "+4915112345678",
            "0151-12345678",
            "(030) 1234 5678",
            "030.1234.5678",
            "+1234567",
            "123456789",
        ];
        for value in emails.iter().chain(&phones) {
            for kind in [T::String, T::Category] {
                let message = refuses(&t, kind, json!(value));
                assert_eq!(message, DIRECT_IDENTIFIER, "{kind}: {value}");
            }
        }
        for value in [
            "jane@example.com",
            "/account/jane@example.com/orders",
            "/u/jane%40example.com",
            "/unsubscribe/jane.doe@example.com",
        ] {
            assert_eq!(
                refuses(&t, T::Path, json!(value)),
                DIRECT_IDENTIFIER,
                "{value}"
            );
        }
        for value in ["jane@example.com", "4915112345678", "030.1234.5678"] {
            assert_eq!(
                refuses(&t, T::Sku, json!(value)),
                DIRECT_IDENTIFIER,
                "{value}"
            );
        }

        // The message and the pointer never hold the value, in any property.
        let policy = load(PURPOSES, EVENTS).unwrap();
        let errors = policy
            .event_type("purchase")
            .unwrap()
            .validate_properties(&props(json!({
                "order_id": "jane.doe@example.com",
                "amount": 1,
            })))
            .unwrap_err();
        assert_eq!(
            errors,
            [FieldError::new("/properties/order_id", DIRECT_IDENTIFIER)]
        );
        for e in &errors {
            assert!(!e.message.contains("jane") && !e.field.contains("jane"));
        }
    }

    #[test]
    fn ordinary_values_are_not_taken_for_identifiers() {
        for value in [
            "ORD-100045678",
            "SKU-12345",
            "12345678",
            "2026-11-23",
            "2026-11-23 12:00",
            "@home",
            "50% off @ the store",
            "/products/123456789",
            "Shoes & Boots",
            "+123456",
            "1234567890123456",
            "spring-sale-2026",
        ] {
            assert!(!looks_like_direct_identifier(value), "{value}");
        }
        for value in ["a@b.co", "x jane@example.com y", "+49 (0) 151 12345678"] {
            assert!(looks_like_direct_identifier(value), "{value}");
        }
    }
}
