//! `/register/stats`: each department's work for everyone to see, drawn as bars, no personal
//! data — registration (received, decided, on time, average working days, satisfaction) and
//! appeals (received, closed, answered on time, median time to a first answer, satisfaction,
//! also as CSV).

use getima_domain::api::{AppealDepartmentStats, DepartmentStats, Endpoint, endpoints};
use getima_ui::api;
use getima_ui::chrome::{ErrorNote, Loading, Page};
use getima_ui::prefs::{Lang, named, tr, use_prefs};
use leptos::prelude::*;

#[component]
pub fn StatsPage() -> impl IntoView {
    let stats = LocalResource::new(|| api::call(&endpoints::GetRegistrationStats {}, &()));
    view! {
        <Page title=tr("办理情况公开", "How departments are doing")>
            <section class="intro">
                <h1>{tr("各部门登记许可办理情况", "Registration and licensing by department")}</h1>
                <p>
                    {tr(
                        "按时办结率按法定时限计算；满意度为申请人办结后的评价（1–5分）。数据每5分钟更新。",
                        "On time means within the legal time limit; satisfaction is applicants' rating once done (1–5). Updated every 5 minutes.",
                    )}
                </p>
            </section>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match stats.await {
                        Ok(stats) => {
                            view! {
                                <div data-testid="department-stats">
                                    {stats
                                        .departments
                                        .into_iter()
                                        .map(|department| view! { <Department department /> })
                                        .collect_view()}
                                </div>
                            }
                                .into_any()
                        }
                        Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                    }
                })}
            </Suspense>
            <AppealStatsSection />
        </Page>
    }
}

#[component]
fn AppealStatsSection() -> impl IntoView {
    let stats = LocalResource::new(|| api::call(&endpoints::GetAppealStats {}, &()));
    let csv = Endpoint::GetAppealStatsCsv.path();
    view! {
        <section class="intro">
            <h1>{tr("各部门诉求办理情况", "Appeals by department")}</h1>
            <p>
                {tr(
                    "按时答复指首次答复在答复期限内；满意度为经营户确认办结时的评价（1–5分）。数据每5分钟更新。",
                    "On time means the first answer came within the reply deadline; satisfaction is the owner's rating on closing (1–5). Updated every 5 minutes.",
                )}
            </p>
            <div class="shop__actions">
                <a class="link" href=csv download="appeal-stats.csv" data-testid="appeal-stats-csv">
                    {tr("下载数据（CSV）", "Download the figures (CSV)")}
                </a>
            </div>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(stats) => {
                        view! {
                            <div data-testid="appeal-stats">
                                {stats
                                    .departments
                                    .into_iter()
                                    .map(|department| view! { <AppealDepartment department /> })
                                    .collect_view()}
                            </div>
                        }
                            .into_any()
                    }
                    Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AppealDepartment(department: AppealDepartmentStats) -> impl IntoView {
    let AppealDepartmentStats {
        department,
        received,
        closed,
        answered,
        answered_on_time,
        median_hours_to_first_reply,
        ratings,
        satisfaction,
    } = department;
    let code = department.code.clone();
    let lang = use_prefs().lang;
    let en = move || lang.get() == Lang::En;
    let none = move || if en() { "none yet".to_string() } else { "暂无".to_string() };
    let share = |part: u32, whole: u32| (whole > 0).then(|| f64::from(part) / f64::from(whole));
    let percent = move |share: Option<f64>| share.map_or_else(none, |s| format!("{:.0}%", s * 100.0));
    let (on_time, closed_share) = (share(answered_on_time, answered), share(closed, received));
    let satisfaction_text = move || match satisfaction {
        Some(score) if en() => format!("{score:.1} / 5 ({ratings} ratings)"),
        Some(score) => format!("{score:.1} / 5（{ratings} 条评价）"),
        None => none(),
    };
    let first_answer = move || match median_hours_to_first_reply {
        Some(hours) if en() => format!("First answer in {hours:.1} hours (median)"),
        Some(hours) => format!("首次答复用时中位数 {hours:.1} 小时"),
        None => none(),
    };
    view! {
        <section class="application" data-department=code>
            <h2>{named(department)}</h2>
            <p class="shop__trade">
                {move || {
                    if en() {
                        format!("{received} received · {answered} answered · {closed} closed")
                    } else {
                        format!("收到 {received} 件 · 已答复 {answered} 件 · 已办结 {closed} 件")
                    }
                }}
            </p>
            {move || {
                view! {
                    <Meter label=tr("按时答复", "Answered on time") share=on_time text=percent(on_time) />
                    <Meter label=tr("已办结", "Closed") share=closed_share text=percent(closed_share) />
                    <Meter
                        label=tr("满意度", "Satisfaction")
                        share=satisfaction.map(|s| s / 5.0)
                        text=satisfaction_text()
                    />
                }
            }}
            <p class="shop__trade">{first_answer}</p>
        </section>
    }
}

/// A share as a bar and its words; `None` when there is nothing to measure yet.
#[component]
fn Meter(label: impl Fn() -> &'static str + Send + Sync + 'static, share: Option<f64>, text: String) -> impl IntoView {
    let width = share.map_or(0.0, |s| (s * 100.0).clamp(0.0, 100.0));
    view! {
        <div class="meter">
            <div class="meter__label">
                <span>{label}</span>
                <b>{text}</b>
            </div>
            <div class="meter__track" aria-hidden="true">
                <div class="meter__fill" style=format!("width: {width:.0}%")></div>
            </div>
        </div>
    }
}

#[component]
fn Department(department: DepartmentStats) -> impl IntoView {
    let DepartmentStats { department, received, decided, on_time, average_working_days, ratings, satisfaction } =
        department;
    let code = department.code.clone();
    let lang = use_prefs().lang;
    let en = move || lang.get() == Lang::En;
    let none = move || if en() { "none yet".to_string() } else { "暂无".to_string() };
    let on_time_share = (decided > 0).then(|| f64::from(on_time) / f64::from(decided));
    let on_time_text = move || match on_time_share {
        Some(share) => format!("{:.0}%", share * 100.0),
        None => none(),
    };
    let satisfaction_text = move || match satisfaction {
        Some(score) if en() => format!("{score:.1} / 5 ({ratings} ratings)"),
        Some(score) => format!("{score:.1} / 5（{ratings} 条评价）"),
        None => none(),
    };
    let days = move || match average_working_days {
        Some(days) if en() => format!("{days:.1} working days on average"),
        Some(days) => format!("平均 {days:.1} 个工作日"),
        None => none(),
    };
    view! {
        <section class="application" data-department=code>
            <h2>{named(department)}</h2>
            <p class="shop__trade">
                {move || {
                    if en() {
                        format!("{received} received · {decided} decided")
                    } else {
                        format!("收件 {received} 件 · 办结 {decided} 件")
                    }
                }}
            </p>
            {move || {
                view! {
                    <Meter label=tr("按时办结", "On time") share=on_time_share text=on_time_text() />
                    <Meter
                        label=tr("满意度", "Satisfaction")
                        share=satisfaction.map(|s| s / 5.0)
                        text=satisfaction_text()
                    />
                }
            }}
            <p class="shop__trade">{days}</p>
        </section>
    }
}
