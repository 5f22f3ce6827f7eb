//! `wrangler dev` puts a proxy (its ProxyWorker) in front of the Worker. Now and then the proxy
//! writes a request into a pooled connection at the moment the Worker's side closes it as idle
//! (both sides time out after 5 s; cloudflare/workers-sdk#14641). The Worker never reads that
//! request, and the proxy answers it itself: 503, `Retry-After: 0`, plain text saying the worker
//! "restarted mid-request". It replays only GET and HEAD, so the tests replay the rest, as its
//! `Retry-After: 0` asks. Nothing the Worker itself answers looks like that: its errors are JSON.

use reqwest::blocking::{RequestBuilder, Response};

/// How often a request lost by the proxy is sent again before its answer is taken as it is.
const ATTEMPTS: usize = 3;

pub trait SendThroughDevProxy {
    /// Sends the request, again if the dev proxy lost it on the way to the Worker.
    fn send_through_dev_proxy(self) -> reqwest::Result<Response>;
}

impl SendThroughDevProxy for RequestBuilder {
    fn send_through_dev_proxy(self) -> reqwest::Result<Response> {
        let mut request = self;
        for _ in 1..ATTEMPTS {
            // A streamed body (a multipart upload) cannot be copied, so it is sent once.
            let Some(again) = request.try_clone() else { break };
            let response = request.send()?;
            if !lost_by_dev_proxy(&response) {
                return Ok(response);
            }
            eprintln!("wrangler dev's proxy lost {}; sending it again", response.url().path());
            request = again;
        }
        request.send()
    }
}

fn lost_by_dev_proxy(response: &Response) -> bool {
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
    response.status() == reqwest::StatusCode::SERVICE_UNAVAILABLE
        && header("retry-after") == "0"
        && header("content-type").starts_with("text/plain")
}
