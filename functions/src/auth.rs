//! Who is calling, and whether they may: sessions, sign-in by phone or WeChat, and the one
//! place every endpoint's declared [`Access`] is checked.

use crate::config::Config;
use crate::http::Outcome;
use crate::random::{self, now};
use crate::{limits, people, sms};
use getima_domain::api::{
    Access, ApiError, Endpoint, ErrorKind, OtpRequest, OtpSent, RefreshRequest, SessionTokens, SignInRequest,
    WechatSignInRequest,
};
use getima_domain::masking;
use getima_domain::people::{
    OTP_LIMIT_PER_IP, OTP_LIMITS_PER_PHONE, OTP_MAX_ATTEMPTS, OTP_TTL_SECONDS, Role, otp_from_random, parse_mobile,
};
use getima_domain::pii::Field;
use getima_domain::sessions::{ACCESS_TTL_SECONDS, Claims, REFRESH_TTL_SECONDS, TokenError, secret_digest};
use serde::{Deserialize, Serialize};
use worker::{Fetch, Request, Url};

/// A signed-in person, as loaded for this request.
pub struct Caller {
    pub person_id: i64,
    pub session_id: String,
    pub roles: Vec<Role>,
    pub department: Option<String>,
    pub markets: Vec<i64>,
}

impl Caller {
    pub fn has_any(&self, roles: &[Role]) -> bool {
        self.roles.iter().any(|r| roles.contains(r))
    }
}

fn error(kind: ErrorKind) -> ApiError {
    ApiError::new(kind)
}

fn session_key(person_id: i64, session_id: &str) -> String {
    format!("session:{person_id}:{session_id}")
}

#[derive(Serialize, Deserialize)]
struct StoredSession {
    refresh_digest: String,
}

/// Reads and checks the bearer token; every failure is a 401 that says which.
async fn caller(config: &Config, req: &Request) -> Outcome<Caller> {
    let header = req.headers().get("authorization")?.ok_or_else(|| error(ErrorKind::NotSignedIn))?;
    let token = header.strip_prefix("Bearer ").ok_or_else(|| error(ErrorKind::InvalidToken))?;
    let claims = config.session_key.verify(token.trim(), now()).map_err(|e| {
        error(match e {
            TokenError::Expired => ErrorKind::TokenExpired,
            TokenError::Malformed | TokenError::BadSignature => ErrorKind::InvalidToken,
        })
    })?;
    let key = session_key(claims.person_id, &claims.session_id);
    if config.cache.get(&key).text().await?.is_none() {
        return Err(error(ErrorKind::SessionRevoked).into());
    }
    let person = people::load(config, claims.person_id).await?.ok_or_else(|| error(ErrorKind::InvalidToken))?;
    if person.disabled {
        return Err(error(ErrorKind::AccountDisabled).into());
    }
    Ok(Caller {
        person_id: person.id,
        session_id: claims.session_id,
        roles: person.roles,
        department: person.department.map(|d| d.code),
        markets: person.markets.into_iter().map(|m| m.id).collect(),
    })
}

/// Checks an endpoint's declared access for this request. `param` is the path's first
/// parameter, which scoped access refers to.
pub async fn authorise(config: &Config, endpoint: Endpoint, req: &Request, param: &str) -> Outcome<Option<Caller>> {
    let access = endpoint.access();
    let forbidden = || -> crate::http::Failure { error(ErrorKind::Forbidden).into() };
    match access {
        Access::Public => return Ok(None),
        Access::DevelopmentOnly if config.development => return Ok(None),
        Access::DevelopmentOnly => return Err(error(ErrorKind::NotFound).into()),
        _ => {}
    }
    let caller = caller(config, req).await?;
    let allowed = match access {
        Access::SignedIn => true,
        Access::AnyRole(roles) => caller.has_any(roles),
        Access::DepartmentMember => {
            caller.has_any(&[Role::Staff, Role::DepartmentHead]) && caller.department.as_deref() == Some(param)
        }
        Access::MarketManager => {
            caller.has_any(&[Role::Admin])
                || (caller.has_any(&[Role::MarketManager])
                    && param.parse::<i64>().is_ok_and(|m| caller.markets.contains(&m)))
        }
        Access::HouseholdOwner => crate::owners::owns(config, caller.person_id, param).await?,
        Access::Public | Access::DevelopmentOnly => true,
    };
    if !allowed {
        return Err(forbidden());
    }
    Ok(Some(caller))
}

/// Starts a session: a short-lived signed access token and a one-use refresh token.
async fn start_session(config: &Config, person_id: i64, session_id: Option<String>) -> Outcome<SessionTokens> {
    let person = people::load(config, person_id).await?.ok_or_else(|| error(ErrorKind::InvalidToken))?;
    if person.disabled {
        return Err(error(ErrorKind::AccountDisabled).into());
    }
    let session_id = match session_id {
        Some(id) => id,
        None => random::hex::<16>()?,
    };
    let refresh_token = format!("{person_id}.{session_id}.{}", random::hex::<32>()?);
    let stored = StoredSession { refresh_digest: secret_digest(&refresh_token) };
    config
        .cache
        .put(&session_key(person_id, &session_id), &stored)?
        .expiration_ttl(REFRESH_TTL_SECONDS)
        .execute()
        .await?;
    let access_token =
        config.session_key.sign(&Claims { session_id, person_id, expires_at: now() + ACCESS_TTL_SECONDS });
    Ok(SessionTokens { access_token, access_expires_in: ACCESS_TTL_SECONDS, refresh_token, me: person.me(config) })
}

#[derive(Serialize, Deserialize)]
struct PendingOtp {
    digest: String,
    attempts: u32,
}

fn otp_key(config: &Config, phone: &str) -> String {
    format!("otp:{}", config.pii.fingerprint(Field::Phone, phone))
}

fn client_ip(req: &Request) -> Outcome<String> {
    // Cloudflare sets this on every request at the edge; clients cannot forge it there.
    Ok(req.headers().get("cf-connecting-ip")?.unwrap_or_else(|| "unknown".into()))
}

pub async fn request_otp(config: &Config, req: &Request, body: OtpRequest) -> Outcome<OtpSent> {
    let phone = parse_mobile(&body.phone).map_err(|_| error(ErrorKind::InvalidPhone))?;
    limits::take(config, &format!("ip:{}", client_ip(req)?), &[OTP_LIMIT_PER_IP]).await?;
    limits::take(config, &config.pii.fingerprint(Field::Phone, &phone), &OTP_LIMITS_PER_PHONE).await?;
    let code = otp_from_random(random::u32()?);
    let pending = PendingOtp { digest: secret_digest(&format!("{phone}:{code}")), attempts: 0 };
    config.cache.put(&otp_key(config, &phone), &pending)?.expiration_ttl(OTP_TTL_SECONDS).execute().await?;
    let text = format!("【个体码】验证码 {code}，5分钟内有效，请勿告诉他人。Getima code {code}, valid 5 minutes.");
    sms::send(config, &phone, &text).await?;
    Ok(OtpSent { phone: masking::phone(&phone), expires_in: OTP_TTL_SECONDS, dev_inbox: config.development })
}

pub async fn sign_in(config: &Config, body: SignInRequest) -> Outcome<SessionTokens> {
    let phone = parse_mobile(&body.phone).map_err(|_| error(ErrorKind::InvalidPhone))?;
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
            .with_detail(format!("还可尝试 {left} 次 / {left} attempts left"))
            .into());
    }
    // One use only.
    config.cache.delete(&key).await?;
    let person_id = people::find_or_create(config, Field::Phone, &phone).await?;
    if config.bootstrap_admin_phone.as_deref() == Some(phone.as_str()) {
        people::grant_admin_if_none(config, person_id).await?;
    }
    start_session(config, person_id, None).await
}

#[derive(Deserialize)]
struct Code2Session {
    openid: Option<String>,
    errcode: Option<i64>,
    errmsg: Option<String>,
}

/// Exchanges a `wx.login()` code for the user's openid with WeChat's code2Session.
pub async fn wechat_sign_in(config: &Config, body: WechatSignInRequest) -> Outcome<SessionTokens> {
    let wechat = config.wechat.as_ref().ok_or_else(|| {
        worker::console_error!("not configured: WECHAT_APP_ID / WECHAT_APP_SECRET");
        error(ErrorKind::NotConfigured)
    })?;
    let code = body.code.trim();
    if code.is_empty() || code.len() > 128 {
        return Err(error(ErrorKind::InvalidBody).with_detail("code: the wx.login() code").into());
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
    start_session(config, person_id, None).await
}

/// Rotates a refresh token. Presenting one that was already rotated means it leaked: the
/// whole session ends.
pub async fn refresh(config: &Config, body: RefreshRequest) -> Outcome<SessionTokens> {
    let token = body.refresh_token.trim();
    let mut parts = token.splitn(3, '.');
    let (Some(person), Some(session_id), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(error(ErrorKind::InvalidToken).into());
    };
    let person_id: i64 = person.parse().map_err(|_| error(ErrorKind::InvalidToken))?;
    let key = session_key(person_id, session_id);
    let stored =
        config.cache.get(&key).json::<StoredSession>().await?.ok_or_else(|| error(ErrorKind::SessionRevoked))?;
    if stored.refresh_digest != secret_digest(token) {
        config.cache.delete(&key).await?;
        return Err(error(ErrorKind::SessionRevoked).with_detail("refresh token reused").into());
    }
    start_session(config, person_id, Some(session_id.to_string())).await
}

pub async fn sign_out(config: &Config, caller: &Caller) -> Outcome<()> {
    Ok(config.cache.delete(&session_key(caller.person_id, &caller.session_id)).await?)
}

/// Ends every session of a person (when an admin disables them).
pub async fn end_all_sessions(config: &Config, person_id: i64) -> Outcome<()> {
    let listed = config.cache.list().prefix(format!("session:{person_id}:")).execute().await?;
    for key in listed.keys {
        config.cache.delete(&key.name).await?;
    }
    Ok(())
}
