//! `/me/households/<uscc>/apply`: the owner of a business applies to change its name,
//! premises or trade, to suspend it, to trade again, or to close it. Only what its status
//! allows is offered; every field is checked on the phone before anything is sent.

use crate::apply::{AddressField, Choice};
use getima_domain::api::{
    ApiError, CreditCode, HouseholdApplicationRequest, PrivateHousehold, RegistrationChoices, endpoints,
};
use getima_domain::households::HouseholdStatus;
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{Bar, ErrorNote, Footer, Loading, SignedIn};
use getima_ui::forms::{FieldNote, SubmitButton, invalid, submission_key};
use getima_ui::links::go;
use getima_ui::photos::{DraftPhotos, UploadsPending, track_uploads};
use getima_ui::prefs::{label, tr};
use getima_ui::session::use_session;
use leptos::prelude::*;

/// Today on the phone's calendar, `YYYY-MM-DD`, as the date picker's lower bound.
fn today() -> String {
    let now = leptos::web_sys::js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

#[component]
pub fn HouseholdApplyPage(uscc: String) -> impl IntoView {
    let session = use_session();
    let loaded = LocalResource::new(move || {
        let call = endpoints::GetMyHousehold { uscc: CreditCode(uscc.clone()) };
        async move {
            let (household, choices) =
                futures::future::join(session.call(&call, &()), api::call(&endpoints::GetRegistrationChoices {}, &()))
                    .await;
            Ok::<_, Failure>((household?, choices?))
        }
    });
    view! {
        <main class="page">
            <Bar title=tr("变更、歇业、注销", "Change, suspend, close") />
            <SignedIn>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match loaded.await {
                            Ok((household, choices)) => view! { <HouseholdForm household choices /> }.into_any(),
                            Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                        }
                    })}
                </Suspense>
            </SignedIn>
            <Footer />
        </main>
    }
}

/// What a business in `status` may apply for, by bundle (the server refuses the rest too).
fn offered(status: HouseholdStatus) -> Vec<(&'static str, &'static str, &'static str)> {
    let change = ("change", "变更名称、经营场所或行业", "Change the name, premises or trade");
    let suspend = ("suspend", "歇业（最长3年）", "Suspend trading (up to 3 years)");
    let resume = ("resume", "恢复营业", "Trade again");
    let close = ("deregister", "注销", "Close the business");
    match status {
        HouseholdStatus::Active => vec![change, suspend, close],
        HouseholdStatus::Suspended => vec![change, resume, close],
        HouseholdStatus::Deregistered => vec![],
    }
}

#[component]
fn HouseholdForm(household: PrivateHousehold, choices: RegistrationChoices) -> impl IntoView {
    let session = use_session();
    let PrivateHousehold { uscc, name, status, .. } = household;
    let key = StoredValue::new(submission_key());
    let options = offered(status);
    let bundle = RwSignal::new(options.first().map_or("", |o| o.0));
    let county = RwSignal::new(getima_domain::uscc::division(&uscc).to_string());
    let new_name = RwSignal::new(String::new());
    let address = RwSignal::new(None);
    let trade = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let confirmed = RwSignal::new(false);
    let uploading = track_uploads();
    let target = uscc.clone();
    let send = Action::new_local(move |request: &HouseholdApplicationRequest| {
        let (request, uscc) = (request.clone(), CreditCode(target.clone()));
        async move {
            if let Some(today) = getima_domain::calendar::parse_date(&today()) {
                let checked = request.check(today);
                if !checked.problems.is_empty() {
                    return Err(Failure::Api(ApiError::invalid_fields(checked.problems)));
                }
            }
            if request.bundle == "deregister" && !confirmed.get_untracked() {
                return Err(getima_ui::forms::problem(
                    "confirm",
                    "请确认注销：注销后个体码显示“注销”，不再提供收款",
                    "Confirm closing: the business code will then say closed and offer no payment",
                ));
            }
            let filed = session.call(&endpoints::FileHouseholdApplication { uscc }, &request).await?;
            go(&format!("/me/applications#application-{}", filed.id));
            Ok(())
        }
    });
    let failure = Signal::derive(move || send.value().get().and_then(Result::err));
    let request = move || {
        let bundle = bundle.get_untracked().to_string();
        let text = |signal: RwSignal<String>| Some(signal.get_untracked()).filter(|t| !t.trim().is_empty());
        let changing = bundle == "change";
        HouseholdApplicationRequest {
            idempotency_key: key.get_value(),
            new_name: text(new_name).filter(|_| changing),
            new_address_id: address
                .get_untracked()
                .map(|a: getima_domain::api::StandardAddress| a.id)
                .filter(|_| changing),
            new_trade: text(trade).filter(|_| changing),
            suspend_until: text(until).filter(|_| bundle == "suspend"),
            bundle,
        }
    };
    let is = move |slug: &'static str| bundle.get() == slug;
    let nothing_offered = options.is_empty();
    view! {
        <section class="intro">
            <h1>{name}</h1>
            <p class="shop__trade">
                <span class="mono">{uscc.clone()}</span>
                " · "
                {label(status.label())}
            </p>
        </section>
        {nothing_offered
            .then(|| {
                view! {
                    <p class="notice" data-testid="nothing-to-apply">
                        {tr(
                            "这个个体户已注销，无需再办理。",
                            "This business is closed; there is nothing more to apply for.",
                        )}
                    </p>
                }
            })}
        <div hidden=nothing_offered>
            <form
                class="form"
                data-testid="household-form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    send.dispatch(request());
                }
            >
                <fieldset class="decision">
                    <legend class="form__label">{tr("要办理的事项", "What to apply for")}</legend>
                    {options
                        .iter()
                        .map(|&(slug, zh, en)| {
                            view! {
                                <label class="consent">
                                    <input
                                        type="radio"
                                        name="bundle"
                                        value=slug
                                        prop:checked=move || bundle.get() == slug
                                        on:change=move |_| bundle.set(slug)
                                    />
                                    {tr(zh, en)}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <FieldNote failure field="bundle" form="apply-" />
                <div class="form__group" hidden=move || !is("change")>
                    <p class="form__hint">{tr("只填要变更的项目。", "Fill in only what changes.")}</p>
                    <label class="form__label" for="apply-new_name">
                        {tr("新名称", "New name")}
                    </label>
                    <input
                        id="apply-new_name"
                        maxlength="40"
                        aria-invalid=invalid(failure, "new_name")
                        aria-describedby="apply-new_name-error"
                        prop:value=move || new_name.get()
                        on:input=move |ev| new_name.set(event_target_value(&ev))
                    />
                    <FieldNote failure field="new_name" form="apply-" />
                    <AddressField
                        field="new_address_id"
                        label=tr("新经营场所", "New premises")
                        county
                        chosen=address
                        failure
                    />
                    <Choice
                        id="new_trade"
                        label=tr("新行业", "New trade")
                        options=choices.trades.clone()
                        value=trade
                        failure
                    />
                </div>
                <div class="form__group" hidden=move || !is("suspend")>
                    <label class="form__label" for="apply-suspend_until">
                        {tr("歇业到哪一天", "Suspended until")}
                    </label>
                    <input
                        id="apply-suspend_until"
                        type="date"
                        min=today()
                        aria-invalid=invalid(failure, "suspend_until")
                        aria-describedby="apply-suspend_until-error"
                        prop:value=move || until.get()
                        on:input=move |ev| until.set(event_target_value(&ev))
                    />
                    <FieldNote failure field="suspend_until" form="apply-" />
                </div>
                <div class="form__group" hidden=move || !is("deregister")>
                    <label class="consent">
                        <input
                            type="checkbox"
                            data-testid="confirm-close"
                            aria-invalid=invalid(failure, "confirm")
                            aria-describedby="apply-confirm-error"
                            prop:checked=move || confirmed.get()
                            on:change=move |ev| confirmed.set(event_target_checked(&ev))
                        />
                        {tr(
                            "我确认注销。注销后个体码显示“注销”，不再提供收款。",
                            "I confirm closing. The business code will then say closed and offer no payment.",
                        )}
                    </label>
                    <FieldNote failure field="confirm" form="apply-" />
                </div>
                {move || {
                    let chosen = bundle.get();
                    (!chosen.is_empty()).then(|| view! { <DraftPhotos bundle=chosen.to_string() /> })
                }}
                <UploadsPending uploading />
                <SubmitButton
                    pending=Signal::derive(move || send.pending().get() || uploading.get())
                    label=tr("提交申请", "Send application")
                    testid="household-submit"
                />
                <ErrorNote
                    failure
                    beside=&["bundle", "new_name", "new_address_id", "new_trade", "suspend_until", "confirm"]
                />
            </form>
        </div>
    }
}
