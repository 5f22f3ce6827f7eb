//! A local stand-in for WeChat's code2Session endpoint (`/sns/jscode2session`), so the
//! Worker's real exchange code runs in tests without the internet.
//!
//! It accepts app id `test-app` with secret `test-secret`; a login code `wx-ok-<name>`
//! yields openid `openid-<name>`, anything else WeChat's "invalid code" error (40029).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

pub const APP_ID: &str = "test-app";
pub const APP_SECRET: &str = "test-secret";

/// Starts the stand-in on a free port; it serves until the process ends.
pub fn start() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let base = format!("http://{}", listener.local_addr().expect("bound"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            // Drain the headers; GET has no body.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let body = answer(request_line.split_whitespace().nth(1).unwrap_or(""));
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = (&stream).write_all(response.as_bytes());
        }
    });
    base
}

fn answer(target: &str) -> String {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let param = |name: &str| query.split('&').find_map(|p| p.strip_prefix(&format!("{name}=")));
    if path != "/sns/jscode2session" || param("grant_type") != Some("authorization_code") {
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
