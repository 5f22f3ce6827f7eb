//! `/c/:code` and its poster answered with finished HTML: the verdict, the shop, its details
//! and licences (or the red page with its reason) show before any script arrives, even with
//! scripts off. The public bundle then takes the page over from the profile embedded in it,
//! without fetching it again. The markup and classes are the ones the bundle renders.
//!
//! Every other page of the app is its bundle's page with the page's title and what it is for
//! (`Route::text`) drawn in, so they show on arrival while the bundle is still on its way.

use crate::codes;
use crate::config::Config;
use crate::http::Failure;
use crate::router;
use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use getima_domain::accounts::sessions::ACCESS_COOKIE;
use getima_domain::api::{ApiError, AwaitedLicence, CodeProfile, PublicHousehold, PublicLicence, encode_segment};
use getima_domain::bundles::Bundle;
use getima_domain::codes::households::Label;
use getima_domain::codes::verdict::{PaymentOffer, awaited_tag, invalid_reason, poster_label};
use getima_domain::csp::script_hash;
use getima_domain::pages::{PageData, Prefs, STRICT_TRANSPORT_SECURITY, TITLE_META_EN, TITLE_META_ZH, cookie};
use getima_domain::routes::Route;
use getima_ui::first::{ANSWER_ID, FirstRecords};
use leptos::prelude::Owner;
use leptos::tachys::view::RenderHtml;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::{Closure, JsValue};
use worker::{Env, Headers, Method, Request, RequestInit, Response, Result};

/// What every server-rendered page takes from the public bundle's own page: its boot script
/// (whose hash the CSP allows) and its stylesheets, inlined so nothing blocks the first paint.
#[derive(Clone)]
struct Shell {
    boot: String,
    css: String,
}

thread_local! {
    // Assets do not change while an isolate lives, so they are read once per isolate.
    static SHELL: RefCell<Option<Shell>> = const { RefCell::new(None) };
    static BUNDLE_PAGES: RefCell<HashMap<&'static str, BundlePage>> = RefCell::new(HashMap::new());
}

/// A static file's text. The assets answer a path they lack with index.html (the app's
/// fallback), so the media type and, for a page, its bundle are checked before anything is
/// kept for the isolate's life.
async fn asset(env: &Env, origin: &str, path: &str, media_type: &str) -> Result<String> {
    let mut answer = env.assets("ASSETS")?.fetch(format!("{origin}{path}"), None).await?;
    let served = answer.headers().get("content-type")?.unwrap_or_default();
    if answer.status_code() != 200 || !served.starts_with(media_type) {
        return Err(worker::Error::RustError(format!("{path} is not served as {media_type}: {served}")));
    }
    answer.text().await
}

async fn shell(env: &Env, origin: &str) -> Result<Shell> {
    if let Some(shell) = SHELL.with(|s| s.borrow().clone()) {
        return Ok(shell);
    }
    let index = asset(env, origin, "/index.html", "text/html").await?;
    let between = |start: &str, end: &str| {
        let from = index.find(start)? + start.len();
        Some(index[from..].split(end).next()?.to_string())
    };
    let boot = between("<script type=\"module\">", "</script>").unwrap_or_default();
    let mut css = String::new();
    for quoted in index.split("href=\"").skip(1) {
        let href = quoted.split('"').next().unwrap_or_default();
        if href.split('?').next().is_some_and(|p| p.ends_with(".css")) {
            css.push_str(&asset(env, origin, href, "text/css").await?);
        }
    }
    let shell = Shell { boot, css };
    SHELL.with(|s| *s.borrow_mut() = Some(shell.clone()));
    Ok(shell)
}

/// A bundle's page (built from ui/index.html) with its stylesheets inlined, so that nothing
/// but the HTML stands between a phone and the page's first text.
#[derive(Clone)]
struct BundlePage {
    html: String,
    boot: String,
}

async fn bundle_page_of(env: &Env, origin: &str, bundle: Bundle) -> Result<BundlePage> {
    let page = bundle.html();
    if let Some(found) = BUNDLE_PAGES.with(|p| p.borrow().get(page).cloned()) {
        return Ok(found);
    }
    let mut html = asset(env, origin, page, "text/html").await?;
    if !html.contains(&format!("/pkg/{}.js", bundle.name())) {
        return Err(worker::Error::RustError(format!("{page} does not boot the {} bundle", bundle.name())));
    }
    while let Some(start) = html.find("<link rel=\"stylesheet\" href=\"") {
        let href_start = start + "<link rel=\"stylesheet\" href=\"".len();
        let Some(href_len) = html[href_start..].find('"') else { break };
        let Some(tag_len) = html[start..].find('>') else { break };
        let css = asset(env, origin, &html[href_start..href_start + href_len], "text/css").await?;
        html.replace_range(start..start + tag_len + 1, &format!("<style>{css}</style>"));
    }
    let boot = html
        .split("<script type=\"module\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap_or_default()
        .to_string();
    let found = BundlePage { html, boot };
    BUNDLE_PAGES.with(|p| p.borrow_mut().insert(page, found.clone()));
    Ok(found)
}

/// Answers a page of a bundle (any but a code's) for this request: the bundle's page, in the
/// viewer's language and text size, showing the page's bar, title and what it is for until
/// the bundle takes it over.
pub async fn bundle_page(req: &Request, env: &Env, route: &Route) -> Result<Response> {
    let origin = req.url()?.origin().ascii_serialization();
    let prefs =
        Prefs::from_headers(req.headers().get("cookie")?.as_deref(), req.headers().get("accept-language")?.as_deref());
    let page = bundle_page_of(env, &origin, route.bundle()).await?;
    let first = first_records(req, env, route, prefs).await;
    let t = T(prefs.english);
    let text = route.text();
    // The bar's title links home as the bundle's bar does; nothing else here is a control or
    // a heading the bundle also draws, so a tap or a look that comes early never lands on
    // something about to go: the bundle's own page replaces it whole.
    let first = html! {
        main class="page" id="boot" {
            header class="bar" {
                a href="/" class="bar__title" { (t.l(text.title)) }
            }
            section class="first-text" data-testid="page-intro" {
                p class="first-text__title" { (t.l(text.title)) }
                p data-testid="page-lead" { (t.l(text.lead)) }
            }
            @match &first {
                Some(first) => (PreEscaped(&first.html)),
                None => div class="loading" role="status" aria-busy="true" aria-label=(t.s("正在加载", "Loading")) {
                    i class="weui-loading" {}
                },
            }
        }
        // Outside the part the bundle drops on arrival: its first call takes this answer.
        @if let Some((answer, path)) = first.as_ref().and_then(|first| first.answered.as_ref()) {
            script type="application/json" id=(ANSWER_ID) data-path=(path) {
                // `<` only occurs inside JSON strings, where its escape reads the same.
                (PreEscaped(answer.replace('<', "\\u003c")))
            }
        }
    };
    let html_tag = format!(
        "<html lang=\"{}\"{}>",
        if prefs.english { "en" } else { "zh-CN" },
        if prefs.large_text { " class=\"large-text\"" } else { "" }
    );
    let title = html! {
        title { (t.l(text.title)) " · " (t.s("个体码", "Getima")) }
        (title_in_both(text.title))
    }
    .into_string();
    let mut body = page.html.replacen("<html lang=\"zh-CN\">", &html_tag, 1);
    if let (Some(start), Some(len)) = (body.find("<title>"), body.find("</title>")) {
        body.replace_range(start..len + "</title>".len(), &title);
    }
    if let Some(start) = body.find("<div id=\"boot\"") {
        let end = body[start..].find("</div>").map_or(body.len(), |len| start + len + "</div>".len());
        body.replace_range(start..end, &first.into_string());
    }
    let headers = page_headers(&page.boot, "img-src 'self' data: blob:")?;
    if signed_in_as(req).is_some() {
        // It may hold the person's own records: kept by no cache, not even the browser's.
        headers.set("cache-control", "private, no-store")?;
    }
    Ok(Response::from_html(body)?.with_headers(headers))
}

/// A page's first records as HTML, and the answer they were drawn from (with its address).
struct FirstPaint {
    answered: Option<(String, String)>,
    html: String,
}

/// Each crate's pages whose records the Worker draws (getima_ui::first).
const FIRST_RECORDS: [fn(&Route) -> Option<FirstRecords>; 2] =
    [getima_account::areas::first_records, getima_desk::areas::first_records];

/// Makes the page's first GET as the phone would have (same headers), and draws its records
/// with the page's own component in the viewer's language and text size. Without them (the
/// call refused, say), the page shows its title and the bundle asks again on arrival.
async fn first_records(req: &Request, env: &Env, route: &Route, prefs: Prefs) -> Option<FirstPaint> {
    let records = FIRST_RECORDS.iter().find_map(|records_of| records_of(route))?;
    let answered = match records.path.clone() {
        Some(path) => Some((answer(req, env, &path).await?, path)),
        None => None,
    };
    let answer = answered.as_ref().map_or(String::new(), |(answer, _)| answer.clone());
    let html = draw_apart(route, move || {
        // Drawing is one pass over the answer: whatever a component would start (an effect,
        // a fetch) is for the bundle to do, so nothing spawned here ever runs.
        let _ = Executor::init_custom_executor(NothingRuns);
        Owner::new().with(|| {
            getima_ui::prefs::provide_fixed(prefs);
            getima_ui::session::provide_with(None, false);
            records.draw(&answer).map(RenderHtml::to_html)
        })
    })?;
    Some(FirstPaint { answered, html })
}

thread_local! {
    // Set once a drawing has thrown: what it left half done is never used again.
    static DRAWING_FAILED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `draw` behind a JavaScript call, so that a component that throws here (one reaching
/// for `window`, which a Worker lacks) costs this page its records, not the isolate: an
/// exception left to reach the Worker's own task would leave every later request hanging.
/// After one, this isolate draws no more records; its pages still come with their titles.
fn draw_apart(route: &Route, draw: impl FnOnce() -> Option<String> + 'static) -> Option<String> {
    if DRAWING_FAILED.get() {
        return None;
    }
    let drawn = Rc::new(RefCell::new(None));
    let (out, mut draw) = (drawn.clone(), Some(draw));
    let call = Closure::<dyn FnMut()>::new(move || {
        if let Some(draw) = draw.take() {
            let html = draw();
            *out.borrow_mut() = html;
        }
    });
    let function: &js_sys::Function = call.as_ref().unchecked_ref();
    if let Err(thrown) = function.call0(&JsValue::NULL) {
        DRAWING_FAILED.set(true);
        let what = thrown
            .as_string()
            .or_else(|| thrown.dyn_ref::<js_sys::Error>().and_then(|error| error.message().as_string()))
            .unwrap_or_default();
        worker::console_error!("drawing the records of {route:?} threw; no more are drawn here: {what}");
        return None;
    }
    drawn.take()
}

struct NothingRuns;

impl CustomExecutor for NothingRuns {
    fn spawn(&self, _: PinnedFuture<()>) {}
    fn spawn_local(&self, _: PinnedLocalFuture<()>) {}
    fn poll_local(&self) {}
}

/// The API's answer to a GET of `path` with the page request's own headers, as the person
/// whose access token is in the cookie (if any), if it succeeds.
async fn answer(req: &Request, env: &Env, path: &str) -> Option<String> {
    let url = req.url().ok()?.join(path).ok()?;
    let headers = req.headers().clone();
    if let Some(token) = signed_in_as(req) {
        headers.set("authorization", &format!("Bearer {token}")).ok()?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Get).with_headers(headers);
    let mut answered = router::serve(Request::new_with_init(url.as_str(), &init).ok()?, env.clone()).await;
    if answered.status_code() != 200 {
        return None;
    }
    answered.text().await.ok()
}

/// The access token the device keeps in its cookie (`ACCESS_COOKIE`).
fn signed_in_as(req: &Request) -> Option<String> {
    let header = req.headers().get("cookie").ok()??;
    cookie(&header, ACCESS_COOKIE).filter(|token| !token.is_empty()).map(str::to_string)
}

/// The page's title in both languages, for the bundle's bar to show in whichever the viewer
/// picks: the route table stays the one place titles are worded, and no bundle carries them.
fn title_in_both(title: Label) -> Markup {
    html! {
        meta name=(TITLE_META_ZH) content=(title.zh);
        meta name=(TITLE_META_EN) content=(title.en);
    }
}

/// The headers of a page drawn here: it allows its own boot script and depends on the
/// viewer's language and text size, which travel in a cookie.
fn page_headers(boot: &str, img_src: &str) -> Result<Headers> {
    let headers = Headers::new();
    headers.set("content-type", "text/html; charset=utf-8")?;
    headers.set("x-content-type-options", "nosniff")?;
    headers.set("referrer-policy", "strict-origin-when-cross-origin")?;
    headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY)?;
    headers.set("vary", "cookie, accept-language")?;
    headers.set("cache-control", "no-cache")?;
    headers.set(
        "content-security-policy",
        &format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self' 'unsafe-inline'; \
             {img_src}; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
            script_hash(boot)
        ),
    )?;
    Ok(headers)
}

/// Sends a code typed or scanned in upper case to its one canonical (lower-case) address.
pub fn to_canonical_spelling(req: &Request, code: &str) -> Result<Response> {
    let mut url = req.url()?;
    let path = url.path().replacen(code, &code.to_ascii_lowercase(), 1);
    url.set_path(&path);
    // Built by hand: a redirect made by `Response::redirect` has headers that cannot be added to.
    let headers = Headers::new();
    headers.set("location", url.as_str())?;
    headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY)?;
    Ok(Response::empty()?.with_status(301).with_headers(headers))
}

/// Answers `/c/<code>` (or its poster when `poster`) for this request.
pub async fn code_page(req: &Request, env: &Env, code: &str, poster: bool) -> Result<Response> {
    let origin = req.url()?.origin().ascii_serialization();
    let prefs =
        Prefs::from_headers(req.headers().get("cookie")?.as_deref(), req.headers().get("accept-language")?.as_deref());
    let data: PageData = match Config::from_env(env) {
        Ok(config) => {
            let origin = config.public_origin(req).unwrap_or_else(|_| origin.clone());
            codes::public_profile(&config, &origin, code).await.map_err(Failure::into_error)
        }
        Err(failure) => Err(failure.into_error()),
    };
    let shell = shell(env, &origin).await?;
    let status = match &data {
        Ok(_) => 200,
        Err(e) => e.status(),
    };
    let here = req.url()?.path().to_string();
    let body = document(&shell, prefs, &data, poster, &here).into_string();
    let headers = page_headers(&shell.boot, "img-src 'self' data:")?;
    Ok(Response::from_html(body)?.with_status(status).with_headers(headers))
}

/// Picks the viewer's language.
#[derive(Clone, Copy)]
struct T(bool);

impl T {
    fn s(self, zh: &'static str, en: &'static str) -> &'static str {
        if self.0 { en } else { zh }
    }

    fn l(self, label: Label) -> &'static str {
        self.s(label.zh, label.en)
    }
}

fn document(shell: &Shell, prefs: Prefs, data: &PageData, poster: bool, here: &str) -> Markup {
    let t = T(prefs.english);
    let page_title = if poster { Route::Poster(String::new()) } else { Route::Code(String::new()) }.text().title;
    let title = match data {
        Ok(profile) => format!("{} · {}", profile.household.name, t.s("个体码", "Getima")),
        Err(_) => t.s("不是有效的个体码 · 个体码", "Not a valid business code · Getima").to_string(),
    };
    html! {
        (DOCTYPE)
        html lang=(if prefs.english { "en" } else { "zh-CN" }) class=(if prefs.large_text { "large-text" } else { "" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover";
                meta name="format-detection" content="telephone=no";
                meta name="theme-color" content="#05803f";
                title { (title) }
                (title_in_both(page_title))
                link rel="icon" href="/favicon.svg" type="image/svg+xml";
                style { (PreEscaped(&shell.css)) }
                // A module script runs after the page is parsed: it never holds up the text.
                script type="module" { (PreEscaped(&shell.boot)) }
            }
            body {
                main class="page" id="boot" {
                    (bar(t, t.l(page_title), here))
                    @match data {
                        Ok(profile) if poster => (poster_view(t, profile)),
                        Ok(profile) => (verified(t, profile)),
                        Err(error) => (invalid(t, error)),
                    }
                    footer class="footer" {
                        p { (t.s("个体码 · 温州个体工商户全生命周期服务", "Getima · lifelong services for Wenzhou's individual businesses")) }
                    }
                }
                // The profile for the app to take over with; `<` is escaped so it cannot end the element.
                script type="application/json" id="getima-data" {
                    (PreEscaped(serde_json::to_string(data).unwrap_or_default().replace('<', "\\u003c")))
                }
            }
        }
    }
}

/// The top bar; signing in from it comes back to `here`.
fn bar(t: T, title: &str, here: &str) -> Markup {
    html! {
        header class="bar" {
            a href="/" class="bar__title" data-testid="home-link" { (title) }
            button data-testid="lang-toggle" { (t.s("EN", "中文")) }
            button aria-pressed="false" data-testid="large-text-toggle" { (t.s("大字", "A+")) }
            a href={ "/sign-in?next=" (encode_segment(here)) } class="bar__account" data-testid="account" { (t.s("登录", "Sign in")) }
        }
    }
}

fn invalid(t: T, error: &ApiError) -> Markup {
    let reason = invalid_reason(error.error);
    html! {
        section class="verdict verdict--invalid" data-testid="invalid-code" data-verdict=(reason) role="alert" {
            span class="verdict__mark" aria-hidden="true" { "✕" }
            div {
                div class="verdict__title" { (t.s("不是有效的个体码", "Not a valid business code")) }
                div class="verdict__sub" { (t.s("系统未能核验此码", "Getima could not verify this code")) }
            }
        }
        div class="invalid" {
            div class="weui-msg__text-area" {
                p class="weui-msg__desc" { (if t.0 { &error.message_en } else { &error.message_zh }) }
            }
            p class="invalid__advice" { (t.s("请勿通过此码付款或办理业务。", "Do not pay or do business through this code.")) }
        }
        div class="actions" {
            a href="/" class="weui-btn weui-btn_default" { (t.s("手动输入个体码", "Enter a code by hand")) }
        }
    }
}

fn verified(t: T, profile: &CodeProfile) -> Markup {
    let household = &profile.household;
    let standing = profile.standing;
    let (headline_zh, headline_en) = standing.headline(&household.awaited_licences);
    html! {
        section class={ "verdict verdict--" (standing.class()) } data-testid="verified" data-standing=(standing.class()) role="status" {
            span class="verdict__mark" aria-hidden="true" { (standing.mark()) }
            div {
                div class="verdict__title" { (if t.0 { headline_en } else { headline_zh }) }
                div class="verdict__sub" { (t.s("温州市个体码 · 核验日期 ", "Wenzhou business code · checked ")) span class="nowrap" { (profile.checked_on) } }
            }
        }
        p class={ "notice notice--" (standing.class()) } data-testid="standing-advice" { (t.l(standing.advice())) }
        (shop(t, household))
        (details(t, household))
        (licences(t, &household.licences, &household.awaited_licences))
        @if let Some(payment) = &household.payment {
            @match standing.payment() {
                PaymentOffer::Shown => {
                    div class="weui-cells__title" { (t.s("收款码", "Payment code")) }
                    (payment_section(t, &profile.code, t.l(payment.provider.label())))
                }
                PaymentOffer::BehindWarning => {
                    div class="weui-cells__title" { (t.s("收款码", "Payment code")) }
                    details class="pay pay--guarded" data-testid="payment-warning" {
                        summary data-testid="show-payment" {
                            p { (t.l(standing.payment_warning())) }
                            span class="weui-btn weui-btn_default" { (t.s("我已了解，显示收款码", "I understand: show the payment code")) }
                        }
                        (payment_section(t, &profile.code, t.l(payment.provider.label())))
                    }
                }
                PaymentOffer::Withheld => {}
            }
        }
        div class="actions no-print" {
            @if standing.posters() {
                a href={ "/c/" (profile.code) "/poster" } class="weui-btn weui-btn_default" data-testid="to-poster" {
                    (t.l(poster_label(household.payment.is_some())))
                }
            }
            a href="/" class="weui-btn weui-btn_default" data-testid="home" { (t.s("核验其他个体码", "Check another code")) }
        }
    }
}

fn shop(t: T, household: &PublicHousehold) -> Markup {
    html! {
        section class="shop" {
            h1 data-testid="shop-name" { (household.name) }
            div class="shop__trade" { (if t.0 { &household.trade.en } else { &household.trade.zh }) }
            div class="badges" {
                @for badge in &household.badges {
                    span class="badge" { (t.l(badge.label())) }
                }
            }
        }
    }
}

fn row(name: &str, value: &str, testid: &str, mono: bool) -> Markup {
    html! {
        div class="weui-cell" {
            div class="weui-cell__bd" { (name) }
            div class={ "weui-cell__ft cell__value" @if mono { " mono" } } data-testid=(testid) { (value) }
        }
    }
}

fn details(t: T, household: &PublicHousehold) -> Markup {
    html! {
        div class="weui-cells__title" { (t.s("登记信息", "Registration")) }
        div class="weui-cells kv" {
            (row(t.s("经营者", "Operator"), &household.operator, "operator", false))
            (row(t.s("统一社会信用代码", "Credit code"), &household.uscc, "uscc", true))
            div class="weui-cell" {
                div class="weui-cell__bd" { (t.s("登记状态", "Status")) }
                div class={ "weui-cell__ft cell__value status--" (household.status.as_str()) } data-testid="status" { (t.l(household.status.label())) }
            }
            @if let Some(company) = &household.converted_to {
                (row(t.s("已转为企业", "Became the company"), company, "converted-to", false))
            }
            div class="weui-cell" {
                div class="weui-cell__bd" { (t.s("所在地", "County")) }
                div class="weui-cell__ft cell__value" { (if t.0 { &household.county.en } else { &household.county.zh }) }
            }
            (row(t.s("经营场所", "Premises"), &household.address, "address", false))
            (row(t.s("成立日期", "Established"), &household.established_on, "established", false))
            div class="weui-cell" {
                div class="weui-cell__bd" { (t.s("信用等级", "Credit level")) }
                div class="weui-cell__ft cell__value" { (t.l(household.credit_level.label())) }
            }
        }
    }
}

fn licences(t: T, licences: &[PublicLicence], awaited: &[AwaitedLicence]) -> Markup {
    html! {
        div class="weui-cells__title" { (t.s("证照", "Licences")) }
        div class="weui-cells" data-testid="licences" {
            @for licence in awaited {
                div class="weui-cell" data-testid="awaited-licence" {
                    div class="weui-cell__bd" {
                        div { (t.l(licence.kind.label())) }
                        div class="shop__trade" { (t.l(licence.meaning())) }
                    }
                    div class="weui-cell__ft cell__value" {
                        span class="tag tag--awaited" { (t.l(awaited_tag(licence.pending))) }
                    }
                }
            }
            @for licence in licences {
                div class="weui-cell" {
                    div class="weui-cell__bd" {
                        div { (t.l(licence.kind.label())) }
                        div class="shop__trade mono" { (licence.number) }
                    }
                    div class="weui-cell__ft cell__value" {
                        span class={ "tag tag--" (licence.validity.as_str()) } { (t.l(licence.validity.label())) }
                        @if let Some(until) = &licence.valid_until {
                            div class="shop__trade" { (t.s("至 ", "until ")) (until) }
                        }
                    }
                }
            }
        }
    }
}

fn payment_section(t: T, code: &str, provider: &str) -> Markup {
    html! {
        section class="pay" data-testid="payment" {
            img src={ "/api/codes/" (code) "/payment-qr.svg" } alt=(t.s("本店收款码", "This shop's payment code")) width="180" height="180";
            div { (provider) }
            p class="pay__hint" { (t.s("用支付应用扫码，向本店付款", "Scan with your payment app to pay this shop")) }
        }
    }
}

fn poster_view(t: T, profile: &CodeProfile) -> Markup {
    html! {
        @if profile.standing.posters() {
            article class="poster poster--a6" data-testid="poster" {
                div class="poster__brand" { "个体码 · GETIMA" }
                h1 class="poster__name" data-testid="poster-name" { (profile.household.name) }
                div class="poster__qrs" {
                    figure class="poster__qr" {
                        img src={ "/api/codes/" (profile.code) "/qr.svg" } alt="个体码 QR";
                        figcaption class="poster__caption" { "扫码核验 · Scan to verify" }
                    }
                }
                p class="poster__short" { "个体码 " b class="mono" data-testid="poster-short-code" { (profile.short_code) } }
                p class="poster__caption mono" { (profile.household.uscc) }
            }
        } @else {
            div class="weui-msg" data-testid="no-poster" {
                div class="weui-msg__text-area" {
                    h2 class="weui-msg__title" { (t.l(profile.standing.title())) }
                    p class="weui-msg__desc" { (t.s("该户目前不经营，不提供店铺海报。", "This business is not trading, so it has no shop poster.")) }
                }
            }
        }
    }
}
