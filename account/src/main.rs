//! Getima's account bundle: signing in, and the signed-in person's own screens.

mod accounts;
mod appeals;
mod registration;
mod stalls;

use accounts::{dev, me, policies, sign_in};
use registration::{applications, apply, changes, stats};

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
        Some(Route::SignIn) => view! { <sign_in::SignInPage /> }.into_any(),
        Some(Route::Privacy) => view! { <policies::PrivacyPage /> }.into_any(),
        Some(Route::Terms) => view! { <policies::TermsPage /> }.into_any(),
        Some(Route::Me) => view! { <me::MePage /> }.into_any(),
        Some(Route::DevInbox) => view! { <dev::DevInboxPage /> }.into_any(),
        Some(Route::Register) => view! { <registration::GuidesPage /> }.into_any(),
        Some(Route::RegisterBundle(slug)) => view! { <registration::GuidePage slug=slug /> }.into_any(),
        Some(Route::RegistrationStats) => view! { <stats::StatsPage /> }.into_any(),
        Some(Route::Apply(slug)) => view! { <apply::ApplyPage slug=slug /> }.into_any(),
        Some(Route::HouseholdApply(uscc)) => view! { <changes::HouseholdApplyPage uscc /> }.into_any(),
        Some(Route::MyApplications) => view! { <applications::MyApplicationsPage /> }.into_any(),
        Some(Route::HouseholdAppeal(uscc)) => view! { <appeals::HouseholdAppealPage uscc /> }.into_any(),
        Some(Route::MyAppeals) => view! { <appeals::MyAppealsPage /> }.into_any(),
        Some(Route::MyAppeal(appeal)) => view! { <appeals::MyAppealPage appeal /> }.into_any(),
        Some(Route::StallMarkets) => view! { <stalls::StallMarketsPage /> }.into_any(),
        Some(Route::MarketStalls(market)) => view! { <stalls::MarketStallsPage market /> }.into_any(),
        Some(Route::StallLottery(lottery)) => view! { <stalls::StallLotteryPage lottery /> }.into_any(),
        Some(Route::MyStalls) => view! { <stalls::MyStallsPage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}
