//! People in D1: loading who is calling, finding or creating by phone or WeChat, and what
//! admins do to people.

use crate::auth::Caller;
use crate::config::Config;
use crate::http::Outcome;
use crate::{audit, d1, random};
use getima_domain::api::{
    ApiError, Departments, DisabledChange, ErrorKind, MarketRef, Me, Named, NewPerson, PersonState, VendorRequest,
};
use getima_domain::masking;
use getima_domain::people::{Role, parse_mobile};
use getima_domain::pii::Field;
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;

pub struct Person {
    pub id: i64,
    pub name: Option<String>,
    pub phone_hash: Option<String>,
    phone_sealed: Option<String>,
    pub department: Option<Named>,
    pub roles: Vec<Role>,
    pub markets: Vec<MarketRef>,
    pub disabled: bool,
}

#[derive(Deserialize)]
struct PersonRow {
    id: i64,
    name: Option<String>,
    phone_hash: Option<String>,
    phone_sealed: Option<String>,
    department_code: Option<String>,
    department_zh: Option<String>,
    department_en: Option<String>,
    disabled_at: Option<String>,
}

#[derive(Deserialize)]
struct RoleRow {
    role: String,
}

pub async fn load(config: &Config, id: i64) -> Outcome<Option<Person>> {
    let db = &config.db;
    let results = db
        .batch(vec![
            db.prepare(
                "SELECT p.id, p.name, p.phone_hash, p.phone_sealed, p.department_code, p.disabled_at,
                        d.name_zh AS department_zh, d.name_en AS department_en
                   FROM people p LEFT JOIN departments d ON d.code = p.department_code WHERE p.id = ?1",
            )
            .bind(&[d1::int(id)])?,
            db.prepare("SELECT role FROM person_roles WHERE person_id = ?1 ORDER BY role").bind(&[d1::int(id)])?,
            db.prepare(
                "SELECT m.id, m.name FROM market_managers mm JOIN markets m ON m.id = mm.market_id
                  WHERE mm.person_id = ?1 ORDER BY m.id",
            )
            .bind(&[d1::int(id)])?,
        ])
        .await?;
    let Some(row) = results[0].results::<PersonRow>()?.into_iter().next() else {
        return Ok(None);
    };
    let department = match (row.department_code, row.department_zh, row.department_en) {
        (Some(code), Some(zh), Some(en)) => Some(Named { code, zh, en }),
        _ => None,
    };
    Ok(Some(Person {
        id: row.id,
        name: row.name,
        phone_hash: row.phone_hash,
        phone_sealed: row.phone_sealed,
        department,
        roles: results[1].results::<RoleRow>()?.into_iter().filter_map(|r| Role::parse(&r.role)).collect(),
        markets: results[2].results::<MarketRef>()?,
        disabled: row.disabled_at.is_some(),
    }))
}

impl Person {
    pub fn me(&self, config: &Config) -> Me {
        Me {
            id: self.id,
            name: self.name.clone(),
            phone: self
                .phone_sealed
                .as_deref()
                .and_then(|s| config.pii.open(Field::Phone, s))
                .map(|p| masking::phone(&p)),
            roles: self.roles.clone(),
            department: self.department.clone(),
            markets: self.markets.clone(),
        }
    }
}

#[derive(Deserialize)]
struct IdRow {
    id: i64,
}

/// The person signing in with this phone or WeChat identity, created on first sign-in (as a
/// visitor: roles come from claims, registration or an admin).
pub async fn find_or_create(config: &Config, field: Field, value: &str) -> Outcome<i64> {
    let hash = JsValue::from_str(&config.pii.fingerprint(field, value));
    let today = JsValue::from_str(&crate::codes::today().to_string());
    let db = &config.db;
    let (insert, column) = match field {
        Field::Phone => (
            db.prepare(
                "INSERT INTO people (phone_hash, phone_sealed, created_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (phone_hash) DO NOTHING",
            )
            .bind(&[hash.clone(), config.pii.seal(field, value, random::bytes()?).into(), today])?,
            "phone_hash",
        ),
        // Only the fingerprint: an openid is an identifier nobody needs to read back.
        Field::WechatOpenId => (
            db.prepare(
                "INSERT INTO people (wechat_hash, created_at) VALUES (?1, ?2) ON CONFLICT (wechat_hash) DO NOTHING",
            )
            .bind(&[hash.clone(), today])?,
            "wechat_hash",
        ),
        Field::IdNumber => return Err(worker::Error::RustError("people are not keyed by ID number".into()).into()),
    };
    let results =
        db.batch(vec![insert, db.prepare(format!("SELECT id FROM people WHERE {column} = ?1")).bind(&[hash])?]).await?;
    Ok(d1::first_row::<IdRow>(&results[1], "person after insert")?.id)
}

/// Makes this person admin unless an enabled admin exists already, checked in the same
/// statement as the grant so nothing can slip in between. Audited as their own act.
pub async fn grant_admin_if_none(config: &Config, person_id: i64) -> Outcome<()> {
    let db = &config.db;
    let pid = d1::int(person_id);
    db.batch(vec![
        db.prepare(
            "INSERT INTO person_roles (person_id, role, granted_at)
             SELECT ?1, 'admin', ?2 WHERE NOT EXISTS (
               SELECT 1 FROM person_roles r JOIN people p ON p.id = r.person_id
               WHERE r.role = 'admin' AND p.disabled_at IS NULL)
             ON CONFLICT DO NOTHING",
        )
        .bind(&[pid, crate::codes::today().to_string().into()])?,
        audit::entry(
            config,
            person_id,
            "person.bootstrap_admin",
            &format!("person:{person_id}"),
            None,
            Some(&serde_json::json!({ "roles": [Role::Admin] })),
            true,
        )?,
    ])
    .await?;
    Ok(())
}

pub async fn departments(config: &Config) -> Outcome<Departments> {
    #[derive(Deserialize)]
    struct Row {
        code: String,
        name_zh: String,
        name_en: String,
    }
    let rows = config
        .db
        .prepare("SELECT code, name_zh, name_en FROM departments ORDER BY rowid")
        .all()
        .await?
        .results::<Row>()?;
    Ok(Departments {
        departments: rows.into_iter().map(|r| Named { code: r.code, zh: r.name_zh, en: r.name_en }).collect(),
    })
}

fn invalid(detail: &str) -> ApiError {
    ApiError::new(ErrorKind::InvalidBody).with_detail(detail.to_string())
}

fn valid_name(name: &str) -> Outcome<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 30 || name.chars().any(char::is_control) {
        return Err(invalid("name: 1 to 30 characters / 姓名为1至30个字符").into());
    }
    Ok(name.to_string())
}

/// A signed-in person registers as a stall vendor with name and ID number.
pub async fn become_vendor(config: &Config, caller: &Caller, body: VendorRequest) -> Outcome<Me> {
    let name = valid_name(&body.name)?;
    let id_number = getima_domain::id_number::parse(&body.id_number).map_err(|e| invalid(&e.to_string()))?;
    let db = &config.db;
    let pid = d1::int(caller.person_id);
    db.batch(vec![
        db.prepare("UPDATE people SET name = ?2, id_number_hash = ?3, id_number_sealed = ?4 WHERE id = ?1").bind(&[
            pid.clone(),
            name.into(),
            config.pii.fingerprint(Field::IdNumber, &id_number).into(),
            config.pii.seal(Field::IdNumber, &id_number, random::bytes()?).into(),
        ])?,
        db.prepare(
            "INSERT INTO person_roles (person_id, role, granted_at) VALUES (?1, 'vendor', ?2) ON CONFLICT DO NOTHING",
        )
        .bind(&[pid, crate::codes::today().to_string().into()])?,
    ])
    .await?;
    let person = load(config, caller.person_id).await?.ok_or_else(|| ApiError::new(ErrorKind::InvalidToken))?;
    Ok(person.me(config))
}

fn state(person: &Person) -> PersonState {
    PersonState {
        id: person.id,
        name: person.name.clone().unwrap_or_default(),
        roles: person.roles.clone(),
        disabled: person.disabled,
    }
}

/// Creates staff, department heads, market managers and admins, or adds such roles to the
/// person who already has that phone.
pub async fn create(config: &Config, caller: &Caller, body: NewPerson) -> Outcome<PersonState> {
    let name = valid_name(&body.name)?;
    let phone = parse_mobile(&body.phone).map_err(|e| invalid(&e.to_string()))?;
    if body.roles.is_empty() || body.roles.iter().any(|r| matches!(r, Role::Owner | Role::Vendor)) {
        return Err(invalid(
            "roles: staff, department_head, market_manager or admin (owners and vendors sign themselves up)",
        )
        .into());
    }
    let departmental = body.roles.iter().any(|r| r.is_departmental());
    if departmental != body.department.is_some() {
        return Err(invalid("department: required for staff and department heads, and only for them").into());
    }
    let manages = body.roles.contains(&Role::MarketManager);
    if manages == body.markets.is_empty() {
        return Err(invalid("markets: required for market managers, and only for them").into());
    }
    let db = &config.db;
    if let Some(code) = &body.department {
        let known = db
            .prepare("SELECT code AS id FROM departments WHERE code = ?1")
            .bind(&[code.into()])?
            .first::<serde_json::Value>(None)
            .await?;
        if known.is_none() {
            return Err(invalid("department: no such department").into());
        }
    }
    for market in &body.markets {
        let known =
            db.prepare("SELECT id FROM markets WHERE id = ?1").bind(&[d1::int(*market)])?.first::<IdRow>(None).await?;
        if known.is_none() {
            return Err(invalid("markets: no such market").into());
        }
    }
    let id = find_or_create(config, Field::Phone, &phone).await?;
    let existing = load(config, id).await?.ok_or_else(|| worker::Error::RustError("person vanished".into()))?;
    if let (Some(have), Some(want)) = (&existing.department, &body.department)
        && &have.code != want
    {
        return Err(ApiError::new(ErrorKind::AlreadyExists)
            .with_detail(format!("this phone belongs to staff of {}", have.code))
            .into());
    }
    let today = crate::codes::today().to_string();
    let pid = d1::int(id);
    let mut statements = vec![
        db.prepare("UPDATE people SET name = ?2, department_code = COALESCE(department_code, ?3) WHERE id = ?1")
            .bind(&[pid.clone(), name.clone().into(), body.department.clone().map_or(JsValue::NULL, JsValue::from)])?,
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
    let after = serde_json::json!({
        "name": name,
        "roles": body.roles,
        "department": body.department,
        "markets": body.markets,
    });
    let before = serde_json::json!({ "roles": existing.roles, "department": existing.department.map(|d| d.code) });
    statements.push(audit::entry(
        config,
        caller.person_id,
        "person.create",
        &format!("person:{id}"),
        Some(&before),
        Some(&after),
        false,
    )?);
    db.batch(statements).await?;
    let person = load(config, id).await?.ok_or_else(|| worker::Error::RustError("person vanished".into()))?;
    Ok(state(&person))
}

pub async fn set_disabled(
    config: &Config,
    caller: &Caller,
    raw_id: &str,
    body: DisabledChange,
) -> Outcome<PersonState> {
    let id: i64 = raw_id.parse().map_err(|_| invalid("id: a person number"))?;
    if id == caller.person_id && body.disabled {
        return Err(ApiError::new(ErrorKind::Forbidden).with_detail("admins cannot disable themselves").into());
    }
    let person =
        load(config, id).await?.ok_or_else(|| ApiError::new(ErrorKind::NotFound).with_detail("no such person"))?;
    let at = body.disabled.then(|| crate::codes::today().to_string());
    let db = &config.db;
    db.batch(vec![
        db.prepare("UPDATE people SET disabled_at = ?2 WHERE id = ?1 AND (disabled_at IS NULL) = ?3").bind(&[
            d1::int(id),
            at.map_or(JsValue::NULL, JsValue::from),
            JsValue::from_bool(body.disabled),
        ])?,
        audit::entry(
            config,
            caller.person_id,
            if body.disabled { "person.disable" } else { "person.enable" },
            &format!("person:{id}"),
            Some(&serde_json::json!({ "disabled": person.disabled })),
            Some(&serde_json::json!({ "disabled": body.disabled })),
            true,
        )?,
    ])
    .await?;
    if body.disabled {
        crate::auth::end_all_sessions(config, id).await?;
    }
    let person = load(config, id).await?.ok_or_else(|| worker::Error::RustError("person vanished".into()))?;
    Ok(state(&person))
}
