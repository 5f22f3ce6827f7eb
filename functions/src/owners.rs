//! Owners and their households: claiming by proving operator identity, "my businesses",
//! and the owner's unmasked view.

use crate::auth::Caller;
use crate::config::Config;
use crate::d1;
use crate::http::Outcome;
use getima_domain::api::{ApiError, ClaimRequest, ErrorKind, MyHouseholds, OwnedHousehold, PrivateHousehold};
use getima_domain::households::HouseholdStatus;
use getima_domain::pii::Field;
use getima_domain::{id_number, uscc};
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;

/// Whether `person_id` is bound to the household with credit code `raw_uscc`. A malformed
/// code is simply not owned.
pub async fn owns(config: &Config, person_id: i64, raw_uscc: &str) -> Outcome<bool> {
    let Ok(code) = uscc::parse(raw_uscc) else {
        return Ok(false);
    };
    let found = config
        .db
        .prepare(
            "SELECT h.id FROM household_owners o JOIN households h ON h.id = o.household_id
              WHERE o.person_id = ?1 AND h.uscc = ?2",
        )
        .bind(&[d1::int(person_id), code.into()])?
        .first::<serde_json::Value>(None)
        .await?;
    Ok(found.is_some())
}

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
    let status = HouseholdStatus::parse(&row.status)
        .ok_or_else(|| worker::Error::RustError(format!("unknown status {:?}", row.status)))?;
    Ok(OwnedHousehold { uscc: row.uscc, name: row.name, status, code: token.to_string() })
}

pub async fn mine(config: &Config, caller: &Caller) -> Outcome<MyHouseholds> {
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
pub async fn claim(config: &Config, caller: &Caller, body: ClaimRequest) -> Outcome<OwnedHousehold> {
    let invalid = |detail: String| ApiError::new(ErrorKind::InvalidBody).with_detail(detail);
    let code = uscc::parse(&body.uscc).map_err(|e| invalid(e.to_string()))?;
    let id = id_number::parse(&body.id_number).map_err(|e| invalid(e.to_string()))?;
    let me =
        crate::people::load(config, caller.person_id).await?.ok_or_else(|| ApiError::new(ErrorKind::InvalidToken))?;
    let phone_hash = me.phone_hash.ok_or_else(|| {
        ApiError::new(ErrorKind::ClaimMismatch).with_detail("sign in with your phone number to claim a business")
    })?;
    let row = config
        .db
        .prepare("SELECT id, operator_phone_hash, operator_id_hash FROM households WHERE uscc = ?1")
        .bind(&[code.clone().into()])?
        .first::<ClaimRow>(None)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound).with_detail("no household has that credit code"))?;
    let matches = row.operator_phone_hash.as_deref() == Some(phone_hash.as_str())
        && row.operator_id_hash.as_deref() == Some(config.pii.fingerprint(Field::IdNumber, &id).as_str());
    if !matches {
        return Err(ApiError::new(ErrorKind::ClaimMismatch).into());
    }
    let db = &config.db;
    let today = JsValue::from_str(&crate::codes::today().to_string());
    let results = db
        .batch(vec![
            db.prepare(
                "INSERT INTO household_owners (household_id, person_id, bound_at, bound_by) VALUES (?1, ?2, ?3, 'claim')
                 ON CONFLICT DO NOTHING",
            )
            .bind(&[d1::int(row.id), d1::int(caller.person_id), today.clone()])?,
            db.prepare("INSERT INTO person_roles (person_id, role, granted_at) VALUES (?1, 'owner', ?2) ON CONFLICT DO NOTHING")
                .bind(&[d1::int(caller.person_id), today])?,
            db.prepare(format!("{OWNED} WHERE o.person_id = ?1 AND h.id = ?2"))
                .bind(&[d1::int(caller.person_id), d1::int(row.id)])?,
        ])
        .await?;
    owned(config, d1::first_row(&results[2], "claimed household")?)
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
pub async fn private(config: &Config, raw_uscc: &str) -> Outcome<PrivateHousehold> {
    let code = uscc::parse(raw_uscc).map_err(|e| ApiError::new(ErrorKind::InvalidBody).with_detail(e.to_string()))?;
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
        status: HouseholdStatus::parse(&row.status).ok_or_else(|| worker::Error::RustError("unknown status".into()))?,
    })
}
