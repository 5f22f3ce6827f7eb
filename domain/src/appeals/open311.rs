//! Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) conventions for appeals: its
//! times are W3C date-times with an offset, its lists are comma-separated, a request's id is
//! the receipt number owners see, and public locations are coarse.

use crate::appeals::receipt;
use crate::calendar::{CHINA, Date, parse_compact};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// The jurisdiction this server answers for (`jurisdiction_id`).
pub const JURISDICTION: &str = "wenzhou.gov.cn";

/// The most requests one `GET requests.json` lists; GeoReport leaves the cap to the server.
pub const MAX_REQUESTS: u32 = 1000;

/// With no dates given, `GET requests.json` covers the last 90 days, as GeoReport asks.
pub const DEFAULT_DAYS: i64 = 90;

/// A stored China time (`YYYY-MM-DD HH:MM:SS`) as a W3C date-time with its offset.
pub fn to_w3c(china_timestamp: &str) -> Option<String> {
    let (date, time) = china_timestamp.split_once(' ')?;
    (date.len() == 10 && time.len() == 8).then(|| format!("{date}T{time}+08:00"))
}

/// A date as the end of that day in China, for deadlines (`expected_datetime`).
pub fn end_of_day_w3c(date: Date) -> String {
    format!("{date}T23:59:59+08:00")
}

/// A client's W3C date-time (any offset) as a stored China time, to compare with stored ones.
pub fn parse_w3c(text: &str) -> Option<String> {
    let moment = OffsetDateTime::parse(text, &Rfc3339).ok()?.to_offset(CHINA);
    moment.format(format_description!("[year]-[month]-[day] [hour]:[minute]:[second]")).ok()
}

/// The appeal behind a `service_request_id` (its receipt, `SQ` + filing date + id), if the
/// date in it is the one the appeal was filed on (checked by the caller against the store).
pub fn parse_request_id(text: &str) -> Option<(Date, i64)> {
    let rest = text.strip_prefix("SQ")?;
    let (day, id) = (rest.get(..8)?, rest.get(8..)?);
    if id.len() < 6 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let filed_on = parse_compact(day)?;
    let id: i64 = id.parse().ok()?;
    (id > 0 && receipt(filed_on, id) == text).then_some((filed_on, id))
}

/// The idempotency key of a form filed through Open311, which has none of its own: the same
/// form from the same person on the same day is the same appeal, so a client's retry files
/// nothing twice.
pub fn request_key(person: i64, day: Date, form: &[&str]) -> String {
    let mut hash = Sha256::new();
    hash.update(format!("{person}\u{1f}{day}"));
    for part in form {
        hash.update([0x1f]);
        hash.update(part.as_bytes());
    }
    format!("open311-{}", crate::hex::encode(&hash.finalize()[..16]))
}

/// A comma-separated list parameter, without empty items.
pub fn list(text: &str) -> Vec<&str> {
    text.split(',').map(str::trim).filter(|item| !item.is_empty()).collect()
}

/// A location as published: three decimals, about a hundred metres, enough to place the
/// business's street but not a person's door.
pub fn coarse(degrees: f64) -> f64 {
    (degrees * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::date;

    #[test]
    fn stored_china_times_become_w3c_times_with_their_offset() {
        assert_eq!(to_w3c("2026-11-26 09:05:00").as_deref(), Some("2026-11-26T09:05:00+08:00"));
        assert_eq!(to_w3c("2026-11-26"), None);
    }

    #[test]
    fn client_times_in_any_offset_are_read_as_china_time() {
        assert_eq!(parse_w3c("2026-11-26T01:00:00Z").as_deref(), Some("2026-11-26 09:00:00"));
        assert_eq!(parse_w3c("2026-11-25T20:00:00-05:00").as_deref(), Some("2026-11-26 09:00:00"));
        assert_eq!(parse_w3c("2026-11-26T09:00:00+08:00").as_deref(), Some("2026-11-26 09:00:00"));
        for bad in ["2026-11-26", "yesterday", "2026-13-01T00:00:00Z", "2026-11-26T09:00:00"] {
            assert_eq!(parse_w3c(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_request_id_is_a_receipt_and_reads_back_to_its_appeal() {
        let filed = date(2026, 11, 26).expect("a date");
        assert_eq!(parse_request_id(&receipt(filed, 42)), Some((filed, 42)));
        assert_eq!(parse_request_id(&receipt(filed, 1_234_567)), Some((filed, 1_234_567)));
        for bad in ["SQ20261126", "SQ2026112600004", "SQ20261126000042x", "XX20261126000042", "SQ20261326000042", "42"]
        {
            assert_eq!(parse_request_id(bad), None, "{bad}");
        }
        // Zero-padding is part of the receipt: another spelling of the id is not it.
        assert_eq!(parse_request_id("SQ202611260000042"), None);
    }

    #[test]
    fn the_same_form_on_the_same_day_has_the_same_key_and_anything_else_another() {
        let day = date(2026, 11, 26).expect("a date");
        let key = request_key(7, day, &["tax", "发票开不出来", "business"]);
        assert!(crate::registration::is_idempotency_key(&key), "{key}");
        assert_eq!(key, request_key(7, day, &["tax", "发票开不出来", "business"]));
        assert_ne!(key, request_key(8, day, &["tax", "发票开不出来", "business"]));
        assert_ne!(key, request_key(7, day.next_day().expect("a day"), &["tax", "发票开不出来", "business"]));
        assert_ne!(key, request_key(7, day, &["tax", "发票开不出来business"]));
    }

    #[test]
    fn lists_are_comma_separated_without_empty_items() {
        assert_eq!(list("open,closed"), vec!["open", "closed"]);
        assert_eq!(list(" tax , ,legal,"), vec!["tax", "legal"]);
        assert!(list("").is_empty());
    }

    #[test]
    fn public_locations_keep_three_decimals() {
        assert_eq!(coarse(27.994_567), 27.995);
        assert_eq!(coarse(120.699_4), 120.699);
    }

    #[test]
    fn deadlines_end_with_the_day_in_china() {
        assert_eq!(end_of_day_w3c(date(2026, 12, 1).expect("a date")), "2026-12-01T23:59:59+08:00");
    }
}
