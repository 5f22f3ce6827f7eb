//! Getima's public bundle: what a scan opens. The home page, a business code's page and its
//! poster, kept small so a phone on a slow link shows them quickly.

mod codes;
mod home;
mod poster;
mod services;

use getima_ui::chrome::NotFound;
use getima_ui::links::path_segments;
use leptos::prelude::*;

fn main() {
    getima_ui::boot(App);
}

#[component]
fn App() -> impl IntoView {
    getima_ui::session::wechat_sign_in();
    let segments = path_segments();
    match segments.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [] => view! { <home::Home /> }.into_any(),
        ["c", code] => view! { <codes::CodePage code=code.to_string() /> }.into_any(),
        ["c", code, "poster"] => view! { <poster::PosterPage code=code.to_string() /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}
