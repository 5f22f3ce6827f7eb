//! The registration catalogue as an admin edits it: each "一类事" bundle (its names, summary
//! and the tasks one submission fans out to) and each task kind's statutory time limit, its
//! legal source, conditions and the materials it asks for. Changes apply to applications filed
//! after them; a filed task keeps the limit it was filed under.

use crate::api::contract::Named;
use crate::api::errors::FieldError;
use crate::registration::TaskKind;
use crate::validation::is_hidden_or_breaking;
use serde::{Deserialize, Serialize};

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
#[serde(deny_unknown_fields)]
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

/// The longest a bundle's name may be, in characters.
pub const MAX_BUNDLE_NAME_CHARS: usize = 20;
/// The longest a summary, a legal source or a condition may be, in characters.
pub const MAX_NOTICE_CHARS: usize = 120;
/// The most conditions a task kind lists.
pub const MAX_CONDITIONS: usize = 10;
/// The most materials a task kind asks for.
pub const MAX_MATERIALS: usize = 12;
/// The longest statutory limit, in working days (the column's CHECK).
pub const MAX_LIMIT_DAYS: u32 = 60;

/// `PUT /api/admin/registration/bundles/{bundle}`: a bundle, new or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BundleChange {
    pub name_zh: String,
    pub name_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    /// The tasks one submission fans out to: 设立 with the permits that come with it, or a
    /// single change of a registered business.
    pub tasks: Vec<TaskKind>,
}

/// `PUT /api/admin/registration/task-kinds/{kind}`: a task kind's time limit, the law that
/// sets it, and its conditions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskKindChange {
    /// Working days; 0 means on the spot.
    pub limit_days: u32,
    pub source_zh: String,
    pub source_en: String,
    pub conditions: Vec<Condition>,
    /// What it asks the applicant for, by code from the materials library, in the order the
    /// guide lists them.
    pub materials: Vec<String>,
}

/// `GET /api/registration/task-kinds`: every kind of task, its department, time limit, the
/// law that sets it and its conditions; and the materials library, each material with the
/// kinds of task that ask for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TaskNotices {
    pub kinds: Vec<TaskNotice>,
    pub materials: Vec<MaterialNotice>,
}

/// Conditions typed one per line in each language, paired line by line (blank lines skipped);
/// `None` when the two lists are not the same length.
pub fn conditions_from_lines(zh: &str, en: &str) -> Option<Vec<Condition>> {
    let lines =
        |text: &str| text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect::<Vec<_>>();
    let (zh, en) = (lines(zh), lines(en));
    (zh.len() == en.len()).then(|| zh.into_iter().zip(en).map(|(zh, en)| Condition { zh, en }).collect())
}

/// What a bundle does, read from its tasks: open a business (设立 and its permits), or one
/// change of a registered business. The application forms and the approval follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleShape {
    Opening,
    Household(TaskKind),
}

impl BundleShape {
    pub fn of(tasks: &[TaskKind]) -> Option<Self> {
        let distinct = tasks.iter().enumerate().all(|(i, t)| !tasks[..i].contains(t));
        if !distinct {
            return None;
        }
        match tasks {
            [only] if only.is_registration() && *only != TaskKind::Establishment => Some(Self::Household(*only)),
            _ if tasks.contains(&TaskKind::Establishment)
                && tasks.iter().all(|t| *t == TaskKind::Establishment || !t.is_registration()) =>
            {
                Some(Self::Opening)
            }
            _ => None,
        }
    }
}

/// What [`is_bundle_slug`] asks of a slug, as the `bundle` field's message.
pub const BUNDLE_SLUG_RULE: (&str, &str) =
    ("业务代码只能用小写英文字母和连字符，最多 40 个", "Use lower-case letters and hyphens only, at most 40");

/// A slug as routes use it: lower-case letters and hyphens, 1 to 40 of them.
pub fn is_bundle_slug(slug: &str) -> bool {
    (1..=40).contains(&slug.len()) && slug.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
}

/// The problem with one text field, if any: blank, too long, or with hidden characters.
pub(crate) fn text_problem(field: &str, text: &str, max: usize) -> Option<FieldError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        Some(FieldError::new(field, "请填写", "Required"))
    } else if trimmed.chars().count() > max {
        Some(FieldError::new(field, format!("最多 {max} 个字"), format!("At most {max} characters")))
    } else if trimmed.chars().any(is_hidden_or_breaking) {
        Some(FieldError::new(field, "含有隐藏字符或换行", "Has hidden characters or line breaks"))
    } else {
        None
    }
}

impl BundleChange {
    /// Every problem at once. `was` is the shape of the bundle being changed, `None` for a new
    /// one: a bundle keeps its shape (forms and filed applications depend on it), and a new
    /// one opens a business (each change of a registered business has its bundle already).
    pub fn problems(&self, was: Option<BundleShape>) -> Vec<FieldError> {
        let mut problems: Vec<FieldError> = [
            text_problem("name_zh", &self.name_zh, MAX_BUNDLE_NAME_CHARS),
            text_problem("name_en", &self.name_en, MAX_BUNDLE_NAME_CHARS * 3),
            text_problem("summary_zh", &self.summary_zh, MAX_NOTICE_CHARS),
            text_problem("summary_en", &self.summary_en, MAX_NOTICE_CHARS * 3),
        ]
        .into_iter()
        .flatten()
        .collect();
        let tasks = match (BundleShape::of(&self.tasks), was) {
            (None, _) => Some((
                "须包含设立登记及随之办理的许可，或只含一项变更、歇业、恢复营业、注销或个转企，且不重复",
                "Take 设立 with the permits that come with it, or one change of a registered business alone, each once",
            )),
            (Some(now), Some(was)) if now != was => Some((
                "不能改变这项业务的类型（开业或哪一项变更），可以新建一项",
                "A bundle keeps what it does (opening, or which change); create a new one instead",
            )),
            (Some(BundleShape::Household(_)), None) => {
                Some(("新建的一类事须包含设立登记", "A new bundle opens a business: include 设立"))
            }
            _ => None,
        };
        problems.extend(tasks.map(|(zh, en)| FieldError::new("tasks", zh, en)));
        problems
    }
}

impl TaskKindChange {
    pub fn problems(&self) -> Vec<FieldError> {
        let mut problems: Vec<FieldError> = Vec::new();
        if self.limit_days > MAX_LIMIT_DAYS {
            problems.push(FieldError::new(
                "limit_days",
                format!("最多 {MAX_LIMIT_DAYS} 个工作日"),
                format!("At most {MAX_LIMIT_DAYS} working days"),
            ));
        }
        problems.extend(text_problem("source_zh", &self.source_zh, MAX_NOTICE_CHARS));
        problems.extend(text_problem("source_en", &self.source_en, MAX_NOTICE_CHARS * 3));
        if self.conditions.len() > MAX_CONDITIONS {
            problems.push(FieldError::new(
                "conditions",
                format!("最多 {MAX_CONDITIONS} 项条件"),
                format!("At most {MAX_CONDITIONS} conditions"),
            ));
        }
        for (i, condition) in self.conditions.iter().enumerate().take(MAX_CONDITIONS) {
            problems.extend(text_problem(&format!("conditions[{i}].zh"), &condition.zh, MAX_NOTICE_CHARS));
            problems.extend(text_problem(&format!("conditions[{i}].en"), &condition.en, MAX_NOTICE_CHARS * 3));
        }
        let (zh, en) = match self.materials.len() {
            0 => ("请至少选择一项材料", "Choose at least one material"),
            n if n > MAX_MATERIALS => ("所选材料过多", "Too many materials"),
            _ if self.materials.iter().enumerate().any(|(i, m)| self.materials[..i].contains(m)) => {
                ("每项材料只选一次", "Choose each material once")
            }
            _ => return problems,
        };
        problems.push(FieldError::new("materials", zh, en));
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TaskKind::*;

    fn change(tasks: &[TaskKind]) -> BundleChange {
        BundleChange {
            name_zh: "开花店".into(),
            name_en: "Open a flower shop".into(),
            summary_zh: "一次申请：设立登记".into(),
            summary_en: "One application: registration".into(),
            tasks: tasks.to_vec(),
        }
    }

    fn fields(problems: Vec<FieldError>) -> Vec<String> {
        problems.into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn a_bundle_opens_a_business_with_its_permits_or_makes_one_change_alone() {
        assert_eq!(BundleShape::of(&[Establishment, FoodBusinessLicence]), Some(BundleShape::Opening));
        assert_eq!(BundleShape::of(&[Suspension]), Some(BundleShape::Household(Suspension)));
        assert_eq!(BundleShape::of(&[]), None);
        assert_eq!(BundleShape::of(&[FoodBusinessLicence]), None, "a permit needs the registration");
        assert_eq!(BundleShape::of(&[Establishment, Change]), None);
        assert_eq!(BundleShape::of(&[Suspension, FoodBusinessLicence]), None);
        assert_eq!(BundleShape::of(&[Establishment, Establishment]), None, "each task once");
    }

    #[test]
    fn a_new_bundle_must_open_a_business_and_an_old_one_keeps_what_it_does() {
        assert!(change(&[Establishment]).problems(None).is_empty());
        assert_eq!(fields(change(&[Deregistration]).problems(None)), ["tasks"]);
        let opening = Some(BundleShape::Opening);
        assert!(change(&[Establishment, OutdoorSignboard]).problems(opening).is_empty());
        assert_eq!(fields(change(&[Change]).problems(opening)), ["tasks"]);
        assert!(change(&[Change]).problems(Some(BundleShape::Household(Change))).is_empty());
    }

    #[test]
    fn every_bad_text_is_named_at_once() {
        let bad = BundleChange {
            name_zh: " ".into(),
            name_en: "x".repeat(61),
            summary_zh: "一\u{200B}次".into(),
            summary_en: "fine".into(),
            tasks: vec![Establishment],
        };
        assert_eq!(fields(bad.problems(None)), ["name_zh", "name_en", "summary_zh"]);
        let kind = TaskKindChange {
            limit_days: 61,
            source_zh: "市场主体登记管理条例第十九条".into(),
            source_en: String::new(),
            conditions: vec![Condition { zh: "年满18周岁".into(), en: "line\nbreak".into() }],
            materials: vec!["id_card".into(), "id_card".into()],
        };
        assert_eq!(fields(kind.problems()), ["limit_days", "source_en", "conditions[0].en", "materials"]);
        let none = TaskKindChange { materials: Vec::new(), limit_days: 3, source_en: "Art. 19".into(), ..kind };
        assert_eq!(fields(none.problems()), ["conditions[0].en", "materials"], "a task asks for something");
    }

    #[test]
    fn conditions_typed_in_two_languages_pair_line_by_line() {
        let paired = conditions_from_lines("年满18周岁\n\n场所在地址库中\n", "Adult\nPremises in the library");
        let pairs: Vec<_> = paired.unwrap().into_iter().map(|c| (c.zh, c.en)).collect();
        assert_eq!(
            pairs,
            [("年满18周岁".into(), "Adult".into()), ("场所在地址库中".into(), "Premises in the library".into())]
        );
        assert_eq!(conditions_from_lines("一\n二", "one"), None);
        assert_eq!(conditions_from_lines("", ""), Some(Vec::new()));
    }

    #[test]
    fn slugs_are_lower_case_letters_and_hyphens() {
        assert!(is_bundle_slug("open-flower-shop"));
        assert!(!is_bundle_slug("Open") && !is_bundle_slug("") && !is_bundle_slug("a_b") && !is_bundle_slug("花店"));
        assert!(!is_bundle_slug(&"a".repeat(41)));
    }
}
