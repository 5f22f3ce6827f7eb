//! `/register/<bundle>/apply`: the application form of a bundle that opens a business. The
//! name is checked as it is typed, the premises come from the county's standard addresses,
//! and every field is checked on the phone, all at once, before anything is sent.

use getima_domain::api::{
    AddressQuery, ApiError, ApplicationDraft, ApplicationRequest, BundleNotice, NameCheckQuery, Named,
    RegistrationChoices, StandardAddress, endpoints,
};
use getima_domain::registration::check_name;
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{Bar, ErrorNote, Footer, Loading, SignedIn};
use getima_ui::forms::{FieldNote, SubmitButton, about, invalid, submission_key};
use getima_ui::links::go;
use getima_ui::photos::{DraftPhotos, UploadsPending, track_uploads};
use getima_ui::prefs::{Lang, either, tr, use_prefs};
use getima_ui::session::use_session;
use leptos::prelude::*;
use std::time::Duration;

/// How long typing rests before the name or the address is looked up.
const SETTLE: Duration = Duration::from_millis(300);

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
        <main class="page">
            <Bar title=tr("填写开店申请", "Apply to open a business") />
            <SignedIn>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match loaded.await {
                            Ok((bundle, choices, draft)) => view! { <ApplyForm bundle choices draft /> }.into_any(),
                            Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                        }
                    })}
                </Suspense>
            </SignedIn>
            <Footer />
        </main>
    }
}

/// A text signal and its settled copy, which follows it once typing has rested.
fn settling() -> (RwSignal<String>, RwSignal<String>, impl FnMut(String) + 'static) {
    let typed = RwSignal::new(String::new());
    let settled = RwSignal::new(String::new());
    let settle = debounce(SETTLE, move |text: String| settled.set(text));
    (typed, settled, settle)
}

#[component]
fn ApplyForm(bundle: BundleNotice, choices: RegistrationChoices, draft: ApplicationDraft) -> impl IntoView {
    let session = use_session();
    let key = StoredValue::new(submission_key());
    let county = RwSignal::new(draft.county);
    let trade = RwSignal::new(draft.trade);
    let (shop_name, settled_name, mut settle_name) = settling();
    shop_name.set(draft.shop_name.clone());
    settled_name.set(draft.shop_name);
    let address = RwSignal::new(draft.address_id.map(|id| StandardAddress { id, full_text: draft.address }));
    let operator_name = RwSignal::new(draft.operator_name);
    let draft_saved = keep_draft(bundle.slug.clone(), county, trade, shop_name, address, operator_name);
    let id_number = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let uploading = track_uploads();
    let slug = bundle.slug.clone();
    let submit = Action::new_local(move |request: &ApplicationRequest| {
        let request = request.clone();
        async move {
            ApiError::unless_invalid(request.check().problems).map_err(Failure::Api)?;
            let filed = session.call(&endpoints::SubmitApplication {}, &request).await?;
            go(&format!("/me/applications#application-{}", filed.id));
            Ok(())
        }
    });
    let failure = Signal::derive(move || submit.value().get().and_then(Result::err));
    let request = move || ApplicationRequest {
        bundle: slug.clone(),
        idempotency_key: key.get_value(),
        shop_name: shop_name.get_untracked(),
        county: county.get_untracked(),
        trade: trade.get_untracked(),
        address_id: address.get_untracked().map_or(0, |a| a.id),
        operator_name: operator_name.get_untracked(),
        id_number: id_number.get_untracked(),
        phone: phone.get_untracked(),
    };
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
            <Choice
                id="county"
                label=tr("所在县（市、区）", "County")
                options=choices.counties
                value=county
                failure
                on_change=move || address.set(None)
            />
            <Choice id="trade" label=tr("经营行业", "Trade") options=choices.trades value=trade failure />
            <label class="form__label" for="apply-shop_name">
                {tr("个体户名称", "Business name")}
            </label>
            <input
                id="apply-shop_name"
                autocomplete="off"
                maxlength="40"
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
            <AddressField field="address_id" label=tr("经营场所", "Premises") county chosen=address failure />
            <label class="form__label" for="apply-operator_name">
                {tr("经营者姓名", "Operator's name")}
            </label>
            <input
                id="apply-operator_name"
                autocomplete="name"
                maxlength="30"
                aria-invalid=invalid(failure, "operator_name")
                aria-describedby="apply-operator_name-error"
                prop:value=move || operator_name.get()
                on:input=move |ev| operator_name.set(event_target_value(&ev))
            />
            <FieldNote failure field="operator_name" form="apply-" />
            <label class="form__label" for="apply-id_number">
                {tr("经营者身份证号", "Operator's ID number")}
            </label>
            <input
                id="apply-id_number"
                autocomplete="off"
                maxlength="18"
                class="mono"
                aria-invalid=invalid(failure, "id_number")
                aria-describedby="apply-id_number-error"
                prop:value=move || id_number.get()
                on:input=move |ev| id_number.set(event_target_value(&ev))
            />
            <FieldNote failure field="id_number" form="apply-" />
            <label class="form__label" for="apply-phone">
                {tr("联系电话", "Mobile number")}
            </label>
            <input
                id="apply-phone"
                type="tel"
                inputmode="tel"
                autocomplete="tel"
                maxlength="20"
                aria-invalid=invalid(failure, "phone")
                aria-describedby="apply-phone-error"
                prop:value=move || phone.get()
                on:input=move |ev| phone.set(event_target_value(&ev))
            />
            <FieldNote failure field="phone" form="apply-" />
            <p class="form__hint">
                {tr(
                    "身份证号和电话只用于办理，公开页面不显示。",
                    "The ID number and phone are used only to process this and never shown publicly.",
                )}
            </p>
            <p class="form__hint" role="status" data-testid="draft-status">
                {move || {
                    draft_saved
                        .get()
                        .then(|| tr(
                            "已自动保存草稿（身份证号和电话不保存）",
                            "Draft kept (without the ID number and phone)",
                        ))
                }}
            </p>
            <DraftPhotos bundle=bundle.slug.clone() />
            <UploadsPending uploading />
            <SubmitButton
                pending=Signal::derive(move || submit.pending().get() || uploading.get())
                label=tr("提交申请", "Send application")
                testid="apply-submit"
            />
            <ErrorNote
                failure
                beside=&["county", "trade", "shop_name", "address_id", "operator_name", "id_number", "phone"]
            />
        </form>
    }
}

/// Keeps the form on the server a second after each change (never the ID number or phone),
/// so a closed web-view loses nothing; says when it last did.
fn keep_draft(
    bundle: String,
    county: RwSignal<String>,
    trade: RwSignal<String>,
    shop_name: RwSignal<String>,
    address: RwSignal<Option<StandardAddress>>,
    operator_name: RwSignal<String>,
) -> RwSignal<bool> {
    let session = use_session();
    let saved = RwSignal::new(false);
    let mut save = debounce(Duration::from_secs(1), move |draft: ApplicationDraft| {
        let call = endpoints::SaveDraft { bundle: bundle.clone() };
        leptos::task::spawn_local(async move {
            saved.set(session.call(&call, &draft).await.is_ok());
        });
    });
    Effect::new(move |first: Option<()>| {
        let chosen = address.get();
        let draft = ApplicationDraft {
            shop_name: shop_name.get(),
            county: county.get(),
            trade: trade.get(),
            address_id: chosen.as_ref().map(|a| a.id),
            address: chosen.map(|a| a.full_text).unwrap_or_default(),
            operator_name: operator_name.get(),
        };
        // What was loaded is already kept.
        if first.is_some() {
            saved.set(false);
            save(draft);
        }
    });
    saved
}

/// A required choice from a reference list, its message beside it.
#[component]
pub(crate) fn Choice(
    id: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    options: Vec<Named>,
    value: RwSignal<String>,
    failure: Signal<Option<Failure>>,
    #[prop(optional, into)] on_change: Option<Callback<()>>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let field_id = format!("apply-{id}");
    view! {
        <label class="form__label" for=field_id.clone()>
            {label}
        </label>
        <select
            id=field_id.clone()
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

/// Premises picked from the county's standard addresses: typed, then chosen from the
/// matches; typing again drops the choice. Its message sits beside it under `field`.
#[component]
pub(crate) fn AddressField(
    field: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    county: RwSignal<String>,
    chosen: RwSignal<Option<StandardAddress>>,
    failure: Signal<Option<Failure>>,
) -> impl IntoView {
    let (text, settled, mut settle) = settling();
    text.set(chosen.get_untracked().map(|a| a.full_text).unwrap_or_default());
    view! {
        <label class="form__label" for="apply-address_id">
            {label}
        </label>
        <input
            id="apply-address_id"
            autocomplete="off"
            maxlength="40"
            aria-controls="apply-addresses"
            aria-invalid=invalid(failure, field)
            aria-describedby=format!("apply-{field}-error apply-address-hint")
            prop:value=move || text.get()
            on:input=move |ev| {
                let typed = event_target_value(&ev);
                chosen.set(None);
                text.set(typed.clone());
                settle(typed);
            }
        />
        <FieldNote failure field form="apply-" />
        <AddressOptions county typed=settled chosen text />
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
        } else if chosen.get().is_some() {
            tr("已选择标准地址", "Standard address chosen")()
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
                if chosen.get().is_some() {
                    return None;
                }
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
