//! The registration catalogue an admin edits: bundles and task kinds (their time limits, legal
//! sources and conditions). Each change is one batch with its audit entry; applications filed
//! earlier keep what they were filed under.

use crate::audit::{self, Entry};
use crate::context::Ctx;
use crate::http::{Failure, Outcome};
use crate::registration::{self, task_notices};
use getima_domain::api::{
    ApiError, BUNDLE_SLUG_RULE, BundleChange, BundleNotice, BundleShape, ErrorKind, TaskKindChange, TaskNotice,
    TaskNotices, endpoints, is_bundle_slug,
};
use getima_domain::audit::AuditAction;
use getima_domain::registration::{OnlineMaterial, TaskKind};
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;

pub async fn task_kinds(ctx: Ctx<endpoints::ListTaskKinds>, _: ()) -> Outcome<TaskNotices> {
    Ok(TaskNotices {
        kinds: task_notices(&ctx.config, None).await?,
        materials: registration::material_library(&ctx.config).await?,
    })
}

pub async fn set_bundle(ctx: Ctx<endpoints::SetBundle>, body: BundleChange) -> Outcome<BundleNotice> {
    let config = &ctx.config;
    let admin = ctx.caller()?.person_id;
    let slug = ctx.params.bundle.as_str();
    if !is_bundle_slug(slug) {
        let (zh, en) = BUNDLE_SLUG_RULE;
        return Err(ApiError::invalid("bundle", zh, en).into());
    }
    #[derive(Deserialize)]
    struct Row {
        kind: String,
    }
    let db = &config.db;
    let was = db
        .prepare("SELECT kind FROM registration_bundle_tasks WHERE bundle = ?1")
        .bind(&[slug.into()])?
        .all()
        .await?
        .results::<Row>()?;
    let was: Vec<TaskKind> = was.iter().filter_map(|r| TaskKind::parse(&r.kind)).collect();
    let shape = (!was.is_empty()).then(|| BundleShape::of(&was)).flatten();
    ApiError::unless_invalid(body.problems(shape))?;
    let kinds: Vec<&str> = body.tasks.iter().map(|t| t.as_str()).collect();
    let tasks = serde_json::to_string(&kinds).map_err(|e| Failure::internal(e.to_string()))?;
    let slug_value = JsValue::from_str(slug);
    db.batch(vec![
        db.prepare(
            "INSERT INTO registration_bundles (slug, position, name_zh, name_en, summary_zh, summary_en)
             VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM registration_bundles), ?2, ?3, ?4, ?5)
             ON CONFLICT (slug) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
                    summary_zh = excluded.summary_zh, summary_en = excluded.summary_en",
        )
        .bind(&[
            slug_value.clone(),
            body.name_zh.trim().into(),
            body.name_en.trim().into(),
            body.summary_zh.trim().into(),
            body.summary_en.trim().into(),
        ])?,
        db.prepare("DELETE FROM registration_bundle_tasks WHERE bundle = ?1")
            .bind(std::slice::from_ref(&slug_value))?,
        db.prepare("INSERT INTO registration_bundle_tasks (bundle, kind) SELECT ?1, value FROM json_each(?2)")
            .bind(&[slug_value, tasks.into()])?,
        audit::statement(
            config,
            Entry::always(admin, AuditAction::BundleChange, format!("registration-bundle:{slug}"))
                .before(if was.is_empty() {
                    serde_json::Value::Null
                } else {
                    serde_json::json!({ "tasks": was.iter().map(|t| t.as_str()).collect::<Vec<_>>() })
                })
                .after(serde_json::json!({ "name_zh": body.name_zh.trim(), "tasks": kinds })),
        )?,
    ])
    .await?;
    registration::notice(config, slug).await
}

pub async fn set_task_kind(ctx: Ctx<endpoints::SetTaskKind>, body: TaskKindChange) -> Outcome<TaskNotice> {
    let config = &ctx.config;
    let admin = ctx.caller()?.person_id;
    let kind = TaskKind::parse(&ctx.params.kind).ok_or_else(|| {
        ApiError::new(ErrorKind::NotFound).with_message("没有这类事项。", "There is no such kind of task.")
    })?;
    ApiError::unless_invalid(body.problems())?;
    let materials = serde_json::Value::from(body.materials.clone()).to_string();
    #[derive(Deserialize)]
    struct Known {
        code: String,
        name_zh: String,
        name_en: String,
        photo: u8,
    }
    let db = &config.db;
    let known = db
        .prepare("SELECT code, name_zh, name_en, photo FROM registration_materials WHERE code IN (SELECT value FROM json_each(?1))")
        .bind(&[materials.as_str().into()])?
        .all()
        .await?
        .results::<Known>()?;
    if known.len() != body.materials.len() {
        return Err(ApiError::invalid("materials", "请从材料库中选择材料", "Choose materials from the library").into());
    }
    // Whatever the notice says is filled in online, the form must have a part for.
    if let Some(unfillable) = known.iter().find(|m| {
        m.photo == 0 && !OnlineMaterial::parse(&m.code).is_some_and(|part| kind.online_materials().contains(&part))
    }) {
        return Err(ApiError::invalid(
            "materials",
            format!("“{}”需在线填写，但这类事项的申请表没有这一项", unfillable.name_zh),
            format!("{} is filled in online, but this kind's form has no part for it", unfillable.name_en),
        )
        .into());
    }
    let before = task_notices(config, Some(kind)).await?.pop().map(|was| {
        serde_json::json!({ "limit_days": was.limit_days, "source_zh": was.source_zh, "conditions": was.conditions.len() })
    });
    let conditions: Vec<_> =
        body.conditions.iter().map(|c| serde_json::json!({ "zh": c.zh.trim(), "en": c.en.trim() })).collect();
    let kind_value = JsValue::from_str(kind.as_str());
    db.batch(vec![
        db.prepare(
            "UPDATE registration_task_kinds SET limit_days = ?2, source_zh = ?3, source_en = ?4 WHERE kind = ?1",
        )
        .bind(&[
            kind_value.clone(),
            body.limit_days.into(),
            body.source_zh.trim().into(),
            body.source_en.trim().into(),
        ])?,
        db.prepare("DELETE FROM registration_task_conditions WHERE kind = ?1")
            .bind(std::slice::from_ref(&kind_value))?,
        db.prepare(
            "INSERT INTO registration_task_conditions (kind, position, text_zh, text_en)
             SELECT ?1, key + 1, json_extract(value, '$.zh'), json_extract(value, '$.en') FROM json_each(?2)",
        )
        .bind(&[kind_value.clone(), serde_json::Value::from(conditions.clone()).to_string().into()])?,
        db.prepare("DELETE FROM registration_task_materials WHERE kind = ?1")
            .bind(std::slice::from_ref(&kind_value))?,
        db.prepare(
            "INSERT INTO registration_task_materials (kind, material, position)
             SELECT ?1, value, key + 1 FROM json_each(?2)",
        )
        .bind(&[kind_value, materials.into()])?,
        audit::statement(
            config,
            Entry::always(admin, AuditAction::TaskKindChange, format!("registration-task-kind:{}", kind.as_str()))
                .before(before.unwrap_or_default())
                .after(serde_json::json!({
                    "limit_days": body.limit_days,
                    "source_zh": body.source_zh.trim(),
                    "conditions": conditions.len(),
                    "materials": body.materials,
                })),
        )?,
    ])
    .await?;
    let mut notices = task_notices(config, Some(kind)).await?;
    notices.pop().ok_or_else(|| Failure::internal("task kind after update: no row"))
}
