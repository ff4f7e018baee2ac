//! The catalogue of behavioural event types (`events.toml`): the properties each type carries,
//! the purposes that serve it, and the check every event's properties go through before they
//! are stored. [`super::load`] builds the catalogue once at start; nothing here does I/O.
//!
//! Events live in the behaviour store under a pseudonym, so a property must never carry a
//! direct identifier: a string value that looks like an email address or a phone number is
//! refused, whatever the property is called ([`looks_like_direct_identifier`]).

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use super::Policy;
use crate::domain::{Email, FieldError, PurposeId};

/// Most properties one event may carry, and one event type may define; a bound on work per
/// event.
pub const MAX_PROPERTIES: usize = 32;

/// The message for a string value refused because it looks like an email address or a phone
/// number (it never repeats the value).
pub const DIRECT_IDENTIFIER: &str =
    "looks like a direct identifier (email or phone number); not stored";

/// The message for a nested object or array.
const NOT_FLAT: &str = "properties are flat: nested objects and arrays are not accepted";

/// The type of one property in `events.toml`, and the rule its values follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PropertyType {
    /// Text, 1 to 200 characters (after trimming), no control characters.
    String,
    /// A whole number (`i64`), given as a JSON number.
    Integer,
    /// A finite number, given as a JSON number.
    Number,
    /// A non-negative amount of money with at most two decimals, given as a JSON number or a
    /// string such as `"19.99"`; stored as a string with exactly two decimals.
    Amount,
    /// An ISO 4217 currency code: three upper-case letters, e.g. `EUR`.
    Currency,
    /// A stock-keeping unit: 1 to 64 of `A-Z a-z 0-9 - _ . /`.
    Sku,
    /// A rating, an integer from 1 to 5.
    Rating,
    /// `true` or `false`.
    Boolean,
    /// A URL path starting with `/`, at most 512 characters, without a query string or a
    /// fragment (they often carry emails or tokens).
    Path,
    /// A category name, 1 to 100 characters (after trimming), no control characters.
    Category,
}

impl PropertyType {
    pub const ALL: [PropertyType; 10] = [
        Self::String,
        Self::Integer,
        Self::Number,
        Self::Amount,
        Self::Currency,
        Self::Sku,
        Self::Rating,
        Self::Boolean,
        Self::Path,
        Self::Category,
    ];

    /// The name used in `events.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::Amount => "amount",
            Self::Currency => "currency",
            Self::Sku => "sku",
            Self::Rating => "rating",
            Self::Boolean => "boolean",
            Self::Path => "path",
            Self::Category => "category",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether values of this type are free-form strings, and so are checked for direct
    /// identifiers (`string`, `category`, `path`, `sku`). The other types are numbers, booleans
    /// or strings of a fixed shape that cannot hold an email address.
    pub fn is_text(self) -> bool {
        matches!(self, Self::String | Self::Category | Self::Path | Self::Sku)
    }

    /// Checks one value against this type and returns it normalised (text trimmed, an amount
    /// as a string with two decimals). The error never repeats the value. This does not look
    /// for direct identifiers; [`EventType::validate_properties`] does.
    pub fn normalise(self, value: &Value) -> Result<Value, &'static str> {
        match self {
            Self::String => {
                text(value, 200, "is too long (at most 200 characters)").map(Value::String)
            }
            Self::Category => {
                text(value, 100, "is too long (at most 100 characters)").map(Value::String)
            }
            Self::Integer => match value.as_i64() {
                Some(n) => Ok(Value::from(n)),
                None => Err("must be an integer (a whole number, at most 64 bits)"),
            },
            Self::Number => match value {
                Value::Number(n) if n.as_f64().is_some_and(f64::is_finite) => {
                    Ok(Value::Number(n.clone()))
                }
                _ => Err("must be a number"),
            },
            Self::Amount => amount(value).map(Value::String),
            Self::Currency => match value.as_str() {
                Some(s) if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) => {
                    Ok(Value::String(s.to_owned()))
                }
                _ => Err("must be an ISO 4217 currency code: three upper-case letters, e.g. EUR"),
            },
            Self::Sku => match value.as_str() {
                Some(s) if is_sku(s) => Ok(Value::String(s.to_owned())),
                _ => Err("must be a SKU: 1 to 64 of A-Z, a-z, 0-9, -, _, . and /"),
            },
            Self::Rating => match value.as_i64() {
                Some(n @ 1..=5) => Ok(Value::from(n)),
                _ => Err("must be an integer from 1 to 5"),
            },
            Self::Boolean => match value {
                Value::Bool(b) => Ok(Value::Bool(*b)),
                _ => Err("must be true or false"),
            },
            Self::Path => path(value).map(Value::String),
        }
    }
}

impl fmt::Display for PropertyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One property of an event type: its type and whether every event of the type must carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PropertySpec {
    pub kind: PropertyType,
    pub required: bool,
}

/// One behavioural event type, as declared in `events.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventType {
    /// A snake_case name, e.g. `purchase`.
    pub name: String,
    pub description: String,
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
                Ok(v) => {
                    out.insert(name.clone(), v);
                }
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
        if !super::load::is_snake_case_name(name) {
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

impl Policy {
    /// The event type called `name`, if `events.toml` defines it.
    pub fn event_type(&self, name: &str) -> Option<&EventType> {
        self.event_type_index
            .get(name)
            .and_then(|&i| self.event_types.get(i))
    }

    /// Every event type, in the order of `events.toml`.
    pub fn event_types(&self) -> impl Iterator<Item = &EventType> {
        self.event_types.iter()
    }

    /// The purposes that serve `event_type` (list it in their `event_types`), in the order of
    /// `purposes.toml`; empty for a type the catalogue does not define.
    pub fn served_purposes(&self, event_type: &str) -> &[PurposeId] {
        self.event_type(event_type)
            .map_or(&[], |t| t.served_by.as_slice())
    }
}

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

/// Trimmed text of 1 to `max_chars` characters without control characters.
fn text(value: &Value, max_chars: usize, too_long: &'static str) -> Result<String, &'static str> {
    let Some(s) = value.as_str() else {
        return Err("must be a string");
    };
    let t = s.trim();
    if t.is_empty() {
        return Err("must not be empty");
    }
    if t.chars().count() > max_chars {
        return Err(too_long);
    }
    if t.chars().any(char::is_control) {
        return Err("must not contain control characters");
    }
    Ok(t.to_owned())
}

fn is_sku(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
}

/// An amount: [`Amount`](crate::domain::Amount)'s rules (at most two decimals, bounded so sums
/// stay exact), not negative; normalised to two decimals.
fn amount(value: &Value) -> Result<String, &'static str> {
    use crate::domain::{Amount, AmountError};
    const MSG: &str =
        "must be an amount with at most two decimals, as a number or a string such as \"19.99\"";
    let text = match value {
        // serde_json prints a float in its shortest exact form (19.99 → "19.99", 19.0 →
        // "19.0"), so a number with more decimals than two is seen as such.
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return Err(MSG),
    };
    if text.starts_with('-') {
        return Err("must not be negative");
    }
    match Amount::parse(&text) {
        Ok(a) => Ok(format!("{}.{:02}", a.cents() / 100, a.cents() % 100)),
        Err(AmountError::OutOfRange) => Err("is too large"),
        Err(AmountError::NotADecimal) => Err(MSG),
    }
}

/// A URL path: starts with `/` (not `//`, which names a host), at most 512 characters, no
/// query string or fragment, no spaces or control characters.
fn path(value: &Value) -> Result<String, &'static str> {
    let Some(s) = value.as_str() else {
        return Err("must be a string");
    };
    if !s.starts_with('/') || s.starts_with("//") {
        return Err("must be a URL path starting with / (not a full URL)");
    }
    if s.chars().count() > 512 {
        return Err("is too long (at most 512 characters)");
    }
    if s.contains(['?', '#']) {
        return Err(
            "must not contain a query string or fragment (? or #): they often carry emails or \
             tokens",
        );
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces or control characters");
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::policy::{PolicyError, EVENTS_FILE, PURPOSES_FILE};

    const PURPOSES: &str = r#"[[purpose]]
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

    const CATEGORIES: &str = r#"[fields]
email = "user.contact.email"
phone = "user.contact.phone_number"
first_name = "user.name.first"
last_name = "user.name.last"
birth_date = "user.demographic.date_of_birth"
language = "user.demographic.language"
address = "user.contact.address"
identifiers = "user.unique_id"
"#;

    const EVENTS: &str = r#"[[event_type]]
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

    fn load(purposes: &str, events: &str) -> Result<Policy, PolicyError> {
        Policy::from_strs_with_events(purposes, "", CATEGORIES, "", events)
    }

    fn load_err(purposes: &str, events: &str) -> String {
        match load(purposes, events) {
            Ok(_) => panic!("expected the policy to be refused"),
            Err(e) => e.to_string(),
        }
    }

    fn pid(s: &str) -> PurposeId {
        PurposeId::parse(s).unwrap()
    }

    fn props(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    /// A policy with one event type, `probe`, that has one optional property of each type,
    /// named after its type.
    fn probe() -> EventType {
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
    fn check(t: &EventType, kind: PropertyType, value: Value) -> Result<Value, Vec<String>> {
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

    fn accepts(t: &EventType, kind: PropertyType, value: Value, normalised: Value) {
        assert_eq!(
            check(t, kind, value.clone()),
            Ok(normalised),
            "{kind}: {value}"
        );
    }

    fn refuses(t: &EventType, kind: PropertyType, value: Value) -> String {
        match check(t, kind, value.clone()) {
            Ok(v) => panic!("{kind}: {value} accepted as {v}"),
            Err(messages) => {
                assert_eq!(messages.len(), 1, "{messages:?}");
                messages.into_iter().next().unwrap_or_default()
            }
        }
    }

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
                "personalisation",
                "targeted_advertising",
                "analytics",
                "fraud_prevention",
                "accounting"
            ]
        );
        assert_eq!(served("email_click"), ["email_marketing", "analytics"]);
        assert_eq!(served("support_contact"), ["customer_support", "analytics"]);
        assert_eq!(served("push_open"), ["analytics"]);
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
                p("topic", T::Category, false)
            ]
        );
        assert_eq!(schema("push_open"), [p("campaign_id", T::String, true)]);
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
    // Property types

    #[test]
    fn string_and_category_are_trimmed_bounded_text() {
        let t = probe();
        use PropertyType as T;
        accepts(&t, T::String, json!("abc"), json!("abc"));
        accepts(&t, T::String, json!("  padded "), json!("padded"));
        accepts(
            &t,
            T::String,
            json!("x".repeat(200)),
            json!("x".repeat(200)),
        );
        accepts(
            &t,
            T::String,
            json!("é".repeat(200)),
            json!("é".repeat(200)),
        );
        assert_eq!(refuses(&t, T::String, json!("")), "must not be empty");
        assert_eq!(refuses(&t, T::String, json!("  ")), "must not be empty");
        assert!(refuses(&t, T::String, json!("x".repeat(201))).contains("at most 200"));
        assert!(refuses(&t, T::String, json!("a\u{7}b")).contains("control characters"));
        assert_eq!(refuses(&t, T::String, json!(5)), "must be a string");
        assert_eq!(refuses(&t, T::String, json!(true)), "must be a string");

        accepts(
            &t,
            T::Category,
            json!("Shoes & Boots"),
            json!("Shoes & Boots"),
        );
        accepts(
            &t,
            T::Category,
            json!("x".repeat(100)),
            json!("x".repeat(100)),
        );
        assert!(refuses(&t, T::Category, json!("x".repeat(101))).contains("at most 100"));
        assert_eq!(refuses(&t, T::Category, json!("")), "must not be empty");
        assert_eq!(refuses(&t, T::Category, json!(["a"])), NOT_FLAT);
    }

    #[test]
    fn integer_number_rating_and_boolean() {
        let t = probe();
        use PropertyType as T;
        accepts(&t, T::Integer, json!(3), json!(3));
        accepts(&t, T::Integer, json!(-3), json!(-3));
        accepts(&t, T::Integer, json!(i64::MAX), json!(i64::MAX));
        for bad in [
            json!(2.5),
            json!(2.0),
            json!("3"),
            json!(u64::MAX),
            json!(false),
        ] {
            assert!(refuses(&t, T::Integer, bad).starts_with("must be an integer"));
        }

        accepts(&t, T::Number, json!(2.5), json!(2.5));
        accepts(&t, T::Number, json!(-1e10), json!(-1e10));
        accepts(&t, T::Number, json!(7), json!(7));
        for bad in [json!("2.5"), json!(true)] {
            assert_eq!(refuses(&t, T::Number, bad), "must be a number");
        }

        for good in 1..=5 {
            accepts(&t, T::Rating, json!(good), json!(good));
        }
        for bad in [json!(0), json!(6), json!(-1), json!(4.5), json!("5")] {
            assert_eq!(
                refuses(&t, T::Rating, bad),
                "must be an integer from 1 to 5"
            );
        }

        accepts(&t, T::Boolean, json!(true), json!(true));
        accepts(&t, T::Boolean, json!(false), json!(false));
        for bad in [json!("true"), json!(1)] {
            assert_eq!(refuses(&t, T::Boolean, bad), "must be true or false");
        }
    }

    #[test]
    fn amounts_have_at_most_two_decimals_and_are_stored_with_two() {
        let t = probe();
        use PropertyType as T;
        for (given, stored) in [
            (json!(19.99), "19.99"),
            (json!("19.99"), "19.99"),
            (json!(19), "19.00"),
            (json!(19.5), "19.50"),
            (json!(19.0), "19.00"),
            (json!("19.9"), "19.90"),
            (json!("19"), "19.00"),
            (json!(0), "0.00"),
            (json!(0.1), "0.10"),
            (json!("0.05"), "0.05"),
            (json!("007.50"), "7.50"),
            (json!("000"), "0.00"),
            (json!("9999999999.99"), "9999999999.99"),
        ] {
            accepts(&t, T::Amount, given, json!(stored));
        }
        for bad in [
            json!("19.999"),
            json!(19.999),
            json!("abc"),
            json!("19."),
            json!(".5"),
            json!("1e3"),
            json!(1e300),
            json!(""),
            json!(" 19.99"),
            json!("1,00"),
            json!("+5"),
            json!("19.99 EUR"),
            json!(0.30000000000000004),
            json!(true),
        ] {
            let message = refuses(&t, T::Amount, bad.clone());
            assert!(
                message.starts_with("must be an amount with at most two decimals"),
                "{bad}: {message}"
            );
        }
        for bad in [json!(-1), json!("-1"), json!(-0.5), json!("-0.00")] {
            assert_eq!(refuses(&t, T::Amount, bad), "must not be negative");
        }
        assert_eq!(
            refuses(&t, T::Amount, json!("10000000000.01")),
            "is too large"
        );
    }

    #[test]
    fn currency_sku_and_path_have_fixed_shapes() {
        let t = probe();
        use PropertyType as T;
        accepts(&t, T::Currency, json!("EUR"), json!("EUR"));
        accepts(&t, T::Currency, json!("USD"), json!("USD"));
        for bad in [
            json!("eur"),
            json!("Eur"),
            json!("EURO"),
            json!("EU"),
            json!("€"),
            json!(978),
        ] {
            assert!(refuses(&t, T::Currency, bad).contains("ISO 4217"));
        }

        accepts(&t, T::Sku, json!("AB-12_3.4/5"), json!("AB-12_3.4/5"));
        accepts(&t, T::Sku, json!("x".repeat(64)), json!("x".repeat(64)));
        for bad in [
            json!(""),
            json!("x".repeat(65)),
            json!("AB 12"),
            json!("ÄB"),
            json!("AB+1"),
            json!(12),
        ] {
            assert!(refuses(&t, T::Sku, bad).starts_with("must be a SKU"));
        }

        accepts(&t, T::Path, json!("/"), json!("/"));
        accepts(
            &t,
            T::Path,
            json!("/products/shoes-42"),
            json!("/products/shoes-42"),
        );
        accepts(
            &t,
            T::Path,
            json!("/product/123456789"),
            json!("/product/123456789"),
        );
        let long = format!("/{}", "a".repeat(511));
        accepts(&t, T::Path, json!(long), json!(long));
        for bad in ["/search?q=shoes", "/a#top", "/?", "/checkout/#step2"] {
            assert!(
                refuses(&t, T::Path, json!(bad)).contains("query string or fragment"),
                "{bad}"
            );
        }
        for bad in ["products", "", "https://shop.example/x", "//evil.example/x"] {
            assert!(
                refuses(&t, T::Path, json!(bad)).starts_with("must be a URL path"),
                "{bad}"
            );
        }
        assert!(refuses(&t, T::Path, json!(format!("/{}", "a".repeat(512)))).contains("512"));
        assert!(refuses(&t, T::Path, json!("/a b")).contains("spaces"));
        assert_eq!(refuses(&t, T::Path, json!(1)), "must be a string");
    }

    #[test]
    fn every_property_type_has_a_name_that_parses_back() {
        for t in PropertyType::ALL {
            assert_eq!(PropertyType::parse(t.as_str()), Some(t));
            assert_eq!(t.to_string(), t.as_str());
        }
        assert_eq!(PropertyType::parse("String"), None);
        assert_eq!(PropertyType::parse("email"), None);
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

    // -----------------------------------------------------------------------------------------
    // Loading events.toml

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
            Some(&PropertySpec {
                kind: PropertyType::Path,
                required: true
            })
        );
        let currency = policy.event_type("purchase").unwrap().properties["currency"];
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
