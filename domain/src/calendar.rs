//! Civil dates in China Standard Time, without a clock: callers pass "now".

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

const CHINA_OFFSET_MS: i64 = 8 * 3600 * 1000;
const DAY_MS: i64 = 24 * 3600 * 1000;

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Self { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Self::parse_compact(&format!("{}{}{}", &s[..4], &s[5..7], &s[8..]))
    }

    /// `YYYYMMDD`, as inside ID numbers.
    pub fn parse_compact(s: &str) -> Option<Self> {
        if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Self::new(s[..4].parse().ok()?, s[4..6].parse().ok()?, s[6..].parse().ok()?)
    }

    /// Days since 1970-01-01 (H. Hinnant's days_from_civil).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// The date in China (UTC+8, no daylight saving) at a Unix time in milliseconds.
    pub fn in_china_at(unix_ms: i64) -> Self {
        Self::from_days_since_epoch((unix_ms + CHINA_OFFSET_MS).div_euclid(DAY_MS))
    }

    /// `YYYY-MM-DD HH:MM:SS` in China Standard Time, for records people read.
    pub fn china_timestamp(unix_ms: i64) -> String {
        let local = unix_ms + CHINA_OFFSET_MS;
        let seconds = local.div_euclid(1000).rem_euclid(86_400);
        format!("{} {:02}:{:02}:{:02}", Self::in_china_at(unix_ms), seconds / 3600, seconds / 60 % 60, seconds % 60)
    }

    pub fn add_days(self, days: i64) -> Self {
        Self::from_days_since_epoch(self.days_since_epoch() + days)
    }

    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_across_leap_years_and_eras() {
        // 0001-01-01 ..= 9999-12-31: every date a four-digit year can write.
        for days in (-719_162..=2_932_896).step_by(3) {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(date.days_since_epoch(), days);
            assert_eq!(Date::parse(&date.to_string()).map(Date::days_since_epoch), Some(days));
        }
    }

    #[test]
    fn china_date_turns_at_local_midnight() {
        // 2026-11-24T15:59:59Z is 23:59:59 in Wenzhou; one second later it is the 25th.
        let ms = 1_795_535_999_000;
        assert_eq!(Date::in_china_at(ms).to_string(), "2026-11-24");
        assert_eq!(Date::in_china_at(ms + 1000).to_string(), "2026-11-25");
    }

    #[test]
    fn timestamps_are_in_china_time() {
        assert_eq!(Date::china_timestamp(1_795_535_999_000), "2026-11-24 23:59:59");
        assert_eq!(Date::china_timestamp(1_795_536_000_000), "2026-11-25 00:00:00");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("2026-1-01").is_none());
        assert!(Date::parse_compact("19491231").is_some());
    }

    #[test]
    fn counts_days() {
        let a = Date::new(2026, 11, 24).unwrap();
        assert_eq!(a.add_days(30).to_string(), "2026-12-24");
        assert_eq!(a.days_until(Date::new(2027, 1, 1).unwrap()), 38);
    }
}
