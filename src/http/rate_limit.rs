//! Per-caller request rate limits: one token bucket per authenticated principal (a CRM
//! integration, a DPO, a customer), so one noisy caller cannot starve the others, and one per
//! peer address for requests that fail to authenticate. A caller whose bucket is empty gets
//! 429 with `Retry-After`; nothing else happens for that request.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::auth::Principal;
use crate::config::{default_burst, RateLimit};
use crate::domain::Role;

/// Whose bucket a request takes from. The role is part of the key, so a DPO token and a
/// client token that happen to share a `sub` do not share a bucket.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Caller {
    Principal(Role, String),
    /// A request whose authentication failed, by the address it came from.
    Peer(Option<IpAddr>),
}

/// The buckets of every caller seen recently; `None` when limits are switched off. Clients
/// the policy gives their own `requests_per_second` have a bucket of their own.
pub struct RateLimits {
    limiter: Option<DefaultKeyedRateLimiter<Caller>>,
    /// The shared buckets' burst.
    burst: NonZeroU32,
    per_client: HashMap<String, (DefaultDirectRateLimiter, NonZeroU32)>,
    clock: DefaultClock,
}

impl RateLimits {
    /// `limit` applies to every caller; `per_client` (client id, rate) replaces it for those
    /// clients, with [`default_burst`]. Nothing is limited when `limit` is `None`.
    pub fn new(
        limit: Option<RateLimit>,
        per_client: impl IntoIterator<Item = (String, NonZeroU32)>,
    ) -> Self {
        let burst = limit.map_or(NonZeroU32::MIN, |l| l.burst);
        let limiter = limit.map(|l| {
            DefaultKeyedRateLimiter::keyed(Quota::per_second(l.per_second).allow_burst(l.burst))
        });
        let per_client = if limiter.is_some() {
            per_client
                .into_iter()
                .map(|(client, rate)| {
                    let burst = default_burst(rate);
                    let quota = Quota::per_second(rate).allow_burst(burst);
                    (client, (RateLimiter::direct(quota), burst))
                })
                .collect()
        } else {
            HashMap::new()
        };
        Self {
            limiter,
            burst,
            per_client,
            clock: DefaultClock::default(),
        }
    }

    /// Takes one request from the principal's bucket, or says how long until one is available.
    pub fn check(&self, principal: &Principal) -> Result<(), Duration> {
        self.check_n(principal, NonZeroU32::MIN)
    }

    /// Takes `n` requests' worth from the principal's bucket at once (at most its burst): a
    /// request that does the work of several, such as an event batch that names customers by
    /// identifier (each one a look-up), costs as much as those requests would.
    pub fn check_n(&self, principal: &Principal, n: NonZeroU32) -> Result<(), Duration> {
        let now = self.clock.now();
        if principal.role == Role::Client {
            if let Some((own, burst)) = self.per_client.get(&principal.id) {
                return match own.check_n(n.min(*burst)) {
                    Ok(Ok(())) | Err(_) => Ok(()),
                    Ok(Err(not_until)) => Err(not_until.wait_time_from(now)),
                };
            }
        }
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        let key = Caller::Principal(principal.role, principal.id.clone());
        match limiter.check_key_n(&key, n.min(self.burst)) {
            // More than the burst cannot happen: `n` is capped at it.
            Ok(Ok(())) | Err(_) => Ok(()),
            Ok(Err(not_until)) => Err(not_until.wait_time_from(now)),
        }
    }

    /// Takes one request from the bucket of failed authentications from `peer`.
    pub fn check_failed_authentication(&self, peer: Option<IpAddr>) -> Result<(), Duration> {
        self.check_key(&Caller::Peer(peer))
    }

    fn check_key(&self, key: &Caller) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        limiter
            .check_key(key)
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

    fn who(role: Role, id: &str) -> Principal {
        Principal {
            id: id.to_owned(),
            role,
        }
    }

    #[test]
    fn a_caller_gets_its_burst_then_a_wait() {
        let l = limits(1, 3);
        let crm = who(Role::Client, "crm");
        for _ in 0..3 {
            assert!(l.check(&crm).is_ok());
        }
        let wait = l.check(&crm).err();
        assert!(matches!(wait, Some(w) if w > Duration::ZERO && w <= Duration::from_secs(1)));
    }

    #[test]
    fn callers_have_separate_buckets_even_with_the_same_sub() {
        let l = limits(1, 1);
        assert!(l.check(&who(Role::Client, "crm")).is_ok());
        assert!(l.check(&who(Role::Client, "crm")).is_err());
        assert!(l.check(&who(Role::Client, "mailer")).is_ok());
        assert!(
            l.check(&who(Role::Dpo, "crm")).is_ok(),
            "another role, another bucket"
        );
        assert!(l.check_failed_authentication(None).is_ok());
        assert!(l.check_failed_authentication(None).is_err());
    }

    #[test]
    fn a_client_with_its_own_rate_gets_twice_that_as_burst() {
        let l = limits(1, 1);
        let bi = who(Role::Client, "bi");
        assert_eq!((0..20).filter(|_| l.check(&bi).is_ok()).count(), 10);
        assert!(
            l.check(&who(Role::Dpo, "bi")).is_ok(),
            "the client's own rate is for the client role only"
        );
        assert!(l.check(&who(Role::Dpo, "bi")).is_err());
    }

    #[test]
    fn a_request_doing_the_work_of_several_costs_as_much() {
        let l = limits(1, 10);
        let crm = who(Role::Client, "crm");
        let seven = NonZeroU32::new(7).unwrap_or(NonZeroU32::MIN);
        assert!(l.check_n(&crm, seven).is_ok());
        assert!(l.check_n(&crm, seven).is_err(), "3 left, 7 asked");
        // More than the burst at once costs the whole burst, not a permanent refusal.
        let l = limits(1, 10);
        let many = NonZeroU32::new(1000).unwrap_or(NonZeroU32::MIN);
        assert!(l.check_n(&crm, many).is_ok());
        assert!(l.check(&crm).is_err());
    }

    #[test]
    fn switched_off_admits_everything() {
        let l = RateLimits::new(None, [("bi".to_owned(), NonZeroU32::MIN)]);
        let bi = who(Role::Client, "bi");
        assert!((0..10_000).all(|_| l.check(&bi).is_ok()));
    }
}
