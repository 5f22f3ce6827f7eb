//! The audit trail's vocabulary: every audited write names its action from this list.

use crate::accounts::kinds::accounts_audit;
use crate::appeals::kinds::appeals_audit;
use crate::calendar::kinds::calendar_audit;
use crate::codes::households::{Label, vocabulary};
use crate::codes::kinds::codes_audit;
use crate::inspections::kinds::inspections_audit;
use crate::registration::kinds::registration_audit;
use crate::stalls::kinds::stalls_audit;
use serde_json::{Map, Value};

macro_rules! audit_actions {
    ($($rows:tt)*) => {
        vocabulary! {
            /// What an audited write did.
            AuditAction { $($rows)* }
        }
    };
}

// Each area declares its own actions (its `kinds.rs`).
gather! {
    audit_actions, [codes_audit, accounts_audit, inspections_audit, calendar_audit, registration_audit, appeals_audit, stalls_audit] {}
}

/// One field of an audited write: what it was and what it became, as text to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The field as recorded, and its name in words where it has one.
    pub field: String,
    pub label: Option<Label>,
    /// Each side in Chinese and in English: recorded codes (`staff`, `rectify`) in words.
    pub before: Words,
    pub after: Words,
}

/// A value as text in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub zh: String,
    pub en: String,
}

/// The fields an entry's before and after (JSON objects, as recorded) hold, those of before
/// first, each in key order, with its value on both sides ("—" where a side has none).
pub fn changes(before: Option<&str>, after: Option<&str>) -> Vec<Change> {
    let object = |text: Option<&str>| match text.and_then(|t| serde_json::from_str::<Value>(t).ok()) {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let (before, after) = (object(before), object(after));
    let mut fields: Vec<&String> = before.keys().collect();
    fields.extend(after.keys().filter(|k| !before.contains_key(*k)));
    fields
        .into_iter()
        .map(|key| Change {
            field: key.clone(),
            label: field_label(key),
            before: before.get(key).map_or_else(nothing, |v| shown(key, v)),
            after: after.get(key).map_or_else(nothing, |v| shown(key, v)),
        })
        .collect()
}

fn nothing() -> Words {
    Words { zh: "—".into(), en: "—".into() }
}

fn shown(field: &str, value: &Value) -> Words {
    let same = |text: String| Words { zh: text.clone(), en: text };
    match value {
        Value::Null => nothing(),
        Value::Bool(true) => Words { zh: "是".into(), en: "yes".into() },
        Value::Bool(false) => Words { zh: "否".into(), en: "no".into() },
        Value::String(s) => {
            word(field, s).map_or_else(|| same(s.clone()), |l| Words { zh: l.zh.into(), en: l.en.into() })
        }
        Value::Array(items) if items.is_empty() => nothing(),
        Value::Array(items) => {
            let parts: Vec<Words> = items.iter().map(|item| shown(field, item)).collect();
            Words {
                zh: parts.iter().map(|p| p.zh.as_str()).collect::<Vec<_>>().join("、"),
                en: parts.iter().map(|p| p.en.as_str()).collect::<Vec<_>>().join(", "),
            }
        }
        other => same(other.to_string()),
    }
}

/// A recorded code in words, read in the vocabulary of the field that holds it.
fn word(field: &str, code: &str) -> Option<Label> {
    use crate::accounts::{InspectionResult, Role};
    use crate::codes::households::{HouseholdStatus, RevocationReason};
    match field {
        "roles" => Role::parse(code).map(Role::label),
        "result" => InspectionResult::parse(code).map(InspectionResult::label),
        "status" => HouseholdStatus::parse(code).map(HouseholdStatus::label),
        "reason" => RevocationReason::parse(code).map(RevocationReason::label),
        "decision" => crate::registration::Decision::parse(code).map(crate::registration::Decision::label),
        _ => None,
    }
}

/// A recorded field's name in words, for the fields audited writes record.
fn field_label(key: &str) -> Option<Label> {
    let (zh, en) = match key {
        "name" => ("姓名", "Name"),
        "roles" => ("角色", "Roles"),
        "department" => ("部门", "Department"),
        "markets" => ("市场", "Markets"),
        "disabled" => ("停用", "Disabled"),
        "status" => ("经营状态", "Status"),
        "version" => ("版本", "Version"),
        "revoked" => ("作废", "Revoked"),
        "reason" => ("原因", "Reason"),
        "result" => ("检查结果", "Result"),
        "notes" => ("情况说明", "Notes"),
        "household" => ("个体户", "Business"),
        "kind" => ("类型", "Kind"),
        "date" => ("日期", "Date"),
        "year" => ("年份", "Year"),
        "decision" => ("办理结果", "Decision"),
        "note" => ("说明", "Note"),
        _ => return None,
    };
    Some(Label { zh, en })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_list_every_field_of_either_side_in_words() {
        let list = changes(Some(r#"{"disabled":false,"roles":["staff"]}"#), Some(r#"{"disabled":true,"name":"张三"}"#));
        let rows: Vec<(&str, &str, &str)> =
            list.iter().map(|c| (c.label.map_or("?", |l| l.en), c.before.en.as_str(), c.after.en.as_str())).collect();
        assert_eq!(rows, [("Disabled", "no", "yes"), ("Roles", "Department staff", "—"), ("Name", "—", "张三")]);
        assert_eq!(list[1].before.zh, "工作人员");
    }

    #[test]
    fn recorded_codes_read_as_words_and_empty_lists_as_nothing() {
        let list = changes(Some(r#"{"result":"rectify","roles":[]}"#), None);
        assert_eq!((list[0].before.zh.as_str(), list[0].before.en.as_str()), ("责令整改", "Must rectify"));
        assert_eq!(list[1].before.en, "—");
    }

    #[test]
    fn a_code_is_read_in_its_own_fields_vocabulary_only() {
        let list = changes(None, Some(r#"{"notes":"admin","reason":"deregistered"}"#));
        assert_eq!(list[0].after.zh, "admin", "free text stays as written");
        assert_eq!(list[1].after.zh, "主体已注销", "a revocation reason, not the status 注销");
    }

    #[test]
    fn a_field_without_a_name_in_words_is_shown_as_recorded() {
        let list = changes(None, Some(r#"{"uscc":"92330302MA0001181Q"}"#));
        assert_eq!((list[0].field.as_str(), list[0].label), ("uscc", None));
    }

    #[test]
    fn nothing_recorded_or_not_an_object_lists_nothing() {
        assert!(changes(None, None).is_empty());
        assert!(changes(Some("not json"), Some("[1]")).is_empty());
    }
}
