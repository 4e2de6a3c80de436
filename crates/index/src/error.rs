use std::path::PathBuf;

/// Result alias for index operations.
pub type Result<T> = std::result::Result<T, IndexError>;

/// Everything that can go wrong with the search index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// Another process is writing the index.
    #[error("search index {} is being written by another process", .0.display())]
    Locked(PathBuf),
    /// There is no index yet (read-only open).
    #[error("no search index in {} (nothing indexed yet?)", .0.display())]
    NotFound(PathBuf),
    /// The index on disk was built with a different layout.
    #[error("search index {} has an incompatible layout; delete it and reindex", .0.display())]
    Incompatible(PathBuf),
    /// A write through a read-only handle.
    #[error("search index {} was opened read-only", .0.display())]
    ReadOnly(PathBuf),
    /// A `since`/`until` filter that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("invalid date filter {0:?}: use YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate(String),
    /// A file-system error.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A tantivy error.
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}
