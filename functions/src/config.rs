//! Bindings, secrets and settings, read once per request.

use crate::http::Outcome;
use getima_domain::accounts::pow::ChallengeKey;
use getima_domain::accounts::sessions::SessionKey;
use getima_domain::accounts::{OTP_TTL_SECONDS, parse_mobile};
use getima_domain::api::{ApiError, ErrorKind};
use getima_domain::codes::CodeKey;
use getima_domain::pii::PiiKeys;
use worker::{Bucket, D1Database, Env, Request, kv::KvStore};

/// WeChat mini-program sign-in (code2Session), configured by secrets.
pub struct Wechat {
    pub app_id: String,
    pub app_secret: String,
    /// `https://api.weixin.qq.com` unless overridden (tests point it at a local stand-in).
    pub api_base: String,
}

/// The HTTPS gateway that sends SMS outside development: it takes `POST {"phone", "text"}`
/// with the token as a bearer.
pub struct SmsGateway {
    pub url: String,
    pub token: String,
}

pub struct Config {
    pub db: D1Database,
    pub cache: KvStore,
    /// Photos of application materials (R2; private, served only through the API).
    pub photos: Bucket,
    pub code_key: CodeKey,
    pub session_key: SessionKey,
    /// Signs the proofs of work asked of busy networks (derived from `SESSION_KEY`).
    pub challenge_key: ChallengeKey,
    pub pii: PiiKeys,
    /// Demo conveniences (demo codes, the dev SMS inbox) exist only in development.
    pub development: bool,
    pub wechat: Option<Wechat>,
    pub sms_gateway: Option<SmsGateway>,
    /// The phone that becomes admin on signing in while no enabled admin exists: how a new
    /// deployment gets its first admin, and how one recovers from having none.
    pub bootstrap_admin_phone: Option<String>,
    public_origin: Option<String>,
    /// How long a sign-in code lives: five minutes, shorter only where a test needs to see
    /// one expire.
    pub sign_in_code_ttl: u64,
}

fn not_configured(what: &str) -> ApiError {
    worker::console_error!("not configured: {what}");
    ApiError::new(ErrorKind::NotConfigured)
}

impl Config {
    pub fn from_env(env: &Env) -> Outcome<Self> {
        let text = |name: &str| env.secret(name).ok().map(|v| v.to_string()).filter(|v| !v.is_empty());
        let code_key = text("CODE_MAC_KEY")
            .and_then(|secret| CodeKey::new(secret.as_bytes()).ok())
            .ok_or_else(|| not_configured("secret CODE_MAC_KEY (at least 16 bytes)"))?;
        let session_secret = text("SESSION_KEY").filter(|secret| secret.len() >= 16);
        let (session_key, challenge_key) = session_secret
            .and_then(|secret| Some((SessionKey::new(secret.as_bytes())?, ChallengeKey::new(secret.as_bytes())?)))
            .ok_or_else(|| not_configured("secret SESSION_KEY (at least 16 bytes)"))?;
        let pii = text("PII_KEY")
            .and_then(|secret| PiiKeys::from_hex(&secret).ok())
            .ok_or_else(|| not_configured("secret PII_KEY (64 bytes as lower-case hex)"))?;
        let wechat = match (text("WECHAT_APP_ID"), text("WECHAT_APP_SECRET")) {
            (Some(app_id), Some(app_secret)) => Some(Wechat {
                app_id,
                app_secret,
                api_base: text("WECHAT_API_BASE").unwrap_or_else(|| "https://api.weixin.qq.com".into()),
            }),
            _ => None,
        };
        Ok(Self {
            db: env.d1("DB").map_err(|_| not_configured("D1 binding DB"))?,
            cache: env.kv("CACHE").map_err(|_| not_configured("KV binding CACHE"))?,
            photos: env.bucket("PHOTOS").map_err(|_| not_configured("R2 binding PHOTOS"))?,
            code_key,
            session_key,
            challenge_key,
            pii,
            development: text("GETIMA_ENV").as_deref() == Some("development"),
            wechat,
            sms_gateway: text("SMS_GATEWAY_URL")
                .zip(text("SMS_GATEWAY_TOKEN"))
                .map(|(url, token)| SmsGateway { url, token }),
            bootstrap_admin_phone: text("BOOTSTRAP_ADMIN_PHONE").and_then(|p| parse_mobile(&p).ok()),
            public_origin: text("PUBLIC_ORIGIN"),
            sign_in_code_ttl: text("SIGN_IN_CODE_TTL_SECONDS")
                .and_then(|v| v.parse().ok())
                .filter(|ttl| (1..=OTP_TTL_SECONDS).contains(ttl))
                .unwrap_or(OTP_TTL_SECONDS),
        })
    }

    /// Where printed codes point: the configured public origin, or else the origin this
    /// request came to (so a local server prints codes that open on it).
    pub fn public_origin(&self, req: &Request) -> Outcome<String> {
        if let Some(origin) = &self.public_origin {
            return Ok(origin.trim_end_matches('/').to_string());
        }
        let url = req.url()?;
        Ok(url.origin().ascii_serialization())
    }
}
