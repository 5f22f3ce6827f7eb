//! Civil dates in China Standard Time, on the `time` crate. No clock here: callers pass
//! "now" (the Worker's clock module is the one place that reads it).

pub mod api;
pub(crate) mod kinds;
pub mod workdays;
pub use time::Date;
use time::macros::format_description;
use time::{Duration, Month, OffsetDateTime, UtcOffset};

/// China Standard Time, UTC+8 all year (no daylight saving).
pub const CHINA: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("+08:00 is a valid offset"),
};

/// A date from its parts; `None` if it does not exist.
pub fn date(year: i32, month: u8, day: u8) -> Option<Date> {
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// `YYYY-MM-DD`, exactly.
pub fn parse_date(text: &str) -> Option<Date> {
    Date::parse(text, format_description!("[year]-[month]-[day]")).ok().filter(|_| text.len() == 10)
}

/// `YYYYMMDD`, as inside ID numbers.
pub fn parse_compact(text: &str) -> Option<Date> {
    Date::parse(text, format_description!("[year][month][day]")).ok().filter(|_| text.len() == 8)
}

pub fn format_date(date: Date) -> String {
    date.to_string()
}

fn in_china(unix_ms: i64) -> OffsetDateTime {
    let utc = OffsetDateTime::from_unix_timestamp_nanos(i128::from(unix_ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    utc.to_offset(CHINA)
}

/// The date in China at a Unix time in milliseconds.
pub fn china_date_at(unix_ms: i64) -> Date {
    in_china(unix_ms).date()
}

/// `YYYY-MM-DD HH:MM:SS` in China Standard Time, for records people read.
pub fn china_timestamp(unix_ms: i64) -> String {
    let local = in_china(unix_ms);
    format!("{} {:02}:{:02}:{:02}", local.date(), local.hour(), local.minute(), local.second())
}

/// `date` moved by whole days (negative for earlier), saturating at the calendar's ends.
pub fn add_days(date: Date, days: i64) -> Date {
    date.saturating_add(Duration::days(days))
}

/// Whole days from `from` to `to` (negative if `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    (to - from).whole_days()
}

/// An HTTP date (RFC 9110's IMF-fixdate: `Mon, 07 Dec 2026 05:40:00 GMT`) of a Unix time
/// in milliseconds: how the Worker tells the app what time it is.
pub fn http_date(unix_ms: i64) -> String {
    let utc = in_china(unix_ms).to_offset(UtcOffset::UTC);
    utc.format(HTTP_DATE).unwrap_or_default()
}

/// The Unix time in milliseconds of an HTTP date as [`http_date`] writes it.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let utc = time::PrimitiveDateTime::parse(text, HTTP_DATE).ok()?.assume_utc();
    i64::try_from(utc.unix_timestamp_nanos() / 1_000_000).ok()
}

const HTTP_DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn china_date_turns_at_local_midnight() {
        // 2026-11-24T15:59:59Z is 23:59:59 in Wenzhou; one second later it is the 25th.
        let ms = 1_795_535_999_000;
        assert_eq!(china_date_at(ms).to_string(), "2026-11-24");
        assert_eq!(china_date_at(ms + 1000).to_string(), "2026-11-25");
    }

    #[test]
    fn timestamps_are_in_china_time() {
        assert_eq!(china_timestamp(1_795_535_999_000), "2026-11-24 23:59:59");
        assert_eq!(china_timestamp(1_795_536_000_000), "2026-11-25 00:00:00");
    }

    #[test]
    fn impossible_or_sloppy_dates_are_refused() {
        assert!(parse_date("2026-02-29").is_none());
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2026-13-01").is_none());
        assert!(parse_date("2026-1-01").is_none());
        assert!(parse_date("2026-01-01 ").is_none());
        assert!(parse_compact("19491231").is_some());
        assert!(parse_compact("1949123").is_none());
        assert_eq!(date(2026, 2, 30), None);
    }

    #[test]
    fn days_are_counted_across_months_and_years() {
        let a = date(2026, 11, 24).unwrap();
        assert_eq!(add_days(a, 30).to_string(), "2026-12-24");
        assert_eq!(days_between(a, date(2027, 1, 1).unwrap()), 38);
        assert_eq!(add_days(a, -365).to_string(), "2025-11-24");
    }

    #[test]
    fn http_dates_are_written_and_read_in_gmt_to_the_second() {
        assert_eq!(http_date(1_795_535_999_123), "Tue, 24 Nov 2026 15:59:59 GMT");
        assert_eq!(parse_http_date("Tue, 24 Nov 2026 15:59:59 GMT"), Some(1_795_535_999_000));
        assert_eq!(parse_http_date("Tue, 24 Nov 2026 15:59:59 +0800"), None);
        assert_eq!(parse_http_date("yesterday"), None);
    }

    #[test]
    fn dates_print_as_iso_days() {
        assert_eq!(format_date(date(2026, 3, 5).unwrap()), "2026-03-05");
        assert_eq!(parse_date("2026-03-05").map(format_date).as_deref(), Some("2026-03-05"));
    }
}
