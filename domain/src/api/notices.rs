//! The in-app inbox as the API shows it.

use crate::notices::NoticeKind;
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
    /// The application it is about, and its shop's name.
    pub application_id: i64,
    pub shop_name: String,
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
