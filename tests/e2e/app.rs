//! The app as served: each bundle's routes get its page, assets, byte budgets, the OpenAPI
//! document, web-view safety.

use crate::accounts::phone;
use crate::{Ctx, NamedTest};
use getima_domain::accounts::Role;
use getima_domain::api::{DemoCase, Endpoint};
use getima_domain::bundles::Bundle;
use getima_domain::routes::Route;
use getima_e2e::SendThroughDevProxy;
use getima_e2e::budget;
use std::fs;

pub const TESTS: &[NamedTest] = &[
    ("app::each_route_gets_the_page_of_its_bundle", each_route_gets_the_page_of_its_bundle),
    ("app::assets_are_served_compressed", assets_are_served_compressed),
    ("app::what_a_scan_loads_stays_within_its_byte_budget", what_a_scan_loads_stays_within_its_byte_budget),
    ("app::served_openapi_lists_every_endpoint", served_openapi_lists_every_endpoint),
    ("app::the_worker_is_asked_first_for_every_route_of_the_other_bundles", worker_is_asked_first_for_bundle_routes),
    ("app::nothing_uses_popups_that_web_views_block", nothing_uses_popups_that_web_views_block),
    ("app::the_workers_modules_import_each_other_without_circles", workers_modules_import_without_circles),
    (
        "app::every_page_arrives_with_its_title_and_what_it_is_for_in_the_chosen_language",
        every_page_arrives_with_its_title_and_what_it_is_for,
    ),
    (
        "app::the_bundle_takes_the_page_over_under_the_title_the_worker_drew",
        the_bundle_takes_the_page_over_under_the_title_the_worker_drew,
    ),
    ("app::no_bundle_carries_the_pages_of_another_area", no_bundle_carries_the_pages_of_another_area),
    (
        "app::a_public_page_arrives_with_its_records_drawn_in_the_chosen_language",
        a_public_page_arrives_with_its_records_drawn_in_the_chosen_language,
    ),
    (
        "app::a_page_whose_records_cannot_be_had_arrives_with_its_title_alone",
        a_page_whose_records_cannot_be_had_arrives_with_its_title_alone,
    ),
    (
        "app::the_bundle_shows_the_records_the_worker_drew_without_asking_for_them_again",
        the_bundle_shows_the_records_the_worker_drew_without_asking_again,
    ),
    (
        "app::a_signed_in_page_arrives_with_the_records_of_the_person_whose_cookie_it_is_and_no_one_elses",
        a_signed_in_page_arrives_with_the_records_of_that_person_only,
    ),
    (
        "app::a_signed_in_page_with_no_session_or_a_bad_one_or_the_wrong_role_arrives_with_its_title_alone",
        a_signed_in_page_without_a_good_session_arrives_with_its_title_alone,
    ),
];

/// The demo account of the `nth` person (from 0) holding `role`.
fn demo(role: Role, nth: usize) -> &'static str {
    getima_demo::DEMO_ACCOUNTS.iter().filter(|a| a.roles.contains(&role)).nth(nth).expect("a demo account").phone
}

/// A page as the holder of `access_token` opens it: its HTML and its `cache-control`.
fn page_as(ctx: &Ctx, path: &str, access_token: &str) -> (String, String) {
    page_with(ctx, path, &format!("{}={access_token}", getima_domain::accounts::sessions::ACCESS_COOKIE))
}

/// A page opened with `cookie`: its HTML and its `cache-control`.
fn page_with(ctx: &Ctx, path: &str, cookie: &str) -> (String, String) {
    let response = ctx
        .http
        .get(ctx.server.url(path))
        .header("cookie", cookie)
        .send_through_dev_proxy()
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    assert_eq!(response.status(), 200, "{path}");
    let cache = response.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    (response.text().expect("HTML"), cache)
}

/// The part of a page the Worker drew, from its first-text to the end of `main`.
fn drawn(html: &str) -> &str {
    let from = html.find("data-testid=\"page-lead\"").expect("the first text");
    let to = html[from..].find("</main>").map_or(html.len(), |end| from + end);
    &html[from..to]
}

/// The Worker draws a signed-in page's records as the person whose access token is in the
/// cookie: their own appeals, applications and bookings, nobody else's, and such a page is
/// kept by no cache.
fn a_signed_in_page_arrives_with_the_records_of_that_person_only(ctx: &Ctx) {
    let (owner, other) = (ctx.session(phone(Role::Owner, None)), ctx.session(demo(Role::Owner, 1)));
    let appeals = |tokens: &getima_domain::api::SessionTokens| -> Vec<(i64, String)> {
        let list: getima_domain::api::MyAppeals = ctx
            .http
            .get(ctx.server.url("/api/me/appeals"))
            .bearer_auth(&tokens.access_token)
            .send_through_dev_proxy()
            .and_then(|r| r.json())
            .expect("my appeals");
        list.appeals.into_iter().map(|a| (a.id, a.receipt)).collect()
    };
    let (my_appeals, their_appeals) = (appeals(&owner), appeals(&other));
    let receipts = |list: &[(i64, String)]| list.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>();
    let (mine, theirs) = (receipts(&my_appeals), receipts(&their_appeals));
    assert!(!mine.is_empty(), "the demo owner has appeals");
    let (html, cache) = page_as(ctx, "/me/appeals", &owner.access_token);
    let page = drawn(&html);
    assert!(mine.iter().all(|r| page.contains(r.as_str())), "every appeal of mine is drawn: {page}");
    assert!(cache.contains("no-store") && cache.contains("private"), "kept by no cache: {cache}");
    let (html, _) = page_as(ctx, "/me/appeals", &other.access_token);
    let page = drawn(&html);
    assert!(!mine.iter().any(|r| page.contains(r.as_str())), "another owner sees none of mine: {page}");
    assert!(theirs.iter().all(|r| page.contains(r.as_str())), "but their own");
    if theirs.is_empty() {
        assert!(page.contains("data-testid=\"no-appeals\""), "or that they have none");
    }
    // Every other drawn page, as someone who has such records in the demo data.
    let one_appeal = format!("/me/appeals/{}", my_appeals[0].0);
    let inspect = format!("/desk/inspect/{}", ctx.demo(DemoCase::Ordinary, 0).code);
    for (who, path, mark) in [
        (phone(Role::Owner, None), one_appeal.as_str(), "appeal"),
        (phone(Role::Owner, None), "/me/applications", "no-applications"),
        (phone(Role::Vendor, None), "/me/applications", "application"),
        (phone(Role::Vendor, None), "/me/stalls", "lottery-entry"),
        (phone(Role::Admin, None), "/desk/audit", "audit"),
        (phone(Role::Admin, None), inspect.as_str(), "shop-name"),
    ] {
        let (html, _) = page_as(ctx, path, &ctx.session(who).access_token);
        let page = drawn(&html);
        assert!(page.contains(&format!("data-testid=\"{mark}\"")), "{path} as {who}: {page}");
    }
}

/// Without a session, with one that is not (any more) good, or with one whose person may
/// not see the page's records, the page comes with its title and the bundle says the rest.
fn a_signed_in_page_without_a_good_session_arrives_with_its_title_alone(ctx: &Ctx) {
    let owner = ctx.session(phone(Role::Owner, None));
    let cases = [
        ("/me/appeals", String::new()),
        ("/me/appeals", "not-a-token".to_string()),
        ("/me/appeals", format!("{}0", owner.access_token)),
        ("/desk/audit", owner.access_token.clone()),
        ("/me/appeals/999999", owner.access_token.clone()),
    ];
    for (path, token) in cases {
        let (html, _) = page_as(ctx, path, &token);
        let page = drawn(&html);
        assert!(page.contains("aria-busy=\"true\""), "{path} with {token:?}: loading until the bundle says more");
        assert!(!html.contains("first-answer"), "{path} with {token:?}: no answer embedded");
    }
}

/// Public pages whose records the Worker draws: the page, the records' mark, the API the
/// page asks first (none for a page whose records are its own text), and a text of the
/// records in Chinese and in English.
const DRAWN: &[(&str, &str, Option<&str>, &str, &str)] = &[
    ("/privacy", "policy", None, "我们收集什么", "What we collect"),
    ("/terms", "policy", None, "个体码是什么", "What a business code is"),
    ("/register", "bundles", Some("/api/registration/bundles"), "开餐馆", "Open a restaurant"),
    (
        "/register/open-restaurant",
        "notice",
        Some("/api/registration/bundles/open-restaurant"),
        "开餐馆",
        "Open a restaurant",
    ),
    ("/register/stats", "department-stats", Some("/api/registration/stats"), "市场监管局", "Market Regulation"),
    ("/stalls", "stall-markets", Some("/api/stall-markets"), "自产自销区", "Own-produce zone"),
    ("/stalls/lotteries/1", "lottery-details", Some("/api/stall-lotteries/1"), "报名截止", "Applications close"),
];

/// A page of each kind in the route table (getima_domain::routes), with demo data.
const PAGES: &[&str] = &[
    "/",
    "/sign-in",
    "/privacy",
    "/terms",
    "/me",
    "/dev/inbox",
    "/register",
    "/register/stats",
    "/register/open-restaurant",
    "/register/open-restaurant/apply",
    "/me/applications",
    "/me/households/92330302MA0001181Q/apply",
    "/me/households/92330302MA0001181Q/appeal",
    "/me/appeals",
    "/me/appeals/1",
    "/me/stalls",
    "/stalls",
    "/stalls/1",
    "/stalls/lotteries/1",
    "/desk",
    "/desk/audit",
    "/desk/calendar",
    "/desk/registration",
    "/desk/catalogue",
    "/desk/appeals",
    "/desk/markets/1",
    "/desk/inspect/abc.def",
];

fn route_of(path: &str) -> getima_domain::routes::Route {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    getima_domain::routes::Route::parse(&segments).unwrap_or_else(|| panic!("{path} is a page"))
}

/// The Worker draws each page's title and explanation (one table: `Route::text`) into the page
/// of its bundle, so they paint on arrival; language and text size come from the cookie.
fn every_page_arrives_with_its_title_and_what_it_is_for(ctx: &Ctx) {
    let cookie = format!("{}=lang=en&large=1", getima_domain::pages::PREFS_COOKIE);
    for path in PAGES {
        let text = route_of(path).text();
        let bundle = Bundle::for_path(path);
        let response = ctx.get(path);
        assert_eq!(response.status(), 200, "{path}");
        let csp = response.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).map(str::to_string);
        let html = response.text().expect("HTML");
        assert!(html.contains(&format!("/pkg/{}.js?v=", bundle.name())), "{path} boots the {bundle:?} bundle");
        assert!(html.contains(&format!("first-text__title\">{}</p>", text.title.zh)), "{path}: its title");
        assert!(html.contains(text.lead.zh), "{path}: what it is for");
        assert!(!html.contains("加载中"), "{path}: no bare loading line");
        assert!(!html.contains("<link rel=\"stylesheet\""), "{path}: CSS inlined, nothing blocks the first paint");
        let open = "<script type=\"module\">";
        let boot = &html[html.find(open).expect("boot") + open.len()..];
        let boot = &boot[..boot.find("</script>").expect("end")];
        let hash = getima_domain::csp::script_hash(boot);
        assert!(
            csp.is_some_and(|c| c.contains(&hash) && c.contains("'wasm-unsafe-eval'")),
            "{path}: CSP allows its boot"
        );
        let (english, _) = page_with(ctx, path, &cookie);
        assert!(
            english.contains("<html lang=\"en\" class=\"large-text\">"),
            "{path}: language and size from the cookie"
        );
        assert!(english.contains(text.lead.en) && !english.contains(text.lead.zh), "{path}: in English");
    }
}

/// A public page's records come in the page itself, drawn by the same component the bundle
/// mounts, in the language and text size of the cookie, with the API's answer beside them
/// for the bundle to take.
fn a_public_page_arrives_with_its_records_drawn_in_the_chosen_language(ctx: &Ctx) {
    let cookie = format!("{}=lang=en&large=1", getima_domain::pages::PREFS_COOKIE);
    for (path, mark, api, zh, en) in DRAWN {
        let html = ctx.get(path).text().expect("HTML");
        assert!(html.contains(&format!("data-testid=\"{mark}\"")), "{path}: its records are drawn");
        assert!(html.contains(zh), "{path}: records in Chinese");
        assert!(!html.contains("aria-busy=\"true\""), "{path}: nothing left loading");
        if let Some(api) = api {
            assert!(html.contains(&format!("id=\"first-answer\" data-path=\"{api}\"")), "{path}: the answer beside");
        }
        let (english, _) = page_with(ctx, path, &cookie);
        let records = &english[english.find(&format!("data-testid=\"{mark}\"")).expect("records")..];
        let records = &records[..records.find("</main>").expect("end of the page")];
        assert!(records.contains(en) && !records.contains(zh), "{path}: records in English: {records}");
    }
}

/// An address whose records do not exist still gets its page, with the title and what it is
/// for, and the bundle then says what is wrong.
fn a_page_whose_records_cannot_be_had_arrives_with_its_title_alone(ctx: &Ctx) {
    for path in ["/register/no-such-bundle", "/stalls/lotteries/999999", "/stalls/lotteries/x"] {
        let response = ctx.get(path);
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().expect("HTML");
        assert!(html.contains(route_of(path).text().lead.zh), "{path}: what it is for");
        assert!(!html.contains("first-answer"), "{path}: no answer embedded");
        assert!(html.contains("aria-busy=\"true\""), "{path}: loading until the bundle says more");
    }
}

/// The bundle takes the page over showing the same records at once, from the answer the
/// Worker embedded: the phone never asks the API for them again.
fn the_bundle_shows_the_records_the_worker_drew_without_asking_again(ctx: &Ctx) {
    // The demo owner's appeals and the demo vendor's applications.
    let signed_in = [
        (phone(Role::Owner, None), "/me/appeals", "appeal", "/api/me/appeals"),
        (phone(Role::Vendor, None), "/me/applications", "application", "/api/me/applications"),
    ]
    .map(|(who, path, mark, api)| (serde_json::to_value(ctx.session(who)).expect("tokens"), path, mark, api));
    crate::browser::run(async || {
        let phone = getima_e2e::phone::phone_with(getima_e2e::phone::PHONE_UA).await;
        let client = &phone.client;
        for (path, mark, api, zh, _) in DRAWN {
            let asked = open_and_list_calls(client, &ctx.server.url(path), mark).await;
            let records = crate::browser::text(client, &format!("main:not(#boot) [data-testid={mark}]")).await;
            assert!(records.contains(zh), "{path}: {records}");
            if let Some(api) = api {
                assert!(!asked.iter().any(|p| p == api), "{path} asked {api} again: {asked:?}");
            }
            // The listing does see the page's calls: the statistics page asks for the appeals'
            // figures, which the Worker did not draw.
            if *path == "/register/stats" {
                assert!(asked.iter().any(|p| p == "/api/appeals/stats"), "{path}: {asked:?}");
            }
        }
        // Signed in, the same for the person's own records.
        for (tokens, path, mark, api) in &signed_in {
            getima_e2e::phone::remember_session(client, &ctx.server.url("/"), Some(tokens)).await;
            let asked = open_and_list_calls(client, &ctx.server.url(path), mark).await;
            assert!(!asked.iter().any(|p| p == api), "{path} asked {api} again: {asked:?}");
        }
        phone.client.clone().close().await.expect("session closes");
    });
}

/// Opens `url`, waits for its bundle to show the records marked `mark`, and lists the paths
/// the page fetched; the Worker's embedded answer must have been taken.
async fn open_and_list_calls(client: &fantoccini::Client, url: &str, mark: &str) -> Vec<String> {
    client.goto(url).await.expect("page opens");
    let shown = format!("html[data-ready] main:not(#boot) [data-testid={mark}]");
    crate::browser::element(client, &shown, "the bundle shows the records").await;
    assert!(client.find(fantoccini::Locator::Css("#first-answer")).await.is_err(), "{url}: answer taken");
    client
        .execute("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)", vec![])
        .await
        .ok()
        .and_then(|v| serde_json::from_value(v).ok())
        .expect("resources listed")
}

/// Once its bundle has mounted (`<html data-ready>`), a page's bar says the title the Worker
/// drew, and a page with an introduction of its own says the Worker's explanation in it.
fn the_bundle_takes_the_page_over_under_the_title_the_worker_drew(ctx: &Ctx) {
    crate::browser::run(async || {
        let phone = getima_e2e::phone::phone_with(getima_e2e::phone::PHONE_UA).await;
        let client = &phone.client;
        for path in ["/", "/sign-in", "/privacy", "/register", "/register/stats", "/stalls", "/me", "/desk"] {
            client.goto(&ctx.server.url(path)).await.expect("page opens");
            crate::browser::element(client, "html[data-ready] header.bar", "the bundle mounted").await;
            let title = crate::browser::text(client, "header.bar .bar__title").await;
            assert_eq!(title, route_of(path).text().title.zh, "{path}");
            assert!(client.find(fantoccini::Locator::Css("#boot")).await.is_err(), "{path}: the Worker's page is gone");
            // A page with an introduction of its own says what the Worker drew under its title.
            if ["/", "/sign-in", "/register", "/register/stats", "/stalls"].contains(&path) {
                let intro = crate::browser::text(client, "main .intro").await;
                assert!(intro.contains(route_of(path).text().lead.zh), "{path}: {intro}");
            }
        }
        phone.client.clone().close().await.expect("session closes");
    });
}

/// Each bundle mounts only its area's pages: the others' components are left out by the
/// linker, so their texts are not in its WebAssembly.
fn no_bundle_carries_the_pages_of_another_area(_: &Ctx) {
    // A text only each area's pages show (in their source, and so in the built wasm).
    let marks = [
        (Bundle::Account, "重新获取验证码"),
        (Bundle::Register, "各部门登记许可办理情况"),
        (Bundle::Applications, "填写的内容会自动保存为草稿"),
        (Bundle::Appeals, "哪里还没有解决"),
        (Bundle::Stalls, "先登记为摊主才能报名"),
        (Bundle::Desk, "标记为已载入当年安排"),
        (Bundle::DeskRegistration, "办理时限（工作日，0 为当场办结）"),
        (Bundle::DeskAppeals, "受理（由我负责到底）"),
        (Bundle::DeskMarkets, "您不是这个市场的管理员"),
    ];
    let wasm = |bundle: Bundle| {
        let path = getima_e2e::repo_root().join(format!("public/pkg/{}_bg.wasm", bundle.name()));
        fs::read(path).expect("built bundle")
    };
    let has = |haystack: &[u8], needle: &str| haystack.windows(needle.len()).any(|w| w == needle.as_bytes());
    for (owner, mark) in marks {
        for bundle in Bundle::ALL {
            let carries = has(&wasm(bundle), mark);
            assert_eq!(carries, bundle == owner, "{mark:?} is in {bundle:?}: {carries}, but it is a page of {owner:?}");
        }
    }
    // Nor the route table's titles, even their own pages': the Worker writes a page's title in.
    let title = Route::MyAppeal(String::new()).text().title.zh;
    for bundle in Bundle::ALL {
        assert!(!has(&wasm(bundle), title), "{bundle:?} carries the route table's title {title:?}");
    }
}

fn each_route_gets_the_page_of_its_bundle(ctx: &Ctx) {
    let code = &ctx.demo(DemoCase::Ordinary, 0).code;
    let routes = [
        ("/".to_string(), Bundle::Public),
        (format!("/c/{code}"), Bundle::Public),
        (format!("/c/{code}/poster"), Bundle::Public),
        ("/sign-in?next=/me".into(), Bundle::Account),
        ("/privacy".into(), Bundle::Account),
        ("/terms".into(), Bundle::Account),
        ("/me".into(), Bundle::Account),
        ("/dev/inbox".into(), Bundle::Account),
        ("/desk".into(), Bundle::Desk),
        ("/desk/audit".into(), Bundle::Desk),
        ("/desk/calendar".into(), Bundle::Desk),
    ];
    for (path, bundle) in routes {
        let response = ctx.get(&path);
        assert_eq!(response.status(), 200, "{path}");
        let csp = response.headers().get("content-security-policy").map(|v| v.to_str().unwrap_or("").to_string());
        let html = response.text().expect("HTML");
        assert!(html.contains(&format!("/pkg/{}.js?v=", bundle.name())), "{path} boots the {bundle:?} bundle");
        assert!(csp.is_some_and(|c| c.contains("'wasm-unsafe-eval'")), "{path} carries the CSP");
    }
    // A code that is not valid gets its red page with a 4xx, and the public bundle still boots.
    let response = ctx.get("/c/forged.whatever");
    assert_eq!(response.status(), 400);
    assert!(response.text().expect("HTML").contains("/pkg/app.js?v="));
}

fn assets_are_served_compressed(ctx: &Ctx) {
    for bundle in Bundle::ALL {
        let name = bundle.name();
        for path in [format!("/pkg/{name}_bg.wasm"), format!("/pkg/{name}.js")] {
            let response = ctx
                .http
                .get(ctx.server.url(&path))
                .header("accept-encoding", "gzip")
                .send_through_dev_proxy()
                .expect("GET");
            assert_eq!(response.status(), 200, "{path}");
            let encoding = response.headers().get("content-encoding").map(|v| v.to_str().unwrap_or("").to_string());
            assert_eq!(encoding.as_deref(), Some("gzip"), "{path}");
        }
    }
    for path in ["/vendor/weui.min.css", "/app.css"] {
        let response =
            ctx.http.get(ctx.server.url(path)).header("accept-encoding", "gzip").send_through_dev_proxy().expect(path);
        assert_eq!(response.headers().get("content-encoding").map(|v| v.to_str().unwrap_or("")), Some("gzip"));
    }
}

/// Byte budgets do not depend on the machine, so they hold in every test run, not only in
/// `make bench`.
fn what_a_scan_loads_stays_within_its_byte_budget(ctx: &Ctx) {
    let code = &ctx.demo(DemoCase::Ordinary, 0).code;
    let report = budget::bundles(&ctx.http, &ctx.server, code);
    println!("{}", report.table());
    let public = report.bundle(Bundle::Public);
    assert!(
        public <= budget::PUBLIC_BUNDLE_BYTES,
        "what /c/:code loads is {public} B brotli, over the {} B budget:\n{}",
        budget::PUBLIC_BUNDLE_BYTES,
        report.table()
    );
}

fn served_openapi_lists_every_endpoint(ctx: &Ctx) {
    let doc: serde_json::Value = ctx.get("/api/openapi.json").json().expect("JSON");
    assert_eq!(doc["openapi"], "3.1.0");
    for endpoint in Endpoint::all() {
        let method = endpoint.method().as_str().to_lowercase();
        assert!(doc["paths"][endpoint.path()][&method].is_object(), "{endpoint:?}");
    }
}

/// wrangler.toml must send every route of a non-public bundle to the Worker; otherwise the
/// static fallback would answer it with the public bundle.
fn worker_is_asked_first_for_bundle_routes(_: &Ctx) {
    let config = fs::read_to_string(getima_e2e::repo_root().join("wrangler.toml")).expect("wrangler.toml");
    let line = config.lines().find(|l| l.starts_with("run_worker_first")).expect("run_worker_first is set");
    // A prefix inside another bundle's (`/me/appeals` in `/me`) is covered by that one's `/*`:
    // wrangler refuses a rule another makes redundant.
    let sent = |path: &str| {
        line.contains(&format!("\"{path}\""))
            || path.match_indices('/').skip(1).any(|(at, _)| line.contains(&format!("\"{}/*\"", &path[..at])))
    };
    for bundle in Bundle::ALL {
        for prefix in bundle.prefixes() {
            assert!(sent(prefix), "{prefix} itself");
            assert!(sent(&format!("{prefix}/x")), "{prefix}/*");
        }
    }
}

/// Mini-program web-views silently drop alert/confirm/prompt and window.open: the built
/// bundles must not import them (wasm-bindgen glue names every browser API a bundle calls).
fn nothing_uses_popups_that_web_views_block(_: &Ctx) {
    for bundle in Bundle::ALL {
        let path = getima_e2e::repo_root().join(format!("public/pkg/{}.js", bundle.name()));
        let glue = fs::read_to_string(path).expect("built bundle");
        for forbidden in [".alert(", ".confirm(", ".prompt("] {
            assert!(!glue.contains(forbidden), "{bundle:?} calls {forbidden}");
        }
        // `window.open` hands back the new window; the uploads' `XMLHttpRequest.open` returns
        // nothing, so only an `open` whose result is kept is a popup.
        let popups: Vec<&str> = glue.lines().filter(|l| l.contains(".open(") && l.contains("ret =")).collect();
        assert!(popups.is_empty(), "{bundle:?} opens a window: {popups:?}");
        assert!(glue.contains(".history"), "the check reads real glue (it names the History API)");
    }
}

/// The modules of `functions/src` (a file or a folder) a module refers to as `crate::name` or
/// `use crate::{..}`.
fn worker_imports() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let dir = getima_e2e::repo_root().join("functions/src");
    let mut graph = std::collections::BTreeMap::new();
    for entry in fs::read_dir(&dir).expect("functions/src") {
        let path = entry.expect("entry").path();
        let module = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        // A module in a folder (`stalls/`) is all of its files together.
        let source = if path.is_dir() {
            let files = fs::read_dir(&path).expect("a module's folder").map(|e| e.expect("entry").path());
            files.map(|file| fs::read_to_string(file).expect("source")).collect::<Vec<_>>().join("\n")
        } else {
            fs::read_to_string(&path).expect("source")
        };
        let mut uses = std::collections::BTreeSet::new();
        for (i, _) in source.match_indices("crate::") {
            let rest = &source[i + "crate::".len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group[..group.find('}').unwrap_or(0)].split(',').collect(),
                None => vec![rest],
            };
            for name in names {
                let name: String = name.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() && name != module && name != "self" {
                    uses.insert(name);
                }
            }
        }
        graph.insert(module, uses);
    }
    graph
}

fn workers_modules_import_without_circles(_: &Ctx) {
    let graph = worker_imports();
    assert!(graph.len() > 10 && graph["context"].contains("access"), "the graph is read from the real sources");
    // Depth-first search; a module met again while still on the path closes a circle.
    fn visit<'a>(
        module: &'a str,
        graph: &'a std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut std::collections::BTreeSet<&'a str>,
    ) {
        if let Some(start) = path.iter().position(|m| *m == module) {
            panic!("import circle: {} → {module}", path[start..].join(" → "));
        }
        if !done.insert(module) {
            return;
        }
        path.push(module);
        for next in graph.get(module).into_iter().flatten() {
            if graph.contains_key(next) {
                visit(next, graph, path, done);
            }
        }
        path.pop();
    }
    let mut done = std::collections::BTreeSet::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done);
    }
}
