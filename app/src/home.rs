//! `/`: what Getima is, a box to open a code by hand, and in development the demo codes.

use getima_domain::api::{DemoCase, DemoCode, endpoints};
use getima_domain::codes::CodeToken;
use getima_ui::api;
use getima_ui::chrome::{Bar, Footer};
use getima_ui::links::go;
use getima_ui::prefs::tr;
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    // The demo list exists only in development; elsewhere the page simply omits it.
    let demo = LocalResource::new(|| async { api::call(&endpoints::ListDemoCodes {}, &()).await.ok() });
    view! {
        <main class="page">
            <Bar title=tr("个体码", "Getima") />
            <section class="intro">
                <h1>{tr("个体码 · Getima", "Getima 个体码")}</h1>
                <p>
                    {tr(
                        "温州个体工商户的终身“身份码”。扫店里的个体码，即可核验这家店是否真实登记、证照是否有效，并向它的收款码安心付款。",
                        "A lifelong code for each of Wenzhou's individual businesses. Scan the code in a shop to check it is genuinely registered and licensed, and pay its bound payment code with confidence.",
                    )}
                </p>
                <p>
                    {tr(
                        "经营户可在此办理登记、诉求、摊位预约等服务。",
                        "Owners use it for registration, appeals and market-stall bookings.",
                    )}
                </p>
            </section>
            <CodeEntry />
            {move || demo.get().flatten().map(|list| view! { <DemoList codes=list.codes /> })}
            <Footer />
        </main>
    }
}

/// For when there is no camera: paste or type what follows `/c/` on a print.
#[component]
fn CodeEntry() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = text.get();
        // Accept a whole scanned URL as well as the bare token.
        let token = typed.trim().rsplit("/c/").next().unwrap_or_default().trim_end_matches('/');
        match CodeToken::parse(token) {
            Ok(token) => {
                error.set(false);
                go(&format!("/c/{token}"));
            }
            Err(_) => error.set(true),
        }
    };
    view! {
        <form class="entry" on:submit=submit>
            <input
                type="text"
                inputmode="url"
                autocomplete="off"
                autocapitalize="off"
                spellcheck="false"
                aria-label=tr("个体码", "Business code")
                placeholder=tr("输入或粘贴个体码", "Type or paste a code")
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            />
            <button type="submit">{tr("核验", "Check")}</button>
        </form>
        <Show when=move || error.get()>
            <p class="entry__error" role="alert">
                {tr(
                    "格式不对：个体码是 12 位字母数字、一个点、再 8 位。",
                    "Not a code: 12 letters or digits, a dot, then 8 more.",
                )}
            </p>
        </Show>
    }
}

fn case_label(case: DemoCase) -> (&'static str, &'static str) {
    match case {
        DemoCase::Ordinary => ("正常经营", "operating"),
        DemoCase::Badged => ("名特优新", "badged"),
        DemoCase::LicenceExpiringSoon => ("证照即将到期", "licence expiring soon"),
        DemoCase::LicenceExpired => ("证照已过期", "licence expired"),
        DemoCase::Suspended => ("歇业", "suspended"),
        DemoCase::Deregistered => ("已注销", "deregistered"),
        DemoCase::Revoked => ("码已作废", "revoked code"),
        DemoCase::Superseded => ("换发前的旧码", "old print of a re-issued code"),
        DemoCase::Forged => ("伪造的码", "forged code"),
    }
}

#[component]
fn DemoList(codes: Vec<DemoCode>) -> impl IntoView {
    view! {
        <div class="weui-cells__title">
            {tr("演示用个体码（仅本地开发）", "Demo codes (local development only)")}
        </div>
        <div class="weui-cells" data-testid="demo-codes">
            {codes
                .into_iter()
                .map(|code| {
                    let (zh, en) = case_label(code.case);
                    view! {
                        <a href=format!("/c/{}", code.code) class="weui-cell weui-cell_access">
                            <div class="weui-cell__bd">
                                <div>{code.name}</div>
                                <div class="demo-case">{code.county}" · "{tr(zh, en)}</div>
                            </div>
                            <div class="weui-cell__ft"></div>
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
}
