//! What every filing of an application writes after its own row, in the same batch: a task
//! per department on its statutory clock, the timeline's first entry, and the read-back of the
//! application's id. Each is keyed by (applicant, idempotency key), so a retry adds nothing.

use crate::d1;
use crate::http::Outcome;
use getima_domain::api::TimelineEvent;
use getima_domain::api::{ApiError, ErrorKind};
use getima_domain::calendar::Date;
use getima_domain::calendar::workdays::WorkCalendar;
use getima_domain::registration::{Clock, TaskStatus};
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

/// One department's part of a bundle, as D1 lists it.
#[derive(Deserialize)]
pub struct BundleTask {
    pub kind: String,
    pub department: String,
    pub limit_days: u32,
}

/// The departments' tasks a bundle fans out to, with their statutory limits.
pub fn bundle_tasks(db: &D1Database, bundle: &str) -> Outcome<D1PreparedStatement> {
    Ok(db
        .prepare(
            "SELECT k.kind, k.department, k.limit_days FROM registration_bundle_tasks t
               JOIN registration_task_kinds k ON k.kind = t.kind WHERE t.bundle = ?1",
        )
        .bind(&[bundle.into()])?)
}

/// The statements after the application's insert: its tasks (only on the application of this
/// bundle filed under this key), the "submitted" entry once, the draft's photos attached, and
/// the read-back, last.
pub fn after_insert(
    db: &D1Database,
    (applicant, key, bundle): (i64, &str, &str),
    tasks: &[BundleTask],
    (today, work): (Date, &WorkCalendar),
    now: &str,
) -> Outcome<Vec<D1PreparedStatement>> {
    let (applicant, key) = (d1::int(applicant), JsValue::from_str(key));
    let mut statements = Vec::new();
    for task in tasks {
        let clock = Clock::accept(task.limit_days, today, work);
        let due = clock.due(work).map(|d| d.to_string());
        statements.push(
            db.prepare(
                "INSERT INTO application_tasks (application_id, kind, department, status, limit_days, running_since, due_on)
                 SELECT id, ?3, ?4, ?9, ?5, ?6, ?7 FROM applications
                  WHERE applicant_id = ?1 AND idempotency_key = ?2 AND bundle = ?8
                 ON CONFLICT (application_id, kind) DO NOTHING",
            )
            .bind(&[
                applicant.clone(),
                key.clone(),
                task.kind.as_str().into(),
                task.department.as_str().into(),
                task.limit_days.into(),
                clock.running_since.map(|d| d.to_string()).into(),
                d1::text_or_null(due.as_deref()),
                bundle.into(),
                // A task starts in review, its clock running.
                d1::state(TaskStatus::InReview),
            ])?,
        );
    }
    statements.push(
        db.prepare(
            "INSERT INTO application_events (application_id, actor_id, event, at)
             SELECT a.id, ?1, ?4, ?3 FROM applications a
              WHERE a.applicant_id = ?1 AND a.idempotency_key = ?2
                AND NOT EXISTS (SELECT 1 FROM application_events e WHERE e.application_id = a.id AND e.event = ?4)",
        )
        .bind(&[applicant.clone(), key.clone(), now.into(), TimelineEvent::Submitted.as_str().into()])?,
    );
    statements.push(
        db.prepare(
            "UPDATE application_photos
                SET application_id = (SELECT id FROM applications WHERE applicant_id = ?1 AND idempotency_key = ?2)
              WHERE person_id = ?1 AND bundle = ?3 AND application_id IS NULL
                AND EXISTS (SELECT 1 FROM applications WHERE applicant_id = ?1 AND idempotency_key = ?2 AND bundle = ?3)",
        )
        .bind(&[applicant.clone(), key.clone(), bundle.into()])?,
    );
    statements.push(
        db.prepare("SELECT id FROM applications WHERE applicant_id = ?1 AND idempotency_key = ?2")
            .bind(&[applicant, key])?,
    );
    Ok(statements)
}

/// The application's id from the batch's last result, if it was filed.
pub fn filed_id(results: &[D1Result]) -> Outcome<Option<i64>> {
    #[derive(Deserialize)]
    struct Filed {
        id: i64,
    }
    let Some(last) = results.last() else { return Ok(None) };
    Ok(last.results::<Filed>()?.into_iter().next().map(|f| f.id))
}

/// A key already used for a different submission: refused rather than mixed into the first.
pub fn key_reused() -> ApiError {
    ApiError::new(ErrorKind::AlreadyExists).with_message(
        "这个提交编号已用于另一份申请，请刷新页面后重新提交。",
        "This submission key was used for another application; reload and submit again.",
    )
}
