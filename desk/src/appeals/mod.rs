//! `/desk/appeals`: my department's open appeals (诉求), soonest deadline first (all, mine,
//! those nobody has taken; optionally only the overdue ones). One tap takes an appeal (首问负责:
//! whoever takes it answers for it to the end); its taker answers it on the phone, or passes
//! it with the reason to the department it belongs to. Each step changes its card where it is,
//! from the server's answer: the list keeps its order until the person asks for it again.

pub mod routes;

use crate::registration::REVIEWERS;
use getima_domain::accounts::Role;
use getima_domain::api::{
    Appeal, AppealHelpRequest, AppealQueueQuery, AppealReferral, AppealReply, AppealTransfer, Colleague, Named,
    QueueWhose, endpoints,
};
use getima_domain::appeals::{AppealStatus, MAX_REPLY_CHARS};
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{ErrorNote, Page, RoleGate};
use getima_ui::forms::{BusyButton, FieldNote, FoldedTextForm, Form, SubmitButton, TextArea};
use getima_ui::kit::assignment::{AssignTo, Handed};
use getima_ui::kit::filters::QueueFilters;
use getima_ui::kit::queue::{DepartmentDesk, QueueIntro, QueueTotal, answered};
use getima_ui::lists::StatusBadge;
use getima_ui::prefs::{Lang, either, label, named, tr, use_prefs};
use getima_ui::session::use_session;
use getima_ui::thread::{AppealSteps, AppealText, MessageForm, Thread, Writer};
use leptos::prelude::*;

#[component]
pub fn AppealsDeskPage() -> impl IntoView {
    view! {
        <Page>
            <RoleGate roles=REVIEWERS needs=("部门工作人员", "department staff")>
                <AppealQueueView />
                <HelpQueue />
            </RoleGate>
        </Page>
    }
}

#[component]
fn AppealQueueView() -> impl IntoView {
    let session = use_session();
    let desk = DepartmentDesk::new();
    let department = desk.department;
    let (whose, overdue) = (RwSignal::new(QueueWhose::All), RwSignal::new(false));
    let asked = move || AppealQueueQuery { whose: whose.get(), overdue: overdue.get() };
    let queue = LocalResource::new(move || {
        let query = asked();
        let department = department.get();
        async move {
            let dept = department?.code;
            let list = session.call(&endpoints::ListDepartmentAppeals { dept }, &query).await;
            Some((query, list))
        }
    });
    // Heads hand appeals to colleagues; everyone else never loads the list.
    let colleague_list = desk.colleague_list();
    view! {
        <QueueIntro
            department
            about=(
                "谁先受理，谁负责到底。按期限排序，最紧的在前；期限按工作日计算。",
                "Whoever takes an appeal answers for it to the end. Soonest deadline first, in working days.",
            )
        />
        <QueueFilters whose overdue group=("谁的诉求", "Whose appeals") />
        {move || match answered(queue.get(), &asked()) {
            Err(meanwhile) => meanwhile,
            Ok(list) if list.appeals.is_empty() => {
                view! {
                    <p class="notice notice--ok" data-testid="queue-empty">
                        {tr("没有符合条件的诉求。", "No appeal matches.")}
                    </p>
                }
                    .into_any()
            }
            Ok(list) => {
                let dept = desk.code();
                view! {
                    <QueueTotal total=list.total />
                    {list
                        .appeals
                        .into_iter()
                        .map(|appeal| view! { <QueuedAppeal appeal dept=dept.clone() colleagues=colleague_list /> })
                        .collect_view()}
                }
                    .into_any()
            }
        }}
    }
}

/// Appeals other departments asked mine to help with (协办): shown only when there are some.
#[component]
fn HelpQueue() -> impl IntoView {
    let session = use_session();
    let department = Memo::new(move |_| session.me().and_then(|me| me.department));
    let asked = LocalResource::new(move || {
        let department = department.get();
        async move {
            let dept = department?.code;
            session.call(&endpoints::ListAppealsToHelp { dept }, &()).await.ok()
        }
    });
    move || {
        let list = asked.get().flatten().filter(|list| !list.appeals.is_empty())?;
        let dept = department.get_untracked().map(|d| d.code).unwrap_or_default();
        Some(view! {
            <section class="intro" data-testid="help-queue">
                <h1>{tr("请本部门协办", "Help asked of us")}</h1>
                <p>
                    {tr(
                        "其他部门受理的诉求，请在下面答复；诉求仍由原受理人负责到底。",
                        "Appeals another department answers for: give your help below; they stay with whoever took them.",
                    )}
                </p>
            </section>
            {list
                .appeals
                .into_iter()
                .map(|appeal| view! { <QueuedAppeal appeal dept=dept.clone() helping=true /> })
                .collect_view()}
        })
    }
}

/// What a step on a card did: the appeal as it now stands, and the words saying so.
type Changed = Callback<(Appeal, (String, String))>;

#[component]
fn QueuedAppeal(
    appeal: Appeal,
    dept: String,
    /// Shown to a department asked to help: it answers in the thread, nothing else.
    #[prop(optional)]
    helping: bool,
    /// The head's colleagues to hand it to; empty for everyone else.
    #[prop(optional)]
    colleagues: Signal<Vec<Colleague>>,
) -> impl IntoView {
    let session = use_session();
    let id = appeal.id;
    let state = RwSignal::new(appeal);
    let said = RwSignal::new(None::<(String, String)>);
    let changed: Changed = Callback::new(move |(now, words)| {
        state.set(now);
        said.set(Some(words));
    });
    // The head's hand-over says only what it did: the appeal is read again.
    let handed = {
        let dept = dept.clone();
        Callback::new(move |words: (String, String)| {
            said.set(Some(words));
            let dept = dept.clone();
            leptos::task::spawn_local(async move {
                if let Ok(now) = session.call(&endpoints::GetDepartmentAppeal { dept, appeal: id }, &()).await {
                    state.set(now);
                }
            });
        })
    };
    let status = Memo::new(move |_| state.with(|a| a.status));
    view! {
        <section class="queued" data-testid="queued-appeal" data-appeal=id data-status=move || status.get().as_str()>
            {move || {
                let appeal = state.get();
                view! { <AppealBody appeal dept=dept.clone() helping colleagues said changed handed /> }
            }}
        </section>
    }
}

#[component]
fn AppealBody(
    appeal: Appeal,
    dept: String,
    helping: bool,
    colleagues: Signal<Vec<Colleague>>,
    said: RwSignal<Option<(String, String)>>,
    changed: Changed,
    handed: Callback<(String, String)>,
) -> impl IntoView {
    let Appeal {
        id,
        receipt,
        category,
        shop_name,
        department,
        status,
        text,
        deadlines,
        assignee,
        escalated,
        timeline,
        photos,
        legal_tier,
        ..
    } = appeal;
    let session = use_session();
    let mine = assignee.as_ref().is_some_and(|a| Some(a.id) == session.me().map(|me| me.id));
    // Passed on, it is another department's now: said, with nothing left to do here.
    let ours = department.code == dept && !helping;
    let open = matches!(status, AppealStatus::Submitted | AppealStatus::Claimed);
    let holder_id = assignee.as_ref().map(|a| a.id);
    let holder = assignee.map(|a| a.name);
    let head = session.has_any(&[Role::DepartmentHead]) && ours;
    // Legal advice is taken only at its tier, and referred up to the next.
    let tier = legal_tier.and_then(Role::for_legal_tier);
    let at_my_tier = tier.is_none_or(|role| session.has_any(&[role]));
    let next_tier = legal_tier.and_then(|t| Role::for_legal_tier(t + 1));
    // Whoever answers for it passes it on, or the head; staff take one nobody holds first.
    let may_pass_on = ours && open && (mine || head);
    let take = {
        let (dept, shop) = (dept.clone(), shop_name.clone());
        Action::new_local(move |&(): &()| {
            let (dept, shop) = (dept.clone(), shop.clone());
            async move {
                let now = session.call(&endpoints::ClaimAppeal { dept, appeal: id }, &()).await?;
                changed.run((now, (format!("已受理：{shop}"), format!("Taken: {shop}"))));
                Ok::<(), Failure>(())
            }
        })
    };
    let take_failure = Signal::derive(move || take.value().get().and_then(Result::err));
    let taking = take.pending();
    view! {
        <h2>{shop_name.clone()}</h2>
        <p class="shop__trade">
            <span class="mono">{receipt}</span>
            " · "
            {label(category.label())}
        </p>
        <p>
            <StatusBadge kind=status.as_str() label=status.label() />
            {(!ours && !helping)
                .then(|| {
                    view! {
                        " "
                        <span data-testid="now-at">{named(department.clone())}</span>
                    }
                })}
            {tier
                .map(|role| {
                    view! {
                        " "
                        <span class="badge badge--legal" data-testid="legal-tier">
                            {label(role.label())}
                        </span>
                    }
                })}
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
        <AppealText text photos deadlines />
        {holder
            .map(|name| {
                view! {
                    <p class="shop__trade" data-testid="holder">
                        {tr("首问负责人：", "Answered for by: ")}
                        {name}
                    </p>
                }
            })}
        {move || {
            said.get()
                .map(|(zh, en)| {
                    view! {
                        <p class="notice notice--ok" role="status" data-testid="appeal-done">
                            {either(zh, en)}
                        </p>
                    }
                })
        }}
        {(ours && status == AppealStatus::Submitted && !at_my_tier)
            .then(|| {
                tier.map(|role| {
                    let named = role.label();
                    view! {
                        <p class="shop__trade" data-testid="tier-note">
                            {either(format!("由{}解答", named.zh), format!("For a {} to answer", named.en))}
                        </p>
                    }
                })
            })}
        {(ours && status == AppealStatus::Submitted && at_my_tier)
            .then(|| {
                view! {
                    <BusyButton
                        pending=taking
                        label=tr("受理（由我负责到底）", "Take it (I answer for it)")
                        kind="button"
                        testid="claim-appeal"
                        on_press=Callback::new(move |()| {
                            take.dispatch(());
                        })
                    />
                    <ErrorNote failure=take_failure />
                }
            })}
        {(ours && status == AppealStatus::Claimed && mine)
            .then(|| view! { <ReplyForm appeal=id dept=dept.clone() shop=shop_name.clone() changed /> })}
        {(matches!(status, AppealStatus::Claimed | AppealStatus::Replied) && ((ours && mine) || helping))
            .then(|| {
                let (zh, en) = if helping {
                    ("协办答复（经营户可见）", "Your help (the owner sees this)")
                } else {
                    ("给经营户留言", "Message the owner")
                };
                let (done_zh, done_en) = (format!("已发送：{shop_name}"), format!("Sent: {shop_name}"));
                let on_sent = Callback::new(move |now| changed.run((now, (done_zh.clone(), done_en.clone()))));
                view! {
                    <MessageForm
                        appeal=id
                        writer=Writer::Staff {
                            dept: dept.clone(),
                        }
                        label=(zh, en)
                        on_sent
                    />
                }
            })}
        {(ours && matches!(status, AppealStatus::Claimed | AppealStatus::Replied) && mine)
            .then(|| {
                view! {
                    <HandOverForm kind=HandOver::Help appeal=id dept=dept.clone() shop=shop_name.clone() changed />
                }
            })}
        {next_tier
            .filter(|_| ours && open && at_my_tier && (mine || status == AppealStatus::Submitted))
            .map(|next| {
                view! { <ReferForm appeal=id dept=dept.clone() shop=shop_name.clone() next changed /> }
            })}
        {(head && open)
            .then(|| {
                view! {
                    <AssignTo
                        handed=Handed::Appeal(id)
                        dept=dept.clone()
                        shop=shop_name.clone()
                        holder=holder_id
                        colleagues
                        on_changed=handed
                    />
                }
            })}
        {may_pass_on
            .then(|| {
                view! {
                    <HandOverForm kind=HandOver::Transfer appeal=id dept=dept.clone() shop=shop_name.clone() changed />
                }
            })}
        <Thread steps=timeline.clone() />
        <details class="timeline">
            <summary>{tr("办理记录", "Timeline")}</summary>
            <AppealSteps steps=timeline />
        </details>
    }
}

/// Common answers to start from, edited before sending.
const TEMPLATES: &[(&str, &str)] = &[
    ("已收到，正在核实，将尽快答复。", "Received; we are looking into it and will answer soon."),
    ("经核实，您反映的问题已处理完毕。", "We checked, and what you raised has been dealt with."),
    ("请携带营业执照和身份证到窗口办理。", "Please bring your business licence and ID card to the counter."),
];

#[component]
fn ReplyForm(appeal: i64, dept: String, shop: String, changed: Changed) -> impl IntoView {
    let session = use_session();
    let text = RwSignal::new(String::new());
    let send = Action::new_local(move |body: &AppealReply| {
        let (body, dept, shop) = (body.clone(), dept.clone(), shop.clone());
        async move {
            let now = session.call(&endpoints::ReplyToAppeal { dept, appeal }, &body).await?;
            changed.run((now, (format!("已答复：{shop}"), format!("Answered: {shop}"))));
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || send.value().get().and_then(Result::err));
    let lang = use_prefs().lang;
    view! {
        <Form
            class="decision"
            testid="reply-form"
            on_submit=Callback::new(move |()| {
                send.dispatch(AppealReply {
                    text: text.get_untracked(),
                });
            })
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
            <SubmitButton pending=send.pending() label=tr("发送答复", "Send answer") testid="send-reply" />
            <ErrorNote failure beside=&["text"] />
        </Form>
    }
}

/// Legal advice referred up to the `next` tier, with the reason (the owner reads it).
#[component]
fn ReferForm(appeal: i64, dept: String, shop: String, next: Role, changed: Changed) -> impl IntoView {
    let session = use_session();
    let tier = next.label();
    let send = move |reason: String| {
        let (body, dept, shop) = (AppealReferral { reason }, dept.clone(), shop.clone());
        async move {
            let now = session.call(&endpoints::ReferAppeal { dept, appeal }, &body).await?;
            changed.run((now, (format!("已提请{}：{shop}", tier.zh), format!("Referred to a {}: {shop}", tier.en))));
            Ok::<(), Failure>(())
        }
    };
    view! {
        <FoldedTextForm
            testid="refer"
            summary=either(format!("提请{}解答", tier.zh), format!("Refer to a {}", tier.en))
            form=format!("refer-{appeal}-")
            field=&["reason"]
            label=tr("提请理由（经营户可见）", "Why (the owner sees this)")
            send_label=tr("提请上一梯队", "Refer it up")
            send_testid="send-referral"
            send
        />
    }
}

/// What a form with a department to choose sends: the appeal itself, to the department it
/// belongs to, or a request for that department's help (协办), keeping the appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HandOver {
    Transfer,
    Help,
}

impl HandOver {
    fn testid(self) -> &'static str {
        match self {
            Self::Transfer => "transfer",
            Self::Help => "help",
        }
    }

    fn summary(self) -> (&'static str, &'static str) {
        match self {
            Self::Transfer => ("不属于本部门？转交", "Not ours? Pass it on"),
            Self::Help => ("需要其他部门协办", "Ask another department to help"),
        }
    }

    fn choose(self) -> (&'static str, &'static str) {
        match self {
            Self::Transfer => ("转交给", "Pass to"),
            Self::Help => ("请哪个部门协办", "Department to ask"),
        }
    }

    /// The text's field in the request, and its label.
    fn text(self) -> (&'static str, (&'static str, &'static str)) {
        match self {
            Self::Transfer => ("reason", ("转交理由", "Why it belongs there")),
            Self::Help => ("note", ("需要协办的事项（经营户可见）", "What you need from them (the owner sees this)")),
        }
    }

    fn send(self) -> ((&'static str, &'static str), &'static str) {
        match self {
            Self::Transfer => (("转交", "Pass it on"), "send-transfer"),
            Self::Help => (("请求协办", "Ask for help"), "send-help"),
        }
    }

    /// What it did; a transfer says where the appeal went.
    fn done(self, shop: &str, now_at: &Named) -> (String, String) {
        match self {
            Self::Transfer => (format!("已转交{}：{shop}", now_at.zh), format!("Passed on to {}: {shop}", now_at.en)),
            Self::Help => (format!("已请求协办：{shop}"), format!("Help asked: {shop}")),
        }
    }
}

/// Chooses another department and says why: to pass the appeal on, or to ask for its help.
#[component]
fn HandOverForm(kind: HandOver, appeal: i64, dept: String, shop: String, changed: Changed) -> impl IntoView {
    let session = use_session();
    let departments = LocalResource::new(|| api::call(&endpoints::ListDepartments {}, &()));
    let (to, text) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let here = dept.clone();
    let send = Action::new_local(move |(department, said): &(String, String)| {
        let (department, said, dept, shop) = (department.clone(), said.clone(), dept.clone(), shop.clone());
        async move {
            let now = match kind {
                HandOver::Transfer => {
                    let body = AppealTransfer { department, reason: said };
                    session.call(&endpoints::TransferAppeal { dept, appeal }, &body).await?
                }
                HandOver::Help => {
                    let body = AppealHelpRequest { department, note: said };
                    session.call(&endpoints::AskForAppealHelp { dept, appeal }, &body).await?
                }
            };
            let words = kind.done(&shop, &now.department);
            changed.run((now, words));
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || send.value().get().and_then(Result::err));
    let form = format!("{}-{appeal}-", kind.testid());
    let select = format!("{form}department");
    let (field, (text_zh, text_en)) = kind.text();
    let ((send_zh, send_en), send_testid) = kind.send();
    let (summary, choose) = (kind.summary(), kind.choose());
    view! {
        <details class="timeline" data-testid=kind.testid()>
            <summary>{tr(summary.0, summary.1)}</summary>
            <Form
                class="decision"
                on_submit=Callback::new(move |()| {
                    send.dispatch((to.get_untracked(), text.get_untracked()));
                })
            >
                <label class="form__label" for=select.clone()>
                    {tr(choose.0, choose.1)}
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
                    field=field
                    label=tr(text_zh, text_en)
                    value=text
                    failure
                    max=MAX_REPLY_CHARS
                />
                <SubmitButton pending=send.pending() label=tr(send_zh, send_en) testid=send_testid />
                <ErrorNote failure beside=&["department", "reason", "note"] />
            </Form>
        </details>
    }
}
