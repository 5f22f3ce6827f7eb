//! Getima's signed-in and registration screens, in one library with one bundle per area
//! (src/main.rs and src/bin/): each bundle mounts only its own area's pages (see [`areas`]),
//! so link-time optimisation leaves the other areas' code out of it.

mod accounts;
mod appeals;
pub mod areas;
mod registration;
mod stalls;
