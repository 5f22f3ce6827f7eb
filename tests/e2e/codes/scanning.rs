//! The scan button: Chromium's fake camera shows a frame of a real code's QR, and the app
//! reads it with its own wasm reader; inside the mini-program it hands over to WeChat.

use crate::browser::{click, element, keep_screenshot, run, text};
use crate::codes::qr::camera_video;
use crate::{Ctx, NamedTest};
use fantoccini::{Client, Locator};
use getima_domain::api::DemoCase;
use getima_e2e::phone::{PHONE_UA, Phone, WECHAT_UA, cdp, phone_with, phone_with_camera};
use getima_e2e::repo_root;
use std::time::{Duration, Instant};

pub const TESTS: &[NamedTest] = &[
    (
        "scanning::a_phone_camera_pointed_at_a_shop_s_code_opens_that_shop",
        a_phone_camera_pointed_at_a_shop_s_code_opens_that_shop,
    ),
    (
        "scanning::a_qr_that_is_not_a_business_code_is_named_and_escape_closes_the_scanner_and_its_camera",
        a_qr_that_is_not_a_business_code_is_named_and_escape_closes_the_scanner_and_its_camera,
    ),
    ("scanning::a_phone_without_a_camera_gets_no_scan_button", a_phone_without_a_camera_gets_no_scan_button),
    (
        "scanning::inside_the_mini_program_scan_hands_over_to_wechat_s_scanner",
        inside_the_mini_program_scan_hands_over_to_wechat_s_scanner,
    ),
];

/// A phone whose camera sees the QR drawn in `svg`.
async fn phone_seeing(svg: &str) -> Phone {
    phone_with_camera(PHONE_UA, &camera_video(svg)).await
}

/// Which scanner the home page settled on (`none`, `camera`, `wechat`).
async fn scanner_kind(client: &Client) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let kind = element(client, "[data-testid=scanner]", "scanner slot").await.attr("data-scanner").await;
        match kind.expect("attribute").unwrap_or_default() {
            checking if checking == "checking" && Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            kind => return kind,
        }
    }
}

/// The `data-testid` of the focused element.
async fn focused(client: &Client) -> String {
    let element = client.active_element().await.expect("a focused element");
    element.attr("data-testid").await.expect("attribute").unwrap_or_default()
}

async fn script(client: &Client, js: &str) -> serde_json::Value {
    client.execute(js, vec![]).await.unwrap_or_else(|e| panic!("{js}: {e}"))
}

fn a_phone_camera_pointed_at_a_shop_s_code_opens_that_shop(ctx: &Ctx) {
    let demo = ctx.demo(DemoCase::Ordinary, 3).clone();
    let svg = ctx.get(&format!("/api/codes/{}/qr.svg", demo.code)).text().expect("the shop's QR");
    let home = ctx.server.url("/");
    run(async || {
        let phone = phone_seeing(&svg).await;
        let client = &phone.client;
        client.goto(&home).await.expect("page opens");
        assert_eq!(scanner_kind(client).await, "camera");
        keep_screenshot(client, "home-with-scan-button").await;
        click(client, "[data-testid=scan]").await;
        assert_eq!(text(client, "[data-testid=shop-name]").await, demo.name, "the scanned shop opens");
        assert!(client.current_url().await.expect("url").path().ends_with(&format!("/c/{}", demo.code)));
        phone.client.clone().close().await.expect("session closes");
    });
}

fn a_qr_that_is_not_a_business_code_is_named_and_escape_closes_the_scanner_and_its_camera(ctx: &Ctx) {
    let payment = qrcode::QrCode::new("wxp://f2f0NotAGetimaCode").expect("encodable");
    let svg = payment.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).build();
    let home = ctx.server.url("/");
    run(async || {
        let phone = phone_seeing(&svg).await;
        let client = &phone.client;
        client.goto(&home).await.expect("page opens");
        click(client, "[data-testid=scan]").await;
        let status = ".scanner [data-testid=scan-status][data-status=NotACode]";
        assert!(text(client, status).await.contains("这不是个体码"), "the person is told what they scanned");
        let live = "return document.querySelector('.scanner video').srcObject.getTracks()
                      .filter(t => t.readyState === 'live').length";
        assert_eq!(script(client, live).await, 1, "the camera runs while scanning");
        keep_screenshot(client, "scanner-not-a-code").await;
        // Keep the stream to look at once the scanner has gone from the page.
        script(client, "window.scanned = document.querySelector('.scanner video').srcObject; return 0").await;
        assert_eq!(focused(client).await, "scan-close", "the dialog takes the focus");
        client.active_element().await.expect("focus").send_keys("\u{E00C}").await.expect("Escape");
        let deadline = Instant::now() + Duration::from_secs(10);
        while client.find(Locator::Css(".scanner")).await.is_ok() {
            assert!(Instant::now() < deadline, "Escape closes the scanner");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(focused(client).await, "scan", "focus goes back to the scan button");
        let ended = "return window.scanned.getTracks().every(t => t.readyState === 'ended')";
        assert_eq!(script(client, ended).await, true, "closing the scanner turns the camera off");
        assert_eq!(client.current_url().await.expect("url").path(), "/", "and nothing opened");
        phone.client.clone().close().await.expect("session closes");
    });
}

fn a_phone_without_a_camera_gets_no_scan_button(ctx: &Ctx) {
    let home = ctx.server.url("/");
    run(async || {
        let phone = phone_with(PHONE_UA).await;
        let client = &phone.client;
        client.goto(&home).await.expect("page opens");
        assert_eq!(scanner_kind(client).await, "none");
        assert!(client.find(Locator::Css("[data-testid=scan]")).await.is_err(), "no button that cannot work");
        element(client, "[data-testid=code-entry]", "the box to type a code").await;
        phone.client.clone().close().await.expect("session closes");
    });
}

/// WeChat's web-view bridge as the WeChat client provides it to pages (it cannot run
/// here): it answers each call as `window.wechatAnswer` says and keeps what it was asked.
pub(crate) const WECHAT_BRIDGE: &str = "
    window.wechatCalls = [];
    window.WeixinJSBridge = {
        invoke(name, args, reply) {
            window.wechatCalls.push({ name, args });
            reply({ errMsg: name + ':' + (window.wechatAnswer || 'ok') });
        },
        on() {},
        call() {},
    };";

fn inside_the_mini_program_scan_hands_over_to_wechat_s_scanner(ctx: &Ctx) {
    let home = ctx.server.url("/");
    run(async || {
        let phone = phone_with(WECHAT_UA).await;
        let client = &phone.client;
        cdp(client, "Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": WECHAT_BRIDGE })).await;
        client.goto(&home).await.expect("page opens");
        assert_eq!(scanner_kind(client).await, "wechat", "the mini-program's scanner, not the web-view's camera");

        script(client, "window.wechatAnswer = 'fail:not allowed'; return 0").await;
        click(client, "[data-testid=scan]").await;
        let refused = "[data-testid=scan-status][data-status=WeChatFailed]";
        assert!(text(client, refused).await.contains("无法打开微信扫一扫"), "a refusal is said, not swallowed");

        script(client, "window.wechatAnswer = 'ok'; window.wechatCalls = []; return 0").await;
        click(client, "[data-testid=scan]").await;
        let deadline = Instant::now() + Duration::from_secs(10);
        let calls = loop {
            let calls = script(client, "return window.wechatCalls").await;
            if calls.as_array().is_some_and(|c| !c.is_empty()) || Instant::now() > deadline {
                break calls;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert_eq!(calls[0]["name"], "invokeMiniProgramAPI", "{calls}");
        assert_eq!(calls[0]["args"]["name"], "navigateTo", "{calls}");
        assert_eq!(
            calls[0]["args"]["arg"]["url"], "/pages/scan/scan?open=%2Fc%2F",
            "the mini-program's scan page, told where a code opens: {calls}"
        );
        assert!(client.find(Locator::Css(refused)).await.is_err(), "the old refusal is gone");
        let app: serde_json::Value = serde_json::from_slice(
            &std::fs::read(repo_root().join("miniprogram/app.json")).expect("the mini-program's app.json"),
        )
        .expect("JSON");
        assert!(app["pages"].as_array().expect("pages").contains(&"pages/scan/scan".into()), "a page WeChat can open");
        assert!(repo_root().join("miniprogram/pages/scan/scan.js").exists());
        phone.client.clone().close().await.expect("session closes");
    });
}
