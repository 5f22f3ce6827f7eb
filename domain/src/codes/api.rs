//! Business codes: the public profile anyone scanning sees, QR images, the demo list, and
//! what admins do to codes and households.

use crate::api::contract::Named;
use crate::codes::households::{Badge, CreditLevel, HouseholdStatus, PaymentProvider, RevocationReason};
use crate::codes::verdict::Standing;
pub use crate::codes::verdict::{AwaitedLicence, PublicLicence};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PaymentCode {
    pub provider: PaymentProvider,
    pub url: String,
}

/// What anyone scanning a valid code sees. Personal data is masked before it is built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PublicHousehold {
    pub name: String,
    /// The operator's name, masked (张*).
    pub operator: String,
    pub uscc: String,
    pub status: HouseholdStatus,
    /// The company it became (个转企), once it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converted_to: Option<String>,
    pub trade: Named,
    pub county: Named,
    pub address: String,
    pub established_on: String,
    pub credit_level: CreditLevel,
    pub badges: Vec<Badge>,
    pub licences: Vec<PublicLicence>,
    /// Licences applied for with its registration and not granted (yet): until they are, it
    /// may not do what they allow.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub awaited_licences: Vec<AwaitedLicence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentCode>,
}

/// `GET /api/codes/{code}` for a code that verifies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CodeProfile {
    /// How the business stands today: what colour, words and offers the page shows.
    pub standing: Standing,
    /// The canonical token, `<id>.<mac>`.
    pub code: String,
    /// The code as people type it (`K7X2 M9Q4 P8RA`), printed on posters.
    pub short_code: String,
    /// The https URL the QR encodes.
    pub url: String,
    /// The date in China the licence validity was judged on.
    pub checked_on: String,
    pub household: PublicHousehold,
}

/// `GET /api/codes/lookup?q=`: a short code or a credit code, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    pub q: String,
}

/// Where a looked-up code's page is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CodeRef {
    /// The current token, `<id>.<mac>`.
    pub code: String,
}

/// An SVG image, sent as `image/svg+xml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Svg(pub String);

/// Why a demo code is in the list: each shows the app in a different state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DemoCase {
    Ordinary,
    Badged,
    LicenceExpiringSoon,
    LicenceExpired,
    Suspended,
    Deregistered,
    Revoked,
    Superseded,
    Forged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct DemoCode {
    pub case: DemoCase,
    pub code: String,
    pub url: String,
    pub name: String,
    pub county: String,
}

/// `GET /api/demo/codes`, served only in development configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct DemoCodes {
    pub codes: Vec<DemoCode>,
}

/// Naming the version being replaced makes a retried re-issue harmless: it finds the
/// re-issue already done and returns the same result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReissueRequest {
    pub replaces_version: u32,
}

impl ReissueRequest {
    /// The version the re-issue creates. Versions start at 1, so there is nothing to
    /// replace below that, and nothing to create past `u32::MAX`.
    pub fn next_version(&self) -> Option<u32> {
        if self.replaces_version == 0 { None } else { self.replaces_version.checked_add(1) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CodeState {
    pub id: String,
    pub version: u32,
    pub revoked: bool,
    /// The URL to print for the current version.
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RevokeRequest {
    pub reason: RevocationReason,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub status: HouseholdStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct HouseholdStatusState {
    pub uscc: String,
    pub status: HouseholdStatus,
}

/// The area's endpoints (see [`crate::api::contract::endpoints!`]).
pub mod endpoints {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use crate::api::contract::*;
    use crate::api::params::{CodeId, CreditCode};

    endpoints! {
        codes [403, 409, 410] {
            LookupCode: Get "/api/codes/lookup" {}
                LookupQuery => 200 Json CodeRef, PUBLIC, "Find a business code by its short code or a credit code";
            GetCodeProfile: Get "/api/codes/{code}" { code: String }
                () => 200 Json CodeProfile, PUBLIC, "Verify a business code and show its public profile";
            GetCodeQr: Get "/api/codes/{code}/qr.svg" { code: String }
                () => 200 Svg Svg, PUBLIC, "The QR image of a business code";
            GetPaymentQr: Get "/api/codes/{code}/payment-qr.svg" { code: String }
                () => 200 Svg Svg, PUBLIC, "The payment QR a trading business bound to its code";
            ListDemoCodes: Get "/api/demo/codes" {} () => 200 Json DemoCodes, DEV, "One demo code per state (development only)";
            ReissueCode: Post "/api/admin/codes/{id}/reissue" { id: CodeId }
                ReissueRequest => 200 Json CodeState, ADMIN, "Re-issue a code: every older print stops verifying";
            RevokeCode: Post "/api/admin/codes/{id}/revoke" { id: CodeId }
                RevokeRequest => 200 Json CodeState, ADMIN, "Revoke a code";
            SetHouseholdStatus: Put "/api/admin/households/{uscc}/status" { uscc: CreditCode }
                StatusChange => 200 Json HouseholdStatusState, ADMIN, "Change a business's registration status";
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reissue_creates_the_next_version_only_from_a_real_one() {
        let next = |v| ReissueRequest { replaces_version: v }.next_version();
        assert_eq!(next(1), Some(2));
        assert_eq!(next(0), None);
        assert_eq!(next(u32::MAX), None);
    }
}
