//! `/me/applications`: my applications, each with every department's part and its countdown,
//! what to correct when one is returned, the timeline, and the business code once opened.

use getima_domain::api::{
    Application, ApplicationTask, MyApplications, PhotoRef, RatingRequest, ResubmissionRequest, TimelineEntry,
    TimelineEvent, endpoints,
};
use getima_domain::registration::{ApplicationStatus, RatingTag, TaskKind, TaskStatus, application_number};
use getima_ui::api::Failure;
use getima_ui::chrome::{ErrorNote, Loading, SignedInPage};
use getima_ui::forms::{BusyButton, Form, SubmitButton, TextArea};
use getima_ui::kit::rating::{RatingForm, RatingWords};
use getima_ui::links::query;
use getima_ui::lists::{StatusBadge, Steps};
use getima_ui::photos::{CorrectionPhotos, FiledPhotos, UploadsPending, track_uploads};
use getima_ui::prefs::{countdown, either, label, moment, named, tr, use_prefs};
use getima_ui::session::use_session;
use leptos::prelude::*;

#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    view! {
        <SignedInPage>
            <Applications />
        </SignedInPage>
    }
}

/// My applications as cards (`reload` after a step on one), or the note that there are none.
pub fn my_applications(list: MyApplications, reload: Callback<()>) -> AnyView {
    if list.applications.is_empty() {
        return view! {
            <p class="notice" data-testid="no-applications">
                {tr("还没有提交过申请。", "You have not applied for anything yet.")}
            </p>
        }
        .into_any();
    }
    list.applications
        .into_iter()
        .map(|application| view! { <ApplicationCard application reload /> })
        .collect_view()
        .into_any()
}

#[component]
fn Applications() -> impl IntoView {
    let session = use_session();
    let list = LocalResource::new(move || async move { session.call(&endpoints::ListMyApplications {}, &()).await });
    let reload = Callback::new(move |()| list.refetch());
    // Just filed (the form comes here with its number): said first, with the number to quote.
    let filed = query("filed").and_then(|id| id.parse::<i64>().ok());
    view! {
        {filed
            .map(|id| {
                view! {
                    <div class="notice notice--ok notice--stack" role="status" data-testid="just-filed">
                        <p>
                            <b>{tr("申请已提交。", "Application sent.")}</b>
                            {tr("您的申请号是 ", "Your application number is ")}
                            <b class="mono" data-testid="just-filed-number">
                                {application_number(id)}
                            </b>
                            {tr("，咨询时请告诉工作人员。", "; quote it when you ask the staff.")}
                        </p>
                    </div>
                }
            })}
        // Not in a <Suspense>: a photo's thumbnail loading as a correction is added would put
        // the whole list back behind its fallback, the note being typed with it.
        {move || {
            match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Ok(list)) => my_applications(list, reload),
                Some(Err(failure)) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
            }
        }}
        <div class="actions">
            <a class="weui-btn weui-btn_default" href="/register" data-testid="to-guides">
                {tr("办理新的事项", "Apply for something else")}
            </a>
        </div>
    }
}

#[component]
fn ApplicationCard(application: Application, reload: Callback<()>) -> impl IntoView {
    let Application {
        id,
        bundle,
        bundle_zh,
        bundle_en,
        shop_name,
        status,
        submitted_at,
        uscc,
        code,
        tasks,
        timeline,
        rating,
        photos,
        ..
    } = application;
    let done = matches!(status, ApplicationStatus::Approved | ApplicationStatus::Rejected);
    let corrections = corrections(&tasks, &timeline);
    let returned: Vec<TaskKind> = tasks.iter().filter(|t| t.status == TaskStatus::Returned).map(|t| t.kind).collect();
    // The earliest last day of the returns: after it the whole application lapses.
    let correct_by = tasks.iter().filter_map(|t| t.correct_by.clone()).min();
    let lapsed = timeline.iter().any(|e| e.event == TimelineEvent::Lapsed);
    view! {
        <section
            class="application"
            id=format!("application-{id}")
            data-testid="application"
            data-status=status.as_str()
        >
            <h2>{shop_name}</h2>
            <p class="shop__trade">
                {tr("申请号 ", "Application No. ")} <b class="mono" data-testid="application-number">
                    {application_number(id)}
                </b>
            </p>
            <p class="shop__trade">
                {either(bundle_zh, bundle_en)} " · " {tr("提交于 ", "Sent ")} {moment(&submitted_at)}
            </p>
            <p>
                <StatusBadge kind=status.as_str() label=status.label() />
            </p>
            // Registered as soon as the registration task is approved, permits or not.
            {code
                .map(|code| {
                    view! {
                        <p class="form__ok">
                            {tr("已登记，信用代码 ", "Registered; credit code ")}
                            <span class="mono">{uscc.unwrap_or_default()}</span>
                        </p>
                        <a class="weui-btn weui-btn_primary" href=format!("/c/{code}") data-testid="my-code">
                            {tr("查看我的个体码", "See my business code")}
                        </a>
                    }
                })}
            <ul class="tasks" data-testid="application-tasks">
                {tasks.into_iter().map(|task| view! { <TaskRow task /> }).collect_view()}
            </ul>
            {(status != ApplicationStatus::NeedsCorrection).then(|| view! { <FiledPhotos photos=photos.clone() /> })}
            {(!corrections.is_empty())
                .then(|| {
                    view! {
                        <div class="corrections" data-testid="corrections">
                            <p>
                                <b>{tr("需要补正的全部内容", "Everything to correct")}</b>
                            </p>
                            <ul>{corrections.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                            {correct_by
                                .map(|day| {
                                    view! {
                                        <p class="corrections__by" data-testid="correct-by">
                                            {tr("请在 ", "Send it again corrected by ")}
                                            <b class="nowrap">{day}</b>
                                            {tr(
                                                " 前补正后重新提交；逾期视为撤回，名称不再为您保留。",
                                                "; after that it counts as withdrawn and the name is no longer held for you.",
                                            )}
                                        </p>
                                    }
                                })}
                        </div>
                    }
                })}
            {lapsed
                .then(|| {
                    view! {
                        <p class="notice" data-testid="lapsed">
                            {tr(
                                "逾期未补正，已视为撤回，名称不再保留。如仍要开店，请重新申请。",
                                "Not corrected in time, so it counts as withdrawn and the name is no longer held. To open the shop, apply again.",
                            )}
                        </p>
                    }
                })}
            {(status == ApplicationStatus::NeedsCorrection)
                .then(|| view! { <Resubmit application=id bundle photos returned reload /> })}
            {matches!(status, ApplicationStatus::InReview | ApplicationStatus::NeedsCorrection)
                .then(|| view! { <Withdraw application=id reload /> })}
            {match rating {
                Some(score) => {
                    Some(
                        view! {
                            <p class="form__ok" data-testid="rated">
                                {tr("您的评价：", "Your rating: ")}
                                {"★".repeat(usize::from(score))}
                            </p>
                        }
                            .into_any(),
                    )
                }
                None if done => Some(view! { <RateApplication application=id reload /> }.into_any()),
                None => None,
            }}
            <details class="timeline">
                <summary>{tr("办理记录", "Timeline")}</summary>
                <Steps steps=timeline />
            </details>
        </section>
    }
}

/// 好差评: the score as five large choices, what was good or bad as tags, and a comment.
#[component]
fn RateApplication(application: i64, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let score = RwSignal::new(0u8);
    let tags = RwSignal::new(Vec::<RatingTag>::new());
    let comment = RwSignal::new(String::new());
    let send = Action::new_local(move |body: &RatingRequest| {
        let body = body.clone();
        async move {
            session.call(&endpoints::RateApplication { application }, &body).await?;
            reload.run(());
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || send.value().get().and_then(Result::err));
    let on_submit = Callback::new(move |()| {
        send.dispatch(RatingRequest {
            score: score.get_untracked(),
            tags: tags.get_untracked(),
            comment: comment.get_untracked(),
        });
    });
    let words = RatingWords {
        testid: "rating-form",
        legend: ("为这次办理打分", "Rate the service"),
        comment_max: 300,
        send: ("提交评价", "Send rating"),
        send_testid: "rate",
        beside: &["score", "tags", "comment"],
    };
    view! {
        <RatingForm
            words
            form=format!("rating-{application}-")
            stars=format!("rating-{application}")
            score
            comment
            failure
            pending=send.pending()
            on_submit
        >
            <div class="tags">
                {RatingTag::ALL
                    .iter()
                    .map(|&tag| {
                        view! {
                            <label class="consent">
                                <input
                                    type="checkbox"
                                    value=tag.as_str()
                                    prop:checked=move || tags.with(|t| t.contains(&tag))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        tags.update(|t| {
                                            t.retain(|x| *x != tag);
                                            if on {
                                                t.push(tag);
                                            }
                                        });
                                    }
                                />
                                {label(tag.label())}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </RatingForm>
    }
}

/// Sends a returned application again, saying what was corrected.
#[component]
fn Resubmit(
    application: i64,
    bundle: String,
    photos: Vec<PhotoRef>,
    returned: Vec<TaskKind>,
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let note = RwSignal::new(String::new());
    let uploading = track_uploads();
    let send = Action::new_local(move |body: &ResubmissionRequest| {
        let body = body.clone();
        async move {
            session.call(&endpoints::ResubmitApplication { application }, &body).await?;
            reload.run(());
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || send.value().get().and_then(Result::err));
    let form = format!("resubmit-{application}-");
    view! {
        <Form
            class="decision"
            testid="resubmit-form"
            on_submit=Callback::new(move |()| {
                send.dispatch(ResubmissionRequest {
                    note: note.get_untracked(),
                });
            })
        >
            <CorrectionPhotos application bundle photos returned />
            <TextArea
                form
                field="note"
                label=tr("补正了哪些内容", "What you corrected")
                value=note
                failure
                max=500
            />
            <UploadsPending uploading />
            <SubmitButton
                pending=Signal::derive(move || send.pending().get() || uploading.get())
                label=tr("补正完毕，重新提交", "Corrected: send again")
                testid="resubmit"
            />
            <ErrorNote failure beside=&["note"] />
        </Form>
    }
}

/// 撤回: ends an application still being handled, after a second tap that says what it does.
#[component]
fn Withdraw(application: i64, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let asking = RwSignal::new(false);
    let send = Action::new_local(move |&(): &()| async move {
        session.call(&endpoints::WithdrawApplication { application }, &()).await?;
        reload.run(());
        Ok::<(), Failure>(())
    });
    let failure = Signal::derive(move || send.value().get().and_then(Result::err));
    let busy = send.pending();
    view! {
        <div class="withdraw" data-testid="withdraw">
            <Show
                when=move || asking.get()
                fallback=move || {
                    view! {
                        <button
                            type="button"
                            class="weui-btn weui-btn_default"
                            data-testid="withdraw-ask"
                            on:click=move |_| asking.set(true)
                        >
                            {tr("撤回申请", "Withdraw this application")}
                        </button>
                    }
                }
            >
                <p role="alert">
                    {tr(
                        "撤回后各部门停止办理，名称不再为您保留；已准予的事项仍然有效。",
                        "Every department stops work on it and the name is no longer held for you; what was already approved stands.",
                    )}
                </p>
                <div class="task-actions">
                    <button
                        type="button"
                        class="weui-btn weui-btn_default"
                        data-testid="withdraw-cancel"
                        on:click=move |_| asking.set(false)
                    >
                        {tr("不撤回", "Keep it")}
                    </button>
                    <BusyButton
                        pending=busy
                        label=tr("确定撤回", "Withdraw")
                        class="weui-btn weui-btn_default btn--danger"
                        kind="button"
                        testid="withdraw-confirm"
                        on_press=Callback::new(move |()| {
                            send.dispatch(());
                        })
                    />
                </div>
            </Show>
            <ErrorNote failure />
        </div>
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

#[component]
fn TaskRow(task: ApplicationTask) -> impl IntoView {
    let ApplicationTask { kind, name_zh, name_en, department, status, due_on, days_left, .. } = task;
    let lang = use_prefs().lang;
    let due = due_on.unwrap_or_default();
    let countdown = move || days_left.map(|left| countdown(left, &due, lang.get()));
    let overdue = days_left.is_some_and(|left| left < 0);
    let paused = status == TaskStatus::Returned;
    view! {
        <li class="task" data-kind=kind.as_str() data-status=status.as_str()>
            <div>
                <b>{either(name_zh, name_en)}</b>
                <StatusBadge kind=status.as_str() label=status.label() />
            </div>
            <div class="shop__trade">{named(department)}</div>
            <div class="countdown" class:countdown--late=overdue data-testid="countdown">
                {countdown}
                {paused.then(|| tr("补正期间暂停计时", "The clock stops while you correct"))}
            </div>
        </li>
    }
}
