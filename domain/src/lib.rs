//! Getima's shared rules, used natively by the Worker and tests and in the browser by the app.
//!
//! Everything here is pure: no I/O, no clock. Callers pass "today" and keys in.

// An ApiError is built once per failed request and carries its messages and fields by
// value; boxing it would only move the allocation.
#![allow(clippy::result_large_err)]

/// Gathers a vocabulary from the areas: `gather! { then, [area_macro, …] { rows } }` has each
/// area's macro add its rows, then hands them all to `then!`.
macro_rules! gather {
    ($then:ident, [$first:ident $(, $rest:ident)*] { $($rows:tt)* }) => {
        $first! { gather!($then, [$($rest),*]) { $($rows)* } }
    };
    ($then:ident, [] { $($rows:tt)* }) => {
        $then! { $($rows)* }
    };
}

pub mod accounts;
pub mod api;
pub mod appeals;
pub mod audit;
pub mod bundles;
pub mod calendar;
pub mod codes;
pub mod csp;
pub mod hex;
pub mod id_number;
pub mod inspections;
pub mod lifecycle;
pub mod limits;
pub mod masking;
pub mod pages;
pub mod pii;
pub mod registration;
pub mod routes;
pub mod stalls;
pub mod uscc;
pub mod validation;
