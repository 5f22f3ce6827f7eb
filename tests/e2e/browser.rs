//! The real app in headless Chromium at phone size (390×844), driven over WebDriver.

use crate::{Ctx, NamedTest};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use getima_domain::accounts::Role;
use getima_domain::api::DemoCase;
use getima_e2e::SendThroughDevProxy;
pub(crate) use getima_e2e::phone::remember_session;
use getima_e2e::phone::{PHONE_UA, Phone, WECHAT_BROWSER_UA, WECHAT_UA, phone_with, stored_session};
use getima_e2e::repo_root;
use std::time::{Duration, Instant};

pub const TESTS: &[NamedTest] = &[
    ("browser::phone_sees_the_shop_name_for_a_valid_code", phone_sees_the_shop_name_for_a_valid_code),
    ("browser::phone_sees_the_red_page_for_a_forged_code", phone_sees_the_red_page_for_a_forged_code),
    ("browser::language_and_large_text_toggles_work", language_and_large_text_toggles_work),
    ("browser::wechat_web_view_gets_the_save_option_not_print", wechat_web_view_gets_the_save_option_not_print),
    ("browser::staff_sign_in_on_a_phone_record_an_inspection_and_sign_out", staff_sign_in_record_inspection_sign_out),
    ("browser::owner_gets_services_only_on_their_own_code", owner_gets_services_only_on_their_own_code),
    (
        "browser::expired_sessions_refresh_quietly_and_ended_ones_ask_to_sign_in",
        expired_sessions_refresh_or_ask_to_sign_in,
    ),
    (
        "browser::admins_keep_the_calendar_and_others_are_told_what_account_a_page_needs",
        admins_keep_the_calendar_and_others_are_told_what_account_a_page_needs,
    ),
    (
        "browser::suspended_and_deregistered_shops_never_look_like_trading_ones",
        suspended_and_deregistered_shops_never_look_like_trading_ones,
    ),
    (
        "browser::an_expired_permit_puts_the_payment_code_behind_a_warning",
        an_expired_permit_puts_the_payment_code_behind_a_warning,
    ),
    ("browser::a_short_code_typed_on_the_home_page_opens_the_shop", a_short_code_typed_on_the_home_page_opens_the_shop),
    (
        "browser::the_app_takes_over_the_rendered_page_without_asking_for_the_profile_again",
        the_app_takes_over_the_rendered_page_without_asking_again,
    ),
    (
        "browser::signing_in_never_leads_to_another_origin_whatever_next_says",
        signing_in_never_leads_to_another_origin_whatever_next_says,
    ),
    (
        "browser::a_wechat_login_code_signs_in_only_inside_the_mini_program_and_never_over_a_session",
        a_wechat_login_code_signs_in_only_inside_the_mini_program_and_never_over_a_session,
    ),
    (
        "browser::a_phone_behind_a_busy_carrier_address_is_checked_not_refused_and_signs_in",
        a_phone_behind_a_busy_carrier_address_is_checked_not_refused_and_signs_in,
    ),
    (
        "browser::back_goes_home_from_a_first_page_and_signing_in_from_the_header_comes_back",
        back_goes_home_from_a_first_page_and_signing_in_from_the_header_comes_back,
    ),
];

pub(crate) const WAIT: Duration = Duration::from_secs(30);

async fn phone(user_agent: &str) -> Phone {
    phone_with(user_agent).await
}

pub(crate) fn run(test: impl AsyncFnOnce() -> ()) {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(test());
}

/// The element `css` selects, once it shows (within [`WAIT`]); `what` names it when it does not.
/// Every page is a full load, so a look that a navigation interrupts is simply made again.
/// It is looked for once the page's bundle has taken over (`html[data-ready]`): what the
/// Worker drew before is replaced whole, and an element found in it would go stale.
pub(crate) async fn element(client: &Client, css: &str, what: &str) -> Element {
    let deadline = Instant::now() + WAIT;
    loop {
        let ready = client.wait().at_most(WAIT).for_element(Locator::Css("html[data-ready]")).await;
        let found = match ready {
            Ok(_) => client.wait().at_most(WAIT).for_element(Locator::Css(css)).await,
            Err(e) => Err(e),
        };
        match found {
            Ok(element) => return element,
            Err(e) if Instant::now() < deadline && e.to_string().contains("navigation") => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Err(e) => panic!("{what} ({css}): {e}\n{}", what_the_screen_shows(client, css).await),
        }
    }
}

/// What the phone shows when a look fails, so a failed run says it without a rerun: the
/// address and the visible text, and a screenshot in target/e2e-screens/failed/.
async fn what_the_screen_shows(client: &Client, css: &str) -> String {
    let url = client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
    let shown = client.execute("return document.body ? document.body.innerText : ''", vec![]).await;
    let text = shown.ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let dir = repo_root().join("target/e2e-screens/failed");
    let name: String = css.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    if let (Ok(()), Ok(png)) = (std::fs::create_dir_all(&dir), client.screenshot().await) {
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
    format!("the phone was at {url}, showing:\n{}", text.chars().take(1_500).collect::<String>())
}

/// The text of what `css` selects once it shows; a page that re-renders (as it loads fresh
/// data) may swap the element underneath, so a stale one is looked up again.
pub(crate) async fn text(client: &Client, css: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        match element(client, css, "text").await.text().await {
            Ok(text) => return text,
            Err(e) if Instant::now() >= deadline => panic!("text of {css}: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// Waits until the app has taken over a page the Worker rendered (it removes the embedded
/// profile when it does) and shows its verdict: elements found before then are replaced.
async fn app_ready(client: &Client) {
    let verdict = "html:not(:has(#getima-data)) :is([data-testid=verified], [data-testid=invalid-code])";
    element(client, verdict, "the app took over").await;
}

/// Keeps a screenshot per test in target/e2e-screens for people to look at, and holds the
/// screen as it is to the same axe-core check as every other screen.
pub(crate) async fn keep_screenshot(client: &Client, name: &str) {
    let violations = crate::accessibility::serious_violations(client).await;
    assert!(violations.is_empty(), "axe-core on {name}:\n{}", violations.join("\n"));
    let missed = crate::accessibility::small_or_cut(client).await;
    assert!(missed.is_empty(), "on {name}:\n{}", missed.join("\n"));
    let dir = repo_root().join("target/e2e-screens");
    let _ = std::fs::create_dir_all(&dir);
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
}

fn phone_sees_the_shop_name_for_a_valid_code(ctx: &Ctx) {
    let demo = ctx.demo(DemoCase::Badged, 0).clone();
    let url = ctx.server.url(&format!("/c/{}", demo.code));
    run(async || {
        let phone = phone(PHONE_UA).await;
        phone.client.goto(&url).await.expect("page opens");
        assert_eq!(text(&phone.client, "[data-testid=shop-name]").await, demo.name);
        assert!(text(&phone.client, "[data-testid=verified]").await.contains("已核验"));
        let operator = text(&phone.client, "[data-testid=operator]").await;
        assert!(operator.ends_with('*'), "operator masked on screen: {operator}");
        let width: serde_json::Value =
            phone.client.execute("return document.documentElement.clientWidth", vec![]).await.expect("width");
        assert_eq!(width, 390, "rendered at phone width");
        let overflow: serde_json::Value = phone
            .client
            .execute("return document.documentElement.scrollWidth > document.documentElement.clientWidth", vec![])
            .await
            .expect("overflow");
        assert_eq!(overflow, false, "no sideways scrolling on a phone");
        keep_screenshot(&phone.client, "valid-code").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

fn phone_sees_the_red_page_for_a_forged_code(ctx: &Ctx) {
    let forged = ctx.demo(DemoCase::Forged, 0).clone();
    let url = ctx.server.url(&format!("/c/{}", forged.code));
    run(async || {
        let phone = phone(PHONE_UA).await;
        phone.client.goto(&url).await.expect("page opens");
        app_ready(&phone.client).await;
        let banner = element(&phone.client, "[data-testid=invalid-code]", "red page").await;
        assert_eq!(banner.attr("data-verdict").await.expect("attr").as_deref(), Some("forged"));
        assert!(banner.text().await.expect("text").contains("不是有效的个体码"));
        assert!(
            phone.client.find(Locator::Css("[data-testid=shop-name]")).await.is_err(),
            "no shop is shown for a forged code"
        );
        let color: serde_json::Value = phone
            .client
            .execute(
                "return getComputedStyle(document.querySelector('[data-testid=invalid-code]')).backgroundColor",
                vec![],
            )
            .await
            .expect("style");
        assert_eq!(color, "rgb(198, 40, 40)", "the invalid page is red (#c62828, dark enough for white text)");
        keep_screenshot(&phone.client, "forged-code").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

fn language_and_large_text_toggles_work(ctx: &Ctx) {
    let url = ctx.server.url(&format!("/c/{}", ctx.demo(DemoCase::Ordinary, 1).code));
    run(async || {
        let phone = phone(PHONE_UA).await;
        phone.client.goto(&url).await.expect("page opens");
        app_ready(&phone.client).await;
        assert!(text(&phone.client, "[data-testid=verified]").await.contains("已核验"));
        phone
            .client
            .find(Locator::Css("[data-testid=lang-toggle]"))
            .await
            .expect("toggle")
            .click()
            .await
            .expect("click");
        assert!(text(&phone.client, "[data-testid=verified]").await.contains("Verified"));
        let lang: serde_json::Value =
            phone.client.execute("return document.documentElement.lang", vec![]).await.expect("lang");
        assert_eq!(lang, "en");

        let size = "return parseFloat(getComputedStyle(document.querySelector('[data-testid=shop-name]')).fontSize)";
        let before = phone.client.execute(size, vec![]).await.expect("size").as_f64().expect("number");
        phone
            .client
            .find(Locator::Css("[data-testid=large-text-toggle]"))
            .await
            .expect("toggle")
            .click()
            .await
            .expect("click");
        let after = phone.client.execute(size, vec![]).await.expect("size").as_f64().expect("number");
        assert!(after > before * 1.2, "large text: {before}px → {after}px");

        // Both choices survive a reload.
        phone.client.refresh().await.expect("reload");
        app_ready(&phone.client).await;
        assert!(text(&phone.client, "[data-testid=verified]").await.contains("Verified"));
        let large: serde_json::Value = phone
            .client
            .execute("return document.documentElement.classList.contains('large-text')", vec![])
            .await
            .expect("class");
        assert_eq!(large, true);
        keep_screenshot(&phone.client, "english-large-text").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

fn wechat_web_view_gets_the_save_option_not_print(ctx: &Ctx) {
    let code = ctx.demo(DemoCase::Ordinary, 0).code.clone();
    let (browser_url, wechat_url) =
        (ctx.server.url(&format!("/c/{code}/poster")), ctx.server.url(&format!("/c/{code}/poster")));
    run(async || {
        let browser = phone(PHONE_UA).await;
        browser.client.goto(&browser_url).await.expect("page opens");
        text(&browser.client, "[data-testid=poster-name]").await;
        element(&browser.client, "[data-testid=print]", "browsers can print").await;
        keep_screenshot(&browser.client, "poster").await;
        browser.client.clone().close().await.expect("session closes");

        let wechat = phone(WECHAT_UA).await;
        wechat.client.goto(&wechat_url).await.expect("page opens");
        text(&wechat.client, "[data-testid=poster-name]").await;
        assert!(wechat.client.find(Locator::Css("[data-testid=print]")).await.is_err(), "web-views cannot print");
        // They save the whole poster as an image instead; its QR is read back by a real decoder.
        click(&wechat.client, "[data-testid=save-poster]").await;
        element(&wechat.client, "[data-testid=poster-image] img", "the poster image").await;
        keep_screenshot(&wechat.client, "poster-image").await;
        let grey: Vec<u8> = serde_json::from_value(
            wechat
                .client
                .execute(
                    "const img = document.querySelector('[data-testid=poster-image] img');
                     const c = document.createElement('canvas'); c.width = 525; c.height = 740;
                     const x = c.getContext('2d'); x.drawImage(img, 0, 0, 525, 740);
                     const d = x.getImageData(0, 0, 525, 740).data; const g = [];
                     for (let i = 0; i < 525 * 740; i++) g.push((d[4 * i] + d[4 * i + 1] + d[4 * i + 2]) / 3 | 0);
                     return g;",
                    vec![],
                )
                .await
                .expect("the image's pixels"),
        )
        .expect("grey levels");
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(525, 740, |x, y| grey[y * 525 + x]);
        let found: Vec<String> =
            image.detect_grids().into_iter().filter_map(|grid| grid.decode().ok().map(|(_, text)| text)).collect();
        assert!(found.contains(&wechat_url.replace("/poster", "")), "the saved poster's QR opens the shop: {found:?}");
        let class: serde_json::Value =
            wechat.client.execute("return document.documentElement.className", vec![]).await.expect("class");
        assert!(class.as_str().is_some_and(|c| c.contains("host-wechat")), "{class}");
        wechat.client.clone().close().await.expect("session closes");
    });
}

/// Runs blocking HTTP from inside a browser test: reqwest's blocking client must not run
/// on the async runtime's thread.
pub(crate) fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| scope.spawn(f).join().expect("the blocking call finished"))
}

/// Opens `path` (below `base`) on a phone where `tokens` signed in earlier.
pub(crate) async fn open_signed_in(client: &Client, base: &str, tokens: &serde_json::Value, path: &str) {
    remember_session(client, base, Some(tokens)).await;
    client.goto(&format!("{base}{path}")).await.unwrap_or_else(|e| panic!("{path} opens: {e}"));
}

pub(crate) async fn type_into(client: &Client, css: &str, text: &str) {
    element(client, css, "field").await.send_keys(text).await.expect("typing");
}

/// Clicks what `css` selects; when the app takes over a page the Worker rendered, the element
/// is replaced by the app's own, so a stale one is looked up again.
pub(crate) async fn click(client: &Client, css: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        match element(client, css, "button").await.click().await {
            Ok(()) => return,
            Err(e) if Instant::now() >= deadline => panic!("click {css}: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

fn staff_sign_in_record_inspection_sign_out(ctx: &Ctx) {
    // A staff member of its own, created by the admin, so this test's sign-out and
    // one-code-a-minute limit touch nobody else.
    let number = "17700009001";
    let created = ctx
        .http
        .post(ctx.server.url("/api/admin/people"))
        .bearer_auth(&ctx.admin)
        .json(&serde_json::json!({ "name": "供电小张", "phone": number, "roles": ["staff"], "department": "power" }))
        .send_through_dev_proxy()
        .expect("create staff");
    assert_eq!(created.status(), 201);
    let code = ctx.demo(DemoCase::Ordinary, 11).code.clone();
    let (base, http, server) = (ctx.server.url("/"), ctx.http.clone(), &ctx.server);
    run(async || {
        let phone_ui = phone(PHONE_UA).await;
        let client = &phone_ui.client;
        client.goto(&format!("{base}sign-in")).await.expect("page opens");
        type_into(client, "[data-testid=phone]", number).await;
        // Without agreeing to the privacy policy no code is sent, and the reason shows by the box.
        click(client, "[data-testid=request-code]").await;
        let unticked = text(client, "[data-testid=accept_terms-error]").await;
        assert!(unticked.contains("隐私政策"), "{unticked}");
        click(client, "[data-testid=accept-terms]").await;
        click(client, "[data-testid=request-code]").await;
        element(client, "[data-testid=code]", "code field").await;
        let otp = off_runtime(|| server.latest_otp(&http, number));
        type_into(client, "[data-testid=code]", &otp).await;
        click(client, "[data-testid=sign-in]").await;
        element(client, "[data-testid=desk]", "staff land at their desk").await;
        client.goto(&format!("{base}me")).await.expect("page opens");
        assert!(text(client, "[data-testid=roles]").await.contains("工作人员"), "signed in as staff");
        assert!(text(client, "[data-testid=department]").await.contains("供电公司"));

        client.goto(&format!("{base}c/{code}")).await.expect("page opens");
        // The code page leads staff to the shop's inspections at their desk.
        click(client, "[data-testid=to-inspections]").await;
        let select = element(client, "[data-testid=inspection-result]", "form").await;
        select.select_by_value("rectify").await.expect("choose a result");
        type_into(client, "[data-testid=inspection-notes]", "电表箱未加锁，已告知整改").await;
        click(client, "[data-testid=inspection-submit]").await;
        let recorded = client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath("//*[@data-testid='inspection'][contains(., '电表箱未加锁')]"))
            .await
            .expect("the new inspection shows in the history");
        assert!(recorded.text().await.expect("text").contains("责令整改"));
        keep_screenshot(client, "staff-inspection").await;

        let stored = stored_session(client).await;
        let access = stored["access_token"].as_str().expect("a stored token").to_string();
        client.goto(&format!("{base}me")).await.expect("page opens");
        click(client, "[data-testid=sign-out]").await;
        element(client, "[data-testid=demo-codes]", "back home").await;
        let left = stored_session(client).await;
        assert_eq!(left, serde_json::Value::Null, "nothing of the session stays on the phone");
        let status = off_runtime(|| {
            http.get(server.url("/api/me")).bearer_auth(&access).send_through_dev_proxy().expect("GET").status()
        });
        assert_eq!(status, 401, "signing out in the app ends the session on the server");
        phone_ui.client.clone().close().await.expect("session closes");
    });
}

fn owner_gets_services_only_on_their_own_code(ctx: &Ctx) {
    let owner = ctx.session(&ctx.server.operators[0].phone);
    let mine: getima_domain::api::MyHouseholds =
        ctx.get_as(&owner.access_token, "/api/me/households").json().expect("households");
    let own_code = mine.households[0].code.clone();
    let other_code = ctx.demo(DemoCase::Ordinary, 4).code.clone();
    let tokens = serde_json::to_value(&owner).expect("JSON");
    let base = ctx.server.url("/");
    run(async || {
        let phone_ui = phone(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &tokens, &format!("c/{own_code}")).await;
        element(client, "[data-testid=owner-services]", "services menu").await;
        keep_screenshot(client, "owner-services").await;
        client.goto(&format!("{base}c/{other_code}")).await.expect("page opens");
        app_ready(client).await;
        // Give the ownership check time to answer before looking for its absence.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert!(
            client.find(Locator::Css("[data-testid=owner-services]")).await.is_err(),
            "no services on someone else's code"
        );
        assert!(client.find(Locator::Css("[data-testid=inspection-form]")).await.is_err(), "owners do not inspect");
        phone_ui.client.clone().close().await.expect("session closes");
    });
}

fn expired_sessions_refresh_or_ask_to_sign_in(ctx: &Ctx) {
    let tokens = ctx.sign_in("17700009002");
    let mut parts = tokens.access_token.split('.');
    let (session_id, person_id) =
        (parts.next().expect("sid").to_string(), parts.next().expect("pid").parse().expect("pid"));
    let key = getima_domain::accounts::sessions::SessionKey::new(ctx.server.session_key.as_bytes()).expect("key");
    let expired = key.sign(&getima_domain::accounts::sessions::Claims { session_id, person_id, expires_at: 1 });
    let mut stale = serde_json::to_value(&tokens).expect("JSON");
    stale["access_token"] = serde_json::Value::String(expired);
    let mut ended = stale.clone();
    ended["refresh_token"] = serde_json::Value::String("1.nothing.here".into());
    let base = ctx.server.url("/");
    run(async || {
        let phone_ui = phone(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &stale, "me").await;
        element(client, "[data-testid=my-households] .weui-cell__bd", "loaded after a quiet refresh").await;
        let fresh = stored_session(client).await["access_token"].clone();
        assert_ne!(fresh, stale["access_token"], "the refreshed token was kept");

        open_signed_in(client, &base, &ended, "me").await;
        element(client, "[data-testid=sign-in-prompt]", "asked to sign in again").await;
        keep_screenshot(client, "session-ended").await;
        phone_ui.client.clone().close().await.expect("session closes");
    });
}

fn admins_keep_the_calendar_and_others_are_told_what_account_a_page_needs(ctx: &Ctx) {
    let admin = serde_json::to_value(ctx.session(crate::accounts::phone(Role::Admin, None))).expect("JSON");
    let staff = serde_json::to_value(ctx.session(crate::accounts::phone(Role::Staff, Some("amr")))).expect("JSON");
    let base = ctx.server.url("/");
    run(async || {
        let phone_ui = phone(PHONE_UA).await;
        let client = &phone_ui.client;
        open_signed_in(client, &base, &admin, "me").await;
        click(client, "[data-testid=to-desk]").await;
        click(client, "[data-testid=to-calendar]").await;
        assert!(text(client, "[data-testid=arranged]").await.contains("国务院"));
        assert!(text(client, "[data-testid=calendar-days]").await.contains("春节"));
        keep_screenshot(client, "desk-calendar").await;
        // Each refusal is said beside the field it is about: a missing date (found on the
        // phone), then a make-up working day on a Wednesday (found by the API).
        click(client, "[data-testid=calendar-day-form] button[type=submit]").await;
        assert_eq!(text(client, "[data-testid=day-date-error]").await, "请选择日期");
        client
            .execute(
                "const set = (id, value, event) => { const el = document.getElementById(id); el.value = value;
                     el.dispatchEvent(new Event(event, { bubbles: true })); };
                 set('day-date', '2026-12-02', 'input'); set('day-kind', 'workday', 'change');
                 set('day-name', '调休', 'input');",
                vec![],
            )
            .await
            .expect("the form is filled");
        click(client, "[data-testid=calendar-day-form] button[type=submit]").await;
        let kind = text(client, "[data-testid=day-kind-error]").await;
        assert!(!kind.is_empty() && !kind.is_ascii(), "said in Chinese beside the kind: {kind}");
        for fine in ["date", "name"] {
            let note = format!("[data-testid=day-{fine}-error]");
            assert!(client.find(Locator::Css(&note)).await.is_err(), "nothing is said about the {fine} now");
        }
        keep_screenshot(client, "desk-calendar-refused").await;

        open_signed_in(client, &base, &staff, "desk/audit").await;
        assert!(text(client, "[data-testid=needs-role]").await.contains("平台管理员"));
        keep_screenshot(client, "desk-needs-role").await;
        phone_ui.client.clone().close().await.expect("session closes");
    });
}

/// The banner's standing, colour and words for a demo code.
async fn banner(client: &Client, url: &str) -> (String, String, String) {
    client.goto(url).await.expect("page opens");
    app_ready(client).await;
    let banner = element(client, "[data-testid=verified]", "verdict banner").await;
    let standing = banner.attr("data-standing").await.expect("attr").unwrap_or_default();
    let colour: serde_json::Value = client
        .execute("return getComputedStyle(document.querySelector('[data-testid=verified]')).backgroundColor", vec![])
        .await
        .expect("style");
    (standing, colour.as_str().unwrap_or_default().to_string(), text(client, "[data-testid=verified]").await)
}

fn suspended_and_deregistered_shops_never_look_like_trading_ones(ctx: &Ctx) {
    let trading = ctx
        .demo
        .iter()
        .filter(|c| c.case == DemoCase::Ordinary)
        .find(|c| crate::codes::profile(ctx, &c.code).standing == getima_domain::codes::verdict::Standing::Trading)
        .expect("a trading demo shop")
        .code
        .clone();
    let urls =
        [trading, ctx.demo(DemoCase::Suspended, 0).code.clone(), ctx.demo(DemoCase::Deregistered, 0).code.clone()]
            .map(|code| ctx.server.url(&format!("/c/{code}")));
    run(async || {
        let phone = phone(PHONE_UA).await;
        let client = &phone.client;
        let (standing, trading_colour, words) = banner(client, &urls[0]).await;
        assert_eq!(standing, "trading");
        assert!(words.contains("正常经营"), "{words}");
        assert!(client.find(Locator::Css("[data-testid=to-poster]")).await.is_ok(), "trading shops get posters");

        for (url, expected, word) in [(&urls[1], "suspended", "歇业"), (&urls[2], "deregistered", "注销")] {
            let (standing, colour, words) = banner(client, url).await;
            assert_eq!(standing, expected);
            assert_ne!(colour, trading_colour, "{expected} has its own colour");
            assert!(words.contains(word) && !words.contains("正常经营"), "{words}");
            assert!(text(client, "[data-testid=standing-advice]").await.contains("请勿"), "it says not to pay");
            assert!(client.find(Locator::Css("[data-testid=payment]")).await.is_err(), "{expected}: no payment code");
            assert!(client.find(Locator::Css("[data-testid=to-poster]")).await.is_err(), "{expected}: no poster");
            keep_screenshot(client, &format!("standing-{expected}")).await;
        }
        client.goto(&format!("{}/poster", urls[2])).await.expect("page opens");
        element(client, "[data-testid=no-poster]", "no poster for a deregistered shop").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

fn an_expired_permit_puts_the_payment_code_behind_a_warning(ctx: &Ctx) {
    // The demo's expired-licence shop has a payment code bound.
    let code = ctx.demo(DemoCase::LicenceExpired, 0).code.clone();
    assert!(crate::codes::profile(ctx, &code).household.payment.is_some(), "the demo shop has a payment code");
    let url = ctx.server.url(&format!("/c/{code}"));
    run(async || {
        let phone = phone(PHONE_UA).await;
        let client = &phone.client;
        let (standing, _, words) = banner(client, &url).await;
        assert_eq!(standing, "licence");
        assert!(words.contains("证照"), "{words}");
        element(client, "[data-testid=payment-warning]", "the warning").await;
        let payment = element(client, "[data-testid=payment] img", "the folded payment code").await;
        assert!(!payment.is_displayed().await.expect("visibility"), "hidden until chosen");
        keep_screenshot(client, "standing-licence").await;
        click(client, "[data-testid=show-payment]").await;
        assert!(payment.is_displayed().await.expect("visibility"), "shown once chosen");
        phone.client.clone().close().await.expect("session closes");
    });
}

fn a_short_code_typed_on_the_home_page_opens_the_shop(ctx: &Ctx) {
    let demo = ctx.demo(DemoCase::Badged, 1).clone();
    let short = crate::codes::profile(ctx, &demo.code).short_code;
    let base = ctx.server.url("/");
    run(async || {
        let phone = phone(PHONE_UA).await;
        let client = &phone.client;
        client.goto(&base).await.expect("page opens");
        type_into(client, "[data-testid=code-entry]", &short.to_lowercase()).await;
        click(client, ".entry button").await;
        assert_eq!(text(client, "[data-testid=shop-name]").await, demo.name);
        phone.client.clone().close().await.expect("session closes");
    });
}

fn the_app_takes_over_the_rendered_page_without_asking_again(ctx: &Ctx) {
    let code = ctx.demo(DemoCase::Badged, 0).code.clone();
    let url = ctx.server.url(&format!("/c/{code}"));
    let (http, server) = (ctx.http.clone(), &ctx.server);
    run(async || {
        let phone = phone(PHONE_UA).await;
        let client = &phone.client;
        client.goto(&url).await.expect("page opens");
        // The app removes the embedded profile when it has taken it.
        app_ready(client).await;
        let asked: serde_json::Value = client
            .execute(
                "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)
                   .filter(p => p === '/api/codes/' + arguments[0]).length",
                vec![serde_json::json!(code)],
            )
            .await
            .expect("resource timing");
        assert_eq!(asked, 0, "no request for the profile the page arrived with");
        click(client, "[data-testid=lang-toggle]").await;
        assert!(text(client, "[data-testid=verified]").await.contains("Verified"), "the app answers the toggle");
        click(client, "[data-testid=large-text-toggle]").await;
        let cookie: serde_json::Value = client.execute("return document.cookie", vec![]).await.expect("cookie");
        let cookie = cookie.as_str().unwrap_or_default().to_string();
        let next = off_runtime(|| {
            http.get(server.url(&format!("/c/{code}")))
                .header("cookie", &cookie)
                .send_through_dev_proxy()
                .and_then(|r| r.text())
                .expect("HTML")
        });
        assert!(next.contains("<html lang=\"en\" class=\"large-text\""), "the next render follows the app: {cookie}");
        phone.client.clone().close().await.expect("session closes");
    });
}

/// `?next=` values that a browser could resolve to another origin land on "me"; a page of
/// the app is honoured.
fn signing_in_never_leads_to_another_origin_whatever_next_says(ctx: &Ctx) {
    let code = ctx.demo(DemoCase::Ordinary, 1).code.clone();
    let honoured = format!("/c/{code}");
    let cases = [
        ("/%5Cexample.com", "/me".to_string()),
        ("/%09/example.com/path", "/me".to_string()),
        ("//example.com", "/me".to_string()),
        ("https://example.com/me", "/me".to_string()),
        (honoured.as_str(), honoured.clone()),
    ];
    let (base, http, server) = (ctx.server.url(""), ctx.http.clone(), &ctx.server);
    run(async || {
        let phone_ui = phone(PHONE_UA).await;
        let client = &phone_ui.client;
        for (n, (next, lands_on)) in cases.iter().enumerate() {
            let number = format!("1770000{:04}", 5600 + n);
            client.goto(&format!("{base}/sign-in?next={next}")).await.expect("page opens");
            type_into(client, "[data-testid=phone]", &number).await;
            click(client, "[data-testid=accept-terms]").await;
            click(client, "[data-testid=request-code]").await;
            element(client, "[data-testid=code]", "code field").await;
            let otp = off_runtime(|| server.latest_otp(&http, &number));
            type_into(client, "[data-testid=code]", &otp).await;
            click(client, "[data-testid=sign-in]").await;
            let deadline = Instant::now() + WAIT;
            let landed = loop {
                let url = client.current_url().await.expect("a URL");
                if url.path() != "/sign-in" || Instant::now() > deadline {
                    break url;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            };
            assert_eq!(landed.origin().ascii_serialization(), base, "next={next} left the app: {landed}");
            assert_eq!(landed.path(), lands_on, "next={next}");
            client.execute("localStorage.clear()", vec![]).await.expect("signed out on this device");
        }
    });
}

/// The id of the person this device is signed in as, once the app has settled.
async fn signed_in_person(client: &Client) -> Option<i64> {
    stored_session(client).await["me"]["id"].as_i64()
}

/// Opens the home page with `?wxcode=` and waits for the app to have dealt with it: the code
/// is gone from the address, and a sign-in it started has had time to finish.
async fn open_with_wechat_code(client: &Client, base: &str, code: &str) {
    client.goto(&format!("{base}/?wxcode={code}")).await.expect("page opens");
    element(client, "[data-testid=demo-codes]", "the home page").await;
    let url = client.current_url().await.expect("a URL");
    assert!(url.query().is_none_or(|q| !q.contains("wxcode")), "the code stays in the address: {url}");
    tokio::time::sleep(Duration::from_secs(2)).await;
}

fn a_wechat_login_code_signs_in_only_inside_the_mini_program_and_never_over_a_session(ctx: &Ctx) {
    let base = ctx.server.url("");
    run(async || {
        // WeChat's in-app browser: a link carrying a code, perhaps someone else's, signs no one in.
        let in_app = phone(WECHAT_BROWSER_UA).await;
        open_with_wechat_code(&in_app.client, &base, "wx-ok-mallory").await;
        assert_eq!(signed_in_person(&in_app.client).await, None, "signed in from a link");

        let mini = phone(WECHAT_UA).await;
        open_with_wechat_code(&mini.client, &base, "wx-ok-dora").await;
        let dora = signed_in_person(&mini.client).await.expect("the mini-program signs in");
        // Someone already signed in stays who they are.
        open_with_wechat_code(&mini.client, &base, "wx-ok-erin").await;
        assert_eq!(signed_in_person(&mini.client).await, Some(dora), "a second code replaced the session");
    });
}

fn a_phone_behind_a_busy_carrier_address_is_checked_not_refused_and_signs_in(ctx: &Ctx) {
    let carrier = ctx.fresh_ip();
    crate::attacks::clear_of_window_edge(ctx, 3600);
    // Others behind the same address use up its free codes for the hour.
    let free = (0..21)
        .take_while(|n| {
            crate::attacks::request_code_from(ctx, &carrier, &format!("1770000{:04}", 6400 + n)).status() == 202
        })
        .count();
    assert_eq!(free, 20, "twenty codes an hour go free from one address");
    let number = "17700006500";
    let (base, http, server) = (ctx.server.url("/"), ctx.http.clone(), &ctx.server);
    run(async || {
        let phone_ui = phone(PHONE_UA).await;
        let client = &phone_ui.client;
        // This phone's requests come from the busy address, as a carrier's gateway sends them.
        getima_e2e::phone::cdp(client, "Network.enable", serde_json::json!({})).await;
        let headers = serde_json::json!({ "headers": { "cf-connecting-ip": carrier } });
        getima_e2e::phone::cdp(client, "Network.setExtraHTTPHeaders", headers).await;
        client.goto(&format!("{base}sign-in")).await.expect("page opens");
        type_into(client, "[data-testid=phone]", number).await;
        click(client, "[data-testid=accept-terms]").await;
        click(client, "[data-testid=request-code]").await;
        // The page did the work the address is asked for and the code was sent.
        element(client, "[data-testid=code]", "code field once the code is sent").await;
        let sent = text(client, "p[role=status]").await;
        assert!(sent.contains("验证码已发送"), "{sent}");
        let otp = off_runtime(|| server.latest_otp(&http, number));
        type_into(client, "[data-testid=code]", &otp).await;
        click(client, "[data-testid=sign-in]").await;
        element(client, "[data-testid=my-households]", "signed in, on my page").await;
    });
    // The address is still busy: the phone got through by its proof, not by a free code.
    let after = crate::attacks::request_code_from(ctx, &carrier, "17700006501");
    crate::accounts::expect_error(after, 429, getima_domain::api::ErrorKind::ChallengeRequired);
}

fn back_goes_home_from_a_first_page_and_signing_in_from_the_header_comes_back(ctx: &Ctx) {
    let number = "17700006600";
    let form = "/register/open-restaurant/apply";
    let (base, http, server) = (ctx.server.url(""), ctx.http.clone(), &ctx.server);
    run(async || {
        let phone_ui = phone(PHONE_UA).await;
        let client = &phone_ui.client;
        // Opened from outside the app (a scan, a shared link): ‹ leads home, not nowhere.
        client.goto(&format!("{base}{form}")).await.expect("page opens");
        let prompt = text(client, "[data-testid=sign-in-prompt]").await;
        assert!(
            prompt.contains("需要用手机号登录") && !prompt.contains("过期"),
            "a first visit is not 'expired': {prompt}"
        );
        click(client, "[data-testid=back]").await;
        element(client, "[data-testid=demo-codes]", "home").await;
        // From within the app ‹ goes back where the person was.
        client.goto(&format!("{base}{form}")).await.expect("page opens");
        click(client, "[data-testid=home-link]").await;
        element(client, "[data-testid=demo-codes]", "home").await;
        click(client, "[data-testid=back]").await;
        element(client, "[data-testid=sign-in-prompt]", "back on the form's page").await;

        // 登录 in the header comes back to the form once signed in.
        click(client, "[data-testid=account]").await;
        type_into(client, "[data-testid=phone]", number).await;
        click(client, "[data-testid=accept-terms]").await;
        click(client, "[data-testid=request-code]").await;
        element(client, "[data-testid=code]", "code field").await;
        let otp = off_runtime(|| server.latest_otp(&http, number));
        type_into(client, "[data-testid=code]", &otp).await;
        click(client, "[data-testid=sign-in]").await;
        element(client, "[data-testid=apply-form]", "back on the application form").await;
        let url = client.current_url().await.expect("url");
        assert_eq!(url.path(), form);
    });
}
