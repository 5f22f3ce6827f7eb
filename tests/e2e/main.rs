//! End-to-end tests: one real `wrangler dev` server (workerd, local D1 and KV) for the whole
//! run, then the API, QR images, the app in headless Chromium, and schemathesis against it;
//! a production-configured server of its own for what differs there.

mod accessibility;
mod accounts;
mod app;
mod appeals;
mod attacks;
mod browser;
mod calendar;
mod codes;
mod matrix;
mod production;
mod registration;
mod schemathesis;
mod stalls;
mod vocabularies;

use getima_domain::api::{DemoCase, DemoCode, DemoCodes, SessionTokens};
use getima_e2e::SendThroughDevProxy;
use getima_e2e::Server;
use libtest_mimic::{Arguments, Trial};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

pub struct Ctx {
    pub server: Server,
    pub http: reqwest::blocking::Client,
    pub demo: Vec<DemoCode>,
    /// An admin's access token, signed in once for the run.
    pub admin: String,
    /// Every demo account, signed in once for the run (a phone gets one code a minute).
    /// Tests only read with these; tests that sign out or disable use fresh phones.
    sessions: HashMap<&'static str, SessionTokens>,
    next_ip: AtomicU32,
}

impl Ctx {
    pub fn get(&self, path: &str) -> reqwest::blocking::Response {
        self.http.get(self.server.url(path)).send_through_dev_proxy().unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// A client address of its own, so one test's sign-ins never use up another's
    /// per-IP allowance (locally, wrangler passes the header through as the edge would set it).
    pub fn fresh_ip(&self) -> String {
        let n = self.next_ip.fetch_add(1, Ordering::Relaxed);
        format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255)
    }

    /// Asks for a one-time code from `ip`, and reads it from the dev inbox.
    pub fn otp_from(&self, phone: &str, ip: &str) -> String {
        self.server.otp(&self.http, phone, ip)
    }

    /// Signs in with phone and one-time code, the way the app does.
    pub fn sign_in(&self, phone: &str) -> SessionTokens {
        self.server.sign_in(&self.http, phone, &self.fresh_ip())
    }

    /// The shared session of a demo account.
    pub fn session(&self, phone: &str) -> SessionTokens {
        self.sessions.get(phone).cloned().unwrap_or_else(|| panic!("{phone} is not a demo account"))
    }

    pub fn get_as(&self, token: &str, path: &str) -> reqwest::blocking::Response {
        self.http
            .get(self.server.url(path))
            .bearer_auth(token)
            .send_through_dev_proxy()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// The `n`th demo code of a case. Tests that change data each take their own `n`, so
    /// they never disturb one another while running in parallel.
    pub fn demo(&self, case: DemoCase, n: usize) -> &DemoCode {
        self.demo.iter().filter(|c| c.case == case).nth(n).unwrap_or_else(|| panic!("no demo code #{n} for {case:?}"))
    }
}

/// The suites that deal in dates, deadlines, sessions and windows that start at midnight (the
/// appeal steps on a phone are named `appeals::` too).
const AT_EVERY_HOUR: &[&str] = &[
    "accounts::",
    "attacks::",
    "calendar::",
    "applications::",
    "assignment::",
    "changes::",
    "ratings::",
    "appeals::",
    "stalls::",
    "stall_rules::",
    "stall_screens::",
    "lotteries::",
    "market_desk::",
];

/// A test's name as libtest prints it, and its body; a panic fails it.
pub type NamedTest = (&'static str, fn(&Ctx));

fn main() {
    let mut args = Arguments::from_args();
    // The tests mostly wait (on the server, the browser, the link and the clock): four at a time
    // on two cores halves a run (measured at a set clock: 511 s → 249 s, CPU under half busy).
    args.test_threads.get_or_insert(4);
    // The two longest suites first, so they run beside the rest rather than after them; then
    // one line per area, then the suites that cut across areas.
    let tests: Vec<NamedTest> = [
        &[schemathesis::TESTS, accessibility::TESTS],
        codes::SUITES,
        accounts::SUITES,
        calendar::SUITES,
        registration::SUITES,
        appeals::SUITES,
        stalls::SUITES,
        &[attacks::TESTS, app::TESTS, browser::TESTS, matrix::TESTS, production::TESTS, vocabularies::TESTS],
    ]
    .concat()
    .concat();

    // At a set clock (`make test` runs the suites again at the hours where days and deadlines
    // turn) only the suites whose outcome could depend on the hour run.
    let tests: Vec<NamedTest> = match std::env::var(getima_e2e::TEST_CLOCK) {
        Ok(_) => tests.into_iter().filter(|(name, _)| AT_EVERY_HOUR.iter().any(|m| name.starts_with(m))).collect(),
        Err(_) => tests,
    };
    // Several filters at once while working on something (libtest takes one):
    // `E2E_ONLY=stalls::,lotteries:: cargo test -p getima-e2e`.
    let tests = match std::env::var("E2E_ONLY") {
        Ok(only) => tests.into_iter().filter(|(name, _)| only.split(',').any(|p| name.contains(p.trim()))).collect(),
        Err(_) => tests,
    };

    // Listing or filtering everything out needs no server.
    if args.list {
        libtest_mimic::run(&args, tests.iter().map(|(name, _)| Trial::test(*name, || Ok(()))).collect()).exit();
    }

    let server = match Server::start() {
        Ok(server) => server,
        Err(e) => {
            eprintln!("could not start the local server: {e}");
            std::process::exit(1);
        }
    };
    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        // wrangler's server closes a connection idle for 5 s; one reused just then fails. With
        // four tests at a time a thread can wait a second between taking a connection and
        // writing to it (a burst of twenty once met a reset at 4 s), so keep a wide margin.
        .pool_idle_timeout(Duration::from_secs(2))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client");
    let demo: DemoCodes = http
        .get(server.url("/api/demo/codes"))
        .send_through_dev_proxy()
        .and_then(|r| r.error_for_status())
        .and_then(|r| r.json())
        .expect("the demo-code list loads");
    let mut ctx = Ctx {
        server,
        http,
        demo: demo.codes,
        admin: String::new(),
        sessions: HashMap::new(),
        next_ip: AtomicU32::new(1),
    };
    ctx.sessions = getima_demo::DEMO_ACCOUNTS.iter().map(|a| (a.phone, ctx.sign_in(a.phone))).collect();
    ctx.admin = ctx.session(accounts::phone(getima_domain::accounts::Role::Admin, None)).access_token;
    let ctx = Arc::new(ctx);

    let trials = tests
        .into_iter()
        .map(|(name, test)| {
            let ctx = Arc::clone(&ctx);
            Trial::test(name, move || {
                test(&ctx);
                Ok(())
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    if conclusion.has_failed() {
        eprintln!("--- wrangler dev log (tail) ---\n{}", ctx.server.log_tail());
    }
    drop(ctx);
    conclusion.exit();
}
