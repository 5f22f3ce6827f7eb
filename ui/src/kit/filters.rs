//! The filters a department's queues share: whose work (all, mine, not taken yet) and only
//! what is past its deadline.

use crate::prefs::{label, tr};
use getima_domain::api::QueueWhose;
use leptos::prelude::*;

#[component]
pub fn QueueFilters(
    whose: RwSignal<QueueWhose>,
    overdue: RwSignal<bool>,
    /// What the first group chooses between, for screen readers.
    group: (&'static str, &'static str),
) -> impl IntoView {
    let whose_button = move |value: QueueWhose, testid: &'static str| {
        view! {
            <button
                aria-pressed=move || (whose.get() == value).to_string()
                on:click=move |_| whose.set(value)
                data-testid=testid
            >
                {label(value.label())}
            </button>
        }
    };
    view! {
        <div class="filters" role="group" aria-label=tr(group.0, group.1)>
            {whose_button(QueueWhose::All, "whose-all")}
            {whose_button(QueueWhose::Mine, "whose-mine")}
            {whose_button(QueueWhose::Unassigned, "whose-unassigned")}
        </div>
        <div class="filters" role="group" aria-label=tr("期限", "Deadline")>
            <button
                aria-pressed=move || overdue.get().to_string()
                on:click=move |_| overdue.update(|on| *on = !*on)
                data-testid="only-overdue"
            >
                {tr("只看已超期", "Overdue only")}
            </button>
        </div>
    }
}
