//! What every endpoint declaration is made of: its method, access rule, success format and
//! row ([`Spec`]), the [`Api`] trait its type implements, and the macro an area declares its
//! endpoints with. The areas' tables are assembled in [`super::endpoints`].

use super::errors::ApiError;
use super::params::{PathParams, fill_template};
use crate::accounts::Role;
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
pub const SIGNED_IN: Access = Access::SignedIn;
pub const PUBLIC: Access = Access::Public;
pub const DEV: Access = Access::DevelopmentOnly;
pub const MANAGER: Access = Access::MarketManager("market");
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
    /// The endpoint's name, e.g. `GetCodeProfile` (its OpenAPI operation id).
    pub name: &'static str,
    /// The area that declares it (its OpenAPI tag).
    pub area: &'static str,
    /// Error statuses the area's endpoints answer beyond those every endpoint may.
    pub area_statuses: &'static [u16],
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
}

/// A value from a D1 reference table, with both labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Named {
    pub code: String,
    pub zh: String,
    pub en: String,
}

/// Walks every endpoint type, as the OpenAPI document does.
#[cfg(feature = "openapi")]
pub trait Visitor {
    /// One endpoint, with the JSON Schema of each path parameter.
    fn operation<E>(&mut self, params: &[(&'static str, serde_json::Value)])
    where
        E: Api,
        E::Input: schemars::JsonSchema,
        E::Output: schemars::JsonSchema;
}

/// Declares an area's endpoints: a row gives its name, method, path with typed parameters,
/// input (the JSON body, or for GET the query), success status, output format and type,
/// access rule and a one-line summary. It makes a struct per endpoint implementing [`Api`],
/// the area's `Endpoint` enum, and `describe` for the OpenAPI document. Every access rule of
/// an area fits on one screen of its file: review them there.
macro_rules! endpoints {
    (
        $area:ident $area_statuses:tt {
            $(
                $name:ident : $method:ident $path:literal { $($param:ident : $ptype:ty),* }
                $input:ty => $status:literal $format:ident $output:ty, $access:expr, $summary:literal;
            )+
        }
    ) => {
        /// This area's endpoints.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Endpoint { $($name,)+ }

        impl Endpoint {
            pub const ALL: &'static [Endpoint] = &[$(Endpoint::$name,)+];

            pub fn spec(self) -> &'static $crate::api::contract::Spec {
                use $crate::api::contract::Api;
                match self { $(Endpoint::$name => &<$name as Api>::SPEC,)+ }
            }
        }

        $(
            #[doc = $summary]
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct $name { $(pub $param: $ptype,)* }

            impl $crate::api::contract::Api for $name {
                type Input = $input;
                type Output = $output;
                const SPEC: $crate::api::contract::Spec = $crate::api::contract::Spec {
                    name: stringify!($name),
                    area: stringify!($area),
                    area_statuses: &$area_statuses,
                    method: $crate::api::contract::Method::$method,
                    path: $path,
                    params: &[$(stringify!($param)),*],
                    access: $access,
                    status: $status,
                    format: $crate::api::contract::Format::$format,
                    summary: $summary,
                };

                #[allow(unused_variables)]
                fn from_params(
                    params: &$crate::api::params::PathParams,
                ) -> Result<Self, $crate::api::errors::ApiError> {
                    Ok(Self { $($param: params.parse(stringify!($param))?,)* })
                }

                fn param_values(&self) -> Vec<(&'static str, String)> {
                    vec![$((stringify!($param), $crate::api::params::PathParam::to_param(&self.$param)),)*]
                }
            }
        )+

        /// Describes this area's endpoints into an OpenAPI document.
        #[cfg(feature = "openapi")]
        pub fn describe<V: $crate::api::contract::Visitor>(doc: &mut V) {
            $( doc.operation::<$name>(&[$((stringify!($param), <$ptype as $crate::api::params::PathParam>::schema())),*]); )+
        }
    };
}
pub(crate) use endpoints;
