//! Forms: what is wrong with a field, in the viewer's language, next to the field, for every
//! bad field at once; and checks made on the phone before anything is sent.

use crate::api::Failure;
use crate::prefs::{Lang, tr, use_prefs};
use getima_domain::api::{ApiError, FieldError};
use getima_domain::appeals::MAX_REPLY_CHARS;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A problem found on the phone, reported the way the API reports one.
pub fn problem(field: &str, zh: &str, en: &str) -> Failure {
    Failure::Api(ApiError::invalid(field, zh, en))
}

/// What `failure` says about `field`, if anything.
pub fn about(failure: Signal<Option<Failure>>, field: impl Into<String>) -> Signal<Option<FieldError>> {
    let field = field.into();
    Signal::derive(move || match failure.get() {
        Some(Failure::Api(e)) => e.fields.into_iter().find(|f| f.field == field),
        _ => None,
    })
}

/// The message for `field`, right under it; its id is `<form><field>-error` (`form` tells
/// apart forms on one page), for the field's `aria-describedby`. Fields of a list are named
/// by their place in it (`carry_over[1].name`).
#[component]
pub fn FieldNote(
    failure: Signal<Option<Failure>>,
    #[prop(into)] field: String,
    #[prop(optional, into)] form: String,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let problem = about(failure, field.clone());
    move || {
        problem.get().map(|p| {
            let text = if lang.get() == Lang::En { p.message_en } else { p.message_zh };
            view! {
                <p
                    class="field__error"
                    role="alert"
                    id=format!("{form}{field}-error")
                    data-testid=format!("{form}{field}-error")
                >
                    {text}
                </p>
            }
        })
    }
}

/// Marks a field's label as required: an asterisk to see (screen readers hear the field's
/// `aria-required` instead).
#[component]
pub fn Required() -> impl IntoView {
    view! {
        <span class="required" aria-hidden="true">
            "*"
        </span>
    }
}

/// Goes to the field with id `id`: scrolled to the middle of the screen, so its label and
/// message show above the keyboard, and focused.
pub fn focus_field(id: &str) {
    let Some(element) = document().get_element_by_id(id) else { return };
    let at_middle = web_sys::ScrollIntoViewOptions::new();
    at_middle.set_block(web_sys::ScrollLogicalPosition::Center);
    element.scroll_into_view_with_scroll_into_view_options(&at_middle);
    if let Ok(field) = element.dyn_into::<web_sys::HtmlElement>() {
        let still = web_sys::FocusOptions::new();
        still.set_prevent_scroll(true);
        let _ = field.focus_with_options(&still);
    }
}

/// Whether the field a refusal names (`carry_over[1].name`, `food_safety_manager.phone`) is
/// `field` or a part of it.
fn part_of(named: &str, field: &str) -> bool {
    named.strip_prefix(field).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// After a refusal naming fields, goes to the first of `order` (field names, in the order the
/// form shows them; `<form><field>` is its id) it names, once the messages are on screen.
pub fn go_to_first_problem(failure: &Failure, form: &'static str, order: &[&'static str]) {
    let Failure::Api(error) = failure else { return };
    let named = |field: &str| error.fields.iter().any(|f| part_of(&f.field, field));
    if let Some(first) = order.iter().find(|field| named(field)) {
        let id = format!("{form}{first}");
        request_animation_frame(move || focus_field(&id));
    }
}

/// Under a form's send button, what a refusal names: each bad field by its label, each a tap
/// away (the messages sit beside the fields); any other failure said plainly. `labels` are the
/// form's fields in order, `(field, zh, en)`.
#[component]
pub fn FormProblems(
    failure: Signal<Option<Failure>>,
    form: &'static str,
    labels: Signal<Vec<(&'static str, &'static str, &'static str)>>,
) -> impl IntoView {
    let lang = use_prefs().lang;
    // Only a refusal whose every field is on the form is said as a list of them; anything else
    // (a stale page's key, say) is said in words.
    let named = move || match failure.get() {
        Some(Failure::Api(error)) if !error.fields.is_empty() => {
            let labels = labels.get();
            let on_form = |name: &str| labels.iter().any(|(field, ..)| part_of(name, field));
            let wrong = |field: &str| error.fields.iter().any(|f| part_of(&f.field, field));
            error
                .fields
                .iter()
                .all(|f| on_form(&f.field))
                .then(|| labels.iter().copied().filter(|(field, ..)| wrong(field)).collect::<Vec<_>>())
        }
        _ => None,
    };
    move || match named() {
        Some(fields) if !fields.is_empty() => {
            let count = fields.len();
            view! {
                <div class="form-problems" role="alert" data-testid="form-problems">
                    <p>
                        {move || {
                            if lang.get() == Lang::En {
                                format!("{count} to put right — tap one to go to it:")
                            } else {
                                format!("有 {count} 处需要修改，点击可跳到该处：")
                            }
                        }}
                    </p>
                    <ul>
                        {fields
                            .into_iter()
                            .map(|(field, zh, en)| {
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="link"
                                            data-testid=format!("go-to-{field}")
                                            on:click=move |_| focus_field(&format!("{form}{field}"))
                                        >
                                            {tr(zh, en)}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
            .into_any()
        }
        _ => view! { <crate::chrome::ErrorNote failure /> }.into_any(),
    }
}

/// `aria-invalid` for a field: whether `failure` says something about it.
pub fn invalid(failure: Signal<Option<Failure>>, field: impl Into<String>) -> impl Fn() -> String + Copy {
    let problem = about(failure, field);
    move || problem.get().is_some().to_string()
}

/// How many characters of `max` are used (counted as the server counts: trimmed), shown next
/// to a limited field and marked once over, so nothing is cut off unseen.
#[component]
pub fn Counter(text: Signal<String>, max: usize, id: &'static str) -> impl IntoView {
    let used = move || text.get().trim().chars().count();
    let over = move || used() > max;
    view! {
        <p class="form__hint counter" class:counter--over=over id=id>
            {move || format!("{}/{max}", used())}
        </p>
    }
}

/// A fresh key for one submission (32 hex digits from the runtime's random source): sent
/// with every retry of that submission, so the server files it once. Read from the global
/// scope, not `window`, as forms are also drawn by the Worker (`first`), which has none.
pub fn submission_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .ok()
        .and_then(|crypto| crypto.dyn_into::<web_sys::Crypto>().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        bytes.iter_mut().for_each(|b| *b = (js_sys::Math::random() * 256.0) as u8);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A multi-line field with its label and its message beside it; its id is `<form><field>`
/// (`form` tells apart forms on one page) and the browser keeps it to `max` characters.
#[component]
pub fn TextArea(
    #[prop(into)] form: String,
    #[prop(into)] field: String,
    #[prop(into)] label: ViewFn,
    value: RwSignal<String>,
    failure: Signal<Option<Failure>>,
    max: usize,
) -> impl IntoView {
    let id = format!("{form}{field}");
    view! {
        <label class="form__label" for=id.clone()>
            {move || label.run()}
        </label>
        <textarea
            id=id.clone()
            maxlength=max
            aria-invalid=invalid(failure, field.clone())
            aria-describedby=format!("{id}-error")
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        ></textarea>
        <FieldNote failure field form />
    }
}

/// A text kept in both languages: `<field>_zh` and `<field>_en`, each with its label and
/// limit (`labels` and `max` in that order), one line each or, with `area`, several.
#[component]
pub fn BilingualText(
    form: String,
    field: &'static str,
    labels: [(&'static str, &'static str); 2],
    values: [RwSignal<String>; 2],
    failure: Signal<Option<Failure>>,
    max: [usize; 2],
    #[prop(optional)] area: bool,
) -> impl IntoView {
    ["zh", "en"]
        .into_iter()
        .zip(labels.into_iter().zip(values.into_iter().zip(max)))
        .map(|(lang, ((zh, en), (value, max)))| {
            let (form, field, label) = (form.clone(), format!("{field}_{lang}"), tr(zh, en));
            if area {
                view! { <TextArea form field label value failure max /> }.into_any()
            } else {
                view! { <TextInput form field label value failure max /> }.into_any()
            }
        })
        .collect_view()
}

/// A one-line text field with its label and, under it, its message: the same shape as
/// [`TextArea`], for names, ID numbers, phones, amounts and sources. Its id is `<form><field>`
/// unless `id` names another; its message's id is `<form><field>-error` either way. `field`
/// may be built at run time (`food_safety_manager.phone`).
#[component]
pub fn TextInput(
    #[prop(into)] form: String,
    #[prop(into)] field: String,
    #[prop(into)] label: ViewFn,
    value: RwSignal<String>,
    failure: Signal<Option<Failure>>,
    /// How many characters the browser takes, where the field has a limit.
    #[prop(optional)]
    max: Option<usize>,
    /// The input's `type`.
    #[prop(default = "text")]
    kind: &'static str,
    /// The keyboard a phone opens (`decimal` for amounts: a number field would drop the point).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// The element's id, where a form has long used another than `<form><field>`.
    #[prop(optional, into)]
    id: Option<String>,
    /// Marks the label with an asterisk and the field `aria-required`.
    #[prop(optional)]
    required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] autocapitalize: Option<&'static str>,
    #[prop(optional)] class: Option<&'static str>,
    /// A line between the label and the field, read with the field.
    #[prop(default = None, into)]
    hint: Option<Signal<String>>,
) -> impl IntoView {
    let named = format!("{form}{field}");
    let id = id.unwrap_or_else(|| named.clone());
    let described = described_by(&named, hint.is_some().then_some(id.as_str()));
    let problem = about(failure, field.clone());
    view! {
        <label class="form__label" for=id.clone()>
            {move || label.run()}
            {required.then(|| view! { <Required /> })}
        </label>
        {hint
            .map(|hint| {
                view! {
                    <p class="form__hint" id=format!("{id}-hint")>
                        {hint}
                    </p>
                }
            })}
        <input
            id=id.clone()
            type=kind
            inputmode=inputmode
            autocomplete=autocomplete
            autocapitalize=autocapitalize
            class=class
            maxlength=max
            aria-required=required.then_some("true")
            aria-invalid=move || problem.get().is_some().to_string()
            aria-describedby=described
            data-testid=id.clone()
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        />
        <FieldNote failure field form />
    }
}

/// A choice from a list with its label and its message: `children` are the options; the
/// chosen one's value goes to `value`. Its id is `<form><field>`.
#[component]
pub fn SelectField(
    #[prop(into)] form: String,
    #[prop(into)] field: String,
    #[prop(into)] label: ViewFn,
    value: RwSignal<String>,
    failure: Signal<Option<Failure>>,
    #[prop(optional)] testid: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let id = format!("{form}{field}");
    view! {
        <label class="form__label" for=id.clone()>
            {move || label.run()}
        </label>
        <select
            id=id.clone()
            data-testid=testid
            aria-invalid=invalid(failure, field.clone())
            aria-describedby=format!("{id}-error")
            on:change=move |ev| value.set(event_target_value(&ev))
        >
            {children()}
        </select>
        <FieldNote failure field form />
    }
}

/// What a field's `aria-describedby` lists: its message (`<form><field>-error`) and, when it
/// has one, the hint beside it (`<id>-hint`).
pub fn described_by(named: &str, hinted: Option<&str>) -> String {
    match hinted {
        Some(id) => format!("{named}-error {id}-hint"),
        None => format!("{named}-error"),
    }
}

/// A button that is disabled and marked busy while `pending`, saying `busy_label` then:
/// a form's submit button by default, or any other step (`kind="button"`, `on_press`).
#[component]
pub fn BusyButton(
    #[prop(into)] pending: Signal<bool>,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    #[prop(optional)] testid: Option<&'static str>,
    /// `weui-btn_primary` unless the step is a secondary one.
    #[prop(default = "weui-btn weui-btn_primary")]
    class: &'static str,
    #[prop(default = "submit")] kind: &'static str,
    /// What it says while busy; "正在提交…" unless the step has its own word.
    #[prop(optional)]
    busy_label: Option<(&'static str, &'static str)>,
    #[prop(optional)] on_press: Option<Callback<()>>,
) -> impl IntoView {
    let (busy_zh, busy_en) = busy_label.unwrap_or(("正在提交…", "Sending…"));
    let busy_text = tr(busy_zh, busy_en);
    view! {
        <button
            class=class
            type=kind
            data-testid=testid
            disabled=move || pending.get()
            aria-busy=move || pending.get().to_string()
            on:click=move |_| {
                if let Some(press) = on_press {
                    press.run(());
                }
            }
        >
            {move || if pending.get() { busy_text() } else { label() }}
        </button>
    }
}

/// A form that hands its submission to `on_submit` instead of loading another page.
#[component]
pub fn Form(
    #[prop(default = "form")] class: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
    on_submit: Callback<()>,
    children: Children,
) -> impl IntoView {
    view! {
        <form
            class=class
            data-testid=testid
            on:submit=move |ev| {
                ev.prevent_default();
                on_submit.run(());
            }
        >
            {children()}
        </form>
    }
}

/// A form's submit button: disabled and marked busy while `pending`, saying so.
#[component]
pub fn SubmitButton(
    #[prop(into)] pending: Signal<bool>,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    testid: &'static str,
) -> impl IntoView {
    view! { <BusyButton pending label testid /> }
}

/// A step that takes one text, folded behind its summary until wanted (a list of appeals stays
/// a list on a small screen): the text with its label and message, a send button that shows it
/// is busy, and what went wrong. `field` is the text's name in the request; `send` sends the
/// text, which is cleared once it has gone.
#[component]
pub fn FoldedTextForm<F, Fut>(
    testid: &'static str,
    #[prop(into)] summary: Signal<String>,
    form: String,
    field: &'static [&'static str; 1],
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    send_label: impl Fn() -> &'static str + Send + Sync + 'static,
    send_testid: &'static str,
    send: F,
) -> impl IntoView
where
    F: Fn(String) -> Fut + 'static,
    Fut: Future<Output = Result<(), Failure>> + 'static,
{
    let value = RwSignal::new(String::new());
    let act = Action::new_local(move |text: &String| {
        let sent = send(text.clone());
        async move {
            sent.await?;
            value.set(String::new());
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || act.value().get().and_then(Result::err));
    view! {
        <details class="timeline" data-testid=testid>
            <summary>{summary}</summary>
            <Form
                class="decision"
                on_submit=Callback::new(move |()| {
                    act.dispatch(value.get_untracked());
                })
            >
                <TextArea form field=field[0] label value failure max=MAX_REPLY_CHARS />
                <SubmitButton pending=act.pending() label=send_label testid=send_testid />
                <crate::chrome::ErrorNote failure beside=field />
            </Form>
        </details>
    }
}

/// A score of 1 to 5 as five large stars (radio buttons named `name`), lit up to the choice.
#[component]
pub fn Stars(score: RwSignal<u8>, name: String) -> impl IntoView {
    view! {
        <div class="stars">
            {(1..=5u8)
                .map(|n| {
                    view! {
                        <label class="star" class:star--on=move || n <= score.get()>
                            <input
                                type="radio"
                                name=name.clone()
                                value=n
                                prop:checked=move || score.get() == n
                                on:change=move |_| score.set(n)
                            />
                            <span aria-hidden="true">"★"</span>
                            <span class="visually-hidden">{n} {tr(" 分", " of 5")}</span>
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_described_by_its_message_and_its_hint_when_it_has_one() {
        assert_eq!(described_by("apply-phone", None), "apply-phone-error");
        assert_eq!(described_by("apply-phone", Some("apply-phone")), "apply-phone-error apply-phone-hint");
    }

    #[test]
    fn a_refusal_naming_a_part_of_a_field_counts_for_the_field() {
        assert!(part_of("carry_over[1].name", "carry_over"));
        assert!(part_of("food_safety_manager.phone", "food_safety_manager"));
        assert!(part_of("uscc", "uscc"));
        assert!(!part_of("uscc_extra", "uscc"));
    }
}
