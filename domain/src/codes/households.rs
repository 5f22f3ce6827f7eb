//! The vocabulary of a household's public record, each value with its zh-CN and English label.

use crate::calendar::{Date, days_between};
use serde::{Deserialize, Serialize};

/// A bilingual label; the app picks the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub zh: &'static str,
    pub en: &'static str,
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $wire)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as stored in D1 and sent over the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire,)+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($wire => Some($name::$variant),)+ _ => None }
            }

            pub fn label(self) -> $crate::codes::households::Label {
                match self { $($name::$variant => $crate::codes::households::Label { zh: $zh, en: $en },)+ }
            }
        }
    };
}

pub(crate) use vocabulary;

vocabulary! {
    /// Registration status 登记状态.
    HouseholdStatus {
        Active = "active", "存续", "Operating";
        Suspended = "suspended", "歇业", "Suspended";
        Deregistered = "deregistered", "注销", "Deregistered";
    }
}

vocabulary! {
    /// Recognition badges: 名特优新 cultivation classes and 放心消费 trusted-consumption units.
    Badge {
        Famous = "famous", "知名个体户", "Renowned";
        Special = "special", "特色个体户", "Local specialty";
        Quality = "quality", "优质个体户", "Quality";
        New = "new", "新业态个体户", "New economy";
        TrustedConsumption = "trusted_consumption", "放心消费", "Trusted consumption";
    }
}

vocabulary! {
    /// Public credit level 信用等级.
    CreditLevel {
        A = "A", "A级 守信", "A · trustworthy";
        B = "B", "B级 基本守信", "B · mostly trustworthy";
        C = "C", "C级 失信风险", "C · at risk";
        D = "D", "D级 严重失信", "D · seriously untrustworthy";
    }
}

vocabulary! {
    /// Licences and filings a household may hold.
    LicenceKind {
        BusinessLicence = "business_licence", "营业执照", "Business licence";
        FoodBusiness = "food_business", "食品经营许可证", "Food business licence";
        PrepackagedFoodFiling = "prepackaged_food_filing", "仅销售预包装食品备案", "Pre-packaged food filing";
        TobaccoRetail = "tobacco_retail", "烟草专卖零售许可证", "Tobacco retail licence";
        PublicHygiene = "public_hygiene", "公共场所卫生许可证", "Public-place hygiene licence";
        PharmaceuticalRetail = "pharmaceutical_retail", "药品经营许可证", "Pharmaceutical retail licence";
    }
}

vocabulary! {
    /// Payment platforms a collection code 收款码 can be bound from.
    PaymentProvider {
        Wechat = "wechat", "微信支付", "WeChat Pay";
        Alipay = "alipay", "支付宝", "Alipay";
        UnionPay = "unionpay", "云闪付", "UnionPay";
    }
}

vocabulary! {
    /// Why a code was revoked.
    RevocationReason {
        Deregistered = "deregistered", "主体已注销", "the business was deregistered";
        Misuse = "misuse", "码被冒用", "the code was misused";
        Lost = "lost", "码已挂失", "the code was reported lost";
    }
}

/// How a licence stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LicenceValidity {
    /// No expiry date (长期).
    LongTerm,
    Valid,
    /// Expires within [`EXPIRY_WARNING_DAYS`].
    ExpiringSoon,
    Expired,
}

pub const EXPIRY_WARNING_DAYS: i64 = 30;

impl LicenceValidity {
    pub fn on(today: Date, valid_until: Option<Date>) -> Self {
        match valid_until {
            None => Self::LongTerm,
            Some(end) if end < today => Self::Expired,
            Some(end) if days_between(today, end) <= EXPIRY_WARNING_DAYS => Self::ExpiringSoon,
            Some(_) => Self::Valid,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::LongTerm => "long_term",
            Self::Valid => "valid",
            Self::ExpiringSoon => "expiring_soon",
            Self::Expired => "expired",
        }
    }

    pub fn label(self) -> Label {
        match self {
            Self::LongTerm => Label { zh: "长期有效", en: "No expiry" },
            Self::Valid => Label { zh: "有效", en: "Valid" },
            Self::ExpiringSoon => Label { zh: "即将到期", en: "Expiring soon" },
            Self::Expired => Label { zh: "已过期", en: "Expired" },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_values_round_trip_through_parse_and_serde() {
        for &status in HouseholdStatus::ALL {
            assert_eq!(HouseholdStatus::parse(status.as_str()), Some(status));
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        for &badge in Badge::ALL {
            assert_eq!(Badge::parse(badge.as_str()), Some(badge));
        }
        assert_eq!(LicenceKind::parse("nonsense"), None);
        for validity in
            [LicenceValidity::LongTerm, LicenceValidity::Valid, LicenceValidity::ExpiringSoon, LicenceValidity::Expired]
        {
            assert_eq!(serde_json::to_string(&validity).unwrap(), format!("\"{}\"", validity.as_str()));
        }
    }

    #[test]
    fn licence_validity_by_date() {
        let today = crate::calendar::date(2026, 11, 24).unwrap();
        assert_eq!(LicenceValidity::on(today, None), LicenceValidity::LongTerm);
        assert_eq!(LicenceValidity::on(today, crate::calendar::date(2026, 11, 23)), LicenceValidity::Expired);
        assert_eq!(LicenceValidity::on(today, crate::calendar::date(2026, 11, 24)), LicenceValidity::ExpiringSoon);
        assert_eq!(LicenceValidity::on(today, crate::calendar::date(2026, 12, 24)), LicenceValidity::ExpiringSoon);
        assert_eq!(LicenceValidity::on(today, crate::calendar::date(2026, 12, 25)), LicenceValidity::Valid);
    }
}
