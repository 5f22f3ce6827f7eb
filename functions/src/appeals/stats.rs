//! Public statistics of appeals per department, as JSON for the page's charts and as CSV.
//! Counted in one query and kept in KV for a few minutes: the figures may be a little stale,
//! and a busy day's page views never recount every appeal.

use crate::config::Config;
use crate::context::Ctx;
use crate::d1;
use crate::http::Outcome;
use getima_domain::api::{AppealDepartmentStats, AppealStats, Named, endpoints};
use getima_domain::appeals::AppealStatus;
use serde::Deserialize;

const STATS_TTL_SECONDS: u64 = 300;
const STATS_KEY: &str = "appeal-stats:v1";

pub async fn stats(ctx: Ctx<endpoints::GetAppealStats>, _: ()) -> Outcome<AppealStats> {
    counted(&ctx.config).await
}

pub async fn csv(ctx: Ctx<endpoints::GetAppealStatsCsv>, _: ()) -> Outcome<String> {
    Ok(counted(&ctx.config).await?.to_csv())
}

async fn counted(config: &Config) -> Outcome<AppealStats> {
    if let Some(cached) = config.cache.get(STATS_KEY).json::<AppealStats>().await? {
        return Ok(cached);
    }
    #[derive(Deserialize)]
    struct Row {
        code: String,
        name_zh: String,
        name_en: String,
        received: u32,
        closed: u32,
        answered: u32,
        answered_on_time: u32,
        median_hours: Option<f64>,
        ratings: u32,
        satisfaction: Option<f64>,
    }
    // The median: the middle one (or the middle two, averaged) of each department's answered
    // appeals in order of how long the first answer took.
    let rows = config
        .db
        .prepare(
            "WITH answered AS (
                SELECT department, (julianday(first_reply_at) - julianday(submitted_at)) * 24 AS hours,
                       row_number() OVER (PARTITION BY department
                                          ORDER BY julianday(first_reply_at) - julianday(submitted_at)) AS n,
                       count(*) OVER (PARTITION BY department) AS total
                  FROM appeals WHERE first_reply_at IS NOT NULL),
             median AS (
                SELECT department, avg(hours) AS hours FROM answered
                 WHERE n IN ((total + 1) / 2, (total + 2) / 2) GROUP BY department)
             SELECT d.code, d.name_zh, d.name_en,
                    count(a.id) AS received,
                    coalesce(sum(a.status = ?1), 0) AS closed,
                    count(a.first_reply_at) AS answered,
                    coalesce(sum(a.first_reply_late = 0), 0) AS answered_on_time,
                    (SELECT hours FROM median m WHERE m.department = d.code) AS median_hours,
                    count(a.score) AS ratings,
                    avg(a.score) AS satisfaction
               FROM departments d LEFT JOIN appeals a ON a.department = d.code
              WHERE d.code IN (SELECT department FROM appeal_categories)
                 OR EXISTS (SELECT 1 FROM appeals x WHERE x.department = d.code)
              GROUP BY d.code ORDER BY d.code",
        )
        .bind(&[d1::state(AppealStatus::Closed)])?
        .all()
        .await?
        .results::<Row>()?;
    let round = |value: Option<f64>| value.map(|v| (v * 10.0).round() / 10.0);
    let stats = AppealStats {
        departments: rows
            .into_iter()
            .map(|r| AppealDepartmentStats {
                department: Named { code: r.code, zh: r.name_zh, en: r.name_en },
                received: r.received,
                closed: r.closed,
                answered: r.answered,
                answered_on_time: r.answered_on_time,
                median_hours_to_first_reply: round(r.median_hours),
                ratings: r.ratings,
                satisfaction: round(r.satisfaction),
            })
            .collect(),
    };
    // KV takes about one write a second per key: when several recount at once, the figures
    // still go out.
    if let Err(error) = config.cache.put(STATS_KEY, &stats)?.expiration_ttl(STATS_TTL_SECONDS).execute().await {
        worker::console_warn!("appeal statistics not cached: {error}");
    }
    Ok(stats)
}
