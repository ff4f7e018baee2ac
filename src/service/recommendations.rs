//! Product recommendations under the personalisation purpose (issue 12).
//!
//! **The model** is item-to-item co-occurrence: two SKUs that one customer bought, put in the
//! cart or viewed close together are a pair, weighted by the weaker interest (bought together
//! 3, carted 2, a view 1; `domain::recommendations`). [`Vault::rebuild_recommendations`]
//! builds it as a whole, at start and then on an interval inside `serve`, never per request:
//! - only customers for whom the personalisation purpose holds *now* (the segments' bulk
//!   states: consent granted and current, no objection, not restricted, not a minor), found
//!   through the purpose's own aggregates and mapped pseudonym → subject by the keyed hash;
//! - only their events collected for personalisation, within its retention period, of the
//!   product types, at most [`RECENT_EVENTS`] per customer and of those the [`RECENT_SKUS`]
//!   most recent distinct SKUs; SKUs in a category marked sensitive never enter (Art. 9);
//! - a pair is kept only when at least [`MIN_CUSTOMERS`] customers made it, so no
//!   recommendation shows what one other person did, and per SKU only its [`PAIRS_PER_SKU`]
//!   heaviest pairs.
//!
//! The tables (`item_pairs`, `item_categories`) hold SKUs and weights, nothing that names a
//! pseudonym or a subject: a customer who withdraws stops feeding the model at the next
//! rebuild, and erasure deletes their events as before.
//!
//! **A request** ([`Vault::recommendations`]) is a read of the customer's behaviour for a
//! purpose: `X-Purpose` must be the recommending purpose, the one decision must allow it for
//! this customer now, and the answer is audited (`recommendations.read`). It reads the
//! customer's own recent product events, looks up the pairs of their SKUs and sums the
//! weights, leaving out what they bought in the last [`BOUGHT_RECENTLY_DAYS`] days.

use std::collections::HashMap;

use time::OffsetDateTime;

use super::permissions;
use super::subjects::{entry, Caller};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::auth::Principal;
use crate::domain::recommendations::{
    self as model, Interest, ItemPair, ItemSignal, PRODUCT_EVENT_TYPES,
};
use crate::domain::{FieldError, PurposeId, Role, SubjectId};
use crate::policy::{DenyReason, Scope};
use crate::store::now_us;

/// The purpose recommendations are made for; any other answers `400 validation-failed`.
pub const RECOMMENDATION_PURPOSE: &str = "personalisation";
/// Most items one answer holds, and how many when the caller names no limit.
pub const MAX_RECOMMENDATIONS: usize = 50;
pub const DEFAULT_RECOMMENDATIONS: usize = 10;
/// The actor id of the model's rebuild (role admin), as audited.
pub const RECOMMENDER_ACTOR: &str = "recommender";

/// A customer's newest product events read, for the model and for a request.
pub const RECENT_EVENTS: i64 = 200;
/// Of those, the most recent distinct SKUs that count.
pub const RECENT_SKUS: usize = 20;
/// The heaviest pairs kept per SKU.
pub const PAIRS_PER_SKU: usize = 50;
/// Fewest customers a pair must come from to be kept.
pub const MIN_CUSTOMERS: u32 = 2;
/// What a customer bought this recently is not recommended to them.
pub const BOUGHT_RECENTLY_DAYS: i64 = 30;
/// Pseudonyms read per page while rebuilding.
const REBUILD_PAGE: i64 = 500;
const DAY_US: i64 = 86_400_000_000;

/// One recommended product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    pub sku: String,
    /// The category the model knows for it, if any.
    pub category: Option<String>,
    /// The summed weights of its pairs with the customer's own SKUs.
    pub score: i64,
    /// The customer's own SKUs that led to it: `bought SKU-1`, `carted SKU-2`, `viewed SKU-3`.
    pub because: Vec<String>,
}

/// What a rebuild found and stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RebuildReport {
    /// Customers whose events fed the model.
    pub customers: u64,
    /// Pairs stored (each direction counts).
    pub pairs: u64,
    /// SKUs with a category stored.
    pub skus: u64,
}

/// SKU pairs counted over customers, SKUs interned.
#[derive(Default)]
struct PairCounts {
    ids: HashMap<String, u32>,
    skus: Vec<String>,
    categories: HashMap<u32, String>,
    /// (smaller id, larger id) → (summed weight, customers).
    pairs: HashMap<(u32, u32), (i64, u32)>,
}

impl PairCounts {
    fn intern(&mut self, sku: &str) -> u32 {
        if let Some(&id) = self.ids.get(sku) {
            return id;
        }
        let id = u32::try_from(self.skus.len()).unwrap_or(u32::MAX);
        self.ids.insert(sku.to_owned(), id);
        self.skus.push(sku.to_owned());
        id
    }

    /// One customer's signals: every pair of their SKUs once.
    fn add_customer(&mut self, signals: &[ItemSignal]) {
        let ids: Vec<(u32, Interest)> = signals
            .iter()
            .map(|s| {
                let id = self.intern(&s.sku);
                if let Some(c) = &s.category {
                    self.categories.insert(id, c.clone());
                }
                (id, s.interest)
            })
            .collect();
        for (i, &(a, ia)) in ids.iter().enumerate() {
            for &(b, ib) in &ids[i + 1..] {
                let key = (a.min(b), a.max(b));
                let e = self.pairs.entry(key).or_default();
                e.0 += model::pair_weight(ia, ib);
                e.1 += 1;
            }
        }
    }

    /// The model: pairs from at least `min_customers`, both directions, the `per_sku`
    /// heaviest of each SKU; and the categories of the SKUs it names.
    fn finish(self, min_customers: u32, per_sku: usize) -> (Vec<ItemPair>, Vec<(String, String)>) {
        let mut by_sku: HashMap<u32, Vec<(u32, i64)>> = HashMap::new();
        for ((a, b), (weight, customers)) in self.pairs {
            if customers >= min_customers {
                by_sku.entry(a).or_default().push((b, weight));
                by_sku.entry(b).or_default().push((a, weight));
            }
        }
        let name = |id: u32| self.skus[id as usize].clone();
        let mut pairs = Vec::new();
        let mut named: Vec<u32> = Vec::new();
        for (sku, mut others) in by_sku {
            others.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| name(x.0).cmp(&name(y.0))));
            others.truncate(per_sku);
            named.push(sku);
            for (other, weight) in others {
                pairs.push((name(sku), name(other), weight));
            }
        }
        let categories = named
            .into_iter()
            .filter_map(|id| Some((name(id), self.categories.get(&id)?.clone())))
            .collect();
        (pairs, categories)
    }
}

/// A customer's signals as the model may use them: no SKU of a sensitive category.
fn usable_signals(events: &[model::ProductEvent]) -> Vec<ItemSignal> {
    let mut signals = model::signals(events, RECENT_SKUS);
    signals.retain(|s| s.category.as_deref() != Some(super::events::SENSITIVE_CATEGORY));
    signals
}

impl Vault {
    /// Up to `limit` (1 to [`MAX_RECOMMENDATIONS`]) products for customer `id`, for the
    /// declared purpose, which must be [`RECOMMENDATION_PURPOSE`]. Refusals answer as every
    /// read's do (missing, invalid, unregistered or unknown purpose; 404/410; the decision's
    /// reason) and are audited; a purpose the client may use that does not recommend is
    /// `Invalid` on `X-Purpose`, audited with reason `purpose_does_not_recommend`.
    pub async fn recommendations(
        &self,
        caller: &Caller<'_>,
        purpose_header: Option<&str>,
        id: SubjectId,
        limit: usize,
    ) -> Result<Vec<Recommendation>, ServiceError> {
        caller.require(permissions::CLIENTS)?;
        let action = Action::RecommendationsRead;
        let (client, purpose) = self
            .declared_purpose(caller, action, Some(id), purpose_header, Scope::Person)
            .await?;
        let refuse = |reason: &str| {
            let mut e = entry(caller, action, Some(id), Some(&purpose));
            e.reason = Some(reason.to_owned());
            e
        };
        // Whom first (404, 410), then whether the purpose recommends at all, as every read
        // of one subject answers.
        let Some(pseudonym) = self.pseudonym_of(&id).await? else {
            let missing = self.missing(&id).await;
            let reason = match missing {
                ServiceError::Gone => "erased",
                _ => "subject_not_found",
            };
            self.audit.record(refuse(reason)).await?;
            return Err(missing);
        };
        if purpose.as_str() != RECOMMENDATION_PURPOSE {
            self.audit
                .record(refuse("purpose_does_not_recommend"))
                .await?;
            return Err(ServiceError::Invalid(vec![FieldError::new(
                "X-Purpose",
                "recommendations are made for the purpose personalisation only",
            )]));
        }
        let asked: Vec<String> = PRODUCT_EVENT_TYPES
            .iter()
            .map(|t| (*t).to_owned())
            .collect();
        let decision = self.decide_for(&client, &purpose, &id, &[], &asked).await?;
        if !decision.allowed {
            let reason = decision.reason.unwrap_or(DenyReason::NoConsent);
            self.audit.record(refuse(reason.as_str())).await?;
            return Err(ServiceError::Denied(reason));
        }
        // Only the product types the decision gives, collected for the purpose, in its period.
        let types = decision.events_given;
        let scope = self.event_scope(&purpose);
        let events: Vec<model::ProductEvent> = self
            .behaviour
            .product_events(
                &[pseudonym.as_bytes().to_vec()],
                &types,
                &scope,
                RECENT_EVENTS,
            )
            .await?
            .into_iter()
            .map(|(_, e)| e)
            .collect();
        let own = usable_signals(&events);
        let skus: Vec<String> = own.iter().map(|s| s.sku.clone()).collect();
        let pairs = self.behaviour.item_pairs(&skus).await?;
        let since = now_us() - BOUGHT_RECENTLY_DAYS * DAY_US;
        let scored = model::score(&own, &pairs, since, limit.clamp(1, MAX_RECOMMENDATIONS));
        let found: Vec<String> = scored.iter().map(|s| s.sku.clone()).collect();
        let categories: HashMap<String, String> = self
            .behaviour
            .item_categories(&found)
            .await?
            .into_iter()
            .collect();
        let mut e = entry(caller, action, Some(id), Some(&purpose));
        e.allowed = true;
        e.fields_given = types;
        self.audit.record(e).await?;
        Ok(scored
            .into_iter()
            .map(|s| Recommendation {
                category: categories.get(&s.sku).cloned(),
                because: s
                    .because
                    .iter()
                    .map(|(interest, sku)| format!("{} {sku}", interest.verb()))
                    .collect(),
                sku: s.sku,
                score: s.score,
            })
            .collect())
    }

    /// Rebuilds the recommendation model from the events of every customer for whom the
    /// recommending purpose holds now (see the module documentation), replacing the stored
    /// model in one transaction, as [`RECOMMENDER_ACTOR`]; audited with counts only. A policy
    /// without the purpose empties the model.
    pub async fn rebuild_recommendations(&self) -> Result<RebuildReport, ServiceError> {
        let principal = Principal {
            id: RECOMMENDER_ACTOR.to_owned(),
            role: Role::Admin,
        };
        let request_id = format!("recommendations-{}", uuid::Uuid::now_v7());
        let caller = Caller {
            principal: &principal,
            request_id: &request_id,
        };
        caller.require(permissions::ADMINS)?;
        let purpose_id = PurposeId::parse(RECOMMENDATION_PURPOSE)
            .map_err(|_| anyhow::anyhow!("the recommending purpose id is not an id"))?;
        let mut counts = PairCounts::default();
        let mut report = RebuildReport::default();
        if let Some(purpose) = self.policy.purpose(&purpose_id) {
            let types: Vec<String> = PRODUCT_EVENT_TYPES
                .iter()
                .filter(|t| purpose.allows_event_type(t))
                .map(|t| (*t).to_owned())
                .collect();
            let scope = self.event_scope(&purpose_id);
            let states = self.bulk_states(purpose).await?;
            let now = OffsetDateTime::now_utc();
            let mut after: Option<Vec<u8>> = None;
            loop {
                let page = self
                    .behaviour
                    .purpose_pseudonyms(purpose_id.as_str(), after.as_deref(), REBUILD_PAGE)
                    .await?;
                let Some(last) = page.last() else { break };
                after = Some(last.clone());
                let subjects = self.subjects_of(&page).await?;
                // The one rule of who a purpose may process, on the ledgers as they are now.
                let standing: Vec<Vec<u8>> = page
                    .iter()
                    .filter(|p| {
                        subjects.get(*p).is_some_and(|id| {
                            purpose
                                .check_subject(&states.state_for(purpose, id), now)
                                .is_ok()
                        })
                    })
                    .cloned()
                    .collect();
                let rows = self
                    .behaviour
                    .product_events(&standing, &types, &scope, RECENT_EVENTS)
                    .await?;
                let mut start = 0;
                while start < rows.len() {
                    let mut end = start + 1;
                    while end < rows.len() && rows[end].0 == rows[start].0 {
                        end += 1;
                    }
                    let events: Vec<model::ProductEvent> =
                        rows[start..end].iter().map(|(_, e)| e.clone()).collect();
                    let signals = usable_signals(&events);
                    if !signals.is_empty() {
                        report.customers += 1;
                        counts.add_customer(&signals);
                    }
                    start = end;
                }
                if (page.len() as i64) < REBUILD_PAGE {
                    break;
                }
            }
        }
        let (pairs, categories) = counts.finish(MIN_CUSTOMERS, PAIRS_PER_SKU);
        report.pairs = pairs.len() as u64;
        report.skus = categories.len() as u64;
        self.behaviour
            .replace_recommendation_model(&pairs, &categories)
            .await?;
        let mut e = entry(
            &caller,
            Action::RecommendationsRebuild,
            None,
            Some(&purpose_id),
        );
        e.allowed = true;
        e.reason = Some(format!(
            "customers:{},pairs:{}",
            report.customers, report.pairs
        ));
        self.audit.record(e).await?;
        tracing::info!(
            customers = report.customers,
            pairs = report.pairs,
            "recommendation model rebuilt"
        );
        Ok(report)
    }

    /// Rebuilds the model at once and then every `period` (at least one minute), on the
    /// current Tokio runtime, until the task is aborted or the runtime stops. A failed run is
    /// logged and the next one tries again.
    pub fn spawn_recommendations(
        &self,
        period: std::time::Duration,
    ) -> tokio::task::JoinHandle<()> {
        let vault = self.clone();
        let period = period.max(std::time::Duration::from_secs(60));
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(period);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = vault.rebuild_recommendations().await {
                    let e = anyhow::Error::new(e);
                    tracing::error!(error = format!("{e:#}"), "recommendation rebuild failed");
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(sku: &str, interest: Interest) -> ItemSignal {
        ItemSignal {
            sku: sku.into(),
            interest,
            last_us: 0,
            bought_at_us: None,
            category: Some("shoes".into()),
        }
    }

    #[test]
    fn pairs_need_enough_customers_and_keep_the_heaviest() {
        let mut c = PairCounts::default();
        c.add_customer(&[sig("A", Interest::Bought), sig("B", Interest::Bought)]);
        c.add_customer(&[sig("A", Interest::Bought), sig("B", Interest::Viewed)]);
        c.add_customer(&[sig("A", Interest::Viewed), sig("C", Interest::Viewed)]);
        c.add_customer(&[sig("A", Interest::Viewed), sig("C", Interest::Viewed)]);
        c.add_customer(&[sig("A", Interest::Viewed), sig("D", Interest::Bought)]);
        let (pairs, categories) = c.finish(2, 1);
        // A–D came from one customer: dropped. A keeps only its heaviest (B, 3 + 1).
        assert!(pairs.contains(&("A".into(), "B".into(), 4)));
        assert!(!pairs.iter().any(|(a, b, _)| a == "D" || b == "D"));
        assert!(!pairs.contains(&("A".into(), "C".into(), 2)));
        assert!(pairs.contains(&("C".into(), "A".into(), 2)));
        assert_eq!(categories.len(), 3);
    }
}
