//! Calls to the Worker's API, decoding the shared `getima_domain::api` types.

use getima_domain::api::{ApiError, CodeProfile, DemoCodes};
use gloo_net::http::Request;
use serde::de::DeserializeOwned;

/// What a request came to: the API's own answer, or no answer at all.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Api(ApiError),
    Network,
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, Failure> {
    let response = Request::get(path).send().await.map_err(|_| Failure::Network)?;
    if response.ok() {
        response.json::<T>().await.map_err(|_| Failure::Network)
    } else {
        // Anything that is not our error shape (a proxy page, say) reads as a network fault.
        Err(response.json::<ApiError>().await.map_or(Failure::Network, Failure::Api))
    }
}

/// Codes come from the address bar: whatever was typed there stays one path segment.
fn encode(segment: &str) -> String {
    web_sys::js_sys::encode_uri_component(segment).into()
}

pub async fn code_profile(code: &str) -> Result<CodeProfile, Failure> {
    get(&format!("/api/codes/{}", encode(code))).await
}

pub fn code_qr_path(code: &str) -> String {
    format!("/api/codes/{}/qr.svg", encode(code))
}

pub fn payment_qr_path(code: &str) -> String {
    format!("/api/codes/{}/payment-qr.svg", encode(code))
}

/// The demo list exists only in development; elsewhere the home page simply omits it.
pub async fn demo_codes() -> Option<DemoCodes> {
    get::<DemoCodes>("/api/demo/codes").await.ok()
}
