//! Getima's account bundle: signing in, and the signed-in person's own screens.

mod dev;
mod me;
mod sign_in;

use getima_ui::chrome::NotFound;
use getima_ui::links::path_segments;
use leptos::prelude::*;

fn main() {
    getima_ui::boot(App);
}

#[component]
fn App() -> impl IntoView {
    getima_ui::session::wechat_sign_in();
    match path_segments().iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["sign-in"] => view! { <sign_in::SignInPage /> }.into_any(),
        ["me"] => view! { <me::MePage /> }.into_any(),
        ["dev", "inbox"] => view! { <dev::DevInboxPage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}
