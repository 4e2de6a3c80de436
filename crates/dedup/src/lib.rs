//! Finds exact and near-duplicate articles with hashing and MinHash LSH.
//!
//! ```
//! use newsline_dedup::{fingerprint, DedupConfig, DedupIndex};
//! let cfg = DedupConfig::default();
//! let mut index = DedupIndex::new(cfg.clone());
//! let a = "The council met on Monday to discuss the new harbour bridge and its cost to the city.";
//! let b = "LONDON (Reuters) - The council met on Monday to discuss the new harbour bridge and its cost to the city.";
//! assert!(index.insert("a", Some("2021-06-01"), a.len(), &fingerprint(a, &cfg)).is_empty());
//! let hits = index.insert("b", Some("2021-06-02"), b.len(), &fingerprint(b, &cfg));
//! assert_eq!(hits[0].0, "a");
//! assert_eq!(index.groups()[0].canonical, "a");
//! ```
#![deny(missing_docs)]

mod fingerprint;
mod index;

pub use fingerprint::{fingerprint, normalize, DedupConfig, Fingerprint};
pub use index::DedupIndex;

/// Errors of the dedup stage.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DedupError {
    /// The configuration cannot work (e.g. `bands * rows > num_perm`).
    #[error("invalid dedup configuration: {0}")]
    InvalidConfig(String),
}
