//! The HTTP API's contract: each area declares its endpoints and its request and response
//! types in its own file; [`endpoints`] assembles the table, [`contract`] says what a row is,
//! and [`errors`] what every failure looks like. The Worker routes, authorises and answers by
//! this table, the app calls through it, and the OpenAPI document is generated from it.

pub mod accounts;
mod admin;
pub mod appeals;
pub mod calendar;
mod catalogue;
pub mod codes;
pub mod contract;
pub mod endpoints;
mod errors;
pub mod inspections;
mod markets;
mod notices;
mod open311;
#[cfg(feature = "openapi")]
pub mod openapi;
mod owners;
pub mod params;
mod photos;
pub mod registration;
pub mod service;
pub mod stalls;

pub use accounts::*;
pub use admin::*;
pub use appeals::*;
pub use calendar::*;
pub use catalogue::*;
pub use codes::*;
pub use contract::*;
pub use endpoints::{Endpoint, Route};
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
pub use service::*;
pub use stalls::*;
