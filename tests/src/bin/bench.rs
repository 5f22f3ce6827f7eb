//! Budgets, measured on a fresh local server and printed:
//! (a) compressed bytes of each bundle (JS + WASM + CSS; the public one is what `/c/:code`
//!     loads), and
//! (c) the HTML that carries a scan's first text, compressed, and the time until the shop's
//!     name (and a forged code's red verdict) is painted on a slow phone link, and
//! (b) requests/s and p99 of `GET /api/codes/{code}` against a static asset, side by side, and
//! (d) requests/s and p99 of a department's registration queue with 10,000 applications filed,
//! (e) and of its appeals queue with 10,000 appeals filed, and
//! (f) stall booking under contention: 200 requests at once, from 40 vendors, at 20
//!     stall-sessions — how long they take, their p99, and that exactly 20 are booked, and
//! (g) every page of the app on the slow phone link, on a server with the demo data only:
//!     when its title and explanation, and its records, are painted and when it answers taps.
//! Exits non-zero when a budget is missed, naming each miss.

use getima_domain::api::{DemoCase, DemoCodes};
use getima_domain::bundles::Bundle;
use getima_e2e::page_times::{self, Page};
use getima_e2e::{Protocol, SendThroughDevProxy, Server, Setup, budget, phone};
use reqwest::blocking::Client;
use std::process::Command;

const API_VS_STATIC_MIN: f64 = 0.5;
/// The slowest 1 % of queue reads, at most, on this machine.
const QUEUE_P99_MS: f64 = 500.0;
const QUEUED_APPLICATIONS: u32 = 10_000;
const QUEUED_APPEALS: u32 = 10_000;

/// 10,000 food-shop applications waiting at the market regulator (two tasks each), their
/// deadlines spread over eight weeks around today, some already past.
fn queue_rows() -> String {
    format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {QUEUED_APPLICATIONS})
         INSERT INTO applications (id, applicant_id, bundle, idempotency_key, shop_name, county_code, trade_code,
                                   address_id, operator_name, id_number_hash, id_number_sealed, phone_hash,
                                   phone_sealed, submitted_at)
         SELECT 1000000 + i, 7, 'open-food-shop', printf('bench-queue-%08d', i), printf('鹿城排队%05d号店', i),
                '330302', 'food_retail', 1, '排队', 'bench', 'bench', 'bench', 'bench', '2026-11-20T09:00:00+08:00'
           FROM n;
         INSERT INTO application_tasks (application_id, kind, department, status, limit_days, running_since, due_on)
         SELECT a.id, k.kind, 'amr', 'in_review', 10, date('now', '-20 days'),
                date('now', printf('%+d days', (a.id % 56) - 21))
           FROM applications a CROSS JOIN (SELECT 'establishment' AS kind UNION ALL SELECT 'prepackaged_food_filing') k
          WHERE a.id > 1000000;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {QUEUED_APPEALS})
         INSERT INTO appeals (id, household_id, owner_id, idempotency_key, category, department, assignee_id, status,
                              text, submitted_at, claim_due, reply_due)
         SELECT 1000000 + i, 1, 7, printf('bench-appeal-%08d', i), 'licensing', 'amr',
                CASE WHEN i % 2 = 0 THEN NULL ELSE 2 END, CASE WHEN i % 2 = 0 THEN 'submitted' ELSE 'claimed' END,
                printf('排队的第%05d件诉求', i), '2026-11-20T09:00:00+08:00',
                CASE WHEN i % 2 = 0 THEN date('now', printf('%+d days', (i % 56) - 21)) END,
                date('now', printf('%+d days', (i % 56) - 14))
           FROM n;"
    )
}
const ROUNDS: usize = 2;
const SECONDS_PER_RUN: &str = "8s";

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
    parse_wrk(url, &String::from_utf8_lossy(&output.stdout))
}

fn parse_wrk(url: &str, text: &str) -> Load {
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

/// (c) What a scan shows, and how soon: the HTML that carries the first text, compressed, and
/// the time until the shop's name (or the red verdict) is painted, median of cold loads on
/// the slow phone link.
struct Scan {
    html_wire: usize,
    html_brotli: usize,
    valid_ms: Vec<f64>,
    forged_ms: Vec<f64>,
}

const SCAN_LOADS: usize = 5;
const FIRST_TEXT_BUDGET_BYTES: usize = 20 * 1024;
const FIRST_TEXT_BUDGET_MS: f64 = 500.0;

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

/// Milliseconds from navigation to the first paint of `css`'s element, which the Worker's
/// HTML contains, so the first contentful paint is when it shows.
async fn painted(client: &fantoccini::Client, url: &str, css: &str) -> f64 {
    client.goto(url).await.expect("page opens");
    client.find(fantoccini::Locator::Css(css)).await.unwrap_or_else(|_| panic!("{css} on {url}"));
    let fcp: serde_json::Value = client
        .execute("return performance.getEntriesByName('first-contentful-paint')[0].startTime", vec![])
        .await
        .expect("paint timing");
    fcp.as_f64().expect("a first contentful paint")
}

fn scan(client: &Client, server: &Server, valid: &str, forged: &str) -> Scan {
    let page = format!("/c/{valid}");
    let (html, body) = budget::fetch(client, server, &page);
    let html_brotli = {
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams { quality: 5, ..Default::default() };
        brotli::BrotliCompress(&mut body.as_slice(), &mut out, &params).expect("brotli");
        out.len()
    };
    let (valid_url, forged_url) = (server.url(&page), server.url(&format!("/c/{forged}")));
    let (valid_ms, forged_ms) =
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(async {
            let phone = phone::phone_with(phone::PHONE_UA).await;
            phone::slow_phone_link(&phone.client).await;
            let mut valid_ms = Vec::new();
            let mut forged_ms = Vec::new();
            for _ in 0..SCAN_LOADS {
                valid_ms.push(painted(&phone.client, &valid_url, "[data-testid=shop-name]").await);
                forged_ms.push(painted(&phone.client, &forged_url, "[data-testid=invalid-code]").await);
            }
            phone.client.clone().close().await.expect("session closes");
            (valid_ms, forged_ms)
        });
    Scan { html_wire: html.wire, html_brotli, valid_ms, forged_ms }
}

/// Reads of one of the market regulator's queues (`path`) by its staff: all that is open, and
/// only the overdue.
fn queue(token: &str, server: &Server, path: &str) -> (Load, Load) {
    let all = server.url(path);
    let overdue = server.url(&format!("{path}?overdue=true"));
    let auth = format!("Authorization: Bearer {token}");
    let read = |url: &str| {
        let output = Command::new("wrk")
            .args(["-t2", "-c8", "-d", SECONDS_PER_RUN, "--latency", "-H", &auth, url])
            .output()
            .expect("wrk is installed (make setup)");
        parse_wrk(url, &String::from_utf8_lossy(&output.stdout))
    };
    read(&all);
    (read(&all), read(&overdue))
}

/// What 200 booking requests fired at once did.
struct Rush {
    booked: usize,
    refused: usize,
    seconds: f64,
    p50_ms: f64,
    p99_ms: f64,
}

const RUSH_REQUESTS: usize = 200;
const RUSH_VENDORS: usize = 40;
const RUSH_STALLS: usize = 20;

/// Forty new vendors fire five taps each, at once, at twenty stalls of the farmers' market's
/// ordinary zone in one session three days ahead.
fn booking_rush(client: &Client, server: &Server) -> Rush {
    use getima_domain::api::MarketDay;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970");
    let day = getima_domain::calendar::add_days(getima_domain::calendar::china_date_at(now.as_millis() as i64), 3);
    let grid: MarketDay = client
        .get(server.url(&format!("/api/stall-markets/1/days/{day}")))
        .send_through_dev_proxy()
        .and_then(|r| r.json())
        .expect("the market's day");
    let zone = grid.zones.iter().find(|z| z.name == "普通区").expect("the ordinary zone").id;
    let session = grid.sessions.first().expect("a session");
    let stalls: Vec<i64> = session.stalls.iter().filter(|s| s.zone == zone).map(|s| s.id).take(RUSH_STALLS).collect();
    let vendors: Vec<String> = (0..RUSH_VENDORS)
        .map(|n| {
            let token = server.sign_in(client, &format!("137000005{n:02}"), &format!("198.51.100.{n}")).access_token;
            let id_number = getima_domain::id_number::complete(&format!("33030219800101{n:03}")).expect("an ID number");
            let registered = client
                .post(server.url("/api/me/vendor"))
                .bearer_auth(&token)
                .json(&serde_json::json!({ "name": format!("摊主{n}"), "id_number": id_number }))
                .send_through_dev_proxy()
                .expect("registers");
            assert_eq!(registered.status(), 200, "a bench vendor registers");
            token
        })
        .collect();
    let start = std::sync::Barrier::new(RUSH_REQUESTS);
    let began = std::time::Instant::now();
    let mut answers: Vec<(u16, f64)> = std::thread::scope(|scope| {
        let running: Vec<_> = (0..RUSH_REQUESTS)
            .map(|i| {
                let (start, vendors, stalls) = (&start, &vendors, &stalls);
                scope.spawn(move || {
                    let body = serde_json::json!({
                        "idempotency_key": format!("bench-rush-{i:08}"),
                        "stall": stalls[(i * 7) % RUSH_STALLS],
                        "session": session.id,
                    });
                    start.wait();
                    let sent = std::time::Instant::now();
                    let status = client
                        .post(server.url("/api/me/stall-bookings"))
                        .bearer_auth(&vendors[i / (RUSH_REQUESTS / RUSH_VENDORS)])
                        .json(&body)
                        .send_through_dev_proxy()
                        .map(|r| r.status().as_u16())
                        .unwrap_or(0);
                    (status, sent.elapsed().as_secs_f64() * 1000.0)
                })
            })
            .collect();
        running.into_iter().map(|t| t.join().expect("a request thread")).collect()
    });
    let seconds = began.elapsed().as_secs_f64();
    answers.sort_by(|a, b| a.1.total_cmp(&b.1));
    let at = |share: f64| answers[((answers.len() as f64 * share).ceil() as usize).clamp(1, answers.len()) - 1].1;
    Rush {
        booked: answers.iter().filter(|(s, _)| *s == 201).count(),
        refused: answers.iter().filter(|(s, _)| *s == 409).count(),
        seconds,
        p50_ms: at(0.50),
        p99_ms: at(0.99),
    }
}

const OWNER: &str = "13800000001";
const VENDOR: &str = "13900000007";
const ADMIN: &str = "13900000001";
const STAFF: &str = "13900000002";
const MARKET_MANAGER: &str = "13900000005";

/// (g) Every page of the route table (getima_domain::routes), with demo data that exists after
/// seeding, each opened as the demo person it is for, on a server of its own, over HTTPS as
/// phones reach Cloudflare (so with brotli, as they get it).
fn every_page() -> Vec<page_times::Timing> {
    let server = Server::start_over(Setup::Development, Protocol::Https).unwrap_or_else(|e| {
        eprintln!("could not start the local server: {e}");
        std::process::exit(1);
    });
    let http = Client::builder().danger_accept_invalid_certs(true).build().expect("HTTP client");
    let demo: DemoCodes =
        http.get(server.url("/api/demo/codes")).send_through_dev_proxy().and_then(|r| r.json()).expect("demo codes");
    let code = demo.codes.iter().find(|c| c.case == DemoCase::Ordinary).expect("an ordinary code").code.clone();
    let people = [OWNER, VENDOR, ADMIN, STAFF, MARKET_MANAGER];
    let sessions: Vec<(&str, _)> =
        people.iter().zip(1..).map(|(who, n)| (*who, page_times::session(&http, &server, who, n))).collect();
    let owner = &sessions[0].1;
    let households = page_times::read(&http, &server, owner, "/api/me/households");
    let uscc = households["households"][0]["uscc"].as_str().expect("the owner's business").to_string();
    let appeals = page_times::read(&http, &server, owner, "/api/me/appeals");
    let appeal = appeals["appeals"][0]["id"].as_i64().expect("the owner's appeal");
    let code_page = |path: String, title| Page { title, ..Page::public(path, None) };
    let pages = [
        Page::public("/", None),
        code_page(format!("/c/{code}"), "[data-testid=shop-name]"),
        code_page(format!("/c/{code}/poster"), "[data-testid=poster-name], [data-testid=no-poster]"),
        Page::public("/sign-in", None),
        Page::public("/privacy", Some("[data-testid=policy]")),
        Page::public("/terms", Some("[data-testid=policy]")),
        Page::public("/dev/inbox", Some("[data-testid=dev-inbox]")),
        Page::public("/register", Some("[data-testid=bundles]")),
        Page::public("/register/stats", Some("[data-testid=department-stats]")),
        Page::public("/register/open-restaurant", Some("[data-testid=notice]")),
        Page::signed_in("/register/open-restaurant/apply", OWNER, Some("[data-testid=apply-form]")),
        Page::public("/stalls", Some("[data-testid=stall-market]")),
        Page::public("/stalls/1", Some("[data-testid=stall], [data-testid=no-sessions], [data-testid=day-closed]")),
        Page::public("/stalls/lotteries/1", Some("[data-testid=lottery-details]")),
        Page::signed_in("/me", OWNER, Some("[data-testid=to-household-apply]")),
        Page::signed_in("/me/applications", OWNER, Some("[data-testid=application], [data-testid=no-applications]")),
        Page::signed_in(
            format!("/me/households/{uscc}/apply"),
            OWNER,
            Some("[data-testid=household-form], [data-testid=nothing-to-apply]"),
        ),
        Page::signed_in(format!("/me/households/{uscc}/appeal"), OWNER, Some("[data-testid=appeal-form]")),
        Page::signed_in("/me/appeals", OWNER, Some("[data-testid=open-appeal], [data-testid=no-appeals]")),
        Page::signed_in(format!("/me/appeals/{appeal}"), OWNER, Some("[data-testid=appeal]")),
        Page::signed_in("/me/stalls", VENDOR, Some("[data-testid=booking], [data-testid=no-bookings]")),
        Page::signed_in("/desk", ADMIN, Some("[data-testid=admin-desk]")),
        Page::signed_in("/desk/audit", ADMIN, Some("[data-testid=audit]")),
        Page::signed_in("/desk/calendar", ADMIN, Some("[data-testid=calendar-days]")),
        Page::signed_in("/desk/catalogue", ADMIN, Some("[data-testid=bundle]")),
        Page::signed_in("/desk/registration", STAFF, Some("[data-testid=queued-task], [data-testid=queue-empty]")),
        Page::signed_in("/desk/appeals", STAFF, Some("[data-testid=queued-appeal], [data-testid=queue-empty]")),
        Page::signed_in(format!("/desk/inspect/{code}"), STAFF, Some("[data-testid=shop-name]")),
        Page::signed_in("/desk/markets/1", MARKET_MANAGER, Some("[data-testid=stall], [data-testid=no-sessions]")),
    ];
    let timings = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(page_times::time_pages(&server, &pages, &sessions));
    drop(server);
    timings
}

fn main() {
    let pages = every_page();
    // `bench -- --pages`: only the pages' times (g), for working on them.
    if std::env::args().any(|a| a == "--pages") {
        print!("{}", page_times::table(&pages));
        let misses: Vec<String> = pages.iter().flat_map(page_times::Timing::misses).collect();
        misses.iter().for_each(|miss| println!("    MISS {miss}"));
        std::process::exit(if misses.is_empty() { 0 } else { 1 });
    }
    let server = Server::start_with(Setup::Loaded(queue_rows())).unwrap_or_else(|e| {
        eprintln!("could not start the local server: {e}");
        std::process::exit(1);
    });
    let client = Client::builder().build().expect("HTTP client");
    let demo: DemoCodes =
        client.get(server.url("/api/demo/codes")).send_through_dev_proxy().and_then(|r| r.json()).expect("demo codes");
    let code = demo.codes.iter().find(|c| c.case == DemoCase::Ordinary).expect("an ordinary code").code.clone();
    let forged = demo.codes.iter().find(|c| c.case == DemoCase::Forged).expect("a forged code").code.clone();

    let report = budget::bundles(&client, &server, &code);
    println!("(a) bytes per bundle, fetched with Accept-Encoding: br, gzip");
    print!("{}", report.table());
    let bytes = report.bundle(Bundle::Public);
    let scan = scan(&client, &server, &code, &forged);
    println!("(c) a scan on a slow phone link (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, no cache), 390×844");
    println!(
        "    HTML of /c/:code (first text, CSS inlined): {} B on the wire here, {} B with brotli",
        scan.html_wire, scan.html_brotli
    );
    println!(
        "    shop name painted, {SCAN_LOADS} cold loads: {:?} ms",
        scan.valid_ms.iter().map(|m| m.round()).collect::<Vec<_>>()
    );
    println!(
        "    red verdict painted, {SCAN_LOADS} cold loads: {:?} ms",
        scan.forged_ms.iter().map(|m| m.round()).collect::<Vec<_>>()
    );
    let ratio = throughput(&server, &code);
    let token = server.sign_in(&client, "13900000002", "203.0.113.90").access_token;
    let (all, overdue) = queue(&token, &server, "/api/departments/amr/registration-tasks");
    let (appeals, overdue_appeals) = queue(&token, &server, "/api/departments/amr/appeals");
    let rush = booking_rush(&client, &server);
    println!(
        "(d) registration queue, {QUEUED_APPLICATIONS} applications filed (2 tasks each) at one department, wrk -t2 -c8"
    );
    println!(
        "    GET /api/departments/amr/registration-tasks               {:>8.0} req/s   p99 {:>6.1} ms",
        all.requests_per_second, all.p99_ms
    );
    println!(
        "    GET /api/departments/amr/registration-tasks?overdue=true  {:>8.0} req/s   p99 {:>6.1} ms",
        overdue.requests_per_second, overdue.p99_ms
    );
    println!("(e) appeals queue, {QUEUED_APPEALS} appeals filed at one department (half taken), wrk -t2 -c8");
    println!(
        "    GET /api/departments/amr/appeals                          {:>8.0} req/s   p99 {:>6.1} ms",
        appeals.requests_per_second, appeals.p99_ms
    );
    println!(
        "    GET /api/departments/amr/appeals?overdue=true             {:>8.0} req/s   p99 {:>6.1} ms",
        overdue_appeals.requests_per_second, overdue_appeals.p99_ms
    );

    println!(
        "(f) stall booking, {RUSH_REQUESTS} requests at once from {RUSH_VENDORS} vendors at {RUSH_STALLS} stall-sessions"
    );
    println!(
        "    POST /api/me/stall-bookings  {:>5.0} req/s   p50 {:>6.1} ms   p99 {:>6.1} ms   booked {} / refused {}",
        RUSH_REQUESTS as f64 / rush.seconds,
        rush.p50_ms,
        rush.p99_ms,
        rush.booked,
        rush.refused
    );
    println!("    (beside the code lookup above: GET /api/codes/{{code}} at {:.0} % of a static asset)", ratio * 100.0);

    let size_ok = bytes <= budget::PUBLIC_BUNDLE_BYTES;
    let speed_ok = ratio >= API_VS_STATIC_MIN;
    let first_text_ok = scan.html_brotli <= FIRST_TEXT_BUDGET_BYTES;
    let (valid, forged) = (median(&scan.valid_ms), median(&scan.forged_ms));
    let paint_ok = valid <= FIRST_TEXT_BUDGET_MS && forged <= FIRST_TEXT_BUDGET_MS;
    let queue_ok = all.p99_ms.max(overdue.p99_ms) <= QUEUE_P99_MS;
    let appeals_p99 = appeals.p99_ms.max(overdue_appeals.p99_ms);
    let appeals_ok = appeals_p99 <= QUEUE_P99_MS;
    let rush_ok = rush.booked == RUSH_STALLS && rush.booked + rush.refused == RUSH_REQUESTS;
    println!("budgets:");
    println!(
        "    what /c/:code loads ≤ {} KB: {:.1} KB  {}",
        budget::PUBLIC_BUNDLE_BYTES / 1024,
        bytes as f64 / 1024.0,
        if size_ok { "OK" } else { "OVER" }
    );
    println!(
        "    code API ≥ {:.0} % of static: {:.0} %  {}",
        API_VS_STATIC_MIN * 100.0,
        ratio * 100.0,
        if speed_ok { "OK" } else { "UNDER" }
    );
    println!(
        "    bytes before first text ≤ {} KB: {:.1} KB  {}",
        FIRST_TEXT_BUDGET_BYTES / 1024,
        scan.html_brotli as f64 / 1024.0,
        if first_text_ok { "OK" } else { "OVER" }
    );
    println!(
        "    shop name / red verdict shown ≤ {FIRST_TEXT_BUDGET_MS:.0} ms (median): {valid:.0} ms / {forged:.0} ms  {}",
        if paint_ok { "OK" } else { "OVER" }
    );
    println!(
        "    registration queue p99 ≤ {QUEUE_P99_MS:.0} ms: {:.0} ms  {}",
        all.p99_ms.max(overdue.p99_ms),
        if queue_ok { "OK" } else { "OVER" }
    );
    println!(
        "    appeals queue p99 ≤ {QUEUE_P99_MS:.0} ms: {appeals_p99:.0} ms  {}",
        if appeals_ok { "OK" } else { "OVER" }
    );
    println!(
        "    {RUSH_STALLS} stall-sessions under {RUSH_REQUESTS} requests: {} booked, the rest refused  {}",
        rush.booked,
        if rush_ok { "OK" } else { "WRONG" }
    );
    println!(
        "(g) every page on the slow link, median of {} cold loads, ms from navigation: title = its title and \
         explanation painted, records = its records painted, ready = its handlers attached",
        page_times::LOADS
    );
    print!("{}", page_times::table(&pages));
    let misses: Vec<String> = pages.iter().flat_map(page_times::Timing::misses).collect();
    println!(
        "    content ≤ {:.0} ms and interactive ≤ {:.0} ms: {}",
        page_times::CONTENT_BUDGET_MS,
        page_times::INTERACTIVE_BUDGET_MS,
        if misses.is_empty() { "OK".to_string() } else { format!("{} MISSED", misses.len()) }
    );
    for miss in &misses {
        println!("    MISS {miss}");
    }
    drop(server);
    if !(size_ok && speed_ok && first_text_ok && paint_ok && queue_ok && appeals_ok && rush_ok && misses.is_empty()) {
        std::process::exit(1);
    }
}
