//! `/sign-in`: phone and one-time code. Owners, vendors and staff all start here.

use getima_domain::accounts::parse_mobile;
use getima_domain::api::{ApiError, ErrorKind, OtpRequest, OtpSent, SignInRequest, endpoints};
use getima_domain::routes::{landing, safe_next};
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{ErrorNote, Page};
use getima_ui::forms::{FieldNote, Form, invalid, problem};
use getima_ui::links::{go, query};
use getima_ui::prefs::{Lang, tr, use_prefs};
use getima_ui::proof;
use getima_ui::session::use_session;
use leptos::prelude::*;

/// Where to go after signing in, if the address asks: `?next=` when it is a page of this
/// app written plainly and resolves, against this origin, to this origin.
fn next_path() -> Option<String> {
    let same_origin = |next: &String| {
        let origin = window().location().origin().ok()?;
        let url = leptos::web_sys::Url::new_with_base(next, &origin).ok()?;
        (url.origin() == origin).then(|| next.clone())
    };
    query("next").as_deref().and_then(safe_next).as_ref().and_then(same_origin)
}

/// The box about the privacy policy and terms is not ticked.
fn not_agreed() -> Failure {
    problem(
        "accept_terms",
        "请先阅读并勾选同意隐私政策和用户协议",
        "Read the privacy policy and terms, and tick to agree, first",
    )
}

/// Seconds before another code may be asked for: a phone gets one a minute.
const RESEND_SECONDS: u64 = 60;

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let next = next_path();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let agreed = RwSignal::new(false);
    // A busy network (a carrier address shared by many phones) is asked for a proof of work
    // before its code is sent: solved here, and the request sent again with it.
    let checking = RwSignal::new(false);
    let request_code = Action::new_local(move |phone: &String| {
        let mut body = OtpRequest { phone: phone.clone(), proof: None };
        async move {
            if !agreed.get_untracked() {
                return Err(not_agreed());
            }
            for _ in 0..3 {
                match api::call(&endpoints::RequestOtp {}, &body).await {
                    Err(Failure::Api(ApiError {
                        error: ErrorKind::ChallengeRequired,
                        challenge: Some(challenge),
                        ..
                    })) => {
                        checking.set(true);
                        body.proof = Some(proof::solve(&challenge).await);
                        checking.set(false);
                    }
                    answer => return answer,
                }
            }
            api::call(&endpoints::RequestOtp {}, &body).await
        }
    });
    let sign_in = Action::new_local(move |body: &SignInRequest| {
        let (body, next) = (body.clone(), next.clone());
        async move {
            // Asked every time, though the server needs it only until it is given once.
            if !body.accept_terms {
                return Err(not_agreed());
            }
            let tokens = api::call(&endpoints::SignIn {}, &body).await?;
            let to = next.unwrap_or_else(|| landing(&tokens.me.roles).to_string());
            session.keep(tokens);
            go(&to);
            Ok::<(), Failure>(())
        }
    });
    let wait = countdown(request_code);
    let sent = Memo::new(move |_| request_code.value().get().and_then(Result::ok));
    let busy = move || request_code.pending().get() || sign_in.pending().get();
    let failure = Signal::derive(move || {
        sign_in.value().get().and_then(Result::err).or_else(|| request_code.value().get().and_then(Result::err))
    });

    view! {
        <Page>
            <section class="intro">
                <p>
                    {tr(
                        "用手机号和短信验证码登录。经营户、摊主、工作人员都从这里进入。",
                        "Sign in with your mobile number and a text-message code. Owners, vendors and staff all start here.",
                    )}
                </p>
            </section>
            <PhoneStep phone agreed failure request_code checking sent wait busy=Signal::derive(busy) />
            <Show when=move || sent.get().is_some()>
                <CodeStep phone code agreed failure sign_in sent busy=Signal::derive(busy) />
            </Show>
            <ErrorNote failure=failure beside=&["phone", "code", "accept_terms"] />
        </Page>
    }
}

/// Counts down to when another code may be asked for, after a code is sent or the server
/// says how long to wait.
fn countdown(request_code: Action<String, Result<OtpSent, Failure>>) -> RwSignal<u64> {
    let wait = RwSignal::new(0u64);
    let ticking = StoredValue::new(None::<IntervalHandle>);
    let start_countdown = move |seconds: u64| {
        wait.set(seconds);
        if ticking.get_value().is_none() {
            let tick = move || {
                wait.update(|s| *s = s.saturating_sub(1));
                if wait.get_untracked() == 0
                    && let Some(handle) = ticking.get_value()
                {
                    handle.clear();
                    ticking.set_value(None);
                }
            };
            let handle = set_interval_with_handle(tick, std::time::Duration::from_secs(1));
            ticking.set_value(handle.ok());
        }
    };
    Effect::new(move |_| match request_code.value().get() {
        Some(Ok(_)) => start_countdown(RESEND_SECONDS),
        Some(Err(Failure::Api(e))) => {
            if let Some(seconds) = e.retry_after {
                start_countdown(seconds)
            }
        }
        _ => {}
    });
    on_cleanup(move || {
        if let Some(handle) = ticking.get_value() {
            handle.clear();
        }
    });
    wait
}

/// What the send button says: send a code, send a new one, or how long until it may.
fn resend_words(sent: bool, wait: u64, lang: Lang) -> String {
    match (sent, wait, lang) {
        (true, 0, Lang::En) => "Send a new code".into(),
        (true, 0, Lang::Zh) => "重新获取验证码".into(),
        (false, 0, Lang::En) => "Send me a code".into(),
        (false, 0, Lang::Zh) => "获取验证码".into(),
        (_, s, Lang::En) if s > 90 => format!("Send a new code in {} min", s.div_ceil(60)),
        (_, s, Lang::Zh) if s > 90 => format!("{} 分钟后可重新获取", s.div_ceil(60)),
        (_, s, Lang::En) => format!("Send a new code in {s} s"),
        (_, s, Lang::Zh) => format!("{s} 秒后可重新获取"),
    }
}

/// The phone number and the consent, and asking for a code (again, once the wait is over).
#[component]
fn PhoneStep(
    phone: RwSignal<String>,
    agreed: RwSignal<bool>,
    failure: Signal<Option<Failure>>,
    request_code: Action<String, Result<OtpSent, Failure>>,
    /// A proof of work is being solved before the code is sent.
    checking: RwSignal<bool>,
    sent: Memo<Option<OtpSent>>,
    wait: RwSignal<u64>,
    /// A code is being asked for or signed in with.
    busy: Signal<bool>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let cannot_resend = move || busy.get() || wait.get() > 0;
    view! {
        <Form on_submit=Callback::new(move |()| {
            request_code.dispatch(phone.get_untracked());
        })>
            <label class="form__label" for="phone">
                {tr("手机号", "Mobile number")}
            </label>
            // Typed or pasted as people write numbers ("+86 138 0000 0001"); tidied to
            // the eleven digits once the field is left.
            <input
                id="phone"
                type="tel"
                inputmode="tel"
                autocomplete="tel"
                maxlength="24"
                data-testid="phone"
                aria-invalid=invalid(failure, "phone")
                aria-describedby="phone-error"
                prop:value=move || phone.get()
                on:input=move |ev| phone.set(event_target_value(&ev))
                on:change=move |ev| {
                    if let Ok(tidy) = parse_mobile(&event_target_value(&ev)) {
                        phone.set(tidy)
                    }
                }
            />
            <FieldNote failure field="phone" />
            <label class="consent">
                <input
                    type="checkbox"
                    data-testid="accept-terms"
                    aria-invalid=invalid(failure, "accept_terms")
                    aria-describedby="accept_terms-error"
                    prop:checked=move || agreed.get()
                    on:change=move |ev| agreed.set(event_target_checked(&ev))
                />
                <span>
                    {tr("我已阅读并同意", "I have read and agree to the ")}
                    <a href="/privacy">{tr("《隐私政策》", "privacy policy")}</a> {tr("和", " and the ")}
                    <a href="/terms">{tr("《用户协议》", "terms of use")}</a>
                </span>
            </label>
            <FieldNote failure field="accept_terms" />
            <button
                class="weui-btn weui-btn_default"
                type="submit"
                data-testid="request-code"
                disabled=cannot_resend
                aria-busy=move || request_code.pending().get().to_string()
            >
                {move || resend_words(sent.get().is_some(), wait.get(), lang.get())}
            </button>
            <Show when=move || checking.get()>
                <p class="form__hint" role="status" data-testid="checking-network">
                    {tr(
                        "当前网络请求较多，正在进行安全验证，请稍候…",
                        "Many requests come from this network; checking this one, please wait…",
                    )}
                </p>
            </Show>
        </Form>
    }
}

/// The code the text message brought, and signing in with it.
#[component]
fn CodeStep(
    phone: RwSignal<String>,
    code: RwSignal<String>,
    agreed: RwSignal<bool>,
    failure: Signal<Option<Failure>>,
    sign_in: Action<SignInRequest, Result<(), Failure>>,
    sent: Memo<Option<OtpSent>>,
    busy: Signal<bool>,
) -> impl IntoView {
    view! {
        <Form on_submit=Callback::new(move |()| {
            sign_in
                .dispatch(SignInRequest {
                    phone: phone.get_untracked(),
                    code: code.get_untracked(),
                    accept_terms: agreed.get_untracked(),
                });
        })>
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
            // Digits only, as the text message has them: anything else is dropped as
            // it is typed, so a stray letter never costs one of the five tries.
            <input
                id="code"
                type="text"
                inputmode="numeric"
                pattern="[0-9]*"
                autocomplete="one-time-code"
                data-testid="code"
                aria-invalid=invalid(failure, "code")
                aria-describedby="code-error"
                prop:value=move || code.get()
                on:input=move |ev| {
                    let digits: String = event_target_value(&ev).chars().filter(char::is_ascii_digit).take(6).collect();
                    code.set(digits)
                }
            />
            <FieldNote failure field="code" />
            <button
                class="weui-btn weui-btn_primary"
                type="submit"
                data-testid="sign-in"
                disabled=busy
                aria-busy=move || sign_in.pending().get().to_string()
            >
                {tr("登录", "Sign in")}
            </button>
        </Form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_send_button_says_how_long_until_another_code() {
        assert_eq!(resend_words(false, 0, Lang::En), "Send me a code");
        assert_eq!(resend_words(true, 0, Lang::Zh), "重新获取验证码");
        assert_eq!(resend_words(true, 45, Lang::En), "Send a new code in 45 s");
        assert_eq!(resend_words(true, 91, Lang::En), "Send a new code in 2 min");
        assert_eq!(resend_words(true, 600, Lang::Zh), "10 分钟后可重新获取");
    }
}
