//! The target groups a market zone waives the stall fee for, to say one belongs to: on the
//! vendor's booking sheet and on the manager's walk-in form.

use crate::prefs::{label, tr};
use getima_domain::stalls::TargetGroup;
use leptos::prelude::*;

/// A choice of `waived` (or none), its label saying where the proof is checked.
#[component]
pub fn WaiverGroupChoice(
    /// The select's id and test id.
    id: &'static str,
    #[prop(optional)] class: Option<&'static str>,
    label_words: (&'static str, &'static str),
    waived: Vec<TargetGroup>,
    group: RwSignal<Option<TargetGroup>>,
) -> impl IntoView {
    view! {
        <label class="form__label" for=id>
            {tr(label_words.0, label_words.1)}
        </label>
        <select
            id=id
            class=class
            data-testid=id
            on:change=move |ev| group.set(TargetGroup::parse(&event_target_value(&ev)))
        >
            <option value="">{tr("不属于以下群体", "None of these")}</option>
            {waived.into_iter().map(|g| view! { <option value=g.as_str()>{label(g.label())}</option> }).collect_view()}
        </select>
    }
}
