//! Business codes: verification with a KV-cached profile, and their QR images.

use crate::clock;
use crate::config::Config;
use crate::context::Ctx;
use crate::households::{self, CodedHousehold};
use crate::http::{Failure, Outcome};
use getima_domain::api::{ApiError, CodeProfile, ErrorKind, Svg, Verdict, endpoints};
use getima_domain::codes::{CodeToken, MacCheck};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// Cached profiles expire on their own too, bounding staleness if an invalidation is lost.
const CACHE_TTL_SECONDS: u64 = 3600;

fn cache_key(code_id: &str) -> String {
    format!("code:v2:{code_id}")
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
    let found = households::by_code(&config.db, code_id, clock::today()).await?;
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

pub async fn profile(ctx: Ctx<endpoints::GetCodeProfile>, _: ()) -> Outcome<CodeProfile> {
    let (token, mut record) = verify(&ctx.config, &ctx.params.code).await?;
    let today = clock::today();
    // Validity is judged today, not on the day the profile was cached.
    for licence in &mut record.household.licences {
        licence.validity = households::validity(today, licence.valid_until.as_deref());
    }
    Ok(CodeProfile {
        verdict: Verdict::Valid,
        url: url(&ctx.origin, &token),
        code: token.to_string(),
        checked_on: today.to_string(),
        household: record.household,
    })
}

fn qr_svg(content: &str) -> Outcome<Svg> {
    let code = QrCode::with_error_correction_level(content, EcLevel::M).map_err(Failure::internal)?;
    Ok(Svg(code
        .render::<svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build()))
}

pub async fn qr(ctx: Ctx<endpoints::GetCodeQr>, _: ()) -> Outcome<Svg> {
    let (token, _) = verify(&ctx.config, &ctx.params.code).await?;
    qr_svg(&url(&ctx.origin, &token))
}

pub async fn payment_qr(ctx: Ctx<endpoints::GetPaymentQr>, _: ()) -> Outcome<Svg> {
    let (_, record) = verify(&ctx.config, &ctx.params.code).await?;
    let payment = record.household.payment.ok_or_else(|| ApiError::new(ErrorKind::NoPaymentCode))?;
    qr_svg(&payment.url)
}
