//! `/sign-in`: phone and one-time code. Owners, vendors and staff all start here.

use getima_domain::api::{OtpRequest, SignInRequest, endpoints};
use getima_domain::routes::safe_next;
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{Bar, ErrorNote, Footer};
use getima_ui::links::{go, query};
use getima_ui::prefs::tr;
use getima_ui::session::use_session;
use leptos::prelude::*;

/// Where to go after signing in: `?next=` when it is a page of this app written plainly and
/// resolves, against this origin, to this origin; else "me".
fn next_path() -> String {
    let same_origin = |next: &String| {
        let origin = window().location().origin().ok()?;
        let url = leptos::web_sys::Url::new_with_base(next, &origin).ok()?;
        (url.origin() == origin).then(|| next.clone())
    };
    query("next").as_deref().and_then(safe_next).as_ref().and_then(same_origin).unwrap_or_else(|| "/me".into())
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let next = next_path();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let request_code = Action::new_local(|body: &OtpRequest| {
        let body = body.clone();
        async move { api::call(&endpoints::RequestOtp {}, &body).await }
    });
    let sign_in = Action::new_local(move |body: &SignInRequest| {
        let (body, next) = (body.clone(), next.clone());
        async move {
            let tokens = api::call(&endpoints::SignIn {}, &body).await?;
            session.keep(tokens);
            go(&next);
            Ok::<(), Failure>(())
        }
    });
    let sent = Memo::new(move |_| request_code.value().get().and_then(Result::ok));
    let busy = move || request_code.pending().get() || sign_in.pending().get();
    let failure = Signal::derive(move || {
        sign_in.value().get().and_then(Result::err).or_else(|| request_code.value().get().and_then(Result::err))
    });

    view! {
        <main class="page">
            <Bar title=tr("登录", "Sign in") />
            <section class="intro">
                <p>
                    {tr(
                        "用手机号和短信验证码登录。经营户、摊主、工作人员都从这里进入。",
                        "Sign in with your mobile number and a text-message code. Owners, vendors and staff all start here.",
                    )}
                </p>
            </section>
            <form
                class="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    request_code
                        .dispatch(OtpRequest {
                            phone: phone.get_untracked(),
                        });
                }
            >
                <label class="form__label" for="phone">
                    {tr("手机号", "Mobile number")}
                </label>
                <input
                    id="phone"
                    type="tel"
                    inputmode="numeric"
                    autocomplete="tel"
                    maxlength="20"
                    data-testid="phone"
                    prop:value=move || phone.get()
                    on:input=move |ev| phone.set(event_target_value(&ev))
                />
                <button
                    class="weui-btn weui-btn_default"
                    type="submit"
                    data-testid="request-code"
                    disabled=busy
                    aria-busy=move || request_code.pending().get().to_string()
                >
                    {move || {
                        if sent.get().is_some() {
                            tr("重新获取验证码", "Send a new code")()
                        } else {
                            tr("获取验证码", "Send me a code")()
                        }
                    }}
                </button>
            </form>
            <Show when=move || sent.get().is_some()>
                <form
                    class="form"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        sign_in
                            .dispatch(SignInRequest {
                                phone: phone.get_untracked(),
                                code: code.get_untracked(),
                            });
                    }
                >
                    <p class="form__hint" role="status">
                        {tr("验证码已发送至 ", "Code sent to ")}
                        {move || sent.get().map(|s| s.phone).unwrap_or_default()}
                        {move || {
                            sent.get()
                                .filter(|s| s.dev_inbox)
                                .map(|_| {
                                    view! {
                                        " · "
                                        <a href="/dev/inbox">{tr("开发收件箱", "dev inbox")}</a>
                                    }
                                })
                        }}
                    </p>
                    <label class="form__label" for="code">
                        {tr("验证码", "Code")}
                    </label>
                    <input
                        id="code"
                        type="text"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        maxlength="6"
                        data-testid="code"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))
                    />
                    <button
                        class="weui-btn weui-btn_primary"
                        type="submit"
                        data-testid="sign-in"
                        disabled=busy
                        aria-busy=move || sign_in.pending().get().to_string()
                    >
                        {tr("登录", "Sign in")}
                    </button>
                </form>
            </Show>
            <ErrorNote failure=failure />
            <Footer />
        </main>
    }
}
