//! On `/desk/catalogue`, below the registration catalogue: where each appeal category goes
//! (诉求分派) and how long its department has to take it and to answer it. Changes count for
//! appeals filed after them.

use getima_domain::api::{AppealRouteChange, CategoryNotice, Departments, MAX_CLAIM_DAYS, MAX_REPLY_DAYS, endpoints};
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{ErrorNote, Loading};
use getima_ui::forms::{FieldNote, Form, SubmitButton, TextInput, problem};
use getima_ui::prefs::{either, named, tr};
use getima_ui::session::use_session;
use leptos::prelude::*;

#[component]
pub fn AppealRoutes() -> impl IntoView {
    let categories = LocalResource::new(|| api::call(&endpoints::ListAppealCategories {}, &()));
    let departments = LocalResource::new(|| api::call(&endpoints::ListDepartments {}, &()));
    let departments = Signal::derive(move || departments.get().and_then(Result::ok));
    let saved = RwSignal::new(None::<(String, String)>);
    let on_saved = Callback::new(move |said| {
        saved.set(Some(said));
        categories.refetch();
    });
    view! {
        <div class="weui-cells__title" id="appeal-routes">
            {tr("诉求分派与时限", "Where appeals go, and how fast")}
        </div>
        {move || {
            saved
                .get()
                .map(|(zh, en)| {
                    view! {
                        <p class="notice notice--ok" role="status" data-testid="route-saved">
                            {either(zh, en)}
                        </p>
                    }
                })
        }}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match categories.await {
                    Ok(list) => {
                        list.categories
                            .into_iter()
                            .map(|notice| view! { <RouteEditor notice departments on_saved /> })
                            .collect_view()
                            .into_any()
                    }
                    Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One category: its department and its two deadlines, in working days.
#[component]
fn RouteEditor(
    notice: CategoryNotice,
    departments: Signal<Option<Departments>>,
    on_saved: Callback<(String, String)>,
) -> impl IntoView {
    let session = use_session();
    let code = notice.category.as_str();
    let department = RwSignal::new(notice.department.code.clone());
    let claim = RwSignal::new(notice.claim_days.to_string());
    let reply = RwSignal::new(notice.reply_days.to_string());
    let (name_zh, name_en) = (notice.name_zh.clone(), notice.name_en.clone());
    let save = Action::new_local(move |(department, claim, reply): &(String, String, String)| {
        let (department, claim, reply) = (department.clone(), claim.clone(), reply.clone());
        let (name_zh, name_en) = (name_zh.clone(), name_en.clone());
        async move {
            let days = |typed: &str, field: &str, (zh, en): (String, String)| {
                typed.trim().parse::<u32>().map_err(|_| problem(field, &zh, &en))
            };
            let claim_days = days(
                &claim,
                "claim_days",
                (
                    format!("请填写 0 到 {MAX_CLAIM_DAYS} 的整数"),
                    format!("Enter a whole number from 0 to {MAX_CLAIM_DAYS}"),
                ),
            )?;
            let reply_days = days(
                &reply,
                "reply_days",
                (
                    format!("请填写 1 到 {MAX_REPLY_DAYS} 的整数"),
                    format!("Enter a whole number from 1 to {MAX_REPLY_DAYS}"),
                ),
            )?;
            let change = AppealRouteChange { department, claim_days, reply_days };
            getima_domain::api::ApiError::unless_invalid(change.problems()).map_err(Failure::Api)?;
            session.call(&endpoints::SetAppealRoute { category: code.into() }, &change).await?;
            on_saved.run((format!("已保存：{name_zh}"), format!("Saved: {name_en}")));
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || save.value().get().and_then(Result::err));
    let form = format!("route-{code}-");
    let select = format!("{form}department");
    let summary = either(
        format!("{} · {} · {} 个工作日内答复", notice.name_zh, notice.department.zh, notice.reply_days),
        format!("{} · {} · answered within {} working days", notice.name_en, notice.department.en, notice.reply_days),
    );
    view! {
        <details class="catalogue" data-testid="appeal-route" data-category=code>
            <summary>{summary}</summary>
            <Form
                class="form decision"
                on_submit=Callback::new(move |()| {
                    save.dispatch((department.get_untracked(), claim.get_untracked(), reply.get_untracked()));
                })
            >
                <label class="form__label" for=select.clone()>
                    {tr("办理部门", "Department")}
                </label>
                <select
                    id=select.clone()
                    data-testid=select.clone()
                    aria-describedby=format!("{select}-error")
                    prop:value=move || department.get()
                    on:change=move |ev| department.set(event_target_value(&ev))
                >
                    {move || {
                        departments
                            .get()
                            .map(|list| {
                                list.departments
                                    .into_iter()
                                    .map(|d| {
                                        let value = d.code.clone();
                                        let chosen = value == department.get_untracked();
                                        view! {
                                            <option value=value selected=chosen>
                                                {named(d)}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            })
                    }}
                </select>
                <FieldNote failure field="department" form=form.clone() />
                <TextInput
                    form=form.clone()
                    field="claim_days"
                    label=tr(
                        "受理时限（工作日，0 为当天）",
                        "Days to take it (working days; 0: the same day)",
                    )
                    value=claim
                    failure
                    max=2
                    kind="number"
                />
                <TextInput
                    form=form.clone()
                    field="reply_days"
                    label=tr(
                        "答复时限（工作日，自提交起）",
                        "Days to answer it (working days from filing)",
                    )
                    value=reply
                    failure
                    max=2
                    kind="number"
                />
                <SubmitButton pending=save.pending() label=tr("保存", "Save") testid="save-route" />
                <ErrorNote failure beside=&["department", "claim_days", "reply_days"] />
            </Form>
        </details>
    }
}
