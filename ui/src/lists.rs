//! Lists: a loaded list in WeUI cells, and a paged list that loads older pages on demand.

use crate::api::Failure;
use crate::chrome::ErrorNote;
use crate::prefs::tr;
use crate::session::use_session;
use getima_domain::api::{Api, Page, PageQuery};
use leptos::prelude::*;

/// A WeUI cell list of what `rows` loads: a spinner until it answers, `empty` when it holds
/// nothing, the failure said plainly, else `row` for each item.
#[component]
pub fn CellList<T, F, E, R, V>(testid: &'static str, rows: F, empty: E, row: R) -> impl IntoView
where
    T: 'static,
    F: Fn() -> Option<Result<Vec<T>, Failure>> + Send + Sync + 'static,
    E: Fn() -> &'static str + Copy + Send + Sync + 'static,
    R: Fn(T) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <div class="weui-cells" data-testid=testid>
            {move || match rows() {
                None => {
                    view! {
                        <div class="weui-cell">
                            <i class="weui-loading"></i>
                        </div>
                    }
                        .into_any()
                }
                Some(Ok(list)) if list.is_empty() => {
                    view! {
                        <div class="weui-cell">
                            <div class="weui-cell__bd shop__trade">{empty}</div>
                        </div>
                    }
                        .into_any()
                }
                Some(Ok(list)) => list.into_iter().map(row).collect_view().into_any(),
                Some(Err(failure)) => view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any(),
            }}
        </div>
    }
}

/// The first page of a [`PagedList`] as it shows once loaded (the Worker draws it), with
/// nothing to load more with yet.
pub fn first_page<T, R, V>(page: Page<T>, testid: &'static str, empty: (&'static str, &'static str), row: R) -> AnyView
where
    T: Clone + Send + Sync + 'static,
    R: Fn(T) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let items = page.items;
    view! { <CellList testid rows=move || Some(Ok(items.clone())) empty=tr(empty.0, empty.1) row /> }.into_any()
}

/// A list paged newest first through any endpoint that takes [`PageQuery`] and answers a
/// [`Page`]: the first page on arrival, older ones with "load more".
#[component]
pub fn PagedList<E, T, R, V>(
    endpoint: E,
    testid: &'static str,
    empty: (&'static str, &'static str),
    row: R,
) -> impl IntoView
where
    E: Api<Input = PageQuery, Output = Page<T>> + Clone + Send + Sync,
    T: Clone + Send + Sync + 'static,
    R: Fn(T) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = use_session();
    let items = RwSignal::new(Vec::<T>::new());
    let next = RwSignal::new(None::<i64>);
    let loaded = RwSignal::new(false);
    let load = Action::new_local(move |before: &Option<i64>| {
        let (endpoint, query) = (endpoint.clone(), PageQuery { before: *before, limit: None });
        async move {
            let page = session.call(&endpoint, &query).await?;
            items.update(|list| list.extend(page.items));
            next.set(page.next_before);
            loaded.set(true);
            Ok::<(), Failure>(())
        }
    });
    load.dispatch(None);
    let failure = Signal::derive(move || load.value().get().and_then(Result::err));
    view! {
        <div class="weui-cells" data-testid=testid aria-busy=move || load.pending().get().to_string()>
            {move || items.get().into_iter().map(row).collect_view()}
            <Show when=move || loaded.get() && items.with(Vec::is_empty)>
                <div class="weui-cell">
                    <div class="weui-cell__bd shop__trade">{tr(empty.0, empty.1)}</div>
                </div>
            </Show>
            <Show when=move || load.pending().get()>
                <div class="weui-cell">
                    <i class="weui-loading"></i>
                </div>
            </Show>
        </div>
        <Show when=move || next.get().is_some() && !load.pending().get()>
            <div class="actions">
                <button
                    class="weui-btn weui-btn_default"
                    on:click=move |_| {
                        load.dispatch(next.get_untracked());
                    }
                >
                    {tr("加载更多", "Load more")}
                </button>
            </div>
        </Show>
        <ErrorNote failure=failure />
    }
}

/// One step of a timeline: when, who, what happened (`kind` is its wire name, for tests and
/// styles), and its note, if it has one.
pub struct Step {
    pub at: String,
    pub by_zh: String,
    pub by_en: String,
    pub what: getima_domain::codes::households::Label,
    pub kind: &'static str,
    pub note: String,
}

/// The records whose timelines are drawn as steps, each field for field.
macro_rules! drawn_as_steps {
    ($($record:ty),*) => {$(
        impl From<$record> for Step {
            fn from(s: $record) -> Self {
                let (what, kind) = (s.event.label(), s.event.as_str());
                Step { at: s.at, by_zh: s.by_zh, by_en: s.by_en, what, kind, note: s.note }
            }
        }
    )*};
}

drawn_as_steps!(getima_domain::api::AppealStep, getima_domain::api::TimelineEntry);

/// A timeline, oldest first.
#[component]
pub fn Steps<S: Into<Step> + 'static>(steps: Vec<S>) -> impl IntoView {
    view! {
        <ol>
            {steps
                .into_iter()
                .map(|step| {
                    let Step { at, by_zh, by_en, what, kind, note } = step.into();
                    view! {
                        <li data-event=kind>
                            <span class="mono">{crate::prefs::moment(&at)}</span>
                            " "
                            {crate::prefs::either(by_zh, by_en)}
                            " · "
                            {crate::prefs::label(what)}
                            {(!note.is_empty()).then(|| view! { <p class="timeline__note">{note}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// Where a record stands, as a coloured badge: `kind` is its status's name (`badge--<kind>`).
#[component]
pub fn StatusBadge(kind: &'static str, label: getima_domain::codes::households::Label) -> impl IntoView {
    view! { <span class=format!("badge badge--{kind}")>{crate::prefs::label(label)}</span> }
}
