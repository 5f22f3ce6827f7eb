//! A checkbox for each word of one of the domain's closed vocabularies (the target groups a
//! zone waives the fee for, a stall's amenities): one shape for every such list on the desk.

use getima_domain::codes::households::Label;
use getima_domain::stalls::{Amenity, TargetGroup};
use getima_ui::prefs::label;
use leptos::prelude::*;

/// A vocabulary ticked as checkboxes: its words in their fixed order, each with its name on
/// the wire and its words in both languages.
pub trait Vocabulary: Copy + PartialEq + Send + Sync + 'static {
    const ALL: &'static [Self];
    fn wire(self) -> &'static str;
    fn words(self) -> Label;
}

impl Vocabulary for TargetGroup {
    const ALL: &'static [Self] = TargetGroup::ALL;
    fn wire(self) -> &'static str {
        self.as_str()
    }
    fn words(self) -> Label {
        self.label()
    }
}

impl Vocabulary for Amenity {
    const ALL: &'static [Self] = Amenity::ALL;
    fn wire(self) -> &'static str {
        self.as_str()
    }
    fn words(self) -> Label {
        self.label()
    }
}

/// Every word of `T` as a checkbox under `legend`; `picked` holds those ticked, kept in the
/// vocabulary's order so what is saved does not depend on the order of taps. Each box's test
/// id is `<form><wire name>`.
#[component]
pub fn Choices<T: Vocabulary>(
    form: String,
    legend: impl Fn() -> &'static str + Send + Sync + 'static,
    picked: RwSignal<Vec<T>>,
) -> impl IntoView {
    let boxes = T::ALL
        .iter()
        .map(|&word| {
            let toggle = move |on: bool| {
                picked.update(|p| {
                    *p = T::ALL.iter().copied().filter(|w| if *w == word { on } else { p.contains(w) }).collect()
                })
            };
            view! {
                <label class="choice">
                    <input
                        type="checkbox"
                        data-testid=format!("{form}{}", word.wire())
                        prop:checked=move || picked.get().contains(&word)
                        on:change=move |ev| toggle(event_target_checked(&ev))
                    />
                    {label(word.words())}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="choices">
            <legend class="form__label">{legend}</legend>
            {boxes}
        </fieldset>
    }
}
