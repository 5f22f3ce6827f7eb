//! The app's pages: one list, read by each bundle to pick its page and by the sign-in page
//! to decide where `?next=` may lead.

use crate::accounts::{DESK_ROLES, Role};
use crate::bundles::Bundle;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    Code(String),
    Poster(String),
    SignIn,
    Privacy,
    Terms,
    Me,
    DevInbox,
    /// The registration guides: what one can apply for.
    Register,
    /// One guide: everything a bundle needs, said up front.
    RegisterBundle(String),
    /// The application form of a bundle that opens a business.
    Apply(String),
    /// Each department's registration work, in public.
    RegistrationStats,
    /// My applications, each with its tasks' countdowns and timeline.
    MyApplications,
    /// Applying to change, suspend, resume or close a business I own.
    HouseholdApply(String),
    /// Raising a problem (诉求) about a business I own.
    HouseholdAppeal(String),
    /// My appeals, each with its deadlines, answer, latest message and timeline.
    MyAppeals,
    /// One appeal of mine, with its whole thread (where notices about it lead).
    MyAppeal(String),
    /// The markets with stalls to book.
    StallMarkets,
    /// A market's day grid: book a stall or apply for a lottery.
    MarketStalls(String),
    /// A lottery in public, its draw re-run on the phone.
    StallLottery(String),
    /// My stall bookings, each with its QR pass, and my lottery applications.
    MyStalls,
    Desk,
    DeskAudit,
    DeskCalendar,
    /// A department's registration tasks, soonest deadline first, decided on the phone.
    DeskRegistration,
    /// The registration catalogue an admin edits: bundles, time limits, conditions.
    DeskCatalogue,
    /// A department's open appeals, soonest deadline first, taken and answered on the phone.
    DeskAppeals,
    /// A market for its manager: the day's occupancy, check-in by scan, walk-ins, no-shows,
    /// sessions, rules and lotteries.
    DeskMarket(String),
    Inspect(String),
}

impl Route {
    /// The page at these path segments (already percent-decoded), if there is one.
    pub fn parse(segments: &[&str]) -> Option<Self> {
        let one = |s: &str| s.to_string();
        Some(match segments {
            [] => Self::Home,
            ["c", code] => Self::Code(one(code)),
            ["c", code, "poster"] => Self::Poster(one(code)),
            ["sign-in"] => Self::SignIn,
            ["privacy"] => Self::Privacy,
            ["terms"] => Self::Terms,
            ["me"] => Self::Me,
            ["dev", "inbox"] => Self::DevInbox,
            ["register"] => Self::Register,
            ["register", "stats"] => Self::RegistrationStats,
            ["register", bundle] => Self::RegisterBundle(one(bundle)),
            ["register", bundle, "apply"] => Self::Apply(one(bundle)),
            ["me", "applications"] => Self::MyApplications,
            ["me", "households", uscc, "apply"] => Self::HouseholdApply(one(uscc)),
            ["me", "households", uscc, "appeal"] => Self::HouseholdAppeal(one(uscc)),
            ["me", "appeals"] => Self::MyAppeals,
            ["me", "appeals", appeal] => Self::MyAppeal(one(appeal)),
            ["me", "stalls"] => Self::MyStalls,
            ["stalls"] => Self::StallMarkets,
            ["stalls", "lotteries", lottery] => Self::StallLottery(one(lottery)),
            ["stalls", market] => Self::MarketStalls(one(market)),
            ["desk"] => Self::Desk,
            ["desk", "audit"] => Self::DeskAudit,
            ["desk", "calendar"] => Self::DeskCalendar,
            ["desk", "registration"] => Self::DeskRegistration,
            ["desk", "catalogue"] => Self::DeskCatalogue,
            ["desk", "appeals"] => Self::DeskAppeals,
            ["desk", "markets", market] => Self::DeskMarket(one(market)),
            ["desk", "inspect", code] => Self::Inspect(one(code)),
            _ => return None,
        })
    }

    pub fn bundle(&self) -> Bundle {
        match self {
            Self::Home | Self::Code(_) | Self::Poster(_) => Bundle::Public,
            Self::SignIn
            | Self::Privacy
            | Self::Terms
            | Self::Me
            | Self::DevInbox
            | Self::Register
            | Self::RegisterBundle(_)
            | Self::Apply(_)
            | Self::RegistrationStats
            | Self::MyApplications
            | Self::HouseholdApply(_)
            | Self::HouseholdAppeal(_)
            | Self::MyAppeals
            | Self::MyAppeal(_)
            | Self::StallMarkets
            | Self::MarketStalls(_)
            | Self::StallLottery(_)
            | Self::MyStalls => Bundle::Account,
            Self::Desk
            | Self::DeskAudit
            | Self::DeskCalendar
            | Self::DeskRegistration
            | Self::DeskCatalogue
            | Self::DeskAppeals
            | Self::DeskMarket(_)
            | Self::Inspect(_) => Bundle::Desk,
        }
    }
}

/// Where someone lands after signing in when nothing asked for a page: those with work to do
/// at their desk, everyone else on their own page.
pub fn landing(roles: &[Role]) -> &'static str {
    if roles.iter().any(|r| DESK_ROLES.contains(r)) { "/desk" } else { "/me" }
}

/// Where `?next=` may send someone after signing in: only a path of this app, written
/// plainly. A `next` that could reach another origin once a browser has resolved it
/// (`//host`, `/\host`, a tab or newline it would drop, an encoded slash or backslash), or
/// that names no page, is dropped.
pub fn safe_next(next: &str) -> Option<String> {
    let (path, query) = match next.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (next, None),
    };
    let plain_path = |c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '.' | '_' | '~');
    let plain_query = |c: char| c.is_ascii_graphic() && !matches!(c, '\\' | '#');
    let written_plainly = path.starts_with('/')
        && !path.starts_with("//")
        && path.chars().all(plain_path)
        && query.is_none_or(|q| q.chars().all(plain_query));
    if !written_plainly {
        return None;
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return None;
    }
    match Route::parse(&segments)? {
        Route::SignIn => None,
        _ => Some(next.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_serves_each_page_the_bundle_that_shows_it() {
        for path in [
            "/",
            "/c/abc",
            "/c/abc/poster",
            "/sign-in",
            "/privacy",
            "/terms",
            "/me",
            "/dev/inbox",
            "/desk",
            "/desk/audit",
            "/desk/calendar",
            "/desk/registration",
            "/desk/catalogue",
            "/desk/appeals",
            "/me/appeals",
            "/me/households/92330302MA0001181Q/appeal",
            "/register/open-restaurant",
            "/register/open-restaurant/apply",
            "/register/stats",
            "/me/applications",
            "/me/households/92330302MA0001181Q/apply",
            "/desk/inspect/abc",
        ] {
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            let route = Route::parse(&segments).unwrap_or_else(|| panic!("{path} is a page"));
            assert_eq!(route.bundle(), Bundle::for_path(path), "{path}");
        }
        assert_eq!(Route::parse(&["desk", "nothing"]), None);
    }

    #[test]
    fn staff_managers_and_admins_land_at_their_desk_and_everyone_else_on_their_own_page() {
        for worker in [Role::Staff, Role::DepartmentHead, Role::MarketManager, Role::Admin] {
            assert_eq!(landing(&[Role::Owner, worker]), "/desk", "{worker:?}");
        }
        assert_eq!(landing(&[Role::Owner, Role::Vendor]), "/me");
        assert_eq!(landing(&[]), "/me");
    }

    #[test]
    fn next_leads_only_to_pages_of_this_app() {
        for fine in ["/me", "/desk/audit", "/c/k7x2m9q4p8ra.abcd", "/desk/inspect/k7x2m9q4p8ra?from=scan", "/"] {
            assert_eq!(safe_next(fine).as_deref(), Some(fine), "{fine}");
        }
    }

    #[test]
    fn next_that_a_browser_could_resolve_to_another_origin_is_dropped() {
        for hostile in [
            "//example.com",
            "/\\example.com",
            "/%5Cexample.com",
            "/%2F/example.com",
            "/\t/host/path",
            "/%09/host/path",
            "/\n/example.com",
            "https://example.com/me",
            "javascript:alert(1)",
            "me",
            "/me#//example.com",
            "/me?x=\\y",
            "/../me",
            " /me",
            "",
        ] {
            assert_eq!(safe_next(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn next_naming_no_page_or_the_sign_in_page_is_dropped() {
        assert_eq!(safe_next("/nowhere"), None);
        assert_eq!(safe_next("/api/me"), None);
        assert_eq!(safe_next("/sign-in?next=//example.com"), None);
    }

    #[test]
    fn the_worker_serves_every_page_with_the_bundle_that_draws_it() {
        let pages = [
            "/",
            "/c/abc.def",
            "/c/abc.def/poster",
            "/sign-in",
            "/privacy",
            "/terms",
            "/me",
            "/dev/inbox",
            "/register",
            "/register/stats",
            "/register/open-restaurant",
            "/register/open-restaurant/apply",
            "/me/applications",
            "/me/households/92330302MA00013L0D/apply",
            "/me/households/92330302MA00013L0D/appeal",
            "/me/appeals",
            "/me/appeals/12",
            "/me/stalls",
            "/stalls",
            "/stalls/2",
            "/stalls/lotteries/1",
            "/desk",
            "/desk/audit",
            "/desk/calendar",
            "/desk/registration",
            "/desk/catalogue",
            "/desk/appeals",
            "/desk/markets/2",
            "/desk/inspect/abc.def",
        ];
        for path in pages {
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            let route = Route::parse(&segments).unwrap_or_else(|| panic!("{path} is a page"));
            assert_eq!(route.bundle(), Bundle::for_path(path), "{path}");
        }
    }
}
