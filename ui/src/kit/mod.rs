//! One kit for the screens of every area: the work queue a department's staff go through
//! (filters, who holds what), and the pieces each form is built from.

pub mod assignment;
pub mod figures;
pub mod filters;
pub mod person;
pub mod queue;
pub mod rating;
pub mod tiles;
pub mod waiver;
