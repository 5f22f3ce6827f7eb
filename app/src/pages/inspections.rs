//! On a code's page, what signed-in people get beyond the public profile: owners a
//! services menu, inspectors the inspection history and a form to record one.

use super::{CellList, ErrorNote};
use crate::api::{self, Failure};
use crate::prefs::{label, tr};
use crate::session::use_session;
use getima_domain::api::{Inspection, InspectionRequest, Inspections, MyHouseholds};
use getima_domain::people::{InspectionResult, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

const INSPECTORS: &[Role] = &[Role::Staff, Role::DepartmentHead, Role::Admin];

#[component]
pub fn RolePanels(code: String, uscc: String) -> impl IntoView {
    let session = use_session();
    let (owner_code, owner_uscc) = (code.clone(), uscc);
    view! {
        {move || session.has_any(&[Role::Owner]).then(|| view! { <OwnerServices code=owner_code.clone() uscc=owner_uscc.clone() /> })}
        {move || session.has_any(INSPECTORS).then(|| view! { <InspectionPanel code=code.clone() /> })}
    }
}

/// Shown only when this household is one of mine.
#[component]
fn OwnerServices(code: String, uscc: String) -> impl IntoView {
    let session = use_session();
    let mine = LocalResource::new(move || async move { session.get::<MyHouseholds>("/api/me/households").await });
    let owns = move || mine.get().and_then(Result::ok).is_some_and(|m| m.households.iter().any(|h| h.uscc == uscc));
    let poster = format!("/c/{code}/poster");
    view! {
        <Show when=owns>
            <div class="weui-cells__title">{tr("经营户服务", "Owner services")}</div>
            <nav class="services" data-testid="owner-services">
                <A href="/me">{tr("我的个体户与完整登记信息", "My businesses and full registration")}</A>
                <A href=poster.clone()>{tr("打印“企业码+收款码”海报", "Print the code + payment poster")}</A>
            </nav>
        </Show>
    }
}

#[component]
fn InspectionPanel(code: String) -> impl IntoView {
    let session = use_session();
    let path = format!("/api/codes/{}/inspections", api::encode(&code));
    let history = LocalResource::new(move || {
        let path = path.clone();
        async move { session.get::<Inspections>(&path).await }
    });
    let department =
        move || session.me().filter(|me| me.roles.iter().any(|r| r.is_departmental())).and_then(|me| me.department);
    view! {
        <div class="weui-cells__title">{tr("检查记录", "Inspections")}</div>
        <CellList
            testid="inspections"
            rows=move || history.get().map(|loaded| loaded.map(|list| list.inspections))
            empty=tr("暂无检查记录", "No inspections yet")
            row=|inspection| view! { <InspectionRow inspection /> }
        />
        {move || department().map(|d| view! { <RecordForm code=code.clone() department=d.code zh=d.zh on_recorded=move || history.refetch() /> })}
    }
}

#[component]
fn InspectionRow(inspection: Inspection) -> impl IntoView {
    view! {
        <div class="weui-cell" data-testid="inspection">
            <div class="weui-cell__bd">
                <div><b>{label(inspection.result.label())}</b>" · "{inspection.department.zh}</div>
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
    let failure = RwSignal::new(None::<Failure>);
    let busy = RwSignal::new(false);
    let path = format!("/api/departments/{}/inspections", api::encode(&department));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let (path, code) = (path.clone(), code.clone());
        spawn_local(async move {
            let body = InspectionRequest { code, result: result.get_untracked(), notes: notes.get_untracked() };
            match session.post::<_, Inspection>(&path, &body).await {
                Ok(_) => {
                    notes.set(String::new());
                    failure.set(None);
                    on_recorded();
                }
                Err(f) => failure.set(Some(f)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="inspection-form">
            <p class="form__hint">{tr("以本部门名义记录：", "Recording for ")}{zh}</p>
            <label class="form__label" for="result">{tr("检查结果", "Result")}</label>
            <select id="result" data-testid="inspection-result"
                on:change=move |ev| if let Some(r) = InspectionResult::parse(&event_target_value(&ev)) { result.set(r) }>
                {InspectionResult::ALL.iter().map(|r| view! {
                    <option value=r.as_str() selected=move || result.get() == *r>{label(r.label())}</option>
                }).collect_view()}
            </select>
            <label class="form__label" for="notes">{tr("情况说明", "Notes")}</label>
            <textarea id="notes" maxlength="500" data-testid="inspection-notes"
                prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
            <button class="weui-btn weui-btn_primary" type="submit" data-testid="inspection-submit" disabled=move || busy.get()>
                {tr("记录检查", "Record inspection")}
            </button>
        </form>
        <ErrorNote failure=failure />
    }
}
