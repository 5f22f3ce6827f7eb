//! What admins do to accounts: add people, disable accounts, read the audit log. Access (the
//! admin role) is checked centrally; each write is audited in the same transaction.

use crate::audit::{self, Entry};
use crate::context::Ctx;
use crate::http::Outcome;
use crate::people::{self, IdRow, Person};
use crate::{clock, d1, sessions};
use getima_domain::accounts::{Role, parse_mobile, valid_name};
use getima_domain::api::{
    AllValid, ApiError, AuditEntry, AuditPage, DisabledChange, ErrorKind, NewPerson, PageQuery, PersonState, endpoints,
    field,
};
use getima_domain::audit::AuditAction;
use getima_domain::pii::Field;
use serde::Deserialize;
use serde_json::json;
use wasm_bindgen::JsValue;

fn state(person: &Person) -> PersonState {
    PersonState {
        id: person.id,
        name: person.name.clone().unwrap_or_default(),
        roles: person.roles.clone(),
        disabled: person.disabled,
    }
}

fn roles_admins_grant(roles: &[Role]) -> Result<(), (String, String)> {
    if roles.is_empty() || roles.iter().any(|r| matches!(r, Role::Owner | Role::Vendor)) {
        return Err((
            "须为工作人员、部门负责人、市场管理员或平台管理员（经营户和摊主自行注册）".into(),
            "Staff, department heads, market managers or admins (owners and vendors sign themselves up)".into(),
        ));
    }
    // A tier of legal advice is work a member of a department does: it comes with that role.
    let tiered = roles.iter().any(|r| r.legal_tier().is_some());
    if tiered && !roles.iter().any(|r| matches!(r, Role::Staff | Role::DepartmentHead)) {
        return Err((
            "法律咨询梯队角色须与工作人员或部门负责人角色一同授予".into(),
            "Grant a tier of legal advice together with the staff or department head role".into(),
        ));
    }
    Ok(())
}

/// Creates staff, department heads, market managers and admins, or adds such roles to the
/// person who already has that phone.
pub async fn create_person(ctx: Ctx<endpoints::CreatePerson>, body: NewPerson) -> Outcome<PersonState> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let departmental = body.roles.iter().any(|r| r.is_departmental());
    let manages = body.roles.contains(&Role::MarketManager);
    let (name, phone, (), (), ()) = (
        field("name", valid_name(&body.name)),
        field("phone", parse_mobile(&body.phone)),
        field("roles", roles_admins_grant(&body.roles)),
        field(
            "department",
            if departmental == body.department.is_some() {
                Ok(())
            } else {
                Err((
                    "工作人员和部门负责人须填写部门，其他角色不填".to_string(),
                    "Required for staff and department heads, and only for them".to_string(),
                ))
            },
        ),
        field(
            "markets",
            if manages != body.markets.is_empty() {
                Ok(())
            } else {
                Err((
                    "市场管理员须选择市场，其他角色不选".to_string(),
                    "Required for market managers, and only for them".to_string(),
                ))
            },
        ),
    )
        .all_valid()?;
    let db = &config.db;
    if let Some(code) = &body.department {
        let known = db
            .prepare("SELECT 1 AS id FROM departments WHERE code = ?1")
            .bind(&[code.into()])?
            .first::<IdRow>(None)
            .await?;
        if known.is_none() {
            return Err(ApiError::invalid("department", "没有这个部门", "No such department").into());
        }
    }
    for market in &body.markets {
        let known =
            db.prepare("SELECT id FROM markets WHERE id = ?1").bind(&[d1::int(*market)])?.first::<IdRow>(None).await?;
        if known.is_none() {
            return Err(ApiError::invalid("markets", "没有这个市场", "No such market").into());
        }
    }
    let id = people::find_or_create(config, Field::Phone, &phone).await?;
    let existing = people::existing(config, id).await?;
    if let (Some(have), Some(want)) = (&existing.department, &body.department)
        && &have.code != want
    {
        return Err(ApiError::new(ErrorKind::AlreadyExists)
            .with_message(
                format!("这个手机号已是{}的工作人员", have.zh),
                format!("This phone belongs to staff of the {}", have.en),
            )
            .into());
    }
    let today = clock::today().to_string();
    let pid = d1::int(id);
    let mut statements = vec![
        db.prepare("UPDATE people SET name = ?2, department_code = COALESCE(department_code, ?3) WHERE id = ?1")
            .bind(&[pid.clone(), name.clone().into(), d1::text_or_null(body.department.as_deref())])?,
    ];
    for role in &body.roles {
        statements.push(
            db.prepare(
                "INSERT INTO person_roles (person_id, role, granted_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            )
            .bind(&[pid.clone(), role.as_str().into(), today.clone().into()])?,
        );
    }
    for market in &body.markets {
        statements.push(
            db.prepare("INSERT INTO market_managers (person_id, market_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .bind(&[pid.clone(), d1::int(*market)])?,
        );
    }
    statements.push(audit::statement(
        config,
        Entry::always(caller.person_id, AuditAction::PersonCreate, format!("person:{id}"))
            .before(json!({
                "name": existing.name,
                "roles": existing.roles,
                "department": existing.department.map(|d| d.code),
            }))
            .after(
                json!({ "name": name, "roles": body.roles, "department": body.department, "markets": body.markets }),
            ),
    )?);
    db.batch(statements).await?;
    Ok(state(&people::existing(config, id).await?))
}

pub async fn set_person_disabled(ctx: Ctx<endpoints::SetPersonDisabled>, body: DisabledChange) -> Outcome<PersonState> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let id = ctx.params.id;
    if id == caller.person_id && body.disabled {
        return Err(ApiError::new(ErrorKind::Forbidden)
            .with_message("管理员不能停用自己的账号。", "Admins cannot disable their own account.")
            .into());
    }
    let person = people::load(config, id)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound).with_message("没有这个人。", "No such person."))?;
    let action = if body.disabled { AuditAction::PersonDisable } else { AuditAction::PersonEnable };
    let at = body.disabled.then(|| clock::today().to_string());
    let db = &config.db;
    let mut statements = vec![
        db.prepare("UPDATE people SET disabled_at = ?2 WHERE id = ?1 AND (disabled_at IS NULL) = ?3").bind(&[
            d1::int(id),
            d1::text_or_null(at.as_deref()),
            JsValue::from_bool(body.disabled),
        ])?,
        audit::statement(
            config,
            Entry::if_changed(caller.person_id, action, format!("person:{id}"))
                .before(json!({ "disabled": person.disabled }))
                .after(json!({ "disabled": body.disabled })),
        )?,
    ];
    if body.disabled {
        statements.push(sessions::end_all(config, id)?);
    }
    db.batch(statements).await?;
    Ok(state(&people::existing(config, id).await?))
}

#[derive(Deserialize)]
struct AuditRow {
    id: i64,
    actor_id: i64,
    actor: String,
    action: String,
    subject: String,
    before_json: Option<String>,
    after_json: Option<String>,
    at: String,
}

/// The audit log, newest first, a page at a time.
pub async fn audit_log(ctx: Ctx<endpoints::ReadAudit>, query: PageQuery) -> Outcome<AuditPage> {
    let (before, limit) = query.bounds()?;
    let rows = ctx
        .config
        .db
        .prepare(
            "SELECT id, actor_id, COALESCE(actor_name, '#' || actor_id) AS actor, action, subject, before_json,
                    after_json, at
               FROM audit_log WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
        )
        .bind(&[d1::int(before), JsValue::from_f64(f64::from(limit + 1))])?
        .all()
        .await?
        .results::<AuditRow>()?;
    let more = rows.len() > limit as usize;
    let items = rows
        .into_iter()
        .take(limit as usize)
        .map(|r| {
            Ok(AuditEntry {
                id: r.id,
                actor_id: r.actor_id,
                actor: r.actor,
                action: d1::known(AuditAction::parse(&r.action), "audit action", &r.action)?,
                subject: r.subject,
                before: r.before_json,
                after: r.after_json,
                at: r.at,
            })
        })
        .collect::<Outcome<Vec<_>>>()?;
    let next_before = if more { items.last().map(|e| e.id) } else { None };
    Ok(AuditPage { items, next_before })
}
