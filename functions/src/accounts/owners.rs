//! Owners and their households: claiming by proving operator identity, "my businesses",
//! and the owner's unmasked view.

use crate::audit::{self, Entry};
use crate::config::Config;
use crate::context::Ctx;
use crate::http::Outcome;
use crate::{clock, d1, limits, people};
use getima_domain::accounts::Role;
use getima_domain::api::{
    AllValid, ApiError, ClaimRequest, ErrorKind, MyHouseholds, OwnedHousehold, PrivateHousehold, endpoints, field,
};
use getima_domain::audit::AuditAction;
use getima_domain::codes::households::HouseholdStatus;
use getima_domain::limits::WRONG_CLAIMS_PER_PERSON;
use getima_domain::pii::Field;
use getima_domain::{id_number, uscc};
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

#[derive(Deserialize)]
struct OwnedRow {
    uscc: String,
    name: String,
    status: String,
    code_id: String,
    version: u32,
}

const OWNED: &str = "SELECT h.uscc, h.name, h.status, c.id AS code_id, c.version
      FROM household_owners o
      JOIN households h ON h.id = o.household_id
      JOIN codes c ON c.subject_kind = 'household' AND c.subject_id = h.id";

fn owned(config: &Config, row: OwnedRow) -> Outcome<OwnedHousehold> {
    let token = config.code_key.sign(&row.code_id, row.version);
    let status = d1::known(HouseholdStatus::parse(&row.status), "status", &row.status)?;
    Ok(OwnedHousehold { uscc: row.uscc, name: row.name, status, code: token.to_string() })
}

pub async fn mine(ctx: Ctx<endpoints::ListMyHouseholds>, _: ()) -> Outcome<MyHouseholds> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let rows = config
        .db
        .prepare(format!("{OWNED} WHERE o.person_id = ?1 ORDER BY h.id"))
        .bind(&[d1::int(caller.person_id)])?
        .all()
        .await?
        .results::<OwnedRow>()?;
    let households = rows.into_iter().map(|row| owned(config, row)).collect::<Outcome<Vec<_>>>()?;
    Ok(MyHouseholds { households })
}

#[derive(Deserialize)]
struct ClaimRow {
    id: i64,
    operator_phone_hash: Option<String>,
    operator_id_hash: Option<String>,
}

/// Binds the caller to a household when both the phone they signed in with and the ID
/// number they give match the registered operator. Claiming again changes nothing.
pub async fn claim(ctx: Ctx<endpoints::ClaimHousehold>, body: ClaimRequest) -> Outcome<OwnedHousehold> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let (code, id) =
        (field("uscc", uscc::parse(&body.uscc)), field("id_number", id_number::parse(&body.id_number))).all_valid()?;
    let me = people::existing(config, caller.person_id).await?;
    let phone_hash = me.phone_hash.ok_or_else(|| {
        ApiError::new(ErrorKind::ClaimMismatch)
            .with_message("请用手机号登录后再认领个体户。", "Sign in with your phone number to claim a business.")
    })?;
    // Taken before checking and given back unless the claim was wrong, so claims fired at
    // once cannot overshoot: only wrong claims are limited.
    let subject = format!("person:{}", caller.person_id);
    let window = limits::take_one(config, &subject, WRONG_CLAIMS_PER_PERSON).await?;
    let row = config
        .db
        .prepare("SELECT id, operator_phone_hash, operator_id_hash FROM households WHERE uscc = ?1")
        .bind(&[code.clone().into()])?
        .first::<ClaimRow>(None)
        .await?;
    let Some(row) = row else {
        limits::give_back(config, &subject, WRONG_CLAIMS_PER_PERSON, window).await?;
        return Err(ApiError::invalid(
            "uscc",
            "没有使用这个统一社会信用代码的个体户",
            "No business has this credit code",
        )
        .into());
    };
    let typed_id = config.pii.fingerprint(Field::IdNumber, &id);
    // An account that gave another ID number is someone else, whatever ID it types.
    let matches = row.operator_phone_hash.as_deref() == Some(phone_hash.as_str())
        && row.operator_id_hash.as_deref() == Some(typed_id.as_str())
        && me.id_number_hash.as_deref().is_none_or(|own| own == typed_id);
    let db = &config.db;
    let subject_household = format!("household:{}", row.id);
    if !matches {
        let entry = Entry::always(caller.person_id, AuditAction::HouseholdClaimRefused, subject_household);
        audit::statement(config, entry)?.run().await?;
        return Err(ApiError::new(ErrorKind::ClaimMismatch).into());
    }
    limits::give_back(config, &subject, WRONG_CLAIMS_PER_PERSON, window).await?;
    let today = JsValue::from_str(&clock::today().to_string());
    let results = db
        .batch(vec![
            db.prepare(
                "INSERT INTO household_owners (household_id, person_id, bound_at, bound_by) VALUES (?1, ?2, ?3, 'claim')
                 ON CONFLICT DO NOTHING",
            )
            .bind(&[d1::int(row.id), d1::int(caller.person_id), today.clone()])?,
            audit::statement(config, Entry::if_changed(caller.person_id, AuditAction::HouseholdClaim, subject_household))?,
            people::grant(db, caller.person_id, Role::Owner, today)?,
            // Someone who never gave a name is the operator they just proved to be.
            named_after_operator(db, caller.person_id, row.id)?,
            db.prepare(format!("{OWNED} WHERE o.person_id = ?1 AND h.id = ?2"))
                .bind(&[d1::int(caller.person_id), d1::int(row.id)])?,
        ])
        .await?;
    owned(config, d1::first_row(&results[4], "claimed household")?)
}

/// Gives person `person`, if they have no name yet, the operator's name of household
/// `household` they own: the name their page greets them by.
pub fn named_after_operator(db: &D1Database, person: i64, household: i64) -> Outcome<D1PreparedStatement> {
    Ok(db
        .prepare(
            "UPDATE people SET name = (SELECT h.operator_name FROM households h WHERE h.id = ?2)
              WHERE id = ?1 AND name IS NULL
                AND EXISTS (SELECT 1 FROM household_owners o WHERE o.person_id = ?1 AND o.household_id = ?2)",
        )
        .bind(&[d1::int(person), d1::int(household)])?)
}

#[derive(Deserialize)]
struct PrivateRow {
    uscc: String,
    name: String,
    operator_name: String,
    operator_phone_sealed: Option<String>,
    operator_id_sealed: Option<String>,
    status: String,
}

/// The owner's own view, unmasked. Access (ownership) was checked centrally.
pub async fn private(ctx: Ctx<endpoints::GetMyHousehold>, _: ()) -> Outcome<PrivateHousehold> {
    let config = &ctx.config;
    let code = ctx.params.uscc.0.clone();
    let row = config
        .db
        .prepare(
            "SELECT uscc, name, operator_name, operator_phone_sealed, operator_id_sealed, status
               FROM households WHERE uscc = ?1",
        )
        .bind(&[code.into()])?
        .first::<PrivateRow>(None)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound))?;
    let open = |field, sealed: Option<String>| sealed.and_then(|s| config.pii.open(field, &s)).unwrap_or_default();
    Ok(PrivateHousehold {
        uscc: row.uscc,
        name: row.name,
        operator_name: row.operator_name,
        operator_phone: open(Field::Phone, row.operator_phone_sealed),
        operator_id_number: open(Field::IdNumber, row.operator_id_sealed),
        status: d1::known(HouseholdStatus::parse(&row.status), "status", &row.status)?,
    })
}
