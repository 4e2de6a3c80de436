//! The server's single writer: the data directory's lock, ingestion of
//! posted articles, and the coalesced background recompute of the corpus
//! tables.
//!
//! * [`Writer::start`] takes the data directory's writer lock for the life
//!   of the server (the lock file names `newsline serve` and its URL). When
//!   another process holds it (an ingest is running), the server serves
//!   read-only, writes answer 503 `writer_busy`, and a background task
//!   retries taking the lock every [`crate::ServerConfig::lock_retry`].
//! * Writes are serialised by one mutex around the writer store; reads open
//!   their own read-only handles and never wait for it.
//! * After a write the corpus tables (entities, duplicate groups, events,
//!   storylines) are stale; one background task recomputes them, and writes
//!   arriving while it runs are covered by a single further recompute.
//! * [`Writer::shutdown`] finishes a pending recompute and releases the lock.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use newsline_index::SearchIndex;
use newsline_ingest::{FormatHint, IngestError, ReadOptions};
use newsline_model::RawDoc;
use newsline_pipeline::{Ingestor, Outcome};
use newsline_store::{SqliteStore, Store, StoreError};
use serde_json::{json, Value};
use tokio::sync::Notify;

use crate::error::{ApiError, ServerError};
use crate::state::AppState;

/// What the writer can do right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WriterStatus {
    /// Not started (a router built without [`crate::serve_on`]).
    NotStarted,
    /// The server was started read-only: it never takes the lock.
    ReadOnly,
    /// Another process holds the lock: who.
    Busy(String),
    /// This server holds the lock.
    Ready,
    /// Shut down.
    Stopped,
}

/// The server's writer (see the module documentation).
#[derive(Debug)]
pub(crate) struct Writer {
    store: Mutex<Option<SqliteStore>>,
    status: Mutex<WriterStatus>,
    /// Writes that changed the store (a generation counter).
    requested: AtomicU64,
    /// The generation the stored corpus tables reflect.
    done: AtomicU64,
    wake: Notify,
    stop: AtomicBool,
}

impl Default for Writer {
    fn default() -> Self {
        Writer {
            store: Mutex::new(None),
            status: Mutex::new(WriterStatus::NotStarted),
            requested: AtomicU64::new(0),
            done: AtomicU64::new(0),
            wake: Notify::new(),
            stop: AtomicBool::new(false),
        }
    }
}

fn holder_command() -> &'static str {
    "newsline serve"
}

impl Writer {
    pub(crate) fn status(&self) -> WriterStatus {
        self.status
            .lock()
            .map(|s| s.clone())
            .unwrap_or(WriterStatus::Stopped)
    }

    fn set_status(&self, s: WriterStatus) {
        if let Ok(mut g) = self.status.lock() {
            *g = s;
        }
    }

    /// True while written articles are not yet reflected in the corpus tables.
    pub(crate) fn corpus_pending(&self) -> bool {
        self.done.load(Ordering::SeqCst) < self.requested.load(Ordering::SeqCst)
    }

    /// Tries once to take the lock; `Ok(false)` when another process has it.
    fn try_take(&self, st: &AppState, url: &str) -> Result<bool, ServerError> {
        let dir = &st.config().data_dir;
        match SqliteStore::open_as(dir, holder_command(), Some(url)) {
            Ok(store) => {
                if let Ok(mut g) = self.store.lock() {
                    *g = Some(store);
                }
                self.set_status(WriterStatus::Ready);
                Ok(true)
            }
            Err(StoreError::Locked { holder, .. }) => {
                self.set_status(WriterStatus::Busy(holder));
                Ok(false)
            }
            Err(e) => Err(ServerError::DataDir {
                path: dir.clone(),
                message: e.to_string(),
            }),
        }
    }

    /// Takes the writer lock (or, when it is busy, starts retrying in the
    /// background) and starts the corpus task. Must run inside a tokio
    /// runtime. `url` is written into the lock file.
    pub(crate) fn start(st: &AppState, url: &str) -> Result<(), ServerError> {
        let w = st.writer();
        if st.config().read_only {
            w.set_status(WriterStatus::ReadOnly);
            return Ok(());
        }
        let handle = tokio::runtime::Handle::try_current()
            .map_err(|_| ServerError::Config("the writer needs a tokio runtime".into()))?;
        if !w.try_take(st, url)? {
            if let WriterStatus::Busy(holder) = w.status() {
                tracing::warn!(
                    "data directory {} is locked by {holder}: serving read-only; writes \
                     answer 503 writer_busy until the lock is free (retrying every {:?})",
                    st.config().data_dir.display(),
                    st.config().lock_retry
                );
            }
            let (st2, url2) = (st.clone(), url.to_string());
            handle.spawn(async move { retry_lock(st2, url2).await });
        }
        let st2 = st.clone();
        handle.spawn(async move { corpus_task(st2).await });
        Ok(())
    }

    /// Stops the background tasks, brings the corpus tables up to date if
    /// writes are pending, and releases the lock. Blocking.
    pub(crate) fn shutdown(&self, data_dir: &std::path::Path) {
        self.stop.store(true, Ordering::SeqCst);
        self.wake.notify_one();
        let Ok(mut guard) = self.store.lock() else {
            return;
        };
        if let Some(store) = guard.as_mut() {
            let target = self.requested.load(Ordering::SeqCst);
            if self.done.load(Ordering::SeqCst) < target {
                match corpus_with_corrections(&*store, data_dir)
                    .and_then(|c| store.replace_corpus(&c).map_err(|e| e.to_string()))
                {
                    Ok(()) => {
                        self.done.fetch_max(target, Ordering::SeqCst);
                    }
                    Err(e) => tracing::error!("final corpus recompute failed: {e}"),
                }
            }
        }
        *guard = None;
        drop(guard);
        self.set_status(WriterStatus::Stopped);
    }

    /// Recomputes the corpus tables if writes are pending: computed from a
    /// read-only handle (writes go on meanwhile), stored by the writer.
    fn recompute(&self, st: &AppState) {
        let target = self.requested.load(Ordering::SeqCst);
        if self.done.load(Ordering::SeqCst) >= target {
            return;
        }
        let data_dir = &st.config().data_dir;
        let corpus = SqliteStore::open_read_only(data_dir)
            .map_err(|e| e.to_string())
            .and_then(|ro| corpus_with_corrections(&ro, data_dir));
        let corpus = match corpus {
            Ok(c) => c,
            Err(e) => {
                tracing::error!("corpus recompute failed: {e}");
                return;
            }
        };
        let Ok(mut guard) = self.store.lock() else {
            return;
        };
        if let Some(store) = guard.as_mut() {
            match store.replace_corpus(&corpus) {
                Ok(()) => {
                    self.done.fetch_max(target, Ordering::SeqCst);
                }
                Err(e) => tracing::error!("storing the corpus tables failed: {e}"),
            }
        }
    }
}

async fn retry_lock(st: AppState, url: String) {
    loop {
        tokio::time::sleep(st.config().lock_retry).await;
        let w = st.writer();
        if w.stop.load(Ordering::SeqCst) {
            return;
        }
        let (st2, url2) = (st.clone(), url.clone());
        let res = tokio::task::spawn_blocking(move || st2.writer().try_take(&st2, &url2)).await;
        match res {
            Ok(Ok(true)) => {
                tracing::warn!(
                    "took the writer lock of {}: writes are enabled",
                    st.config().data_dir.display()
                );
                return;
            }
            Ok(Ok(false)) => {}
            Ok(Err(e)) => tracing::error!("cannot take the writer lock: {e}"),
            Err(e) => tracing::error!("lock retry failed: {e}"),
        }
    }
}

async fn corpus_task(st: AppState) {
    loop {
        st.writer().wake.notified().await;
        if st.writer().stop.load(Ordering::SeqCst) {
            return;
        }
        let st2 = st.clone();
        let _ = tokio::task::spawn_blocking(move || st2.writer().recompute(&st2)).await;
    }
}

/// One record of a POST body: its position and the document or why it
/// could not be read.
type Item = (usize, Result<RawDoc, String>);

/// Query parameters of `POST /api/articles`.
#[derive(Debug, Default)]
pub(crate) struct PostParams {
    pub source: Option<String>,
    pub id: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub no_clean: bool,
}

/// The body kinds the write endpoint accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyKind {
    Json,
    Ndjson,
    Html,
    Text,
}

impl BodyKind {
    /// From a `Content-Type` header value.
    pub(crate) fn from_content_type(ct: &str) -> Option<BodyKind> {
        let essence = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/json" => Some(BodyKind::Json),
            "application/x-ndjson"
            | "application/ndjson"
            | "application/jsonl"
            | "application/x-jsonlines"
            | "application/jsonlines" => Some(BodyKind::Ndjson),
            "text/html" | "application/xhtml+xml" => Some(BodyKind::Html),
            "text/plain" => Some(BodyKind::Text),
            _ => None,
        }
    }
}

fn opts(p: &PostParams, format: Option<FormatHint>) -> ReadOptions {
    ReadOptions {
        input_format: format,
        published: p.published.clone(),
        no_clean: p.no_clean,
        ..ReadOptions::default()
    }
}

fn first_doc(mut it: newsline_ingest::Inputs) -> Result<RawDoc, String> {
    match it.next() {
        Some(Ok(d)) => Ok(d),
        Some(Err(e)) => Err(e.message().to_string()),
        None => Err("no article in the record".to_string()),
    }
}

fn str_field(obj: &serde_json::Map<String, Value>, k: &str) -> Option<String> {
    match obj.get(k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// One JSON object (the JSONL input fields, plus optional `source`,
/// `record` and `crawl_date`) into a document.
fn object_doc(line: Vec<u8>, v: &Value, p: &PostParams, source: &str) -> Result<RawDoc, String> {
    let Some(obj) = v.as_object() else {
        return Err("record is not a JSON object".to_string());
    };
    let src = str_field(obj, "source").unwrap_or_else(|| source.to_string());
    let mut doc = first_doc(newsline_ingest::read_bytes(
        &src,
        line,
        &opts(p, Some(FormatHint::Jsonl)),
    ))?;
    doc.source = src;
    doc.record = str_field(obj, "record");
    doc.crawl_date = str_field(obj, "crawl_date");
    Ok(doc)
}

/// Reads a POST body into records. Whole-body problems (not JSON at all, no
/// records) are a 400; a bad record fails alone.
pub(crate) fn parse_body(
    kind: BodyKind,
    body: &[u8],
    p: &PostParams,
) -> Result<Vec<Item>, ApiError> {
    let source = p.source.clone().unwrap_or_else(|| "api".to_string());
    let mut items: Vec<Item> = Vec::new();
    match kind {
        BodyKind::Json => {
            let v: Value = serde_json::from_slice(body)
                .map_err(|e| ApiError::bad_request(format!("body is not valid JSON: {e}")))?;
            match v {
                Value::Array(elems) => {
                    for (i, e) in elems.into_iter().enumerate() {
                        let line = serde_json::to_vec(&e).unwrap_or_default();
                        items.push((i, object_doc(line, &e, p, &source)));
                    }
                }
                Value::Object(_) => items.push((0, object_doc(body.to_vec(), &v, p, &source))),
                _ => {
                    return Err(ApiError::bad_request(
                        "body must be a JSON object or an array of objects",
                    ))
                }
            }
        }
        BodyKind::Ndjson => {
            for (n, line) in body.split(|&b| b == b'\n').enumerate() {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let i = items.len();
                let doc = match serde_json::from_slice::<Value>(line) {
                    Ok(v) => object_doc(line.to_vec(), &v, p, &source),
                    Err(e) => Err(format!("line {}: invalid JSON: {e}", n + 1)),
                };
                items.push((i, doc));
            }
        }
        BodyKind::Html | BodyKind::Text => {
            let hint = if kind == BodyKind::Html {
                FormatHint::Html
            } else {
                FormatHint::Text
            };
            let doc = first_doc(newsline_ingest::read_bytes(
                &source,
                body.to_vec(),
                &opts(p, Some(hint)),
            ))
            .map(|mut d| {
                if p.id.is_some() {
                    d.record_id = p.id.clone();
                }
                d.url = p.url.clone().or(d.url);
                d.title = p.title.clone().or(d.title);
                d
            });
            items.push((0, doc));
        }
    }
    if items.is_empty() {
        return Err(ApiError::bad_request("the body holds no article"));
    }
    // Several records in one body: make each one's source name unique so
    // failures can be told apart, without letting the position change the
    // article id (the same record posted twice is the same article).
    if items.len() > 1 {
        for (i, doc) in items.iter_mut() {
            if let Ok(d) = doc {
                if d.record.is_none() {
                    let id = d.article_id().0;
                    d.record_id = Some(id);
                    d.record = Some(format!("item {}", *i + 1));
                }
            }
        }
    }
    Ok(items)
}

/// Ingests parsed records through the pipeline under the writer lock and
/// returns the response body and whether anything new was stored. Blocking.
pub(crate) fn ingest(st: &AppState, items: Vec<Item>) -> Result<(Value, bool), ApiError> {
    let w = st.writer();
    let mut guard = w
        .store
        .lock()
        .map_err(|_| ApiError::internal("writer lock poisoned"))?;
    let Some(store) = guard.as_mut() else {
        return Err(busy_error(&w.status()));
    };
    let mut index = SearchIndex::open(&st.config().data_dir)?;
    let mut docs = Vec::new();
    let mut keys = Vec::new();
    for (i, doc) in &items {
        if let Ok(d) = doc {
            keys.push((*i, d.article_id().0, newsline_pipeline::source_name(d)));
            docs.push(Ok::<RawDoc, IngestError>(d.clone()));
        }
    }
    let mut new: HashMap<String, bool> = HashMap::new();
    let mut failed: HashMap<String, String> = HashMap::new();
    let summary = Ingestor::new(store, &mut index)
        .recompute_corpus(false)
        .run(docs.into_iter(), &mut |o| match o {
            Outcome::New { id, .. } => {
                new.insert(id.clone(), false);
            }
            Outcome::Failed { source, message } => {
                failed.insert(source.clone(), message.clone());
            }
            Outcome::Unchanged { .. } | Outcome::Warning { .. } => {}
        })
        .map_err(|e| ApiError::internal(format!("ingest: {e}")))?;
    drop(index);
    drop(guard);
    let changed = summary.new > 0;
    if changed {
        w.requested.fetch_add(1, Ordering::SeqCst);
        w.wake.notify_one();
    }
    let mut by_index: HashMap<usize, (String, String)> = HashMap::new();
    for (i, id, src) in keys {
        by_index.insert(i, (id, src));
    }
    let mut results = Vec::new();
    let (mut n_new, mut n_same, mut n_failed) = (0usize, 0usize, 0usize);
    for (i, doc) in &items {
        let r = match (doc, by_index.get(i)) {
            (Err(msg), _) => {
                n_failed += 1;
                json!({"index": i, "status": "failed", "message": msg})
            }
            (Ok(_), Some((id, src))) => {
                if let Some(msg) = failed.get(src) {
                    n_failed += 1;
                    json!({"index": i, "id": id, "status": "failed", "message": msg})
                } else if new
                    .get_mut(id)
                    .is_some_and(|claimed| !std::mem::replace(claimed, true))
                {
                    n_new += 1;
                    json!({"index": i, "id": id, "status": "ingested"})
                } else {
                    n_same += 1;
                    json!({"index": i, "id": id, "status": "unchanged"})
                }
            }
            (Ok(_), None) => {
                n_failed += 1;
                json!({"index": i, "status": "failed", "message": "not processed"})
            }
        };
        results.push(r);
    }
    let corpus = if w.corpus_pending() {
        "pending"
    } else {
        "current"
    };
    Ok((
        json!({
            "ingested": n_new,
            "unchanged": n_same,
            "failed": n_failed,
            "corpus": corpus,
            "results": results,
        }),
        changed,
    ))
}

/// The 503 answered while this server cannot write.
pub(crate) fn busy_error(status: &WriterStatus) -> ApiError {
    use axum::http::StatusCode;
    let msg = match status {
        WriterStatus::Busy(holder) => format!(
            "the data directory is locked by {holder}; this server serves it read-only and \
             accepts writes again once that process finishes"
        ),
        WriterStatus::ReadOnly => {
            "this server was started read-only and does not take the writer lock".to_string()
        }
        WriterStatus::NotStarted => "the writer is not started".to_string(),
        WriterStatus::Stopped => "the server is shutting down".to_string(),
        WriterStatus::Ready => "the writer is not available".to_string(),
    };
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "writer_busy", msg)
}

/// The corpus tables of `store`, with the user's registry corrections
/// (`corrections.toml` in the data directory) applied as `newsline rebuild`
/// applies them. A broken corrections file fails the recompute (and is
/// logged) rather than silently dropping the user's corrections.
fn corpus_with_corrections(
    store: &dyn newsline_store::Store,
    data_dir: &std::path::Path,
) -> Result<newsline_store::Corpus, String> {
    let corrections = newsline_entities::Corrections::load(data_dir).map_err(|e| e.to_string())?;
    let (corpus, warnings) =
        newsline_pipeline::compute_corpus_with(store, &corrections).map_err(|e| e.to_string())?;
    for w in warnings {
        tracing::warn!("{}: {w}", corrections.source());
    }
    Ok(corpus)
}
