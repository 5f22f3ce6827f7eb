//! Who holds a department's task (认领): a reviewer takes an open task or gives it back, the
//! head gives it to a colleague. Each change is one conditional update, its timeline entry
//! and its audit entry in one batch, so two reviewers taking a task at once leave one holder.

use crate::audit::{self, Entry};
use crate::context::Ctx;
use crate::d1;
use crate::http::Outcome;
use crate::{clock, config::Config};
use getima_domain::api::{
    ApiError, Assignee, AssignmentRequest, Colleague, Colleagues, ErrorKind, FieldError, TaskHolder, TimelineEvent,
    endpoints,
};
use getima_domain::audit::AuditAction;
use getima_domain::lifecycle::Lifecycle;
use getima_domain::registration::TaskStatus;
use getima_domain::registration::lifecycle::TaskAction;
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;

/// SQL: the task can change hands (its lifecycle's states a holder changes in: in review, or
/// returned and waiting for its applicant), those states bound at `states`.
fn open(states: &str) -> String {
    format!("status IN (SELECT value FROM json_each({states}))")
}

/// The states a task changes hands in, bound for [`open`].
fn holdable() -> JsValue {
    d1::states(TaskStatus::taken_from(TaskAction::Hold))
}

/// The ids of the reviewers of the department bound at `dept` who may hold a task: its staff
/// and head, not disabled.
pub(crate) fn reviewers(dept: &str) -> String {
    format!(
        "SELECT p.id FROM people p
          WHERE p.department_code = {dept} AND p.disabled_at IS NULL
            AND EXISTS (SELECT 1 FROM person_roles r
                         WHERE r.person_id = p.id AND r.role IN ('staff', 'department_head'))"
    )
}

/// Who holds the task, and whose application it is, read back after the change.
#[derive(Deserialize)]
struct Held {
    assignee_id: Option<i64>,
    assignee_name: Option<String>,
    applicant_id: i64,
}

impl Held {
    fn holder(self, task: i64) -> TaskHolder {
        let assignee = self.assignee_id.map(|id| Assignee::known_as(id, self.assignee_name));
        TaskHolder { task, assignee }
    }
}

/// A task that is not open in this department: never was, or decided already.
pub(crate) fn not_open() -> ApiError {
    ApiError::new(ErrorKind::NotFound)
        .with_message("没有这项待办，或已经办理。", "No such open task here, or it was already decided.")
}

/// Nobody decides, takes or hands out their own application.
pub(crate) fn own_application() -> ApiError {
    ApiError::new(ErrorKind::Forbidden).with_message(
        "不能办理自己提交的申请，请由同事办理。",
        "You cannot decide your own application; a colleague must.",
    )
}

/// Runs `change` (an update of task `?1` in department `?2` setting `assignee_id = ?3`, by
/// actor `?4`, while [`open`] at `?5`), records `event` on the timeline and in the audit log only if it changed the
/// row, and reads back who holds the task.
async fn change_holder(
    config: &Config,
    (dept, task): (&str, i64),
    actor: i64,
    change: &str,
    assignee: Option<i64>,
    event: TimelineEvent,
) -> Outcome<Option<Held>> {
    let db = &config.db;
    let (id, department) = (d1::int(task), JsValue::from_str(dept));
    let assignee_value = assignee.map_or(JsValue::NULL, d1::int);
    let results = db
        .batch(vec![
            db.prepare(change).bind(&[id.clone(), department.clone(), assignee_value, d1::int(actor), holdable()])?,
            db.prepare(
                "INSERT INTO application_events (application_id, task_id, actor_id, event, at)
                 SELECT application_id, id, ?2, ?3, ?4 FROM application_tasks WHERE id = ?1 AND changes() > 0",
            )
            .bind(&[id.clone(), d1::int(actor), event.as_str().into(), clock::timestamp().into()])?,
            audit::statement(
                config,
                Entry::if_changed(actor, AuditAction::RegistrationAssign, format!("registration-task:{task}"))
                    .after(serde_json::json!({ "event": event.as_str(), "assignee": assignee })),
            )?,
            db.prepare(format!(
                "SELECT t.assignee_id, p.name AS assignee_name, a.applicant_id
                   FROM application_tasks t
                   JOIN applications a ON a.id = t.application_id
                   LEFT JOIN people p ON p.id = t.assignee_id
                  WHERE t.id = ?1 AND t.department = ?2 AND t.{}",
                open("?3")
            ))
            .bind(&[id, department, holdable()])?,
        ])
        .await?;
    let held = results.get(3).map(|r| r.results::<Held>()).transpose()?.unwrap_or_default();
    Ok(held.into_iter().next())
}

pub async fn claim(ctx: Ctx<endpoints::ClaimRegistrationTask>, _: ()) -> Outcome<TaskHolder> {
    let me = ctx.caller()?.person_id;
    let endpoints::ClaimRegistrationTask { dept, task } = &ctx.params;
    let change = format!(
        "UPDATE application_tasks SET assignee_id = ?3
          WHERE id = ?1 AND department = ?2 AND {} AND assignee_id IS NULL
            AND ?4 IS NOT (SELECT applicant_id FROM applications WHERE applications.id = application_tasks.application_id)",
        open("?5")
    );
    let held = change_holder(&ctx.config, (dept, *task), me, &change, Some(me), TimelineEvent::Claimed)
        .await?
        .ok_or_else(not_open)?;
    match held.assignee_id {
        Some(holder) if holder == me => Ok(held.holder(*task)),
        Some(_) => Err(ApiError::new(ErrorKind::TaskTaken).into()),
        None if held.applicant_id == me => Err(own_application().into()),
        None => Err(not_open().into()),
    }
}

pub async fn release(ctx: Ctx<endpoints::ReleaseRegistrationTask>, _: ()) -> Outcome<TaskHolder> {
    let me = ctx.caller()?.person_id;
    let endpoints::ReleaseRegistrationTask { dept, task } = &ctx.params;
    let change = format!(
        "UPDATE application_tasks SET assignee_id = ?3
          WHERE id = ?1 AND department = ?2 AND {} AND assignee_id = ?4",
        open("?5")
    );
    let held = change_holder(&ctx.config, (dept, *task), me, &change, None, TimelineEvent::Released)
        .await?
        .ok_or_else(not_open)?;
    match held.assignee_id {
        Some(_) => Err(ApiError::new(ErrorKind::TaskTaken).into()),
        None => Ok(held.holder(*task)),
    }
}

pub async fn assign(ctx: Ctx<endpoints::AssignRegistrationTask>, body: AssignmentRequest) -> Outcome<TaskHolder> {
    let head = ctx.caller()?.person_id;
    let endpoints::AssignRegistrationTask { dept, task } = &ctx.params;
    let change = format!(
        "UPDATE application_tasks SET assignee_id = ?3
          WHERE id = ?1 AND department = ?2 AND {} AND assignee_id IS NOT ?3
            AND (?3 IS NULL OR ?3 IN ({}))
            AND (SELECT applicant_id FROM applications WHERE applications.id = application_tasks.application_id) NOT IN (?4, coalesce(?3, 0))",
        open("?5"),
        reviewers("?2")
    );
    let held = change_holder(&ctx.config, (dept, *task), head, &change, body.assignee, TimelineEvent::Assigned)
        .await?
        .ok_or_else(not_open)?;
    if held.applicant_id == head {
        return Err(own_application().into());
    }
    if held.assignee_id == body.assignee {
        return Ok(held.holder(*task));
    }
    if body.assignee == Some(held.applicant_id) {
        return Err(ApiError::invalid_fields(vec![FieldError::new(
            "assignee",
            "这是其本人提交的申请，请指派给其他同事。",
            "This is their own application; give it to another colleague.",
        )])
        .into());
    }
    Err(ApiError::invalid_fields(vec![FieldError::new(
        "assignee",
        "只能指派给本部门在岗的工作人员。",
        "Give it to a serving reviewer of this department.",
    )])
    .into())
}

pub async fn colleagues(ctx: Ctx<endpoints::ListColleagues>, _: ()) -> Outcome<Colleagues> {
    #[derive(Deserialize)]
    struct Row {
        id: i64,
        name: Option<String>,
        open_tasks: u32,
    }
    let rows = ctx
        .config
        .db
        .prepare(format!(
            "SELECT p.id, p.name,
                    (SELECT count(*) FROM application_tasks t WHERE t.assignee_id = p.id AND t.{}) AS open_tasks
               FROM people p WHERE p.id IN ({})
              ORDER BY p.name, p.id",
            open("?2"),
            reviewers("?1")
        ))
        .bind(&[JsValue::from_str(&ctx.params.dept), holdable()])?
        .all()
        .await?
        .results::<Row>()?;
    let colleagues = rows
        .into_iter()
        .map(|r| {
            let Assignee { id, name } = Assignee::known_as(r.id, r.name);
            Colleague { id, name, open_tasks: r.open_tasks }
        })
        .collect();
    Ok(Colleagues { colleagues })
}
