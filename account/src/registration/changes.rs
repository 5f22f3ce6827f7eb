//! `/me/households/<uscc>/apply`: the owner of a business applies to change its name,
//! premises or trade, to suspend it, to trade again, or to close it. Only what its status
//! allows is offered; every field is checked on the phone before anything is sent.

use crate::registration::apply::{AddressField, Choice};
use getima_domain::api::MAX_SERVICE_ADDRESS_CHARS;
use getima_domain::api::{
    ApiError, CarryOver, CreditCode, HouseholdApplicationRequest, Named, NewOperator, PrivateHousehold,
    RegistrationChoices, StandardAddress, endpoints,
};
use getima_domain::codes::households::HouseholdStatus;
use getima_domain::registration::{CarryOverKind, MAX_CARRY_OVER};
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{ErrorNote, Loading, SignedInPage};
use getima_ui::forms::{
    FieldNote, FormProblems, SubmitButton, TextInput, go_to_first_problem, invalid, submission_key,
};
use getima_ui::kit::person::{PersonFields, PersonInputs};
use getima_ui::links::go;
use getima_ui::photos::{DraftPhotos, UploadsPending, track_uploads};
use getima_ui::prefs::{Lang, label, tr, use_prefs};
use getima_ui::session::use_session;
use leptos::prelude::*;

/// Today in China, `YYYY-MM-DD`, as the date picker's lower bound.
fn today() -> String {
    getima_ui::china::today().to_string()
}

/// The form's fields in the order it shows them, each with its label: where a refusal sends
/// the person first, and how the list under the send button names them.
const FIELDS: [(&str, &str, &str); 11] = [
    ("new_name", "新名称", "New name"),
    ("new_address_id", "新经营场所", "New premises"),
    ("new_trade", "新行业", "New trade"),
    ("new_operator.name", "新经营者姓名", "New operator's name"),
    ("new_operator.id_number", "新经营者身份证号", "New operator's ID number"),
    ("new_operator.phone", "新经营者手机号", "New operator's mobile number"),
    ("suspend_until", "歇业到哪一天", "Suspended until"),
    ("service_address", "法律文书送达地址", "Address for legal documents"),
    ("company_name", "企业名称", "The company's name"),
    ("carry_over", "承继的商标、专利和荣誉", "What is carried over"),
    ("confirm", "确认注销", "Confirm closing"),
];

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
        <SignedInPage>
            // Not in a <Suspense>, which the address search would put back behind its
            // fallback (and the keyboard away) as it loads again: see apply::ApplyPage.
            {move || match loaded.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Ok((household, choices))) => view! { <HouseholdForm household choices /> }.into_any(),
                Some(Err(failure)) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
            }}
        </SignedInPage>
    }
}

/// What a business in `status` may apply for, by bundle (the server refuses the rest too).
fn offered(status: HouseholdStatus) -> Vec<(&'static str, &'static str, &'static str)> {
    let change = ("change", "变更名称、经营场所、行业或经营者", "Change the name, premises, trade or operator");
    let suspend = ("suspend", "歇业（最长3年）", "Suspend trading (up to 3 years)");
    let resume = ("resume", "恢复营业", "Trade again");
    let close = ("deregister", "注销", "Close the business");
    let convert =
        ("convert-to-company", "个转企（转为有限公司，保留字号）", "Become a company, keeping the trade name");
    match status {
        HouseholdStatus::Active => vec![change, suspend, convert, close],
        HouseholdStatus::Suspended => vec![change, resume, convert, close],
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
    let service_address = RwSignal::new(String::new());
    let confirmed = RwSignal::new(false);
    let company = RwSignal::new(String::new());
    let carry_over = RwSignal::new(Vec::<CarryOver>::new());
    let handing_over = RwSignal::new(false);
    let operator = PersonFields::new(String::new());
    let uploading = track_uploads();
    let household_name = name.clone();
    let target = uscc.clone();
    let send = Action::new_local(move |request: &HouseholdApplicationRequest| {
        let (request, uscc, household_name) = (request.clone(), CreditCode(target.clone()), household_name.clone());
        async move {
            if let Some(today) = getima_domain::calendar::parse_date(&today()) {
                ApiError::unless_invalid(request.check(today, &household_name).problems).map_err(Failure::Api)?;
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
    // After each refusal, to the first field it names, its message beside it.
    Effect::new(move |_| {
        if let Some(Err(refused)) = send.value().get() {
            let order: Vec<&'static str> = FIELDS.iter().map(|(field, ..)| *field).collect();
            go_to_first_problem(&refused, "apply-", &order);
        }
    });
    let request = move || {
        let bundle = bundle.get_untracked().to_string();
        let text = |signal: RwSignal<String>| Some(signal.get_untracked()).filter(|t| !t.trim().is_empty());
        let changing = bundle == "change";
        let converting = bundle == "convert-to-company";
        HouseholdApplicationRequest {
            idempotency_key: key.get_value(),
            new_name: text(new_name).filter(|_| changing),
            new_address_id: address
                .get_untracked()
                .map(|a: getima_domain::api::StandardAddress| a.id)
                .filter(|_| changing),
            new_trade: text(trade).filter(|_| changing),
            new_operator: (changing && handing_over.get_untracked()).then(|| new_operator(operator)),
            suspend_until: text(until).filter(|_| bundle == "suspend"),
            service_address: text(service_address).filter(|_| bundle == "suspend"),
            company_name: text(company).filter(|_| converting),
            carry_over: if converting { carry_over.get_untracked() } else { Vec::new() },
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
                <ChangeFields
                    shown=Signal::derive(move || is("change"))
                    county
                    new_name
                    address
                    trade
                    trades=choices.trades.clone()
                    handing_over
                    operator
                    failure
                />
                <SuspendFields shown=Signal::derive(move || is("suspend")) until service_address failure />
                <CompanyFields shown=Signal::derive(move || is("convert-to-company")) company carry_over failure />
                <CloseFields shown=Signal::derive(move || is("deregister")) confirmed failure />
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
                <FormProblems failure form="apply-" labels=Signal::stored(FIELDS.to_vec()) />
            </form>
        </div>
    }
}

/// What a change may change: the name, the premises, the trade, and the operator.
#[component]
fn ChangeFields(
    shown: Signal<bool>,
    county: RwSignal<String>,
    new_name: RwSignal<String>,
    address: RwSignal<Option<StandardAddress>>,
    trade: RwSignal<String>,
    trades: Vec<Named>,
    handing_over: RwSignal<bool>,
    operator: PersonFields,
    failure: Signal<Option<Failure>>,
) -> impl IntoView {
    view! {
        <div class="form__group" hidden=move || !shown.get()>
            <p class="form__hint">{tr("只填要变更的项目。", "Fill in only what changes.")}</p>
            <TextInput form="apply-" field="new_name" label=tr("新名称", "New name") value=new_name failure max=40 />
            <AddressField
                field="new_address_id"
                label=tr("新经营场所", "New premises")
                county
                chosen=address
                failure
            />
            <Choice id="new_trade" label=tr("新行业", "New trade") options=trades value=trade failure />
            <label class="consent">
                <input
                    type="checkbox"
                    data-testid="hand-over"
                    prop:checked=move || handing_over.get()
                    on:change=move |ev| handing_over.set(event_target_checked(&ev))
                />
                {tr("变更经营者（交给他人经营）", "Hand the business over to a new operator")}
            </label>
            <div class="form__group" hidden=move || !handing_over.get()>
                <p class="form__hint">
                    {tr(
                        "批准后，新经营者用本人手机号登录即可管理这个个体户（或凭身份证号认领）；您将不再管理它。",
                        "Once approved, the new operator manages the business by signing in with their phone (or claims it with their ID); you no longer do.",
                    )}
                </p>
                <PersonInputs
                    form="apply-"
                    part="new_operator."
                    who=("新经营者", "New operator's ")
                    person=operator
                    failure
                />
            </div>
        </div>
    }
}

/// Until when the business is suspended, and where legal documents reach it meanwhile.
#[component]
fn SuspendFields(
    shown: Signal<bool>,
    until: RwSignal<String>,
    service_address: RwSignal<String>,
    failure: Signal<Option<Failure>>,
) -> impl IntoView {
    view! {
        <div class="form__group" hidden=move || !shown.get()>
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
            <TextInput
                form="apply-"
                field="service_address"
                label=tr("歇业期间的法律文书送达地址", "Where legal documents reach you while suspended")
                value=service_address
                failure
                max=MAX_SERVICE_ADDRESS_CHARS
            />
        </div>
    }
}

/// The company a business becomes, and what it carries over.
#[component]
fn CompanyFields(
    shown: Signal<bool>,
    company: RwSignal<String>,
    carry_over: RwSignal<Vec<CarryOver>>,
    failure: Signal<Option<Failure>>,
) -> impl IntoView {
    view! {
        <div class="form__group" hidden=move || !shown.get()>
            <label class="form__label" for="apply-company_name">
                {tr("企业名称（保留原字号）", "The company's name (keeping the trade name)")}
            </label>
            <input
                id="apply-company_name"
                maxlength="36"
                placeholder=tr("如：温州郑记餐饮有限公司", "e.g. 温州郑记餐饮有限公司")
                aria-invalid=invalid(failure, "company_name")
                aria-describedby="apply-company_name-error"
                prop:value=move || company.get()
                on:input=move |ev| company.set(event_target_value(&ev))
            />
            <FieldNote failure field="company_name" form="apply-" />
            <CarryOverList items=carry_over failure />
        </div>
    }
}

/// Closing is confirmed with a tick: the business code says closed from then on.
#[component]
fn CloseFields(shown: Signal<bool>, confirmed: RwSignal<bool>, failure: Signal<Option<Failure>>) -> impl IntoView {
    view! {
        <div class="form__group" hidden=move || !shown.get()>
            <label class="consent">
                <input
                    type="checkbox"
                    id="apply-confirm"
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
    }
}

/// The new operator as the request carries them.
fn new_operator(fields: PersonFields) -> NewOperator {
    NewOperator {
        name: fields.name.get_untracked(),
        id_number: fields.id_number.get_untracked(),
        phone: fields.phone.get_untracked(),
    }
}

/// The trademarks, patents and honours a conversion carries over: a row each, added and
/// removed on the phone, each row's problems beside it.
#[component]
fn CarryOverList(items: RwSignal<Vec<CarryOver>>, failure: Signal<Option<Failure>>) -> impl IntoView {
    let lang = use_prefs().lang;
    // Rows are drawn again when their number changes, not as they are typed in (which would
    // take the focus away).
    let count = Memo::new(move |_| items.with(Vec::len));
    let full = move || count.get() >= MAX_CARRY_OVER;
    let blank = || CarryOver { kind: CarryOverKind::Trademark, name: String::new(), number: String::new() };
    // Each row's fields are named with its number, for screen readers.
    let named_in_row = move |i: usize, zh: &'static str, en: &'static str| {
        move || {
            if lang.get() == Lang::En { format!("Item {}: {en}", i + 1) } else { format!("第 {} 项：{zh}", i + 1) }
        }
    };
    let edit = move |i: usize, change: Box<dyn Fn(&mut CarryOver)>| {
        items.update(|list| {
            if let Some(item) = list.get_mut(i) {
                change(item);
            }
        })
    };
    view! {
        <fieldset class="carry-over" id="apply-carry_over" data-testid="carry-over-list">
            <legend class="form__label">
                {tr("承继的商标、专利和荣誉", "Trademarks, patents and honours carried over")}
            </legend>
            {move || {
                (0..count.get())
                    .map(|i| {
                        let item = items.with_untracked(|list| list[i].clone());
                        view! {
                            <div class="carry-over__item" data-testid="carry-over-item">
                                <select
                                    aria-label=named_in_row(i, "类别", "kind")
                                    on:change=move |ev| {
                                        let kind = CarryOverKind::parse(&event_target_value(&ev));
                                        edit(i, Box::new(move |it| it.kind = kind.unwrap_or(it.kind)));
                                    }
                                >
                                    {CarryOverKind::ALL
                                        .iter()
                                        .map(|kind| {
                                            view! {
                                                <option value=kind.as_str() selected=*kind == item.kind>
                                                    {label(kind.label())}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                                <input
                                    aria-label=named_in_row(i, "名称", "name")
                                    maxlength="60"
                                    prop:value=item.name.clone()
                                    on:input=move |ev| {
                                        let name = event_target_value(&ev);
                                        edit(i, Box::new(move |it| it.name = name.clone()));
                                    }
                                />
                                <FieldNote failure field=format!("carry_over[{i}].name") form="apply-" />
                                <input
                                    aria-label=named_in_row(
                                        i,
                                        "登记或证书编号（可不填）",
                                        "registration or certificate number (optional)",
                                    )
                                    maxlength="40"
                                    prop:value=item.number.clone()
                                    on:input=move |ev| {
                                        let number = event_target_value(&ev);
                                        edit(i, Box::new(move |it| it.number = number.clone()));
                                    }
                                />
                                <FieldNote failure field=format!("carry_over[{i}].number") form="apply-" />
                                <button
                                    type="button"
                                    class="photos__remove"
                                    on:click=move |_| {
                                        items
                                            .update(|list| {
                                                if i < list.len() {
                                                    list.remove(i);
                                                }
                                            })
                                    }
                                >
                                    {move || {
                                        if lang.get() == Lang::En {
                                            format!("Remove item {}", i + 1)
                                        } else {
                                            format!("删除第 {} 项", i + 1)
                                        }
                                    }}
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button
                type="button"
                class="weui-btn weui-btn_default"
                data-testid="carry-over-add"
                disabled=full
                on:click=move |_| items.update(|list| list.push(blank()))
            >
                {tr("添加一项", "Add an item")}
            </button>
            <FieldNote failure field="carry_over" form="apply-" />
        </fieldset>
    }
}
