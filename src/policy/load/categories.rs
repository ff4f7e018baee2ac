//! `categories.toml`: the data category of every field, by field or by group.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use super::source::{expand_field, taxonomy_key, Source};
use crate::domain::Field;
use crate::policy::error::PolicyError;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoriesFile {
    fields: Spanned<BTreeMap<Spanned<String>, Spanned<CategoryEntry>>>,
}

/// A value under `[fields]`: a category, or (for `address.city = …` written without quotes,
/// or a `[fields.address]` table) a table of member names to categories.
enum CategoryEntry {
    Category(String),
    Members(BTreeMap<Spanned<String>, Spanned<String>>),
}

impl<'de> Deserialize<'de> for CategoryEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntryVisitor;

        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = CategoryEntry;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a data category such as \"user.contact.email\"")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(CategoryEntry::Category(v.to_owned()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let members =
                    BTreeMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(CategoryEntry::Members(members))
            }
        }

        d.deserialize_any(EntryVisitor)
    }
}

/// One `name = "category"` line, with `address.city`-style nesting already flattened.
struct CategoryLine {
    name: String,
    name_span: Range<usize>,
    category: Spanned<String>,
}

pub(super) fn parse_categories(src: &Source<'_>) -> Result<BTreeMap<Field, String>, PolicyError> {
    let file: CategoriesFile = src.parse()?;
    let table_span = file.fields.span();
    let mut lines = Vec::new();
    for (key, entry) in file.fields.into_inner() {
        let entry_span = entry.span();
        match entry.into_inner() {
            CategoryEntry::Category(category) => lines.push(CategoryLine {
                name: key.get_ref().clone(),
                name_span: key.span(),
                category: Spanned::new(entry_span, category),
            }),
            CategoryEntry::Members(members) => {
                for (member, category) in members {
                    lines.push(CategoryLine {
                        name: format!("{}.{}", key.get_ref(), member.get_ref()),
                        name_span: member.span(),
                        category,
                    });
                }
            }
        }
    }
    // Report problems in the order they appear in the file.
    lines.sort_by_key(|l| l.name_span.start);

    // A group gives all its members a category; a line for a single field overrides it.
    let mut by_group: BTreeMap<Field, String> = BTreeMap::new();
    let mut by_field: BTreeMap<Field, (String, usize)> = BTreeMap::new();
    for line in lines {
        let fields = expand_field(
            src,
            &Spanned::new(line.name_span.clone(), line.name.clone()),
        )?;
        let category = taxonomy_key(src, line.category, "data category")?;
        // A name that expanded but is not a single field is a group.
        if line.name.parse::<Field>().is_err() {
            for field in fields {
                by_group.insert(field, category.clone());
            }
            continue;
        }
        for field in fields {
            let this_line = src.line(&line.name_span);
            if let Some((_, other)) = by_field.insert(field, (category.clone(), this_line)) {
                return Err(src.error(
                    line.name_span.clone(),
                    format!("field \"{field}\" is given a category twice (also on line {other})"),
                ));
            }
        }
    }

    let mut categories = BTreeMap::new();
    let mut missing = Vec::new();
    for field in Field::all() {
        let category = by_field
            .remove(&field)
            .map(|(c, _)| c)
            .or_else(|| by_group.remove(&field));
        match category {
            Some(c) => {
                categories.insert(field, c);
            }
            None => missing.push(field.name()),
        }
    }
    if !missing.is_empty() {
        return Err(src.error(
            table_span,
            format!(
                "no data category for {}; add a line for each under [fields] (a group name \
                 such as address covers all its members)",
                missing.join(", ")
            ),
        ));
    }
    Ok(categories)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{IdentifierType, PersonalField};
    use crate::policy::testing::shipping::{load_err, CATEGORIES, CLIENTS, PURPOSES};
    use crate::policy::Policy;

    #[test]
    fn a_field_without_category_is_refused() {
        let categories =
            CATEGORIES.replace("birth_date = \"user.demographic.date_of_birth\"\n", "");
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(
            e.starts_with("categories.toml:1:1: no data category for birth_date;"),
            "{e}"
        );

        let categories = CATEGORIES.replace("identifiers = \"user.unique_id\"\n", "");
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(
            e.contains("identifiers.email, identifiers.phone, identifiers.loyalty_card"),
            "{e}"
        );

        let e = load_err(PURPOSES, CLIENTS, "");
        assert!(
            e.starts_with("categories.toml:1:1: missing key `fields`"),
            "{e}"
        );
    }

    #[test]
    fn categories_accept_quoted_dotted_and_nested_names() {
        let categories = format!(
            "{CATEGORIES}\"address.city\" = \"user.contact.address.city\"\n\
             \"identifiers.device_id\" = \"user.device.device_id\"\n"
        );
        let policy = Policy::from_strs(PURPOSES, CLIENTS, &categories).unwrap();
        assert_eq!(
            policy.category(Field::Personal(PersonalField::City)),
            "user.contact.address.city"
        );
        assert_eq!(
            policy.category(Field::Personal(PersonalField::Country)),
            "user.contact.address"
        );
        assert_eq!(
            policy.category(Field::Identifiers(IdentifierType::DeviceId)),
            "user.device.device_id"
        );

        // Unquoted dotted keys (no group line for address).
        let categories = CATEGORIES.replace(
            "address = \"user.contact.address\"\n",
            "address.line1 = \"user.contact.address.street\"\n\
             address.line2 = \"user.contact.address.street\"\n\
             address.postal_code = \"user.contact.address.postal_code\"\n\
             address.city = \"user.contact.address.city\"\n\
             address.country = \"user.contact.address.country\"\n",
        );
        let policy = Policy::from_strs(PURPOSES, CLIENTS, &categories).unwrap();
        assert_eq!(
            policy.category(Field::Personal(PersonalField::PostalCode)),
            "user.contact.address.postal_code"
        );
        assert_eq!(
            policy.category(Field::Personal(PersonalField::Country)),
            "user.contact.address.country"
        );

        // A sub-table.
        let nested = CATEGORIES.replace("address = \"user.contact.address\"\n", "")
            + "[fields.address]\nline1 = \"a.street\"\nline2 = \"a.street\"\n\
               postal_code = \"a.postal_code\"\ncity = \"a.city\"\ncountry = \"a.country\"\n";
        let policy = Policy::from_strs(PURPOSES, CLIENTS, &nested).unwrap();
        assert_eq!(
            policy.category(Field::Personal(PersonalField::City)),
            "a.city"
        );
    }

    #[test]
    fn bad_category_lines_report_their_line() {
        let e = load_err(
            PURPOSES,
            CLIENTS,
            &format!("{CATEGORIES}password = \"user.credentials\"\n"),
        );
        assert!(
            e.starts_with("categories.toml:10:1: unknown field \"password\""),
            "{e}"
        );

        let categories = CATEGORIES.replace("address = ", "address.town = ");
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(
            e.starts_with("categories.toml:8:9: unknown field \"address.town\""),
            "{e}"
        );

        let categories = CATEGORIES.replace("\"user.name.first\"", "\"User Name\"");
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(
            e.starts_with("categories.toml:4:14: invalid data category"),
            "{e}"
        );

        let categories = CATEGORIES.replace("\"user.name.first\"", "3");
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(e.starts_with("categories.toml:4:14: "), "{e}");

        // An unquoted member under a group that has its own line: TOML refuses it; say why.
        let categories = format!("{CATEGORIES}identifiers.email = \"user.contact.email\"\n");
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(e.starts_with("categories.toml:10:1: "), "{e}");
        assert!(e.contains("in quotes"), "{e}");

        // A group line and a sub-table for the same group clash in TOML itself.
        let categories = format!("{CATEGORIES}[fields.address]\ncity = \"a.city\"\n");
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(e.starts_with("categories.toml:10:"), "{e}");

        let e = load_err(PURPOSES, CLIENTS, &format!("{CATEGORIES}[other]\n"));
        assert!(e.starts_with("categories.toml:10:"), "{e}");
    }

    #[test]
    fn a_field_given_twice_is_refused() {
        // Quoted and nested spellings of the same field.
        let categories = CATEGORIES.replace("address = \"user.contact.address\"\n", "")
            + "\"address.city\" = \"a.city\"\n[fields.address]\ncity = \"b.city\"\n\
               line1 = \"a\"\nline2 = \"a\"\npostal_code = \"a\"\ncountry = \"a\"\n";
        let e = load_err(PURPOSES, CLIENTS, &categories);
        assert!(
            e.starts_with(
                "categories.toml:11:1: field \"address.city\" is given a category twice \
                 (also on line 9)"
            ),
            "{e}"
        );
    }
}
