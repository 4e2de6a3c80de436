use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use newsline_index::{IndexError, SearchIndex};
use newsline_store::{Corpus, MemoryStore, SqliteStore, Store, StoreError};

use crate::api::QuoteRow;
use crate::error::{ApiError, ServerError};
use crate::write::{Writer, WriterStatus};
use crate::ServerConfig;

/// Shared state of the server: its configuration and the data directory.
///
/// The store and the search index are opened read-only per request (cheap:
/// an SQLite connection in WAL mode and a tantivy reader), so data written
/// by a concurrent `newsline ingest` is visible without restarting. A data
/// directory with no database yet reads as an empty corpus.
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    cfg: ServerConfig,
    /// The corpus tables, kept while the database files are unchanged.
    corpus: Slot<Corpus>,
    /// Every quote of the corpus with its context, likewise.
    quotes: Slot<Vec<QuoteRow>>,
    /// The single writer (lock, ingestion, corpus recompute).
    writer: Writer,
}

type Slot<T> = Mutex<Option<(CacheKey, Arc<T>)>>;

/// Size and modification time of the database file and its WAL.
type CacheKey = [(u64, Option<SystemTime>); 2];

impl AppState {
    /// State for `cfg`. Fails when the configuration is unusable (the data
    /// directory exists but is not a directory, zero page size).
    pub fn new(cfg: ServerConfig) -> Result<Self, ServerError> {
        if cfg.data_dir.exists() && !cfg.data_dir.is_dir() {
            return Err(ServerError::DataDir {
                path: cfg.data_dir.clone(),
                message: "not a directory".into(),
            });
        }
        if cfg.max_page_size == 0 {
            return Err(ServerError::Config(
                "max_page_size must be at least 1".into(),
            ));
        }
        if let Some(t) = &cfg.token {
            if t.trim().is_empty() {
                return Err(ServerError::Config(
                    "the write token must not be empty".into(),
                ));
            }
        }
        if !cfg.data_dir.exists() {
            tracing::warn!(
                "data directory {} does not exist yet: serving an empty corpus",
                cfg.data_dir.display()
            );
        }
        Ok(AppState {
            inner: Arc::new(Inner {
                cfg,
                corpus: Mutex::new(None),
                quotes: Mutex::new(None),
                writer: Writer::default(),
            }),
        })
    }

    /// Takes the data directory's writer lock for this server, naming it
    /// `newsline serve` at `url` in the lock file, and starts the background
    /// corpus recompute. When another process holds the lock the server
    /// stays read-only (writes answer 503 `writer_busy`) and retries every
    /// [`ServerConfig::lock_retry`]. Does nothing for a read-only server.
    /// Must be called inside a tokio runtime. [`crate::serve_on`] calls it.
    pub fn start_writer(&self, url: &str) -> Result<(), ServerError> {
        Writer::start(self, url)
    }

    /// True when this server holds the writer lock and accepts writes.
    pub fn writes_ready(&self) -> bool {
        self.inner.writer.status() == WriterStatus::Ready
    }

    /// Finishes a pending corpus recompute and releases the writer lock.
    /// Blocking; [`crate::serve_on`] calls it after the last request.
    pub fn shutdown_writer(&self) {
        self.inner.writer.shutdown(&self.inner.cfg.data_dir);
    }

    pub(crate) fn writer(&self) -> &Writer {
        &self.inner.writer
    }

    /// The configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.inner.cfg
    }

    /// Opens the store read-only; an absent database reads as empty.
    pub(crate) fn open_store(&self) -> Result<Box<dyn Store>, ApiError> {
        match SqliteStore::open_read_only(&self.inner.cfg.data_dir) {
            Ok(s) => Ok(Box::new(s)),
            Err(StoreError::NotFound(_)) => Ok(Box::new(MemoryStore::default())),
            Err(e) => Err(e.into()),
        }
    }

    /// The corpus tables of `store`, cached until the database changes.
    pub(crate) fn corpus(&self, store: &dyn Store) -> Result<Arc<Corpus>, ApiError> {
        Self::cached(self.cache_key(), &self.inner.corpus, || Ok(store.corpus()?))
    }

    /// All quotes with their context, cached until the database changes.
    pub(crate) fn quotes(
        &self,
        store: &dyn Store,
        corpus: &Corpus,
    ) -> Result<Arc<Vec<QuoteRow>>, ApiError> {
        Self::cached(self.cache_key(), &self.inner.quotes, || {
            crate::api::build_quote_rows(store, corpus)
        })
    }

    /// The slot's value when it was built under `key`, else a fresh one. The
    /// key is taken before reading, so a change racing the build only makes
    /// the next request rebuild.
    fn cached<T>(
        key: Option<CacheKey>,
        slot: &Slot<T>,
        build: impl FnOnce() -> Result<T, ApiError>,
    ) -> Result<Arc<T>, ApiError> {
        if let (Some(key), Ok(guard)) = (key, slot.lock()) {
            if let Some((k, v)) = guard.as_ref() {
                if *k == key {
                    return Ok(v.clone());
                }
            }
        }
        let value = Arc::new(build()?);
        if let (Some(key), Ok(mut guard)) = (key, slot.lock()) {
            *guard = Some((key, value.clone()));
        }
        Ok(value)
    }

    fn cache_key(&self) -> Option<CacheKey> {
        let db = self.inner.cfg.data_dir.join("newsline.sqlite");
        let wal = self.inner.cfg.data_dir.join("newsline.sqlite-wal");
        let stat = |p: &std::path::Path| {
            std::fs::metadata(p)
                .map(|m| (m.len(), m.modified().ok()))
                .unwrap_or((0, None))
        };
        let main = std::fs::metadata(&db).ok()?;
        Some([(main.len(), main.modified().ok()), stat(&wal)])
    }

    /// Opens the search index read-only; `None` when there is none yet.
    pub(crate) fn open_index(&self) -> Result<Option<SearchIndex>, ApiError> {
        match SearchIndex::open_read_only(&self.inner.cfg.data_dir) {
            Ok(ix) => Ok(Some(ix)),
            Err(IndexError::NotFound(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

/// Runs blocking store/index work off the async executor.
pub(crate) async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
}
