//! Registration and licensing as the API shows it: the bundles one can apply for, everything
//! each needs said up front (一次性告知), and the name check.

use crate::api::contract::Named;
use crate::api::errors::FieldError;
use crate::calendar::{Date, parse_date};
use crate::codes::households::vocabulary;
use crate::registration::catalogue_api::{MaterialNotice, TaskNotice};
use crate::registration::{
    ApplicationStatus, CarryOverKind, Decision, MAX_CARRY_OVER, MAX_CARRY_OVER_NAME_CHARS, MAX_CARRY_OVER_NUMBER_CHARS,
    MAX_SUSPENSION_YEARS, OnlineMaterial, RatingTag, TaskKind, TaskStatus, UNKNOWN_COUNTY, UNKNOWN_TRADE,
    UNLISTED_ADDRESS, check_company_name, check_name, is_idempotency_key, years_on,
};
use crate::validation::is_hidden_or_breaking;
use crate::{accounts, id_number};
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

impl BundleNotice {
    /// The materials filled in on the form (在线填写), each a part of the form.
    pub fn online_materials(&self) -> Vec<OnlineMaterial> {
        self.materials.iter().filter(|m| !m.photo).filter_map(|m| OnlineMaterial::parse(&m.code)).collect()
    }

    /// The materials handed in as photos, each with both names.
    pub fn photo_materials(&self) -> Vec<Named> {
        self.materials
            .iter()
            .filter(|m| m.photo)
            .map(|m| Named { code: m.code.clone(), zh: m.name_zh.clone(), en: m.name_en.clone() })
            .collect()
    }
}

/// `GET /api/registration/choices`: what the application form offers to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RegistrationChoices {
    /// Wenzhou's county-level divisions, by code.
    pub counties: Vec<Named>,
    pub trades: Vec<Named>,
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
    /// The operator's mobile number: the one the applicant signed in with, so the operator is
    /// someone who has shown they hold it.
    pub phone: String,
    /// When the bundle's notice asks for 食品安全管理人员信息 (a restaurant's food business licence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub food_safety_manager: Option<FoodSafetyManager>,
    /// When the bundle's notice asks for the existing water, power and gas account numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utility_accounts: Option<UtilityAccounts>,
}

/// 食品安全管理人员: who answers for food safety where food is made and sold — the operator
/// or someone they employ — as the food business licence asks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FoodSafetyManager {
    pub name: String,
    /// 18 characters, the last a check digit.
    pub id_number: String,
    /// A mainland mobile number, for the inspection appointment.
    pub phone: String,
}

/// 已有的用水、用电、用气户号, each as its bill prints it; empty where the premises have none yet
/// (the utility then connects anew).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct UtilityAccounts {
    pub water: String,
    pub power: String,
    pub gas: String,
}

/// An account number as bills print it: 6 to 20 digits, letters or dashes.
pub const UTILITY_ACCOUNT_CHARS: std::ops::RangeInclusive<usize> = 6..=20;

impl UtilityAccounts {
    /// Each number without spaces and in capitals, or every bad one named
    /// (`utility_accounts.power`); an empty one is none.
    pub fn checked(&self) -> Result<Self, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut tidy = |field: &str, raw: &str| {
            let number: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
            let fits = number.is_empty()
                || (UTILITY_ACCOUNT_CHARS.contains(&number.len())
                    && number.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
            if !fits {
                problems.push(FieldError::new(
                    format!("utility_accounts.{field}"),
                    "户号为账单上的6–20位数字或字母；没有的请留空",
                    "An account number is the 6 to 20 digits or letters on the bill; leave it empty if there is none",
                ));
            }
            number
        };
        let accounts =
            Self { water: tidy("water", &self.water), power: tidy("power", &self.power), gas: tidy("gas", &self.gas) };
        if problems.is_empty() { Ok(accounts) } else { Err(problems) }
    }
}

/// `GET|PUT /api/me/drafts/{bundle}`: an application form as far as it is filled in, kept on
/// the server so a closed web-view loses nothing. The ID number and phone are never kept: they
/// are typed again when sending.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct ApplicationDraft {
    pub shop_name: String,
    pub county: String,
    pub trade: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_id: Option<i64>,
    /// The premises as shown on the form.
    pub address: String,
    pub operator_name: String,
    pub food_safety_manager_name: String,
    pub utility_accounts: UtilityAccounts,
}

/// The most a draft's text field holds: more than any field accepts when sent.
pub const MAX_DRAFT_FIELD_CHARS: usize = 60;

impl ApplicationDraft {
    /// Fields too long or with hidden characters, by name: a draft keeps what was typed,
    /// but not anything.
    pub fn problems(&self) -> Vec<FieldError> {
        let fields = [
            ("shop_name", &self.shop_name),
            ("county", &self.county),
            ("trade", &self.trade),
            ("address", &self.address),
            ("operator_name", &self.operator_name),
            ("food_safety_manager_name", &self.food_safety_manager_name),
            ("utility_accounts.water", &self.utility_accounts.water),
            ("utility_accounts.power", &self.utility_accounts.power),
            ("utility_accounts.gas", &self.utility_accounts.gas),
        ];
        fields
            .into_iter()
            .filter(|(_, text)| {
                text.chars().count() > MAX_DRAFT_FIELD_CHARS
                    || text.chars().any(crate::validation::is_hidden_or_breaking)
            })
            .map(|(field, _)| {
                FieldError::new(field, "草稿内容过长或含有隐藏字符", "Too long, or has hidden characters, to keep")
            })
            .collect()
    }
}

/// A submission's fields as checked on the phone and again by the server, every bad one at
/// once; what only the database knows (the bundle, county, trade, address, whether the name
/// is taken) the server adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedApplication {
    pub shop_name: Option<String>,
    pub operator_name: Option<String>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    /// As asked for by the notice, checked; None where it does not ask.
    pub food_safety_manager: Option<CheckedOperator>,
    pub utility_accounts: Option<UtilityAccounts>,
    pub problems: Vec<FieldError>,
}

impl CheckedApplication {
    /// Adds a problem with `field` unless one is already reported for it.
    pub fn refuse(&mut self, field: &str, (zh, en): (String, String)) {
        if !self.problems.iter().any(|p| p.field == field) {
            self.problems.push(FieldError::new(field, zh, en));
        }
    }
}

impl ApplicationRequest {
    /// Checks every field, and the parts of the form the bundle's notice asks to be filled in
    /// online (`online`, from [`BundleNotice::online_materials`]): each asked-for part is
    /// required, and a part not asked for is refused rather than quietly kept.
    pub fn check(&self, online: &[OnlineMaterial]) -> CheckedApplication {
        let mut checked = CheckedApplication {
            shop_name: None,
            operator_name: None,
            id_number: None,
            phone: None,
            food_safety_manager: None,
            utility_accounts: None,
            problems: Vec::new(),
        };
        let words = |(zh, en): (&str, &str)| (zh.to_string(), en.to_string());
        if !is_idempotency_key(&self.idempotency_key) {
            checked.refuse(
                "idempotency_key",
                words(("提交编号无效，请刷新页面后重试", "Invalid submission key; reload and try again")),
            );
        }
        match check_name(&self.shop_name) {
            Ok(name) => checked.shop_name = Some(name),
            Err(problem) => checked.refuse("shop_name", problem.bilingual()),
        }
        if !(self.county.len() == 6 && self.county.bytes().all(|b| b.is_ascii_digit())) {
            checked.refuse("county", words(UNKNOWN_COUNTY));
        }
        if self.trade.trim().is_empty() {
            checked.refuse("trade", words(UNKNOWN_TRADE));
        }
        if self.address_id <= 0 {
            checked.refuse("address_id", words(UNLISTED_ADDRESS));
        }
        match accounts::valid_name(&self.operator_name) {
            Ok(name) => checked.operator_name = Some(name),
            Err(problem) => checked.refuse("operator_name", problem),
        }
        match id_number::parse(&self.id_number) {
            Ok(id) => checked.id_number = Some(id),
            Err(e) => checked.refuse("id_number", words(e.messages())),
        }
        match accounts::parse_mobile(&self.phone) {
            Ok(phone) => checked.phone = Some(phone),
            Err(_) => {
                checked.refuse("phone", words(("请输入11位大陆手机号", "Enter an 11-digit mainland mobile number")))
            }
        }
        let asks = |part: OnlineMaterial| online.contains(&part);
        match (&self.food_safety_manager, asks(OnlineMaterial::FoodSafetyManager)) {
            (manager, true) => {
                let FoodSafetyManager { name, id_number, phone } = manager.clone().unwrap_or_default();
                let person = [&name, &id_number, &phone];
                checked.food_safety_manager = check_person("food_safety_manager", person, &mut checked.problems);
            }
            (Some(_), false) => checked.refuse(
                "food_safety_manager",
                words(("这项申请不需要填写食品安全管理人员", "This application does not take a food safety manager")),
            ),
            (None, false) => {}
        }
        match (&self.utility_accounts, asks(OnlineMaterial::UtilityAccounts)) {
            (Some(accounts), true) => match accounts.checked() {
                Ok(accounts) => checked.utility_accounts = Some(accounts),
                Err(problems) => checked.problems.extend(problems),
            },
            (None, true) => checked.refuse(
                "utility_accounts",
                words((
                    "请填写已有的用水、用电、用气户号（没有的留空）",
                    "Give the existing water, power and gas account numbers (leave out any there is none of)",
                )),
            ),
            (Some(_), false) => checked.refuse(
                "utility_accounts",
                words(("这项申请不需要填写水电气户号", "This application does not take utility account numbers")),
            ),
            (None, false) => {}
        }
        checked
    }
}

/// Someone named, identified and reachable — a new operator, a food safety manager — each
/// problem named `<part>.<field>`.
fn check_person(
    part: &str,
    [name, id, phone]: [&String; 3],
    problems: &mut Vec<FieldError>,
) -> Option<CheckedOperator> {
    let name = accounts::valid_name(name)
        .map_err(|(zh, en)| problems.push(FieldError::new(format!("{part}.name"), zh, en)))
        .ok();
    let id_number = id_number::parse(id)
        .map_err(|e| {
            let (zh, en) = e.messages();
            problems.push(FieldError::new(format!("{part}.id_number"), zh, en));
        })
        .ok();
    let phone = accounts::parse_mobile(phone)
        .map_err(|_| {
            problems.push(FieldError::new(
                format!("{part}.phone"),
                "请输入11位大陆手机号",
                "Enter an 11-digit mainland mobile number",
            ))
        })
        .ok();
    Some(CheckedOperator { name: name?, id_number: id_number?, phone: phone? })
}

/// `POST /api/me/households/{uscc}/applications`: an application about a business I own:
/// changing its registration, suspending it, trading again, or closing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HouseholdApplicationRequest {
    /// `change`, `suspend`, `resume` or `deregister`.
    pub bundle: String,
    /// As for a new business: a retry with the same key files nothing new.
    pub idempotency_key: String,
    /// For a change, at least one of: a new name, new premises from the standard address
    /// library, a new trade, a new operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_address_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_trade: Option<String>,
    /// For a change of operator (变更经营者): who runs the business from its approval on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_operator: Option<NewOperator>,
    /// For a suspension: its last day (`YYYY-MM-DD`), at most three years on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend_until: Option<String>,
    /// For a suspension: where legal documents reach the business meanwhile (送达地址).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_address: Option<String>,
    /// For a conversion (个转企): the company's name, keeping the household's 字号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// For a conversion: the trademarks, patents and honours the company takes over.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carry_over: Vec<CarryOver>,
}

/// The person who takes over running a business (变更经营者), identified as an applicant is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewOperator {
    pub name: String,
    /// 18 characters, the last a check digit.
    pub id_number: String,
    /// A mainland mobile number, to be told and to claim the business with.
    pub phone: String,
}

/// The shortest and longest address for legal documents while suspended.
pub const MIN_SERVICE_ADDRESS_CHARS: usize = 5;
pub const MAX_SERVICE_ADDRESS_CHARS: usize = 60;

/// A new operator's details as checked: trimmed name, normalised ID number and phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedOperator {
    pub name: String,
    pub id_number: String,
    pub phone: String,
}

/// A trademark, patent or honour a household carries into the company it becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CarryOver {
    pub kind: CarryOverKind,
    pub name: String,
    /// Its registration or certificate number, if it has one.
    #[serde(default)]
    pub number: String,
}

/// A household application's fields as checked on the phone and by the server, for the task
/// its bundle fans out to; what only the database knows the server adds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckedHouseholdApplication {
    pub new_name: Option<String>,
    pub new_operator: Option<CheckedOperator>,
    pub suspend_until: Option<Date>,
    /// Trimmed.
    pub service_address: Option<String>,
    pub company_name: Option<String>,
    /// Trimmed.
    pub carry_over: Vec<CarryOver>,
    pub problems: Vec<FieldError>,
}

impl HouseholdApplicationRequest {
    /// The task an application of this bundle is for, where it is about a business one owns.
    pub fn task(&self) -> Option<TaskKind> {
        match self.bundle.as_str() {
            "change" => Some(TaskKind::Change),
            "suspend" => Some(TaskKind::Suspension),
            "resume" => Some(TaskKind::Resumption),
            "deregister" => Some(TaskKind::Deregistration),
            "convert-to-company" => Some(TaskKind::Conversion),
            _ => None,
        }
    }

    /// Checks every field; `household_name` is the business's registered name, whose 字号 a
    /// conversion keeps.
    pub fn check(&self, today: Date, household_name: &str) -> CheckedHouseholdApplication {
        let mut checked = CheckedHouseholdApplication::default();
        let mut refuse = |field: &str, zh: &str, en: &str| checked.problems.push(FieldError::new(field, zh, en));
        if !is_idempotency_key(&self.idempotency_key) {
            refuse("idempotency_key", "提交编号无效，请刷新页面后重试", "Invalid submission key; reload and try again");
        }
        let task = self.task();
        if task.is_none() {
            refuse(
                "bundle",
                "请选择变更、歇业、恢复营业、注销或个转企",
                "Choose a change, a suspension, resuming, closing or becoming a company",
            );
        }
        let changes = self.new_name.is_some()
            || self.new_address_id.is_some()
            || self.new_trade.is_some()
            || self.new_operator.is_some();
        match task {
            Some(TaskKind::Change) if !changes => refuse(
                "new_name",
                "请至少填写一项变更：名称、经营场所、行业或经营者",
                "Give at least one change: the name, the premises, the trade or the operator",
            ),
            Some(TaskKind::Change) | None => {}
            Some(_) if changes => refuse(
                "bundle",
                "只有变更登记可以修改名称、场所、行业或经营者",
                "Only a change alters the name, premises, trade or operator",
            ),
            Some(_) => {}
        }
        if self.new_address_id.is_some_and(|id| id <= 0) {
            refuse("new_address_id", UNLISTED_ADDRESS.0, UNLISTED_ADDRESS.1);
        }
        if self.new_trade.as_deref().is_some_and(|t| t.trim().is_empty()) {
            refuse("new_trade", UNKNOWN_TRADE.0, UNKNOWN_TRADE.1);
        }
        if let Some(operator) = &self.new_operator {
            let NewOperator { name, id_number, phone } = operator;
            checked.new_operator = check_person("new_operator", [name, id_number, phone], &mut checked.problems);
        }
        let mut refuse = |field: &str, zh: &str, en: &str| checked.problems.push(FieldError::new(field, zh, en));
        let latest = years_on(today, MAX_SUSPENSION_YEARS);
        let until = self.suspend_until.as_deref().map(|raw| parse_date(raw).filter(|d| *d > today && *d <= latest));
        match (task, until) {
            (Some(TaskKind::Suspension), Some(Some(day))) => checked.suspend_until = Some(day),
            (Some(TaskKind::Suspension), _) => refuse(
                "suspend_until",
                "请选择歇业的最后一天：今天之后，最长3年",
                "Choose the suspension's last day: after today, at most 3 years on",
            ),
            (_, Some(_)) => refuse("suspend_until", "只有歇业需要填写期限", "Only a suspension has an end date"),
            (_, None) => {}
        }
        let suspending = task == Some(TaskKind::Suspension);
        match (self.service_address.as_deref().map(str::trim), suspending) {
            (Some(address), true)
                if (MIN_SERVICE_ADDRESS_CHARS..=MAX_SERVICE_ADDRESS_CHARS).contains(&address.chars().count())
                    && !address.chars().any(is_hidden_or_breaking) =>
            {
                checked.service_address = Some(address.to_string());
            }
            (_, true) => refuse(
                "service_address",
                "请填写歇业期间能收到法律文书的地址（5–60字）",
                "Give an address where legal documents reach you while suspended (5 to 60 characters)",
            ),
            (Some(_), false) => refuse(
                "service_address",
                "只有歇业需要填写送达地址",
                "Only a suspension takes an address for documents",
            ),
            (None, false) => {}
        }
        let converting = task == Some(TaskKind::Conversion);
        match (&self.company_name, converting) {
            (Some(name), true) => match check_company_name(name, household_name) {
                Ok(name) => checked.company_name = Some(name),
                Err((zh, en)) => checked.problems.push(FieldError::new("company_name", zh, en)),
            },
            (None, true) => checked.problems.push(FieldError::new(
                "company_name",
                "请填写转型后的企业名称",
                "Give the name of the company it becomes",
            )),
            (Some(_), false) => checked.problems.push(FieldError::new(
                "company_name",
                "只有个转企需要填写企业名称",
                "Only becoming a company takes a company name",
            )),
            (None, false) => {}
        }
        if !self.carry_over.is_empty() && !converting {
            checked.problems.push(FieldError::new(
                "carry_over",
                "只有个转企需要填写承继的商标、专利和荣誉",
                "Only becoming a company carries over trademarks, patents and honours",
            ));
        } else if self.carry_over.len() > MAX_CARRY_OVER {
            checked.problems.push(FieldError::new(
                "carry_over",
                format!("最多填写{MAX_CARRY_OVER}项"),
                format!("At most {MAX_CARRY_OVER} items"),
            ));
        }
        for (i, item) in self.carry_over.iter().enumerate().take(MAX_CARRY_OVER) {
            let (name, number) = (item.name.trim(), item.number.trim());
            let name_chars = name.chars().count();
            if name_chars == 0 || name_chars > MAX_CARRY_OVER_NAME_CHARS || name.chars().any(is_hidden_or_breaking) {
                checked.problems.push(FieldError::new(
                    format!("carry_over[{i}].name"),
                    format!("请填写第{}项的名称，最多{MAX_CARRY_OVER_NAME_CHARS}个字", i + 1),
                    format!("Give item {}'s name, up to {MAX_CARRY_OVER_NAME_CHARS} characters", i + 1),
                ));
            }
            if number.chars().count() > MAX_CARRY_OVER_NUMBER_CHARS || number.chars().any(is_hidden_or_breaking) {
                checked.problems.push(FieldError::new(
                    format!("carry_over[{i}].number"),
                    format!("第{}项的编号最多{MAX_CARRY_OVER_NUMBER_CHARS}个字符", i + 1),
                    format!("Item {}'s number has at most {MAX_CARRY_OVER_NUMBER_CHARS} characters", i + 1),
                ));
            }
            checked.carry_over.push(CarryOver { kind: item.kind, name: name.into(), number: number.into() });
        }
        if let Some(name) = &self.new_name {
            match check_name(name) {
                Ok(name) => checked.new_name = Some(name),
                Err(problem) => {
                    let (zh, en) = problem.bilingual();
                    checked.problems.push(FieldError::new("new_name", zh, en));
                }
            }
        }
        checked
    }
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
    /// Once the registration task of an application to open a business is approved (its
    /// permits may still be in review): the new household's credit code, and its business code
    /// (the token its QR carries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uscc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub tasks: Vec<ApplicationTask>,
    /// Every step, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// The applicant's rating of the service (1–5), once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    /// Photos of the materials, as filed.
    #[serde(default)]
    pub photos: Vec<crate::registration::photos_api::PhotoRef>,
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
    /// While returned: the last day to send it again corrected (`YYYY-MM-DD`); after it the
    /// application is deemed withdrawn and its name is free.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct_by: Option<String>,
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

vocabulary! {
    /// A step on an application's timeline; escalated: past its deadline, raised to the
    /// department's head.
    TimelineEvent {
        Submitted = "submitted", "提交申请", "Submitted";
        Approved = "approved", "准予办理", "Approved";
        Returned = "returned", "退回补正", "Returned for correction";
        Rejected = "rejected", "不予办理", "Refused";
        Escalated = "escalated", "超期督办", "Overdue: raised to the head";
        Resubmitted = "resubmitted", "补正后重新提交", "Corrected and sent again";
        Claimed = "claimed", "经办人认领", "Taken by a reviewer";
        Released = "released", "待重新认领", "Waiting for another reviewer";
        Assigned = "assigned", "负责人指派经办人", "Given to a reviewer by the head";
        Closed = "closed", "因他项不予办理而终止", "Closed: another department refused";
        Withdrawn = "withdrawn", "申请人撤回申请", "Withdrawn by the applicant";
        Lapsed = "lapsed", "逾期未补正，视为撤回", "Not corrected in time: deemed withdrawn";
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

/// `POST /api/me/applications/{application}/resubmission`: a returned application sent
/// again once everything asked for is corrected; each returned task's clock goes on with
/// what was left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ResubmissionRequest {
    /// What was corrected, in the applicant's words.
    pub note: String,
}

/// `POST /api/me/applications/{application}/rating`: 好差评, once an application is done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RatingRequest {
    /// 1 (very poor) to 5 (very good).
    pub score: u8,
    #[serde(default)]
    pub tags: Vec<RatingTag>,
    #[serde(default)]
    pub comment: String,
}

/// `GET /api/registration/stats`: each department's registration work, with no personal data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RegistrationStats {
    pub departments: Vec<DepartmentStats>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct DepartmentStats {
    pub department: Named,
    /// Tasks it has received.
    pub received: u32,
    /// Tasks it has approved or refused, and how many of those within the time limit.
    pub decided: u32,
    pub on_time: u32,
    /// Working days from acceptance to decision, on average over decided tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_working_days: Option<f64>,
    /// Ratings of applications it took part in, and their average score (1–5).
    pub ratings: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<f64>,
}

/// `GET /api/departments/{dept}/rectifications`: low ratings its head must answer, open first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Rectifications {
    pub rectifications: Vec<Rectification>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Rectification {
    pub id: i64,
    pub application_id: i64,
    pub shop_name: String,
    pub score: u8,
    pub tags: Vec<RatingTag>,
    pub comment: String,
    pub opened_at: String,
    /// What the head did about it, once closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
    pub note: String,
}

/// `POST /api/departments/{dept}/rectifications/{rectification}/close`: what was put right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RectificationClose {
    pub note: String,
}

/// `GET /api/me/applications`: mine, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MyApplications {
    pub applications: Vec<Application>,
}

/// `GET /api/departments/{dept}/registration-tasks?whose=&overdue=&application=`: a department's open
/// tasks, soonest deadline first, the most urgent 50 of them with the count of all.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskQueueQuery {
    #[serde(default)]
    pub whose: QueueWhose,
    /// Only tasks past their deadline.
    #[serde(default)]
    pub overdue: bool,
    /// Only the tasks of this application (申请号), as an applicant quotes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<i64>,
}

vocabulary! {
    /// Whose tasks a queue lists: everyone's, the caller's, or those nobody has taken yet.
    #[derive(Default)]
    QueueWhose {
        #[default]
        All = "all", "全部", "All";
        Mine = "mine", "我认领的", "Taken by me";
        Unassigned = "unassigned", "未认领", "Not taken";
    }
}

/// A colleague in the caller's department, with how many of its open tasks they hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Colleague {
    pub id: i64,
    pub name: String,
    pub open_tasks: u32,
}

/// `GET /api/departments/{dept}/staff`: who a head can give a task to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Colleagues {
    pub colleagues: Vec<Colleague>,
}

/// `PUT /api/departments/{dept}/registration-tasks/{task}/assignee`: the head gives a task to
/// a colleague, or back to the pool (`assignee: null`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignmentRequest {
    pub assignee: Option<i64>,
}

/// Who holds a task after a claim, a release or an assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TaskHolder {
    pub task: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<Assignee>,
}

/// The staff member who took a task (认领) or was given it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Assignee {
    pub id: i64,
    pub name: String,
}

impl Assignee {
    /// A reviewer by name, or by number when the record has none (an account made by phone).
    pub fn known_as(id: i64, name: Option<String>) -> Self {
        Self { id, name: name.unwrap_or_else(|| format!("#{id}")) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TaskQueue {
    /// The most urgent, at most 50.
    pub tasks: Vec<QueuedTask>,
    /// How many match in all.
    pub total: u32,
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
    /// What the reviewer checks the materials against: who runs it, where, in what trade.
    pub operator_name: String,
    pub address: String,
    pub trade: Named,
    /// For an application about a registered business: what it asks for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_trade: Option<Named>,
    /// For a change of operator: the name of who takes over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_operator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend_until: Option<String>,
    pub due_on: String,
    pub days_left: i64,
    /// Found overdue by the cron trigger and raised to the department's head.
    pub escalated: bool,
    /// For a conversion: the company's name and what it carries over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carry_over: Vec<CarryOver>,
    /// Photos of the materials this task needs, as filed.
    #[serde(default)]
    pub photos: Vec<crate::registration::photos_api::PhotoRef>,
    /// Who took it; only they decide it until they give it back or the head reassigns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<Assignee>,
    /// What the task's kind asks to be filled in online, for the department that needs it:
    /// the food safety manager (ID number masked) for the food business licence, the utility
    /// accounts for the connection, the address for legal documents for a suspension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub food_safety_manager: Option<FoodSafetyManager>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utility_accounts: Option<UtilityAccounts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_address: Option<String>,
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

/// The area's endpoints (see [`crate::api::contract::endpoints!`]).
pub mod endpoints {
    #[allow(unused_imports)]
    use super::*;
    #[allow(unused_imports)]
    use crate::api::contract::*;
    use crate::api::params::CreditCode;
    use crate::registration::catalogue_api::{BundleChange, TaskKindChange, TaskNotices};
    use crate::registration::photos_api::{Photo, PhotoRef, PhotoUpload, Photos};

    endpoints! {
        registration [] {
            ListBundles: Get "/api/registration/bundles" {}
                () => 200 Json RegistrationBundles, PUBLIC, "What one can apply for: the 一类事 bundles";
            GetBundle: Get "/api/registration/bundles/{bundle}" { bundle: String }
                () => 200 Json BundleNotice, PUBLIC, "Everything a bundle needs, said up front (一次性告知)";
            GetRegistrationChoices: Get "/api/registration/choices" {}
                () => 200 Json RegistrationChoices, PUBLIC, "The counties and trades an application may name";
            CheckName: Get "/api/registration/name-check" {}
                NameCheckQuery => 200 Json NameCheck, PUBLIC, "Whether a shop name may be registered in a county and trade";
            SearchAddresses: Get "/api/registration/addresses" {}
                AddressQuery => 200 Json Addresses, PUBLIC, "Search the standard address library of a county";
            GetDraft: Get "/api/me/drafts/{bundle}" { bundle: String }
                () => 200 Json ApplicationDraft, SIGNED_IN, "My application form for a bundle, as far as I filled it in";
            SaveDraft: Put "/api/me/drafts/{bundle}" { bundle: String }
                ApplicationDraft => 204 Empty (), SIGNED_IN, "Keep my application form while I fill it in";
            ListDraftPhotos: Get "/api/me/drafts/{bundle}/photos" { bundle: String }
                () => 200 Json Photos, SIGNED_IN, "The photos of materials I uploaded for a bundle and have not filed yet";
            UploadDraftPhoto: Post "/api/me/drafts/{bundle}/photos/{material}" { bundle: String, material: String }
                PhotoUpload => 201 Json PhotoRef, SIGNED_IN, "Upload one page of a material as a photo, before filing";
            UploadCorrectionPhoto: Post "/api/me/applications/{application}/photos/{material}" { application: i64, material: String }
                PhotoUpload => 201 Json PhotoRef, SIGNED_IN, "Add a page to a material of my application while it is returned for correction";
            RemovePhoto: Delete "/api/me/photos/{photo}" { photo: String }
                () => 204 Empty (), SIGNED_IN, "Remove a photo I uploaded, before filing (an application or appeal) or while returned for correction";
            GetPhoto: Get "/api/photos/{photo}" { photo: String }
                () => 200 Image Photo, SIGNED_IN, "A photo, for its uploader or the staff whose task or appeal it is part of";
            SubmitApplication: Post "/api/registration/applications" {}
                ApplicationRequest => 201 Json Application, SIGNED_IN, "File an application to open a business: a task per department";
            FileHouseholdApplication: Post "/api/me/households/{uscc}/applications" { uscc: CreditCode }
                HouseholdApplicationRequest => 201 Json Application, Access::HouseholdOwner("uscc"),
                "Apply to change, suspend, resume or close a business I own";
            RateApplication: Post "/api/me/applications/{application}/rating" { application: i64 }
                RatingRequest => 201 Json Application, SIGNED_IN, "Rate the service once an application is done (好差评)";
            GetRegistrationStats: Get "/api/registration/stats" {}
                () => 200 Json RegistrationStats, PUBLIC, "Each department's registration work: received, on time, days, satisfaction";
            ListRectifications: Get "/api/departments/{dept}/rectifications" { dept: String }
                () => 200 Json Rectifications, Access::DepartmentHead("dept"), "Low ratings the department's head must answer";
            CloseRectification: Post "/api/departments/{dept}/rectifications/{rectification}/close" { dept: String, rectification: i64 }
                RectificationClose => 200 Json Rectifications, Access::DepartmentHead("dept"), "Say what was put right after a low rating";
            ListMyApplications: Get "/api/me/applications" {}
                () => 200 Json MyApplications, SIGNED_IN, "My applications, newest first";
            ResubmitApplication: Post "/api/me/applications/{application}/resubmission" { application: i64 }
                ResubmissionRequest => 200 Json Application, SIGNED_IN, "Send a returned application again, corrected";
            WithdrawApplication: Post "/api/me/applications/{application}/withdrawal" { application: i64 }
                () => 200 Json Application, SIGNED_IN, "Withdraw an application still being handled (撤回): its open tasks close";
            ListRegistrationTasks: Get "/api/departments/{dept}/registration-tasks" { dept: String }
                TaskQueueQuery => 200 Json TaskQueue, Access::DepartmentMember("dept"), "A department's open registration tasks, soonest deadline first";
            ClaimRegistrationTask: Post "/api/departments/{dept}/registration-tasks/{task}/claim" { dept: String, task: i64 }
                () => 200 Json TaskHolder, Access::DepartmentMember("dept"), "Take an open task (认领): only its holder decides it";
            ReleaseRegistrationTask: Delete "/api/departments/{dept}/registration-tasks/{task}/claim" { dept: String, task: i64 }
                () => 200 Json TaskHolder, Access::DepartmentMember("dept"), "Give back a task I took, for a colleague";
            AssignRegistrationTask: Put "/api/departments/{dept}/registration-tasks/{task}/assignee" { dept: String, task: i64 }
                AssignmentRequest => 200 Json TaskHolder, Access::DepartmentHead("dept"), "Give an open task to a colleague, or back to the pool";
            ListTaskKinds: Get "/api/registration/task-kinds" {}
                () => 200 Json TaskNotices, PUBLIC, "Every kind of task: its department, time limit, the law that sets it, conditions";
            SetBundle: Put "/api/admin/registration/bundles/{bundle}" { bundle: String }
                BundleChange => 200 Json BundleNotice, ADMIN, "Create or change a bundle (一类事): names, summary, tasks";
            SetTaskKind: Put "/api/admin/registration/task-kinds/{kind}" { kind: String }
                TaskKindChange => 200 Json TaskNotice, ADMIN, "Change a task kind's time limit, legal source, conditions and materials";
            ListColleagues: Get "/api/departments/{dept}/staff" { dept: String }
                () => 200 Json Colleagues, Access::DepartmentHead("dept"), "The department's reviewers and the open tasks each holds";
            DecideRegistrationTask: Post "/api/departments/{dept}/registration-tasks/{task}/decision" { dept: String, task: i64 }
                DecisionRequest => 200 Json Application, Access::DepartmentMember("dept"), "Approve, return for correction, or refuse a task";
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> ApplicationRequest {
        ApplicationRequest {
            bundle: "open-restaurant".into(),
            idempotency_key: "a1b2c3d4e5f6a7b8".into(),
            shop_name: " 鹿城阿明面馆 ".into(),
            county: "330302".into(),
            trade: "catering".into(),
            address_id: 7,
            operator_name: "王明".into(),
            id_number: "11010519491231002x".into(),
            phone: "139 0000 0007".into(),
            food_safety_manager: None,
            utility_accounts: None,
        }
    }

    #[test]
    fn a_good_application_is_checked_into_the_forms_it_is_stored_in() {
        let checked = request().check(&[]);
        assert!(checked.problems.is_empty(), "{:?}", checked.problems);
        assert_eq!(checked.shop_name.as_deref(), Some("鹿城阿明面馆"));
        assert_eq!(checked.id_number.as_deref(), Some("11010519491231002X"));
        assert_eq!(checked.phone.as_deref(), Some("13900000007"));
    }

    #[test]
    fn every_bad_field_is_named_at_once_and_only_once() {
        let mut bad = ApplicationRequest {
            idempotency_key: "short".into(),
            shop_name: "x".into(),
            county: "33".into(),
            trade: " ".into(),
            address_id: 0,
            operator_name: String::new(),
            id_number: "110105194912310021".into(),
            phone: "12345".into(),
            ..request()
        };
        let mut checked = bad.check(&[]);
        checked.refuse("county", ("again".into(), "again".into()));
        let fields: Vec<&str> = checked.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            ["idempotency_key", "shop_name", "county", "trade", "address_id", "operator_name", "id_number", "phone"]
        );
        assert!(checked.problems.iter().all(|p| !p.message_zh.is_empty() && !p.message_en.is_empty()));
        bad.shop_name = "鹿城阿明面馆".into();
        assert_eq!(bad.check(&[]).shop_name.as_deref(), Some("鹿城阿明面馆"));
    }

    #[test]
    fn a_part_the_notice_asks_to_fill_in_online_is_required_and_one_it_does_not_ask_is_refused() {
        use OnlineMaterial::*;
        let restaurant = [ApplicationForm, FoodSafetyManager, UtilityAccounts];
        let fields = |checked: CheckedApplication| checked.problems.into_iter().map(|p| p.field).collect::<Vec<_>>();
        let mut missing = fields(request().check(&restaurant));
        missing.sort();
        let mut expected: Vec<String> = [FoodSafetyManager.fields()[..].to_vec(), vec!["utility_accounts"]]
            .concat()
            .into_iter()
            .map(String::from)
            .collect();
        expected.sort();
        assert_eq!(missing, expected, "every part the restaurant's notice lists as 在线填写");

        let manager = super::FoodSafetyManager {
            name: " 郑安全 ".into(),
            id_number: crate::id_number::complete("33030219850505123").unwrap().to_lowercase(),
            phone: "136 5550 0001".into(),
        };
        let accounts =
            super::UtilityAccounts { water: " 0123 4567 ".into(), power: "3300123456".into(), gas: String::new() };
        let filled = ApplicationRequest {
            food_safety_manager: Some(manager.clone()),
            utility_accounts: Some(accounts.clone()),
            ..request()
        };
        let checked = filled.check(&restaurant);
        assert!(checked.problems.is_empty(), "{:?}", checked.problems);
        let kept = checked.food_safety_manager.expect("the manager");
        assert_eq!((kept.name.as_str(), kept.phone.as_str()), ("郑安全", "13655500001"));
        let kept = checked.utility_accounts.expect("the accounts");
        assert_eq!((kept.water.as_str(), kept.power.as_str(), kept.gas.as_str()), ("01234567", "3300123456", ""));

        assert_eq!(fields(filled.check(&[ApplicationForm])), ["food_safety_manager", "utility_accounts"], "not asked");
        let bad = ApplicationRequest {
            food_safety_manager: Some(super::FoodSafetyManager { id_number: "110105194912310021".into(), ..manager }),
            utility_accounts: Some(super::UtilityAccounts { gas: "煤气".into(), power: "12".into(), ..accounts }),
            ..request()
        };
        assert_eq!(
            fields(bad.check(&restaurant)),
            ["food_safety_manager.id_number", "utility_accounts.power", "utility_accounts.gas"]
        );
    }

    /// The rows of one `INSERT INTO <table> VALUES` of a migration, each as its quoted values.
    fn seeded_rows(migration: &str, table: &str) -> Vec<Vec<String>> {
        let start = migration.find(&format!("INSERT INTO {table} VALUES")).expect("the table is seeded");
        let body = &migration[start..];
        let body = &body[..body.find(";\n").unwrap_or(body.len())];
        body.split("),")
            .filter_map(|row| row.split_once('(').map(|(_, values)| values))
            .map(|values| {
                values.split(',').map(|v| v.trim().trim_matches(|c| c == '\'' || c == ')').to_string()).collect()
            })
            .collect()
    }

    #[test]
    fn every_material_a_notice_says_is_filled_in_online_is_a_part_of_its_form() {
        let migration = include_str!("../../../migrations/0006_registration_bundles.sql");
        let online: Vec<String> = seeded_rows(migration, "registration_materials")
            .into_iter()
            .filter(|row| row.last().map(String::as_str) == Some("0"))
            .map(|row| row[0].clone())
            .collect();
        assert!(
            online.contains(&"food_safety_manager".to_string()) && online.contains(&"utility_accounts".to_string())
        );
        for code in &online {
            assert!(
                OnlineMaterial::parse(code).is_some(),
                "{code} is filled in online, so the forms have a part for it"
            );
        }
        for row in seeded_rows(migration, "registration_task_materials") {
            let (kind, material) = (TaskKind::parse(&row[0]).expect("a kind"), &row[1]);
            if let Some(part) = OnlineMaterial::parse(material) {
                assert!(kind.online_materials().contains(&part), "{kind:?}'s form fills in {material}");
            }
        }
    }

    /// The business the household applications are about.
    const SHOP: &str = "鹿城阿福面馆";

    fn household(bundle: &str) -> HouseholdApplicationRequest {
        HouseholdApplicationRequest {
            bundle: bundle.into(),
            idempotency_key: "a1b2c3d4e5f6a7b8".into(),
            new_name: None,
            new_address_id: None,
            new_trade: None,
            new_operator: None,
            suspend_until: None,
            service_address: None,
            company_name: None,
            carry_over: Vec::new(),
        }
    }

    #[test]
    fn a_new_operator_is_named_identified_and_reachable_and_only_by_a_change() {
        let today = crate::calendar::date(2026, 11, 26).unwrap();
        let valid_id = crate::id_number::complete("33030219900101123").unwrap();
        let operator = |name: &str, id: &str, phone: &str| NewOperator {
            name: name.into(),
            id_number: id.into(),
            phone: phone.into(),
        };
        let handing_over = HouseholdApplicationRequest {
            new_operator: Some(operator(" 郑小红 ", &valid_id.to_lowercase(), "136 5550 0090")),
            ..household("change")
        };
        let checked = handing_over.check(today, SHOP);
        assert!(checked.problems.is_empty(), "{:?}", checked.problems);
        let new = checked.new_operator.expect("the new operator");
        assert_eq!(
            (new.name.as_str(), new.id_number.as_str(), new.phone.as_str()),
            ("郑小红", &*valid_id, "13655500090")
        );
        let bad = HouseholdApplicationRequest {
            new_operator: Some(operator("", "330302199001011230", "12345")),
            ..household("change")
        };
        let checked = bad.check(today, SHOP);
        let fields: Vec<&str> = checked.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["new_operator.name", "new_operator.id_number", "new_operator.phone"]);
        assert_eq!(checked.new_operator, None);
        let closing =
            HouseholdApplicationRequest { new_operator: handing_over.new_operator.clone(), ..household("deregister") };
        assert_eq!(closing.check(today, SHOP).problems[0].field, "bundle", "only a change hands over");
    }

    #[test]
    fn a_change_names_what_changes_and_nothing_else_does() {
        let today = crate::calendar::date(2026, 11, 26).unwrap();
        let nothing = household("change").check(today, SHOP);
        assert_eq!(nothing.problems[0].field, "new_name", "a change changes something");
        let renamed =
            HouseholdApplicationRequest { new_name: Some(" 鹿城阿福面馆 ".into()), ..household("change") };
        let checked = renamed.check(today, SHOP);
        assert!(checked.problems.is_empty(), "{:?}", checked.problems);
        assert_eq!(checked.new_name.as_deref(), Some("鹿城阿福面馆"));
        let closing_and_renaming =
            HouseholdApplicationRequest { new_name: Some("鹿城阿福面馆".into()), ..household("deregister") };
        assert_eq!(closing_and_renaming.check(today, SHOP).problems[0].field, "bundle");
        assert_eq!(household("open-restaurant").check(today, SHOP).problems[0].field, "bundle");
        assert!(household("deregister").check(today, SHOP).problems.is_empty());
    }

    #[test]
    fn a_conversion_names_the_company_and_lists_what_it_carries_over() {
        let today = crate::calendar::date(2026, 11, 26).unwrap();
        let item = |name: &str, number: &str| CarryOver {
            kind: CarryOverKind::Trademark,
            name: name.into(),
            number: number.into(),
        };
        let converting = HouseholdApplicationRequest {
            company_name: Some("温州阿福餐饮有限公司".into()),
            carry_over: vec![item(" 阿福 ", "第12345678号"), item("鹿城区诚信示范店", "")],
            ..household("convert-to-company")
        };
        let checked = converting.check(today, SHOP);
        assert!(checked.problems.is_empty(), "{:?}", checked.problems);
        assert_eq!(checked.company_name.as_deref(), Some("温州阿福餐饮有限公司"));
        assert_eq!(checked.carry_over[0].name, "阿福", "trimmed");
        assert_eq!(household("convert-to-company").check(today, SHOP).problems[0].field, "company_name");
        let bad = HouseholdApplicationRequest {
            carry_over: vec![item("", ""), item("阿福", &"9".repeat(41))],
            ..converting.clone()
        };
        let fields: Vec<String> = bad.check(today, SHOP).problems.into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["carry_over[0].name", "carry_over[1].number"]);
        let too_many = HouseholdApplicationRequest { carry_over: vec![item("阿福", ""); 21], ..converting.clone() };
        assert_eq!(too_many.check(today, SHOP).problems[0].field, "carry_over");
        let stray = HouseholdApplicationRequest {
            company_name: Some("温州阿福餐饮有限公司".into()),
            carry_over: vec![item("阿福", "")],
            ..household("deregister")
        };
        let fields: Vec<String> = stray.check(today, SHOP).problems.into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["company_name", "carry_over"], "only a conversion takes them");
    }

    #[test]
    fn a_suspension_ends_after_today_and_within_three_years() {
        let today = crate::calendar::date(2026, 11, 26).unwrap();
        let until = |day: &str| HouseholdApplicationRequest {
            suspend_until: Some(day.into()),
            service_address: Some("温州市鹿城区五马街道解放街12号".into()),
            ..household("suspend")
        };
        assert_eq!(until("2029-11-26").check(today, SHOP).suspend_until, crate::calendar::date(2029, 11, 26));
        for bad in ["2026-11-26", "2029-11-27", "next year", "2027-02-30"] {
            let problems = until(bad).check(today, SHOP).problems;
            assert_eq!(problems.len(), 1, "{bad}");
            assert_eq!(problems[0].field, "suspend_until", "{bad}");
        }
        assert_eq!(household("suspend").check(today, SHOP).problems[0].field, "suspend_until", "it says until when");
        let nowhere = HouseholdApplicationRequest { service_address: None, ..until("2027-01-01") };
        assert_eq!(nowhere.check(today, SHOP).problems[0].field, "service_address", "and where documents reach it");
        let elsewhere =
            HouseholdApplicationRequest { service_address: Some("温州市某地".into()), ..household("resume") };
        assert_eq!(elsewhere.check(today, SHOP).problems[0].field, "service_address", "only a suspension takes one");
        let resuming_until =
            HouseholdApplicationRequest { suspend_until: Some("2027-01-01".into()), ..household("resume") };
        assert_eq!(resuming_until.check(today, SHOP).problems[0].field, "suspend_until");
    }
}
