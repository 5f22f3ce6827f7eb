//! People in D1: loading who is calling, and finding or creating them by phone or WeChat.

use crate::audit::{self, Entry};
use crate::config::Config;
use crate::http::{Failure, Outcome};
use crate::{clock, d1, random};
use getima_domain::accounts::{Role, TERMS_VERSION};
use getima_domain::api::{MarketRef, Me, Named};
use getima_domain::audit::AuditAction;
use getima_domain::masking;
use getima_domain::pii::Field;
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

pub struct Person {
    pub id: i64,
    pub name: Option<String>,
    pub phone_hash: Option<String>,
    phone_sealed: Option<String>,
    /// The fingerprint of the ID number the person gave (as a vendor), if any.
    pub id_number_hash: Option<String>,
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
    id_number_hash: Option<String>,
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
                "SELECT p.id, p.name, p.phone_hash, p.phone_sealed, p.id_number_hash, p.department_code, p.disabled_at,
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
        id_number_hash: row.id_number_hash,
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
pub struct IdRow {
    pub id: i64,
}

#[derive(Deserialize)]
struct ConsentRow {
    terms_version: Option<String>,
}

/// Whether the person with this phone has accepted the current privacy policy and terms.
pub async fn has_accepted_terms(config: &Config, phone: &str) -> Outcome<bool> {
    let row = config
        .db
        .prepare("SELECT terms_version FROM people WHERE phone_hash = ?1")
        .bind(&[config.pii.fingerprint(Field::Phone, phone).into()])?
        .first::<ConsentRow>(None)
        .await?;
    Ok(row.and_then(|r| r.terms_version).as_deref() == Some(TERMS_VERSION))
}

/// What a person agreed to: Getima's privacy policy and terms of this version, or, signing
/// in through the mini-program, the mini-program's privacy guide, which WeChat has them
/// accept before `wx.login()` (and which is not Getima's terms).
pub enum Consent {
    Terms,
    WechatPrivacyGuide,
}

/// Records what this person agreed to, and when.
pub async fn record_consent(config: &Config, person_id: i64, consent: Consent) -> Outcome<()> {
    let version = match consent {
        Consent::Terms => TERMS_VERSION,
        Consent::WechatPrivacyGuide => "wechat-privacy-guide",
    };
    config
        .db
        .prepare(
            "UPDATE people SET terms_version = ?2, terms_accepted_at = ?3
              WHERE id = ?1 AND terms_version IS NOT ?2",
        )
        .bind(&[d1::int(person_id), version.into(), clock::timestamp().into()])?
        .run()
        .await?;
    Ok(())
}

/// The person signing in with this phone or WeChat identity, created on first sign-in (as a
/// visitor: roles come from claims, registration or an admin).
pub async fn find_or_create(config: &Config, field: Field, value: &str) -> Outcome<i64> {
    let hash = JsValue::from_str(&config.pii.fingerprint(field, value));
    let today = JsValue::from_str(&clock::today().to_string());
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
        Field::IdNumber => return Err(Failure::internal("people are not keyed by ID number")),
    };
    let results =
        db.batch(vec![insert, db.prepare(format!("SELECT id FROM people WHERE {column} = ?1")).bind(&[hash])?]).await?;
    Ok(d1::first_row::<IdRow>(&results[1], "person after insert")?.id)
}

/// Gives `person` the `role` from `today` (a statement for a batch); one who holds it already
/// keeps it as it was.
pub fn grant(db: &D1Database, person: i64, role: Role, today: JsValue) -> Outcome<D1PreparedStatement> {
    Ok(db
        .prepare("INSERT INTO person_roles (person_id, role, granted_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
        .bind(&[d1::int(person), role.as_str().into(), today])?)
}

/// Makes this person admin unless an enabled admin exists already, checked in the same
/// statement as the grant so nothing can slip in between. Audited as their own act.
pub async fn grant_admin_if_none(config: &Config, person_id: i64) -> Outcome<()> {
    let db = &config.db;
    let pid = d1::int(person_id);
    db.batch(vec![
        db.prepare(
            "INSERT INTO person_roles (person_id, role, granted_at)
             SELECT ?1, ?3, ?2 WHERE NOT EXISTS (
               SELECT 1 FROM person_roles r JOIN people p ON p.id = r.person_id
               WHERE r.role = ?3 AND p.disabled_at IS NULL)
             ON CONFLICT DO NOTHING",
        )
        .bind(&[pid, clock::today().to_string().into(), Role::Admin.as_str().into()])?,
        audit::statement(
            config,
            Entry::if_changed(person_id, AuditAction::PersonBootstrapAdmin, format!("person:{person_id}"))
                .after(serde_json::json!({ "roles": [Role::Admin] })),
        )?,
    ])
    .await?;
    Ok(())
}

/// A person who must exist (an id just written or checked); absence is a broken invariant.
pub async fn existing(config: &Config, id: i64) -> Outcome<Person> {
    load(config, id).await?.ok_or_else(|| Failure::internal(format!("person {id} vanished")))
}
