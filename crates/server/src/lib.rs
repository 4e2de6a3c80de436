//! HTTP JSON API and web UI over a newsline data directory.
//!
//! [`serve`] binds (by default to `127.0.0.1:8080`) and serves:
//!
//! * a read-only JSON API under `/api/` (contract: `/api/openapi.json`,
//!   the file `assets/openapi.json` of this crate). Records are served with
//!   the same JSON shapes the CLI prints: spans are Unicode **code-point**
//!   offsets into the article's clean text;
//! * a small web UI (plain JavaScript, embedded in the binary, no network
//!   access) on `/`, `/search`, `/articles/{id}`, `/entities/{id}`,
//!   `/storylines/{id}` and `/timeline`.
//!
//! The store and the search index are opened **read-only** for each request,
//! so reads run concurrently with each other and with the writer.
//!
//! One writer: [`serve_on`] takes the data directory's writer lock for as
//! long as the server runs (the lock file names `newsline serve` and its
//! URL, so a plain `newsline ingest` on the directory is told to use
//! `newsline ingest --server URL`). When another process holds the lock at
//! start (an ingest is running) the server serves read-only, writes answer
//! 503 `writer_busy`, and it retries taking the lock every
//! [`ServerConfig::lock_retry`]. [`ServerConfig::read_only`] never takes it.
//! Shutdown finishes pending work and releases the lock.
//!
//! Writes: `POST /api/articles` is disabled (403 `writes_disabled`) unless a
//! token is configured; with `Authorization: Bearer <token>` it ingests JSON
//! (one object or an array, the JSONL input fields), JSON Lines, HTML or
//! text through the same pipeline as `newsline ingest`, serialised by one
//! writer. The article is readable and searchable as soon as the response is
//! sent; the corpus tables (entities, duplicates, events, storylines) are
//! recomputed in the background, once for any number of writes that arrive
//! meanwhile (`corpus: "pending"` in the response and in `/api/health`).
//!
//! Errors are JSON objects `{"code": ..., "message": ...}` with stable codes:
//! `not_found`, `bad_request`, `unauthorized`, `writes_disabled`,
//! `writer_busy`, `unsupported_media_type`, `method_not_allowed`,
//! `payload_too_large`, `internal`.
//!
//! The store and index are read through their crates' read-only handles;
//! the corpus tables and a quote table are cached in memory and rebuilt when
//! the database file or its WAL changes (size or modification time).
#![deny(missing_docs)]

mod api;
mod error;
mod state;
mod ui;
mod util;
mod write;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::{HeaderValue, Method};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;

pub use error::ServerError;
pub use state::AppState;

/// Default page size when a request gives none.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// Server settings.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to bind (default `127.0.0.1:8080`: local only).
    pub addr: SocketAddr,
    /// The newsline data directory (store and index).
    pub data_dir: PathBuf,
    /// Bearer token enabling the write endpoint; `None` disables writes.
    pub token: Option<String>,
    /// Origin allowed by CORS (`*` for any); `None` sends no CORS headers.
    pub cors_origin: Option<String>,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Largest page size a client may ask for.
    pub max_page_size: usize,
    /// Never take the data directory's writer lock (writes are off, and
    /// `newsline ingest` may write the directory while the server runs).
    pub read_only: bool,
    /// How often to retry taking the writer lock while another process
    /// holds it.
    pub lock_retry: std::time::Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("newsline-data"),
            token: None,
            cors_origin: None,
            max_body_bytes: 1 << 20,
            max_page_size: 100,
            read_only: false,
            lock_retry: std::time::Duration::from_secs(2),
        }
    }
}

/// The application's routes (API and UI) over `state`, with the body limit
/// and, when configured, CORS. Used by [`serve`] and by tests.
pub fn router(state: AppState) -> Router {
    let max_body = state.config().max_body_bytes;
    let cors = state.config().cors_origin.clone();
    let mut app = Router::new()
        .merge(api::routes())
        .merge(ui::routes())
        .fallback(ui::fallback)
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(axum::middleware::map_response(ui::security_headers))
        .with_state(state);
    if let Some(origin) = cors {
        let allow = if origin.trim() == "*" {
            Some(AllowOrigin::any())
        } else {
            HeaderValue::from_str(origin.trim())
                .ok()
                .map(AllowOrigin::exact)
        };
        if let Some(allow) = allow {
            app = app.layer(
                CorsLayer::new()
                    .allow_origin(allow)
                    .allow_methods([Method::GET, Method::POST])
                    .allow_headers([
                        axum::http::header::AUTHORIZATION,
                        axum::http::header::CONTENT_TYPE,
                    ]),
            );
        } else {
            tracing::warn!("ignoring invalid CORS origin {origin:?}");
        }
    }
    app
}

/// Binds `cfg.addr` and serves until `shutdown` completes, then finishes the
/// requests in flight (graceful shutdown).
pub async fn serve(
    cfg: ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let listener = tokio::net::TcpListener::bind(cfg.addr)
        .await
        .map_err(|source| ServerError::Bind {
            addr: cfg.addr,
            source,
        })?;
    serve_on(listener, cfg, shutdown).await
}

/// Like [`serve`], on an already bound listener (e.g. port 0 in tests; the
/// configured address is ignored). Takes the writer lock first (see
/// [`AppState::start_writer`]).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    cfg: ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let state = AppState::new(cfg)?;
    state.start_writer(&listen_url(&listener))?;
    serve_state(listener, state, shutdown).await
}

/// `http://ADDR` of a bound listener.
pub fn listen_url(listener: &tokio::net::TcpListener) -> String {
    match listener.local_addr() {
        Ok(addr) => format!("http://{addr}"),
        Err(_) => "http://(unknown address)".to_string(),
    }
}

/// Serves `state` on `listener` until `shutdown` completes, finishes the
/// requests in flight, then brings the corpus tables up to date and
/// releases the writer lock. The caller has called
/// [`AppState::start_writer`] (or wants a server that never writes).
pub async fn serve_state(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    tracing::info!("newsline server listening on {}", listen_url(&listener));
    let served = axum::serve(listener, router(state.clone()))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServerError::Serve);
    let _ = tokio::task::spawn_blocking(move || state.shutdown_writer()).await;
    served
}
