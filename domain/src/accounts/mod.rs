//! People and what they may do: roles, phone numbers, one-time codes and their limits.

pub mod admin_api;
pub mod api;
pub(crate) mod kinds;
pub mod notices;
pub mod notices_api;
pub mod owners_api;
pub mod pow;
pub mod sessions;
use crate::codes::households::vocabulary;
use std::fmt;

vocabulary! {
    /// A person may hold several roles; anyone without one is a visitor.
    Role {
        Owner = "owner", "经营户", "Business owner";
        Vendor = "vendor", "摊主", "Stall vendor";
        MarketManager = "market_manager", "市场管理员", "Market manager";
        Staff = "staff", "工作人员", "Department staff";
        DepartmentHead = "department_head", "部门负责人", "Department head";
        Admin = "admin", "平台管理员", "Platform admin";
        LegalOfficer = "legal_officer", "基层所干部", "Local legal office officer";
        PublicLawyer = "public_lawyer", "公职律师", "Public lawyer";
        Lawyer = "lawyer", "专业律师", "Professional lawyer";
    }
}

vocabulary! {
    /// Outcome of an on-site inspection.
    InspectionResult {
        Compliant = "compliant", "合格", "Compliant";
        Rectify = "rectify", "责令整改", "Must rectify";
        Violation = "violation", "违法立案", "Violation filed";
    }
}

/// The roles with work at the desk: they land there after signing in.
pub const DESK_ROLES: &[Role] = &[Role::Staff, Role::DepartmentHead, Role::MarketManager, Role::Admin];

/// The tiers legal advice (法律咨询) escalates through, first to last. Each is granted to
/// staff of a department on top of their staff role.
pub const LEGAL_TIERS: [Role; 3] = [Role::LegalOfficer, Role::PublicLawyer, Role::Lawyer];

impl Role {
    /// Roles that work inside one department.
    pub fn is_departmental(self) -> bool {
        matches!(self, Self::Staff | Self::DepartmentHead) || self.legal_tier().is_some()
    }

    /// The tier (1 to 3) of legal advice this role answers, if it is one.
    pub fn legal_tier(self) -> Option<u8> {
        LEGAL_TIERS.iter().position(|r| *r == self).map(|i| i as u8 + 1)
    }

    /// The role that answers legal advice at `tier` (1 to 3).
    pub fn for_legal_tier(tier: u8) -> Option<Self> {
        LEGAL_TIERS.get(usize::from(tier).checked_sub(1)?).copied()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidPhone;

impl fmt::Display for InvalidPhone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Enter an 11-digit mainland mobile number")
    }
}

impl crate::validation::Bilingual for InvalidPhone {
    fn bilingual(&self) -> (String, String) {
        ("请输入11位大陆手机号".into(), self.to_string())
    }
}

/// A mainland mobile number, normalised: spaces, dashes and a +86 prefix are dropped.
pub fn parse_mobile(input: &str) -> Result<String, InvalidPhone> {
    let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = digits.strip_prefix("+86").unwrap_or(&digits);
    let b = digits.as_bytes();
    let valid = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit);
    if valid { Ok(digits.to_string()) } else { Err(InvalidPhone) }
}

/// A person's name as they give it: trimmed, 1 to 30 characters, nothing hidden in it.
pub fn valid_name(input: &str) -> Result<String, (String, String)> {
    let name = input.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(("姓名应为1至30个字".into(), "A name has 1 to 30 characters".into()));
    }
    if name.chars().any(crate::validation::is_hidden_or_breaking) {
        return Err((
            "姓名里有看不见的字符或换行，请只输入姓名本身".into(),
            "The name contains invisible characters or a line break; type just the name".into(),
        ));
    }
    Ok(name.to_string())
}

pub const MAX_NAME_CHARS: usize = 30;

/// Six digits from 32 random bits (the bias of the modulo is under 0.03 %).
pub fn otp_from_random(random: u32) -> String {
    format!("{:06}", random % 1_000_000)
}

/// The version of the privacy policy and terms (the date they were last changed) a person
/// must have accepted to sign in with a phone.
pub const TERMS_VERSION: &str = "2026-11-25";

/// Whether `input` is spelled as a one-time code is: exactly six ASCII digits.
pub fn is_otp(input: &str) -> bool {
    input.len() == 6 && input.bytes().all(|b| b.is_ascii_digit())
}

/// A one-time code lives 5 minutes and allows 5 guesses.
pub const OTP_TTL_SECONDS: u64 = 300;
pub const OTP_MAX_ATTEMPTS: u32 = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_are_normalised_and_checked() {
        assert_eq!(parse_mobile("138 1234 1234").as_deref(), Ok("13812341234"));
        assert_eq!(parse_mobile("+86-138-1234-1234").as_deref(), Ok("13812341234"));
        for bad in ["", "1381234123", "23812341234", "12812341234", "1381234123a", "138123412345", "０1381234123"] {
            assert_eq!(parse_mobile(bad), Err(InvalidPhone), "{bad}");
        }
    }

    #[test]
    fn otps_are_six_digits() {
        assert_eq!(otp_from_random(7), "000007");
        assert_eq!(otp_from_random(u32::MAX), "967295");
        assert!((0..1000).map(|r| otp_from_random(r * 7919)).all(|c| is_otp(&c)));
        for not_a_code in ["12ab56", "12345", "1234567", " 123456", "１２３４５６"] {
            assert!(!is_otp(not_a_code), "{not_a_code}");
        }
    }

    #[test]
    fn names_with_hidden_characters_are_refused_with_a_plain_message() {
        assert_eq!(valid_name("  张三 ").as_deref(), Ok("张三"));
        for hidden in ["张\u{202E}三", "张\u{200B}三", "\u{FEFF}张三", "张\u{2028}三"] {
            let (zh, en) = valid_name(hidden).unwrap_err();
            assert!(zh.contains("看不见") && en.contains("invisible"), "{hidden:?}");
        }
        assert!(valid_name("").is_err());
        assert!(valid_name(&"名".repeat(31)).is_err());
    }

    #[test]
    fn only_staff_heads_and_the_legal_tiers_are_departmental() {
        let departmental: Vec<Role> = Role::ALL.iter().copied().filter(|r| r.is_departmental()).collect();
        assert_eq!(departmental, [&[Role::Staff, Role::DepartmentHead][..], &LEGAL_TIERS[..]].concat());
        assert_eq!(Role::parse("market_manager"), Some(Role::MarketManager));
    }

    #[test]
    fn legal_advice_escalates_from_the_local_office_to_public_then_professional_lawyers() {
        let tiers: Vec<Option<Role>> = (0..=4).map(Role::for_legal_tier).collect();
        assert_eq!(tiers, [None, Some(Role::LegalOfficer), Some(Role::PublicLawyer), Some(Role::Lawyer), None]);
        assert!(LEGAL_TIERS.iter().all(|r| Role::for_legal_tier(r.legal_tier().unwrap_or(0)) == Some(*r)));
        assert_eq!(Role::Staff.legal_tier(), None);
    }
}
