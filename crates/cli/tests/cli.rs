//! End-to-end tests: the real `newsline` binary on the example corpus.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

fn newsline() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_newsline"));
    c.current_dir(root())
        .env_remove("NEWSLINE_DATA")
        .env_remove("NEWSLINE_TOKEN");
    c
}

fn run(args: &[&str]) -> Output {
    newsline().args(args).output().expect("run newsline")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The `../shared` folder beside the repository, or a skip message. With
/// `NEWSLINE_REQUIRE_SHARED=1` (set by `.ci/run`) a missing folder fails.
fn shared(sub: &str) -> Option<PathBuf> {
    let base = std::env::var_os("NEWSLINE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    let dir = base.join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("NEWSLINE_REQUIRE_SHARED").is_some() {
        panic!(
            "{} is required (NEWSLINE_REQUIRE_SHARED is set) but absent",
            dir.display()
        );
    }
    eprintln!("SKIPPED: {} is absent", dir.display());
    None
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read(root().join("docs/article.schema.json")).expect("schema file");
    let v: Value = serde_json::from_slice(&text).expect("schema is JSON");
    jsonschema::validator_for(&v).expect("schema compiles")
}

fn parse_lines(out: &str) -> Vec<Value> {
    out.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect()
}

/// Checks the schema plus the span invariants the schema cannot express.
fn check_record(v: &Value, validator: &jsonschema::Validator) {
    let errors: Vec<String> = validator
        .iter_errors(v)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{}: schema errors: {errors:?}",
        v["source"]
    );
    let len = v["text"].as_str().unwrap().chars().count() as u64;
    let mut spans: Vec<&Value> = Vec::new();
    spans.extend(v["paragraphs"].as_array().unwrap());
    for e in v["entities"].as_array().unwrap() {
        spans.extend(e["mentions"].as_array().unwrap());
    }
    for q in v["quotes"].as_array().unwrap() {
        spans.push(q);
        for k in ["cue_span", "speaker_span"] {
            if q[k].is_object() {
                spans.push(&q[k]);
            }
        }
    }
    spans.extend(v["times"].as_array().unwrap());
    spans.extend(v["events"].as_array().unwrap());
    for s in spans {
        let (a, b) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
        assert!(
            a <= b && b <= len,
            "{}: span {a}..{b} outside text of {len} chars",
            v["source"]
        );
    }
}

#[test]
fn analyze_output_of_the_example_corpus_is_valid() {
    let o = run(&["analyze", "examples/corpus"]);
    assert!(o.status.success(), "analyze failed: {}", stderr(&o));
    let records = parse_lines(&stdout(&o));
    assert!(records.len() >= 25, "only {} records", records.len());
    let validator = schema();
    for r in &records {
        check_record(r, &validator);
        assert!(
            !r["text"].as_str().unwrap().trim().is_empty(),
            "{} has no text",
            r["source"]
        );
    }
    // The corpus carries boilerplate: something must have been removed.
    assert!(records
        .iter()
        .any(|r| !r["removed"].as_array().unwrap().is_empty()));
    // JSONL records keep their own ids.
    assert!(records.iter().any(|r| r["record"].is_string()));
}

#[test]
fn analyze_reads_stdin_and_keeps_given_ids_and_dates() {
    let mut child = newsline()
        .args(["analyze", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, r#"{{"id":"rec-1","title":"Talks resume","published":"2023-05-04T01:00:00+03:00","text":"The foreign minister said on Tuesday that talks would resume in June."}}"#).unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let recs = parse_lines(&stdout(&o));
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["id"], "rec-1");
    assert_eq!(recs[0]["title"], "Talks resume");
    assert_eq!(recs[0]["published"]["value"], "2023-05-04");
    assert_eq!(recs[0]["published"]["origin"], "given");
    check_record(&recs[0], &schema());
}

#[test]
fn no_clean_keeps_text_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Headline-like first line\n\nYou may also like\n\nLeave a Reply\n";
    let f = dir.path().join("a.txt");
    std::fs::write(&f, text).unwrap();
    let o = run(&["analyze", "--no-clean", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let recs = parse_lines(&stdout(&o));
    assert_eq!(recs[0]["text"], text);
    assert!(recs[0]["removed"].as_array().unwrap().is_empty());
    assert!(recs[0]["title"].is_null());
}

#[test]
fn bad_files_are_named_counted_and_the_rest_goes_on() {
    let o = run(&["analyze", "examples/bad", "examples/corpus"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "exit code must say something failed"
    );
    let err = stderr(&o);
    for name in ["empty.txt", "binary.txt", "truncated.html"] {
        assert!(
            err.lines().any(|l| l.contains(name)),
            "no message naming {name}:\n{err}"
        );
    }
    assert!(
        err.contains("invalid-utf8.txt"),
        "invalid UTF-8 not reported:\n{err}"
    );
    let recs = parse_lines(&stdout(&o));
    assert!(recs.len() >= 25, "the good files must still be analysed");
}

/// First day of a TIMEX3 date value as YYYYMMDD (years, months, days, weeks,
/// seasons, quarters, times).
fn first_day(v: &str) -> Option<u32> {
    let year: u32 = v.get(..4)?.parse().ok()?;
    let rest = v.get(4..).unwrap_or("");
    let rest = rest.split('T').next().unwrap_or("");
    let (month, day) = match rest.get(1..) {
        None | Some("") => (1, 1),
        Some(r) if r.starts_with('W') => {
            let w: u32 = r.get(1..3)?.parse().ok()?;
            let doy = (w.saturating_sub(1)) * 7 + 1;
            (((doy - 1) / 31 + 1).min(12), ((doy - 1) % 31 + 1).min(28))
        }
        Some(r) if r.starts_with('Q') => ((r.get(1..2)?.parse::<u32>().ok()? - 1) * 3 + 1, 1),
        Some("SP") => (3, 1),
        Some("SU") => (6, 1),
        Some("FA") => (9, 1),
        Some("WI") => (12, 1),
        Some(r) => {
            let mut it = r.split('-');
            let m: u32 = it.next()?.parse().ok()?;
            let d: u32 = it.next().map(|d| d.parse().ok()).unwrap_or(Some(1))?;
            (m, d)
        }
    };
    Some(year * 10000 + month * 100 + day)
}

fn store_counts(data: &Path) -> (usize, usize) {
    use newsline_store::Store;
    let store = newsline_store::SqliteStore::open_read_only(data).expect("open store");
    let ids = store.article_ids().unwrap();
    let with_raw = ids
        .iter()
        .filter(|id| store.raw(id).unwrap().is_some())
        .count();
    (ids.len(), with_raw)
}

#[test]
fn ingest_twice_adds_nothing_and_timeline_is_in_date_order() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_str().unwrap();
    let o = run(&["--data", d, "ingest", "examples/corpus"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (n, raw) = store_counts(data.path());
    assert!(n >= 25);
    assert_eq!(n, raw, "every article keeps its raw input");
    assert!(stderr(&o).contains(&format!("new {n}")), "{}", stderr(&o));

    let o2 = run(&["--data", d, "ingest", "examples/corpus"]);
    assert!(o2.status.success(), "{}", stderr(&o2));
    assert!(stderr(&o2).contains("new 0"), "{}", stderr(&o2));
    assert_eq!(store_counts(data.path()).0, n);

    let t = run(&["--data", d, "timeline", "--format", "json"]);
    assert!(t.status.success(), "{}", stderr(&t));
    let tl: Value = serde_json::from_str(&stdout(&t)).unwrap();
    let dated = tl["dated"].as_array().unwrap();
    assert!(dated.len() >= 5, "too few dated entries: {}", dated.len());
    let starts: Vec<(u32, &str)> = dated
        .iter()
        .map(|e| {
            let v = e["date"].as_str().unwrap();
            (
                first_day(v).unwrap_or_else(|| panic!("undatable value {v} in dated entries")),
                v,
            )
        })
        .collect();
    for w in starts.windows(2) {
        assert!(
            w[0].0 <= w[1].0,
            "timeline not in date order: {} before {}",
            w[0].1,
            w[1].1
        );
    }
    for e in dated.iter().chain(tl["undated"].as_array().unwrap()) {
        assert!(
            !e["sources"].as_array().unwrap().is_empty(),
            "entry without sources"
        );
    }
    for e in tl["undated"].as_array().unwrap() {
        assert!(e["date"].is_null(), "undated entries carry no date");
    }

    // rebuild recomputes the same corpus tables.
    let before = run(&["--data", d, "storylines", "--format", "json"]);
    let ents_before = run(&["--data", d, "entities", "--format", "json"]);
    let rb = run(&["--data", d, "rebuild"]);
    assert!(rb.status.success(), "{}", stderr(&rb));
    assert_eq!(
        stdout(&before),
        stdout(&run(&["--data", d, "storylines", "--format", "json"]))
    );
    assert_eq!(
        stdout(&ents_before),
        stdout(&run(&["--data", d, "entities", "--format", "json"]))
    );

    // reprocess re-runs the pipeline from the kept raw inputs: same ids, same results.
    let ids_before = {
        use newsline_store::Store;
        newsline_store::SqliteStore::open_read_only(data.path())
            .unwrap()
            .article_ids()
            .unwrap()
    };
    let rp = run(&["--data", d, "reprocess"]);
    assert!(rp.status.success(), "{}", stderr(&rp));
    let ids_after = {
        use newsline_store::Store;
        newsline_store::SqliteStore::open_read_only(data.path())
            .unwrap()
            .article_ids()
            .unwrap()
    };
    assert_eq!(ids_before, ids_after, "reprocessing never changes an id");
    assert_eq!(
        stdout(&ents_before),
        stdout(&run(&["--data", d, "entities", "--format", "json"]))
    );

    // search and quotes answer from the same store.
    let s = run(&["--data", d, "search", "ambassador", "--format", "json"]);
    assert!(s.status.success(), "{}", stderr(&s));
    let sr: Value = serde_json::from_str(&stdout(&s)).unwrap();
    assert!(sr["total"].as_u64().unwrap() > 0);
    let q = run(&["--data", d, "quotes", "--format", "json"]);
    assert!(q.status.success(), "{}", stderr(&q));
    let qs: Value = serde_json::from_str(&stdout(&q)).unwrap();
    assert!(qs.as_array().unwrap().len() >= 10);
}

#[test]
fn corpus_results_do_not_depend_on_ingest_order() {
    let corpus = root().join("examples/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md" && e != "tsv"))
        .collect();
    files.sort();
    let half = files.len() / 2;
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let args_of = |fs: &[PathBuf]| {
        fs.iter()
            .map(|p| p.to_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    // a: everything at once; b: second half first, then first half.
    let mut cmd = vec![
        "--data".to_string(),
        a.path().to_str().unwrap().to_string(),
        "ingest".into(),
    ];
    cmd.extend(args_of(&files));
    assert!(newsline().args(&cmd).output().unwrap().status.success());
    for part in [&files[half..], &files[..half]] {
        let mut cmd = vec![
            "--data".to_string(),
            b.path().to_str().unwrap().to_string(),
            "ingest".into(),
        ];
        cmd.extend(args_of(part));
        assert!(newsline().args(&cmd).output().unwrap().status.success());
    }
    for what in ["entities", "storylines", "timeline"] {
        let x = run(&[
            "--data",
            a.path().to_str().unwrap(),
            what,
            "--format",
            "json",
        ]);
        let y = run(&[
            "--data",
            b.path().to_str().unwrap(),
            what,
            "--format",
            "json",
        ]);
        assert_eq!(stdout(&x), stdout(&y), "{what} depends on ingest order");
    }
}

#[test]
fn a_killed_ingest_loses_nothing_and_resumes() {
    // A corpus large enough that the kill lands mid-ingest: many copies of
    // the example articles under different names (distinct sources, so distinct ids).
    let input = tempfile::tempdir().unwrap();
    let corpus = root().join("examples/corpus");
    let mut n_files = 0;
    for copy in 0..12 {
        let sub = input.path().join(format!("copy{copy:02}"));
        std::fs::create_dir_all(&sub).unwrap();
        for e in std::fs::read_dir(&corpus).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt" || x == "html") {
                std::fs::copy(&p, sub.join(p.file_name().unwrap())).unwrap();
                n_files += 1;
            }
        }
    }
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_str().unwrap();
    let inp = input.path().to_str().unwrap();
    let mut child = newsline()
        .args(["--data", d, "--quiet", "ingest", inp])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the first batch has been committed, then kill -9.
    let db = data.path().join("newsline.sqlite");
    for _ in 0..600 {
        if db.exists() && store_counts(data.path()).0 > 0 {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    let (n, raw) = store_counts(data.path());
    assert_eq!(
        n, raw,
        "after the kill every stored article has its raw input"
    );

    // The lock died with the process; resuming completes the ingest.
    let o = run(&["--data", d, "ingest", inp]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (n2, raw2) = store_counts(data.path());
    assert_eq!(n2, n_files);
    assert_eq!(n2, raw2);
    let s = run(&["--data", d, "search", "the", "--format", "json"]);
    let sr: Value = serde_json::from_str(&stdout(&s)).unwrap();
    assert_eq!(
        sr["total"].as_u64().unwrap() as usize,
        n_files,
        "index agrees with the store"
    );
}

#[test]
fn a_second_writer_gets_a_clear_message() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_str().unwrap();
    assert!(
        run(&["--data", d, "ingest", "examples/corpus/wire-feed.jsonl"])
            .status
            .success()
    );
    let _held = newsline_store::SqliteStore::open(data.path()).expect("first writer");
    let o = run(&["--data", d, "ingest", "examples/corpus"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("locked"), "{}", stderr(&o));
}

#[test]
fn seeds_analyze_to_five_valid_records() {
    let Some(seeds) = shared("seeds") else { return };
    let mut files: Vec<String> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".txt"))
        .collect();
    files.sort();
    let mut args = vec!["analyze".to_string()];
    args.extend(files.iter().cloned());
    let o = newsline().args(&args).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let recs = parse_lines(&stdout(&o));
    assert_eq!(recs.len(), files.len());
    let validator = schema();
    for r in &recs {
        check_record(r, &validator);
        assert!(!r["text"].as_str().unwrap().is_empty());
        assert!(
            !r["entities"].as_array().unwrap().is_empty(),
            "{}: no entity",
            r["source"]
        );
        assert!(
            !r["times"].as_array().unwrap().is_empty(),
            "{}: no time",
            r["source"]
        );
    }
}

#[test]
fn demo_runs_from_the_embedded_corpus() {
    let o = run(&["demo", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("== Timeline"));
    assert!(
        out.lines().filter(|l| l.starts_with("20")).count() >= 5,
        "{out}"
    );
}

/// A `newsline` child that serves HTTP on a free loopback port.
struct Served {
    child: std::process::Child,
    url: String,
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

/// Starts `newsline ARGS` (a `serve` or `demo --serve`) and reads its stderr
/// up to the `listening on http://ADDR` line.
fn start_served(args: &[&str]) -> Served {
    use std::io::BufRead;
    let mut child = newsline()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn newsline");
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = String::new();
    let url = loop {
        match lines.next() {
            Some(Ok(l)) => {
                seen.push_str(&l);
                seen.push('\n');
                if let Some(u) = l.strip_prefix("listening on ") {
                    break u.trim().to_string();
                }
            }
            _ => {
                let _ = child.kill();
                panic!("the server did not start:\n{seen}");
            }
        }
    };
    let log = std::sync::Arc::new(std::sync::Mutex::new(seen));
    let sink = log.clone();
    std::thread::spawn(move || {
        for l in lines.map_while(Result::ok) {
            if let Ok(mut s) = sink.lock() {
                s.push_str(&l);
                s.push('\n');
            }
        }
    });
    Served { child, url, log }
}

impl Served {
    /// Sends SIGTERM and waits (bounded) for a clean exit.
    fn terminate(mut self) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -TERM {pid}");
        for _ in 0..600 {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(status.success(), "server exit status {status:?}");
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let log = self.log.lock().map(|s| s.clone()).unwrap_or_default();
        panic!("the server did not stop on SIGTERM:\n{log}");
    }
}

/// `GET url` (plain HTTP over loopback); the JSON body.
fn http_get_json(url: &str) -> Value {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let mut s = std::net::TcpStream::connect(host).expect("connect");
    s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    let body = resp.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[test]
fn a_served_directory_takes_ingests_through_the_server() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_str().unwrap();
    assert!(
        run(&["--data", d, "ingest", "examples/corpus/wire-feed.jsonl"])
            .status
            .success()
    );
    let s = start_served(&[
        "--data",
        d,
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--token",
        "cli-t0ken",
    ]);
    assert!(s.url.starts_with("http://127.0.0.1:"), "{}", s.url);
    assert_ne!(s.url, "http://127.0.0.1:0");

    // a plain writer is pointed at the server
    for args in [vec!["ingest", "examples/corpus"], vec!["rebuild"]] {
        let o = run(&[&["--data", d][..], &args].concat());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(&s.url), "{err}");
        assert!(
            err.contains(&format!("newsline ingest --server {} --token T", s.url)),
            "{err}"
        );
    }

    // ingest --server: wrong token, then the real one (token from the environment)
    let o = run(&[
        "ingest",
        "--server",
        &s.url,
        "--token",
        "wrong",
        "examples/corpus",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("refused the token"), "{}", stderr(&o));
    let o = newsline()
        .env("NEWSLINE_TOKEN", "cli-t0ken")
        .args(["ingest", "--server", &s.url, "examples/corpus"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = stderr(&o);
    assert!(summary.contains("unchanged "), "{summary}");
    let health = http_get_json(&format!("{}/api/health", s.url));
    let served = health["articles"].as_u64().unwrap();
    assert!(served > 20, "{health}");
    // bad inputs: same messages and exit code as a local ingest
    let o = run(&[
        "ingest",
        "--server",
        &s.url,
        "--token",
        "cli-t0ken",
        "examples/bad",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("examples/bad/empty.txt"),
        "{}",
        stderr(&o)
    );
    s.terminate();

    // the lock is released, and the server stored what a local ingest would
    let o = run(&["--data", d, "ingest", "examples/corpus"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains(", new 0,"), "{}", stderr(&o));
    let (articles, _) = store_counts(data.path());
    assert!(articles as u64 >= served, "{articles} < {served}");

    // a server that cannot reach is a clear error with exit code 2
    let o = run(&[
        "ingest",
        "--server",
        "http://127.0.0.1:1",
        "--token",
        "x",
        "examples/corpus/wire-feed.jsonl",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot reach"), "{}", stderr(&o));
}

#[test]
fn demo_serve_prints_the_bound_address_and_serves_the_corpus() {
    let s = start_served(&["demo", "--quiet", "--serve", "--addr", "127.0.0.1:0"]);
    let health = http_get_json(&format!("{}/api/health", s.url));
    assert!(health["articles"].as_u64().unwrap() >= 30, "{health}");
    let st = http_get_json(&format!("{}/api/storylines", s.url));
    assert!(st["total"].as_u64().unwrap() >= 1, "{st}");
    s.terminate();
}

/// Writes invented articles into `dir`, one file each.
fn write_articles(dir: &Path, articles: &[(&str, &str)]) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in articles {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn entity_ids(d: &str) -> Vec<String> {
    let o = run(&["--data", d, "entities", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn registry_corrections_survive_rebuild_and_reingest() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_str().unwrap();
    let inputs = data.path().join("in");
    // One invented person written two ways: the registry keeps two entities.
    write_articles(
        &inputs,
        &[
            (
                "one.txt",
                "Harbour board meets\n\nMarch 3, 2023\n\nThe harbour board met on Friday. \
                 Board chair Tamsin Arkwright said the new pier would open in June. \
                 \"We are ready,\" Arkwright said.\n",
            ),
            (
                "two.txt",
                "Pier opening delayed\n\nMarch 9, 2023\n\nThe pier will open later than planned. \
                 Board chair Tam Arkwright said the delay was short. \
                 \"It is a matter of weeks,\" she said.\n",
            ),
        ],
    );
    let o = run(&["--data", d, "ingest", inputs.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ids = entity_ids(d);
    let (full, short) = ("person:tamsin-arkwright", "person:tam-arkwright");
    assert!(ids.contains(&full.to_string()), "{ids:?}");
    assert!(ids.contains(&short.to_string()), "{ids:?}");

    // An invalid corrections file stops a rebuild with exit 2, naming file and line.
    let corr = data.path().join("corrections.toml");
    std::fs::write(&corr, "[[merge]]\nids = [\"person:tamsin-arkwright\",\n").unwrap();
    let bad = run(&["--data", d, "rebuild"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    assert!(
        stderr(&bad).contains("corrections.toml"),
        "{}",
        stderr(&bad)
    );
    assert!(stderr(&bad).contains("line "), "{}", stderr(&bad));

    std::fs::write(
        &corr,
        format!(
            "[[merge]]\nids = [\"{full}\", \"{short}\"]\n\n\
             [[alias]]\nid = \"{full}\"\naliases = [\"the board chair\"]\n\n\
             [[rename]]\nid = \"person:nobody-at-all\"\nname = \"Nobody\"\n"
        ),
    )
    .unwrap();
    let rb = run(&["--data", d, "rebuild"]);
    assert!(rb.status.success(), "{}", stderr(&rb));
    assert!(
        stderr(&rb).contains("person:nobody-at-all"),
        "unknown ids are warned about: {}",
        stderr(&rb)
    );
    let check = |expect_articles: u64| {
        let ids = entity_ids(d);
        assert!(ids.contains(&full.to_string()), "{ids:?}");
        assert!(!ids.contains(&short.to_string()), "{ids:?}");
        // the old id redirects to the survivor
        let o = run(&["--data", d, "entities", "--show", short, "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let e: Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(e["id"], full);
        assert_eq!(e["articles"].as_u64(), Some(expect_articles));
        assert!(e["mentions"].as_u64().unwrap_or(0) >= expect_articles);
        let aliases: Vec<&str> = e["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| a.as_str())
            .collect();
        assert!(aliases.contains(&"Tam Arkwright"), "{aliases:?}");
        assert!(aliases.contains(&"the board chair"), "{aliases:?}");
        assert_eq!(e["merged_ids"][0], short);
        // text output shows mention counts, aliases and roles
        let t = stdout(&run(&["--data", d, "entities", "--show", full]));
        assert!(t.contains("mentions:"), "{t}");
        assert!(t.contains("Tam Arkwright"), "{t}");
        let list = stdout(&run(&["--data", d, "entities", "--type", "person"]));
        assert!(list.contains("mentions"), "{list}");
    };
    check(2);

    // A later ingest recomputes the registry from all records: the correction holds.
    write_articles(
        &inputs,
        &[(
            "three.txt",
            "Pier opens\n\nJune 2, 2023\n\nThe pier opened on Thursday. \
             Board chair Tam Arkwright said the town had waited long enough.\n",
        )],
    );
    let o = run(&["--data", d, "ingest", inputs.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("new 1"), "{}", stderr(&o));
    check(3);
}
