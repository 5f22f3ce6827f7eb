//! `/register/<bundle>/apply`: the application form of a bundle that opens a business. The
//! name is checked as it is typed, the premises come from the county's standard addresses,
//! each part the bundle's notice says is filled in online is a part of the form, and every
//! field is checked on the phone, all at once, before anything is sent.

use getima_domain::api::{
    AddressQuery, ApiError, ApplicationDraft, ApplicationRequest, BundleNotice, FoodSafetyManager, NameCheckQuery,
    Named, RegistrationChoices, StandardAddress, UtilityAccounts, endpoints,
};
use getima_domain::registration::{OnlineMaterial, check_name};
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{ErrorNote, Loading, SignedInPage};
use getima_ui::forms::{
    FieldNote, FormProblems, Required, SubmitButton, about, focus_field, go_to_first_problem, invalid, submission_key,
};
use getima_ui::kit::person::{PersonFields, PersonInputs};
use getima_ui::links::go;
use getima_ui::photos::{DraftPhotos, UploadsPending, track_uploads};
use getima_ui::prefs::{Lang, either, tr, use_prefs};
use getima_ui::session::use_session;
use leptos::prelude::*;
use std::time::Duration;

/// How long typing rests before the name or the address is looked up.
const SETTLE: Duration = Duration::from_millis(300);

/// The form's fields in the order it shows them, each with its label: where a refusal sends
/// the person first, and how the list under the send button names them.
const FIELDS: [(&str, &str, &str); 13] = [
    ("county", "所在县（市、区）", "County"),
    ("trade", "经营行业", "Trade"),
    ("shop_name", "个体户名称", "Business name"),
    ("address_id", "经营场所", "Premises"),
    ("operator_name", "经营者姓名", "Operator's name"),
    ("id_number", "经营者身份证号", "Operator's ID number"),
    ("phone", "经营者手机号", "Operator's mobile number"),
    ("food_safety_manager.name", "食品安全管理人员姓名", "Food safety manager's name"),
    ("food_safety_manager.id_number", "食品安全管理人员身份证号", "Food safety manager's ID number"),
    ("food_safety_manager.phone", "食品安全管理人员手机号", "Food safety manager's mobile number"),
    ("utility_accounts.water", "用水户号", "Water account number"),
    ("utility_accounts.power", "用电户号", "Power account number"),
    ("utility_accounts.gas", "用气户号", "Gas account number"),
];

#[component]
pub fn ApplyPage(slug: String) -> impl IntoView {
    let session = use_session();
    let loaded = LocalResource::new(move || {
        let call = endpoints::GetBundle { bundle: slug.clone() };
        let draft = endpoints::GetDraft { bundle: slug.clone() };
        async move {
            let (bundle, choices, draft) = futures::future::join3(
                api::call(&call, &()),
                api::call(&endpoints::GetRegistrationChoices {}, &()),
                session.call(&draft, &()),
            )
            .await;
            // No draft yet (or none readable) is an empty form.
            Ok::<_, Failure>((bundle?, choices?, draft.unwrap_or_default()))
        }
    });
    view! {
        <SignedInPage>
            // Not in a <Suspense>: a resource read inside one (the name check, the address
            // search) puts everything in it back behind the fallback each time it loads
            // again, so the form would leave the page, and the keyboard close, as people type.
            {move || match loaded.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Ok((bundle, choices, draft))) => view! { <ApplyForm bundle choices draft /> }.into_any(),
                Some(Err(failure)) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
            }}
        </SignedInPage>
    }
}

/// A text signal and its settled copy, which follows it once typing has rested.
fn settling() -> (RwSignal<String>, RwSignal<String>, impl FnMut(String) + 'static) {
    let typed = RwSignal::new(String::new());
    let settled = RwSignal::new(String::new());
    let settle = debounce(SETTLE, move |text: String| settled.set(text));
    (typed, settled, settle)
}

/// The water, power and gas account numbers as typed.
#[derive(Clone, Copy)]
struct AccountFields {
    water: RwSignal<String>,
    power: RwSignal<String>,
    gas: RwSignal<String>,
}

impl AccountFields {
    fn new(kept: UtilityAccounts) -> Self {
        Self { water: RwSignal::new(kept.water), power: RwSignal::new(kept.power), gas: RwSignal::new(kept.gas) }
    }

    fn get(&self) -> UtilityAccounts {
        UtilityAccounts { water: self.water.get(), power: self.power.get(), gas: self.gas.get() }
    }
}

#[component]
fn ApplyForm(bundle: BundleNotice, choices: RegistrationChoices, draft: ApplicationDraft) -> impl IntoView {
    let session = use_session();
    let key = StoredValue::new(submission_key());
    let online = StoredValue::new(bundle.online_materials());
    let asks = move |part: OnlineMaterial| online.with_value(|o| o.contains(&part));
    let county = RwSignal::new(draft.county);
    let trade = RwSignal::new(draft.trade);
    let (shop_name, settled_name, mut settle_name) = settling();
    shop_name.set(draft.shop_name.clone());
    settled_name.set(draft.shop_name);
    let address = RwSignal::new(draft.address_id.map(|id| StandardAddress { id, full_text: draft.address }));
    let operator = PersonFields::new(draft.operator_name);
    let manager = PersonFields::new(draft.food_safety_manager_name);
    let accounts = AccountFields::new(draft.utility_accounts);
    let draft_saved =
        keep_draft(bundle.slug.clone(), Kept { county, trade, shop_name, address, operator, manager, accounts });
    let uploading = track_uploads();
    let submit = Action::new_local(move |request: &ApplicationRequest| {
        let request = request.clone();
        let online = online.get_value();
        async move {
            ApiError::unless_invalid(request.check(&online).problems).map_err(Failure::Api)?;
            let filed = session.call(&endpoints::SubmitApplication {}, &request).await?;
            go(&format!("/me/applications?filed={0}#application-{0}", filed.id));
            Ok(())
        }
    });
    let failure = Signal::derive(move || submit.value().get().and_then(Result::err));
    let order: Vec<&'static str> = FIELDS.iter().map(|(field, ..)| *field).collect();
    // After each refusal, to the first field it names: its message is beside it.
    Effect::new(move |_| {
        if let Some(Err(refused)) = submit.value().get() {
            go_to_first_problem(&refused, "apply-", &order);
        }
    });
    let labels = Signal::stored(
        FIELDS
            .iter()
            .copied()
            .filter(|(field, ..)| {
                (!field.starts_with("food_safety_manager.") || asks(OnlineMaterial::FoodSafetyManager))
                    && (!field.starts_with("utility_accounts.") || asks(OnlineMaterial::UtilityAccounts))
            })
            .collect::<Vec<_>>(),
    );
    let slug = bundle.slug.clone();
    let request = move || ApplicationRequest {
        bundle: slug.clone(),
        idempotency_key: key.get_value(),
        shop_name: shop_name.get_untracked(),
        county: county.get_untracked(),
        trade: trade.get_untracked(),
        address_id: address.get_untracked().map_or(0, |a| a.id),
        operator_name: operator.name.get_untracked(),
        id_number: operator.id_number.get_untracked(),
        phone: operator.phone.get_untracked(),
        food_safety_manager: asks(OnlineMaterial::FoodSafetyManager).then(|| FoodSafetyManager {
            name: manager.name.get_untracked(),
            id_number: manager.id_number.get_untracked(),
            phone: manager.phone.get_untracked(),
        }),
        utility_accounts: asks(OnlineMaterial::UtilityAccounts).then(|| accounts.get()),
    };
    let my_phone = session.me().and_then(|me| me.phone);
    let BundleNotice { name_zh, name_en, .. } = bundle;
    view! {
        <section class="intro">
            <h1>{either(name_zh, name_en)}</h1>
            <p>
                {tr(
                    "提交后，各部门同时办理，进度和期限可在“我的申请”中查看。",
                    "Once sent, every department works on it at the same time; follow each in My applications.",
                )}
            </p>
        </section>
        <form
            class="form"
            data-testid="apply-form"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                submit.dispatch(request());
            }
        >
            <p class="form__hint">
                <Required />
                {tr(" 为必填项", " marks what must be filled in")}
            </p>
            <Choice
                id="county"
                label=tr("所在县（市、区）", "County")
                options=choices.counties
                value=county
                failure
                required=true
                on_change=move || address.set(None)
            />
            <Choice
                id="trade"
                label=tr("经营行业", "Trade")
                options=choices.trades
                value=trade
                failure
                required=true
            />
            <label class="form__label" for="apply-shop_name">
                {tr("个体户名称", "Business name")}
                <Required />
            </label>
            <input
                id="apply-shop_name"
                autocomplete="off"
                maxlength="40"
                aria-required="true"
                aria-invalid=invalid(failure, "shop_name")
                aria-describedby="apply-shop_name-error apply-name-verdict"
                prop:value=move || shop_name.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    shop_name.set(text.clone());
                    settle_name(text);
                }
            />
            <FieldNote failure field="shop_name" form="apply-" />
            <NameVerdict name=shop_name settled=settled_name county trade failure />
            <AddressField
                field="address_id"
                label=tr("经营场所", "Premises")
                county
                chosen=address
                failure
                required=true
            />
            <PersonInputs
                form="apply-"
                part=""
                name_field="operator_name"
                who=("经营者", "Operator's ")
                person=operator
                failure
                required=true
                own=true
                phone_hint=phone_hint(my_phone)
            />
            <p class="form__hint">
                {tr(
                    "身份证号和电话只用于办理，公开页面不显示。",
                    "The ID number and phone are used only to process this and never shown publicly.",
                )}
            </p>
            {asks(OnlineMaterial::FoodSafetyManager).then(|| view! { <ManagerInputs manager operator failure /> })}
            {asks(OnlineMaterial::UtilityAccounts).then(|| view! { <AccountInputs accounts failure /> })}
            <p class="form__hint" role="status" data-testid="draft-status">
                {move || {
                    if draft_saved.get() {
                        tr(
                            "已自动保存草稿（身份证号和电话不保存）",
                            "Draft kept (without ID numbers and phones)",
                        )()
                    } else {
                        tr("填写的内容会自动保存为草稿", "What you fill in is kept as a draft")()
                    }
                }}
            </p>
            <DraftPhotos bundle=bundle.slug.clone() />
            <UploadsPending uploading />
            <SubmitButton
                pending=Signal::derive(move || submit.pending().get() || uploading.get())
                label=tr("提交申请", "Send application")
                testid="apply-submit"
            />
            <FormProblems failure form="apply-" labels />
        </form>
    }
}

/// What the operator's phone must be, with the signed-in account's (masked) number.
fn phone_hint(mine: Option<String>) -> Signal<String> {
    let lang = use_prefs().lang;
    Signal::derive(move || match (&mine, lang.get() == Lang::En) {
        (Some(phone), false) => format!("须为您登录用的手机号 {phone}：由经营者本人申请。"),
        (Some(phone), true) => {
            format!("The mobile number you signed in with, {phone}: the operator applies in person.")
        }
        (None, false) => "您是用微信登录的：请退出后用经营者本人的手机号登录再申请。".into(),
        (None, true) => "You signed in through WeChat: sign in with the operator's own mobile number to apply.".into(),
    })
}

/// 食品安全管理人员信息, as the food business licence asks: often the operator, so one tap fills
/// in the operator's details.
#[component]
fn ManagerInputs(manager: PersonFields, operator: PersonFields, failure: Signal<Option<Failure>>) -> impl IntoView {
    view! {
        <fieldset class="form__part" data-testid="food-safety-manager">
            <legend class="form__part-title">{tr("食品安全管理人员", "Food safety manager")}</legend>
            <p class="form__hint">
                {tr(
                    "食品经营许可需要：负责本店食品安全的人，可以是经营者本人。",
                    "For the food business licence: who answers for food safety here; it may be the operator.",
                )}
            </p>
            <button
                type="button"
                class="weui-btn weui-btn_default"
                data-testid="manager-is-operator"
                on:click=move |_| {
                    manager.name.set(operator.name.get_untracked());
                    manager.id_number.set(operator.id_number.get_untracked());
                    manager.phone.set(operator.phone.get_untracked());
                }
            >
                {tr("由经营者本人担任（填入上面的信息）", "The operator: fill in the details above")}
            </button>
            <PersonInputs
                form="apply-"
                part="food_safety_manager."
                who=("食品安全管理人员", "Manager's ")
                person=manager
                failure
                required=true
            />
        </fieldset>
    }
}

/// 已有的用水、用电、用气户号, as the utility connection asks; none is required.
#[component]
fn AccountInputs(accounts: AccountFields, failure: Signal<Option<Failure>>) -> impl IntoView {
    let input = move |field: &'static str, zh: &'static str, en: &'static str, value: RwSignal<String>| {
        let name = format!("utility_accounts.{field}");
        let id = format!("apply-{name}");
        view! {
            <label class="form__label" for=id.clone()>
                {tr(zh, en)}
            </label>
            <input
                id=id.clone()
                class="mono"
                autocomplete="off"
                autocapitalize="characters"
                maxlength="24"
                aria-invalid=invalid(failure, name.clone())
                aria-describedby=format!("{id}-error apply-utility-hint")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <FieldNote failure field=name form="apply-" />
        }
    };
    view! {
        <fieldset class="form__part" data-testid="utility-accounts">
            <legend class="form__part-title">{tr("已有的水电气户号", "Existing utility accounts")}</legend>
            <p class="form__hint" id="apply-utility-hint">
                {tr(
                    "水电气联合报装需要：按账单上的户号填写；没有的留空，按新装办理。",
                    "For the utility connection: as printed on the bill; leave empty any there is none of, and it is connected anew.",
                )}
            </p>
            {input("water", "用水户号", "Water account number", accounts.water)}
            {input("power", "用电户号", "Power account number", accounts.power)}
            {input("gas", "用气户号", "Gas account number", accounts.gas)}
        </fieldset>
    }
}

/// What a draft keeps of the form.
#[derive(Clone, Copy)]
struct Kept {
    county: RwSignal<String>,
    trade: RwSignal<String>,
    shop_name: RwSignal<String>,
    address: RwSignal<Option<StandardAddress>>,
    operator: PersonFields,
    manager: PersonFields,
    accounts: AccountFields,
}

/// Keeps the form on the server a second after each change (never an ID number or phone),
/// so a closed web-view loses nothing; says when it last did.
fn keep_draft(bundle: String, kept: Kept) -> RwSignal<bool> {
    let session = use_session();
    let saved = RwSignal::new(false);
    let mut save = debounce(Duration::from_secs(1), move |draft: ApplicationDraft| {
        let call = endpoints::SaveDraft { bundle: bundle.clone() };
        leptos::task::spawn_local(async move {
            saved.set(session.call(&call, &draft).await.is_ok());
        });
    });
    Effect::new(move |first: Option<()>| {
        let chosen = kept.address.get();
        let draft = ApplicationDraft {
            shop_name: kept.shop_name.get(),
            county: kept.county.get(),
            trade: kept.trade.get(),
            address_id: chosen.as_ref().map(|a| a.id),
            address: chosen.map(|a| a.full_text).unwrap_or_default(),
            operator_name: kept.operator.name.get(),
            food_safety_manager_name: kept.manager.name.get(),
            utility_accounts: kept.accounts.get(),
        };
        // What was loaded is already kept.
        if first.is_some() {
            saved.set(false);
            save(draft);
        }
    });
    saved
}

/// A choice from a reference list, its message beside it.
#[component]
pub(crate) fn Choice(
    id: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    options: Vec<Named>,
    value: RwSignal<String>,
    failure: Signal<Option<Failure>>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] on_change: Option<Callback<()>>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let field_id = format!("apply-{id}");
    view! {
        <label class="form__label" for=field_id.clone()>
            {label}
            {required.then(|| view! { <Required /> })}
        </label>
        <select
            id=field_id.clone()
            aria-required=required.then_some("true")
            aria-invalid=invalid(failure, id)
            aria-describedby=format!("{field_id}-error")
            prop:value=move || value.get()
            on:change=move |ev| {
                value.set(event_target_value(&ev));
                if let Some(changed) = on_change {
                    changed.run(());
                }
            }
        >
            <option value="">{tr("请选择", "Choose")}</option>
            {options
                .into_iter()
                .map(|option| {
                    let Named { code, zh, en } = option;
                    view! {
                        <option value=code>
                            {move || if lang.get() == Lang::En { en.clone() } else { zh.clone() }}
                        </option>
                    }
                })
                .collect_view()}
        </select>
        <FieldNote failure field=id form="apply-" />
    }
}

/// Whether the name can be registered, said while it is typed: its shape on the phone at
/// once, then whether it is taken in the county and trade once typing rests. Silent where
/// the submission already said what is wrong with it.
#[component]
fn NameVerdict(
    name: RwSignal<String>,
    settled: RwSignal<String>,
    county: RwSignal<String>,
    trade: RwSignal<String>,
    failure: Signal<Option<Failure>>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let check = LocalResource::new(move || {
        let query = NameCheckQuery { name: settled.get(), county: county.get(), trade: trade.get() };
        async move {
            let ready = check_name(&query.name).is_ok() && !query.county.is_empty() && !query.trade.is_empty();
            if ready { Some(api::call(&endpoints::CheckName {}, &query).await) } else { None }
        }
    });
    let reported = about(failure, "shop_name");
    let verdict = move || {
        let en = lang.get() == Lang::En;
        let typed = name.get();
        if typed.trim().is_empty() || reported.get().is_some() {
            return None;
        }
        if let Err(problem) = check_name(&typed) {
            let (zh, e) = problem.bilingual();
            return Some(("name-verdict name-verdict--bad", if en { e } else { zh }));
        }
        if county.get().is_empty() || trade.get().is_empty() {
            let hint = tr("选择县和行业后检查是否重名", "Choose the county and trade to check it is free");
            return Some(("name-verdict", hint().to_string()));
        }
        let waiting = tr("正在检查名称…", "Checking the name…");
        match check.get() {
            _ if settled.get() != typed => Some(("name-verdict", waiting().to_string())),
            Some(Some(Ok(verdict))) if verdict.available => {
                Some(("name-verdict name-verdict--ok", tr("✓ 名称可以使用", "✓ This name is free")().to_string()))
            }
            Some(Some(Ok(verdict))) => {
                let reason = if en { verdict.reason_en } else { verdict.reason_zh };
                Some(("name-verdict name-verdict--bad", reason.unwrap_or_default()))
            }
            Some(Some(Err(_))) => Some((
                "name-verdict",
                tr("暂时无法检查重名，提交时会再检查", "Cannot check the name now; it is checked again when sent")()
                    .to_string(),
            )),
            Some(None) | None => Some(("name-verdict", waiting().to_string())),
        }
    };
    view! {
        <p id="apply-name-verdict" role="status" aria-live="polite" data-testid="name-verdict">
            {move || verdict().map(|(class, text)| view! { <span class=class>{text}</span> })}
        </p>
    }
}

/// Premises picked from the county's standard addresses: typed, then chosen from the matches.
/// A chosen address is shown whole, wrapping as it needs (a one-line box would hide its door
/// number), with a way to choose again. Its message sits beside it under `field`.
#[component]
pub(crate) fn AddressField(
    field: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    county: RwSignal<String>,
    chosen: RwSignal<Option<StandardAddress>>,
    failure: Signal<Option<Failure>>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let (text, settled, settle) = settling();
    // Kept outside the box, which is drawn again after choosing again.
    let settle = StoredValue::new_local(settle);
    let input_id = format!("apply-{field}");
    let typing = {
        let input_id = input_id.clone();
        move || {
            view! {
                <input
                    id=input_id.clone()
                    autocomplete="off"
                    maxlength="40"
                    aria-required=required.then_some("true")
                    aria-controls="apply-addresses"
                    aria-invalid=invalid(failure, field)
                    aria-describedby=format!("apply-{field}-error apply-address-hint")
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let typed = event_target_value(&ev);
                        text.set(typed.clone());
                        settle.update_value(|settle| settle(typed));
                    }
                />
                <FieldNote failure field form="apply-" />
                <AddressOptions county typed=settled chosen text />
            }
        }
    };
    let choose_again = move |_| {
        text.set(String::new());
        settled.set(String::new());
        chosen.set(None);
        let id = format!("apply-{field}");
        request_animation_frame(move || focus_field(&id));
    };
    view! {
        <label class="form__label" for=input_id>
            {label}
            {required.then(|| view! { <Required /> })}
        </label>
        <Show when=move || chosen.with(Option::is_some) fallback=typing>
            <div class="address-chosen" data-testid="address-chosen">
                <p class="address-chosen__text">{move || chosen.get().map(|a| a.full_text)}</p>
                <button type="button" class="link" data-testid="address-again" on:click=choose_again>
                    {tr("重新选择地址", "Choose another address")}
                </button>
            </div>
        </Show>
    }
}

/// The county's standard addresses matching what was typed, to pick one from.
#[component]
fn AddressOptions(
    county: RwSignal<String>,
    typed: RwSignal<String>,
    chosen: RwSignal<Option<StandardAddress>>,
    text: RwSignal<String>,
) -> impl IntoView {
    let found = LocalResource::new(move || {
        let query = AddressQuery { county: county.get(), q: typed.get().trim().to_string() };
        async move {
            if query.county.is_empty() || query.q.is_empty() {
                return None;
            }
            Some(api::call(&endpoints::SearchAddresses {}, &query).await)
        }
    });
    let hint = move || {
        if county.get().is_empty() {
            tr("先选择所在县（市、区），再输入道路或门牌号", "Choose the county first, then type a road or number")()
        } else {
            tr("输入道路或门牌号，从列表中选择", "Type a road or number, then pick from the list")()
        }
    };
    view! {
        <p class="form__hint" id="apply-address-hint">
            {hint}
        </p>
        <ul class="options" id="apply-addresses" aria-live="polite" data-testid="address-options">
            {move || {
                match found.get().flatten() {
                    Some(Ok(list)) if list.addresses.is_empty() => {
                        Some(
                            view! {
                                <li class="form__hint">
                                    {tr("没有找到，请换个写法", "Nothing found; try other words")}
                                </li>
                            }
                                .into_any(),
                        )
                    }
                    Some(Ok(list)) => {
                        Some(
                            list
                                .addresses
                                .into_iter()
                                .map(|option| {
                                    let label = option.full_text.clone();
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                on:click=move |_| {
                                                    text.set(option.full_text.clone());
                                                    chosen.set(Some(option.clone()));
                                                }
                                            >
                                                {label}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                                .into_any(),
                        )
                    }
                    Some(Err(failure)) => Some(view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any()),
                    None => None,
                }
            }}
        </ul>
    }
}
