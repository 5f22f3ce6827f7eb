//! Appeals (诉求): filing from a business, the owner's list, a department's queue, claiming
//! (首问负责: the first to claim answers for it), replying, and the owner closing it with a
//! rating or reopening it. Each step is one conditional statement with its timeline entry and,
//! for staff, its audit record, in one batch: a step happens once, whoever else tries at once.

pub(crate) mod open311;
pub(crate) mod stats;

use crate::audit::{self, Entry};
use crate::caller::Caller;
use crate::config::Config;
use crate::context::Ctx;
use crate::context::{Incoming, run};
use crate::cron::Job;
use crate::http::{Failure, Outcome};
use crate::photos::{self, PhotoRow, appeal_photo_columns};
use crate::registration::assignment::reviewers;
use crate::{accounts::notices, calendar, clock, d1, limits};
use getima_domain::accounts::notices::NoticeKind;
use getima_domain::accounts::{LEGAL_TIERS, Role};
use getima_domain::api::{
    ApiError, Appeal, AppealCategories, AppealHelpRequest, AppealMessage, AppealQueue, AppealQueueQuery, AppealRating,
    AppealReferral, AppealReopening, AppealReply, AppealRequest, AppealRouteChange, AppealStep, AppealTransfer,
    Assignee, AssignmentRequest, CategoryNotice, ErrorKind, FieldError, Location, MyAppeals, Named, PhotoRef,
    QueueWhose, RunningDeadline, endpoints,
};
use getima_domain::appeals::api::endpoints::Endpoint;
use getima_domain::appeals::lifecycle::{AppealAction, AppealActor};
use getima_domain::appeals::{
    AppealCategory, AppealDeadline, AppealEvent, AppealStanding, AppealStatus, StaffActor, StaffStep, StepOutcome,
    StepRefusal, receipt, reopenable_since,
};
use getima_domain::audit::AuditAction;
use getima_domain::calendar::workdays::WorkCalendar;
use getima_domain::calendar::{Date, parse_date};
use getima_domain::lifecycle::Lifecycle;
use getima_domain::limits::APPEALS_PER_PERSON;
use serde::Deserialize;
use worker::D1PreparedStatement;
use worker::Response;
use worker::wasm_bindgen::JsValue;

/// The most urgent appeals a queue lists at once.
const QUEUE_PAGE: u32 = 50;

#[derive(Deserialize)]
struct CategoryRow {
    code: String,
    name_zh: String,
    name_en: String,
    summary_zh: String,
    summary_en: String,
    department: String,
    department_zh: String,
    department_en: String,
    claim_days: u32,
    reply_days: u32,
}

impl CategoryRow {
    fn notice(self) -> Outcome<CategoryNotice> {
        Ok(CategoryNotice {
            category: d1::known(AppealCategory::parse(&self.code), "appeal category", &self.code)?,
            name_zh: self.name_zh,
            name_en: self.name_en,
            summary_zh: self.summary_zh,
            summary_en: self.summary_en,
            department: Named { code: self.department, zh: self.department_zh, en: self.department_en },
            claim_days: self.claim_days,
            reply_days: self.reply_days,
        })
    }
}

const CATEGORY_COLUMNS: &str = "c.code, c.name_zh, c.name_en, c.summary_zh, c.summary_en, c.department,
    d.name_zh AS department_zh, d.name_en AS department_en, c.claim_days, c.reply_days
    FROM appeal_categories c JOIN departments d ON d.code = c.department";

pub async fn categories(ctx: Ctx<endpoints::ListAppealCategories>, _: ()) -> Outcome<AppealCategories> {
    let rows = ctx
        .config
        .db
        .prepare(format!("SELECT {CATEGORY_COLUMNS} ORDER BY c.position"))
        .all()
        .await?
        .results::<CategoryRow>()?;
    Ok(AppealCategories { categories: rows.into_iter().map(CategoryRow::notice).collect::<Outcome<_>>()? })
}

async fn category_notice(config: &Config, category: AppealCategory) -> Outcome<CategoryNotice> {
    config
        .db
        .prepare(format!("SELECT {CATEGORY_COLUMNS} WHERE c.code = ?1"))
        .bind(&[category.as_str().into()])?
        .first::<CategoryRow>(None)
        .await?
        .ok_or_else(|| Failure::internal(format!("appeal category {} has no route", category.as_str())))?
        .notice()
}

/// An admin routes a category to a department with its deadlines; appeals filed after the
/// change follow it, those filed before keep theirs.
pub async fn set_route(ctx: Ctx<endpoints::SetAppealRoute>, body: AppealRouteChange) -> Outcome<CategoryNotice> {
    let config = &ctx.config;
    let admin = ctx.caller()?.person_id;
    let category = AppealCategory::parse(&ctx.params.category).ok_or_else(|| {
        ApiError::new(ErrorKind::NotFound).with_message("没有这个诉求类别。", "There is no such appeal category.")
    })?;
    ApiError::unless_invalid(body.problems())?;
    let was = category_notice(config, category).await?;
    let db = &config.db;
    let department = body.department.trim();
    let results = db
        .batch(vec![
            db.prepare(
                "UPDATE appeal_categories SET department = ?2, claim_days = ?3, reply_days = ?4
                  WHERE code = ?1 AND EXISTS (SELECT 1 FROM departments WHERE code = ?2)",
            )
            .bind(&[
                category.as_str().into(),
                department.into(),
                body.claim_days.into(),
                body.reply_days.into(),
            ])?,
            audit::statement(
                config,
                Entry::if_changed(admin, AuditAction::AppealRoute, format!("appeal-category:{}", category.as_str()))
                    .before(serde_json::json!({
                        "department": was.department.code, "claim_days": was.claim_days, "reply_days": was.reply_days,
                    }))
                    .after(serde_json::json!({
                        "department": department, "claim_days": body.claim_days, "reply_days": body.reply_days,
                    })),
            )?,
        ])
        .await?;
    if !d1::changed(&results[0])? {
        return Err(ApiError::invalid("department", "没有这个部门", "There is no such department").into());
    }
    category_notice(config, category).await
}

pub async fn file(ctx: Ctx<endpoints::FileAppeal>, body: AppealRequest) -> Outcome<Appeal> {
    file_for(&ctx.config, ctx.caller()?.person_id, &ctx.params.uscc.0, body).await
}

/// Files an appeal about the business `uscc` for its owner `person` (whose ownership the
/// caller has checked): a retry under the same key gets the same appeal back.
pub async fn file_for(config: &Config, person: i64, uscc: &str, body: AppealRequest) -> Outcome<Appeal> {
    let db = &config.db;
    let (owner, key) = (d1::int(person), JsValue::from_str(&body.idempotency_key));
    let day = Day::read(config).await?;
    #[derive(Deserialize)]
    struct Earlier {
        id: i64,
        category: String,
        text: String,
    }
    let earlier = db
        .prepare("SELECT id, category, text FROM appeals WHERE owner_id = ?1 AND idempotency_key = ?2")
        .bind(&[owner.clone(), key.clone()])?
        .first::<Earlier>(None)
        .await?;
    // A retry gets the appeal back as filed; a key reused for another appeal is refused.
    if let Some(earlier) = earlier {
        if earlier.category != body.category || earlier.text != body.text.trim() {
            return Err(key_reused().into());
        }
        return load(config, &day, Viewer::Owner(person), earlier.id).await;
    }
    let checked = body.check();
    let (Some(category), Some(text), true) = (checked.category, checked.text, checked.problems.is_empty()) else {
        return Err(ApiError::invalid_fields(checked.problems).into());
    };
    let route = category_notice(config, category).await?;
    let claim_due = day.work.add_working_days(day.today, route.claim_days).to_string();
    let reply_due = day.work.add_working_days(day.today, route.reply_days).to_string();
    let (latitude, longitude) = checked.location.unzip();
    let now = clock::timestamp();
    // One batch: counted against the day's limit only if not filed under this key yet, then
    // filed only if it was counted, so neither copies nor a flood fired at once overshoot.
    let not_filed = "NOT EXISTS (SELECT 1 FROM appeals WHERE owner_id = ?6 AND idempotency_key = ?7)";
    let subject = format!("person:{person}");
    let results = db
        .batch(vec![
            limits::counted_where(config, &subject, APPEALS_PER_PERSON, not_filed, &[owner.clone(), key.clone()])?,
            db.prepare(
                "INSERT INTO appeals (household_id, owner_id, idempotency_key, category, department, status, text,
                                      latitude, longitude, submitted_at, claim_due, reply_due, legal_tier)
                 SELECT h.id, ?1, ?2, ?3, ?4, ?13, ?5, ?6, ?7, ?8, ?9, ?10, ?12 FROM households h
                  WHERE h.uscc = ?11 AND changes() > 0
                 ON CONFLICT (owner_id, idempotency_key) DO NOTHING",
            )
            .bind(&[
                owner.clone(),
                key.clone(),
                category.as_str().into(),
                route.department.code.as_str().into(),
                text.as_str().into(),
                latitude.map_or(JsValue::NULL, JsValue::from_f64),
                longitude.map_or(JsValue::NULL, JsValue::from_f64),
                now.as_str().into(),
                claim_due.into(),
                reply_due.into(),
                uscc.into(),
                category.first_legal_tier().map_or(JsValue::NULL, JsValue::from),
                d1::state(AppealStatus::Submitted),
            ])?,
            db.prepare(
                "INSERT INTO appeal_events (appeal_id, actor_id, event, at)
                 SELECT id, ?1, ?4, ?3 FROM appeals WHERE owner_id = ?1 AND idempotency_key = ?2 AND changes() > 0",
            )
            .bind(&[owner.clone(), key.clone(), now.as_str().into(), AppealEvent::Submitted.as_str().into()])?,
            // The photos uploaded under its key go with it.
            db.prepare(
                "UPDATE appeal_photos SET appeal_id = (SELECT id FROM appeals WHERE owner_id = ?1 AND idempotency_key = ?2)
                  WHERE person_id = ?1 AND draft_key = ?2 AND appeal_id IS NULL",
            )
            .bind(&[owner.clone(), key.clone()])?,
            db.prepare("SELECT id, category, text FROM appeals WHERE owner_id = ?1 AND idempotency_key = ?2")
                .bind(&[owner, key])?,
        ])
        .await?;
    // Nothing under this key: the day's limit left no room.
    let filed =
        results[4].results::<Earlier>()?.into_iter().next().ok_or_else(|| limits::refused(APPEALS_PER_PERSON))?;
    // Another request under this key got there first: a copy of it, or another appeal.
    if filed.category != category.as_str() || filed.text != text {
        return Err(key_reused().into());
    }
    load(config, &day, Viewer::Owner(person), filed.id).await
}

#[derive(Deserialize)]
struct IdRow {
    id: i64,
}

#[derive(Deserialize)]
struct Count {
    total: u32,
}

pub async fn mine(ctx: Ctx<endpoints::ListMyAppeals>, _: ()) -> Outcome<MyAppeals> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let ids = config
        .db
        .prepare("SELECT id FROM appeals WHERE owner_id = ?1 ORDER BY id DESC LIMIT 100")
        .bind(&[d1::int(caller.person_id)])?
        .all()
        .await?
        .results::<IdRow>()?;
    let day = Day::read(config).await?;
    let ids: Vec<i64> = ids.into_iter().map(|r| r.id).collect();
    Ok(MyAppeals { appeals: load_many(config, &day, Viewer::Owner(caller.person_id), &ids).await? })
}

/// One appeal of mine, as the list shows it, for its own page (where the inbox and texts lead).
pub async fn one_of_mine(ctx: Ctx<endpoints::GetMyAppeal>, _: ()) -> Outcome<Appeal> {
    let config = &ctx.config;
    let day = Day::read(config).await?;
    load(config, &day, Viewer::Owner(ctx.caller()?.person_id), ctx.params.appeal).await
}

pub async fn queue(ctx: Ctx<endpoints::ListDepartmentAppeals>, query: AppealQueueQuery) -> Outcome<AppealQueue> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let day = Day::read(config).await?;
    // Open appeals are those with a deadline running (`due_on`), which the queue index holds.
    let whose = match query.whose {
        QueueWhose::All => None,
        QueueWhose::Mine => Some(AppealStatus::Claimed),
        QueueWhose::Unassigned => Some(AppealStatus::Submitted),
    };
    let holder = (query.whose == QueueWhose::Mine).then_some(caller.person_id);
    let overdue_before = query.overdue.then(|| day.today.to_string());
    let matching = "FROM appeals a WHERE a.department = ?1 AND a.due_on IS NOT NULL AND (?4 IS NULL OR a.status = ?4)
           AND (?2 IS NULL OR a.assignee_id = ?2) AND (?3 IS NULL OR a.due_on < ?3)";
    let params = [
        ctx.params.dept.as_str().into(),
        holder.map_or(JsValue::NULL, d1::int),
        d1::text_or_null(overdue_before.as_deref()),
        whose.map_or(JsValue::NULL, d1::state),
    ];
    let db = &config.db;
    let results = db
        .batch(vec![
            db.prepare(format!("SELECT a.id {matching} ORDER BY a.due_on, a.id LIMIT {QUEUE_PAGE}")).bind(&params)?,
            db.prepare(format!("SELECT count(*) AS total {matching}")).bind(&params)?,
        ])
        .await?;
    let ids: Vec<i64> = results[0].results::<IdRow>()?.into_iter().map(|r| r.id).collect();
    let total = d1::first_row::<Count>(&results[1], "appeal count")?.total;
    let mut appeals = load_many(config, &day, Viewer::Staff, &ids).await?;
    // Soonest deadline first, as selected.
    appeals.sort_by_key(|a| ids.iter().position(|id| *id == a.id));
    Ok(AppealQueue { appeals, total })
}

/// One appeal the department holds, or was asked to help with, as its staff see it.
pub async fn one_of_the_department(ctx: Ctx<endpoints::GetDepartmentAppeal>, _: ()) -> Outcome<Appeal> {
    let config = &ctx.config;
    let (appeal, dept) = (ctx.params.appeal, ctx.params.dept.as_str());
    let seen = config
        .db
        .prepare(
            "SELECT a.id FROM appeals a
              WHERE a.id = ?1 AND (a.department = ?2
                    OR EXISTS (SELECT 1 FROM appeal_help h WHERE h.appeal_id = a.id AND h.department = ?2))",
        )
        .bind(&[d1::int(appeal), dept.into()])?
        .first::<IdRow>(None)
        .await?;
    if seen.is_none() {
        return Err(not_here().into());
    }
    let day = Day::read(config).await?;
    staff_view(config, &day, appeal).await
}

/// What a staff step records beside its change: the timeline entry, the owner's notice (if
/// they are told of it) and the audit record, naming whom or where it went (`to`).
#[derive(Clone, Copy)]
struct Record<'a> {
    event: AppealEvent,
    note: &'a str,
    action: AuditAction,
    notice: Option<NoticeKind>,
    to: Option<&'a str>,
}

impl<'a> Record<'a> {
    /// The step `event`, told to the owner if it is one they are told of.
    fn of(event: AppealEvent, note: &'a str, action: AuditAction) -> Self {
        Self { event, note, action, notice: event.notice(), to: None }
    }

    fn to(self, to: &'a str) -> Self {
        Self { to: Some(to), ..self }
    }
}

/// A step by staff of the department: `change` is one conditional update of the appeal (`?1`
/// the appeal, `?2` the department, `?3` the caller, then `extra`), followed in the batch by
/// what it records, written only if it changed a row. Returns whether it did.
async fn staff_step(
    config: &Config,
    (appeal, department, caller): (i64, &str, i64),
    change: &str,
    extra: &[JsValue],
    record: Record<'_>,
) -> Outcome<bool> {
    let db = &config.db;
    let mut params = vec![d1::int(appeal), department.into(), d1::int(caller)];
    params.extend_from_slice(extra);
    let mut statements: Vec<D1PreparedStatement> = vec![
        db.prepare(change).bind(&params)?,
        event_statement(config, appeal, Some(caller), Some(department), record.event, record.note)?,
    ];
    // The audit entry follows the timeline's (written only if the step was), not the notice's,
    // which may find its owner already told.
    statements.push(audit::statement(
        config,
        Entry::if_changed(caller, record.action, format!("appeal:{appeal}"))
            .after(serde_json::json!({ "event": record.event.as_str(), "to": record.to })),
    )?);
    if let Some(kind) = record.notice {
        statements.push(notices::appeal_statement(config, appeal, kind)?);
    }
    let results = db.batch(statements).await?;
    d1::changed(&results[0])
}

/// The appeal's owner, texted about a step just written, if it is one they are told of.
async fn tell_owner(config: &Config, origin: &str, appeal: i64, record: Record<'_>) {
    if let Some(kind) = record.notice {
        notices::appeal_text(config, origin, appeal, kind).await;
    }
}

/// The timeline entry of the statement just before it in the batch, if that changed a row.
fn event_statement(
    config: &Config,
    appeal: i64,
    actor: Option<i64>,
    department: Option<&str>,
    event: AppealEvent,
    note: &str,
) -> Outcome<D1PreparedStatement> {
    Ok(config
        .db
        .prepare(
            "INSERT INTO appeal_events (appeal_id, actor_id, event, department, note, at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE changes() > 0",
        )
        .bind(&[
            d1::int(appeal),
            actor.map_or(JsValue::NULL, d1::int),
            event.as_str().into(),
            d1::text_or_null(department),
            note.into(),
            clock::timestamp().into(),
        ])?)
}

/// Where an appeal of the department stands now, and whether `person` owns the business it is
/// about; `None` if it is not there.
async fn standing(
    config: &Config,
    appeal: i64,
    department: &str,
    person: i64,
) -> Outcome<Option<(AppealStanding, bool)>> {
    #[derive(Deserialize)]
    struct Row {
        status: String,
        assignee_id: Option<i64>,
        legal_tier: Option<u8>,
        owns: u8,
    }
    let row = config
        .db
        .prepare(format!(
            "SELECT status, assignee_id, legal_tier, {} AS owns FROM appeals WHERE id = ?1 AND department = ?2",
            owns_the_business("?3")
        ))
        .bind(&[d1::int(appeal), department.into(), d1::int(person)])?
        .first::<Row>(None)
        .await?;
    row.map(|row| {
        let status = d1::known(AppealStatus::parse(&row.status), "appeal status", &row.status)?;
        Ok((AppealStanding { status, holder: row.assignee_id, legal_tier: row.legal_tier }, row.owns == 1))
    })
    .transpose()
}

/// SQL, in a statement on `appeals`: whether the person `who` owns the business the appeal is
/// about, or filed it (and so may not act on it as staff).
fn owns_the_business(who: &str) -> String {
    format!(
        "(appeals.owner_id = {who} OR EXISTS (SELECT 1 FROM household_owners o
                                            WHERE o.household_id = appeals.household_id AND o.person_id = {who}))"
    )
}

/// The role answering legal advice at the tier in `column`, as SQL.
fn tier_role(column: &str) -> String {
    let arms: String =
        LEGAL_TIERS.iter().enumerate().map(|(i, role)| format!(" WHEN {} THEN '{}'", i + 1, role.as_str())).collect();
    format!("CASE {column}{arms} END")
}

/// SQL, in a statement on `appeals`: whether the person `who` answers the appeal at its tier
/// (any appeal without one).
fn answers_at_tier(who: &str) -> String {
    format!(
        "(appeals.legal_tier IS NULL OR EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = {who} AND r.role = {}))",
        tier_role("appeals.legal_tier")
    )
}

/// A refusal of the rules as the API says it.
fn refused(refusal: StepRefusal) -> ApiError {
    let kind = match refusal {
        StepRefusal::OwnBusiness | StepRefusal::BeyondTier(_) => ErrorKind::Forbidden,
        StepRefusal::TakenByAnother => ErrorKind::AppealTaken,
        StepRefusal::TakeItFirst | StepRefusal::LastTier | StepRefusal::NotLegal | StepRefusal::NotOpen => {
            ErrorKind::NotNow
        }
    };
    let (zh, en) = refusal.words();
    ApiError::new(kind).with_message(zh, en)
}

/// A step only its holder takes, not taken (reply, message, help): why, unless it already
/// had been — a retry by the holder (its first answer lost on the way) gets the appeal as it
/// now stands, where `done` left it.
async fn refused_step(
    config: &Config,
    day: &Day,
    appeal: i64,
    department: &str,
    caller: &Caller,
    done: Option<AppealStatus>,
) -> Outcome<Appeal> {
    let me = caller.person_id;
    let refusal = match standing(config, appeal, department, me).await? {
        Some((now, _)) if done == Some(now.status) && now.holder == Some(me) => {
            return staff_view(config, day, appeal).await;
        }
        Some((now, _)) if now.status == AppealStatus::Claimed && now.holder != Some(me) => {
            refused(StepRefusal::TakenByAnother)
        }
        // Waiting at a tier of legal advice the caller does not answer.
        Some((now, _)) if now.status == AppealStatus::Submitted => {
            match now.legal_tier.and_then(Role::for_legal_tier).filter(|role| !caller.has_any(&[*role])) {
                Some(role) => refused(StepRefusal::BeyondTier(role)),
                None => cannot_now(),
            }
        }
        Some(_) => cannot_now(),
        None => not_here(),
    };
    Err(refusal.into())
}

fn cannot_now() -> ApiError {
    ApiError::new(ErrorKind::NotNow)
        .with_message("这件诉求现在不能这样办理。", "This appeal cannot take that step now.")
}

fn not_here() -> ApiError {
    ApiError::new(ErrorKind::NotFound)
        .with_message("本部门没有这件诉求。", "There is no such appeal in this department.")
}

/// SQL, in an update of `appeals`: the appeal still stands as it was read for a decided step
/// (`?4` its status, `?5` its holder, `?6` its tier of legal advice), and the caller (`?3`)
/// still does not own its business, as every step the rules let go ahead requires.
fn as_it_stood() -> String {
    format!("status = ?4 AND assignee_id IS ?5 AND legal_tier IS ?6 AND NOT {}", owns_the_business("?3"))
}

/// A step the rules decide ([`AppealStanding::allows`]) on the appeal as read, written only
/// if it still stands so: `change` binds what was read ([`as_it_stood`]) and then `extra` from
/// `?7`. Of steps tried at once one is written; each other is decided again on what that did.
async fn decided_step(
    config: &Config,
    caller: &Caller,
    (appeal, department): (i64, &str),
    (step, change, extra): (StaffStep, &str, &[JsValue]),
    record: Record<'_>,
) -> Outcome<StepOutcome> {
    for _ in 0..3 {
        let Some((now, owns_business)) = standing(config, appeal, department, caller.person_id).await? else {
            return Err(not_here().into());
        };
        let actor = StaffActor { person: caller.person_id, roles: &caller.roles, owns_business };
        if now.allows(step, actor).map_err(refused)? == StepOutcome::AlreadyDone {
            return Ok(StepOutcome::AlreadyDone);
        }
        let mut bound = vec![
            now.status.as_str().into(),
            now.holder.map_or(JsValue::NULL, d1::int),
            now.legal_tier.map_or(JsValue::NULL, JsValue::from),
        ];
        bound.extend_from_slice(extra);
        if staff_step(config, (appeal, department, caller.person_id), change, &bound, record).await? {
            return Ok(StepOutcome::Go);
        }
    }
    Err(ApiError::new(ErrorKind::NotNow)
        .with_message("这件诉求刚有变化，请刷新后再试。", "This appeal has just changed; reload and try again.")
        .into())
}

/// 首问负责: the first to claim an appeal answers for it; legal advice only at its tier.
pub async fn claim(ctx: Ctx<endpoints::ClaimAppeal>, _: ()) -> Outcome<Appeal> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let appeal = ctx.params.appeal;
    let change = format!(
        "UPDATE appeals SET status = ?7, assignee_id = ?3, escalated_on = NULL
          WHERE id = ?1 AND department = ?2 AND {}",
        as_it_stood()
    );
    let record = Record::of(AppealEvent::Claimed, "", AuditAction::AppealClaim);
    let to = [d1::next::<AppealStatus>(AppealAction::Claim)];
    let done =
        decided_step(config, caller, (appeal, ctx.params.dept.as_str()), (StaffStep::Claim, &change, &to), record)
            .await?;
    if done == StepOutcome::Go {
        tell_owner(config, &ctx.origin, appeal, record).await;
    }
    staff_view(config, &Day::read(config).await?, appeal).await
}

/// The answer, by whoever claimed it.
pub async fn reply(ctx: Ctx<endpoints::ReplyToAppeal>, body: AppealReply) -> Outcome<Appeal> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let text = body.checked().map_err(|problem| ApiError::invalid_fields(vec![problem]))?;
    let now = clock::timestamp();
    let appeal = ctx.params.appeal;
    let record = Record::of(AppealEvent::Replied, &text, AuditAction::AppealReply);
    let replied = staff_step(
        config,
        (appeal, ctx.params.dept.as_str(), caller.person_id),
        "UPDATE appeals SET status = ?6, reply_due = NULL, escalated_on = NULL, replied_at = ?4,
                first_reply_at = coalesce(first_reply_at, ?4),
                first_reply_late = coalesce(first_reply_late, substr(?4, 1, 10) > reply_due)
          WHERE id = ?1 AND department = ?2 AND status IN (SELECT value FROM json_each(?5)) AND assignee_id = ?3",
        &[&[now.as_str().into()], &d1::step::<AppealStatus>(AppealAction::Reply)[..]].concat(),
        record,
    )
    .await?;
    let day = Day::read(config).await?;
    if !replied {
        return refused_step(config, &day, appeal, &ctx.params.dept, caller, Some(AppealStatus::Replied)).await;
    }
    tell_owner(config, &ctx.origin, appeal, record).await;
    staff_view(config, &day, appeal).await
}

/// How long an appeal's category gives to take it and to answer it.
#[derive(Deserialize)]
struct Deadlines {
    claim_days: u32,
    reply_days: u32,
}

impl Deadlines {
    /// The appeal `?1`'s (as `a`), while it is at the department `?2` and `condition` holds,
    /// binding `extra` from `?3` on.
    async fn of(
        config: &Config,
        (appeal, department): (i64, &str),
        condition: &str,
        extra: &[JsValue],
    ) -> Outcome<Option<Self>> {
        let mut params = vec![d1::int(appeal), department.into()];
        params.extend_from_slice(extra);
        Ok(config
            .db
            .prepare(format!(
                "SELECT c.claim_days, c.reply_days FROM appeals a JOIN appeal_categories c ON c.code = a.category
                  WHERE a.id = ?1 AND a.department = ?2 AND {condition}"
            ))
            .bind(&params)?
            .first::<Self>(None)
            .await?)
    }

    /// The claim and reply deadlines, starting again today.
    fn starting(&self, day: &Day) -> (String, String) {
        let after = |days| day.work.add_working_days(day.today, days).to_string();
        (after(self.claim_days), after(self.reply_days))
    }
}

/// The appeal goes to the department it belongs to, unclaimed there, its deadlines starting
/// again; only whoever answers for it, or the head, passes it on (staff take one nobody has
/// taken before passing it on), and never someone who owns the business. Legal advice passed
/// elsewhere is an ordinary appeal there, and starts at the first tier again if it comes back
/// to the department legal advice goes to.
pub async fn transfer(ctx: Ctx<endpoints::TransferAppeal>, body: AppealTransfer) -> Outcome<Appeal> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let (appeal, from) = (ctx.params.appeal, ctx.params.dept.as_str());
    let reason = body.checked(from).map_err(ApiError::invalid_fields)?;
    let to = body.department.as_str();
    let known_target = "EXISTS (SELECT 1 FROM departments WHERE code = ?3)";
    let Some(deadlines) = Deadlines::of(config, (appeal, from), known_target, &[to.into()]).await? else {
        // Either the appeal is not here, or the department does not exist: say which.
        let known = config
            .db
            .prepare("SELECT 1 AS id FROM departments WHERE code = ?1")
            .bind(&[to.into()])?
            .first::<IdRow>(None)
            .await?;
        return Err(match known {
            Some(_) => not_here(),
            None => ApiError::invalid("department", "没有这个部门", "There is no such department"),
        }
        .into());
    };
    let day = Day::read(config).await?;
    let (claim_due, reply_due) = deadlines.starting(&day);
    let first_tier = AppealCategory::Legal.first_legal_tier().map_or(JsValue::NULL, JsValue::from);
    let change = format!(
        "UPDATE appeals SET department = ?7, status = ?8, assignee_id = NULL, claim_due = ?9, reply_due = ?10,
                escalated_on = NULL,
                legal_tier = CASE WHEN ?7 = (SELECT c.department FROM appeal_categories c WHERE c.code = appeals.category)
                                  THEN ?11 END
          WHERE id = ?1 AND department = ?2 AND {}",
        as_it_stood()
    );
    let extra: [JsValue; 5] =
        [to.into(), d1::next::<AppealStatus>(AppealAction::Transfer), claim_due.into(), reply_due.into(), first_tier];
    let record = Record::of(AppealEvent::Transferred, &reason, AuditAction::AppealTransfer).to(to);
    let done = decided_step(config, caller, (appeal, from), (StaffStep::Transfer, &change, &extra), record).await?;
    if done == StepOutcome::Go {
        tell_owner(config, &ctx.origin, appeal, record).await;
    }
    staff_view(config, &day, appeal).await
}

/// Legal advice referred up a tier (基层所干部 → 公职律师 → 专业律师) by whoever answers for it
/// at its tier (or anyone of that tier, while nobody has taken it): the next tier takes it
/// from the start, its deadlines starting again.
pub async fn refer(ctx: Ctx<endpoints::ReferAppeal>, body: AppealReferral) -> Outcome<Appeal> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let (appeal, dept) = (ctx.params.appeal, ctx.params.dept.as_str());
    let reason = body.checked().map_err(|problem| ApiError::invalid_fields(vec![problem]))?;
    let Some(deadlines) = Deadlines::of(config, (appeal, dept), "1", &[]).await? else {
        return Err(not_here().into());
    };
    let day = Day::read(config).await?;
    let (claim_due, reply_due) = deadlines.starting(&day);
    let change = format!(
        "UPDATE appeals SET legal_tier = legal_tier + 1, status = ?7, assignee_id = NULL, claim_due = ?8,
                reply_due = ?9, escalated_on = NULL
          WHERE id = ?1 AND department = ?2 AND {}",
        as_it_stood()
    );
    let extra = [d1::next::<AppealStatus>(AppealAction::Refer), claim_due.into(), reply_due.into()];
    let record = Record::of(AppealEvent::Referred, &reason, AuditAction::AppealRefer);
    let done = decided_step(config, caller, (appeal, dept), (StaffStep::Refer, &change, &extra), record).await?;
    if done == StepOutcome::Go {
        tell_owner(config, &ctx.origin, appeal, record).await;
    }
    staff_view(config, &day, appeal).await
}

/// The head hands an open appeal to a serving colleague of the department (its taker left, or
/// is away); it is then theirs to answer for, its deadline unchanged. Nobody hands on or is
/// given an appeal about a business they own. One nobody had taken is now taken, and its
/// owner is told so.
pub async fn assign(ctx: Ctx<endpoints::AssignAppeal>, body: AssignmentRequest) -> Outcome<Appeal> {
    let config = &ctx.config;
    let head = ctx.caller()?.person_id;
    let (appeal, dept) = (ctx.params.appeal, ctx.params.dept.as_str());
    let colleague_only = || -> Failure {
        ApiError::invalid_fields(vec![FieldError::new(
            "assignee",
            "只能改派给本部门在岗的工作人员（法律咨询须为其所在梯队的人员，不能是该户经营者）。",
            "Give it to a serving colleague of this department (for legal advice, one of its tier; not an owner of the business).",
        )])
        .into()
    };
    let Some(to) = body.assignee else {
        return Err(colleague_only());
    };
    let Some((was, _)) = standing(config, appeal, dept, head).await? else {
        return Err(not_here().into());
    };
    let change = format!(
        "UPDATE appeals SET assignee_id = ?4, status = ?7,
                escalated_on = CASE WHEN status = ?8 THEN NULL ELSE escalated_on END
          WHERE id = ?1 AND department = ?2 AND status IN (SELECT value FROM json_each(?6)) AND status = ?5
            AND assignee_id IS NOT ?4 AND ?4 IN ({}) AND {} AND NOT {} AND NOT {}",
        reviewers("?2"),
        answers_at_tier("?4"),
        owns_the_business("?3"),
        owns_the_business("?4")
    );
    let to_text = to.to_string();
    let mut record = Record::of(AppealEvent::Reassigned, "", AuditAction::AppealAssign).to(&to_text);
    if was.status == AppealStatus::Submitted {
        record.notice = Some(NoticeKind::AppealTaken);
    }
    let [from, next] = d1::step::<AppealStatus>(AppealAction::Assign);
    // Handing on one nobody had taken ends its wait to be taken, and the escalation of that wait.
    let bound = [d1::int(to), d1::state(was.status), from, next, d1::state(AppealStatus::Submitted)];
    let moved = staff_step(config, (appeal, dept, head), &change, &bound, record).await?;
    let day = Day::read(config).await?;
    if moved {
        tell_owner(config, &ctx.origin, appeal, record).await;
        return staff_view(config, &day, appeal).await;
    }
    match standing(config, appeal, dept, head).await? {
        None => Err(not_here().into()),
        // Already theirs: as asked.
        Some((now, _)) if now.holder == Some(to) && now.status == AppealStatus::Claimed => {
            staff_view(config, &day, appeal).await
        }
        Some((now, _)) => match now.status.after(AppealAction::Assign, AppealActor::Staff) {
            Ok(_) => Err(colleague_only()),
            Err(refusal) => Err(ApiError::from(refusal).into()),
        },
    }
}

async fn staff_view(config: &Config, day: &Day, appeal: i64) -> Outcome<Appeal> {
    load(config, day, Viewer::Staff, appeal).await
}

/// The owner confirms the answer and rates it, which closes the appeal.
pub async fn rate(ctx: Ctx<endpoints::RateAppeal>, body: AppealRating) -> Outcome<Appeal> {
    let config = &ctx.config;
    let caller = ctx.caller()?.person_id;
    let comment = body.checked().map_err(ApiError::invalid_fields)?;
    let db = &config.db;
    let appeal = ctx.params.appeal;
    let results = db
        .batch(vec![
            db.prepare(
                "UPDATE appeals SET status = ?6, closed_at = ?3, score = ?4
                  WHERE id = ?1 AND owner_id = ?2 AND status IN (SELECT value FROM json_each(?5))",
            )
            .bind(
                &[
                    &[d1::int(appeal), d1::int(caller), clock::timestamp().into(), body.score.into()][..],
                    &d1::step::<AppealStatus>(AppealAction::Close),
                ]
                .concat(),
            )?,
            event_statement(config, appeal, Some(caller), None, AppealEvent::Closed, &comment)?,
            notices::appeal_statement(config, appeal, NoticeKind::AppealClosed)?,
        ])
        .await?;
    let closed = d1::changed(&results[0])?;
    if closed {
        notices::appeal_text(config, &ctx.origin, appeal, NoticeKind::AppealClosed).await;
    }
    let day = Day::read(config).await?;
    owner_outcome(config, &day, (caller, appeal), closed, AppealAction::Close).await
}

/// Not satisfied: the owner sends it back to whoever answered, with a new reply deadline,
/// while it waits for confirmation or within 7 days of closing.
pub async fn reopen(ctx: Ctx<endpoints::ReopenAppeal>, body: AppealReopening) -> Outcome<Appeal> {
    let config = &ctx.config;
    let caller = ctx.caller()?.person_id;
    let reason = body.checked().map_err(|problem| ApiError::invalid_fields(vec![problem]))?;
    let db = &config.db;
    let appeal = ctx.params.appeal;
    let day = Day::read(config).await?;
    #[derive(Deserialize)]
    struct Route {
        reply_days: u32,
    }
    let route = db
        .prepare(
            "SELECT c.reply_days FROM appeals a JOIN appeal_categories c ON c.code = a.category
              WHERE a.id = ?1 AND a.owner_id = ?2",
        )
        .bind(&[d1::int(appeal), d1::int(caller)])?
        .first::<Route>(None)
        .await?
        .ok_or_else(not_mine)?;
    let reply_due = day.work.add_working_days(day.today, route.reply_days).to_string();
    let earliest_closing = reopenable_since(day.today).to_string();
    let results = db
        .batch(vec![
            db.prepare(
                "UPDATE appeals SET status = ?6, reply_due = ?3, closed_at = NULL, score = NULL,
                        replied_at = NULL, escalated_on = NULL
                  WHERE id = ?1 AND owner_id = ?2 AND status IN (SELECT value FROM json_each(?5))
                    AND (status <> ?7 OR substr(closed_at, 1, 10) >= ?4)",
            )
            .bind(
                &[
                    &[d1::int(appeal), d1::int(caller), reply_due.into(), earliest_closing.into()][..],
                    &d1::step::<AppealStatus>(AppealAction::Reopen),
                    &[d1::state(AppealStatus::Closed)],
                ]
                .concat(),
            )?,
            event_statement(config, appeal, Some(caller), None, AppealEvent::Reopened, &reason)?,
        ])
        .await?;
    owner_outcome(config, &day, (caller, appeal), d1::changed(&results[0])?, AppealAction::Reopen).await
}

/// A message's key is its author's: a resend of it is the message already written.
const ONCE: &str = "ON CONFLICT (actor_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING";

/// Whether a message under this key is already on this appeal (a resend). A key its author
/// used on another appeal is refused: a resend is never a way to read an appeal.
async fn already_written(config: &Config, appeal: i64, person: &JsValue, key: &JsValue) -> Outcome<bool> {
    #[derive(Deserialize)]
    struct Written {
        appeal_id: i64,
    }
    let found = config
        .db
        .prepare("SELECT appeal_id FROM appeal_events WHERE actor_id = ?1 AND idempotency_key = ?2")
        .bind(&[person.clone(), key.clone()])?
        .first::<Written>(None)
        .await?;
    match found {
        Some(written) if written.appeal_id != appeal => Err(ApiError::new(ErrorKind::AlreadyExists)
            .with_message(
                "这个提交编号已用于另一条留言，请刷新页面后重新发送。",
                "This submission key was used for another message; reload and send it again.",
            )
            .into()),
        found => Ok(found.is_some()),
    }
}

/// The owner writes in the thread of their appeal while it is open.
pub async fn write_as_owner(ctx: Ctx<endpoints::WriteToMyAppeal>, body: AppealMessage) -> Outcome<Appeal> {
    let config = &ctx.config;
    let caller = ctx.caller()?.person_id;
    let text = body.checked().map_err(ApiError::invalid_fields)?;
    let appeal = ctx.params.appeal;
    let (person, key) = (d1::int(caller), JsValue::from_str(&body.idempotency_key));
    let written = config
        .db
        .prepare(format!(
            "INSERT INTO appeal_events (appeal_id, actor_id, event, note, at, idempotency_key)
             SELECT id, ?2, ?7, ?3, ?4, ?5 FROM appeals
              WHERE id = ?1 AND owner_id = ?2 AND status IN (SELECT value FROM json_each(?6))
             {ONCE}"
        ))
        .bind(&[
            d1::int(appeal),
            person.clone(),
            text.into(),
            clock::timestamp().into(),
            key.clone(),
            d1::states(AppealStatus::taken_from(AppealAction::OwnerMessage)),
            AppealEvent::Message.as_str().into(),
        ])?
        .run()
        .await?;
    let day = Day::read(config).await?;
    let now = load(config, &day, Viewer::Owner(caller), appeal).await?;
    if d1::changed(&written)? || already_written(config, appeal, &person, &key).await? {
        return Ok(now);
    }
    Err(ApiError::from(now.status.refusal(AppealAction::OwnerMessage)).into())
}

/// Staff write in the thread: whoever answers for the appeal, or a department asked to help,
/// whose message gives its help (the appeal stays with its holder).
pub async fn write_as_staff(ctx: Ctx<endpoints::WriteToAppeal>, body: AppealMessage) -> Outcome<Appeal> {
    let config = &ctx.config;
    let caller = ctx.caller()?.person_id;
    let text = body.checked().map_err(ApiError::invalid_fields)?;
    let (appeal, dept) = (ctx.params.appeal, ctx.params.dept.as_str());
    let (person, key) = (d1::int(caller), JsValue::from_str(&body.idempotency_key));
    let now = clock::timestamp();
    let db = &config.db;
    let results = db
        .batch(vec![
            db.prepare(format!(
                "INSERT INTO appeal_events (appeal_id, actor_id, event, department, note, at, idempotency_key)
                 SELECT a.id, ?3, CASE WHEN a.department = ?2 THEN ?8 ELSE ?9 END, ?2, ?4, ?5, ?6
                   FROM appeals a
                  WHERE a.id = ?1 AND a.status IN (SELECT value FROM json_each(?7))
                    AND ((a.department = ?2 AND a.assignee_id = ?3)
                         OR (EXISTS (SELECT 1 FROM appeal_help h WHERE h.appeal_id = a.id AND h.department = ?2)
                             AND a.owner_id <> ?3
                             AND NOT EXISTS (SELECT 1 FROM household_owners o
                                              WHERE o.household_id = a.household_id AND o.person_id = ?3)))
                 {ONCE}"
            ))
            .bind(&[
                d1::int(appeal),
                dept.into(),
                person.clone(),
                text.into(),
                now.as_str().into(),
                key.clone(),
                d1::states(AppealStatus::taken_from(AppealAction::StaffMessage)),
                AppealEvent::Message.as_str().into(),
                AppealEvent::Helped.as_str().into(),
            ])?,
            audit::statement(
                config,
                Entry::if_changed(caller, AuditAction::AppealMessage, format!("appeal:{appeal}")),
            )?,
            db.prepare(
                "UPDATE appeal_help SET answered_at = ?3
                  WHERE appeal_id = ?1 AND department = ?2 AND answered_at IS NULL AND changes() > 0",
            )
            .bind(&[d1::int(appeal), dept.into(), now.into()])?,
        ])
        .await?;
    let day = Day::read(config).await?;
    if d1::changed(&results[0])? || already_written(config, appeal, &person, &key).await? {
        return staff_view(config, &day, appeal).await;
    }
    refused_step(config, &day, appeal, dept, ctx.caller()?, None).await
}

/// 协办: whoever answers for the appeal asks another department to help, and keeps it. Asking
/// again while that department has not answered changes nothing.
pub async fn ask_for_help(ctx: Ctx<endpoints::AskForAppealHelp>, body: AppealHelpRequest) -> Outcome<Appeal> {
    let config = &ctx.config;
    let caller = ctx.caller()?.person_id;
    let from = ctx.params.dept.as_str();
    let note = body.checked(from).map_err(ApiError::invalid_fields)?;
    let (appeal, to) = (ctx.params.appeal, body.department.as_str());
    let now = clock::timestamp();
    let db = &config.db;
    let results = db
        .batch(vec![
            db.prepare(
                "INSERT INTO appeal_help (appeal_id, department, asked_by, note, asked_at)
                 SELECT a.id, ?4, ?3, ?5, ?6 FROM appeals a
                  WHERE a.id = ?1 AND a.department = ?2 AND a.assignee_id = ?3
                    AND a.status IN (SELECT value FROM json_each(?7))
                    AND EXISTS (SELECT 1 FROM departments WHERE code = ?4)
                 ON CONFLICT (appeal_id, department) DO UPDATE
                    SET asked_by = excluded.asked_by, note = excluded.note, asked_at = excluded.asked_at,
                        answered_at = NULL
                  WHERE appeal_help.answered_at IS NOT NULL",
            )
            .bind(&[
                d1::int(appeal),
                from.into(),
                d1::int(caller),
                to.into(),
                note.as_str().into(),
                now.into(),
                d1::states(AppealStatus::taken_from(AppealAction::StaffMessage)),
            ])?,
            event_statement(config, appeal, Some(caller), Some(to), AppealEvent::HelpRequested, &note)?,
            audit::statement(
                config,
                Entry::if_changed(caller, AuditAction::AppealHelp, format!("appeal:{appeal}"))
                    .after(serde_json::json!({ "department": to })),
            )?,
        ])
        .await?;
    let day = Day::read(config).await?;
    if d1::changed(&results[0])? {
        return staff_view(config, &day, appeal).await;
    }
    #[derive(Deserialize)]
    struct Waiting {
        known: u8,
        waiting: u8,
    }
    let state = db
        .prepare(
            "SELECT EXISTS (SELECT 1 FROM departments WHERE code = ?2) AS known,
                    EXISTS (SELECT 1 FROM appeal_help h JOIN appeals a ON a.id = h.appeal_id
                             WHERE h.appeal_id = ?1 AND h.department = ?2 AND h.answered_at IS NULL
                               AND a.assignee_id = ?3 AND a.department = ?4) AS waiting",
        )
        .bind(&[d1::int(appeal), to.into(), d1::int(caller), from.into()])?
        .first::<Waiting>(None)
        .await?;
    match state {
        Some(Waiting { known: 0, .. }) => {
            Err(ApiError::invalid("department", "没有这个部门", "There is no such department").into())
        }
        // Already asked and not yet answered: as asked.
        Some(Waiting { waiting: 1, .. }) => staff_view(config, &day, appeal).await,
        _ => refused_step(config, &day, appeal, from, ctx.caller()?, None).await,
    }
}

/// The appeals other departments asked this one to help with, those still waiting first.
pub async fn to_help(ctx: Ctx<endpoints::ListAppealsToHelp>, _: ()) -> Outcome<AppealQueue> {
    let config = &ctx.config;
    let db = &config.db;
    let matching = "FROM appeal_help h JOIN appeals a ON a.id = h.appeal_id WHERE h.department = ?1 AND a.status <> ?2";
    let dept = [ctx.params.dept.as_str().into(), d1::state(AppealStatus::Closed)];
    let results = db
        .batch(vec![
            db.prepare(format!(
                "SELECT h.appeal_id AS id {matching} ORDER BY h.answered_at IS NOT NULL, h.asked_at LIMIT {QUEUE_PAGE}"
            ))
            .bind(&dept)?,
            db.prepare(format!("SELECT count(*) AS total {matching}")).bind(&dept)?,
        ])
        .await?;
    let ids: Vec<i64> = results[0].results::<IdRow>()?.into_iter().map(|r| r.id).collect();
    let total = d1::first_row::<Count>(&results[1], "help count")?.total;
    let day = Day::read(config).await?;
    let mut appeals = load_many(config, &day, Viewer::Staff, &ids).await?;
    appeals.sort_by_key(|a| ids.iter().position(|id| *id == a.id));
    Ok(AppealQueue { appeals, total })
}

fn key_reused() -> ApiError {
    ApiError::new(ErrorKind::AlreadyExists).with_message(
        "这个提交编号已用于另一件诉求，请刷新页面后重新提交。",
        "This submission key was used for another appeal; reload and send it again.",
    )
}

fn not_mine() -> ApiError {
    ApiError::new(ErrorKind::NotFound).with_message("没有这件诉求。", "There is no such appeal.")
}

/// The owner's appeal after a step: as it is now if the step happened, or if a copy of the
/// same request got there first (its entry is the last); otherwise why it could not happen.
async fn owner_outcome(
    config: &Config,
    day: &Day,
    (owner, appeal): (i64, i64),
    changed: bool,
    action: AppealAction,
) -> Outcome<Appeal> {
    let now = load(config, day, Viewer::Owner(owner), appeal).await?;
    let step = if action == AppealAction::Close { AppealEvent::Closed } else { AppealEvent::Reopened };
    if changed || now.timeline.last().is_some_and(|last| last.event == step) {
        return Ok(now);
    }
    // Refused by its state, or (reopening a closed appeal) by the days since it closed.
    Err(ApiError::from(now.status.refusal(action)).into())
}

/// Today and the working-day calendar around it, read once per request.
struct Day {
    today: Date,
    work: WorkCalendar,
}

impl Day {
    async fn read(config: &Config) -> Outcome<Self> {
        let today = clock::today();
        Ok(Self { today, work: calendar::around(config, today).await? })
    }
}

/// Who is looking: the owner sees only their own appeals and never a staff member's name.
enum Viewer {
    Owner(i64),
    Staff,
}

async fn load(config: &Config, day: &Day, viewer: Viewer, id: i64) -> Outcome<Appeal> {
    let not_found = || -> Failure { not_mine().into() };
    load_many(config, day, viewer, &[id]).await?.pop().ok_or_else(not_found)
}

/// Appeals by id, newest first, in one batch; ids the viewer may not see are left out.
async fn load_many(config: &Config, day: &Day, viewer: Viewer, ids: &[i64]) -> Outcome<Vec<Appeal>> {
    #[derive(Deserialize)]
    struct Head {
        id: i64,
        category: String,
        shop_name: String,
        department: String,
        department_zh: String,
        department_en: String,
        status: String,
        text: String,
        latitude: Option<f64>,
        longitude: Option<f64>,
        submitted_at: String,
        due_on: Option<String>,
        claim_due: Option<String>,
        reply_due: Option<String>,
        assignee_id: Option<i64>,
        assignee_name: Option<String>,
        score: Option<u8>,
        closed_at: Option<String>,
        escalated_on: Option<String>,
        legal_tier: Option<u8>,
    }
    #[derive(Deserialize)]
    struct EventRow {
        appeal_id: i64,
        event: String,
        by_owner: u8,
        department_zh: Option<String>,
        department_en: Option<String>,
        note: String,
        at: String,
    }
    let owner = match viewer {
        Viewer::Owner(person) => d1::int(person),
        Viewer::Staff => JsValue::NULL,
    };
    let ids = JsValue::from_str(&serde_json::to_string(ids).map_err(|e| Failure::internal(e.to_string()))?);
    let visible =
        "SELECT id FROM appeals WHERE id IN (SELECT value FROM json_each(?1)) AND (?2 IS NULL OR owner_id = ?2)";
    let db = &config.db;
    let results = db
        .batch(vec![
            db.prepare(format!(
                "SELECT a.id, a.category, h.name AS shop_name, a.department, d.name_zh AS department_zh,
                        d.name_en AS department_en, a.status, a.text, a.latitude, a.longitude, a.submitted_at,
                        a.due_on, a.claim_due, a.reply_due, a.assignee_id, p.name AS assignee_name, a.score, a.closed_at,
                        a.escalated_on, a.legal_tier
                   FROM appeals a
                   JOIN households h ON h.id = a.household_id
                   JOIN departments d ON d.code = a.department
                   LEFT JOIN people p ON p.id = a.assignee_id
                  WHERE a.id IN ({visible}) ORDER BY a.id DESC"
            ))
            .bind(&[ids.clone(), owner.clone()])?,
            db.prepare(format!(
                "SELECT e.appeal_id, e.event, coalesce(e.actor_id = a.owner_id, 0) AS by_owner,
                        d.name_zh AS department_zh, d.name_en AS department_en, e.note, e.at
                   FROM appeal_events e
                   JOIN appeals a ON a.id = e.appeal_id
                   LEFT JOIN departments d ON d.code = e.department
                  WHERE e.appeal_id IN ({visible}) ORDER BY e.id"
            ))
            .bind(&[ids.clone(), owner.clone()])?,
            db.prepare(format!(
                "SELECT {} FROM appeal_photos p WHERE p.appeal_id IN ({visible}) ORDER BY p.rowid",
                appeal_photo_columns()
            ))
            .bind(&[ids, owner])?,
        ])
        .await?;
    let photos = results[2].results::<PhotoRow>()?;
    let steps = results[1]
        .results::<EventRow>()?
        .into_iter()
        .map(|r| {
            let event = d1::known(AppealEvent::parse(&r.event), "appeal event", &r.event)?;
            let (by_zh, by_en) = match (r.by_owner, r.department_zh, r.department_en) {
                (1, _, _) => ("经营户".to_string(), "Owner".to_string()),
                // A help request's department is the one asked, not the one asking.
                (_, Some(zh), Some(en)) if event == AppealEvent::HelpRequested => {
                    (format!("请{zh}协办"), format!("asked of {en}"))
                }
                (_, Some(zh), Some(en)) => (zh, en),
                _ => ("系统".to_string(), "System".to_string()),
            };
            Ok((r.appeal_id, AppealStep { event, by_zh, by_en, note: r.note, at: r.at }))
        })
        .collect::<Outcome<Vec<_>>>()?;
    let staff = matches!(viewer, Viewer::Staff);
    let reopenable_from = reopenable_since(day.today).to_string();
    results[0]
        .results::<Head>()?
        .into_iter()
        .map(|head| {
            let due = head.due_on.as_deref().map(|d| d1::known(parse_date(d), "appeal due date", d)).transpose()?;
            let submitted_on = head.submitted_at.get(..10).and_then(parse_date);
            let status = d1::known(AppealStatus::parse(&head.status), "appeal status", &head.status)?;
            // Waiting, it runs against both deadlines; being handled, against answering only.
            let running = match status {
                AppealStatus::Submitted => {
                    vec![(AppealDeadline::Take, head.claim_due), (AppealDeadline::Answer, head.reply_due)]
                }
                AppealStatus::Claimed => vec![(AppealDeadline::Answer, head.reply_due)],
                AppealStatus::Replied | AppealStatus::Closed => vec![],
            };
            let deadlines = running
                .into_iter()
                .filter_map(|(deadline, due)| Some((deadline, due?)))
                .map(|(deadline, due_on)| {
                    let due = d1::known(parse_date(&due_on), "appeal deadline", &due_on)?;
                    Ok(RunningDeadline { deadline, days_left: day.work.working_days_between(day.today, due), due_on })
                })
                .collect::<Outcome<Vec<_>>>()?;
            let can_reopen = match status {
                AppealStatus::Replied => true,
                AppealStatus::Closed => {
                    head.closed_at.as_deref().is_some_and(|at| at.get(..10) >= Some(&reopenable_from))
                }
                AppealStatus::Submitted | AppealStatus::Claimed => false,
            };
            Ok(Appeal {
                id: head.id,
                status,
                can_reopen,
                escalated: head.escalated_on.is_some(),
                receipt: receipt(d1::known(submitted_on, "appeal filing date", &head.submitted_at)?, head.id),
                category: d1::known(AppealCategory::parse(&head.category), "appeal category", &head.category)?,
                shop_name: head.shop_name,
                department: Named { code: head.department, zh: head.department_zh, en: head.department_en },
                text: head.text,
                location: head
                    .latitude
                    .zip(head.longitude)
                    .map(|(latitude, longitude)| Location { latitude, longitude }),
                submitted_at: head.submitted_at,
                days_left: due.map(|due| day.work.working_days_between(day.today, due)),
                due_on: head.due_on,
                deadlines,
                assignee: head.assignee_id.filter(|_| staff).map(|id| Assignee::known_as(id, head.assignee_name)),
                score: head.score,
                legal_tier: head.legal_tier,
                timeline: steps.iter().filter(|(of, _)| *of == head.id).map(|(_, s)| s.clone()).collect(),
                photos: photos.iter().filter(|p| p.of == Some(head.id)).cloned().map(PhotoRef::from).collect(),
            })
        })
        .collect()
}

/// Run by the cron trigger: every open appeal past its running deadline (to claim, or to
/// reply) is flagged for the department's head, once per deadline, with a timeline entry.
pub async fn escalate_overdue(config: &Config) -> Outcome<()> {
    let db = &config.db;
    let (today, now) = (JsValue::from_str(&clock::today().to_string()), JsValue::from_str(&clock::timestamp()));
    let overdue = "a.due_on < ?1 AND a.escalated_on IS NULL";
    db.batch(vec![
        db.prepare(format!(
            "INSERT INTO appeal_events (appeal_id, actor_id, event, at)
             SELECT a.id, NULL, ?3, ?2 FROM appeals a WHERE {overdue}"
        ))
        .bind(&[today.clone(), now, AppealEvent::Escalated.as_str().into()])?,
        db.prepare(format!("UPDATE appeals AS a SET escalated_on = ?1 WHERE {overdue}")).bind(&[today])?,
    ])
    .await?;
    Ok(())
}

/// Raises overdue appeals.
pub(crate) const CRON: &[Job] = &[Job { what: "appeal escalation", run: |config| Box::pin(escalate_overdue(config)) }];

/// Runs this area's endpoints: the router hands each request over by its area.
pub(crate) async fn serve(endpoint: Endpoint, incoming: Incoming) -> Outcome<Response> {
    match endpoint {
        Endpoint::ListAppealCategories => run(incoming, categories).await,
        Endpoint::GetAppealStats => run(incoming, stats::stats).await,
        Endpoint::GetAppealStatsCsv => run(incoming, stats::csv).await,
        Endpoint::UploadAppealPhoto => run(incoming, photos::upload_for_appeal).await,
        Endpoint::FileAppeal => run(incoming, file).await,
        Endpoint::ReferAppeal => run(incoming, refer).await,
        Endpoint::SetAppealRoute => run(incoming, set_route).await,
        Endpoint::ListMyAppeals => run(incoming, mine).await,
        Endpoint::GetMyAppeal => run(incoming, one_of_mine).await,
        Endpoint::RateAppeal => run(incoming, rate).await,
        Endpoint::ReopenAppeal => run(incoming, reopen).await,
        Endpoint::ListDepartmentAppeals => run(incoming, queue).await,
        Endpoint::GetDepartmentAppeal => run(incoming, one_of_the_department).await,
        Endpoint::ClaimAppeal => run(incoming, claim).await,
        Endpoint::ReplyToAppeal => run(incoming, reply).await,
        Endpoint::TransferAppeal => run(incoming, transfer).await,
        Endpoint::AssignAppeal => run(incoming, assign).await,
        Endpoint::WriteToMyAppeal => run(incoming, write_as_owner).await,
        Endpoint::WriteToAppeal => run(incoming, write_as_staff).await,
        Endpoint::AskForAppealHelp => run(incoming, ask_for_help).await,
        Endpoint::ListAppealsToHelp => run(incoming, to_help).await,
        Endpoint::GetOpen311Discovery => run(incoming, open311::discovery).await,
        Endpoint::ListOpen311Services => run(incoming, open311::services).await,
        Endpoint::GetOpen311Service => run(incoming, open311::service).await,
        Endpoint::ListOpen311Requests => run(incoming, open311::requests).await,
        Endpoint::CreateOpen311Request => run(incoming, open311::create).await,
        Endpoint::GetOpen311Request => run(incoming, open311::request).await,
    }
}
