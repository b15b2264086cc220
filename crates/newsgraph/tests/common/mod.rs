//! Helpers shared by the integration tests: the binary, scratch directories, the bundled
//! samples, and a `newsgraph serve` on loopback over a store of them.
#![allow(dead_code)] // each test crate uses its own subset

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The newsgraph binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

/// The bundled sample inputs.
pub fn samples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

/// Runs `cmd` to the end; the test fails, showing the command's stderr, if it failed.
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `newsgraph ingest --quiet SOURCE --data DATA`, which must succeed.
pub fn ingest(source: &Path, data: &Path) -> Output {
    run_ok(
        bin()
            .arg("ingest")
            .arg(source)
            .args(["--quiet", "--data"])
            .arg(data),
    )
}

/// A fresh, empty scratch directory for one test.
pub fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ng-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A running `newsgraph serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// "http://127.0.0.1:PORT".
    pub base: String,
    /// Its data directory.
    pub data: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Ingests the samples into a fresh store and serves it on a free loopback port.
pub fn start(name: &str) -> Server {
    start_with(name, &[], None)
}

/// As [`start`], with more `serve` arguments, and (`fd_limit`) the server's limit on
/// open file descriptors set through the shell's `ulimit -n`.
pub fn start_with(name: &str, args: &[&str], fd_limit: Option<u32>) -> Server {
    let data = tmp(&format!("serve-{name}")).join("store");
    ingest(&samples(), &data);
    let mut cmd = match fd_limit {
        Some(n) => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
                .arg(env!("CARGO_BIN_EXE_newsgraph"));
            c
        }
        None => bin(),
    };
    let mut child = cmd
        .args(["serve", "--port", "0", "--data"])
        .arg(&data)
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    Server { child, base, data }
}

/// Says that a test did not run and why, past the test harness's output capture, so
/// plain `cargo test` shows it.
pub fn not_run(note: &str) {
    use std::io::Write;
    match std::fs::OpenOptions::new().write(true).open("/dev/stderr") {
        Ok(mut err) => {
            let _ = writeln!(err, "NOT RUN {note}");
        }
        Err(_) => eprintln!("NOT RUN {note}"),
    }
}

/// An HTTP client that returns error statuses instead of failing on them.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// GET: status and JSON body.
pub fn get(s: &Server, path: &str) -> (u16, serde_json::Value) {
    let mut r = agent().get(&format!("{}{path}", s.base)).call().unwrap();
    let status = r.status().as_u16();
    let body = r.body_mut().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}")),
    )
}
