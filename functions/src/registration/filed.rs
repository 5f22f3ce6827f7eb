//! An application read back whole — its tasks with their countdowns, its timeline, the
//! business it opened and its rating — for its applicant or for staff.

use crate::config::Config;
use crate::d1;
use crate::http::{Failure, Outcome};
use crate::photos::{PHOTO_COLUMNS, PhotoRow};
use getima_domain::api::{
    ApiError, Application, ApplicationTask, ErrorKind, Named, PhotoRef, TimelineEntry, TimelineEvent,
};
use getima_domain::calendar::workdays::WorkCalendar;
use getima_domain::calendar::{Date, parse_date};
use getima_domain::registration::{ApplicationStatus, TaskKind, TaskStatus};
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;

/// Who is looking at an application: its applicant sees only their own.
pub(crate) enum Whose {
    Applicant(i64),
    Staff,
}

/// One application, as `whose` may see it.
pub(crate) async fn load(
    config: &Config,
    work: &WorkCalendar,
    today: Date,
    whose: Whose,
    id: i64,
) -> Outcome<Application> {
    load_many(config, work, today, whose, &[id]).await?.pop().ok_or_else(|| {
        ApiError::new(ErrorKind::NotFound).with_message("没有这份申请。", "There is no such application.").into()
    })
}

/// Applications by id, newest first, in one batch whatever their number; ids `whose` may not
/// see are left out.
pub(crate) async fn load_many(
    config: &Config,
    work: &WorkCalendar,
    today: Date,
    whose: Whose,
    ids: &[i64],
) -> Outcome<Vec<Application>> {
    #[derive(Deserialize)]
    struct Head {
        id: i64,
        bundle: String,
        bundle_zh: String,
        bundle_en: String,
        shop_name: String,
        submitted_at: String,
        uscc: Option<String>,
        code_id: Option<String>,
        version: Option<u32>,
        score: Option<u8>,
    }
    #[derive(Deserialize)]
    struct TaskRow {
        application_id: i64,
        id: i64,
        kind: String,
        name_zh: String,
        name_en: String,
        department: String,
        department_zh: String,
        department_en: String,
        status: String,
        limit_days: u32,
        due_on: Option<String>,
        correct_by: Option<String>,
    }
    #[derive(Deserialize)]
    struct EventRow {
        application_id: i64,
        event: String,
        kind: Option<String>,
        department_zh: Option<String>,
        department_en: Option<String>,
        note: String,
        at: String,
    }
    let db = &config.db;
    let applicant = match whose {
        Whose::Applicant(person) => d1::int(person),
        Whose::Staff => JsValue::NULL,
    };
    let ids = JsValue::from_str(&serde_json::to_string(ids).map_err(|e| Failure::internal(e.to_string()))?);
    // Only the applications the caller may see; tasks and events follow from those.
    let visible = "SELECT a.id FROM applications a
                    WHERE a.id IN (SELECT value FROM json_each(?1)) AND (?2 IS NULL OR a.applicant_id = ?2)";
    let results = db
        .batch(vec![
            db.prepare(
                "SELECT a.id, a.bundle, b.name_zh AS bundle_zh, b.name_en AS bundle_en, a.shop_name, a.submitted_at,
                        h.uscc, c.id AS code_id, c.version, r.score
                   FROM applications a
                   JOIN registration_bundles b ON b.slug = a.bundle
                   LEFT JOIN households h ON h.id = a.household_id
                   LEFT JOIN codes c ON c.subject_kind = 'household' AND c.subject_id = h.id AND c.revoked_at IS NULL
                   LEFT JOIN application_ratings r ON r.application_id = a.id
                  WHERE a.id IN (SELECT value FROM json_each(?1)) AND (?2 IS NULL OR a.applicant_id = ?2)
                  ORDER BY a.id DESC",
            )
            .bind(&[ids.clone(), applicant.clone()])?,
            db.prepare(format!(
                "SELECT t.application_id, t.id, t.kind, k.name_zh, k.name_en, t.department, d.name_zh AS department_zh,
                        d.name_en AS department_en, t.status, t.limit_days, t.due_on, t.correct_by
                   FROM application_tasks t
                   JOIN registration_task_kinds k ON k.kind = t.kind
                   JOIN departments d ON d.code = t.department
                  WHERE t.application_id IN ({visible})"
            ))
            .bind(&[ids.clone(), applicant.clone()])?,
            db.prepare(format!(
                "SELECT e.application_id, e.event, t.kind, d.name_zh AS department_zh, d.name_en AS department_en,
                        e.note, e.at
                   FROM application_events e
                   LEFT JOIN application_tasks t ON t.id = e.task_id
                   LEFT JOIN departments d ON d.code = t.department
                  WHERE e.application_id IN ({visible}) ORDER BY e.id"
            ))
            .bind(&[ids.clone(), applicant.clone()])?,
            db.prepare(format!(
                "SELECT p.application_id AS of, {PHOTO_COLUMNS}
                   FROM application_photos p JOIN registration_materials m ON m.code = p.material
                  WHERE p.application_id IN ({visible}) ORDER BY p.rowid"
            ))
            .bind(&[ids, applicant])?,
        ])
        .await?;
    let photos = results[3].results::<PhotoRow>()?;
    let mut tasks = results[1]
        .results::<TaskRow>()?
        .into_iter()
        .map(|r| {
            let due = r.due_on.as_deref().map(|d| d1::known(parse_date(d), "due date", d)).transpose()?;
            let task = ApplicationTask {
                id: r.id,
                kind: d1::known(TaskKind::parse(&r.kind), "task kind", &r.kind)?,
                name_zh: r.name_zh,
                name_en: r.name_en,
                department: Named { code: r.department, zh: r.department_zh, en: r.department_en },
                status: d1::known(TaskStatus::parse(&r.status), "task status", &r.status)?,
                limit_days: r.limit_days,
                days_left: due.map(|due| work.working_days_between(today, due)),
                due_on: r.due_on,
                correct_by: r.correct_by,
            };
            Ok((r.application_id, task))
        })
        .collect::<Outcome<Vec<_>>>()?;
    tasks.sort_by_key(|(_, t)| t.kind);
    let events = results[2]
        .results::<EventRow>()?
        .into_iter()
        .map(|r| {
            let event = d1::known(TimelineEvent::parse(&r.event), "timeline event", &r.event)?;
            let system = matches!(event, TimelineEvent::Escalated | TimelineEvent::Closed | TimelineEvent::Lapsed);
            let entry = TimelineEntry {
                event,
                task: r.kind.as_deref().map(|k| d1::known(TaskKind::parse(k), "task kind", k)).transpose()?,
                by_zh: if system { "系统".into() } else { r.department_zh.unwrap_or_else(|| "申请人".into()) },
                by_en: if system { "System".into() } else { r.department_en.unwrap_or_else(|| "Applicant".into()) },
                note: r.note,
                at: r.at,
            };
            Ok((r.application_id, entry))
        })
        .collect::<Outcome<Vec<_>>>()?;
    results[0]
        .results::<Head>()?
        .into_iter()
        .map(|head| {
            let tasks: Vec<ApplicationTask> =
                tasks.iter().filter(|(of, _)| *of == head.id).map(|(_, t)| t.clone()).collect();
            let timeline = events.iter().filter(|(of, _)| *of == head.id).map(|(_, e)| e.clone()).collect();
            let photos = photos.iter().filter(|p| p.of == Some(head.id)).cloned().map(PhotoRef::from).collect();
            let code = match (&head.code_id, head.version) {
                (Some(id), Some(version)) => Some(config.code_key.sign(id, version).to_string()),
                _ => None,
            };
            Ok(Application {
                id: head.id,
                status: ApplicationStatus::of(tasks.iter().map(|t| t.status)),
                bundle: head.bundle,
                bundle_zh: head.bundle_zh,
                bundle_en: head.bundle_en,
                shop_name: head.shop_name,
                submitted_at: head.submitted_at,
                uscc: head.uscc.filter(|_| code.is_some()),
                code,
                tasks,
                timeline,
                rating: head.score,
                photos,
            })
        })
        .collect()
}
