//! Signing in: one-time codes by text message, phone sign-in, WeChat mini-program sign-in,
//! and refreshing a session.

use crate::context::Ctx;
use crate::http::Outcome;
use crate::people::Consent;
use crate::{accounts::proofs, accounts::sms, clock, d1, limits, people, random, sessions};
use getima_domain::accounts::sessions::secret_digest;
use getima_domain::accounts::{OTP_MAX_ATTEMPTS, is_otp, otp_from_random};
use getima_domain::api::{
    ApiError, ErrorKind, OtpRequest, OtpSent, RefreshRequest, SessionTokens, SignInRequest, WechatSignInRequest,
    endpoints,
};
use getima_domain::limits::{CODES_PER_PHONE, FREE_CODES_PER_NETWORK, client_network};
use getima_domain::masking;
use getima_domain::pii::Field;
use serde::Deserialize;
use worker::{Fetch, Url};

fn error(kind: ErrorKind) -> ApiError {
    ApiError::new(kind)
}

fn code_digest(phone: &str, code: &str) -> String {
    secret_digest(&format!("{phone}:{code}"))
}

pub async fn request_otp(ctx: Ctx<endpoints::RequestOtp>, body: OtpRequest) -> Outcome<OtpSent> {
    let config = &ctx.config;
    let phone = sms::mobile(&body.phone)?;
    // A network's free codes first, then a proof of work for each: never a refusal, so the
    // next honest person behind a busy carrier address always gets their code.
    let network = client_network(ctx.client_ip.as_deref());
    match &body.proof {
        Some(proof) => proofs::spend(config, &network, proof).await?,
        None => {
            if limits::try_take(config, &format!("client:{network}"), FREE_CODES_PER_NETWORK).await?.is_none() {
                return Err(proofs::required(config, &network).await?);
            }
        }
    }
    let phone_hash = config.pii.fingerprint(Field::Phone, &phone);
    limits::take(config, &format!("phone:{phone_hash}"), &CODES_PER_PHONE).await?;
    let code = otp_from_random(random::u32()?);
    let ttl = config.sign_in_code_ttl;
    // A new code replaces the old one, and with it the old one's wrong guesses: the
    // per-phone limit above is what bounds the guesses a phone can take.
    config
        .db
        .prepare(
            "INSERT INTO sign_in_codes (phone_hash, digest, wrong_guesses, expires_at) VALUES (?1, ?2, 0, ?3)
             ON CONFLICT (phone_hash) DO UPDATE SET digest = excluded.digest, wrong_guesses = 0,
                                                    expires_at = excluded.expires_at",
        )
        .bind(&[phone_hash.into(), code_digest(&phone, &code).into(), d1::int((clock::now_seconds() + ttl) as i64)])?
        .run()
        .await?;
    let (zh_valid, en_valid) = if ttl >= 60 {
        (format!("{}分钟", ttl / 60), format!("{} minutes", ttl / 60))
    } else {
        (format!("{ttl}秒"), format!("{ttl} seconds"))
    };
    let text =
        format!("【个体码】验证码 {code}，{zh_valid}内有效，请勿告诉他人。Getima code {code}, valid {en_valid}.");
    sms::send(config, &phone, &text).await?;
    Ok(OtpSent { phone: masking::phone(&phone), expires_in: ttl, dev_inbox: config.development })
}

/// Uses up the code if it is right and still alive; otherwise counts a wrong guess, and a
/// code with no guesses left is dead. Each is one conditional statement, so a burst of
/// guesses gets exactly [`OTP_MAX_ATTEMPTS`] answers before the code is gone.
pub async fn with_phone(ctx: Ctx<endpoints::SignIn>, body: SignInRequest) -> Outcome<SessionTokens> {
    let config = &ctx.config;
    let phone = sms::mobile(&body.phone)?;
    if !is_otp(&body.code) {
        return Err(ApiError::invalid(
            "code",
            "验证码是短信里的6位数字",
            "The code is the 6 digits in the text message",
        )
        .into());
    }
    // No limit per network here: guesses are bounded per code (and codes per phone and per
    // network above), and a network's wait must never outlast a code someone already holds.
    let db = &config.db;
    let phone_hash = config.pii.fingerprint(Field::Phone, &phone);
    let now = d1::int(clock::now_seconds() as i64);
    let used = db
        .prepare(
            "DELETE FROM sign_in_codes
              WHERE phone_hash = ?1 AND digest = ?2 AND wrong_guesses < ?3 AND expires_at > ?4
          RETURNING phone_hash",
        )
        .bind(&[
            phone_hash.as_str().into(),
            code_digest(&phone, &body.code).into(),
            OTP_MAX_ATTEMPTS.into(),
            now.clone(),
        ])?
        .first::<String>(Some("phone_hash"))
        .await?;
    if used.is_none() {
        let wrong = db
            .prepare(
                "UPDATE sign_in_codes SET wrong_guesses = wrong_guesses + 1
                  WHERE phone_hash = ?1 AND wrong_guesses < ?2 AND expires_at > ?3
              RETURNING wrong_guesses",
            )
            .bind(&[phone_hash.into(), OTP_MAX_ATTEMPTS.into(), now])?
            .first::<u32>(Some("wrong_guesses"))
            .await?;
        let Some(wrong) = wrong else {
            return Err(error(ErrorKind::OtpExpired).into());
        };
        let left = OTP_MAX_ATTEMPTS.saturating_sub(wrong);
        let (zh, en) = if left == 0 {
            (
                "验证码不正确，此码已作废，请重新获取。".into(),
                "That code is not right, and it is now void; request a new one.".into(),
            )
        } else {
            (format!("验证码不正确，还可尝试 {left} 次。"), format!("That code is not right; {left} attempts left."))
        };
        return Err(error(ErrorKind::WrongOtp).with_message(zh, en).into());
    }
    // Asked after the code, so the answer never tells a stranger whether a phone has an account.
    if !body.accept_terms && !people::has_accepted_terms(config, &phone).await? {
        return Err(ApiError::invalid(
            "accept_terms",
            "请先阅读并同意隐私政策和用户协议，再重新获取验证码登录",
            "Read and agree to the privacy policy and terms, then ask for a new code to sign in",
        )
        .into());
    }
    let person_id = people::find_or_create(config, Field::Phone, &phone).await?;
    if body.accept_terms {
        people::record_consent(config, person_id, Consent::Terms).await?;
    }
    if config.bootstrap_admin_phone.as_deref() == Some(phone.as_str()) {
        people::grant_admin_if_none(config, person_id).await?;
    }
    sessions::start(config, person_id).await
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
    people::record_consent(config, person_id, Consent::WechatPrivacyGuide).await?;
    sessions::start(config, person_id).await
}

pub async fn refresh(ctx: Ctx<endpoints::Refresh>, body: RefreshRequest) -> Outcome<SessionTokens> {
    sessions::rotate(&ctx.config, &body.refresh_token).await
}
