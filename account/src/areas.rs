//! Which pages each bundle of this crate mounts (getima_domain::bundles): a route of
//! another bundle never reaches these, as the Worker serves each path its own bundle.

use crate::accounts::{dev, me, policies, sign_in};
use crate::registration::{applications, apply, changes, stats};
use crate::{appeals, registration, stalls};
use getima_domain::api::endpoints;
use getima_domain::routes::Route;
use getima_ui::chrome::NotFound;
use getima_ui::first::FirstRecords;
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

/// The records of a page of this crate that the Worker draws into the page it answers.
pub fn first_records(route: &Route) -> Option<FirstRecords> {
    match route {
        Route::Privacy => Some(FirstRecords::fixed(policies::privacy_text)),
        Route::Terms => Some(FirstRecords::fixed(policies::terms_text)),
        Route::DevInbox => {
            Some(FirstRecords::of(&endpoints::ReadDevInbox {}, |inbox| view! { <dev::Messages inbox /> }))
        }
        Route::Register => {
            Some(FirstRecords::of(&endpoints::ListBundles {}, |list| view! { <registration::BundleList list /> }))
        }
        Route::RegisterBundle(slug) => {
            Some(FirstRecords::of(&endpoints::GetBundle { bundle: slug.clone() }, |notice| {
                view! { <registration::Notice notice /> }
            }))
        }
        Route::RegistrationStats => {
            Some(FirstRecords::of(&endpoints::GetRegistrationStats {}, stats::registration_departments))
        }
        Route::StallMarkets => {
            Some(FirstRecords::of(&endpoints::ListStallMarkets {}, |list| view! { <stalls::MarketList list /> }))
        }
        Route::StallLottery(lottery) => {
            let lottery = lottery.parse().ok()?;
            Some(FirstRecords::of(&endpoints::GetLottery { lottery }, |lottery| {
                view! { <stalls::lottery::LotteryDetails lottery /> }
            }))
        }
        Route::MyApplications => Some(FirstRecords::of(&endpoints::ListMyApplications {}, |list| {
            applications::my_applications(list, Callback::new(|()| {}))
        })),
        Route::MyAppeals => Some(FirstRecords::of(&endpoints::ListMyAppeals {}, appeals::my_appeals)),
        Route::MyAppeal(appeal) => {
            let appeal = appeal.parse().ok()?;
            Some(FirstRecords::of(&endpoints::GetMyAppeal { appeal }, |appeal| {
                view! { <appeals::AppealCard appeal whole=true /> }
            }))
        }
        Route::MyStalls => Some(FirstRecords::of(&endpoints::ListMyStallBookings {}, |mine| {
            stalls::mine::my_stalls(mine, Callback::new(|()| {}))
        })),
        _ => None,
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
