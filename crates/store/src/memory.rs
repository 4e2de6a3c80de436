//! An in-memory [`Store`] for tests.

use std::collections::BTreeMap;

use newsline_model::{ArticleRecord, RawDoc};

use crate::error::{Result, StoreError};
use crate::{Corpus, Store};

/// A [`Store`] kept in memory; nothing survives the value.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    articles: BTreeMap<String, (RawDoc, ArticleRecord, Vec<u8>)>,
    corpus: Corpus,
    meta: BTreeMap<String, String>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Store for MemoryStore {
    fn has_article(&self, id: &str) -> Result<bool> {
        Ok(self.articles.contains_key(id))
    }

    fn put_article(
        &mut self,
        raw: &RawDoc,
        record: &ArticleRecord,
        fingerprint: &[u8],
    ) -> Result<bool> {
        if self.articles.contains_key(&record.id) {
            return Ok(false);
        }
        self.articles.insert(
            record.id.clone(),
            (raw.clone(), record.clone(), fingerprint.to_vec()),
        );
        Ok(true)
    }

    fn put_articles(&mut self, items: &[(RawDoc, ArticleRecord, Vec<u8>)]) -> Result<usize> {
        let mut n = 0;
        for (raw, rec, fp) in items {
            if self.put_article(raw, rec, fp)? {
                n += 1;
            }
        }
        Ok(n)
    }

    fn replace_record(&mut self, record: &ArticleRecord, fingerprint: &[u8]) -> Result<()> {
        match self.articles.get_mut(&record.id) {
            Some(entry) => {
                entry.1 = record.clone();
                entry.2 = fingerprint.to_vec();
                Ok(())
            }
            None => Err(StoreError::NotFound(format!("article {}", record.id))),
        }
    }

    fn article(&self, id: &str) -> Result<Option<ArticleRecord>> {
        Ok(self.articles.get(id).map(|e| e.1.clone()))
    }

    fn raw(&self, id: &str) -> Result<Option<RawDoc>> {
        Ok(self.articles.get(id).map(|e| e.0.clone()))
    }

    fn article_ids(&self) -> Result<Vec<String>> {
        Ok(self.articles.keys().cloned().collect())
    }

    fn for_each_article(&self, f: &mut dyn FnMut(ArticleRecord) -> Result<()>) -> Result<()> {
        for e in self.articles.values() {
            f(e.1.clone())?;
        }
        Ok(())
    }

    fn fingerprints(&self) -> Result<Vec<(String, Vec<u8>)>> {
        Ok(self
            .articles
            .iter()
            .map(|(k, e)| (k.clone(), e.2.clone()))
            .collect())
    }

    fn count_articles(&self) -> Result<usize> {
        Ok(self.articles.len())
    }

    fn replace_corpus(&mut self, c: &Corpus) -> Result<()> {
        self.corpus = c.clone();
        Ok(())
    }

    fn corpus(&self) -> Result<Corpus> {
        Ok(self.corpus.clone())
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.meta.insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self.meta.get(key).cloned())
    }
}
