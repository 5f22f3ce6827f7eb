//! The working-day calendar in D1: read by anyone, edited by admins (audited), and loaded
//! as a [`WorkCalendar`] for counting statutory time limits.

use crate::audit::{self, Entry};
use crate::config::Config;
use crate::context::Ctx;
use crate::context::{Incoming, run};
use crate::http::Outcome;
use crate::{clock, d1};
use getima_domain::api::{
    ApiError, ArrangementChange, Bilingual, CalendarDay, CalendarDayChange, CalendarYear, MAX_SOURCE_CHARS, endpoints,
};
use getima_domain::audit::AuditAction;
use getima_domain::calendar::api::endpoints::Endpoint;
use getima_domain::calendar::workdays::{DayKind, SpecialDay, SpecialDayProblem, WorkCalendar};
use getima_domain::calendar::{Date, parse_date};
use serde::Deserialize;
use serde_json::{Value, json};
use worker::Response;
use worker::wasm_bindgen::JsValue;

/// The years admins may edit: far enough ahead for next year's notice, never the distant past.
const EDITABLE_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

#[derive(Deserialize)]
struct DayRow {
    date: String,
    kind: String,
    name: String,
}

#[derive(Deserialize)]
struct YearRow {
    source: String,
}

/// `field` names the parameter that carries the year (`year`, or the `date` it is part of).
fn check_year(year: i32, field: &str) -> Outcome<()> {
    if EDITABLE_YEARS.contains(&year) {
        Ok(())
    } else {
        Err(ApiError::invalid(field, "年份须在2000至2100之间", "A year from 2000 to 2100").into())
    }
}

/// The row a change is about, as JSON for the audit trail (`null` when there is none).
async fn current(config: &Config, sql: &str, key: JsValue) -> Outcome<Value> {
    Ok(config.db.prepare(sql).bind(&[key])?.first::<Value>(None).await?.unwrap_or(Value::Null))
}

async fn load_year(config: &Config, year: i32) -> Outcome<CalendarYear> {
    let db = &config.db;
    let (first, last) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
    let results = db
        .batch(vec![
            db.prepare("SELECT date, kind, name FROM calendar_days WHERE date BETWEEN ?1 AND ?2 ORDER BY date")
                .bind(&[first.into(), last.into()])?,
            db.prepare("SELECT source FROM calendar_years WHERE year = ?1").bind(&[year.into()])?,
        ])
        .await?;
    let days = results[0]
        .results::<DayRow>()?
        .into_iter()
        .map(|r| {
            Ok(CalendarDay {
                kind: d1::known(DayKind::parse(&r.kind), "calendar kind", &r.kind)?,
                date: r.date,
                name: r.name,
            })
        })
        .collect::<Outcome<Vec<_>>>()?;
    let source = results[1].results::<YearRow>()?.into_iter().next().map(|r| r.source);
    let calendar = work_calendar(&days, source.is_some().then_some(year))?;
    let working_days = calendar_working_days(&calendar, year);
    Ok(CalendarYear { year, arranged: source.is_some(), source, working_days, days })
}

/// The calendar statutory clocks count on, from a year before `today` to two years after:
/// every clock that can still run falls within it.
pub async fn around(config: &Config, today: Date) -> Outcome<WorkCalendar> {
    let year = today.year();
    let (first, last) = (format!("{:04}-01-01", year - 1), format!("{:04}-12-31", year + 2));
    let db = &config.db;
    let results = db
        .batch(vec![
            db.prepare("SELECT date, kind, name FROM calendar_days WHERE date BETWEEN ?1 AND ?2")
                .bind(&[first.into(), last.into()])?,
            db.prepare("SELECT year FROM calendar_years"),
        ])
        .await?;
    let days = results[0]
        .results::<DayRow>()?
        .into_iter()
        .map(|r| {
            Ok(SpecialDay {
                date: d1::known(parse_date(&r.date), "calendar date", &r.date)?,
                kind: d1::known(DayKind::parse(&r.kind), "calendar kind", &r.kind)?,
                name: r.name,
            })
        })
        .collect::<Outcome<Vec<_>>>()?;
    #[derive(serde::Deserialize)]
    struct Arranged {
        year: i32,
    }
    let arranged = results[1].results::<Arranged>()?.into_iter().map(|r| r.year);
    Ok(WorkCalendar::new(days, arranged))
}

fn work_calendar(days: &[CalendarDay], arranged: Option<i32>) -> Outcome<WorkCalendar> {
    let special = days
        .iter()
        .map(|d| {
            let date = d1::known(parse_date(&d.date), "calendar date", &d.date)?;
            Ok(SpecialDay { date, kind: d.kind, name: d.name.clone() })
        })
        .collect::<Outcome<Vec<_>>>()?;
    Ok(WorkCalendar::new(special, arranged))
}

fn calendar_working_days(calendar: &WorkCalendar, year: i32) -> u32 {
    let (Some(eve), Some(last)) =
        (getima_domain::calendar::date(year - 1, 12, 31), getima_domain::calendar::date(year, 12, 31))
    else {
        return 0;
    };
    calendar.working_days_between(eve, last).try_into().unwrap_or(0)
}

pub async fn year(ctx: Ctx<endpoints::GetCalendarYear>, _: ()) -> Outcome<CalendarYear> {
    check_year(ctx.params.year, "year")?;
    load_year(&ctx.config, ctx.params.year).await
}

pub async fn set_day(ctx: Ctx<endpoints::SetCalendarDay>, change: CalendarDayChange) -> Outcome<CalendarYear> {
    let date = ctx.params.date;
    check_year(date.year(), "date")?;
    let day = match change.kind {
        Some(kind) => Some(SpecialDay::new(date, kind, &change.name).map_err(|problem| {
            let name = match problem {
                SpecialDayProblem::BadName => "name",
                SpecialDayProblem::WorkdayOnWeekday => "kind",
            };
            let (zh, en) = problem.bilingual();
            ApiError::invalid(name, zh, en)
        })?),
        None => None,
    };
    let caller = ctx.caller()?;
    let db = &ctx.config.db;
    let key = JsValue::from_str(&date.to_string());
    let before = current(&ctx.config, "SELECT kind, name FROM calendar_days WHERE date = ?1", key.clone()).await?;
    let write = match &day {
        Some(day) => db
            .prepare(
                "INSERT INTO calendar_days (date, kind, name, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name, updated_at = excluded.updated_at
                 WHERE calendar_days.kind <> excluded.kind OR calendar_days.name <> excluded.name",
            )
            .bind(&[key, day.kind.as_str().into(), day.name.clone().into(), clock::timestamp().into()])?,
        None => db.prepare("DELETE FROM calendar_days WHERE date = ?1").bind(&[key])?,
    };
    let after = day.map_or(Value::Null, |d| json!({ "kind": d.kind, "name": d.name }));
    let entry = Entry::if_changed(caller.person_id, AuditAction::CalendarDay, format!("calendar:{date}"))
        .before(before)
        .after(after);
    db.batch(vec![write, audit::statement(&ctx.config, entry)?]).await?;
    load_year(&ctx.config, date.year()).await
}

pub async fn set_arrangement(ctx: Ctx<endpoints::SetArrangement>, change: ArrangementChange) -> Outcome<CalendarYear> {
    let year = ctx.params.year;
    check_year(year, "year")?;
    let source = change.source.trim().to_string();
    if change.arranged && (source.is_empty() || source.chars().count() > MAX_SOURCE_CHARS) {
        return Err(ApiError::invalid(
            "source",
            "请填写安排的出处（如国务院办公厅通知），最多200字",
            "Say where the arrangement comes from (e.g. the State Council notice), up to 200 characters",
        )
        .into());
    }
    let caller = ctx.caller()?;
    let db = &ctx.config.db;
    let before = current(&ctx.config, "SELECT source FROM calendar_years WHERE year = ?1", year.into()).await?;
    let write = if change.arranged {
        db.prepare(
            "INSERT INTO calendar_years (year, source, published_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (year) DO UPDATE SET source = excluded.source, published_at = excluded.published_at
             WHERE calendar_years.source <> excluded.source",
        )
        .bind(&[year.into(), source.clone().into(), clock::timestamp().into()])?
    } else {
        db.prepare("DELETE FROM calendar_years WHERE year = ?1").bind(&[year.into()])?
    };
    let after = if change.arranged { json!({ "source": source }) } else { Value::Null };
    let entry = Entry::if_changed(caller.person_id, AuditAction::CalendarArrangement, format!("calendar:{year}"))
        .before(before)
        .after(after);
    db.batch(vec![write, audit::statement(&ctx.config, entry)?]).await?;
    load_year(&ctx.config, year).await
}

/// Runs this area's endpoints: the router hands each request over by its area.
pub(crate) async fn serve(endpoint: Endpoint, incoming: Incoming) -> Outcome<Response> {
    match endpoint {
        Endpoint::GetCalendarYear => run(incoming, year).await,
        Endpoint::SetCalendarDay => run(incoming, set_day).await,
        Endpoint::SetArrangement => run(incoming, set_arrangement).await,
    }
}
