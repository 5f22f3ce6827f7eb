//! China's time, where every market and office is, whatever time zone the phone is set to.

use getima_domain::calendar::{Date, china_date_at, china_timestamp};

/// Today in China.
pub fn today() -> Date {
    china_date_at(js_sys::Date::now() as i64)
}

/// Now in China to the minute, as cutoffs are written: `YYYY-MM-DD HH:MM`.
pub fn this_minute() -> String {
    china_timestamp(js_sys::Date::now() as i64)[..16].to_string()
}
