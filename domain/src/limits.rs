//! Limits on how often one subject (a phone, a person, a client network) may do something,
//! and how a client's address becomes the subject it is counted as.

use std::net::{IpAddr, Ipv6Addr};

/// At most `max` events per fixed window of `window_seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub name: &'static str,
    pub window_seconds: u64,
    pub max: u32,
}

impl Limit {
    /// The fixed window `now` falls in (its start, in seconds), and the seconds until it ends.
    pub fn window(self, now: u64) -> (u64, u64) {
        let start = now - now % self.window_seconds;
        (start, start + self.window_seconds - now)
    }
}

/// One sign-in code a minute per phone, five an hour per phone.
pub const CODES_PER_PHONE: [Limit; 2] = [
    Limit { name: "code-phone-minute", window_seconds: 60, max: 1 },
    Limit { name: "code-phone-hour", window_seconds: 3600, max: 5 },
];

/// Twenty sign-in codes an hour per client network.
pub const CODES_PER_CLIENT: Limit = Limit { name: "code-client-hour", window_seconds: 3600, max: 20 };

/// Sign-in attempts per client network: every code may be guessed five times, so without
/// this one client could guess at every phone it had codes sent to.
pub const SIGN_INS_PER_CLIENT: Limit = Limit { name: "sign-in-client-hour", window_seconds: 3600, max: 60 };

/// Wrong household claims per person per day: the claim asks for the operator's ID number,
/// which must not be guessable by trying.
pub const WRONG_CLAIMS_PER_PERSON: Limit = Limit { name: "claim-person-day", window_seconds: 86_400, max: 5 };

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
