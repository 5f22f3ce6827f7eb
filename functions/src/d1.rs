//! Binding to and reading from D1, the same way everywhere.

use crate::http::{Failure, Outcome};
use getima_domain::lifecycle::{Lifecycle, json_names};
use serde::de::DeserializeOwned;
use worker::D1Result;
use worker::wasm_bindgen::JsValue;

/// An integer as D1 binds it: a JS number, exact for every id and count we store (< 2^53).
pub fn int(value: i64) -> JsValue {
    JsValue::from_f64(value as f64)
}

/// A text value, or NULL.
pub fn text_or_null(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_str)
}

/// The first row of a batched statement that must have returned one (a read-back after a
/// write in the same batch); its absence is a broken invariant, not the caller's fault.
pub fn first_row<T: DeserializeOwned>(result: &D1Result, what: &str) -> Outcome<T> {
    result.results::<T>()?.into_iter().next().ok_or_else(|| Failure::internal(format!("{what}: no row")))
}

/// Whether a write in a batch changed any row: how conditional writes tell who got there first.
pub fn changed(result: &D1Result) -> Outcome<bool> {
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
}

/// A stored value the domain must know: every column passed a CHECK constraint, so an
/// unknown one means schema and code disagree.
pub fn known<T>(value: Option<T>, column: &str, raw: &str) -> Outcome<T> {
    value.ok_or_else(|| Failure::internal(format!("unknown {column} value {raw:?}")))
}

/// A lifecycle's state as D1 binds it: SQL compares with bound states, never spelled ones.
pub fn state<S: Lifecycle>(state: S) -> JsValue {
    JsValue::from_str(state.name())
}

/// States bound as one JSON array, for `status IN (SELECT value FROM json_each(?N))` (which
/// searches an index on the status as `IN (…)` would).
pub fn states<S: Lifecycle>(states: &[S]) -> JsValue {
    JsValue::from_str(&json_names(states))
}

/// A lifecycle step bound for its compare-and-set: the states it is taken from (a JSON array,
/// as [`states`]) and the state it leads to (NULL for a step that leaves the state as it was).
pub fn step<S: Lifecycle>(action: S::Action) -> [JsValue; 2] {
    [states(S::taken_from(action)), next::<S>(action)]
}

/// The state a lifecycle step leads to, bound (NULL for a step that leaves it as it was).
pub fn next<S: Lifecycle>(action: S::Action) -> JsValue {
    S::leads_to(action).map_or(JsValue::NULL, state)
}
