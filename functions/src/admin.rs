//! Admin operations on codes and households. Access (the admin role) is checked centrally;
//! each write is audited in the same transaction.

use crate::auth::Caller;
use crate::codes::{self, today, url};
use crate::config::Config;
use crate::http::Outcome;
use crate::{audit, households};
use getima_domain::api::{
    ApiError, CodeState, ErrorKind, HouseholdStatusState, ReissueRequest, RevokeRequest, StatusChange,
};
use getima_domain::codes::is_code_id;
use getima_domain::households::HouseholdStatus;
use getima_domain::uscc;
use serde::Deserialize;
use serde_json::json;
use wasm_bindgen::JsValue;

#[derive(Deserialize)]
struct CodeRow {
    version: u32,
    revoked_at: Option<String>,
}

fn code_id(raw: &str) -> Outcome<&str> {
    if is_code_id(raw) {
        Ok(raw)
    } else {
        Err(ApiError::new(ErrorKind::InvalidBody).with_detail("code id: 12 letters or digits").into())
    }
}

async fn code_row(config: &Config, id: &str) -> Outcome<CodeRow> {
    config
        .db
        .prepare("SELECT version, revoked_at FROM codes WHERE id = ?1")
        .bind(&[JsValue::from_str(id)])?
        .first::<CodeRow>(None)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::UnknownCode).into())
}

fn state(config: &Config, origin: &str, id: &str, row: &CodeRow) -> CodeState {
    CodeState {
        id: id.to_string(),
        version: row.version,
        revoked: row.revoked_at.is_some(),
        url: url(origin, &config.code_key.sign(id, row.version)),
    }
}

/// Bumps the version from `replaces_version` to the next. The update is conditional on the
/// version, so two concurrent re-issues cannot both bump, and a retry after success finds
/// the version already one past and returns the same state.
pub async fn reissue(
    config: &Config,
    caller: &Caller,
    origin: &str,
    id: &str,
    body: ReissueRequest,
) -> Outcome<CodeState> {
    let id = code_id(id)?;
    let next = body.next_version().ok_or_else(|| {
        ApiError::new(ErrorKind::InvalidBody)
            .with_detail("replaces_version must be a current or past version (1 or more)")
    })?;
    let db = &config.db;
    db.batch(vec![
        db.prepare("UPDATE codes SET version = ?2, issued_at = ?3 WHERE id = ?1 AND version = ?4").bind(&[
            id.into(),
            next.into(),
            today().to_string().into(),
            body.replaces_version.into(),
        ])?,
        audit::entry(
            config,
            caller.person_id,
            "code.reissue",
            &format!("code:{id}"),
            Some(&json!({ "version": body.replaces_version })),
            Some(&json!({ "version": next })),
            true,
        )?,
    ])
    .await?;
    codes::forget(config, id).await?;
    let row = code_row(config, id).await?;
    if row.version != next {
        return Err(ApiError::new(ErrorKind::VersionConflict)
            .with_detail(format!("current version is {}", row.version))
            .into());
    }
    Ok(state(config, origin, id, &row))
}

/// Revokes a code; revoking again keeps the first revocation's date and reason.
pub async fn revoke(
    config: &Config,
    caller: &Caller,
    origin: &str,
    id: &str,
    body: RevokeRequest,
) -> Outcome<CodeState> {
    let id = code_id(id)?;
    let db = &config.db;
    db.batch(vec![
        db.prepare("UPDATE codes SET revoked_at = ?2, revoked_reason = ?3 WHERE id = ?1 AND revoked_at IS NULL")
            .bind(&[id.into(), today().to_string().into(), body.reason.as_str().into()])?,
        audit::entry(
            config,
            caller.person_id,
            "code.revoke",
            &format!("code:{id}"),
            Some(&json!({ "revoked": false })),
            Some(&json!({ "revoked": true, "reason": body.reason })),
            true,
        )?,
    ])
    .await?;
    codes::forget(config, id).await?;
    let row = code_row(config, id).await?;
    Ok(state(config, origin, id, &row))
}

pub async fn set_household_status(
    config: &Config,
    caller: &Caller,
    raw_uscc: &str,
    body: StatusChange,
) -> Outcome<HouseholdStatusState> {
    let uscc = uscc::parse(raw_uscc).map_err(|e| ApiError::new(ErrorKind::InvalidBody).with_detail(e.to_string()))?;
    let before = households::status(&config.db, &uscc)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound).with_detail("no household has that credit code"))?;
    let before = HouseholdStatus::parse(&before.status).map(HouseholdStatus::as_str).unwrap_or("?");
    let audit = audit::entry(
        config,
        caller.person_id,
        "household.status",
        &format!("household:{uscc}"),
        Some(&json!({ "status": before })),
        Some(&json!({ "status": body.status })),
        true,
    )?;
    let code_ids = households::set_status(&config.db, &uscc, body.status, today(), audit).await?;
    for id in code_ids {
        codes::forget(config, &id).await?;
    }
    Ok(HouseholdStatusState { uscc, status: body.status })
}
