//! Errors: every non-2xx answer is an [`ApiError`] with a machine-readable kind, its HTTP
//! status, and a message in zh-CN and English; invalid input also names each bad field.

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

error_kinds! {
    MalformedCode = 400, "这不是一个有效的个体码：格式不对，请重新扫码或检查输入。",
        "This is not a valid business code: it is not in the right format. Scan again or check what you typed.";
    ForgedCode = 403, "这不是一个有效的个体码：校验失败，可能是伪造或输错的码。请勿付款。",
        "This is not a valid business code: it failed verification and may be forged or mistyped. Do not pay.";
    UnknownCode = 404, "这不是一个有效的个体码：系统中没有这个码。", "This is not a valid business code: no such code exists.";
    RevokedCode = 410, "这不是一个有效的个体码：此码已被注销作废。", "This is not a valid business code: it has been revoked.";
    SupersededCode = 410, "这不是一个有效的个体码：此码已换发，旧码作废，请扫描店内的新码。",
        "This is not a valid business code: it was re-issued and this old print no longer counts. Scan the shop's new code.";
    NoPaymentCode = 404, "该经营户未绑定收款码。", "This business has not bound a payment code.";
    NotFound = 404, "没有找到。", "Not found.";
    MethodNotAllowed = 405, "此接口不支持该请求方法。", "This endpoint does not accept that method.";
    /// The body or query is not what the endpoint takes; `fields` says what is wrong where.
    InvalidBody = 400, "请检查填写的内容。", "Please check what you entered.";
    UnsupportedMediaType = 415, "请求内容须为 JSON（Content-Type: application/json）。",
        "The request body must be JSON (Content-Type: application/json).";
    PayloadTooLarge = 413, "请求内容过大。", "The request body is too large.";
    VersionConflict = 409, "该码已被他人更新，请刷新后重试。", "The code was changed by someone else; reload and try again.";
    NotConfigured = 503, "服务尚未配置完成，请稍后再试。", "The service is not fully configured yet; try again later.";
    StorageUnavailable = 503, "数据服务暂时不可用，请稍后再试。", "The data service is briefly unavailable; try again shortly.";
    InvalidPhone = 400, "请输入11位大陆手机号。", "Enter an 11-digit mainland mobile number.";
    RateLimited = 429, "操作太频繁，请稍后再试。", "Too many requests; please wait and try again.";
    /// The network is busy: the request goes through with the proof of work in `challenge`
    /// solved (the app does it by itself; see `crate::pow`).
    ChallengeRequired = 429, "当前网络请求较多，正在进行安全验证，请稍候。",
        "Many requests come from this network; checking this one, please wait.";
    WrongOtp = 401, "验证码不正确。", "That code is not right.";
    OtpExpired = 401, "验证码已失效，请重新获取。", "That code has expired or was used up; request a new one.";
    NotSignedIn = 401, "请先登录。", "Please sign in first.";
    InvalidToken = 401, "登录凭证无效，请重新登录。", "Your sign-in is not valid; please sign in again.";
    TokenExpired = 401, "登录已过期，请刷新或重新登录。", "Your sign-in has expired; refresh it or sign in again.";
    SessionRevoked = 401, "您已退出登录，请重新登录。", "This session was signed out; please sign in again.";
    AccountDisabled = 403, "该账号已停用。", "This account has been disabled.";
    Forbidden = 403, "您无权进行此操作。", "You are not allowed to do this.";
    ClaimMismatch = 403, "身份信息与该经营户登记的经营者不符。",
        "These details do not match the registered operator of this business.";
    AlreadyExists = 409, "该记录已存在。", "That already exists.";
    /// An application about a business its status rules out (suspending a closed one), or
    /// one filed while another for it is still being handled.
    NotNow = 409, "这个个体户目前不能办理此事项。", "This cannot be applied for this business now.";
    /// A resubmission of an application no department returned, already sent again, or refused.
    NothingToCorrect = 409, "这份申请没有待补正的内容。", "This application has nothing waiting to be corrected.";
    /// 首问负责: another staff member claimed the appeal and answers for it.
    AppealTaken = 409, "这件诉求已由其他工作人员受理，由其负责到底。", "Another staff member has taken this appeal and answers for it.";
    /// Every task of the application is decided: there is nothing left to withdraw.
    NothingToWithdraw = 409, "这份申请已办理完毕，无法撤回。", "This application is already decided and cannot be withdrawn.";
    /// A task another reviewer holds: only they decide it, until they give it back or the
    /// head reassigns it.
    TaskTaken = 409, "这项待办已由同事认领，请联系其本人或部门负责人。",
        "A colleague has taken this task; ask them or the head of department.";
    /// Someone else holds this stall for this session.
    StallTaken = 409, "这个摊位这一场已被预约，请选择其他摊位。", "Someone has booked this stall for this session; choose another.";
    /// One of the zone's per-person limits (per session, per week) is reached.
    BookingLimit = 409, "已达到预约上限。", "You have reached the booking limit.";
    /// The most applications to open a business one person may have open at once
    /// (`registration::MAX_OPEN_APPLICATIONS`) are being handled.
    TooManyOpenApplications = 409, "您已有3份开店申请正在办理，请等其中一份办结或撤回后再提交。",
        "You already have 3 applications to open a business being handled; wait until one is done or withdraw one first.";
    /// A filed photo of a material no returned task asks to correct: it stays as decided on.
    PhotoNotCorrectable = 409, "这项材料没有被要求补正，已提交的照片不能删除或更换。",
        "No department asked to correct this material, so its filed photos cannot be removed or replaced.";
    UpstreamUnavailable = 503, "外部服务暂时不可用，请稍后再试。", "An outside service is briefly unavailable; try again shortly.";
    /// A broken invariant on our side; `error_id` points at the log line.
    Internal = 500, "系统出错了，我们会尽快处理。请稍后再试。", "Something went wrong on our side. Please try again later.";
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
