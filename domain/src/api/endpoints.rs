//! Every endpoint, assembled from the areas' own tables (each area file's `endpoints`
//! module): one line per area below. From it come routing, the central access check, the
//! success status, the OpenAPI paths and the app's typed calls (`endpoints::GetMe {}`).

#[cfg(feature = "openapi")]
use super::contract::Visitor;
use super::contract::{Access, Method, Spec};
use super::params::{PathParams, match_template};
use super::service;
use crate::{accounts::api as accounts, appeals::api as appeals, calendar::api as calendar, codes::api as codes};
use crate::{inspections::api as inspections, registration::api as registration, stalls::api as stalls};

pub use accounts::endpoints::*;
pub use appeals::endpoints::*;
pub use calendar::endpoints::*;
pub use codes::endpoints::*;
pub use inspections::endpoints::*;
pub use registration::endpoints::*;
pub use service::endpoints::*;
pub use stalls::endpoints::*;

macro_rules! areas {
    ($($variant:ident => $area:ident,)+) => {
        /// Every endpoint the Worker serves under `/api` and `/open311`, by area.
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Endpoint { $($variant($area::endpoints::Endpoint),)+ }

        impl Endpoint {
            pub fn all() -> impl Iterator<Item = Endpoint> {
                std::iter::empty()
                    $(.chain($area::endpoints::Endpoint::ALL.iter().map(|&e| Endpoint::$variant(e))))+
            }

            pub fn spec(self) -> &'static Spec {
                match self { $(Endpoint::$variant(e) => e.spec(),)+ }
            }
        }

        $(
            impl From<$area::endpoints::Endpoint> for Endpoint {
                fn from(endpoint: $area::endpoints::Endpoint) -> Self {
                    Endpoint::$variant(endpoint)
                }
            }
        )+

        /// Describes every endpoint into an OpenAPI document.
        #[cfg(feature = "openapi")]
        pub fn describe<V: Visitor>(doc: &mut V) {
            $($area::endpoints::describe(doc);)+
        }
    };
}

areas! {
    Service => service,
    Codes => codes,
    Accounts => accounts,
    Inspections => inspections,
    Stalls => stalls,
    Calendar => calendar,
    Registration => registration,
    Appeals => appeals,
}

/// An endpoint reads as its name (`GetCodeProfile`), whatever its area.
impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.spec().name)
    }
}

/// What routing a request came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    Found(Endpoint, PathParams),
    /// The path exists, with these methods.
    MethodNotAllowed(Vec<Method>),
    NotFound,
}

impl Endpoint {
    pub fn method(self) -> Method {
        self.spec().method
    }

    pub fn path(self) -> &'static str {
        self.spec().path
    }

    pub fn access(self) -> Access {
        self.spec().access
    }

    /// Matches a request against the table. Templates with fewer parameters are tried
    /// first, so a literal segment wins (`/api/me/households/claim` is not a household).
    /// HEAD is answered as GET without a body.
    pub fn route(method: &str, path: &str) -> Route {
        static ORDERED: std::sync::OnceLock<Vec<Endpoint>> = std::sync::OnceLock::new();
        let ordered = ORDERED.get_or_init(|| {
            let mut ordered: Vec<Endpoint> = Self::all().collect();
            ordered.sort_by_key(|e| e.spec().params.len());
            ordered
        });
        let method = if method == "HEAD" { "GET" } else { method };
        let mut allowed = Vec::new();
        for &endpoint in ordered {
            if let Some(params) = match_template(endpoint.path(), path) {
                if endpoint.method().as_str() == method {
                    return Route::Found(endpoint, params);
                }
                allowed.push(endpoint.method());
            }
        }
        if allowed.is_empty() { Route::NotFound } else { Route::MethodNotAllowed(allowed) }
    }
}

impl Endpoint {
    /// The endpoint an [`Api`](super::contract::Api) type declares.
    pub fn of<E: super::contract::Api>() -> Option<Endpoint> {
        Self::all().find(|e| *e.spec() == E::SPEC)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::contract::*;

    fn of<E: Api>() -> Endpoint {
        Endpoint::of::<E>().expect("every Api type is in the table")
    }

    #[test]
    fn routes_match_templates_and_extract_named_parameters() {
        let found = |method, path| match Endpoint::route(method, path) {
            Route::Found(endpoint, params) => Some((endpoint, params)),
            _ => None,
        };
        let (endpoint, params) = found("GET", "/api/codes/abc.def").unwrap();
        assert_eq!((endpoint, params.raw("code")), (of::<GetCodeProfile>(), Some("abc.def")));
        assert_eq!(found("GET", "/api/codes/abc.def/qr.svg").unwrap().0, of::<GetCodeQr>());
        assert_eq!(Endpoint::route("POST", "/api/codes/abc"), Route::MethodNotAllowed(vec![Method::Get]));
        assert_eq!(Endpoint::route("GET", "/api/codes/"), Route::NotFound);
        assert_eq!(Endpoint::route("GET", "/api/codes/a/b"), Route::NotFound);
        assert_eq!(Endpoint::route("GET", "/api/nothing"), Route::NotFound);
        assert_eq!(found("POST", "/api/me/households/claim").unwrap().0, of::<ClaimHousehold>());
        let (endpoint, params) = found("GET", "/api/me/households/92330302MA0001181Q").unwrap();
        assert_eq!(endpoint, of::<GetMyHousehold>());
        assert_eq!(params.raw("uscc"), Some("92330302MA0001181Q"));
        assert_eq!(found("HEAD", "/api/health").unwrap().0, of::<GetHealth>());
    }

    #[test]
    fn typed_parameters_round_trip_through_paths() {
        let call = GetMarket { market: 42 };
        assert_eq!(call.path(), "/api/markets/42");
        let Route::Found(endpoint, params) = Endpoint::route("GET", &call.path()) else { panic!() };
        assert_eq!(endpoint, of::<GetMarket>());
        assert_eq!(GetMarket::from_params(&params).unwrap(), call);
        let day = SetCalendarDay { date: crate::calendar::date(2026, 10, 10).unwrap() };
        assert_eq!(day.path(), "/api/admin/calendar/days/2026-10-10");
    }

    #[test]
    fn every_template_parameter_is_declared_and_every_declared_one_is_in_the_template() {
        for endpoint in Endpoint::all() {
            let spec = endpoint.spec();
            let in_template: Vec<&str> =
                spec.path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')).collect();
            assert_eq!(in_template, spec.params, "{endpoint:?}");
        }
    }

    #[test]
    fn scoped_access_names_a_parameter_of_its_path() {
        for endpoint in Endpoint::all() {
            if let Some(param) = endpoint.access().scope_param() {
                assert!(endpoint.spec().params.contains(&param), "{endpoint:?} is scoped by {param}");
            }
        }
    }

    #[test]
    fn a_department_market_or_household_in_a_path_is_guarded_by_the_rule_for_it() {
        for endpoint in Endpoint::all() {
            let spec = endpoint.spec();
            if spec.access == Access::Public || spec.path.starts_with("/api/admin/") {
                continue;
            }
            let guarded = |param| match spec.access {
                Access::DepartmentMember(p) | Access::DepartmentHead(p) => param == "dept" && p == param,
                Access::MarketManager(p) => param == "market" && p == param,
                Access::HouseholdOwner(p) => param == "uscc" && p == param,
                _ => false,
            };
            for param in ["dept", "market", "uscc"] {
                if spec.params.contains(&param) {
                    assert!(
                        guarded(param),
                        "{endpoint:?} takes {{{param}}} but does not check the caller's hold on it"
                    );
                }
            }
        }
    }

    #[test]
    fn writes_are_never_public_except_signing_in() {
        for endpoint in Endpoint::all() {
            if endpoint.method() != Method::Get && endpoint.access() == Access::Public {
                assert!(endpoint.path().starts_with("/api/auth/"), "{endpoint:?} writes without a caller");
            }
        }
    }

    #[test]
    fn each_method_and_path_is_served_once() {
        let all: Vec<Endpoint> = Endpoint::all().collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(a.method() != b.method() || a.path() != b.path(), "{a:?} and {b:?} collide");
            }
        }
    }

    #[test]
    fn success_statuses_fit_their_formats() {
        for endpoint in Endpoint::all() {
            let spec = endpoint.spec();
            assert_eq!(spec.status == 204, spec.format == Format::Empty, "{endpoint:?}");
            assert!((200..300).contains(&spec.status), "{endpoint:?}");
        }
    }

    #[test]
    fn admin_endpoints_live_under_admin_paths_and_the_reverse() {
        for endpoint in Endpoint::all() {
            assert_eq!(endpoint.path().starts_with("/api/admin/"), endpoint.access() == ADMIN, "{endpoint:?}");
        }
    }

    #[test]
    fn only_get_endpoints_take_a_query_and_bodies_go_with_writes() {
        assert!(!GetMe::takes_input());
        assert!(ReadAudit::takes_input());
        assert!(ClaimHousehold::takes_input());
    }
}
