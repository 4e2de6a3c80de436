//! Wires the newsline stages together.
//!
//! * [`analyze`]: one raw document in, one [`ArticleRecord`] out. Pure and
//!   stateless; runs in parallel under rayon.
//! * [`Ingestor`]: analyses a stream of documents into a [`Store`] and a
//!   [`SearchIndex`], batch by batch, idempotently, and can be interrupted
//!   between batches.
//! * [`compute_corpus`]: recomputes the corpus-level results (entity
//!   registry, duplicate groups, merged events, storylines) from the stored
//!   articles. It reads articles in id order, so the result does not depend
//!   on the order they arrived in.
#![deny(missing_docs)]

mod corpus;
mod ingest;

use newsline_model::{ArticleRecord, RawDoc, SCHEMA_VERSION};

pub use corpus::{compute_corpus, compute_corpus_with, load_records};
pub use ingest::{IngestSummary, Ingestor, Outcome};
pub use newsline_dedup::{DedupConfig, Fingerprint};
pub use newsline_timex::parse_given;

/// The pipeline's error type.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The clean stage found no article in the document.
    #[error("{source_name}: {error}")]
    Clean {
        /// File or URL (and record) of the document.
        source_name: String,
        /// What went wrong.
        error: newsline_clean::CleanError,
    },
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] newsline_store::StoreError),
    /// The search index failed.
    #[error(transparent)]
    Index(#[from] newsline_index::IndexError),
    /// A stored fingerprint could not be decoded.
    #[error("corrupt fingerprint for article {0}")]
    Fingerprint(String),
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, PipelineError>;

/// Human-readable name of where a raw document came from: `path` or `path (record)`.
pub fn source_name(raw: &RawDoc) -> String {
    match &raw.record {
        Some(r) => format!("{} ({})", raw.source, r),
        None => raw.source.clone(),
    }
}

/// Analyses one raw document: clean, date, time expressions, entities,
/// quotes and events. The returned record uses code-point offsets.
pub fn analyze(raw: &RawDoc) -> Result<ArticleRecord> {
    let clean = newsline_clean::clean(raw).map_err(|error| PipelineError::Clean {
        source_name: source_name(raw),
        error,
    })?;
    let published = newsline_timex::publication_date(
        raw.published.as_deref(),
        &clean,
        raw.crawl_date.as_deref(),
    );
    let text = &clean.text;
    let times = newsline_timex::tag(text, &published);
    let ents = newsline_entities::analyze(text, &clean.paragraphs, published.value.as_deref());
    let quotes = newsline_quotes::extract(text, &clean.paragraphs, &ents, &times, &published);
    let entities = ents.into_entities();
    let events =
        newsline_story::extract_events(text, &clean.paragraphs, &entities, &times, &published);
    let record = ArticleRecord {
        schema_version: SCHEMA_VERSION,
        id: raw.article_id().0,
        source: raw.source.clone(),
        record: raw.record.clone(),
        url: raw.url.clone().or(clean.canonical_url.clone()),
        title: clean.title.clone().or(raw.title.clone()),
        subtitle: clean.subtitle.clone(),
        authors: clean.authors.clone(),
        site_name: clean.site_name.clone(),
        published,
        dateline: clean.dateline.clone(),
        language: clean.language.clone().unwrap_or_else(|| "und".to_string()),
        paragraphs: clean.paragraphs.clone(),
        removed: clean.removed,
        entities,
        quotes,
        times,
        events,
        text: clean.text,
    };
    Ok(record.into_char_offsets())
}

/// Analyses and fingerprints one document for storage.
pub fn analyze_for_store(raw: &RawDoc, cfg: &DedupConfig) -> Result<(ArticleRecord, Vec<u8>)> {
    let record = analyze(raw)?;
    let fp = newsline_dedup::fingerprint(&record.text, cfg);
    Ok((record, encode_fingerprint(&fp)))
}

/// Serialises a fingerprint for the store.
pub fn encode_fingerprint(fp: &Fingerprint) -> Vec<u8> {
    serde_json::to_vec(fp).unwrap_or_default()
}

/// Reads a fingerprint written by [`encode_fingerprint`].
pub fn decode_fingerprint(id: &str, bytes: &[u8]) -> Result<Fingerprint> {
    serde_json::from_slice(bytes).map_err(|_| PipelineError::Fingerprint(id.to_string()))
}

/// Analyses many documents in parallel, keeping their order.
pub fn analyze_many(raws: &[RawDoc]) -> Vec<Result<ArticleRecord>> {
    use rayon::prelude::*;
    raws.par_iter().map(analyze).collect()
}
