//! Binding to and reading from D1, the same way everywhere.

use crate::http::Outcome;
use serde::de::DeserializeOwned;
use worker::D1Result;
use worker::wasm_bindgen::JsValue;

/// An integer as D1 binds it: a JS number, exact for every id and count we store (< 2^53).
pub fn int(value: i64) -> JsValue {
    JsValue::from_f64(value as f64)
}

/// The first row of a batched statement that must have returned one (a read-back after a
/// write in the same batch); its absence is a storage fault, not the caller's.
pub fn first_row<T: DeserializeOwned>(result: &D1Result, what: &str) -> Outcome<T> {
    result.results::<T>()?.into_iter().next().ok_or_else(|| worker::Error::RustError(format!("{what}: no row")).into())
}
