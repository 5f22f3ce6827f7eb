//! The vendor's stall screens on a small phone: a market's day, booking a free stall, the pass
//! in My stalls (a QR the manager's scan reads), cancelling; a lottery re-run on the phone; and
//! the screens in English and in large text without sideways scrolling.

use crate::accounts::post_as;
use crate::browser::{
    click, element, keep_screenshot, off_runtime, open_signed_in, remember_session, run, text as text_of, type_into,
};
use crate::stalls::{NIGHT, market_day, mine, today};
use crate::{Ctx, NamedTest};
use fantoccini::Client;
use getima_domain::accounts::Role;
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
    (
        "stall_screens::tapping_a_stall_far_down_the_day_opens_a_sheet_in_view_with_focus_in_it_that_says_how_to_pay_and_closes",
        tapping_a_stall_far_down_the_day_opens_a_sheet_in_view_with_focus_in_it_that_says_how_to_pay_and_closes,
    ),
    (
        "stall_screens::an_own_produce_stall_says_a_declaration_is_needed_before_it_is_tapped_and_leads_to_the_declaration",
        an_own_produce_stall_says_a_declaration_is_needed_before_it_is_tapped_and_leads_to_the_declaration,
    ),
    (
        "stall_screens::a_vendor_sees_a_started_session_closed_for_booking_and_no_cancel_once_its_deadline_has_passed",
        a_vendor_sees_a_started_session_closed_for_booking_and_no_cancel_once_its_deadline_has_passed,
    ),
    (
        "stall_screens::a_new_person_finds_stall_booking_from_home_and_me_and_registering_says_what_next_in_view",
        a_new_person_finds_stall_booking_from_home_and_me_and_registering_says_what_next_in_view,
    ),
];

const FARMERS: i64 = 1;
const NIGHT_MANAGER: &str = "13900000006";

/// A new vendor's full session, as the phone keeps it: signed in with `phone`, registered as a
/// vendor, and holding the "me" that says so.
pub(crate) fn vendor_session(ctx: &Ctx, phone: &str, n: u32) -> SessionTokens {
    let mut tokens = ctx.sign_in(phone);
    let id_number = getima_domain::id_number::complete(&format!("33030219800101{:03}", n % 1000)).expect("an ID");
    let body = json!({ "name": format!("摊主{n}"), "id_number": id_number });
    let registered = post_as(ctx, &tokens.access_token, "/api/me/vendor", body);
    assert_eq!(registered.status(), 200, "{phone} registers as a vendor");
    tokens.me = ctx.get_as(&tokens.access_token, "/api/me").json::<Me>().expect("me");
    tokens
}

/// The smallest phone the screens are made for.
pub(crate) async fn narrow(client: &Client) {
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
    let day = add_days(today(ctx), 5);
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
        open_signed_in(client, &base, &tokens, &format!("stalls/{FARMERS}?date={day}")).await;
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
    let read = crate::codes::qr::decode(&svg);
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
    let (day, next) = (add_days(today(ctx), 6), add_days(today(ctx), 7));
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
    let manager = ctx.session(crate::stalls::rules::FARMERS_MANAGER).access_token;
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        narrow(client).await;
        open_signed_in(client, &base, &tokens, &format!("stalls/{FARMERS}?date={day}")).await;
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
    // Tomorrow morning at the farmers' market, as the demo vendor sees it (approved to sell
    // own produce there, whose stalls cost nothing).
    let day = add_days(today(ctx), 1);
    let vendor = serde_json::to_value(ctx.session(crate::accounts::phone(Role::Vendor, None))).expect("tokens");
    let own = "[data-testid=zone][data-zone='自产自销区']";
    let (markets, url, base) =
        (ctx.server.url("/stalls"), ctx.server.url(&format!("/stalls/{FARMERS}?date={day}")), ctx.server.url("/"));
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        narrow(client).await;
        remember_session(client, &base, Some(&vendor)).await;
        client.goto(&markets).await.expect("page opens");
        element(client, "[data-testid=stall-market]", "a market").await;
        keep_screenshot(client, "stall-markets").await;
        client.goto(&url).await.expect("page opens");
        element(client, &format!("{own} [data-testid=stall][data-slot=Free]"), "a free own-produce stall").await;
        assert_eq!(small_targets(client).await, Vec::<String>::new(), "every target big enough, in Chinese");
        keep_screenshot(client, "market-day-chinese").await;

        click(client, "[data-testid=lang-toggle]").await;
        assert!(text_of(client, "[data-testid=day-chips]").await.contains("Today"));
        let stall = text_of(client, &format!("{own} [data-testid=stall][data-slot=Free]")).await;
        assert!(stall.contains("No fee") && stall.contains("Available") && !stall.contains("Free"), "{stall}");
        click(client, &format!("{own} .zone__rules summary")).await;
        let rules = text_of(client, &format!("{own} .zone__rules")).await;
        assert!(rules.contains("At most 1 stall a person each session, 3 sessions a week"), "{rules}");
        assert!(!rules.contains("(s)"), "singular and plural, not stall(s): {rules}");
        assert_eq!(small_targets(client).await, Vec::<String>::new(), "every target big enough, in English");
        keep_screenshot(client, "market-day-english").await;
        click(client, &format!("{own} [data-testid=stall][data-slot=Free]")).await;
        assert!(on_screen(client, "[data-testid=stall-confirm]").await);
        assert!(text_of(client, "[data-testid=confirm-payment]").await.contains("No stall fee"));
        assert_eq!(small_targets(client).await, Vec::<String>::new(), "in the sheet too");
        keep_screenshot(client, "stall-sheet-english").await;
        click(client, "[data-testid=sheet-close]").await;

        click(client, "[data-testid=large-text-toggle]").await;
        assert!(!scrolls_sideways(client).await, "no sideways scrolling in English, large text, 360 px");
        assert_eq!(small_text(client).await, Vec::<String>::new(), "large text reaches every text");
        assert_eq!(small_targets(client).await, Vec::<String>::new(), "and every target stays big enough");
        keep_screenshot(client, "market-day-english-large").await;
        click(client, &format!("{own} [data-testid=stall][data-slot=Free]")).await;
        assert!(on_screen(client, "[data-testid=stall-confirm]").await, "the sheet on screen in large text");
        assert_eq!(small_text(client).await, Vec::<String>::new(), "large text in the sheet");
        keep_screenshot(client, "stall-sheet-english-large").await;
        client.goto(&format!("{base}me/stalls")).await.expect("page opens");
        element(client, "[data-testid=to-stalls]", "my stalls").await;
        assert_eq!(small_text(client).await, Vec::<String>::new(), "large text on my stalls");
        assert_eq!(small_targets(client).await, Vec::<String>::new(), "targets on my stalls");
        assert!(!scrolls_sideways(client).await);
        keep_screenshot(client, "my-stalls-english-large").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

/// Whether what `css` selects is wholly on screen, below the sticky top bar and above the
/// bottom edge: what a person sees without scrolling.
pub(crate) async fn on_screen(client: &Client, css: &str) -> bool {
    element(client, css, "something that should be on screen").await;
    let script = "const r = document.querySelector(arguments[0]).getBoundingClientRect();
                  const bar = document.querySelector('.bar');
                  const top = bar && getComputedStyle(bar).position === 'sticky' ? bar.getBoundingClientRect().bottom : 0;
                  return r.height > 0 && r.top >= top - 1 && r.bottom <= window.innerHeight + 1;";
    client.execute(script, vec![json!(css)]).await.expect("a rectangle") == json!(true)
}

/// Whether focus is inside what `css` selects.
async fn focus_inside(client: &Client, css: &str) -> bool {
    let script =
        "const box = document.querySelector(arguments[0]); return !!box && box.contains(document.activeElement);";
    // Focus moves in on the frame after the element is drawn: wait for it as for any element.
    let deadline = std::time::Instant::now() + crate::browser::WAIT;
    loop {
        let inside = client.execute(script, vec![json!(css)]).await.expect("focus") == json!(true);
        if inside || std::time::Instant::now() >= deadline {
            return inside;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Targets of the page's own too small for a thumb (the top bar is the shared chrome's, with
/// tests of its own): anything tappable under 24 px either way, and primary actions under
/// 44 px high (WCAG 2.2 target size, and the team's rule for primary actions).
pub(crate) async fn small_targets(client: &Client) -> Vec<String> {
    let script = "return [...document.querySelectorAll('a[href], button, select, input, summary, [role=button]')]
        .filter(e => !e.closest('.bar'))
        .filter(e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed')
        .filter(e => e.type !== 'checkbox' && e.type !== 'radio' && e.type !== 'hidden')
        .map(e => [e, e.getBoundingClientRect()])
        .filter(([e, r]) => r.width > 0 && (r.width < 24 || r.height < 24
            || (e.matches('.weui-btn_primary, .scan, [type=submit]') && r.height < 44)))
        .map(([e, r]) => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 20)
            + ' ' + Math.round(r.width) + '×' + Math.round(r.height));";
    let found = client.execute(script, vec![]).await.expect("targets");
    found.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect()).unwrap_or_default()
}

/// Text that large-text mode left small: any element showing text of its own under 17 px.
pub(crate) async fn small_text(client: &Client) -> Vec<String> {
    let script = "return [...document.querySelectorAll('main *, .sheet *')]
        .filter(e => e.offsetParent !== null && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        .filter(e => parseFloat(getComputedStyle(e).fontSize) < 17)
        .map(e => e.tagName + '.' + e.className + ' \"' + e.textContent.trim().slice(0, 20) + '\" '
            + getComputedStyle(e).fontSize).slice(0, 10);";
    let found = client.execute(script, vec![]).await.expect("sizes");
    found.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect()).unwrap_or_default()
}

fn tapping_a_stall_far_down_the_day_opens_a_sheet_in_view_with_focus_in_it_that_says_how_to_pay_and_closes(ctx: &Ctx) {
    let tokens = vendor_session(ctx, "13655500804", 804);
    // A day with two sessions: the market's morning and an afternoon one of this test's.
    let day = add_days(today(ctx), 3);
    let manager = ctx.session(crate::stalls::rules::FARMERS_MANAGER).access_token;
    let plan = json!({ "from": day.to_string(), "to": day.to_string(), "weekdays": [day.weekday().number_from_monday()],
                       "starts": "14:10", "ends": "17:00" });
    assert_eq!(post_as(ctx, &manager, &format!("/api/markets/{FARMERS}/sessions"), plan).status(), 201);
    let grid = market_day(ctx, FARMERS, day);
    let zone = grid.zones.iter().find(|z| z.name == "普通区").expect("the ordinary zone").id;
    let morning = grid.sessions.iter().find(|s| s.starts == "06:00").expect("the morning");
    let afternoon = grid.sessions.iter().find(|s| s.starts == "14:10").expect("the afternoon").id;
    // One of the zone's own ¥30 stalls: the market desk's test adds stalls at another fee to
    // this zone while this one runs.
    let stall = morning
        .stalls
        .iter()
        .rev()
        .find(|s| s.zone == zone && s.free && s.fee_fen == 3000)
        .expect("a free stall")
        .clone();
    let (morning, base) = (morning.id, ctx.server.url("/"));
    let tokens = serde_json::to_value(&tokens).expect("tokens");
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        narrow(client).await;
        open_signed_in(client, &base, &tokens, &format!("stalls/{FARMERS}?date={day}")).await;
        // One session at a time, its zones a tap away.
        element(
            client,
            &format!("[data-testid=session-tab][data-session='{morning}'][aria-pressed=true]"),
            "the morning",
        )
        .await;
        click(client, &format!("[data-testid=session-tab][data-session='{afternoon}']")).await;
        element(client, &format!("[data-testid=zone][data-session='{afternoon}']"), "the afternoon's zones").await;
        assert!(!on_screen_exists(client, &format!("[data-testid=zone][data-session='{morning}']")).await);
        click(client, &format!("[data-testid=session-tab][data-session='{morning}']")).await;
        click(client, "[data-testid=zone-link][data-zone='普通区']").await;
        assert!(on_screen(client, &format!("#zone-{zone} h2")).await, "the ordinary zone's heading is on screen");
        keep_screenshot(client, "market-day-jumped-to-zone").await;

        // Its last free stall, low on the screen: the sheet opens where the thumb is.
        let button = format!("[data-testid=zone][data-session='{morning}'] [data-stall='{}']", stall.id);
        let scroll = "document.querySelector(arguments[0]).scrollIntoView({ block: 'end' })";
        client.execute(scroll, vec![json!(button)]).await.expect("scrolled to the stall");
        click(client, &button).await;
        assert!(on_screen(client, "[data-testid=stall-confirm]").await, "the sheet is on screen");
        assert!(focus_inside(client, "[data-testid=stall-confirm]").await, "focus moved into it");
        let above = "const stall = document.querySelector(arguments[0]).getBoundingClientRect();
                     const sheet = document.querySelector('[data-testid=stall-confirm]').getBoundingClientRect();
                     return stall.top >= 0 && stall.bottom <= sheet.top;";
        let seen = client.execute(above, vec![json!(button)]).await.expect("rectangles");
        assert_eq!(seen, json!(true), "the stall tapped stays in sight above the sheet");
        let said = text_of(client, "[data-testid=stall-confirm]").await;
        assert!(said.contains("预约这个摊位？") && said.contains(&stall.number), "{said}");
        let paying = text_of(client, "[data-testid=confirm-payment]").await;
        assert_eq!(paying, "到场签到时向管理员缴纳 ¥30，现金或扫码", "how the fee is paid");
        keep_screenshot(client, "stall-sheet").await;
        click(client, "[data-testid=sheet-close]").await;
        gone(client, "[data-testid=stall-confirm]").await;
        click(client, &button).await;
        element(client, "#sheet-title", "the sheet again").await;
        assert!(focus_inside(client, "[data-testid=stall-confirm]").await, "focus moved into it again");
        client.active_element().await.expect("focus").send_keys("\u{e00c}").await.expect("Escape");
        gone(client, "[data-testid=stall-confirm]").await;

        click(client, &button).await;
        click(client, "[data-testid=book-stall]").await;
        assert!(on_screen(client, "[data-testid=booked]").await, "booked, said where the eye is");
        let booked = text_of(client, "[data-testid=booked]").await;
        assert!(booked.contains(&stall.number) && booked.contains("缴纳 ¥30"), "{booked}");
        assert!(on_screen(client, "[data-testid=to-pass]").await, "and the way to the pass");
        keep_screenshot(client, "stall-sheet-booked").await;
        click(client, "[data-testid=to-pass]").await;
        let pay = text_of(client, "[data-testid=booking] [data-testid=how-to-pay]").await;
        assert_eq!(pay, "到场签到时向管理员缴纳 ¥30，现金或扫码", "My stalls says how to pay too");
        phone.client.clone().close().await.expect("session closes");
    });
}

/// Whether anything matches `css` now.
async fn on_screen_exists(client: &Client, css: &str) -> bool {
    client.execute("return !!document.querySelector(arguments[0])", vec![json!(css)]).await.expect("a look")
        == json!(true)
}

/// Waits until nothing matches `css`.
async fn gone(client: &Client, css: &str) {
    let deadline = std::time::Instant::now() + crate::browser::WAIT;
    while on_screen_exists(client, css).await {
        assert!(std::time::Instant::now() < deadline, "{css} is still there");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

fn an_own_produce_stall_says_a_declaration_is_needed_before_it_is_tapped_and_leads_to_the_declaration(ctx: &Ctx) {
    let tokens = vendor_session(ctx, "13655500807", 807);
    let day = add_days(today(ctx), 2);
    let grid = market_day(ctx, FARMERS, day);
    let session = grid.sessions.first().expect("the morning").id;
    let base = ctx.server.url("/");
    let tokens = serde_json::to_value(&tokens).expect("tokens");
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        narrow(client).await;
        open_signed_in(client, &base, &tokens, &format!("stalls/{FARMERS}?date={day}")).await;
        let stalls =
            format!("[data-testid=zone][data-session='{session}'][data-zone='自产自销区'] [data-testid=stall]");
        element(client, &format!("{stalls}[data-slot=NeedsDeclaration]"), "own-produce stalls marked").await;
        let first = text_of(client, &stalls).await;
        assert!(first.contains("需声明") && !first.contains("空闲"), "before any tap: {first}");
        assert!(text_of(client, "[data-testid=needs-declaration]").await.contains("自产自销声明"));
        keep_screenshot(client, "own-produce-needs-declaration").await;
        click(client, &format!("{stalls}[data-slot=NeedsDeclaration]")).await;
        assert!(on_screen(client, "[data-testid=declaration-first]").await);
        let offered = on_screen_exists(client, "[data-testid=stall-confirm] [data-testid=book-stall]").await;
        assert!(!offered, "no booking offered for an own-produce stall without a declaration");
        keep_screenshot(client, "own-produce-sheet").await;
        click(client, "[data-testid=to-declaration]").await;
        assert!(on_screen(client, "#declaration-title").await, "the declaration card is on screen");
        assert!(focus_inside(client, "[data-testid=declaration]").await);
        type_into(client, "[data-testid=declare-produce]", "瓯柑").await;
        type_into(client, "[data-testid=declare-origin]", "瓯海区泽雅镇").await;
        click(client, "[data-testid=declaration-submit]").await;
        assert!(text_of(client, "[data-testid=declaration-pending]").await.contains("瓯柑"));
        phone.client.clone().close().await.expect("session closes");
    });
}

fn a_vendor_sees_a_started_session_closed_for_booking_and_no_cancel_once_its_deadline_has_passed(ctx: &Ctx) {
    let manager = ctx.session(NIGHT_MANAGER).access_token;
    // Today's all-day session began at midnight; the next starts in a minute or two, so the
    // two hours before it in which a booking may still be cancelled are over, at any hour.
    let all_day = crate::stalls::all_day_session_today(ctx, &manager);
    let soon = crate::stalls::session_starting_soon(ctx, &manager, NIGHT, 120);
    let tokens = vendor_session(ctx, "13655500805", 805);
    let booking = crate::stalls::book_a_free_stall(
        ctx,
        &tokens.access_token,
        (NIGHT, soon.day, soon.id),
        "普通夜市区",
        "stall-screens-late",
    );
    assert!(!booking.cancellable);
    let (base, today) = (ctx.server.url("/"), today(ctx));
    let tokens = serde_json::to_value(&tokens).expect("tokens");
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        narrow(client).await;
        open_signed_in(client, &base, &tokens, &format!("stalls/{NIGHT}?date={today}")).await;
        let tab = format!("[data-testid=session-tab][data-session='{all_day}']");
        if on_screen_exists(client, "[data-testid=session-tab]").await {
            click(client, &tab).await;
        }
        let zone = format!("[data-testid=zone][data-session='{all_day}'][data-zone='普通夜市区']");
        let opening = text_of(client, &format!("{zone} [data-testid=zone-opening]")).await;
        assert_eq!(opening, format!("已于 {today} 00:00 截止预约"), "said for the zone");
        let stall =
            element(client, &format!("{zone} [data-testid=stall][data-free=true]"), "a stall nobody holds").await;
        assert_eq!(stall.attr("data-slot").await.expect("attr").as_deref(), Some("Closed"));
        assert!(stall.text().await.expect("text").contains("不可约"), "not offered as free");
        assert!(!stall.is_enabled().await.expect("enabled"), "and cannot be tapped to book");
        keep_screenshot(client, "market-day-session-started").await;

        client.goto(&format!("{base}me/stalls")).await.expect("page opens");
        let card = format!("[data-testid=booking][data-booking='{}']", booking.id);
        let closed = text_of(client, &format!("{card} [data-testid=cancel-closed]")).await;
        assert!(closed.contains(&booking.cancel_until) && closed.contains("取消时限已过"), "{closed}");
        assert!(!on_screen_exists(client, &format!("{card} [data-testid=cancel-booking]")).await, "no 取消预约");
        let window = text_of(client, &format!("{card} [data-testid=check-in-window]")).await;
        let until = booking.check_in_until.strip_prefix(&format!("{} ", soon.day)).unwrap_or(&booking.check_in_until);
        assert!(window.contains(&booking.check_in_from) && window.contains(until), "{window}");
        assert_eq!(text_of(client, &format!("{card} [data-testid=pass-code]")).await, booking.code);
        let scroll = "document.querySelector(arguments[0]).scrollIntoView()";
        client.execute(scroll, vec![json!(card)]).await.expect("scrolled");
        keep_screenshot(client, "my-stalls-past-cancel-deadline").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

fn a_new_person_finds_stall_booking_from_home_and_me_and_registering_says_what_next_in_view(ctx: &Ctx) {
    // Signed in, never registered as a vendor.
    let mut tokens = ctx.sign_in("13655500806");
    tokens.me = ctx.get_as(&tokens.access_token, "/api/me").json::<Me>().expect("me");
    let id_number = getima_domain::id_number::complete("33030219800101806").expect("an ID");
    let day = add_days(today(ctx), 4);
    let base = ctx.server.url("/");
    let tokens = serde_json::to_value(&tokens).expect("tokens");
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        narrow(client).await;
        remember_session(client, &base, Some(&tokens)).await;
        client.goto(&base).await.expect("page opens");
        assert!(
            on_screen(client, "[data-testid=to-stall-booking]").await,
            "stall booking is on the home page's first screen"
        );
        keep_screenshot(client, "home-with-stall-booking").await;
        click(client, "[data-testid=to-stall-booking]").await;
        element(client, "[data-testid=stall-market]", "the markets").await;
        client.goto(&format!("{base}me")).await.expect("page opens");
        let link = element(client, "[data-testid=my-services] [data-testid=to-stalls]", "我的 links to it").await;
        assert_eq!(link.attr("href").await.expect("attr").as_deref(), Some("/stalls"));

        // A stall tapped says to register first, and leads to the form, on screen.
        client.goto(&format!("{base}stalls/{FARMERS}?date={day}")).await.expect("page opens");
        click(client, "[data-testid=zone][data-zone='普通区'] [data-testid=stall][data-slot=Free]").await;
        click(client, "[data-testid=become-vendor]").await;
        element(client, "#vendor-name", "the vendor form").await;
        assert!(on_screen(client, "#vendor-name").await, "the form is on screen");
        let focused = client.execute("return document.activeElement.id", vec![]).await.expect("focus");
        assert_eq!(focused, json!("vendor-name"), "ready to type");
        type_into(client, "#vendor-name", "林小梅").await;
        type_into(client, "#vendor-id", &id_number).await;
        click(client, "[data-testid=vendor-submit]").await;
        element(client, "[data-testid=vendor-registered]", "it worked").await;
        assert!(on_screen(client, "[data-testid=vendor-registered]").await, "said on screen, not above it");
        assert!(on_screen(client, "[data-testid=registered-to-stalls]").await, "with where to go next");
        keep_screenshot(client, "me-registered-as-vendor").await;
        click(client, "[data-testid=registered-to-stalls]").await;
        element(client, "[data-testid=stall-market]", "the markets").await;
        phone.client.clone().close().await.expect("session closes");
    });
}
