//! Rate limits per client address, one budget per kind of work: reads the response cache answers
//! (cheap), reads it does not (each one costs the database), GraphQL and export downloads. GCRA
//! from the `governor` crate; the answers carry the IETF `RateLimit-Policy` and `RateLimit`
//! fields (draft-ietf-httpapi-ratelimit-headers), and a refusal is a 429 with `Retry-After`.

use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

type Keyed =
    RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, DefaultClock, StateInformationMiddleware>;

/// The kinds of work with a budget of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    Cached,
    Uncached,
    Graphql,
    Exports,
}

impl Budget {
    pub const ALL: [Budget; 4] = [
        Budget::Cached,
        Budget::Uncached,
        Budget::Graphql,
        Budget::Exports,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Budget::Cached => "cached",
            Budget::Uncached => "uncached",
            Budget::Graphql => "graphql",
            Budget::Exports => "exports",
        }
    }

    /// Requests a client may make per minute unless configured otherwise: a widget's visitors each
    /// need a few cached reads; a script paging through a collection fits in the uncached budget.
    fn default_per_minute(self) -> u32 {
        match self {
            Budget::Cached => 1200,
            Budget::Uncached => 300,
            Budget::Graphql => 120,
            Budget::Exports => 30,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

struct Limiter {
    per_minute: u32,
    keyed: Keyed,
}

/// What one check found, for the response's headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub budget: Budget,
    pub per_minute: u32,
    pub remaining: u32,
    /// Seconds until the budget is whole again, or (refused) until the next request is allowed.
    pub seconds: u64,
    pub allowed: bool,
}

/// Every budget's limiter.
pub struct RateLimits {
    limiters: [Limiter; 4],
    checks: AtomicU64,
}

impl RateLimits {
    /// From `OPENPLEDGES_RATE_LIMITS`: `off`, or `budget=per_minute` pairs separated by commas
    /// (`cached=1200,uncached=300,graphql=120,exports=30`); budgets not named keep their default.
    pub fn parse(spec: &str) -> Result<Option<RateLimits>, String> {
        let spec = spec.trim();
        if spec.eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        let mut per_minute = Budget::ALL.map(Budget::default_per_minute);
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}` is not budget=requests_per_minute"))?;
            let budget = Budget::ALL
                .into_iter()
                .find(|b| b.name() == name.trim())
                .ok_or_else(|| {
                    format!(
                        "`{name}` is not a budget; choose from cached, uncached, graphql, exports"
                    )
                })?;
            let n: u32 = value
                .trim()
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    format!("`{value}` is not a positive whole number of requests per minute")
                })?;
            per_minute[budget.index()] = n;
        }
        Ok(Some(RateLimits::new(per_minute)))
    }

    /// Limits in requests per minute, in the order of [`Budget::ALL`].
    pub fn new(per_minute: [u32; 4]) -> RateLimits {
        let limiters = per_minute.map(|n| {
            let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
            Limiter {
                per_minute: n.get(),
                // The whole minute's budget may be spent at once (a page load with many requests).
                keyed: RateLimiter::keyed(Quota::per_minute(n).allow_burst(n))
                    .with_middleware::<StateInformationMiddleware>(),
            }
        });
        RateLimits {
            limiters,
            checks: AtomicU64::new(0),
        }
    }

    /// Spends one request of `budget` for `client` (a client with no address shares one budget).
    pub fn check(&self, budget: Budget, client: Option<IpAddr>) -> Decision {
        let client = client.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        let limiter = &self.limiters[budget.index()];
        // Forget clients that have been quiet long enough to have a whole budget again.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 10_000 == 9_999 {
            for l in &self.limiters {
                l.keyed.retain_recent();
                l.keyed.shrink_to_fit();
            }
        }
        let per_minute = limiter.per_minute;
        match limiter.keyed.check_key(&client) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let used = u64::from(per_minute.saturating_sub(remaining));
                Decision {
                    budget,
                    per_minute,
                    remaining,
                    seconds: (used * 60).div_ceil(u64::from(per_minute)),
                    allowed: true,
                }
            }
            Err(not_until) => Decision {
                budget,
                per_minute,
                remaining: 0,
                seconds: not_until
                    .wait_time_from(DefaultClock::default().now())
                    .as_secs_f64()
                    .ceil()
                    .max(1.0) as u64,
                allowed: false,
            },
        }
    }
}

impl Decision {
    /// `"uncached";q=300;w=60`
    pub fn policy(&self) -> String {
        format!("\"{}\";q={};w=60", self.budget.name(), self.per_minute)
    }

    /// `"uncached";r=299;t=1`
    pub fn state(&self) -> String {
        format!(
            "\"{}\";r={};t={}",
            self.budget.name(),
            self.remaining,
            self.seconds
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_budgets() {
        assert!(RateLimits::parse("off").unwrap().is_none());
        let l = RateLimits::parse("uncached=2, graphql=5").unwrap().unwrap();
        assert_eq!(l.limiters[Budget::Uncached.index()].per_minute, 2);
        assert_eq!(l.limiters[Budget::Cached.index()].per_minute, 1200);
        for bad in ["uncached", "nope=3", "cached=0", "cached=-1", "cached=x"] {
            assert!(RateLimits::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_client_over_its_budget_is_refused_and_others_are_not() {
        let l = RateLimits::new([1, 2, 1, 1]);
        let a = Some("192.0.2.1".parse().unwrap());
        let b = Some("192.0.2.2".parse().unwrap());
        let first = l.check(Budget::Uncached, a);
        assert!(first.allowed && first.remaining == 1, "{first:?}");
        assert!(l.check(Budget::Uncached, a).allowed);
        let refused = l.check(Budget::Uncached, a);
        assert!(!refused.allowed && refused.seconds >= 1, "{refused:?}");
        assert!(
            l.check(Budget::Uncached, b).allowed,
            "another client keeps its budget"
        );
        assert!(l.check(Budget::Graphql, a).allowed, "budgets are apart");
        assert_eq!(first.policy(), "\"uncached\";q=2;w=60");
    }
}
