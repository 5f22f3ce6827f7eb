//! The typed client: any endpoint of the table, called with its path parameters (the
//! endpoint's struct) and input, answering its output type. Calls as the signed-in person
//! go through [`Session::call`], which refreshes an expired access token once and, if the
//! session is over, signs out quietly so the page can say so.

use crate::session::Session;
use getima_domain::api::{Api, ApiError, ErrorKind, Format, Method, PhotoUpload, RefreshRequest, endpoints};
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::{GetUntracked, GetValue, Set};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

/// How long an upload may take on a slow link before it is given up as lost.
const UPLOAD_TIMEOUT_MS: u32 = 120_000;

/// What a request came to, when it did not succeed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The API's own answer.
    Api(ApiError),
    /// No answer at all (offline, timed out, a proxy's page).
    Network,
    /// An answer this app cannot read: it and the server disagree about the API.
    Decode,
}

impl Failure {
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(e) => Some(e),
            _ => None,
        }
    }
}

/// The URL of a GET endpoint without input, for `<img src>` and links.
pub fn url_of<E: Api>(endpoint: &E) -> String {
    endpoint.path()
}

/// A request as text, ready to send (again, after a token refresh). Only this step and
/// decoding are generic over the endpoint, so each endpoint adds little to the bundle.
#[derive(Clone)]
struct Prepared {
    method: Method,
    path: String,
    body: Option<String>,
}

fn prepare<E: Api>(endpoint: &E, input: &E::Input) -> Result<Prepared, Failure> {
    let method = E::SPEC.method;
    let mut path = endpoint.path();
    let mut body = None;
    if E::takes_input() {
        if method == Method::Get {
            let query = serde_urlencoded::to_string(input).map_err(|_| Failure::Decode)?;
            if !query.is_empty() {
                path = format!("{path}?{query}");
            }
        } else {
            body = Some(serde_json::to_string(input).map_err(|_| Failure::Decode)?);
        }
    }
    Ok(Prepared { method, path, body })
}

/// Outside a browser (the Worker drawing a page's records, `first`) nothing is asked: the
/// call stays pending, so what waits on it is drawn as loading, as the phone first shows it.
async fn only_in_a_browser() {
    if web_sys::window().is_none() {
        std::future::pending::<()>().await;
    }
}

async fn send(prepared: &Prepared, token: Option<&str>) -> Result<Response, Failure> {
    only_in_a_browser().await;
    let builder: RequestBuilder = match prepared.method {
        Method::Get => Request::get(&prepared.path),
        Method::Post => Request::post(&prepared.path),
        Method::Put => Request::put(&prepared.path),
        Method::Delete => Request::delete(&prepared.path),
    };
    let builder = match token {
        Some(token) => builder.header("authorization", &format!("Bearer {token}")),
        None => builder,
    };
    let request = match &prepared.body {
        Some(body) => builder.header("content-type", "application/json").body(body.clone()),
        None => builder.build(),
    };
    let response = request.map_err(|_| Failure::Network)?.send().await.map_err(|_| Failure::Network)?;
    crate::china::learn_server_time(response.headers().get("date"));
    Ok(response)
}

/// The body of a success, or the failure.
async fn text_of(response: Response) -> Result<String, Failure> {
    let ok = response.ok();
    let text = response.text().await.map_err(|_| Failure::Network)?;
    if ok {
        Ok(text)
    } else {
        // Anything that is not our error shape (a proxy page, say) reads as a network fault.
        Err(serde_json::from_str::<ApiError>(&text).map_or(Failure::Network, Failure::Api))
    }
}

fn decode<T: DeserializeOwned>(format: Format, text: String) -> Result<T, Failure> {
    let value = match format {
        Format::Empty => Value::Null,
        // Images are read as blobs by `Session::image_url`, never decoded here.
        Format::Image => return Err(Failure::Decode),
        Format::Svg | Format::Csv => Value::String(text),
        Format::Json => serde_json::from_str(&text).map_err(|_| Failure::Decode)?,
    };
    serde_json::from_value(value).map_err(|_| Failure::Decode)
}

/// Calls an endpoint without signing in. A page's first GET may have been answered by the
/// Worker in the page itself (`first`), as may a signed-in person's.
pub async fn call<E: Api>(endpoint: &E, input: &E::Input) -> Result<E::Output, Failure> {
    let prepared = prepare(endpoint, input)?;
    let text = match embedded(&prepared) {
        Some(text) => text,
        None => text_of(send(&prepared, None).await?).await?,
    };
    decode(E::SPEC.format, text)
}

/// The answer the Worker embedded in the page for this request, if it is the page's first GET.
fn embedded(prepared: &Prepared) -> Option<String> {
    (prepared.method == Method::Get).then(|| crate::first::take_answer(&prepared.path)).flatten()
}

impl Session {
    /// Calls as the signed-in person.
    pub async fn call<E: Api>(self, endpoint: &E, input: &E::Input) -> Result<E::Output, Failure> {
        let prepared = prepare(endpoint, input)?;
        if let Some(text) = embedded(&prepared) {
            return decode(E::SPEC.format, text);
        }
        let text = self
            .exchange(move |token| {
                let prepared = prepared.clone();
                async move { text_of(send(&prepared, Some(&token)).await?).await }
            })
            .await?;
        decode(E::SPEC.format, text)
    }

    /// An image endpoint's answer as an object URL for `<img src>` (the request needs the
    /// access token, which an `<img>` cannot send), revoked once no one holds it.
    pub async fn image_url<E: Api>(self, endpoint: &E) -> Result<Rc<ObjectUrl>, Failure> {
        let prepared = Prepared { method: Method::Get, path: endpoint.path(), body: None };
        self.exchange(move |token| {
            let prepared = prepared.clone();
            async move {
                let response = send(&prepared, Some(&token)).await?;
                if !response.ok() {
                    // `text_of` reads a failed answer as its error.
                    return Err(text_of(response).await.err().unwrap_or(Failure::Network));
                }
                let blob = web_sys::Response::from(response).blob().map_err(|_| Failure::Network)?;
                let blob: Blob = JsFuture::from(blob).await.map_err(|_| Failure::Network)?.unchecked_into();
                let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| Failure::Decode)?;
                Ok(Rc::new(ObjectUrl(url)))
            }
        })
        .await
    }

    /// Uploads `photo` to an endpoint that takes one, telling `progress` the share sent so far
    /// (0–1). Sent again once after refreshing an expired token.
    pub async fn upload<E: Api<Input = PhotoUpload>>(
        self,
        endpoint: &E,
        photo: Blob,
        progress: Rc<dyn Fn(f64)>,
    ) -> Result<E::Output, Failure> {
        let path = endpoint.path();
        let text = self
            .exchange(move |token| {
                let (path, photo, progress) = (path.clone(), photo.clone(), progress.clone());
                async move { upload_once(&path, &token, &photo, progress).await }
            })
            .await?;
        decode(E::SPEC.format, text)
    }

    /// Makes an attempt with the access token. An expired one is refreshed once; a session
    /// that has ended (revoked, disabled, unknown) is dropped here.
    async fn exchange<T, F, Fut>(self, attempt: F) -> Result<T, Failure>
    where
        F: Fn(String) -> Fut,
        Fut: Future<Output = Result<T, Failure>>,
    {
        only_in_a_browser().await;
        let Some(tokens) = self.tokens.get_untracked() else {
            return Err(Failure::Api(ApiError::new(ErrorKind::NotSignedIn)));
        };
        let outcome = match attempt(tokens.access_token.clone()).await {
            Err(Failure::Api(e)) if e.error == ErrorKind::TokenExpired => {
                match self.refresh(&tokens.refresh_token).await {
                    Ok(access) => attempt(access).await,
                    Err(failure) => Err(failure),
                }
            }
            other => other,
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
            self.end();
        }
        outcome
    }

    /// Swaps the refresh token for a new access token. If another call (or another page of
    /// this app, through the device's storage) refreshed meanwhile, that result is used
    /// instead: a refresh token works once. A refresh that could not be made (offline) keeps
    /// the session for the next try.
    async fn refresh(self, refresh_token: &str) -> Result<String, Failure> {
        let lock = self.refreshing.get_value();
        let _turn = lock.lock().await;
        if let Some(stored) = crate::session::stored().filter(|t| t.refresh_token != refresh_token) {
            let access = stored.access_token.clone();
            self.tokens.set(Some(stored));
            return Ok(access);
        }
        let body = RefreshRequest { refresh_token: refresh_token.into() };
        let tokens = call(&endpoints::Refresh {}, &body).await?;
        let access = tokens.access_token.clone();
        self.keep(tokens);
        Ok(access)
    }
}

/// One upload through XMLHttpRequest, the one browser API that reports upload progress.
async fn upload_once(path: &str, token: &str, photo: &Blob, progress: Rc<dyn Fn(f64)>) -> Result<String, Failure> {
    let network = |_| Failure::Network;
    let xhr = XmlHttpRequest::new().map_err(network)?;
    xhr.open("POST", path).map_err(network)?;
    xhr.set_request_header("authorization", &format!("Bearer {token}")).map_err(network)?;
    xhr.set_request_header("content-type", &photo.type_()).map_err(network)?;
    xhr.set_timeout(UPLOAD_TIMEOUT_MS);
    let on_progress = Closure::<dyn Fn(ProgressEvent)>::new(move |event: ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            progress(event.loaded() / event.total());
        }
    });
    let upload = xhr.upload().map_err(network)?;
    upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let sending = Sending { xhr: &xhr, upload, _on_progress: on_progress };
    // `loadend` follows success, error, abort and timeout alike.
    let finished = js_sys::Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
    xhr.send_with_opt_blob(Some(photo)).map_err(network)?;
    JsFuture::from(finished).await.map_err(network)?;
    drop(sending);
    let status = xhr.status().map_err(network)?;
    let text = xhr.response_text().map_err(network)?.unwrap_or_default();
    match status {
        0 => Err(Failure::Network),
        200..=299 => Ok(text),
        _ => Err(serde_json::from_str::<ApiError>(&text).map_or(Failure::Network, Failure::Api)),
    }
}

/// An upload under way. Dropped early (the page went away), it stops the request, so the
/// progress handler it owns is never called after it is gone.
struct Sending<'a> {
    xhr: &'a XmlHttpRequest,
    upload: web_sys::XmlHttpRequestUpload,
    _on_progress: Closure<dyn Fn(ProgressEvent)>,
}

impl Drop for Sending<'_> {
    fn drop(&mut self) {
        self.upload.set_onprogress(None);
        if self.xhr.ready_state() != XmlHttpRequest::DONE {
            let _ = self.xhr.abort();
        }
    }
}

/// An object URL for a blob, revoked when the last holder lets go of it.
#[derive(Debug, PartialEq)]
pub struct ObjectUrl(String);

impl ObjectUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for ObjectUrl {
    fn drop(&mut self) {
        let _ = web_sys::Url::revoke_object_url(&self.0);
    }
}
