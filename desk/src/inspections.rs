//! `/desk/inspect/:code`: a shop's inspection history across departments ("进一次门、查多项
//! 事"), and for staff and heads a form to record one for their department.

use getima_domain::api::{INSPECTORS, Inspection, InspectionRequest, endpoints};
use getima_domain::people::InspectionResult;
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{Bar, ErrorNote, Footer, RoleGate};
use getima_ui::lists::CellList;
use getima_ui::prefs::{label, tr};
use getima_ui::session::use_session;
use leptos::prelude::*;

#[component]
pub fn InspectPage(code: String) -> impl IntoView {
    let shop = {
        let code = code.clone();
        LocalResource::new(move || {
            let code = code.clone();
            async move { api::call(&endpoints::GetCodeProfile { code }, &()).await }
        })
    };
    view! {
        <main class="page">
            <Bar title=tr("检查", "Inspections") />
            <RoleGate
                roles=INSPECTORS
                needs=("工作人员、部门负责人或平台管理员", "staff, a department head or an admin")
            >
                {move || {
                    shop.get()
                        .and_then(Result::ok)
                        .map(|p| {
                            view! {
                                <section class="shop">
                                    <h1 data-testid="shop-name">{p.household.name}</h1>
                                    <div class="shop__trade mono">{p.household.uscc}</div>
                                    <a href=format!("/c/{}", p.code) class="link">
                                        {tr("查看公开信息", "See the public page")}
                                    </a>
                                </section>
                            }
                        })
                }}
                <InspectionPanel code=code.clone() />
            </RoleGate>
            <Footer />
        </main>
    }
}

#[component]
fn InspectionPanel(code: String) -> impl IntoView {
    let session = use_session();
    let history = {
        let code = code.clone();
        LocalResource::new(move || {
            let code = code.clone();
            async move { session.call(&endpoints::ListCodeInspections { code }, &()).await }
        })
    };
    // A memo, so a refreshed token does not rebuild the form (and lose what is being sent).
    let department = Memo::new(move |_| {
        session.me().filter(|me| me.roles.iter().any(|r| r.is_departmental())).and_then(|me| me.department)
    });
    view! {
        <div class="weui-cells__title">{tr("检查记录", "Inspections")}</div>
        <CellList
            testid="inspections"
            rows=move || history.get().map(|loaded| loaded.map(|list| list.inspections))
            empty=tr("暂无检查记录", "No inspections yet")
            row=|inspection| view! { <InspectionRow inspection /> }
        />
        {move || {
            department
                .get()
                .map(|d| {
                    view! {
                        <RecordForm code=code.clone() department=d.code zh=d.zh on_recorded=move || history.refetch() />
                    }
                })
        }}
    }
}

#[component]
fn InspectionRow(inspection: Inspection) -> impl IntoView {
    view! {
        <div class="weui-cell" data-testid="inspection">
            <div class="weui-cell__bd">
                <div>
                    <b>{label(inspection.result.label())}</b>
                    " · "
                    {inspection.department.zh}
                </div>
                <div class="shop__trade">{inspection.inspected_on}" · "{inspection.inspector}</div>
                {(!inspection.notes.is_empty()).then(|| view! { <div>{inspection.notes.clone()}</div> })}
            </div>
        </div>
    }
}

#[component]
fn RecordForm(
    code: String,
    department: String,
    zh: String,
    on_recorded: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let result = RwSignal::new(InspectionResult::Compliant);
    let notes = RwSignal::new(String::new());
    let record = Action::new_local(move |body: &InspectionRequest| {
        let (body, dept) = (body.clone(), department.clone());
        async move {
            let recorded = session.call(&endpoints::RecordInspection { dept }, &body).await?;
            notes.set(String::new());
            on_recorded();
            Ok::<_, Failure>(recorded)
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        record.dispatch(InspectionRequest {
            code: code.clone(),
            result: result.get_untracked(),
            notes: notes.get_untracked(),
        });
    };
    let failure = Signal::derive(move || record.value().get().and_then(Result::err));
    view! {
        <form class="form" on:submit=submit data-testid="inspection-form">
            <p class="form__hint">{tr("以本部门名义记录：", "Recording for ")}{zh}</p>
            <label class="form__label" for="result">
                {tr("检查结果", "Result")}
            </label>
            <select
                id="result"
                data-testid="inspection-result"
                on:change=move |ev| {
                    if let Some(r) = InspectionResult::parse(&event_target_value(&ev)) {
                        result.set(r)
                    }
                }
            >
                {InspectionResult::ALL
                    .iter()
                    .map(|r| {
                        view! {
                            <option value=r.as_str() selected=move || result.get() == *r>
                                {label(r.label())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <label class="form__label" for="notes">
                {tr("情况说明", "Notes")}
            </label>
            <textarea
                id="notes"
                maxlength="500"
                data-testid="inspection-notes"
                prop:value=move || notes.get()
                on:input=move |ev| notes.set(event_target_value(&ev))
            ></textarea>
            <button
                class="weui-btn weui-btn_primary"
                type="submit"
                data-testid="inspection-submit"
                disabled=move || record.pending().get()
                aria-busy=move || record.pending().get().to_string()
            >
                {tr("记录检查", "Record inspection")}
            </button>
        </form>
        <ErrorNote failure=failure />
    }
}
