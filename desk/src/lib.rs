//! Getima's work screens for staff, department heads, market managers and admins, each
//! behind its role, in one library with one bundle per area (src/main.rs and src/bin/): each
//! bundle mounts only its own area's pages (see [`areas`]), so link-time optimisation leaves
//! the other areas' code out of it.

mod appeals;
pub mod areas;
mod audit;
mod calendar;
mod home;
mod inspections;
mod market;
mod registration;
