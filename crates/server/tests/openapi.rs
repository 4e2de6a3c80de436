//! The OpenAPI document checked against real responses: the example corpus is
//! run through the real pipeline into a real SQLite file and index, then every
//! read endpoint's answer (lists, details, errors) is validated against the
//! response schema the document declares for that path and status.

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use newsline_index::SearchIndex;
use newsline_ingest::{read_inputs, ReadOptions};
use newsline_pipeline::Ingestor;
use newsline_server::{router, AppState, ServerConfig};
use newsline_store::SqliteStore;
use serde_json::{json, Value};
use tower::ServiceExt;

/// A data directory holding the whole example corpus, analysed for real.
fn corpus_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    let mut store = SqliteStore::open(dir.path()).unwrap();
    let mut index = SearchIndex::open(dir.path()).unwrap();
    let docs = read_inputs(&[corpus.display().to_string()], &ReadOptions::default());
    let summary = Ingestor::new(&mut store, &mut index)
        .run(docs, &mut |_| {})
        .unwrap();
    assert!(summary.new >= 30, "example corpus ingested: {summary:?}");
    dir
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let resp = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    let v = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("{uri}: not JSON ({e}): {}", String::from_utf8_lossy(&body)));
    (status, v)
}

/// The response schema the document declares for `path`, `GET` and `status`.
fn declared(spec: &Value, path: &str, status: StatusCode) -> Value {
    let s = &spec["paths"][path]["get"]["responses"][status.as_str()]["content"]
        ["application/json"]["schema"];
    assert!(
        s.is_object(),
        "openapi declares no JSON schema for GET {path} {status}"
    );
    s.clone()
}

/// Validates `v` against `schema`, resolving `#/components/...` in `spec`.
fn conforms(spec: &Value, schema: &Value, v: &Value, what: &str) {
    let mut root = json!({ "components": spec["components"].clone() });
    for (k, val) in schema.as_object().unwrap() {
        root[k] = val.clone();
    }
    let validator = jsonschema::validator_for(&root).expect("openapi schemas compile");
    let errors: Vec<String> = validator
        .iter_errors(v)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match its OpenAPI schema: {errors:#?}"
    );
}

#[tokio::test]
async fn every_read_endpoint_matches_the_openapi_document() {
    let dir = corpus_dir();
    let app = router(
        AppState::new(ServerConfig {
            data_dir: dir.path().to_path_buf(),
            ..ServerConfig::default()
        })
        .unwrap(),
    );
    let (status, spec) = get(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);

    let check = async |template: &str, uri: &str, want: StatusCode| -> Value {
        let (status, v) = get(&app, uri).await;
        assert_eq!(status, want, "GET {uri}: {v}");
        conforms(
            &spec,
            &declared(&spec, template, status),
            &v,
            &format!("GET {uri}"),
        );
        v
    };

    let health = check("/api/health", "/api/health", StatusCode::OK).await;
    assert!(health["articles"].as_u64().unwrap() >= 30);

    let search = check("/api/search", "/api/search?q=ambassador", StatusCode::OK).await;
    let hits = search["hits"].as_array().expect("hits");
    assert!(!hits.is_empty(), "the corpus mentions ambassadors");
    check(
        "/api/search",
        "/api/search?q=ambassador&since=2022-01-01&page=2",
        StatusCode::OK,
    )
    .await;
    check("/api/search", "/api/search?page=0", StatusCode::BAD_REQUEST).await;

    // Every article of the first pages, in full.
    for h in hits {
        let id = h["id"].as_str().unwrap();
        let a = check(
            "/api/articles/{id}",
            &format!("/api/articles/{id}"),
            StatusCode::OK,
        )
        .await;
        assert_eq!(a["id"], id);
    }
    check(
        "/api/articles/{id}",
        "/api/articles/no-such-id",
        StatusCode::NOT_FOUND,
    )
    .await;

    let ents = check(
        "/api/entities",
        "/api/entities?page_size=50",
        StatusCode::OK,
    )
    .await;
    let ents = ents["items"]
        .as_array()
        .or(ents["entities"].as_array())
        .cloned();
    let ents = ents.expect("entity list");
    assert!(!ents.is_empty());
    for e in ents.iter().take(10) {
        let id = e["id"].as_str().unwrap();
        let uri = format!("/api/entities/{}", urlencode(id));
        check("/api/entities/{id}", &uri, StatusCode::OK).await;
    }
    check(
        "/api/entities/{id}",
        "/api/entities/person:nobody-at-all",
        StatusCode::NOT_FOUND,
    )
    .await;

    let quotes = check("/api/quotes", "/api/quotes?page_size=50", StatusCode::OK).await;
    assert!(quotes["total"].as_u64().unwrap() > 0);
    check(
        "/api/quotes",
        "/api/quotes?q=relations&since=2021-01-01",
        StatusCode::OK,
    )
    .await;

    let st = check("/api/storylines", "/api/storylines", StatusCode::OK).await;
    let st = st["items"]
        .as_array()
        .or(st["storylines"].as_array())
        .cloned();
    let st = st.expect("storyline list");
    assert!(!st.is_empty());
    for s in &st {
        let id = s["id"].as_str().unwrap();
        let uri = format!("/api/storylines/{}", urlencode(id));
        check("/api/storylines/{id}", &uri, StatusCode::OK).await;
        let uri = format!("/api/timeline?storyline={}&max_dates=10", urlencode(id));
        check("/api/timeline", &uri, StatusCode::OK).await;
    }
    let tl = check(
        "/api/timeline",
        "/api/timeline?q=ambassador",
        StatusCode::OK,
    )
    .await;
    assert!(!tl["dated"].as_array().unwrap().is_empty());
    check(
        "/api/timeline",
        "/api/timeline?max_dates=x",
        StatusCode::BAD_REQUEST,
    )
    .await;
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
