//! Bindings, secrets and settings, read once per request.

use crate::http::Outcome;
use getima_domain::api::{ApiError, ErrorKind};
use getima_domain::codes::CodeKey;
use worker::{D1Database, Env, Request, kv::KvStore};

pub struct Config {
    pub db: D1Database,
    pub cache: KvStore,
    pub code_key: CodeKey,
    /// `None` disables the admin API.
    pub admin_token: Option<String>,
    /// Demo conveniences such as the demo-code list are served only in development.
    pub development: bool,
    public_origin: Option<String>,
}

fn not_configured(what: &str) -> ApiError {
    worker::console_error!("not configured: {what}");
    ApiError::new(ErrorKind::NotConfigured)
}

impl Config {
    pub fn from_env(env: &Env) -> Outcome<Self> {
        let code_key = env
            .secret("CODE_MAC_KEY")
            .ok()
            .and_then(|secret| CodeKey::new(secret.to_string().as_bytes()).ok())
            .ok_or_else(|| not_configured("secret CODE_MAC_KEY (at least 16 bytes)"))?;
        let var = |name: &str| {
            env.var(name)
                .ok()
                .map(|v| v.to_string())
                .filter(|v| !v.is_empty())
        };
        Ok(Self {
            db: env.d1("DB").map_err(|_| not_configured("D1 binding DB"))?,
            cache: env
                .kv("CACHE")
                .map_err(|_| not_configured("KV binding CACHE"))?,
            code_key,
            admin_token: env
                .secret("ADMIN_TOKEN")
                .ok()
                .map(|s| s.to_string())
                .filter(|t| t.len() >= 16),
            development: var("GETIMA_ENV").as_deref() == Some("development"),
            public_origin: var("PUBLIC_ORIGIN"),
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
