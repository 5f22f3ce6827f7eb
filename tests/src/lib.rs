//! Runs the real Worker on `wrangler dev` (workerd, local D1 and KV) for end-to-end tests
//! and budgets: a free port, a fresh state directory, migrations, demo data, own secrets.

use getima_domain::calendar::Date;
use std::fs;
use std::io::Read;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repo")
        .to_path_buf()
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("the loopback interface has free ports")
}

/// A fresh directory under the system temp dir, removed by its owner.
pub fn scratch_dir(label: &str) -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("getima-{label}-{}-{nanos}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir is writable");
    dir
}

/// Random hex from the OS, for per-run secrets.
fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .expect("/dev/urandom is readable");
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
    let out = cmd
        .output()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
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
    pub admin_token: String,
    /// Full operator names in the demo data: public responses must never contain them.
    pub operators: Vec<String>,
    process: Option<Group>,
    state: PathBuf,
}

impl Server {
    /// Starts a fresh server from the built artefacts (`make build`).
    pub fn start() -> Result<Self, String> {
        let root = repo_root();
        for built in [
            "functions/build/worker/shim.mjs",
            "public/index.html",
            "node_modules/wrangler/bin/wrangler.js",
        ] {
            if !root.join(built).exists() {
                return Err(format!(
                    "{built} is missing: run `make build` (after `make setup`) first"
                ));
            }
        }
        let state = scratch_dir("wrangler");
        let persist = state.to_str().ok_or("temp path is not UTF-8")?.to_string();

        let mut migrate = wrangler(&root);
        migrate.args([
            "d1",
            "migrations",
            "apply",
            "getima",
            "--local",
            "--persist-to",
            &persist,
        ]);
        run(migrate, "D1 migrations")?;

        let today = Date::in_china_at(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_err(|e| e.to_string())?
                .as_millis() as i64,
        );
        let demo = getima_demo::generate(today);
        let seed = state.join("seed.sql");
        fs::write(&seed, &demo.sql).map_err(|e| e.to_string())?;
        let mut load = wrangler(&root);
        load.args([
            "d1",
            "execute",
            "getima",
            "--local",
            "--persist-to",
            &persist,
            "--file",
        ])
        .arg(&seed);
        run(load, "loading demo data")?;

        let admin_token = random_hex(24);
        let env_file = state.join("secrets.env");
        fs::write(
            &env_file,
            format!(
                "CODE_MAC_KEY={}\nADMIN_TOKEN={admin_token}\n",
                random_hex(32)
            ),
        )
        .map_err(|e| e.to_string())?;

        let port = free_port();
        let log = fs::File::create(state.join("wrangler.log")).map_err(|e| e.to_string())?;
        let mut dev = wrangler(&root);
        dev.args([
            "dev",
            "--ip",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--persist-to",
            &persist,
        ])
        .args([
            "--show-interactive-dev-session=false",
            "--log-level",
            "warn",
        ])
        .args(["--var", "GETIMA_ENV:development", "--env-file"])
        .arg(&env_file)
        .stdin(Stdio::null())
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log);
        let process = Group::spawn(dev).map_err(|e| format!("cannot start wrangler dev: {e}"))?;
        let mut server = Self {
            base: format!("http://127.0.0.1:{port}"),
            admin_token,
            operators: demo.operators,
            process: Some(process),
            state,
        };
        server.wait_until_ready()?;
        Ok(server)
    }

    fn wait_until_ready(&mut self) -> Result<(), String> {
        let client = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .map_err(|e| e.to_string())?;
        let deadline = Instant::now() + Duration::from_secs(90);
        while Instant::now() < deadline {
            if self.process.as_mut().is_some_and(Group::exited) {
                return Err(format!("wrangler dev exited early:\n{}", self.log_tail()));
            }
            if client
                .get(format!("{}/api/health", self.base))
                .send()
                .is_ok_and(|r| r.status().is_success())
            {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        Err(format!(
            "wrangler dev was not ready within 90 s:\n{}",
            self.log_tail()
        ))
    }

    pub fn log_tail(&self) -> String {
        let log = fs::read_to_string(self.state.join("wrangler.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Stop workerd before deleting the state it writes to.
        drop(self.process.take());
        let _ = fs::remove_dir_all(&self.state);
    }
}
