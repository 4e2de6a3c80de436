use std::path::PathBuf;

/// Result alias for store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process holds the data directory's write lock.
    #[error("data directory {} is locked by {holder}", dir.display())]
    Locked {
        /// The data directory.
        dir: PathBuf,
        /// Who holds it: `pid 1234 (newsline ingest, started 2026-11-24T23:59:00Z)`.
        holder: String,
        /// When the holder is a server: the URL where it accepts writes.
        url: Option<String>,
    },
    /// The data directory has no database (read-only open), or an article is missing.
    #[error("not found: {0}")]
    NotFound(String),
    /// The database was written by a newer newsline.
    #[error("database {} has schema version {found}, newer than the {supported} this newsline supports; upgrade newsline", path.display())]
    SchemaTooNew {
        /// The database file.
        path: PathBuf,
        /// Version found in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// A read-only handle met a database that needs migrating first.
    #[error("database {} has schema version {found} but {supported} is needed; open it for writing once (e.g. `newsline ingest`) to migrate it", path.display())]
    SchemaOutdated {
        /// The database file.
        path: PathBuf,
        /// Version found in the file.
        found: i64,
        /// Version this build needs.
        supported: i64,
    },
    /// A write was attempted through a read-only handle.
    #[error("data directory {} was opened read-only", .0.display())]
    ReadOnly(PathBuf),
    /// An SQLite error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A file-system error.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A stored JSON value could not be read or written.
    #[error("bad stored JSON ({context}): {source}")]
    Json {
        /// Which value.
        context: String,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// Any other failure (e.g. raised by a `for_each_article` callback).
    #[error("{0}")]
    Other(String),
}

impl StoreError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        StoreError::Io {
            context: context.into(),
            source,
        }
    }

    pub(crate) fn json(context: impl Into<String>, source: serde_json::Error) -> Self {
        StoreError::Json {
            context: context.into(),
            source,
        }
    }
}
