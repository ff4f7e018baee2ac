//! Per-caller request rate limits: one token bucket per authenticated principal (a CRM
//! integration, a DPO, a customer), so one noisy caller cannot starve the others. A caller
//! whose bucket is empty gets 429 with `Retry-After`; nothing else happens for that request.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::RateLimit;

/// The buckets of every caller seen recently; `None` when limits are switched off. Clients
/// the policy gives their own `requests_per_second` have a bucket of their own.
pub struct RateLimits {
    limiter: Option<DefaultKeyedRateLimiter<String>>,
    per_client: HashMap<String, DefaultDirectRateLimiter>,
    clock: DefaultClock,
}

impl RateLimits {
    /// `limit` applies to every caller; `per_client` (client id, rate) replaces it for those
    /// clients, with a burst of twice their rate. Nothing is limited when `limit` is `None`.
    pub fn new(
        limit: Option<RateLimit>,
        per_client: impl IntoIterator<Item = (String, NonZeroU32)>,
    ) -> Self {
        let limiter = limit.map(|l| {
            DefaultKeyedRateLimiter::keyed(Quota::per_second(l.per_second).allow_burst(l.burst))
        });
        let per_client = if limiter.is_some() {
            per_client
                .into_iter()
                .map(|(client, rate)| {
                    let burst = rate.saturating_mul(NonZeroU32::MIN.saturating_add(1));
                    let quota = Quota::per_second(rate).allow_burst(burst);
                    (client, RateLimiter::direct(quota))
                })
                .collect()
        } else {
            HashMap::new()
        };
        Self {
            limiter,
            per_client,
            clock: DefaultClock::default(),
        }
    }

    /// Takes one request from `caller`'s bucket, or says how long until one is available.
    pub fn check(&self, caller: &str) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        let checked = match self.per_client.get(caller) {
            Some(own) => own.check(),
            None => limiter.check_key(&caller.to_owned()),
        };
        checked.map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }

    /// Forgets the buckets of callers that are full again (idle), so customer tokens seen once
    /// do not hold memory forever. Called periodically.
    pub fn forget_idle(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_second: u32, burst: u32) -> RateLimits {
        RateLimits::new(
            Some(RateLimit {
                per_second: NonZeroU32::new(per_second).unwrap_or(NonZeroU32::MIN),
                burst: NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN),
            }),
            [("bi".to_owned(), NonZeroU32::MIN.saturating_add(4))],
        )
    }

    #[test]
    fn a_caller_gets_its_burst_then_a_wait() {
        let l = limits(1, 3);
        for _ in 0..3 {
            assert!(l.check("crm").is_ok());
        }
        let wait = l.check("crm").err();
        assert!(matches!(wait, Some(w) if w > Duration::ZERO && w <= Duration::from_secs(1)));
    }

    #[test]
    fn callers_have_separate_buckets() {
        let l = limits(1, 1);
        assert!(l.check("crm").is_ok());
        assert!(l.check("crm").is_err());
        assert!(l.check("mailer").is_ok());
    }

    #[test]
    fn a_client_with_its_own_rate_gets_twice_that_as_burst() {
        let l = limits(1, 1);
        assert_eq!((0..20).filter(|_| l.check("bi").is_ok()).count(), 10);
        assert!(
            l.check("crm").is_ok(),
            "the others keep the server-wide bucket"
        );
    }

    #[test]
    fn switched_off_admits_everything() {
        let l = RateLimits::new(None, [("bi".to_owned(), NonZeroU32::MIN)]);
        assert!((0..10_000).all(|_| l.check("crm").is_ok()));
    }
}
