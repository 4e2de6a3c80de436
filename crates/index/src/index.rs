//! The tantivy index.

use std::collections::BTreeSet;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use newsline_model::ArticleRecord;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value,
    FAST, INDEXED, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, TantivyError, Term,
};

use crate::error::{IndexError, Result};
use crate::query::{date_key, filter_key, lead, Facets, Hit, SearchQuery, SearchResults};

/// Writer heap.
const WRITER_HEAP: usize = 50_000_000;
/// Most hits returned by one search.
const MAX_LIMIT: usize = 1000;
/// Facet values returned per facet.
const MAX_FACET_VALUES: usize = 50;
/// Snippet length in characters.
const SNIPPET_CHARS: usize = 220;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    text: Field,
    published: Field,
    day: Field,
    source: Field,
    site: Field,
    entities: Field,
    speakers: Field,
    facets: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stemmed = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", stemmed.clone()),
        text: b.add_text_field("text", stemmed.clone()),
        published: b.add_text_field("published", STRING | STORED),
        day: b.add_u64_field("day", INDEXED | FAST),
        source: b.add_text_field("source", STRING | STORED),
        site: b.add_text_field("site", STRING | STORED),
        entities: b.add_text_field("entities", STRING),
        speakers: b.add_text_field(
            "speakers",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("default")
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        ),
        facets: b.add_facet_field("facets", FacetOptions::default()),
    };
    (b.build(), fields)
}

/// The site an article came from: its site name, else the host of its URL or source.
fn site_of(rec: &ArticleRecord) -> String {
    if let Some(s) = rec
        .site_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        return s.to_string();
    }
    let host = |u: &str| -> Option<String> {
        let rest = u.split_once("://")?.1;
        let host = rest.split(['/', '?', '#']).next()?;
        let host = host.rsplit('@').next()?.split(':').next()?;
        let host = host.strip_prefix("www.").unwrap_or(host);
        (!host.is_empty()).then(|| host.to_lowercase())
    };
    rec.url
        .as_deref()
        .and_then(host)
        .or_else(|| host(&rec.source))
        .unwrap_or_else(|| "unknown".to_string())
}

fn facet_step(s: &str) -> String {
    s.replace('\0', " ")
}

fn has_terms(q: &dyn Query) -> bool {
    let mut n = 0usize;
    q.query_terms(&mut |_, _| n += 1);
    n > 0
}

/// Removes leading/trailing boolean operators and drops `field:` prefixes
/// naming fields that do not exist.
fn tidy_query(text: &str, is_field: impl Fn(&str) -> bool) -> String {
    let mut toks: Vec<String> = text
        .split_whitespace()
        .map(|t| match t.split_once(':') {
            Some((f, rest))
                if f.starts_with(|c: char| c.is_ascii_alphabetic())
                    && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !is_field(f) =>
            {
                rest.to_string()
            }
            _ => t.to_string(),
        })
        .collect();
    let is_op = |t: &str| matches!(t, "AND" | "OR" | "NOT" | "&&" | "||" | "+" | "-" | "!");
    while toks.last().is_some_and(|t| is_op(t)) {
        toks.pop();
    }
    while toks
        .first()
        .is_some_and(|t| matches!(t.as_str(), "AND" | "OR" | "&&" | "||"))
    {
        toks.remove(0);
    }
    toks.join(" ")
}

/// Only the words of a query: every syntax character becomes a space and
/// boolean operators are dropped.
fn plain_words(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced
        .split_whitespace()
        .filter(|w| !matches!(*w, "AND" | "OR" | "NOT" | "IN" | "TO"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Full-text index of articles in `<data dir>/index`.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    writer: Option<IndexWriter<TantivyDocument>>,
    f: Fields,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .field("writable", &self.writer.is_some())
            .finish()
    }
}

fn map_open_err(dir: &Path, e: TantivyError) -> IndexError {
    match e {
        TantivyError::LockFailure(LockError::LockBusy, _) => IndexError::Locked(dir.to_path_buf()),
        TantivyError::SchemaError(_) => IndexError::Incompatible(dir.to_path_buf()),
        e => IndexError::Tantivy(e),
    }
}

impl SearchIndex {
    /// Opens `<data_dir>/index` for writing, creating it if missing.
    pub fn open(data_dir: &Path) -> Result<Self> {
        let dir = data_dir.join("index");
        std::fs::create_dir_all(&dir).map_err(|source| IndexError::Io {
            context: format!("cannot create {}", dir.display()),
            source,
        })?;
        let (schema, f) = schema();
        let index = if dir.join("meta.json").is_file() {
            Index::open_in_dir(&dir).map_err(|e| map_open_err(&dir, e))?
        } else {
            Index::create_in_dir(&dir, schema.clone()).map_err(|e| map_open_err(&dir, e))?
        };
        if index.schema() != schema {
            return Err(IndexError::Incompatible(dir));
        }
        let writer = index
            .writer(WRITER_HEAP)
            .map_err(|e| map_open_err(&dir, e))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            dir,
            index,
            reader,
            writer: Some(writer),
            f,
        })
    }

    /// Opens an existing `<data_dir>/index` for searching only; it sees new
    /// commits of a concurrent writer shortly after they happen.
    pub fn open_read_only(data_dir: &Path) -> Result<Self> {
        let dir = data_dir.join("index");
        if !dir.join("meta.json").is_file() {
            return Err(IndexError::NotFound(dir));
        }
        let (schema, f) = schema();
        let index = Index::open_in_dir(&dir).map_err(|e| map_open_err(&dir, e))?;
        if index.schema() != schema {
            return Err(IndexError::Incompatible(dir));
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(SearchIndex {
            dir,
            index,
            reader,
            writer: None,
            f,
        })
    }

    /// The index directory (`<data dir>/index`).
    pub fn path(&self) -> &Path {
        &self.dir
    }

    fn writer(&mut self) -> Result<&mut IndexWriter<TantivyDocument>> {
        match self.writer.as_mut() {
            Some(w) => Ok(w),
            None => Err(IndexError::ReadOnly(self.dir.clone())),
        }
    }

    /// Adds or replaces (by id) one article. Visible after [`SearchIndex::commit`].
    pub fn upsert(&mut self, rec: &ArticleRecord) -> Result<()> {
        let f = self.f;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &rec.id);
        if let Some(t) = &rec.title {
            doc.add_text(f.title, t);
        }
        doc.add_text(f.text, &rec.text);
        if let Some(p) = &rec.published.value {
            doc.add_text(f.published, p);
            if let Some(day) = date_key(p, false) {
                doc.add_u64(f.day, day);
                let year = day / 10_000;
                doc.add_facet(
                    f.facets,
                    Facet::from_path(["year".to_string(), year.to_string()]),
                );
            }
        }
        doc.add_text(f.source, &rec.source);
        let site = site_of(rec);
        doc.add_facet(
            f.facets,
            Facet::from_path(["site".to_string(), facet_step(&site)]),
        );
        doc.add_text(f.site, &site);
        let mut names = BTreeSet::new();
        let mut ids = BTreeSet::new();
        for e in &rec.entities {
            if !e.id.is_empty() {
                ids.insert(e.id.as_str());
            }
            names.insert(e.name.clone());
            names.insert(e.name.to_lowercase());
        }
        for id in &ids {
            doc.add_text(f.entities, id);
            doc.add_facet(
                f.facets,
                Facet::from_path(["entity".to_string(), facet_step(id)]),
            );
        }
        for n in names.iter().filter(|n| !n.is_empty()) {
            doc.add_text(f.entities, n);
        }
        let speakers: BTreeSet<&str> = rec
            .quotes
            .iter()
            .filter_map(|q| q.speaker_name.as_deref())
            .collect();
        for s in speakers {
            doc.add_text(f.speakers, s);
        }
        let w = self.writer()?;
        w.delete_term(Term::from_field_text(f.id, &rec.id));
        w.add_document(doc)?;
        Ok(())
    }

    /// Removes one article. Visible after [`SearchIndex::commit`].
    pub fn delete(&mut self, id: &str) -> Result<()> {
        let term = Term::from_field_text(self.f.id, id);
        self.writer()?.delete_term(term);
        Ok(())
    }

    /// Removes every article (before a full reindex). Visible after [`SearchIndex::commit`].
    pub fn clear(&mut self) -> Result<()> {
        self.writer()?.delete_all_documents()?;
        Ok(())
    }

    /// Makes all changes durable and visible to searches.
    pub fn commit(&mut self) -> Result<()> {
        self.writer()?.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Number of searchable articles (as of the last commit).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn text_query(&self, text: &str) -> Option<Box<dyn Query>> {
        if text.trim().is_empty() {
            return None;
        }
        let mut parser = QueryParser::for_index(&self.index, vec![self.f.title, self.f.text]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(self.f.title, 2.0);
        if let Ok(q) = parser.parse_query(text) {
            return Some(q);
        }
        // User-friendly fallback: drop dangling operators and unknown field
        // prefixes, parse leniently, and if nothing searchable is left, search
        // the plain words.
        let schema = self.index.schema();
        let tidy = tidy_query(text, |name| schema.get_field(name).is_ok());
        if let Ok(q) = parser.parse_query(&tidy) {
            return Some(q);
        }
        let (q, _errors) = parser.parse_query_lenient(&tidy);
        if has_terms(q.as_ref()) {
            return Some(q);
        }
        Some(parser.parse_query_lenient(&plain_words(&tidy)).0)
    }

    /// Runs a search. Bad query syntax never fails (it is parsed leniently);
    /// a malformed `since`/`until` date does ([`IndexError::BadDate`]).
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let f = self.f;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let text_q = self.text_query(&q.text);
        if let Some(tq) = &text_q {
            clauses.push((Occur::Must, tq.box_clone()));
        }
        let lo = q.since.as_deref().filter(|s| !s.trim().is_empty());
        let hi = q.until.as_deref().filter(|s| !s.trim().is_empty());
        if lo.is_some() || hi.is_some() {
            let lo = match lo {
                Some(s) => Bound::Included(Term::from_field_u64(f.day, filter_key(s, false)?)),
                None => Bound::Included(Term::from_field_u64(f.day, 0)),
            };
            let hi = match hi {
                Some(s) => Bound::Included(Term::from_field_u64(f.day, filter_key(s, true)?)),
                None => Bound::Included(Term::from_field_u64(f.day, u64::MAX)),
            };
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        if let Some(e) = q.entity.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            let mut alts: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.entities, e),
                    IndexRecordOption::Basic,
                )),
            )];
            let lower = e.to_lowercase();
            if lower != e {
                alts.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.entities, &lower),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
        }
        let query: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else if text_q.is_some() {
            Box::new(BooleanQuery::new(clauses))
        } else {
            // Filters only: make them score-neutral under an all-docs query.
            clauses.push((Occur::Must, Box::new(AllQuery)));
            Box::new(BooleanQuery::new(clauses))
        };

        let searcher = self.reader.searcher();
        let mut facet_collector = FacetCollector::for_field("facets");
        facet_collector.add_facet(Facet::from_path(["entity"]));
        facet_collector.add_facet(Facet::from_path(["site"]));
        facet_collector.add_facet(Facet::from_path(["year"]));
        let limit = q.limit.min(MAX_LIMIT);
        let top = TopDocs::with_limit(limit.max(1)).and_offset(q.offset.min(100_000));
        let (total, facet_counts, addrs) = if text_q.is_some() {
            let (total, counts, top) =
                searcher.search(&query, &(Count, facet_collector, top.order_by_score()))?;
            (total, counts, top)
        } else {
            // No words to rank by: newest first.
            let (total, counts, top) = searcher.search(
                &query,
                &(
                    Count,
                    facet_collector,
                    top.order_by_u64_field("day", Order::Desc),
                ),
            )?;
            let top = top.into_iter().map(|(_, a)| (0.0f32, a)).collect();
            (total, counts, top)
        };

        let snippets = match &text_q {
            Some(tq) => {
                let mut g = SnippetGenerator::create(&searcher, tq.as_ref(), f.text)?;
                g.set_max_num_chars(SNIPPET_CHARS);
                Some(g)
            }
            None => None,
        };
        let mut hits = Vec::new();
        for (score, addr) in addrs.into_iter().take(limit) {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text_of = |field: Field| -> Option<String> {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let text = text_of(f.text).unwrap_or_default();
            let snippet = snippets
                .as_ref()
                .map(|g| g.snippet(&text))
                .filter(|s| !s.highlighted().is_empty())
                .map(|s| s.to_html())
                .unwrap_or_else(|| lead(&text, SNIPPET_CHARS));
            let snippet = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
            hits.push(Hit {
                id: text_of(f.id).unwrap_or_default(),
                score,
                title: text_of(f.title),
                published: text_of(f.published),
                source: text_of(f.source).unwrap_or_default(),
                snippet,
            });
        }

        let counts = |root: &str| -> Vec<(String, usize)> {
            facet_counts
                .get(Facet::from_path([root]))
                .filter_map(|(facet, n)| {
                    let label = facet.to_path().last().map(|s| s.to_string())?;
                    Some((label, usize::try_from(n).unwrap_or(usize::MAX)))
                })
                .collect()
        };
        let by_count = |mut v: Vec<(String, usize)>| {
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v.truncate(MAX_FACET_VALUES);
            v
        };
        let mut years = counts("year");
        years.sort();
        Ok(SearchResults {
            total,
            hits,
            facets: Facets {
                entities: by_count(counts("entity")),
                sources: by_count(counts("site")),
                years,
            },
        })
    }
}
