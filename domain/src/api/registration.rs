//! Registration and licensing as the API shows it: the bundles one can apply for, everything
//! each needs said up front (一次性告知), and the name check.

use super::Named;
use crate::registration::TaskKind;
use serde::{Deserialize, Serialize};

/// `GET /api/registration/bundles`: what one can apply for, in the order offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RegistrationBundles {
    pub bundles: Vec<BundleSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct BundleSummary {
    pub slug: String,
    pub name_zh: String,
    pub name_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    /// The departments' tasks one submission fans out to.
    pub tasks: Vec<TaskKind>,
    /// The longest statutory time limit among them, in working days (0: on the spot).
    pub limit_days: u32,
}

/// `GET /api/registration/bundles/{bundle}`: every task, condition and material of a bundle,
/// shown on one screen before anything is filled in (一次性告知).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct BundleNotice {
    pub slug: String,
    pub name_zh: String,
    pub name_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    pub tasks: Vec<TaskNotice>,
    /// Each material once, however many tasks need it.
    pub materials: Vec<MaterialNotice>,
}

/// One department's part of a bundle, its time limit and the law that sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TaskNotice {
    pub kind: TaskKind,
    pub name_zh: String,
    pub name_en: String,
    pub department: Named,
    /// In working days from acceptance; 0: on the spot.
    pub limit_days: u32,
    pub source_zh: String,
    pub source_en: String,
    pub conditions: Vec<Condition>,
}

/// Something the applicant must meet, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Condition {
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MaterialNotice {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Handed in as a photo (otherwise filled in on the form).
    pub photo: bool,
    /// The tasks that need it.
    pub for_tasks: Vec<TaskKind>,
}

/// `GET /api/registration/name-check?name=&county=&trade=`, asked as the applicant types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NameCheckQuery {
    pub name: String,
    /// The county-level division's 6-digit code.
    pub county: String,
    /// The trade's code, as households are registered under.
    pub trade: String,
}

/// Whether a name may be registered; when not, why, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NameCheck {
    /// The name as it would be registered (trimmed).
    pub name: String,
    pub available: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_zh: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_en: Option<String>,
}
