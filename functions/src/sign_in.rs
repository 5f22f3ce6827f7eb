//! Signing in: one-time codes by text message, phone sign-in, WeChat mini-program sign-in,
//! and refreshing a session.

use crate::context::Ctx;
use crate::http::Outcome;
use crate::{limits, people, random, sessions, sms};
use getima_domain::api::{
    ApiError, Bilingual, ErrorKind, FieldError, OtpRequest, OtpSent, RefreshRequest, SessionTokens, SignInRequest,
    WechatSignInRequest, endpoints,
};
use getima_domain::masking;
use getima_domain::people::{
    OTP_LIMIT_PER_IP, OTP_LIMITS_PER_PHONE, OTP_MAX_ATTEMPTS, OTP_TTL_SECONDS, otp_from_random, parse_mobile,
};
use getima_domain::pii::Field;
use getima_domain::sessions::secret_digest;
use serde::{Deserialize, Serialize};
use worker::{Fetch, Url};

use crate::config::Config;

fn error(kind: ErrorKind) -> ApiError {
    ApiError::new(kind)
}

#[derive(Serialize, Deserialize)]
struct PendingOtp {
    digest: String,
    attempts: u32,
}

fn otp_key(config: &Config, phone: &str) -> String {
    format!("otp:{}", config.pii.fingerprint(Field::Phone, phone))
}

fn mobile(raw: &str) -> Outcome<String> {
    Ok(parse_mobile(raw).map_err(|e| {
        let (zh, en) = e.bilingual();
        ApiError { fields: vec![FieldError::new("phone", zh, en)], ..error(ErrorKind::InvalidPhone) }
    })?)
}

pub async fn request_otp(ctx: Ctx<endpoints::RequestOtp>, body: OtpRequest) -> Outcome<OtpSent> {
    let config = &ctx.config;
    let phone = mobile(&body.phone)?;
    let ip = ctx.client_ip.as_deref().unwrap_or("unknown");
    limits::take(config, &format!("ip:{ip}"), &[OTP_LIMIT_PER_IP]).await?;
    limits::take(config, &config.pii.fingerprint(Field::Phone, &phone), &OTP_LIMITS_PER_PHONE).await?;
    let code = otp_from_random(random::u32()?);
    let pending = PendingOtp { digest: secret_digest(&format!("{phone}:{code}")), attempts: 0 };
    config.cache.put(&otp_key(config, &phone), &pending)?.expiration_ttl(OTP_TTL_SECONDS).execute().await?;
    let text = format!("【个体码】验证码 {code}，5分钟内有效，请勿告诉他人。Getima code {code}, valid 5 minutes.");
    sms::send(config, &phone, &text).await?;
    Ok(OtpSent { phone: masking::phone(&phone), expires_in: OTP_TTL_SECONDS, dev_inbox: config.development })
}

pub async fn with_phone(ctx: Ctx<endpoints::SignIn>, body: SignInRequest) -> Outcome<SessionTokens> {
    let config = &ctx.config;
    let phone = mobile(&body.phone)?;
    let key = otp_key(config, &phone);
    let mut pending = config.cache.get(&key).json::<PendingOtp>().await?.ok_or_else(|| error(ErrorKind::OtpExpired))?;
    if pending.digest != secret_digest(&format!("{phone}:{}", body.code.trim())) {
        pending.attempts += 1;
        let left = OTP_MAX_ATTEMPTS.saturating_sub(pending.attempts);
        if left == 0 {
            config.cache.delete(&key).await?;
        } else {
            config.cache.put(&key, &pending)?.expiration_ttl(OTP_TTL_SECONDS).execute().await?;
        }
        return Err(error(ErrorKind::WrongOtp)
            .with_message(
                format!("验证码不正确，还可尝试 {left} 次。"),
                format!("That code is not right; {left} attempts left."),
            )
            .into());
    }
    // One use only.
    config.cache.delete(&key).await?;
    let person_id = people::find_or_create(config, Field::Phone, &phone).await?;
    if config.bootstrap_admin_phone.as_deref() == Some(phone.as_str()) {
        people::grant_admin_if_none(config, person_id).await?;
    }
    sessions::start(config, person_id, None).await
}

#[derive(Deserialize)]
struct Code2Session {
    openid: Option<String>,
    errcode: Option<i64>,
    errmsg: Option<String>,
}

/// Exchanges a `wx.login()` code for the user's openid with WeChat's code2Session.
pub async fn with_wechat(ctx: Ctx<endpoints::WechatSignIn>, body: WechatSignInRequest) -> Outcome<SessionTokens> {
    let config = &ctx.config;
    let wechat = config.wechat.as_ref().ok_or_else(|| {
        worker::console_error!("not configured: WECHAT_APP_ID / WECHAT_APP_SECRET");
        error(ErrorKind::NotConfigured)
    })?;
    let code = body.code.trim();
    if code.is_empty() || code.len() > 128 {
        return Err(ApiError::invalid("code", "须为 wx.login() 返回的登录码", "The login code from wx.login()").into());
    }
    let mut url = Url::parse(&format!("{}/sns/jscode2session", wechat.api_base.trim_end_matches('/')))
        .map_err(|_| error(ErrorKind::NotConfigured))?;
    url.query_pairs_mut()
        .append_pair("appid", &wechat.app_id)
        .append_pair("secret", &wechat.app_secret)
        .append_pair("js_code", code)
        .append_pair("grant_type", "authorization_code");
    let unavailable = || error(ErrorKind::UpstreamUnavailable).with_detail("WeChat");
    let mut response = Fetch::Url(url).send().await.map_err(|_| unavailable())?;
    if response.status_code() != 200 {
        return Err(unavailable().into());
    }
    let answer: Code2Session = response.json().await.map_err(|_| unavailable())?;
    let openid = match (answer.openid, answer.errcode) {
        (Some(openid), None | Some(0)) if !openid.is_empty() => openid,
        (_, Some(code)) => {
            return Err(error(ErrorKind::InvalidToken)
                .with_detail(format!("WeChat {code}: {}", answer.errmsg.unwrap_or_default()))
                .into());
        }
        _ => return Err(unavailable().into()),
    };
    let person_id = people::find_or_create(config, Field::WechatOpenId, &openid).await?;
    sessions::start(config, person_id, None).await
}

pub async fn refresh(ctx: Ctx<endpoints::Refresh>, body: RefreshRequest) -> Outcome<SessionTokens> {
    sessions::rotate(&ctx.config, &body.refresh_token).await
}
