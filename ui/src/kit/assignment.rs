//! Who holds a task (认领): a reviewer takes it or gives it back; the head gives it to a
//! colleague. Each says when it worked, through `on_changed`, with the words to show.

use crate::api::Failure;
use crate::chrome::ErrorNote;
use crate::forms::{Form, SubmitButton};
use crate::prefs::tr;
use crate::session::use_session;
use getima_domain::api::{Assignee, AssignmentRequest, Colleague, endpoints};
use leptos::prelude::*;

/// What a change of holder did, in both languages, for the queue's status line.
pub type Changed = Callback<(String, String)>;

/// The task's holder as a line of text: nobody, me, or a named colleague.
#[component]
pub fn HolderLine(assignee: Option<Assignee>, mine: bool) -> impl IntoView {
    let text = move || match (&assignee, mine) {
        (None, _) => tr("未认领", "Not taken yet")().to_string(),
        (Some(_), true) => tr("经办人：我", "Reviewer: me")().to_string(),
        (Some(a), false) => format!("{}{}", tr("经办人：", "Reviewer: ")(), a.name),
    };
    view! {
        <p class="holder" class:holder--mine=mine data-testid="holder">
            {text}
        </p>
    }
}

/// Take an untaken task, or give back one I hold: a button beside `children` (the task's
/// other action), busy while it is sent.
#[component]
pub fn TakeOrGiveBack(
    task: i64,
    dept: String,
    shop: String,
    held: bool,
    on_changed: Changed,
    /// Told when the task was taken, with the shop's name.
    on_claimed: Callback<String>,
    children: Children,
) -> impl IntoView {
    let session = use_session();
    let act = Action::new_local(move |&()| {
        let (dept, shop) = (dept.clone(), shop.clone());
        async move {
            if held {
                session.call(&endpoints::ReleaseRegistrationTask { dept, task }, &()).await?;
                on_changed.run((format!("已放回待认领：{shop}"), format!("Given back: {shop}")));
            } else {
                session.call(&endpoints::ClaimRegistrationTask { dept, task }, &()).await?;
                on_claimed.run(shop);
            }
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || act.value().get().and_then(Result::err));
    let busy = act.pending();
    let label = if held { tr("放回待认领", "Give back") } else { tr("认领", "Take it") };
    view! {
        <div class="task-actions">
            {children()}
            <button
                type="button"
                class="weui-btn weui-btn_default"
                data-testid=if held { "release" } else { "claim" }
                disabled=move || busy.get()
                aria-busy=move || busy.get().to_string()
                on:click=move |_| {
                    act.dispatch(());
                }
            >
                {move || if busy.get() { tr("正在提交…", "Sending…")() } else { label() }}
            </button>
        </div>
        <ErrorNote failure />
    }
}

/// What the head hands to a colleague: a registration task (which may also go back to the
/// pool) or an appeal (which stays with someone: 首问负责).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handed {
    Task(i64),
    Appeal(i64),
}

/// For the head: give a task or an appeal to a colleague (beside each name, the registration
/// tasks they hold), or a task back to the pool.
#[component]
pub fn AssignTo(
    handed: Handed,
    dept: String,
    shop: String,
    holder: Option<i64>,
    colleagues: Signal<Vec<Colleague>>,
    on_changed: Changed,
) -> impl IntoView {
    let session = use_session();
    let choice = RwSignal::new(holder.map(|id| id.to_string()).unwrap_or_default());
    let assign = Action::new_local(move |body: &AssignmentRequest| {
        let (body, dept, shop) = (body.clone(), dept.clone(), shop.clone());
        async move {
            match handed {
                Handed::Task(task) => {
                    session.call(&endpoints::AssignRegistrationTask { dept, task }, &body).await?;
                }
                Handed::Appeal(appeal) => {
                    session.call(&endpoints::AssignAppeal { dept, appeal }, &body).await?;
                }
            }
            on_changed.run((format!("已改派：{shop}"), format!("Reassigned: {shop}")));
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || assign.value().get().and_then(Result::err));
    let id = match handed {
        Handed::Task(task) => format!("assign-{task}"),
        Handed::Appeal(appeal) => format!("assign-appeal-{appeal}"),
    };
    let (summary, whom) = match handed {
        Handed::Task(_) => (tr("改派经办人", "Give to a colleague"), tr("经办人", "Reviewer")),
        Handed::Appeal(_) => (tr("改派首问负责人", "Hand to a colleague"), tr("改由谁负责", "Who answers for it now")),
    };
    view! {
        <details class="assign">
            <summary data-testid="open-assign">{summary}</summary>
            <Form
                class="form decision"
                on_submit=Callback::new(move |()| {
                    assign
                        .dispatch(AssignmentRequest {
                            assignee: choice.get_untracked().parse().ok(),
                        });
                })
            >
                <label class="form__label" for=id.clone()>
                    {whom}
                </label>
                <select id=id data-testid="assignee" on:change=move |ev| choice.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || choice.get().is_empty()>
                        {match handed {
                            Handed::Task(_) => tr("无人（放回待认领）", "Nobody (back to the pool)"),
                            Handed::Appeal(_) => tr("请选择同事", "Choose a colleague"),
                        }}
                    </option>
                    {move || {
                        colleagues
                            .get()
                            .into_iter()
                            .map(|c| {
                                let (count, value) = (c.open_tasks, c.id.to_string());
                                let chosen = value.clone();
                                view! {
                                    <option value=value prop:selected=move || choice.get() == chosen>
                                        {c.name}
                                        " · "
                                        {move || format!("{}{count}", tr("在办登记 ", "registration tasks ")())}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
                <SubmitButton pending=assign.pending() label=tr("确认改派", "Reassign") testid="assign" />
                <ErrorNote failure />
            </Form>
        </details>
    }
}
