//! Byte budgets: what each bundle's page makes a phone download (HTML, JS, WASM and CSS),
//! compressed as a browser would ask for it. Used by `make bench` and the test suite alike.

use crate::{SendThroughDevProxy, Server};
use getima_domain::bundles::Bundle;
use reqwest::blocking::Client;

/// What `/c/:code` may load on the wire (brotli, as the server compresses it for a browser
/// that accepts it): the public bundle's JS + WASM + CSS.
pub const PUBLIC_BUNDLE_BYTES: usize = 200 * 1024;

pub struct Resource {
    pub path: String,
    pub raw: usize,
    pub wire: usize,
    pub encoding: String,
}

pub struct Report {
    pub rows: Vec<(Bundle, Vec<Resource>)>,
    /// What the home page fetches only when someone taps scan.
    pub on_demand: Vec<Resource>,
}

/// Fetches as a phone browser would (accepting compression) and counts bytes on the wire.
/// reqwest here has no decompression, so the body is what crossed the network.
pub fn fetch(client: &Client, server: &Server, path: &str) -> (Resource, Vec<u8>) {
    let get = |encoding: &str| {
        client
            .get(server.url(path))
            .header("accept-encoding", encoding)
            .send_through_dev_proxy()
            .and_then(|r| r.error_for_status())
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    };
    let response = get("br, gzip");
    let encoding =
        response.headers().get("content-encoding").and_then(|v| v.to_str().ok()).unwrap_or("identity").to_string();
    let wire = response.bytes().expect("body").len();
    let plain = get("identity").bytes().expect("body").to_vec();
    (Resource { path: path.to_string(), raw: plain.len(), wire, encoding }, plain)
}

/// The assets a page loads: what its `href`s, `src`s and boot script name, ending .js, .wasm
/// or .css. Modules it only names for later (`<meta name="getima-…">`) are not among them.
fn referenced_assets(html: &str) -> Vec<String> {
    let loads = ["href=", "src=", "import init from ", "module_or_path: "];
    let pieces: Vec<&str> = html.split('"').collect();
    let mut assets = Vec::new();
    for pair in pieces.windows(2).step_by(2) {
        let (before, quote) = (pair[0], pair[1]);
        let is_asset = quote.starts_with('/')
            && loads.iter().any(|load| before.ends_with(load))
            && [".js", ".wasm", ".css"].iter().any(|ext| quote.split('?').next().is_some_and(|p| p.ends_with(ext)));
        if is_asset && !assets.iter().any(|a: &String| a == quote) {
            assets.push(quote.to_string());
        }
    }
    assets
}

/// The modules a page fetches only on demand (the QR reader when someone taps scan), named
/// in its `<meta name="getima-…" content="…">` tags.
pub fn on_demand_assets(html: &str) -> Vec<String> {
    html.split("<meta name=\"getima-")
        .skip(1)
        .filter_map(|tag| tag.split("content=\"").nth(1)?.split('"').next().map(str::to_string))
        .collect()
}

/// The page of each bundle (the public one as `/c/<code>` opens it) and what it loads.
pub fn bundles(client: &Client, server: &Server, code: &str) -> Report {
    let rows = Bundle::ALL
        .into_iter()
        .map(|bundle| {
            let page = match bundle {
                Bundle::Public => format!("/c/{code}"),
                other => other.prefixes()[0].to_string(),
            };
            let (html, body) = fetch(client, server, &page);
            let mut resources = vec![html];
            for asset in referenced_assets(&String::from_utf8_lossy(&body)) {
                resources.push(fetch(client, server, &asset).0);
            }
            (bundle, resources)
        })
        .collect();
    let (_, home) = fetch(client, server, "/");
    let on_demand =
        on_demand_assets(&String::from_utf8_lossy(&home)).iter().map(|asset| fetch(client, server, asset).0).collect();
    Report { rows, on_demand }
}

impl Report {
    /// Bytes on the wire of a bundle's JS, WASM and CSS (its HTML page aside).
    pub fn bundle(&self, bundle: Bundle) -> usize {
        self.rows.iter().filter(|(b, _)| *b == bundle).flat_map(|(_, r)| r.iter().skip(1)).map(|r| r.wire).sum()
    }

    pub fn table(&self) -> String {
        let mut out = format!("    {:<50} {:>9} {:>9}  encoding\n", "resource", "raw B", "wire B");
        for (bundle, resources) in &self.rows {
            out += &format!("  bundle {:?}:\n", bundle);
            for r in resources {
                out += &format!("    {:<50} {:>9} {:>9}  {}\n", truncate(&r.path, 50), r.raw, r.wire, r.encoding);
            }
            let total = self.bundle(*bundle);
            out += &format!("    JS + WASM + CSS: {total} B on the wire ({:.1} KB)\n", total as f64 / 1024.0);
        }
        out += "  on demand (fetched when someone taps scan):\n";
        for r in &self.on_demand {
            out += &format!("    {:<50} {:>9} {:>9}  {}\n", truncate(&r.path, 50), r.raw, r.wire, r.encoding);
        }
        out
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}
