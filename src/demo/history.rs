//! Event histories: about two years of a customer's browsing in the web shop and the app,
//! carts, checkouts and purchases, store visits, marketplace orders, returns, reviews, support
//! contacts, newsletter and push engagement. Events name their subject by id, or (like the
//! real channels) by loyalty card at the till, by device id in the app and by buyer id on the
//! marketplace. Pure: a history follows from the customer, the seed and `now`.

use fastrand::Rng;
use serde_json::{json, Map, Value};
use time::{Duration, OffsetDateTime};

use super::customer::Customer;
use super::data::Tables;
use super::random::{chance, during, mix, normal, pick, pick_ref};
use crate::domain::{Channel, IdentifierType, SubjectId};
use crate::service::{IncomingEvent, SubjectRef};

/// Products per category.
const PRODUCTS_PER_CATEGORY: u32 = 400;

/// Most a generated order is worth, in cents.
const MAX_ORDER_CENTS: u64 = 40_000;

/// A product: its SKU, category and unit price in cents (the same SKU always costs the same).
#[derive(Debug, Clone)]
struct Product {
    sku: String,
    category: &'static str,
    cents: u64,
}

impl Product {
    /// The properties of `quantity` of this product added to or removed from a cart.
    fn cart_line(&self, quantity: u64) -> Value {
        json!({ "sku": self.sku, "quantity": quantity, "amount": money(self.cents),
                "currency": "EUR", "category": self.category })
    }
}

fn product(t: &'static Tables, category: usize, number: u32) -> Product {
    let c = &t.categories[category % t.categories.len()];
    let h = mix(u64::from(number) ^ ((category as u64) << 32));
    let euros = u64::from(c.min_euros) + h % u64::from(c.max_euros - c.min_euros);
    let cents = [99, 95, 49, 0][((h >> 20) % 4) as usize];
    Product {
        sku: format!("{}-{:05}", c.sku_prefix, 10_000 + number),
        category: &c.name,
        cents: euros * 100 + cents,
    }
}

fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn props(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Kinds of session a customer's history is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Session {
    Web,
    App,
    Store,
    Marketplace,
    Support,
    Newsletter,
}

/// Builds one customer's event history.
struct History<'a> {
    t: &'static Tables,
    c: &'a Customer,
    subject: SubjectId,
    seed: u64,
    now: OffsetDateTime,
    rng: Rng,
    out: Vec<IncomingEvent>,
    orders: u32,
}

impl History<'_> {
    fn push(
        &mut self,
        subject: &SubjectRef,
        event_type: &str,
        channel: Channel,
        at: OffsetDateTime,
        properties: Value,
    ) {
        // Clocks tick in milliseconds, not in whole seconds.
        let at = at + Duration::milliseconds(self.rng.i64(0..1_000));
        if at > self.now {
            return;
        }
        // The shop's consent banner: tracking that touches the device (tags, pixels, app
        // SDKs) runs only for customers whose consent covers it (ePrivacy, events.toml
        // `terminal_access`); their purchases and store visits are still recorded.
        if !self.c.consents_to_tracking(event_type, subject) {
            return;
        }
        let j = self.out.len();
        self.out.push(IncomingEvent {
            client_event_id: format!("seed-{}-{}-{j}", self.seed, self.c.n),
            subject: subject.clone(),
            event_type: event_type.to_owned(),
            channel,
            occurred_at: at,
            properties: props(properties),
        });
    }

    fn by_id(&self) -> SubjectRef {
        SubjectRef::Id(self.subject)
    }

    /// How a channel names the customer: the identifier it knows, or the vault id.
    fn subject_for(&mut self, channel: Channel) -> SubjectRef {
        let (known, p) = match channel {
            Channel::App => (
                self.c
                    .device_id
                    .as_ref()
                    .map(|v| (IdentifierType::DeviceId, v)),
                0.5,
            ),
            Channel::Store => (
                self.c
                    .loyalty_card
                    .as_ref()
                    .map(|v| (IdentifierType::LoyaltyCard, v))
                    .or_else(|| {
                        self.c
                            .pos_customer
                            .as_ref()
                            .map(|v| (IdentifierType::PosCustomer, v))
                    }),
                0.7,
            ),
            Channel::Marketplace => (
                self.c
                    .marketplace_id
                    .as_ref()
                    .map(|v| (IdentifierType::MarketplaceId, v)),
                0.8,
            ),
            _ => (None, 0.0),
        };
        match known {
            Some((kind, value)) if chance(&mut self.rng, p) => {
                SubjectRef::Identifier(kind, value.clone())
            }
            _ => self.by_id(),
        }
    }

    fn later(&mut self, t: OffsetDateTime, min_s: i64, max_s: i64) -> OffsetDateTime {
        t + Duration::seconds(self.rng.i64(min_s..=max_s))
    }

    fn category(&mut self) -> usize {
        if chance(&mut self.rng, 0.7) {
            pick(&mut self.rng, &self.c.favourite_categories)
        } else {
            self.rng.usize(..self.t.categories.len())
        }
    }

    fn product(&mut self, category: usize) -> Product {
        // Popular products are viewed more: the square of a uniform favours low numbers.
        let u = self.rng.f64();
        product(
            self.t,
            category,
            (u * u * f64::from(PRODUCTS_PER_CATEGORY)) as u32 % PRODUCTS_PER_CATEGORY,
        )
    }

    fn lang(&self) -> String {
        self.c.language[..2].to_owned()
    }

    /// A browsing session in the web shop or the app, maybe ending in a purchase.
    fn browse(&mut self, channel: Channel, start: OffsetDateTime, from_email: bool) {
        let who = self.subject_for(channel);
        let mut t = start;
        let lang = self.lang();
        if channel == Channel::App && chance(&mut self.rng, 0.25) {
            let campaign = campaign("push", t);
            self.push(
                &who,
                "push_open",
                channel,
                t,
                json!({ "campaign_id": campaign }),
            );
            t = self.later(t, 2, 20);
        }
        let category = self.category();
        let cat_name = &self.t.categories[category].name;
        let landing = match self.rng.u8(0..4) {
            0 => "/".to_owned(),
            1 => format!("/{lang}/"),
            2 => format!("/{lang}/c/{cat_name}"),
            _ => format!("/{lang}/sale"),
        };
        let mut page = json!({ "path": landing });
        if channel == Channel::Web && !from_email && chance(&mut self.rng, 0.5) {
            page["referrer_domain"] = json!(pick_ref(&mut self.rng, &self.t.referrers));
        }
        self.push(&who, "page_view", channel, t, page);
        if chance(&mut self.rng, 0.3) {
            t = self.later(t, 5, 60);
            let q = self.rng.i64(3..=40);
            let results = if chance(&mut self.rng, 0.1) {
                0
            } else {
                self.rng.i64(1..=240)
            };
            self.push(
                &who,
                "search",
                channel,
                t,
                json!({ "query_length": q, "results": results }),
            );
        }
        let views = 1 + (normal(&mut self.rng).abs() * 2.0) as usize;
        let mut viewed = Vec::new();
        for _ in 0..views.min(8) {
            t = self.later(t, 8, 150);
            let category = if chance(&mut self.rng, 0.8) {
                category
            } else {
                self.category()
            };
            if chance(&mut self.rng, 0.3) {
                let name = &self.t.categories[category].name;
                self.push(
                    &who,
                    "page_view",
                    channel,
                    t,
                    json!({ "path": format!("/{lang}/c/{name}") }),
                );
                t = self.later(t, 3, 40);
            }
            let p = self.product(category);
            self.push(
                &who,
                "product_view",
                channel,
                t,
                json!({ "sku": p.sku, "category": p.category }),
            );
            viewed.push(p);
        }
        if !chance(&mut self.rng, 0.35) {
            return;
        }
        // The cart: some of what was viewed, never more than an order may be worth.
        let mut cart: Vec<(Product, u64)> = Vec::new();
        let mut total = 0;
        for p in viewed {
            if !cart.is_empty() && !chance(&mut self.rng, 0.4) {
                continue;
            }
            let quantity = if chance(&mut self.rng, 0.12) { 2 } else { 1 };
            if total + p.cents * quantity > MAX_ORDER_CENTS {
                continue;
            }
            t = self.later(t, 5, 90);
            self.push(&who, "add_to_cart", channel, t, p.cart_line(quantity));
            total += p.cents * quantity;
            cart.push((p, quantity));
        }
        if cart.len() > 1 && chance(&mut self.rng, 0.2) {
            let (p, quantity) = cart.remove(self.rng.usize(..cart.len()));
            t = self.later(t, 5, 120);
            self.push(&who, "remove_from_cart", channel, t, p.cart_line(quantity));
            total -= p.cents * quantity;
        }
        if cart.is_empty() || !chance(&mut self.rng, 0.6) {
            return;
        }
        let items: u64 = cart.iter().map(|(_, q)| q).sum();
        t = self.later(t, 20, 300);
        self.push(
            &who,
            "checkout",
            channel,
            t,
            json!({ "cart_value": money(total), "currency": "EUR", "items": items }),
        );
        if chance(&mut self.rng, 0.8) {
            t = self.later(t, 30, 400);
            let products: Vec<Product> = cart.into_iter().map(|(p, _)| p).collect();
            self.purchase(&who, channel, t, &products, total, items);
        }
    }

    /// An order, and what may follow it: a return, a review, a question to customer service.
    fn purchase(
        &mut self,
        who: &SubjectRef,
        channel: Channel,
        t: OffsetDateTime,
        products: &[Product],
        total: u64,
        items: u64,
    ) {
        let Some(first) = products.first() else {
            return;
        };
        self.orders += 1;
        let order_id = format!("ORD-{:07}-{:03}", self.c.n + 1, self.orders);
        self.push(
            who,
            "purchase",
            channel,
            t,
            json!({ "order_id": order_id, "amount": money(total), "currency": "EUR",
                    "items": items, "category": first.category }),
        );
        if chance(&mut self.rng, 0.08) {
            let at = self.later(t, 3 * 86_400, 40 * 86_400);
            let (channel, who) = match channel {
                Channel::Marketplace => (channel, who.clone()),
                _ if chance(&mut self.rng, 0.35) => {
                    (Channel::Store, self.subject_for(Channel::Store))
                }
                Channel::App => (Channel::App, who.clone()),
                _ => (Channel::Web, self.by_id()),
            };
            let amount = if products.len() > 1 && chance(&mut self.rng, 0.5) {
                pick_ref(&mut self.rng, products).cents
            } else {
                total
            };
            let code = pick_ref(&mut self.rng, &self.t.return_reasons).clone();
            // The shared reason (events.toml) beside the shop's own code.
            let reason = match code.as_str() {
                "too_small" | "too_large" => "wrong_size",
                "late_delivery" => "late",
                "damaged" | "not_as_described" | "changed_mind" => code.as_str(),
                _ => "other",
            };
            let reason = if chance(&mut self.rng, 0.06) {
                "wrong_item"
            } else {
                reason
            };
            self.push(
                &who,
                "return",
                channel,
                at,
                json!({ "order_id": order_id, "amount": money(amount), "currency": "EUR",
                        "reason_code": code, "reason": reason }),
            );
        }
        if chance(&mut self.rng, 0.12) {
            let at = self.later(t, 4 * 86_400, 30 * 86_400);
            let channel = match channel {
                Channel::Store => Channel::Web,
                other => other,
            };
            let who = match channel {
                Channel::Web => self.by_id(),
                _ => who.clone(),
            };
            let p = pick_ref(&mut self.rng, products).sku.clone();
            let rating = match self.rng.u8(0..100) {
                0..=44 => 5,
                45..=74 => 4,
                75..=86 => 3,
                87..=93 => 2,
                _ => 1,
            };
            self.push(
                &who,
                "review",
                channel,
                at,
                json!({ "sku": p, "rating": rating }),
            );
        }
        if chance(&mut self.rng, 0.04) {
            let at = self.later(t, 86_400, 6 * 86_400);
            let topic = if chance(&mut self.rng, 0.6) {
                "delivery"
            } else {
                "order_status"
            };
            self.support(at, Some(topic));
        }
    }

    fn store_visit(&mut self, t: OffsetDateTime) {
        let who = self.subject_for(Channel::Store);
        let store = if chance(&mut self.rng, 0.85) {
            self.c.home_store.clone()
        } else {
            pick_ref(&mut self.rng, &self.c.country_stores).clone()
        };
        let minutes = self.rng.i64(5..=75);
        self.push(
            &who,
            "store_visit",
            Channel::Store,
            t,
            json!({ "store_id": format!("store-{store}"), "duration_minutes": minutes }),
        );
        if chance(&mut self.rng, 0.55) {
            let mut products = Vec::new();
            let mut total = 0;
            for _ in 0..self.rng.usize(1..=3) {
                let category = self.category();
                let p = self.product(category);
                if total + p.cents <= MAX_ORDER_CENTS {
                    total += p.cents;
                    products.push(p);
                }
            }
            let at = self.later(t, 120, minutes * 60);
            let items = products.len() as u64;
            self.purchase(&who, Channel::Store, at, &products, total, items);
        }
    }

    fn marketplace_order(&mut self, t: OffsetDateTime) {
        let who = self.subject_for(Channel::Marketplace);
        let category = self.category();
        let p = self.product(category);
        let total = p.cents;
        self.purchase(&who, Channel::Marketplace, t, &[p], total, 1);
    }

    fn support(&mut self, t: OffsetDateTime, topic: Option<&str>) {
        let channel = match self.rng.u8(0..100) {
            0..=54 => Channel::CallCentre,
            55..=79 => Channel::Email,
            80..=94 => Channel::Web,
            _ => Channel::Store,
        };
        let who = self.subject_for(channel);
        let topic =
            topic.unwrap_or_else(|| pick_ref(&mut self.rng, &self.t.support_topics).as_str());
        let duration = self.rng.i64(45..=1_800);
        let resolved = chance(&mut self.rng, 0.82);
        // An unresolved question leaves an unhappy customer more often.
        let sentiment = match (resolved, self.rng.u8(0..100)) {
            (true, 0..=29) | (false, 0..=4) => "positive",
            (true, 30..=89) | (false, 5..=49) => "neutral",
            _ => "negative",
        };
        self.push(
            &who,
            "support_contact",
            channel,
            t,
            json!({ "topic": topic, "duration_seconds": duration, "resolved": resolved,
                    "sentiment": sentiment }),
        );
    }

    fn newsletter(&mut self, t: OffsetDateTime) {
        let who = self.by_id();
        let campaign = campaign("nl", t);
        // The newsletter went out before it was opened.
        self.push(
            &who,
            "message_sent",
            Channel::Email,
            t - Duration::minutes(30),
            json!({ "campaign_id": campaign }),
        );
        // A full mailbox, a server down: delivered another time, if at all.
        if chance(&mut self.rng, 0.02) {
            self.push(
                &who,
                "message_bounced",
                Channel::Email,
                t - Duration::minutes(29),
                json!({ "bounce": "soft", "campaign_id": campaign }),
            );
            return;
        }
        self.push(
            &who,
            "email_open",
            Channel::Email,
            t,
            json!({ "campaign_id": campaign }),
        );
        if chance(&mut self.rng, 0.3) {
            let at = self.later(t, 5, 600);
            let link = pick_ref(&mut self.rng, &self.t.email_links);
            self.push(
                &who,
                "email_click",
                Channel::Email,
                at,
                json!({ "campaign_id": campaign, "link_id": link }),
            );
            if chance(&mut self.rng, 0.5) {
                let at = self.later(at, 2, 20);
                self.browse(Channel::Web, at, true);
            }
        }
    }

    /// How a customer's newsletter ends, for a few: the address stops existing (a hard
    /// bounce), they unsubscribe, or they mark it as spam. After the last newsletter they
    /// received, so nothing is sent to them after it.
    fn newsletter_ends(&mut self) {
        let last = self
            .out
            .iter()
            .filter(|e| e.event_type == "message_sent")
            .map(|e| e.occurred_at)
            .max();
        let Some(last) = last else {
            return;
        };
        let (kind, props, delay) = match self.rng.u16(0..1000) {
            0..=19 => (
                "message_bounced",
                json!({ "bounce": "hard", "campaign_id": campaign("nl", last) }),
                (30, 90),
            ),
            20..=69 => (
                "unsubscribe",
                json!({ "campaign_id": campaign("nl", last) }),
                (600, 86_400),
            ),
            70..=89 => (
                "spam_complaint",
                json!({ "campaign_id": campaign("nl", last) }),
                (60, 7_200),
            ),
            _ => return,
        };
        let at = self.later(last, delay.0, delay.1);
        let who = self.by_id();
        self.push(&who, kind, Channel::Email, at, props);
    }

    fn generate(mut self) -> Vec<IncomingEvent> {
        let c = self.c;
        let latest = self.now - Duration::hours(1);
        let newsletter = c.email_window(self.now);
        let mut weights: Vec<(Session, f64)> = vec![
            (Session::Web, if c.device_id.is_some() { 1.5 } else { 3.0 }),
            (Session::Support, 0.25),
        ];
        if c.device_id.is_some() {
            weights.push((Session::App, 3.0));
        }
        let store_weight = match (&c.loyalty_card, &c.pos_customer) {
            (Some(_), Some(_)) => 2.5,
            (Some(_), None) | (None, Some(_)) => 1.6,
            (None, None) => 0.3,
        };
        weights.push((Session::Store, store_weight));
        if c.marketplace_id.is_some() {
            weights.push((Session::Marketplace, 1.2));
        }
        if newsletter.is_some() {
            weights.push((Session::Newsletter, 2.0));
        }
        // Everyone has their own habits.
        for (_, w) in &mut weights {
            *w *= 0.3 + 1.4 * self.rng.f64();
        }
        let total: f64 = weights.iter().map(|(_, w)| w).sum();
        let budget = c.event_budget;
        let mut sessions = 0;
        while self.out.len() < budget && sessions < budget * 4 + 10 {
            sessions += 1;
            let mut roll = self.rng.f64() * total;
            let mut kind = Session::Web;
            for (k, w) in &weights {
                kind = *k;
                if roll < *w {
                    break;
                }
                roll -= w;
            }
            // Hours in UTC, roughly local time in the markets (UTC+0 to +2): people shop
            // by day and in the evening, stores and the call centre keep office hours.
            let rng = &mut self.rng;
            match kind {
                Session::Web => {
                    let t = during(rng, c.since, latest, 5..22);
                    self.browse(Channel::Web, t, false);
                }
                Session::App => {
                    let t = during(rng, c.since, latest, 5..22);
                    self.browse(Channel::App, t, false);
                }
                Session::Store => {
                    let t = during(rng, c.since, latest, 8..18);
                    self.store_visit(t);
                }
                Session::Marketplace => {
                    let t = during(rng, c.since, latest, 5..22);
                    self.marketplace_order(t);
                }
                Session::Support => {
                    let t = during(rng, c.since, latest, 7..17);
                    self.support(t, None);
                }
                Session::Newsletter => {
                    if let Some((from, to)) = newsletter {
                        let t = during(rng, from, to, 5..21);
                        self.newsletter(t);
                    }
                }
            }
        }
        self.newsletter_ends();
        // In the order it happened, as the channels report it: a complaint arrives after the
        // opens it follows.
        self.out.sort_by_key(|e| e.occurred_at);
        self.out
    }
}

/// A weekly campaign id, e.g. `nl-2026-w07`.
fn campaign(kind: &str, t: OffsetDateTime) -> String {
    let (year, week, _) = t.date().to_iso_week_date();
    format!("{kind}-{year}-w{week:02}")
}

/// The events of customer `c`, stored as `subject`, in the run with `seed`, as of `now`,
/// drawn from the tables `t`.
pub(super) fn events(
    t: &'static Tables,
    c: &Customer,
    subject: SubjectId,
    seed: u64,
    now: OffsetDateTime,
) -> Vec<IncomingEvent> {
    History {
        t,
        c,
        subject,
        seed,
        now,
        rng: Rng::with_seed(c.events_seed),
        out: Vec::new(),
        orders: 0,
    }
    .generate()
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};
    use std::path::Path;

    use super::*;
    use crate::demo::customer::customer;
    use crate::demo::data::tables;
    use crate::policy::Policy;

    fn now() -> OffsetDateTime {
        time::macros::datetime!(2026-11-23 12:00 UTC)
    }

    fn policy() -> Policy {
        Policy::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")).unwrap()
    }

    #[test]
    fn same_seed_same_customers_other_seed_others() {
        let t = tables().unwrap();
        let now = now();
        let id = SubjectId::generate();
        let history = |c: &Customer, until: OffsetDateTime| -> Vec<(String, OffsetDateTime)> {
            events(t, c, id, 7, until)
                .into_iter()
                .map(|e| (e.event_type, e.occurred_at))
                .collect()
        };
        let mut seen = 0;
        for n in 0..20 {
            let a = customer(t, 7, n, now);
            let b = customer(t, 7, n, now);
            assert_eq!((&a.email, &a.phone), (&b.email, &b.phone));
            assert_eq!(a.consents.len(), b.consents.len());
            let ha = history(&a, now);
            assert_eq!(ha, history(&b, now));
            // Another day: the same history, a day later.
            let tomorrow = now + Duration::days(1);
            let c = customer(t, 7, n, tomorrow);
            assert_eq!(c.email, a.email);
            let shifted: Vec<_> = history(&c, tomorrow)
                .into_iter()
                .map(|(t, at)| (t, at - Duration::days(1)))
                .collect();
            assert_eq!(shifted, ha);
            seen += ha.len();
        }
        assert!(seen > 100);
        let others: HashSet<String> = (0..50).map(|n| customer(t, 8, n, now).email).collect();
        let ours: HashSet<String> = (0..50).map(|n| customer(t, 7, n, now).email).collect();
        assert!(others.intersection(&ours).count() < 10);
    }

    #[test]
    fn events_pass_the_policy_and_look_like_a_shop() {
        let t = tables().unwrap();
        let policy = policy();
        let now = now();
        let mut by_type: HashMap<String, usize> = HashMap::new();
        let mut channels = HashSet::new();
        let mut ids = HashSet::new();
        let mut per_customer = Vec::new();
        let mut by_identifier = 0;
        let customers = 1_000;
        for n in 0..customers {
            let c = customer(t, 42, n, now);
            let subject = SubjectId::generate();
            let evs = events(t, &c, subject, 42, now);
            per_customer.push(evs.len());
            for e in evs {
                let t = policy.event_type(&e.event_type).unwrap();
                let checked = t.validate_properties(&e.properties);
                assert!(checked.is_ok(), "{}: {checked:?}", e.event_type);
                assert!(e.occurred_at <= now && e.occurred_at >= c.since);
                assert!(e.occurred_at >= now - Duration::days(731));
                assert!(ids.insert(e.client_event_id.clone()), "event id repeats");
                assert!(e.client_event_id.len() <= 128);
                match (&e.subject, e.event_type.as_str()) {
                    (SubjectRef::Identifier(IdentifierType::DeviceId, _), _) => {
                        assert_eq!(e.channel, Channel::App);
                        by_identifier += 1;
                    }
                    (SubjectRef::Identifier(kind, _), _) => {
                        assert!(
                            matches!(e.channel, Channel::Store | Channel::Marketplace),
                            "{kind}"
                        );
                        by_identifier += 1;
                    }
                    (SubjectRef::Id(id), _) => assert_eq!(*id, subject),
                }
                if e.event_type == "push_open" {
                    assert!(c.device_id.is_some());
                }
                if e.event_type.starts_with("email_") {
                    let (from, to) = c.email_window(now).unwrap();
                    assert!(e.occurred_at >= from && e.occurred_at <= to + Duration::hours(1));
                }
                if e.event_type == "purchase" {
                    let amount: f64 = e.properties["amount"].as_str().unwrap().parse().unwrap();
                    assert!((5.0..=400.0).contains(&amount), "{amount}");
                }
                channels.insert(e.channel.as_str());
                *by_type.entry(e.event_type).or_default() += 1;
            }
        }
        for t in policy.event_types() {
            assert!(
                by_type.get(&t.name).copied().unwrap_or(0) > 0,
                "no {}",
                t.name
            );
        }
        assert_eq!(channels.len(), 6, "{channels:?}");
        let total: usize = per_customer.iter().sum();
        let mean = total as f64 / customers as f64;
        assert!((15.0..40.0).contains(&mean), "mean {mean}");
        per_customer.sort_unstable();
        let median = per_customer[per_customer.len() / 2];
        assert!(median < 15, "median {median}");
        assert!(per_customer[per_customer.len() - 1] >= 150);
        assert!(by_identifier > total / 20);
        let returns = by_type["return"] as f64 / by_type["purchase"] as f64;
        assert!((0.04..0.12).contains(&returns), "returns {returns}");
    }
}
