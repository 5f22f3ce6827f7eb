//! Budgets, measured on a fresh local server and printed:
//! (a) compressed bytes of the first load of `/c/:code` (HTML + JS + WASM + CSS), and
//! (b) requests/s and p99 of `GET /api/codes/{code}` against a static asset, side by side.
//! Exits non-zero when a budget is missed.

use getima_domain::api::{DemoCase, DemoCodes};
use getima_e2e::Server;
use reqwest::blocking::Client;
use std::process::Command;

const FIRST_LOAD_BUDGET_BYTES: usize = 250 * 1024;
const API_VS_STATIC_MIN: f64 = 0.5;
const ROUNDS: usize = 2;
const SECONDS_PER_RUN: &str = "8s";

struct Fetched {
    path: String,
    raw: usize,
    wire: usize,
    encoding: String,
}

/// Fetches as a phone browser would (accepting compression) and counts bytes on the wire.
/// reqwest here has no decompression, so the body is what crossed the network.
fn fetch(client: &Client, server: &Server, path: &str) -> (Fetched, Vec<u8>) {
    let response = client
        .get(server.url(path))
        .header("accept-encoding", "br, gzip")
        .send()
        .and_then(|r| r.error_for_status())
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let encoding =
        response.headers().get("content-encoding").and_then(|v| v.to_str().ok()).unwrap_or("identity").to_string();
    let wire = response.bytes().expect("body").to_vec();
    let raw = client
        .get(server.url(path))
        .header("accept-encoding", "identity")
        .send()
        .and_then(|r| r.bytes())
        .expect("body")
        .len();
    let fetched = Fetched { path: path.to_string(), raw, wire: wire.len(), encoding };
    (fetched, wire)
}

/// The assets index.html loads: every `href`/`src`/`import` under our own origin.
fn referenced_assets(html: &str) -> Vec<String> {
    let mut assets = Vec::new();
    for quote in html.split('"').skip(1).step_by(2) {
        let is_asset = quote.starts_with('/')
            && [".js", ".wasm", ".css"].iter().any(|ext| quote.split('?').next().is_some_and(|p| p.ends_with(ext)));
        if is_asset && !assets.iter().any(|a: &String| a == quote) {
            assets.push(quote.to_string());
        }
    }
    assets
}

fn first_load(client: &Client, server: &Server, code: &str) -> usize {
    let page = format!("/c/{code}");
    let (html_fetch, _) = fetch(client, server, &page);
    let html = client
        .get(server.url(&page))
        .header("accept-encoding", "identity")
        .send()
        .and_then(|r| r.text())
        .expect("HTML");
    let mut rows = vec![html_fetch];
    for asset in referenced_assets(&html) {
        rows.push(fetch(client, server, &asset).0);
    }
    println!("(a) first load of /c/:code");
    println!("    {:<48} {:>9} {:>9}  encoding", "resource", "raw B", "wire B");
    for row in &rows {
        println!("    {:<48} {:>9} {:>9}  {}", truncate(&row.path, 48), row.raw, row.wire, row.encoding);
    }
    let total: usize = rows.iter().map(|r| r.wire).sum();
    let raw: usize = rows.iter().map(|r| r.raw).sum();
    let (api, _) = fetch(client, server, &format!("/api/codes/{code}"));
    println!(
        "    total (HTML + JS + WASM + CSS): {total} B on the wire ({:.1} KB; {raw} B uncompressed)",
        total as f64 / 1024.0
    );
    println!("    plus the profile JSON it then fetches: {} B on the wire", api.wire);
    total
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}

struct Load {
    requests_per_second: f64,
    p99_ms: f64,
}

fn parse_duration_ms(text: &str) -> Option<f64> {
    let (number, unit) = text.split_at(text.find(|c: char| c.is_ascii_alphabetic())?);
    let value: f64 = number.parse().ok()?;
    Some(match unit {
        "us" => value / 1000.0,
        "ms" => value,
        "s" => value * 1000.0,
        _ => return None,
    })
}

fn wrk(url: &str) -> Load {
    let output = Command::new("wrk")
        .args(["-t2", "-c8", "-d", SECONDS_PER_RUN, "--latency", url])
        .output()
        .expect("wrk is installed (make setup)");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains("Non-2xx"), "wrk saw errors for {url}:\n{text}");
    let requests_per_second = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no Requests/sec in wrk output:\n{text}"));
    let p99_ms = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .and_then(|v| parse_duration_ms(v.trim()))
        .unwrap_or_else(|| panic!("no 99% latency in wrk output:\n{text}"));
    Load { requests_per_second, p99_ms }
}

fn throughput(server: &Server, code: &str) -> f64 {
    let api = server.url(&format!("/api/codes/{code}"));
    let asset = server.url("/app.css");
    // Warm both paths (the profile lands in KV), then alternate so drift hits both alike.
    wrk_warm(&api);
    wrk_warm(&asset);
    let mut api_runs = Vec::new();
    let mut static_runs = Vec::new();
    for _ in 0..ROUNDS {
        static_runs.push(wrk(&asset));
        api_runs.push(wrk(&api));
    }
    let mean = |runs: &[Load], f: fn(&Load) -> f64| runs.iter().map(f).sum::<f64>() / runs.len() as f64;
    let (api_rps, static_rps) =
        (mean(&api_runs, |l| l.requests_per_second), mean(&static_runs, |l| l.requests_per_second));
    println!("(b) throughput, wrk -t2 -c8, {ROUNDS} alternating runs of {SECONDS_PER_RUN} each, same server");
    println!(
        "    static asset  GET /app.css             {static_rps:>8.0} req/s   p99 {:>6.1} ms",
        mean(&static_runs, |l| l.p99_ms)
    );
    println!(
        "    code API      GET /api/codes/{{code}}    {api_rps:>8.0} req/s   p99 {:>6.1} ms",
        mean(&api_runs, |l| l.p99_ms)
    );
    let ratio = api_rps / static_rps;
    println!("    code API / static = {:.0} %", ratio * 100.0);
    ratio
}

fn wrk_warm(url: &str) {
    let _ = Command::new("wrk").args(["-t1", "-c2", "-d2s", url]).output();
}

fn main() {
    let server = Server::start().unwrap_or_else(|e| {
        eprintln!("could not start the local server: {e}");
        std::process::exit(1);
    });
    let client = Client::builder().build().expect("HTTP client");
    let demo: DemoCodes = client.get(server.url("/api/demo/codes")).send().and_then(|r| r.json()).expect("demo codes");
    let code = demo.codes.iter().find(|c| c.case == DemoCase::Ordinary).expect("an ordinary code").code.clone();

    let bytes = first_load(&client, &server, &code);
    let ratio = throughput(&server, &code);

    let size_ok = bytes <= FIRST_LOAD_BUDGET_BYTES;
    let speed_ok = ratio >= API_VS_STATIC_MIN;
    println!("budgets:");
    println!(
        "    first load ≤ {} KB: {:.1} KB  {}",
        FIRST_LOAD_BUDGET_BYTES / 1024,
        bytes as f64 / 1024.0,
        if size_ok { "OK" } else { "OVER" }
    );
    println!(
        "    code API ≥ {:.0} % of static: {:.0} %  {}",
        API_VS_STATIC_MIN * 100.0,
        ratio * 100.0,
        if speed_ok { "OK" } else { "UNDER" }
    );
    drop(server);
    if !(size_ok && speed_ok) {
        std::process::exit(1);
    }
}
