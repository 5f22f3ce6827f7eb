//! Registration and licensing as the API shows it: the bundles one can apply for, everything
//! each needs said up front (一次性告知), and the name check.

use super::Named;
use crate::registration::{ApplicationStatus, Decision, TaskKind, TaskStatus};
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

/// `POST /api/registration/applications`: one submission of a bundle that opens a new
/// household; it fans out to a task per department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ApplicationRequest {
    pub bundle: String,
    /// Made once per submission by the app (16–64 letters, digits or dashes): a retry with
    /// the same key returns the application already filed.
    pub idempotency_key: String,
    pub shop_name: String,
    /// The county-level division's 6-digit code.
    pub county: String,
    pub trade: String,
    /// The premises, from the standard address library.
    pub address_id: i64,
    pub operator_name: String,
    pub id_number: String,
    pub phone: String,
}

/// An application as its applicant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Application {
    pub id: i64,
    pub bundle: String,
    pub bundle_zh: String,
    pub bundle_en: String,
    pub shop_name: String,
    pub status: ApplicationStatus,
    pub submitted_at: String,
    /// Once every task of an application to open a business is approved: the new household's
    /// credit code, and its business code (the token its QR carries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uscc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub tasks: Vec<ApplicationTask>,
    /// Every step, oldest first.
    pub timeline: Vec<TimelineEntry>,
}

/// One department's task of an application, with its countdown while the clock runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ApplicationTask {
    pub id: i64,
    pub kind: TaskKind,
    pub name_zh: String,
    pub name_en: String,
    pub department: Named,
    pub status: TaskStatus,
    pub limit_days: u32,
    /// The clock's last day (`YYYY-MM-DD`) while it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<String>,
    /// Working days left today, negative once overdue, while the clock runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TimelineEntry {
    pub event: TimelineEvent,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskKind>,
    /// Who acted: the department for staff, "applicant" for the applicant.
    pub by_zh: String,
    pub by_en: String,
    /// A reason, a note, or the corrections asked for (one per line).
    pub note: String,
    pub at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimelineEvent {
    Submitted,
    Approved,
    Returned,
    Rejected,
    /// Past its deadline: raised to the department's head.
    Escalated,
}

impl TimelineEvent {
    pub const ALL: [TimelineEvent; 5] =
        [Self::Submitted, Self::Approved, Self::Returned, Self::Rejected, Self::Escalated];

    /// The database spelling, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Returned => "returned",
            Self::Rejected => "rejected",
            Self::Escalated => "escalated",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|event| event.as_str() == s)
    }
}

impl From<Decision> for TimelineEvent {
    fn from(decision: Decision) -> Self {
        match decision {
            Decision::Approve => Self::Approved,
            Decision::Return => Self::Returned,
            Decision::Reject => Self::Rejected,
        }
    }
}

/// `GET /api/me/applications`: mine, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MyApplications {
    pub applications: Vec<Application>,
}

/// `GET /api/departments/{dept}/registration-tasks?overdue=`: a department's open tasks,
/// soonest deadline first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskQueueQuery {
    /// Only tasks past their deadline.
    #[serde(default)]
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TaskQueue {
    pub tasks: Vec<QueuedTask>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct QueuedTask {
    pub id: i64,
    pub application_id: i64,
    pub kind: TaskKind,
    pub name_zh: String,
    pub name_en: String,
    pub shop_name: String,
    pub bundle_zh: String,
    pub bundle_en: String,
    pub due_on: String,
    pub days_left: i64,
    /// Found overdue by the cron trigger and raised to the department's head.
    pub escalated: bool,
}

/// `POST /api/departments/{dept}/registration-tasks/{task}/decision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    pub decision: Decision,
    /// The reason for a refusal (required), or a note.
    #[serde(default)]
    pub note: String,
    /// For a return: everything to correct, in one list (补正一次性告知).
    #[serde(default)]
    pub corrections: Vec<String>,
}

/// `GET /api/registration/addresses?county=&q=`: the standard address library (标准地址库),
/// searched as the applicant types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AddressQuery {
    pub county: String,
    /// Part of the address: a street, a road, a number.
    pub q: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Addresses {
    /// At most ten, shortest first.
    pub addresses: Vec<StandardAddress>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct StandardAddress {
    pub id: i64,
    pub full_text: String,
}
