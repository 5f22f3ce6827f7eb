//! `/desk/registration`: my department's registration tasks, soonest deadline first (all, mine,
//! those nobody has taken; optionally only the overdue ones), each taken and decided on the
//! phone: approve, return with one list of everything to correct, or refuse with the reason.

pub mod catalogue;

use getima_domain::accounts::Role;
use getima_domain::api::{
    Colleague, DecisionRequest, QueueWhose, QueuedTask, Rectification, RectificationClose, TaskQueueQuery, endpoints,
};
use getima_domain::registration::{
    Decision, MAX_CORRECTION_CHARS, MAX_CORRECTIONS, MAX_NOTE_CHARS, application_number, parse_application_number,
};
use getima_ui::api::Failure;
use getima_ui::chrome::{ErrorNote, Page, RoleGate};
use getima_ui::forms::{Form, SubmitButton, TextArea};
use getima_ui::kit::assignment::{AssignTo, Changed, Handed, HolderLine, TakeOrGiveBack};
use getima_ui::kit::filters::QueueFilters;
use getima_ui::kit::queue::{DepartmentDesk, QueueIntro, QueueTotal, answered};
use getima_ui::photos::FiledPhotos;
use getima_ui::prefs::{countdown, either, label, moment, named, tr, use_prefs};
use getima_ui::session::use_session;
use leptos::prelude::*;

/// Staff and heads of a department decide its tasks.
pub const REVIEWERS: &[Role] = &[Role::Staff, Role::DepartmentHead];

#[component]
pub fn RegistrationDeskPage() -> impl IntoView {
    view! {
        <Page>
            <RoleGate roles=REVIEWERS needs=("部门工作人员", "department staff")>
                <Show when=move || use_session().has_any(&[Role::DepartmentHead])>
                    <RectificationList />
                </Show>
                <Queue />
            </RoleGate>
        </Page>
    }
}

#[component]
fn Queue() -> impl IntoView {
    let session = use_session();
    let desk = DepartmentDesk::new();
    let department = desk.department;
    let (whose, overdue) = (RwSignal::new(QueueWhose::All), RwSignal::new(false));
    let application = RwSignal::new(String::new());
    let asked = move || TaskQueueQuery {
        whose: whose.get(),
        overdue: overdue.get(),
        application: parse_application_number(&application.get()),
    };
    let queue = LocalResource::new(move || {
        let query = asked();
        let department = department.get();
        async move {
            let dept = department?.code;
            let list = session.call(&endpoints::ListRegistrationTasks { dept }, &query).await;
            Some((query, list))
        }
    });
    let colleagues = desk.colleagues;
    let colleague_list = desk.colleague_list();
    let done = RwSignal::new(None::<(String, String)>);
    // A task just taken while the queue shows another filter leaves it: say where it went.
    let taken_away = RwSignal::new(false);
    let on_changed = Changed::new(move |said: (String, String)| {
        taken_away.set(false);
        done.set(Some(said));
        queue.refetch();
        colleagues.refetch();
    });
    let on_claimed = Callback::new(move |shop: String| {
        let elsewhere = whose.get_untracked() == QueueWhose::Unassigned;
        done.set(Some(if elsewhere {
            (
                format!("已认领：{shop}，它已移到“我认领的”里。"),
                format!("Taken: {shop}. It is now under “Taken by me”."),
            )
        } else {
            (format!("已认领：{shop}"), format!("Taken: {shop}"))
        }));
        taken_away.set(elsewhere);
        queue.refetch();
        colleagues.refetch();
    });
    view! {
        <QueueIntro
            department
            about=(
                "按办理期限排序，最紧的在前；期限按工作日计算。",
                "Soonest deadline first; deadlines count working days.",
            )
        />
        <QueueFilters whose overdue group=("谁的待办", "Whose tasks") />
        <div class="queue-search">
            <label class="form__label" for="queue-application">
                {tr("按申请号查找", "Find by application number")}
            </label>
            <input
                id="queue-application"
                inputmode="numeric"
                autocomplete="off"
                data-testid="queue-application"
                prop:value=move || application.get()
                on:input=move |ev| application.set(event_target_value(&ev))
            />
        </div>
        {move || {
            done.get()
                .map(|(zh, en)| {
                    view! {
                        <div class="notice notice--ok notice--stack" role="status" data-testid="decided">
                            <p>{either(zh, en)}</p>
                            // Only while the list it left is still shown: once the person picks
                            // another filter themselves, the way there is old news.
                            <Show when=move || { taken_away.get() && whose.get() == QueueWhose::Unassigned }>
                                <button
                                    type="button"
                                    class="weui-btn weui-btn_default"
                                    data-testid="to-mine"
                                    on:click=move |_| {
                                        taken_away.set(false);
                                        whose.set(QueueWhose::Mine);
                                    }
                                >
                                    {tr("查看“我认领的”", "See “Taken by me”")}
                                </button>
                            </Show>
                        </div>
                    }
                })
        }}
        {move || match answered(queue.get(), &asked()) {
            Err(meanwhile) => meanwhile,
            Ok(list) if list.tasks.is_empty() => {
                view! {
                    <p class="notice notice--ok" data-testid="queue-empty">
                        {move || match (whose.get(), overdue.get()) {
                            _ if !application.get().trim().is_empty() => {
                                tr(
                                    "这个申请号没有符合条件的待办。",
                                    "No open task of that application matches.",
                                )()
                            }
                            (_, true) => tr("没有超期的待办。", "Nothing is overdue here.")(),
                            (QueueWhose::Mine, false) => tr("您手上没有待办。", "You hold no open tasks.")(),
                            (QueueWhose::Unassigned, false) => {
                                tr("没有待认领的待办。", "Every task has been taken.")()
                            }
                            (QueueWhose::All, false) => {
                                tr("没有待办，全部办完了。", "Nothing waiting: all done.")()
                            }
                        }}
                    </p>
                }
                    .into_any()
            }
            Ok(list) => {
                let dept = desk.code();
                view! {
                    <QueueTotal total=list.total shown=list.tasks.len() />
                    {list
                        .tasks
                        .into_iter()
                        .map(|task| {
                            view! { <Queued task dept=dept.clone() colleagues=colleague_list on_changed on_claimed /> }
                        })
                        .collect_view()}
                }
                    .into_any()
            }
        }}
    }
}

#[component]
fn Queued(
    task: QueuedTask,
    dept: String,
    colleagues: Signal<Vec<Colleague>>,
    on_changed: Changed,
    on_claimed: Callback<String>,
) -> impl IntoView {
    let QueuedTask {
        id,
        application_id,
        kind,
        name_zh,
        name_en,
        shop_name,
        bundle_zh,
        bundle_en,
        operator_name,
        address,
        trade,
        new_name,
        new_address,
        new_trade,
        new_operator,
        suspend_until,
        due_on,
        days_left,
        escalated,
        company_name,
        carry_over,
        photos,
        assignee,
        food_safety_manager,
        utility_accounts,
        service_address,
    } = task;
    let session = use_session();
    let me = session.me().map(|me| me.id);
    let holder = assignee.as_ref().map(|a| a.id);
    let (mine, free) = (holder.is_some() && holder == me, holder.is_none());
    let head = session.has_any(&[Role::DepartmentHead]);
    let asked = [
        new_name.map(|name| (tr("新名称：", "New name: "), name)),
        new_address.map(|address| (tr("新场所：", "New premises: "), address)),
        new_operator.map(|name| (tr("新经营者：", "New operator: "), name)),
        suspend_until.map(|day| (tr("歇业至：", "Suspended until: "), day)),
        service_address.map(|address| (tr("文书送达地址：", "Documents to: "), address)),
        company_name.map(|name| (tr("转为企业：", "Becomes the company: "), name)),
    ];
    let lang = use_prefs().lang;
    let countdown = move || countdown(days_left, &due_on, lang.get());
    let open = RwSignal::new(false);
    let reassign = head.then(|| {
        let (dept, shop) = (dept.clone(), shop_name.clone());
        view! { <AssignTo handed=Handed::Task(id) dept shop holder colleagues on_changed /> }
    });
    let work = (mine || free).then(|| {
        let (dept, shop) = (dept.clone(), shop_name.clone());
        let (decide_dept, decide_shop) = (dept.clone(), shop.clone());
        view! {
            <TakeOrGiveBack task=id dept shop held=mine on_changed on_claimed>
                <Show when=move || !open.get()>
                    <button
                        type="button"
                        class="weui-btn weui-btn_primary"
                        on:click=move |_| open.set(true)
                        data-testid="open-decision"
                    >
                        {tr("办理", "Decide")}
                    </button>
                </Show>
            </TakeOrGiveBack>
            <Show when=move || open.get()>
                <FiledPhotos photos=photos.clone() say_none=true />
                <DecisionForm task=id dept=decide_dept.clone() shop=decide_shop.clone() on_changed />
            </Show>
        }
    });
    view! {
        <section class="queued" data-testid="queued-task" data-task=id data-kind=kind.as_str()>
            <h2>{shop_name.clone()}</h2>
            <p class="shop__trade">
                {either(name_zh, name_en)} " · " {either(bundle_zh, bundle_en)} " · " {tr("申请号 ", "No. ")}
                <span class="mono" data-testid="queued-application-number">
                    {application_number(application_id)}
                </span>
            </p>
            <p class="shop__trade">{operator_name} " · " {named(trade)}</p>
            <p class="shop__trade">{address}</p>
            {asked
                .into_iter()
                .flatten()
                .map(|(what, value)| view! { <p class="asked">{what} <b>{value}</b></p> })
                .collect_view()}
            {new_trade.map(|trade| view! { <p class="asked">{tr("新行业：", "New trade: ")} <b>{named(trade)}</b></p> })}
            {(!carry_over.is_empty())
                .then(|| {
                    view! {
                        <p class="asked">{tr("承继：", "Carried over: ")}</p>
                        <ul class="carry-over" data-testid="carry-over">
                            {carry_over
                                .into_iter()
                                .map(|item| {
                                    view! {
                                        <li>
                                            {label(item.kind.label())} " · " <b>{item.name}</b> " " {item.number}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            <p class="countdown" class:countdown--late=days_left < 0>
                {countdown}
            </p>
            {escalated
                .then(|| {
                    view! {
                        <p>
                            <span class="badge badge--rejected">{tr("已超期督办", "Raised to the head")}</span>
                        </p>
                    }
                })}
            {food_safety_manager
                .map(|manager| {
                    view! {
                        <div class="asked" data-testid="food-safety-manager">
                            <p>{tr("食品安全管理人员：", "Food safety manager: ")} <b>{manager.name}</b></p>
                            <p class="shop__trade">
                                <span class="mono">{manager.id_number}</span>
                                " · "
                                <a href=format!("tel:{}", manager.phone) class="link">
                                    {manager.phone.clone()}
                                </a>
                            </p>
                        </div>
                    }
                })}
            {utility_accounts
                .map(|accounts| {
                    let none = || tr("无（新装）", "none (new)")().to_string();
                    let or_none = |number: String| if number.is_empty() { none() } else { number };
                    view! {
                        <div class="asked" data-testid="utility-accounts">
                            <p>{tr("已有户号：", "Existing accounts: ")}</p>
                            <p class="shop__trade">
                                {tr("用水 ", "Water ")} <span class="mono">{or_none(accounts.water)}</span> " · "
                                {tr("用电 ", "Power ")} <span class="mono">{or_none(accounts.power)}</span> " · "
                                {tr("用气 ", "Gas ")} <span class="mono">{or_none(accounts.gas)}</span>
                            </p>
                        </div>
                    }
                })}
            <HolderLine assignee mine />
            {work}
            {reassign}
        </section>
    }
}

#[component]
fn DecisionForm(task: i64, dept: String, shop: String, on_changed: Changed) -> impl IntoView {
    let session = use_session();
    // Nothing chosen to begin with: one tap on 确认 must never approve by default.
    let decision = RwSignal::new(None::<Decision>);
    let unchosen = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let corrections = RwSignal::new(String::new());
    let decide = Action::new_local(move |body: &DecisionRequest| {
        let (body, dept, shop) = (body.clone(), dept.clone(), shop.clone());
        async move {
            session.call(&endpoints::DecideRegistrationTask { dept, task }, &body).await?;
            on_changed.run((format!("已办理：{shop}"), format!("Decided: {shop}")));
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || decide.value().get().and_then(Result::err));
    // Ids unique to this task's form: several may be open at once.
    let form = format!("decision-{task}-");
    let form_in_return = form.clone();
    let radios = format!("{form}decision");
    let choice = move |value: Decision, zh: &'static str, en: &'static str| {
        view! {
            <label class="choice-row">
                <input
                    type="radio"
                    name=radios.clone()
                    value=value.as_str()
                    prop:checked=move || decision.get() == Some(value)
                    on:change=move |_| {
                        unchosen.set(false);
                        decision.set(Some(value));
                    }
                />
                <span>{tr(zh, en)}</span>
            </label>
        }
    };
    let legend_id = format!("{form}decision-legend");
    let unchosen_id = format!("{form}decision-error");
    view! {
        <Form
            class="decision"
            testid="decision-form"
            on_submit=Callback::new(move |()| {
                let Some(decision) = decision.get_untracked() else {
                    unchosen.set(true);
                    return;
                };
                decide
                    .dispatch(DecisionRequest {
                        decision,
                        note: note.get_untracked(),
                        corrections: corrections
                            .get_untracked()
                            .lines()
                            .map(str::trim)
                            .filter(|line| !line.is_empty())
                            .map(str::to_string)
                            .collect(),
                    });
            })
        >
            <fieldset class="decision" aria-describedby=unchosen_id.clone()>
                <legend class="form__label" id=legend_id>
                    {tr("办理结果（请选择一项）", "Decision (choose one)")}
                </legend>
                {choice(Decision::Approve, "准予办理", "Approve")}
                {choice(
                    Decision::Return,
                    "退回补正（一次性告知全部问题）",
                    "Return with everything to correct",
                )}
                {choice(Decision::Reject, "不予办理（须说明理由）", "Refuse (give the reason)")}
            </fieldset>
            <p class="field__error" role="alert" id=unchosen_id data-testid="decision-unchosen">
                {move || {
                    unchosen
                        .get()
                        .then(|| tr(
                            "请先选择办理结果：准予、退回补正或不予办理。",
                            "Choose the decision first: approve, return or refuse.",
                        ))
                }}
            </p>
            <Show when=move || decision.get() == Some(Decision::Return)>
                <TextArea
                    form=form_in_return.clone()
                    field="corrections"
                    label=tr("需要补正的全部内容，每行一项", "Everything to correct, one per line")
                    value=corrections
                    failure
                    max=MAX_CORRECTIONS * (MAX_CORRECTION_CHARS + 1)
                />
            </Show>
            <TextArea
                form
                field="note"
                label=move || {
                    if decision.get() == Some(Decision::Reject) {
                        tr("不予办理的理由", "The reason for refusing")()
                    } else {
                        tr("备注（可不填）", "Note (optional)")()
                    }
                }
                value=note
                failure
                max=MAX_NOTE_CHARS
            />
            <SubmitButton pending=decide.pending() label=tr("确认", "Confirm") testid="decide" />
            <ErrorNote failure beside=&["corrections", "note"] />
        </Form>
    }
}

/// For the head: low ratings (好差评) to answer, open first, each closed by saying what was
/// put right.
#[component]
fn RectificationList() -> impl IntoView {
    let session = use_session();
    let dept = Memo::new(move |_| session.me().and_then(|me| me.department).map(|d| d.code));
    let load = LocalResource::new(move || {
        let dept = dept.get();
        async move { Some(session.call(&endpoints::ListRectifications { dept: dept? }, &()).await) }
    });
    let reload = Callback::new(move |()| load.refetch());
    let failure = Signal::derive(move || load.get().flatten().and_then(Result::err));
    view! {
        <div class="weui-cells__title">{tr("差评整改", "Low ratings to answer")}</div>
        <ErrorNote failure />
        {move || match load.get().flatten() {
            Some(Ok(list)) if list.rectifications.is_empty() => {
                view! {
                    <p class="notice notice--ok" data-testid="no-rectifications">
                        {tr("没有待整改的差评。", "No low ratings to answer.")}
                    </p>
                }
                    .into_any()
            }
            Some(Ok(list)) => {
                let dept = dept.get_untracked().unwrap_or_default();
                list.rectifications
                    .into_iter()
                    .map(|item| view! { <RectificationItem item dept=dept.clone() reload /> })
                    .collect_view()
                    .into_any()
            }
            _ => ().into_any(),
        }}
    }
}

#[component]
fn RectificationItem(item: Rectification, dept: String, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let Rectification { id, application_id, shop_name, score, tags, comment, opened_at, closed_at, note } = item;
    let answer = RwSignal::new(String::new());
    let close = Action::new_local(move |body: &RectificationClose| {
        let (body, dept) = (body.clone(), dept.clone());
        async move {
            session.call(&endpoints::CloseRectification { dept, rectification: id }, &body).await?;
            reload.run(());
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || close.value().get().and_then(Result::err));
    let form = format!("rectification-{id}-");
    let tag_words = move || tags.iter().map(|t| label(t.label())()).collect::<Vec<_>>().join(" · ");
    view! {
        <section class="queued" data-testid="rectification" data-rectification=id>
            <h2>{shop_name}</h2>
            <p class="shop__trade">{tr("申请号 ", "No. ")} {application_id} " · " {moment(&opened_at)}</p>
            <p>
                <b class="rating">{"★".repeat(usize::from(score))}</b>
                " "
                {tag_words}
            </p>
            {(!comment.is_empty()).then(|| view! { <p class="timeline__note">{comment}</p> })}
            {match closed_at {
                Some(at) => {
                    view! { <p class="form__ok">{tr("已整改 ", "Answered ")} {moment(&at)} "：" {note}</p> }
                        .into_any()
                }
                None => {
                    view! {
                        <Form
                            class="decision"
                            on_submit=Callback::new(move |()| {
                                close
                                    .dispatch(RectificationClose {
                                        note: answer.get_untracked(),
                                    });
                            })
                        >
                            <TextArea
                                form=form.clone()
                                field="note"
                                label=tr("整改了什么", "What was put right")
                                value=answer
                                failure
                                max=500
                            />
                            <SubmitButton
                                pending=close.pending()
                                label=tr("整改完成", "Done")
                                testid="close-rectification"
                            />
                            <ErrorNote failure beside=&["note"] />
                        </Form>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
