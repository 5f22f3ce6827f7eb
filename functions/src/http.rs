//! Response building and request-body reading, with every failure turned into a JSON
//! `ApiError` and a 4xx (or 503 when storage is down), never a 500.

use getima_domain::api::{ApiError, ErrorKind};
use serde::Serialize;
use serde::de::DeserializeOwned;
use worker::{Headers, Request, Response};

/// Admin bodies are a few fields; anything bigger is a mistake or an attack.
const MAX_BODY_BYTES: usize = 4 * 1024;

/// Why a request did not succeed.
#[derive(Debug)]
pub struct Failure(pub ApiError);

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Self(error)
    }
}

impl From<worker::Error> for Failure {
    fn from(error: worker::Error) -> Self {
        // Storage and runtime errors carry SQL and binding names, never request data.
        worker::console_error!("storage failure: {error}");
        Self(ApiError::new(ErrorKind::StorageUnavailable))
    }
}

impl From<worker::kv::KvError> for Failure {
    fn from(error: worker::kv::KvError) -> Self {
        worker::console_error!("kv failure: {error}");
        Self(ApiError::new(ErrorKind::StorageUnavailable))
    }
}

impl Failure {
    pub fn into_response(self) -> Response {
        let status = self.0.status();
        let body = serde_json::to_vec(&self.0).unwrap_or_default();
        body_with_status(body, "application/json", status)
            .unwrap_or_else(|_| Response::error("service unavailable / 服务暂时不可用", 503).expect("plain response"))
    }
}

pub type Outcome<T> = Result<T, Failure>;

fn body_with_status(body: Vec<u8>, content_type: &str, status: u16) -> worker::Result<Response> {
    let headers = Headers::new();
    headers.set("content-type", content_type)?;
    headers.set("x-content-type-options", "nosniff")?;
    headers.set("cache-control", "no-cache")?;
    Ok(Response::from_bytes(body)?.with_status(status).with_headers(headers))
}

pub fn body(bytes: Vec<u8>, content_type: &str) -> Outcome<Response> {
    Ok(body_with_status(bytes, content_type, 200)?)
}

pub fn json<T: Serialize>(value: &T) -> Outcome<Response> {
    json_status(value, 200)
}

pub fn json_status<T: Serialize>(value: &T, status: u16) -> Outcome<Response> {
    let bytes = serde_json::to_vec(value).map_err(|e| worker::Error::RustError(e.to_string()))?;
    Ok(body_with_status(bytes, "application/json", status)?)
}

pub fn no_content() -> Outcome<Response> {
    Ok(Response::empty()?.with_status(204))
}

pub fn svg(svg: String) -> Outcome<Response> {
    body(svg.into_bytes(), "image/svg+xml")
}

/// Reads a JSON body: it must say it is JSON, be small, and match `T` exactly.
pub async fn read_json<T: DeserializeOwned>(req: &mut Request) -> Outcome<T> {
    let content_type = req.headers().get("content-type")?.unwrap_or_default();
    if !content_type.to_ascii_lowercase().starts_with("application/json") {
        return Err(ApiError::new(ErrorKind::UnsupportedMediaType).into());
    }
    let declared = req.headers().get("content-length")?.and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > MAX_BODY_BYTES) {
        return Err(ApiError::new(ErrorKind::PayloadTooLarge).into());
    }
    let bytes = req.bytes().await?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(ApiError::new(ErrorKind::PayloadTooLarge).into());
    }
    serde_json::from_slice(&bytes).map_err(|e| ApiError::new(ErrorKind::InvalidBody).with_detail(e.to_string()).into())
}
