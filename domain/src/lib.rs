//! Getima's shared rules, used natively by the Worker and tests and in the browser by the app.
//!
//! Everything here is pure: no I/O, no clock. Callers pass "today" and keys in.

// An ApiError is built once per failed request and carries its messages and fields by
// value; boxing it would only move the allocation.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod appeals;
pub mod audit;
pub mod bundles;
pub mod calendar;
pub mod codes;
pub mod csp;
pub mod hex;
pub mod households;
pub mod id_number;
pub mod lifecycle;
pub mod limits;
pub mod masking;
pub mod notices;
pub mod open311;
pub mod pages;
pub mod people;
pub mod photos;
pub mod pii;
pub mod pow;
pub mod registration;
pub mod routes;
pub mod sessions;
pub mod stalls;
pub mod uscc;
pub mod validation;
pub mod verdict;
pub mod workdays;
