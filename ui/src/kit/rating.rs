//! Rating a service once it is done (好差评): the score as five large stars, anything the
//! form adds (what was good or bad), a comment, and the send button; each message beside its
//! field. Registration applications and appeals both rate this way.

use crate::api::Failure;
use crate::chrome::ErrorNote;
use crate::forms::{FieldNote, Form, Stars, SubmitButton, TextArea};
use crate::prefs::tr;
use leptos::prelude::*;

/// What a rating form asks and says: its words, its ids and its limits.
#[derive(Clone, Copy)]
pub struct RatingWords {
    pub testid: &'static str,
    /// Above the stars.
    pub legend: (&'static str, &'static str),
    pub comment_max: usize,
    pub send: (&'static str, &'static str),
    pub send_testid: &'static str,
    /// The fields whose messages sit beside them rather than under the button.
    pub beside: &'static [&'static str],
}

#[component]
pub fn RatingForm(
    words: RatingWords,
    /// Tells apart the forms on one page: the fields' ids begin with it.
    form: String,
    /// The stars' radio group name.
    stars: String,
    score: RwSignal<u8>,
    comment: RwSignal<String>,
    failure: Signal<Option<Failure>>,
    #[prop(into)] pending: Signal<bool>,
    on_submit: Callback<()>,
    /// The stars are described by the score's message (an appeal's rating needs a star).
    #[prop(optional)]
    described: bool,
    /// Between the stars and the comment.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let described = described.then(|| format!("{form}score-error"));
    view! {
        <Form class="decision" testid=words.testid on_submit>
            <fieldset class="decision" aria-describedby=described>
                <legend class="form__label">{tr(words.legend.0, words.legend.1)}</legend>
                <Stars score name=stars />
            </fieldset>
            <FieldNote failure field="score" form=form.clone() />
            {children.map(|children| children())}
            <TextArea
                form
                field="comment"
                label=tr("想说的话（可不填）", "Anything to add (optional)")
                value=comment
                failure
                max=words.comment_max
            />
            <SubmitButton pending label=tr(words.send.0, words.send.1) testid=words.send_testid />
            <ErrorNote failure beside=words.beside />
        </Form>
    }
}
