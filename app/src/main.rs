//! Getima's front end: a client-side rendered Leptos app for phones and mini-program
//! web-views.

mod api;
mod host;
mod pages;
mod prefs;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

fn main() {
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    host::mark_document();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    prefs::provide();
    view! {
        <Router>
            <Routes fallback=pages::NotFound>
                <Route path=path!("/") view=pages::home::Home />
                <Route path=path!("/c/:code") view=pages::codes::CodePage />
                <Route path=path!("/c/:code/poster") view=pages::poster::PosterPage />
            </Routes>
        </Router>
    }
}
