//! `/`: what Getima is, a box to open a code by hand, and in development the demo codes.

use getima_domain::api::{DemoCase, DemoCode, endpoints};
use getima_ui::api;
use getima_ui::chrome::{Bar, Footer};
use getima_ui::entry::CodeEntry;
use getima_ui::prefs::tr;
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    // The demo list exists only in development; elsewhere the page simply omits it.
    let demo = LocalResource::new(|| async { api::call(&endpoints::ListDemoCodes {}, &()).await.ok() });
    view! {
        <main class="page">
            <Bar />
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
                        "经营户登录后可认领自己的个体户，查看完整登记信息，打印“个体码”海报。",
                        "Owners sign in to claim their business, see its full registration and print its poster.",
                    )}
                </p>
            </section>
            <CodeEntry open=|code| format!("/c/{code}") />
            <a class="guides-link" href="/register" data-testid="to-guides">
                {tr(
                    "开店、变更、歇业、注销：要准备什么 ›",
                    "Opening, changing or closing a business: what you need ›",
                )}
            </a>
            <a class="guides-link" href="/stalls" data-testid="to-stall-booking">
                {tr("摆摊：预约农贸市场、夜市的摊位 ›", "Selling at a market: book a stall ›")}
            </a>
            {move || demo.get().flatten().map(|list| view! { <DemoList codes=list.codes /> })}
            <Footer />
        </main>
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
