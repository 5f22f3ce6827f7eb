//! The real app in headless Chromium at phone size (390×844), driven over WebDriver.

use crate::{Ctx, NamedTest};
use fantoccini::elements::Element;
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use getima_domain::api::DemoCase;
use getima_domain::people::Role;
use getima_e2e::{Group, free_port, repo_root, scratch_dir};
use hyper_util::client::legacy::connect::HttpConnector;
use std::net::TcpStream;
use std::process::{Command, Stdio};
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
];

const PHONE_UA: &str =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
const WECHAT_UA: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50 NetType/WIFI Language/zh_CN miniProgram";
const WAIT: Duration = Duration::from_secs(30);

/// A chromedriver with its own Chromium profile, closed when dropped.
struct Phone {
    client: Client,
    _driver: Group,
    profile: std::path::PathBuf,
}

impl Drop for Phone {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

async fn phone(user_agent: &str) -> Phone {
    let port = free_port();
    let mut cmd = Command::new("chromedriver");
    cmd.arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null());
    let driver = Group::spawn(cmd).expect("chromedriver is installed (make setup)");
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = scratch_dir("chromium");
    let capabilities: Capabilities = serde_json::from_value(serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=390,844", format!("--user-data-dir={}", profile.display()),
            ],
            "mobileEmulation": {
                "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 3.0, "touch": true },
                "userAgent": user_agent,
            },
        },
    }))
    .expect("capabilities object");
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a Chromium session");
    Phone { client, _driver: driver, profile }
}

fn run(test: impl AsyncFnOnce() -> ()) {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(test());
}

/// The element `css` selects, once it shows (within [`WAIT`]); `what` names it when it does not.
async fn element(client: &Client, css: &str, what: &str) -> Element {
    client.wait().at_most(WAIT).for_element(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{what} ({css}): {e}"))
}

/// The text of what `css` selects once it shows; a page that re-renders (as it loads fresh
/// data) may swap the element underneath, so a stale one is looked up again.
async fn text(client: &Client, css: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        match element(client, css, "text").await.text().await {
            Ok(text) => return text,
            Err(e) if Instant::now() >= deadline => panic!("text of {css}: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// Keeps a screenshot per test in target/e2e-screens for people to look at.
async fn keep_screenshot(client: &Client, name: &str) {
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
        assert_eq!(color, "rgb(250, 81, 81)", "the invalid page is red");
        keep_screenshot(&phone.client, "forged-code").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

fn language_and_large_text_toggles_work(ctx: &Ctx) {
    let url = ctx.server.url(&format!("/c/{}", ctx.demo(DemoCase::Ordinary, 1).code));
    run(async || {
        let phone = phone(PHONE_UA).await;
        phone.client.goto(&url).await.expect("page opens");
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
        assert!(browser.client.find(Locator::Css("[data-testid=print]")).await.is_ok(), "browsers can print");
        keep_screenshot(&browser.client, "poster").await;
        browser.client.clone().close().await.expect("session closes");

        let wechat = phone(WECHAT_UA).await;
        wechat.client.goto(&wechat_url).await.expect("page opens");
        text(&wechat.client, "[data-testid=poster-name]").await;
        assert!(wechat.client.find(Locator::Css("[data-testid=print]")).await.is_err(), "web-views cannot print");
        let class: serde_json::Value =
            wechat.client.execute("return document.documentElement.className", vec![]).await.expect("class");
        assert!(class.as_str().is_some_and(|c| c.contains("host-wechat")), "{class}");
        wechat.client.clone().close().await.expect("session closes");
    });
}

/// Runs blocking HTTP from inside a browser test: reqwest's blocking client must not run
/// on the async runtime's thread.
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| scope.spawn(f).join().expect("the blocking call finished"))
}

/// Puts a session into the app's storage, as if signed in earlier on this phone.
async fn remember_session(client: &Client, base: &str, tokens: &serde_json::Value) {
    client.goto(base).await.expect("page opens");
    client
        .execute("localStorage.setItem('getima.session', JSON.stringify(arguments[0]))", vec![tokens.clone()])
        .await
        .expect("storage");
}

async fn type_into(client: &Client, css: &str, text: &str) {
    element(client, css, "field").await.send_keys(text).await.expect("typing");
}

async fn click(client: &Client, css: &str) {
    element(client, css, "button").await.click().await.expect("click");
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
        .send()
        .expect("create staff");
    assert_eq!(created.status(), 201);
    let code = ctx.demo(DemoCase::Ordinary, 11).code.clone();
    let (base, http, server) = (ctx.server.url("/"), ctx.http.clone(), &ctx.server);
    run(async || {
        let phone_ui = phone(PHONE_UA).await;
        let client = &phone_ui.client;
        client.goto(&format!("{base}sign-in")).await.expect("page opens");
        type_into(client, "[data-testid=phone]", number).await;
        click(client, "[data-testid=request-code]").await;
        element(client, "[data-testid=code]", "code field").await;
        let otp = off_runtime(|| server.latest_otp(&http, number));
        type_into(client, "[data-testid=code]", &otp).await;
        click(client, "[data-testid=sign-in]").await;
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

        let stored: serde_json::Value =
            client.execute("return JSON.parse(localStorage.getItem('getima.session'))", vec![]).await.expect("session");
        let access = stored["access_token"].as_str().expect("a stored token").to_string();
        client.goto(&format!("{base}me")).await.expect("page opens");
        click(client, "[data-testid=sign-out]").await;
        element(client, "[data-testid=demo-codes]", "back home").await;
        let left: serde_json::Value =
            client.execute("return localStorage.getItem('getima.session')", vec![]).await.expect("storage");
        assert_eq!(left, serde_json::Value::Null, "nothing of the session stays on the phone");
        let status = off_runtime(|| http.get(server.url("/api/me")).bearer_auth(&access).send().expect("GET").status());
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
        remember_session(client, &base, &tokens).await;
        client.goto(&format!("{base}c/{own_code}")).await.expect("page opens");
        element(client, "[data-testid=owner-services]", "services menu").await;
        keep_screenshot(client, "owner-services").await;
        client.goto(&format!("{base}c/{other_code}")).await.expect("page opens");
        text(client, "[data-testid=shop-name]").await;
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
    let key = getima_domain::sessions::SessionKey::new(ctx.server.session_key.as_bytes()).expect("key");
    let expired = key.sign(&getima_domain::sessions::Claims { session_id, person_id, expires_at: 1 });
    let mut stale = serde_json::to_value(&tokens).expect("JSON");
    stale["access_token"] = serde_json::Value::String(expired);
    let mut ended = stale.clone();
    ended["refresh_token"] = serde_json::Value::String("1.nothing.here".into());
    let base = ctx.server.url("/");
    run(async || {
        let phone_ui = phone(PHONE_UA).await;
        let client = &phone_ui.client;
        remember_session(client, &base, &stale).await;
        client.goto(&format!("{base}me")).await.expect("page opens");
        element(client, "[data-testid=my-households] .weui-cell__bd", "loaded after a quiet refresh").await;
        let fresh: serde_json::Value = client
            .execute("return JSON.parse(localStorage.getItem('getima.session')).access_token", vec![])
            .await
            .expect("token");
        assert_ne!(fresh, stale["access_token"], "the refreshed token was kept");

        remember_session(client, &base, &ended).await;
        client.goto(&format!("{base}me")).await.expect("page opens");
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
        remember_session(client, &base, &admin).await;
        client.goto(&format!("{base}me")).await.expect("page opens");
        click(client, "[data-testid=to-desk]").await;
        click(client, "[data-testid=to-calendar]").await;
        assert!(text(client, "[data-testid=arranged]").await.contains("国务院"));
        assert!(text(client, "[data-testid=calendar-days]").await.contains("春节"));
        keep_screenshot(client, "desk-calendar").await;

        remember_session(client, &base, &staff).await;
        client.goto(&format!("{base}desk/audit")).await.expect("page opens");
        assert!(text(client, "[data-testid=needs-role]").await.contains("平台管理员"));
        keep_screenshot(client, "desk-needs-role").await;
        phone_ui.client.clone().close().await.expect("session closes");
    });
}
