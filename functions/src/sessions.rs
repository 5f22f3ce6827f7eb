//! Sessions: a short-lived signed access token and an opaque one-use refresh token. The
//! session is a D1 row, so signing out or being disabled ends it at once, everywhere, and a
//! refresh token is exchanged by one conditional statement (two exchanges cannot both win).

use crate::caller::Caller;
use crate::config::Config;
use crate::http::Outcome;
use crate::{clock, d1, people, random};
use getima_domain::accounts::sessions::{
    ACCESS_TTL_SECONDS, Claims, REFRESH_TTL_SECONDS, TokenError, is_refresh_token, secret_digest,
};
use getima_domain::api::{ApiError, ErrorKind, SessionTokens};
use serde::Deserialize;
use worker::Request;

fn error(kind: ErrorKind) -> ApiError {
    ApiError::new(kind)
}

/// Reads and checks the bearer token; every failure is a 401 that says which.
pub async fn caller(config: &Config, req: &Request) -> Outcome<Caller> {
    let header = req.headers().get("authorization")?.ok_or_else(|| error(ErrorKind::NotSignedIn))?;
    let token = header.strip_prefix("Bearer ").ok_or_else(|| error(ErrorKind::InvalidToken))?;
    let now = clock::now_seconds();
    let claims = config.session_key.verify(token, now).map_err(|e| {
        error(match e {
            TokenError::Expired => ErrorKind::TokenExpired,
            TokenError::Malformed | TokenError::BadSignature => ErrorKind::InvalidToken,
        })
    })?;
    let live = config
        .db
        .prepare("SELECT 1 AS live FROM sessions WHERE id = ?1 AND person_id = ?2 AND expires_at > ?3")
        .bind(&[claims.session_id.as_str().into(), d1::int(claims.person_id), d1::int(now as i64)])?
        .first::<i64>(Some("live"))
        .await?;
    if live.is_none() {
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

/// The tokens for a session whose refresh token is `refresh_token`.
async fn tokens(config: &Config, person_id: i64, session_id: String, refresh_token: String) -> Outcome<SessionTokens> {
    let person = people::load(config, person_id).await?.ok_or_else(|| error(ErrorKind::InvalidToken))?;
    if person.disabled {
        return Err(error(ErrorKind::AccountDisabled).into());
    }
    let expires_at = clock::now_seconds() + ACCESS_TTL_SECONDS;
    let access_token = config.session_key.sign(&Claims { session_id, person_id, expires_at });
    Ok(SessionTokens { access_token, access_expires_in: ACCESS_TTL_SECONDS, refresh_token, me: person.me(config) })
}

/// Starts a new session for a person who has just proved who they are.
pub async fn start(config: &Config, person_id: i64) -> Outcome<SessionTokens> {
    let session_id = random::hex::<16>()?;
    let refresh_token = random::hex::<32>()?;
    let expires_at = clock::now_seconds() + REFRESH_TTL_SECONDS;
    config
        .db
        .prepare(
            "INSERT INTO sessions (id, person_id, refresh_digest, expires_at, created_at)
             SELECT ?1, id, ?3, ?4, ?5 FROM people WHERE id = ?2 AND disabled_at IS NULL",
        )
        .bind(&[
            session_id.as_str().into(),
            d1::int(person_id),
            secret_digest(&refresh_token).into(),
            d1::int(expires_at as i64),
            clock::timestamp().into(),
        ])?
        .run()
        .await?;
    tokens(config, person_id, session_id, refresh_token).await
}

#[derive(Deserialize)]
struct Rotated {
    id: String,
    person_id: i64,
}

#[derive(Deserialize)]
struct Spent {
    session_id: String,
}

/// Exchanges a refresh token for new tokens. A token that was genuinely issued and already
/// exchanged has been copied: its whole session ends. Anything else presented (a token
/// made up, say from what an access token shows) is refused and ends nothing.
pub async fn rotate(config: &Config, refresh_token: &str) -> Outcome<SessionTokens> {
    if !is_refresh_token(refresh_token) {
        return Err(error(ErrorKind::InvalidToken).into());
    }
    let db = &config.db;
    let presented = secret_digest(refresh_token);
    let next_token = random::hex::<32>()?;
    let next = secret_digest(&next_token);
    let now = clock::now_seconds() as i64;
    let results = db
        .batch(vec![
            db.prepare(
                "UPDATE sessions SET refresh_digest = ?2, expires_at = ?4
                  WHERE refresh_digest = ?1 AND expires_at > ?3 RETURNING id, person_id",
            )
            .bind(&[
                presented.as_str().into(),
                next.as_str().into(),
                d1::int(now),
                d1::int(now + REFRESH_TTL_SECONDS as i64),
            ])?,
            db.prepare(
                "INSERT INTO spent_refresh_tokens (digest, session_id, spent_at)
                 SELECT ?1, id, ?3 FROM sessions WHERE refresh_digest = ?2",
            )
            .bind(&[presented.as_str().into(), next.as_str().into(), d1::int(now)])?,
        ])
        .await?;
    if let Some(rotated) = results[0].results::<Rotated>()?.into_iter().next() {
        return tokens(config, rotated.person_id, rotated.id, next_token).await;
    }
    let spent = db
        .prepare("SELECT session_id FROM spent_refresh_tokens WHERE digest = ?1")
        .bind(&[presented.as_str().into()])?
        .first::<Spent>(None)
        .await?;
    match spent {
        Some(spent) => {
            db.prepare("DELETE FROM sessions WHERE id = ?1").bind(&[spent.session_id.into()])?.run().await?;
            Err(error(ErrorKind::SessionRevoked).with_detail("refresh token reused").into())
        }
        None => Err(error(ErrorKind::SessionRevoked).into()),
    }
}

pub async fn end(config: &Config, caller: &Caller) -> Outcome<()> {
    config.db.prepare("DELETE FROM sessions WHERE id = ?1").bind(&[caller.session_id.as_str().into()])?.run().await?;
    Ok(())
}

/// The statement that ends every session of a person, to batch with disabling them.
pub fn end_all(config: &Config, person_id: i64) -> Outcome<worker::D1PreparedStatement> {
    Ok(config.db.prepare("DELETE FROM sessions WHERE person_id = ?1").bind(&[d1::int(person_id)])?)
}

/// Forgets what can no longer be used: ended windows, dead codes, expired sessions, and the
/// spent refresh tokens of sessions that are gone.
pub async fn sweep(config: &Config) -> Outcome<()> {
    let db = &config.db;
    let now = clock::now_seconds() as i64;
    let ended = [d1::int(now)];
    db.batch(vec![
        db.prepare("DELETE FROM rate_counters WHERE expires_at <= ?1").bind(&ended)?,
        db.prepare("DELETE FROM sign_in_codes WHERE expires_at <= ?1").bind(&ended)?,
        db.prepare("DELETE FROM spent_proofs WHERE expires_at <= ?1").bind(&ended)?,
        db.prepare("DELETE FROM sessions WHERE expires_at <= ?1").bind(&ended)?,
        db.prepare("DELETE FROM spent_refresh_tokens WHERE session_id NOT IN (SELECT id FROM sessions)"),
    ])
    .await?;
    Ok(())
}
