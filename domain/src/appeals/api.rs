//! Appeals (诉求) as the API shows them: the categories and where each goes, filing from a
//! business, the owner's list, a department's queue, and each step of the lifecycle.

use crate::api::contract::Named;
use crate::api::errors::FieldError;
use crate::appeals::{
    AppealCategory, AppealDeadline, AppealEvent, AppealStatus, check_appeal_text, check_location, check_reply,
};
use crate::registration::api::{Assignee, QueueWhose};
use crate::registration::is_idempotency_key;
use crate::registration::photos_api::PhotoRef;
use serde::{Deserialize, Serialize};

/// `GET /api/appeals/categories`: what an appeal can be about, which department answers it and
/// how fast, in the order offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AppealCategories {
    pub categories: Vec<CategoryNotice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CategoryNotice {
    pub category: AppealCategory,
    pub name_zh: String,
    pub name_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    pub department: Named,
    /// Working days to claim it, and to reply, from filing.
    pub claim_days: u32,
    pub reply_days: u32,
}

/// A point on the map, in WGS 84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
}

/// `POST /api/me/households/{uscc}/appeals`: a problem raised about a business I own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AppealRequest {
    /// Made once per submission by the app, so a retry files nothing twice.
    pub idempotency_key: String,
    /// An [`AppealCategory`] code.
    pub category: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// An appeal's fields as checked on the phone and by the server.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedAppeal {
    pub category: Option<AppealCategory>,
    pub text: Option<String>,
    pub location: Option<(f64, f64)>,
    pub problems: Vec<FieldError>,
}

impl AppealRequest {
    /// Checks every field, finding every problem at once.
    pub fn check(&self) -> CheckedAppeal {
        let mut problems = Vec::new();
        let mut refuse = |field: &str, (zh, en): (&str, &str)| problems.push(FieldError::new(field, zh, en));
        if !is_idempotency_key(&self.idempotency_key) {
            refuse("idempotency_key", ("请求编号无效，请刷新后重试", "Invalid request key: reload and try again"));
        }
        let category = AppealCategory::parse(&self.category);
        if category.is_none() {
            refuse("category", ("请选择诉求类别", "Choose what the appeal is about"));
        }
        let text = check_appeal_text(&self.text).map_err(|words| refuse("text", words)).ok();
        let location = match self.location {
            Some(Location { latitude, longitude }) => {
                check_location(latitude, longitude).map_err(|words| refuse("location", words)).ok()
            }
            None => None,
        };
        CheckedAppeal { category, text, location, problems }
    }
}

/// One step on an appeal's timeline, with who took it: the department for staff (never the
/// staff member's name to the owner), "owner" for the owner, "system" for the cron trigger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AppealStep {
    pub event: AppealEvent,
    pub by_zh: String,
    pub by_en: String,
    pub note: String,
    pub at: String,
}

/// An appeal as its owner, or the staff handling it, sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Appeal {
    pub id: i64,
    /// The receipt number the owner quotes (受理编号).
    pub receipt: String,
    pub category: AppealCategory,
    /// The business it is about.
    pub shop_name: String,
    pub department: Named,
    pub status: AppealStatus,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub submitted_at: String,
    /// The running deadline (`YYYY-MM-DD`): to be claimed while waiting, to be answered while
    /// being handled; none once answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<String>,
    /// Working days left until `due_on`, negative once overdue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    /// Every deadline running now, each named: while it waits, to take it up and to answer
    /// it; while it is handled, to answer it; none once answered.
    #[serde(default)]
    pub deadlines: Vec<RunningDeadline>,
    /// Who answers for it (首问负责), shown to staff only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<Assignee>,
    /// The owner's rating once closed (1–5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    /// Whether its owner may still send it back: while it waits for them to confirm the answer,
    /// and for 7 days after closing.
    pub can_reopen: bool,
    /// Past its running deadline and raised to the department's head by the cron trigger.
    pub escalated: bool,
    /// Every step, oldest first.
    pub timeline: Vec<AppealStep>,
    /// For legal advice, the tier answering it now (1 基层所干部, 2 公职律师, 3 专业律师).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_tier: Option<u8>,
    /// Photos sent with it, shown to its owner and the departments handling or helping.
    #[serde(default)]
    pub photos: Vec<PhotoRef>,
}

/// A deadline an appeal runs against now, on the working-day calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RunningDeadline {
    pub deadline: AppealDeadline,
    /// The last day (`YYYY-MM-DD`).
    pub due_on: String,
    /// Working days left until then, negative once overdue.
    pub days_left: i64,
}

impl RunningDeadline {
    /// As people read it: its name, its day and what is left ([`AppealDeadline::running`]).
    pub fn words(&self) -> (String, String) {
        self.deadline.running(&self.due_on, self.days_left)
    }
}

/// `GET /api/me/appeals`: my appeals, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MyAppeals {
    pub appeals: Vec<Appeal>,
}

/// `GET /api/departments/{dept}/appeals?whose=&overdue=`: the department's open appeals,
/// soonest deadline first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AppealQueueQuery {
    #[serde(default)]
    pub whose: QueueWhose,
    #[serde(default)]
    pub overdue: bool,
}

/// The most urgent 50 open appeals, with the count of all that match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AppealQueue {
    pub appeals: Vec<Appeal>,
    pub total: u32,
}

/// `POST /api/departments/{dept}/appeals/{appeal}/reply`: the answer, by whoever claimed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AppealReply {
    pub text: String,
}

/// `POST /api/departments/{dept}/appeals/{appeal}/transfer`: the appeal belongs to another
/// department, which takes it from the start; the reason goes on the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AppealTransfer {
    /// The department's code.
    pub department: String,
    pub reason: String,
}

impl AppealTransfer {
    /// The reason, trimmed, or every problem with the transfer.
    pub fn checked(&self, from: &str) -> Result<String, Vec<FieldError>> {
        to_another_department((&self.department, from), ("reason", &self.reason))
    }
}

/// `POST /api/departments/{dept}/appeals/{appeal}/help`: whoever answers for the appeal asks
/// another department to help (协办) and keeps it; that department answers in the thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AppealHelpRequest {
    /// The department's code.
    pub department: String,
    /// What is asked of it.
    pub note: String,
}

impl AppealHelpRequest {
    /// The note, trimmed, or every problem with the request.
    pub fn checked(&self, from: &str) -> Result<String, Vec<FieldError>> {
        to_another_department((&self.department, from), ("note", &self.note))
    }
}

/// A department other than `from`, and a text saying why: the text, trimmed, or every problem.
fn to_another_department(
    (department, from): (&str, &str),
    (field, text): (&str, &str),
) -> Result<String, Vec<FieldError>> {
    let mut problems = Vec::new();
    if department.trim().is_empty() || department == from {
        problems.push(FieldError::new("department", "请选择另一个部门", "Choose another department"));
    }
    let text = check_reply(text).map_err(|(zh, en)| problems.push(FieldError::new(field, zh, en)));
    match text {
        Ok(text) if problems.is_empty() => Ok(text),
        _ => Err(problems),
    }
}

/// `POST …/appeals/{appeal}/messages`: a message in the appeal's thread, from its owner, from
/// whoever answers for it, or from a department asked to help (which gives its help).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AppealMessage {
    /// Made once per message by the app, so a resend posts it once.
    pub idempotency_key: String,
    pub text: String,
}

impl AppealMessage {
    /// The text, trimmed, or every problem with the message.
    pub fn checked(&self) -> Result<String, Vec<FieldError>> {
        let mut problems = Vec::new();
        if !is_idempotency_key(&self.idempotency_key) {
            problems.push(FieldError::new(
                "idempotency_key",
                "请求编号无效，请刷新后重试",
                "Invalid request key: reload and try again",
            ));
        }
        let text = check_reply(&self.text).map_err(|(zh, en)| problems.push(FieldError::new("text", zh, en)));
        match text {
            Ok(text) if problems.is_empty() => Ok(text),
            _ => Err(problems),
        }
    }
}

/// `POST /api/me/appeals/{appeal}/rating`: the owner confirms the answer and rates it; this
/// closes the appeal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AppealRating {
    /// 1 (very poor) to 5 (very good).
    pub score: u8,
    #[serde(default)]
    pub comment: String,
}

/// `POST /api/me/appeals/{appeal}/reopening`: not satisfied, within 7 days of closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AppealReopening {
    pub reason: String,
}

impl AppealReply {
    pub fn checked(&self) -> Result<String, FieldError> {
        check_reply(&self.text).map_err(|(zh, en)| FieldError::new("text", zh, en))
    }
}

/// `POST …/appeals/{appeal}/referral`: legal advice referred up to the next tier (基层所干部
/// → 公职律师 → 专业律师), with the reason; that tier takes it from the start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AppealReferral {
    pub reason: String,
}

impl AppealReferral {
    pub fn checked(&self) -> Result<String, FieldError> {
        check_reply(&self.reason).map_err(|(zh, en)| FieldError::new("reason", zh, en))
    }
}

/// The longest an appeal may wait to be taken, and to be answered, in working days (as the
/// schema allows).
pub const MAX_CLAIM_DAYS: u32 = 10;
pub const MAX_REPLY_DAYS: u32 = 30;

/// `PUT /api/admin/appeal-categories/{category}`: which department answers a category, and
/// its deadlines; they count for appeals filed after the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AppealRouteChange {
    /// The department's code.
    pub department: String,
    /// Working days to take it (0: the same day).
    pub claim_days: u32,
    /// Working days to answer it, from filing.
    pub reply_days: u32,
}

impl AppealRouteChange {
    /// Every problem with the change at once.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        if self.department.trim().is_empty() {
            problems.push(FieldError::new("department", "请选择部门", "Choose a department"));
        }
        if self.claim_days > MAX_CLAIM_DAYS {
            problems.push(FieldError::new(
                "claim_days",
                format!("受理时限为 0 到 {MAX_CLAIM_DAYS} 个工作日"),
                format!("Taking it may take 0 to {MAX_CLAIM_DAYS} working days"),
            ));
        } else if self.claim_days > self.reply_days {
            problems.push(FieldError::new(
                "claim_days",
                "受理时限不能长于答复时限",
                "Taking it cannot take longer than answering it",
            ));
        }
        if !(1..=MAX_REPLY_DAYS).contains(&self.reply_days) {
            problems.push(FieldError::new(
                "reply_days",
                format!("答复时限为 1 到 {MAX_REPLY_DAYS} 个工作日"),
                format!("Answering it may take 1 to {MAX_REPLY_DAYS} working days"),
            ));
        }
        problems
    }
}

impl AppealReopening {
    pub fn checked(&self) -> Result<String, FieldError> {
        check_reply(&self.reason).map_err(|(zh, en)| FieldError::new("reason", zh, en))
    }
}

impl AppealRating {
    /// The comment, trimmed, or every problem with the rating.
    pub fn checked(&self) -> Result<String, Vec<FieldError>> {
        let mut problems = Vec::new();
        if !(1..=5).contains(&self.score) {
            problems.push(FieldError::new("score", "请选择 1 到 5 星", "Choose 1 to 5 stars"));
        }
        let comment = if self.comment.trim().is_empty() {
            Some(String::new())
        } else {
            check_reply(&self.comment).map_err(|(zh, en)| problems.push(FieldError::new("comment", zh, en))).ok()
        };
        match comment {
            Some(comment) if problems.is_empty() => Ok(comment),
            _ => Err(problems),
        }
    }
}

/// `GET /api/appeals/stats`: each department's appeals, with no personal data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AppealStats {
    pub departments: Vec<AppealDepartmentStats>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AppealDepartmentStats {
    pub department: Named,
    /// Appeals it holds now (a transfer moves one), and how many of those are closed.
    pub received: u32,
    pub closed: u32,
    /// Appeals answered at least once, and how many of those the first time by the deadline.
    pub answered: u32,
    pub answered_on_time: u32,
    /// Hours from filing to the first answer: the median over answered appeals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_hours_to_first_reply: Option<f64>,
    /// Owners' ratings on closing, and their average (1–5).
    pub ratings: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<f64>,
}

impl AppealStats {
    /// The same figures as CSV (RFC 4180, with a byte-order mark so spreadsheet programs read
    /// the Chinese names as UTF-8): one row per department, empty where there is no figure yet.
    pub fn to_csv(&self) -> String {
        let mut csv = String::from(
            "\u{feff}department,department_zh,department_en,received,closed,answered,answered_on_time,\
             on_time_rate,median_hours_to_first_reply,ratings,satisfaction\r\n",
        );
        let figure = |value: Option<f64>| value.map(|v| v.to_string()).unwrap_or_default();
        for d in &self.departments {
            let rate = (d.answered > 0)
                .then(|| (f64::from(d.answered_on_time) / f64::from(d.answered) * 1000.0).round() / 1000.0);
            let cells = [
                csv_cell(&d.department.code),
                csv_cell(&d.department.zh),
                csv_cell(&d.department.en),
                d.received.to_string(),
                d.closed.to_string(),
                d.answered.to_string(),
                d.answered_on_time.to_string(),
                figure(rate),
                figure(d.median_hours_to_first_reply),
                d.ratings.to_string(),
                figure(d.satisfaction),
            ];
            csv += &cells.join(",");
            csv += "\r\n";
        }
        csv
    }
}

/// A CSV field, quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-` or
/// `@` is escaped so a spreadsheet never runs it as a formula.
pub(crate) fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\r', '\n']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// The area's endpoints (see [`crate::api::contract::endpoints!`]).
pub mod endpoints {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use crate::api::contract::*;
    use crate::api::params::CreditCode;
    use crate::api::params::JsonResource;
    use crate::appeals::open311_api::*;
    use crate::registration::api::AssignmentRequest;
    use crate::registration::photos_api::PhotoUpload;

    endpoints! {
        appeals [429] {
            ListAppealCategories: Get "/api/appeals/categories" {}
                () => 200 Json AppealCategories, PUBLIC, "What an appeal can be about, which department answers and how fast";
            GetAppealStats: Get "/api/appeals/stats" {}
                () => 200 Json AppealStats, PUBLIC, "Each department's appeals: received, closed, on time, time to first answer, satisfaction";
            GetAppealStatsCsv: Get "/api/appeals/stats.csv" {}
                () => 200 Csv String, PUBLIC, "The same figures as CSV, one row per department";
            UploadAppealPhoto: Post "/api/me/appeal-drafts/{key}/photos" { key: String }
                PhotoUpload => 201 Json PhotoRef, SIGNED_IN, "Add a photo to an appeal I am about to send, under its submission key (up to 5)";
            FileAppeal: Post "/api/me/households/{uscc}/appeals" { uscc: CreditCode }
                AppealRequest => 201 Json Appeal, Access::HouseholdOwner("uscc"), "Raise a problem about a business I own (诉求)";
            ListMyAppeals: Get "/api/me/appeals" {}
                () => 200 Json MyAppeals, SIGNED_IN, "My appeals, newest first";
            GetMyAppeal: Get "/api/me/appeals/{appeal}" { appeal: i64 }
                () => 200 Json Appeal, SIGNED_IN, "One appeal of mine, with its whole thread";
            RateAppeal: Post "/api/me/appeals/{appeal}/rating" { appeal: i64 }
                AppealRating => 200 Json Appeal, SIGNED_IN, "Confirm an answered appeal and rate it (1–5), closing it";
            ReopenAppeal: Post "/api/me/appeals/{appeal}/reopening" { appeal: i64 }
                AppealReopening => 200 Json Appeal, SIGNED_IN, "Not satisfied: send an answered appeal back, within 7 days of closing";
            ListDepartmentAppeals: Get "/api/departments/{dept}/appeals" { dept: String }
                AppealQueueQuery => 200 Json AppealQueue, Access::DepartmentMember("dept"), "The department's open appeals, soonest deadline first";
            GetDepartmentAppeal: Get "/api/departments/{dept}/appeals/{appeal}" { dept: String, appeal: i64 }
                () => 200 Json Appeal, Access::DepartmentMember("dept"), "One appeal the department holds, or was asked to help with";
            ClaimAppeal: Post "/api/departments/{dept}/appeals/{appeal}/claim" { dept: String, appeal: i64 }
                () => 200 Json Appeal, Access::DepartmentMember("dept"), "Take an appeal (首问负责): the first to take it answers for it";
            ReplyToAppeal: Post "/api/departments/{dept}/appeals/{appeal}/reply" { dept: String, appeal: i64 }
                AppealReply => 200 Json Appeal, Access::DepartmentMember("dept"), "Answer an appeal one has taken";
            WriteToMyAppeal: Post "/api/me/appeals/{appeal}/messages" { appeal: i64 }
                AppealMessage => 201 Json Appeal, SIGNED_IN, "Write in the thread of an appeal of mine still open";
            WriteToAppeal: Post "/api/departments/{dept}/appeals/{appeal}/messages" { dept: String, appeal: i64 }
                AppealMessage => 201 Json Appeal, Access::DepartmentMember("dept"), "Write in an appeal's thread: its holder, or a department asked to help (giving its help)";
            AskForAppealHelp: Post "/api/departments/{dept}/appeals/{appeal}/help" { dept: String, appeal: i64 }
                AppealHelpRequest => 200 Json Appeal, Access::DepartmentMember("dept"), "Ask another department to help (协办), keeping the appeal";
            ListAppealsToHelp: Get "/api/departments/{dept}/appeals-to-help" { dept: String }
                () => 200 Json AppealQueue, Access::DepartmentMember("dept"), "Appeals other departments asked this one to help with, waiting first";
            AssignAppeal: Put "/api/departments/{dept}/appeals/{appeal}/assignee" { dept: String, appeal: i64 }
                AssignmentRequest => 200 Json Appeal, Access::DepartmentHead("dept"), "Hand an open appeal to a serving colleague (its taker left or is away)";
            ReferAppeal: Post "/api/departments/{dept}/appeals/{appeal}/referral" { dept: String, appeal: i64 }
                AppealReferral => 200 Json Appeal, Access::DepartmentMember("dept"), "Refer legal advice up to the next tier (基层所干部 → 公职律师 → 专业律师), with the reason";
            TransferAppeal: Post "/api/departments/{dept}/appeals/{appeal}/transfer" { dept: String, appeal: i64 }
                AppealTransfer => 200 Json Appeal, Access::DepartmentMember("dept"), "Pass an appeal to the department it belongs to, with the reason";
            GetOpen311Discovery: Get "/open311/v2/discovery.json" {}
                () => 200 Json Open311Discovery, PUBLIC, "Open311 service discovery: the GeoReport v2 endpoint";
            ListOpen311Services: Get "/open311/v2/services.json" {}
                Open311Query => 200 Json Vec<Open311Service>, PUBLIC, "Open311 services: the appeal categories";
            GetOpen311Service: Get "/open311/v2/services/{service}" { service: JsonResource }
                Open311Query => 200 Json Open311ServiceDefinition, PUBLIC, "Open311 service definition: the attributes a request takes";
            ListOpen311Requests: Get "/open311/v2/requests.json" {}
                Open311RequestsQuery => 200 Json Vec<Open311ServiceRequest>, PUBLIC, "Open311 service requests (appeals), newest first, without personal data";
            CreateOpen311Request: Post "/open311/v2/requests.json" {}
                Open311NewRequest => 201 Json Vec<Open311Created>, SIGNED_IN, "File an appeal about a business I own, as an Open311 form";
            GetOpen311Request: Get "/open311/v2/requests/{request}" { request: JsonResource }
                Open311Query => 200 Json Vec<Open311ServiceRequest>, PUBLIC, "One Open311 service request by its id (the receipt number)";
            SetAppealRoute: Put "/api/admin/appeal-categories/{category}" { category: String }
                AppealRouteChange => 200 Json CategoryNotice, ADMIN, "Route an appeal category to a department, with its deadlines to take and to answer";
        }
    }
}

#[cfg(test)]
mod stats_tests {
    use super::*;

    fn department(code: &str, zh: &str, answered: u32, on_time: u32) -> AppealDepartmentStats {
        AppealDepartmentStats {
            department: Named { code: code.into(), zh: zh.into(), en: "Tax Bureau".into() },
            received: 4,
            closed: 1,
            answered,
            answered_on_time: on_time,
            median_hours_to_first_reply: (answered > 0).then_some(5.5),
            ratings: 1,
            satisfaction: Some(4.0),
        }
    }

    #[test]
    fn the_csv_has_a_header_and_one_row_per_department_with_empty_cells_for_missing_figures() {
        let stats = AppealStats {
            departments: vec![department("tax", "税务局", 3, 2), department("amr", "市监局", 0, 0)],
        };
        let csv = stats.to_csv();
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert!(lines[0].starts_with("department,department_zh,"), "{}", lines[0]);
        assert_eq!(lines[1], "tax,税务局,Tax Bureau,4,1,3,2,0.667,5.5,1,4");
        assert_eq!(lines[2], "amr,市监局,Tax Bureau,4,1,0,0,,,1,4");
        assert_eq!(lines[3], "", "each row ends with CRLF");
    }

    #[test]
    fn a_cell_with_a_comma_quote_or_formula_is_quoted_or_defused() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_cell("税务局"), "税务局");
    }
}

#[cfg(test)]
mod route_tests {
    use super::*;

    fn route(department: &str, claim_days: u32, reply_days: u32) -> AppealRouteChange {
        AppealRouteChange { department: department.into(), claim_days, reply_days }
    }

    fn fields(change: &AppealRouteChange) -> Vec<String> {
        change.problems().into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn a_route_within_the_schema_s_deadlines_is_accepted() {
        for ok in [route("tax", 0, 1), route("amr", 1, 5), route("justice", MAX_CLAIM_DAYS, MAX_REPLY_DAYS)] {
            assert!(ok.problems().is_empty(), "{ok:?}");
        }
    }

    #[test]
    fn every_bad_field_of_a_route_is_named_at_once() {
        assert_eq!(fields(&route(" ", MAX_CLAIM_DAYS + 1, 0)), ["department", "claim_days", "reply_days"]);
        assert_eq!(fields(&route("tax", 1, MAX_REPLY_DAYS + 1)), ["reply_days"]);
    }

    #[test]
    fn taking_an_appeal_may_not_be_given_longer_than_answering_it() {
        assert_eq!(fields(&route("tax", 6, 5)), ["claim_days"]);
        assert!(route("tax", 5, 5).problems().is_empty());
    }

    #[test]
    fn a_referral_needs_a_reason() {
        assert!(AppealReferral { reason: "  ".into() }.checked().is_err());
        assert_eq!(AppealReferral { reason: " 需要律师意见 ".into() }.checked().as_deref(), Ok("需要律师意见"));
    }
}
