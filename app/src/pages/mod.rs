//! Screens, one module per domain area, and the chrome they share.

pub mod account;
pub mod admin;
pub mod codes;
pub mod dev;
pub mod home;
pub mod inspections;
pub mod poster;

use crate::api::Failure;
use crate::prefs::{Lang, tr, use_prefs};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

/// The top bar: back (when there is somewhere to go back to), title, language and text size.
#[component]
pub fn Bar(title: impl Fn() -> &'static str + Send + Sync + 'static) -> impl IntoView {
    let prefs = use_prefs();
    let can_go_back = window().history().map(|h| h.length().unwrap_or(0) > 1).unwrap_or(false);
    let back = move |_| {
        if let Ok(history) = window().history() {
            let _ = history.back();
        }
    };
    let toggle_lang = move |_| prefs.lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh });
    let toggle_large = move |_| prefs.large_text.update(|on| *on = !*on);
    let session = use_session();
    view! {
        <header class="bar">
            <Show when=move || can_go_back>
                <button class="back" on:click=back aria-label=tr("返回", "Back")>"‹"</button>
            </Show>
            <span class="bar__title">{title}</span>
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
            <A href=move || if session.me().is_some() { "/me".to_string() } else { "/sign-in".to_string() } attr:class="bar__account" attr:data-testid="account">
                {move || if session.me().is_some() { tr("我的", "Me")() } else { tr("登录", "Sign in")() }}
            </A>
        </header>
    }
}

/// A WeUI cell list of what `rows` loads: a spinner until it answers, `empty` when it holds
/// nothing, the failure said plainly, else `row` for each item.
#[component]
pub fn CellList<T, F, E, R, V>(testid: &'static str, rows: F, empty: E, row: R) -> impl IntoView
where
    T: 'static,
    F: Fn() -> Option<Result<Vec<T>, Failure>> + Send + Sync + 'static,
    E: Fn() -> &'static str + Copy + Send + Sync + 'static,
    R: Fn(T) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <div class="weui-cells" data-testid=testid>
            {move || match rows() {
                None => view! { <div class="weui-cell"><i class="weui-loading"></i></div> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <div class="weui-cell"><div class="weui-cell__bd shop__trade">{empty}</div></div>
                }.into_any(),
                Some(Ok(list)) => list.into_iter().map(row).collect_view().into_any(),
                Some(Err(failure)) => view! { <ErrorNote failure=RwSignal::new(Some(failure)) /> }.into_any(),
            }}
        </div>
    }
}

/// A failed request, said plainly in the viewer's language; nothing when there is none.
#[component]
pub fn ErrorNote(failure: RwSignal<Option<Failure>>) -> impl IntoView {
    let lang = use_prefs().lang;
    move || {
        failure.get().map(|failure| {
            let text = match failure {
                Failure::Api(e) => {
                    let message = if lang.get() == Lang::En { e.message_en } else { e.message_zh };
                    let wait = e.retry_after.map(|s| {
                        if lang.get() == Lang::En {
                            format!(" (wait {s} s)")
                        } else {
                            format!("（{s} 秒后再试）")
                        }
                    });
                    format!(
                        "{message}{}{}",
                        e.detail.map(|d| format!(" {d}")).unwrap_or_default(),
                        wait.unwrap_or_default()
                    )
                }
                Failure::Network => {
                    tr("网络不太顺畅，请稍后重试。", "The network is not cooperating; try again.")().into()
                }
            };
            view! { <p class="entry__error" role="alert" data-testid="error">{text}</p> }
        })
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="footer">
            <p>{tr("个体码 · 温州个体工商户全生命周期服务", "Getima · lifelong services for Wenzhou's individual businesses")}</p>
        </footer>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page">
            <Bar title=tr("个体码", "Getima") />
            <div class="weui-msg">
                <div class="weui-msg__text-area">
                    <h2 class="weui-msg__title">{tr("页面不存在", "Page not found")}</h2>
                    <p class="weui-msg__desc">{tr("请检查链接，或回到首页。", "Check the link, or go back to the start.")}</p>
                </div>
                <div class="actions">
                    <A href="/" attr:class="weui-btn weui-btn_default">{tr("回到首页", "Go to start")}</A>
                </div>
            </div>
        </main>
    }
}
