//! Opening a business code by hand: the short code on a poster, the credit code on a licence,
//! or a whole scanned link pasted in. The public home page opens the code's page; the desk
//! opens its inspections.

use crate::api::{self, Failure};
use crate::chrome::ErrorNote;
use crate::links::go;
use crate::prefs::tr;
use crate::scan::ScanButton;
use getima_domain::api::{LookupQuery, endpoints};
use getima_domain::codes::CodeToken;
use leptos::prelude::*;

/// The scan button where the phone can scan, and for when it cannot: the short code on a
/// poster, the credit code on a licence, or a whole scanned link pasted in.
#[component]
pub fn CodeEntry(open: fn(&str) -> String) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let find = Action::new_local(move |typed: &String| {
        let typed = typed.trim().to_string();
        async move {
            // A whole scanned URL or token opens directly; anything else is looked up.
            let code = match CodeToken::read_link(&typed) {
                Ok(token) => token.to_string(),
                Err(_) => api::call(&endpoints::LookupCode {}, &LookupQuery { q: typed }).await?.code,
            };
            go(&open(&code));
            Ok::<(), Failure>(())
        }
    });
    let failure = Signal::derive(move || find.value().get().and_then(Result::err));
    view! {
        <ScanButton open=open />
        <form
            class="entry"
            on:submit=move |ev| {
                ev.prevent_default();
                find.dispatch(text.get_untracked());
            }
        >
            <input
                type="text"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck="false"
                data-testid="code-entry"
                aria-label=tr("个体码或统一社会信用代码", "Business code or credit code")
                placeholder=tr("输入海报上的个体码或信用代码", "Code from the poster, or credit code")
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            />
            <button
                type="submit"
                disabled=move || find.pending().get()
                aria-busy=move || find.pending().get().to_string()
            >
                {tr("核验", "Check")}
            </button>
        </form>
        <ErrorNote failure=failure />
    }
}
