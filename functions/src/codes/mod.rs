//! Business codes: verification with a KV-cached profile, and their QR images.

pub(crate) mod admin;
pub(crate) mod demo;

use crate::clock;
use crate::config::Config;
use crate::context::Ctx;
use crate::context::{Incoming, run};
use crate::households::{self, CodedHousehold};
use crate::http::{Failure, Outcome};
use getima_domain::api::{ApiError, CodeProfile, CodeRef, ErrorKind, LookupQuery, Svg, endpoints};
use getima_domain::codes::api::endpoints::Endpoint;
use getima_domain::codes::verdict::{Standing, short_code};
use getima_domain::codes::{CodeToken, Lookup, MacCheck, parse_lookup};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde::Deserialize;
use worker::Response;

/// Cached profiles expire on their own too, bounding staleness if an invalidation is lost.
const CACHE_TTL_SECONDS: u64 = 3600;

/// Versioned by the profile's shape, so a deployment never reads one cached in an older shape.
fn cache_key(code_id: &str) -> String {
    format!("code:v3:{code_id}")
}

pub fn url(origin: &str, token: &CodeToken) -> String {
    format!("{origin}/c/{token}")
}

/// The household behind a code, from KV when cached, else from D1 (then cached).
async fn cached(config: &Config, code_id: &str) -> Outcome<Option<CodedHousehold>> {
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
    let record = cached(config, &token.id).await?.ok_or_else(|| ApiError::new(ErrorKind::UnknownCode))?;
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
    public_profile(&ctx.config, &ctx.origin, &ctx.params.code).await
}

/// The verified public profile of a code, as the API answers it and the code page shows it.
pub async fn public_profile(config: &Config, origin: &str, raw: &str) -> Outcome<CodeProfile> {
    let (token, mut record) = verify(config, raw).await?;
    let today = clock::today();
    // Validity is judged today, not on the day the profile was cached.
    for licence in &mut record.household.licences {
        licence.validity = households::validity(today, licence.valid_until.as_deref());
    }
    Ok(CodeProfile {
        standing: Standing::of(record.household.status, &record.household.licences, &record.household.awaited_licences),
        url: url(origin, &token),
        short_code: short_code(&token.id),
        code: token.to_string(),
        checked_on: today.to_string(),
        household: record.household,
    })
}

pub(crate) fn qr_svg(content: &str) -> Outcome<Svg> {
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

/// Finds the current code of a short code (a code's id) or a credit code. Both are printed
/// in public (posters, licences), so this tells nothing a visitor could not read.
pub async fn find(ctx: Ctx<endpoints::LookupCode>, query: LookupQuery) -> Outcome<CodeRef> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        version: u32,
    }
    let found = match parse_lookup(&query.q).map_err(|(zh, en)| ApiError::invalid("q", zh, en))? {
        Lookup::CodeId(id) => ctx
            .config
            .db
            .prepare("SELECT id, version FROM codes WHERE id = ?1 AND revoked_at IS NULL")
            .bind(&[id.into()])?,
        Lookup::CreditCode(uscc) => ctx
            .config
            .db
            .prepare(
                "SELECT c.id, c.version FROM codes c JOIN households h ON h.id = c.subject_id
                  WHERE c.subject_kind = 'household' AND h.uscc = ?1 AND c.revoked_at IS NULL",
            )
            .bind(&[uscc.into()])?,
    }
    .first::<Row>(None)
    .await?
    .ok_or_else(|| ApiError::new(ErrorKind::UnknownCode))?;
    Ok(CodeRef { code: ctx.config.code_key.sign(&found.id, found.version).to_string() })
}

/// Runs this area's endpoints: the router hands each request over by its area.
pub(crate) async fn serve(endpoint: Endpoint, incoming: Incoming) -> Outcome<Response> {
    match endpoint {
        Endpoint::LookupCode => run(incoming, find).await,
        Endpoint::GetCodeProfile => run(incoming, profile).await,
        Endpoint::GetCodeQr => run(incoming, qr).await,
        Endpoint::GetPaymentQr => run(incoming, payment_qr).await,
        Endpoint::ListDemoCodes => run(incoming, demo::codes).await,
        Endpoint::ReissueCode => run(incoming, admin::reissue_code).await,
        Endpoint::RevokeCode => run(incoming, admin::revoke_code).await,
        Endpoint::SetHouseholdStatus => run(incoming, admin::set_household_status).await,
    }
}
