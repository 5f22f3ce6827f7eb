//! Sending text messages. In development they land in the dev inbox (KV) for the dev page
//! and tests to read; elsewhere they go to the configured SMS gateway.

use crate::clock;
use crate::config::Config;
use crate::context::Ctx;
use crate::http::Outcome;
use getima_domain::accounts::parse_mobile;
use getima_domain::api::{ApiError, Bilingual, DevInbox, DevInboxQuery, DevMessage, ErrorKind, FieldError, endpoints};
use serde::{Deserialize, Serialize};
use worker::{Fetch, Headers, Method, Request, RequestInit};

/// A mobile number as texts are sent to it, or the field's bilingual message.
pub(crate) fn mobile(raw: &str) -> Outcome<String> {
    Ok(parse_mobile(raw).map_err(|e| {
        let (zh, en) = e.bilingual();
        ApiError { fields: vec![FieldError::new("phone", zh, en)], ..ApiError::new(ErrorKind::InvalidPhone) }
    })?)
}

const INBOX_PREFIX: &str = "dev-inbox:";
/// Each text is also listed under its phone, so a test can find its own among many.
const PHONE_INBOX_PREFIX: &str = "dev-inbox-to:";
const INBOX_TTL_SECONDS: u64 = 24 * 3600;

#[derive(Serialize, Deserialize)]
struct Message {
    phone: String,
    text: String,
    sent_at: String,
}

pub async fn send(config: &Config, phone: &str, text: &str) -> Outcome<()> {
    if config.development {
        // One key per message (newest sorts first), carried in metadata so the inbox is
        // one list call and concurrent sends never overwrite each other.
        let newest_first = u64::MAX - clock::now_ms() as u64;
        let id = format!("{newest_first:020}:{}", crate::random::hex::<4>()?);
        let message = Message { phone: phone.into(), text: text.into(), sent_at: clock::timestamp() };
        for key in [format!("{INBOX_PREFIX}{id}"), format!("{PHONE_INBOX_PREFIX}{phone}:{id}")] {
            config.cache.put(&key, "")?.metadata(&message)?.expiration_ttl(INBOX_TTL_SECONDS).execute().await?;
        }
        return Ok(());
    }
    let gateway = config.sms_gateway.as_ref().ok_or_else(|| {
        worker::console_error!("not configured: SMS_GATEWAY_URL / SMS_GATEWAY_TOKEN");
        ApiError::new(ErrorKind::NotConfigured)
    })?;
    let headers = Headers::new();
    headers.set("content-type", "application/json")?;
    headers.set("authorization", &format!("Bearer {}", gateway.token))?;
    let body = serde_json::json!({ "phone": phone, "text": text }).to_string();
    let mut init = RequestInit::new();
    init.with_method(Method::Post).with_headers(headers).with_body(Some(body.into()));
    let response = Fetch::Request(Request::new_with_init(&gateway.url, &init)?).send().await;
    match response {
        Ok(r) if (200..300).contains(&r.status_code()) => Ok(()),
        _ => Err(ApiError::new(ErrorKind::UpstreamUnavailable).with_detail("SMS gateway").into()),
    }
}

pub async fn inbox(ctx: Ctx<endpoints::ReadDevInbox>, query: DevInboxQuery) -> Outcome<DevInbox> {
    let prefix = match query.phone {
        Some(phone) => format!("{PHONE_INBOX_PREFIX}{}:", mobile(&phone)?),
        None => INBOX_PREFIX.to_string(),
    };
    let listed = ctx.config.cache.list().prefix(prefix).limit(50).execute().await?;
    let messages = listed
        .keys
        .into_iter()
        .filter_map(|key| serde_json::from_value::<Message>(key.metadata?).ok())
        .map(|m| DevMessage { phone: m.phone, text: m.text, sent_at: m.sent_at })
        .collect();
    Ok(DevInbox { messages })
}
