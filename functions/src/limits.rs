//! Rate limits as fixed-window counters in KV. KV is not transactional, so a burst of
//! concurrent requests can overshoot a limit slightly; it cannot exceed it for long.

use crate::clock;
use crate::config::Config;
use crate::http::Outcome;
use getima_domain::api::ApiError;
use getima_domain::people::Limit;

/// Counts one event for `subject` against each limit, refusing (and counting nothing
/// further) at the first limit already reached.
pub async fn take(config: &Config, subject: &str, limits: &[Limit]) -> Outcome<()> {
    let now = clock::now_seconds();
    let mut keys = Vec::with_capacity(limits.len());
    for limit in limits {
        let (window, remaining) = limit.window(now);
        let key = format!("limit:{}:{subject}:{window}", limit.name);
        let count: u32 = config.cache.get(&key).text().await?.and_then(|v| v.parse().ok()).unwrap_or(0);
        if count >= limit.max {
            return Err(ApiError::rate_limited(remaining).into());
        }
        keys.push((key, count, limit.window_seconds));
    }
    for (key, count, window_seconds) in keys {
        // KV's shortest expiry is 60 s; a counter outliving its window is never read again.
        config.cache.put(&key, (count + 1).to_string())?.expiration_ttl(window_seconds.max(60)).execute().await?;
    }
    Ok(())
}
