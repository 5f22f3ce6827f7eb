//! A local stand-in for the SMS gateway production sends sign-in codes through: it takes
//! `POST /send` with `{"phone", "text"}` and the gateway token as a bearer, and keeps what
//! it was sent. Messages to [`UNDELIVERABLE`] fail with a 503, as a gateway outage would.

use crate::stand_in;
use std::sync::{Arc, Mutex};

pub const TOKEN: &str = "test-sms-token";
pub const UNDELIVERABLE: &str = "13800009999";

#[derive(Debug, Clone, serde::Deserialize)]
pub struct Sms {
    pub phone: String,
    pub text: String,
}

pub struct SmsGateway {
    /// The URL to configure as `SMS_GATEWAY_URL`.
    pub url: String,
    sent: Arc<Mutex<Vec<Sms>>>,
}

impl SmsGateway {
    pub fn start() -> Self {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&sent);
        let base = stand_in::serve(move |request| {
            if request.method != "POST" || request.target != "/send" {
                return (404, r#"{"error":"not found"}"#.into());
            }
            if request.header("authorization") != Some(&format!("Bearer {TOKEN}")) {
                return (401, r#"{"error":"bad token"}"#.into());
            }
            let Ok(sms) = serde_json::from_str::<Sms>(&request.body) else {
                return (400, r#"{"error":"bad body"}"#.into());
            };
            if sms.phone == UNDELIVERABLE {
                return (503, r#"{"error":"carrier unavailable"}"#.into());
            }
            kept.lock().expect("not poisoned").push(sms);
            (200, r#"{"ok":true}"#.into())
        });
        Self { url: format!("{base}/send"), sent }
    }

    /// Every message delivered so far, oldest first.
    pub fn sent(&self) -> Vec<Sms> {
        self.sent.lock().expect("not poisoned").clone()
    }
}
