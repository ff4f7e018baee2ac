//! The rules of product recommendations, free of storage: what one customer's product events
//! say about each SKU (bought, put in the cart, viewed), which pairs of SKUs a customer's
//! recent interest makes, and how a customer's own SKUs score the items the model pairs with
//! them. The model itself keeps SKU pairs and weights only, never a customer.

use std::collections::HashMap;

/// The event types that say something about a product. `remove_from_cart` only takes a line
/// out of a cart (what a purchase then completes); the others carry the SKU of interest.
pub const PRODUCT_EVENT_TYPES: [&str; 4] = [
    "product_view",
    "add_to_cart",
    "remove_from_cart",
    "purchase",
];

/// A cart counts as bought by a purchase on its channel at most this long after its last
/// line was added (a `purchase` names the order, not its SKUs).
pub const CART_TO_PURCHASE_US: i64 = 24 * 3_600_000_000;

/// A pair of the model: (SKU, other SKU, weight).
pub type ItemPair = (String, String, i64);

/// How strongly a customer showed interest in a SKU, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Interest {
    Viewed,
    Carted,
    Bought,
}

impl Interest {
    /// The weight of a pair: co-purchase 3, co-cart 2, co-view 1.
    pub fn weight(self) -> i64 {
        match self {
            Self::Viewed => 1,
            Self::Carted => 2,
            Self::Bought => 3,
        }
    }

    /// The word `because` uses: `bought SKU-1`.
    pub fn verb(self) -> &'static str {
        match self {
            Self::Viewed => "viewed",
            Self::Carted => "carted",
            Self::Bought => "bought",
        }
    }
}

/// One product event of one customer, as the model reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductEvent {
    pub event_type: String,
    pub channel: String,
    pub occurred_at_us: i64,
    /// The `sku` property, when the event has one.
    pub sku: Option<String>,
    pub category: Option<String>,
}

/// What one customer's events say about one SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemSignal {
    pub sku: String,
    pub interest: Interest,
    /// The latest event about the SKU.
    pub last_us: i64,
    /// The latest purchase that included it.
    pub bought_at_us: Option<i64>,
    /// The latest category an event gave it.
    pub category: Option<String>,
}

/// The customer's SKUs from their product events (`events` oldest first), strongest interest
/// per SKU, the `most_recent` distinct SKUs only, newest first. A purchase makes bought what
/// was in the cart of its channel (added, not removed, within [`CART_TO_PURCHASE_US`]) and,
/// should the event carry one, its own `sku`.
pub fn signals(events: &[ProductEvent], most_recent: usize) -> Vec<ItemSignal> {
    let mut by_sku: HashMap<&str, ItemSignal> = HashMap::new();
    let mut carts: HashMap<&str, Vec<(&str, i64)>> = HashMap::new();
    for e in events {
        let at = e.occurred_at_us;
        let category = e.category.as_deref();
        match (e.event_type.as_str(), e.sku.as_deref()) {
            ("product_view", Some(sku)) => note(&mut by_sku, sku, Interest::Viewed, at, category),
            ("add_to_cart", Some(sku)) => {
                note(&mut by_sku, sku, Interest::Carted, at, category);
                let cart = carts.entry(e.channel.as_str()).or_default();
                cart.retain(|(s, _)| *s != sku);
                cart.push((sku, at));
            }
            ("remove_from_cart", Some(sku)) => {
                if let Some(cart) = carts.get_mut(e.channel.as_str()) {
                    cart.retain(|(s, _)| *s != sku);
                }
            }
            ("purchase", own) => {
                if let Some(sku) = own {
                    note(&mut by_sku, sku, Interest::Bought, at, category);
                }
                for (sku, added) in carts.remove(e.channel.as_str()).unwrap_or_default() {
                    if at >= added && at - added <= CART_TO_PURCHASE_US {
                        note(&mut by_sku, sku, Interest::Bought, at, None);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out: Vec<ItemSignal> = by_sku.into_values().collect();
    out.sort_by(|a, b| b.last_us.cmp(&a.last_us).then_with(|| a.sku.cmp(&b.sku)));
    out.truncate(most_recent);
    out
}

/// Records one event's interest in `sku`: the strongest interest and the latest times win.
fn note<'a>(
    by_sku: &mut HashMap<&'a str, ItemSignal>,
    sku: &'a str,
    interest: Interest,
    at: i64,
    category: Option<&str>,
) {
    let s = by_sku.entry(sku).or_insert_with(|| ItemSignal {
        sku: sku.to_owned(),
        interest,
        last_us: at,
        bought_at_us: None,
        category: None,
    });
    s.interest = s.interest.max(interest);
    s.last_us = s.last_us.max(at);
    if interest == Interest::Bought {
        s.bought_at_us = Some(s.bought_at_us.map_or(at, |b| b.max(at)));
    }
    if let Some(c) = category {
        s.category = Some(c.to_owned());
    }
}

/// The weight one customer gives the pair of two of their SKUs: the weaker interest of the two
/// (bought together 3, carted 2, anything with a mere view 1).
pub fn pair_weight(a: Interest, b: Interest) -> i64 {
    a.min(b).weight()
}

/// One recommended item: the summed weights of its pairs with the customer's own SKUs, and
/// those SKUs, strongest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    pub sku: String,
    pub score: i64,
    /// (interest, own SKU), by contribution then SKU.
    pub because: Vec<(Interest, String)>,
}

/// Most own SKUs one item names in `because`.
pub const MAX_BECAUSE: usize = 5;

/// Scores every SKU that `pairs` (own SKU, other SKU, weight) pair with the customer's `own`
/// signals, leaving out what they bought at or after `bought_since_us`; best first (ties by
/// SKU), at most `limit`.
pub fn score(
    own: &[ItemSignal],
    pairs: &[ItemPair],
    bought_since_us: i64,
    limit: usize,
) -> Vec<Scored> {
    let mine: HashMap<&str, &ItemSignal> = own.iter().map(|s| (s.sku.as_str(), s)).collect();
    let excluded = |sku: &str| {
        mine.get(sku)
            .and_then(|s| s.bought_at_us)
            .is_some_and(|at| at >= bought_since_us)
    };
    // Per recommended SKU: its score and each contribution (weight, interest, own SKU).
    type Contributions<'a> = (i64, Vec<(i64, Interest, &'a str)>);
    let mut scores: HashMap<&str, Contributions> = HashMap::new();
    for (from, to, weight) in pairs {
        let Some(source) = mine.get(from.as_str()) else {
            continue;
        };
        if from == to || excluded(to) {
            continue;
        }
        let entry = scores.entry(to.as_str()).or_default();
        entry.0 += weight;
        entry.1.push((*weight, source.interest, from.as_str()));
    }
    let mut out: Vec<Scored> = scores
        .into_iter()
        .map(|(sku, (score, mut because))| {
            because.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(b.2)));
            because.truncate(MAX_BECAUSE);
            Scored {
                sku: sku.to_owned(),
                score,
                because: because
                    .into_iter()
                    .map(|(_, i, s)| (i, s.to_owned()))
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.sku.cmp(&b.sku)));
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000_000;

    fn ev(t: &str, channel: &str, at: i64, sku: Option<&str>) -> ProductEvent {
        ProductEvent {
            event_type: t.into(),
            channel: channel.into(),
            occurred_at_us: at,
            sku: sku.map(str::to_owned),
            category: Some("shoes".into()),
        }
    }

    #[test]
    fn a_purchase_buys_the_cart_of_its_channel_only() {
        let events = [
            ev("product_view", "web", H, Some("A")),
            ev("add_to_cart", "web", 2 * H, Some("A")),
            ev("add_to_cart", "web", 2 * H, Some("B")),
            ev("remove_from_cart", "web", 3 * H, Some("B")),
            ev("add_to_cart", "app", 3 * H, Some("C")),
            ev("purchase", "web", 4 * H, None),
            ev("product_view", "web", 5 * H, Some("D")),
        ];
        let s = signals(&events, 10);
        let get = |sku: &str| s.iter().find(|x| x.sku == sku).unwrap();
        assert_eq!(get("A").interest, Interest::Bought);
        assert_eq!(get("A").bought_at_us, Some(4 * H));
        assert_eq!(get("B").interest, Interest::Carted);
        assert_eq!(get("C").interest, Interest::Carted);
        assert_eq!(get("D").interest, Interest::Viewed);
        assert_eq!(s[0].sku, "D", "newest first");
    }

    #[test]
    fn a_stale_cart_is_not_bought_and_only_the_most_recent_skus_count() {
        let events = [
            ev("add_to_cart", "web", 0, Some("A")),
            ev("purchase", "web", 2 * CART_TO_PURCHASE_US, None),
            ev("product_view", "web", 3 * CART_TO_PURCHASE_US, Some("B")),
        ];
        let s = signals(&events, 1);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].sku, "B");
        assert_eq!(signals(&events, 5)[1].interest, Interest::Carted);
    }

    #[test]
    fn pairs_weigh_the_weaker_interest() {
        assert_eq!(pair_weight(Interest::Bought, Interest::Bought), 3);
        assert_eq!(pair_weight(Interest::Bought, Interest::Viewed), 1);
        assert_eq!(pair_weight(Interest::Carted, Interest::Bought), 2);
    }

    #[test]
    fn scores_sum_and_leave_out_what_was_bought_lately() {
        let own = vec![
            ItemSignal {
                sku: "A".into(),
                interest: Interest::Bought,
                last_us: 10,
                bought_at_us: Some(10),
                category: None,
            },
            ItemSignal {
                sku: "B".into(),
                interest: Interest::Viewed,
                last_us: 9,
                bought_at_us: None,
                category: None,
            },
        ];
        let pairs = vec![
            ("A".to_owned(), "X".to_owned(), 6),
            ("B".to_owned(), "X".to_owned(), 2),
            ("B".to_owned(), "A".to_owned(), 9),
            ("A".to_owned(), "B".to_owned(), 9),
            ("B".to_owned(), "Y".to_owned(), 1),
        ];
        let out = score(&own, &pairs, 5, 10);
        assert_eq!(out[0].sku, "B", "viewed, not bought: may be recommended");
        assert_eq!(out[1].sku, "X");
        assert_eq!(out[1].score, 8);
        assert_eq!(
            out[1].because,
            vec![
                (Interest::Bought, "A".into()),
                (Interest::Viewed, "B".into())
            ]
        );
        assert!(
            out.iter().all(|s| s.sku != "A"),
            "bought at 10 ≥ 5: left out"
        );
        assert_eq!(score(&own, &pairs, 11, 10).len(), 4, "bought before: kept");
        assert_eq!(score(&own, &pairs, 5, 1).len(), 1);
    }
}
