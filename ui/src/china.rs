//! China's time, where every market and office is, whatever time zone the phone is set to,
//! on the server's clock: a phone's own clock is often minutes or days wrong, and a test
//! server's may be set to another hour.

use getima_domain::calendar::{Date, china_date_at, china_timestamp};
use std::cell::Cell;

/// Where the last offset learnt is kept, so a page opened later starts on the server's clock
/// before its first answer comes.
const AHEAD_KEY: &str = "getima.server-ahead-ms";

thread_local! {
    /// How far the server's clock is ahead of the phone's, learnt from its answers.
    static SERVER_AHEAD_MS: Cell<Option<i64>> = const { Cell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn ahead_ms() -> i64 {
    SERVER_AHEAD_MS.get().unwrap_or_else(|| {
        let remembered =
            storage().and_then(|s| s.get_item(AHEAD_KEY).ok().flatten()).and_then(|ms| ms.parse().ok()).unwrap_or(0);
        SERVER_AHEAD_MS.set(Some(remembered));
        remembered
    })
}

/// Takes the time from an API answer's `Date` header (read by the browser's own date parser,
/// which costs the bundle nothing).
pub fn learn_server_time(date_header: Option<String>) {
    let server_ms = date_header.map_or(f64::NAN, |header| js_sys::Date::parse(&header));
    if !server_ms.is_finite() {
        return;
    }
    let ahead = server_ms as i64 - js_sys::Date::now() as i64;
    // The header counts whole seconds: a change within one is no news worth writing down.
    if (ahead - ahead_ms()).abs() > 1_000
        && let Some(storage) = storage()
    {
        let _ = storage.set_item(AHEAD_KEY, &ahead.to_string());
    }
    SERVER_AHEAD_MS.set(Some(ahead));
}

/// Now on the server's clock, in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64 + ahead_ms()
}

/// Today in China.
pub fn today() -> Date {
    china_date_at(now_ms())
}

/// Now in China to the minute, as cutoffs are written: `YYYY-MM-DD HH:MM`.
pub fn this_minute() -> String {
    china_timestamp(now_ms())[..16].to_string()
}
