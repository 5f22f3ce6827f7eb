//! The working-day calendar through the real server: the seeded 2026 arrangement, a year
//! without one, and admins' audited edits.

use crate::codes::error;
use crate::{Ctx, NamedTest};
use getima_domain::accounts::Role;
use getima_domain::api::{AuditPage, CalendarYear, ErrorKind};
use getima_domain::audit::AuditAction;
use getima_domain::calendar::workdays::DayKind;
use getima_e2e::SendThroughDevProxy;
use serde_json::json;

/// Every suite of this area.
pub const SUITES: &[&[NamedTest]] = &[TESTS];

pub const TESTS: &[NamedTest] = &[
    ("calendar::the_official_2026_arrangement_is_loaded", the_official_2026_arrangement_is_loaded),
    ("calendar::a_year_without_an_arrangement_says_so", a_year_without_an_arrangement_says_so),
    ("calendar::admins_edit_days_audited_and_nobody_else_can", admins_edit_days_audited_and_nobody_else_can),
    ("calendar::bad_calendar_input_names_its_field", bad_calendar_input_names_its_field),
    ("calendar::the_server_answers_on_the_clock_the_run_set", the_server_answers_on_the_clock_the_run_set),
];

/// The time an answer's `Date` header gives, in milliseconds since the epoch.
pub(crate) fn answered_at(response: &reqwest::blocking::Response) -> i64 {
    response
        .headers()
        .get("date")
        .and_then(|d| d.to_str().ok())
        .and_then(getima_domain::calendar::parse_http_date)
        .expect("every API answer has a Date header")
}

fn the_server_answers_on_the_clock_the_run_set(ctx: &Ctx) {
    let response = ctx.get("/api/health");
    let gap = (answered_at(&response) - ctx.server.now_ms()).abs();
    assert!(gap < 5_000, "the server's clock is {gap} ms from the one this run set");
}

fn year(ctx: &Ctx, year: i32) -> CalendarYear {
    let response = ctx.get(&format!("/api/calendar/{year}"));
    assert_eq!(response.status(), 200);
    response.json().expect("a CalendarYear")
}

fn the_official_2026_arrangement_is_loaded(ctx: &Ctx) {
    let calendar = year(ctx, 2026);
    assert!(calendar.arranged);
    assert!(calendar.source.as_deref().is_some_and(|s| s.contains("国务院")));
    let make_up: Vec<&str> =
        calendar.days.iter().filter(|d| d.kind == DayKind::Workday).map(|d| d.date.as_str()).collect();
    assert!(make_up.contains(&"2026-02-14") && make_up.contains(&"2026-10-10"), "{make_up:?}");
    assert_eq!(calendar.working_days, 248, "261 weekdays − 19 weekday holidays + 6 make-up days");
}

fn a_year_without_an_arrangement_says_so(ctx: &Ctx) {
    let calendar = year(ctx, 2031);
    assert!(!calendar.arranged);
    assert!(calendar.days.is_empty());
    assert_eq!(calendar.working_days, 261, "2031 has 261 weekdays, and only weekends count as days off");
}

fn admins_edit_days_audited_and_nobody_else_can(ctx: &Ctx) {
    let put = |token: &str, path: &str, body: serde_json::Value| {
        ctx.http.put(ctx.server.url(path)).bearer_auth(token).json(&body).send_through_dev_proxy().expect("PUT")
    };
    let day = json!({ "kind": "holiday", "name": "测试假日" });
    let staff = ctx.session(crate::accounts::phone(Role::Staff, Some("amr"))).access_token;
    let (status, body) = error(put(&staff, "/api/admin/calendar/days/2030-03-04", day.clone()));
    assert_eq!((status, body.error), (403, ErrorKind::Forbidden));

    let set: CalendarYear = put(&ctx.admin, "/api/admin/calendar/days/2030-03-04", day.clone()).json().expect("year");
    assert!(set.days.iter().any(|d| d.date == "2030-03-04" && d.kind == DayKind::Holiday));
    let before = year(ctx, 2030).working_days;
    // Setting the same day again changes nothing and records nothing.
    put(&ctx.admin, "/api/admin/calendar/days/2030-03-04", day);
    let arranged: CalendarYear =
        put(&ctx.admin, "/api/admin/calendar/years/2030", json!({ "arranged": true, "source": "测试通知" }))
            .json()
            .expect("year");
    assert!(arranged.arranged);
    let cleared: CalendarYear =
        put(&ctx.admin, "/api/admin/calendar/days/2030-03-04", json!({ "kind": null })).json().expect("year");
    assert!(cleared.days.is_empty());
    assert_eq!(cleared.working_days, before + 1, "Monday 2030-03-04 is a working day again");

    let audit: AuditPage = ctx.get_as(&ctx.admin, "/api/admin/audit?limit=100").json().expect("audit");
    let days =
        audit.items.iter().filter(|e| e.action == AuditAction::CalendarDay && e.subject == "calendar:2030-03-04");
    assert_eq!(days.count(), 2, "set once (the repeat changed nothing) and cleared once");
    assert!(audit.items.iter().any(|e| e.action == AuditAction::CalendarArrangement && e.subject == "calendar:2030"));
}

fn bad_calendar_input_names_its_field(ctx: &Ctx) {
    let put = |path: &str, body: serde_json::Value| {
        ctx.http.put(ctx.server.url(path)).bearer_auth(&ctx.admin).json(&body).send_through_dev_proxy().expect("PUT")
    };
    let cases = [
        ("/api/admin/calendar/days/2030-02-30", json!({ "kind": "holiday", "name": "x" }), "date"),
        ("/api/admin/calendar/days/2030-03-05", json!({ "kind": "holiday", "name": "" }), "name"),
        ("/api/admin/calendar/days/2030-03-05", json!({ "kind": "feast", "name": "x" }), "kind"),
        ("/api/admin/calendar/days/1999-03-05", json!({ "kind": "holiday", "name": "x" }), "date"),
        ("/api/admin/calendar/days/2030-03-05", json!({ "kind": "workday", "name": "调休" }), "kind"),
        ("/api/admin/calendar/years/2030", json!({ "arranged": true, "source": " " }), "source"),
    ];
    for (path, body, field) in cases {
        let (status, error) = error(put(path, body));
        assert_eq!((status, error.error), (400, ErrorKind::InvalidBody), "{path}");
        assert!(error.field(field).is_some(), "{path} names {field}: {error:?}");
        assert!(!error.fields[0].message_zh.is_empty() && !error.fields[0].message_en.is_empty());
    }
    assert!(year(ctx, 2030).days.iter().all(|d| d.date != "2030-03-05"), "nothing was stored");
    let (status, _) = error(ctx.get("/api/calendar/abc"));
    assert_eq!(status, 400);
}
