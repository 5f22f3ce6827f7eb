//! A local stand-in for WeChat's code2Session endpoint (`/sns/jscode2session`).
//!
//! It accepts app id `test-app` with secret `test-secret`; a login code `wx-ok-<name>`
//! yields openid `openid-<name>`, anything else WeChat's "invalid code" error (40029).

use crate::stand_in::{self, Request};

pub const APP_ID: &str = "test-app";
pub const APP_SECRET: &str = "test-secret";

/// Starts the stand-in on a free port; it serves until the process ends.
pub fn start() -> String {
    // WeChat reports errors in a 200 body, as the real endpoint does.
    stand_in::serve(|request| (200, answer(request)))
}

fn answer(request: &Request) -> String {
    let (path, query) = request.target.split_once('?').unwrap_or((&request.target, ""));
    let param = |name: &str| query.split('&').find_map(|p| p.strip_prefix(&format!("{name}=")));
    if request.method != "GET" || path != "/sns/jscode2session" || param("grant_type") != Some("authorization_code") {
        return r#"{"errcode":40002,"errmsg":"invalid grant_type"}"#.into();
    }
    if param("appid") != Some(APP_ID) || param("secret") != Some(APP_SECRET) {
        return r#"{"errcode":40013,"errmsg":"invalid appid"}"#.into();
    }
    match param("js_code").and_then(|c| c.strip_prefix("wx-ok-")) {
        Some(name) if !name.is_empty() => {
            format!(r#"{{"openid":"openid-{name}","session_key":"sk-{name}"}}"#)
        }
        _ => r#"{"errcode":40029,"errmsg":"invalid code"}"#.into(),
    }
}
