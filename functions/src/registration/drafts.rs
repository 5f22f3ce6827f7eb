//! Application forms kept on the server while they are filled in: one per person and bundle,
//! only the caller's own, removed when the application is filed.

use crate::context::Ctx;
use crate::http::{Failure, Outcome};
use crate::{clock, d1};
use getima_domain::api::{ApiError, ApplicationDraft, ErrorKind, endpoints};
use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

pub async fn get(ctx: Ctx<endpoints::GetDraft>, _: ()) -> Outcome<ApplicationDraft> {
    #[derive(Deserialize)]
    struct Row {
        draft: String,
    }
    let caller = ctx.caller()?;
    let row = ctx
        .config
        .db
        .prepare("SELECT draft FROM application_drafts WHERE person_id = ?1 AND bundle = ?2")
        .bind(&[d1::int(caller.person_id), ctx.params.bundle.as_str().into()])?
        .first::<Row>(None)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound).with_message("没有草稿。", "No draft."))?;
    serde_json::from_str(&row.draft).map_err(|e| Failure::internal(format!("stored draft: {e}")))
}

pub async fn save(ctx: Ctx<endpoints::SaveDraft>, draft: ApplicationDraft) -> Outcome<()> {
    let caller = ctx.caller()?;
    let problems = draft.problems();
    if !problems.is_empty() {
        return Err(ApiError::invalid_fields(problems).into());
    }
    let json = serde_json::to_string(&draft).map_err(|e| Failure::internal(format!("draft: {e}")))?;
    // Only for a bundle that exists; an unknown one is a 404 rather than a foreign-key fault.
    let saved = ctx
        .config
        .db
        .prepare(
            "INSERT INTO application_drafts (person_id, bundle, draft, updated_at)
             SELECT ?1, slug, ?3, ?4 FROM registration_bundles WHERE slug = ?2
             ON CONFLICT (person_id, bundle) DO UPDATE SET draft = excluded.draft, updated_at = excluded.updated_at",
        )
        .bind(&[d1::int(caller.person_id), ctx.params.bundle.as_str().into(), json.into(), clock::timestamp().into()])?
        .run()
        .await?;
    if !d1::changed(&saved)? {
        return Err(ApiError::new(ErrorKind::NotFound)
            .with_message("没有这项办事指南。", "There is no such guide.")
            .into());
    }
    Ok(())
}

/// Drops the draft of `bundle` once an application of it is filed under `key` (in the
/// filing's batch, after the insert): a filing refused there keeps the draft.
pub fn discard(db: &D1Database, person: i64, bundle: &str, key: &str) -> Outcome<D1PreparedStatement> {
    Ok(db
        .prepare(
            "DELETE FROM application_drafts WHERE person_id = ?1 AND bundle = ?2
                AND EXISTS (SELECT 1 FROM applications WHERE applicant_id = ?1 AND idempotency_key = ?3)",
        )
        .bind(&[d1::int(person), bundle.into(), key.into()])?)
}
