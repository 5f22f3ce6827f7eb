//! `/register/stats`: each department's work for everyone to see, drawn as bars, no personal
//! data — registration (received, decided, on time, average working days, satisfaction) and
//! appeals (received, closed, answered on time, median time to a first answer, satisfaction,
//! also as CSV).

use getima_domain::api::{Api, AppealDepartmentStats, DepartmentStats, Named, RegistrationStats, endpoints};
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{ErrorNote, Loading, Page};
use getima_ui::kit::figures;
use getima_ui::prefs::{Lang, named, tr, use_prefs};
use leptos::prelude::*;

#[component]
pub fn StatsPage() -> impl IntoView {
    view! {
        <Page>
            <section class="intro">
                <h1>{tr("各部门登记许可办理情况", "Registration and licensing by department")}</h1>
                <p>
                    {tr(
                        "按时办结率按法定时限计算；满意度为申请人办结后的评价（1–5分）。数据每5分钟更新。",
                        "On time means within the legal time limit; satisfaction is applicants' rating once done (1–5). Updated every 5 minutes.",
                    )}
                </p>
            </section>
            {departments(|| api::call(&endpoints::GetRegistrationStats {}, &()), registration_departments)}
            <AppealStatsSection />
        </Page>
    }
}

#[component]
fn AppealStatsSection() -> impl IntoView {
    let csv = endpoints::GetAppealStatsCsv::SPEC.path;
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
        {departments(
            || api::call(&endpoints::GetAppealStats {}, &()),
            |stats| rows(stats.departments, "appeal-stats", |department| view! { <AppealDepartment department /> }),
        )}
    }
}

/// Each department's figures once they have come, or what went wrong.
fn departments<T, V, F>(load: fn() -> F, list: fn(T) -> V) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Future<Output = Result<T, Failure>> + 'static,
{
    let stats = LocalResource::new(load);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(stats) => list(stats).into_any(),
                    Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One row a department, the list marked `testid`.
fn rows<T, V: IntoView>(list: Vec<T>, testid: &'static str, row: fn(T) -> V) -> impl IntoView {
    view! { <div data-testid=testid>{list.into_iter().map(row).collect_view()}</div> }
}

/// Each department's registration figures (what the Worker draws before the bundle arrives).
pub fn registration_departments(stats: RegistrationStats) -> impl IntoView {
    rows(stats.departments, "department-stats", |department| view! { <Department department /> })
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
    let (on_time, closed_share) = (figures::share(answered_on_time, answered), figures::share(closed, received));
    let counts = move |lang| match lang {
        Lang::En => format!("{received} received · {answered} answered · {closed} closed"),
        Lang::Zh => format!("收到 {received} 件 · 已答复 {answered} 件 · 已办结 {closed} 件"),
    };
    let meters = move |lang| {
        vec![
            (("按时答复", "Answered on time"), on_time, figures::percent(on_time, lang)),
            (("已办结", "Closed"), closed_share, figures::percent(closed_share, lang)),
            satisfaction_meter(satisfaction, ratings, lang),
        ]
    };
    let footnote = move |lang| match (median_hours_to_first_reply, lang) {
        (Some(hours), Lang::En) => format!("First answer in {hours:.1} hours (median)"),
        (Some(hours), Lang::Zh) => format!("首次答复用时中位数 {hours:.1} 小时"),
        (None, _) => figures::none_yet(lang),
    };
    view! { <DepartmentFigures department counts meters footnote /> }
}

#[component]
fn Department(department: DepartmentStats) -> impl IntoView {
    let DepartmentStats { department, received, decided, on_time, average_working_days, ratings, satisfaction } =
        department;
    let on_time_share = figures::share(on_time, decided);
    let counts = move |lang| match lang {
        Lang::En => format!("{received} received · {decided} decided"),
        Lang::Zh => format!("收件 {received} 件 · 办结 {decided} 件"),
    };
    let meters = move |lang| {
        vec![
            (("按时办结", "On time"), on_time_share, figures::percent(on_time_share, lang)),
            satisfaction_meter(satisfaction, ratings, lang),
        ]
    };
    let footnote = move |lang| match (average_working_days, lang) {
        (Some(days), Lang::En) => format!("{days:.1} working days on average"),
        (Some(days), Lang::Zh) => format!("平均 {days:.1} 个工作日"),
        (None, _) => figures::none_yet(lang),
    };
    view! { <DepartmentFigures department counts meters footnote /> }
}

/// A bar's label, its share and its words.
type MeterRow = ((&'static str, &'static str), Option<f64>, String);

/// The satisfaction bar: the average rating as a share of five stars.
fn satisfaction_meter(satisfaction: Option<f64>, ratings: u32, lang: Lang) -> MeterRow {
    (("满意度", "Satisfaction"), satisfaction.map(|s| s / 5.0), figures::satisfaction(satisfaction, ratings, lang))
}

/// One department's figures: its counts, a bar for each share, and a line below.
#[component]
fn DepartmentFigures(
    department: Named,
    counts: impl Fn(Lang) -> String + Send + Sync + 'static,
    meters: impl Fn(Lang) -> Vec<MeterRow> + Send + Sync + 'static,
    footnote: impl Fn(Lang) -> String + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let code = department.code.clone();
    view! {
        <section class="application" data-department=code>
            <h2>{named(department)}</h2>
            <p class="shop__trade">{move || counts(lang.get())}</p>
            {move || {
                meters(lang.get())
                    .into_iter()
                    .map(|((zh, en), share, text)| view! { <Meter label=tr(zh, en) share text /> })
                    .collect_view()
            }}
            <p class="shop__trade">{move || footnote(lang.get())}</p>
        </section>
    }
}

/// A share as a bar and its words; `None` when there is nothing to measure yet.
#[component]
fn Meter(label: impl Fn() -> &'static str + Send + Sync + 'static, share: Option<f64>, text: String) -> impl IntoView {
    let width = figures::bar_width(share);
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
