//! `/desk/catalogue`: the registration catalogue admins keep — each "一类事" bundle (names,
//! summary, the tasks one submission fans out to; new ones too) and each kind of task's
//! statutory time limit, the law that sets it and its conditions. Every form is checked on
//! the phone by the rules the Worker applies; changes count for applications filed after them.
//! Where appeals go is kept on the same page ([`crate::appeals::routes`]).

use getima_domain::accounts::Role;
use getima_domain::api::{
    ApiError, BUNDLE_SLUG_RULE, BundleChange, BundleShape, BundleSummary, Condition, FieldError, MAX_BUNDLE_NAME_CHARS,
    MAX_LIMIT_DAYS, MAX_NOTICE_CHARS, MaterialNotice, TaskKindChange, TaskNotice, conditions_from_lines, endpoints,
    is_bundle_slug,
};
use getima_domain::registration::TaskKind;
use getima_ui::api::{self, Failure};
use getima_ui::chrome::{ErrorNote, Loading, Page, RoleGate};
use getima_ui::forms::{BilingualText, FieldNote, Form, SubmitButton, TextInput, problem};
use getima_ui::prefs::{either, named, tr};
use getima_ui::session::use_session;
use leptos::prelude::*;

/// What a save did, in both languages, for the page's status line.
type Saved = Callback<(String, String)>;

#[component]
pub fn CataloguePage() -> impl IntoView {
    view! {
        <Page>
            <RoleGate roles=&[Role::Admin] needs=("平台管理员", "an admin")>
                <Catalogue />
                <crate::appeals::routes::AppealRoutes />
            </RoleGate>
        </Page>
    }
}

#[component]
fn Catalogue() -> impl IntoView {
    let bundles = LocalResource::new(|| api::call(&endpoints::ListBundles {}, &()));
    let kinds = LocalResource::new(|| api::call(&endpoints::ListTaskKinds {}, &()));
    let saved = RwSignal::new(None::<(String, String)>);
    // Each list reloads after its own saves; keyed rows keep their forms (and what is open).
    let on_bundle_saved = Saved::new(move |said| {
        saved.set(Some(said));
        bundles.refetch();
    });
    let on_kind_saved = Saved::new(move |said| {
        saved.set(Some(said));
        kinds.refetch();
        bundles.refetch();
    });
    let kind_list = Signal::derive(move || kinds.get().and_then(Result::ok).map(|k| k.kinds).unwrap_or_default());
    let library = Signal::derive(move || kinds.get().and_then(Result::ok).map(|k| k.materials).unwrap_or_default());
    let bundle_list = Signal::derive(move || bundles.get().and_then(Result::ok).map(|b| b.bundles).unwrap_or_default());
    let failure =
        Signal::derive(move || bundles.get().and_then(Result::err).or_else(|| kinds.get().and_then(Result::err)));
    view! {
        <section class="intro">
            <p>
                {tr(
                    "修改只对之后提交的申请生效；已提交的申请按提交时的时限计算。",
                    "Changes count for applications filed after them; filed ones keep the limits they were filed under.",
                )}
            </p>
        </section>
        {move || {
            saved
                .get()
                .map(|(zh, en)| {
                    view! {
                        <p class="notice notice--ok" role="status" data-testid="catalogue-saved">
                            {either(zh, en)}
                        </p>
                    }
                })
        }}
        <ErrorNote failure />
        <div class="weui-cells__title">{tr("一类事", "Bundles")}</div>
        <Show when=move || bundles.get().is_none()>
            <Loading />
        </Show>
        <For
            each=move || bundle_list.get()
            key=|bundle| bundle.slug.clone()
            children=move |bundle| {
                let (slug, looked_up) = (bundle.slug.clone(), bundle.slug.clone());
                let title = move || {
                    bundle_list
                        .get()
                        .into_iter()
                        .find(|b| b.slug == looked_up)
                        .map(|b| either(b.name_zh, b.name_en)())
                        .unwrap_or_default()
                };
                view! {
                    <details class="catalogue" data-testid="bundle" data-bundle=slug>
                        <summary>{title}</summary>
                        <BundleEditor
                            bundle=Some(bundle)
                            kinds=kind_list
                            existing=bundle_list
                            on_saved=on_bundle_saved
                        />
                    </details>
                }
            }
        />
        <details class="catalogue" data-testid="new-bundle">
            <summary>{tr("新建一类事", "New bundle")}</summary>
            <BundleEditor bundle=None kinds=kind_list existing=bundle_list on_saved=on_bundle_saved />
        </details>
        <div class="weui-cells__title">{tr("事项时限与条件", "Time limits and conditions")}</div>
        <For
            each=move || kind_list.get()
            key=|notice| notice.kind
            children=move |notice| {
                let kind = notice.kind;
                let title = move || {
                    kind_list
                        .get()
                        .into_iter()
                        .find(|k| k.kind == kind)
                        .map(|k| {
                            either(
                                format!("{} · {} 个工作日", k.name_zh, k.limit_days),
                                format!("{} · {} working days", k.name_en, k.limit_days),
                            )()
                        })
                        .unwrap_or_default()
                };
                view! {
                    <details class="catalogue" data-testid="task-kind" data-kind=kind.as_str()>
                        <summary>{title}</summary>
                        <TaskKindEditor notice library=library.get_untracked() on_saved=on_kind_saved />
                    </details>
                }
            }
        />
    }
}

/// A bundle's names, summary and tasks; with no `bundle`, a new one under a slug typed here.
#[component]
fn BundleEditor(
    bundle: Option<BundleSummary>,
    kinds: Signal<Vec<TaskNotice>>,
    /// The bundles there are: a new one may not take one's code.
    existing: Signal<Vec<BundleSummary>>,
    on_saved: Saved,
) -> impl IntoView {
    let session = use_session();
    let is_new = bundle.is_none();
    let was = bundle.as_ref().and_then(|b| BundleShape::of(&b.tasks));
    let text =
        |pick: fn(&BundleSummary) -> &String| RwSignal::new(bundle.as_ref().map(pick).cloned().unwrap_or_default());
    let slug = RwSignal::new(bundle.as_ref().map(|b| b.slug.clone()).unwrap_or_default());
    let (name_zh, name_en) = (text(|b| &b.name_zh), text(|b| &b.name_en));
    let (summary_zh, summary_en) = (text(|b| &b.summary_zh), text(|b| &b.summary_en));
    let tasks =
        RwSignal::new(bundle.as_ref().map(|b| b.tasks.clone()).unwrap_or_else(|| vec![TaskKind::Establishment]));
    let save = Action::new_local(move |(slug, change): &(String, BundleChange)| {
        let (slug, change) = (slug.clone(), change.clone());
        async move {
            if !is_bundle_slug(&slug) {
                let (zh, en) = BUNDLE_SLUG_RULE;
                return Err(problem("bundle", zh, en));
            }
            if is_new && existing.get_untracked().iter().any(|b| b.slug == slug) {
                return Err(problem(
                    "bundle",
                    "这个业务代码已在使用；要修改那项一类事，请在上面的列表中打开它",
                    "That code is in use; to change that bundle, open it in the list above",
                ));
            }
            ApiError::unless_invalid(change.problems(was)).map_err(Failure::Api)?;
            let notice = session.call(&endpoints::SetBundle { bundle: slug }, &change).await?;
            on_saved.run((format!("已保存：{}", notice.name_zh), format!("Saved: {}", notice.name_en)));
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || save.value().get().and_then(Result::err));
    // No slug (a-z and hyphens) makes `new-bundle-` out of `bundle-<slug>-`.
    let form = bundle.as_ref().map_or_else(|| "new-bundle-".to_string(), |b| format!("bundle-{}-", b.slug));
    let slug_id = format!("{form}bundle");
    let task_choice = move |notice: TaskNotice| {
        let kind = notice.kind;
        view! {
            <label class="consent">
                <input
                    type="checkbox"
                    value=kind.as_str()
                    prop:checked=move || tasks.get().contains(&kind)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        tasks
                            .update(|list| {
                                list.retain(|k| *k != kind);
                                if on {
                                    list.push(kind);
                                    list.sort();
                                }
                            });
                    }
                />
                {either(notice.name_zh, notice.name_en)}
                " · "
                {named(notice.department)}
            </label>
        }
    };
    view! {
        <Form
            class="form decision"
            testid="bundle-form"
            on_submit=Callback::new(move |()| {
                save.dispatch((
                    slug.get_untracked(),
                    BundleChange {
                        name_zh: name_zh.get_untracked(),
                        name_en: name_en.get_untracked(),
                        summary_zh: summary_zh.get_untracked(),
                        summary_en: summary_en.get_untracked(),
                        tasks: tasks.get_untracked(),
                    },
                ));
            })
        >
            {is_new
                .then(|| {
                    view! {
                        <label class="form__label" for=slug_id.clone()>
                            {tr(
                                "业务代码（网址中使用，小写英文和连字符）",
                                "Code (in its web address: a-z and hyphens)",
                            )}
                        </label>
                        <input
                            id=slug_id.clone()
                            data-testid=slug_id.clone()
                            maxlength=40
                            autocapitalize="off"
                            aria-describedby=format!("{slug_id}-error")
                            prop:value=move || slug.get()
                            on:input=move |ev| slug.set(event_target_value(&ev))
                        />
                        <FieldNote failure field="bundle" form=form.clone() />
                    }
                })}
            <BilingualText
                form=form.clone()
                field="name"
                labels=[("名称（中文）", "Name (Chinese)"), ("名称（英文）", "Name (English)")]
                values=[name_zh, name_en]
                failure
                max=[MAX_BUNDLE_NAME_CHARS, MAX_BUNDLE_NAME_CHARS * 3]
            />
            <BilingualText
                form=form.clone()
                field="summary"
                labels=[("简介（中文）", "Summary (Chinese)"), ("简介（英文）", "Summary (English)")]
                values=[summary_zh, summary_en]
                failure
                max=[MAX_NOTICE_CHARS, MAX_NOTICE_CHARS * 3]
                area=true
            />
            <fieldset class="decision" aria-describedby=format!("{form}tasks-error")>
                <legend class="form__label">
                    {tr("一次申请分派的事项", "Tasks one submission fans out to")}
                </legend>
                {move || kinds.get().into_iter().map(task_choice).collect_view()}
            </fieldset>
            <FieldNote failure field="tasks" form=form.clone() />
            <SubmitButton pending=save.pending() label=tr("保存", "Save") testid="save-bundle" />
            <ErrorNote failure beside=&["bundle", "name_zh", "name_en", "summary_zh", "summary_en", "tasks"] />
        </Form>
    }
}

/// The Chinese and English conditions as typed, one per line each.
fn condition_lines(conditions: &[Condition], pick: fn(&Condition) -> &String) -> String {
    conditions.iter().map(pick).cloned().collect::<Vec<_>>().join("\n")
}

/// A problem the Worker names by a condition's place (`conditions[2].zh`), said beside the
/// list it was typed in, with its line number.
fn beside_the_lines(problem: FieldError) -> FieldError {
    let Some(rest) = problem.field.strip_prefix("conditions[") else { return problem };
    let Some((index, language)) = rest.split_once("].") else { return problem };
    let line = index.parse::<usize>().map_or(0, |i| i + 1);
    FieldError::new(
        format!("conditions_{language}"),
        format!("第 {line} 行：{}", problem.message_zh),
        format!("Line {line}: {}", problem.message_en),
    )
}

/// A kind of task's time limit, its legal source, its conditions and the materials it asks for
/// (chosen from the library; the guide lists them in the library's order).
#[component]
fn TaskKindEditor(notice: TaskNotice, library: Vec<MaterialNotice>, on_saved: Saved) -> impl IntoView {
    let session = use_session();
    let kind = notice.kind;
    let chosen = RwSignal::new(
        library.iter().filter(|m| m.for_tasks.contains(&kind)).map(|m| m.code.clone()).collect::<Vec<_>>(),
    );
    let in_library_order = {
        let codes: Vec<String> = library.iter().map(|m| m.code.clone()).collect();
        move || chosen.with_untracked(|c| codes.iter().filter(|code| c.contains(code)).cloned().collect::<Vec<_>>())
    };
    let limit = RwSignal::new(notice.limit_days.to_string());
    let (source_zh, source_en) = (RwSignal::new(notice.source_zh), RwSignal::new(notice.source_en));
    let conditions_zh = RwSignal::new(condition_lines(&notice.conditions, |c| &c.zh));
    let conditions_en = RwSignal::new(condition_lines(&notice.conditions, |c| &c.en));
    type Typed = (String, String, String, (String, String), Vec<String>);
    let save = Action::new_local(move |(limit, zh, en, source, materials): &Typed| {
        let (limit, zh, en, (source_zh, source_en), materials) =
            (limit.clone(), zh.clone(), en.clone(), source.clone(), materials.clone());
        async move {
            let Ok(limit_days) = limit.trim().parse::<u32>() else {
                return Err(problem(
                    "limit_days",
                    &format!("请填写 0 到 {MAX_LIMIT_DAYS} 的整数（0 表示当场办结）"),
                    &format!("Enter a whole number from 0 to {MAX_LIMIT_DAYS} (0: on the spot)"),
                ));
            };
            let Some(conditions) = conditions_from_lines(&zh, &en) else {
                return Err(problem(
                    "conditions_en",
                    "中英文条件须一一对应，行数相同",
                    "Give each condition in both languages: the same number of lines",
                ));
            };
            let change = TaskKindChange { limit_days, source_zh, source_en, conditions, materials };
            ApiError::unless_invalid(change.problems().into_iter().map(beside_the_lines).collect())
                .map_err(Failure::Api)?;
            let saved = session.call(&endpoints::SetTaskKind { kind: kind.as_str().into() }, &change).await;
            let saved = saved.map_err(|failure| match failure {
                Failure::Api(mut error) => {
                    error.fields = error.fields.into_iter().map(beside_the_lines).collect();
                    Failure::Api(error)
                }
                other => other,
            })?;
            on_saved.run((format!("已保存：{}", saved.name_zh), format!("Saved: {}", saved.name_en)));
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || save.value().get().and_then(Result::err));
    let form = format!("kind-{}-", kind.as_str());
    view! {
        <Form
            class="form decision"
            testid="task-kind-form"
            on_submit=Callback::new(move |()| {
                save.dispatch((
                    limit.get_untracked(),
                    conditions_zh.get_untracked(),
                    conditions_en.get_untracked(),
                    (source_zh.get_untracked(), source_en.get_untracked()),
                    in_library_order(),
                ));
            })
        >
            <p class="shop__trade">{named(notice.department)}</p>
            <TextInput
                form=form.clone()
                field="limit_days"
                label=tr("办理时限（工作日，0 为当场办结）", "Time limit (working days; 0: on the spot)")
                value=limit
                failure
                max=2
                kind="number"
            />
            <BilingualText
                form=form.clone()
                field="source"
                labels=[
                    ("法律依据（中文）", "Legal source (Chinese)"),
                    ("法律依据（英文）", "Legal source (English)"),
                ]
                values=[source_zh, source_en]
                failure
                max=[MAX_NOTICE_CHARS, MAX_NOTICE_CHARS * 3]
            />
            <BilingualText
                form=form.clone()
                field="conditions"
                labels=[
                    ("条件（中文，每行一项）", "Conditions (Chinese, one per line)"),
                    (
                        "条件（英文，每行一项，与中文逐行对应）",
                        "Conditions (English, one per line, matching the Chinese)",
                    ),
                ]
                values=[conditions_zh, conditions_en]
                failure
                max=[2000, 6000]
                area=true
            />
            <fieldset class="decision" data-testid="materials">
                <legend class="form__label">{tr("所需材料", "Materials it asks for")}</legend>
                {library
                    .into_iter()
                    .map(|material| {
                        let code = material.code.clone();
                        let on = code.clone();
                        view! {
                            <label class="consent">
                                <input
                                    type="checkbox"
                                    value=material.code
                                    prop:checked=move || chosen.with(|c| c.contains(&on))
                                    on:change=move |ev| {
                                        let checked = event_target_checked(&ev);
                                        chosen
                                            .update(|c| {
                                                c.retain(|x| *x != code);
                                                if checked {
                                                    c.push(code.clone());
                                                }
                                            });
                                    }
                                />
                                {either(material.name_zh, material.name_en)}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <FieldNote failure field="materials" form=form.clone() />
            <SubmitButton pending=save.pending() label=tr("保存", "Save") testid="save-task-kind" />
            <ErrorNote
                failure
                beside=&["limit_days", "source_zh", "source_en", "conditions_zh", "conditions_en", "materials"]
            />
        </Form>
    }
}
