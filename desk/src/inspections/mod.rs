//! `/desk/inspect/:code`: a shop's inspection history across departments ("进一次门、查多项
//! 事"), and for staff and heads a form to record one for their department.

use getima_domain::accounts::InspectionResult;
use getima_domain::api::{
    CodeProfile, INSPECTORS, Inspection, InspectionRequest, MAX_NOTES_CHARS, Named, endpoints, valid_notes,
};
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{ErrorNote, Page, RoleGate};
use getima_ui::forms::{BusyButton, Counter, FieldNote, invalid, problem};
use getima_ui::lists::CellList;
use getima_ui::prefs::{label, named, tr};
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
        <Page>
            <RoleGate
                roles=INSPECTORS
                needs=("工作人员、部门负责人或平台管理员", "staff, a department head or an admin")
            >
                {move || shop.get().and_then(Result::ok).map(|profile| view! { <Shop profile /> })}
                <InspectionPanel code=code.clone() />
            </RoleGate>
        </Page>
    }
}

/// The shop being inspected, and the way to its public page.
#[component]
pub fn Shop(profile: CodeProfile) -> impl IntoView {
    view! {
        <section class="shop">
            <h1 data-testid="shop-name">{profile.household.name}</h1>
            <div class="shop__trade mono">{profile.household.uscc}</div>
            <a href=format!("/c/{}", profile.code) class="link">
                {tr("查看公开信息", "See the public page")}
            </a>
        </section>
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
                    view! { <RecordForm code=code.clone() department=d on_recorded=move || history.refetch() /> }
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
                    {named(inspection.department)}
                </div>
                <div class="shop__trade">{inspection.inspected_on}" · "{inspection.inspector}</div>
                {(!inspection.notes.is_empty()).then(|| view! { <div>{inspection.notes.clone()}</div> })}
            </div>
        </div>
    }
}

#[component]
fn RecordForm(code: String, department: Named, on_recorded: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let session = use_session();
    // No result is chosen for the inspector: a verdict is a decision, not a default.
    let result = RwSignal::new(None::<InspectionResult>);
    let notes = RwSignal::new(String::new());
    let dept_code = department.code.clone();
    let record = Action::new_local(move |chosen: &(Option<InspectionResult>, String)| {
        let (chosen, notes_now, dept, code) = (chosen.0, chosen.1.clone(), dept_code.clone(), code.clone());
        async move {
            let result = chosen.ok_or_else(|| problem("result", "请选择检查结果", "Choose the result"))?;
            valid_notes(result, &notes_now).map_err(|(zh, en)| problem("notes", &zh, &en))?;
            let body = InspectionRequest { code, result, notes: notes_now };
            let recorded = session.call(&endpoints::RecordInspection { dept }, &body).await?;
            notes.set(String::new());
            on_recorded();
            Ok::<_, Failure>(recorded)
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        record.dispatch((result.get_untracked(), notes.get_untracked()));
    };
    let failure = Signal::derive(move || record.value().get().and_then(Result::err));
    let recorded = Signal::derive(move || record.value().get().and_then(Result::ok));
    view! {
        <form class="form" on:submit=submit data-testid="inspection-form">
            <p class="form__hint">{tr("以本部门名义记录：", "Recording for ")}{named(department)}</p>
            <label class="form__label" for="result">
                {tr("检查结果", "Result")}
            </label>
            <select
                id="result"
                data-testid="inspection-result"
                aria-invalid=invalid(failure, "result")
                aria-describedby="result-error"
                on:change=move |ev| result.set(InspectionResult::parse(&event_target_value(&ev)))
            >
                <option value="" selected=move || result.get().is_none()>
                    {tr("请选择", "Choose")}
                </option>
                {InspectionResult::ALL
                    .iter()
                    .map(|r| {
                        view! {
                            <option value=r.as_str() selected=move || result.get() == Some(*r)>
                                {label(r.label())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FieldNote failure field="result" />
            <label class="form__label" for="notes">
                {tr("情况说明", "Notes")}
                {move || {
                    result
                        .get()
                        .filter(|r| *r != InspectionResult::Compliant)
                        .map(|_| tr("（必填）", " (required)")())
                }}
            </label>
            <textarea
                id="notes"
                data-testid="inspection-notes"
                aria-invalid=invalid(failure, "notes")
                aria-describedby="notes-count notes-error"
                prop:value=move || notes.get()
                on:input=move |ev| notes.set(event_target_value(&ev))
            ></textarea>
            <Counter text=notes.into() max=MAX_NOTES_CHARS id="notes-count" />
            <FieldNote failure field="notes" />
            <BusyButton
                pending=record.pending()
                label=tr("记录检查", "Record inspection")
                busy_label=("记录检查", "Record inspection")
                testid="inspection-submit"
            />
            {move || {
                recorded
                    .get()
                    .map(|_| {
                        view! {
                            <p class="form__ok" role="status" data-testid="inspection-recorded">
                                {tr("已记录，见上方检查记录。", "Recorded: it is in the list above.")}
                            </p>
                        }
                    })
            }}
        </form>
        <ErrorNote failure=failure beside=&["result", "notes"] />
    }
}
