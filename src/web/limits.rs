//! Abuse limits: on anonymous creation, a token bucket per client address (GCRA, through
//! `governor`) and a bound on the assessments one instance holds; on starting a sign-in, a
//! bucket per client address (each start stores a pending sign-in).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::Settings;
use crate::store::Store;

/// Distinct client addresses remembered before buckets that are full again are dropped.
const FORGET_ABOVE: usize = 10_000;

/// Why a creation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// This address created too many too fast; it may try again after this long.
    TooFast { retry_after: Duration },
    /// The instance holds `--max-assessments` already.
    Full { max: u64 },
    /// This address started too many sign-ins too fast; it may try again after this long.
    SignInTooFast { retry_after: Duration },
}

/// The creation (and sign-in) limits of one instance.
pub struct CreationLimits {
    per_address: Option<DefaultKeyedRateLimiter<IpAddr>>,
    max_assessments: Option<u64>,
    sign_ins: Option<DefaultKeyedRateLimiter<IpAddr>>,
}

impl CreationLimits {
    pub fn from_settings(settings: &Settings) -> Self {
        let per_address = NonZeroU32::new(settings.create_rate_per_minute).map(|per_minute| {
            let burst = NonZeroU32::new(settings.create_burst).unwrap_or(NonZeroU32::MIN);
            RateLimiter::dashmap(Quota::per_minute(per_minute).allow_burst(burst))
        });
        let sign_ins = NonZeroU32::new(settings.sign_in_rate_per_minute)
            .map(|per_minute| RateLimiter::dashmap(Quota::per_minute(per_minute)));
        Self {
            per_address,
            max_assessments: settings.max_assessments,
            sign_ins,
        }
    }

    /// Take one creation from `client`'s bucket.
    pub fn take(&self, client: IpAddr) -> Result<(), Refused> {
        take_from(self.per_address.as_ref(), client)
            .map_err(|retry_after| Refused::TooFast { retry_after })
    }

    /// Take one sign-in start from `client`'s bucket.
    pub fn take_sign_in(&self, client: IpAddr) -> Result<(), Refused> {
        take_from(self.sign_ins.as_ref(), client)
            .map_err(|retry_after| Refused::SignInTooFast { retry_after })
    }

    /// Whether one more assessment fits, given how many there are.
    pub fn room_for_one_more(&self, count: u64) -> Result<(), Refused> {
        match self.max_assessments {
            Some(max) if count >= max => Err(Refused::Full { max }),
            _ => Ok(()),
        }
    }

    /// Whether a count is needed at all (no query when there is no bound).
    pub fn bounded(&self) -> bool {
        self.max_assessments.is_some()
    }
}

/// One token from `client`'s bucket of `limiter` (none: no limit), or how long to wait.
fn take_from(
    limiter: Option<&DefaultKeyedRateLimiter<IpAddr>>,
    client: IpAddr,
) -> Result<(), Duration> {
    let Some(limiter) = limiter else {
        return Ok(());
    };
    if limiter.len() > FORGET_ABOVE {
        limiter.retain_recent();
    }
    limiter
        .check_key(&client)
        .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
}

/// The address a request comes from: the TCP peer, or — with `--trust-forwarded-for`, behind
/// a proxy that appends it — the last `X-Forwarded-For` entry. Requests without either (tests
/// through the router) share the unspecified address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    fn from_parts(parts: &Parts, trust_forwarded_for: bool) -> Self {
        if trust_forwarded_for && let Some(ip) = last_forwarded_for(&parts.headers) {
            return Self(ip);
        }
        Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip()),
        )
    }
}

/// The last address of `X-Forwarded-For`: the one the nearest (trusted) proxy saw.
fn last_forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse::<IpAddr>().ok())
        .next_back()
}

/// Needs only the settings (whether to trust `X-Forwarded-For`), so it works under any state
/// that holds them.
impl<S> FromRequestParts<S> for ClientAddr
where
    S: Send + Sync,
    Arc<Settings>: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let settings = Arc::<Settings>::from_ref(state);
        Ok(Self::from_parts(parts, settings.trust_forwarded_for))
    }
}

/// Check both limits for a creation by `client` (the admin token is exempt); `store` counts
/// the assessments held when the instance is bounded.
pub async fn admit_creation(
    limits: &CreationLimits,
    store: &Store,
    client: ClientAddr,
    admin: bool,
) -> Result<(), AdmitError> {
    if admin {
        return Ok(());
    }
    limits.take(client.0).map_err(AdmitError::Refused)?;
    if limits.bounded() {
        let count = store.count_assessments().await?;
        limits
            .room_for_one_more(count)
            .map_err(AdmitError::Refused)?;
    }
    Ok(())
}

/// Why [`admit_creation`] said no.
#[derive(Debug)]
pub enum AdmitError {
    Refused(Refused),
    Store(crate::store::StoreError),
}

impl From<crate::store::StoreError> for AdmitError {
    fn from(e: crate::store::StoreError) -> Self {
        Self::Store(e)
    }
}

/// `Retry-After` in whole seconds, at least 1.
pub fn retry_after_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0).max(u64::from(d.is_zero()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_minute: u32, burst: u32, max: Option<u64>) -> CreationLimits {
        CreationLimits::from_settings(&Settings {
            create_rate_per_minute: per_minute,
            create_burst: burst,
            max_assessments: max,
            ..Settings::default()
        })
    }

    #[test]
    fn a_burst_then_one_per_period_per_address() {
        let l = limits(60, 3, None);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(l.take(a), Ok(()));
        }
        // The fourth within the same second waits for the next token: at most one second.
        let Err(Refused::TooFast { retry_after }) = l.take(a) else {
            panic!("the fourth creation was allowed");
        };
        assert!(retry_after <= Duration::from_secs(1), "{retry_after:?}");
        assert!((1..=1).contains(&retry_after_secs(retry_after)));
        // Another address has its own bucket.
        assert_eq!(l.take(b), Ok(()));
    }

    #[test]
    fn sign_ins_have_their_own_bucket_per_address() {
        let l = CreationLimits::from_settings(&Settings {
            sign_in_rate_per_minute: 2,
            create_rate_per_minute: 0,
            ..Settings::default()
        });
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        assert_eq!(l.take_sign_in(a), Ok(()));
        assert_eq!(l.take_sign_in(a), Ok(()));
        // Two per minute: the third waits for a token, about 30 s.
        let Err(Refused::SignInTooFast { retry_after }) = l.take_sign_in(a) else {
            panic!("the third sign-in was allowed");
        };
        assert!(
            retry_after > Duration::from_secs(20) && retry_after <= Duration::from_secs(30),
            "{retry_after:?}"
        );
        assert_eq!(l.take_sign_in(b), Ok(()));
        // Creation limits are separate (off here).
        assert_eq!(l.take(a), Ok(()));
        let off = CreationLimits::from_settings(&Settings {
            sign_in_rate_per_minute: 0,
            ..Settings::default()
        });
        for _ in 0..100 {
            assert_eq!(off.take_sign_in(a), Ok(()));
        }
    }

    #[test]
    fn a_rate_of_zero_is_off_and_the_bound_counts_what_exists() {
        let l = limits(0, 1, Some(2));
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..100 {
            assert_eq!(l.take(a), Ok(()));
        }
        assert_eq!(l.room_for_one_more(1), Ok(()));
        assert_eq!(l.room_for_one_more(2), Err(Refused::Full { max: 2 }));
        assert!(limits(60, 1, None).room_for_one_more(u64::MAX - 1).is_ok());
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_secs(2)), 2);
        assert_eq!(retry_after_secs(Duration::from_millis(2001)), 3);
    }

    #[test]
    fn forwarded_for_is_read_from_the_nearest_proxy() {
        let mut h = HeaderMap::new();
        h.append(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7".parse().unwrap(),
        );
        h.append("x-forwarded-for", "192.0.2.44".parse().unwrap());
        assert_eq!(last_forwarded_for(&h), "192.0.2.44".parse().ok());
        assert_eq!(last_forwarded_for(&HeaderMap::new()), None);
    }
}
