//! Segments: customers picked by conditions over their behavioural aggregates (RFM scores,
//! ABC revenue class, channel, purchases, event counts). For a purpose that may reach people,
//! the members whose consent and objections allow it, with the fields the purpose may see;
//! for an aggregate-only purpose (analytics), counts only, small cells suppressed.

use std::collections::HashMap;

use time::OffsetDateTime;

use super::permissions;
use super::subjects::{Caller, SubjectDocument};
use super::{ServiceError, Vault};
use crate::audit::Action;
use crate::crypto::Pseudonym;
use crate::domain::disclosure;
use crate::domain::rfm::{self, Rfm};
use crate::domain::{AttentionReason, FieldError, SubjectId};
use crate::policy::{AccessRequest, BulkSubjectStates, DenyReason, Purpose, Scope};
use crate::store::{now_us, Aggregate, SegmentFilter};

/// Most members one page returns.
pub const MAX_SEGMENT_PAGE: usize = 500;
/// Rows read from the behaviour store at a time.
const SCAN_CHUNK: i64 = 1_000;
const DAY_US: i64 = 86_400_000_000;

/// ABC revenue classes: A are the customers who together bring the first 80 % of revenue,
/// B the next 15 %, C the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AbcClass {
    A,
    B,
    C,
}

impl AbcClass {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "A" | "a" => Some(Self::A),
            "B" | "b" => Some(Self::B),
            "C" | "c" => Some(Self::C),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
            Self::C => "C",
        }
    }
}

/// Revenue thresholds of the A and B classes.
#[derive(Debug, Clone, Copy)]
struct AbcCutoffs {
    a_min: i64,
    b_min: i64,
}

impl AbcCutoffs {
    fn from_desc(revenues: &[i64]) -> Self {
        let total: i64 = revenues.iter().filter(|r| **r > 0).sum();
        let (mut running, mut a_min, mut b_min) = (0i64, i64::MAX, i64::MAX);
        for &r in revenues.iter().filter(|r| **r > 0) {
            if running * 100 < total * 80 {
                a_min = r;
            } else if running * 100 < total * 95 {
                b_min = r;
            }
            running += r;
        }
        Self {
            a_min,
            b_min: b_min.min(a_min),
        }
    }

    fn class(&self, revenue: i64) -> AbcClass {
        if revenue > 0 && revenue >= self.a_min {
            AbcClass::A
        } else if revenue > 0 && revenue >= self.b_min {
            AbcClass::B
        } else {
            AbcClass::C
        }
    }
}

/// What a segment query asks for.
#[derive(Debug, Clone, Default)]
pub struct SegmentConditions {
    pub min_recency_score: Option<u8>,
    pub min_frequency_score: Option<u8>,
    pub min_monetary_score: Option<u8>,
    pub rfm_segments: Vec<String>,
    pub abc_classes: Vec<AbcClass>,
    pub channel: Option<String>,
    pub last_purchase_after: Option<OffsetDateTime>,
    pub last_purchase_before: Option<OffsetDateTime>,
    pub min_orders: Option<i64>,
    pub max_orders: Option<i64>,
    pub min_revenue_cents: Option<i64>,
    pub event_count: Option<(String, i64)>,
    /// Customers who need attention (`true`) or who do not (`false`): see
    /// [`AttentionReason`](crate::domain::AttentionReason).
    pub needs_attention: Option<bool>,
}

fn us(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

impl SegmentConditions {
    /// The part the behaviour store can filter on directly.
    fn filter(&self, now: i64) -> SegmentFilter {
        let mut after = self.last_purchase_after.map(us);
        if let Some(days) = self.min_recency_score.and_then(rfm::max_days_for_recency) {
            after = Some(after.unwrap_or(i64::MIN).max(now - days * DAY_US));
        }
        let min_f = self.min_frequency_score.map(rfm::min_orders_for_frequency);
        let min_m = self.min_monetary_score.map(rfm::min_cents_for_monetary);
        SegmentFilter {
            last_purchase_after_us: after,
            last_purchase_before_us: self.last_purchase_before.map(us),
            min_orders: [self.min_orders, min_f].into_iter().flatten().max(),
            max_orders: self.max_orders,
            min_revenue_cents: [self.min_revenue_cents, min_m].into_iter().flatten().max(),
            max_revenue_cents: None,
            channel: self.channel.clone(),
            event_count: self.event_count.clone(),
            needs_attention: self.needs_attention,
        }
    }

    /// A segment may only select on behaviour the purpose may see: purchase-based conditions
    /// need `purchase` among its event types, an event count needs that type, a channel any.
    fn check_visible_to(&self, purpose: &Purpose) -> Result<(), ServiceError> {
        let mut errors = Vec::new();
        let uses_purchases = self.min_recency_score.is_some()
            || self.min_frequency_score.is_some()
            || self.min_monetary_score.is_some()
            || !self.rfm_segments.is_empty()
            || !self.abc_classes.is_empty()
            || self.last_purchase_after.is_some()
            || self.last_purchase_before.is_some()
            || self.min_orders.is_some()
            || self.max_orders.is_some()
            || self.min_revenue_cents.is_some();
        if uses_purchases && !purpose.allows_event_type("purchase") {
            errors.push(FieldError::new(
                "/conditions",
                "purchase-based conditions need a purpose that may see purchases",
            ));
        }
        // RFM scores and ABC classes profile people (Art. 4(4)): only a purpose flagged
        // `profiling` may select on them, or an aggregate-only one, which counts and never
        // selects anyone.
        let profiles = self.min_recency_score.is_some()
            || self.min_frequency_score.is_some()
            || self.min_monetary_score.is_some()
            || !self.rfm_segments.is_empty()
            || !self.abc_classes.is_empty();
        if profiles && !(purpose.profiling || purpose.aggregate_only) {
            errors.push(FieldError::new(
                "/conditions",
                "RFM scores and ABC classes profile people: only a purpose flagged profiling \
                 may select on them",
            ));
        }
        if let Some((t, _)) = &self.event_count {
            if !purpose.allows_event_type(t) {
                errors.push(FieldError::new(
                    "/conditions/event_count/type",
                    "this purpose may not see events of this type",
                ));
            }
        }
        let attention_types = AttentionReason::EVENT_TYPES;
        if self.needs_attention.is_some()
            && !attention_types.iter().any(|t| purpose.allows_event_type(t))
        {
            errors.push(FieldError::new(
                "/conditions/needs_attention",
                format!(
                    "this purpose may not see any of the event types that say a customer needs \
                     attention ({})",
                    attention_types.join(", ")
                ),
            ));
        }
        if self.channel.is_some() && purpose.event_types.is_empty() {
            errors.push(FieldError::new(
                "/conditions/channel",
                "this purpose may not see any events",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ServiceError::Invalid(errors))
        }
    }

    fn rfm_of(agg: &Aggregate, now: i64) -> Option<Rfm> {
        agg.last_purchase_us.map(|last| {
            Rfm::new(
                (now - last).max(0) / DAY_US,
                agg.order_count,
                agg.revenue_cents,
            )
        })
    }
}

/// Segment members (purposes that may reach people).
/// Where a page of segment members continues: the last pseudonym scanned, as hex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentCursor(Pseudonym);

impl SegmentCursor {
    /// A cursor from a previous page, or `None` if the text is not one.
    pub fn parse(text: &str) -> Option<Self> {
        Pseudonym::parse_hex(text).ok().map(Self)
    }

    pub fn to_hex(self) -> String {
        self.0.to_hex()
    }
}

#[derive(Debug)]
pub struct SegmentPage {
    pub members: Vec<SubjectDocument>,
    /// Pass back as `cursor` for the next page; `None` at the end.
    pub next_cursor: Option<SegmentCursor>,
}

/// Segment counts (aggregate-only purposes), published under the disclosure rules of
/// [`crate::domain::disclosure`]: `None` marks a suppressed cell (fewer than `min_cell` people,
/// or a complement that would reveal one); every count is rounded.
#[derive(Debug)]
pub struct SegmentCounts {
    pub total: Option<u64>,
    pub by_rfm_segment: Vec<(&'static str, Option<u64>)>,
    pub by_abc_class: Vec<(AbcClass, Option<u64>)>,
    pub min_cell: u64,
}

#[derive(Debug)]
pub enum SegmentResult {
    Members(SegmentPage),
    Counts(SegmentCounts),
}

impl Vault {
    /// The ledger state of every subject for `purpose`, in bulk.
    pub(super) async fn bulk_states(
        &self,
        purpose: &Purpose,
    ) -> Result<BulkSubjectStates, ServiceError> {
        Ok(BulkSubjectStates::new(
            self.store.latest_consents_for(purpose.id.as_str()).await?,
            self.store.all_objection_scopes().await?,
            self.store.restricted_subjects().await?,
        )
        .with_minors(self.store.minor_subjects(crate::store::now_us()).await?))
    }

    /// Maps behaviour-store pseudonyms back to subjects through their keyed hashes.
    pub(super) async fn subjects_of(
        &self,
        pseudonyms: &[Vec<u8>],
    ) -> Result<HashMap<Vec<u8>, SubjectId>, ServiceError> {
        let mut by_index = HashMap::with_capacity(pseudonyms.len());
        for p in pseudonyms {
            let Ok(bytes) = <[u8; 16]>::try_from(p.as_slice()) else {
                continue;
            };
            // Under every look-up key (two while the index key rotates).
            for index in self.index.pseudonym_all(&Pseudonym::from_bytes(bytes)) {
                by_index.insert(index, p.clone());
            }
        }
        let keys: Vec<Vec<u8>> = by_index.keys().cloned().collect();
        let mut out = HashMap::with_capacity(keys.len());
        for (index, subject) in self.store.subjects_by_pseudonym_index(&keys).await? {
            if let Some(p) = by_index.remove(&index) {
                out.insert(p, subject);
            }
        }
        Ok(out)
    }

    /// Runs a segment query for the declared purpose.
    pub async fn query_segment(
        &self,
        caller: &Caller<'_>,
        purpose_header: Option<&str>,
        conditions: &SegmentConditions,
        limit: usize,
        cursor: Option<SegmentCursor>,
    ) -> Result<SegmentResult, ServiceError> {
        caller.require(permissions::CLIENTS)?;
        let action = Action::SegmentQuery;
        let (client, purpose_id) = self
            .declared_purpose(caller, action, None, purpose_header, Scope::Aggregate)
            .await?;
        let purpose = self
            .policy
            .purpose(&purpose_id)
            .ok_or(ServiceError::UnknownPurpose)?;
        if purpose.aggregate_only && cursor.is_some() {
            // A cursor asks for a page of members: people, which this purpose never gets.
            let mut e = super::subjects::entry(caller, action, None, Some(&purpose_id));
            e.reason = Some(DenyReason::AggregateOnly.as_str().to_owned());
            self.audit.record(e).await?;
            return Err(ServiceError::Denied(DenyReason::AggregateOnly));
        }
        conditions.check_visible_to(purpose)?;
        let now = OffsetDateTime::now_utc();
        let now_micros = now_us();
        let filter = conditions.filter(now_micros);
        // The purpose's own view of the behaviour store: events collected for it, within its
        // retention period.
        let events_seen = self.event_scope(&purpose_id);
        let abc = if conditions.abc_classes.is_empty() && !purpose.aggregate_only {
            None
        } else {
            Some(AbcCutoffs::from_desc(
                &self.behaviour.revenues_desc(&events_seen).await?,
            ))
        };
        let states = self.bulk_states(purpose).await?;
        // Membership is the one decision, with no fields asked for: the same rule as a read.
        let scope = if purpose.aggregate_only {
            Scope::Aggregate
        } else {
            Scope::Person
        };
        let decide = |id: &SubjectId| {
            self.policy.decide(&AccessRequest {
                client: &client,
                purpose: &purpose_id,
                scope,
                subject: &states.state_for(purpose, id),
                present: &[],
                event_types: &[],
                now,
            })
        };
        let keep = |agg: &Aggregate| {
            let rfm = SegmentConditions::rfm_of(agg, now_micros);
            let segment_ok = conditions.rfm_segments.is_empty()
                || rfm.is_some_and(|r| conditions.rfm_segments.iter().any(|s| s == r.segment()));
            let abc_ok = conditions.abc_classes.is_empty()
                || abc
                    .is_some_and(|c| conditions.abc_classes.contains(&c.class(agg.revenue_cents)));
            segment_ok && abc_ok
        };

        if purpose.aggregate_only {
            let mut total = 0u64;
            let mut by_segment: HashMap<&'static str, u64> = HashMap::new();
            let mut by_abc: HashMap<AbcClass, u64> = HashMap::new();
            let mut after: Option<Vec<u8>> = None;
            loop {
                let rows = self
                    .behaviour
                    .segment_scan(&filter, after.as_deref(), SCAN_CHUNK, &events_seen)
                    .await?;
                let Some((last, _)) = rows.last() else { break };
                after = Some(last.clone());
                let pseudonyms: Vec<Vec<u8>> = rows.iter().map(|(p, _)| p.clone()).collect();
                let subjects = self.subjects_of(&pseudonyms).await?;
                for (p, agg) in &rows {
                    let Some(id) = subjects.get(p) else { continue };
                    if !keep(agg) || !decide(id).allowed {
                        continue;
                    }
                    total += 1;
                    let segment = SegmentConditions::rfm_of(agg, now_micros)
                        .map_or("no_purchase", |r| r.segment());
                    *by_segment.entry(segment).or_default() += 1;
                    if let Some(c) = abc {
                        *by_abc.entry(c.class(agg.revenue_cents)).or_default() += 1;
                    }
                }
                if (rows.len() as i64) < SCAN_CHUNK {
                    break;
                }
            }
            // Each table (RFM segments, ABC classes) partitions the total; both are published
            // under the disclosure rules (domain::disclosure): small cells and their
            // complements suppressed, every count rounded.
            let k = purpose.min_cell_size;
            let mut segments: Vec<&'static str> = rfm::SEGMENTS.to_vec();
            segments.push("no_purchase");
            let segment_counts: Vec<u64> = segments
                .iter()
                .map(|s| by_segment.get(s).copied().unwrap_or(0))
                .collect();
            let classes = [AbcClass::A, AbcClass::B, AbcClass::C];
            let class_counts: Vec<u64> = classes
                .iter()
                .map(|c| by_abc.get(c).copied().unwrap_or(0))
                .collect();
            let by_segment = disclosure::publish(total, &segment_counts, k);
            let by_class = disclosure::publish(total, &class_counts, k);
            let counts = SegmentCounts {
                total: by_segment.total,
                by_rfm_segment: segments.into_iter().zip(by_segment.cells).collect(),
                by_abc_class: classes.into_iter().zip(by_class.cells).collect(),
                min_cell: k,
            };
            let mut e = super::subjects::entry(caller, action, None, Some(&purpose_id));
            e.allowed = true;
            e.fields_given = vec!["aggregate.counts".into()];
            self.audit.record(e).await?;
            return Ok(SegmentResult::Counts(counts));
        }

        // Members: scan in pseudonym order from the cursor until the page is full.
        let mut members = Vec::new();
        // Refusals of selected customers, recorded together (group commit) before answering.
        let mut refusals = Vec::new();
        let mut after: Option<Vec<u8>> = cursor.map(|c| c.0.as_bytes().to_vec());
        let mut exhausted = false;
        'scan: while members.len() < limit {
            let rows = self
                .behaviour
                .segment_scan(&filter, after.as_deref(), SCAN_CHUNK, &events_seen)
                .await?;
            if (rows.len() as i64) < SCAN_CHUNK {
                exhausted = true;
            }
            let pseudonyms: Vec<Vec<u8>> = rows.iter().map(|(p, _)| p.clone()).collect();
            let subjects = self.subjects_of(&pseudonyms).await?;
            for (p, agg) in &rows {
                after = Some(p.clone());
                let Some(id) = subjects.get(p) else { continue };
                if !keep(agg) {
                    continue;
                }
                // A customer the conditions select but the decision refuses is left out, and
                // the refusal is audited with its real reason, like a refused read.
                let decision = decide(id);
                if !decision.allowed {
                    let mut e =
                        super::subjects::entry(caller, action, Some(*id), Some(&purpose_id));
                    let reason = decision.reason.unwrap_or(DenyReason::NoConsent);
                    e.reason = Some(reason.as_str().to_owned());
                    refusals.push(e);
                    continue;
                }
                // Each member is a read of personal data: the one decision again, audited.
                match self
                    .open_for_purpose(caller, action, &client, purpose_id.clone(), *id, &[])
                    .await
                {
                    Ok(opened) => {
                        self.audit.record(opened.entry).await?;
                        members.push(opened.document);
                    }
                    Err(ServiceError::Denied(_)) | Err(ServiceError::NotFound) => continue,
                    Err(e) => return Err(e),
                }
                if members.len() >= limit {
                    exhausted = false;
                    break 'scan;
                }
            }
            if exhausted {
                break;
            }
        }
        let next_cursor = if exhausted {
            None
        } else {
            after.and_then(|a| {
                <[u8; 16]>::try_from(a.as_slice())
                    .ok()
                    .map(|b| SegmentCursor(Pseudonym::from_bytes(b)))
            })
        };
        self.audit.record_all(refusals).await?;
        if members.is_empty() {
            let mut e = super::subjects::entry(caller, action, None, Some(&purpose_id));
            e.allowed = true;
            self.audit.record(e).await?;
        }
        Ok(SegmentResult::Members(SegmentPage {
            members,
            next_cursor,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abc_classes_split_revenue_80_15_5() {
        // Ten customers: one brings 80 %, two 15 %, the rest 5 %.
        let revenues = [8000, 800, 700, 100, 100, 100, 100, 100, 0, 0];
        let c = AbcCutoffs::from_desc(&revenues);
        assert_eq!(c.class(8000), AbcClass::A);
        assert_eq!(c.class(800), AbcClass::B);
        assert_eq!(c.class(700), AbcClass::B);
        assert_eq!(c.class(100), AbcClass::C);
        assert_eq!(c.class(0), AbcClass::C);
    }
}
