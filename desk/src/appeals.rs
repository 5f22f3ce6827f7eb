//! `/desk/appeals`: my department's open appeals (诉求), soonest deadline first (all, mine,
//! those nobody has taken; optionally only the overdue ones). One tap takes an appeal (首问负责:
//! whoever takes it answers for it to the end); its taker answers it on the phone, or passes
//! it with the reason to the department it belongs to.

use crate::filters::QueueFilters;
use crate::registration::REVIEWERS;
use getima_domain::api::{Appeal, AppealQueueQuery, AppealReply, AppealTransfer, QueueWhose, endpoints};
use getima_domain::appeals::{AppealStatus, MAX_REPLY_CHARS};
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{Bar, ErrorNote, Footer, Loading, RoleGate};
use getima_ui::forms::{FieldNote, SubmitButton, TextArea};
use getima_ui::lists::TimelineStep;
use getima_ui::prefs::{Lang, countdown, either, label, named, tr, use_prefs};
use getima_ui::session::use_session;
use leptos::prelude::*;

#[component]
pub fn AppealsDeskPage() -> impl IntoView {
    view! {
        <main class="page">
            <Bar title=tr("诉求待办", "Appeals") />
            <RoleGate roles=REVIEWERS needs=("部门工作人员", "department staff")>
                <AppealQueueView />
            </RoleGate>
            <Footer />
        </main>
    }
}

#[component]
fn AppealQueueView() -> impl IntoView {
    let session = use_session();
    let department = Memo::new(move |_| session.me().and_then(|me| me.department));
    let (whose, overdue) = (RwSignal::new(QueueWhose::All), RwSignal::new(false));
    let queue = LocalResource::new(move || {
        let query = AppealQueueQuery { whose: whose.get(), overdue: overdue.get() };
        let department = department.get();
        async move {
            let dept = department?.code;
            Some(session.call(&endpoints::ListDepartmentAppeals { dept }, &query).await)
        }
    });
    let done = RwSignal::new(None::<(String, String)>);
    let on_changed = Callback::new(move |said: (String, String)| {
        done.set(Some(said));
        queue.refetch();
    });
    view! {
        <section class="intro">
            <h1>{move || department.get().map(named)}</h1>
            <p>
                {tr(
                    "谁先受理，谁负责到底。按期限排序，最紧的在前；期限按工作日计算。",
                    "Whoever takes an appeal answers for it to the end. Soonest deadline first, in working days.",
                )}
            </p>
        </section>
        <QueueFilters whose overdue group=("谁的诉求", "Whose appeals") />
        {move || {
            done.get()
                .map(|(zh, en)| {
                    view! {
                        <p class="notice notice--ok" role="status" data-testid="appeal-done">
                            {either(zh, en)}
                        </p>
                    }
                })
        }}
        {move || match queue.get() {
            None => view! { <Loading /> }.into_any(),
            Some(None) => {
                view! {
                    <p class="notice">
                        {tr(
                            "您的账号未归属任何部门，请联系管理员。",
                            "Your account belongs to no department; ask an admin.",
                        )}
                    </p>
                }
                    .into_any()
            }
            Some(Some(Err(failure))) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
            Some(Some(Ok(list))) if list.appeals.is_empty() => {
                view! {
                    <p class="notice notice--ok" data-testid="queue-empty">
                        {tr("没有符合条件的诉求。", "No appeal matches.")}
                    </p>
                }
                    .into_any()
            }
            Some(Some(Ok(list))) => {
                let dept = department.get_untracked().map(|d| d.code).unwrap_or_default();
                let total = list.total;
                view! {
                    <p class="form__hint cal-summary" data-testid="queue-total">
                        {either(format!("共 {total} 件"), format!("{total} in all"))}
                    </p>
                    {list
                        .appeals
                        .into_iter()
                        .map(|appeal| view! { <QueuedAppeal appeal dept=dept.clone() on_changed /> })
                        .collect_view()}
                }
                    .into_any()
            }
        }}
    }
}

#[component]
fn QueuedAppeal(appeal: Appeal, dept: String, on_changed: Callback<(String, String)>) -> impl IntoView {
    let Appeal {
        id, receipt, category, shop_name, status, text, due_on, days_left, assignee, escalated, timeline, ..
    } = appeal;
    let session = use_session();
    let mine = assignee.as_ref().is_some_and(|a| Some(a.id) == session.me().map(|me| me.id));
    let lang = use_prefs().lang;
    let due = due_on.unwrap_or_default();
    let overdue = days_left.is_some_and(|left| left < 0);
    let countdown = move || days_left.map(|left| countdown(left, &due, lang.get()));
    let holder = assignee.map(|a| a.name);
    let take = {
        let (dept, shop) = (dept.clone(), shop_name.clone());
        Action::new_local(move |&(): &()| {
            let (dept, shop) = (dept.clone(), shop.clone());
            async move {
                session.call(&endpoints::ClaimAppeal { dept, appeal: id }, &()).await?;
                on_changed.run((format!("已受理：{shop}"), format!("Taken: {shop}")));
                Ok::<(), Failure>(())
            }
        })
    };
    let take_failure = Signal::derive(move || take.value().get().and_then(Result::err));
    let taking = take.pending();
    view! {
        <section class="queued" data-testid="queued-appeal" data-appeal=id data-status=status.as_str()>
            <h2>{shop_name.clone()}</h2>
            <p class="shop__trade">
                <span class="mono">{receipt}</span>
                " · "
                {label(category.label())}
            </p>
            <p>
                <span class=format!("badge badge--{}", status.as_str())>{label(status.label())}</span>
                {escalated
                    .then(|| {
                        view! {
                            " "
                            <span class="badge badge--rejected" data-testid="escalated">
                                {tr("超期督办", "Raised to the head")}
                            </span>
                        }
                    })}
            </p>
            <p class="appeal__text">{text}</p>
            <div class="countdown" class:countdown--late=overdue data-testid="countdown">
                {countdown}
            </div>
            {holder
                .map(|name| {
                    view! {
                        <p class="shop__trade" data-testid="holder">
                            {tr("首问负责人：", "Answered for by: ")}
                            {name}
                        </p>
                    }
                })}
            {(status == AppealStatus::Submitted)
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="weui-btn weui-btn_primary"
                            data-testid="claim-appeal"
                            disabled=move || taking.get()
                            aria-busy=move || taking.get().to_string()
                            on:click=move |_| {
                                take.dispatch(());
                            }
                        >
                            {move || {
                                if taking.get() {
                                    tr("正在提交…", "Sending…")()
                                } else {
                                    tr("受理（由我负责到底）", "Take it (I answer for it)")()
                                }
                            }}
                        </button>
                        <ErrorNote failure=take_failure />
                    }
                })}
            {(status == AppealStatus::Claimed && mine)
                .then(|| view! { <ReplyForm appeal=id dept=dept.clone() shop=shop_name.clone() on_changed /> })}
            {(status == AppealStatus::Submitted || mine)
                .then(|| view! { <TransferForm appeal=id dept=dept.clone() shop=shop_name.clone() on_changed /> })}
            <details class="timeline">
                <summary>{tr("办理记录", "Timeline")}</summary>
                <ol>{timeline
                        .into_iter()
                        .map(|s| {
                            view! {
                                <TimelineStep at=s.at by_zh=s.by_zh by_en=s.by_en what=s.event.label() kind=s.event.as_str() note=s.note />
                            }
                        })
                        .collect_view()}</ol>
            </details>
        </section>
    }
}

/// Common answers to start from, edited before sending.
const TEMPLATES: &[(&str, &str)] = &[
    ("已收到，正在核实，将尽快答复。", "Received; we are looking into it and will answer soon."),
    ("经核实，您反映的问题已处理完毕。", "We checked, and what you raised has been dealt with."),
    ("请携带营业执照和身份证到窗口办理。", "Please bring your business licence and ID card to the counter."),
];

#[component]
fn ReplyForm(appeal: i64, dept: String, shop: String, on_changed: Callback<(String, String)>) -> impl IntoView {
    let session = use_session();
    let text = RwSignal::new(String::new());
    let send = Action::new_local(move |body: &AppealReply| {
        let (body, dept, shop) = (body.clone(), dept.clone(), shop.clone());
        async move {
            session.call(&endpoints::ReplyToAppeal { dept, appeal }, &body).await?;
            on_changed.run((format!("已答复：{shop}"), format!("Answered: {shop}")));
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || send.value().get().and_then(Result::err));
    let lang = use_prefs().lang;
    view! {
        <form
            class="decision"
            data-testid="reply-form"
            on:submit=move |ev| {
                ev.prevent_default();
                send.dispatch(AppealReply {
                    text: text.get_untracked(),
                });
            }
        >
            <div class="templates" role="group" aria-label=tr("常用答复", "Common answers")>
                {TEMPLATES
                    .iter()
                    .map(|&(zh, en)| {
                        view! {
                            <button
                                type="button"
                                class="chip"
                                on:click=move |_| {
                                    text.set(if lang.get_untracked() == Lang::En { en } else { zh }.to_string())
                                }
                            >
                                {tr(zh, en)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <TextArea
                form=format!("reply-{appeal}-")
                field="text"
                label=tr("答复", "Answer")
                value=text
                failure
                max=MAX_REPLY_CHARS
            />
            <SubmitButton pending=send.pending().into() label=tr("发送答复", "Send answer") testid="send-reply" />
            <ErrorNote failure beside=&["text"] />
        </form>
    }
}

/// Passes an appeal that belongs elsewhere to that department, saying why.
#[component]
fn TransferForm(appeal: i64, dept: String, shop: String, on_changed: Callback<(String, String)>) -> impl IntoView {
    let session = use_session();
    let departments = LocalResource::new(|| api::call(&endpoints::ListDepartments {}, &()));
    let (to, reason) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let here = dept.clone();
    let send = Action::new_local(move |body: &AppealTransfer| {
        let (body, dept, shop) = (body.clone(), dept.clone(), shop.clone());
        async move {
            session.call(&endpoints::TransferAppeal { dept, appeal }, &body).await?;
            on_changed.run((format!("已转交：{shop}"), format!("Passed on: {shop}")));
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || send.value().get().and_then(Result::err));
    let form = format!("transfer-{appeal}-");
    let select = format!("{form}department");
    view! {
        <details class="timeline" data-testid="transfer">
            <summary>{tr("不属于本部门？转交", "Not ours? Pass it on")}</summary>
            <form
                class="decision"
                on:submit=move |ev| {
                    ev.prevent_default();
                    send.dispatch(AppealTransfer {
                        department: to.get_untracked(),
                        reason: reason.get_untracked(),
                    });
                }
            >
                <label class="form__label" for=select.clone()>
                    {tr("转交给", "Pass to")}
                </label>
                <select
                    id=select.clone()
                    data-testid=select.clone()
                    aria-describedby=format!("{select}-error")
                    prop:value=move || to.get()
                    on:change=move |ev| to.set(event_target_value(&ev))
                >
                    <option value="">{tr("请选择部门", "Choose a department")}</option>
                    {move || {
                        departments
                            .get()
                            .and_then(Result::ok)
                            .map(|list| {
                                list.departments
                                    .into_iter()
                                    .filter(|d| d.code != here)
                                    .map(|d| {
                                        let code = d.code.clone();
                                        view! { <option value=code>{named(d)}</option> }
                                    })
                                    .collect_view()
                            })
                    }}
                </select>
                <FieldNote failure field="department" form=form.clone() />
                <TextArea
                    form=form.clone()
                    field="reason"
                    label=tr("转交理由", "Why it belongs there")
                    value=reason
                    failure
                    max=MAX_REPLY_CHARS
                />
                <SubmitButton pending=send.pending().into() label=tr("转交", "Pass it on") testid="send-transfer" />
                <ErrorNote failure beside=&["department", "reason"] />
            </form>
        </details>
    }
}
