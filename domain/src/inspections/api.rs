//! Inspections recorded on site by department staff.

use crate::accounts::InspectionResult;
use crate::api::contract::Named;
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

/// The notes of an inspection, trimmed: at most [`MAX_NOTES_CHARS`], and required when the
/// result orders rectification or files a violation, since the owner and any later
/// enforcement must know what was found.
pub fn valid_notes(result: InspectionResult, notes: &str) -> Result<String, (String, String)> {
    let notes = notes.trim();
    if notes.chars().count() > MAX_NOTES_CHARS {
        return Err((
            format!("情况说明最多{MAX_NOTES_CHARS}字，现在是{}字", notes.chars().count()),
            format!("Notes are at most {MAX_NOTES_CHARS} characters; these have {}", notes.chars().count()),
        ));
    }
    if notes.is_empty() && result != InspectionResult::Compliant {
        return Err((
            "责令整改或违法立案时，请写明发现的问题".into(),
            "Say what was found: notes are required when ordering rectification or filing a violation".into(),
        ));
    }
    Ok(notes.to_string())
}

/// The area's endpoints (see [`crate::api::contract::endpoints!`]).
pub mod endpoints {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use crate::api::contract::*;

    endpoints! {
        inspections [] {
            ListCodeInspections: Get "/api/codes/{code}/inspections" { code: String }
                () => 200 Json Inspections, Access::AnyRole(INSPECTORS), "A business's inspection history";
            RecordInspection: Post "/api/departments/{dept}/inspections" { dept: String }
                InspectionRequest => 201 Json Inspection, Access::DepartmentMember("dept"), "Record an on-site inspection";
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_required_where_the_result_is_not_compliant() {
        assert_eq!(valid_notes(InspectionResult::Compliant, "  ").as_deref(), Ok(""));
        assert!(valid_notes(InspectionResult::Rectify, " ").is_err());
        assert!(valid_notes(InspectionResult::Violation, "").is_err());
        assert_eq!(valid_notes(InspectionResult::Violation, " 无证经营 ").as_deref(), Ok("无证经营"));
    }

    #[test]
    fn notes_over_the_limit_are_refused_saying_how_long_they_are() {
        let (zh, en) = valid_notes(InspectionResult::Compliant, &"字".repeat(501)).unwrap_err();
        assert!(zh.contains("501") && en.contains("501"));
        assert!(valid_notes(InspectionResult::Compliant, &"字".repeat(500)).is_ok());
    }
}
