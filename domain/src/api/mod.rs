//! The HTTP API's contract: each area declares its endpoints and its request and response
//! types in its own folder (`crate::<area>::api`); [`endpoints`] assembles the table,
//! [`contract`] says what a row is, and [`errors`] what every failure looks like. The Worker
//! routes, authorises and answers by this table, the app calls through it, and the OpenAPI
//! document is generated from it. Everything is re-exported here, one line per area.

pub mod contract;
pub mod endpoints;
pub mod errors;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod params;
pub mod service;

pub use crate::accounts::{admin_api::*, api::*, notices_api::*, owners_api::*};
pub use crate::appeals::{api::*, open311_api::*};
pub use crate::calendar::api::*;
pub use crate::codes::api::*;
pub use crate::inspections::api::*;
pub use crate::registration::{api::*, catalogue_api::*, photos_api::*};
pub use crate::stalls::{api::*, markets_api::*};
pub use contract::*;
pub use endpoints::{Endpoint, Route};
pub use errors::*;
pub use params::{
    CodeId, CreditCode, JsonResource, PathParam, PathParams, encode_segment, fill_template, match_template,
};
pub use service::*;
