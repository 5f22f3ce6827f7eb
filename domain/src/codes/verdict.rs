//! The verdict a scan gets: one clear state per case, each with its colour, its words, and
//! what the page may offer. A code that does not verify is its own verdict (the API's error
//! kind says why); a genuine code gets the [`Standing`] of its business today.

use crate::api::errors::ErrorKind;
use crate::codes::households::{HouseholdStatus, Label, LicenceKind, LicenceValidity};
use serde::{Deserialize, Serialize};

/// A licence as anyone scanning the code sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PublicLicence {
    pub kind: LicenceKind,
    pub number: String,
    /// `YYYY-MM-DD`; absent for licences without expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    pub validity: LicenceValidity,
}

/// A licence a business applied for with its registration and does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AwaitedLicence {
    pub kind: LicenceKind,
    /// Still being decided; false once refused or withdrawn.
    pub pending: bool,
}

/// How a genuine business stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Registered, operating, every licence valid.
    Trading,
    /// Operating, but a licence has expired or is about to.
    LicenceProblem,
    /// Registered, but a licence its trade needs is not granted yet (a restaurant whose food
    /// business licence is still being decided, or was refused): it may not do that trade.
    LicencePending,
    /// Registered but suspended (歇业): not trading now.
    Suspended,
    /// Deregistered (注销): no longer a business.
    Deregistered,
}

/// What the page offers of the business's payment code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentOffer {
    Shown,
    /// Only after the person reads why it may be unwise and chooses to see it.
    BehindWarning,
    Withheld,
}

impl Standing {
    /// How a business in `status` stands with `licences`, while the licences in `awaited`
    /// (applied for with its registration, not granted) are missing.
    pub fn of(status: HouseholdStatus, licences: &[PublicLicence], awaited: &[AwaitedLicence]) -> Self {
        match status {
            HouseholdStatus::Deregistered => Self::Deregistered,
            HouseholdStatus::Suspended => Self::Suspended,
            HouseholdStatus::Active if !awaited.is_empty() => Self::LicencePending,
            HouseholdStatus::Active
                if licences
                    .iter()
                    .any(|l| matches!(l.validity, LicenceValidity::Expired | LicenceValidity::ExpiringSoon)) =>
            {
                Self::LicenceProblem
            }
            HouseholdStatus::Active => Self::Trading,
        }
    }

    /// The banner's modifier class (`verdict--trading`, …), which gives it its colour.
    pub fn class(self) -> &'static str {
        match self {
            Self::Trading => "trading",
            Self::LicenceProblem => "licence",
            Self::LicencePending => "pending",
            Self::Suspended => "suspended",
            Self::Deregistered => "deregistered",
        }
    }

    /// The mark beside the banner's words, so the state does not rest on colour alone.
    pub fn mark(self) -> &'static str {
        match self {
            Self::Trading => "✓",
            Self::LicenceProblem => "!",
            Self::LicencePending => "◔",
            Self::Suspended => "Ⅱ",
            Self::Deregistered => "—",
        }
    }

    pub fn title(self) -> Label {
        match self {
            Self::Trading => Label { zh: "已核验 · 正常经营", en: "Verified · trading normally" },
            Self::LicenceProblem => Label { zh: "已核验 · 证照有问题", en: "Verified · a licence problem" },
            Self::LicencePending => {
                Label { zh: "已登记 · 许可未取得", en: "Registered · licence not granted" }
            }
            Self::Suspended => Label { zh: "已核验 · 歇业中", en: "Verified · suspended" },
            Self::Deregistered => Label { zh: "已核验 · 已注销", en: "Verified · deregistered" },
        }
    }

    /// One line on what this means for the person holding the phone.
    pub fn advice(self) -> Label {
        match self {
            Self::Trading => Label {
                zh: "这是真实登记、正常经营的个体户。",
                en: "A genuinely registered business, trading normally.",
            },
            Self::LicenceProblem => Label {
                zh: "真实登记，但有证照已过期或即将到期，请留意下方证照。",
                en: "Genuinely registered, but a licence has expired or expires soon: see the licences below.",
            },
            Self::LicencePending => Label {
                zh: "真实登记，但经营所需的许可尚未取得，取得前不可开展相应经营。",
                en: "Genuinely registered, but a licence its trade needs is not granted yet: it may not do that trade until it is.",
            },
            Self::Suspended => Label {
                zh: "真实登记，但目前歇业，暂停经营。请勿向其付款。",
                en: "Genuinely registered, but suspended and not trading now. Do not pay it.",
            },
            Self::Deregistered => Label {
                zh: "该户已注销，不再是经营主体。请勿向其付款。",
                en: "This business was deregistered and no longer exists. Do not pay it.",
            },
        }
    }

    /// The banner's headline: the state's title, except that a business waiting for a
    /// licence says which and what it may not do meanwhile (已登记 · 食品经营许可办理中，暂不可经营餐饮).
    pub fn headline(self, awaited: &[AwaitedLicence]) -> (String, String) {
        match (self, awaited.first()) {
            (Self::LicencePending, Some(first)) => {
                let Label { zh, en } = first.meaning();
                (format!("已登记 · {zh}"), format!("Registered · {en}"))
            }
            _ => (self.title().zh.to_string(), self.title().en.to_string()),
        }
    }

    pub fn payment(self) -> PaymentOffer {
        match self {
            Self::Trading => PaymentOffer::Shown,
            Self::LicenceProblem | Self::LicencePending => PaymentOffer::BehindWarning,
            Self::Suspended | Self::Deregistered => PaymentOffer::Withheld,
        }
    }

    /// What is said before a payment code shown only behind a warning.
    pub fn payment_warning(self) -> Label {
        match self {
            Self::LicencePending => Label {
                zh: "该户经营所需的许可尚未取得，暂不可开展相应经营。付款前请先确认您购买的是什么。",
                en: "A licence this business needs is not granted yet, so it may not do that trade. Before paying, be sure what you are paying for.",
            },
            _ => Label {
                zh: "该户有证照已过期或即将到期。付款前请先核实其是否仍可合法经营。",
                en: "A licence of this business has expired or expires soon. Before paying, make sure it may still trade.",
            },
        }
    }

    /// Posters are for businesses that trade, or are about to once their licence comes.
    pub fn posters(self) -> bool {
        matches!(self, Self::Trading | Self::LicenceProblem | Self::LicencePending)
    }
}

impl AwaitedLicence {
    /// What its absence means, in a few words: the licence, where it stands, and what the
    /// business may not do until it has it.
    pub fn meaning(&self) -> Label {
        use LicenceKind::*;
        match (self.kind, self.pending) {
            (FoodBusiness, true) => Label {
                zh: "食品经营许可办理中，暂不可经营餐饮",
                en: "food business licence pending: may not serve food yet",
            },
            (FoodBusiness, false) => Label {
                zh: "未取得食品经营许可，不可经营餐饮",
                en: "no food business licence: may not serve food",
            },
            (PrepackagedFoodFiling, true) => Label {
                zh: "食品备案办理中，暂不可销售食品",
                en: "food filing pending: may not sell food yet",
            },
            (PrepackagedFoodFiling, false) => {
                Label { zh: "未完成食品备案，不可销售食品", en: "no food filing: may not sell food" }
            }
            (PublicHygiene, true) => Label {
                zh: "卫生许可办理中，暂不可对外服务",
                en: "hygiene licence pending: may not serve customers yet",
            },
            (PublicHygiene, false) => Label {
                zh: "未取得卫生许可，不可对外服务",
                en: "no hygiene licence: may not serve customers",
            },
            (TobaccoRetail, true) => Label {
                zh: "烟草许可办理中，暂不可销售烟草",
                en: "tobacco licence pending: may not sell tobacco yet",
            },
            (TobaccoRetail, false) => Label {
                zh: "未取得烟草许可，不可销售烟草",
                en: "no tobacco licence: may not sell tobacco",
            },
            (PharmaceuticalRetail, true) => Label {
                zh: "药品经营许可办理中，暂不可销售药品",
                en: "pharmacy licence pending: may not sell medicines yet",
            },
            (PharmaceuticalRetail, false) => Label {
                zh: "未取得药品经营许可，不可销售药品",
                en: "no pharmacy licence: may not sell medicines",
            },
            (BusinessLicence, _) => Label { zh: "营业执照办理中", en: "business licence pending" },
        }
    }
}

/// The one way to a business's poster: it holds the 个体码, and the payment code beside it
/// only when one is bound.
pub fn poster_label(with_payment: bool) -> Label {
    if with_payment {
        Label { zh: "打印“个体码+收款码”海报", en: "Print the poster: business code and payment code" }
    } else {
        Label { zh: "打印个体码海报", en: "Print the business code poster" }
    }
}

/// The tag beside a licence applied for and not held.
pub fn awaited_tag(pending: bool) -> Label {
    if pending { Label { zh: "办理中", en: "In progress" } } else { Label { zh: "未取得", en: "Not granted" } }
}

/// Why a code is not valid, as the red page names it (`data-verdict`), from the API's error.
pub fn invalid_reason(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::MalformedCode => "malformed",
        ErrorKind::ForgedCode => "forged",
        ErrorKind::UnknownCode => "unknown",
        ErrorKind::RevokedCode => "revoked",
        ErrorKind::SupersededCode => "superseded",
        _ => "unavailable",
    }
}

/// A code's id as people read and type it: three groups of four, upper case
/// (`K7X2 M9Q4 P8RA`). Printed on posters for those without a camera.
pub fn short_code(code_id: &str) -> String {
    let upper = code_id.to_ascii_uppercase();
    let chars: Vec<char> = upper.chars().collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::households::LicenceKind;

    fn licence(validity: LicenceValidity) -> PublicLicence {
        PublicLicence { kind: LicenceKind::FoodBusiness, number: "JY1".into(), valid_until: None, validity }
    }

    #[test]
    fn an_operating_business_with_valid_licences_is_trading_and_shows_its_payment_code() {
        let standing = Standing::of(HouseholdStatus::Active, &[licence(LicenceValidity::Valid)], &[]);
        assert_eq!(standing, Standing::Trading);
        assert_eq!(standing.payment(), PaymentOffer::Shown);
        assert!(standing.posters());
        assert_eq!(standing.class(), "trading");
    }

    #[test]
    fn an_expired_or_expiring_licence_puts_payment_behind_a_warning() {
        for validity in [LicenceValidity::Expired, LicenceValidity::ExpiringSoon] {
            let standing =
                Standing::of(HouseholdStatus::Active, &[licence(LicenceValidity::LongTerm), licence(validity)], &[]);
            assert_eq!(standing, Standing::LicenceProblem);
            assert_eq!(standing.payment(), PaymentOffer::BehindWarning);
            assert!(standing.posters());
        }
    }

    #[test]
    fn a_suspended_business_is_never_shown_as_trading_and_offers_no_payment() {
        let standing = Standing::of(HouseholdStatus::Suspended, &[licence(LicenceValidity::Valid)], &[awaited(true)]);
        assert_eq!(standing, Standing::Suspended);
        assert_eq!(standing.payment(), PaymentOffer::Withheld);
        assert!(!standing.posters());
        assert!(standing.advice().en.contains("Do not pay"));
    }

    #[test]
    fn a_deregistered_business_says_so_whatever_its_licences_and_offers_no_payment_or_poster() {
        let standing =
            Standing::of(HouseholdStatus::Deregistered, &[licence(LicenceValidity::Valid)], &[awaited(true)]);
        assert_eq!(standing, Standing::Deregistered);
        assert_eq!(standing.payment(), PaymentOffer::Withheld);
        assert!(!standing.posters());
        assert!(standing.title().zh.contains("注销"));
    }

    fn awaited(pending: bool) -> AwaitedLicence {
        AwaitedLicence { kind: LicenceKind::FoodBusiness, pending }
    }

    #[test]
    fn a_registered_restaurant_without_its_food_licence_is_never_green_and_says_it_may_not_serve_food() {
        let business_licence = PublicLicence {
            kind: LicenceKind::BusinessLicence,
            number: "9233".into(),
            valid_until: None,
            validity: LicenceValidity::LongTerm,
        };
        for pending in [true, false] {
            let standing =
                Standing::of(HouseholdStatus::Active, std::slice::from_ref(&business_licence), &[awaited(pending)]);
            assert_eq!(standing, Standing::LicencePending);
            assert_ne!(standing.class(), Standing::Trading.class());
            assert_eq!(standing.payment(), PaymentOffer::BehindWarning, "the payment code behind a warning");
            assert!(standing.posters(), "the owner may print the poster ahead");
            let (zh, en) = standing.headline(&[awaited(pending)]);
            assert!(zh.starts_with("已登记 · ") && zh.contains("不可经营餐饮"), "{zh}");
            assert!(en.contains("may not serve food"), "{en}");
            assert!(!zh.contains("正常经营"));
        }
        assert!(
            Standing::of(HouseholdStatus::Active, &[], &[awaited(true)])
                .headline(&[awaited(true)])
                .0
                .contains("办理中")
        );
        assert_eq!(Standing::Trading.headline(&[]).0, "已核验 · 正常经营");
        assert_ne!(Standing::LicencePending.payment_warning(), Standing::LicenceProblem.payment_warning());
    }

    #[test]
    fn every_standing_has_its_own_class_mark_and_words() {
        let all = [
            Standing::Trading,
            Standing::LicenceProblem,
            Standing::LicencePending,
            Standing::Suspended,
            Standing::Deregistered,
        ];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a.class(), b.class());
                assert_ne!(a.mark(), b.mark());
                assert_ne!(a.title().zh, b.title().zh);
                assert_ne!(a.title().en, b.title().en);
            }
        }
    }

    #[test]
    fn short_codes_group_the_id_in_fours() {
        assert_eq!(short_code("k7x2m9q4p8ra"), "K7X2 M9Q4 P8RA");
    }
}
