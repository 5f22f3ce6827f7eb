//! Runs the real Worker on `wrangler dev` (workerd, local D1 and KV) for end-to-end tests
//! and budgets: a free port, a fresh state directory, migrations, demo data, own secrets.

pub mod budget;
pub mod dev_proxy;
pub mod page_times;
pub mod phone;
pub mod sms_gateway;
pub mod stand_in;
pub mod wechat;

pub use dev_proxy::SendThroughDevProxy;

use getima_demo::DemoOperator;
use getima_domain::api::{DevInbox, SessionTokens};
use getima_domain::calendar::china_date_at;
use getima_domain::pii::PiiKeys;
use std::fs;
use std::io::Read;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the repo").to_path_buf()
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("the loopback interface has free ports")
}

/// A fresh directory under the system temp dir, removed with all it holds when dropped, so
/// runs do not fill the disk (CI's among them).
pub struct ScratchDir(PathBuf);

impl std::ops::Deref for ScratchDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

pub fn scratch_dir(label: &str) -> ScratchDir {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("getima-{label}-{}-{nanos}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir is writable");
    ScratchDir(dir)
}

/// Random hex from the OS, for per-run secrets.
fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut buf)).expect("/dev/urandom is readable");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

fn wrangler(root: &Path) -> Command {
    let mut cmd = Command::new("node");
    cmd.arg(root.join("node_modules/wrangler/bin/wrangler.js"))
        .current_dir(root)
        .env("WRANGLER_SEND_METRICS", "false")
        .env("NO_COLOR", "1");
    cmd
}

fn run(mut cmd: Command, what: &str) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{what}: cannot start: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// A child process in its own process group, so stopping it stops what it started too
/// (wrangler runs workerd as a grandchild).
pub struct Group(Child);

impl Group {
    pub fn spawn(mut cmd: Command) -> std::io::Result<Self> {
        cmd.process_group(0).spawn().map(Self)
    }

    pub fn exited(&mut self) -> bool {
        matches!(self.0.try_wait(), Ok(Some(_)))
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        let pgid = self.0.id() as libc::pid_t;
        // SAFETY: signals our own process group; no memory is involved.
        unsafe { libc::killpg(pgid, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if self.exited() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // SAFETY: as above.
        unsafe { libc::killpg(pgid, libc::SIGKILL) };
        let _ = self.0.wait();
    }
}

pub struct Server {
    pub base: String,
    /// How far the server's clock is set from the real time (development only; see
    /// [`TEST_CLOCK`]).
    pub clock_offset_ms: i64,
    /// The run's token-signing key, so tests can mint expired tokens.
    pub session_key: String,
    /// Operators as registered in the demo data: public responses must never show them.
    pub operators: Vec<DemoOperator>,
    process: Option<Group>,
    // Declared after `process`: fields drop in order, so workerd stops before its state goes.
    state: ScratchDir,
}

/// The name the test data gives the last demo operator's shop: markup, quotes and `&`, which
/// every page must show as text.
pub const HOSTILE_NAME: &str = "<script>alert(\"x\")</script> & 'quoted' </main>";

/// Every test server's `BOOTSTRAP_ADMIN_PHONE`: with demo data (whose admins exist) as the
/// secret left set on a running deployment, without as a new deployment's first admin.
pub const BOOTSTRAP_ADMIN_PHONE: &str = "13900009000";

/// How long a sign-in code lives on a production-configured test server: long enough to
/// sign in, short enough for a test to watch one expire.
pub const PRODUCTION_CODE_TTL_SECONDS: u64 = 4;

/// The variable that sets a development test server's clock to a China time of day, `HH:MM`
/// today (e.g. `GETIMA_TEST_CLOCK=23:55`), so the suites can be run at the hours where dates
/// and deadlines turn. Unset, the server runs on the real time.
pub const TEST_CLOCK: &str = "GETIMA_TEST_CLOCK";

/// The clock offset a production-configured test server is given and must not follow.
pub const PRODUCTION_IGNORES_CLOCK_OFFSET_MS: i64 = 5 * 3_600_000;

const CHINA_OFFSET_MS: i64 = 8 * 3_600_000;

fn real_now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// The milliseconds to add to the real time for the clock [`TEST_CLOCK`] asks for.
fn test_clock_offset_ms() -> Result<i64, String> {
    let Ok(wanted) = std::env::var(TEST_CLOCK) else { return Ok(0) };
    let bad = || format!("{TEST_CLOCK}={wanted}: expected a China time of day as HH:MM");
    let (hours, minutes) = wanted.trim().split_once(':').ok_or_else(bad)?;
    let (hours, minutes): (i64, i64) = (hours.parse().map_err(|_| bad())?, minutes.parse().map_err(|_| bad())?);
    if !(0..24).contains(&hours) || !(0..60).contains(&minutes) {
        return Err(bad());
    }
    let real = real_now_ms();
    let china_midnight = real - (real + CHINA_OFFSET_MS).rem_euclid(86_400_000);
    Ok(china_midnight + (hours * 60 + minutes) * 60_000 - real)
}

/// How a test server is configured.
pub enum Setup {
    /// As `make dev` runs it: development configuration, demo data, the dev SMS inbox.
    Development,
    /// As a new deployment starts: production configuration, no data, sign-in codes sent
    /// through the SMS gateway at `sms_gateway`. Logs at info level, so tests can check what
    /// reaches them.
    Production { sms_gateway: String },
    /// Development, with more rows loaded after the demo data (SQL), for benchmarks.
    Loaded(String),
}

/// What a test server answers over.
#[derive(Clone, Copy)]
pub enum Protocol {
    Http,
    /// Over TLS with wrangler's own self-signed certificate, as Cloudflare answers phones: only
    /// then do browsers ask for brotli, so page weights and times are the ones phones get.
    Https,
}

impl Protocol {
    fn scheme(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Https => "https",
        }
    }
}

impl Server {
    /// Starts a fresh development server from the built artefacts (`make build`).
    pub fn start() -> Result<Self, String> {
        Self::start_with(Setup::Development)
    }

    pub fn start_with(setup: Setup) -> Result<Self, String> {
        Self::start_over(setup, Protocol::Http)
    }

    /// Starts a server as [`Server::start_with`] does, answering over `protocol`.
    pub fn start_over(setup: Setup, protocol: Protocol) -> Result<Self, String> {
        let root = repo_root();
        for built in ["functions/build/worker/shim.mjs", "public/index.html", "node_modules/wrangler/bin/wrangler.js"] {
            if !root.join(built).exists() {
                return Err(format!("{built} is missing: run `make build` (after `make setup`) first"));
            }
        }
        let state = scratch_dir("wrangler");
        let persist = state.to_str().ok_or("temp path is not UTF-8")?.to_string();

        let mut migrate = wrangler(&root);
        migrate.args(["d1", "migrations", "apply", "getima", "--local", "--persist-to", &persist]);
        run(migrate, "D1 migrations")?;

        // Production runs on the real time whatever the variable says, as a deployment does.
        let clock_offset_ms = match &setup {
            Setup::Production { .. } => 0,
            _ => test_clock_offset_ms()?,
        };
        // A production server is handed a clock too, which it must ignore (tests check it does).
        let ignored_offset_ms = match &setup {
            Setup::Production { .. } => PRODUCTION_IGNORES_CLOCK_OFFSET_MS,
            _ => 0,
        };
        let today = china_date_at(real_now_ms() + clock_offset_ms);
        let pii_key = random_hex(64);
        let operators = match &setup {
            Setup::Development => seed(&root, &persist, &state, &pii_key, today)?,
            Setup::Loaded(extra) => {
                let operators = seed(&root, &persist, &state, &pii_key, today)?;
                let sql = state.join("extra.sql");
                fs::write(&sql, extra).map_err(|e| e.to_string())?;
                let mut load = wrangler(&root);
                load.args(["d1", "execute", "getima", "--local", "--persist-to", &persist, "--file"]).arg(&sql);
                run(load, "loading extra rows")?;
                operators
            }
            Setup::Production { .. } => Vec::new(),
        };

        let session_key = random_hex(32);
        let env_file = state.join("secrets.env");
        let mut secrets = format!(
            "CODE_MAC_KEY={}\nSESSION_KEY={session_key}\nPII_KEY={pii_key}\n\
             WECHAT_APP_ID={}\nWECHAT_APP_SECRET={}\nWECHAT_API_BASE={}\nBOOTSTRAP_ADMIN_PHONE={BOOTSTRAP_ADMIN_PHONE}\n",
            random_hex(32),
            wechat::APP_ID,
            wechat::APP_SECRET,
            wechat::start(),
        );
        let (environment, log_level) = match &setup {
            Setup::Development | Setup::Loaded(_) => ("development", "warn"),
            Setup::Production { sms_gateway } => {
                secrets += &format!("SMS_GATEWAY_URL={sms_gateway}\nSMS_GATEWAY_TOKEN={}\n", sms_gateway::TOKEN);
                secrets += &format!("SIGN_IN_CODE_TTL_SECONDS={PRODUCTION_CODE_TTL_SECONDS}\n");
                ("production", "info")
            }
        };
        fs::write(&env_file, secrets).map_err(|e| e.to_string())?;

        let port = free_port();
        let log = fs::File::create(state.join("wrangler.log")).map_err(|e| e.to_string())?;
        let mut dev = wrangler(&root);
        // Its own inspector port too: two test runs side by side would otherwise both want 9229.
        let inspector = free_port().to_string();
        dev.args(["dev", "--ip", "127.0.0.1", "--port", &port.to_string(), "--inspector-port", &inspector])
            .args(["--persist-to", &persist])
            .args(["--show-interactive-dev-session=false", "--test-scheduled", "--log-level", log_level])
            .args(["--local-protocol", protocol.scheme()])
            .args(["--var", &format!("GETIMA_ENV:{environment}")])
            .args(["--var", &format!("DEV_CLOCK_OFFSET_MS:{}", clock_offset_ms + ignored_offset_ms), "--env-file"])
            .arg(&env_file)
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log);
        let process = Group::spawn(dev).map_err(|e| format!("cannot start wrangler dev: {e}"))?;
        let mut server = Self {
            base: format!("{}://127.0.0.1:{port}", protocol.scheme()),
            clock_offset_ms,
            session_key,
            operators,
            process: Some(process),
            state,
        };
        server.wait_until_ready()?;
        Ok(server)
    }

    fn wait_until_ready(&mut self) -> Result<(), String> {
        let client = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(2))
            .danger_accept_invalid_certs(true)
            .build()
            .map_err(|e| e.to_string())?;
        let deadline = Instant::now() + Duration::from_secs(90);
        while Instant::now() < deadline {
            if self.process.as_mut().is_some_and(Group::exited) {
                return Err(format!("wrangler dev exited early:\n{}", self.log_tail()));
            }
            if client
                .get(format!("{}/api/health", self.base))
                .send_through_dev_proxy()
                .is_ok_and(|r| r.status().is_success())
            {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        Err(format!("wrangler dev was not ready within 90 s:\n{}", self.log_tail()))
    }

    /// Stops the server, keeping its state to read.
    pub fn stop(&mut self) {
        drop(self.process.take());
    }

    /// Runs `sql` on a stopped server's D1 (a running one may hold the database) and
    /// returns the rows as wrangler prints them, JSON.
    pub fn query_stopped(&self, sql: &str) -> Result<String, String> {
        if self.process.is_some() {
            return Err("stop the server first".into());
        }
        let persist = self.state.to_str().ok_or("temp path is not UTF-8")?;
        let out = wrangler(&repo_root())
            .args(["d1", "execute", "getima", "--local", "--persist-to", persist, "--json", "--command", sql])
            .output()
            .map_err(|e| format!("wrangler d1 execute: {e}"))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// How many objects the local R2 buckets hold: their blobs on disk under the state
    /// directory, so a test sees what was stored whatever the API says.
    pub fn stored_objects(&self) -> usize {
        fn count(dir: &Path) -> usize {
            let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
            entries
                .flatten()
                .map(|entry| {
                    let path = entry.path();
                    if path.is_dir() {
                        count(&path)
                    } else {
                        usize::from(path.parent().and_then(Path::file_name).is_some_and(|name| name == "blobs"))
                    }
                })
                .sum()
        }
        count(&self.state.join("v3").join("r2"))
    }

    /// The resident memory of the server's workerd, in KiB: what a request made it hold.
    pub fn workerd_rss_kib(&self) -> Option<u64> {
        let group = self.process.as_ref()?.0.id().to_string();
        fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
            let stat = fs::read_to_string(entry.path().join("stat")).ok()?;
            // `pid (comm) state ppid pgrp …`: comm may hold spaces, so read after its ')'.
            let (comm, rest) = stat.split_once(" (")?.1.rsplit_once(") ")?;
            let pgrp = rest.split_whitespace().nth(2)?;
            if comm != "workerd" || pgrp != group {
                return None;
            }
            let status = fs::read_to_string(entry.path().join("status")).ok()?;
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
        })
    }

    /// Everything wrangler and the Worker have logged so far.
    pub fn log(&self) -> String {
        fs::read_to_string(self.state.join("wrangler.log")).unwrap_or_default()
    }

    pub fn log_tail(&self) -> String {
        let log = self.log();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    /// The server's time, milliseconds since the epoch: the real time, or the time
    /// [`TEST_CLOCK`] set it to.
    pub fn now_ms(&self) -> i64 {
        real_now_ms() + self.clock_offset_ms
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Asks for a one-time code as a client at `ip`, and reads it from the dev inbox.
    pub fn otp(&self, http: &reqwest::blocking::Client, phone: &str, ip: &str) -> String {
        let response = http
            .post(self.url("/api/auth/otp"))
            .header("cf-connecting-ip", ip)
            .json(&serde_json::json!({ "phone": phone }))
            .send_through_dev_proxy()
            .expect("OTP request");
        assert_eq!(response.status(), 202, "OTP for {phone}: {:?}", response.text());
        self.latest_otp(http, phone)
    }

    /// The newest code the dev inbox holds for `phone`.
    pub fn latest_otp(&self, http: &reqwest::blocking::Client, phone: &str) -> String {
        let inbox: DevInbox = http
            .get(self.url(&format!("/api/dev/inbox?phone={phone}")))
            .send_through_dev_proxy()
            .and_then(|r| r.json())
            .expect("inbox");
        let message = inbox.messages.iter().find(|m| m.phone == phone).expect("the code reached the dev inbox");
        // The first run of exactly six digits ("验证码 123456，…").
        message
            .text
            .split(|c: char| !c.is_ascii_digit())
            .find(|run| run.len() == 6)
            .expect("six digits in the message")
            .to_string()
    }

    /// Signs in with phone and one-time code, the way the app does.
    pub fn sign_in(&self, http: &reqwest::blocking::Client, phone: &str, ip: &str) -> SessionTokens {
        let code = self.otp(http, phone, ip);
        let response = http
            .post(self.url("/api/auth/sign-in"))
            .header("cf-connecting-ip", ip)
            .json(&serde_json::json!({ "phone": phone, "code": code, "accept_terms": true }))
            .send_through_dev_proxy()
            .expect("sign-in");
        assert_eq!(response.status(), 200, "sign-in for {phone}");
        response.json().expect("session tokens")
    }
}

/// Loads the demo data, dated `today` in Wenzhou on the server's clock, with personal data
/// sealed under `pii_key`; returns the operators it registered.
fn seed(
    root: &Path,
    persist: &str,
    state: &Path,
    pii_key: &str,
    today: getima_domain::calendar::Date,
) -> Result<Vec<DemoOperator>, String> {
    let keys = PiiKeys::from_hex(pii_key).map_err(|_| "bad PII key")?;
    let demo = getima_demo::generate(today, &keys);
    // One shop renamed to markup, before the server starts: pages must show it as text.
    let hostile = demo.operators.last().ok_or("the demo has operators")?;
    let rename = format!(
        "\nUPDATE households SET name = '{}' WHERE uscc = '{}';\n",
        HOSTILE_NAME.replace('\'', "''"),
        hostile.uscc
    );
    let sql = state.join("seed.sql");
    fs::write(&sql, format!("{}{rename}", demo.sql)).map_err(|e| e.to_string())?;
    let mut load = wrangler(root);
    load.args(["d1", "execute", "getima", "--local", "--persist-to", persist, "--file"]).arg(&sql);
    run(load, "loading demo data")?;
    Ok(demo.operators)
}
