//! The HTTP API's contract: endpoints, request and response bodies, and errors. The Worker
//! routes by [`Endpoint`], the app and tests decode these same types, and `openapi.json`
//! (checked against [`Endpoint::ALL`] by the tests below) documents them.

use crate::households::{
    Badge, CreditLevel, HouseholdStatus, LicenceKind, LicenceValidity, PaymentProvider, RevocationReason,
};
use crate::people::{InspectionResult, Role};
use serde::{Deserialize, Serialize};

/// The OpenAPI 3.1 document served at `/api/openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
        }
    }
}

/// Every endpoint the Worker serves under `/api`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Health,
    OpenApi,
    CodeProfile,
    CodeQr,
    CodePaymentQr,
    DemoCodes,
    AdminReissueCode,
    AdminRevokeCode,
    AdminHouseholdStatus,
    Departments,
    RequestOtp,
    SignIn,
    WechatSignIn,
    Refresh,
    SignOut,
    Me,
    DevInbox,
    MyHouseholds,
    ClaimHousehold,
    MyHousehold,
    BecomeVendor,
    CodeInspections,
    RecordInspection,
    Market,
    AdminCreatePerson,
    AdminSetPersonDisabled,
    AdminAudit,
}

/// What a caller needs for an endpoint. The Worker checks this once, centrally, before any
/// handler runs; scoped variants read the resource from the path's first parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    /// Served only in development configuration; elsewhere it does not exist (404).
    DevelopmentOnly,
    SignedIn,
    AnyRole(&'static [Role]),
    /// Staff or head of the department `{dept}`.
    DepartmentMember,
    /// Manager of the market `{market}`, or an admin.
    MarketManager,
    /// An owner bound to the household `{uscc}`.
    HouseholdOwner,
}

const ADMIN: &[Role] = &[Role::Admin];
const INSPECTORS: &[Role] = &[Role::Staff, Role::DepartmentHead, Role::Admin];

impl Endpoint {
    pub const ALL: &'static [Endpoint] = &[
        Self::Health,
        Self::OpenApi,
        Self::CodeProfile,
        Self::CodeQr,
        Self::CodePaymentQr,
        Self::DemoCodes,
        Self::AdminReissueCode,
        Self::AdminRevokeCode,
        Self::AdminHouseholdStatus,
        Self::Departments,
        Self::RequestOtp,
        Self::SignIn,
        Self::WechatSignIn,
        Self::Refresh,
        Self::SignOut,
        Self::Me,
        Self::DevInbox,
        Self::MyHouseholds,
        Self::ClaimHousehold,
        Self::MyHousehold,
        Self::BecomeVendor,
        Self::CodeInspections,
        Self::RecordInspection,
        Self::Market,
        Self::AdminCreatePerson,
        Self::AdminSetPersonDisabled,
        Self::AdminAudit,
    ];

    pub fn method(self) -> Method {
        match self {
            Self::AdminReissueCode
            | Self::AdminRevokeCode
            | Self::RequestOtp
            | Self::SignIn
            | Self::WechatSignIn
            | Self::Refresh
            | Self::SignOut
            | Self::ClaimHousehold
            | Self::BecomeVendor
            | Self::RecordInspection
            | Self::AdminCreatePerson => Method::Post,
            Self::AdminHouseholdStatus | Self::AdminSetPersonDisabled => Method::Put,
            _ => Method::Get,
        }
    }

    pub fn access(self) -> Access {
        match self {
            Self::Health
            | Self::OpenApi
            | Self::CodeProfile
            | Self::CodeQr
            | Self::CodePaymentQr
            | Self::Departments
            | Self::RequestOtp
            | Self::SignIn
            | Self::WechatSignIn
            | Self::Refresh => Access::Public,
            Self::DemoCodes | Self::DevInbox => Access::DevelopmentOnly,
            Self::SignOut | Self::Me | Self::MyHouseholds | Self::ClaimHousehold | Self::BecomeVendor => {
                Access::SignedIn
            }
            Self::MyHousehold => Access::HouseholdOwner,
            Self::CodeInspections => Access::AnyRole(INSPECTORS),
            Self::RecordInspection => Access::DepartmentMember,
            Self::Market => Access::MarketManager,
            Self::AdminReissueCode
            | Self::AdminRevokeCode
            | Self::AdminHouseholdStatus
            | Self::AdminCreatePerson
            | Self::AdminSetPersonDisabled
            | Self::AdminAudit => Access::AnyRole(ADMIN),
        }
    }

    /// The path in OpenAPI template form.
    pub fn path(self) -> &'static str {
        match self {
            Self::Health => "/api/health",
            Self::OpenApi => "/api/openapi.json",
            Self::CodeProfile => "/api/codes/{code}",
            Self::CodeQr => "/api/codes/{code}/qr.svg",
            Self::CodePaymentQr => "/api/codes/{code}/payment-qr.svg",
            Self::DemoCodes => "/api/demo/codes",
            Self::AdminReissueCode => "/api/admin/codes/{id}/reissue",
            Self::AdminRevokeCode => "/api/admin/codes/{id}/revoke",
            Self::AdminHouseholdStatus => "/api/admin/households/{uscc}/status",
            Self::Departments => "/api/departments",
            Self::RequestOtp => "/api/auth/otp",
            Self::SignIn => "/api/auth/sign-in",
            Self::WechatSignIn => "/api/auth/wechat",
            Self::Refresh => "/api/auth/refresh",
            Self::SignOut => "/api/auth/sign-out",
            Self::Me => "/api/me",
            Self::DevInbox => "/api/dev/inbox",
            Self::MyHouseholds => "/api/me/households",
            Self::ClaimHousehold => "/api/me/households/claim",
            Self::MyHousehold => "/api/me/households/{uscc}",
            Self::BecomeVendor => "/api/me/vendor",
            Self::CodeInspections => "/api/codes/{code}/inspections",
            Self::RecordInspection => "/api/departments/{dept}/inspections",
            Self::Market => "/api/markets/{market}",
            Self::AdminCreatePerson => "/api/admin/people",
            Self::AdminSetPersonDisabled => "/api/admin/people/{id}/disabled",
            Self::AdminAudit => "/api/admin/audit",
        }
    }

    /// Matches a request path against the templates. A template parameter matches one
    /// non-empty segment, returned in order.
    pub fn route(method: &str, path: &str) -> Route {
        let mut path_matched = false;
        // Templates without parameters first, so a literal segment wins over a parameter
        // (`/api/me/households/claim` is not the household "claim").
        let ordered = Self::ALL
            .iter()
            .filter(|e| !e.path().contains('{'))
            .chain(Self::ALL.iter().filter(|e| e.path().contains('{')));
        for &endpoint in ordered {
            if let Some(params) = match_template(endpoint.path(), path) {
                if endpoint.method().as_str() == method {
                    return Route::Found(endpoint, params);
                }
                path_matched = true;
            }
        }
        if path_matched { Route::MethodNotAllowed } else { Route::NotFound }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    Found(Endpoint, Vec<String>),
    MethodNotAllowed,
    NotFound,
}

fn match_template(template: &str, path: &str) -> Option<Vec<String>> {
    let mut params = Vec::new();
    let mut actual = path.split('/');
    for expected in template.split('/') {
        let segment = actual.next()?;
        if expected.starts_with('{') && expected.ends_with('}') {
            if segment.is_empty() {
                return None;
            }
            params.push(segment.to_string());
        } else if expected != segment {
            return None;
        }
    }
    actual.next().is_none().then_some(params)
}

/// Machine-readable error kinds; each has its HTTP status and a bilingual message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    MalformedCode,
    ForgedCode,
    UnknownCode,
    RevokedCode,
    SupersededCode,
    NoPaymentCode,
    NotFound,
    MethodNotAllowed,
    InvalidBody,
    UnsupportedMediaType,
    PayloadTooLarge,
    VersionConflict,
    NotConfigured,
    StorageUnavailable,
    InvalidPhone,
    RateLimited,
    WrongOtp,
    OtpExpired,
    NotSignedIn,
    InvalidToken,
    TokenExpired,
    SessionRevoked,
    AccountDisabled,
    Forbidden,
    ClaimMismatch,
    AlreadyExists,
    UpstreamUnavailable,
}

impl ErrorKind {
    pub const ALL: &'static [ErrorKind] = &[
        Self::MalformedCode,
        Self::ForgedCode,
        Self::UnknownCode,
        Self::RevokedCode,
        Self::SupersededCode,
        Self::NoPaymentCode,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::InvalidBody,
        Self::UnsupportedMediaType,
        Self::PayloadTooLarge,
        Self::VersionConflict,
        Self::NotConfigured,
        Self::StorageUnavailable,
        Self::InvalidPhone,
        Self::RateLimited,
        Self::WrongOtp,
        Self::OtpExpired,
        Self::NotSignedIn,
        Self::InvalidToken,
        Self::TokenExpired,
        Self::SessionRevoked,
        Self::AccountDisabled,
        Self::Forbidden,
        Self::ClaimMismatch,
        Self::AlreadyExists,
        Self::UpstreamUnavailable,
    ];

    pub fn status(self) -> u16 {
        match self {
            Self::MalformedCode | Self::InvalidBody | Self::InvalidPhone => 400,
            Self::WrongOtp
            | Self::OtpExpired
            | Self::NotSignedIn
            | Self::InvalidToken
            | Self::TokenExpired
            | Self::SessionRevoked => 401,
            Self::ForgedCode | Self::AccountDisabled | Self::Forbidden | Self::ClaimMismatch => 403,
            Self::UnknownCode | Self::NotFound | Self::NoPaymentCode => 404,
            Self::MethodNotAllowed => 405,
            Self::VersionConflict | Self::AlreadyExists => 409,
            Self::RevokedCode | Self::SupersededCode => 410,
            Self::PayloadTooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::RateLimited => 429,
            Self::NotConfigured | Self::StorageUnavailable | Self::UpstreamUnavailable => 503,
        }
    }

    pub fn message(self) -> (&'static str, &'static str) {
        match self {
            Self::MalformedCode => (
                "这不是一个有效的个体码：格式不对，请重新扫码或检查输入。",
                "This is not a valid business code: it is not in the right format. Scan again or check what you typed.",
            ),
            Self::ForgedCode => (
                "这不是一个有效的个体码：校验失败，可能是伪造或输错的码。请勿付款。",
                "This is not a valid business code: it failed verification and may be forged or mistyped. Do not pay.",
            ),
            Self::UnknownCode => (
                "这不是一个有效的个体码：系统中没有这个码。",
                "This is not a valid business code: no such code exists.",
            ),
            Self::RevokedCode => (
                "这不是一个有效的个体码：此码已被注销作废。",
                "This is not a valid business code: it has been revoked.",
            ),
            Self::SupersededCode => (
                "这不是一个有效的个体码：此码已换发，旧码作废，请扫描店内的新码。",
                "This is not a valid business code: it was re-issued and this old print no longer counts. Scan the shop's new code.",
            ),
            Self::NoPaymentCode => ("该经营户未绑定收款码。", "This business has not bound a payment code."),
            Self::NotFound => ("没有这个接口。", "No such endpoint."),
            Self::MethodNotAllowed => ("此接口不支持该请求方法。", "This endpoint does not accept that method."),
            Self::InvalidBody => ("请求内容无效。", "The request body is invalid."),
            Self::UnsupportedMediaType => (
                "请求内容须为 JSON（Content-Type: application/json）。",
                "The request body must be JSON (Content-Type: application/json).",
            ),
            Self::PayloadTooLarge => ("请求内容过大。", "The request body is too large."),
            Self::VersionConflict => {
                ("该码已被他人更新，请刷新后重试。", "The code was changed by someone else; reload and try again.")
            }
            Self::NotConfigured => {
                ("服务尚未配置完成，请稍后再试。", "The service is not fully configured yet; try again later.")
            }
            Self::StorageUnavailable => {
                ("数据服务暂时不可用，请稍后再试。", "The data service is briefly unavailable; try again shortly.")
            }
            Self::InvalidPhone => ("请输入11位大陆手机号。", "Enter an 11-digit mainland mobile number."),
            Self::RateLimited => ("操作太频繁，请稍后再试。", "Too many requests; please wait and try again."),
            Self::WrongOtp => ("验证码不正确。", "That code is not right."),
            Self::OtpExpired => {
                ("验证码已失效，请重新获取。", "That code has expired or was used up; request a new one.")
            }
            Self::NotSignedIn => ("请先登录。", "Please sign in first."),
            Self::InvalidToken => ("登录凭证无效，请重新登录。", "Your sign-in is not valid; please sign in again."),
            Self::TokenExpired => {
                ("登录已过期，请刷新或重新登录。", "Your sign-in has expired; refresh it or sign in again.")
            }
            Self::SessionRevoked => {
                ("您已退出登录，请重新登录。", "This session was signed out; please sign in again.")
            }
            Self::AccountDisabled => ("该账号已停用。", "This account has been disabled."),
            Self::Forbidden => ("您无权进行此操作。", "You are not allowed to do this."),
            Self::ClaimMismatch => (
                "身份信息与该经营户登记的经营者不符。",
                "These details do not match the registered operator of this business.",
            ),
            Self::AlreadyExists => ("该记录已存在。", "That already exists."),
            Self::UpstreamUnavailable => {
                ("外部服务暂时不可用，请稍后再试。", "An outside service is briefly unavailable; try again shortly.")
            }
        }
    }
}

/// The body of every non-2xx JSON response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: ErrorKind,
    pub message_zh: String,
    pub message_en: String,
    /// Specifics, such as which field was wrong; never personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Seconds to wait before trying again, for `rate_limited`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(kind: ErrorKind) -> Self {
        let (zh, en) = kind.message();
        Self { error: kind, message_zh: zh.into(), message_en: en.into(), detail: None, retry_after: None }
    }

    pub fn rate_limited(retry_after: u64) -> Self {
        Self { retry_after: Some(retry_after), ..Self::new(ErrorKind::RateLimited) }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn status(&self) -> u16 {
        self.error.status()
    }
}

/// A value from a D1 reference table, with both labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub code: String,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicLicence {
    pub kind: LicenceKind,
    pub number: String,
    /// `YYYY-MM-DD`; absent for licences without expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    pub validity: LicenceValidity,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentCode {
    pub provider: PaymentProvider,
    pub url: String,
}

/// What anyone scanning a valid code sees. Personal data is masked before it is built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicHousehold {
    pub name: String,
    /// The operator's name, masked (张*).
    pub operator: String,
    pub uscc: String,
    pub status: HouseholdStatus,
    pub trade: Named,
    pub county: Named,
    pub address: String,
    pub established_on: String,
    pub credit_level: CreditLevel,
    pub badges: Vec<Badge>,
    pub licences: Vec<PublicLicence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentCode>,
}

/// `GET /api/codes/{code}` for a code that verifies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeProfile {
    pub verdict: Verdict,
    /// The canonical token, `<id>.<mac>`.
    pub code: String,
    /// The https URL the QR encodes.
    pub url: String,
    /// The date in China the licence validity was judged on.
    pub checked_on: String,
    pub household: PublicHousehold,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Valid,
}

/// Why a demo code is in the list: each shows the app in a different state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct DemoCode {
    pub case: DemoCase,
    pub code: String,
    pub url: String,
    pub name: String,
    pub county: String,
}

/// `GET /api/demo/codes`, served only in development configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoCodes {
    pub codes: Vec<DemoCode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
}

/// `POST /api/admin/codes/{id}/reissue`. Naming the version being replaced makes a retried
/// request harmless: it finds the re-issue already done and returns the same result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct CodeState {
    pub id: String,
    pub version: u32,
    pub revoked: bool,
    /// The URL to print for the current version.
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokeRequest {
    pub reason: RevocationReason,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub status: HouseholdStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdStatusState {
    pub uscc: String,
    pub status: HouseholdStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Departments {
    pub departments: Vec<Named>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtpRequest {
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtpSent {
    /// The number the code went to, masked.
    pub phone: String,
    pub expires_in: u64,
    /// In development the code goes to the dev inbox instead of an SMS.
    pub dev_inbox: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub phone: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WechatSignInRequest {
    /// The login code from `wx.login()` in the host mini-program.
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketRef {
    pub id: i64,
    pub name: String,
}

/// The signed-in person as they see themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTokens {
    pub access_token: String,
    pub access_expires_in: u64,
    pub refresh_token: String,
    pub me: Me,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevMessage {
    pub phone: String,
    pub text: String,
    pub sent_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevInbox {
    pub messages: Vec<DevMessage>,
}

/// A household as its owner sees it in "my businesses".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnedHousehold {
    pub uscc: String,
    pub name: String,
    pub status: HouseholdStatus,
    /// The code to open its page with.
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyHouseholds {
    pub households: Vec<OwnedHousehold>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRequest {
    pub uscc: String,
    pub id_number: String,
}

/// The owner's own view: the operator's details unmasked, which only owners are shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateHousehold {
    pub uscc: String,
    pub name: String,
    pub operator_name: String,
    pub operator_phone: String,
    pub operator_id_number: String,
    pub status: HouseholdStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorRequest {
    pub name: String,
    pub id_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    pub id: i64,
    pub department: Named,
    /// The inspector's name, masked: inspection history is shared across departments.
    pub inspector: String,
    pub inspected_on: String,
    pub result: InspectionResult,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspections {
    pub inspections: Vec<Inspection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectionRequest {
    /// The business code scanned on site.
    pub code: String,
    pub result: InspectionResult,
    pub notes: String,
}

pub const MAX_NOTES_CHARS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketView {
    pub id: i64,
    pub name: String,
    pub county: Named,
    pub address: String,
    pub managers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    pub name: String,
    pub phone: String,
    pub roles: Vec<Role>,
    /// Required for staff and department heads, refused for anyone else.
    #[serde(default)]
    pub department: Option<String>,
    /// Required for market managers.
    #[serde(default)]
    pub markets: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonState {
    pub id: i64,
    pub name: String,
    pub roles: Vec<Role>,
    pub disabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisabledChange {
    pub disabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub actor: String,
    pub action: String,
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The state before, as the JSON text recorded.
    pub before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The state after, as the JSON text recorded.
    pub after: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_before: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn routes_match_templates_and_extract_parameters() {
        assert_eq!(
            Endpoint::route("GET", "/api/codes/abc.def"),
            Route::Found(Endpoint::CodeProfile, vec!["abc.def".into()])
        );
        assert_eq!(
            Endpoint::route("GET", "/api/codes/abc.def/qr.svg"),
            Route::Found(Endpoint::CodeQr, vec!["abc.def".into()])
        );
        assert_eq!(Endpoint::route("POST", "/api/codes/abc"), Route::MethodNotAllowed);
        assert_eq!(Endpoint::route("GET", "/api/codes/"), Route::NotFound);
        assert_eq!(Endpoint::route("GET", "/api/codes/a/b"), Route::NotFound);
        assert_eq!(Endpoint::route("GET", "/api/nothing"), Route::NotFound);
        assert_eq!(Endpoint::route("POST", "/api/me/households/claim"), Route::Found(Endpoint::ClaimHousehold, vec![]));
        assert_eq!(
            Endpoint::route("GET", "/api/me/households/92330302MA0001181Q"),
            Route::Found(Endpoint::MyHousehold, vec!["92330302MA0001181Q".into()])
        );
    }

    #[test]
    fn reissue_creates_the_next_version_only_from_a_real_one() {
        let next = |v| ReissueRequest { replaces_version: v }.next_version();
        assert_eq!(next(1), Some(2));
        assert_eq!(next(0), None);
        assert_eq!(next(u32::MAX), None);
    }

    #[test]
    fn scoped_access_names_its_resource_in_the_path() {
        for &endpoint in Endpoint::ALL {
            let needs = match endpoint.access() {
                Access::DepartmentMember => Some("{dept}"),
                Access::MarketManager => Some("{market}"),
                Access::HouseholdOwner => Some("{uscc}"),
                _ => None,
            };
            if let Some(param) = needs {
                assert!(endpoint.path().contains(param), "{endpoint:?} is scoped by {param}");
            }
        }
    }

    #[test]
    fn writes_are_never_public_except_sign_in() {
        for &endpoint in Endpoint::ALL {
            if endpoint.method() != Method::Get && endpoint.access() == Access::Public {
                assert!(endpoint.path().starts_with("/api/auth/"), "{endpoint:?} writes without a caller");
            }
        }
    }

    fn documented() -> Value {
        serde_json::from_str(OPENAPI_JSON).expect("openapi.json is JSON")
    }

    #[test]
    fn openapi_documents_every_endpoint() {
        let doc = documented();
        assert_eq!(doc["openapi"].as_str().map(|v| &v[..3]), Some("3.1"));
        for endpoint in Endpoint::ALL {
            let operation = &doc["paths"][endpoint.path()][endpoint.method().as_str().to_lowercase()];
            assert!(operation.is_object(), "{endpoint:?} missing from openapi.json");
            assert!(operation["responses"].is_object(), "{endpoint:?} has no responses");
        }
    }

    #[test]
    fn openapi_documents_nothing_that_is_not_served() {
        let doc = documented();
        for (path, operations) in doc["paths"].as_object().unwrap() {
            for method in operations.as_object().unwrap().keys() {
                let served =
                    Endpoint::ALL.iter().any(|e| e.path() == path && e.method().as_str().eq_ignore_ascii_case(method));
                assert!(served, "{method} {path} is documented but not routed");
            }
        }
    }

    #[test]
    fn every_error_kind_is_documented_with_a_4xx_or_503() {
        let doc = documented();
        let kinds = &doc["components"]["schemas"]["ApiError"]["properties"]["error"]["enum"];
        let kinds: Vec<&str> = kinds.as_array().unwrap().iter().filter_map(Value::as_str).collect();
        for &kind in ErrorKind::ALL {
            let wire = serde_json::to_value(kind).unwrap();
            assert!(kinds.contains(&wire.as_str().unwrap()), "{kind:?} not in ApiError schema");
            let status = kind.status();
            assert!((400..500).contains(&status) || status == 503, "{kind:?} → {status}");
            let (zh, en) = kind.message();
            assert!(!zh.is_ascii() && !en.is_empty());
        }
    }
}
