//! Stall booking through the real local server: a market's day, first-come-first-served booking
//! under each rule, cancelling, and the database holding one holder per stall-session and every
//! per-person limit when many requests arrive at once; and the day-before reminder, in the
//! inbox and by text.

pub mod lotteries;
pub mod market_desk;
pub mod rules;
pub mod screens;

use crate::accounts::{expect_error, phone, post_as};
use crate::attacks::at_once;
use crate::browser::{click, element, keep_screenshot, open_signed_in, run, text};
use crate::registration::applications::put_as;
use crate::stalls::rules::approved_producer;
use crate::{Ctx, NamedTest};
use getima_domain::accounts::Role;
use getima_domain::accounts::notices::NoticeKind;
use getima_domain::api::{
    ErrorKind, ManagedBooking, MarketDay, MarketOccupancy, MyStallBookings, Notice, Notices, SessionsCreated,
    StallBooking, Zone,
};
use getima_domain::calendar::{Date, add_days};
use getima_domain::stalls::{BookingStatus, ZoneRules, pass_link, read_scan, stall_link, week_of};
use getima_e2e::SendThroughDevProxy;
use getima_e2e::phone::{PHONE_UA, phone_with};
use serde_json::json;
use std::collections::HashMap;

/// Every suite of this area.
pub const SUITES: &[&[NamedTest]] = &[TESTS, lotteries::TESTS, market_desk::TESTS, rules::TESTS, screens::TESTS];

pub const TESTS: &[NamedTest] = &[
    (
        "stalls::two_hundred_bookings_fired_at_once_at_twenty_stall_sessions_book_twenty_and_no_one_beyond_their_limit",
        two_hundred_bookings_fired_at_once_at_twenty_stall_sessions_book_twenty_and_no_one_beyond_their_limit,
    ),
    (
        "stalls::a_vendor_books_within_each_rule_and_a_cancelled_stall_is_free_for_the_next",
        a_vendor_books_within_each_rule_and_a_cancelled_stall_is_free_for_the_next,
    ),
    (
        "stalls::a_manager_checks_vendors_in_by_pass_typed_code_or_stall_code_frees_no_shows_for_walk_ins_and_suspends_after_the_limit",
        a_manager_checks_vendors_in_by_pass_typed_code_or_stall_code_frees_no_shows_for_walk_ins_and_suspends_after_the_limit,
    ),
    (
        "stalls::booking_closes_when_a_session_starts_cancelling_at_its_deadline_and_check_in_keeps_to_the_session_s_hours",
        booking_closes_when_a_session_starts_cancelling_at_its_deadline_and_check_in_keeps_to_the_session_s_hours,
    ),
    (
        "stalls::a_cancellation_racing_bookings_for_the_same_stall_leaves_exactly_one_holder",
        a_cancellation_racing_bookings_for_the_same_stall_leaves_exactly_one_holder,
    ),
    (
        "stalls::a_vendor_is_reminded_once_in_the_inbox_and_by_text_the_day_before_a_booked_session",
        a_vendor_is_reminded_once_in_the_inbox_and_by_text_the_day_before_a_booked_session,
    ),
    (
        "stalls::a_manager_opens_sessions_and_sets_rules_naming_every_bad_field_and_cannot_touch_another_market",
        a_manager_opens_sessions_and_sets_rules_naming_every_bad_field_and_cannot_touch_another_market,
    ),
];

/// The farmers' market, open every morning: its public-interest zones allow one stall a
/// session and three sessions a week between them; its ordinary zone two a session.
const FARMERS: i64 = 1;
/// The night market, whose common-prosperity stalls go by lottery.
pub(crate) const NIGHT: i64 = 2;
/// The creative market, at weekends: its heritage zone is this file's alone.
const CREATIVE: i64 = 3;

/// Now on the server's clock (which a test run may set to another hour), in milliseconds
/// since the epoch.
pub(crate) fn now_ms(ctx: &Ctx) -> i64 {
    ctx.server.now_ms()
}

/// Today as the server counts it (in China).
pub(crate) fn today(ctx: &Ctx) -> Date {
    getima_domain::calendar::china_date_at(now_ms(ctx))
}

/// The China-time moment of `ms` as `(day, HH:MM)`.
pub(crate) fn china_minute(ms: i64) -> (Date, String) {
    let stamp = getima_domain::calendar::china_timestamp(ms);
    (getima_domain::calendar::parse_date(&stamp[..10]).expect("a day"), stamp[11..16].to_string())
}

/// Waits until the server's clock has passed `ms`.
pub(crate) fn wait_until(ctx: &Ctx, ms: i64) {
    while now_ms(ctx) < ms + 1_000 {
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

/// A session a test opened to start a minute or two from now: bookable until then, and within
/// its check-in window already.
pub(crate) struct Soon {
    pub id: i64,
    pub day: Date,
    pub starts: String,
    pub ends: String,
    /// When it starts and ends, on the server's clock.
    pub starts_ms: i64,
    pub ends_ms: i64,
}

/// Opens a session of `market` starting at the minute after next (one to two minutes from now)
/// and lasting `minutes`. Tests opening one at the same minute share it: they take free stalls
/// as they find them and read its hours back.
pub(crate) fn session_starting_soon(ctx: &Ctx, manager_token: &str, market: i64, minutes: i64) -> Soon {
    open_session(ctx, manager_token, market, (now_ms(ctx) / 60_000 + 2) * 60_000, minutes)
}

/// Opens a session of `market` starting at the minute of `starts_ms` and lasting `minutes`
/// (ending by 23:59 of its day; a start at 23:59 moves to the next day's 00:00).
pub(crate) fn open_session(ctx: &Ctx, manager_token: &str, market: i64, starts_ms: i64, minutes: i64) -> Soon {
    let mut starts_ms = starts_ms / 60_000 * 60_000;
    if china_minute(starts_ms).1 == "23:59" {
        starts_ms += 60_000;
    }
    let (day, starts) = china_minute(starts_ms);
    let (end_day, ends) = china_minute(starts_ms + minutes * 60_000);
    let ends = if end_day == day { ends } else { "23:59".to_string() };
    let plan = json!({ "from": day.to_string(), "to": day.to_string(), "weekdays": [day.weekday().number_from_monday()],
                       "starts": starts, "ends": ends });
    let opened = post_as(ctx, manager_token, &format!("/api/markets/{market}/sessions"), plan);
    assert_eq!(opened.status(), 201, "the manager opens a session at {day} {starts}");
    let session = market_day(ctx, market, day).sessions.into_iter().find(|s| s.starts == starts).expect("the session");
    let ends_ms = starts_ms
        + 60_000 * i64::from(minutes_between(&session.starts, &session.ends).expect("a session ends after it starts"));
    Soon { id: session.id, day, starts, ends: session.ends, starts_ms, ends_ms }
}

/// Minutes from `HH:MM` to a later `HH:MM` of the same day.
fn minutes_between(from: &str, to: &str) -> Option<u32> {
    let minutes = |t: &str| Some(t[..2].parse::<u32>().ok()? * 60 + t[3..].parse::<u32>().ok()?);
    minutes(to)?.checked_sub(minutes(from)?)
}

/// Books for `token` a stall of the zone called `zone` at `session` of `market` on `day`, the
/// last free one that is still free when asked (other tests may share the session).
pub(crate) fn book_a_free_stall(
    ctx: &Ctx,
    token: &str,
    (market, day, session): (i64, Date, i64),
    zone: &str,
    key: &str,
) -> StallBooking {
    let grid = market_day(ctx, market, day);
    let zone = grid.zones.iter().find(|z| z.name == zone).expect("the zone").id;
    let slots = &grid.sessions.iter().find(|s| s.id == session).expect("the session").stalls;
    let mut refusal = String::from("no free stall");
    for stall in slots.iter().rev().filter(|s| s.zone == zone && s.free).take(10) {
        let response = book(ctx, token, stall.id, session, &format!("{key}-{}", stall.id));
        if response.status() == 201 {
            return response.json().expect("the booking");
        }
        refusal = response.text().unwrap_or_default();
    }
    panic!("no free stall of {zone} could be booked at session {session}: {refusal}");
}

pub(crate) fn market_day(ctx: &Ctx, market: i64, day: Date) -> MarketDay {
    ctx.get(&format!("/api/stall-markets/{market}/days/{day}")).json().expect("the market's day")
}

/// A new vendor: signed in with `phone`, registered with a name and an ID number.
pub(crate) fn vendor(ctx: &Ctx, phone: &str, n: u32) -> String {
    let token = ctx.sign_in(phone).access_token;
    register_vendor(ctx, &token, phone, n);
    token
}

/// Registers the person signed in as `token` (with `phone`) as a vendor.
fn register_vendor(ctx: &Ctx, token: &str, phone: &str, n: u32) {
    let id_number = getima_domain::id_number::complete(&format!("33030219800101{:03}", n % 1000)).expect("an ID");
    let registered =
        post_as(ctx, token, "/api/me/vendor", json!({ "name": format!("摊主{n}"), "id_number": id_number }));
    assert_eq!(registered.status(), 200, "{phone} registers as a vendor");
}

pub(crate) fn book(ctx: &Ctx, token: &str, stall: i64, session: i64, key: &str) -> reqwest::blocking::Response {
    post_as(ctx, token, "/api/me/stall-bookings", json!({ "idempotency_key": key, "stall": stall, "session": session }))
}

pub(crate) fn mine(ctx: &Ctx, token: &str) -> Vec<StallBooking> {
    ctx.get_as(token, "/api/me/stall-bookings").json::<MyStallBookings>().expect("my bookings").bookings
}

/// The stalls (ids) of the zone called `zone` in the only session of `day`.
fn session_and_stalls(day: &MarketDay, zone: &str) -> (i64, Vec<i64>) {
    let zone = day.zones.iter().find(|z| z.name == zone).expect("the zone").id;
    let session = day.sessions.first().expect("a session that day");
    (session.id, session.stalls.iter().filter(|s| s.zone == zone).map(|s| s.id).collect())
}

fn two_hundred_bookings_fired_at_once_at_twenty_stall_sessions_book_twenty_and_no_one_beyond_their_limit(ctx: &Ctx) {
    let day = add_days(today(ctx), 3);
    let (session, stalls) = session_and_stalls(&market_day(ctx, FARMERS, day), "普通区");
    let stalls = &stalls[..20];
    let vendors: Vec<String> = (0..40).map(|n| vendor(ctx, &format!("136555002{n:02}"), n)).collect();
    // Forty vendors, five taps each, ten at every stall.
    let answers = at_once(200, |i| {
        let response = book(ctx, &vendors[i / 5], stalls[(i * 7) % 20], session, &format!("stall-rush-{i:08}"));
        response.status().as_u16()
    });
    assert_eq!(answers.iter().filter(|&&s| s == 201).count(), 20, "one booking per stall: {answers:?}");
    assert!(answers.iter().all(|&s| s == 201 || s == 409), "the rest told why, nothing failed: {answers:?}");
    let now = market_day(ctx, FARMERS, day);
    let held = now.sessions[0].stalls.iter().filter(|s| stalls.contains(&s.id) && !s.free).count();
    assert_eq!(held, 20, "every stall taken once");
    let per_vendor: Vec<usize> =
        vendors.iter().map(|v| mine(ctx, v).iter().filter(|b| b.session == session).count()).collect();
    assert_eq!(per_vendor.iter().sum::<usize>(), 20);
    let limit = now.zones.iter().find(|z| z.name == "普通区").expect("the zone").rules.per_session as usize;
    assert!(per_vendor.iter().all(|&n| n <= limit), "nobody over {limit} a session: {per_vendor:?}");

    // A retry of a winning tap is the same booking, not another.
    let winner = vendors.iter().position(|v| !mine(ctx, v).is_empty()).expect("a winner");
    let won = mine(ctx, &vendors[winner]).remove(0);
    let keys = (winner * 5..winner * 5 + 5).map(|i| format!("stall-rush-{i:08}"));
    let again: Vec<i64> = keys
        .filter_map(|key| {
            let response = book(ctx, &vendors[winner], won.stall, session, &key);
            (response.status() == 201).then(|| response.json::<StallBooking>().expect("the booking").id)
        })
        .collect();
    assert!(again.contains(&won.id), "the winning key answers with its booking: {again:?}");
    assert_eq!(mine(ctx, &vendors[winner]).len(), per_vendor[winner], "and books nothing more");
}

fn a_vendor_books_within_each_rule_and_a_cancelled_stall_is_free_for_the_next(ctx: &Ctx) {
    let today = today(ctx);
    // Among the seven days from tomorrow one week holds at least four: the weekly limit is met
    // there. (Today's session may have begun, and booking closes when a session starts.)
    let week: Vec<Date> = {
        let mut by_week: HashMap<Date, Vec<Date>> = HashMap::new();
        for day in (1..8).map(|d| add_days(today, d)) {
            by_week.entry(week_of(day)).or_default().push(day);
        }
        by_week.into_values().find(|days| days.len() >= 4).expect("a week with four days")
    };
    let (alice, bob) = (vendor(ctx, "13655500250", 250), vendor(ctx, "13655500251", 251));
    // The own-produce zone is theirs to book: the market approved what they grow.
    approved_producer(ctx, &alice, "stall-rules-producer-1");
    approved_producer(ctx, &bob, "stall-rules-producer-2");
    let days: Vec<MarketDay> = week.iter().map(|d| market_day(ctx, FARMERS, *d)).collect();
    let own = |day: &MarketDay| session_and_stalls(day, "自产自销区");
    let fair = |day: &MarketDay| session_and_stalls(day, "平价摊位区");
    let ordinary = |day: &MarketDay| session_and_stalls(day, "普通区");
    // The last stalls of each zone: the rush above takes the first twenty of the ordinary one.
    let last = |(session, stalls): (i64, Vec<i64>)| (session, *stalls.last().expect("stalls"));

    let (session, stall) = last(own(&days[0]));
    let first: StallBooking = book(ctx, &alice, stall, session, "stall-rules-00000001").json().expect("booked");
    assert_eq!((first.status, first.stall, first.session), (BookingStatus::Booked, stall, session));
    let retried: StallBooking = book(ctx, &alice, stall, session, "stall-rules-00000001").json().expect("the same");
    assert_eq!(retried.id, first.id, "a retry is the same booking");
    let taken = expect_error(book(ctx, &bob, stall, session, "stall-rules-00000002"), 409, ErrorKind::StallTaken);
    assert!(!taken.message_zh.is_empty() && !taken.message_en.is_empty());
    let second_stall = own(&days[0]).1[own(&days[0]).1.len() - 2];
    let per_session =
        expect_error(book(ctx, &alice, second_stall, session, "stall-rules-00000003"), 409, ErrorKind::BookingLimit);
    assert!(per_session.message_zh.contains("1 个摊位"), "{per_session:?}");

    // Three sessions a week across the public-interest zones; the ordinary zone counts apart.
    for (n, day) in days[1..3].iter().enumerate() {
        let (session, stall) = last(own(day));
        assert_eq!(book(ctx, &alice, stall, session, &format!("stall-rules-week-{n:04}")).status(), 201);
    }
    let (session, stall) = last(fair(&days[3]));
    let weekly = expect_error(book(ctx, &alice, stall, session, "stall-rules-00000004"), 409, ErrorKind::BookingLimit);
    assert!(weekly.message_en.contains("3 session"), "{weekly:?}");
    let (session, stall) = last(ordinary(&days[3]));
    assert_eq!(book(ctx, &alice, stall, session, "stall-rules-00000005").status(), 201);

    // Outside the window, by lottery, unknown, mismatched, badly keyed, or not a vendor.
    let later = market_day(ctx, FARMERS, add_days(today, 10));
    let (session, stall) = last(own(&later));
    let early = expect_error(book(ctx, &bob, stall, session, "stall-rules-00000006"), 409, ErrorKind::NotNow);
    assert!(early.message_zh.contains("才开放预约"), "{early:?}");
    let night_day = (1..14)
        .map(|d| market_day(ctx, NIGHT, add_days(today, d)))
        .find(|d| !d.sessions.is_empty() && d.lotteries.is_empty())
        .expect("a night market session within two weeks");
    let (night_session, night_stall) = last(session_and_stalls(&night_day, "共富摊位区"));
    let lottery =
        expect_error(book(ctx, &bob, night_stall, night_session, "stall-rules-00000007"), 409, ErrorKind::NotNow);
    assert!(lottery.message_zh.contains("摇号"), "{lottery:?}");
    let (session, stall) = last(own(&days[0]));
    expect_error(book(ctx, &bob, 999_999, session, "stall-rules-00000008"), 404, ErrorKind::NotFound);
    expect_error(book(ctx, &bob, night_stall, session, "stall-rules-00000009"), 404, ErrorKind::NotFound);
    let bad_key = expect_error(book(ctx, &bob, stall, session, "short"), 400, ErrorKind::InvalidBody);
    assert_eq!(bad_key.fields[0].field, "idempotency_key");
    let shapeless = post_as(ctx, &bob, "/api/me/stall-bookings", json!({ "stall": "A01" }));
    expect_error(shapeless, 400, ErrorKind::InvalidBody);
    let owner = ctx.session(phone(Role::Owner, None)).access_token;
    expect_error(book(ctx, &owner, stall, session, "stall-rules-00000010"), 403, ErrorKind::Forbidden);

    // Nobody else sees or cancels a booking; its vendor cancels it and the stall is free again.
    assert!(mine(ctx, &bob).is_empty(), "Bob sees none of Alice's bookings");
    let cancel = |token: &str, id: i64| {
        ctx.http
            .delete(ctx.server.url(&format!("/api/me/stall-bookings/{id}")))
            .bearer_auth(token)
            .send_through_dev_proxy()
            .expect("a cancellation")
    };
    expect_error(cancel(&bob, first.id), 404, ErrorKind::NotFound);
    let cancelled: StallBooking = cancel(&alice, first.id).json().expect("cancelled");
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert_eq!(cancel(&alice, first.id).status(), 200, "cancelling again changes nothing");
    let free = market_day(ctx, FARMERS, week[0]).sessions[0].stalls.iter().any(|s| s.id == stall && s.free);
    assert!(free, "the stall is free again");
    assert_eq!(book(ctx, &bob, stall, session, "stall-rules-00000011").status(), 201, "and Bob takes it");
}

/// The night market's manager, and the farmers' market's.
pub(crate) const NIGHT_MANAGER: &str = "13900000006";
const FARMERS_MANAGER: &str = "13900000005";

/// A session of the night market today that started at midnight and runs all day, so marking
/// no-shows and checking in never depend on the hour the test runs at.
pub(crate) fn all_day_session_today(ctx: &Ctx, manager_token: &str) -> i64 {
    let today = today(ctx);
    let weekday = today.weekday().number_from_monday();
    let plan = json!({ "from": today.to_string(), "to": today.to_string(), "weekdays": [weekday],
                       "starts": "00:00", "ends": "23:59" });
    let opened = post_as(ctx, manager_token, &format!("/api/markets/{NIGHT}/sessions"), plan);
    assert_eq!(opened.status(), 201, "the manager opens today's all-day session");
    let day = market_day(ctx, NIGHT, today);
    day.sessions.iter().find(|s| s.starts == "00:00").expect("the all-day session").id
}

fn occupancy(ctx: &Ctx, token: &str, day: Date) -> MarketOccupancy {
    ctx.get_as(token, &format!("/api/markets/{NIGHT}/occupancy/{day}")).json().expect("the occupancy")
}

fn a_manager_checks_vendors_in_by_pass_typed_code_or_stall_code_frees_no_shows_for_walk_ins_and_suspends_after_the_limit(
    ctx: &Ctx,
) {
    let manager = ctx.session(NIGHT_MANAGER).access_token;
    // A session starting in a minute or two: booked before it starts, checked in from half an
    // hour before, a no-show marked once it has started, whatever the hour.
    let soon = session_starting_soon(ctx, &manager, NIGHT, 120);
    let session = soon.id;
    let ordinary =
        market_day(ctx, NIGHT, soon.day).zones.into_iter().find(|z| z.name == "普通夜市区").expect("the ordinary zone");
    let [carol, dan, erin, fay, walker] = ["13655500260", "13655500261", "13655500262", "13655500800", "13655500263"]
        .map(|phone| vendor(ctx, phone, phone[8..].parse().expect("digits")));
    let at = (NIGHT, soon.day, session);
    let bookings: Vec<StallBooking> = [&carol, &dan, &erin, &fay]
        .iter()
        .enumerate()
        .map(|(n, token)| book_a_free_stall(ctx, token, at, "普通夜市区", &format!("stall-desk-book-{n:04}")))
        .collect();
    let stalls: Vec<i64> = bookings.iter().map(|b| b.stall).collect();

    // Two hours before the start has passed, whatever the hour: no cancelling, and it says so.
    assert!(!bookings[2].cancellable, "{:?}", bookings[2]);
    let late = ctx
        .http
        .delete(ctx.server.url(&format!("/api/me/stall-bookings/{}", bookings[2].id)))
        .bearer_auth(&erin)
        .send_through_dev_proxy()
        .expect("a cancellation");
    let late = expect_error(late, 409, ErrorKind::NotNow);
    assert!(
        late.message_zh.contains("已过取消时限") && late.message_en.contains(&bookings[2].cancel_until),
        "{late:?}"
    );

    // Carol shows her pass: the scan of its link (any origin) checks her in, once.
    let check_in = |token: &str, code: &str| {
        post_as(ctx, token, &format!("/api/markets/{NIGHT}/check-ins"), json!({ "session": session, "code": code }))
    };
    let pass_qr =
        ctx.get_as(&carol, &format!("/api/me/stall-bookings/{}/pass.svg", bookings[0].id)).text().expect("svg");
    let scanned = crate::codes::qr::decode(&pass_qr);
    assert_eq!(scanned.len(), 1, "the pass is one readable QR");
    assert!(scanned[0].ends_with(&pass_link(&bookings[0].pass)), "{scanned:?}");
    let checked: ManagedBooking = check_in(&manager, &scanned[0]).json().expect("checked in");
    assert_eq!((checked.status, checked.stall), (BookingStatus::CheckedIn, stalls[0]));
    assert!(checked.phone.contains('*') && !checked.phone.contains("13655500260"), "the phone is masked: {checked:?}");
    assert_eq!(check_in(&manager, &scanned[0]).status(), 200, "scanning again changes nothing");
    // Dan is checked in by the stall's printed code.
    let stall_qr = ctx.get(&format!("/api/stall-markets/{NIGHT}/stalls/{}/qr.svg", stalls[1])).text().expect("svg");
    let printed = crate::codes::qr::decode(&stall_qr);
    assert_eq!(read_scan(&printed[0]), read_scan(&stall_link(NIGHT, stalls[1])), "{printed:?}");
    let by_stall: ManagedBooking = check_in(&manager, &printed[0]).json().expect("checked in by the stall code");
    assert_eq!(by_stall.id, bookings[1].id);
    // Fay's pass will not scan: she reads out its code and the manager types it, however spaced.
    let code = &bookings[3].code;
    assert!(
        code.starts_with(&format!("{}-", bookings[3].stall_number)) && code.len() == bookings[3].stall_number.len() + 5
    );
    let by_code: ManagedBooking =
        check_in(&manager, &code.to_lowercase().replace('-', " ")).json().expect("checked in by the typed code");
    assert_eq!((by_code.id, by_code.status), (bookings[3].id, BookingStatus::CheckedIn));
    let digits: u32 = code[code.len() - 4..].parse().expect("four digits");
    let misread = format!("{}-{:04}", bookings[3].stall_number, (digits + 1) % 10_000);
    let wrong = expect_error(check_in(&manager, &misread), 404, ErrorKind::NotFound);
    assert!(wrong.fields[0].field == "code" && wrong.fields[0].message_zh.contains("请核对"), "{wrong:?}");
    // What is not a pass or a code, or a stall nobody booked, is said plainly.
    let junk = expect_error(check_in(&manager, "https://weixin.qq.com/r/abc"), 400, ErrorKind::InvalidBody);
    assert_eq!(junk.fields[0].field, "code");
    let unbooked = market_day(ctx, NIGHT, soon.day)
        .sessions
        .into_iter()
        .find(|s| s.id == session)
        .and_then(|s| s.stalls.into_iter().find(|t| t.zone == ordinary.id && t.free))
        .expect("a stall nobody booked");
    let nobody = expect_error(check_in(&manager, &stall_link(NIGHT, unbooked.id)), 404, ErrorKind::NotFound);
    assert!(nobody.message_en.contains("walk-in"), "{nobody:?}");
    // The farmers' market's manager can neither check in here nor use this market's passes there.
    let other = ctx.session(FARMERS_MANAGER).access_token;
    expect_error(check_in(&other, &scanned[0]), 403, ErrorKind::Forbidden);
    let elsewhere = post_as(ctx, &other, "/api/markets/1/check-ins", json!({ "session": session, "code": scanned[0] }));
    expect_error(elsewhere, 404, ErrorKind::NotFound);
    expect_error(
        post_as(ctx, &other, &format!("/api/markets/{NIGHT}/stall-bookings/{}/no-show", bookings[2].id), json!(null)),
        403,
        ErrorKind::Forbidden,
    );
    // Vendors see nothing of each other's passes.
    let theirs = ctx.get_as(&dan, &format!("/api/me/stall-bookings/{}/pass.svg", bookings[0].id));
    expect_error(theirs, 404, ErrorKind::NotFound);

    // A no-show only once the session has started.
    let no_show =
        |id: i64| post_as(ctx, &manager, &format!("/api/markets/{NIGHT}/stall-bookings/{id}/no-show"), json!(null));
    if now_ms(ctx) < soon.starts_ms {
        let early = expect_error(no_show(bookings[2].id), 409, ErrorKind::NotNow);
        assert!(early.message_zh.contains("开市后才能标记未到场"), "{early:?}");
    }
    wait_until(ctx, soon.starts_ms);
    // One no-show suspends, under rules the manager tightens for the test's sake.
    let tight = ZoneRules { no_show_limit: 1, suspension_days: 14, ..ordinary.rules.clone() };
    let set = put_as(ctx, &manager, &format!("/api/markets/{NIGHT}/zones/{}/rules", ordinary.id), json!(tight));
    assert_eq!(set.json::<Zone>().expect("rules set").rules, tight);
    let absent: ManagedBooking = no_show(bookings[2].id).json().expect("marked absent");
    assert_eq!(absent.status, BookingStatus::NoShow);
    assert_eq!(no_show(bookings[2].id).status(), 200, "marking again changes nothing");
    let checked_in = expect_error(no_show(bookings[0].id), 409, ErrorKind::NotNow);
    assert!(checked_in.message_en.contains("Checked in"), "{checked_in:?}");
    let restored =
        put_as(ctx, &manager, &format!("/api/markets/{NIGHT}/zones/{}/rules", ordinary.id), json!(ordinary.rules));
    assert_eq!(restored.status(), 200);
    let later =
        (1..14).map(|d| add_days(today(ctx), d)).map(|d| market_day(ctx, NIGHT, d)).find(|d| !d.sessions.is_empty());
    let later = later.expect("another night market session");
    let later_stall = later.sessions[0].stalls.iter().rev().find(|s| s.zone == ordinary.id && s.free).expect("free");
    let suspended = expect_error(
        book(ctx, &erin, later_stall.id, later.sessions[0].id, "stall-desk-book-suspended"),
        409,
        ErrorKind::NotNow,
    );
    assert!(suspended.message_zh.contains("暂停"), "{suspended:?}");

    // Erin's stall is free again: it goes to a walk-in, checked in at once, once per tap.
    let walk_in = |phone: &str, key: &str| {
        post_as(
            ctx,
            &manager,
            &format!("/api/markets/{NIGHT}/stall-bookings"),
            json!({ "idempotency_key": key, "stall": stalls[2], "session": session, "phone": phone }),
        )
    };
    let walked: ManagedBooking = walk_in("13655500263", "stall-desk-walk-in-0001").json().expect("walked in");
    assert_eq!((walked.status, walked.stall), (BookingStatus::CheckedIn, stalls[2]));
    let again: ManagedBooking = walk_in("13655500263", "stall-desk-walk-in-0001").json().expect("the same");
    assert_eq!(again.id, walked.id, "a retried walk-in books once");
    expect_error(walk_in("13900000007", "stall-desk-walk-in-0002"), 409, ErrorKind::StallTaken);
    let unknown = expect_error(walk_in("13655500299", "stall-desk-walk-in-0003"), 404, ErrorKind::NotFound);
    assert_eq!(unknown.fields[0].field, "phone");
    let bad = expect_error(walk_in("12345", "short"), 400, ErrorKind::InvalidBody);
    let fields: Vec<&str> = bad.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["idempotency_key", "phone"]);
    assert!(mine(ctx, &walker).iter().any(|b| b.id == walked.id), "the walk-in sees it among their bookings");

    // The grid and the CSV tell the same story (other tests may share the session).
    let grid = occupancy(ctx, &manager, soon.day);
    let here = grid.sessions.iter().find(|s| s.id == session).expect("the session");
    let state =
        |stall: i64| here.stalls.iter().find(|s| s.id == stall).and_then(|s| s.booking.as_ref()).map(|b| b.status);
    let states: Vec<_> = stalls.iter().map(|stall| state(*stall)).collect();
    assert_eq!(states, [Some(BookingStatus::CheckedIn); 4], "three by scan or code, one by a walk-in");
    let csv_path = format!("/api/markets/{NIGHT}/fees.csv?from={0}&to={0}", soon.day);
    let csv = ctx.get_as(&manager, &csv_path).text().expect("csv");
    let row = csv.lines().find(|l| l.contains(&format!("{},{},普通夜市区", soon.starts, soon.ends))).expect("its row");
    let cells: Vec<&str> = row.split(',').collect();
    let [stalls_in_zone, booked, checked, absent]: [u32; 4] = [4, 5, 6, 7].map(|i| cells[i].parse().expect("a count"));
    assert_eq!(stalls_in_zone, 130, "{row}");
    assert!(checked >= 4 && absent >= 1, "four checked in, one no-show at least: {row}");
    let held = f64::from(booked + checked) / 130.0;
    assert_eq!(cells[8], ((held * 1000.0).round() / 1000.0).to_string(), "occupancy: {row}");
    assert_eq!(cells[9], format!("{}.00", checked * 50), "¥50 for each stall checked in: {row}");
    let backwards = ctx.get_as(&manager, &format!("/api/markets/{NIGHT}/fees.csv?from={}&to=2020-01-01", today(ctx)));
    assert_eq!(expect_error(backwards, 400, ErrorKind::InvalidBody).fields[0].field, "to");
}

fn booking_closes_when_a_session_starts_cancelling_at_its_deadline_and_check_in_keeps_to_the_session_s_hours(
    ctx: &Ctx,
) {
    let manager = ctx.session(NIGHT_MANAGER).access_token;
    let [gus, hana] = ["13655500801", "13655500802"].map(|phone| vendor(ctx, phone, phone[8..].parse().expect("n")));
    // A session that began at midnight: booking closed when it started, whatever the hour.
    let all_day = all_day_session_today(ctx, &manager);
    let today_grid = market_day(ctx, NIGHT, today(ctx));
    let ordinary = today_grid.zones.iter().find(|z| z.name == "普通夜市区").expect("the ordinary zone").id;
    let running = today_grid.sessions.iter().find(|s| s.id == all_day).expect("the all-day session");
    let stall = running.stalls.iter().rev().find(|s| s.zone == ordinary && s.free).expect("a free stall").id;
    let closed = expect_error(book(ctx, &gus, stall, all_day, "stall-times-0001"), 409, ErrorKind::NotNow);
    assert!(
        closed.message_zh.contains(&format!("已于 {} 00:00 截止预约", today(ctx)))
            && closed.message_en.contains("closed"),
        "{closed:?}"
    );

    // A session three hours on: bookable and cancellable now, not yet checked in.
    let later = open_session(ctx, &manager, NIGHT, now_ms(ctx) + 3 * 3_600_000, 60);
    let booked = book_a_free_stall(ctx, &gus, (NIGHT, later.day, later.id), "普通夜市区", "stall-times-later");
    assert!(booked.cancellable, "two hours before the start is still ahead: {booked:?}");
    let opens_at = getima_domain::calendar::china_timestamp(later.starts_ms - 30 * 60_000)[..16].to_string();
    assert_eq!(booked.check_in_from, opens_at, "check-in opens half an hour before the start");
    let check_in = |market: i64, session: i64, code: &str| {
        post_as(
            ctx,
            ctx.admin.as_str(),
            &format!("/api/markets/{market}/check-ins"),
            json!({ "session": session, "code": code }),
        )
    };
    let early = expect_error(check_in(NIGHT, later.id, &booked.pass), 409, ErrorKind::NotNow);
    assert!(early.message_zh.contains("还没到签到时间") && early.message_zh.contains(&opens_at), "{early:?}");

    // The creative market's heritage zone, which no other test uses: its manager (the
    // administrator) closes booking 72 hours ahead and allows no check-in after closing.
    let heritage =
        market_day(ctx, CREATIVE, today(ctx)).zones.into_iter().find(|z| z.name == "非遗手作区").expect("zone");
    let rules_path = format!("/api/markets/{CREATIVE}/zones/{}/rules", heritage.id);
    let strict = ZoneRules { book_until_hours: 72, check_in_grace_minutes: 0, ..heritage.rules.clone() };
    assert_eq!(put_as(ctx, &ctx.admin, &rules_path, json!(strict)).status(), 200);
    let tomorrow = open_session(ctx, &ctx.admin, CREATIVE, now_ms(ctx) + 24 * 3_600_000, 60);
    let at = (CREATIVE, tomorrow.day, tomorrow.id);
    let grid = market_day(ctx, CREATIVE, tomorrow.day);
    let free = grid.sessions.iter().find(|s| s.id == tomorrow.id).expect("the session").stalls.iter().rev();
    let stall = free.clone().find(|s| s.zone == heritage.id && s.free).expect("a free stall").id;
    let cutoff = getima_domain::calendar::china_timestamp(tomorrow.starts_ms - 72 * 3_600_000)[..16].to_string();
    let too_late = expect_error(book(ctx, &hana, stall, tomorrow.id, "stall-times-0002"), 409, ErrorKind::NotNow);
    assert!(too_late.message_zh.contains(&format!("已于 {cutoff} 截止预约")), "{too_late:?}");
    let open_again = ZoneRules { book_until_hours: 0, ..strict.clone() };
    assert_eq!(put_as(ctx, &ctx.admin, &rules_path, json!(open_again)).status(), 200);
    book_a_free_stall(ctx, &hana, at, "非遗手作区", "stall-times-tomorrow");

    // A one-minute session: once it has ended, with no grace, nobody is checked in any more.
    let short = session_starting_soon(ctx, &ctx.admin, CREATIVE, 1);
    let held = book_a_free_stall(ctx, &gus, (CREATIVE, short.day, short.id), "非遗手作区", "stall-times-short");
    wait_until(ctx, short.ends_ms);
    let over = expect_error(check_in(CREATIVE, short.id, &held.pass), 409, ErrorKind::NotNow);
    let ended = format!("{} {}", short.day, short.ends);
    assert!(over.message_zh.contains(&format!("签到截至 {ended}")), "{over:?}");
    let walk_in = post_as(
        ctx,
        &ctx.admin,
        &format!("/api/markets/{CREATIVE}/stall-bookings"),
        json!({ "idempotency_key": "stall-times-walk-in", "stall": stall, "session": short.id, "phone": "13655500802" }),
    );
    let refused = expect_error(walk_in, 409, ErrorKind::NotNow);
    assert!(refused.message_en.contains("check-in closed"), "{refused:?}");
    let absent =
        post_as(ctx, &ctx.admin, &format!("/api/markets/{CREATIVE}/stall-bookings/{}/no-show", held.id), json!(null));
    assert_eq!(absent.json::<ManagedBooking>().expect("marked absent").status, BookingStatus::NoShow);
    assert_eq!(put_as(ctx, &ctx.admin, &rules_path, json!(heritage.rules)).status(), 200, "the rules as they were");
}

fn a_manager_opens_sessions_and_sets_rules_naming_every_bad_field_and_cannot_touch_another_market(ctx: &Ctx) {
    let manager = ctx.session(NIGHT_MANAGER).access_token;
    let start = add_days(today(ctx), 30);
    let plan = json!({ "from": start.to_string(), "to": add_days(start, 13).to_string(), "weekdays": [5, 6, 7],
                       "starts": "17:30", "ends": "22:00" });
    let sessions = |token: &str, market: i64, plan: &serde_json::Value| {
        post_as(ctx, token, &format!("/api/markets/{market}/sessions"), plan.clone())
    };
    let opened: SessionsCreated = sessions(&manager, NIGHT, &plan).json().expect("opened");
    assert_eq!((opened.created.len(), opened.existing.len()), (6, 0), "two weeks of Friday to Sunday: {opened:?}");
    let again: SessionsCreated = sessions(&manager, NIGHT, &plan).json().expect("opened again");
    assert_eq!((again.created.len(), again.existing.len()), (0, 6), "nothing twice");
    let friday = &opened.created[0];
    let day: MarketDay = ctx.get(&format!("/api/stall-markets/{NIGHT}/days/{friday}")).json().expect("the day");
    assert!(day.sessions.iter().any(|s| s.starts == "17:30" && s.ends == "22:00"), "vendors see it");

    let nonsense = json!({ "from": "2020-01-01", "to": "someday", "weekdays": [8], "starts": "7pm", "ends": "23:00" });
    let refused = expect_error(sessions(&manager, NIGHT, &nonsense), 400, ErrorKind::InvalidBody);
    let fields: Vec<&str> = refused.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["from", "to", "weekdays", "starts"]);
    assert!(refused.fields.iter().all(|f| !f.message_zh.is_empty() && !f.message_en.is_empty()));

    let rules = |token: &str, market: i64, zone: i64, body: serde_json::Value| {
        put_as(ctx, token, &format!("/api/markets/{market}/zones/{zone}/rules"), body)
    };
    let bad = json!(ZoneRules { window_days: 90, per_session: 0, ..ZoneRules::PLAN });
    let refused = expect_error(rules(&manager, NIGHT, 5, bad), 400, ErrorKind::InvalidBody);
    let fields: Vec<&str> = refused.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["window_days", "per_session"]);
    // Zone 1 belongs to the farmers' market: not found from here, and forbidden there.
    expect_error(rules(&manager, NIGHT, 1, json!(ZoneRules::PLAN)), 404, ErrorKind::NotFound);
    expect_error(rules(&manager, FARMERS, 1, json!(ZoneRules::PLAN)), 403, ErrorKind::Forbidden);
    expect_error(sessions(&manager, FARMERS, &plan), 403, ErrorKind::Forbidden);
    let vendor_token = ctx.session(phone(Role::Vendor, None)).access_token;
    expect_error(
        ctx.get_as(&vendor_token, &format!("/api/markets/{NIGHT}/occupancy/{}", today(ctx))),
        403,
        ErrorKind::Forbidden,
    );
}

fn a_cancellation_racing_bookings_for_the_same_stall_leaves_exactly_one_holder(ctx: &Ctx) {
    let day = add_days(today(ctx), 5);
    let (session, stalls) = session_and_stalls(&market_day(ctx, FARMERS, day), "普通区");
    let stall = stalls[24];
    let holder = vendor(ctx, "13655500264", 264);
    let held: StallBooking = book(ctx, &holder, stall, session, "stall-race-holder-01").json().expect("booked");
    let others: Vec<String> = (265..269).map(|n| vendor(ctx, &format!("13655500{n}"), n)).collect();
    // The holder cancels while four others keep tapping until the stall is theirs or someone's.
    let answers = at_once(5, |i| {
        if i == 0 {
            let cancelled = ctx
                .http
                .delete(ctx.server.url(&format!("/api/me/stall-bookings/{}", held.id)))
                .bearer_auth(&holder)
                .send_through_dev_proxy()
                .expect("a cancellation");
            return cancelled.status().as_u16();
        }
        for attempt in 0..40 {
            let response = book(ctx, &others[i - 1], stall, session, &format!("stall-race-{i}-{attempt:06}"));
            match response.status().as_u16() {
                409 if market_day(ctx, FARMERS, day).sessions[0].stalls.iter().any(|s| s.id == stall && s.free) => {}
                409 if attempt < 39
                    && mine(ctx, &holder).iter().any(|b| b.id == held.id && b.status == BookingStatus::Booked) =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                status => return status,
            }
        }
        0
    });
    assert_eq!(answers[0], 200, "the cancellation went through: {answers:?}");
    assert_eq!(answers[1..].iter().filter(|&&s| s == 201).count(), 1, "exactly one took it: {answers:?}");
    assert!(answers[1..].iter().all(|&s| s == 201 || s == 409), "{answers:?}");
    let holders: usize =
        others.iter().map(|t| mine(ctx, t).iter().filter(|b| b.stall == stall && b.session == session).count()).sum();
    assert_eq!(holders, 1, "one holder, in the database too");
    assert!(!market_day(ctx, FARMERS, day).sessions[0].stalls.iter().any(|s| s.id == stall && s.free));
}

fn a_vendor_is_reminded_once_in_the_inbox_and_by_text_the_day_before_a_booked_session(ctx: &Ctx) {
    // A session starting about an hour from now (China time), at a minute no other test uses.
    let soon = getima_domain::calendar::china_timestamp(now_ms(ctx) + 67 * 60_000);
    let (day, starts) = (soon[..10].to_string(), soon[11..16].to_string());
    // Before the all-day end, and never the all-day session's own midnight start.
    let starts = starts.as_str().clamp("00:01", "23:58").to_string();
    let day: Date = getima_domain::calendar::parse_date(&day).expect("a day");
    let manager = ctx.session(NIGHT_MANAGER).access_token;
    let plan = json!({ "from": day.to_string(), "to": day.to_string(), "weekdays": [day.weekday().number_from_monday()],
                       "starts": starts, "ends": "23:59" });
    assert_eq!(post_as(ctx, &manager, &format!("/api/markets/{NIGHT}/sessions"), plan).status(), 201);
    let market = market_day(ctx, NIGHT, day);
    let session = market.sessions.iter().find(|s| s.starts == starts).expect("the session");
    let zone = market.zones.iter().find(|z| z.name == "普通夜市区").expect("the ordinary zone").id;
    let stall = session.stalls.iter().rev().find(|s| s.zone == zone && s.free).expect("a free stall");
    let phone = "13655500269";
    // Signed in once: the browser below carries on the same session.
    let tokens = ctx.sign_in(phone);
    let token = tokens.access_token.clone();
    register_vendor(ctx, &token, phone, 269);
    assert_eq!(book(ctx, &token, stall.id, session.id, "stall-reminder-0001").status(), 201);
    let booking = mine(ctx, &token).iter().find(|b| b.session == session.id).expect("the booking").id;

    // Runs side by side, then one after them: the cron comes every half hour and may overlap.
    let cron = || ctx.get("/__scheduled?cron=*/30+*+*+*+*").status().as_u16();
    assert_eq!(at_once(3, |_| cron()), [200, 200, 200]);
    assert_eq!(cron(), 200);
    let reminders: Vec<String> = crate::registration::applications::texts_to(ctx, phone)
        .into_iter()
        .filter(|t| t.contains("摊位提醒"))
        .collect();
    assert_eq!(reminders.len(), 1, "one reminder, however many runs: {reminders:?}");
    assert!(reminders[0].contains(&stall.number) && reminders[0].contains(&format!("{day} {starts}")), "{reminders:?}");
    assert!(!reminders[0].contains(phone), "nothing personal in the text");

    let inbox: Notices = ctx.get_as(&token, "/api/me/notices").json().expect("my notices");
    let reminded: Vec<&Notice> = inbox.notices.iter().filter(|n| n.stall_booking == Some(booking)).collect();
    assert_eq!((reminded.len(), inbox.notices.len(), inbox.unread), (1, 1, 1), "one reminder in the inbox: {inbox:?}");
    let notice = reminded[0];
    assert_eq!((notice.kind, notice.application_id), (NoticeKind::StallReminder, None));
    assert_eq!(notice.subject, format!("{} {}", market.market_name, stall.number));
    assert_eq!(notice.starts, Some(format!("{day} {starts}")));

    let stranger = vendor(ctx, "13655500705", 705);
    let theirs: Notices = ctx.get_as(&stranger, "/api/me/notices").json().expect("their notices");
    assert!(theirs.notices.iter().all(|n| n.stall_booking != Some(booking)), "nobody else sees it: {theirs:?}");
    assert_eq!(post_as(ctx, &stranger, "/api/me/notices/read", json!({ "up_to": notice.id })).status(), 204);
    let still: Notices = ctx.get_as(&token, "/api/me/notices").json().expect("my notices");
    assert_eq!(still.unread, 1, "another vendor cannot mark mine read");
    assert_eq!(post_as(ctx, &token, "/api/me/notices/read", json!({ "up_to": notice.id })).status(), 204);
    let seen: Notices = ctx.get_as(&token, "/api/me/notices").json().expect("my notices");
    assert_eq!((seen.unread, seen.notices[0].read), (0, true));

    // On the phone the inbox names the session's day and time, market and stall, and leads to
    // the booking's pass.
    let tokens = serde_json::to_value(&tokens).expect("tokens");
    let base = ctx.server.url("/");
    let when = format!("{} {starts}", if day == today(ctx) { "今天" } else { "明天" });
    run(async || {
        let phone_ui = phone_with(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &tokens, "me").await;
        let row = text(client, "[data-testid=notices] [data-kind=stall_reminder]").await;
        assert!(row.contains(&format!("{when} · {} {}", market.market_name, stall.number)), "{row}");
        assert!(row.contains("摊位提醒"), "{row}");
        click(client, "[data-testid=notices] [data-kind=stall_reminder]").await;
        element(client, &format!("#booking-{booking}[data-status=booked]"), "the reminded booking").await;
        keep_screenshot(client, "stall-reminder-booking").await;
        phone_ui.client.clone().close().await.expect("session closes");
    });
}
