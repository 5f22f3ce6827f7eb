//! Getima's desk bundle: the work screens of staff, department heads, market managers and
//! admins, each behind its role.

mod audit;
mod calendar;
mod home;
mod inspections;

use getima_ui::chrome::NotFound;
use getima_ui::links::path_segments;
use leptos::prelude::*;

fn main() {
    getima_ui::boot(App);
}

#[component]
fn App() -> impl IntoView {
    match path_segments().iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["desk"] => view! { <home::DeskHome /> }.into_any(),
        ["desk", "audit"] => view! { <audit::AuditPage /> }.into_any(),
        ["desk", "calendar"] => view! { <calendar::CalendarPage /> }.into_any(),
        ["desk", "inspect", code] => view! { <inspections::InspectPage code=code.to_string() /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}
