//! Owners and their households: "my businesses", claiming, and the owner's unmasked view.

use crate::codes::households::HouseholdStatus;
use serde::{Deserialize, Serialize};

/// A household as its owner sees it in "my businesses".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OwnedHousehold {
    pub uscc: String,
    pub name: String,
    pub status: HouseholdStatus,
    /// The code to open its page with.
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MyHouseholds {
    pub households: Vec<OwnedHousehold>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClaimRequest {
    pub uscc: String,
    pub id_number: String,
}

/// The owner's own view: the operator's details unmasked, which only owners are shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PrivateHousehold {
    pub uscc: String,
    pub name: String,
    pub operator_name: String,
    pub operator_phone: String,
    pub operator_id_number: String,
    pub status: HouseholdStatus,
}
