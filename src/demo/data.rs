//! The demo shop's reference data, kept as data rather than code: its markets
//! (`locales.toml`: names, streets, cities, phone numbering) and its shop (`shop.toml`: product
//! categories and the words events carry). Both are compiled in and parsed once, when a seed run
//! first asks for them; the checks below are what the generator relies on, so an edit that
//! breaks one is refused with a message instead of making the generator panic.

use std::sync::OnceLock;

use anyhow::{ensure, Context};
use serde::Deserialize;

/// A city: its name, a short code for store ids, and its postal code pattern (`#` a digit,
/// `@` a letter).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct City {
    pub(super) name: String,
    pub(super) code: String,
    pub(super) postal: String,
}

/// One market: language, country, phone numbering and the names and places of its customers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Locale {
    pub(super) language: String,
    pub(super) country: String,
    /// Share of customers, in percent of the sum of all weights.
    pub(super) weight: u32,
    /// Mobile prefix, followed by `phone_digits` digits of the customer's number (at least 8).
    pub(super) phone_prefix: String,
    pub(super) phone_digits: u32,
    pub(super) first_names: Vec<String>,
    pub(super) last_names: Vec<String>,
    /// `{n}` is the house number.
    pub(super) streets: Vec<String>,
    /// `{n}` is a small number.
    pub(super) line2: Vec<String>,
    pub(super) cities: Vec<City>,
}

/// A product category: its name, SKU prefix and the price range of its products in euros.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Category {
    pub(super) name: String,
    pub(super) sku_prefix: String,
    pub(super) min_euros: u32,
    pub(super) max_euros: u32,
}

/// Everything the generator draws from.
#[derive(Debug)]
pub(super) struct Tables {
    pub(super) locales: Vec<Locale>,
    pub(super) email_domains: Vec<String>,
    pub(super) categories: Vec<Category>,
    pub(super) referrers: Vec<String>,
    pub(super) support_topics: Vec<String>,
    pub(super) return_reasons: Vec<String>,
    pub(super) email_links: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LocalesFile {
    email_domains: Vec<String>,
    locale: Vec<Locale>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShopFile {
    referrers: Vec<String>,
    support_topics: Vec<String>,
    return_reasons: Vec<String>,
    email_links: Vec<String>,
    category: Vec<Category>,
}

const LOCALES_TOML: &str = include_str!("locales.toml");
const SHOP_TOML: &str = include_str!("shop.toml");

/// The compiled-in tables, parsed on the first call.
pub(super) fn tables() -> anyhow::Result<&'static Tables> {
    static TABLES: OnceLock<Result<Tables, String>> = OnceLock::new();
    TABLES
        .get_or_init(|| parse(LOCALES_TOML, SHOP_TOML).map_err(|e| format!("{e:#}")))
        .as_ref()
        .map_err(|e| anyhow::anyhow!("the demo data does not load: {e}"))
}

fn parse(locales: &str, shop: &str) -> anyhow::Result<Tables> {
    let l: LocalesFile = toml::from_str(locales).context("src/demo/locales.toml")?;
    let s: ShopFile = toml::from_str(shop).context("src/demo/shop.toml")?;
    let tables = Tables {
        locales: l.locale,
        email_domains: l.email_domains,
        categories: s.category,
        referrers: s.referrers,
        support_topics: s.support_topics,
        return_reasons: s.return_reasons,
        email_links: s.email_links,
    };
    tables.check()?;
    Ok(tables)
}

impl Tables {
    fn check(&self) -> anyhow::Result<()> {
        ensure!(
            self.locales.iter().map(|l| l.weight).sum::<u32>() > 0,
            "locales.toml: no locale has a weight"
        );
        for l in &self.locales {
            let country = &l.country;
            // Customers' numbers are read from the right: at least 8 digits in all, and few
            // enough that 10^phone_digits is a u64.
            let prefix_digits = l.phone_prefix.bytes().filter(u8::is_ascii_digit).count();
            ensure!(
                l.phone_prefix.starts_with('+')
                    && prefix_digits + 1 == l.phone_prefix.len()
                    && (1..=15).contains(&l.phone_digits)
                    && prefix_digits + l.phone_digits as usize >= 8,
                "locales.toml, {country}: the phone prefix must be + and digits, followed by \
                 1 to 15 digits, 8 or more in all"
            );
            ensure!(
                l.language.len() >= 2 && l.language.is_char_boundary(2),
                "locales.toml, {country}: the language must start with a two-letter code"
            );
            for (what, list) in [
                ("first_names", &l.first_names),
                ("last_names", &l.last_names),
                ("streets", &l.streets),
                ("line2", &l.line2),
            ] {
                ensure!(!list.is_empty(), "locales.toml, {country}: no {what}");
            }
            ensure!(!l.cities.is_empty(), "locales.toml, {country}: no cities");
        }
        // Every customer has two different favourite categories.
        ensure!(
            self.categories.len() >= 2,
            "shop.toml: at least two categories"
        );
        for c in &self.categories {
            ensure!(
                c.min_euros < c.max_euros,
                "shop.toml, {}: min_euros must be below max_euros",
                c.name
            );
        }
        for (what, list) in [
            ("locales.toml: email_domains", &self.email_domains),
            ("shop.toml: referrers", &self.referrers),
            ("shop.toml: support_topics", &self.support_topics),
            ("shop.toml: return_reasons", &self.return_reasons),
            ("shop.toml: email_links", &self.email_links),
        ] {
            ensure!(!list.is_empty(), "{what} is empty");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_data_loads() {
        let t = tables().unwrap();
        assert_eq!(t.locales.len(), 7);
        assert_eq!(t.categories.len(), 8);
        let total: u32 = t.locales.iter().map(|l| l.weight).sum();
        assert_eq!(total, 100);
    }

    #[test]
    fn what_the_generator_relies_on_is_checked() {
        let cases = [
            ("phone_digits = 8", "phone_digits = 2", "phone prefix"),
            ("weight = 28", "weight = 28\nextra = 1", "unknown field"),
            (
                "line2 = [\"{n}. OG\", \"Hinterhaus\", \"c/o Büro {n}\", \"Wohnung {n}\"]",
                "line2 = []",
                "no line2",
            ),
        ];
        for (from, to, message) in cases {
            assert!(LOCALES_TOML.contains(from), "{from}");
            let err = parse(&LOCALES_TOML.replacen(from, to, 1), SHOP_TOML).unwrap_err();
            assert!(format!("{err:#}").contains(message), "{err:#}");
        }
        let shop = SHOP_TOML.replacen("max_euros = 180", "max_euros = 30", 1);
        let err = parse(LOCALES_TOML, &shop).unwrap_err();
        assert!(format!("{err:#}").contains("shoes"), "{err:#}");
    }
}
