//! Stall booking through the real local server: a market's day, first-come-first-served booking
//! under each rule, cancelling, and the database holding one holder per stall-session and every
//! per-person limit when many requests arrive at once.

use crate::accounts::{expect_error, phone, post_as};
use crate::attacks::at_once;
use crate::{Ctx, NamedTest};
use getima_domain::api::{ErrorKind, MarketDay, MyStallBookings, StallBooking};
use getima_domain::calendar::{Date, add_days};
use getima_domain::people::Role;
use getima_domain::stalls::{BookingStatus, week_of};
use getima_e2e::SendThroughDevProxy;
use serde_json::json;
use std::collections::HashMap;

pub const TESTS: &[NamedTest] = &[
    (
        "stalls::two_hundred_bookings_fired_at_once_at_twenty_stall_sessions_book_twenty_and_no_one_beyond_their_limit",
        two_hundred_bookings_fired_at_once_at_twenty_stall_sessions_book_twenty_and_no_one_beyond_their_limit,
    ),
    (
        "stalls::a_vendor_books_within_each_rule_and_a_cancelled_stall_is_free_for_the_next",
        a_vendor_books_within_each_rule_and_a_cancelled_stall_is_free_for_the_next,
    ),
];

/// The farmers' market, open every morning: its public-interest zones allow one stall a
/// session and three sessions a week between them; its ordinary zone two a session.
const FARMERS: i64 = 1;
/// The night market, whose common-prosperity stalls go by lottery.
const NIGHT: i64 = 2;

/// Today as the server counts it (in China).
fn today() -> Date {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970");
    getima_domain::calendar::china_date_at(now.as_millis() as i64)
}

fn market_day(ctx: &Ctx, market: i64, day: Date) -> MarketDay {
    ctx.get(&format!("/api/stall-markets/{market}/days/{day}")).json().expect("the market's day")
}

/// A new vendor: signed in with `phone`, registered with a name and an ID number.
fn vendor(ctx: &Ctx, phone: &str, n: u32) -> String {
    let token = ctx.sign_in(phone).access_token;
    let id_number = getima_domain::id_number::complete(&format!("33030219800101{:03}", n % 1000)).expect("an ID");
    let registered =
        post_as(ctx, &token, "/api/me/vendor", json!({ "name": format!("摊主{n}"), "id_number": id_number }));
    assert_eq!(registered.status(), 200, "{phone} registers as a vendor");
    token
}

fn book(ctx: &Ctx, token: &str, stall: i64, session: i64, key: &str) -> reqwest::blocking::Response {
    post_as(ctx, token, "/api/me/stall-bookings", json!({ "idempotency_key": key, "stall": stall, "session": session }))
}

fn mine(ctx: &Ctx, token: &str) -> Vec<StallBooking> {
    ctx.get_as(token, "/api/me/stall-bookings").json::<MyStallBookings>().expect("my bookings").bookings
}

/// The stalls (ids) of the zone called `zone` in the only session of `day`.
fn session_and_stalls(day: &MarketDay, zone: &str) -> (i64, Vec<i64>) {
    let zone = day.zones.iter().find(|z| z.name == zone).expect("the zone").id;
    let session = day.sessions.first().expect("a session that day");
    (session.id, session.stalls.iter().filter(|s| s.zone == zone).map(|s| s.id).collect())
}

fn two_hundred_bookings_fired_at_once_at_twenty_stall_sessions_book_twenty_and_no_one_beyond_their_limit(ctx: &Ctx) {
    let day = add_days(today(), 3);
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
    let today = today();
    // Among the next eight days one week holds at least four: the weekly limit is met there.
    let week: Vec<Date> = {
        let mut by_week: HashMap<Date, Vec<Date>> = HashMap::new();
        for day in (0..8).map(|d| add_days(today, d)) {
            by_week.entry(week_of(day)).or_default().push(day);
        }
        by_week.into_values().find(|days| days.len() >= 4).expect("a week with four days")
    };
    let (alice, bob) = (vendor(ctx, "13655500250", 250), vendor(ctx, "13655500251", 251));
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
    let night_day = (0..14)
        .map(|d| market_day(ctx, NIGHT, add_days(today, d)))
        .find(|d| !d.sessions.is_empty())
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
