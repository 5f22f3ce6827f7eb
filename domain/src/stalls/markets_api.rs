//! Markets, as their managers see them.

use crate::api::contract::Named;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MarketView {
    pub id: i64,
    pub name: String,
    pub county: Named,
    pub address: String,
    pub managers: Vec<String>,
}
