//! The HTTP API's contract: endpoints, request and response bodies, and errors. The Worker
//! routes by [`Endpoint`], the app and tests decode these same types, and `openapi.json`
//! (checked against [`Endpoint::ALL`] by the tests below) documents them.

use crate::households::{
    Badge, CreditLevel, HouseholdStatus, LicenceKind, LicenceValidity, PaymentProvider,
    RevocationReason,
};
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
}

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
    ];

    pub fn method(self) -> Method {
        match self {
            Self::AdminReissueCode | Self::AdminRevokeCode => Method::Post,
            Self::AdminHouseholdStatus => Method::Put,
            _ => Method::Get,
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
        }
    }

    /// Matches a request path against the templates. A template parameter matches one
    /// non-empty segment, returned in order.
    pub fn route(method: &str, path: &str) -> Route {
        let mut path_matched = false;
        for &endpoint in Self::ALL {
            if let Some(params) = match_template(endpoint.path(), path) {
                if endpoint.method().as_str() == method {
                    return Route::Found(endpoint, params);
                }
                path_matched = true;
            }
        }
        if path_matched {
            Route::MethodNotAllowed
        } else {
            Route::NotFound
        }
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
    Unauthorized,
    InvalidBody,
    UnsupportedMediaType,
    PayloadTooLarge,
    VersionConflict,
    NotConfigured,
    StorageUnavailable,
}

impl ErrorKind {
    pub fn status(self) -> u16 {
        match self {
            Self::MalformedCode | Self::InvalidBody => 400,
            Self::Unauthorized => 401,
            Self::ForgedCode => 403,
            Self::UnknownCode | Self::NotFound | Self::NoPaymentCode => 404,
            Self::MethodNotAllowed => 405,
            Self::VersionConflict => 409,
            Self::RevokedCode | Self::SupersededCode => 410,
            Self::PayloadTooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::NotConfigured | Self::StorageUnavailable => 503,
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
            Self::NoPaymentCode => (
                "该经营户未绑定收款码。",
                "This business has not bound a payment code.",
            ),
            Self::NotFound => ("没有这个接口。", "No such endpoint."),
            Self::MethodNotAllowed => (
                "此接口不支持该请求方法。",
                "This endpoint does not accept that method.",
            ),
            Self::Unauthorized => (
                "需要有效的管理凭证。",
                "A valid admin credential is required.",
            ),
            Self::InvalidBody => ("请求内容无效。", "The request body is invalid."),
            Self::UnsupportedMediaType => (
                "请求内容须为 JSON（Content-Type: application/json）。",
                "The request body must be JSON (Content-Type: application/json).",
            ),
            Self::PayloadTooLarge => ("请求内容过大。", "The request body is too large."),
            Self::VersionConflict => (
                "该码已被他人更新，请刷新后重试。",
                "The code was changed by someone else; reload and try again.",
            ),
            Self::NotConfigured => (
                "服务尚未配置完成，请稍后再试。",
                "The service is not fully configured yet; try again later.",
            ),
            Self::StorageUnavailable => (
                "数据服务暂时不可用，请稍后再试。",
                "The data service is briefly unavailable; try again shortly.",
            ),
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
}

impl ApiError {
    pub fn new(kind: ErrorKind) -> Self {
        let (zh, en) = kind.message();
        Self {
            error: kind,
            message_zh: zh.into(),
            message_en: en.into(),
            detail: None,
        }
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
        if self.replaces_version == 0 {
            None
        } else {
            self.replaces_version.checked_add(1)
        }
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
        assert_eq!(
            Endpoint::route("POST", "/api/codes/abc"),
            Route::MethodNotAllowed
        );
        assert_eq!(Endpoint::route("GET", "/api/codes/"), Route::NotFound);
        assert_eq!(Endpoint::route("GET", "/api/codes/a/b"), Route::NotFound);
        assert_eq!(Endpoint::route("GET", "/api/nothing"), Route::NotFound);
    }

    #[test]
    fn reissue_creates_the_next_version_only_from_a_real_one() {
        let next = |v| {
            ReissueRequest {
                replaces_version: v,
            }
            .next_version()
        };
        assert_eq!(next(1), Some(2));
        assert_eq!(next(0), None);
        assert_eq!(next(u32::MAX), None);
    }

    fn documented() -> Value {
        serde_json::from_str(OPENAPI_JSON).expect("openapi.json is JSON")
    }

    #[test]
    fn openapi_documents_every_endpoint() {
        let doc = documented();
        assert_eq!(doc["openapi"].as_str().map(|v| &v[..3]), Some("3.1"));
        for endpoint in Endpoint::ALL {
            let operation =
                &doc["paths"][endpoint.path()][endpoint.method().as_str().to_lowercase()];
            assert!(
                operation.is_object(),
                "{endpoint:?} missing from openapi.json"
            );
            assert!(
                operation["responses"].is_object(),
                "{endpoint:?} has no responses"
            );
        }
    }

    #[test]
    fn openapi_documents_nothing_that_is_not_served() {
        let doc = documented();
        for (path, operations) in doc["paths"].as_object().unwrap() {
            for method in operations.as_object().unwrap().keys() {
                let served = Endpoint::ALL
                    .iter()
                    .any(|e| e.path() == path && e.method().as_str().eq_ignore_ascii_case(method));
                assert!(served, "{method} {path} is documented but not routed");
            }
        }
    }

    #[test]
    fn every_error_kind_is_documented_with_a_4xx_or_503() {
        let doc = documented();
        let kinds = &doc["components"]["schemas"]["ApiError"]["properties"]["error"]["enum"];
        let kinds: Vec<&str> = kinds
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for kind in [
            ErrorKind::MalformedCode,
            ErrorKind::ForgedCode,
            ErrorKind::UnknownCode,
            ErrorKind::RevokedCode,
            ErrorKind::SupersededCode,
            ErrorKind::NoPaymentCode,
            ErrorKind::NotFound,
            ErrorKind::MethodNotAllowed,
            ErrorKind::Unauthorized,
            ErrorKind::InvalidBody,
            ErrorKind::UnsupportedMediaType,
            ErrorKind::PayloadTooLarge,
            ErrorKind::VersionConflict,
            ErrorKind::NotConfigured,
            ErrorKind::StorageUnavailable,
        ] {
            let wire = serde_json::to_value(kind).unwrap();
            assert!(
                kinds.contains(&wire.as_str().unwrap()),
                "{kind:?} not in ApiError schema"
            );
            let status = kind.status();
            assert!(
                (400..500).contains(&status) || status == 503,
                "{kind:?} → {status}"
            );
            let (zh, en) = kind.message();
            assert!(!zh.is_ascii() && !en.is_empty());
        }
    }
}
