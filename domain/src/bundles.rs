//! The app ships as separate WebAssembly bundles, one per area, so that a page loads only
//! the code of its own area's screens: each client-side route belongs to exactly one. The
//! Worker serves a route's bundle; pages of different bundles link with full page loads.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    /// The home page and the business-code page with its poster: what a scan opens.
    Public,
    /// Signing in, the policies and the signed-in person's own page.
    Account,
    /// Registration in public: the guides and each department's statistics.
    Register,
    /// Applying to open or change a business, and a person's applications.
    Applications,
    /// Raising a problem about a business, and a person's appeals.
    Appeals,
    /// Market stalls: booking, lotteries, a vendor's own stalls.
    Stalls,
    /// The work desk's home, audit log, working-day calendar and inspections.
    Desk,
    /// A department's registration tasks and the catalogue an admin edits.
    DeskRegistration,
    /// A department's appeals queue.
    DeskAppeals,
    /// A market manager's desk.
    DeskMarkets,
}

impl Bundle {
    pub const ALL: [Bundle; 10] = [
        Self::Public,
        Self::Account,
        Self::Register,
        Self::Applications,
        Self::Appeals,
        Self::Stalls,
        Self::Desk,
        Self::DeskRegistration,
        Self::DeskAppeals,
        Self::DeskMarkets,
    ];

    /// The binary and file stem of the bundle (`getima-account`, `/pkg/account.js`, …).
    pub fn name(self) -> &'static str {
        match self {
            Self::Public => "app",
            Self::Account => "account",
            Self::Register => "register",
            Self::Applications => "applications",
            Self::Appeals => "appeals",
            Self::Stalls => "stalls",
            Self::Desk => "desk",
            Self::DeskRegistration => "desk-registration",
            Self::DeskAppeals => "desk-appeals",
            Self::DeskMarkets => "desk-markets",
        }
    }

    /// The HTML page that boots the bundle.
    pub fn html(self) -> &'static str {
        match self {
            Self::Public => "/index.html",
            Self::Account => "/account.html",
            Self::Register => "/register.html",
            Self::Applications => "/applications.html",
            Self::Appeals => "/appeals.html",
            Self::Stalls => "/stalls.html",
            Self::Desk => "/desk.html",
            Self::DeskRegistration => "/desk-registration.html",
            Self::DeskAppeals => "/desk-appeals.html",
            Self::DeskMarkets => "/desk-markets.html",
        }
    }

    /// The route prefixes a bundle owns, segment by segment (`*` stands for any one segment);
    /// the longest prefix that matches a path wins, and a path no prefix matches is the public
    /// bundle's (its not-found page included).
    pub fn prefixes(self) -> &'static [&'static str] {
        match self {
            Self::Public => &[],
            Self::Account => &["/sign-in", "/privacy", "/terms", "/me", "/dev"],
            Self::Register => &["/register"],
            Self::Applications => &["/register/*/apply", "/me/applications", "/me/households/*/apply"],
            Self::Appeals => &["/me/appeals", "/me/households/*/appeal"],
            Self::Stalls => &["/stalls", "/me/stalls"],
            Self::Desk => &["/desk"],
            Self::DeskRegistration => &["/desk/registration", "/desk/catalogue"],
            Self::DeskAppeals => &["/desk/appeals"],
            Self::DeskMarkets => &["/desk/markets"],
        }
    }

    pub fn for_path(path: &str) -> Bundle {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let matches = |prefix: &str| {
            let wanted: Vec<&str> = prefix.split('/').filter(|s| !s.is_empty()).collect();
            wanted.len() <= segments.len() && wanted.iter().zip(&segments).all(|(w, s)| *w == "*" || w == s)
        };
        Self::ALL
            .into_iter()
            .flat_map(|bundle| bundle.prefixes().iter().map(move |prefix| (bundle, *prefix)))
            .filter(|(_, prefix)| matches(prefix))
            .max_by_key(|(_, prefix)| prefix.matches('/').count())
            .map_or(Self::Public, |(bundle, _)| bundle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_belongs_to_one_bundle() {
        assert_eq!(Bundle::for_path("/"), Bundle::Public);
        assert_eq!(Bundle::for_path("/c/abc.def"), Bundle::Public);
        assert_eq!(Bundle::for_path("/sign-in?next=/me"), Bundle::Account);
        assert_eq!(Bundle::for_path("/me"), Bundle::Account);
        assert_eq!(Bundle::for_path("/dev/inbox"), Bundle::Account);
        assert_eq!(Bundle::for_path("/stalls/1"), Bundle::Stalls);
        assert_eq!(Bundle::for_path("/desk/audit"), Bundle::Desk);
        assert_eq!(Bundle::for_path("/desk"), Bundle::Desk);
        assert_eq!(Bundle::for_path("/meadow"), Bundle::Public, "a prefix is a whole segment");
        assert_eq!(Bundle::for_path("/deskx"), Bundle::Public);
    }

    #[test]
    fn the_longest_matching_prefix_picks_the_area_of_a_nested_page() {
        assert_eq!(Bundle::for_path("/me/appeals/12"), Bundle::Appeals);
        assert_eq!(Bundle::for_path("/me/applications"), Bundle::Applications);
        assert_eq!(Bundle::for_path("/register/open-restaurant"), Bundle::Register);
        assert_eq!(Bundle::for_path("/register/open-restaurant/apply"), Bundle::Applications);
        assert_eq!(Bundle::for_path("/me/stalls"), Bundle::Stalls);
        assert_eq!(Bundle::for_path("/me/households/92330302MA00013L0D/apply"), Bundle::Applications);
        assert_eq!(Bundle::for_path("/me/households/92330302MA00013L0D/appeal"), Bundle::Appeals);
        assert_eq!(Bundle::for_path("/me/households/92330302MA00013L0D"), Bundle::Account, "* is one whole segment");
        assert_eq!(Bundle::for_path("/desk/markets/2"), Bundle::DeskMarkets);
        assert_eq!(Bundle::for_path("/desk/catalogue"), Bundle::DeskRegistration);
        assert_eq!(Bundle::for_path("/desk/appeals?overdue=true"), Bundle::DeskAppeals);
        assert_eq!(Bundle::for_path("/desk/nowhere"), Bundle::Desk, "an unknown desk page is the desk's not-found");
    }

    #[test]
    fn every_bundle_has_its_own_name_and_page() {
        for (i, a) in Bundle::ALL.iter().enumerate() {
            for b in &Bundle::ALL[i + 1..] {
                assert_ne!(a.name(), b.name());
                assert_ne!(a.html(), b.html());
            }
            assert_eq!(
                a.html(),
                if *a == Bundle::Public { "/index.html".to_string() } else { format!("/{}.html", a.name()) }
            );
        }
    }
}
