//! Households in D1: the public record behind a code, and status changes.

use crate::config::Config;
use crate::d1::{self, known};
use crate::http::{Failure, Outcome};
use getima_domain::api::{AwaitedLicence, Named, PaymentCode, PublicHousehold, PublicLicence};
use getima_domain::calendar::{Date, parse_date};
use getima_domain::codes::households::{
    Badge, CreditLevel, HouseholdStatus, LicenceKind, LicenceValidity, PaymentProvider, RevocationReason,
};
use getima_domain::registration::{TaskKind, TaskStatus};
use getima_domain::{masking, uscc};
use serde::{Deserialize, Serialize};
use worker::{D1Database, wasm_bindgen::JsValue};

/// A code row joined to the household it names, as cached in KV.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CodedHousehold {
    pub household_id: i64,
    pub version: u32,
    pub revoked: Option<RevocationReason>,
    pub household: PublicHousehold,
}

#[derive(Deserialize)]
struct HouseholdRow {
    household_id: i64,
    version: u32,
    revoked_reason: Option<String>,
    uscc: String,
    name: String,
    operator_name: String,
    status: String,
    converted_to: Option<String>,
    established_on: String,
    credit_level: String,
    trade_code: String,
    trade_zh: String,
    trade_en: String,
    county_code: String,
    county_zh: String,
    county_en: String,
    address: String,
    pay_provider: Option<String>,
    pay_url: Option<String>,
}

#[derive(Deserialize)]
struct LicenceRow {
    kind: String,
    number: String,
    valid_until: Option<String>,
}

#[derive(Deserialize)]
struct BadgeRow {
    badge: String,
}

const HOUSEHOLD_BY_CODE: &str = "
    SELECT h.id AS household_id, c.version, c.revoked_reason, h.uscc, h.name, h.operator_name, h.status,
           h.converted_to, h.established_on, h.credit_level,
           t.code AS trade_code, t.name_zh AS trade_zh, t.name_en AS trade_en,
           k.code AS county_code, k.name_zh AS county_zh, k.name_en AS county_en,
           a.full_text AS address, p.provider AS pay_provider, p.pay_url
      FROM codes c
      JOIN households h ON h.id = c.subject_id
      JOIN trades t ON t.code = h.trade_code
      JOIN counties k ON k.code = h.county_code
      JOIN standard_addresses a ON a.id = h.address_id
      LEFT JOIN payment_bindings p ON p.household_id = h.id
     WHERE c.id = ?1 AND c.subject_kind = 'household'";
const SUBJECT: &str = "(SELECT subject_id FROM codes WHERE id = ?1 AND subject_kind = 'household')";

/// Loads the household a code names, with its licences and badges, in one round trip.
pub async fn by_code(db: &D1Database, code_id: &str, today: Date) -> Outcome<Option<CodedHousehold>> {
    let id = JsValue::from_str(code_id);
    let results = db
        .batch(vec![
            db.prepare(HOUSEHOLD_BY_CODE).bind(std::slice::from_ref(&id))?,
            db.prepare(format!(
                "SELECT kind, number, valid_until FROM licences WHERE household_id = {SUBJECT} ORDER BY id"
            ))
            .bind(std::slice::from_ref(&id))?,
            db.prepare(format!("SELECT badge FROM badges WHERE household_id = {SUBJECT} ORDER BY awarded_on"))
                .bind(std::slice::from_ref(&id))?,
            // The permits applied for with its registration that are not granted.
            db.prepare(format!(
                "SELECT t.kind, t.status FROM applications a JOIN application_tasks t ON t.application_id = a.id
                  WHERE a.household_id = {SUBJECT} AND a.target_household_id IS NULL AND t.status <> ?2
                  ORDER BY t.kind"
            ))
            .bind(&[id.clone(), d1::state(TaskStatus::GRANTED)])?,
        ])
        .await?;
    let [household, licences, badges, unapproved] =
        <[_; 4]>::try_from(results).map_err(|_| Failure::internal("D1 batch returned the wrong number of results"))?;
    let Some(row) = household.results::<HouseholdRow>()?.into_iter().next() else {
        return Ok(None);
    };

    let licences = licences
        .results::<LicenceRow>()?
        .into_iter()
        .map(|l| {
            Ok(PublicLicence {
                kind: known(LicenceKind::parse(&l.kind), "licence kind", &l.kind)?,
                number: l.number,
                validity: validity(today, l.valid_until.as_deref()),
                valid_until: l.valid_until,
            })
        })
        .collect::<Outcome<Vec<_>>>()?;
    let badges = badges
        .results::<BadgeRow>()?
        .into_iter()
        .map(|b| known(Badge::parse(&b.badge), "badge", &b.badge))
        .collect::<Outcome<Vec<_>>>()?;
    #[derive(Deserialize)]
    struct TaskRow {
        kind: String,
        status: String,
    }
    let mut awaited_licences = Vec::new();
    for task in unapproved.results::<TaskRow>()? {
        let kind = known(TaskKind::parse(&task.kind), "task kind", &task.kind)?;
        let status = known(TaskStatus::parse(&task.status), "task status", &task.status)?;
        if let Some(licence) = kind.licence() {
            let pending = matches!(status, TaskStatus::InReview | TaskStatus::Returned);
            awaited_licences.push(AwaitedLicence { kind: licence, pending });
        }
    }
    let status = known(HouseholdStatus::parse(&row.status), "status", &row.status)?;
    // Only an operating business takes payments through its code.
    let payment = match (row.pay_provider, row.pay_url) {
        (Some(provider), Some(url)) if status == HouseholdStatus::Active => Some(PaymentCode {
            provider: known(PaymentProvider::parse(&provider), "payment provider", &provider)?,
            url,
        }),
        _ => None,
    };
    let revoked = match row.revoked_reason {
        Some(reason) => Some(known(RevocationReason::parse(&reason), "revocation reason", &reason)?),
        None => None,
    };
    Ok(Some(CodedHousehold {
        household_id: row.household_id,
        version: row.version,
        revoked,
        household: PublicHousehold {
            name: row.name,
            operator: masking::name(&row.operator_name),
            uscc: row.uscc,
            status,
            converted_to: row.converted_to,
            trade: Named { code: row.trade_code, zh: row.trade_zh, en: row.trade_en },
            county: Named { code: row.county_code, zh: row.county_zh, en: row.county_en },
            address: row.address,
            established_on: row.established_on,
            credit_level: known(CreditLevel::parse(&row.credit_level), "credit level", &row.credit_level)?,
            badges,
            licences,
            awaited_licences,
            payment,
        },
    }))
}

pub fn validity(today: Date, valid_until: Option<&str>) -> LicenceValidity {
    LicenceValidity::on(today, valid_until.and_then(parse_date))
}

#[derive(Deserialize)]
pub struct StatusRow {
    pub status: String,
}

/// A household's current status, `None` when there is no such household.
pub async fn status(db: &D1Database, uscc: &str) -> Outcome<Option<StatusRow>> {
    Ok(db
        .prepare("SELECT status FROM households WHERE uscc = ?1")
        .bind(&[uscc.into()])?
        .first::<StatusRow>(None)
        .await?)
}

/// Sets a household's status, with `audit` (conditional on the change) in the same
/// transaction; returns the ids of its codes, whose cached profiles must go.
pub async fn set_status(
    db: &D1Database,
    uscc: &str,
    status: HouseholdStatus,
    today: Date,
    audit: worker::D1PreparedStatement,
) -> Outcome<Vec<String>> {
    #[derive(Deserialize)]
    struct CodeId {
        id: String,
    }
    let uscc = JsValue::from_str(uscc);
    let results = db
        .batch(vec![
            db.prepare("UPDATE households SET status = ?2, updated_at = ?3 WHERE uscc = ?1 AND status <> ?2")
                .bind(&[uscc.clone(), status.as_str().into(), today.to_string().into()])?,
            audit,
            db.prepare(
                "SELECT c.id FROM codes c JOIN households h ON h.id = c.subject_id
                  WHERE c.subject_kind = 'household' AND h.uscc = ?1",
            )
            .bind(&[uscc])?,
        ])
        .await?;
    Ok(results[2].results::<CodeId>()?.into_iter().map(|c| c.id).collect())
}

/// Whether `person_id` is bound to the household with credit code `raw_uscc`. A malformed
/// code is simply not owned.
pub async fn owned_by(config: &Config, person_id: i64, raw_uscc: &str) -> Outcome<bool> {
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
