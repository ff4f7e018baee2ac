//! Policy texts and helpers shared by the unit tests of `policy/` (compiled for tests only).

use crate::domain::{ClientId, PurposeId};

pub(crate) const CATEGORIES: &str = r#"[fields]
email = "user.contact.email"
phone = "user.contact.phone_number"
first_name = "user.name.first"
last_name = "user.name.last"
birth_date = "user.demographic.date_of_birth"
language = "user.demographic.language"
address = "user.contact.address"
identifiers = "user.unique_id"
"#;

pub(crate) fn pid(s: &str) -> PurposeId {
    PurposeId::parse(s).unwrap()
}

pub(crate) fn cid(s: &str) -> ClientId {
    ClientId::parse(s).unwrap()
}

/// One contract purpose, `shipping`, and one client, `erp`: the loader's tests.
pub(crate) mod shipping {
    use crate::policy::Policy;

    pub(crate) use super::CATEGORIES;

    pub(crate) const PURPOSES: &str = r#"[[purpose]]
id = "shipping"
description = "Ship orders."
legal_basis = "contract"
fields = ["email", "address"]
event_types = []
retention_days = 30
"#;

    pub(crate) const CLIENTS: &str = r#"[[client]]
id = "erp"
description = "ERP"
purposes = ["shipping"]
"#;

    pub(crate) fn load_err(purposes: &str, clients: &str, categories: &str) -> String {
        match Policy::from_strs(purposes, clients, categories) {
            Ok(_) => panic!("expected the policy to be refused"),
            Err(e) => e.to_string(),
        }
    }
}

/// Purposes `shop` and `stats` with an event catalogue (`purchase`, `page_view`): the tests of
/// event types and of loading `events.toml`.
pub(crate) mod shop {
    use serde_json::{Map, Value};

    use super::CATEGORIES;
    use crate::policy::{EventType, Policy, PolicyError, PropertyType};

    pub(crate) const PURPOSES: &str = r#"[[purpose]]
id = "shop"
description = "Shop."
legal_basis = "contract"
fields = []
event_types = ["purchase", "page_view"]
retention_days = 30

[[purpose]]
id = "stats"
description = "Statistics."
legal_basis = "legitimate_interest"
fields = []
event_types = ["page_view"]
retention_days = 30
"#;

    pub(crate) const EVENTS: &str = r#"[[event_type]]
name = "purchase"
description = "An order."
[event_type.properties]
order_id = { type = "string", required = true }
amount = { type = "amount", required = true }
currency = { type = "currency" }

[[event_type]]
name = "page_view"
description = "A page."
properties = { path = { type = "path", required = true } }
"#;

    pub(crate) fn load(purposes: &str, events: &str) -> Result<Policy, PolicyError> {
        Policy::from_strs_with_events(purposes, "", CATEGORIES, "", events)
    }

    pub(crate) fn load_err(purposes: &str, events: &str) -> String {
        match load(purposes, events) {
            Ok(_) => panic!("expected the policy to be refused"),
            Err(e) => e.to_string(),
        }
    }

    pub(crate) fn props(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    /// A policy with one event type, `probe`, that has one optional property of each type,
    /// named after its type.
    pub(crate) fn probe() -> EventType {
        let mut events = String::from(
            "[[event_type]]\nname = \"probe\"\ndescription = \"Probe.\"\n[event_type.properties]\n",
        );
        for t in PropertyType::ALL {
            events.push_str(&format!("{t} = {{ type = \"{t}\" }}\n"));
        }
        let purposes = PURPOSES.replace("[\"page_view\"]", "[\"page_view\", \"probe\"]");
        let policy = load(&purposes, &format!("{EVENTS}\n{events}")).unwrap();
        policy.event_type("probe").unwrap().clone()
    }

    /// Checks one value of one property type: `Ok(normalised)` or the error messages.
    pub(crate) fn check(
        t: &EventType,
        kind: PropertyType,
        value: Value,
    ) -> Result<Value, Vec<String>> {
        let mut map = Map::new();
        map.insert(kind.as_str().to_owned(), value);
        match t.validate_properties(&map) {
            Ok(mut out) => Ok(out.remove(kind.as_str()).unwrap_or(Value::Null)),
            Err(errors) => {
                for e in &errors {
                    assert_eq!(e.field, format!("/properties/{kind}"), "{e:?}");
                }
                Err(errors.into_iter().map(|e| e.message).collect())
            }
        }
    }

    pub(crate) fn accepts(t: &EventType, kind: PropertyType, value: Value, normalised: Value) {
        assert_eq!(
            check(t, kind, value.clone()),
            Ok(normalised),
            "{kind}: {value}"
        );
    }

    pub(crate) fn refuses(t: &EventType, kind: PropertyType, value: Value) -> String {
        match check(t, kind, value.clone()) {
            Ok(v) => panic!("{kind}: {value} accepted as {v}"),
            Err(messages) => {
                assert_eq!(messages.len(), 1, "{messages:?}");
                messages.into_iter().next().unwrap_or_default()
            }
        }
    }
}
