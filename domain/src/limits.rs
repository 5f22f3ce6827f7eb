//! Limits on how often one subject (a phone, a person, a client network) may do something,
//! and how a client's address becomes the subject it is counted as.

use std::net::{IpAddr, Ipv6Addr};

/// At most `max` events per fixed window of `window_seconds`; `zh` and `en` name what is
/// refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub name: &'static str,
    pub window_seconds: u64,
    pub max: u32,
    pub zh: &'static str,
    pub en: &'static str,
}

/// Windows start at midnight in China (UTC+8), so "a day" is the day people live in.
const CHINA_OFFSET_SECONDS: u64 = 8 * 3600;

impl Limit {
    /// The fixed window `now` falls in (its start, in seconds), and the seconds until it ends.
    pub fn window(self, now: u64) -> (u64, u64) {
        let local = now + CHINA_OFFSET_SECONDS;
        let start = local - local % self.window_seconds - CHINA_OFFSET_SECONDS;
        (start, start + self.window_seconds - now)
    }

    /// What to tell someone refused for `retry_after` seconds more.
    pub fn refusal(self, retry_after: u64) -> (String, String) {
        let (zh_wait, en_wait) = match retry_after {
            0..=59 => (format!("{retry_after} 秒"), format!("{retry_after} seconds")),
            60..=3599 => {
                let minutes = retry_after.div_ceil(60);
                (format!("{minutes} 分钟"), format!("{minutes} minutes"))
            }
            _ => {
                let hours = retry_after.div_ceil(3600);
                (format!("{hours} 小时"), format!("{hours} hours"))
            }
        };
        (format!("{}，请 {zh_wait}后再试。", self.zh), format!("{}; try again in {en_wait}.", self.en))
    }
}

/// One sign-in code a minute per phone, five an hour per phone.
pub const CODES_PER_PHONE: [Limit; 2] = [
    Limit {
        name: "code-phone-minute",
        window_seconds: 60,
        max: 1,
        zh: "这个手机号每分钟只能获取一次验证码",
        en: "A phone gets one code a minute",
    },
    Limit {
        name: "code-phone-hour",
        window_seconds: 3600,
        max: 5,
        zh: "这个手机号一小时内获取验证码太多次了",
        en: "This phone has asked for too many codes this hour",
    },
];

/// Sign-in codes a client network is sent each hour without a proof of work. Past it the
/// network is never refused: each further code costs its phone a little work
/// ([`crate::pow`]), so a carrier address shared by thousands of phones is slowed, not shut.
pub const FREE_CODES_PER_NETWORK: Limit = Limit {
    name: "code-client-hour",
    window_seconds: 3600,
    max: 20,
    zh: "此网络一小时内获取验证码较多",
    en: "Many codes were asked for from this network this hour",
};

/// Codes a network was sent this hour for a solved proof of work: never a refusal, the count
/// that sets how much work the next proof asks ([`crate::accounts::pow::bits_for`]).
pub const PAID_CODES_PER_NETWORK: Limit = Limit {
    name: "code-client-paid-hour",
    window_seconds: 3600,
    max: u32::MAX,
    zh: "此网络一小时内获取验证码较多",
    en: "Many codes were asked for from this network this hour",
};

/// Wrong household claims per person per day: the claim asks for the operator's ID number,
/// which must not be guessable by trying.
pub const WRONG_CLAIMS_PER_PERSON: Limit = Limit {
    name: "claim-person-day",
    window_seconds: 86_400,
    max: 5,
    zh: "今天认领未通过的次数太多了",
    en: "Too many claims did not match today",
};

/// Photos uploaded per person per day: an application needs a dozen or so pages; this is
/// room for retakes without letting one account fill the storage.
pub const PHOTOS_PER_PERSON: Limit = Limit {
    name: "photo-person-day",
    window_seconds: 86_400,
    max: 100,
    zh: "今天上传的照片太多了",
    en: "Too many photos were uploaded today",
};

/// Appeals filed per person per day: room for every real problem of a few shops, not for
/// flooding a department's queue.
pub const APPEALS_PER_PERSON: Limit = Limit {
    name: "appeal-person-day",
    window_seconds: 86_400,
    max: 10,
    zh: "今天提交的诉求太多了",
    en: "Too many appeals were filed today",
};

/// The subject a client address is counted as: an IPv4 address as itself, an IPv6 address
/// by its /64 (one host is given a whole /64), both in one canonical spelling. Anything
/// that is not an address is counted together as `unknown`.
pub fn client_network(address: Option<&str>) -> String {
    let Some(ip) = address.and_then(|a| a.trim().parse::<IpAddr>().ok()) else {
        return "unknown".into();
    };
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let [a, b, c, d, ..] = v6.segments();
                format!("{}/64", Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_fixed_and_say_how_long_is_left() {
        let minute = CODES_PER_PHONE[0];
        assert_eq!(minute.window(120), (120, 60));
        assert_eq!(minute.window(179), (120, 1));
        assert_eq!(minute.window(180), (180, 60));
    }

    #[test]
    fn a_day_runs_from_midnight_to_midnight_in_china() {
        // 2026-11-25 16:00 UTC is midnight in Wenzhou.
        let midnight = 1_795_622_400;
        assert_eq!(WRONG_CLAIMS_PER_PERSON.window(midnight), (midnight, 86_400));
        assert_eq!(WRONG_CLAIMS_PER_PERSON.window(midnight - 1), (midnight - 86_400, 1));
    }

    #[test]
    fn a_refusal_says_what_and_how_long_in_both_languages() {
        let (zh, en) = WRONG_CLAIMS_PER_PERSON.refusal(5 * 3600 + 1);
        assert_eq!(zh, "今天认领未通过的次数太多了，请 6 小时后再试。");
        assert_eq!(en, "Too many claims did not match today; try again in 6 hours.");
        assert!(CODES_PER_PHONE[0].refusal(42).1.ends_with("in 42 seconds."));
        assert!(CODES_PER_PHONE[1].refusal(61).0.contains("2 分钟"));
    }

    #[test]
    fn one_ipv6_host_is_one_client_however_it_spells_its_address() {
        let key = client_network(Some("2001:db8::1"));
        assert_eq!(key, "2001:db8::/64");
        for same in ["2001:db8::25", "2001:DB8::77", "2001:db8:0:0:0:0:0:77", "2001:0db8:0000:0000:ffff::1"] {
            assert_eq!(client_network(Some(same)), key, "{same}");
        }
        assert_ne!(client_network(Some("2001:db8:0:1::1")), key);
    }

    #[test]
    fn ipv4_is_counted_per_address_whether_or_not_it_is_mapped_into_ipv6() {
        assert_eq!(client_network(Some("203.0.113.7")), "203.0.113.7");
        assert_eq!(client_network(Some("::ffff:203.0.113.7")), "203.0.113.7");
        assert_ne!(client_network(Some("203.0.113.8")), "203.0.113.7");
    }

    #[test]
    fn anything_else_is_one_unknown_client() {
        for odd in [None, Some(""), Some("localhost"), Some("1.2.3.4.5"), Some("2001:db8::1%eth0")] {
            assert_eq!(client_network(odd), "unknown", "{odd:?}");
        }
    }
}
