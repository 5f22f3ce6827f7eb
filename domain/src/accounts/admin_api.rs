//! What admins do to people, and the audit log.

use crate::accounts::Role;
use crate::audit::AuditAction;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    pub name: String,
    pub phone: String,
    pub roles: Vec<Role>,
    /// Required for staff and department heads, refused for anyone else.
    #[serde(default)]
    pub department: Option<String>,
    /// Required for market managers.
    #[serde(default)]
    pub markets: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PersonState {
    pub id: i64,
    pub name: String,
    pub roles: Vec<Role>,
    pub disabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DisabledChange {
    pub disabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// Who acted, by id and by the name they had when they acted.
    pub actor_id: i64,
    pub actor: String,
    pub action: AuditAction,
    pub subject: String,
    /// The state before, as the JSON text recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The state after, as the JSON text recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    pub at: String,
}

/// One page of a list, newest first, and where the next (older) page starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "Page_of_{T}"))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_before: Option<i64>,
}

pub type AuditPage = Page<AuditEntry>;

pub const DEFAULT_PAGE: u32 = 20;
pub const MAX_PAGE: u32 = 100;

/// `?before=&limit=` for lists paged newest first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Only items with an id below this (the previous page's `next_before`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<i64>,
    /// Items per page, 1 to 100 (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl PageQuery {
    /// Where the page starts (below `before`, if given) and how long it is, both checked.
    pub fn bounds(&self) -> Result<(i64, u32), crate::api::errors::ApiError> {
        use crate::api::errors::{AllValid, field};
        let before = match self.before {
            None => Ok(i64::MAX),
            Some(id) if id > 0 => Ok(id),
            Some(_) => Err(("应为正整数".to_string(), "A positive whole number".to_string())),
        };
        let limit = match self.limit {
            None => Ok(DEFAULT_PAGE),
            Some(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
            Some(_) => Err(("每页1至100条".to_string(), "1 to 100 per page".to_string())),
        };
        (field("before", before), field("limit", limit)).all_valid()
    }
}
