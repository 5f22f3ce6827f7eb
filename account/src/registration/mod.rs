//! `/register` and `/register/<bundle>`: what one can apply for, and for each everything it
//! takes — every department's part, its time limit and the law that sets it, the conditions
//! and each material once — on one screen before anything is filled in (一次性告知).

pub mod applications;
pub mod apply;
pub mod changes;
pub mod stats;

use getima_domain::api::{BundleNotice, BundleSummary, MaterialNotice, RegistrationBundles, TaskNotice, endpoints};
use getima_domain::registration::TaskKind;
use getima_ui::api;
use getima_ui::chrome::{ErrorNote, Loading, Page};
use getima_ui::prefs::{Lang, either, named, tr, use_prefs};
use leptos::prelude::*;

/// "3 个工作日" or "当场办结", in the chosen language.
fn time_limit(days: u32) -> impl Fn() -> String + Send + Sync + 'static {
    let lang = use_prefs().lang;
    move || match (days, lang.get()) {
        (0, Lang::En) => "On the spot".into(),
        (0, _) => "当场办结".into(),
        (1, Lang::En) => "1 working day".into(),
        (n, Lang::En) => format!("{n} working days"),
        (n, _) => format!("{n} 个工作日"),
    }
}

#[component]
pub fn GuidesPage() -> impl IntoView {
    let bundles = LocalResource::new(|| api::call(&endpoints::ListBundles {}, &()));
    view! {
        <Page>
            <section class="intro">
                <h1>{tr("开店、变更、歇业、注销", "Opening, changing, pausing, closing")}</h1>
                <p>
                    {tr(
                        "选择要办的事，一次看清需要的全部材料、条件和各部门的法定办理时限。",
                        "Choose what you need to do to see every material, condition and each department's legal time limit at once.",
                    )}
                </p>
            </section>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match bundles.await {
                        Ok(list) => view! { <BundleList list /> }.into_any(),
                        Err(failure) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
                    }
                })}
            </Suspense>
            <a class="guides-link" href="/register/stats" data-testid="to-stats">
                {tr("各部门办理情况公开 ›", "How each department is doing ›")}
            </a>
        </Page>
    }
}

/// Every bundle one can apply for, each opening its notice.
#[component]
pub fn BundleList(list: RegistrationBundles) -> impl IntoView {
    view! {
        <div class="weui-cells" data-testid="bundles">
            {list.bundles.into_iter().map(|b| view! { <BundleLink bundle=b /> }).collect_view()}
        </div>
    }
}

#[component]
fn BundleLink(bundle: BundleSummary) -> impl IntoView {
    view! {
        <a class="weui-cell weui-cell_access" href=format!("/register/{}", bundle.slug)>
            <div class="weui-cell__bd">
                <p>{either(bundle.name_zh, bundle.name_en)}</p>
                <p class="shop__trade">{either(bundle.summary_zh, bundle.summary_en)}</p>
                // Under the name, not beside it: at 360 px a column beside squeezes the words.
                <p class="shop__trade">
                    <b>{tr("最长 ", "Up to ")}{time_limit(bundle.limit_days)}</b>
                </p>
            </div>
            <div class="weui-cell__ft"></div>
        </a>
    }
}

#[component]
pub fn GuidePage(slug: String) -> impl IntoView {
    let notice = LocalResource::new(move || {
        let call = endpoints::GetBundle { bundle: slug.clone() };
        async move { api::call(&call, &()).await }
    });
    view! {
        <Page>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match notice.await {
                        Ok(notice) => view! { <Notice notice=notice /> }.into_any(),
                        Err(failure) => {
                            view! {
                                <ErrorNote failure=Signal::stored(Some(failure)) />
                                <div class="actions">
                                    <a class="weui-btn weui-btn_default" href="/register">
                                        {tr("查看全部办事指南", "See every guide")}
                                    </a>
                                </div>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </Page>
    }
}

/// Everything a bundle takes, said at once.
#[component]
pub fn Notice(notice: BundleNotice) -> impl IntoView {
    let BundleNotice { slug, name_zh, name_en, summary_zh, summary_en, tasks, materials } = notice;
    let opens_a_business = tasks.iter().any(|t| t.kind == TaskKind::Establishment);
    let about_my_business = tasks.iter().any(|t| {
        matches!(t.kind, TaskKind::Change | TaskKind::Suspension | TaskKind::Resumption | TaskKind::Deregistration)
    });
    let task_names: Vec<(TaskKind, String, String)> =
        tasks.iter().map(|t| (t.kind, t.name_zh.clone(), t.name_en.clone())).collect();
    view! {
        <section class="intro" data-testid="notice">
            <h1>{either(name_zh, name_en)}</h1>
            <p>{either(summary_zh, summary_en)}</p>
        </section>
        <div class="weui-cells__title">{tr("办理部门和法定时限", "Departments and legal time limits")}</div>
        <div class="weui-cells" data-testid="notice-tasks">
            {tasks.into_iter().map(|task| view! { <Task task=task /> }).collect_view()}
        </div>
        <div class="weui-cells__title">{tr("需要准备的材料", "What to bring")}</div>
        <div class="weui-cells" data-testid="notice-materials">
            {materials
                .into_iter()
                .map(|material| view! { <Material material=material tasks=task_names.clone() /> })
                .collect_view()}
        </div>
        <p class="form__hint notice-hint">
            {tr(
                "时限按工作日计算，从受理之日起算；需要补正材料的，补正期间暂停计时。",
                "Time limits count working days from acceptance; while you correct materials, the clock stops.",
            )}
        </p>
        {if opens_a_business {
            view! {
                <div class="actions">
                    <a class="weui-btn weui-btn_primary" href=format!("/register/{slug}/apply") data-testid="to-apply">
                        {tr("材料备齐了，开始申请", "I have everything: apply now")}
                    </a>
                </div>
            }
                .into_any()
        } else if about_my_business {
            view! {
                <div class="actions">
                    <a class="weui-btn weui-btn_primary" href="/me" data-testid="to-my-businesses">
                        {tr("在“我的”中选择个体户办理", "Apply from your business on “Me”")}
                    </a>
                </div>
            }
                .into_any()
        } else {
            view! {
                <p class="notice" data-testid="apply-at-counter">
                    {tr(
                        "此事项暂不能在手机上提交，请带齐上述材料到属地市场监管所办理。",
                        "This cannot be sent from a phone yet: bring the materials above to your local market regulation office.",
                    )}
                </p>
            }
                .into_any()
        }}
    }
}

#[component]
fn Task(task: TaskNotice) -> impl IntoView {
    let TaskNotice { kind, name_zh, name_en, department, limit_days, source_zh, source_en, conditions } = task;
    view! {
        <div class="weui-cell notice-task" data-kind=kind.as_str()>
            <div class="weui-cell__bd">
                <p class="notice-task__name">{either(name_zh, name_en)}</p>
                <p class="shop__trade">{named(department)} " · " <b>{time_limit(limit_days)}</b></p>
                <p class="notice-task__source">{either(source_zh, source_en)}</p>
                <ul class="notice-task__conditions">
                    {conditions.into_iter().map(|c| view! { <li>{either(c.zh, c.en)}</li> }).collect_view()}
                </ul>
            </div>
        </div>
    }
}

#[component]
fn Material(material: MaterialNotice, tasks: Vec<(TaskKind, String, String)>) -> impl IntoView {
    let MaterialNotice { code, name_zh, name_en, photo, for_tasks } = material;
    let lang = use_prefs().lang;
    let needed_by = move || {
        let en = lang.get() == Lang::En;
        let names: Vec<&str> = tasks
            .iter()
            .filter(|(kind, ..)| for_tasks.contains(kind))
            .map(|(_, zh, e)| if en { e.as_str() } else { zh.as_str() })
            .collect();
        names.join(if en { ", " } else { "、" })
    };
    view! {
        <div class="weui-cell" data-material=code>
            <div class="weui-cell__bd">
                <p>{either(name_zh, name_en)}</p>
                <p class="shop__trade">{tr("用于：", "For: ")}{needed_by}</p>
            </div>
            <div class="weui-cell__ft">
                {if photo { tr("拍照上传", "Photo") } else { tr("在线填写", "Filled in online") }}
            </div>
        </div>
    }
}
