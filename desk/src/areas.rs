//! Which pages each bundle of this crate mounts (getima_domain::bundles): a route of
//! another bundle never reaches these, as the Worker serves each path its own bundle.

use crate::registration::catalogue;
use crate::{appeals, audit, calendar, home, inspections, market, registration};
use getima_domain::api::endpoints;
use getima_domain::routes::Route;
use getima_ui::chrome::NotFound;
use getima_ui::first::FirstRecords;
use getima_ui::links::route;
use leptos::prelude::*;

/// The records of a page of this crate that the Worker draws into the page it answers.
pub fn first_records(route: &Route) -> Option<FirstRecords> {
    match route {
        Route::DeskAudit => Some(FirstRecords::of(&endpoints::ReadAudit {}, audit::newest)),
        Route::Inspect(code) => Some(FirstRecords::of(&endpoints::GetCodeProfile { code: code.clone() }, |profile| {
            view! { <inspections::Shop profile /> }
        })),
        _ => None,
    }
}

/// The desk's home, the audit log, the working-day calendar and inspections.
#[component]
pub fn Desk() -> impl IntoView {
    match route() {
        Some(Route::Desk) => view! { <home::DeskHome /> }.into_any(),
        Some(Route::DeskAudit) => view! { <audit::AuditPage /> }.into_any(),
        Some(Route::DeskCalendar) => view! { <calendar::CalendarPage /> }.into_any(),
        Some(Route::Inspect(code)) => view! { <inspections::InspectPage code /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

/// A department's registration tasks, and the catalogue an admin edits.
#[component]
pub fn DeskRegistration() -> impl IntoView {
    match route() {
        Some(Route::DeskRegistration) => view! { <registration::RegistrationDeskPage /> }.into_any(),
        Some(Route::DeskCatalogue) => view! { <catalogue::CataloguePage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

/// A department's appeals queue.
#[component]
pub fn DeskAppeals() -> impl IntoView {
    match route() {
        Some(Route::DeskAppeals) => view! { <appeals::AppealsDeskPage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

/// A market manager's desk.
#[component]
pub fn DeskMarkets() -> impl IntoView {
    match route() {
        Some(Route::DeskMarket(market)) => match market.parse::<i64>() {
            Ok(market) => view! { <market::MarketDeskPage market /> }.into_any(),
            Err(_) => view! { <NotFound /> }.into_any(),
        },
        _ => view! { <NotFound /> }.into_any(),
    }
}
