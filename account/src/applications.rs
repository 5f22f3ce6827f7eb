//! `/me/applications`: my applications, each with every department's part and its countdown,
//! what to correct when one is returned, the timeline, and the business code once opened.

use getima_domain::api::{Application, ApplicationTask, TimelineEntry, TimelineEvent, endpoints};
use getima_domain::registration::{ApplicationStatus, TaskStatus};
use getima_ui::chrome::{Bar, ErrorNote, Footer, Loading, SignInPrompt};
use getima_ui::prefs::{Lang, either, label, named, tr, use_prefs};
use getima_ui::session::use_session;
use leptos::prelude::*;

#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    let session = use_session();
    let signed_in = Memo::new(move |_| session.me().is_some());
    view! {
        <main class="page">
            <Bar title=tr("我的申请", "My applications") />
            <Show when=move || signed_in.get() fallback=SignInPrompt>
                <Applications />
            </Show>
            <Footer />
        </main>
    }
}

#[component]
fn Applications() -> impl IntoView {
    let session = use_session();
    let list = LocalResource::new(move || async move { session.call(&endpoints::ListMyApplications {}, &()).await });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if list.applications.is_empty() => {
                        view! {
                            <p class="notice" data-testid="no-applications">
                                {tr("还没有提交过申请。", "You have not applied for anything yet.")}
                            </p>
                        }
                            .into_any()
                    }
                    Ok(list) => {
                        list.applications
                            .into_iter()
                            .map(|application| view! { <ApplicationCard application /> })
                            .collect_view()
                            .into_any()
                    }
                    Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                }
            })}
        </Suspense>
        <div class="actions">
            <a class="weui-btn weui-btn_default" href="/register" data-testid="to-guides">
                {tr("办理新的事项", "Apply for something else")}
            </a>
        </div>
    }
}

#[component]
fn ApplicationCard(application: Application) -> impl IntoView {
    let Application { id, bundle_zh, bundle_en, shop_name, status, submitted_at, uscc, code, tasks, timeline, .. } =
        application;
    let corrections = corrections(&tasks, &timeline);
    view! {
        <section
            class="application"
            id=format!("application-{id}")
            data-testid="application"
            data-status=status.as_str()
        >
            <h2>{shop_name}</h2>
            <p class="shop__trade">
                {either(bundle_zh, bundle_en)} " · " {tr("提交于 ", "Sent ")} {moment(&submitted_at)}
            </p>
            <p>
                <span class=format!("badge badge--{}", status.as_str())>{label(status.label())}</span>
            </p>
            {(status == ApplicationStatus::Approved)
                .then(|| {
                    code.map(|code| {
                        view! {
                            <p class="form__ok">
                                {tr("已登记，信用代码 ", "Registered; credit code ")}
                                <span class="mono">{uscc.unwrap_or_default()}</span>
                            </p>
                            <a class="weui-btn weui-btn_primary" href=format!("/c/{code}") data-testid="my-code">
                                {tr("查看我的个体码", "See my business code")}
                            </a>
                        }
                    })
                })}
            <ul class="tasks" data-testid="application-tasks">
                {tasks.into_iter().map(|task| view! { <TaskRow task /> }).collect_view()}
            </ul>
            {(!corrections.is_empty())
                .then(|| {
                    view! {
                        <div class="corrections" data-testid="corrections">
                            <p>
                                <b>{tr("需要补正的全部内容", "Everything to correct")}</b>
                            </p>
                            <ul>{corrections.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                        </div>
                    }
                })}
            <details class="timeline">
                <summary>{tr("办理记录", "Timeline")}</summary>
                <ol>{timeline.into_iter().map(|entry| view! { <Step entry /> }).collect_view()}</ol>
            </details>
        </section>
    }
}

/// What the returned tasks ask to correct: each task's latest return, line by line.
fn corrections(tasks: &[ApplicationTask], timeline: &[TimelineEntry]) -> Vec<String> {
    tasks
        .iter()
        .filter(|task| task.status == TaskStatus::Returned)
        .filter_map(|task| {
            timeline.iter().rev().find(|e| e.event == TimelineEvent::Returned && e.task == Some(task.kind))
        })
        .flat_map(|entry| entry.note.lines().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// `2026-11-26T10:30:00+08:00` as `2026-11-26 10:30`.
fn moment(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

#[component]
fn TaskRow(task: ApplicationTask) -> impl IntoView {
    let ApplicationTask { kind, name_zh, name_en, department, status, due_on, days_left, .. } = task;
    let lang = use_prefs().lang;
    let countdown = move || {
        let en = lang.get() == Lang::En;
        let due = due_on.clone().unwrap_or_default();
        days_left.map(|left| match (left, en) {
            (0, false) => format!("今天截止（{due}）"),
            (0, true) => format!("Due today ({due})"),
            (n, false) if n > 0 => format!("还剩 {n} 个工作日，{due} 截止"),
            (n, true) if n > 0 => format!("{n} working days left, due {due}"),
            (n, false) => format!("已超期 {} 个工作日", -n),
            (n, true) => format!("{} working days overdue", -n),
        })
    };
    let overdue = days_left.is_some_and(|left| left < 0);
    view! {
        <li class="task" data-kind=kind.as_str() data-status=status.as_str()>
            <div>
                <b>{either(name_zh, name_en)}</b>
                <span class=format!("badge badge--{}", status.as_str())>{label(status.label())}</span>
            </div>
            <div class="shop__trade">{named(department)}</div>
            <div class="countdown" class:countdown--late=overdue data-testid="countdown">
                {countdown}
            </div>
        </li>
    }
}

#[component]
fn Step(entry: TimelineEntry) -> impl IntoView {
    let TimelineEntry { event, by_zh, by_en, note, at, .. } = entry;
    view! {
        <li data-event=event.as_str()>
            <span class="mono">{moment(&at)}</span>
            " "
            {either(by_zh, by_en)}
            " · "
            {label(event.label())}
            {(!note.is_empty()).then(|| view! { <p class="timeline__note">{note}</p> })}
        </li>
    }
}
