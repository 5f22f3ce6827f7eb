//! End-to-end tests: one real `wrangler dev` server (workerd, local D1 and KV) for the whole
//! run, then the API, QR images, the app in headless Chromium, and schemathesis against it.

mod admin;
mod app;
mod browser;
mod codes;
mod qr;
mod schemathesis;

use getima_domain::api::{DemoCase, DemoCode, DemoCodes};
use getima_e2e::Server;
use libtest_mimic::{Arguments, Trial};
use std::sync::Arc;
use std::time::Duration;

pub struct Ctx {
    pub server: Server,
    pub http: reqwest::blocking::Client,
    pub demo: Vec<DemoCode>,
}

impl Ctx {
    pub fn get(&self, path: &str) -> reqwest::blocking::Response {
        self.http
            .get(self.server.url(path))
            .send()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// The `n`th demo code of a case. Tests that change data each take their own `n`, so
    /// they never disturb one another while running in parallel.
    pub fn demo(&self, case: DemoCase, n: usize) -> &DemoCode {
        self.demo
            .iter()
            .filter(|c| c.case == case)
            .nth(n)
            .unwrap_or_else(|| panic!("no demo code #{n} for {case:?}"))
    }
}

/// A test's name as libtest prints it, and its body; a panic fails it.
pub type NamedTest = (&'static str, fn(&Ctx));

fn main() {
    let args = Arguments::from_args();
    let tests: Vec<NamedTest> = [
        codes::TESTS,
        admin::TESTS,
        qr::TESTS,
        app::TESTS,
        browser::TESTS,
        schemathesis::TESTS,
    ]
    .concat();

    // Listing or filtering everything out needs no server.
    if args.list {
        libtest_mimic::run(
            &args,
            tests
                .iter()
                .map(|(name, _)| Trial::test(*name, || Ok(())))
                .collect(),
        )
        .exit();
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
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client");
    let demo: DemoCodes = http
        .get(server.url("/api/demo/codes"))
        .send()
        .and_then(|r| r.error_for_status())
        .and_then(|r| r.json())
        .expect("the demo-code list loads");
    let ctx = Arc::new(Ctx {
        server,
        http,
        demo: demo.codes,
    });

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
