//! The HTTP API's contract: every endpoint declared once in [`endpoints`], the request and
//! response types of each area, and errors. The Worker routes, authorises and answers by
//! this table, the app calls through it, and the OpenAPI document is generated from it.

mod accounts;
mod admin;
mod appeals;
mod calendar;
mod catalogue;
mod codes;
mod errors;
mod inspections;
mod markets;
mod notices;
mod open311;
#[cfg(feature = "openapi")]
pub mod openapi;
mod owners;
mod params;
mod photos;
mod registration;
mod stalls;

pub mod endpoints;

pub use accounts::*;
pub use admin::*;
pub use appeals::*;
pub use calendar::*;
pub use catalogue::*;
pub use codes::*;
pub use endpoints::Endpoint;
pub use errors::*;
pub use inspections::*;
pub use markets::*;
pub use notices::*;
pub use open311::*;
pub use owners::*;
pub use params::{
    CodeId, CreditCode, JsonResource, PathParam, PathParams, encode_segment, fill_template, match_template,
};
pub use photos::*;
pub use registration::*;
pub use stalls::*;

use crate::people::Role;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::any::TypeId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }
}

/// What a caller needs for an endpoint. The Worker checks this once, centrally, before any
/// handler runs; scoped rules name the path parameter that holds their resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    /// Served only in development configuration; elsewhere it does not exist (404).
    DevelopmentOnly,
    SignedIn,
    AnyRole(&'static [Role]),
    /// Staff or head of the department in this parameter.
    DepartmentMember(&'static str),
    /// Head of the department in this parameter.
    DepartmentHead(&'static str),
    /// Manager of the market in this parameter, or an admin.
    MarketManager(&'static str),
    /// An owner bound to the household whose credit code is in this parameter.
    HouseholdOwner(&'static str),
}

impl Access {
    /// The path parameter a scoped rule reads.
    pub fn scope_param(self) -> Option<&'static str> {
        match self {
            Self::DepartmentMember(p) | Self::DepartmentHead(p) | Self::MarketManager(p) | Self::HouseholdOwner(p) => {
                Some(p)
            }
            _ => None,
        }
    }

    pub fn needs_caller(self) -> bool {
        !matches!(self, Self::Public | Self::DevelopmentOnly)
    }
}

pub const ADMIN: Access = Access::AnyRole(&[Role::Admin]);
pub const INSPECTORS: &[Role] = &[Role::Staff, Role::DepartmentHead, Role::Admin];

/// How a successful response body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    /// `image/svg+xml`; the output type serialises as the SVG text.
    Svg,
    /// No body (204).
    Empty,
    /// An image, sent as its bytes in its own media type; the output type is [`Photo`].
    Image,
    /// `text/csv`, downloaded as a file; the output type serialises as the CSV text.
    Csv,
}

impl Format {
    pub fn media_type(self) -> Option<&'static str> {
        match self {
            Self::Json => Some("application/json"),
            Self::Svg => Some("image/svg+xml"),
            Self::Csv => Some("text/csv; charset=utf-8"),
            Self::Empty | Self::Image => None,
        }
    }
}

/// One row of the endpoint table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub area: &'static str,
    pub method: Method,
    /// OpenAPI template form, e.g. `/api/markets/{market}`.
    pub path: &'static str,
    pub params: &'static [&'static str],
    pub access: Access,
    /// The status of a success.
    pub status: u16,
    pub format: Format,
    pub summary: &'static str,
}

/// Where the Open311 GeoReport v2 resources live; they keep that specification's conventions.
pub const OPEN311_PREFIX: &str = "/open311/";

impl Spec {
    /// Open311's conventions instead of this API's own: writes are forms
    /// (`application/x-www-form-urlencoded`), errors are lists of `{code, description}`.
    pub fn speaks_open311(&self) -> bool {
        self.path.starts_with(OPEN311_PREFIX)
    }
}

/// An endpoint as a type: its path parameters are the fields of the implementing struct,
/// its body (or, for GET, its query) is `Input`, and its success answer is `Output`.
pub trait Api: Sized + 'static {
    type Input: Serialize + DeserializeOwned + 'static;
    type Output: Serialize + DeserializeOwned + 'static;
    const ENDPOINT: Endpoint;
    const SPEC: Spec;

    /// Reads the typed parameters from a matched path; a bad one is a 400 naming it.
    fn from_params(params: &PathParams) -> Result<Self, ApiError>;

    /// The parameters as they go into a path.
    fn param_values(&self) -> Vec<(&'static str, String)>;

    /// The request path, each parameter encoded.
    fn path(&self) -> String {
        fill_template(Self::SPEC.path, &self.param_values())
    }

    /// Whether the request carries input (`()` means none).
    fn takes_input() -> bool {
        TypeId::of::<Self::Input>() != TypeId::of::<()>()
    }

    /// Whether the body is an image rather than JSON.
    fn takes_photo() -> bool {
        TypeId::of::<Self::Input>() == TypeId::of::<PhotoUpload>()
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
            let mut ordered = Self::ALL.to_vec();
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

/// A value from a D1 reference table, with both labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Named {
    pub code: String,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct HealthStatus {
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Departments {
    pub departments: Vec<Named>,
}
