//! Getima's public bundle: what a scan opens. The home page, a business code's page and its
//! poster, kept small so a phone on a slow link shows them quickly.

mod codes;
mod home;
mod poster;
mod poster_image;
mod services;

use getima_domain::routes::Route;
use getima_ui::chrome::NotFound;
use getima_ui::links::route;
use leptos::prelude::*;

fn main() {
    getima_ui::boot(App);
}

#[component]
fn App() -> impl IntoView {
    getima_ui::wechat::sign_in();
    match route() {
        Some(Route::Home) => view! { <home::Home /> }.into_any(),
        Some(Route::Code(code)) => view! { <codes::CodePage code /> }.into_any(),
        Some(Route::Poster(code)) => view! { <poster::PosterPage code /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}
