//! 好差评: an applicant rates the service once an application is done; a low rating opens a
//! rectification task for the head of each department that handled it; and each department's
//! work is counted for everyone to see, without personal data.

use crate::audit::{self, Entry};
use crate::context::Ctx;
use crate::http::Outcome;
use crate::registration::filed::{Whose, load};
use crate::registration::open_states;
use crate::{calendar, clock, d1};
use getima_domain::api::{
    ApiError, Application, DepartmentStats, ErrorKind, FieldError, Named, RatingRequest, Rectification,
    RectificationClose, Rectifications, RegistrationStats, endpoints,
};
use getima_domain::audit::AuditAction;
use getima_domain::registration::{RECTIFY_AT_OR_BELOW, RatingTag, TaskStatus, check_correction_note, check_rating};
use serde::Deserialize;

/// How long the public statistics may be served from KV before they are counted again.
const STATS_TTL_SECONDS: u64 = 300;
const STATS_KEY: &str = "registration-stats:v1";

pub async fn rate(ctx: Ctx<endpoints::RateApplication>, body: RatingRequest) -> Outcome<Application> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let problems = check_rating(body.score, &body.tags, &body.comment);
    if !problems.is_empty() {
        let fields = problems.into_iter().map(|(field, zh, en)| FieldError::new(field, zh, en)).collect();
        return Err(ApiError::invalid_fields(fields).into());
    }
    let tags: Vec<&str> = body.tags.iter().map(|t| t.as_str()).collect();
    let db = &config.db;
    let (application, applicant) = (d1::int(ctx.params.application), d1::int(caller.person_id));
    let now = clock::timestamp();
    // Done as `ApplicationStatus::of` says: refused by a department, or nothing left open.
    let open_states = open_states();
    let results = db
        .batch(vec![
            db.prepare(
                "INSERT INTO application_ratings (application_id, score, tags, comment, rated_at)
                 SELECT a.id, ?3, ?4, ?5, ?6 FROM applications a
                  WHERE a.id = ?1 AND a.applicant_id = ?2
                    AND (EXISTS (SELECT 1 FROM application_tasks t WHERE t.application_id = a.id AND t.status = ?8)
                         OR NOT EXISTS (SELECT 1 FROM application_tasks t
                                         WHERE t.application_id = a.id
                                           AND t.status IN (SELECT value FROM json_each(?7))))
                 ON CONFLICT (application_id) DO NOTHING",
            )
            .bind(&[
                application.clone(),
                applicant.clone(),
                body.score.into(),
                tags.join(",").into(),
                body.comment.trim().into(),
                now.as_str().into(),
                open_states[0].clone(),
                open_states[1].clone(),
            ])?,
            db.prepare(
                "INSERT INTO rectifications (application_id, department, opened_at)
                 SELECT DISTINCT t.application_id, t.department, ?3 FROM application_tasks t
                  WHERE t.application_id = ?1 AND t.status <> ?5 AND changes() > 0 AND ?2 <= ?4
                 ON CONFLICT (application_id, department) DO NOTHING",
            )
            .bind(&[
                application.clone(),
                body.score.into(),
                now.as_str().into(),
                RECTIFY_AT_OR_BELOW.into(),
                // A department whose task closed undecided did no work to rate.
                d1::state(TaskStatus::Closed),
            ])?,
            db.prepare(
                "SELECT EXISTS (SELECT 1 FROM applications WHERE id = ?1 AND applicant_id = ?2) AS mine,
                        EXISTS (SELECT 1 FROM application_ratings WHERE application_id = ?1) AS rated",
            )
            .bind(&[application, applicant])?,
        ])
        .await?;
    #[derive(Deserialize)]
    struct State {
        mine: u8,
        rated: u8,
    }
    let state = d1::first_row::<State>(&results[2], "rating state")?;
    if state.mine == 0 {
        return Err(ApiError::new(ErrorKind::NotFound)
            .with_message("没有这份申请。", "There is no such application.")
            .into());
    }
    if !d1::changed(&results[0])? {
        return Err(if state.rated == 1 {
            ApiError::new(ErrorKind::AlreadyExists)
                .with_message("这份申请已经评价过了。", "You have already rated this application.")
        } else {
            ApiError::new(ErrorKind::NotNow).with_message("办结后才能评价。", "You can rate it once it is done.")
        }
        .into());
    }
    let today = clock::today();
    let work = calendar::around(config, today).await?;
    load(config, &work, today, Whose::Applicant(caller.person_id), ctx.params.application).await
}

pub async fn stats(ctx: Ctx<endpoints::GetRegistrationStats>, _: ()) -> Outcome<RegistrationStats> {
    let config = &ctx.config;
    if let Some(cached) = config.cache.get(STATS_KEY).json::<RegistrationStats>().await? {
        return Ok(cached);
    }
    #[derive(Deserialize)]
    struct Row {
        code: String,
        name_zh: String,
        name_en: String,
        received: u32,
        decided: u32,
        on_time: u32,
        average_days: Option<f64>,
        ratings: u32,
        satisfaction: Option<f64>,
    }
    let rows = config
        .db
        .prepare(
            "WITH rated AS (
                SELECT DISTINCT t.department, r.application_id, r.score
                  FROM application_ratings r JOIN application_tasks t ON t.application_id = r.application_id
                 WHERE t.status <> ?1)
             SELECT d.code, d.name_zh, d.name_en,
                    coalesce(sum(t.status <> ?1), 0) AS received,
                    count(t.decided_on) AS decided,
                    coalesce(sum(t.decided_late = 0), 0) AS on_time,
                    avg(CASE WHEN t.decided_on IS NOT NULL THEN t.used_days END) AS average_days,
                    (SELECT count(*) FROM rated WHERE rated.department = d.code) AS ratings,
                    (SELECT avg(score) FROM rated WHERE rated.department = d.code) AS satisfaction
               FROM departments d LEFT JOIN application_tasks t ON t.department = d.code
              WHERE d.code IN (SELECT department FROM registration_task_kinds)
              GROUP BY d.code ORDER BY d.code",
        )
        // A task closed undecided was never the department's to decide.
        .bind(&[d1::state(TaskStatus::Closed)])?
        .all()
        .await?
        .results::<Row>()?;
    let round = |value: Option<f64>| value.map(|v| (v * 10.0).round() / 10.0);
    let stats = RegistrationStats {
        departments: rows
            .into_iter()
            .map(|r| DepartmentStats {
                department: Named { code: r.code, zh: r.name_zh, en: r.name_en },
                received: r.received,
                decided: r.decided,
                on_time: r.on_time,
                average_working_days: round(r.average_days),
                ratings: r.ratings,
                satisfaction: round(r.satisfaction),
            })
            .collect(),
    };
    // KV takes about one write a second per key: when several recount at once, the figures
    // still go out.
    if let Err(error) = config.cache.put(STATS_KEY, &stats)?.expiration_ttl(STATS_TTL_SECONDS).execute().await {
        worker::console_warn!("registration statistics not cached: {error}");
    }
    Ok(stats)
}

async fn rectifications_of(db: &worker::D1Database, department: &str) -> Outcome<Rectifications> {
    #[derive(Deserialize)]
    struct Row {
        id: i64,
        application_id: i64,
        shop_name: String,
        score: u8,
        tags: String,
        comment: String,
        opened_at: String,
        closed_at: Option<String>,
        note: String,
    }
    let rows = db
        .prepare(
            "SELECT x.id, x.application_id, a.shop_name, r.score, r.tags, r.comment, x.opened_at, x.closed_at, x.note
               FROM rectifications x
               JOIN applications a ON a.id = x.application_id
               JOIN application_ratings r ON r.application_id = x.application_id
              WHERE x.department = ?1
              ORDER BY x.closed_at IS NOT NULL, x.id DESC LIMIT 100",
        )
        .bind(&[department.into()])?
        .all()
        .await?
        .results::<Row>()?;
    let rectifications = rows
        .into_iter()
        .map(|r| {
            let tags = r
                .tags
                .split(',')
                .filter(|t| !t.is_empty())
                .map(|t| d1::known(RatingTag::parse(t), "rating tag", t))
                .collect::<Outcome<Vec<_>>>()?;
            Ok(Rectification {
                id: r.id,
                application_id: r.application_id,
                shop_name: r.shop_name,
                score: r.score,
                tags,
                comment: r.comment,
                opened_at: r.opened_at,
                closed_at: r.closed_at,
                note: r.note,
            })
        })
        .collect::<Outcome<_>>()?;
    Ok(Rectifications { rectifications })
}

pub async fn rectifications(ctx: Ctx<endpoints::ListRectifications>, _: ()) -> Outcome<Rectifications> {
    rectifications_of(&ctx.config.db, &ctx.params.dept).await
}

/// Closes a rectification with what was put right: one conditional update and its audit
/// record in one batch, so it is closed once.
pub async fn close(ctx: Ctx<endpoints::CloseRectification>, body: RectificationClose) -> Outcome<Rectifications> {
    let config = &ctx.config;
    let caller = ctx.caller()?;
    let note = check_correction_note(&body.note).map_err(|_| {
        ApiError::invalid("note", "请说明整改了什么（不超过500字）", "Say what was put right (up to 500 characters)")
    })?;
    let db = &config.db;
    let results = db
        .batch(vec![
            db.prepare(
                "UPDATE rectifications SET closed_at = ?3, closed_by = ?4, note = ?5
                  WHERE id = ?1 AND department = ?2 AND closed_at IS NULL",
            )
            .bind(&[
                d1::int(ctx.params.rectification),
                ctx.params.dept.as_str().into(),
                clock::timestamp().into(),
                d1::int(caller.person_id),
                note.as_str().into(),
            ])?,
            audit::statement(
                config,
                Entry::if_changed(
                    caller.person_id,
                    AuditAction::RectificationClose,
                    format!("rectification:{}", ctx.params.rectification),
                )
                .after(serde_json::json!({ "note": note })),
            )?,
        ])
        .await?;
    if !d1::changed(&results[0])? {
        return Err(ApiError::new(ErrorKind::NotFound)
            .with_message("没有这项待整改，或已经完成。", "No such open rectification here, or it was closed already.")
            .into());
    }
    rectifications_of(db, &ctx.params.dept).await
}
