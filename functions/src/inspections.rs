//! Inspections recorded on site by department staff, and a household's inspection history.

use crate::auth::Caller;
use crate::config::Config;
use crate::http::Outcome;
use crate::{audit, codes, d1};
use getima_domain::api::{ApiError, ErrorKind, Inspection, InspectionRequest, Inspections, MAX_NOTES_CHARS, Named};
use getima_domain::masking;
use getima_domain::people::InspectionResult;
use serde::Deserialize;

#[derive(Deserialize)]
struct Row {
    id: i64,
    department_code: String,
    department_zh: String,
    department_en: String,
    inspector: Option<String>,
    inspected_on: String,
    result: String,
    notes: String,
}

const SELECT: &str = "SELECT i.id, i.department_code, d.name_zh AS department_zh, d.name_en AS department_en,
           p.name AS inspector, i.inspected_on, i.result, i.notes
      FROM inspections i
      JOIN departments d ON d.code = i.department_code
      JOIN people p ON p.id = i.inspector_id";

fn inspection(row: Row) -> Outcome<Inspection> {
    Ok(Inspection {
        id: row.id,
        department: Named { code: row.department_code, zh: row.department_zh, en: row.department_en },
        inspector: masking::name(row.inspector.as_deref().unwrap_or("?")),
        inspected_on: row.inspected_on,
        result: InspectionResult::parse(&row.result)
            .ok_or_else(|| worker::Error::RustError(format!("unknown inspection result {:?}", row.result)))?,
        notes: row.notes,
    })
}

/// History across all departments ("进一次门、查多项事"), newest first.
pub async fn history(config: &Config, code: &str) -> Outcome<Inspections> {
    let (_, record) = codes::verify(config, code).await?;
    let rows = config
        .db
        .prepare(format!("{SELECT} WHERE i.household_id = ?1 ORDER BY i.id DESC LIMIT 50"))
        .bind(&[d1::int(record.household_id)])?
        .all()
        .await?
        .results::<Row>()?;
    Ok(Inspections { inspections: rows.into_iter().map(inspection).collect::<Outcome<_>>()? })
}

/// Records an inspection for `department` (access already checked: the caller works there).
pub async fn record(
    config: &Config,
    caller: &Caller,
    department: &str,
    body: InspectionRequest,
) -> Outcome<Inspection> {
    let notes = body.notes.trim();
    if notes.chars().count() > MAX_NOTES_CHARS {
        return Err(ApiError::new(ErrorKind::InvalidBody)
            .with_detail(format!("notes: at most {MAX_NOTES_CHARS} characters"))
            .into());
    }
    let (_, record) = codes::verify(config, &body.code).await?;
    let today = codes::today().to_string();
    let db = &config.db;
    let after = serde_json::json!({ "department": department, "result": body.result, "notes": notes, "household": record.household.uscc });
    let results = db
        .batch(vec![
            db.prepare(
                "INSERT INTO inspections (household_id, department_code, inspector_id, inspected_on, result, notes, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?4)",
            )
            .bind(&[
                d1::int(record.household_id),
                department.into(),
                d1::int(caller.person_id),
                today.into(),
                body.result.as_str().into(),
                notes.into(),
            ])?,
            // Read back before the audit insert moves last_insert_rowid().
            db.prepare(format!("{SELECT} WHERE i.id = last_insert_rowid()")),
            audit::entry(
                config,
                caller.person_id,
                "inspection.record",
                &format!("household:{}", record.household.uscc),
                None,
                Some(&after),
                false,
            )?,
        ])
        .await?;
    inspection(d1::first_row(&results[1], "inspection after insert")?)
}
