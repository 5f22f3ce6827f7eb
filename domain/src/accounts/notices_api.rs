//! The in-app inbox as the API shows it.

use crate::accounts::notices::NoticeKind;
use serde::{Deserialize, Serialize};

/// `GET /api/me/notices`: my latest notices, newest first, and how many are unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Notices {
    pub notices: Vec<Notice>,
    pub unread: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Notice {
    pub id: i64,
    pub kind: NoticeKind,
    /// The application a notice about one is about.
    pub application_id: Option<i64>,
    /// The booking a stall reminder is about.
    pub stall_booking: Option<i64>,
    /// The appeal a notice about one is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal: Option<i64>,
    /// What it is about as people name it: the application's or the appeal's shop, or the
    /// booking's market and stall number.
    pub subject: String,
    /// When the reminded session starts (China time, `YYYY-MM-DD HH:MM`).
    pub starts: Option<String>,
    pub at: String,
    pub read: bool,
}

/// `POST /api/me/notices/read`: everything up to and including notice `up_to` has been seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NoticesRead {
    pub up_to: i64,
}
