//! What admins do to codes and households: re-issue and revoke codes, change a household's
//! status. Access (the admin role) is checked centrally; each write is audited in the same
//! transaction.

use crate::audit::{self, Entry};
use crate::context::Ctx;
use crate::http::Outcome;
use crate::{clock, codes, households};
use getima_domain::api::{
    ApiError, CodeState, ErrorKind, HouseholdStatusState, ReissueRequest, RevokeRequest, StatusChange, endpoints,
};
use getima_domain::audit::AuditAction;
use getima_domain::codes::households::HouseholdStatus;
use serde::Deserialize;
use serde_json::json;
use wasm_bindgen::JsValue;

#[derive(Deserialize)]
struct CodeRow {
    version: u32,
    revoked_at: Option<String>,
}

async fn code_row(ctx: &Ctx<impl Sized>, id: &str) -> Outcome<CodeRow> {
    ctx.config
        .db
        .prepare("SELECT version, revoked_at FROM codes WHERE id = ?1")
        .bind(&[JsValue::from_str(id)])?
        .first::<CodeRow>(None)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::UnknownCode).into())
}

fn code_state(ctx: &Ctx<impl Sized>, id: &str, row: &CodeRow) -> CodeState {
    CodeState {
        id: id.to_string(),
        version: row.version,
        revoked: row.revoked_at.is_some(),
        url: codes::url(&ctx.origin, &ctx.config.code_key.sign(id, row.version)),
    }
}

/// Bumps the version from `replaces_version` to the next. The update is conditional on the
/// version, so two concurrent re-issues cannot both bump, and a retry after success finds
/// the version already one past and returns the same state.
pub async fn reissue_code(ctx: Ctx<endpoints::ReissueCode>, body: ReissueRequest) -> Outcome<CodeState> {
    let id = ctx.params.id.0.as_str();
    let next = body.next_version().ok_or_else(|| {
        ApiError::invalid(
            "replaces_version",
            "须为当前或以前的版本号（1或以上）",
            "A current or past version, 1 or more",
        )
    })?;
    let caller = ctx.caller()?;
    let db = &ctx.config.db;
    db.batch(vec![
        db.prepare("UPDATE codes SET version = ?2, issued_at = ?3 WHERE id = ?1 AND version = ?4").bind(&[
            id.into(),
            next.into(),
            clock::today().to_string().into(),
            body.replaces_version.into(),
        ])?,
        audit::statement(
            &ctx.config,
            Entry::if_changed(caller.person_id, AuditAction::CodeReissue, format!("code:{id}"))
                .before(json!({ "version": body.replaces_version }))
                .after(json!({ "version": next })),
        )?,
    ])
    .await?;
    codes::forget(&ctx.config, id).await?;
    let row = code_row(&ctx, id).await?;
    if row.version != next {
        return Err(ApiError::new(ErrorKind::VersionConflict)
            .with_detail(format!("current version is {}", row.version))
            .into());
    }
    Ok(code_state(&ctx, id, &row))
}

/// Revokes a code; revoking again keeps the first revocation's date and reason.
pub async fn revoke_code(ctx: Ctx<endpoints::RevokeCode>, body: RevokeRequest) -> Outcome<CodeState> {
    let id = ctx.params.id.0.as_str();
    let caller = ctx.caller()?;
    let db = &ctx.config.db;
    db.batch(vec![
        db.prepare("UPDATE codes SET revoked_at = ?2, revoked_reason = ?3 WHERE id = ?1 AND revoked_at IS NULL")
            .bind(&[id.into(), clock::today().to_string().into(), body.reason.as_str().into()])?,
        audit::statement(
            &ctx.config,
            Entry::if_changed(caller.person_id, AuditAction::CodeRevoke, format!("code:{id}"))
                .before(json!({ "revoked": false }))
                .after(json!({ "revoked": true, "reason": body.reason })),
        )?,
    ])
    .await?;
    codes::forget(&ctx.config, id).await?;
    let row = code_row(&ctx, id).await?;
    Ok(code_state(&ctx, id, &row))
}

pub async fn set_household_status(
    ctx: Ctx<endpoints::SetHouseholdStatus>,
    body: StatusChange,
) -> Outcome<HouseholdStatusState> {
    let uscc = ctx.params.uscc.0.clone();
    let caller = ctx.caller()?;
    let before = households::status(&ctx.config.db, &uscc)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound).with_detail("no household has that credit code"))?;
    let before = HouseholdStatus::parse(&before.status).map(HouseholdStatus::as_str).unwrap_or("?");
    let audit = audit::statement(
        &ctx.config,
        Entry::if_changed(caller.person_id, AuditAction::HouseholdStatus, format!("household:{uscc}"))
            .before(json!({ "status": before }))
            .after(json!({ "status": body.status })),
    )?;
    let code_ids = households::set_status(&ctx.config.db, &uscc, body.status, clock::today(), audit).await?;
    for id in code_ids {
        codes::forget(&ctx.config, &id).await?;
    }
    Ok(HouseholdStatusState { uscc, status: body.status })
}
