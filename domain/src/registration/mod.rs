//! Registration and licensing 准入准营: the tasks an application fans out to, the statutory clock
//! each runs on, what state an application is in, and whether a shop name may be registered.
//! The bundles ("一类事"), their materials and each task kind's time limit are data (D1,
//! editable by admins); the rules that apply them live here.

pub mod api;
pub mod catalogue_api;
pub(crate) mod kinds;
pub mod lifecycle;
pub mod photos;
pub mod photos_api;

use crate::calendar::Date;
use crate::calendar::workdays::WorkCalendar;
use crate::codes::households::{LicenceKind, vocabulary};
use crate::validation::is_hidden_or_breaking;
use serde::{Deserialize, Serialize};

/// What one department does for an application; an application has one task per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// 设立登记: a new household.
    Establishment,
    /// 变更登记: operator, address, scope or name.
    Change,
    /// 歇业备案: trading paused, for at most three years.
    Suspension,
    /// 恢复营业.
    Resumption,
    /// 注销登记.
    Deregistration,
    /// 个转企: the household becomes a company and keeps its 字号.
    Conversion,
    /// 食品经营许可.
    FoodBusinessLicence,
    /// 仅销售预包装食品备案.
    PrepackagedFoodFiling,
    /// 户外招牌设置.
    OutdoorSignboard,
    /// 水电气网联合报装.
    UtilityConnection,
    /// 公共场所卫生许可 (barbers and salons, where the county still requires it).
    PublicHygieneLicence,
}

impl TaskKind {
    pub const ALL: [TaskKind; 11] = [
        Self::Establishment,
        Self::Change,
        Self::Suspension,
        Self::Resumption,
        Self::Deregistration,
        Self::Conversion,
        Self::FoodBusinessLicence,
        Self::PrepackagedFoodFiling,
        Self::OutdoorSignboard,
        Self::UtilityConnection,
        Self::PublicHygieneLicence,
    ];

    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Establishment => "establishment",
            Self::Change => "change",
            Self::Suspension => "suspension",
            Self::Resumption => "resumption",
            Self::Deregistration => "deregistration",
            Self::Conversion => "conversion",
            Self::FoodBusinessLicence => "food_business_licence",
            Self::PrepackagedFoodFiling => "prepackaged_food_filing",
            Self::OutdoorSignboard => "outdoor_signboard",
            Self::UtilityConnection => "utility_connection",
            Self::PublicHygieneLicence => "public_hygiene_licence",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == s)
    }

    /// Whether the task registers the household itself (and so changes its public record),
    /// as opposed to a permit or service that comes with it.
    pub fn is_registration(self) -> bool {
        matches!(
            self,
            Self::Establishment
                | Self::Change
                | Self::Suspension
                | Self::Resumption
                | Self::Deregistration
                | Self::Conversion
        )
    }

    /// The licence an approved task of this kind grants, if it grants one: until then the
    /// business may be registered but may not do what the licence allows.
    pub fn licence(self) -> Option<LicenceKind> {
        match self {
            Self::FoodBusinessLicence => Some(LicenceKind::FoodBusiness),
            Self::PrepackagedFoodFiling => Some(LicenceKind::PrepackagedFoodFiling),
            Self::PublicHygieneLicence => Some(LicenceKind::PublicHygiene),
            _ => None,
        }
    }

    /// What the form an application of this kind is filed with fills in online: the form to
    /// open a business (for its registration and its permits), or the form about a business
    /// one owns, which adds what its own kind needs. A material filled in online that a kind's
    /// form has no part for could never be handed in, so the catalogue refuses it.
    pub fn online_materials(self) -> &'static [OnlineMaterial] {
        use OnlineMaterial::*;
        match self {
            Self::Change | Self::Resumption | Self::Deregistration => &[ApplicationForm],
            Self::Suspension => &[ApplicationForm, ServiceAddress],
            Self::Conversion => &[ApplicationForm, CarryOverList],
            Self::Establishment
            | Self::FoodBusinessLicence
            | Self::PrepackagedFoodFiling
            | Self::OutdoorSignboard
            | Self::UtilityConnection
            | Self::PublicHygieneLicence => &[ApplicationForm, FoodSafetyManager, UtilityAccounts],
        }
    }
}

vocabulary! {
    /// A material handed in by filling in the form rather than as a photo (在线填写). The
    /// one-time notice lists it, and the form has a part for it: nothing the notice says is
    /// filled in online is missing from the form, which is why the staff never need to ask.
    OnlineMaterial {
        ApplicationForm = "application_form", "登记申请书", "The application form";
        FoodSafetyManager = "food_safety_manager", "食品安全管理人员信息", "The food safety manager's details";
        UtilityAccounts = "utility_accounts", "已有的用水、用电、用气户号", "Existing water, power and gas account numbers";
        ServiceAddress = "service_address", "歇业期间的法律文书送达地址", "An address for legal documents while suspended";
        CarryOverList = "carry_over_list", "带入企业的商标、专利和荣誉清单", "Trademarks, patents and honours carried into the company";
    }
}

impl OnlineMaterial {
    /// The fields of the request that hand it in, as a refusal names them; the application
    /// form is the whole form, every field of it.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Self::ApplicationForm => &[],
            Self::FoodSafetyManager => {
                &["food_safety_manager.name", "food_safety_manager.id_number", "food_safety_manager.phone"]
            }
            Self::UtilityAccounts => &["utility_accounts.water", "utility_accounts.power", "utility_accounts.gas"],
            Self::ServiceAddress => &["service_address"],
            Self::CarryOverList => &["carry_over"],
        }
    }
}

/// An application's number (申请号) as its applicant is shown it and staff look it up: the
/// desk's search box takes exactly this.
pub fn application_number(id: i64) -> String {
    id.to_string()
}

/// The application an applicant's quoted number names, as staff type it: the number, perhaps
/// after 申请号, `No.` or `#`.
pub fn parse_application_number(typed: &str) -> Option<i64> {
    let number = typed
        .trim()
        .trim_start_matches("申请号")
        .trim_start_matches("No.")
        .trim_start_matches(['#', '＃', ':', '：', ' ']);
    number.parse::<i64>().ok().filter(|id| *id > 0 && application_number(*id) == number)
}

/// The most applications to open a business one person may have open (being handled, or
/// returned and not yet corrected) at once: enough for a family's shops, not enough to hold
/// names or flood the departments' queues with made-up operators.
pub const MAX_OPEN_APPLICATIONS: u32 = 3;

/// Working days an applicant has to send a returned application again. After that it is
/// deemed withdrawn (逾期未补正视为撤回): its other tasks close and the name it held is free.
pub const CORRECTION_WORKING_DAYS: u32 = 15;

/// The last day to correct an application returned on `returned_on`.
pub fn correct_by(returned_on: Date, calendar: &WorkCalendar) -> Date {
    calendar.add_working_days(returned_on, CORRECTION_WORKING_DAYS)
}

/// The text telling an applicant their return lapsed: the shop, what happened, where to look.
pub fn lapsed_text(shop_name: &str) -> String {
    format!("【个体码】您申请的“{shop_name}”逾期未补正，已视为撤回，名称不再保留，详见个体码“我的申请”。")
}

/// 歇业 lasts at most three years (市场主体登记管理条例 art. 30).
pub const MAX_SUSPENSION_YEARS: i32 = 3;

/// A task's statutory clock (限时办结), in working days. It runs from acceptance, stops while
/// the applicant corrects (补正), and goes on with what was left when they resubmit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// The time limit in working days; 0 means on the spot (the day of acceptance).
    pub limit_days: u32,
    /// Working days used in earlier runs, before corrections stopped the clock.
    pub used_days: u32,
    /// When the current run started; `None` while stopped for a correction or once decided.
    pub running_since: Option<Date>,
}

impl Clock {
    /// A clock started on the day an application is accepted.
    pub fn start(limit_days: u32, accepted_on: Date) -> Self {
        Self { limit_days, used_days: 0, running_since: Some(accepted_on) }
    }

    /// The clock's last day, while it runs: what is left of the limit, counted in working days
    /// from the day it (re)started.
    pub fn due(&self, calendar: &WorkCalendar) -> Option<Date> {
        let since = self.running_since?;
        Some(calendar.add_working_days(since, self.limit_days.saturating_sub(self.used_days)))
    }

    /// A clock started for an application filed on `filed_on`: one filed on a weekend or a
    /// holiday is accepted on the next working day, and counts from there.
    pub fn accept(limit_days: u32, filed_on: Date, calendar: &WorkCalendar) -> Self {
        Self::start(limit_days, accepted_on(filed_on, calendar))
    }

    /// Working days left on `today` (negative once overdue), while the clock runs.
    pub fn days_left(&self, calendar: &WorkCalendar, today: Date) -> Option<i64> {
        Some(calendar.working_days_between(today, self.due(calendar)?))
    }

    /// Past its last day: what the overdue lists and the cron trigger also ask (`due_on < today`).
    pub fn is_overdue(&self, calendar: &WorkCalendar, today: Date) -> bool {
        self.due(calendar).is_some_and(|due| due < today)
    }

    /// Stops the clock on `today` for a correction; the working days since it started count
    /// as used. Stopping a stopped clock changes nothing.
    pub fn pause(self, calendar: &WorkCalendar, today: Date) -> Self {
        let Some(since) = self.running_since else { return self };
        let run = calendar.working_days_between(since, today).max(0) as u32;
        Self { used_days: self.used_days.saturating_add(run), running_since: None, ..self }
    }

    /// Starts the clock again when corrected materials arrive on `today` (the next working
    /// day when they arrive on a day off), with what was left of the limit.
    pub fn resume(self, today: Date, calendar: &WorkCalendar) -> Self {
        match self.running_since {
            Some(_) => self,
            None => Self { running_since: Some(accepted_on(today, calendar)), ..self },
        }
    }
}

/// The day something handed in on `day` is taken up: that day if it is a working day, else
/// the next one.
fn accepted_on(day: Date, calendar: &WorkCalendar) -> Date {
    match day.previous_day() {
        Some(eve) if !calendar.is_working_day(day) => calendar.add_working_days(eve, 1),
        _ => day,
    }
}

vocabulary! {
    /// Where one department's task stands: waiting for the department (unassigned or being
    /// reviewed); sent back with one consolidated list of what to correct (the clock is
    /// stopped); approved; refused; or closed undecided because another department refused
    /// the application.
    TaskStatus {
        InReview = "in_review", "审核中", "In review";
        Returned = "returned", "待补正", "Needs correction";
        Approved = "approved", "已准予", "Approved";
        Rejected = "rejected", "不予办理", "Refused";
        /// Ended undecided: another task was refused, or the applicant withdrew.
        Closed = "closed", "已终止", "Closed";
    }
}

/// What a department decides on a task in review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    /// Back to the applicant with one consolidated list of corrections (补正一次性告知).
    Return,
    /// Refused, with the reason.
    Reject,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Return => "return",
            Self::Reject => "reject",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Approve, Self::Return, Self::Reject].into_iter().find(|d| d.as_str() == s)
    }

    /// In words, as the audit log shows it.
    pub fn label(self) -> crate::codes::households::Label {
        let (zh, en) = match self {
            Self::Approve => ("准予办理", "Approved"),
            Self::Return => ("退回补正", "Returned for correction"),
            Self::Reject => ("不予办理", "Refused"),
        };
        crate::codes::households::Label { zh, en }
    }

    /// The task's status once decided.
    pub fn status(self) -> TaskStatus {
        match self {
            Self::Approve => TaskStatus::Approved,
            Self::Return => TaskStatus::Returned,
            Self::Reject => TaskStatus::Rejected,
        }
    }
}

/// Most corrections one return may list, and the longest each may be.
pub const MAX_CORRECTIONS: usize = 20;
pub const MAX_CORRECTION_CHARS: usize = 200;
/// The longest note or reason a decision may carry.
pub const MAX_NOTE_CHARS: usize = 500;

/// Why a decision cannot be recorded, by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionProblem {
    /// A return lists nothing to correct, too much, or an item empty, too long or broken.
    Corrections,
    /// A refusal without its reason, or a note too long or with hidden characters.
    Note,
}

impl DecisionProblem {
    pub fn field(self) -> &'static str {
        match self {
            Self::Corrections => "corrections",
            Self::Note => "note",
        }
    }

    pub fn bilingual(self) -> (String, String) {
        match self {
            Self::Corrections => (
                format!(
                    "退回补正时请逐条列出需要补正的内容（1–{MAX_CORRECTIONS}条，每条不超过{MAX_CORRECTION_CHARS}字）"
                ),
                format!(
                    "List each correction needed (1 to {MAX_CORRECTIONS} items, each up to {MAX_CORRECTION_CHARS} characters)"
                ),
            ),
            Self::Note => (
                format!("不予办理时请写明理由；说明不超过{MAX_NOTE_CHARS}字"),
                format!("Give the reason for a refusal; a note has at most {MAX_NOTE_CHARS} characters"),
            ),
        }
    }
}

vocabulary! {
    /// What an applicant may say about the service in a rating (好差评), good and bad.
    RatingTag {
        Quick = "quick", "办得快", "Quick";
        ToldOnce = "told_once", "一次讲清", "Told everything at once";
        Courteous = "courteous", "态度好", "Courteous";
        Slow = "slow", "办得慢", "Slow";
        RoundTrips = "round_trips", "来回补正", "Sent back and forth";
        Unclear = "unclear", "说不清楚", "Unclear";
    }
}

/// A rating at or below this opens a rectification task for the department's head.
pub const RECTIFY_AT_OR_BELOW: u8 = 2;
/// The longest comment a rating carries.
pub const MAX_RATING_COMMENT_CHARS: usize = 300;

/// Checks a rating: a score of 1–5, each tag once, a comment of at most
/// [`MAX_RATING_COMMENT_CHARS`] without hidden characters. Every problem is named, by field.
pub fn check_rating(score: u8, tags: &[RatingTag], comment: &str) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut problems = Vec::new();
    if !(1..=5).contains(&score) {
        problems.push(("score", "请选择1到5分", "Choose a score from 1 to 5"));
    }
    let repeated = tags.iter().enumerate().any(|(i, tag)| tags[..i].contains(tag));
    if repeated || tags.len() > RatingTag::ALL.len() {
        problems.push(("tags", "每个标签只能选一次", "Choose each tag at most once"));
    }
    let comment = comment.trim();
    if comment.chars().count() > MAX_RATING_COMMENT_CHARS
        || comment.chars().any(|c| c != '\n' && is_hidden_or_breaking(c))
    {
        problems.push(("comment", "评价内容不超过300字", "A comment has at most 300 characters"));
    }
    problems
}

/// Checks what an applicant says they corrected when sending a returned application again:
/// said in words (1 to [`MAX_NOTE_CHARS`] characters, line breaks allowed), trimmed.
pub fn check_correction_note(note: &str) -> Result<String, (&'static str, &'static str)> {
    let note = note.trim();
    let fits = (1..=MAX_NOTE_CHARS).contains(&note.chars().count())
        && !note.chars().any(|c| c != '\n' && is_hidden_or_breaking(c));
    if fits {
        Ok(note.to_string())
    } else {
        Err(("请说明补正了哪些内容（不超过500字）", "Say what you corrected (up to 500 characters)"))
    }
}

/// Checks a decision's note and corrections: a return lists what to correct, all at once; a
/// refusal says why. Every problem is found, not only the first.
pub fn check_decision(decision: Decision, note: &str, corrections: &[String]) -> Result<(), Vec<DecisionProblem>> {
    let mut problems = Vec::new();
    let fits = |text: &str, max: usize| text.chars().count() <= max && !text.chars().any(is_hidden_or_breaking);
    let note = note.trim();
    let item_ok = |item: &String| !item.trim().is_empty() && fits(item.trim(), MAX_CORRECTION_CHARS);
    let corrections_ok = match decision {
        Decision::Return => (1..=MAX_CORRECTIONS).contains(&corrections.len()) && corrections.iter().all(item_ok),
        Decision::Approve | Decision::Reject => corrections.is_empty(),
    };
    if !corrections_ok {
        problems.push(DecisionProblem::Corrections);
    }
    let note_ok = note.chars().count() <= MAX_NOTE_CHARS
        && !note.chars().any(|c| c != '\n' && is_hidden_or_breaking(c))
        && (decision != Decision::Reject || !note.is_empty());
    if !note_ok {
        problems.push(DecisionProblem::Note);
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// The same day `years` on, as a licence issued on `issued` runs until; one issued on
/// 29 February runs to the 28th when the later year has none.
pub fn years_on(issued: Date, years: i32) -> Date {
    let year = issued.year() + years;
    issued.replace_year(year).or_else(|_| issued.replace_day(28).and_then(|d| d.replace_year(year))).unwrap_or(issued)
}

/// A key the app makes once per submission (letters, digits and dashes, 16–64 of them).
pub fn is_idempotency_key(key: &str) -> bool {
    (16..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The field error for a request key that is not one the app makes, if it is not.
pub fn idempotency_key_problem(key: &str) -> Option<crate::api::errors::FieldError> {
    (!is_idempotency_key(key)).then(|| {
        crate::api::errors::FieldError::new(
            "idempotency_key",
            "请求编号无效，请刷新后重试",
            "Invalid request key: reload and try again",
        )
    })
}

vocabulary! {
    /// Where a whole application stands, derived from its tasks and never stored on its own:
    /// needing correction while a department asks for it and none has refused; approved once
    /// every department has; refused once one has; withdrawn once its applicant ended it.
    ApplicationStatus {
        InReview = "in_review", "审核中", "In review";
        NeedsCorrection = "needs_correction", "待补正", "Needs correction";
        Approved = "approved", "已办结", "Approved";
        Rejected = "rejected", "不予办理", "Refused";
        Withdrawn = "withdrawn", "已撤回", "Withdrawn";
    }
}

impl ApplicationStatus {
    /// The application's status from its tasks': one refusal decides it; a task closed with
    /// none refused was withdrawn; then any correction asked for, and only when every task is
    /// approved is it approved.
    pub fn of(tasks: impl IntoIterator<Item = TaskStatus>) -> Self {
        let (mut any, mut rejected, mut closed, mut returned, mut all_approved) = (false, false, false, false, true);
        for task in tasks {
            any = true;
            rejected |= task == TaskStatus::Rejected;
            closed |= task == TaskStatus::Closed;
            returned |= task == TaskStatus::Returned;
            all_approved &= task == TaskStatus::Approved;
        }
        match () {
            _ if rejected => Self::Rejected,
            _ if closed => Self::Withdrawn,
            _ if returned => Self::NeedsCorrection,
            _ if any && all_approved => Self::Approved,
            _ => Self::InReview,
        }
    }
}

/// The refusal for a county that is not one of Wenzhou's, as the `county` field's message.
pub const UNKNOWN_COUNTY: (&str, &str) = ("请选择温州的一个县（市、区）", "Choose one of Wenzhou's counties");
/// The refusal for a trade that is not on the list, as the `trade` field's message.
pub const UNKNOWN_TRADE: (&str, &str) = ("请选择经营行业", "Choose the trade");
/// The refusal for premises not picked from the county's standard addresses.
pub const UNLISTED_ADDRESS: (&str, &str) =
    ("请从标准地址库中选择该县的经营场所", "Choose the premises from the county's standard addresses");

/// The refusal of an operator's phone that is not the one the applicant signed in with: the
/// operator applies from their own account, whose phone a sign-in code has proved.
pub const NOT_MY_PHONE: (&str, &str) = (
    "经营者手机号须是您登录用的手机号（由经营者本人申请）",
    "The operator's mobile number must be the one you signed in with: the operator applies in person",
);
/// The refusal for an account signed in without a phone (through WeChat).
pub const NOT_SIGNED_IN_BY_PHONE: (&str, &str) = (
    "请退出后用经营者本人的手机号登录，再提交申请",
    "Sign out and sign in with the operator's own mobile number, then send the application",
);
/// The refusal of an operator's ID number other than the one the account already gave.
pub const NOT_MY_ID_NUMBER: (&str, &str) = (
    "与您账号登记的身份证号不一致（由经营者本人申请）",
    "It differs from the ID number your account gave: the operator applies in person",
);

/// The longest 字号 (trade name) a household name may carry.
pub const MAX_NAME_CHARS: usize = 30;

/// Words a household's name may not contain (个体工商户名称登记管理 rules: no state or party
/// organs, no other countries or international bodies, nothing that claims a status a
/// household cannot have). Admins extend it through the data, not here.
const FORBIDDEN: &[(&str, &str, &str)] = &[
    ("中国", "名称不能使用“中国”“中华”“全国”“国家”等字词", "A name may not use 中国, 中华, 全国 or 国家"),
    ("中华", "名称不能使用“中国”“中华”“全国”“国家”等字词", "A name may not use 中国, 中华, 全国 or 国家"),
    ("全国", "名称不能使用“中国”“中华”“全国”“国家”等字词", "A name may not use 中国, 中华, 全国 or 国家"),
    ("国家", "名称不能使用“中国”“中华”“全国”“国家”等字词", "A name may not use 中国, 中华, 全国 or 国家"),
    ("国际", "名称不能使用“国际”字样", "A name may not use 国际 (international)"),
    ("政府", "名称不能含有党政机关名称", "A name may not name a party or state organ"),
    ("人民", "名称不能含有党政机关名称", "A name may not name a party or state organ"),
    ("公安", "名称不能含有党政机关名称", "A name may not name a party or state organ"),
    ("部队", "名称不能含有部队番号或名称", "A name may not name an army unit"),
    ("集团", "个体工商户不能称“集团”“公司”", "A household may not call itself a group or company"),
    ("公司", "个体工商户不能称“集团”“公司”", "A household may not call itself a group or company"),
    ("银行", "名称不能含有需要专门许可的金融字样", "A name may not claim a licensed financial business"),
    ("证券", "名称不能含有需要专门许可的金融字样", "A name may not claim a licensed financial business"),
    ("保险", "名称不能含有需要专门许可的金融字样", "A name may not claim a licensed financial business"),
];

/// How a company's name may end: a household converts into a limited company (个转企).
const COMPANY_FORMS: &[&str] = &["有限责任公司", "有限公司"];

/// The longest company name accepted: the longest household name and the longest form.
pub const MAX_COMPANY_NAME_CHARS: usize = MAX_NAME_CHARS + 6;

/// Checks the name of the company a household becomes: Chinese characters ending in its form
/// (有限公司), none of the household's forbidden words before it, and the household's 字号
/// kept — at least two characters in a row from the middle of the household's name, so a
/// conversion cannot quietly become a different business. Staff confirm the rest.
pub fn check_company_name(name: &str, household_name: &str) -> Result<String, (String, String)> {
    let name = name.trim();
    let chars = name.chars().count();
    let Some(stem) = COMPANY_FORMS.iter().find_map(|form| name.strip_suffix(form)) else {
        return Err((
            "企业名称应以“有限公司”或“有限责任公司”结尾".into(),
            "The company's name ends in 有限公司 or 有限责任公司".into(),
        ));
    };
    let shape = || {
        (
            format!("请填写企业名称，最多{MAX_COMPANY_NAME_CHARS}个字，中间不留空格"),
            format!("Give the company's name, up to {MAX_COMPANY_NAME_CHARS} characters, without spaces"),
        )
    };
    if chars > MAX_COMPANY_NAME_CHARS || stem.chars().count() < 2 || name.chars().any(char::is_whitespace) {
        return Err(shape());
    }
    match check_name(stem) {
        Ok(_) => {}
        Err(NameProblem::NotChinese) => {
            return Err((
                "企业名称应使用汉字，不能含字母或数字".into(),
                "Write the company's name in Chinese characters, without letters or digits".into(),
            ));
        }
        Err(NameProblem::Forbidden { word, zh, en }) => {
            return Err((format!("{zh}（含“{word}”）"), format!("{en} (it contains {word})")));
        }
        Err(_) => return Err(shape()),
    }
    // A name is usually place + 字号 + trade (鹿城 郑记 面馆): its first and last two
    // characters name the place and the trade, which any business may share.
    let household: Vec<char> = household_name.chars().collect();
    let pairs: Vec<String> = household.windows(2).map(|pair| pair.iter().collect()).collect();
    let inner = pairs.get(1..pairs.len().saturating_sub(1)).unwrap_or_default();
    if !inner.iter().any(|pair| stem.contains(pair.as_str())) {
        return Err((
            format!("个转企应保留原字号，企业名称里要有“{household_name}”的字号"),
            format!("A conversion keeps the trade name: use the 字号 of {household_name} in the company's name"),
        ));
    }
    Ok(name.to_string())
}

vocabulary! {
    /// What a household carries into the company it becomes (个转企).
    CarryOverKind {
        Trademark = "trademark", "商标", "Trademark";
        Patent = "patent", "专利", "Patent";
        Honour = "honour", "荣誉", "Honour";
    }
}

/// The most items a conversion carries over, and the longest name and number of each.
pub const MAX_CARRY_OVER: usize = 20;
pub const MAX_CARRY_OVER_NAME_CHARS: usize = 60;
pub const MAX_CARRY_OVER_NUMBER_CHARS: usize = 40;

/// Why a proposed household name cannot be registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// Empty, too long, or with hidden or line-breaking characters.
    Shape,
    /// Latin letters or digits: a registered name is written in Chinese characters.
    NotChinese,
    /// A forbidden word, with the rule it breaks.
    Forbidden { word: &'static str, zh: &'static str, en: &'static str },
    /// A business of the same trade in the same county already has it.
    Taken,
}

impl NameProblem {
    pub fn bilingual(&self) -> (String, String) {
        match self {
            Self::Shape => (
                format!("请填写店名，最多{MAX_NAME_CHARS}个字"),
                format!("Give the shop's name, up to {MAX_NAME_CHARS} characters"),
            ),
            Self::NotChinese => (
                "店名应使用汉字，不能含字母或数字".into(),
                "Write the name in Chinese characters, without letters or digits".into(),
            ),
            Self::Forbidden { word, zh, en } => (format!("{zh}（含“{word}”）"), format!("{en} (it contains {word})")),
            Self::Taken => (
                "本县（市、区）同一行业已有这个名称，或正在申请中，请换一个字号".into(),
                "This county already has, or is registering, a business of this trade by that name; choose another"
                    .into(),
            ),
        }
    }
}

/// Whether `name` (as typed) may be registered as a household's name, on the rules alone;
/// whether the same name is taken in the same county and trade is the database's to say.
pub fn check_name(name: &str) -> Result<String, NameProblem> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_NAME_CHARS || name.chars().any(is_hidden_or_breaking) {
        return Err(NameProblem::Shape);
    }
    // Brackets mark a branch or place (温州市鹿城区小李面馆（五马店）) and are allowed.
    if !name.chars().all(|c| is_cjk(c) || matches!(c, '（' | '）' | '·')) {
        return Err(NameProblem::NotChinese);
    }
    if let Some(&(word, zh, en)) = FORBIDDEN.iter().find(|(word, ..)| name.contains(word)) {
        return Err(NameProblem::Forbidden { word, zh, en });
    }
    Ok(name.to_string())
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2EBEF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::workdays::{OFFICIAL_2026_CSV, parse_csv};
    use time::macros::date;

    #[test]
    fn a_company_keeps_the_household_s_trade_name_and_ends_in_its_form() {
        assert_eq!(check_company_name(" 温州郑记餐饮有限公司 ", "鹿城郑记面馆"), Ok("温州郑记餐饮有限公司".into()));
        assert!(check_company_name("温州郑记餐饮有限责任公司", "鹿城郑记面馆").is_ok());
        for (name, says) in [
            ("温州郑记餐饮店", "有限公司"),
            ("温州王氏餐饮有限公司", "字号"),
            ("鹿城王氏面馆有限公司", "字号"),
            ("中国郑记餐饮有限公司", "中国"),
            ("温州郑记餐饮 有限公司", "空格"),
            ("Zhengji有限公司", "汉字"),
            ("有限公司", "最多"),
        ] {
            let (zh, en) = check_company_name(name, "鹿城郑记面馆").unwrap_err();
            assert!(zh.contains(says), "{name}: {zh}");
            assert!(!en.is_empty());
        }
    }

    fn official_2026() -> WorkCalendar {
        WorkCalendar::new(parse_csv(OFFICIAL_2026_CSV).unwrap(), [2026])
    }

    #[test]
    fn a_return_lapses_fifteen_working_days_on_and_a_holiday_gives_more_time() {
        let calendar = official_2026();
        // Returned on Monday 2 Nov: three weeks of working days.
        assert_eq!(correct_by(date!(2026 - 11 - 02), &calendar), date!(2026 - 11 - 23));
        // Returned on Monday 28 Sep: National Day's week off does not count.
        assert_eq!(correct_by(date!(2026 - 09 - 28), &calendar), date!(2026 - 10 - 23));
        let text = lapsed_text("鹿城阿福面馆");
        assert!(
            text.starts_with("【个体码】") && text.contains("“鹿城阿福面馆”") && text.contains("我的申请"),
            "{text}"
        );
        assert!(text.chars().count() <= 70, "one text message: {text}");
    }

    #[test]
    fn an_application_number_reads_back_as_staff_type_it() {
        for typed in ["128", " 128 ", "申请号 128", "申请号：128", "#128", "No. 128"] {
            assert_eq!(parse_application_number(typed), Some(128), "{typed}");
        }
        assert_eq!(parse_application_number(&application_number(128)), Some(128));
        for wrong in ["", "0", "-3", "12a", "+128", "0128"] {
            assert_eq!(parse_application_number(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn the_open_applications_limit_is_the_one_its_refusal_names() {
        let (zh, en) = crate::api::errors::ErrorKind::TooManyOpenApplications.message();
        assert!(
            zh.contains(&format!("{MAX_OPEN_APPLICATIONS}份")) && en.contains(&format!("{MAX_OPEN_APPLICATIONS} "))
        );
    }

    #[test]
    fn each_permit_names_the_licence_it_grants_and_registrations_grant_none() {
        use crate::codes::households::LicenceKind;
        assert_eq!(TaskKind::FoodBusinessLicence.licence(), Some(LicenceKind::FoodBusiness));
        assert_eq!(TaskKind::PublicHygieneLicence.licence(), Some(LicenceKind::PublicHygiene));
        assert!(TaskKind::ALL.iter().filter(|k| k.is_registration()).all(|k| k.licence().is_none()));
        for kind in TaskKind::ALL {
            assert!(kind.online_materials().contains(&OnlineMaterial::ApplicationForm), "{kind:?} has a form");
        }
    }

    #[test]
    fn a_three_day_limit_accepted_before_national_day_ends_after_the_holiday() {
        // Accepted Tuesday 29 Sep: Wed 30 Sep is day 1, 1–7 Oct are off, Sat 10 Oct is a
        // make-up working day and counts.
        let clock = Clock::start(3, date!(2026 - 09 - 29));
        assert_eq!(clock.due(&official_2026()), Some(date!(2026 - 10 - 09)));
        let clock = Clock::start(4, date!(2026 - 09 - 29));
        assert_eq!(clock.due(&official_2026()), Some(date!(2026 - 10 - 10)), "the make-up Saturday is a working day");
    }

    #[test]
    fn an_application_filed_on_a_holiday_is_accepted_on_the_next_working_day() {
        let calendar = official_2026();
        // Filed on Saturday 3 October, in the National Day holiday: accepted Thursday 8 October.
        let clock = Clock::accept(0, date!(2026 - 10 - 03), &calendar);
        assert_eq!(clock.running_since, Some(date!(2026 - 10 - 08)));
        assert_eq!(clock.due(&calendar), Some(date!(2026 - 10 - 08)), "on the spot means that working day");
        let weekday = Clock::accept(3, date!(2026 - 11 - 25), &calendar);
        assert_eq!(weekday.running_since, Some(date!(2026 - 11 - 25)));
    }

    #[test]
    fn on_the_spot_is_due_the_day_it_is_accepted() {
        let clock = Clock::start(0, date!(2026 - 11 - 25));
        assert_eq!(clock.due(&official_2026()), Some(date!(2026 - 11 - 25)));
        assert_eq!(clock.days_left(&official_2026(), date!(2026 - 11 - 25)), Some(0));
        assert!(clock.is_overdue(&official_2026(), date!(2026 - 11 - 26)));
    }

    #[test]
    fn a_correction_round_stops_the_clock_and_resubmission_goes_on_with_what_was_left() {
        let calendar = official_2026();
        // Ten working days from Monday 2 Nov; returned on Wednesday 4 Nov after two were used.
        let clock = Clock::start(10, date!(2026 - 11 - 02)).pause(&calendar, date!(2026 - 11 - 04));
        assert_eq!((clock.used_days, clock.due(&calendar)), (2, None));
        assert!(!clock.is_overdue(&calendar, date!(2027 - 01 - 01)), "a stopped clock is never overdue");
        // Resubmitted on Monday 16 Nov: eight working days left.
        let clock = clock.resume(date!(2026 - 11 - 16), &calendar);
        assert_eq!(clock.due(&calendar), Some(date!(2026 - 11 - 26)));
        assert_eq!(clock.days_left(&calendar, date!(2026 - 11 - 25)), Some(1));
    }

    #[test]
    fn materials_corrected_on_a_day_off_restart_the_clock_on_the_next_working_day() {
        let calendar = official_2026();
        let paused = Clock::start(3, date!(2026 - 09 - 28)).pause(&calendar, date!(2026 - 09 - 29));
        // Handed in on National Day (Thursday 1 Oct): the holiday runs to 7 Oct, so it is taken
        // up on Thursday 8 Oct, and Saturday 10 Oct, a make-up working day, is the second left.
        let resumed = paused.resume(date!(2026 - 10 - 01), &calendar);
        assert_eq!(resumed.running_since, Some(date!(2026 - 10 - 08)));
        assert_eq!(resumed.due(&calendar), Some(date!(2026 - 10 - 10)));
    }

    #[test]
    fn a_correction_note_says_something_in_at_most_500_characters() {
        assert_eq!(
            check_correction_note("  已补交租赁合同\n已更正地址  ").as_deref(),
            Ok("已补交租赁合同\n已更正地址")
        );
        assert!(check_correction_note("   ").is_err());
        assert!(check_correction_note(&"补".repeat(MAX_NOTE_CHARS + 1)).is_err());
        assert!(check_correction_note("隐\u{200b}藏").is_err());
        assert_eq!(MAX_NOTE_CHARS, 500, "the message says 500");
    }

    #[test]
    fn a_rating_is_a_score_of_one_to_five_with_each_tag_once_and_a_short_comment() {
        assert!(check_rating(5, &[RatingTag::Quick, RatingTag::Courteous], "很快").is_empty());
        assert!(check_rating(1, &[], "").is_empty());
        let fields = |problems: Vec<(&'static str, &'static str, &'static str)>| {
            problems.into_iter().map(|p| p.0).collect::<Vec<_>>()
        };
        assert_eq!(fields(check_rating(0, &[], "")), ["score"]);
        assert_eq!(
            fields(check_rating(6, &[RatingTag::Slow, RatingTag::Slow], &"慢".repeat(301))),
            ["score", "tags", "comment"]
        );
        assert_eq!(MAX_RATING_COMMENT_CHARS, 300, "the message says 300");
    }

    #[test]
    fn pausing_or_resuming_twice_changes_nothing() {
        let calendar = official_2026();
        let paused = Clock::start(5, date!(2026 - 11 - 02)).pause(&calendar, date!(2026 - 11 - 03));
        assert_eq!(paused.pause(&calendar, date!(2026 - 11 - 20)), paused);
        let running = paused.resume(date!(2026 - 11 - 09), &calendar);
        assert_eq!(running.resume(date!(2026 - 11 - 20), &calendar), running);
    }

    #[test]
    fn an_overrun_clock_counts_negative_working_days() {
        let calendar = official_2026();
        let clock = Clock::start(3, date!(2026 - 11 - 02));
        assert_eq!(clock.due(&calendar), Some(date!(2026 - 11 - 05)));
        assert_eq!(clock.days_left(&calendar, date!(2026 - 11 - 09)), Some(-2));
        assert!(clock.is_overdue(&calendar, date!(2026 - 11 - 06)));
    }

    #[test]
    fn one_refusal_decides_an_application_then_any_correction_then_all_approvals() {
        use TaskStatus::*;
        assert_eq!(ApplicationStatus::of([Approved, Rejected, Returned]), ApplicationStatus::Rejected);
        assert_eq!(ApplicationStatus::of([Rejected, Closed, Closed]), ApplicationStatus::Rejected);
        assert_eq!(ApplicationStatus::of([Approved, Closed]), ApplicationStatus::Withdrawn, "what was left, withdrawn");
        assert_eq!(ApplicationStatus::of([Closed, Closed]), ApplicationStatus::Withdrawn);
        assert_eq!(ApplicationStatus::of([Approved, Returned, InReview]), ApplicationStatus::NeedsCorrection);
        assert_eq!(ApplicationStatus::of([Approved, InReview]), ApplicationStatus::InReview);
        assert_eq!(ApplicationStatus::of([Approved, Approved]), ApplicationStatus::Approved);
        assert_eq!(ApplicationStatus::of([]), ApplicationStatus::InReview, "no tasks approve nothing");
    }

    #[test]
    fn a_return_must_list_its_corrections_and_a_refusal_must_say_why() {
        let items = |n: usize| vec!["补充租赁合同第2页".to_string(); n];
        assert_eq!(check_decision(Decision::Return, "", &items(2)), Ok(()));
        assert_eq!(check_decision(Decision::Return, "", &[]), Err(vec![DecisionProblem::Corrections]));
        assert_eq!(
            check_decision(Decision::Return, "", &items(MAX_CORRECTIONS + 1)),
            Err(vec![DecisionProblem::Corrections])
        );
        assert_eq!(check_decision(Decision::Return, "", &["  ".into()]), Err(vec![DecisionProblem::Corrections]));
        assert_eq!(check_decision(Decision::Reject, " ", &[]), Err(vec![DecisionProblem::Note]));
        assert_eq!(check_decision(Decision::Reject, "经营场所不在标准地址库", &[]), Ok(()));
        assert_eq!(check_decision(Decision::Approve, "", &[]), Ok(()));
        assert_eq!(
            check_decision(Decision::Approve, &"字".repeat(MAX_NOTE_CHARS + 1), &items(1)),
            Err(vec![DecisionProblem::Corrections, DecisionProblem::Note]),
            "every problem at once"
        );
    }

    #[test]
    fn decisions_round_trip_and_read_as_words() {
        for decision in [Decision::Approve, Decision::Return, Decision::Reject] {
            assert_eq!(Decision::parse(decision.as_str()), Some(decision));
            assert_eq!(serde_json::to_value(decision).unwrap(), decision.as_str());
        }
        assert_eq!(Decision::Return.label().zh, "退回补正");
        let words = crate::audit::changes(None, Some(r#"{"decision":"reject","note":"不在标准地址库"}"#));
        assert_eq!((words[0].after.zh.as_str(), words[0].after.en.as_str()), ("不予办理", "Refused"));
    }

    #[test]
    fn a_licence_runs_to_the_same_day_years_on_and_a_leap_day_one_to_the_28th() {
        assert_eq!(years_on(date!(2026 - 11 - 25), 5), date!(2031 - 11 - 25));
        assert_eq!(years_on(date!(2028 - 02 - 29), 4), date!(2032 - 02 - 29));
        assert_eq!(years_on(date!(2028 - 02 - 29), 5), date!(2033 - 02 - 28));
    }

    #[test]
    fn idempotency_keys_are_plain_and_long_enough_to_be_unique() {
        assert!(is_idempotency_key("3f2b8c1e-6d4a-4b9e-9a7c-2e5f1d0b8a6c"));
        assert!(!is_idempotency_key("short"));
        assert!(!is_idempotency_key("has spaces in it, sixteen+"));
        assert!(!is_idempotency_key(&"a".repeat(65)));
    }

    #[test]
    fn timeline_events_round_trip_and_each_decision_has_its_own() {
        use crate::registration::api::TimelineEvent;
        for &event in TimelineEvent::ALL {
            assert_eq!(TimelineEvent::parse(event.as_str()), Some(event));
            assert_eq!(serde_json::to_value(event).unwrap(), event.as_str());
        }
        assert_eq!(TimelineEvent::from(Decision::Return), TimelineEvent::Returned);
    }

    #[test]
    fn task_kinds_round_trip_and_registrations_are_told_from_permits() {
        for kind in TaskKind::ALL {
            assert_eq!(TaskKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        assert!(TaskKind::Establishment.is_registration());
        assert!(!TaskKind::FoodBusinessLicence.is_registration());
        assert_eq!(TaskKind::parse("Establishment"), None);
    }

    #[test]
    fn the_migration_allows_every_task_kind_and_gives_each_its_department_and_limit() {
        let migration = include_str!("../../../migrations/0006_registration_bundles.sql");
        let (schema, rows) = migration.split_once("INSERT INTO registration_task_kinds").unwrap();
        for kind in TaskKind::ALL {
            assert!(schema.contains(&format!("'{}'", kind.as_str())), "CHECK lists {kind:?}");
            assert!(rows.contains(&format!("('{}', '", kind.as_str())), "a row for {kind:?}");
        }
    }

    #[test]
    fn ordinary_shop_names_pass_and_come_back_tidied() {
        for name in ["鹿城小李面馆", "温州市鹿城区小李面馆（五马店）", " 瓯海阿强理发店 "] {
            assert_eq!(check_name(name).as_deref(), Ok(name.trim()), "{name}");
        }
    }

    #[test]
    fn names_claiming_a_state_organ_or_a_company_are_refused_naming_the_word() {
        for (name, word) in
            [("中华面馆", "中华"), ("人民理发店", "人民"), ("小李餐饮公司", "公司"), ("国际美食城", "国际")]
        {
            match check_name(name) {
                Err(problem @ NameProblem::Forbidden { word: found, .. }) => {
                    assert_eq!(found, word, "{name}");
                    let (zh, en) = problem.bilingual();
                    assert!(zh.contains(word) && en.contains(word), "{zh} / {en}");
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn names_in_letters_or_digits_or_with_hidden_characters_are_refused() {
        assert_eq!(check_name("Noodle House"), Err(NameProblem::NotChinese));
        assert_eq!(check_name("小李面馆2号"), Err(NameProblem::NotChinese));
        assert_eq!(check_name("小李\u{200B}面馆"), Err(NameProblem::Shape));
        assert_eq!(check_name("  "), Err(NameProblem::Shape));
        assert_eq!(check_name(&"面".repeat(MAX_NAME_CHARS + 1)), Err(NameProblem::Shape));
        assert!(check_name(&"面".repeat(MAX_NAME_CHARS)).is_ok());
    }
}
