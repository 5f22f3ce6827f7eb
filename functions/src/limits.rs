//! Limits as exact counters in D1: each event is counted by one conditional upsert, so
//! however many requests arrive at once, no more than the limit get through.

use crate::config::Config;
use crate::http::{Failure, Outcome};
use crate::{clock, d1};
use getima_domain::api::ApiError;
use getima_domain::limits::Limit;
use worker::D1PreparedStatement;
use worker::wasm_bindgen::JsValue;

/// Counts one event for `subject` against each limit in turn, refusing at the first that is
/// already reached (the ones before it keep the count: the attempt was made).
pub async fn take(config: &Config, subject: &str, limits: &[Limit]) -> Outcome<()> {
    for limit in limits {
        take_one(config, subject, *limit).await?;
    }
    Ok(())
}

/// Counts one event for `subject` against `limit`, or refuses it saying what and for how
/// long; returns the start of the window it was counted in.
pub async fn take_one(config: &Config, subject: &str, limit: Limit) -> Outcome<u64> {
    match try_take(config, subject, limit).await? {
        Some(start) => Ok(start),
        None => Err(refused(limit)),
    }
}

/// Counts one event for `subject` against `limit` if it has room: the start of the window it
/// was counted in, or `None` (and nothing counted) when the limit is reached.
pub async fn try_take(config: &Config, subject: &str, limit: Limit) -> Outcome<Option<u64>> {
    let (start, _) = limit.window(clock::now_seconds());
    let counted = config
        .db
        .prepare(
            "INSERT INTO rate_counters (name, subject, window_start, count, expires_at)
             VALUES (?1, ?2, ?3, 1, ?4)
             ON CONFLICT (name, subject, window_start) DO UPDATE SET count = count + 1 WHERE count < ?5
             RETURNING count",
        )
        .bind(&[
            limit.name.into(),
            subject.into(),
            d1::int(start as i64),
            d1::int((start + limit.window_seconds) as i64),
            limit.max.into(),
        ])?
        .first::<i64>(Some("count"))
        .await?;
    Ok(counted.map(|_| start))
}

/// How many events `subject` has had under `limit` in the current window.
pub async fn counted(config: &Config, subject: &str, limit: Limit) -> Outcome<u64> {
    let (start, _) = limit.window(clock::now_seconds());
    let count = config
        .db
        .prepare("SELECT count FROM rate_counters WHERE name = ?1 AND subject = ?2 AND window_start = ?3")
        .bind(&[limit.name.into(), subject.into(), d1::int(start as i64)])?
        .first::<i64>(Some("count"))
        .await?;
    Ok(count.map_or(0, |n| n.max(0) as u64))
}

/// The refusal of an event `limit` has no room for, saying what and for how long.
pub fn refused(limit: Limit) -> Failure {
    let (_, remaining) = limit.window(clock::now_seconds());
    let (zh, en) = limit.refusal(remaining);
    ApiError::rate_limited(remaining).with_message(zh, en).into()
}

/// For a batch: counts one event for `subject` against `limit` only where `guard` holds (an
/// SQL condition over the values bound after the counter's five, from `?6`), so the statement
/// after it knows by `changes()` whether there was room. What the event stores and its count
/// then commit together, and a guard such as "not filed yet" keeps a retry from counting.
pub fn counted_where(
    config: &Config,
    subject: &str,
    limit: Limit,
    guard: &str,
    values: &[JsValue],
) -> Outcome<D1PreparedStatement> {
    let (start, _) = limit.window(clock::now_seconds());
    let mut params: Vec<JsValue> = vec![
        limit.name.into(),
        subject.into(),
        d1::int(start as i64),
        d1::int((start + limit.window_seconds) as i64),
        limit.max.into(),
    ];
    params.extend_from_slice(values);
    Ok(config
        .db
        .prepare(format!(
            "INSERT INTO rate_counters (name, subject, window_start, count, expires_at)
             SELECT ?1, ?2, ?3, 1, ?4 WHERE {guard}
             ON CONFLICT (name, subject, window_start) DO UPDATE SET count = count + 1 WHERE count < ?5"
        ))
        .bind(&params)?)
}

/// Gives back one event taken under `limit` in the window starting at `start`: for limits
/// that count only failures, taken before trying so concurrent tries cannot overshoot.
pub async fn give_back(config: &Config, subject: &str, limit: Limit, start: u64) -> Outcome<()> {
    config
        .db
        .prepare(
            "UPDATE rate_counters SET count = count - 1
              WHERE name = ?1 AND subject = ?2 AND window_start = ?3 AND count > 0",
        )
        .bind(&[limit.name.into(), subject.into(), d1::int(start as i64)])?
        .run()
        .await?;
    Ok(())
}
