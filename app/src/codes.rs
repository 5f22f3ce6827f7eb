//! `/c/:code`: what anyone scanning a business code sees, or the red invalid-code page.

use getima_domain::api::{ApiError, CodeProfile, PublicHousehold, endpoints};
use getima_domain::codes::households::Badge;
use getima_domain::codes::verdict::{PaymentOffer, awaited_tag, invalid_reason, poster_label};
use getima_domain::pages::{PAGE_DATA_ID, PageData};
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{Bar, Footer};
use getima_ui::host::Host;
use getima_ui::prefs::{Lang, either, label, tr, use_prefs};
use leptos::prelude::*;

/// The verdict the Worker rendered into this page, if it did; taken once, so a retry asks
/// the API.
fn embedded() -> Option<PageData> {
    let element = document().get_element_by_id(PAGE_DATA_ID)?;
    let data = serde_json::from_str(&element.text_content()?).ok();
    element.remove();
    data
}

/// The verified profile of the page's code: the one the page arrived with, else from the API.
pub fn use_profile(code: String) -> LocalResource<Result<CodeProfile, Failure>> {
    let arrived = StoredValue::new(embedded());
    LocalResource::new(move || {
        let (code, arrived) = (code.clone(), arrived.try_update_value(Option::take).flatten());
        async move {
            match arrived {
                Some(data) => data.map_err(Failure::Api),
                None => api::call(&endpoints::GetCodeProfile { code }, &()).await,
            }
        }
    })
}

#[component]
pub fn CodePage(code: String) -> impl IntoView {
    let profile = use_profile(code.clone());
    view! {
        <main class="page">
            <Bar />
            {move || match profile.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Ok(profile)) => view! { <Verified profile=profile code=code.clone() /> }.into_any(),
                Some(Err(Failure::Api(error))) => view! { <Invalid error=error /> }.into_any(),
                Some(Err(failure)) => view! { <NetworkTrouble failure retry=move || profile.refetch() /> }.into_any(),
            }}
            <Footer />
        </main>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="loading" aria-busy="true">
            <i class="weui-loading"></i>
            " "
            {tr("正在核验…", "Checking…")}
        </div>
    }
}

/// No verdict could be had: the network failed, or this page is out of date with the API.
#[component]
pub fn NetworkTrouble(failure: Failure, retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let (title, desc) = if failure == Failure::Decode {
        (
            tr("页面需要更新", "This page needs updating"),
            tr(
                "页面版本与服务不一致，请刷新后重试。",
                "This page is out of date with the service. Reload and try again.",
            ),
        )
    } else {
        (
            tr("网络不太顺畅", "The network is not cooperating"),
            tr("暂时无法核验，请稍后重试。", "The code could not be checked just now. Try again."),
        )
    };
    view! {
        <div class="weui-msg" data-testid="network-trouble">
            <div class="weui-msg__text-area">
                <h2 class="weui-msg__title">{title}</h2>
                <p class="weui-msg__desc">{desc}</p>
            </div>
            <div class="actions">
                <button class="weui-btn weui-btn_primary" on:click=move |_| retry()>
                    {tr("重试", "Try again")}
                </button>
            </div>
        </div>
    }
}

/// The red page for every code that must not be trusted, whatever the reason.
#[component]
pub fn Invalid(error: ApiError) -> impl IntoView {
    let verdict = invalid_reason(error.error);
    let lang = use_prefs().lang;
    let message = {
        let error = error.clone();
        move || if lang.get() == Lang::En { error.message_en.clone() } else { error.message_zh.clone() }
    };
    view! {
        <section class="verdict verdict--invalid" data-testid="invalid-code" data-verdict=verdict role="alert">
            <span class="verdict__mark" aria-hidden="true">
                "✕"
            </span>
            <div>
                <div class="verdict__title">{tr("不是有效的个体码", "Not a valid business code")}</div>
                <div class="verdict__sub">{tr("系统未能核验此码", "Getima could not verify this code")}</div>
            </div>
        </section>
        <div class="invalid">
            <div class="weui-msg__text-area">
                <p class="weui-msg__desc">{message}</p>
            </div>
            <p class="invalid__advice">
                {tr("请勿通过此码付款或办理业务。", "Do not pay or do business through this code.")}
            </p>
        </div>
        <div class="actions">
            <a href="/" class="weui-btn weui-btn_default">
                {tr("手动输入个体码", "Enter a code by hand")}
            </a>
        </div>
    }
}

#[component]
fn Verified(profile: CodeProfile, code: String) -> impl IntoView {
    let household = profile.household;
    let standing = profile.standing;
    let (headline_zh, headline_en) = standing.headline(&household.awaited_licences);
    let poster = format!("/c/{code}/poster");
    let poster_words = poster_label(household.payment.is_some());
    let payment = household.payment.clone().and_then(|payment| match standing.payment() {
        PaymentOffer::Shown => Some(
            view! {
                <div class="weui-cells__title">{tr("收款码", "Payment code")}</div>
                <Payment code=code.clone() provider=payment.provider />
            }
            .into_any(),
        ),
        PaymentOffer::BehindWarning => Some(
            view! { <GuardedPayment code=code.clone() provider=payment.provider warning=standing.payment_warning() /> }
                .into_any(),
        ),
        PaymentOffer::Withheld => None,
    });
    view! {
        <section
            class=format!("verdict verdict--{}", standing.class())
            data-testid="verified"
            data-standing=standing.class()
            role="status"
        >
            <span class="verdict__mark" aria-hidden="true">
                {standing.mark()}
            </span>
            <div>
                <div class="verdict__title">{either(headline_zh, headline_en)}</div>
                <div class="verdict__sub">
                    {tr("温州市个体码 · 核验日期 ", "Wenzhou business code · checked ")}
                    <span class="nowrap">{profile.checked_on}</span>
                </div>
            </div>
        </section>
        <p class=format!("notice notice--{}", standing.class()) data-testid="standing-advice">
            {label(standing.advice())}
        </p>
        <Shop household=household.clone() />
        <Details household=household.clone() />
        <Licences household=household.clone() />
        {payment}
        <crate::services::RolePanels code=code.clone() uscc=household.uscc.clone() />
        <div class="actions no-print">
            {standing
                .posters()
                .then(|| {
                    view! {
                        <a href=poster class="weui-btn weui-btn_default" data-testid="to-poster">
                            {label(poster_words)}
                        </a>
                    }
                })} <a href="/" class="weui-btn weui-btn_default" data-testid="home">
                {tr("核验其他个体码", "Check another code")}
            </a>
        </div>
    }
}

#[component]
fn Shop(household: PublicHousehold) -> impl IntoView {
    view! {
        <section class="shop">
            <h1 data-testid="shop-name">{household.name}</h1>
            <div class="shop__trade">
                {move || {
                    if use_prefs().lang.get() == Lang::En {
                        household.trade.en.clone()
                    } else {
                        household.trade.zh.clone()
                    }
                }}
            </div>
            <div class="badges">{household.badges.into_iter().map(badge).collect_view()}</div>
        </section>
    }
}

fn badge(badge: Badge) -> impl IntoView {
    view! { <span class="badge">{label(badge.label())}</span> }
}

#[component]
fn Details(household: PublicHousehold) -> impl IntoView {
    let lang = use_prefs().lang;
    let county = household.county.clone();
    let county = move || {
        if lang.get() == Lang::En { county.en.clone() } else { county.zh.clone() }
    };
    let status = household.status;
    view! {
        <div class="weui-cells__title">{tr("登记信息", "Registration")}</div>
        <div class="weui-cells kv">
            <Row name=tr("经营者", "Operator") value=household.operator testid="operator" />
            <Row name=tr("统一社会信用代码", "Credit code") value=household.uscc testid="uscc" mono=true />
            <div class="weui-cell">
                <div class="weui-cell__bd">{tr("登记状态", "Status")}</div>
                <div class=format!("weui-cell__ft cell__value status--{}", status.as_str()) data-testid="status">
                    {label(status.label())}
                </div>
            </div>
            {household
                .converted_to
                .map(|company| {
                    view! {
                        <Row name=tr("已转为企业", "Became the company") value=company testid="converted-to" />
                    }
                })}
            <div class="weui-cell">
                <div class="weui-cell__bd">{tr("所在地", "County")}</div>
                <div class="weui-cell__ft cell__value">{county}</div>
            </div>
            <Row name=tr("经营场所", "Premises") value=household.address testid="address" />
            <Row name=tr("成立日期", "Established") value=household.established_on testid="established" />
            <div class="weui-cell">
                <div class="weui-cell__bd">{tr("信用等级", "Credit level")}</div>
                <div class="weui-cell__ft cell__value">{label(household.credit_level.label())}</div>
            </div>
        </div>
    }
}

#[component]
fn Row(
    name: impl Fn() -> &'static str + Send + Sync + 'static,
    value: String,
    testid: &'static str,
    #[prop(optional)] mono: bool,
) -> impl IntoView {
    view! {
        <div class="weui-cell">
            <div class="weui-cell__bd">{name}</div>
            <div class="weui-cell__ft cell__value" class:mono=mono data-testid=testid>
                {value}
            </div>
        </div>
    }
}

#[component]
fn Licences(household: PublicHousehold) -> impl IntoView {
    view! {
        <div class="weui-cells__title">{tr("证照", "Licences")}</div>
        <div class="weui-cells" data-testid="licences">
            {household
                .awaited_licences
                .into_iter()
                .map(|licence| {
                    view! {
                        <div class="weui-cell" data-testid="awaited-licence">
                            <div class="weui-cell__bd">
                                <div>{label(licence.kind.label())}</div>
                                <div class="shop__trade">{label(licence.meaning())}</div>
                            </div>
                            <div class="weui-cell__ft cell__value">
                                <span class="tag tag--awaited">{label(awaited_tag(licence.pending))}</span>
                            </div>
                        </div>
                    }
                })
                .collect_view()}
            {household
                .licences
                .into_iter()
                .map(|licence| {
                    let until = licence.valid_until.clone();
                    view! {
                        <div class="weui-cell">
                            <div class="weui-cell__bd">
                                <div>{label(licence.kind.label())}</div>
                                <div class="shop__trade mono">{licence.number}</div>
                            </div>
                            <div class="weui-cell__ft cell__value">
                                <span class=format!(
                                    "tag tag--{}",
                                    licence.validity.as_str(),
                                )>{label(licence.validity.label())}</span>
                                {until.map(|d| view! { <div class="shop__trade">{tr("至 ", "until ")}{d}</div> })}
                            </div>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The payment code of a business with a licence problem or a licence still missing: folded
/// away until the person has read `warning` and chosen to open it (a `<details>`, so it works
/// before the app has loaded too).
#[component]
fn GuardedPayment(
    code: String,
    provider: getima_domain::codes::households::PaymentProvider,
    warning: getima_domain::codes::households::Label,
) -> impl IntoView {
    view! {
        <div class="weui-cells__title">{tr("收款码", "Payment code")}</div>
        <details class="pay pay--guarded" data-testid="payment-warning">
            <summary data-testid="show-payment">
                <p>{label(warning)}</p>
                <span class="weui-btn weui-btn_default">
                    {tr("我已了解，显示收款码", "I understand: show the payment code")}
                </span>
            </summary>
            <Payment code provider />
        </details>
    }
}

#[component]
fn Payment(code: String, provider: getima_domain::codes::households::PaymentProvider) -> impl IntoView {
    let hint = if Host::detect().is_web_view() {
        tr("长按二维码识别，向本店付款", "Long-press the QR to pay this shop")
    } else {
        tr("用支付应用扫码，向本店付款", "Scan with your payment app to pay this shop")
    };
    view! {
        <section class="pay" data-testid="payment">
            <img
                src=api::url_of(&endpoints::GetPaymentQr { code })
                alt=tr("本店收款码", "This shop's payment code")
                width="180"
                height="180"
            />
            <div>{label(provider.label())}</div>
            <p class="pay__hint">{hint}</p>
        </section>
    }
}
