use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use newsline_index::{SearchIndex, SearchQuery};
use newsline_ingest::IngestError;
use newsline_model::{ArticleRecord, RawDoc};
use newsline_store::Store;
use rayon::prelude::*;

use crate::{analyze_for_store, compute_corpus_with, source_name, DedupConfig, Result};

/// What happened to one input record.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Stored as a new article.
    New {
        /// Article id.
        id: String,
        /// Where it came from.
        source: String,
    },
    /// Already in the store with this id; nothing changed.
    Unchanged {
        /// Article id.
        id: String,
    },
    /// Could not be read or analysed; the run goes on.
    Failed {
        /// File (and record) that failed.
        source: String,
        /// Why.
        message: String,
    },
    /// Read with a problem that did not stop it.
    Warning {
        /// File (and record).
        source: String,
        /// What was wrong.
        message: String,
    },
}

/// Counts printed at the end of an ingest.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct IngestSummary {
    /// Records read (including failed ones).
    pub read: usize,
    /// New articles stored.
    pub new: usize,
    /// Records already in the store.
    pub unchanged: usize,
    /// New articles that are exact or near copies of another article.
    pub duplicates: usize,
    /// Records that failed.
    pub failed: usize,
    /// Records read with warnings.
    pub warnings: usize,
    /// True when the run was interrupted before the end of its input.
    pub interrupted: bool,
}

/// Analyses a stream of raw documents into a store and a search index.
pub struct Ingestor<'a> {
    store: &'a mut dyn Store,
    index: &'a mut SearchIndex,
    cfg: DedupConfig,
    batch: usize,
    stop: Arc<AtomicBool>,
    corpus: bool,
    corrections: newsline_entities::Corrections,
}

impl<'a> Ingestor<'a> {
    /// An ingestor writing into `store` and `index`.
    pub fn new(store: &'a mut dyn Store, index: &'a mut SearchIndex) -> Self {
        Ingestor {
            store,
            index,
            cfg: DedupConfig::default(),
            batch: 64,
            stop: Arc::new(AtomicBool::new(false)),
            corpus: true,
            corrections: Default::default(),
        }
    }

    /// Whether [`Ingestor::run`] recomputes the corpus tables at the end
    /// (default `true`). A server turns it off and recomputes them in the
    /// background, once for several writes; `duplicates` then stays 0.
    pub fn recompute_corpus(mut self, yes: bool) -> Self {
        self.corpus = yes;
        self
    }

    /// The user's registry corrections, applied when the corpus tables are recomputed.
    pub fn corrections(mut self, c: newsline_entities::Corrections) -> Self {
        self.corrections = c;
        self
    }

    /// Documents analysed and committed together (default 64).
    pub fn batch_size(mut self, n: usize) -> Self {
        self.batch = n.max(1);
        self
    }

    /// A flag that, once set, stops the run after the current batch.
    pub fn stop_flag(mut self, flag: Arc<AtomicBool>) -> Self {
        self.stop = flag;
        self
    }

    /// Makes the search index agree with the store (the index is a cache of
    /// the store: after a crash it may lag behind, and is then rebuilt).
    pub fn sync_index(&mut self) -> Result<bool> {
        let stored = self.store.count_articles()?;
        let indexed = self
            .index
            .search(&SearchQuery {
                text: String::new(),
                limit: 0,
                ..SearchQuery::default()
            })?
            .total;
        if stored == indexed {
            return Ok(false);
        }
        let index = &mut *self.index;
        let mut err = None;
        self.store.for_each_article(&mut |rec: ArticleRecord| {
            if let Err(e) = index.upsert(&rec) {
                err = Some(e);
            }
            Ok(())
        })?;
        if let Some(e) = err {
            return Err(e.into());
        }
        self.index.commit()?;
        Ok(true)
    }

    /// Reads every document, stores new ones, then recomputes the corpus
    /// tables (unless turned off with [`Ingestor::recompute_corpus`]).
    /// `on_outcome` sees every record as it is decided.
    pub fn run<I>(&mut self, docs: I, on_outcome: &mut dyn FnMut(&Outcome)) -> Result<IngestSummary>
    where
        I: Iterator<Item = std::result::Result<RawDoc, IngestError>>,
    {
        self.sync_index()?;
        let mut summary = IngestSummary::default();
        let mut new_ids = Vec::new();
        let mut pending: Vec<RawDoc> = Vec::with_capacity(self.batch);
        let mut docs = docs.peekable();
        loop {
            if self.stop.load(Ordering::SeqCst) {
                summary.interrupted = docs.peek().is_some() || !pending.is_empty();
                break;
            }
            match docs.next() {
                Some(Ok(raw)) => {
                    summary.read += 1;
                    if !raw.warnings.is_empty() {
                        summary.warnings += 1;
                        for w in &raw.warnings {
                            on_outcome(&Outcome::Warning {
                                source: source_name(&raw),
                                message: w.clone(),
                            });
                        }
                    }
                    pending.push(raw);
                    if pending.len() >= self.batch {
                        self.flush(&mut pending, &mut summary, &mut new_ids, on_outcome)?;
                    }
                }
                Some(Err(e)) => {
                    summary.read += 1;
                    summary.failed += 1;
                    on_outcome(&Outcome::Failed {
                        source: e.source_name(),
                        message: e.to_string(),
                    });
                }
                None => break,
            }
        }
        if !self.stop.load(Ordering::SeqCst) {
            self.flush(&mut pending, &mut summary, &mut new_ids, on_outcome)?;
        }
        self.index.commit()?;
        if !self.corpus {
            return Ok(summary);
        }
        let (corpus, warnings) = compute_corpus_with(&*self.store, &self.corrections)?;
        for message in warnings {
            on_outcome(&Outcome::Warning {
                source: self.corrections.source(),
                message,
            });
        }
        let new: HashSet<&str> = new_ids.iter().map(String::as_str).collect();
        summary.duplicates = corpus
            .dup_groups
            .iter()
            .flat_map(|g| g.members.iter())
            .filter(|m| new.contains(m.article.as_str()))
            .count();
        self.store.replace_corpus(&corpus)?;
        Ok(summary)
    }

    fn flush(
        &mut self,
        pending: &mut Vec<RawDoc>,
        summary: &mut IngestSummary,
        new_ids: &mut Vec<String>,
        on_outcome: &mut dyn FnMut(&Outcome),
    ) -> Result<()> {
        if pending.is_empty() {
            return Ok(());
        }
        let mut seen = HashSet::new();
        let mut todo = Vec::new();
        for raw in pending.drain(..) {
            let id = raw.article_id().0;
            if !seen.insert(id.clone()) || self.store.has_article(&id)? {
                summary.unchanged += 1;
                on_outcome(&Outcome::Unchanged { id });
            } else {
                todo.push(raw);
            }
        }
        let cfg = &self.cfg;
        let analysed: Vec<_> = todo
            .into_par_iter()
            .map(|raw| {
                let res = analyze_for_store(&raw, cfg);
                (raw, res)
            })
            .collect();
        let mut items = Vec::with_capacity(analysed.len());
        for (raw, res) in analysed {
            match res {
                Ok((record, fp)) => items.push((raw, record, fp)),
                Err(e) => {
                    summary.failed += 1;
                    on_outcome(&Outcome::Failed {
                        source: source_name(&raw),
                        message: e.to_string(),
                    });
                }
            }
        }
        self.store.put_articles(&items)?;
        for (raw, record, _) in &items {
            self.index.upsert(record)?;
            summary.new += 1;
            new_ids.push(record.id.clone());
            on_outcome(&Outcome::New {
                id: record.id.clone(),
                source: source_name(raw),
            });
        }
        Ok(())
    }
}
