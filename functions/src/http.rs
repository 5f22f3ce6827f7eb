//! HTTP in and out: reading a request's input, writing a response in the endpoint's format,
//! and turning every failure into a JSON `ApiError` with its status. Errors are converted
//! here, once.

use futures_util::StreamExt;
use getima_domain::api::{
    Access, Api, ApiError, ErrorKind, FieldError, Format, Method, Open311Error, Photo, PhotoUpload, Spec,
};
use getima_domain::pages::STRICT_TRANSPORT_SECURITY;
use getima_domain::registration::photos::MAX_PHOTO_BYTES;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::any::Any;
use worker::{Headers, Request, Response};

/// Bodies are forms of a few fields; anything bigger is a mistake or an attack.
const MAX_BODY_BYTES: usize = 8 * 1024;

/// Why a request did not succeed.
#[derive(Debug)]
pub struct Failure {
    error: Box<ApiError>,
    /// For 405: the methods the path does take.
    allow: Option<String>,
}

pub type Outcome<T> = Result<T, Failure>;

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Self { error: Box::new(error), allow: None }
    }
}

impl From<worker::Error> for Failure {
    fn from(error: worker::Error) -> Self {
        match error {
            // A binding that did not answer: the storage, not the request, is at fault.
            worker::Error::D1(_) | worker::Error::KvError(_) => Self::storage(error),
            other => Self::internal(other),
        }
    }
}

impl From<worker::kv::KvError> for Failure {
    fn from(error: worker::kv::KvError) -> Self {
        worker::Error::KvError(error).into()
    }
}

/// Logs a fault under a fresh id that the client is given instead of the details.
fn log_with_id(what: &str, error: &dyn std::fmt::Display) -> String {
    // Straight from the CSPRNG: `random` reports its own failures through this module.
    let mut bytes = [0u8; 6];
    let id = match getrandom::fill(&mut bytes) {
        Ok(()) => getima_domain::hex::encode(&bytes),
        Err(_) => "unknown".into(),
    };
    worker::console_error!("{what} fault {id}: {error}");
    id
}

impl Failure {
    /// A broken invariant: logged with an id, answered as a 500 that shows only the id.
    pub fn internal(what: impl std::fmt::Display) -> Self {
        ApiError::internal(log_with_id("internal", &what)).into()
    }

    /// A storage binding (R2) that failed: logged with an id, answered as a 503.
    pub fn storage(error: impl std::fmt::Display) -> Self {
        let id = log_with_id("storage", &error);
        ApiError::new(ErrorKind::StorageUnavailable).with_detail(format!("error id {id}")).into()
    }

    /// The error as a client sees it (for pages that show it rather than send it as JSON).
    pub fn into_error(self) -> ApiError {
        *self.error
    }

    pub fn method_not_allowed(allowed: &[Method]) -> Self {
        let allow: Vec<&str> = allowed.iter().map(|m| m.as_str()).collect();
        Self { error: Box::new(ApiError::new(ErrorKind::MethodNotAllowed)), allow: Some(allow.join(", ")) }
    }

    pub fn into_response(self) -> Response {
        let body = serde_json::to_vec(&*self.error).unwrap_or_default();
        self.answer(body)
    }

    /// The failure as Open311 has errors: a list of `{code, description}`, the description in
    /// one language, naming each bad field.
    pub fn into_open311_response(self, english: bool) -> Response {
        let error = &*self.error;
        let say = |zh: &str, en: &str| if english { en.to_string() } else { zh.to_string() };
        let mut description = say(&error.message_zh, &error.message_en);
        for field in &error.fields {
            description += &format!(" {}: {}", field.field, say(&field.message_zh, &field.message_en));
        }
        let body = serde_json::to_vec(&[Open311Error { code: error.status(), description }]).unwrap_or_default();
        self.answer(body)
    }

    fn answer(&self, body: Vec<u8>) -> Response {
        let headers = base_headers("application/json", "no-store");
        if let Some(allow) = &self.allow {
            let _ = headers.set("allow", allow);
        }
        if let Some(seconds) = self.error.retry_after {
            let _ = headers.set("retry-after", &seconds.to_string());
        }
        Response::from_bytes(body)
            .map(|r| r.with_status(self.error.status()).with_headers(headers))
            .unwrap_or_else(|_| Response::error("service unavailable / 服务暂时不可用", 503).expect("plain response"))
    }
}

fn base_headers(content_type: &str, cache: &str) -> Headers {
    let headers = Headers::new();
    let _ = headers.set("content-type", content_type);
    let _ = headers.set("x-content-type-options", "nosniff");
    let _ = headers.set("cache-control", cache);
    let _ = headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
    let _ = headers.set("date", &crate::clock::http_date());
    headers
}

/// The success response in the endpoint's format. Public reads may be revalidated from
/// caches; anything else (tokens, personal data, writes) is never stored.
pub fn respond<T: Serialize + 'static>(spec: &Spec, output: &T, head: bool) -> Outcome<Response> {
    let cache = if spec.access == Access::Public && spec.method == Method::Get { "no-cache" } else { "no-store" };
    if spec.format == Format::Image {
        let photo = (output as &dyn Any)
            .downcast_ref::<Photo>()
            .ok_or_else(|| Failure::internal("an image endpoint's output is not a Photo"))?;
        let headers = base_headers(&photo.media_type, cache);
        // Nothing in a photo may run or load anything, even opened on its own.
        let _ = headers.set("content-security-policy", "default-src 'none'; sandbox");
        let body = if head { Vec::new() } else { photo.bytes.clone() };
        return Ok(Response::from_bytes(body)?.with_status(spec.status).with_headers(headers));
    }
    let bytes = match spec.format {
        Format::Json => serde_json::to_vec(output).map_err(Failure::internal)?,
        Format::Svg | Format::Csv => match serde_json::to_value(output).map_err(Failure::internal)? {
            serde_json::Value::String(text) => text.into_bytes(),
            _ => return Err(Failure::internal("a text output did not serialise as text")),
        },
        Format::Image => return Err(Failure::internal("an image is answered above")),
        Format::Empty => {
            return Ok(Response::empty()?.with_status(204).with_headers(base_headers("text/plain", cache)));
        }
    };
    let headers = base_headers(spec.format.media_type().unwrap_or("application/octet-stream"), cache);
    if spec.format == Format::Csv {
        // Saved as a file named after the path's last segment.
        let name = spec.path.rsplit('/').next().unwrap_or("data.csv");
        headers.set("content-disposition", &format!("attachment; filename=\"{name}\""))?;
    }
    let body = if head { Vec::new() } else { bytes };
    Ok(Response::from_bytes(body)?.with_status(spec.status).with_headers(headers))
}

/// The request's input: the query for GET, the JSON body for writes, nothing for `()`.
pub async fn read_input<E: Api>(req: &mut Request) -> Outcome<E::Input> {
    if !E::takes_input() {
        return serde_json::from_value(serde_json::Value::Null).map_err(Failure::internal);
    }
    if E::SPEC.method == Method::Get {
        let url = req.url()?;
        let query = url.query().unwrap_or("");
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        return serde_path_to_error::deserialize(deserializer).map_err(|e| invalid_input(e, "query"));
    }
    if getima_domain::api::takes_photo::<E>() {
        let photo = read_photo(req).await?;
        return (Box::new(photo) as Box<dyn Any>)
            .downcast::<E::Input>()
            .map(|input| *input)
            .map_err(|_| Failure::internal("a photo endpoint's input is not a PhotoUpload"));
    }
    let content_type = req.headers().get("content-type")?.unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    let form = E::SPEC.speaks_open311();
    let expected = if form { "application/x-www-form-urlencoded" } else { "application/json" };
    if !media_type.eq_ignore_ascii_case(expected) {
        let refusal = ApiError::new(ErrorKind::UnsupportedMediaType);
        return Err(if form {
            refusal.with_message(
                "请求内容须为表单（application/x-www-form-urlencoded）。",
                "The request body must be a form (Content-Type: application/x-www-form-urlencoded).",
            )
        } else {
            refusal
        }
        .into());
    }
    let declared = req.headers().get("content-length")?.and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > MAX_BODY_BYTES) {
        return Err(ApiError::new(ErrorKind::PayloadTooLarge).into());
    }
    let Some(bytes) = read_capped(req, MAX_BODY_BYTES).await? else {
        return Err(ApiError::new(ErrorKind::PayloadTooLarge).into());
    };
    if form {
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(&bytes));
        return serde_path_to_error::deserialize(deserializer).map_err(|e| invalid_input(e, "body"));
    }
    parse_json(&bytes)
}

/// An image body: refused by its declared size before it is read, and kept no further than
/// the limit when no size is declared. What it is, the handler checks from the bytes.
async fn read_photo(req: &mut Request) -> Outcome<PhotoUpload> {
    let declared = req.headers().get("content-length")?.and_then(|v| v.parse::<usize>().ok());
    getima_domain::registration::photos::check_declared_size(declared)?;
    let bytes = read_capped(req, MAX_PHOTO_BYTES).await?.ok_or_else(getima_domain::registration::photos::too_large)?;
    Ok(PhotoUpload(bytes))
}

/// The body, read as a stream and kept no further than `max` bytes (`None` past it): a body
/// sent in chunks declares no length, so only reading it tells its size.
async fn read_capped(req: &mut Request, max: usize) -> Outcome<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    // A request without a body has no stream: it is empty.
    if req.inner().body().is_none() {
        return Ok(Some(bytes));
    }
    // Past the limit the rest is drained, not kept: a body left half read upsets the
    // runtime's handling of the requests that follow.
    let (mut body, mut over) = (req.stream()?, false);
    while let Some(chunk) = body.next().await {
        let chunk = chunk?;
        if over {
            continue;
        }
        bytes.extend_from_slice(&chunk);
        if bytes.len() > max {
            (over, bytes) = (true, Vec::new());
        }
    }
    Ok((!over).then_some(bytes))
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Outcome<T> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| invalid_input(e, "body"))?;
    deserializer.end().map_err(|e| {
        ApiError::invalid("body", "内容不是有效的 JSON", "The body is not valid JSON").with_detail(e.to_string())
    })?;
    Ok(value)
}

/// A decoding failure as a field error: which field, and in plain words what is wrong.
fn invalid_input<E: std::fmt::Display>(error: serde_path_to_error::Error<E>, whole: &str) -> Failure {
    let path = error.path().to_string();
    let message = error.inner().to_string();
    let named = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(|field| if path == "." { field.to_string() } else { format!("{path}.{field}") })
    };
    let field_error = if let Some(field) = named("missing field `") {
        FieldError::new(field, "请填写此项", "This is required")
    } else if let Some(field) = named("unknown field `") {
        FieldError::new(field, "不接受此项", "This request does not take this field")
    } else {
        let field = if path == "." { whole.to_string() } else { path };
        FieldError::new(field, "格式或取值不对", "This has the wrong type or value")
    };
    let mut error = ApiError::invalid_fields(vec![field_error]);
    // serde quotes the offending value; a little of it is enough to recognise it.
    error.detail = Some(message.chars().take(200).collect());
    error.into()
}
