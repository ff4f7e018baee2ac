//! The types of event properties (`string`, `amount`, `sku`, …) and the rule each value
//! follows: checked and normalised before an event is stored.

use std::fmt;

use serde_json::Value;

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
    /// for direct identifiers;
    /// [`EventType::validate_properties`](super::EventType::validate_properties) does.
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

/// One property of an event type: its type, whether every event of the type must carry it,
/// and, for a `string`, the values it may take (`values = [...]` in `events.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertySpec {
    pub kind: PropertyType,
    pub required: bool,
    /// The only values accepted (snake_case words, checked at load; only on `string`);
    /// `None`: any value of the type.
    pub values: Option<Vec<String>>,
}

impl PropertySpec {
    /// A property of `kind` that takes any value of its type.
    pub fn new(kind: PropertyType, required: bool) -> Self {
        Self {
            kind,
            required,
            values: None,
        }
    }

    /// Checks a value already normalised against the allowed values; the message lists them
    /// and never repeats the value.
    pub fn check_allowed(&self, normalised: &Value) -> Result<(), String> {
        match (&self.values, normalised.as_str()) {
            (Some(allowed), Some(v)) if !allowed.iter().any(|a| a == v) => {
                Err(format!("must be one of: {}", allowed.join(", ")))
            }
            _ => Ok(()),
        }
    }
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
    use serde_json::json;

    use super::*;
    use crate::policy::events::NOT_FLAT;
    use crate::policy::testing::shop::{accepts, probe, refuses};

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
}
