//! Getima's desk bundle: the work screens of staff, department heads, market managers and
//! admins, each behind its role.

mod appeals;
mod audit;
mod calendar;
mod home;
mod inspections;
mod market;
mod registration;

use registration::catalogue;

use getima_domain::routes::Route;
use getima_ui::chrome::NotFound;
use getima_ui::links::route;
use leptos::prelude::*;

fn main() {
    getima_ui::boot(App);
}

#[component]
fn App() -> impl IntoView {
    match route() {
        Some(Route::Desk) => view! { <home::DeskHome /> }.into_any(),
        Some(Route::DeskAudit) => view! { <audit::AuditPage /> }.into_any(),
        Some(Route::DeskCalendar) => view! { <calendar::CalendarPage /> }.into_any(),
        Some(Route::DeskCatalogue) => view! { <catalogue::CataloguePage /> }.into_any(),
        Some(Route::DeskRegistration) => view! { <registration::RegistrationDeskPage /> }.into_any(),
        Some(Route::DeskAppeals) => view! { <appeals::AppealsDeskPage /> }.into_any(),
        Some(Route::Inspect(code)) => view! { <inspections::InspectPage code /> }.into_any(),
        Some(Route::DeskMarket(market)) => match market.parse::<i64>() {
            Ok(market) => view! { <market::MarketDeskPage market /> }.into_any(),
            Err(_) => view! { <NotFound /> }.into_any(),
        },
        _ => view! { <NotFound /> }.into_any(),
    }
}
