//! Accounts: signing in, "me" with its inbox, the policies and the development inbox.

pub mod dev;
pub mod me;
pub mod notices;
pub mod policies;
pub mod sign_in;
