//! The market desk on a manager's phone: check-in by scanning a vendor's pass with the
//! camera, a no-show freeing a stall for a walk-in, a manager of another market told so,
//! stalls added in batches, producer declarations approved and refused, sessions and a
//! lottery opened, and the screen fitting a 360 px phone in Chinese, English and large text.

use crate::accounts::post_as;
use crate::browser::{click, element, keep_screenshot, open_signed_in, remember_session, run, text, type_into};
use crate::codes::qr::camera_video;
use crate::stalls::{
    NIGHT, all_day_session_today, book_a_free_stall, market_day, mine, session_starting_soon, today, vendor, wait_until,
};
use crate::{Ctx, NamedTest};
use fantoccini::Client;
use getima_domain::api::{Declaration, Lottery, MarketOccupancy, MyDeclarations};
use getima_domain::calendar::{Date, add_days};
use getima_domain::pages::{PREFS_COOKIE, Prefs};
use getima_domain::stalls::{BookingStatus, DeclarationStatus};
use getima_e2e::phone::{PHONE_UA, WECHAT_UA, cdp, phone_with, phone_with_camera};
use serde_json::json;

pub const TESTS: &[NamedTest] = &[
    (
        "market_desk::a_manager_checks_a_vendor_in_by_scanning_the_booking_qr_on_a_phone",
        a_manager_checks_a_vendor_in_by_scanning_the_booking_qr_on_a_phone,
    ),
    (
        "market_desk::inside_the_mini_program_wechat_s_scanner_reads_the_pass_and_the_desk_checks_it_in",
        inside_the_mini_program_wechat_s_scanner_reads_the_pass_and_the_desk_checks_it_in,
    ),
    (
        "market_desk::marking_a_no_show_frees_the_stall_and_a_walk_in_by_phone_takes_it",
        marking_a_no_show_frees_the_stall_and_a_walk_in_by_phone_takes_it,
    ),
    (
        "market_desk::the_manager_of_another_market_is_told_plainly_which_market_they_manage",
        the_manager_of_another_market_is_told_plainly_which_market_they_manage,
    ),
    (
        "market_desk::a_manager_draws_a_closed_lottery_is_told_every_bad_zone_rule_at_once_and_downloads_the_fees",
        a_manager_draws_a_closed_lottery_is_told_every_bad_zone_rule_at_once_and_downloads_the_fees,
    ),
    (
        "market_desk::the_desk_fits_a_360_px_phone_in_chinese_english_and_large_text",
        the_desk_fits_a_360_px_phone_in_chinese_english_and_large_text,
    ),
    (
        "market_desk::a_manager_adds_stalls_in_batches_on_the_phone_told_which_existed_and_what_is_wrong_beside_it",
        a_manager_adds_stalls_in_batches_on_the_phone_told_which_existed_and_what_is_wrong_beside_it,
    ),
    (
        "market_desk::a_manager_approves_one_producer_declaration_and_refuses_another_saying_why",
        a_manager_approves_one_producer_declaration_and_refuses_another_saying_why,
    ),
    (
        "market_desk::a_manager_opens_sessions_on_a_day_and_a_lottery_for_one_of_them",
        a_manager_opens_sessions_on_a_day_and_a_lottery_for_one_of_them,
    ),
    (
        "market_desk::a_manager_types_the_code_a_vendor_reads_off_their_pass_and_the_counts_add_up_to_the_stalls",
        a_manager_types_the_code_a_vendor_reads_off_their_pass_and_the_counts_add_up_to_the_stalls,
    ),
];

const NIGHT_MANAGER: &str = "13900000006";
pub(crate) const FARMERS_MANAGER: &str = "13900000005";

fn tokens(ctx: &Ctx, phone: &str) -> serde_json::Value {
    serde_json::to_value(ctx.session(phone)).expect("tokens")
}

/// Opens the night market's desk on the day of `session` (id, day) and picks it.
async fn open_session(client: &Client, base: &str, (id, day): (i64, Date)) {
    client.goto(&format!("{base}desk/markets/{NIGHT}?date={day}&session={id}")).await.expect("page opens");
    element(client, &format!("[data-testid=session-tab][data-session='{id}'][aria-pressed=true]"), "the session").await;
}

fn a_manager_checks_a_vendor_in_by_scanning_the_booking_qr_on_a_phone(ctx: &Ctx) {
    let manager = ctx.session(NIGHT_MANAGER).access_token;
    let soon = session_starting_soon(ctx, &manager, NIGHT, 120);
    let carol = vendor(ctx, "13655500500", 500);
    let booking = book_a_free_stall(ctx, &carol, (NIGHT, soon.day, soon.id), "普通夜市区", "market-desk-scan");
    let pass = ctx.get_as(&carol, &format!("/api/me/stall-bookings/{}/pass.svg", booking.id)).text().expect("svg");
    let video = camera_video(&pass);
    let (base, manager_tokens) = (ctx.server.url("/"), tokens(ctx, NIGHT_MANAGER));
    run(async || {
        let phone = phone_with_camera(PHONE_UA, &video).await;
        let client = &phone.client;
        remember_session(client, &base, Some(&manager_tokens)).await;
        open_session(client, &base, (soon.id, soon.day)).await;
        keep_screenshot(client, "market-desk-before-scan").await;
        click(client, "[data-testid=check-in-scan]").await;
        assert_eq!(text(client, "[data-testid=checked-in-stall]").await, booking.stall_number, "the stall, large");
        let said = text(client, "[data-testid=checked-in]").await;
        assert!(said.contains("已签到") && said.contains('*'), "checked in, the vendor masked: {said}");
        let state = format!("[data-testid=stall][data-number='{}'][data-state=CheckedIn]", booking.stall_number);
        element(client, &state, "the grid shows the stall checked in").await;
        keep_screenshot(client, "market-desk-checked-in").await;
        phone.client.clone().close().await.expect("session closes");
    });
    let status = mine(ctx, &carol).into_iter().find(|b| b.id == booking.id).expect("the booking").status;
    assert_eq!(status, BookingStatus::CheckedIn);
}

fn inside_the_mini_program_wechat_s_scanner_reads_the_pass_and_the_desk_checks_it_in(ctx: &Ctx) {
    let manager = ctx.session(NIGHT_MANAGER).access_token;
    let soon = session_starting_soon(ctx, &manager, NIGHT, 120);
    let session = soon.id;
    let dora = vendor(ctx, "13655500503", 503);
    let booking = book_a_free_stall(ctx, &dora, (NIGHT, soon.day, session), "普通夜市区", "market-desk-wechat");
    let (base, manager_tokens) = (ctx.server.url("/"), tokens(ctx, NIGHT_MANAGER));
    run(async || {
        let phone = phone_with(WECHAT_UA).await;
        let client = &phone.client;
        cdp(
            client,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": crate::codes::scanning::WECHAT_BRIDGE }),
        )
        .await;
        remember_session(client, &base, Some(&manager_tokens)).await;
        open_session(client, &base, (session, soon.day)).await;
        click(client, "[data-testid=check-in-scan]").await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let calls = loop {
            let calls = client.execute("return window.wechatCalls", vec![]).await.expect("calls");
            if calls.as_array().is_some_and(|c| !c.is_empty()) || std::time::Instant::now() > deadline {
                break calls;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        };
        assert_eq!(calls[0]["args"]["name"], "navigateTo", "{calls}");
        assert_eq!(
            calls[0]["args"]["arg"]["url"],
            format!("/pages/scan/scan?checkin={NIGHT}%2F{session}"),
            "WeChat's scanner, told the market and session: {calls}"
        );
        // What the scan page reopens once it has read the pass (tests/miniprogram checks it).
        let reopened =
            format!("{base}desk/markets/{NIGHT}?date={}&session={session}&scanned={}", soon.day, booking.pass);
        client.goto(&reopened).await.expect("page opens");
        let number = text(client, "[data-testid=checked-in-stall]").await;
        assert_eq!(number, booking.stall_number, "checked in, the stall large");
        let url = client.current_url().await.expect("url");
        assert!(url.query().is_none(), "a reload does not send it again: {url}");
        keep_screenshot(client, "market-desk-wechat-checked-in").await;
        phone.client.clone().close().await.expect("session closes");
    });
    let status = mine(ctx, &dora).into_iter().find(|b| b.id == booking.id).expect("the booking").status;
    assert_eq!(status, BookingStatus::CheckedIn);
}

fn marking_a_no_show_frees_the_stall_and_a_walk_in_by_phone_takes_it(ctx: &Ctx) {
    let manager = ctx.session(NIGHT_MANAGER).access_token;
    let soon = session_starting_soon(ctx, &manager, NIGHT, 120);
    let session = soon.id;
    let absent = vendor(ctx, "13655500501", 501);
    let walker = "13655500502";
    vendor(ctx, walker, 502);
    let booking = book_a_free_stall(ctx, &absent, (NIGHT, soon.day, session), "普通夜市区", "market-desk-noshow");
    // A no-show is marked once the session has started.
    wait_until(ctx, soon.starts_ms);
    let (base, manager_tokens) = (ctx.server.url("/"), tokens(ctx, NIGHT_MANAGER));
    let number = booking.stall_number.clone();
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        remember_session(client, &base, Some(&manager_tokens)).await;
        open_session(client, &base, (session, soon.day)).await;
        let button = |state: &str| format!("[data-testid=stall][data-number='{number}'][data-state={state}]");
        click(client, &button("Booked")).await;
        let facts = text(client, "[data-testid=stall-panel] [data-testid=booking]").await;
        assert!(facts.contains("已预约") && facts.contains('*'), "the booking, masked: {facts}");
        element(client, "[data-testid=stall-panel] [data-testid=stall-qr]", "the stall's printable code").await;
        keep_screenshot(client, "market-desk-stall-booked").await;
        click(client, "[data-testid=mark-no-show]").await;
        element(client, &button("FreedByNoShow"), "the stall freed by the no-show").await;
        type_into(client, "[data-testid=walk-in-phone]", walker).await;
        keep_screenshot(client, "market-desk-walk-in").await;
        click(client, "[data-testid=walk-in-submit]").await;
        element(client, &button("CheckedIn"), "the walk-in holds the stall, checked in").await;
        let facts = text(client, "[data-testid=stall-panel] [data-testid=booking]").await;
        assert!(facts.contains("已签到") && !facts.contains(walker), "the walk-in, masked: {facts}");
        phone.client.clone().close().await.expect("session closes");
    });
    let day: MarketOccupancy =
        ctx.get_as(&manager, &format!("/api/markets/{NIGHT}/occupancy/{}", soon.day)).json().expect("occupancy");
    let now =
        day.sessions.iter().find(|s| s.id == session).expect("session").stalls.iter().find(|s| s.id == booking.stall);
    let holder = now.and_then(|s| s.booking.clone()).expect("the stall is held");
    assert_eq!(holder.status, BookingStatus::CheckedIn);
    assert_ne!(holder.id, booking.id, "by the walk-in, not the absent vendor");
    let theirs = mine(ctx, &absent).into_iter().find(|b| b.id == booking.id).expect("the booking").status;
    assert_eq!(theirs, BookingStatus::NoShow);
}

fn the_manager_of_another_market_is_told_plainly_which_market_they_manage(ctx: &Ctx) {
    let (base, farmers) = (ctx.server.url("/"), tokens(ctx, FARMERS_MANAGER));
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        open_signed_in(client, &base, &farmers, &format!("desk/markets/{NIGHT}")).await;
        let said = text(client, "[data-testid=not-your-market]").await;
        assert!(said.contains("您不是这个市场的管理员") && said.contains("五马"), "{said}");
        element(client, "[data-testid=my-market][href='/desk/markets/1']", "a way to their own market").await;
        keep_screenshot(client, "market-desk-other-market").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

/// The demo lottery whose applications have closed, waiting for its draw.
const CLOSED_LOTTERY: i64 = 1;

fn a_manager_draws_a_closed_lottery_is_told_every_bad_zone_rule_at_once_and_downloads_the_fees(ctx: &Ctx) {
    let path = format!("/api/stall-lotteries/{CLOSED_LOTTERY}");
    let lottery: Lottery = ctx.get(&path).json().expect("the demo lottery");
    assert!(lottery.seed.is_none(), "not drawn yet");
    let zone = market_day(ctx, NIGHT, today(ctx)).zones.into_iter().find(|z| z.name == "普通夜市区").expect("zone").id;
    let (base, manager_tokens) = (ctx.server.url("/"), tokens(ctx, NIGHT_MANAGER));
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        open_signed_in(client, &base, &manager_tokens, &format!("desk/markets/{NIGHT}")).await;
        element(client, "[data-testid=counts]", "the day").await;
        let pick_day = "const day = document.querySelector('[data-testid=market-day]'); day.value = arguments[0];
                        day.dispatchEvent(new Event('change', { bubbles: true }));";
        client.execute(pick_day, vec![json!(lottery.day)]).await.expect("the lottery's day picked");
        click(client, "[data-testid=lotteries] summary").await;
        let row = format!("[data-testid=lottery][data-lottery='{CLOSED_LOTTERY}']");
        click(client, &format!("{row} [data-testid=lottery-draw]")).await;
        element(client, &format!("{row} [data-testid=lottery-drawn]"), "the lottery drawn").await;
        element(client, &format!("{row} a[href='/stalls/lotteries/{CLOSED_LOTTERY}']"), "its public page").await;
        keep_screenshot(client, "market-desk-lottery-drawn").await;

        click(client, "[data-testid=zone-rules] summary").await;
        for (field, typed) in [("window_days", "99"), ("per_session", "0")] {
            let input = element(client, &format!("#zone-{zone}-{field}"), "a rule").await;
            input.clear().await.expect("cleared");
            input.send_keys(typed).await.expect("typed");
        }
        click(client, "[data-testid=rules-form][data-zone='普通夜市区'] [data-testid=rules-submit]").await;
        let window = text(client, &format!("[data-testid='zone-{zone}-window_days-error']")).await;
        assert!(window.contains("0 到 60"), "said beside the field: {window}");
        let per_session = text(client, &format!("[data-testid='zone-{zone}-per_session-error']")).await;
        assert!(per_session.contains("1 到 5"), "every bad field at once: {per_session}");
        keep_screenshot(client, "market-desk-rules-refused").await;

        // The fees CSV needs the manager's token: it is fetched, then offered as a file.
        click(client, "[data-testid=fees] summary").await;
        click(client, "[data-testid=fees-submit]").await;
        let file = element(client, "[data-testid=fees-download]", "the fees file").await;
        let href = file.attr("href").await.expect("attribute").unwrap_or_default();
        assert!(href.starts_with("blob:"), "a file made on the phone: {href}");
        let name = file.attr("download").await.expect("attribute").unwrap_or_default();
        assert!(name.starts_with("fees-2-") && name.ends_with(".csv"), "{name}");
        phone.client.clone().close().await.expect("session closes");
    });
    let drawn: Lottery = ctx.get(&path).json().expect("the lottery");
    assert!(drawn.seed.is_some() && !drawn.winners.is_empty(), "drawn, seed revealed: {drawn:?}");
}

/// What sticks out past the phone's right edge, named by tag, class and id.
const WIDER_THAN_THE_PHONE: &str = "const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 0.5)
        .map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8);";

fn the_desk_fits_a_360_px_phone_in_chinese_english_and_large_text(ctx: &Ctx) {
    let manager = ctx.session(NIGHT_MANAGER).access_token;
    let all_day = (all_day_session_today(ctx, &manager), today(ctx));
    let (base, manager_tokens) = (ctx.server.url("/"), tokens(ctx, NIGHT_MANAGER));
    let looks = [
        ("zh", Prefs { english: false, large_text: false }),
        ("en", Prefs { english: true, large_text: false }),
        ("large", Prefs { english: false, large_text: true }),
    ];
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        remember_session(client, &base, Some(&manager_tokens)).await;
        let metrics = json!({ "width": 360, "height": 780, "deviceScaleFactor": 2, "mobile": true });
        cdp(client, "Emulation.setDeviceMetricsOverride", metrics).await;
        for (look, prefs) in looks {
            let cookie = format!("{PREFS_COOKIE}={}; path=/", prefs.value());
            client.execute(&format!("document.cookie = {cookie:?}"), vec![]).await.expect("cookie set");
            open_session(client, &base, all_day).await;
            element(client, "[data-testid=stall]", "the grid").await;
            keep_screenshot(client, &format!("market-desk-360-{look}")).await;
            click(client, "[data-testid=stall]").await;
            for section in ["add-stalls", "open-sessions", "zone-rules", "lotteries", "fees"] {
                click(client, &format!("[data-testid={section}] summary")).await;
            }
            let wider: serde_json::Value = client.execute(WIDER_THAN_THE_PHONE, vec![]).await.expect("widths");
            assert_eq!(wider, json!([]), "nothing wider than the phone in {look}");
            let small = crate::stalls::screens::small_targets(client).await;
            assert_eq!(small, Vec::<String>::new(), "every target big enough in {look}");
            client
                .execute("document.querySelector('[data-testid=stall-panel]').scrollIntoView()", vec![])
                .await
                .expect("scrolled");
            keep_screenshot(client, &format!("market-desk-360-{look}-panel")).await;
            for section in ["zone-rules", "lotteries"] {
                let scroll = format!("document.querySelector('[data-testid={section}]').scrollIntoView()");
                client.execute(&scroll, vec![]).await.expect("scrolled");
                keep_screenshot(client, &format!("market-desk-360-{look}-{section}")).await;
            }
        }
        phone.client.clone().close().await.expect("session closes");
    });
}

/// Sets a field the way a picker does (date and time pickers are not typed into), telling the
/// app as typing would.
async fn pick(client: &Client, css: &str, value: &str) {
    element(client, css, "a picker").await;
    let script = "const field = document.querySelector(arguments[0]); field.value = arguments[1];
                  field.dispatchEvent(new Event('input', { bubbles: true }));
                  field.dispatchEvent(new Event('change', { bubbles: true }));";
    client.execute(script, vec![json!(css), json!(value)]).await.expect("picked");
}

/// Brings what `css` selects to the middle of the screen, clear of the sticky top bar, as a
/// thumb would scroll before tapping it or reading it.
async fn centre(client: &Client, css: &str) {
    element(client, css, "something to scroll to").await;
    let script = "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' })";
    client.execute(script, vec![json!(css)]).await.expect("scrolled");
}

async fn tap(client: &Client, css: &str) {
    centre(client, css).await;
    click(client, css).await;
}

async fn retype(client: &Client, css: &str, typed: &str) {
    let field = element(client, css, "a field").await;
    field.clear().await.expect("cleared");
    field.send_keys(typed).await.expect("typed");
}

fn a_manager_adds_stalls_in_batches_on_the_phone_told_which_existed_and_what_is_wrong_beside_it(ctx: &Ctx) {
    const FARMERS: i64 = 1;
    // Numbers no demo zone or other test uses: the ordinary zone has C01 to C30.
    let zone = market_day(ctx, FARMERS, today(ctx)).zones.into_iter().find(|z| z.name == "普通区").expect("zone").id;
    let (base, manager_tokens) = (ctx.server.url("/"), tokens(ctx, FARMERS_MANAGER));
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        remember_session(client, &base, Some(&manager_tokens)).await;
        let metrics = json!({ "width": 360, "height": 780, "deviceScaleFactor": 2, "mobile": true });
        cdp(client, "Emulation.setDeviceMetricsOverride", metrics).await;
        client.goto(&format!("{base}desk/markets/{FARMERS}")).await.expect("page opens");
        element(client, "[data-testid=stall]", "the grid").await;
        click(client, "[data-testid=add-stalls] summary").await;

        // Too many at once and too dear: each said beside its field, nothing sent.
        let form = "[data-testid=add-stalls-form]";
        let zones = element(client, &format!("{form} #stalls-zone"), "the zone").await;
        zones.select_by_value(&zone.to_string()).await.expect("the ordinary zone");
        type_into(client, "#stalls-prefix", "d").await;
        for (field, typed) in [("count", "500"), ("size_m2", "4"), ("fee_fen", "12.345")] {
            type_into(client, &format!("#stalls-{field}"), typed).await;
        }
        tap(client, "[data-testid=stalls-submit]").await;
        let count = text(client, "[data-testid=stalls-count-error]").await;
        assert!(count.contains("1 到 100"), "said beside the count: {count}");
        let fee = text(client, "[data-testid=stalls-fee_fen-error]").await;
        assert!(fee.contains("请填写金额"), "and beside the fee, at once: {fee}");
        centre(client, "[data-testid=stalls-count-error]").await;
        keep_screenshot(client, "market-desk-stalls-refused").await;

        // D01 to D05, ¥25.50 a session, with power.
        retype(client, "#stalls-count", "5").await;
        retype(client, "#stalls-fee_fen", "25.5").await;
        tap(client, "[data-testid=stalls-amenity-power]").await;
        tap(client, "[data-testid=stalls-submit]").await;
        let added = text(client, "[data-testid=stalls-added]").await;
        assert!(added.contains("已添加：D01、D02、D03、D04、D05") && added.contains("未改动）：—"), "{added}");
        let on_grid = "[data-testid=zone-stalls][data-zone='普通区'] [data-testid=stall][data-number='D05']";
        element(client, on_grid, "the new stalls on the grid").await;
        centre(client, "[data-testid=stalls-added]").await;
        keep_screenshot(client, "market-desk-stalls-added").await;

        // D04 to D07: two new, two there already.
        retype(client, "#stalls-first", "4").await;
        retype(client, "#stalls-count", "4").await;
        tap(client, "[data-testid=stalls-submit]").await;
        let again = text_with(client, "[data-testid=stalls-added]", "D06").await;
        assert!(again.contains("已添加：D06、D07") && again.contains("未改动）：D04、D05"), "{again}");
        phone.client.clone().close().await.expect("session closes");
    });
    let day = market_day(ctx, FARMERS, today(ctx));
    let d01 = day.sessions[0].stalls.iter().find(|s| s.number == "D01").expect("D01 for vendors to book");
    assert_eq!((d01.zone, d01.fee_fen, d01.size_m2, d01.amenities.clone()), (zone, 2550, 4.0, vec!["power".into()]));
}

/// The text of what `css` selects once it says `words`: a form's answer replaces the last one.
async fn text_with(client: &Client, css: &str, words: &str) -> String {
    let deadline = std::time::Instant::now() + crate::browser::WAIT;
    loop {
        let said = text(client, css).await;
        if said.contains(words) || std::time::Instant::now() >= deadline {
            return said;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A vendor of its own, who declares what they grow at the farmers' market.
fn declared(ctx: &Ctx, phone: &str, n: u32, produce: &str) -> (String, Declaration) {
    let token = vendor(ctx, phone, n);
    let body = json!({ "idempotency_key": format!("market-desk-declare-{n:04}"), "market": 1, "produce": produce,
                       "origin": "瓯海区泽雅镇" });
    let response = post_as(ctx, &token, "/api/me/producer-declarations", body);
    assert_eq!(response.status(), 201, "{phone} declares");
    (token, response.json().expect("the declaration"))
}

fn a_manager_approves_one_producer_declaration_and_refuses_another_saying_why(ctx: &Ctx) {
    // Declarations of this test's own: the demo's are left to others.
    let (grower, bayberries) = declared(ctx, "13655500600", 600, "杨梅（桌面测试）");
    let (maker, noodles) = declared(ctx, "13655500601", 601, "索面（桌面测试）");
    let (base, manager_tokens) = (ctx.server.url("/"), tokens(ctx, FARMERS_MANAGER));
    let reason = "索面是从批发市场进的货，不是自己做的。";
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        remember_session(client, &base, Some(&manager_tokens)).await;
        let metrics = json!({ "width": 360, "height": 780, "deviceScaleFactor": 2, "mobile": true });
        cdp(client, "Emulation.setDeviceMetricsOverride", metrics).await;
        client.goto(&format!("{base}desk/markets/1")).await.expect("page opens");
        click(client, "[data-testid=declarations] summary").await;
        let row = |id: i64| format!("[data-testid=declaration][data-declaration='{id}']");
        let said = text(client, &row(bayberries.id)).await;
        assert!(said.contains("杨梅（桌面测试）") && said.contains("瓯海区泽雅镇"), "what and where: {said}");
        assert!(said.contains('*') && !said.contains("13655500600"), "the vendor masked: {said}");
        centre(client, &row(bayberries.id)).await;
        keep_screenshot(client, "market-desk-declarations").await;

        tap(client, &format!("{} [data-testid=declaration-approve]", row(bayberries.id))).await;
        let approved =
            text(client, &format!("{} [data-testid=declaration-status][data-status=approved]", row(bayberries.id)))
                .await;
        assert!(approved.contains("已通过") && approved.contains("有效期至"), "{approved}");

        // Refusing needs a reason, said beside its field.
        tap(client, &format!("{} [data-testid=declaration-refuse]", row(noodles.id))).await;
        let missing = text(client, &format!("[data-testid='declaration-{}-reason-error']", noodles.id)).await;
        assert!(missing.contains("请写明不通过的理由"), "{missing}");
        centre(client, &format!("#declaration-{}-reason", noodles.id)).await;
        keep_screenshot(client, "market-desk-declaration-no-reason").await;
        type_into(client, &format!("#declaration-{}-reason", noodles.id), reason).await;
        tap(client, &format!("{} [data-testid=declaration-refuse]", row(noodles.id))).await;
        let refused =
            text(client, &format!("{} [data-testid=declaration-status][data-status=rejected]", row(noodles.id))).await;
        assert!(refused.contains("未通过") && refused.contains(reason), "{refused}");
        centre(client, &row(noodles.id)).await;
        keep_screenshot(client, "market-desk-declarations-decided").await;

        // The longest words at the largest size still fit the phone.
        let prefs = Prefs { english: true, large_text: true };
        client
            .execute(&format!("document.cookie = {:?}", format!("{PREFS_COOKIE}={}; path=/", prefs.value())), vec![])
            .await
            .expect("cookie set");
        client.goto(&format!("{base}desk/markets/1")).await.expect("page opens");
        click(client, "[data-testid=declarations] summary").await;
        element(client, &format!("{} [data-status=approved]", row(bayberries.id)), "decided, after a reload").await;
        let wider: serde_json::Value = client.execute(WIDER_THAN_THE_PHONE, vec![]).await.expect("widths");
        assert_eq!(wider, json!([]), "nothing wider than the phone");
        client
            .execute("document.querySelector('[data-testid=declarations]').scrollIntoView()", vec![])
            .await
            .expect("scrolled");
        keep_screenshot(client, "market-desk-360-large-en-declarations").await;
        phone.client.clone().close().await.expect("session closes");
    });
    let mine = |token: &str| -> Declaration {
        let list: MyDeclarations = ctx.get_as(token, "/api/me/producer-declarations").json().expect("mine");
        list.declarations.into_iter().next().expect("the declaration")
    };
    assert_eq!(mine(&grower).status, DeclarationStatus::Approved);
    let refused = mine(&maker);
    assert_eq!((refused.status, refused.reason.as_deref()), (DeclarationStatus::Rejected, Some(reason)));
}

fn a_manager_opens_sessions_on_a_day_and_a_lottery_for_one_of_them(ctx: &Ctx) {
    // Far enough ahead that no demo session or other test is on it.
    let day = add_days(today(ctx), 50).to_string();
    let eve = format!("{}T20:00", add_days(today(ctx), 49));
    let (base, manager_tokens) = (ctx.server.url("/"), tokens(ctx, NIGHT_MANAGER));
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        remember_session(client, &base, Some(&manager_tokens)).await;
        let metrics = json!({ "width": 360, "height": 780, "deviceScaleFactor": 2, "mobile": true });
        cdp(client, "Emulation.setDeviceMetricsOverride", metrics).await;
        client.goto(&format!("{base}desk/markets/{NIGHT}")).await.expect("page opens");
        element(client, "[data-testid=counts]", "the day").await;
        pick(client, "[data-testid=market-day]", &day).await;
        element(client, "[data-testid=no-sessions]", "an empty day").await;

        click(client, "[data-testid=open-sessions] summary").await;
        pick(client, "#plan-from", &day).await;
        pick(client, "#plan-to", &day).await;
        for weekday in 1..=7 {
            click(client, &format!("[data-testid=plan-weekday-{weekday}]")).await;
        }
        pick(client, "#plan-starts", "08:00").await;
        pick(client, "#plan-ends", "12:00").await;
        click(client, "[data-testid=plan-submit]").await;
        let created = text(client, "[data-testid=sessions-created]").await;
        assert!(created.contains(&format!("新开设：{day}")), "{created}");
        element(client, "[data-testid=session-tab][data-starts='08:00']", "the day's new session").await;
        keep_screenshot(client, "market-desk-sessions-opened").await;

        click(client, "[data-testid=lotteries] summary").await;
        let lottery_zone = element(client, "#lottery-zone", "the zone").await;
        lottery_zone.select_by_value("4").await.expect("the common-prosperity zone");
        element(client, "#lottery-session", "the session").await.select_by_index(1).await.expect("the session");
        pick(client, "#lottery-cutoff", &eve).await;
        click(client, "[data-testid=lottery-submit]").await;
        let opened = text(client, "[data-testid=lottery-opened]").await;
        assert!(opened.contains("已开设并公布种子的哈希"), "{opened}");
        let listed = text(client, "[data-testid=lottery-list] [data-testid=lottery]").await;
        assert!(listed.contains("共富摊位区 · 08:00") && listed.contains(&eve.replace('T', " ")), "{listed}");
        keep_screenshot(client, "market-desk-lottery-opened").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

fn a_manager_types_the_code_a_vendor_reads_off_their_pass_and_the_counts_add_up_to_the_stalls(ctx: &Ctx) {
    let manager = ctx.session(NIGHT_MANAGER).access_token;
    let soon = session_starting_soon(ctx, &manager, NIGHT, 120);
    let seller = crate::stalls::screens::vendor_session(ctx, "13655500803", 803);
    let booking =
        book_a_free_stall(ctx, &seller.access_token, (NIGHT, soon.day, soon.id), "普通夜市区", "market-desk-typed");
    let (base, vendor_tokens) = (ctx.server.url("/"), serde_json::to_value(&seller).expect("tokens"));
    let manager_tokens = tokens(ctx, NIGHT_MANAGER);
    run(async || {
        // The vendor's phone: the pass, and under it the code to read out.
        let vendor_phone = phone_with(PHONE_UA).await;
        let client = &vendor_phone.client;
        crate::stalls::screens::narrow(client).await;
        open_signed_in(client, &base, &vendor_tokens, "me/stalls").await;
        let code = text(client, &format!("[data-booking='{}'] [data-testid=pass-code]", booking.id)).await;
        assert_eq!(code, booking.code);
        vendor_phone.client.clone().close().await.expect("session closes");

        // The manager's phone: the day's counts add up, and the code typed key by key checks in.
        let manager_phone = phone_with(PHONE_UA).await;
        let client = &manager_phone.client;
        crate::stalls::screens::narrow(client).await;
        remember_session(client, &base, Some(&manager_tokens)).await;
        open_session(client, &base, (soon.id, soon.day)).await;
        let adds_up = async || {
            let total = text(client, "[data-testid=count-total]").await;
            let counts = ["count-booked", "count-checked-in", "count-no-show", "count-free"];
            let mut sum = 0;
            for count in counts {
                sum += text(client, &format!("[data-testid={count}]")).await.parse::<usize>().expect("a count");
            }
            assert_eq!(total, format!("共 {sum} 个摊位："), "the counts add up to the stalls");
        };
        adds_up().await;
        type_into(client, "[data-testid=pass]", &code.to_lowercase()).await;
        click(client, "[data-testid=pass-submit]").await;
        assert_eq!(text(client, "[data-testid=checked-in-stall]").await, booking.stall_number, "checked in");
        let state = format!("[data-testid=stall][data-number='{}'][data-state=CheckedIn]", booking.stall_number);
        element(client, &state, "the grid shows it checked in").await;
        adds_up().await;
        keep_screenshot(client, "market-desk-typed-code").await;
        manager_phone.client.clone().close().await.expect("session closes");
    });
    let status = mine(ctx, &seller.access_token).into_iter().find(|b| b.id == booking.id).expect("booking").status;
    assert_eq!(status, BookingStatus::CheckedIn);
}
