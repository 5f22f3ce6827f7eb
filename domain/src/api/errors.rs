//! Errors: every non-2xx answer is an [`ApiError`] with a machine-readable kind, its HTTP
//! status, and a message in zh-CN and English; invalid input also names each bad field.

use crate::accounts::kinds::accounts_errors;
use crate::appeals::kinds::appeals_errors;
use crate::codes::kinds::codes_errors;
use crate::registration::kinds::registration_errors;
use crate::stalls::kinds::stalls_errors;
pub use crate::validation::Bilingual;
use serde::{Deserialize, Serialize};

macro_rules! error_kinds {
    ($($(#[$meta:meta])* $kind:ident = $status:literal, $zh:literal, $en:literal;)+) => {
        /// Machine-readable error kinds; each has its HTTP status and a bilingual message.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorKind {
            $($(#[$meta])* $kind,)+
        }

        impl ErrorKind {
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$kind,)+];

            pub fn status(self) -> u16 {
                match self { $(ErrorKind::$kind => $status,)+ }
            }

            pub fn message(self) -> (&'static str, &'static str) {
                match self { $(ErrorKind::$kind => ($zh, $en),)+ }
            }
        }
    };
}

// Every area adds its own kinds (its `kinds.rs`); those every endpoint may answer are here.
gather! {
    error_kinds, [codes_errors, accounts_errors, registration_errors, appeals_errors, stalls_errors] {
    NotFound = 404, "没有找到。", "Not found.";
    MethodNotAllowed = 405, "此接口不支持该请求方法。", "This endpoint does not accept that method.";
    /// The body or query is not what the endpoint takes; `fields` says what is wrong where.
    InvalidBody = 400, "请检查填写的内容。", "Please check what you entered.";
    UnsupportedMediaType = 415, "请求内容须为 JSON（Content-Type: application/json）。",
        "The request body must be JSON (Content-Type: application/json).";
    PayloadTooLarge = 413, "请求内容过大。", "The request body is too large.";
    NotConfigured = 503, "服务尚未配置完成，请稍后再试。", "The service is not fully configured yet; try again later.";
    StorageUnavailable = 503, "数据服务暂时不可用，请稍后再试。", "The data service is briefly unavailable; try again shortly.";
    RateLimited = 429, "操作太频繁，请稍后再试。", "Too many requests; please wait and try again.";
    Forbidden = 403, "您无权进行此操作。", "You are not allowed to do this.";
    AlreadyExists = 409, "该记录已存在。", "That already exists.";
    UpstreamUnavailable = 503, "外部服务暂时不可用，请稍后再试。", "An outside service is briefly unavailable; try again shortly.";
    /// A broken invariant on our side; `error_id` points at the log line.
    Internal = 500, "系统出错了，我们会尽快处理。请稍后再试。", "Something went wrong on our side. Please try again later.";
    }
}

/// What is wrong with one field, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FieldError {
    /// The field as the request names it (`phone`, `items[2].name`, a path parameter).
    pub field: String,
    pub message_zh: String,
    pub message_en: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self { field: field.into(), message_zh: zh.into(), message_en: en.into() }
    }
}

/// The body of every non-2xx JSON response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ApiError {
    pub error: ErrorKind,
    pub message_zh: String,
    pub message_en: String,
    /// Technical specifics for developers; never personal data, never shown as the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Every bad field of the request, each with its own message.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// Seconds to wait before trying again, for `rate_limited`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// For `internal`: the id of the log entry that holds the details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_id: Option<String>,
    /// For `challenge_required`: the proof of work that lets the request through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<crate::accounts::pow::Challenge>,
}

impl ApiError {
    pub fn new(kind: ErrorKind) -> Self {
        let (zh, en) = kind.message();
        Self {
            error: kind,
            message_zh: zh.into(),
            message_en: en.into(),
            detail: None,
            fields: Vec::new(),
            retry_after: None,
            error_id: None,
            challenge: None,
        }
    }

    /// Invalid input: one bad field.
    pub fn invalid(field: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self::invalid_fields(vec![FieldError::new(field, zh, en)])
    }

    /// Invalid input: every bad field at once.
    pub fn invalid_fields(fields: Vec<FieldError>) -> Self {
        Self { fields, ..Self::new(ErrorKind::InvalidBody) }
    }

    /// Nothing when no field is bad, else the refusal naming every one: the same answer on the
    /// phone, before sending, as from the Worker.
    pub fn unless_invalid(fields: Vec<FieldError>) -> Result<(), Self> {
        if fields.is_empty() { Ok(()) } else { Err(Self::invalid_fields(fields)) }
    }

    /// The message, and the field it is about so the app shows it next to that field.
    pub fn with_field(mut self, field: &str, zh: &str, en: &str) -> Self {
        self.fields.push(FieldError::new(field, zh, en));
        self.with_message(zh, en)
    }

    pub fn rate_limited(retry_after: u64) -> Self {
        Self { retry_after: Some(retry_after), ..Self::new(ErrorKind::RateLimited) }
    }

    pub fn internal(error_id: impl Into<String>) -> Self {
        Self { error_id: Some(error_id.into()), ..Self::new(ErrorKind::Internal) }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Replaces the kind's general message with a specific one.
    pub fn with_message(mut self, zh: impl Into<String>, en: impl Into<String>) -> Self {
        self.message_zh = zh.into();
        self.message_en = en.into();
        self
    }

    pub fn status(&self) -> u16 {
        self.error.status()
    }

    /// The message for one field, if that field was named.
    pub fn field(&self, name: &str) -> Option<&FieldError> {
        self.fields.iter().find(|f| f.field == name)
    }
}

/// A field's validation result, its failure named after the field.
pub fn field<T, E: Bilingual>(name: &str, result: Result<T, E>) -> Result<T, FieldError> {
    result.map_err(|e| {
        let (zh, en) = e.bilingual();
        FieldError::new(name, zh, en)
    })
}

/// Several fields validated together: all their values, or one 400 naming every bad field.
pub trait AllValid {
    type Values;
    fn all_valid(self) -> Result<Self::Values, ApiError>;
}

macro_rules! all_valid {
    ($($t:ident $v:ident),+) => {
        impl<$($t),+> AllValid for ($(Result<$t, FieldError>,)+) {
            type Values = ($($t,)+);

            fn all_valid(self) -> Result<Self::Values, ApiError> {
                let ($($v,)+) = self;
                match ($($v,)+) {
                    ($(Ok($v),)+) => Ok(($($v,)+)),
                    ($($v,)+) => {
                        let mut fields = Vec::new();
                        $(if let Err(e) = $v { fields.push(e); })+
                        Err(ApiError::invalid_fields(fields))
                    }
                }
            }
        }
    };
}
all_valid!(A a);
all_valid!(A a, B b);
all_valid!(A a, B b, C c);
all_valid!(A a, B b, C c, D d);
all_valid!(A a, B b, C c, D d, E e);
all_valid!(A a, B b, C c, D d, E e, F f);
all_valid!(A a, B b, C c, D d, E e, F f, G g);
all_valid!(A a, B b, C c, D d, E e, F f, G g, H h);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_kind_is_a_4xx_or_5xx_with_messages_in_both_languages() {
        for &kind in ErrorKind::ALL {
            let status = kind.status();
            assert!((400..600).contains(&status), "{kind:?} → {status}");
            let (zh, en) = kind.message();
            assert!(!zh.is_ascii() && en.is_ascii() && !en.is_empty(), "{kind:?}");
        }
    }

    #[test]
    fn only_internal_errors_are_500() {
        let five_hundreds: Vec<ErrorKind> = ErrorKind::ALL.iter().copied().filter(|k| k.status() == 500).collect();
        assert_eq!(five_hundreds, vec![ErrorKind::Internal]);
    }

    fn bad(zh: &str, en: &str) -> Result<u32, (String, String)> {
        Err((zh.into(), en.into()))
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let error = (
            field("name", bad("请填写名称", "Enter a name")),
            field("age", Ok::<_, (String, String)>(3)),
            field("phone", bad("手机号不对", "Not a mobile number")),
        )
            .all_valid()
            .unwrap_err();
        assert_eq!(error.error, ErrorKind::InvalidBody);
        assert_eq!(error.fields.len(), 2);
        assert_eq!(error.field("phone").map(|f| f.message_en.as_str()), Some("Not a mobile number"));
        let ok = (field("a", Ok::<_, (String, String)>(1)), field("b", Ok::<_, (String, String)>("x"))).all_valid();
        assert_eq!(ok, Ok((1, "x")));
    }

    #[test]
    fn empty_optional_parts_are_left_out_of_the_wire_form() {
        let json = serde_json::to_value(ApiError::new(ErrorKind::NotFound)).unwrap();
        let mut keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, vec!["error", "message_en", "message_zh"]);
    }
}
