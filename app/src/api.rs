//! Calls to the Worker's API, decoding the shared `getima_domain::api` types. Calls made as
//! the signed-in person go through [`Session::get`] and [`Session::post`], which refreshes an expired access
//! token once and, if the session is over, signs out quietly so the page can say so.

use crate::session::Session;
use getima_domain::api::{ApiError, CodeProfile, DemoCodes, ErrorKind, RefreshRequest, SessionTokens};
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::{GetUntracked, GetValue};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// What a request came to: the API's own answer, or no answer at all.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Api(ApiError),
    Network,
}

fn with_token(request: RequestBuilder, token: Option<&str>) -> RequestBuilder {
    match token {
        Some(token) => request.header("authorization", &format!("Bearer {token}")),
        None => request,
    }
}

/// A request ready to send again (after a token refresh): GET, or POST with a JSON body.
enum Call<'a, B: Serialize> {
    Get(&'a str),
    Post(&'a str, &'a B),
}

impl<B: Serialize> Call<'_, B> {
    async fn send(&self, token: Option<&str>) -> Result<Response, Failure> {
        let sent = match self {
            Self::Get(path) => with_token(Request::get(path), token).send().await,
            Self::Post(path, body) => {
                with_token(Request::post(path), token).json(body).map_err(|_| Failure::Network)?.send().await
            }
        };
        sent.map_err(|_| Failure::Network)
    }
}

async fn failure(response: Response) -> Failure {
    // Anything that is not our error shape (a proxy page, say) reads as a network fault.
    response.json::<ApiError>().await.map_or(Failure::Network, Failure::Api)
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, Failure> {
    if !response.ok() {
        return Err(failure(response).await);
    }
    // 204 has no body; `()` reads it as nothing.
    let text =
        if response.status() == 204 { "null".into() } else { response.text().await.map_err(|_| Failure::Network)? };
    serde_json::from_str(&text).map_err(|_| Failure::Network)
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, Failure> {
    decode(Call::<()>::Get(path).send(None).await?).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, Failure> {
    decode(Call::Post(path, body).send(None).await?).await
}

impl Session {
    pub async fn get<T: DeserializeOwned>(self, path: &str) -> Result<T, Failure> {
        self.call(Call::<()>::Get(path)).await
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(self, path: &str, body: &B) -> Result<T, Failure> {
        self.call(Call::Post(path, body)).await
    }

    /// Calls as the signed-in person. An expired access token is refreshed once; a session
    /// that has ended (revoked, disabled, unknown) is dropped here.
    async fn call<B: Serialize, T: DeserializeOwned>(self, call: Call<'_, B>) -> Result<T, Failure> {
        let Some(tokens) = self.tokens.get_untracked() else {
            return Err(Failure::Api(ApiError::new(ErrorKind::NotSignedIn)));
        };
        let first = call.send(Some(&tokens.access_token)).await?;
        let outcome = if first.status() == 401 {
            match failure(first).await {
                Failure::Api(e) if e.error == ErrorKind::TokenExpired => {
                    match self.refresh(&tokens.refresh_token).await {
                        Some(access) => decode(call.send(Some(&access)).await?).await,
                        None => Err(Failure::Api(e)),
                    }
                }
                other => Err(other),
            }
        } else {
            decode(first).await
        };
        if let Err(Failure::Api(e)) = &outcome
            && matches!(
                e.error,
                ErrorKind::SessionRevoked
                    | ErrorKind::InvalidToken
                    | ErrorKind::AccountDisabled
                    | ErrorKind::TokenExpired
            )
        {
            self.forget();
        }
        outcome
    }

    /// Swaps the refresh token for new tokens; `None` if the session is over. If another
    /// call refreshed while this one waited its turn, that result is used instead.
    async fn refresh(self, refresh_token: &str) -> Option<String> {
        let lock = self.refreshing.get_value();
        let _turn = lock.lock().await;
        let current = self.tokens.get_untracked()?;
        if current.refresh_token != refresh_token {
            return Some(current.access_token);
        }
        let body = RefreshRequest { refresh_token: refresh_token.into() };
        let tokens: SessionTokens = post("/api/auth/refresh", &body).await.ok()?;
        let access = tokens.access_token.clone();
        self.keep(tokens);
        Some(access)
    }
}

/// Path segments come from the address bar or the user: each stays one segment.
pub fn encode(segment: &str) -> String {
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
