//! Per-caller request rate limits: one token bucket per authenticated principal (a CRM
//! integration, a DPO, a customer), so one noisy caller cannot starve the others. A caller
//! whose bucket is empty gets 429 with `Retry-After`; nothing else happens for that request.

use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::config::RateLimit;

/// The buckets of every caller seen recently; `None` when limits are switched off.
pub struct RateLimits {
    limiter: Option<DefaultKeyedRateLimiter<String>>,
    clock: DefaultClock,
}

impl RateLimits {
    pub fn new(limit: Option<RateLimit>) -> Self {
        let limiter = limit.map(|l| {
            DefaultKeyedRateLimiter::keyed(Quota::per_second(l.per_second).allow_burst(l.burst))
        });
        Self {
            limiter,
            clock: DefaultClock::default(),
        }
    }

    /// Takes one request from `caller`'s bucket, or says how long until one is available.
    pub fn check(&self, caller: &str) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        limiter
            .check_key(&caller.to_owned())
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
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
    use std::num::NonZeroU32;

    use super::*;

    fn limits(per_second: u32, burst: u32) -> RateLimits {
        RateLimits::new(Some(RateLimit {
            per_second: NonZeroU32::new(per_second).unwrap_or(NonZeroU32::MIN),
            burst: NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN),
        }))
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
    fn switched_off_admits_everything() {
        let l = RateLimits::new(None);
        assert!((0..10_000).all(|_| l.check("crm").is_ok()));
    }
}
