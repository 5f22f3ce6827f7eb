//! A department's work queue as staff see it on the desk: the department they work in (and,
//! for its head, the colleagues work can be handed to), the queue's heading, what it says when
//! the account has no department, and how many are waiting.

use crate::api::Failure;
use crate::chrome::{ErrorNote, Loading};
use crate::prefs::{either, named, tr};
use crate::session::use_session;
use getima_domain::accounts::Role;
use getima_domain::api::{Colleague, Named, endpoints};
use leptos::prelude::*;

/// The department the signed-in person works in and, for its head, its staff.
#[derive(Clone, Copy)]
pub struct DepartmentDesk {
    pub department: Memo<Option<Named>>,
    /// Loaded for heads only; everyone else never asks for it.
    pub colleagues: LocalResource<Option<Vec<Colleague>>>,
}

impl DepartmentDesk {
    pub fn new() -> Self {
        let session = use_session();
        let department = Memo::new(move |_| session.me().and_then(|me| me.department));
        let colleagues = LocalResource::new(move || {
            let dept = department.get().filter(|_| session.has_any(&[Role::DepartmentHead])).map(|d| d.code);
            async move {
                let dept = dept?;
                session.call(&endpoints::ListColleagues { dept }, &()).await.ok().map(|c| c.colleagues)
            }
        });
        Self { department, colleagues }
    }

    /// The department's code as it is now (empty before anyone is signed in).
    pub fn code(&self) -> String {
        self.department.get_untracked().map(|d| d.code).unwrap_or_default()
    }

    /// The colleagues, once loaded (none for staff who are not the head).
    pub fn colleague_list(&self) -> Signal<Vec<Colleague>> {
        let colleagues = self.colleagues;
        Signal::derive(move || colleagues.get().flatten().unwrap_or_default())
    }
}

impl Default for DepartmentDesk {
    fn default() -> Self {
        Self::new()
    }
}

/// The queue's heading: the department's name and how the queue is ordered.
#[component]
pub fn QueueIntro(department: Memo<Option<Named>>, about: (&'static str, &'static str)) -> impl IntoView {
    view! {
        <section class="intro">
            <h1>{move || department.get().map(named)}</h1>
            <p>{tr(about.0, about.1)}</p>
        </section>
    }
}

/// Said where the account belongs to no department, so has no queue.
#[component]
pub fn NoDepartment() -> impl IntoView {
    view! {
        <p class="notice">
            {tr(
                "您的账号未归属任何部门，请联系管理员。",
                "Your account belongs to no department; ask an admin.",
            )}
        </p>
    }
}

/// A queue's list once it answers the filters now `asked`, or what shows meanwhile: a spinner
/// while it loads, [`NoDepartment`], or the failure. The list for filters chosen before goes
/// the moment others are chosen (or a number typed), rather than being swapped from under a
/// finger when the new one comes.
pub fn answered<Q: PartialEq, T>(loaded: Option<Option<(Q, Result<T, Failure>)>>, asked: &Q) -> Result<T, AnyView> {
    match loaded {
        None => Err(view! { <Loading /> }.into_any()),
        Some(Some((listed, _))) if listed != *asked => Err(view! { <Loading /> }.into_any()),
        Some(None) => Err(view! { <NoDepartment /> }.into_any()),
        Some(Some((_, Err(failure)))) => Err(view! { <ErrorNote failure=Signal::stored(Some(failure)) /> }.into_any()),
        Some(Some((_, Ok(list)))) => Ok(list),
    }
}

/// How many are waiting, in both languages: all of them, or the most urgent `shown` first
/// when the list is cut short.
pub fn total_words(total: u32, shown: Option<usize>) -> (String, String) {
    if let Some(shown) = shown.filter(|&shown| usize::try_from(total).is_ok_and(|t| t > shown)) {
        (format!("共 {total} 件，先显示最紧的 {shown} 件"), format!("{total} in all; the {shown} most urgent first"))
    } else {
        (format!("共 {total} 件"), format!("{total} in all"))
    }
}

/// The line above a queue saying how many are waiting; `shown` where the list may be cut short.
#[component]
pub fn QueueTotal(total: u32, #[prop(optional)] shown: Option<usize>) -> impl IntoView {
    let (zh, en) = total_words(total, shown);
    view! {
        <p class="form__hint cal-summary" data-testid="queue-total">
            {either(zh, en)}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_queue_says_how_many_in_all() {
        assert_eq!(total_words(3, Some(3)), ("共 3 件".to_string(), "3 in all".to_string()));
    }

    #[test]
    fn a_queue_cut_short_says_the_most_urgent_come_first() {
        let (zh, en) = total_words(120, Some(50));
        assert_eq!(zh, "共 120 件，先显示最紧的 50 件");
        assert_eq!(en, "120 in all; the 50 most urgent first");
        assert_eq!(total_words(120, None).1, "120 in all");
    }
}
