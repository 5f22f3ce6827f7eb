//! Appeals (诉求): an owner raises a problem about their business; the category routes it to
//! a department; the first staff member who claims it (首问负责) answers for it until the owner
//! closes it with a rating, or it is formally transferred. Pure rules: what may be written,
//! which step may follow which, and how a status reads to Open311.

use crate::calendar::Date;
use crate::households::vocabulary;
use crate::validation::is_hidden_or_breaking;

vocabulary! {
    /// What an appeal is about; its code is the Open311 `service_code`. Which department
    /// answers each, and how fast, is data an admin edits.
    AppealCategory {
        Licensing = "licensing", "证照办理", "Licences and registration";
        Finance = "finance", "融资贷款", "Loans and finance";
        SocialSecurity = "social_security", "社保就业", "Social security and jobs";
        Tax = "tax", "税费", "Tax and fees";
        Legal = "legal", "法律咨询", "Legal advice";
        Premises = "premises", "经营场所", "Premises";
        Enforcement = "enforcement", "执法检查", "Inspections and enforcement";
        Utilities = "utilities", "用电用水", "Power and water";
        PlatformFees = "platform_fees", "平台收费", "Platform fees";
        Other = "other", "其他", "Other";
    }
}

vocabulary! {
    /// Where an appeal stands: waiting for someone to claim it, being handled by the one who
    /// did, answered (waiting for the owner to confirm), or closed by the owner's rating.
    AppealStatus {
        Submitted = "submitted", "待受理", "Waiting to be taken";
        Claimed = "claimed", "办理中", "Being handled";
        Replied = "replied", "已答复", "Answered";
        Closed = "closed", "已办结", "Closed";
    }
}

vocabulary! {
    /// A step on an appeal's timeline. Messages between owner and staff are steps too, so the
    /// thread and the record are one.
    AppealEvent {
        Submitted = "submitted", "提交诉求", "Submitted";
        Claimed = "claimed", "受理（首问负责）", "Taken (first responder)";
        Replied = "replied", "答复", "Answered";
        Closed = "closed", "确认办结并评价", "Confirmed and rated";
        Reopened = "reopened", "不满意，重新办理", "Reopened: not satisfied";
        Transferred = "transferred", "转交其他部门", "Passed to another department";
        Escalated = "escalated", "超期督办", "Overdue: raised to the head";
        Message = "message", "留言", "Message";
        HelpRequested = "help_requested", "请求协办", "Help asked of another department";
        Helped = "helped", "协办答复", "Help given";
        Reassigned = "reassigned", "负责人改派", "Handed to a colleague by the head";
        Referred = "referred", "提请上一梯队解答", "Referred up to the next tier of legal advice";
    }
}

impl AppealCategory {
    /// The tier of legal advice an appeal of this category starts at, if it climbs them.
    pub fn first_legal_tier(self) -> Option<u8> {
        (self == Self::Legal).then_some(1)
    }
}

impl AppealStatus {
    /// Open311 GeoReport v2 knows two statuses.
    pub fn open311(self) -> &'static str {
        match self {
            Self::Closed => "closed",
            Self::Submitted | Self::Claimed | Self::Replied => "open",
        }
    }
}

/// The shortest and longest an appeal's text may be, in characters.
pub const MIN_APPEAL_CHARS: usize = 5;
pub const MAX_APPEAL_CHARS: usize = 1000;
/// The longest a reply or a reason may be, in characters.
pub const MAX_REPLY_CHARS: usize = 1000;
/// Calendar days after closing within which an unsatisfied owner may reopen an appeal.
pub const REOPEN_DAYS: i64 = 7;

/// Text typed into a box: trimmed, within `min..=max` characters, line breaks allowed but no
/// hidden or direction-changing characters.
fn fits(text: &str, min: usize, max: usize) -> Option<String> {
    let text = text.trim();
    let ok =
        (min..=max).contains(&text.chars().count()) && !text.chars().any(|c| c != '\n' && is_hidden_or_breaking(c));
    ok.then(|| text.to_string())
}

/// What the owner wrote, or why it cannot be filed.
pub fn check_appeal_text(text: &str) -> Result<String, (&'static str, &'static str)> {
    fits(text, MIN_APPEAL_CHARS, MAX_APPEAL_CHARS)
        .ok_or(("请用 5 到 1000 字说明遇到的问题", "Describe the problem in 5 to 1000 characters"))
}

/// A reply, message or reason, or why it cannot be sent.
pub fn check_reply(text: &str) -> Result<String, (&'static str, &'static str)> {
    fits(text, 1, MAX_REPLY_CHARS).ok_or(("请填写内容（不超过1000字）", "Write something (up to 1000 characters)"))
}

/// A point on the map, if both halves are real coordinates.
pub fn check_location(latitude: f64, longitude: f64) -> Result<(f64, f64), (&'static str, &'static str)> {
    let ok = latitude.is_finite() && longitude.is_finite() && latitude.abs() <= 90.0 && longitude.abs() <= 180.0;
    if ok { Ok((latitude, longitude)) } else { Err(("位置无效", "Not a valid location")) }
}

/// The earliest closing day of an appeal its owner may still reopen on `today`.
pub fn reopenable_since(today: Date) -> Date {
    today - time::Duration::days(REOPEN_DAYS)
}

/// The receipt number an owner quotes: the filing day and the appeal's number.
pub fn receipt(submitted_on: Date, id: i64) -> String {
    format!("SQ{}{id:06}", submitted_on.to_string().replace('-', ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::date;

    #[test]
    fn an_appeal_needs_five_to_a_thousand_visible_characters() {
        assert!(check_appeal_text("  电费太高  ").is_err(), "four characters");
        assert_eq!(check_appeal_text(" 电费太高了 ").as_deref(), Ok("电费太高了"));
        assert!(check_appeal_text(&"长".repeat(MAX_APPEAL_CHARS + 1)).is_err());
        assert!(check_appeal_text("电费\n太高了吧").is_ok(), "line breaks are fine");
        assert!(check_appeal_text("电费\u{202E}太高了吧").is_err(), "direction overrides are not");
    }

    #[test]
    fn a_location_is_a_real_point_on_the_map() {
        assert!(check_location(27.99, 120.69).is_ok());
        for (lat, lon) in [(91.0, 0.0), (0.0, -181.0), (f64::NAN, 0.0), (0.0, f64::INFINITY)] {
            assert!(check_location(lat, lon).is_err(), "{lat}, {lon}");
        }
    }

    #[test]
    fn an_appeal_reopens_within_seven_days_of_closing() {
        let today = date(2026, 11, 26).unwrap();
        assert_eq!(reopenable_since(today), date(2026, 11, 19).unwrap());
    }

    #[test]
    fn a_receipt_names_the_day_and_the_number() {
        assert_eq!(receipt(date(2026, 11, 26).unwrap(), 42), "SQ20261126000042");
    }

    #[test]
    fn only_a_closed_appeal_is_closed_to_open311() {
        let open: Vec<_> = AppealStatus::ALL.iter().map(|s| s.open311()).collect();
        assert_eq!(open, ["open", "open", "open", "closed"]);
    }
}
