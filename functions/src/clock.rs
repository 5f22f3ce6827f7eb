//! The one place the Worker reads the time. Everything else takes it from here.
//!
//! A development server may run at another hour than the machine's (`DEV_CLOCK_OFFSET_MS`,
//! milliseconds added to the real time), so tests can check what happens at midnight or just
//! before a session starts whatever the hour they run at. Production never reads it.

use getima_domain::calendar::{self, Date};
use std::sync::atomic::{AtomicI64, Ordering};
use worker::Env;

static OFFSET_MS: AtomicI64 = AtomicI64::new(0);

/// Sets the clock for the request or scheduled run about to be served: the real time, or
/// in development the real time moved by `DEV_CLOCK_OFFSET_MS`.
pub fn follow(env: &Env) {
    let text = |name: &str| env.var(name).ok().map(|v| v.to_string());
    let offset = match text("GETIMA_ENV").as_deref() {
        Some("development") => text("DEV_CLOCK_OFFSET_MS").and_then(|v| v.trim().parse().ok()).unwrap_or(0),
        _ => 0,
    };
    OFFSET_MS.store(offset, Ordering::Relaxed);
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    worker::Date::now().as_millis() as i64 + OFFSET_MS.load(Ordering::Relaxed)
}

/// Seconds since the Unix epoch.
pub fn now_seconds() -> u64 {
    (now_ms() / 1000) as u64
}

/// Today in China.
pub fn today() -> Date {
    calendar::china_date_at(now_ms())
}

/// Now, as `YYYY-MM-DD HH:MM:SS` China time.
pub fn timestamp() -> String {
    calendar::china_timestamp(now_ms())
}

/// The moment `days` days ago, as [`timestamp`] writes it (so the two compare as text).
pub fn timestamp_days_ago(days: i64) -> String {
    calendar::china_timestamp(now_ms() - days * 86_400_000)
}

/// Now as an HTTP date (RFC 9110), sent with every API answer so the app can read dates on
/// the server's clock rather than the phone's, which is often wrong.
pub fn http_date() -> String {
    calendar::http_date(now_ms())
}
