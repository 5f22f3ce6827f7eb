//! Which pages each bundle of this crate mounts (getima_domain::bundles): a route of
//! another bundle never reaches these, as the Worker serves each path its own bundle.

use crate::accounts::{dev, me, policies, sign_in};
use crate::registration::{applications, apply, changes, stats};
use crate::{appeals, registration, stalls};
use getima_domain::routes::Route;
use getima_ui::chrome::NotFound;
use getima_ui::links::route;
use leptos::prelude::*;

/// Signing in, the policies, the person's own page and the dev inbox.
#[component]
pub fn Account() -> impl IntoView {
    getima_ui::wechat::sign_in();
    match route() {
        Some(Route::SignIn) => view! { <sign_in::SignInPage /> }.into_any(),
        Some(Route::Privacy) => view! { <policies::PrivacyPage /> }.into_any(),
        Some(Route::Terms) => view! { <policies::TermsPage /> }.into_any(),
        Some(Route::Me) => view! { <me::MePage /> }.into_any(),
        Some(Route::DevInbox) => view! { <dev::DevInboxPage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

/// Registration in public: the guides and each department's statistics.
#[component]
pub fn Register() -> impl IntoView {
    getima_ui::wechat::sign_in();
    match route() {
        Some(Route::Register) => view! { <registration::GuidesPage /> }.into_any(),
        Some(Route::RegisterBundle(slug)) => view! { <registration::GuidePage slug=slug /> }.into_any(),
        Some(Route::RegistrationStats) => view! { <stats::StatsPage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

/// Applying to open or change a business, and a person's applications.
#[component]
pub fn Applications() -> impl IntoView {
    getima_ui::wechat::sign_in();
    match route() {
        Some(Route::Apply(slug)) => view! { <apply::ApplyPage slug=slug /> }.into_any(),
        Some(Route::HouseholdApply(uscc)) => view! { <changes::HouseholdApplyPage uscc /> }.into_any(),
        Some(Route::MyApplications) => view! { <applications::MyApplicationsPage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

/// Raising a problem about a business, and a person's appeals.
#[component]
pub fn Appeals() -> impl IntoView {
    getima_ui::wechat::sign_in();
    match route() {
        Some(Route::HouseholdAppeal(uscc)) => view! { <appeals::HouseholdAppealPage uscc /> }.into_any(),
        Some(Route::MyAppeals) => view! { <appeals::MyAppealsPage /> }.into_any(),
        Some(Route::MyAppeal(appeal)) => view! { <appeals::MyAppealPage appeal /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

/// Market stalls: the markets, a market's day, a lottery, a vendor's own stalls.
#[component]
pub fn Stalls() -> impl IntoView {
    getima_ui::wechat::sign_in();
    match route() {
        Some(Route::StallMarkets) => view! { <stalls::StallMarketsPage /> }.into_any(),
        Some(Route::MarketStalls(market)) => view! { <stalls::MarketStallsPage market /> }.into_any(),
        Some(Route::StallLottery(lottery)) => view! { <stalls::StallLotteryPage lottery /> }.into_any(),
        Some(Route::MyStalls) => view! { <stalls::MyStallsPage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}
