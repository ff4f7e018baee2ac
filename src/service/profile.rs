//! The unified customer view: the personal fields a purpose may see, consent summary, and the
//! behavioural aggregates built from the event types the purpose may see, each part only
//! where the purpose allows it.

use super::consent::CurrentConsent;
use super::permissions;
use super::subjects::{Caller, Opened, SubjectDocument};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::domain::rfm::Rfm;
use crate::domain::{AttentionReason, SubjectId};
use crate::policy::Scope;
use crate::store::{now_us, ChannelStats, ProfileAsk};

/// Orders and revenue; only for purposes that may see purchases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSummary {
    pub count: i64,
    pub revenue_cents: i64,
    pub average_order_value_cents: i64,
    pub last_purchase_us: Option<i64>,
}

#[derive(Debug)]
pub struct Profile {
    pub document: SubjectDocument,
    pub consents: Vec<CurrentConsent>,
    /// `None` when the purpose may see no events at all.
    pub channels: Option<Vec<ChannelStats>>,
    pub orders: Option<OrderSummary>,
    pub rfm: Option<(Rfm, i64)>,
    pub favourite_categories: Option<Vec<(String, i64)>>,
    /// Why the customer needs attention (empty: they do not), from the events the purpose may
    /// see; `None` when it may see none of the types the reasons are read from.
    pub attention: Option<Vec<AttentionReason>>,
}

const DAY_US: i64 = 86_400_000_000;

/// Event types whose `category` says what a customer likes.
const CATEGORY_TYPES: [&str; 3] = ["product_view", "add_to_cart", "purchase"];

impl Vault {
    pub async fn profile(
        &self,
        caller: &Caller<'_>,
        purpose_header: Option<&str>,
        id: SubjectId,
    ) -> Result<Profile, ServiceError> {
        caller.require(permissions::CLIENTS)?;
        let action = Action::ProfileRead;
        let (client, purpose_id) = self
            .declared_purpose(caller, action, Some(id), purpose_header, Scope::Person)
            .await?;
        // Fields and behaviour in one decision: the event types it gives are the ones the
        // profile may aggregate.
        let profiling = self
            .policy
            .purpose(&purpose_id)
            .is_some_and(|p| p.profiling);
        let asked = self.all_event_types();
        let Opened {
            document,
            mut entry,
            events_given: types,
            keys,
        } = self
            .open_for_purpose(caller, action, &client, purpose_id.clone(), id, &asked)
            .await?;

        let history = self.store.consent_history(&id).await?;
        let consents = self.current_consents(&history);

        let (mut channels, mut orders, mut rfm, mut favourite_categories, mut attention) =
            (None, None, None, None, None);
        if !types.is_empty() {
            let (_, pseudonym) = self.pseudonym_from_keys(&id, &keys).await?;
            // Only what was collected for this purpose, within its own retention period.
            let scope = self.event_scope(&purpose_id);
            let orders_given = types.iter().any(|t| t == "purchase");
            let category_types: Vec<String> = types
                .iter()
                .filter(|t| profiling && CATEGORY_TYPES.contains(&t.as_str()))
                .cloned()
                .collect();
            // Reasons read from event types the purpose may see; none: no verdict at all.
            let seen: Vec<AttentionReason> = AttentionReason::ALL
                .into_iter()
                .filter(|r| types.iter().any(|t| t == r.event_type()))
                .collect();
            let facts = self
                .behaviour
                .profile_facts(
                    pseudonym.as_bytes(),
                    &scope,
                    &ProfileAsk {
                        channel_types: &types,
                        orders: orders_given,
                        category_types: &category_types,
                        categories_limit: 6,
                        attention_at_us: (!seen.is_empty()).then(now_us),
                    },
                )
                .await?;
            channels = Some(facts.channels);
            entry.fields_given.push("events.channels".into());
            if let Some(agg) = facts.orders {
                orders = Some(OrderSummary {
                    count: agg.order_count,
                    revenue_cents: agg.revenue_cents,
                    average_order_value_cents: if agg.order_count > 0 {
                        agg.revenue_cents / agg.order_count
                    } else {
                        0
                    },
                    last_purchase_us: agg.last_purchase_us,
                });
                // RFM scores profile the customer: only for a purpose flagged `profiling`.
                if let Some(last) = agg.last_purchase_us.filter(|_| profiling) {
                    let days = (now_us() - last).max(0) / DAY_US;
                    rfm = Some((Rfm::new(days, agg.order_count, agg.revenue_cents), days));
                }
                entry.fields_given.push("events.orders".into());
            }
            if let Some(mut top) = facts.categories {
                // Sensitive categories were generalised at collection; never a favourite.
                top.retain(|(c, _)| c != super::events::SENSITIVE_CATEGORY);
                top.truncate(5);
                favourite_categories = Some(top);
                entry.fields_given.push("events.categories".into());
            }
            if let Some(counts) = facts.attention {
                attention = Some(
                    counts
                        .into_iter()
                        .filter(|(r, n)| seen.contains(r) && r.holds(*n))
                        .map(|(r, _)| r)
                        .collect(),
                );
                entry.fields_given.push("events.attention".into());
            }
        }
        self.audit.record(entry).await?;
        Ok(Profile {
            document,
            consents,
            channels,
            orders,
            rfm,
            favourite_categories,
            attention,
        })
    }
}
