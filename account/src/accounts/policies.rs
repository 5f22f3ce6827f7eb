//! `/privacy` and `/terms`: what Getima collects and why, and the rules of use, which a
//! person agrees to at sign-in (个人信息保护法 art. 13–17). Kept short and plain.

use getima_domain::accounts::TERMS_VERSION;
use getima_ui::chrome::{Page, page_title};
use getima_ui::prefs::tr;
use leptos::prelude::*;

type Section = (&'static str, &'static str, &'static str, &'static str);

const PRIVACY: &[Section] = &[
    (
        "我们收集什么",
        "登录用的手机号；认领个体户或登记为摊主时的姓名和身份证号；工作人员记录的检查；为防止滥用，获取验证码和登录时所用网络的地址（最多保存一天）。扫码核验不需要登录，也不收集任何个人信息。",
        "What we collect",
        "The mobile number you sign in with; your name and ID number when you claim a business or register as a vendor; inspections staff record; to stop abuse, the network address codes and sign-ins come from (kept a day at most). Checking a code needs no sign-in and collects nothing about you.",
    ),
    (
        "为什么收集",
        "手机号用于登录和发送验证码；身份证号仅用于核对您是登记的经营者或摊主本人。我们不把这些信息用于其他目的，也不出售或提供给第三方，法律另有规定的除外。",
        "Why",
        "Your number signs you in and receives codes; your ID number only proves you are the registered operator or vendor. We use them for nothing else and never sell or share them, except where the law requires.",
    ),
    (
        "如何保护",
        "手机号和身份证号加密存储，公开页面只显示打码后的信息，系统日志不记录它们。工作人员和管理员的每一次操作都记入审计日志。",
        "How it is protected",
        "Numbers and ID numbers are stored encrypted; public pages show them masked; logs never hold them. Every act of staff and admins is recorded in an audit log.",
    ),
    (
        "保存多久",
        "账号存续期间保存；登录凭证最长 30 天未使用即失效，验证码 5 分钟失效。",
        "How long",
        "While your account exists; a sign-in lapses after 30 days unused, a code after 5 minutes.",
    ),
    (
        "您的权利",
        "您可以查阅、更正您的信息，或要求注销账号、删除信息：请联系所在地市场监管部门或 12345 热线。",
        "Your rights",
        "You may see and correct your data, or ask for your account and data to be deleted: contact your local market regulation office or the 12345 hotline.",
    ),
];

const TERMS: &[Section] = &[
    (
        "个体码是什么",
        "个体码由温州市个体工商户服务平台签发，用于核验店铺的登记和证照信息。请只通过核验为“正常经营”的页面付款。",
        "What a business code is",
        "Business codes are issued by Wenzhou's platform for individual businesses to check a shop's registration and licences. Pay only through a page verified as trading.",
    ),
    (
        "您的责任",
        "请如实填写信息，只认领您本人登记经营的个体户，不冒用他人身份，不伪造、篡改或转卖个体码。",
        "Your part",
        "Give true details, claim only the business registered to you, never use another person's identity, and never forge, alter or sell a code.",
    ),
    (
        "我们的责任",
        "我们尽力保证核验信息准确、服务可用；信息有误时，请联系登记机关更正。",
        "Our part",
        "We work to keep the information accurate and the service available; if something is wrong, ask the registration office to correct it.",
    ),
];

#[component]
fn Policy(sections: &'static [Section]) -> impl IntoView {
    view! {
        <Page>
            <article class="intro">
                <h1>{page_title()}</h1>
                <PolicyText sections />
            </article>
        </Page>
    }
}

/// A policy's version and sections (what the Worker draws before the bundle arrives).
#[component]
fn PolicyText(sections: &'static [Section]) -> impl IntoView {
    view! {
        <div class="policy" data-testid="policy">
            <p class="form__hint">{tr("版本 ", "Version ")}{TERMS_VERSION}</p>
            {sections
                .iter()
                .map(|(zh_head, zh, en_head, en)| {
                    view! {
                        <h2>{tr(zh_head, en_head)}</h2>
                        <p>{tr(zh, en)}</p>
                    }
                })
                .collect_view()}
        </div>
    }
}

pub fn privacy_text() -> impl IntoView {
    view! { <PolicyText sections=PRIVACY /> }
}

pub fn terms_text() -> impl IntoView {
    view! { <PolicyText sections=TERMS /> }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! { <Policy sections=PRIVACY /> }
}

#[component]
pub fn TermsPage() -> impl IntoView {
    view! { <Policy sections=TERMS /> }
}
