//! The vendor's stall screens on a small phone: a market's day, booking a free stall, the pass
//! in My stalls (a QR the manager's scan reads), cancelling; a lottery re-run on the phone; and
//! the screens in English and in large text without sideways scrolling.

use crate::accounts::post_as;
use crate::browser::{click, element, keep_screenshot, off_runtime, remember_session, run, text as text_of, type_into};
use crate::stalls::{NIGHT, market_day, mine, today};
use crate::{Ctx, NamedTest};
use fantoccini::Client;
use getima_domain::api::{Lottery, Me, MyDeclarations, SessionTokens};
use getima_domain::calendar::add_days;
use getima_domain::stalls::{BookingStatus, Scanned, TargetGroup, read_scan};
use getima_e2e::phone::{PHONE_UA, cdp, phone_with};
use serde_json::json;

pub const TESTS: &[NamedTest] = &[
    (
        "stall_screens::a_vendor_on_a_small_phone_books_a_free_stall_shows_a_pass_that_scans_and_cancels_it",
        a_vendor_on_a_small_phone_books_a_free_stall_shows_a_pass_that_scans_and_cancels_it,
    ),
    (
        "stall_screens::anyone_re_runs_a_drawn_lottery_on_their_phone_and_sees_it_confirmed",
        anyone_re_runs_a_drawn_lottery_on_their_phone_and_sees_it_confirmed,
    ),
    (
        "stall_screens::a_farmer_declares_on_the_phone_books_own_produce_once_approved_and_a_waived_fee_reads_free",
        a_farmer_declares_on_the_phone_books_own_produce_once_approved_and_a_waived_fee_reads_free,
    ),
    (
        "stall_screens::a_market_s_day_fits_a_small_phone_in_english_and_in_large_text",
        a_market_s_day_fits_a_small_phone_in_english_and_in_large_text,
    ),
];

const FARMERS: i64 = 1;
const NIGHT_MANAGER: &str = "13900000006";

/// A new vendor's full session, as the phone keeps it: signed in with `phone`, registered as a
/// vendor, and holding the "me" that says so.
fn vendor_session(ctx: &Ctx, phone: &str, n: u32) -> SessionTokens {
    let mut tokens = ctx.sign_in(phone);
    let id_number = getima_domain::id_number::complete(&format!("33030219800101{:03}", n % 1000)).expect("an ID");
    let body = json!({ "name": format!("摊主{n}"), "id_number": id_number });
    let registered = post_as(ctx, &tokens.access_token, "/api/me/vendor", body);
    assert_eq!(registered.status(), 200, "{phone} registers as a vendor");
    tokens.me = ctx.get_as(&tokens.access_token, "/api/me").json::<Me>().expect("me");
    tokens
}

/// The smallest phone the screens are made for.
async fn narrow(client: &Client) {
    let metrics = json!({ "width": 360, "height": 780, "deviceScaleFactor": 3, "mobile": true });
    cdp(client, "Emulation.setDeviceMetricsOverride", metrics).await;
}

async fn scrolls_sideways(client: &Client) -> bool {
    let script = "return document.documentElement.scrollWidth > document.documentElement.clientWidth";
    client.execute(script, vec![]).await.expect("overflow") == json!(true)
}

fn a_vendor_on_a_small_phone_books_a_free_stall_shows_a_pass_that_scans_and_cancels_it(ctx: &Ctx) {
    let tokens = vendor_session(ctx, "13655500400", 400);
    let token = tokens.access_token.clone();
    // Other tests take the first twenty stalls of a day and some of the last: read which are
    // free and take the last free one of the ordinary zone.
    let day = add_days(today(), 5);
    let grid = market_day(ctx, FARMERS, day);
    let zone = grid.zones.iter().find(|z| z.name == "普通区").expect("the ordinary zone").id;
    let session = grid.sessions.first().expect("a session that day");
    let stall = session.stalls.iter().rev().find(|s| s.zone == zone && s.free).expect("a free stall").clone();
    let session = session.id;
    let base = ctx.server.url("/");
    let tokens = serde_json::to_value(&tokens).expect("tokens");
    let booked_id = std::cell::Cell::new(0);
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        narrow(client).await;
        remember_session(client, &base, &tokens).await;
        client.goto(&format!("{base}stalls/{FARMERS}?date={day}")).await.expect("page opens");
        let button = format!("[data-testid=zone][data-session='{session}'] [data-stall='{}']", stall.id);
        assert!(text_of(client, &button).await.contains("空闲"), "free is said in words");
        click(client, &button).await;
        let confirm = text_of(client, "[data-testid=stall-confirm]").await;
        assert!(confirm.contains(&stall.number) && confirm.contains("¥"), "the panel says what is booked: {confirm}");
        keep_screenshot(client, "stall-confirm").await;
        click(client, "[data-testid=book-stall]").await;
        let booked = text_of(client, "[data-testid=booked]").await;
        assert!(booked.contains(&stall.number), "{booked}");
        keep_screenshot(client, "stall-booked").await;

        let booking = off_runtime(|| mine(ctx, &token)).into_iter().find(|b| b.stall == stall.id).expect("the booking");
        assert_eq!((booking.session, booking.status), (session, BookingStatus::Booked));
        booked_id.set(booking.id);
        click(client, "[data-testid=to-pass]").await;
        let card = format!("[data-testid=booking][data-booking='{}']", booking.id);
        element(client, &format!("{card}[data-status=booked] img[data-testid=pass-qr]"), "the pass").await;
        let width = client
            .execute(
                "return document.querySelector(arguments[0]).getBoundingClientRect().width",
                vec![json!(format!("{card} img[data-testid=pass-qr]"))],
            )
            .await
            .expect("width");
        assert!(width.as_f64().expect("a number") >= 240.0, "big enough to scan: {width}");
        assert!(text_of(client, &format!("{card} [data-testid=cancel-until]")).await.contains(&booking.cancel_until));
        assert!(!scrolls_sideways(client).await, "no sideways scrolling on a 360 px phone");
        keep_screenshot(client, "my-stalls").await;

        click(client, &format!("{card} [data-testid=cancel-booking]")).await;
        click(client, &format!("{card} [data-testid=confirm-cancel]")).await;
        element(client, &format!("{card}[data-status=cancelled]"), "the booking, cancelled").await;
        keep_screenshot(client, "my-stalls-cancelled").await;
        phone.client.clone().close().await.expect("session closes");
    });

    let svg = ctx.get_as(&token, &format!("/api/me/stall-bookings/{}/pass.svg", booked_id.get())).text().expect("svg");
    let read = crate::qr::decode(&svg);
    let pass = mine(ctx, &token).into_iter().find(|b| b.id == booked_id.get()).expect("the booking").pass;
    assert_eq!(read.iter().map(|text| read_scan(text)).collect::<Vec<_>>(), [Some(Scanned::Pass(pass))]);
    let again = market_day(ctx, FARMERS, day);
    let slot = again.sessions[0].stalls.iter().find(|s| s.id == stall.id).expect("the stall");
    assert!(slot.free, "the cancelled stall is free again");
}

fn a_farmer_declares_on_the_phone_books_own_produce_once_approved_and_a_waived_fee_reads_free(ctx: &Ctx) {
    let tokens = vendor_session(ctx, "13655500703", 703);
    let token = tokens.access_token.clone();
    // Two days of one week: one stall a session, three sessions a week between the zones.
    let (day, next) = (add_days(today(), 6), add_days(today(), 7));
    let free_in = |day, zone: &str| {
        let grid = market_day(ctx, FARMERS, day);
        let zone = grid.zones.iter().find(|z| z.name == zone).expect("the zone").id;
        let session = grid.sessions.first().expect("a session that day");
        let free: Vec<_> = session.stalls.iter().filter(|s| s.zone == zone && s.free).collect();
        (session.id, free[free.len() / 2].clone())
    };
    let (own_session, own_stall) = free_in(day, "自产自销区");
    let (fair_session, fair_stall) = free_in(next, "平价摊位区");
    let base = ctx.server.url("/");
    let tokens = serde_json::to_value(&tokens).expect("tokens");
    let manager = ctx.session(crate::stall_rules::FARMERS_MANAGER).access_token;
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        narrow(client).await;
        remember_session(client, &base, &tokens).await;
        client.goto(&format!("{base}stalls/{FARMERS}?date={day}")).await.expect("page opens");
        element(client, "[data-testid=declaration-form]", "the declaration form").await;
        click(client, "[data-testid=declaration-submit]").await;
        let note = text_of(client, "#declare-produce-error").await;
        assert!(note.contains("请填写"), "the empty field says so next to it: {note}");
        type_into(client, "[data-testid=declare-produce]", "杨梅、瓯柑").await;
        type_into(client, "[data-testid=declare-origin]", "瓯海区泽雅镇").await;
        click(client, "[data-testid=declaration-submit]").await;
        assert!(text_of(client, "[data-testid=declaration-pending]").await.contains("杨梅"));
        keep_screenshot(client, "declaration-pending").await;

        let declared = off_runtime(|| {
            let mine: MyDeclarations = ctx.get_as(&token, "/api/me/producer-declarations").json().expect("mine");
            mine.declarations[0].id
        });
        let approved = off_runtime(|| {
            let path = format!("/api/markets/{FARMERS}/producer-declarations/{declared}/decision");
            post_as(ctx, &manager, &path, json!({ "approve": true })).status()
        });
        assert_eq!(approved, 200);
        client.refresh().await.expect("reload");
        element(client, "[data-testid=declaration-approved]", "approved").await;
        let button = format!("[data-testid=zone][data-session='{own_session}'] [data-stall='{}']", own_stall.id);
        click(client, &button).await;
        click(client, "[data-testid=book-stall]").await;
        assert!(text_of(client, "[data-testid=booked]").await.contains(&own_stall.number));

        client.goto(&format!("{base}stalls/{FARMERS}?date={next}")).await.expect("page opens");
        let button = format!("[data-testid=zone][data-session='{fair_session}'] [data-stall='{}']", fair_stall.id);
        click(client, &button).await;
        assert!(text_of(client, "[data-testid=confirm-fee]").await.contains('¥'));
        element(client, "[data-testid=waiver-group]", "the waiver choice")
            .await
            .select_by_value(TargetGroup::LowIncome.as_str())
            .await
            .expect("a group chosen");
        assert_eq!(text_of(client, "[data-testid=confirm-fee]").await, "免费");
        keep_screenshot(client, "stall-confirm-waived").await;
        click(client, "[data-testid=book-stall]").await;
        element(client, "[data-testid=booked]", "booked").await;
        client.goto(&format!("{base}me/stalls")).await.expect("page opens");
        assert!(text_of(client, "[data-testid=waived]").await.contains("低保"), "my stalls says why it is free");
        keep_screenshot(client, "my-stalls-waived").await;
        phone.client.clone().close().await.expect("session closes");
    });
    let held = mine(ctx, &token);
    let fair = held.iter().find(|b| b.stall == fair_stall.id).expect("the fair-price booking");
    assert_eq!((fair.fee_fen, fair.waived_for), (0, Some(TargetGroup::LowIncome)));
    assert!(held.iter().any(|b| b.stall == own_stall.id && b.status == BookingStatus::Booked));
}

fn anyone_re_runs_a_drawn_lottery_on_their_phone_and_sees_it_confirmed(ctx: &Ctx) {
    let manager = ctx.session(NIGHT_MANAGER).access_token;
    // Demo lottery 3 (lottery 1 is the desk's to draw on the screen).
    let drawn = post_as(ctx, &manager, &format!("/api/markets/{NIGHT}/lotteries/3/draw"), json!(null));
    assert_eq!(drawn.status(), 200, "the manager draws");
    let lottery: Lottery = drawn.json().expect("the lottery");
    assert!(lottery.seed.is_some());
    let url = ctx.server.url("/stalls/lotteries/3");
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        narrow(client).await;
        client.goto(&url).await.expect("page opens");
        assert_eq!(text_of(client, "[data-testid=commitment]").await, lottery.commitment);
        click(client, "[data-testid=rerun-draw]").await;
        let result = element(client, "[data-testid=rerun-result]", "the re-run").await;
        assert_eq!(result.attr("data-confirmed").await.expect("attr").as_deref(), Some("true"));
        assert!(text_of(client, "[data-testid=seed-check]").await.contains("一致"));
        assert!(text_of(client, "[data-testid=winners-check]").await.contains("一致"));
        assert!(!scrolls_sideways(client).await, "the hashes wrap on a 360 px phone");
        keep_screenshot(client, "lottery-rerun").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

fn a_market_s_day_fits_a_small_phone_in_english_and_in_large_text(ctx: &Ctx) {
    // The night market opens Friday to Sunday: the first of those days shown.
    let day = (0..7)
        .map(|ahead| add_days(today(), ahead))
        .find(|day| !market_day(ctx, NIGHT, *day).sessions.is_empty())
        .expect("a night within the week");
    let url = ctx.server.url(&format!("/stalls/{NIGHT}?date={day}"));
    let markets = ctx.server.url("/stalls");
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        narrow(client).await;
        client.goto(&markets).await.expect("page opens");
        element(client, "[data-testid=stall-market]", "a market").await;
        keep_screenshot(client, "stall-markets").await;
        client.goto(&url).await.expect("page opens");
        text_of(client, "[data-testid=market-name]").await;
        click(client, "[data-testid=lang-toggle]").await;
        assert!(text_of(client, "[data-testid=day-chips]").await.contains("Today"));
        click(client, "[data-testid=large-text-toggle]").await;
        assert!(!scrolls_sideways(client).await, "no sideways scrolling in English, large text, 360 px");
        keep_screenshot(client, "market-day-english-large").await;
        phone.client.clone().close().await.expect("session closes");
    });
}
