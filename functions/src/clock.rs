//! The one place the Worker reads the time. Everything else takes it from here.

use getima_domain::calendar::{self, Date};

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    worker::Date::now().as_millis() as i64
}

/// Seconds since the Unix epoch.
pub fn now_seconds() -> u64 {
    worker::Date::now().as_millis() / 1000
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
