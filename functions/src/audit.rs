//! The audit log: every write by staff, heads, managers and admins, recorded in the same D1
//! batch (one transaction) as the write itself, so neither exists without the other.

use crate::codes::timestamp;
use crate::config::Config;
use crate::d1;
use crate::http::Outcome;
use getima_domain::api::{ApiError, AuditEntry, AuditPage, ErrorKind};
use serde::Deserialize;
use serde_json::Value;
use worker::{D1PreparedStatement, wasm_bindgen::JsValue};

fn json_or_null(value: Option<&Value>) -> JsValue {
    value.map_or(JsValue::NULL, |v| JsValue::from_str(&v.to_string()))
}

/// An entry to batch after the write it describes. With `only_if_changed`, it is written
/// only if that write changed a row (a retried or no-op request leaves no entry).
pub fn entry(
    config: &Config,
    actor_id: i64,
    action: &str,
    subject: &str,
    before: Option<&Value>,
    after: Option<&Value>,
    only_if_changed: bool,
) -> Outcome<D1PreparedStatement> {
    let condition = if only_if_changed { "WHERE changes() > 0" } else { "" };
    let at = timestamp();
    Ok(config
        .db
        .prepare(format!(
            "INSERT INTO audit_log (actor_id, action, subject, before_json, after_json, at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6 {condition}"
        ))
        .bind(&[
            d1::int(actor_id),
            action.into(),
            subject.into(),
            json_or_null(before),
            json_or_null(after),
            at.into(),
        ])?)
}

pub const DEFAULT_PAGE: u32 = 20;
pub const MAX_PAGE: u32 = 100;

#[derive(Deserialize)]
struct Row {
    id: i64,
    actor: String,
    action: String,
    subject: String,
    before_json: Option<String>,
    after_json: Option<String>,
    at: String,
}

/// Parses `?before=&limit=`; anything else in the query is ignored.
pub fn paging(query: Option<&str>) -> Outcome<(Option<i64>, u32)> {
    let mut before = None;
    let mut limit = DEFAULT_PAGE;
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let invalid = || ApiError::new(ErrorKind::InvalidBody).with_detail(format!("{name}: a positive whole number"));
        match name {
            "before" => before = Some(value.parse::<i64>().ok().filter(|v| *v > 0).ok_or_else(invalid)?),
            "limit" => limit = value.parse::<u32>().ok().filter(|v| (1..=MAX_PAGE).contains(v)).ok_or_else(invalid)?,
            _ => {}
        }
    }
    Ok((before, limit))
}

pub async fn page(config: &Config, before: Option<i64>, limit: u32) -> Outcome<AuditPage> {
    let rows = config
        .db
        .prepare(
            "SELECT a.id, COALESCE(p.name, '#' || p.id) AS actor, a.action, a.subject, a.before_json, a.after_json, a.at
               FROM audit_log a JOIN people p ON p.id = a.actor_id
              WHERE a.id < ?1 ORDER BY a.id DESC LIMIT ?2",
        )
        .bind(&[d1::int(before.unwrap_or(i64::MAX)), JsValue::from_f64(f64::from(limit + 1))])?
        .all()
        .await?
        .results::<Row>()?;
    let more = rows.len() > limit as usize;
    let entries: Vec<AuditEntry> = rows
        .into_iter()
        .take(limit as usize)
        .map(|r| AuditEntry {
            id: r.id,
            actor: r.actor,
            action: r.action,
            subject: r.subject,
            before: r.before_json,
            after: r.after_json,
            at: r.at,
        })
        .collect();
    let next_before = if more { entries.last().map(|e| e.id) } else { None };
    Ok(AuditPage { entries, next_before })
}
