//! Business codes: verification with a KV-cached profile, and their QR images.

use crate::config::Config;
use crate::households::{self, CodedHousehold};
use crate::http::Outcome;
use getima_domain::api::{ApiError, CodeProfile, ErrorKind, Verdict};
use getima_domain::calendar::Date;
use getima_domain::codes::{CodeToken, MacCheck};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// Cached profiles expire on their own too, bounding staleness if an invalidation is lost.
const CACHE_TTL_SECONDS: u64 = 3600;

fn cache_key(code_id: &str) -> String {
    format!("code:v2:{code_id}")
}

pub fn today() -> Date {
    Date::in_china_at(worker::Date::now().as_millis() as i64)
}

/// Now, as `YYYY-MM-DD HH:MM:SS` China time.
pub fn timestamp() -> String {
    Date::china_timestamp(worker::Date::now().as_millis() as i64)
}

pub fn url(origin: &str, token: &CodeToken) -> String {
    format!("{origin}/c/{token}")
}

/// The household behind a code, from KV when cached, else from D1 (then cached).
async fn lookup(config: &Config, code_id: &str) -> Outcome<Option<CodedHousehold>> {
    let key = cache_key(code_id);
    if let Some(cached) = config.cache.get(&key).json::<CodedHousehold>().await? {
        return Ok(Some(cached));
    }
    let found = households::by_code(&config.db, code_id, today()).await?;
    if let Some(record) = &found {
        config.cache.put(&key, record)?.expiration_ttl(CACHE_TTL_SECONDS).execute().await?;
    }
    Ok(found)
}

pub async fn forget(config: &Config, code_id: &str) -> Outcome<()> {
    Ok(config.cache.delete(&cache_key(code_id)).await?)
}

/// Verifies a token end to end. Only a code that is well-formed, known, signed for its
/// current version and not revoked passes; each other case has its own error.
pub async fn verify(config: &Config, raw: &str) -> Outcome<(CodeToken, CodedHousehold)> {
    let token =
        CodeToken::parse(raw).map_err(|e| ApiError::new(ErrorKind::MalformedCode).with_detail(e.to_string()))?;
    let record = lookup(config, &token.id).await?.ok_or_else(|| ApiError::new(ErrorKind::UnknownCode))?;
    match config.code_key.check(&token, record.version) {
        MacCheck::Forged => Err(ApiError::new(ErrorKind::ForgedCode).into()),
        MacCheck::Superseded { .. } => Err(ApiError::new(ErrorKind::SupersededCode).into()),
        MacCheck::Current => match record.revoked {
            Some(reason) => {
                let label = reason.label();
                Err(ApiError::new(ErrorKind::RevokedCode).with_detail(format!("{} / {}", label.zh, label.en)).into())
            }
            None => Ok((token, record)),
        },
    }
}

pub async fn profile(config: &Config, origin: &str, raw: &str) -> Outcome<CodeProfile> {
    let (token, mut record) = verify(config, raw).await?;
    let today = today();
    // Validity is judged today, not on the day the profile was cached.
    for licence in &mut record.household.licences {
        licence.validity = households::validity(today, licence.valid_until.as_deref());
    }
    Ok(CodeProfile {
        verdict: Verdict::Valid,
        url: url(origin, &token),
        code: token.to_string(),
        checked_on: today.to_string(),
        household: record.household,
    })
}

fn qr(content: &str) -> Outcome<String> {
    let code = QrCode::with_error_correction_level(content, EcLevel::M)
        .map_err(|e| ApiError::new(ErrorKind::InvalidBody).with_detail(e.to_string()))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

pub async fn qr_svg(config: &Config, origin: &str, raw: &str) -> Outcome<String> {
    let (token, _) = verify(config, raw).await?;
    qr(&url(origin, &token))
}

pub async fn payment_qr_svg(config: &Config, raw: &str) -> Outcome<String> {
    let (_, record) = verify(config, raw).await?;
    let payment = record.household.payment.ok_or_else(|| ApiError::new(ErrorKind::NoPaymentCode))?;
    qr(&payment.url)
}
