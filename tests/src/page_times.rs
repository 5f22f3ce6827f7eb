//! Every page of the app on the slow phone link (`phone::slow_phone_link`), as `make bench`
//! measures it: how soon its title and explanation are painted, how soon its records are
//! (for a page that shows records), and how soon it answers taps (its bundle mounted, which
//! `<html data-ready>` marks). Signed-in pages are opened with the right demo person's
//! session already on the device, as a returning person's phone has it.

use crate::{SendThroughDevProxy, Server, phone};
use fantoccini::Client;
use getima_domain::api::SessionTokens;
use std::time::{Duration, Instant};

/// First meaningful content, and handlers attached, on the slow link (median of cold loads).
pub const CONTENT_BUDGET_MS: f64 = 1000.0;
pub const INTERACTIVE_BUDGET_MS: f64 = 2000.0;
pub const LOADS: usize = 5;

/// What the Worker paints first on a page other than a code's: its title and explanation.
pub const TITLE: &str = "[data-testid=page-lead]";

/// One page to time: its path, who is signed in on the phone, and what marks its records.
pub struct Page {
    pub path: String,
    /// The demo person's phone number, for a page that needs signing in.
    pub who: Option<&'static str>,
    /// The title's mark, when it is not [`TITLE`] (the code page draws the shop instead).
    pub title: &'static str,
    /// The records' mark (or the note saying there are none), for a page that shows records.
    pub records: Option<&'static str>,
}

impl Page {
    pub fn public(path: impl Into<String>, records: Option<&'static str>) -> Self {
        Self { path: path.into(), who: None, title: TITLE, records }
    }

    pub fn signed_in(path: impl Into<String>, who: &'static str, records: Option<&'static str>) -> Self {
        Self { path: path.into(), who: Some(who), title: TITLE, records }
    }
}

/// Milliseconds from navigation, one per cold load; `None` where the mark never came.
pub struct Timing {
    pub path: String,
    pub title: Vec<Option<f64>>,
    pub records: Option<Vec<Option<f64>>>,
    pub ready: Vec<Option<f64>>,
}

/// The median of the loads; a load whose mark never came counts as never.
pub fn median(values: &[Option<f64>]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().map(|v| v.unwrap_or(f64::INFINITY)).collect();
    sorted.sort_by(f64::total_cmp);
    Some(sorted[sorted.len() / 2]).filter(|m| m.is_finite())
}

impl Timing {
    /// First meaningful content: the records where the page shows records, else its title
    /// and explanation.
    pub fn content_ms(&self) -> Option<f64> {
        match &self.records {
            Some(records) => median(records),
            None => median(&self.title),
        }
    }

    pub fn ready_ms(&self) -> Option<f64> {
        median(&self.ready)
    }

    /// What misses its budget, said in a line each.
    pub fn misses(&self) -> Vec<String> {
        let mut misses = Vec::new();
        let what = if self.records.is_some() { "records" } else { "title and explanation" };
        match self.content_ms() {
            Some(ms) if ms <= CONTENT_BUDGET_MS => {}
            Some(ms) => misses.push(format!("{}: {what} painted at {ms:.0} ms > {CONTENT_BUDGET_MS:.0} ms", self.path)),
            None => misses.push(format!("{}: {what} never painted", self.path)),
        }
        match self.ready_ms() {
            Some(ms) if ms <= INTERACTIVE_BUDGET_MS => {}
            Some(ms) => {
                misses.push(format!("{}: interactive at {ms:.0} ms > {INTERACTIVE_BUDGET_MS:.0} ms", self.path))
            }
            None => misses.push(format!("{}: never interactive", self.path)),
        }
        misses
    }
}

/// Installed before every document: notes when each awaited mark first matches, at the
/// next animation frame (the frame that paints it; none runs while the page cannot render),
/// and when the bundle has mounted. What to await is left in sessionStorage before each load.
const OBSERVER: &str = r#"(() => {
  const want = JSON.parse(sessionStorage.getItem('getima-bench') || '{}');
  const marks = (window.__getimaBench = {});
  const mark = (name) => {
    if (name in marks) return;
    marks[name] = null;
    requestAnimationFrame(() => { marks[name] = performance.now(); });
  };
  const check = () => {
    if (want.title && document.querySelector(want.title)) mark('title');
    if (want.records && document.querySelector(want.records)) mark('records');
    if (document.documentElement && document.documentElement.hasAttribute('data-ready')) mark('ready');
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
})();"#;

const WAIT: Duration = Duration::from_secs(20);

/// Times each page over [`LOADS`] cold loads on one phone on the slow link; `sessions`
/// holds each demo person's session, by phone number.
pub async fn time_pages(server: &Server, pages: &[Page], sessions: &[(&str, SessionTokens)]) -> Vec<Timing> {
    let phone = phone::phone_trusting_local_https(phone::PHONE_UA).await;
    let client = &phone.client;
    phone::cdp(client, "Page.enable", serde_json::json!({})).await;
    // Cloudflare answers a browser that accepts brotli with brotli; `wrangler dev` takes the
    // first encoding a request lists, which from Chromium is gzip. Listing brotli first gets
    // the phone what the edge would send it.
    phone::cdp(client, "Network.enable", serde_json::json!({})).await;
    phone::cdp(
        client,
        "Network.setExtraHTTPHeaders",
        serde_json::json!({ "headers": { "Accept-Encoding": "br, gzip" } }),
    )
    .await;
    phone::cdp(client, "Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": OBSERVER })).await;
    phone::slow_phone_link(client).await;
    let mut timings = Vec::new();
    for page in pages {
        let session = page.who.map(|who| {
            let (_, tokens) = sessions.iter().find(|(phone, _)| *phone == who).expect("a session for each person");
            serde_json::to_value(tokens).expect("tokens as JSON")
        });
        let mut timing = Timing {
            path: page.path.clone(),
            title: Vec::new(),
            records: page.records.map(|_| Vec::new()),
            ready: Vec::new(),
        };
        for _ in 0..LOADS {
            let marks = load(client, server, page, session.as_ref()).await;
            timing.title.push(marks.title);
            if let Some(records) = timing.records.as_mut() {
                records.push(marks.records);
            }
            timing.ready.push(marks.ready);
        }
        timings.push(timing);
    }
    phone.client.clone().close().await.expect("session closes");
    timings
}

struct Marks {
    title: Option<f64>,
    records: Option<f64>,
    ready: Option<f64>,
}

async fn load(client: &Client, server: &Server, page: &Page, session: Option<&serde_json::Value>) -> Marks {
    phone::remember_session(client, &server.url("/"), session).await;
    let want = serde_json::json!({ "title": page.title, "records": page.records }).to_string();
    client
        .execute("sessionStorage.setItem('getima-bench', arguments[0]);", vec![want.into()])
        .await
        .expect("the marks to await are set");
    // A load the browser gives up on counts as never, and the run goes on to the next.
    if let Err(e) = client.goto(&server.url(&page.path)).await {
        eprintln!("{} did not open: {e}", page.path);
        return Marks { title: None, records: None, ready: None };
    }
    let began = Instant::now();
    loop {
        let seen: serde_json::Value = client
            .execute(
                "const m = window.__getimaBench || {};
                 const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                 return { title: m.title, records: m.records, ready: m.ready, fcp: fcp ? fcp.startTime : null };",
                vec![],
            )
            .await
            .expect("marks");
        let at = |name: &str| seen[name].as_f64();
        let done =
            at("title").is_some() && (page.records.is_none() || at("records").is_some()) && at("ready").is_some();
        if done || began.elapsed() > WAIT {
            // Nothing shows before the first contentful paint, whatever the frame said.
            let painted = |name: &str| at(name).map(|ms| at("fcp").map_or(ms, |fcp| ms.max(fcp)));
            return Marks { title: painted("title"), records: painted("records"), ready: at("ready") };
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A demo person's session, and what the bench needs of their data.
pub fn session(http: &reqwest::blocking::Client, server: &Server, phone: &str, n: u8) -> SessionTokens {
    server.sign_in(http, phone, &format!("203.0.113.{}", 100 + n))
}

/// `GET path` as this person, as JSON.
pub fn read(
    http: &reqwest::blocking::Client,
    server: &Server,
    tokens: &SessionTokens,
    path: &str,
) -> serde_json::Value {
    http.get(server.url(path))
        .bearer_auth(&tokens.access_token)
        .send_through_dev_proxy()
        .and_then(|r| r.error_for_status())
        .and_then(|r| r.json())
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

/// The table `make bench` prints: per page, the medians and whether they keep the budgets.
pub fn table(timings: &[Timing]) -> String {
    let ms = |v: Option<f64>| v.map_or("never".to_string(), |v| format!("{v:.0}"));
    let mut out = format!(
        "    {:<46} {:<18} {:>7} {:>8} {:>8} {:>12}\n",
        "page", "bundle", "title", "records", "ready", "budgets"
    );
    for t in timings {
        let bundle = getima_domain::bundles::Bundle::for_path(&t.path).name();
        let records = t.records.as_ref().map_or("–".to_string(), |r| ms(median(r)));
        let verdict = if t.misses().is_empty() { "OK" } else { "MISS" };
        out += &format!(
            "    {:<46} {:<18} {:>7} {:>8} {:>8} {:>12}\n",
            truncate(&t.path, 46),
            bundle,
            ms(median(&t.title)),
            records,
            ms(t.ready_ms()),
            verdict
        );
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}
