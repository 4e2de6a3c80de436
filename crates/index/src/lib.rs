//! Full-text search over analysed articles with tantivy.
//!
//! The index lives in `<data dir>/index`. Words are stemmed (English), so
//! `meeting` also finds `meetings` and `meet`. All words must match by
//! default; queries accept tantivy's syntax (`"exact phrase"`, `a OR b`,
//! `-not`, `title:word`, `speakers:name`) and never fail on bad syntax: an
//! invalid query is repaired and parsed leniently instead.
#![deny(missing_docs)]

mod error;
mod facets;
mod index;
mod query;

pub use error::{IndexError, Result};
pub use index::SearchIndex;
pub use query::{Facets, Hit, SearchQuery, SearchResults};
