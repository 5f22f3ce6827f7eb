//! Sessions: a short-lived signed access token and a one-use refresh token, the session
//! itself kept in KV so signing out or being disabled ends it at once.

use crate::caller::Caller;
use crate::config::Config;
use crate::http::Outcome;
use crate::{clock, people, random};
use getima_domain::api::{ApiError, ErrorKind, SessionTokens};
use getima_domain::sessions::{ACCESS_TTL_SECONDS, Claims, REFRESH_TTL_SECONDS, TokenError, secret_digest};
use serde::{Deserialize, Serialize};
use worker::Request;

fn error(kind: ErrorKind) -> ApiError {
    ApiError::new(kind)
}

fn key(person_id: i64, session_id: &str) -> String {
    format!("session:{person_id}:{session_id}")
}

#[derive(Serialize, Deserialize)]
struct StoredSession {
    refresh_digest: String,
}

/// Reads and checks the bearer token; every failure is a 401 that says which.
pub async fn caller(config: &Config, req: &Request) -> Outcome<Caller> {
    let header = req.headers().get("authorization")?.ok_or_else(|| error(ErrorKind::NotSignedIn))?;
    let token = header.strip_prefix("Bearer ").ok_or_else(|| error(ErrorKind::InvalidToken))?;
    let claims = config.session_key.verify(token.trim(), clock::now_seconds()).map_err(|e| {
        error(match e {
            TokenError::Expired => ErrorKind::TokenExpired,
            TokenError::Malformed | TokenError::BadSignature => ErrorKind::InvalidToken,
        })
    })?;
    if config.cache.get(&key(claims.person_id, &claims.session_id)).text().await?.is_none() {
        return Err(error(ErrorKind::SessionRevoked).into());
    }
    let person = people::load(config, claims.person_id).await?.ok_or_else(|| error(ErrorKind::InvalidToken))?;
    if person.disabled {
        return Err(error(ErrorKind::AccountDisabled).into());
    }
    Ok(Caller {
        person_id: person.id,
        session_id: claims.session_id,
        roles: person.roles,
        department: person.department.map(|d| d.code),
        markets: person.markets.into_iter().map(|m| m.id).collect(),
    })
}

/// Starts a session, or continues `session_id` with fresh tokens.
pub async fn start(config: &Config, person_id: i64, session_id: Option<String>) -> Outcome<SessionTokens> {
    let person = people::load(config, person_id).await?.ok_or_else(|| error(ErrorKind::InvalidToken))?;
    if person.disabled {
        return Err(error(ErrorKind::AccountDisabled).into());
    }
    let session_id = match session_id {
        Some(id) => id,
        None => random::hex::<16>()?,
    };
    let refresh_token = format!("{person_id}.{session_id}.{}", random::hex::<32>()?);
    let stored = StoredSession { refresh_digest: secret_digest(&refresh_token) };
    config.cache.put(&key(person_id, &session_id), &stored)?.expiration_ttl(REFRESH_TTL_SECONDS).execute().await?;
    let expires_at = clock::now_seconds() + ACCESS_TTL_SECONDS;
    let access_token = config.session_key.sign(&Claims { session_id, person_id, expires_at });
    Ok(SessionTokens { access_token, access_expires_in: ACCESS_TTL_SECONDS, refresh_token, me: person.me(config) })
}

/// Rotates a refresh token. Presenting one that was already rotated means it leaked: the
/// whole session ends.
pub async fn rotate(config: &Config, refresh_token: &str) -> Outcome<SessionTokens> {
    let token = refresh_token.trim();
    let mut parts = token.splitn(3, '.');
    let (Some(person), Some(session_id), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(error(ErrorKind::InvalidToken).into());
    };
    let person_id: i64 = person.parse().map_err(|_| error(ErrorKind::InvalidToken))?;
    let key = key(person_id, session_id);
    let stored =
        config.cache.get(&key).json::<StoredSession>().await?.ok_or_else(|| error(ErrorKind::SessionRevoked))?;
    if stored.refresh_digest != secret_digest(token) {
        config.cache.delete(&key).await?;
        return Err(error(ErrorKind::SessionRevoked).with_detail("refresh token reused").into());
    }
    start(config, person_id, Some(session_id.to_string())).await
}

pub async fn end(config: &Config, caller: &Caller) -> Outcome<()> {
    Ok(config.cache.delete(&key(caller.person_id, &caller.session_id)).await?)
}

/// Ends every session of a person (when an admin disables them).
pub async fn end_all(config: &Config, person_id: i64) -> Outcome<()> {
    let listed = config.cache.list().prefix(format!("session:{person_id}:")).execute().await?;
    for key in listed.keys {
        config.cache.delete(&key.name).await?;
    }
    Ok(())
}
