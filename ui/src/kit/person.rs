//! A person's name, ID number and mobile number as every form asks for them (an operator, a
//! food safety manager, a new operator): one shape, each field's message beside it.

use crate::api::Failure;
use crate::forms::TextInput;
use crate::prefs::{Lang, use_prefs};
use leptos::prelude::*;

/// What is typed about a person.
#[derive(Clone, Copy)]
pub struct PersonFields {
    pub name: RwSignal<String>,
    pub id_number: RwSignal<String>,
    pub phone: RwSignal<String>,
}

impl PersonFields {
    /// Empty but for the name (a draft keeps names, never ID numbers or phones).
    pub fn new(name: String) -> Self {
        Self { name: RwSignal::new(name), id_number: RwSignal::new(String::new()), phone: RwSignal::new(String::new()) }
    }
}

/// A field's label: whose it is, then what it is (`经营者` + `姓名`, `Operator's ` + `name`).
pub fn whose_label(who: (&'static str, &'static str), what: (&'static str, &'static str), lang: Lang) -> String {
    match lang {
        Lang::En => format!("{}{}", who.1, what.1),
        _ => format!("{}{}", who.0, what.0),
    }
}

/// The three fields, ids `<form><part><field>`.
#[component]
pub fn PersonInputs(
    form: &'static str,
    /// What the request nests the person under (`food_safety_manager.`), or empty.
    part: &'static str,
    /// The name field's name where the request does not call it `<part>name`.
    #[prop(optional)]
    name_field: Option<&'static str>,
    /// Whose fields they are, as the labels begin.
    who: (&'static str, &'static str),
    person: PersonFields,
    failure: Signal<Option<Failure>>,
    #[prop(optional)] required: bool,
    /// The person is the one at the phone: the browser may fill in their name and number.
    #[prop(optional)]
    own: bool,
    #[prop(default = None, into)] phone_hint: Option<Signal<String>>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let label = move |zh: &'static str, en: &'static str| move || whose_label(who, (zh, en), lang.get());
    let name_field = name_field.map_or_else(|| format!("{part}name"), str::to_string);
    let autocomplete = move |what| if own { what } else { "off" };
    view! {
        <TextInput
            form
            field=name_field
            label=label("姓名", "name")
            value=person.name
            failure
            max=30
            required
            autocomplete=autocomplete("name")
        />
        <TextInput
            form
            field=format!("{part}id_number")
            label=label("身份证号", "ID number")
            value=person.id_number
            failure
            max=18
            required
            autocomplete="off"
            class="mono"
        />
        <TextInput
            form
            field=format!("{part}phone")
            label=label("手机号", "mobile number")
            value=person.phone
            failure
            max=20
            required
            kind="tel"
            inputmode="tel"
            autocomplete=autocomplete("tel")
            hint=phone_hint
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_says_whose_field_it_is_in_the_chosen_language() {
        let who = ("新经营者", "New operator's ");
        assert_eq!(whose_label(who, ("身份证号", "ID number"), Lang::Zh), "新经营者身份证号");
        assert_eq!(whose_label(who, ("身份证号", "ID number"), Lang::En), "New operator's ID number");
    }
}
