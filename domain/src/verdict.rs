//! The verdict a scan gets: one clear state per case, each with its colour, its words, and
//! what the page may offer. A code that does not verify is its own verdict (the API's error
//! kind says why); a genuine code gets the [`Standing`] of its business today.

use crate::api::{ErrorKind, PublicLicence};
use crate::households::{HouseholdStatus, Label, LicenceValidity};
use serde::{Deserialize, Serialize};

/// How a genuine business stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Registered, operating, every licence valid.
    Trading,
    /// Operating, but a licence has expired or is about to.
    LicenceProblem,
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
    pub fn of(status: HouseholdStatus, licences: &[PublicLicence]) -> Self {
        match status {
            HouseholdStatus::Deregistered => Self::Deregistered,
            HouseholdStatus::Suspended => Self::Suspended,
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
            Self::Suspended => "suspended",
            Self::Deregistered => "deregistered",
        }
    }

    /// The mark beside the banner's words, so the state does not rest on colour alone.
    pub fn mark(self) -> &'static str {
        match self {
            Self::Trading => "✓",
            Self::LicenceProblem => "!",
            Self::Suspended => "Ⅱ",
            Self::Deregistered => "—",
        }
    }

    pub fn title(self) -> Label {
        match self {
            Self::Trading => Label { zh: "已核验 · 正常经营", en: "Verified · trading normally" },
            Self::LicenceProblem => Label { zh: "已核验 · 证照有问题", en: "Verified · a licence problem" },
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

    pub fn payment(self) -> PaymentOffer {
        match self {
            Self::Trading => PaymentOffer::Shown,
            Self::LicenceProblem => PaymentOffer::BehindWarning,
            Self::Suspended | Self::Deregistered => PaymentOffer::Withheld,
        }
    }

    /// Posters are for businesses that trade.
    pub fn posters(self) -> bool {
        matches!(self, Self::Trading | Self::LicenceProblem)
    }
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
    use crate::households::LicenceKind;

    fn licence(validity: LicenceValidity) -> PublicLicence {
        PublicLicence { kind: LicenceKind::FoodBusiness, number: "JY1".into(), valid_until: None, validity }
    }

    #[test]
    fn an_operating_business_with_valid_licences_is_trading_and_shows_its_payment_code() {
        let standing = Standing::of(HouseholdStatus::Active, &[licence(LicenceValidity::Valid)]);
        assert_eq!(standing, Standing::Trading);
        assert_eq!(standing.payment(), PaymentOffer::Shown);
        assert!(standing.posters());
        assert_eq!(standing.class(), "trading");
    }

    #[test]
    fn an_expired_or_expiring_licence_puts_payment_behind_a_warning() {
        for validity in [LicenceValidity::Expired, LicenceValidity::ExpiringSoon] {
            let standing =
                Standing::of(HouseholdStatus::Active, &[licence(LicenceValidity::LongTerm), licence(validity)]);
            assert_eq!(standing, Standing::LicenceProblem);
            assert_eq!(standing.payment(), PaymentOffer::BehindWarning);
            assert!(standing.posters());
        }
    }

    #[test]
    fn a_suspended_business_is_never_shown_as_trading_and_offers_no_payment() {
        let standing = Standing::of(HouseholdStatus::Suspended, &[licence(LicenceValidity::Valid)]);
        assert_eq!(standing, Standing::Suspended);
        assert_eq!(standing.payment(), PaymentOffer::Withheld);
        assert!(!standing.posters());
        assert!(standing.advice().en.contains("Do not pay"));
    }

    #[test]
    fn a_deregistered_business_says_so_whatever_its_licences_and_offers_no_payment_or_poster() {
        let standing = Standing::of(HouseholdStatus::Deregistered, &[licence(LicenceValidity::Valid)]);
        assert_eq!(standing, Standing::Deregistered);
        assert_eq!(standing.payment(), PaymentOffer::Withheld);
        assert!(!standing.posters());
        assert!(standing.title().zh.contains("注销"));
    }

    #[test]
    fn every_standing_has_its_own_class_mark_and_words() {
        let all = [Standing::Trading, Standing::LicenceProblem, Standing::Suspended, Standing::Deregistered];
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
