//! Inspections: what staff record on site at a business, and its history.

pub mod api;
pub(crate) mod kinds;
