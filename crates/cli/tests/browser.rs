//! Real-browser test of the web UI: ingests the example corpus and the
//! `<script>` fixtures of `tests/browser/fixtures` into a temporary data
//! directory, serves it with the real binary on a free loopback port and
//! runs `tests/browser/ui.mjs` (Playwright driving Debian chromium) against
//! it. Screenshots land in `target/screenshots/`.
//!
//! Needs `/usr/bin/chromium`, `node` and `tests/browser/node_modules`
//! (`npm ci --prefix tests/browser`); without them the test prints
//! `SKIPPED:` and passes, unless `NEWSLINE_REQUIRE_BROWSER` or
//! `NEWSLINE_REQUIRE_SHARED` is set (as in `.ci/run`), where it fails.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

fn chromium() -> PathBuf {
    std::env::var_os("NEWSLINE_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn node_works() -> bool {
    Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// What is missing for the browser test, if anything.
fn missing() -> Option<String> {
    let mut m = Vec::new();
    if !chromium().is_file() {
        m.push(format!("{} is absent", chromium().display()));
    }
    if !node_works() {
        m.push("node is not installed".to_string());
    }
    let pw = root().join("tests/browser/node_modules/playwright-core");
    if !pw.is_dir() {
        m.push(format!(
            "{} is absent (run npm ci --prefix tests/browser)",
            pw.display()
        ));
    }
    (!m.is_empty()).then(|| m.join("; "))
}

/// Kills the server when the test ends, also on panic.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    l.local_addr().expect("local address").port()
}

/// `GET path` over plain HTTP/1.1; the status code and body.
fn http_get(addr: SocketAddr, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let status = buf.split_whitespace().nth(1)?.parse().ok()?;
    let body = buf.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
    Some((status, body))
}

#[test]
fn web_ui_in_chromium() {
    if let Some(why) = missing() {
        if std::env::var_os("NEWSLINE_REQUIRE_BROWSER").is_some()
            || std::env::var_os("NEWSLINE_REQUIRE_SHARED").is_some()
        {
            panic!("the browser test is required but cannot run: {why}");
        }
        println!("SKIPPED: browser test ({why})");
        eprintln!("SKIPPED: browser test ({why})");
        return;
    }
    let root = root();
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = tmp.path().join("data");
    let bin = env!("CARGO_BIN_EXE_newsline");

    let out = Command::new(bin)
        .current_dir(&root)
        .env_remove("NEWSLINE_DATA")
        .env_remove("NEWSLINE_TOKEN")
        .arg("--data")
        .arg(&data)
        .args(["ingest", "examples/corpus", "tests/browser/fixtures"])
        .output()
        .expect("run newsline ingest");
    assert!(
        out.status.success(),
        "ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let port = free_port();
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let log = tmp.path().join("serve.log");
    let log_file = std::fs::File::create(&log).expect("log file");
    let child = Command::new(bin)
        .current_dir(&root)
        .env_remove("NEWSLINE_DATA")
        .env_remove("NEWSLINE_TOKEN")
        .arg("--data")
        .arg(&data)
        .args(["serve", "--addr", &addr.to_string()])
        .stdin(Stdio::null())
        .stdout(log_file.try_clone().expect("log file"))
        .stderr(log_file)
        .spawn()
        .expect("start newsline serve");
    let mut server = Server(child);
    let server_log =
        || String::from_utf8_lossy(&std::fs::read(&log).unwrap_or_default()).into_owned();

    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some((200, body)) = http_get(addr, "/api/health") {
            assert!(body.contains("\"ok\""), "unexpected health answer {body}");
            break;
        }
        if let Ok(Some(status)) = server.0.try_wait() {
            panic!("the server exited ({status}): {}", server_log());
        }
        assert!(
            Instant::now() < deadline,
            "the server did not answer /api/health: {}",
            server_log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let shots = root.join("target/screenshots");
    let run = Command::new("node")
        .current_dir(root.join("tests/browser"))
        .arg("ui.mjs")
        .arg(format!("http://{addr}"))
        .env("NEWSLINE_SCREENSHOTS", &shots)
        .env("NEWSLINE_CHROMIUM", chromium())
        .output()
        .expect("run node tests/browser/ui.mjs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    drop(server);
    assert!(
        run.status.success(),
        "browser checks failed:\n{stdout}\n{stderr}\nserver log:\n{}",
        server_log()
    );
    for name in [
        "search-1280",
        "article-1280",
        "entity-1280",
        "storyline-1280",
        "search-375",
        "article-375",
        "entity-375",
        "storyline-375",
        "article-dark-1280",
    ] {
        let p = shots.join(format!("{name}.png"));
        assert!(p.is_file(), "screenshot {} was not written", p.display());
    }
}
