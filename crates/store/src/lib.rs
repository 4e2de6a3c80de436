//! Storage for newsline: raw inputs, analysed articles and corpus tables.
//!
//! [`Store`] is the storage contract. [`SqliteStore`] keeps everything in
//! `<data dir>/newsline.sqlite` (WAL mode) and guards the directory with an
//! exclusive lock file so only one writer runs at a time, while any number of
//! read-only handles may read concurrently. [`MemoryStore`] implements the
//! same contract in memory for tests.
#![deny(missing_docs)]

mod error;
mod lock;
mod memory;
mod schema;
mod sqlite;

use std::path::{Path, PathBuf};

use newsline_model::{ArticleRecord, CorpusEntity, CorpusEvent, DupGroup, RawDoc, Storyline};
use serde::{Deserialize, Serialize};

pub use error::{Result, StoreError};
pub use memory::MemoryStore;
pub use sqlite::SqliteStore;

/// Corpus-level results, replaced as a whole after each corpus build.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Corpus {
    /// Corpus entities.
    pub entities: Vec<CorpusEntity>,
    /// `(article id, local entity id, corpus entity id)` links.
    pub entity_links: Vec<(String, String, String)>,
    /// Events merged across articles.
    pub events: Vec<CorpusEvent>,
    /// Storylines.
    pub storylines: Vec<Storyline>,
    /// Duplicate groups.
    pub dup_groups: Vec<DupGroup>,
}

/// The storage contract (SQLite now; another database could implement it later).
pub trait Store {
    /// True when an article with this id is stored.
    fn has_article(&self, id: &str) -> Result<bool>;

    /// Inserts the raw input and its analysed record atomically (one
    /// transaction: a kill mid-ingest leaves either both or neither).
    /// The article id is `record.id`. Returns `false`, changing nothing, when
    /// the id already exists.
    fn put_article(
        &mut self,
        raw: &RawDoc,
        record: &ArticleRecord,
        fingerprint: &[u8],
    ) -> Result<bool>;

    /// Batch version of [`Store::put_article`], in one transaction. Returns how
    /// many articles were new.
    fn put_articles(&mut self, items: &[(RawDoc, ArticleRecord, Vec<u8>)]) -> Result<usize>;

    /// Replaces the analysed record of an existing article (reprocessing keeps
    /// the id and the raw input). Fails with [`StoreError::NotFound`] when
    /// the article is not stored.
    fn replace_record(&mut self, record: &ArticleRecord, fingerprint: &[u8]) -> Result<()>;

    /// The analysed record of an article.
    fn article(&self, id: &str) -> Result<Option<ArticleRecord>>;

    /// The raw input of an article.
    fn raw(&self, id: &str) -> Result<Option<RawDoc>>;

    /// All article ids, sorted.
    fn article_ids(&self) -> Result<Vec<String>>;

    /// Calls `f` on every article in id order, one at a time (streaming).
    /// Stops at the first error `f` returns and returns it.
    fn for_each_article(&self, f: &mut dyn FnMut(ArticleRecord) -> Result<()>) -> Result<()>;

    /// `(article id, fingerprint)` for every article, in id order.
    fn fingerprints(&self) -> Result<Vec<(String, Vec<u8>)>>;

    /// Number of stored articles.
    fn count_articles(&self) -> Result<usize>;

    /// Replaces all corpus-level tables in one transaction.
    fn replace_corpus(&mut self, c: &Corpus) -> Result<()>;

    /// The stored corpus-level tables (empty before the first build).
    fn corpus(&self) -> Result<Corpus>;

    /// Sets a metadata value.
    fn set_meta(&mut self, key: &str, value: &str) -> Result<()>;

    /// A metadata value.
    fn meta(&self, key: &str) -> Result<Option<String>>;
}

/// Environment variable naming the data directory.
pub const DATA_ENV: &str = "NEWSLINE_DATA";

/// The data directory: `explicit` (`--data`), else `$NEWSLINE_DATA`, else
/// `./newsline-data`.
pub fn data_dir(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    match std::env::var_os(DATA_ENV) {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => PathBuf::from("newsline-data"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_data_dir_wins() {
        assert_eq!(data_dir(Some(Path::new("/x/y"))), PathBuf::from("/x/y"));
    }
}
