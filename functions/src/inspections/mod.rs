//! Inspections recorded on site by department staff, and a household's inspection history.

use crate::audit::{self, Entry};
use crate::context::Ctx;
use crate::context::{Incoming, run};
use crate::http::Outcome;
use crate::{clock, codes, d1};
use getima_domain::accounts::InspectionResult;
use getima_domain::api::{ApiError, Inspection, InspectionRequest, Inspections, Named, endpoints, valid_notes};
use getima_domain::audit::AuditAction;
use getima_domain::inspections::api::endpoints::Endpoint;
use getima_domain::masking;
use serde::Deserialize;
use worker::Response;

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
        result: d1::known(InspectionResult::parse(&row.result), "inspection result", &row.result)?,
        notes: row.notes,
    })
}

/// History across all departments ("进一次门、查多项事"), newest first.
pub async fn history(ctx: Ctx<endpoints::ListCodeInspections>, _: ()) -> Outcome<Inspections> {
    let (_, record) = codes::verify(&ctx.config, &ctx.params.code).await?;
    let rows = ctx
        .config
        .db
        .prepare(format!("{SELECT} WHERE i.household_id = ?1 ORDER BY i.id DESC LIMIT 50"))
        .bind(&[d1::int(record.household_id)])?
        .all()
        .await?
        .results::<Row>()?;
    Ok(Inspections { inspections: rows.into_iter().map(inspection).collect::<Outcome<_>>()? })
}

/// Records an inspection for `department` (access already checked: the caller works there).
pub async fn record(ctx: Ctx<endpoints::RecordInspection>, body: InspectionRequest) -> Outcome<Inspection> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let department = ctx.params.dept.as_str();
    let notes = valid_notes(body.result, &body.notes).map_err(|(zh, en)| ApiError::invalid("notes", zh, en))?;
    let notes = notes.as_str();
    let (_, record) = codes::verify(config, &body.code).await?;
    let today = clock::today().to_string();
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
            audit::statement(
                config,
                Entry::always(caller.person_id, AuditAction::InspectionRecord, format!("household:{}", record.household.uscc))
                    .after(after),
            )?,
        ])
        .await?;
    inspection(d1::first_row(&results[1], "inspection after insert")?)
}

/// Runs this area's endpoints: the router hands each request over by its area.
pub(crate) async fn serve(endpoint: Endpoint, incoming: Incoming) -> Outcome<Response> {
    match endpoint {
        Endpoint::ListCodeInspections => run(incoming, history).await,
        Endpoint::RecordInspection => run(incoming, record).await,
    }
}
