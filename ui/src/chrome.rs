//! The chrome every page shares: the top bar, the footer, failures said plainly, the
//! not-found page, and the gates in front of pages that need signing in or a role.

use crate::api::Failure;
use crate::prefs::{Lang, either, tr, use_prefs};
use crate::session::use_session;
use getima_domain::accounts::Role;
use getima_domain::pages::{TITLE_META_EN, TITLE_META_ZH};
use leptos::prelude::*;

/// This page's title in the chosen language: the route table's wording (`Route::text`), which
/// the Worker writes into the page in both languages, so no bundle carries other pages' titles.
/// A page the Worker did not draw (not found) is titled as the app.
pub fn page_title() -> impl Fn() -> String + Send + Sync + 'static {
    let written =
        |name: &str| document().query_selector(&format!("meta[name={name}]")).ok().flatten()?.get_attribute("content");
    either(
        written(TITLE_META_ZH).unwrap_or_else(|| "个体码".into()),
        written(TITLE_META_EN).unwrap_or_else(|| "Getima".into()),
    )
}

/// The top bar: back (when there is somewhere to go back to), this page's title, language and
/// text size.
#[component]
pub fn Bar() -> impl IntoView {
    let title = page_title();
    let prefs = use_prefs();
    // Every page is a full load, so the referrer tells whether this one was opened from
    // within the app. If it was not (a scanned code, a shared link, a web-view's first
    // page), going back would leave the app or do nothing: ‹ goes home instead.
    let origin = window().location().origin().unwrap_or_default();
    let came_from_app = document().referrer().starts_with(&format!("{origin}/"));
    let at_home = window().location().pathname().is_ok_and(|p| p == "/");
    let back = move |_| match window().history() {
        Ok(history) if came_from_app => {
            let _ = history.back();
        }
        _ => crate::links::go("/"),
    };
    let toggle_lang = move |_| prefs.lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh });
    let toggle_large = move |_| prefs.large_text.update(|on| *on = !*on);
    let session = use_session();
    let signed_in = Memo::new(move |_| session.me().is_some());
    // A title longer than the room beside the controls gets a row of its own, so it reads on
    // at most two lines; CJK characters are twice as wide as Latin letters.
    let title = Signal::derive(title);
    let long_title = move || title.get().chars().map(|c| if c >= '\u{2e80}' { 2 } else { 1 }).sum::<usize>() > 18;
    view! {
        <header class="bar" class:bar--long-title=long_title>
            <Show when=move || came_from_app || !at_home>
                <button class="back" on:click=back aria-label=tr("返回", "Back") data-testid="back">
                    "‹"
                </button>
            </Show>
            // The way home from every page.
            <a href="/" class="bar__title" data-testid="home-link">
                {title}
            </a>
            <button on:click=toggle_lang data-testid="lang-toggle">
                {move || if prefs.lang.get() == Lang::Zh { "EN" } else { "中文" }}
            </button>
            <button
                on:click=toggle_large
                aria-pressed=move || prefs.large_text.get().to_string()
                data-testid="large-text-toggle"
            >
                {tr("大字", "A+")}
            </button>
            <a
                href=move || if signed_in.get() { "/me".to_string() } else { sign_in_href() }
                class="bar__account"
                data-testid="account"
            >
                {move || if signed_in.get() { tr("我的", "Me")() } else { tr("登录", "Sign in")() }}
            </a>
        </header>
    }
}

/// Something is on its way: a spinner, announced to screen readers as busy.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-busy="true" aria-label=tr("正在加载", "Loading")>
            <i class="weui-loading"></i>
        </div>
    }
}

/// A failed request, said plainly in the viewer's language; nothing when there is none.
/// Problems with the fields in `beside` are said next to those fields (`forms::FieldNote`),
/// not here.
#[component]
pub fn ErrorNote(failure: Signal<Option<Failure>>, #[prop(optional)] beside: &'static [&'static str]) -> impl IntoView {
    let lang = use_prefs().lang;
    move || {
        failure.get().map(|failure| {
            let en = lang.get() == Lang::En;
            let pick = |zh: &str, e: &str| if en { e.to_string() } else { zh.to_string() };
            let text = match failure {
                Failure::Api(e) => {
                    let mut text = pick(&e.message_zh, &e.message_en);
                    for field in e.fields.iter().filter(|f| !beside.contains(&f.field.as_str())) {
                        text.push(' ');
                        text.push_str(&pick(&field.message_zh, &field.message_en));
                    }
                    if let Some(s) = e.retry_after {
                        text.push_str(&if en { format!(" (wait {s} s)") } else { format!("（{s} 秒后再试）") });
                    }
                    text
                }
                Failure::Network => pick("网络不太顺畅，请稍后重试。", "The network is not cooperating; try again."),
                Failure::Decode => {
                    pick("页面版本与服务不一致，请刷新页面。", "This page is out of date with the service; reload it.")
                }
            };
            view! {
                <p class="entry__error" role="alert" data-testid="error">
                    {text}
                </p>
            }
        })
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="footer">
            <p>
                {tr(
                    "个体码 · 温州个体工商户全生命周期服务",
                    "Getima · lifelong services for Wenzhou's individual businesses",
                )}
            </p>
        </footer>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page">
            <Bar />
            <div class="weui-msg">
                <div class="weui-msg__text-area">
                    <h2 class="weui-msg__title">{tr("页面不存在", "Page not found")}</h2>
                    <p class="weui-msg__desc">
                        {tr("请检查链接，或回到首页。", "Check the link, or go back to the start.")}
                    </p>
                </div>
                <div class="actions">
                    <a href="/" class="weui-btn weui-btn_default">
                        {tr("回到首页", "Go to start")}
                    </a>
                </div>
            </div>
        </main>
    }
}

/// Signing in, then coming back to this page (its path and query), unless it is home or
/// signing in itself.
fn sign_in_href() -> String {
    let location = window().location();
    let here = location.pathname().unwrap_or_default() + &location.search().unwrap_or_default();
    match getima_domain::routes::safe_next(&here) {
        Some(next) if next != "/" => format!("/sign-in?next={}", getima_domain::api::encode_segment(&next)),
        _ => "/sign-in".into(),
    }
}

/// Shown where signing in is needed, including after a session ended elsewhere.
#[component]
pub fn SignInPrompt() -> impl IntoView {
    let ended = use_session().ended;
    view! {
        <div class="weui-msg" data-testid="sign-in-prompt">
            <div class="weui-msg__text-area">
                <h2 class="weui-msg__title">{tr("请先登录", "Please sign in")}</h2>
                <p class="weui-msg__desc">
                    {move || {
                        if ended.get() {
                            tr(
                                "登录已过期，请重新登录。登录后回到这一页。",
                                "Your sign-in has expired; sign in again to come back to this page.",
                            )()
                        } else {
                            tr(
                                "这一步需要用手机号登录。登录后回到这一页。",
                                "This needs you to sign in with your mobile number; you come back to this page afterwards.",
                            )()
                        }
                    }}
                </p>
            </div>
            <div class="actions">
                <a href=sign_in_href() class="weui-btn weui-btn_primary" data-testid="sign-in-to-continue">
                    {tr("登录", "Sign in")}
                </a>
            </div>
        </div>
    }
}

/// A page: the top bar with its title, what the page holds, and the footer.
#[component]
pub fn Page(children: Children) -> impl IntoView {
    view! {
        <main class="page">
            <Bar />
            {children()}
            <Footer />
        </main>
    }
}

/// A [`Page`] only for someone signed in ([`SignedIn`]).
#[component]
pub fn SignedInPage(children: ChildrenFn) -> impl IntoView {
    view! {
        <Page>
            <SignedIn children />
        </Page>
    }
}

/// The page behind it only for someone signed in; others are asked to sign in. Only signing
/// in or out re-renders it: refreshed tokens or new roles update it in place.
#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let signed_in = Memo::new(move |_| session.me().is_some());
    view! {
        <Show when=move || signed_in.get() fallback=SignInPrompt>
            {children()}
        </Show>
    }
}

/// The page behind it only for people holding one of `roles`; others are told what
/// account it needs, and the signed-out are asked to sign in.
#[component]
pub fn RoleGate(
    roles: &'static [Role],
    /// Who the page is for, in both languages ("平台管理员" / "an admin").
    needs: (&'static str, &'static str),
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    // Only a change of standing re-renders the page; a refreshed token does not.
    let standing = Memo::new(move |_| session.me().map(|me| me.has_any(roles)));
    move || match standing.get() {
        None => view! { <SignInPrompt /> }.into_any(),
        Some(true) => children().into_any(),
        Some(false) => view! {
            <div class="weui-msg" data-testid="needs-role">
                <div class="weui-msg__text-area">
                    <h2 class="weui-msg__title">
                        {tr("没有权限查看此页", "This page is not for your account")}
                    </h2>
                    <p class="weui-msg__desc">
                        {tr("此页面需要以下账号：", "It needs the account of ")} {tr(needs.0, needs.1)}
                    </p>
                </div>
                <div class="actions">
                    <a href="/me" class="weui-btn weui-btn_default">
                        {tr("回到我的", "Back to my page")}
                    </a>
                </div>
            </div>
        }
        .into_any(),
    }
}
