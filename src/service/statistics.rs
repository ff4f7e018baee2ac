//! Consent statistics for the DPO console: per consent purpose, the current state over the
//! people the vault holds, and the ledger's grants, withdrawals and refusals per source over
//! time. Aggregates only (counted in SQL, no record loaded, no personal value); not audited.

use std::collections::BTreeMap;

use super::permissions;
use super::subjects::Caller;
use super::{ServiceError, Vault};
use crate::domain::{Bucket, StatisticsWindow, DAY_US};

/// Counts per consent status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub granted: i64,
    pub withdrawn: i64,
    pub refused: i64,
}

impl StatusCounts {
    /// Adds `n` to the count of `status` (`granted`, `withdrawn`, `refused`; the ledger's
    /// CHECK allows no other).
    fn add(&mut self, status: &str, n: i64) {
        match status {
            "granted" => self.granted += n,
            "withdrawn" => self.withdrawn += n,
            "refused" => self.refused += n,
            _ => {}
        }
    }
}

/// One bucket of a series: records recorded from `period_start_us` to the next bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatisticsPoint {
    pub period_start_us: i64,
    pub counts: StatusCounts,
}

/// The records of one source (collection channel), only the buckets that have any, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSeries {
    pub source: String,
    pub points: Vec<StatisticsPoint>,
}

/// One consent purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurposeStatistics {
    pub purpose: String,
    /// Subjects whose newest record for the purpose has each status (see
    /// [`crate::store::VaultStore::consent_state_counts`] for who counts).
    pub current: StatusCounts,
    /// By source, sorted by source name.
    pub series: Vec<SourceSeries>,
}

/// The answer: every consent purpose of the policy, in policy order, zeros included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentStatistics {
    pub window: StatisticsWindow,
    pub purposes: Vec<PurposeStatistics>,
}

impl Vault {
    /// Consent statistics over `window` (roles [`permissions::DPO_OR_ADMIN`]).
    #[tracing::instrument(skip_all, fields(bucket = %window.bucket()))]
    pub async fn consent_statistics(
        &self,
        caller: &Caller<'_>,
        window: StatisticsWindow,
    ) -> Result<ConsentStatistics, ServiceError> {
        caller.require(permissions::DPO_OR_ADMIN)?;
        let (days, states) = tokio::join!(
            self.store
                .consent_counts_by_day(window.from_us(), window.to_us()),
            self.store.consent_state_counts(),
        );
        let (days, states) = (days?, states?);
        let bucket = window.bucket();
        let mut purposes: Vec<PurposeStatistics> = self
            .policy
            .purposes()
            .filter(|p| p.requires_consent())
            .map(|p| PurposeStatistics {
                purpose: p.id.as_str().to_owned(),
                current: StatusCounts::default(),
                series: Vec::new(),
            })
            .collect();
        let index: BTreeMap<String, usize> = purposes
            .iter()
            .enumerate()
            .map(|(i, p)| (p.purpose.clone(), i))
            .collect();
        for s in &states {
            if let Some(&i) = index.get(&s.purpose) {
                purposes[i].current.add(&s.status, s.count);
            }
        }
        // purpose → source → bucket start → counts
        let mut series: Vec<BTreeMap<&str, BTreeMap<i64, StatusCounts>>> =
            vec![BTreeMap::new(); purposes.len()];
        for d in &days {
            if let Some(&i) = index.get(&d.purpose) {
                series[i]
                    .entry(d.source.as_str())
                    .or_default()
                    .entry(bucket_of_day(bucket, d.day))
                    .or_default()
                    .add(&d.status, d.count);
            }
        }
        for (p, by_source) in purposes.iter_mut().zip(series) {
            p.series = by_source
                .into_iter()
                .map(|(source, points)| SourceSeries {
                    source: source.to_owned(),
                    points: points
                        .into_iter()
                        .map(|(period_start_us, counts)| StatisticsPoint {
                            period_start_us,
                            counts,
                        })
                        .collect(),
                })
                .collect();
        }
        Ok(ConsentStatistics { window, purposes })
    }
}

/// The bucket of a UTC day (days since 1970-01-01).
fn bucket_of_day(bucket: Bucket, day: i64) -> i64 {
    bucket.start_us(day.saturating_mul(DAY_US))
}
