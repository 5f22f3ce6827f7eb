//! A phone-sized headless Chromium over WebDriver, for the browser tests and the bench.

use crate::{Group, ScratchDir, free_port, scratch_dir};
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use getima_domain::accounts::sessions::{ACCESS_COOKIE, SESSION_STORAGE_KEY};
use hyper_util::client::legacy::connect::HttpConnector;
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const PHONE_UA: &str =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
/// Inside a WeChat mini-program's `web-view`.
pub const WECHAT_UA: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50 NetType/WIFI Language/zh_CN miniProgram";
/// WeChat's in-app browser, which opens any link a chat carries.
pub const WECHAT_BROWSER_UA: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50 NetType/WIFI Language/zh_CN";

/// A chromedriver with its own Chromium profile, closed when dropped.
pub struct Phone {
    pub client: Client,
    _driver: Group,
    // Declared after the driver: fields drop in order, so Chromium stops before its profile goes.
    _profile: ScratchDir,
}

/// A 390×844 phone set to Chinese (as phones in Wenzhou are) with `user_agent`, and no camera.
pub async fn phone_with(user_agent: &str) -> Phone {
    phone_with_args(scratch_dir("chromium"), user_agent, &[]).await
}

/// A phone as [`phone_with`] gives, that trusts the local test server's self-signed
/// certificate (`Protocol::Https`).
pub async fn phone_trusting_local_https(user_agent: &str) -> Phone {
    phone_with_args(scratch_dir("chromium"), user_agent, &["--ignore-certificate-errors".to_string()]).await
}

/// A phone whose camera sees `video` (Y4M, played in a loop) and whose person has already
/// allowed the page to use it.
pub async fn phone_with_camera(user_agent: &str, video: &[u8]) -> Phone {
    let profile = scratch_dir("chromium");
    let video_file = profile.join("camera.y4m");
    std::fs::write(&video_file, video).expect("the camera's video is written");
    let camera = [
        "--use-fake-device-for-media-stream".to_string(),
        "--use-fake-ui-for-media-stream".to_string(),
        format!("--use-file-for-fake-video-capture={}", video_file.display()),
    ];
    phone_with_args(profile, user_agent, &camera).await
}

async fn phone_with_args(profile: ScratchDir, user_agent: &str, extra_args: &[String]) -> Phone {
    let port = free_port();
    let mut cmd = Command::new("chromedriver");
    cmd.arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null());
    let driver = Group::spawn(cmd).expect("chromedriver is installed (make setup)");
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut args: Vec<String> = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=390,844",
        "--lang=zh-CN",
    ]
    .map(String::from)
    .to_vec();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.extend_from_slice(extra_args);
    let capabilities: Capabilities = serde_json::from_value(serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": args,
            "prefs": { "intl.accept_languages": "zh-CN,zh" },
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
    Phone { client, _driver: driver, _profile: profile }
}

/// Leaves the phone as someone who signed in on the app at `base` earlier (`tokens`, stored
/// where the app keeps them: the device's storage, and the access token's cookie) or never
/// did (`None`). It does so from a page of that origin that
/// boots no bundle, so no app code runs before the page under test loads.
pub async fn remember_session(client: &Client, base: &str, tokens: Option<&serde_json::Value>) {
    let icon = url::Url::parse(base).and_then(|b| b.join("/favicon.svg")).expect("an app address");
    client.goto(icon.as_str()).await.expect("the icon opens");
    client
        .execute(
            "if (arguments[1] === null) {
               localStorage.removeItem(arguments[0]);
               document.cookie = arguments[2] + '=; Path=/; Max-Age=0';
             } else {
               localStorage.setItem(arguments[0], JSON.stringify(arguments[1]));
               document.cookie = arguments[2] + '=' + arguments[1].access_token + '; Path=/; Max-Age=900; SameSite=Lax';
             }",
            vec![SESSION_STORAGE_KEY.into(), tokens.cloned().unwrap_or(serde_json::Value::Null), ACCESS_COOKIE.into()],
        )
        .await
        .expect("the session is stored");
}

/// The session the app keeps on this phone (null when none).
pub async fn stored_session(client: &Client) -> serde_json::Value {
    client
        .execute("return JSON.parse(localStorage.getItem(arguments[0]))", vec![SESSION_STORAGE_KEY.into()])
        .await
        .expect("the stored session")
}

/// A Chrome DevTools Protocol command, sent through chromedriver.
#[derive(Debug)]
struct Cdp(serde_json::Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

pub async fn cdp(client: &Client, cmd: &str, params: serde_json::Value) {
    client
        .issue_cmd(Cdp(serde_json::json!({ "cmd": cmd, "params": params })))
        .await
        .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"));
}

/// The slow phone link the page budgets are measured on: 150 ms round trip, 1.6 Mbit/s down,
/// 750 kbit/s up, and no cache.
pub async fn slow_phone_link(client: &Client) {
    cdp(client, "Network.enable", serde_json::json!({})).await;
    cdp(client, "Network.setCacheDisabled", serde_json::json!({ "cacheDisabled": true })).await;
    let link = serde_json::json!({
        "offline": false,
        "latency": 150,
        "downloadThroughput": 1_600_000 / 8,
        "uploadThroughput": 750_000 / 8,
    });
    cdp(client, "Network.emulateNetworkConditions", link).await;
}
