//! The write path against a real server on a random loopback port over a
//! real SQLite data directory: `POST /api/articles` in every format, its
//! errors, the single writer lock and its release on shutdown, and the
//! background recompute of the corpus tables. Articles are invented prose.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

use newsline_server::{ServerConfig, ServerError};
use newsline_store::{SqliteStore, Store, StoreError};
use serde_json::{json, Value};

const TOKEN: &str = "w-token-123";

/// A long enough invented article naming `person` and quoting them.
fn article(person: &str, place: &str, topic: &str) -> String {
    format!(
        "{topic} talks to resume in {place}\n\n\
         {place}, May 12, 2023 — Interior Minister {person} said on Tuesday that talks on the \
         {topic} agreement would resume next month after a pause of almost a year.\n\n\
         \"We are ready to sign whatever keeps the {topic} moving,\" {person} told reporters in \
         {place}. The minister added that a technical team would travel there in June.\n\n\
         Officials from both sides met in April to prepare the agenda, according to a statement \
         from the ministry, which said the first round would last three days."
    )
}

struct Server {
    rt: tokio::runtime::Runtime,
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<Result<(), ServerError>>>,
}

impl Server {
    fn start(cfg: ServerConfig) -> Server {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        // serve_on takes the writer lock before it accepts connections
        let handle = rt.spawn(newsline_server::serve_on(listener, cfg, async {
            let _ = rx.await;
        }));
        let s = Server {
            rt,
            addr,
            stop: Some(tx),
            handle: Some(handle),
        };
        // wait until it answers (bounded)
        for _ in 0..200 {
            if TcpStream::connect(addr).is_ok() && s.get("/api/health").0 == 200 {
                break;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        s
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, Value) {
        http(self.addr, method, path, headers, body)
    }

    fn get(&self, path: &str) -> (u16, Value) {
        self.request("GET", path, &[], b"")
    }

    fn post(&self, path: &str, ctype: &str, body: &[u8]) -> (u16, Value) {
        let auth = format!("Bearer {TOKEN}");
        self.request(
            "POST",
            path,
            &[("Content-Type", ctype), ("Authorization", &auth)],
            body,
        )
    }

    /// Stops the server and waits for it to finish.
    fn stop(mut self) -> Result<(), ServerError> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        let handle = self.handle.take().unwrap();
        self.rt
            .block_on(async { tokio::time::timeout(Duration::from_secs(60), handle).await })
            .expect("server stops after the shutdown signal")
            .expect("server task")
    }
}

/// One HTTP/1.1 request over a fresh connection; the status and the JSON body.
fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Value) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut resp = Vec::new();
    s.read_to_end(&mut resp).unwrap();
    let split = resp
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("HTTP header end");
    let head = String::from_utf8_lossy(&resp[..split]).to_lowercase();
    let mut payload = resp[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        payload = dechunk(&payload);
    }
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("status code");
    let v = serde_json::from_slice(&payload)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&payload).into_owned()));
    (status, v)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = b.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(String::from_utf8_lossy(&b[..i]).trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + n]);
        b = &b[i + 2 + n + 2..];
    }
    out
}

fn config(dir: &Path) -> ServerConfig {
    ServerConfig {
        data_dir: dir.to_path_buf(),
        token: Some(TOKEN.into()),
        max_body_bytes: 64 * 1024,
        lock_retry: Duration::from_millis(50),
        ..ServerConfig::default()
    }
}

/// Validates `v` against a schema of the server's own OpenAPI document.
fn check_openapi(spec: &Value, schema: &str, v: &Value) {
    let mut root = spec.clone();
    root["$ref"] = json!(format!("#/components/schemas/{schema}"));
    let validator = jsonschema::validator_for(&root).expect("openapi schemas compile");
    let errors: Vec<String> = validator.iter_errors(v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{schema} mismatch: {errors:?}\n{v}");
}

fn status_of(v: &Value, i: usize) -> &str {
    v["results"][i]["status"].as_str().unwrap_or("")
}

/// Polls `path` until `ok` holds, a bounded number of times.
fn eventually(s: &Server, path: &str, ok: impl Fn(&Value) -> bool) -> Value {
    let mut last = Value::Null;
    for _ in 0..400 {
        let (code, v) = s.get(path);
        if code == 200 && ok(&v) {
            return v;
        }
        last = v;
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{path} never satisfied the condition; last answer: {last}");
}

#[test]
fn writes_in_every_format_are_readable_searchable_and_reach_the_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data"); // does not exist yet: the server creates it
    let s = Server::start(config(&dir));
    let (_, spec) = s.get("/api/openapi.json");
    let (code, health) = s.get("/api/health");
    assert_eq!(code, 200);
    assert_eq!(health["writes"], "enabled", "{health}");
    assert_eq!(health["articles"], 0);

    // one JSON object
    let one = json!({"id": "w-json", "text": article("Orla Vantressen", "Brevik", "fisheries"),
                     "url": "https://example.test/a", "published": "2023-05-12"});
    let (code, v) = s.post(
        "/api/articles",
        "application/json",
        one.to_string().as_bytes(),
    );
    assert_eq!(code, 201, "{v}");
    check_openapi(&spec, "WriteResult", &v);
    assert_eq!(v["ingested"], 1);
    assert_eq!(v["results"][0]["id"], "w-json");
    assert_eq!(status_of(&v, 0), "ingested");
    // readable and searchable at once, before any corpus recompute
    let (code, a) = s.get("/api/articles/w-json");
    assert_eq!(code, 200, "{a}");
    assert!(a["text"].as_str().unwrap().contains("Orla Vantressen"));
    assert_eq!(a["url"], "https://example.test/a");
    let (_, hits) = s.get("/api/search?q=Vantressen");
    assert_eq!(hits["total"], 1, "{hits}");
    assert_eq!(hits["hits"][0]["id"], "w-json");

    // a JSON array: one good record, one without text, one html
    let arr = json!([
        {"text": article("Dagny Holloway-Pike", "Tarnow Ridge", "grain")},
        {"title": "no body"},
        {"id": "w-html", "html": format!("<html><head><title>Grain</title></head><body><article><p>{}</p></article></body></html>",
            article("Ilse Margrethe Quandt", "Lowmoor", "grain").replace("\n\n", "</p><p>"))},
    ]);
    let (code, v) = s.post(
        "/api/articles",
        "application/json",
        arr.to_string().as_bytes(),
    );
    assert_eq!(code, 201, "{v}");
    check_openapi(&spec, "WriteResult", &v);
    assert_eq!(
        (v["ingested"].as_u64(), v["failed"].as_u64()),
        (Some(2), Some(1)),
        "{v}"
    );
    assert_eq!(status_of(&v, 0), "ingested");
    assert_eq!(status_of(&v, 1), "failed");
    assert!(
        v["results"][1]["message"]
            .as_str()
            .unwrap()
            .contains("no `text`"),
        "{v}"
    );
    assert_eq!(status_of(&v, 2), "ingested");
    assert_eq!(v["results"][2]["id"], "w-html");
    let derived = v["results"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(s.get(&format!("/api/articles/{derived}")).0, 200);

    // the same array again: nothing new -> 200, ids stable
    let (code, v) = s.post(
        "/api/articles",
        "application/json",
        arr.to_string().as_bytes(),
    );
    assert_eq!(code, 200, "{v}");
    assert_eq!(status_of(&v, 0), "unchanged");
    assert_eq!(v["results"][0]["id"], derived.as_str());

    // JSON Lines with a broken line
    let nd = format!(
        "{}\n\n{{not json\n{}\n",
        json!({"id": "w-nd1", "text": article("Benedek Sorrell", "Aldwick", "rail")}),
        json!({"id": "w-nd2", "text": article("Benedek Sorrell", "Aldwick", "canal")}),
    );
    let (code, v) = s.post("/api/articles", "application/x-ndjson", nd.as_bytes());
    assert_eq!(code, 201, "{v}");
    check_openapi(&spec, "WriteResult", &v);
    assert_eq!(v["results"].as_array().unwrap().len(), 3, "{v}");
    assert_eq!(status_of(&v, 0), "ingested");
    assert_eq!(status_of(&v, 1), "failed");
    assert!(v["results"][1]["message"]
        .as_str()
        .unwrap()
        .contains("invalid JSON"));
    assert_eq!(status_of(&v, 2), "ingested");

    // text/html and text/plain with query parameters
    let page = format!(
        "<html><body><article><h1>Ports</h1><p>{}</p></article></body></html>",
        article("Ottilie Brannagh", "Seacombe", "port").replace("\n\n", "</p><p>")
    );
    let (code, v) = s.post(
        "/api/articles?id=w-page&url=https%3A%2F%2Fexample.test%2Fp&title=Ports",
        "text/html; charset=utf-8",
        page.as_bytes(),
    );
    assert_eq!(code, 201, "{v}");
    assert_eq!(v["results"][0]["id"], "w-page");
    let (_, a) = s.get("/api/articles/w-page");
    assert_eq!(a["url"], "https://example.test/p");
    let plain = article("Ruaridh Calloway", "Fenmarsh", "dairy");
    let (code, v) = s.post(
        "/api/articles?published=2023-05-12",
        "text/plain",
        plain.as_bytes(),
    );
    assert_eq!(code, 201, "{v}");
    let plain_id = v["results"][0]["id"].as_str().unwrap().to_string();
    let (code, v) = s.post(
        "/api/articles?published=2023-05-12",
        "text/plain",
        plain.as_bytes(),
    );
    assert_eq!((code, status_of(&v, 0)), (200, "unchanged"), "{v}");
    assert_eq!(v["results"][0]["id"], plain_id.as_str());
    let (_, hits) = s.get("/api/search?q=Calloway");
    assert_eq!(hits["hits"][0]["id"], plain_id.as_str(), "{hits}");

    // the corpus tables catch up in the background
    let (_, health) = s.get("/api/health");
    assert_eq!(health["articles"], 7, "{health}");
    eventually(&s, "/api/health", |h| h["corpus"] == "current");
    for name in ["vantressen", "calloway", "brannagh"] {
        eventually(&s, &format!("/api/entities?q={name}"), |v| {
            v["entities"]
                .as_array()
                .is_some_and(|e| e.iter().any(|e| e["type"] == "person"))
        });
    }
    let (_, q) = s.get("/api/quotes?q=ready%20to%20sign");
    assert!(q["total"].as_u64().unwrap() >= 5, "{q}");
    s.stop().unwrap();
}

#[test]
fn write_errors_are_json_with_stable_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let s = Server::start(config(tmp.path()));
    let (_, spec) = s.get("/api/openapi.json");
    let body = json!({"text": article("Orla Vantressen", "Brevik", "fisheries")}).to_string();
    let check = |(code, v): (u16, Value), want: u16, err: &str| {
        assert_eq!(code, want, "{v}");
        assert_eq!(v["code"], err, "{v}");
        check_openapi(&spec, "Error", &v);
    };
    // no or wrong token
    check(
        s.request(
            "POST",
            "/api/articles",
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        ),
        401,
        "unauthorized",
    );
    check(
        s.request(
            "POST",
            "/api/articles",
            &[
                ("Content-Type", "application/json"),
                ("Authorization", "Bearer nope"),
            ],
            body.as_bytes(),
        ),
        401,
        "unauthorized",
    );
    check(
        s.post("/api/articles", "application/xml", b"<a/>"),
        415,
        "unsupported_media_type",
    );
    check(
        s.post("/api/articles", "application/json", b"{oops"),
        400,
        "bad_request",
    );
    check(
        s.post("/api/articles", "application/json", b"[]"),
        400,
        "bad_request",
    );
    check(
        s.post("/api/articles", "application/json", b"42"),
        400,
        "bad_request",
    );
    check(
        s.post("/api/articles", "application/x-ndjson", b"\n\n"),
        400,
        "bad_request",
    );
    check(
        s.post("/api/articles?published=yesterday-ish", "text/plain", b"x"),
        400,
        "bad_request",
    );
    let big = vec![b'a'; 70 * 1024];
    check(
        s.post("/api/articles", "text/plain", &big),
        413,
        "payload_too_large",
    );
    // nothing was written
    assert_eq!(s.get("/api/health").1["articles"], 0);
    s.stop().unwrap();

    // no token configured: writes are off
    let s = Server::start(ServerConfig {
        token: None,
        ..config(tmp.path())
    });
    assert_eq!(s.get("/api/health").1["writes"], "disabled");
    check(
        s.post("/api/articles", "application/json", body.as_bytes()),
        403,
        "writes_disabled",
    );
    s.stop().unwrap();
}

#[test]
fn the_lock_names_the_server_and_is_released_on_shutdown() {
    let tmp = tempfile::tempdir().unwrap();
    let s = Server::start(config(tmp.path()));
    match SqliteStore::open(tmp.path()) {
        Err(StoreError::Locked { holder, url, .. }) => {
            assert_eq!(url.as_deref(), Some(s.url().as_str()));
            assert!(
                holder.contains("newsline serve at http://127.0.0.1:"),
                "{holder}"
            );
        }
        other => panic!("expected the served directory to be locked, got {other:?}"),
    }
    // write, then stop at once: the pending corpus recompute is finished on shutdown
    let body = json!({"id": "w-last", "text": article("Perpetua Anselm", "Greyhaven", "salt")});
    let (code, v) = s.post(
        "/api/articles",
        "application/json",
        body.to_string().as_bytes(),
    );
    assert_eq!(code, 201, "{v}");
    s.stop().unwrap();
    let store = SqliteStore::open(tmp.path()).expect("lock released after shutdown");
    assert!(store.has_article("w-last").unwrap());
    let corpus = store.corpus().unwrap();
    assert!(
        corpus.entity_links.iter().any(|(a, _, _)| a == "w-last"),
        "corpus tables include the last write"
    );
}

#[test]
fn a_busy_lock_serves_read_only_then_takes_over() {
    let tmp = tempfile::tempdir().unwrap();
    let held = SqliteStore::open(tmp.path()).unwrap(); // "an ingest is running"
    let s = Server::start(config(tmp.path()));
    let (_, h) = s.get("/api/health");
    assert_eq!(h["writes"], "busy", "{h}");
    let body = json!({"id": "w-busy", "text": article("Orla Vantressen", "Brevik", "fisheries")});
    let (code, v) = s.post(
        "/api/articles",
        "application/json",
        body.to_string().as_bytes(),
    );
    assert_eq!(
        (code, v["code"].as_str()),
        (503, Some("writer_busy")),
        "{v}"
    );
    assert!(
        v["message"].as_str().unwrap().contains("locked by pid"),
        "{v}"
    );
    drop(held); // the ingest finishes
    eventually(&s, "/api/health", |h| h["writes"] == "enabled");
    let (code, v) = s.post(
        "/api/articles",
        "application/json",
        body.to_string().as_bytes(),
    );
    assert_eq!(code, 201, "{v}");
    assert!(matches!(
        SqliteStore::open(tmp.path()),
        Err(StoreError::Locked { url: Some(_), .. })
    ));
    s.stop().unwrap();
}

#[test]
fn concurrent_writes_all_land_and_one_corpus_covers_them() {
    let tmp = tempfile::tempdir().unwrap();
    let s = Server::start(config(tmp.path()));
    let addr = s.addr;
    let names = ["Anselm", "Brisco", "Corwen", "Delacroy"];
    let threads: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(t, name)| {
            let name = name.to_string();
            std::thread::spawn(move || {
                for k in 0..3 {
                    let body = json!({"id": format!("w-c{t}-{k}"),
                        "text": article(&format!("Wilhelmina {name}"), "Harrowgate", &format!("topic{k}"))});
                    let auth = format!("Bearer {TOKEN}");
                    let (code, v) = http(
                        addr,
                        "POST",
                        "/api/articles",
                        &[("Content-Type", "application/json"), ("Authorization", &auth)],
                        body.to_string().as_bytes(),
                    );
                    assert_eq!(code, 201, "{v}");
                }
            })
        })
        .collect();
    // reads go on while the writes run
    for _ in 0..5 {
        assert_eq!(s.get("/api/search?q=Harrowgate").0, 200);
    }
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(s.get("/api/health").1["articles"], 12);
    assert_eq!(s.get("/api/search?q=Harrowgate").1["total"], 12);
    eventually(&s, "/api/health", |h| h["corpus"] == "current");
    for name in names {
        eventually(&s, &format!("/api/entities?q={name}"), |v| {
            v["total"].as_u64().is_some_and(|n| n >= 1)
        });
    }
    s.stop().unwrap();
}

#[test]
fn a_read_only_server_leaves_the_lock_to_ingest() {
    let tmp = tempfile::tempdir().unwrap();
    drop(SqliteStore::open(tmp.path()).unwrap());
    let s = Server::start(ServerConfig {
        read_only: true,
        ..config(tmp.path())
    });
    let store = SqliteStore::open(tmp.path()).expect("read-only server takes no lock");
    drop(store);
    let body = json!({"text": article("Orla Vantressen", "Brevik", "fisheries")}).to_string();
    let (code, v) = s.post("/api/articles", "application/json", body.as_bytes());
    assert_eq!(
        (code, v["code"].as_str()),
        (403, Some("writes_disabled")),
        "{v}"
    );
    s.stop().unwrap();
}
