//! The app ships as separate WebAssembly bundles so that what a scan loads stays small:
//! each client-side route belongs to exactly one. The Worker serves a route's bundle; the
//! bundles link to each other's routes with full page loads.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    /// The home page and the business-code page with its poster: what a scan opens.
    Public,
    /// Signing in and the signed-in person's own screens.
    Account,
    /// Work screens for staff, heads, managers and admins.
    Desk,
}

impl Bundle {
    pub const ALL: [Bundle; 3] = [Self::Public, Self::Account, Self::Desk];

    /// The crate and file stem of the bundle (`getima-account`, `/pkg/account.js`, …).
    pub fn name(self) -> &'static str {
        match self {
            Self::Public => "app",
            Self::Account => "account",
            Self::Desk => "desk",
        }
    }

    /// The HTML page that boots the bundle.
    pub fn html(self) -> &'static str {
        match self {
            Self::Public => "/index.html",
            Self::Account => "/account.html",
            Self::Desk => "/desk.html",
        }
    }

    /// The route prefixes a bundle owns; everything else is the public bundle's (its
    /// not-found page included).
    pub fn prefixes(self) -> &'static [&'static str] {
        match self {
            Self::Public => &[],
            Self::Account => &["/sign-in", "/privacy", "/terms", "/me", "/dev", "/register", "/stalls"],
            Self::Desk => &["/desk"],
        }
    }

    pub fn for_path(path: &str) -> Bundle {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        Self::ALL
            .into_iter()
            .find(|b| {
                b.prefixes()
                    .iter()
                    .any(|p| path == *p || path.strip_prefix(p).is_some_and(|rest| rest.starts_with('/')))
            })
            .unwrap_or(Self::Public)
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
        assert_eq!(Bundle::for_path("/stalls/1"), Bundle::Account);
        assert_eq!(Bundle::for_path("/desk/audit"), Bundle::Desk);
        assert_eq!(Bundle::for_path("/desk"), Bundle::Desk);
        assert_eq!(Bundle::for_path("/meadow"), Bundle::Public, "a prefix is a whole segment");
        assert_eq!(Bundle::for_path("/deskx"), Bundle::Public);
    }
}
