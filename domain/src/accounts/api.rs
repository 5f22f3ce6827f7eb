//! Accounts: one-time codes, sign-in by phone or WeChat, sessions, and "me".

use crate::accounts::Role;
use crate::api::contract::Named;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OtpRequest {
    pub phone: String,
    /// A solved proof of work, when the network's free codes are used up
    /// (`challenge_required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<crate::accounts::pow::Proof>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OtpSent {
    /// The number the code went to, masked.
    pub phone: String,
    pub expires_in: u64,
    /// In development the code goes to the dev inbox instead of an SMS.
    pub dev_inbox: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub phone: String,
    pub code: String,
    /// The person ticked "I have read and agree to the privacy policy and terms". Needed
    /// until they have accepted the current version ([`crate::accounts::TERMS_VERSION`]).
    #[serde(default)]
    pub accept_terms: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WechatSignInRequest {
    /// The login code from `wx.login()` in the host mini-program.
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MarketRef {
    pub id: i64,
    pub name: String,
}

/// The signed-in person as they see themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Me {
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Masked even here: a session is not proof of holding the phone right now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub roles: Vec<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Named>,
    pub markets: Vec<MarketRef>,
}

impl Me {
    pub fn has_any(&self, roles: &[Role]) -> bool {
        self.roles.iter().any(|r| roles.contains(r))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SessionTokens {
    pub access_token: String,
    pub access_expires_in: u64,
    pub refresh_token: String,
    pub me: Me,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct DevMessage {
    pub phone: String,
    pub text: String,
    pub sent_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DevInboxQuery {
    /// Only the texts to this phone (11 digits), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct DevInbox {
    pub messages: Vec<DevMessage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VendorRequest {
    pub name: String,
    pub id_number: String,
}

/// The area's endpoints (see [`crate::api::contract::endpoints!`]).
pub mod endpoints {
    #[allow(unused_imports)]
    use super::*;
    use crate::accounts::admin_api::{AuditPage, DisabledChange, NewPerson, PageQuery, PersonState};
    use crate::accounts::notices_api::{Notices, NoticesRead};
    use crate::accounts::owners_api::{ClaimRequest, MyHouseholds, OwnedHousehold, PrivateHousehold};
    #[allow(unused_imports)]
    use crate::api::contract::*;
    use crate::api::params::CreditCode;

    endpoints! {
        accounts [401, 403, 409, 429] {
            RequestOtp: Post "/api/auth/otp" {} OtpRequest => 202 Json OtpSent, PUBLIC, "Text a one-time sign-in code";
            SignIn: Post "/api/auth/sign-in" {} SignInRequest => 200 Json SessionTokens, PUBLIC, "Sign in with phone and code";
            WechatSignIn: Post "/api/auth/wechat" {}
                WechatSignInRequest => 200 Json SessionTokens, PUBLIC, "Sign in inside the WeChat mini-program";
            Refresh: Post "/api/auth/refresh" {} RefreshRequest => 200 Json SessionTokens, PUBLIC, "Swap a refresh token for new tokens";
            SignOut: Post "/api/auth/sign-out" {} () => 204 Empty (), SIGNED_IN, "End this session";
            GetMe: Get "/api/me" {} () => 200 Json Me, SIGNED_IN, "The signed-in person and their roles";
            BecomeVendor: Post "/api/me/vendor" {} VendorRequest => 200 Json Me, SIGNED_IN, "Register as a stall vendor";
            ReadDevInbox: Get "/api/dev/inbox" {}
                DevInboxQuery => 200 Json DevInbox, DEV, "Texts the server sent, newest first, perhaps to one phone (development only)";
            ListMyHouseholds: Get "/api/me/households" {} () => 200 Json MyHouseholds, SIGNED_IN, "The businesses I own";
            ClaimHousehold: Post "/api/me/households/claim" {}
                ClaimRequest => 200 Json OwnedHousehold, SIGNED_IN, "Claim a business as its registered operator";
            GetMyHousehold: Get "/api/me/households/{uscc}" { uscc: CreditCode }
                () => 200 Json PrivateHousehold, Access::HouseholdOwner("uscc"), "My business, unmasked";
            ListMyNotices: Get "/api/me/notices" {} () => 200 Json Notices, SIGNED_IN, "My latest notices, newest first";
            MarkNoticesRead: Post "/api/me/notices/read" {}
                NoticesRead => 204 Empty (), SIGNED_IN, "Mark my notices read, up to one";
            CreatePerson: Post "/api/admin/people" {}
                NewPerson => 201 Json PersonState, ADMIN, "Add staff, heads, managers or admins";
            SetPersonDisabled: Put "/api/admin/people/{id}/disabled" { id: i64 }
                DisabledChange => 200 Json PersonState, ADMIN, "Disable or enable an account";
            ReadAudit: Get "/api/admin/audit" {} PageQuery => 200 Json AuditPage, ADMIN, "The audit log, newest first";
        }
    }
}
