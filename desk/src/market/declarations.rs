//! Producer declarations (自产自销声明) for the market's own-produce zone: those waiting first,
//! each approved with a tap or refused with a reason the vendor will read; the latest decided
//! below, with where they stand.

use getima_domain::api::{ApiError, DeclarationDecision, ManagedDeclaration, endpoints};
use getima_domain::stalls::{DeclarationStatus, MAX_REASON_CHARS};
use getima_ui::api::Failure;
use getima_ui::chrome::{ErrorNote, Loading};
use getima_ui::forms::{Form, TextArea};
use getima_ui::prefs::{either, label, moment, tr};
use getima_ui::session::use_session;
use leptos::prelude::*;

#[component]
pub fn Declarations(market: i64) -> impl IntoView {
    let session = use_session();
    // Read once: a decision changes its own row, so the list does not reorder under the thumb.
    let list =
        LocalResource::new(
            move || async move { session.call(&endpoints::ListMarketDeclarations { market }, &()).await },
        );
    move || match list.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(failure)) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
        Some(Ok(list)) if list.declarations.is_empty() => {
            view! { <p class="form__hint">{tr("还没有人提交声明。", "Nobody has sent a declaration yet.")}</p> }
                .into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="declarations" data-testid="declaration-list">
                {list
                    .declarations
                    .into_iter()
                    .map(|declaration| view! { <DeclarationRow market declaration /> })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    }
}

/// One declaration: who (masked), what and where from, and the decision, or the buttons to
/// make it.
#[component]
fn DeclarationRow(market: i64, declaration: ManagedDeclaration) -> impl IntoView {
    let session = use_session();
    let id = declaration.id;
    let decide = Action::new_local(move |decision: &DeclarationDecision| {
        let decision = decision.clone();
        async move {
            let problems = decision.problems();
            if !problems.is_empty() {
                return Err(Failure::Api(ApiError::invalid_fields(problems)));
            }
            session.call(&endpoints::DecideDeclaration { market, declaration: id }, &decision).await
        }
    });
    let decided = Signal::derive(move || decide.value().get().and_then(Result::ok));
    let waiting = declaration.status == DeclarationStatus::Pending;
    let heading = format!("{} · {}", declaration.vendor, declaration.phone);
    let declared = moment(&declaration.declared_at);
    view! {
        <li class="declaration" data-testid="declaration" data-declaration=id>
            <p class="declaration__who">{heading}</p>
            <dl class="booking-facts">
                <dt>{tr("产品", "What")}</dt>
                <dd data-testid="declaration-produce">{declaration.produce.clone()}</dd>
                <dt>{tr("产地", "Where")}</dt>
                <dd>{declaration.origin.clone()}</dd>
                <dt>{tr("提交于", "Sent")}</dt>
                <dd>{declared}</dd>
            </dl>
            {move || match (decided.get(), waiting) {
                (Some(now), _) => view! { <Standing declaration=now just=true /> }.into_any(),
                (None, true) => view! { <Decide id decide /> }.into_any(),
                (None, false) => view! { <Standing declaration=declaration.clone() just=false /> }.into_any(),
            }}
        </li>
    }
}

/// Where a decided declaration stands; `just` decided here, said as news.
#[component]
fn Standing(declaration: ManagedDeclaration, just: bool) -> impl IntoView {
    let status = declaration.status;
    let detail = match status {
        DeclarationStatus::Approved => {
            let until = declaration.valid_until.unwrap_or_default();
            Some(either(format!("有效期至 {until}"), format!("valid until {until}")))
        }
        DeclarationStatus::Rejected => {
            let reason = declaration.reason.unwrap_or_default();
            Some(either(format!("理由：{reason}"), format!("because: {reason}")))
        }
        DeclarationStatus::Pending => None,
    };
    view! {
        <p
            class=if status == DeclarationStatus::Approved { "notice notice--ok" } else { "notice" }
            role=just.then_some("status")
            data-testid="declaration-status"
            data-status=status.as_str()
        >
            {just.then(|| tr("已保存：", "Saved: "))}
            {label(status.label())}
            {detail
                .map(|detail| {
                    view! {
                        {tr("，", ", ")}
                        {detail}
                    }
                })}
        </p>
    }
}

/// Approve with a tap, or refuse saying why; each button says when it is the one at work.
#[component]
fn Decide(id: i64, decide: Action<DeclarationDecision, Result<ManagedDeclaration, Failure>>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let failure = Signal::derive(move || decide.value().get().and_then(Result::err));
    let busy =
        move |approving: bool| decide.pending().get() && decide.input().get().is_some_and(|d| d.approve == approving);
    let form = format!("declaration-{id}-");
    view! {
        <button
            type="button"
            class="weui-btn weui-btn_primary"
            data-testid="declaration-approve"
            disabled=move || decide.pending().get()
            aria-busy=move || busy(true).to_string()
            on:click=move |_| {
                decide
                    .dispatch(DeclarationDecision {
                        approve: true,
                        reason: None,
                    });
            }
        >
            {move || if busy(true) { tr("正在通过…", "Approving…")() } else { tr("通过", "Approve")() }}
        </button>
        <Form
            class="decision"
            on_submit=Callback::new(move |()| {
                let typed = reason.get_untracked().trim().to_string();
                decide
                    .dispatch(DeclarationDecision {
                        approve: false,
                        reason: (!typed.is_empty()).then_some(typed),
                    });
            })
        >
            <TextArea
                form
                label=tr("不通过的理由（摊主会看到）", "Why not (the vendor reads this)")
                field="reason"
                value=reason
                failure
                max=MAX_REASON_CHARS
            />
            <button
                type="submit"
                class="weui-btn weui-btn_default"
                data-testid="declaration-refuse"
                disabled=move || decide.pending().get()
                aria-busy=move || busy(false).to_string()
            >
                {move || if busy(false) { tr("正在提交…", "Sending…")() } else { tr("不通过", "Refuse")() }}
            </button>
        </Form>
        <ErrorNote failure beside=&["reason"] />
    }
}
