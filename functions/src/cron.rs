//! The periodic run's jobs (`[triggers]` in wrangler.toml). Each area declares its own in a
//! `CRON` list; `lib.rs` runs every area's in turn.

use crate::config::Config;
use crate::http::Outcome;
use futures_util::future::LocalBoxFuture;

pub(crate) struct Job {
    /// What the job does, for the log when it fails.
    pub what: &'static str,
    pub run: for<'a> fn(&'a Config) -> LocalBoxFuture<'a, Outcome<()>>,
}
