//! Inspections recorded on site by department staff.

use super::Named;
use crate::people::InspectionResult;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Inspection {
    pub id: i64,
    pub department: Named,
    /// The inspector's name, masked: inspection history is shared across departments.
    pub inspector: String,
    pub inspected_on: String,
    pub result: InspectionResult,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Inspections {
    pub inspections: Vec<Inspection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InspectionRequest {
    /// The business code scanned on site.
    pub code: String,
    pub result: InspectionResult,
    pub notes: String,
}

pub const MAX_NOTES_CHARS: usize = 500;
