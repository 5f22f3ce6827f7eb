//! Signing in (phone + one-time code, or WeChat inside the mini-program), "me" with my
//! businesses, claiming a business, registering as a vendor, and signing out.

use super::{Bar, CellList, ErrorNote, Footer};
use crate::api::{self, Failure};
use crate::prefs::{label, tr};
use crate::session::use_session;
use getima_domain::api::{
    ClaimRequest, Me, MyHouseholds, OtpRequest, OtpSent, OwnedHousehold, PrivateHousehold, SessionTokens,
    SignInRequest, VendorRequest,
};
use getima_domain::people::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Where to go after signing in: `?next=` when it is one of our own paths.
fn next_path() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.read().get("next").filter(|n| n.starts_with('/') && !n.starts_with("//")).unwrap_or_else(|| "/me".into())
    })
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let next = next_path();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<OtpSent>);
    let failure = RwSignal::new(None::<Failure>);
    let busy = RwSignal::new(false);

    let request_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        spawn_local(async move {
            let body = OtpRequest { phone: phone.get_untracked() };
            match api::post::<_, OtpSent>("/api/auth/otp", &body).await {
                Ok(otp) => {
                    sent.set(Some(otp));
                    failure.set(None);
                }
                Err(f) => failure.set(Some(f)),
            }
            busy.set(false);
        });
    };
    let sign_in = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let body = SignInRequest { phone: phone.get_untracked(), code: code.get_untracked() };
            match api::post::<_, SessionTokens>("/api/auth/sign-in", &body).await {
                Ok(tokens) => {
                    session.keep(tokens);
                    navigate(&next.get_untracked(), Default::default());
                }
                Err(f) => failure.set(Some(f)),
            }
            busy.set(false);
        });
    };

    view! {
        <main class="page">
            <Bar title=tr("登录", "Sign in") />
            <section class="intro">
                <p>{tr("用手机号和短信验证码登录。经营户、摊主、工作人员都从这里进入。", "Sign in with your mobile number and a text-message code. Owners, vendors and staff all start here.")}</p>
            </section>
            <form class="form" on:submit=request_code>
                <label class="form__label" for="phone">{tr("手机号", "Mobile number")}</label>
                <input id="phone" type="tel" inputmode="numeric" autocomplete="tel" maxlength="16"
                    data-testid="phone"
                    prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev)) />
                <button class="weui-btn weui-btn_default" type="submit" data-testid="request-code" disabled=move || busy.get()>
                    {move || if sent.get().is_some() { tr("重新获取验证码", "Send a new code")() } else { tr("获取验证码", "Send me a code")() }}
                </button>
            </form>
            <Show when=move || sent.get().is_some()>
                <form class="form" on:submit=sign_in.clone()>
                    <p class="form__hint">
                        {tr("验证码已发送至 ", "Code sent to ")}{move || sent.get().map(|s| s.phone).unwrap_or_default()}
                        {move || sent.get().filter(|s| s.dev_inbox).map(|_| view! {
                            " · " <A href="/dev/inbox">{tr("开发收件箱", "dev inbox")}</A>
                        })}
                    </p>
                    <label class="form__label" for="code">{tr("验证码", "Code")}</label>
                    <input id="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
                        data-testid="code"
                        prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev)) />
                    <button class="weui-btn weui-btn_primary" type="submit" data-testid="sign-in" disabled=move || busy.get()>
                        {tr("登录", "Sign in")}
                    </button>
                </form>
            </Show>
            <ErrorNote failure=failure />
            <Footer />
        </main>
    }
}

/// Shown where signing in is needed, including after a session ended elsewhere.
#[component]
pub fn SignInPrompt() -> impl IntoView {
    let here = window().location().pathname().unwrap_or_default();
    view! {
        <div class="weui-msg" data-testid="sign-in-prompt">
            <div class="weui-msg__text-area">
                <h2 class="weui-msg__title">{tr("请先登录", "Please sign in")}</h2>
                <p class="weui-msg__desc">{tr("未登录，或登录已过期。", "You are not signed in, or your sign-in has expired.")}</p>
            </div>
            <div class="actions">
                <A href=format!("/sign-in?next={}", api::encode(&here)) attr:class="weui-btn weui-btn_primary">{tr("登录", "Sign in")}</A>
            </div>
        </div>
    }
}

#[component]
pub fn MePage() -> impl IntoView {
    let session = use_session();
    view! {
        <main class="page">
            <Bar title=tr("我的", "Me") />
            {move || match session.me() {
                None => view! { <SignInPrompt /> }.into_any(),
                Some(me) => view! { <Account me=me /> }.into_any(),
            }}
            <Footer />
        </main>
    }
}

#[component]
fn Account(me: Me) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    // Refresh "me" from the server: roles may have changed since signing in.
    let fresh = LocalResource::new(move || async move { session.get::<Me>("/api/me").await });
    let me = Memo::new(move |_| fresh.get().and_then(Result::ok).unwrap_or_else(|| me.clone()));
    let households = LocalResource::new(move || async move { session.get::<MyHouseholds>("/api/me/households").await });
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // Ending it on the server is best effort; here it ends regardless.
            let _ = session.post::<_, ()>("/api/auth/sign-out", &()).await;
            session.forget();
            navigate("/", Default::default());
        });
    };
    view! {
        <section class="shop" data-testid="me">
            <h1>{move || me.get().name.unwrap_or_else(|| tr("未填写姓名", "No name yet")().into())}</h1>
            <div class="shop__trade">{move || me.get().phone.unwrap_or_default()}</div>
            <div class="badges" data-testid="roles">
                {move || me.get().roles.into_iter().map(|r| view! { <span class="badge">{label(r.label())}</span> }).collect_view()}
                {move || me.get().roles.is_empty().then(|| view! { <span class="badge">{tr("访客", "Visitor")}</span> })}
            </div>
            {move || me.get().department.map(|d| view! { <p class="shop__trade" data-testid="department">{d.zh}" · "{d.en}</p> })}
            {move || (!me.get().markets.is_empty()).then(|| view! {
                <p class="shop__trade">{tr("管理市场：", "Markets: ")}{me.get().markets.into_iter().map(|m| m.name).collect::<Vec<_>>().join("、")}</p>
            })}
        </section>
        <div class="weui-cells__title">{tr("我的个体户", "My businesses")}</div>
        <CellList
            testid="my-households"
            rows=move || households.get().map(|loaded| loaded.map(|list| list.households))
            empty=tr("还没有绑定个体户。若您是经营者，可在下方认领。", "No businesses yet. If you run one, claim it below.")
            row=|household| view! { <OwnedRow household /> }
        />
        <ClaimForm on_claimed=move || households.refetch() />
        <Show when=move || !me.get().roles.contains(&Role::Vendor)>
            <VendorForm />
        </Show>
        <Show when=move || me.get().roles.contains(&Role::Admin)>
            <div class="actions"><A href="/admin/audit" attr:class="weui-btn weui-btn_default">{tr("审计日志", "Audit log")}</A></div>
        </Show>
        <div class="actions">
            <button class="weui-btn weui-btn_default" on:click=sign_out data-testid="sign-out">{tr("退出登录", "Sign out")}</button>
        </div>
    }
}

#[component]
fn OwnedRow(household: OwnedHousehold) -> impl IntoView {
    let session = use_session();
    let details = RwSignal::new(None::<Result<PrivateHousehold, Failure>>);
    let uscc = household.uscc.clone();
    let show = move |_| {
        let uscc = uscc.clone();
        spawn_local(async move {
            let path = format!("/api/me/households/{}", api::encode(&uscc));
            details.set(Some(session.get(&path).await));
        });
    };
    view! {
        <div class="weui-cell">
            <div class="weui-cell__bd">
                <A href=format!("/c/{}", household.code)>{household.name.clone()}</A>
                <div class="shop__trade mono">{household.uscc.clone()}" · "{label(household.status.label())}</div>
                {move || match details.get() {
                    Some(Ok(d)) => view! {
                        <div class="shop__trade" data-testid="private-details">
                            {d.operator_name}" · "{d.operator_phone}" · "<span class="mono">{d.operator_id_number}</span>
                        </div>
                    }.into_any(),
                    Some(Err(failure)) => view! { <ErrorNote failure=RwSignal::new(Some(failure)) /> }.into_any(),
                    None => view! { <button class="link" on:click=show.clone()>{tr("查看完整登记信息", "Show full registration")}</button> }.into_any(),
                }}
            </div>
        </div>
    }
}

#[component]
fn ClaimForm(on_claimed: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let session = use_session();
    let uscc = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let done = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let body = ClaimRequest { uscc: uscc.get_untracked(), id_number: id_number.get_untracked() };
            match session.post::<_, OwnedHousehold>("/api/me/households/claim", &body).await {
                Ok(h) => {
                    failure.set(None);
                    done.set(Some(h.name));
                    on_claimed();
                }
                Err(f) => failure.set(Some(f)),
            }
        });
    };
    view! {
        <div class="weui-cells__title">{tr("认领个体户", "Claim a business")}</div>
        <form class="form" on:submit=submit data-testid="claim-form">
            <p class="form__hint">{tr("您登录用的手机号和身份证号须与登记的经营者一致。", "The phone you signed in with and your ID number must match the registered operator.")}</p>
            <label class="form__label" for="claim-uscc">{tr("统一社会信用代码", "Credit code")}</label>
            <input id="claim-uscc" class="mono" maxlength="18" autocapitalize="characters" prop:value=move || uscc.get() on:input=move |ev| uscc.set(event_target_value(&ev)) />
            <label class="form__label" for="claim-id">{tr("经营者身份证号", "Operator's ID number")}</label>
            <input id="claim-id" class="mono" maxlength="18" autocomplete="off" prop:value=move || id_number.get() on:input=move |ev| id_number.set(event_target_value(&ev)) />
            <button class="weui-btn weui-btn_default" type="submit">{tr("认领", "Claim")}</button>
            {move || done.get().map(|name| view! { <p class="form__ok" role="status">{tr("已认领：", "Claimed: ")}{name}</p> })}
        </form>
        <ErrorNote failure=failure />
    }
}

#[component]
fn VendorForm() -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let body = VendorRequest { name: name.get_untracked(), id_number: id_number.get_untracked() };
            match session.post::<_, Me>("/api/me/vendor", &body).await {
                Ok(me) => {
                    failure.set(None);
                    if let Some(mut tokens) = session.tokens.get_untracked() {
                        tokens.me = me;
                        session.keep(tokens);
                    }
                }
                Err(f) => failure.set(Some(f)),
            }
        });
    };
    view! {
        <div class="weui-cells__title">{tr("登记为摊主（自产自销等）", "Register as a stall vendor")}</div>
        <form class="form" on:submit=submit>
            <label class="form__label" for="vendor-name">{tr("姓名", "Name")}</label>
            <input id="vendor-name" maxlength="30" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            <label class="form__label" for="vendor-id">{tr("身份证号", "ID number")}</label>
            <input id="vendor-id" class="mono" maxlength="18" autocomplete="off" prop:value=move || id_number.get() on:input=move |ev| id_number.set(event_target_value(&ev)) />
            <button class="weui-btn weui-btn_default" type="submit">{tr("登记", "Register")}</button>
        </form>
        <ErrorNote failure=failure />
    }
}
