//! The audit log: every write by staff, heads, managers and admins, recorded in the same D1
//! batch (one transaction) as the write itself, so neither exists without the other.

use crate::config::Config;
use crate::http::Outcome;
use crate::{clock, d1};
use getima_domain::audit::AuditAction;
use serde_json::Value;
use worker::{D1PreparedStatement, wasm_bindgen::JsValue};

/// Whether an entry is written unconditionally or only when the write before it in the
/// batch changed a row (so a retried or no-op request leaves no entry).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    IfChanged,
}

/// One audited act: who, what, on which subject, and the state before and after.
pub struct Entry {
    actor: i64,
    action: AuditAction,
    subject: String,
    before: Option<Value>,
    after: Option<Value>,
    when: When,
}

impl Entry {
    pub fn always(actor: i64, action: AuditAction, subject: impl Into<String>) -> Self {
        Self { actor, action, subject: subject.into(), before: None, after: None, when: When::Always }
    }

    pub fn if_changed(actor: i64, action: AuditAction, subject: impl Into<String>) -> Self {
        Self { when: When::IfChanged, ..Self::always(actor, action, subject) }
    }

    /// The state before; `null` records nothing (there was none).
    pub fn before(mut self, state: Value) -> Self {
        self.before = (!state.is_null()).then_some(state);
        self
    }

    /// The state after; `null` records nothing (the thing is gone).
    pub fn after(mut self, state: Value) -> Self {
        self.after = (!state.is_null()).then_some(state);
        self
    }
}

/// The statement that records a person renaming themselves, to batch before the rename: it
/// reads the name being replaced (and credits the act to it) from the row itself, and
/// records nothing when the name does not change.
pub fn rename_statement(config: &Config, person_id: i64, new_name: &str) -> Outcome<D1PreparedStatement> {
    Ok(config
        .db
        .prepare(
            "INSERT INTO audit_log (actor_id, actor_name, action, subject, before_json, after_json, at)
             SELECT id, name, ?2, 'person:' || id, json_object('name', name), json_object('name', ?3), ?4
               FROM people WHERE id = ?1 AND name IS NOT ?3",
        )
        .bind(&[
            d1::int(person_id),
            AuditAction::PersonRename.as_str().into(),
            new_name.into(),
            clock::timestamp().into(),
        ])?)
}

fn json_or_null(value: Option<&Value>) -> JsValue {
    value.map_or(JsValue::NULL, |v| JsValue::from_str(&v.to_string()))
}

/// The statement that records `entry`, to batch right after the write it describes. The
/// actor's name is copied as it is now, so a later rename does not change who the log says
/// acted.
pub fn statement(config: &Config, entry: Entry) -> Outcome<D1PreparedStatement> {
    let condition = if entry.when == When::IfChanged { "WHERE changes() > 0" } else { "" };
    Ok(config
        .db
        .prepare(format!(
            "INSERT INTO audit_log (actor_id, actor_name, action, subject, before_json, after_json, at)
             SELECT ?1, (SELECT name FROM people WHERE id = ?1), ?2, ?3, ?4, ?5, ?6 {condition}"
        ))
        .bind(&[
            d1::int(entry.actor),
            entry.action.as_str().into(),
            entry.subject.into(),
            json_or_null(entry.before.as_ref()),
            json_or_null(entry.after.as_ref()),
            clock::timestamp().into(),
        ])?)
}
